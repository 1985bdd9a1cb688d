//! Values → text: numbers, units, and the sheet as human, JSON, … output.

pub mod accelerators;
pub mod human;
pub mod json;
pub mod number;
pub mod quantity;
pub mod range;
pub mod tabular;
pub mod tornado;
pub mod value;

pub use quantity::Shown;
pub use range::{assert_sides, show_range, show_ranged};
pub use value::{cell_note, cluster_note, show_cell, show_cell_with_note, show_report, show_value};

/// Beside a cell whose formula `--set` replaced, in every format people read.
pub const OVERRIDDEN: &str = "set by --set";

/// How a sheet is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Significant digits (SPEC §4: 3 by default).
    pub digits: usize,
    pub color: bool,
}

impl Default for Style {
    fn default() -> Style {
        Style {
            digits: 3,
            color: false,
        }
    }
}
