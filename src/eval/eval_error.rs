//! Errors of evaluation: dimensions, arithmetic, clusters, members, asserts.

use miette::Diagnostic;
use thiserror::Error;

use crate::span::Span;

#[derive(Debug, Clone, PartialEq, Error, Diagnostic)]
pub enum EvalError {
    #[error("cannot {verb} {left_dim} and {right_dim}")]
    #[diagnostic(code(llmc::dimension_mismatch))]
    DimensionMismatch {
        verb: &'static str,
        left_dim: String,
        right_dim: String,
        #[label("{left_label}")]
        left: Span,
        left_label: String,
        #[label("{right_label}")]
        right: Span,
        right_label: String,
        #[help]
        help: Option<String>,
    },

    #[error("cannot convert {from_dim} to {to_dim}")]
    #[diagnostic(code(llmc::conversion))]
    Conversion {
        from_dim: String,
        to_dim: String,
        #[label("{from_label}")]
        value: Span,
        from_label: String,
        #[label("{to_label}")]
        target: Span,
        to_label: String,
        #[help]
        help: Option<String>,
    },

    #[error("division by zero")]
    #[diagnostic(code(llmc::division_by_zero))]
    DivisionByZero {
        #[label("this is zero")]
        divisor: Span,
        #[help]
        help: Option<String>,
    },

    #[error("{message}")]
    #[diagnostic(code(llmc::arithmetic))]
    Arithmetic {
        message: String,
        #[label("{label}")]
        span: Span,
        label: String,
        #[help]
        help: Option<String>,
    },

    #[error("{message}")]
    #[diagnostic(code(llmc::type_error))]
    WrongKind {
        message: String,
        #[label("{label}")]
        span: Span,
        label: String,
        #[help]
        help: Option<String>,
    },

    #[error("{message}")]
    #[diagnostic(code(llmc::cluster))]
    Cluster {
        message: String,
        #[label("{label}")]
        span: Span,
        label: String,
        #[help]
        help: Option<String>,
    },

    #[error("{message}")]
    #[diagnostic(code(llmc::record))]
    Field {
        message: String,
        #[label("{label}")]
        span: Span,
        label: String,
        #[help]
        help: Option<String>,
    },

    #[error("{message}")]
    #[diagnostic(code(llmc::argument))]
    Argument {
        message: String,
        #[label("{label}")]
        span: Span,
        label: String,
        #[help]
        help: Option<String>,
    },

    #[error("{on} has no member `{member}`")]
    #[diagnostic(code(llmc::no_member))]
    NoMember {
        on: String,
        member: String,
        #[label("not a member")]
        span: Span,
        #[help]
        help: String,
    },

    #[error("the cluster fails faster than it can checkpoint")]
    #[diagnostic(code(llmc::fails_faster_than_checkpoint))]
    FailsFasterThanCheckpoint {
        #[label("no useful work: a failure every {job_mtbf}, {overhead} lost to each")]
        span: Span,
        job_mtbf: String,
        overhead: String,
        #[help]
        help: String,
    },

    #[error("assertion failed: {text}")]
    #[diagnostic(code(llmc::assert_failed))]
    AssertFailed {
        text: String,
        #[label("{left_value}")]
        left: Span,
        left_value: String,
        #[label("{right_value}")]
        right: Span,
        right_value: String,
        #[help]
        help: Option<String>,
    },
}

/// The kinds of [`EvalError::detail`] errors (each has its own code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Arithmetic,
    WrongKind,
    Cluster,
    Field,
    Argument,
}

/// Evaluation results carry their error boxed: errors are rare and rich,
/// values are small and hot.
pub type EvalResult<T> = Result<T, Box<EvalError>>;

impl EvalError {
    pub fn span(&self) -> Span {
        match self {
            EvalError::DimensionMismatch { left, right, .. } => left.to(*right),
            EvalError::Conversion { value, .. } => *value,
            EvalError::DivisionByZero { divisor, .. } => *divisor,
            EvalError::Arithmetic { span, .. }
            | EvalError::WrongKind { span, .. }
            | EvalError::Cluster { span, .. }
            | EvalError::Field { span, .. }
            | EvalError::Argument { span, .. }
            | EvalError::NoMember { span, .. }
            | EvalError::FailsFasterThanCheckpoint { span, .. } => *span,
            EvalError::AssertFailed { left, right, .. } => left.to(*right),
        }
    }

    /// An error of one of the kinds that carry a message, one label and
    /// an optional help line.
    pub fn detail(
        kind: Kind,
        span: Span,
        message: impl Into<String>,
        label: impl Into<String>,
        help: Option<String>,
    ) -> Box<EvalError> {
        let (message, label) = (message.into(), label.into());
        Box::new(match kind {
            Kind::Arithmetic => EvalError::Arithmetic {
                message,
                span,
                label,
                help,
            },
            Kind::WrongKind => EvalError::WrongKind {
                message,
                span,
                label,
                help,
            },
            Kind::Cluster => EvalError::Cluster {
                message,
                span,
                label,
                help,
            },
            Kind::Field => EvalError::Field {
                message,
                span,
                label,
                help,
            },
            Kind::Argument => EvalError::Argument {
                message,
                span,
                label,
                help,
            },
        })
    }
}
