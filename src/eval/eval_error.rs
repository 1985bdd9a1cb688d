//! Errors of evaluation: one variant per condition, each with its own
//! stable code (`llmc::cluster::utilisation_above_peak`), its span first
//! and its words in the attributes. Argument errors are shared with
//! resolution, which checks constant arguments before anything runs.

use miette::Diagnostic;
use thiserror::Error;

use super::records::MissingField;
use crate::knowledge::accelerator::Precision;
use crate::span::Span;
use crate::suggest::OneOf;

pub use super::argument_error::ArgumentError;

#[derive(Debug, Clone, PartialEq, Error, Diagnostic)]
pub enum EvalError {
    // ------------------------------------------------------------ dimensions
    #[error("cannot {verb} {left_dim} and {right_dim}")]
    #[diagnostic(code(llmc::dimension_mismatch))]
    DimensionMismatch {
        #[label("{left_label}")]
        left: Span,
        #[label("{right_label}")]
        right: Span,
        verb: &'static str,
        left_dim: String,
        right_dim: String,
        left_label: String,
        right_label: String,
        #[help]
        help: Option<String>,
    },

    #[error("cannot convert {from_dim} to {to_dim}")]
    #[diagnostic(code(llmc::conversion))]
    Conversion {
        #[label("{from_label}")]
        value: Span,
        #[label("{to_label}")]
        target: Span,
        from_dim: String,
        to_dim: String,
        from_label: String,
        to_label: String,
        #[help]
        help: Option<String>,
    },

