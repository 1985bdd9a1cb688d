//! Choosing the unit a quantity is shown in (SPEC §4 "Display"), so that
//! what is printed reads well and parses back to the same quantity.

use super::number::{is_small_integer, plain, round_sig, with_suffix, written_out};
use crate::eval::ResolvedUnit;
use crate::units::dimension::{D_COMPUTE, D_ENERGY, D_MONEY, D_TIME};
use crate::units::{Base, Dimension, Quantity};

/// A quantity as shown: the text, and the number and unit it is made of.
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    pub text: String,
    /// The value in `unit` (before rounding).
    pub number: f64,
    /// In llmc syntax; empty for a plain number.
    pub unit: String,
}

/// Shows a quantity in the unit a reader expects for its dimension.
pub fn show_auto(q: Quantity, digits: usize, user_bases: &[String]) -> Shown {
    let dim = q.dim;
    if dim.is_none() {
        return shown(with_suffix(q.value, digits, true), q.value, "");
    }
    if dim == D_TIME {
        return show_time(q.value, digits);
    }
    if dim == D_ENERGY {
        return show_energy(q.value, digits);
    }
    if dim == D_COMPUTE {
        let text = if is_small_integer(q.value) {
            plain(q.value, digits, true)
        } else {
            round_sig(q.value, digits).scientific()
        };
        return shown(format!("{text} FLOP"), q.value, "FLOP");
    }
    if dim == Dimension::base(Base::Emissions) {
        let (unit, factor) = [("tCO2e", 1e6), ("kgCO2e", 1e3), ("gCO2e", 1.0)]
            .into_iter()
            .find(|(_, f)| round_sig(q.value.abs() / f, digits).exponent >= 0)
            .unwrap_or(("gCO2e", 1.0));
        let number = q.value / factor;
        return shown(
            format!("{} {unit}", with_suffix(number, digits, factor == 1.0)),
            number,
            unit,
        );
    }
    if dim == D_MONEY {
        return shown(money(q.value, digits, "", true), q.value, "USD");
    }
    compound(q, digits, user_bases)
}

fn shown(text: String, number: f64, unit: &str) -> Shown {
    Shown {
        text,
        number,
        unit: unit.to_string(),
    }
}

/// `$52.6M`, `-$5`, `$2/GPU/h`.
fn money(value: f64, digits: usize, rest: &str, exact: bool) -> String {
    let number = with_suffix(value.abs(), digits, exact);
    let sign = if value < 0.0 { "-" } else { "" };
    format!("{sign}${number}{rest}")
}

const TIME_UNITS: [(&str, f64); 8] = [
    ("years", 365.25 * 86_400.0),
    ("days", 86_400.0),
    ("h", 3_600.0),
    ("min", 60.0),
    ("s", 1.0),
    ("ms", 1e-3),
    ("us", 1e-6),
    ("ns", 1e-9),
];

/// The largest of years, days, h, min, s (or a sub-second unit) that keeps
/// the number at least 1.
fn show_time(seconds: f64, digits: usize) -> Shown {
    let magnitude = seconds.abs();
    // Zero keeps the number at least 1 in no unit: it is shown in seconds.
    let (unit, factor) = TIME_UNITS
        .iter()
        .find(|(_, f)| magnitude > 0.0 && round_sig(magnitude / f, digits).exponent >= 0)
        .copied()
        .unwrap_or(("s", 1.0));
    let number = seconds / factor;
    let exact = factor == 1.0;
    let text = if unit == "years" {
        with_suffix(number, digits, exact)
    } else {
        plain(number, digits, exact)
    };
    shown(format!("{text} {unit}"), number, unit)
}

fn show_energy(joules: f64, digits: usize) -> Shown {
    if joules.abs() < 3600.0 {
        return with_prefix(joules, digits, "J", &[("", 0), ("k", 3)], "", true);
    }
    with_prefix(joules / 3600.0, digits, "Wh", POWER_PREFIXES, "", false)
}

/// Prefixes up to exa (bytes have units to `EB`).
const SI: &[(&str, i32)] = FLOP_PREFIXES.split_at(7).0;

/// Watts and watt-hours have units up to tera (`TW`, `TWh`); beyond, the
/// number grows rather than print a unit that does not parse.
const POWER_PREFIXES: &[(&str, i32)] = FLOP_PREFIXES.split_at(5).0;

