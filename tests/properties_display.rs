//! SPEC §4: everything llmc prints as a value parses back as llmc input to
//! the same quantity, to the digits shown.

mod common;

use common::fuzz::{close, config, evaluate, exercise, read_back};
use common::generators::program;
use llmc::format::quantity::{show_auto, show_in};
use llmc::units::{Base, Dimension, Quantity};
use llmc::{Render, Session, Style, format};
use proptest::prelude::*;
use proptest::sample::select;

/// The dimensions a planner meets, by name.
fn dimensions() -> Vec<(&'static str, Dimension)> {
    let b = Dimension::base;
    let per = |a: Dimension, c: Dimension| a.per(c).expect("small powers");
    let times = |a: Dimension, c: Dimension| a.times(c).expect("small powers");
    let (flop, s, usd, gpu) = (
        b(Base::Compute),
        b(Base::Time),
        b(Base::Money),
        b(Base::Devices),
    );
    let (params, tokens, byte, joule) = (
        b(Base::Params),
        b(Base::Tokens),
        b(Base::Information),
        b(Base::Energy),
    );
    vec![
        ("number", Dimension::NONE),
        ("FLOP", flop),
        ("FLOP/s", per(flop, s)),
        ("FLOP/s/GPU", per(per(flop, s), gpu)),
        ("s", s),
        ("USD", usd),
        ("USD/GPU/h", per(per(usd, gpu), s)),
        ("params", params),
        ("tokens", tokens),
        ("GPU", gpu),
        ("GPU*h", times(gpu, s)),
        ("byte", byte),
        ("byte/s", per(byte, s)),
        ("byte/GPU", per(byte, gpu)),
        ("J", joule),
        ("W", per(joule, s)),
        ("gCO2e", b(Base::Emissions)),
        ("tokens/s/GPU", per(per(tokens, s), gpu)),
        ("FLOP/param/token", per(per(flop, params), tokens)),
    ]
}

/// Values from 1e-9 to 1e30 of either sign, integers below a million, and
/// figures just below a power of ten, where rounding carries into the next
/// unit or suffix.
fn magnitude() -> impl Strategy<Value = f64> {
    let signed = |v: f64, negative: bool| if negative { -v } else { v };
    prop_oneof![
        4 => (-9.0f64..30.0, any::<bool>()).prop_map(move |(e, n)| signed(10f64.powf(e), n)),
        2 => (-999_999i64..1_000_000).prop_map(|n| n as f64),
        2 => (
            -9i32..30,
            select(&[1.0, 9.5, 9.95, 9.995, 9.9995, 9.99999999, 3.6, 8.64][..]),
            any::<bool>(),
        )
            .prop_map(move |(e, m, n)| signed(m * 10f64.powi(e), n)),
        1 => Just(0.0),
    ]
}

fn check_round_trip(text: &str, want: Quantity, digits: usize) -> Result<(), TestCaseError> {
    let got = read_back(text)
        .map_err(|e| TestCaseError::fail(format!("`{text}` does not parse back:\n{e}")))?;
    prop_assert_eq!(
        got.dim,
        want.dim,
        "`{}` reads back in another dimension",
        text
    );
    prop_assert!(
        close(got.value, want.value, digits),
        "`{}` ({} digits) reads back as {} not {}",
        text,
        digits,
        got.value,
        want.value
    );
    Ok(())
}

proptest! {
    #![proptest_config(config(1500))]

    #[test]
    fn shown_values_parse_back(
        which in any::<prop::sample::Index>(),
        value in magnitude(),
        digits in 1usize..=8,
    ) {
        let dims = dimensions();
        let (_, dim) = *which.get(&dims);
        let q = Quantity::new(value, dim);
        let shown = show_auto(q, digits, &[]);
        check_round_trip(&shown.text, q, digits)?;
    }
}

#[test]
fn large_power_and_energy_parse_back() {
    let dims = dimensions();
    let dim = |name: &str| {
        dims.iter()
            .find(|(n, _)| *n == name)
            .expect("a dimension")
            .1
    };
    for (value, name) in [(1e15, "W"), (2.5e18, "W"), (1e19, "J"), (1e22, "J")] {
        let q = Quantity::new(value, dim(name));
        let text = show_auto(q, 3, &[]).text;
        let got = read_back(&text).unwrap_or_else(|e| panic!("`{text}`:\n{e}"));
        assert_eq!(got.dim, q.dim, "`{text}`");
        assert!(close(got.value, value, 3), "`{text}`");
    }
}

/// A value is finite and non-zero, but the number shown in a larger or
/// smaller unit may not be.
#[test]
fn values_near_the_float_limit_show_as_numbers() {
    for source in [
        "v = 1e305 USD/GPU/s",
        "v = 1e306 s -> ms",
        "v = (1 / (1 kWh))^40",
        "v = (46.8M / H100.bandwidth)^60",
    ] {
        let sheet = evaluate(source);
        let cell = sheet.cell("v").expect("a cell");
        let value = cell.outcome.value().expect("a value");
        let shown = format::show_cell(&sheet, "v", Style::default()).expect("a value");
        let number = format::show_value(value, cell.shown.as_deref(), 3, &sheet.user_bases).number;
        assert!(number.is_finite(), "{source}: `{shown}`");
        let want = value.as_quantity().expect("a quantity").value;
        assert!(number != 0.0 || want == 0.0, "{source}: `{shown}`");
    }
}

