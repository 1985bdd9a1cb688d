//! Source text → typed syntax tree with spans.

pub mod ast;
pub mod brackets;
mod dependencies;
pub mod error;
mod expected;
pub mod lexicon;
mod number;
mod parser;
mod relocate;

pub use error::SyntaxError;
pub use number::parse_number;
pub use parser::{
    DefinitionKind, Earlier, FailedDefinition, Parsed, parse_program, parse_program_reusing,
};
