//! llmc: how long, and how much, to train this model?
//!
//! A `.llmc` script is a column of named cells with unit-aware formulas.
//! The pipeline runs one way: source → [`syntax`] (pest → typed AST with
//! spans) → [`eval`] (resolve names and units, evaluate, check dimensions)
//! → [`format`] (human, JSON). Frontends use [`Session`] and nothing else.

// pest's generated parser names `::alloc` when built without its "std"
// feature (see Cargo.toml).
extern crate alloc;

pub mod annotate;
pub mod diagnostic;
pub mod eval;
pub mod files;
pub mod fmt;
pub mod format;
mod incremental;
pub mod knowledge;
pub mod lsp;
pub mod markdown;
pub mod names;
pub mod plot;
pub mod preview;
pub mod session;
pub mod sheet;
pub mod span;
pub mod suggest;
pub mod syntax;
pub mod units;
pub mod vocabulary;
pub mod whatif;

pub use diagnostic::{Problem, Render, SourceText, Warning};
pub use format::Style;
pub use names::NameClass;
pub use preview::Preview;
pub use session::{Entry, Session};
pub use sheet::{AssertReport, CellKind, CellReport, Sheet};
pub use span::Span;

/// Whether a line ends inside an open bracket, so the REPL should read more.
pub fn needs_more_input(text: &str) -> bool {
    syntax::brackets::balance(text) == syntax::brackets::Balance::Open
}