const FLOP_PREFIXES: &[(&str, i32)] = &[
    ("", 0),
    ("k", 3),
    ("M", 6),
    ("G", 9),
    ("T", 12),
    ("P", 15),
    ("E", 18),
    ("Z", 21),
    ("Y", 24),
];

/// `6.40 EFLOP/s`, `80.0 GB/GPU`: the largest prefix keeping the number ≥ 1.
fn with_prefix(
    value: f64,
    digits: usize,
    unit: &str,
    prefixes: &[(&str, i32)],
    rest: &str,
    unit_is_base: bool,
) -> Shown {
    let rounded = round_sig(value, digits);
    let (prefix, power) = prefixes
        .iter()
        .rev()
        .find(|(_, p)| rounded.exponent >= *p)
        .copied()
        .unwrap_or(prefixes[0]);
    let unit_text = format!("{prefix}{unit}{rest}");
    let number = value / 10f64.powi(power);
    let text = if power == 0 && unit_is_base && is_small_integer(number) {
        plain(number, digits, true)
    } else if rounded.exponent - power >= 4 || rounded.exponent < -4 {
        round_sig(number, digits).scientific()
    } else {
        rounded.fixed(power)
    };
    Shown {
        text: format!("{text} {unit_text}"),
        number,
        unit: unit_text,
    }
}

/// The units a compound dimension is read in: what is counted over the
/// rest, and the factor from base units to them.
struct Terms {
    numerator: Vec<String>,
    denominator: Vec<String>,
    factor: f64,
}

/// Any other dimension: a head unit (what is counted) over the rest.
fn compound(q: Quantity, digits: usize, user_bases: &[String]) -> Shown {
    let terms = terms(q.dim, user_bases);
    let number = q.value / terms.factor;
    // Scaling to hours or kWh can leave the range of f64 at the extremes:
    // then show the value in base units, which always fit.
    if !number.is_finite() || (number == 0.0 && q.value != 0.0) {
        let unit = q.dim.to_unit_string(user_bases);
        let text = round_sig(q.value, digits).scientific();
        return shown(format!("{text} {unit}"), q.value, &unit);
    }
    // With nothing above the line, `s^-1` keeps the unit parseable.
    if terms.numerator.is_empty() {
        let unit = q.dim.to_unit_string(user_bases);
        let text = with_suffix(q.value, digits, true);
        return shown(format!("{text} {unit}"), q.value, &unit);
    }
    show_terms(number, q.dim, &terms, digits)
}

/// Each base of `dim` with its unit and power, in reading order.
fn terms(dim: Dimension, user_bases: &[String]) -> Terms {
    let has = |b: Base| dim.power(b) != 0;
    // Money and device counts pair with hours: `$2/GPU/h`, `26.3M GPU·h`;
    // power stays per second, so that it reads as watts.
    let hourly = (has(Base::Money) && !has(Base::Energy))
        || (dim.power(Base::Devices) > 0 && dim.power(Base::Time) > 0);
    let mut numerator: Vec<String> = Vec::new();
    let mut denominator: Vec<String> = Vec::new();
    let mut factor = 1.0;
    for (slot, power) in dim.factors() {
        let (name, unit_factor) = match Base::ALL.get(slot) {
            Some(Base::Time) if hourly => ("h".to_string(), 3600.0),
            // Grid intensity reads per kWh.
            Some(Base::Energy) if power < 0 => ("kWh".to_string(), 3.6e6),
            Some(Base::Params) if power == 1 => ("params".into(), 1.0),
            Some(Base::Tokens) if power == 1 => ("tokens".into(), 1.0),
            Some(base) => (base.unit().to_string(), 1.0),
            None => (
                user_bases
                    .get(slot - Base::ALL.len())
                    .cloned()
                    .unwrap_or_default(),
                1.0,
            ),
        };
        factor *= f64::powi(unit_factor, i32::from(power));
        let magnitude = power.unsigned_abs();
        let term = if magnitude == 1 {
            name
        } else {
            format!("{name}^{magnitude}")
        };
        if power > 0 {
            numerator.push(term);
        } else {
            denominator.push(term);
        }
    }
    // Prices read per GPU, then per hour (`$2/GPU/h`); rates per second,
    // then per GPU (`400 TFLOP/s/GPU`): base order gives the latter.
    // Device time reads `GPU·h`.
    for (list, applies) in [(&mut denominator, has(Base::Money)), (&mut numerator, true)] {
        if applies && let Some(gpu) = list.iter().position(|d| d == "GPU") {
            let gpu = list.remove(gpu);
            list.insert(0, gpu);
        }
    }
    Terms {
        numerator,
        denominator,
        factor,
    }
}

