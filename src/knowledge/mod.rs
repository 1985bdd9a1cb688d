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

/// The built-in accelerator an unknown name describes: one whose name
/// starts it and whose product the rest names (`A100_80GB` is `A100`, the
/// SXM 80 GB part; `H100_SXM` is `H100`).
pub fn described_accelerator(query: &str) -> Option<&'static str> {
    let squash = |text: &str| -> String {
        text.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let wanted = squash(query);
    BUILTIN_ACCELERATORS.iter().find_map(|a| {
        let rest = wanted.strip_prefix(&squash(&a.name))?;
        (!rest.is_empty() && squash(&a.product).contains(rest)).then_some(a.name.as_ref())
    })
}

/// The built-in accelerator a user most likely meant by an unknown name:
/// the one it describes, else the nearest name.
pub fn suggest_accelerator(query: &str) -> Option<&'static str> {
    described_accelerator(query)
        .or_else(|| crate::suggest::closest(query, builtin_accelerator_names()))
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