/// Cell `v` of `source`, as shown (3 digits), reads back as the same
/// quantity.
fn shown_cell_parses_back(source: &str) {
    let sheet = evaluate(source);
    let want = sheet
        .cell("v")
        .and_then(|c| c.outcome.value())
        .and_then(|v| v.as_quantity())
        .unwrap_or_else(|| panic!("{source}: no quantity"));
    let text = format::show_cell(&sheet, "v", Style::default()).expect("a value");
    let got = read_back(&text).unwrap_or_else(|e| panic!("{source}: `{text}`:\n{e}"));
    assert_eq!(got.dim, want.dim, "{source}: `{text}`");
    assert!(close(got.value, want.value, 3), "{source}: `{text}`");
}

#[test]
fn reciprocal_units_parse_back() {
    shown_cell_parses_back("v = 1 / (2 s)");
    shown_cell_parses_back("v = 1 / (8 GPU)");
}

/// Power per dollar is not power per hour per dollar.
#[test]
fn power_per_dollar_shows_the_right_quantity() {
    shown_cell_parses_back("v = 700 W / $1");
    shown_cell_parses_back("v = 700 W/GPU / $1");
}

/// Powers beyond ±64 (once the most a literal took) still parse back.
#[test]
fn units_to_high_powers_parse_back() {
    shown_cell_parses_back("v = 1 GPU^60 * 1 GPU^10");
}

/// A power of -128 fits a dimension, but not its negation.
#[test]
fn a_unit_to_the_power_minus_128_is_handled() {
    let gpu_to_the_minus_128 = Dimension::of(&[(Base::Devices, -128)]);
    let sheet = evaluate("v = 1 GPU^-64 * 1 GPU^-64");
    exercise(&sheet);
    let value = sheet.cell("v").and_then(|c| c.outcome.value());
    let quantity = value.and_then(|v| v.as_quantity());
    assert_eq!(
        quantity.map(|q| q.dim),
        Some(gpu_to_the_minus_128),
        "{value:?}"
    );

    // Converting it says what it lacks: GPU^128, one more than a power holds.
    let sheet = evaluate("v = 1 GPU^-64 * 1 GPU^-64 -> FLOP");
    exercise(&sheet);
    assert!(sheet.has_errors(), "{:?}", sheet.cell("v"));
}

/// -128 is the lowest power a dimension holds and a literal takes.
#[test]
fn a_unit_to_the_power_minus_128_parses_back() {
    shown_cell_parses_back("v = 1 FLOP*GPU^-128");
    shown_cell_parses_back("v = 1 FLOP / (1 GPU^64) / 1 GPU^64");
}

/// SPEC §6: overflow is an error, not a value.
#[test]
fn a_literal_beyond_a_float_is_an_error() {
    for literal in ["1e300 GB", "1e300 TFLOP", "1e306 days", "$1e306/GPU/ms"] {
        let sheet = evaluate(&format!("v = {literal}"));
        exercise(&sheet);
        assert!(
            sheet.has_errors(),
            "`{literal}` is {:?}",
            format::show_cell(&sheet, "v", Style::default())
        );
    }
}

/// "Did you mean …?" compares the first letters of names.
#[test]
fn unicode_names_do_not_break_suggestions() {
    for (source, suggestion) in [
        ("abé = 1\nv = xyz", None),
        ("abé = 1\nv = abéx", Some("abé")),
    ] {
        let sheet = evaluate(source);
        exercise(&sheet);
        let [problem] = sheet.problems.as_slice() else {
            panic!("{source}: {:?}", sheet.problems);
        };
        let name_at = source.rfind("= ").expect("a cell") + 2;
        assert_eq!(problem.span().start, name_at, "{source}");
        let help = Render::PLAIN.render(problem.clone(), &sheet.name, &sheet.source);
        let suggested = suggestion.map(|name| format!("did you mean `{name}`?"));
        match suggested {
            Some(words) => assert!(help.contains(&words), "{source}:\n{help}"),
            None => assert!(!help.contains("did you mean"), "{source}:\n{help}"),
        }
    }
}

/// The units of `-> unit` cells: name, size in base units, dimension.
fn targets() -> Vec<(&'static str, f64, Dimension)> {
    let b = Dimension::base;
    let rate_per_gpu = b(Base::Compute)
        .per(b(Base::Time))
        .and_then(|d| d.per(b(Base::Devices)))
        .expect("small powers");
    let power = b(Base::Energy).per(b(Base::Time)).expect("small powers");
    let gpu_hours = b(Base::Devices).times(b(Base::Time)).expect("small powers");
    vec![
        ("days", 86_400.0, b(Base::Time)),
        ("h", 3_600.0, b(Base::Time)),
        ("%", 0.01, Dimension::NONE),
        ("TFLOPS/GPU", 1e12, rate_per_gpu),
        ("GiB", 1_073_741_824.0, b(Base::Information)),
        ("USD", 1.0, b(Base::Money)),
        ("TFLOP", 1e12, b(Base::Compute)),
        ("GPU*h", 3_600.0, gpu_hours),
        ("kW", 1e3, power),
        ("MWh", 3.6e9, b(Base::Energy)),
    ]
}

