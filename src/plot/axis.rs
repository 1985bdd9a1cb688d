//! One axis of a chart: its title with the unit, linear or logarithmic
//! scale, and tick labels in llmc's display style (`$52.6M`, `68.6 days`).
//!
//! Coordinates are what the chart draws: the value itself on a linear
//! axis, its base-10 logarithm on a logarithmic one, so the drawing code is
//! the same for both and the ticks are placed here.

use crate::eval::ResolvedUnit;
use crate::format::quantity::{show_auto, show_in};
use crate::units::{Dimension, Quantity};

/// More than this ratio between the largest and smallest value (two
/// decades, SPEC §4) and the axis is logarithmic.
const LOG_ABOVE_RATIO: f64 = 100.0;
/// Linear axes get about this many ticks.
const LINEAR_TICKS: f64 = 6.0;
/// Room left on either side of the data, as a share of its span.
const PADDING: f64 = 0.06;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    Linear,
    Log,
}

/// How values of one dimension are shown: in the cell's `->` unit, else in
/// the unit a reader expects for each value.
#[derive(Debug, Clone)]
pub struct Display<'a> {
    pub dim: Dimension,
    pub shown: Option<&'a ResolvedUnit>,
    pub digits: usize,
    pub user_bases: &'a [String],
}

impl Display<'_> {
    fn show(&self, value: f64) -> (String, String) {
        let q = Quantity {
            value,
            dim: self.dim,
        };
        let shown = match self.shown {
            Some(unit) => show_in(q, unit, self.digits),
            None => show_auto(q, self.digits, self.user_bases),
        };
        (shown.text, shown.unit)
    }

    /// A value as the sheet shows it.
    pub fn text(&self, value: f64) -> String {
        self.show(value).0
    }

    /// `name (unit)`, with the unit the largest value is shown in; just
    /// the name for plain numbers and for a name that is the unit.
    pub fn title(&self, name: &str, values: &[f64]) -> String {
        match self.show(largest(values)).1.as_str() {
            // `tokens (tokens)` says no more than `tokens`.
            "" => name.to_string(),
            unit if unit == name => name.to_string(),
            unit => format!("{name} ({unit})"),
        }
    }

    /// One of the unit the largest value is shown in, in base units: ticks
    /// are round in that unit (10 days, not 864,000 s).
    fn unit_factor(&self, values: &[f64]) -> f64 {
        let value = largest(values);
        let q = Quantity {
            value,
            dim: self.dim,
        };
        let number = match self.shown {
            Some(unit) => show_in(q, unit, self.digits).number,
            None => show_auto(q, self.digits, self.user_bases).number,
        };
        let factor = value / number;
        if factor.is_finite() && factor > 0.0 {
            factor
        } else {
            1.0
        }
    }
}

fn largest(values: &[f64]) -> f64 {
    values.iter().copied().fold(0.0, |a: f64, v| a.max(v.abs()))
}

#[derive(Debug, Clone)]
pub struct Axis {
    pub title: String,
    pub scale: Scale,
    /// The coordinates drawn, least and greatest.
    pub low: f64,
    pub high: f64,
    /// Each tick's coordinate and label.
    pub ticks: Vec<(f64, String)>,
}

impl Axis {
    /// An axis for `values` (finite, in base units), ticked at round values.
    pub fn numeric(title: String, values: &[f64], display: &Display<'_>) -> Axis {
        let scale = scale_for(values);
        let (low, high) = padded(values.iter().map(|v| coordinate(scale, *v)));
        let unit = display.unit_factor(values);
        let ticks = match scale {
            Scale::Linear => linear_ticks(low / unit, high / unit),
            Scale::Log => log_ticks(low - unit.log10(), high - unit.log10()),
        }
        .into_iter()
        .map(|number| number * unit)
        .map(|value| (coordinate(scale, value), display.text(value)))
        .collect();
        Axis {
            title,
            scale,
            low,
            high,
            ticks,
        }
    }

    /// An axis ticked at given values with given labels (the swept values
    /// as written on the command line).
    pub fn ticked_at(title: String, values: &[f64], labels: &[String]) -> Axis {
        let scale = scale_for(values);
        let coordinates: Vec<f64> = values.iter().map(|v| coordinate(scale, *v)).collect();
        let (low, high) = padded(coordinates.iter().copied());
        Axis {
            title,
            scale,
            low,
            high,
            ticks: coordinates
                .into_iter()
                .zip(labels.iter().cloned())
                .collect(),
        }
    }

    /// Values that are not numbers of one dimension (clusters, say), placed
    /// one after another.
    pub fn categorical(title: String, labels: &[String]) -> Axis {
        let last = labels.len().saturating_sub(1) as f64;
        Axis {
            title,
            scale: Scale::Linear,
            low: -0.5,
            high: last + 0.5,
            ticks: labels
                .iter()
                .enumerate()
                .map(|(i, label)| (i as f64, label.clone()))
                .collect(),
        }
    }

    /// The axis with `share` of its span more room on either side (for
    /// labels beside the data).
    pub fn widened(self, share: f64) -> Axis {
        let margin = (self.high - self.low) * share;
        Axis {
            low: self.low - margin,
            high: self.high + margin,
            ..self
        }
    }