/// `number` (in the terms' units) with its unit, the head unit choosing
/// the style: money, FLOP/s prefixes, bytes, watts, or plain.
fn show_terms(number: f64, dim: Dimension, terms: &Terms, digits: usize) -> Shown {
    let Terms {
        numerator,
        denominator,
        factor,
    } = terms;
    let factor = *factor;
    let rest: String = denominator.iter().map(|d| format!("/{d}")).collect();
    let head = numerator.first().map(String::as_str);
    let single_head = numerator.len() == 1;
    match head {
        Some("USD") if single_head => {
            let unit = format!("USD{rest}");
            shown(money(number, digits, &rest, factor == 1.0), number, &unit)
        }
        Some("FLOP") if single_head && dim.power(Base::Time) < 0 => {
            with_prefix(number, digits, "FLOP", FLOP_PREFIXES, &rest, factor == 1.0)
        }
        Some("byte") if single_head => {
            if number.abs() < 1000.0 {
                let unit = format!("bytes{rest}");
                shown(
                    format!("{} {unit}", plain(number, digits, factor == 1.0)),
                    number,
                    &unit,
                )
            } else {
                with_prefix(number, digits, "B", &SI[1..], &rest, false)
            }
        }
        Some("J") if single_head && dim.power(Base::Time) == -1 => {
            let rest = rest.replacen("/s", "", 1);
            with_prefix(number, digits, "W", POWER_PREFIXES, &rest, factor == 1.0)
        }
        _ => {
            let unit = if numerator.is_empty() {
                format!("1{rest}")
            } else {
                format!("{}{rest}", numerator.join("·"))
            };
            let text = if head == Some("FLOP") && !is_small_integer(number) && number.abs() >= 1e6 {
                round_sig(number, digits).scientific()
            } else {
                with_suffix(number, digits, factor == 1.0)
            };
            shown(format!("{text} {unit}"), number, &unit)
        }
    }
}

/// Shows a quantity in a unit the user asked for with `->`.
pub fn show_in(q: Quantity, unit: &ResolvedUnit, digits: usize) -> Shown {
    let (factor, unit_text) = (unit.factor, &*unit.text);
    let number = q.value / factor;
    // Beyond the range of f64 in the unit asked for: base units always fit.
    if !number.is_finite() || (number == 0.0 && q.value != 0.0) {
        return show_auto(q, digits, &[]);
    }
    let exact = factor == 1.0;
    if unit_text == "%" {
        return shown(format!("{}%", plain(number, digits, false)), number, "%");
    }
    // A count taken from a literal (`assert seen > 15T tokens`) reads as
    // counts do (`19.2T tokens`); before any other unit a suffix would read
    // like a prefix (`1.08K days`), and after `->` the unit is exactly as asked.
    let count = [Base::Params, Base::Tokens, Base::Devices]
        .iter()
        .any(|b| q.dim == Dimension::base(*b));
    let text = if count && !unit.explicit {
        with_suffix(number, digits, exact)
    } else {
        written_out(number, digits, exact)
    };
    shown(format!("{text} {unit_text}"), number, unit_text)
}

