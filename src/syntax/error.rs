//! Errors of the syntax stage, in the user's words (never a grammar rule's name).

use miette::Diagnostic;
use thiserror::Error;

use crate::span::Span;
use crate::suggest::OneOf;

#[derive(Debug, Clone, PartialEq, Error, Diagnostic)]
pub enum SyntaxError {
    #[error("expected {expected}, found {found}")]
    #[diagnostic(code(llmc::syntax::expected))]
    Expected {
        #[label("{label}")]
        span: Span,
        /// The things that could stand here, in words ("a value or `(`").
        expected: String,
        found: String,
        label: &'static str,
        /// A fix for the mistake this looks like, when it looks like one.
        #[help]
        hint: Option<String>,
    },

    #[error("expected a unit, found {found}")]
    #[diagnostic(
        code(llmc::syntax::expected_unit),
        help("write a unit after `->`, for example `-> days` or `-> TFLOPS/GPU`")
    )]
    ExpectedUnit {
        #[label("{label}")]
        span: Span,
        found: String,
        label: &'static str,
    },

    #[error("unexpected {found}")]
    #[diagnostic(code(llmc::syntax::unexpected))]
    Unexpected {
        #[label("unexpected")]
        span: Span,
        found: String,
        #[help]
        hint: Option<String>,
    },

    #[error("the statement ends too early")]
    #[diagnostic(code(llmc::syntax::ends_early))]
    EndsEarly {
        #[label("expected more after this")]
        span: Span,
        #[help]
        hint: Option<String>,
    },

    #[error("this `{bracket}` is never closed")]
    #[diagnostic(
        code(llmc::syntax::unclosed),
        help("close it with `{}`, or remove it", closing(*bracket))
    )]
    Unclosed {
        #[label("opened here")]
        span: Span,
        bracket: char,
    },

    #[error("`{close}` does not close the `{open}` before it")]
    #[diagnostic(
        code(llmc::syntax::mismatched),
        help("close the `{open}` with `{}` first", closing(*open))
    )]
    MismatchedClose {
        #[label("this `{close}`")]
        span: Span,
        #[label("is still open")]
        open_span: Span,
        close: char,
        open: char,
    },

    #[error("`{close}` closes nothing")]
    #[diagnostic(
        code(llmc::syntax::unmatched),
        help("remove it, or add the opening bracket it belongs to")
    )]
    UnmatchedClose {
        #[label("no bracket is open here")]
        span: Span,
        close: char,
    },

    #[error("brackets are nested more than {} deep", super::brackets::MAX_DEPTH)]
    #[diagnostic(
        code(llmc::syntax::too_deep),
        help("split the expression into named cells")
    )]
    TooDeep {
        #[label("this bracket is one too many")]
        span: Span,
    },

    #[error("this expression is nested more than {limit} levels deep")]
    #[diagnostic(
        code(llmc::syntax::expression_too_deep),
        help("split it into named cells: each bracket, call, `^` and unary `-` nests a level")
    )]
    ExpressionTooDeep {
        #[label("this level is one too many")]
        span: Span,
        limit: usize,
    },

    #[error("more than {limit} `^` and unary `-` in a row, each nesting the rest")]
    #[diagnostic(
        code(llmc::syntax::too_many_operators),
        help("split it into named cells")
    )]
    TooManyOperators {
        #[label("this one is one too many")]
        span: Span,
        limit: usize,
    },

    #[error("`{suffix}` must touch the number it scales")]
    #[diagnostic(
        code(llmc::syntax::detached_suffix),
        help(
            "write `{number}{suffix}` for {number} {scale}{}",
            if *suffix == 'B' { format!(", or `{number} bytes`") } else { String::new() }
        )
    )]
    DetachedSuffix {
        #[label("a magnitude suffix, separated by a space")]
        span: Span,
        number: String,
        suffix: char,
        scale: &'static str,
    },

    #[error("`{suffix}` must touch the number it scales")]
    #[diagnostic(
        code(llmc::syntax::detached_suffix_before_unit),
        help("write `{number}{suffix} {unit}` for {number} {scale} {unit}")
    )]
    DetachedSuffixBeforeUnit {
        #[label("a magnitude suffix, separated by a space")]
        span: Span,
        number: String,
        suffix: char,
        scale: &'static str,
        unit: String,
    },

    #[error("`{name}` is reserved and cannot name a {what}")]
    #[diagnostic(
        code(llmc::syntax::reserved),
        help("`{name}` is {meaning}; choose another name")
    )]
    ReservedName {
        #[label("reserved word")]
        span: Span,
        name: String,
        what: &'static str,
        meaning: &'static str,
    },

    #[error("parameter `{name}` is named twice")]
    #[diagnostic(
        code(llmc::syntax::parameter_twice),
        help("give each parameter its own name")
    )]
    ParameterTwice {
        #[label("named again")]
        span: Span,
        name: String,
    },

    #[error("only functions can be called")]
    #[diagnostic(
        code(llmc::syntax::not_callable),
        help("to multiply, write `*` between the values")
    )]
    NotCallable {
        #[label("not a function name")]
        span: Span,
    },

    #[error("a positional argument cannot follow a keyword argument")]
    #[diagnostic(
        code(llmc::syntax::positional_after_keyword),
        help("move it before `{keyword} = …`, or name it too")
    )]
    PositionalAfterKeyword {
        #[label("positional")]
        span: Span,
        keyword: String,
    },

    #[error("unknown precision `{name}`")]
    #[diagnostic(code(llmc::syntax::unknown_precision))]
    UnknownPrecision {
        #[label("not a precision")]
        span: Span,
        name: String,
        #[help]
        precisions: OneOf,
    },

    #[error("this number is too large")]
    #[diagnostic(
        code(llmc::syntax::number_too_large),
        help("llmc numbers are 64-bit floats; use a larger unit")
    )]
    NumberTooLarge {
        #[label("beyond ±1.8e308")]
        span: Span,
    },

    #[error("a unit's power must be an integer between -128 and 128")]
    #[diagnostic(code(llmc::syntax::power_out_of_range))]
    PowerOutOfRange {
        #[label("{text} is out of range")]
        span: Span,
        text: String,
    },
}

fn closing(open: char) -> char {
    match open {
        '(' => ')',
        '[' => ']',
        '"' => '"',
        _ => '}',
    }
}

impl SyntaxError {
    pub fn span(&self) -> Span {
        crate::span::primary_span(self)
    }
}
