//! Dimensions, units and quantities.

pub mod dimension;
pub mod quantity;
pub mod registry;

pub use dimension::{Base, Dimension};
pub use quantity::Quantity;
pub use registry::{UnitDef, Units};
