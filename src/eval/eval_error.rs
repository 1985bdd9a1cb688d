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

    #[error("the result is not a number")]
    #[diagnostic(code(llmc::not_a_number))]
    NotANumber {
        #[label("NaN")]
        span: Span,
        #[help]
        help: &'static str,
    },

    #[error("the result is too large to represent")]
    #[diagnostic(
        code(llmc::overflow),
        help("llmc numbers are 64-bit floats, up to about 1.8e308 in base units")
    )]
    Overflow {
        #[label("overflow")]
        span: Span,
    },

    #[error("the result is too small to represent")]
    #[diagnostic(
        code(llmc::underflow),
        help(
            "llmc numbers are 64-bit floats, down to about 1e-308 in base units; this product of non-zero numbers would print as 0"
        )
    )]
    Underflow {
        #[label("rounds to zero")]
        span: Span,
    },

    #[error("{what} cannot be negative")]
    #[diagnostic(code(llmc::negative))]
    Negative {
        #[label("below zero")]
        span: Span,
        what: String,
        #[help]
        help: String,
    },

    #[error("a cluster cannot be negative")]
    #[diagnostic(
        code(llmc::negative_cluster),
        help(
            "`-8 x H100` reads as -(8 x H100), the negative of a cluster's rate; a cluster has at least one GPU: write `8 x H100`"
        )
    )]
    NegativeCluster {
        #[label("a cluster")]
        span: Span,
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
            EvalError::NotANumber { span, .. }
            | EvalError::Overflow { span }
            | EvalError::Underflow { span }
            | EvalError::Negative { span, .. }
            | EvalError::NegativeCluster { span } => *span,
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
