//! What llmc knows about LLM training: accelerators, model presets and the
//! standard formulas, each with its source.

pub mod accelerator;
pub mod accelerator_table;
pub mod architecture;
pub mod formulas;
pub mod inference;
pub mod memory;
pub mod model;
pub mod model_presets;

use accelerator::Accelerator;
use accelerator_table::BUILTIN_ACCELERATORS;

/// A built-in accelerator by name, ignoring case.
pub fn builtin_accelerator(name: &str) -> Option<&'static Accelerator> {
    BUILTIN_ACCELERATORS
        .iter()
        .find(|a| a.name.eq_ignore_ascii_case(name))
}

pub fn builtin_accelerator_names() -> impl Iterator<Item = &'static str> {
    BUILTIN_ACCELERATORS.iter().map(|a| a.name.as_ref())
}

/// Built-in accelerators whose name or vendor contains `filter` (any case).
pub fn matching_accelerators(filter: &str) -> Vec<&'static Accelerator> {
    let filter = filter.to_lowercase();
    BUILTIN_ACCELERATORS
        .iter()
        .filter(|a| {
            a.name.to_lowercase().contains(&filter) || a.vendor.to_lowercase().contains(&filter)
        })
        .collect()
}

pub fn all_accelerators() -> Vec<&'static Accelerator> {
    BUILTIN_ACCELERATORS.iter().collect()
}
