//! Source text → typed syntax tree with spans.

pub mod ast;
pub mod brackets;
pub mod error;
mod expected;
pub mod lexicon;
mod number;
mod parser;

pub use error::SyntaxError;
pub use number::parse_number;
pub use parser::{DefinitionKind, FailedDefinition, Parsed, parse_program};