    /// `compute / cluster -> days` with `compute` written in FLOPS: the
    /// FLOP-vs-FLOPS mistake, shown at the operand that is a rate.
    #[error("a rate divided by a rate is a plain number, not {to_dim}")]
    #[diagnostic(
        code(llmc::rate_over_rate),
        help(
            "a time is a FLOP count divided by a rate: if {numerator_text} counts operations, write it in FLOP, not FLOPS (`3.79e25 FLOP`; TFLOPS is a rate, TFLOP a count)"
        )
    )]
    RateOverRate {
        #[label("a rate (FLOP/s), where a FLOP count belongs")]
        numerator: Span,
        #[label("a rate (FLOP/s)")]
        denominator: Span,
        #[label("{to_label}")]
        target: Span,
        to_dim: String,
        /// "`compute`" for a cell, else "the numerator".
        numerator_text: String,
        to_label: String,
    },

    // ------------------------------------------------------------ arithmetic
    #[error("division by zero")]
    #[diagnostic(
        code(llmc::division_by_zero),
        help("give the divisor a non-zero value")
    )]
    DivisionByZero {
        #[label("this is zero")]
        divisor: Span,
    },

    #[error("the result is not a number")]
    #[diagnostic(code(llmc::not_a_number))]
    NotANumberResult {
        #[label("NaN")]
        span: Span,
        /// Why, for the kind of expression that made it.
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
    #[diagnostic(
        code(llmc::negative),
        help("{what} must be zero or more; check the sign, or the order of a subtraction")
    )]
    Negative {
        #[label("below zero")]
        span: Span,
        what: String,
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

    #[error("the unit's powers grow too large")]
    #[diagnostic(code(llmc::arithmetic::unit_powers))]
    UnitPowersTooLarge {
        #[label("powers beyond ±127")]
        span: Span,
    },

    #[error("an exponent must be a plain number")]
    #[diagnostic(
        code(llmc::arithmetic::exponent_with_unit),
        help("divide it by its unit first")
    )]
    ExponentWithUnit {
        #[label("{found}")]
        span: Span,
        found: String,
    },

    #[error("a quantity with a unit can only be raised to a whole power")]
    #[diagnostic(
        code(llmc::arithmetic::fractional_power),
        help(
            "the base is {base}: use `sqrt(…)` for a square root, or divide the base by its unit first"
        )
    )]
    FractionalPower {
        #[label("{exponent} is not a whole number between -64 and 64")]
        span: Span,
        exponent: f64,
        base: String,
    },

    // ------------------------------------------------------ kinds of values
    #[error("an accelerator is not a number")]
    #[diagnostic(
        code(llmc::value::accelerator_not_a_number),
        help(
            "use one of its figures, such as `{name}.bf16` (FLOP/s per GPU) or `{name}.memory`, or build a cluster: `8 x {name}`"
        )
    )]
    AcceleratorNotANumber {
        #[label("an accelerator")]
        span: Span,
        name: String,
    },

    #[error("a string is not a number")]
    #[diagnostic(
        code(llmc::value::text_not_a_number),
        help("strings are only for messages and text arguments")
    )]
    TextNotANumber {
        #[label("a string")]
        span: Span,
    },

    #[error("a boolean is not a number")]
    #[diagnostic(
        code(llmc::value::bool_not_a_number),
        help("`true` and `false` are for switches such as `flash = false` and `tied = true`")
    )]
    BoolNotANumber {
        #[label("a boolean")]
        span: Span,
    },

    #[error("{kind} is not a number")]
    #[diagnostic(code(llmc::value::not_a_number))]
    NotANumber {
        #[label("{kind}")]
        span: Span,
        kind: &'static str,
    },

    // --------------------------------------------------------------- members
    #[error("{on} has no member `{member}`")]
    #[diagnostic(code(llmc::no_member))]
    NoMember {
        #[label("not a member")]
        span: Span,
        on: String,
        member: String,
        #[help]
        members: OneOf,
    },

    #[error("model `{model}` has no member `{field}`")]
    #[diagnostic(code(llmc::member::not_set))]
    ModelFieldNotSet {
        #[label("not set")]
        span: Span,
        model: String,
        field: &'static str,
        #[help]
        missing: MissingField,
    },

    #[error("no {member} figure is known for {chip}")]
    #[diagnostic(
        code(llmc::member::unknown_figure),
        help("figures known for {chip}: {known}")
    )]
    UnknownFigure {
        #[label("not in the table")]
        span: Span,
        member: &'static str,
        chip: String,
        known: String,
    },

    #[error("{kind} has no members")]
    #[diagnostic(
        code(llmc::member::no_members),
        help("members belong to accelerators (`H100.bf16`) and clusters (`cluster.gpus`)")
    )]
    NoMembers {
        #[label("{kind}")]
        span: Span,
        kind: &'static str,
    },

    // -------------------------------------------------------- user functions
    #[error("computing this value calls functions more than {limit} times")]
    #[diagnostic(
        code(llmc::function::too_many_calls),
        help(
            "a function that calls another more than once multiplies the work at every level; give the repeated value a cell of its own"
        )
    )]
    TooManyCalls {
        #[label("too many calls")]
        span: Span,
        limit: u64,
    },

    // -------------------------------------------------------------- clusters
    #[error("the count of a cluster comes before `x`")]
    #[diagnostic(code(llmc::cluster::count_after_x), help("write `16000 x {chip}`"))]
    CountAfterX {
        #[label("an accelerator")]
        span: Span,
        chip: String,
    },

    #[error("a cluster's count must be a number of GPUs")]
    #[diagnostic(
        code(llmc::cluster::count_dimension),
        help("write a plain number (`16000 x H100`) or a count of GPUs (`16000 GPU x H100`)")
    )]
    CountDimension {
        #[label("{found}")]
        span: Span,
        found: String,
    },

    #[error("a cluster needs a whole number of GPUs, at least one")]
    #[diagnostic(
        code(llmc::cluster::count_not_whole),
        help("round a computed count up with `ceil(…)`")
    )]
    CountNotWhole {
        #[label("{count} GPUs")]
        span: Span,
        count: f64,
    },

    #[error("expected an accelerator after `x`, found {kind}")]
    #[diagnostic(
        code(llmc::cluster::quantity_after_x),
        help("the count comes first: `16000 x H100`")
    )]
    QuantityAfterX {
        #[label("not an accelerator")]
        span: Span,
        kind: &'static str,
    },

    #[error("expected an accelerator after `x`, found {kind}")]
    #[diagnostic(
        code(llmc::cluster::not_an_accelerator),
        help("write an accelerator's name (`H100`, `A100`, …); `llmc gpus` lists them")
    )]
    NotAnAccelerator {
        #[label("not an accelerator")]
        span: Span,
        kind: &'static str,
    },

    #[error("{chip} has no bf16 or fp16 peak to measure utilisation against")]
    #[diagnostic(
        code(llmc::cluster::no_default_precision),
        help("name a precision it has: {precisions}")
    )]
    NoDefaultPrecision {
        #[label("no default precision")]
        span: Span,
        chip: String,
        precisions: String,
    },

    #[error("{chip} has no {precision} peak")]
    #[diagnostic(
        code(llmc::cluster::no_peak),
        help("precisions with a known dense peak on {chip}: {precisions}")
    )]
    NoPeak {
        #[label("no {precision} on {chip}")]
        span: Span,
        chip: String,
        precision: &'static str,
        precisions: String,
    },

    #[error("this rate is above {chip}'s {precision} peak")]
    #[diagnostic(
        code(llmc::cluster::utilisation_above_peak),
        help(
            "an achieved rate is per GPU and cannot exceed the dense peak; check the precision (`:fp8`) or the figure"
        )
    )]
    UtilisationAbovePeak {
        #[label("{rate_tflops} TFLOP/s per GPU > the peak, {peak_tflops} TFLOP/s")]
        span: Span,
        chip: String,
        precision: &'static str,
        rate_tflops: f64,
        peak_tflops: f64,
    },

    #[error("utilisation must be a fraction or a rate per GPU")]
    #[diagnostic(
        code(llmc::cluster::utilisation_is_count),
        help("that is a count of FLOP; an achieved rate is in FLOPS: `@ 400 TFLOPS`")
    )]
    UtilisationIsCount {
        #[label("{found}")]
        span: Span,
        found: String,
    },

    #[error("utilisation must be a fraction or a rate per GPU")]
    #[diagnostic(
        code(llmc::cluster::utilisation_dimension),
        help("write an MFU (`@ 38%`) or an achieved rate per GPU (`@ 400 TFLOPS`)")
    )]
    UtilisationDimension {
        #[label("{found}")]
        span: Span,
        found: String,
    },

    /// Said as what an MFU is, not as a guess at the value meant.
    #[error("utilisation cannot exceed 100%")]
    #[diagnostic(
        code(llmc::cluster::utilisation_above_100),
        help(
            "an MFU is the share of {chip}'s {precision} dense peak ({peak_tflops} TFLOP/s per GPU) the run achieves, so at most 100%; for an achieved rate write it per GPU (`@ 400 TFLOPS`)"
        )
    )]
    UtilisationAbove100 {
        #[label("{percent}%")]
        span: Span,
        percent: f64,
        chip: String,
        precision: Precision,
        peak_tflops: f64,
    },

    #[error("utilisation must be above zero")]
    #[diagnostic(
        code(llmc::cluster::utilisation_not_positive),
        help(
            "an MFU is the share of {chip}'s {precision} dense peak the run achieves, above 0% and at most 100%"
        )
    )]
    UtilisationNotPositive {
        #[label("{percent}%")]
        span: Span,
        percent: f64,
        chip: String,
        precision: Precision,
    },

    // --------------------------------------------------------------- records
    #[error("{record} records have no field `{field}`")]
    #[diagnostic(code(llmc::record::unknown_field))]
    UnknownField {
        #[label("unknown field")]
        span: Span,
        record: &'static str,
        field: String,
        #[help]
        fields: OneOf,
    },

    #[error("expected a quantity, found {kind}")]
    #[diagnostic(code(llmc::record::not_a_quantity))]
    FieldNotAQuantity {
        #[label("{kind}")]
        span: Span,
        kind: &'static str,
    },

    #[error("`{field}` must be {wanted}")]
    #[diagnostic(code(llmc::record::wrong_dimension), help("for example `{example}`"))]
    FieldDimension {
        #[label("{found}")]
        span: Span,
        field: String,
        wanted: String,
        found: String,
        example: &'static str,
    },

    #[error("`{field}` must be above zero")]
    #[diagnostic(code(llmc::record::not_positive))]
    FieldNotPositive {
        #[label("not positive")]
        span: Span,
        field: String,
    },

    #[error("`{field}` must be a string")]
    #[diagnostic(
        code(llmc::record::not_text),
        help("for example `vendor = \"NVIDIA\"`")
    )]
    FieldNotText {
        #[label("{kind}")]
        span: Span,
        field: &'static str,
        kind: &'static str,
    },

    #[error("`{field}` is `true` or `false`")]
    #[diagnostic(code(llmc::record::not_a_flag), help("for example `{field} = true`"))]
    FieldNotFlag {
        #[label("{kind}")]
        span: Span,
        field: &'static str,
        kind: &'static str,
    },

    #[error("`{field}` must be a string")]
    #[diagnostic(code(llmc::record::choice_not_text), help("`{field}` is {meaning}"))]
    ChoiceFieldNotText {
        #[label("{kind}")]
        span: Span,
        field: &'static str,
        kind: &'static str,
        meaning: &'static str,
    },

    #[error("unknown {field} \"{text}\"")]
    #[diagnostic(code(llmc::record::unknown_choice), help("`{field}` is {meaning}"))]
    UnknownFieldChoice {
        #[label("not one of the choices")]
        span: Span,
        field: &'static str,
        text: String,
        meaning: &'static str,
    },

    #[error("accelerator `{name}` has no peak")]
    #[diagnostic(
        code(llmc::record::no_peak),
        help("give at least one dense peak, for example `bf16 = 500 TFLOPS`")
    )]
    AcceleratorWithoutPeak {
        #[label("no fp64 … fp4 field")]
        span: Span,
        name: String,
    },

    // -------------------------------------------------- built-in arguments
    #[error(transparent)]
    #[diagnostic(transparent)]
    Argument(#[from] ArgumentError),

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

    // ---------------------------------------------------------------- ranges
    #[error("a range's low end is above its high end")]
    #[diagnostic(code(llmc::range::reversed), help("write the smaller value first"))]
    ReversedRange {
        #[label("low")]
        low: Span,
        #[label("high, smaller")]
        high: Span,
    },

    #[error("a range needs quantities at both ends")]
    #[diagnostic(
        code(llmc::range::not_quantities),
        help(
            "a range is between two quantities (`35%..45%`, `$1.8/GPU/h..$2.5/GPU/h`); to compare accelerators, make one cell per chip"
        )
    )]
    RangeOfNonQuantities {
        #[label("{low_kind}")]
        low: Span,
        #[label("{high_kind}")]
        high: Span,
        low_kind: &'static str,
        high_kind: &'static str,
    },

    #[error("the ends of a range have different dimensions")]
    #[diagnostic(
        code(llmc::range::dimensions),
        help(
            "both ends of a range need the same unit: `35%..45%`, or a bare number on the left: `35..45%`"
        )
    )]
    RangeDimensions {
        #[label("{low_label}")]
        low: Span,
        #[label("{high_label}")]
        high: Span,
        low_label: String,
        high_label: String,
    },

    #[error("{count} ranges feed this value; at most {limit} may")]
    #[diagnostic(
        code(llmc::range::too_many),
        help(
            "each range doubles the corners to evaluate; fix the least important inputs to points (`llmc run --tornado` ranks them), or split the estimate"
        )
    )]
    TooManyRanges {
        #[label("depends on {count} ranges")]
        span: Span,
        #[label("range number {}", limit + 1)]
        extra: Span,
        count: usize,
        limit: usize,
    },

    #[error("the unit of this value changes within its ranges")]
    #[diagnostic(
        code(llmc::range::unit_changes),
        help("keep ranges out of the exponents of quantities with units")
    )]
    UnitChangesWithinRange {
        #[label("a different unit at some corners")]
        span: Span,
    },

    #[error("`.{member}` reads the range of a cell, not of an expression")]
    #[diagnostic(
        code(llmc::range::member_of_expression),
        help("give the range a cell of its own (`r = …`) and write `r.{member}`")
    )]
    RangeMemberOfValue {
        #[label("not a cell")]
        span: Span,
        member: String,
    },

    // ---------------------------------------------------------------- asserts
    #[error("assertion fails for part of the range: {text}")]
    #[diagnostic(code(llmc::assert_fails_for_part))]
    AssertFailsForPart {
        /// The left side's range over the corners.
        #[label("{left_range}")]
        left: Span,
        /// The right side, a range or a point.
        #[label("{right_range}")]
        right: Span,
        #[help]
        help: String,
        text: String,
        left_range: String,
        right_range: String,
    },

    #[error("assertion failed: {text}")]
    #[diagnostic(code(llmc::assert_failed))]
    AssertFailed {
        #[label("{left_value}")]
        left: Span,
        #[label("{right_value}")]
        right: Span,
        text: String,
        left_value: String,
        right_value: String,
        #[help]
        message: Option<String>,
    },
}

/// Evaluation results carry their error boxed: errors are rare and rich,
/// values are small and hot.
pub type EvalResult<T> = Result<T, Box<EvalError>>;

impl From<ArgumentError> for Box<EvalError> {
    fn from(error: ArgumentError) -> Box<EvalError> {
        Box::new(EvalError::Argument(error))
    }
}

impl EvalError {
    pub fn span(&self) -> Span {
        crate::span::primary_span(self)
    }
}