/// The quantity's dimension in base units, as JSON's `dimension` and `si_unit`.
pub fn base_units(dim: Dimension, user_bases: &[String]) -> String {
    dim.to_unit_string(user_bases)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::dimension::{D_BYTES, D_DEVICES, D_RATE};

    fn auto(value: f64, dim: Dimension) -> String {
        show_auto(Quantity::new(value, dim), 3, &[]).text
    }

    fn per(a: Dimension, b: Dimension) -> Dimension {
        a.per(b).unwrap()
    }

    #[test]
    fn spec_examples() {
        assert_eq!(auto(3.7908e25, D_COMPUTE), "3.79e25 FLOP");
        assert_eq!(auto(6.4e18, D_RATE), "6.40 EFLOP/s");
        assert_eq!(auto(68.5546875 * 86_400.0, D_TIME), "68.6 days");
        assert_eq!(auto(52_650_000.0, D_MONEY), "$52.6M");
        assert_eq!(auto(16_000.0, D_DEVICES), "16,000 GPU");
        assert_eq!(auto(405e9, Dimension::base(Base::Params)), "405B params");
        assert_eq!(auto(15.6e12, Dimension::base(Base::Tokens)), "15.6T tokens");
        assert_eq!(auto(80e9, D_BYTES), "80.0 GB");
        let gpu_hours = D_DEVICES.times(D_TIME).unwrap();
        assert_eq!(auto(26.3e6 * 3600.0, gpu_hours), "26.3M GPU·h");
    }

    #[test]
    fn time_picks_the_largest_unit_at_least_one() {
        assert_eq!(auto(59.0, D_TIME), "59 s");
        assert_eq!(auto(90.0, D_TIME), "1.50 min");
        assert_eq!(auto(7200.0, D_TIME), "2.00 h");
        assert_eq!(auto(1077.0 * 86_400.0, D_TIME), "2.95 years");
        assert_eq!(auto(0.002, D_TIME), "2.00 ms");
        assert_eq!(auto(0.0, D_TIME), "0 s");
    }

    #[test]
    fn per_device_and_per_hour_figures() {
        let price = per(per(D_MONEY, D_DEVICES), D_TIME);
        assert_eq!(auto(2.0 / 3600.0, price), "$2.00/GPU/h");
        assert_eq!(auto(989.5e12, per(D_RATE, D_DEVICES)), "990 TFLOP/s/GPU");
        assert_eq!(auto(80e9, per(D_BYTES, D_DEVICES)), "80.0 GB/GPU");
        assert_eq!(auto(3.35e12, per(D_BYTES, D_TIME)), "3.35 TB/s");
        assert_eq!(auto(700.0, per(D_ENERGY, D_TIME)), "700 W");
        assert_eq!(auto(11.2e6, per(D_ENERGY, D_TIME)), "11.2 MW");
    }

    /// A unit asked for with `->`.
    fn target(factor: f64, text: &str) -> ResolvedUnit {
        ResolvedUnit {
            factor,
            dim: Dimension::NONE,
            text: text.to_string().into(),
            span: crate::span::Span::default(),
            explicit: true,
        }
    }

    #[test]
    fn plain_numbers_and_conversions() {
        assert_eq!(auto(0.38, Dimension::NONE), "0.380");
        let q = Quantity::new(0.38, Dimension::NONE);
        assert_eq!(show_in(q, &target(0.01, "%"), 3).text, "38.0%");
        let t = Quantity::new(5_923_125.0, D_TIME);
        assert_eq!(show_in(t, &target(86_400.0, "days"), 3).text, "68.6 days");
        assert_eq!(show_in(t, &target(86_400.0, "days"), 3).unit, "days");
        let c = Quantity::new(3.7908e25, D_COMPUTE);
        assert_eq!(show_in(c, &target(1e12, "TFLOP"), 3).text, "3.79e13 TFLOP");
    }

    #[test]
    fn an_explicit_unit_gets_no_magnitude_suffix() {
        let hours = Quantity::new(1500.0 * 3600.0, D_TIME);
        assert_eq!(show_in(hours, &target(3600.0, "h"), 3).text, "1,500 h");
        let step = Quantity::new(0.25, D_TIME);
        assert_eq!(show_in(step, &target(1e-6, "us"), 3).text, "250,000 us");
        let rate = Quantity::new(6.02e18, D_RATE);
        assert_eq!(
            show_in(rate, &target(1e12, "TFLOPS"), 3).text,
            "6,020,000 TFLOPS"
        );
        let energy = Quantity::new(23.5e9 * 3600.0, D_ENERGY);
        assert_eq!(show_in(energy, &target(3.6e9, "MWh"), 3).text, "23,500 MWh");
        // A count unit taken from a literal (an assert's side) keeps the
        // suffix; a time does not.
        let tokens = Quantity::new(8e12, Dimension::base(Base::Tokens));
        let literal = ResolvedUnit {
            explicit: false,
            ..target(1.0, "tokens")
        };
        assert_eq!(show_in(tokens, &literal, 3).text, "8.00T tokens");
        let days = ResolvedUnit {
            explicit: false,
            ..target(86_400.0, "days")
        };
        let time = Quantity::new(1077.0 * 86_400.0, D_TIME);
        assert_eq!(show_in(time, &days, 3).text, "1,080 days");
    }

    #[test]
    fn energy() {
        assert_eq!(auto(3.6e9, D_ENERGY), "1.00 MWh");
        assert_eq!(auto(100.0, D_ENERGY), "100 J");
        assert_eq!(auto(3.6e18, D_ENERGY), "1000 TWh");
        assert_eq!(auto(1e15, per(D_ENERGY, D_TIME)), "1000 TW");
    }
}
