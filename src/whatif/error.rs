//! Problems with the values of `--set`, `--sweep` and `--show` themselves.
//! Their spans fall inside the flag's text (appended to the sheet's, see
//! `span::Origin`), so they are drawn against the flag as typed.

use miette::Diagnostic;
use thiserror::Error;

use crate::span::Span;

#[derive(Debug, Clone, PartialEq, Error, Diagnostic)]
pub enum FlagError {
    #[error("{sheet} has no cell named `{name}`")]
    #[diagnostic(code(llmc::flag::unknown_cell))]
    UnknownCell {
        #[label("not a cell of {sheet}")]
        span: Span,
        name: String,
        sheet: String,
        /// The nearest cell's name, or the cells there are.
        #[help]
        help: String,
    },

    #[error("one `--set` replaces one cell, but this is a second statement")]
    #[diagnostic(
        code(llmc::flag::set_several),
        help("give each cell its own flag: `--set '{example}'`")
    )]
    SetSeveral {
        #[label("a second statement")]
        span: Span,
        /// The second statement as typed.
        example: String,
    },

    #[error("a swept value is one expression")]
    #[diagnostic(
        code(llmc::flag::value_not_expression),
        help("write values as expressions separated by commas: `--sweep 'gpus=8000,16000'`")
    )]
    ValueNotExpression {
        #[label("not an expression")]
        span: Span,
    },

    #[error("`{name}` is swept twice")]
    #[diagnostic(
        code(llmc::flag::swept_twice),
        help("put every value in one `--sweep {name}=V1,V2,…`")
    )]
    SweptTwice {
        #[label("swept again here")]
        span: Span,
        name: String,
    },

    #[error("`{name}` is both set and swept")]
    #[diagnostic(
        code(llmc::flag::set_and_swept),
        help("drop one: `--set` fixes `{name}` for every point, `--sweep` varies it")
    )]
    SetAndSwept {
        #[label("also given by `--set`")]
        span: Span,
        name: String,
    },
}

impl FlagError {
    pub fn span(&self) -> Span {
        match self {
            FlagError::UnknownCell { span, .. }
            | FlagError::SetSeveral { span, .. }
            | FlagError::ValueNotExpression { span }
            | FlagError::SweptTwice { span, .. }
            | FlagError::SetAndSwept { span, .. } => *span,
        }
    }
}
