//! Errors of name resolution: unknown names and units, duplicates, cycles,
//! calls that do not fit their function; one variant per condition.

use miette::{Diagnostic, LabeledSpan};
use thiserror::Error;

use super::EvalError;
use crate::span::Span;
use crate::suggest::DidYouMean;

#[derive(Debug, Clone, PartialEq, Error, Diagnostic)]
pub enum ResolveError {
    #[error("unknown name `{name}`")]
    #[diagnostic(code(llmc::unknown_name))]
    UnknownName {
        #[label("not a cell, accelerator or unit")]
        span: Span,
        name: String,
        #[help]
        near: Option<DidYouMean>,
    },

    #[error("unknown unit `{name}`")]
    #[diagnostic(code(llmc::unknown_unit))]
    UnknownUnit {
        #[label("not a unit")]
        span: Span,
        name: String,
        #[help]
        near: Option<DidYouMean>,
    },

    #[error("unknown unit `{name}`")]
    #[diagnostic(
        code(llmc::unit::cluster_without_space),
        help("the cluster operator `x` needs a space after it: `{count} x {chip}`")
    )]
    ClusterWithoutSpace {
        #[label("not a unit")]
        span: Span,
        name: String,
        count: String,
        chip: String,
    },

    #[error("unknown unit `{name}`")]
    #[diagnostic(
        code(llmc::unit::ambiguous_flops),
        help(
            "`{name}` is ambiguous: write `{prefix}FLOP` for a count of operations or `{prefix}FLOPS` (= {prefix}FLOP/s) for a rate"
        )
    )]
    AmbiguousFlops {
        #[label("not a unit")]
        span: Span,
        name: String,
        prefix: String,
    },

    #[error("unknown unit `{name}`")]
    #[diagnostic(
        code(llmc::unit::cell_after_number),
        help(
            "`{name}` is a cell, but names written after a number are units; to multiply, write `* {name}`"
        )
    )]
    CellAfterNumber {
        #[label("not a unit")]
        span: Span,
        name: String,
    },

    #[error("unknown unit `{name}`")]
    #[diagnostic(
        code(llmc::unit::accelerator_after_number),
        help("`{name}` is an accelerator; a cluster is written `COUNT x {name}`")
    )]
    AcceleratorAfterNumber {
        #[label("not a unit")]
        span: Span,
        name: String,
    },

    #[error("unknown function `{name}`")]
    #[diagnostic(code(llmc::unknown_function))]
    UnknownFunction {
        #[label("no function has this name")]
        span: Span,
        name: String,
        #[help]
        near: Option<DidYouMean>,
    },

    #[error("unknown function `{name}`")]
    #[diagnostic(
        code(llmc::call::cell_called),
        help("`{name}` is a cell, not a function; to multiply, write `{name} * (…)`")
    )]
    CellCalled {
        #[label("no function has this name")]
        span: Span,
        name: String,
    },

    #[error("`{name}` is defined twice")]
    #[diagnostic(
        code(llmc::duplicate),
        help("rename one of them, or delete the one you do not mean")
    )]
    Duplicate {
        #[label("defined again here")]
        second: Span,
        #[label("first defined here")]
        first: Span,
        name: String,
    },

    #[error("{path}")]
    #[diagnostic(
        code(llmc::cycle),
        help(
            "a cell cannot depend on itself, directly or through others; break the cycle by giving one of them a value of its own"
        )
    )]
    Cycle {
        /// One per cell of the cycle (its first cells, when it is long).
        #[label(collection)]
        labels: Vec<LabeledSpan>,
        path: String,
    },

    #[error("`{name}` is a function, not a value")]
    #[diagnostic(code(llmc::name::function_as_value), help("call it: `{name}(…)`"))]
    FunctionAsValue {
        #[label("a function")]
        span: Span,
        name: String,
    },

    #[error("this unit's powers are too large")]
    #[diagnostic(code(llmc::unit::powers_too_large))]
    UnitPowersTooLarge {
        #[label("powers beyond ±127")]
        span: Span,
    },

    #[error("this quantity is beyond the range of llmc's numbers")]
    #[diagnostic(
        code(llmc::quantity::out_of_range),
        help(
            "values are 64-bit floats in base units (FLOP, s, bytes, …), from about 1e-308 to 1.8e308"
        )
    )]
    QuantityOutOfRange {
        #[label("out of range in base units")]
        span: Span,
    },

    #[error("`{name}` is not defined before this function")]
    #[diagnostic(
        code(llmc::function::defined_later),
        help("a function may call only functions defined above it, so calls never recurse")
    )]
    CallsLaterFunction {
        #[label("called here")]
        span: Span,
        name: String,
    },

    #[error("`{function}` takes {count} arguments")]
    #[diagnostic(
        code(llmc::call::too_many_arguments),
        help("it is called as `{signature}`")
    )]
    TooManyArguments {
        #[label("one too many")]
        span: Span,
        function: String,
        count: usize,
        signature: String,
    },

    #[error("`{function}` has no parameter `{keyword}`")]
    #[diagnostic(
        code(llmc::call::unknown_keyword),
        help("{}", keyword_help(near, signature))
    )]
    UnknownKeyword {
        #[label("unknown keyword")]
        span: Span,
        function: String,
        keyword: String,
        near: Option<String>,
        signature: String,
    },

    #[error("`{keyword}` is given twice")]
    #[diagnostic(code(llmc::call::given_twice), help("it is called as `{signature}`"))]
    GivenTwice {
        #[label("given again")]
        span: Span,
        keyword: String,
        signature: String,
    },

    #[error("`{function}` needs its `{parameter}` argument")]
    #[diagnostic(
        code(llmc::call::missing_argument),
        help("it is called as `{signature}`")
    )]
    MissingArgument {
        #[label("`{parameter}` is missing")]
        span: Span,
        function: String,
        parameter: String,
        signature: String,
    },

    #[error("`{name}` is already a built-in unit")]
    #[diagnostic(code(llmc::unit::redeclared), help("choose another name"))]
    BuiltinUnitRedeclared {
        #[label("built in")]
        span: Span,
        name: String,
    },

    #[error("too many new base units")]
    #[diagnostic(
        code(llmc::unit::too_many_bases),
        help(
            "a sheet may declare {limit} base units; define this one from others: `unit {name} = …`"
        )
    )]
    TooManyBaseUnits {
        #[label("one too many")]
        span: Span,
        name: String,
        limit: usize,
    },

    #[error("`{name}` must be defined as a non-zero quantity")]
    #[diagnostic(
        code(llmc::unit::not_a_quantity),
        help("for example `unit EUR = 1.08 USD`")
    )]
    UnitNotAQuantity {
        #[label("not a non-zero quantity")]
        span: Span,
        name: String,
    },

    /// A constant argument that its built-in's parameter does not take,
    /// found before evaluation (the same error evaluation would report).
    #[error(transparent)]
    #[diagnostic(transparent)]
    Argument(Box<EvalError>),
}

fn keyword_help(near: &Option<String>, signature: &str) -> String {
    match near {
        Some(near) => format!("did you mean `{near}`? It is called as `{signature}`"),
        None => format!("it is called as `{signature}`"),
    }
}

/// Why an expression has no plan: an error to report, or a definition it
/// uses that failed already (reported there; this one is skipped quietly).
#[derive(Debug, Clone, PartialEq)]
pub enum Unresolved {
    Error(ResolveError),
    UsesFailed(String),
}

impl From<ResolveError> for Unresolved {
    fn from(error: ResolveError) -> Unresolved {
        Unresolved::Error(error)
    }
}

impl ResolveError {
    pub fn span(&self) -> Span {
        crate::span::primary_span(self)
    }
}
