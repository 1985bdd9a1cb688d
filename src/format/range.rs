//! Ranges as shown (SPEC §2.6): `61.9..70.1 days`, the unit once on the
//! right, both ends in the same unit, so the text parses back; money keeps
//! its `$` on both ends (`$46.8M..$60.1M`), as a bare left end takes the
//! right end's unit and `$` is written before the number.

use super::quantity::{Shown, show_auto, show_in};
use crate::eval::ranges::Bounds;
use crate::eval::{AssertOutcome, Outcome, ResolvedUnit, Value};
use crate::units::Quantity;

/// A range shown: the text, and both ends as numbers in `unit`.
#[derive(Debug, Clone, PartialEq)]
pub struct ShownRange {
    pub text: String,
    pub low: f64,
    pub high: f64,
    pub unit: String,
}

fn show(q: Quantity, unit: Option<&ResolvedUnit>, digits: usize, bases: &[String]) -> Shown {
    match unit {
        Some(unit) => show_in(q, unit, digits),
        None => show_auto(q, digits, bases),
    }
}

pub fn show_range(
    low: Quantity,
    high: Quantity,
    unit: Option<&ResolvedUnit>,
    digits: usize,
    bases: &[String],
) -> ShownRange {
    let hi = show(high, unit, digits, bases);
    let mut lo = show(low, unit, digits, bases);
    // Both ends in the unit chosen for the larger one.
    let reference = if high.value.abs() >= low.value.abs() {
        (&hi, high)
    } else {
        (&lo, low)
    };
    let factor = if reference.0.number != 0.0 {
        reference.1.value / reference.0.number
    } else {
        1.0
    };
    let money = hi.text.starts_with('$') || hi.text.starts_with("-$");
    if lo.unit != hi.unit && !money && !hi.unit.is_empty() {
        let shared = ResolvedUnit {
            factor,
            dim: low.dim,
            text: hi.unit.clone().into(),
            span: unit.map_or_else(Default::default, |u| u.span),
            explicit: unit.is_some_and(|u| u.explicit),
        };
        lo = show_in(low, &shared, digits);
    }
    let numbers = (low.value / factor, high.value / factor);
    let text = if lo.text == hi.text {
        hi.text.clone()
    } else if !money
        && let Some(number) = lo.text.strip_suffix(hi.unit.as_str())
        && hi.text.ends_with(hi.unit.as_str())
    {
        format!("{}..{}", number.trim_end(), hi.text)
    } else {
        format!("{}..{}", lo.text, hi.text)
    };
    ShownRange {
        text,
        low: numbers.0,
        high: numbers.1,
        unit: hi.unit,
    }
}

/// A value as the sheet shows it: its range when it has one.
pub fn show_ranged(
    value: &Value,
    range: Option<&Bounds>,
    unit: Option<&ResolvedUnit>,
    digits: usize,
    bases: &[String],
) -> String {
    if let Some(parts) = range.and_then(Bounds::parts) {
        // Each part its own range: `params 91.3B..183B params, tokens …`.
        return parts
            .into_iter()
            .map(|(name, low, high, _)| {
                format!("{name} {}", show_range(low, high, None, digits, bases).text)
            })
            .collect::<Vec<_>>()
            .join(", ");
    }
    if let Some(Bounds {
        low: Value::Model(low),
        high: Value::Model(high),
        ..
    }) = range
        && let Value::Model(model) = value
    {
        return super::value::describe_model(model, Some((low, high)), digits);
    }
    match range.and_then(Bounds::quantities) {
        Some((low, high)) => show_range(low, high, unit, digits, bases).text,
        None => super::show_value(value, unit, digits, bases).text,
    }
}

/// Both sides of an assert as shown: ranges when ranges feed it.
pub fn assert_sides(
    outcome: &AssertOutcome,
    unit: Option<&ResolvedUnit>,
    digits: usize,
    bases: &[String],
) -> (String, String) {
    if let Some(range) = &outcome.range {
        let side = |(low, high)| show_range(low, high, unit, digits, bases).text;
        return (side(range.left), side(range.right));
    }
    let side = |o: &Outcome| {
        o.value()
            .map(|v| super::show_value(v, unit, digits, bases).text)
            .unwrap_or_default()
    };
    (side(&outcome.left), side(&outcome.right))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::Dimension;
    use crate::units::dimension::{D_MONEY, D_TIME};

    fn range(low: f64, high: f64, dim: Dimension) -> String {
        show_range(
            Quantity::new(low, dim),
            Quantity::new(high, dim),
            None,
            3,
            &[],
        )
        .text
    }

    #[test]
    fn the_unit_stands_once_on_the_right() {
        assert_eq!(
            range(61.9 * 86400.0, 70.1 * 86400.0, D_TIME),
            "61.9..70.1 days"
        );
        assert_eq!(
            range(20.0 * 3600.0, 3.0 * 86400.0, D_TIME),
            "0.833..3.00 days"
        );
        assert_eq!(range(46.8e6, 60.1e6, D_MONEY), "$46.8M..$60.1M");
        assert_eq!(range(0.35, 0.45, Dimension::NONE), "0.350..0.450");
        assert_eq!(range(2.0, 2.0, D_TIME), "2 s");
    }
}