    pub fn coordinate(&self, value: f64) -> f64 {
        coordinate(self.scale, value)
    }

    /// The label of the tick at coordinate `at` (the chart asks by
    /// coordinate; ticks are the only places it asks about).
    pub fn label(&self, at: f64) -> String {
        let tolerance = (self.high - self.low).abs() * 1e-9;
        self.ticks
            .iter()
            .find(|(c, _)| (c - at).abs() <= tolerance)
            .map(|(_, label)| label.clone())
            .unwrap_or_default()
    }

    /// The axis with the ticks whose labels would overlap the one before
    /// left out, on a horizontal axis `pixels` wide whose labels are
    /// `width` pixels wide each.
    pub fn without_overlaps(&self, pixels: f64, width: impl Fn(&str) -> f64) -> Axis {
        const GAP: f64 = 12.0;
        let at = |c: f64| (c - self.low) / (self.high - self.low) * pixels;
        let mut kept: Vec<(f64, String)> = Vec::new();
        for (c, label) in &self.ticks {
            let fits = kept.last().is_none_or(|(previous, previous_label)| {
                at(*c) - at(*previous) >= (width(previous_label) + width(label)) / 2.0 + GAP
            });
            if fits {
                kept.push((*c, label.clone()));
            }
        }
        Axis {
            ticks: kept,
            ..self.clone()
        }
    }

    pub fn tick_coordinates(&self) -> Vec<f64> {
        self.ticks.iter().map(|(c, _)| *c).collect()
    }

    /// The longest tick label, in characters.
    pub fn widest_label(&self) -> usize {
        self.ticks
            .iter()
            .map(|(_, l)| l.chars().count())
            .max()
            .unwrap_or(0)
    }
}

/// Logarithmic when every value is positive and they span more than two
/// decades.
pub fn scale_for(values: &[f64]) -> Scale {
    let least = values.iter().copied().fold(f64::INFINITY, f64::min);
    let greatest = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if least > 0.0 && greatest / least > LOG_ABOVE_RATIO {
        Scale::Log
    } else {
        Scale::Linear
    }
}

fn coordinate(scale: Scale, value: f64) -> f64 {
    match scale {
        Scale::Linear => value,
        Scale::Log => value.log10(),
    }
}

/// The least and greatest coordinate with a margin; a single value gets a
/// span around it.
fn padded(coordinates: impl Iterator<Item = f64>) -> (f64, f64) {
    let (low, high) = coordinates.fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), c| {
        (l.min(c), h.max(c))
    });
    if !low.is_finite() || !high.is_finite() {
        return (0.0, 1.0);
    }
    let span = high - low;
    let margin = if span > 0.0 {
        span * PADDING
    } else if low != 0.0 {
        low.abs() * 0.1
    } else {
        1.0
    };
    (low - margin, high + margin)
}

/// Round values (1, 2 or 5 times a power of ten apart) between `low` and
/// `high`: the step that gives closest to `LINEAR_TICKS` of them.
fn linear_ticks(low: f64, high: f64) -> Vec<f64> {
    let power = 10f64.powf(((high - low) / LINEAR_TICKS).log10().floor());
    let ticks = |step: f64| {
        let first = (low / step).ceil() as i64;
        let last = (high / step).floor() as i64;
        // Multiples of the step, so 0.1 + 0.2 never shows as 0.30000000000000004.
        (first..=last).map(move |k| k as f64 * step)
    };
    let step = [0.5, 1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .min_by_key(|step| (ticks(*step).count() as i64 - LINEAR_TICKS as i64).abs())
        .unwrap_or(power);
    ticks(step).collect()
}

/// Powers of ten between the coordinates `low` and `high` (logarithms);
/// with fewer than three, 2 and 5 times them as well.
fn log_ticks(low: f64, high: f64) -> Vec<f64> {
    let decades = (low.floor() as i32)..=(high.ceil() as i32);
    let inside = |v: &f64| (low..=high).contains(&v.log10());
    let powers: Vec<f64> = decades
        .clone()
        .map(|k| 10f64.powi(k))
        .filter(inside)
        .collect();
    if powers.len() >= 3 {
        return powers;
    }
    decades
        .flat_map(|k| [1.0, 2.0, 5.0].map(|m| m * 10f64.powi(k)))
        .filter(inside)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_decades_stay_linear_and_more_are_logarithmic() {
        assert_eq!(scale_for(&[1.0, 100.0]), Scale::Linear);
        assert_eq!(scale_for(&[1.0, 100.1]), Scale::Log);
        assert_eq!(scale_for(&[-1.0, 1000.0]), Scale::Linear);
    }

    #[test]
    fn ticks_are_round_and_inside() {
        assert_eq!(linear_ticks(0.5, 10.5), vec![2.0, 4.0, 6.0, 8.0, 10.0]);
        assert_eq!(
            linear_ticks(77.0, 90.0),
            vec![78.0, 80.0, 82.0, 84.0, 86.0, 88.0, 90.0]
        );
        assert_eq!(log_ticks(0.0, 3.0), vec![1.0, 10.0, 100.0, 1000.0]);
        assert_eq!(log_ticks(0.2, 1.5), vec![2.0, 5.0, 10.0, 20.0]);
    }
}
