//! SPEC §2.2: number literals mean what they say.

mod common;

use common::fuzz::{config, evaluate, exercise, grouped, read_back, same};
use llmc::units::{Base, Dimension, Quantity};
use llmc::{Style, format};
use proptest::prelude::*;
use proptest::sample::select;

const SUFFIXES: &[(&str, f64)] = &[
    ("", 1.0),
    ("K", 1e3),
    ("k", 1e3),
    ("M", 1e6),
    ("B", 1e9),
    ("T", 1e12),
];

fn value_of(source: &str) -> Result<Quantity, TestCaseError> {
    read_back(source).map_err(|e| TestCaseError::fail(format!("`{source}`:\n{e}")))
}

proptest! {
    #![proptest_config(config(500))]

    #[test]
    fn integers_with_separators_and_suffixes(
        n in prop_oneof![0u64..1_000_000_000_000_000, 0u64..10_000],
        suffix in select(SUFFIXES),
    ) {
        let (suffix, scale) = suffix;
        let want = n as f64 * scale;
        for digits in [n.to_string(), grouped(n, '_'), grouped(n, ',')] {
            let text = format!("{digits}{suffix}");
            let got = value_of(&text)?;
            prop_assert!(got.dim.is_none(), "`{}` has a unit", text);
            prop_assert!(same(got.value, want), "`{}` is {} not {}", text, got.value, want);

            let tokens = value_of(&format!("{text} tokens"))?;
            prop_assert_eq!(tokens.dim, Dimension::base(Base::Tokens));
            prop_assert!(same(tokens.value, want), "`{} tokens` is {}", text, tokens.value);

            let money = value_of(&format!("${text}"))?;
            prop_assert_eq!(money.dim, Dimension::base(Base::Money));
            prop_assert!(same(money.value, want), "`${}` is {}", text, money.value);
        }
    }

    #[test]
    fn scientific_notation(
        whole in 0u64..100_000,
        fraction in proptest::option::of("[0-9]{1,8}"),
        e in select(&["e", "E"][..]),
        sign in select(&["", "+", "-"][..]),
        exponent in 0i32..300,
        suffix in select(SUFFIXES),
    ) {
        let (suffix, scale) = suffix;
        let mantissa = match &fraction {
            Some(f) => format!("{whole}.{f}"),
            None => whole.to_string(),
        };
        let plain = format!("{mantissa}{e}{sign}{exponent}");
        let want = plain.parse::<f64>().expect("a float") * scale;
        let text = format!("{plain}{suffix}");
        if want.is_infinite() {
            let sheet = evaluate(&format!("v = {text}"));
            prop_assert!(sheet.has_errors(), "`{}` is beyond a float but no error", text);
            return Ok(());
        }
        let got = value_of(&text)?;
        prop_assert!(got.dim.is_none());
        prop_assert!(same(got.value, want), "`{}` is {} not {}", text, got.value, want);
    }

    #[test]
    fn decimals_and_percentages(
        whole in proptest::option::of(0u64..1_000_000),
        fraction in "[0-9]{1,10}",
    ) {
        let text = match whole {
            Some(w) => format!("{w}.{fraction}"),
            None => format!(".{fraction}"),
        };
        let want: f64 = text.parse().expect("a float");
        let got = value_of(&text)?;
        prop_assert!(got.dim.is_none(), "`{}` has a unit", text);
        prop_assert!(same(got.value, want), "`{}` is {} not {}", text, got.value, want);
        let percent = value_of(&format!("{text}%"))?;
        prop_assert!(percent.dim.is_none());
        prop_assert!(same(percent.value, want / 100.0), "`{}%` is {}", text, percent.value);
    }
}

#[test]
fn numbers_beyond_a_float_are_errors_not_values() {
    for text in ["1e309", "1e308T", "99999e305", "$1e309"] {
        let sheet = evaluate(&format!("v = {text}"));
        exercise(&sheet);
        assert!(sheet.has_errors(), "`{text}` should be an error");
        assert!(format::show_cell(&sheet, "v", Style::default()).is_none());
    }
}
