//! A number with a dimension, stored in base units.

use super::dimension::Dimension;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quantity {
    /// The value in base units (FLOP, s, USD, …).
    pub value: f64,
    pub dim: Dimension,
}

impl Quantity {
    pub fn new(value: f64, dim: Dimension) -> Quantity {
        Quantity { value, dim }
    }

    pub fn number(value: f64) -> Quantity {
        Quantity::new(value, Dimension::NONE)
    }
}