/// A unit to show a value in: asked for with `->` (`explicit`) or taken
/// from a literal.
fn display_unit(
    factor: f64,
    text: &str,
    dim: Dimension,
    explicit: bool,
) -> llmc::eval::ResolvedUnit {
    llmc::eval::ResolvedUnit {
        factor,
        dim,
        text: text.to_string().into(),
        span: llmc::Span::default(),
        explicit,
    }
}

proptest! {
    #![proptest_config(config(600))]

    #[test]
    fn values_shown_in_a_chosen_unit_parse_back(
        which in any::<prop::sample::Index>(),
        value in magnitude(),
        digits in 1usize..=8,
        explicit in any::<bool>(),
    ) {
        let units = targets();
        let (unit, factor, dim) = *which.get(&units);
        let q = Quantity::new(value, dim);
        let shown = show_in(q, &display_unit(factor, unit, dim, explicit), digits);
        check_round_trip(&shown.text, q, digits)?;
    }
}

/// Any dimension a sheet can build: each base to a small power, user
/// bases included.
fn any_dimension() -> impl Strategy<Value = Dimension> {
    proptest::collection::vec(-3i32..=3, Base::ALL.len() + 2).prop_map(|powers| {
        let bases = Base::ALL
            .iter()
            .map(|b| Dimension::base(*b))
            .chain([Dimension::user_base(0), Dimension::user_base(1)]);
        bases
            .zip(powers)
            .fold(Dimension::NONE, |dim, (base, power)| {
                let factor = base.pow(power).expect("small powers");
                dim.times(factor).expect("small powers")
            })
    })
}

proptest! {
    #![proptest_config(config(1000))]

    /// Showing never panics, whatever the finite value, dimension, unit
    /// size or number of digits.
    #[test]
    fn showing_any_value_does_not_panic(
        value in any::<f64>().prop_filter("finite", |v| v.is_finite()),
        dim in any_dimension(),
        factor in prop_oneof![Just(1.0), 1e-30f64..1e30],
        digits in 0usize..=20,
        user_bases in 0usize..=2,
    ) {
        let user_bases: Vec<String> = ["step", "epoch"][..user_bases].iter().map(|s| s.to_string()).collect();
        let q = Quantity::new(value, dim);
        let auto = show_auto(q, digits, &user_bases);
        prop_assert!(!auto.text.is_empty());
        for explicit in [false, true] {
            show_in(q, &display_unit(factor, "u", dim, explicit), digits);
            show_in(q, &display_unit(factor, "%", dim, explicit), digits);
        }
    }
}

proptest! {
    #![proptest_config(config(500))]

    /// Whatever a generated program computes, the sheet shows in a form
    /// that parses back (in the program's own context, for its units).
    #[test]
    fn computed_values_parse_back(source in program()) {
        let sheet = evaluate(&source);
        for cell in &sheet.cells {
            let Some(value) = cell.outcome.value() else { continue };
            let Some(want) = value.as_quantity() else { continue };
            for digits in [3, 6] {
                let text = format::show_value(value, cell.shown.as_deref(), digits, &sheet.user_bases).text;
                let mut again = Session::from_source("rt", &source);
                again.add(&format!("roundtrip_value = {text}"));
                let again = again.evaluate();
                let got = again
                    .cell("roundtrip_value")
                    .and_then(|c| c.outcome.value())
                    .and_then(|v| v.as_quantity());
                let Some(got) = got else {
                    let problems: Vec<String> = again
                        .problems
                        .iter()
                        .filter(|p| p.span().start >= source.len())
                        .map(|p| Render::PLAIN.render(p.clone(), "rt", &again.source))
                        .collect();
                    return Err(TestCaseError::fail(format!(
                        "cell `{}`: `{text}` does not parse back:\n{}",
                        cell.name,
                        problems.join("\n")
                    )));
                };
                prop_assert_eq!(got.dim, want.dim, "cell `{}`: `{}`", &cell.name, &text);
                prop_assert!(
                    close(got.value, want.value, digits),
                    "cell `{}`: `{}` reads back as {} not {}",
                    &cell.name, &text, got.value, want.value
                );
            }
        }
    }

    /// SPEC §6: overflow, division by zero and NaN are errors, not values.
    #[test]
    fn computed_values_are_finite(source in program()) {
        let sheet = evaluate(&source);
        for cell in &sheet.cells {
            let Some(q) = cell.outcome.value().and_then(|v| v.as_quantity()) else {
                continue;
            };
            prop_assert!(q.value.is_finite(), "cell `{}` is {}", &cell.name, q.value);
        }
    }
}
