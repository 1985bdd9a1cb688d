//! Errors about a built-in function's arguments, one variant per condition
//! (a part of [`super::EvalError`]).

use miette::Diagnostic;
use thiserror::Error;

use super::records::MissingField;
use crate::span::Span;

#[derive(Debug, Clone, PartialEq, Error, Diagnostic)]
pub enum ArgumentError {
    #[error("expected {what}")]
    #[diagnostic(code(llmc::argument::wrong_dimension), help("for example `{example}`"))]
    WrongDimension {
        #[label("{found}")]
        span: Span,
        what: &'static str,
        found: String,
        example: &'static str,
    },

    /// `energy(cluster, compute / cluster)` with `compute = 6 * params * tokens`.
    #[error("expected {what}")]
    #[diagnostic(
        code(llmc::argument::missing_flop_per_param_token),
        help(
            "training compute needs FLOP per param per token: write `6 FLOP/param/token * params * tokens` or `train_flops(params, tokens)`"
        )
    )]
    MissingFlopPerParamToken {
        #[label("{found}")]
        span: Span,
        what: &'static str,
        found: String,
    },

    /// A total where a per-device figure belongs: a node's power taken per
    /// GPU would count every GPU of the node once more.
    #[error("expected {what}, found a total without `/GPU`")]
    #[diagnostic(
        code(llmc::argument::not_per_device),
        help(
            "write the figure per GPU (`{example}`); for a whole node's power, divide by its GPUs: `10.2 kW / 8 GPU` is 1.28 kW/GPU for an 8-GPU server"
        )
    )]
    NotPerDevice {
        #[label("{found}, not per GPU")]
        span: Span,
        what: &'static str,
        found: String,
        example: &'static str,
    },

    /// A plain number where a time belongs: a rate divided by a rate.
    #[error("expected {what}")]
    #[diagnostic(
        code(llmc::argument::rate_over_rate),
        help(
            "a time is a FLOP count divided by a rate, so a plain number here means a rate was divided by a rate: write the count in FLOP, not FLOPS (`3.79e25 FLOP`; TFLOPS is a rate, TFLOP a count)"
        )
    )]
    RateOverRate {
        #[label("a plain number")]
        span: Span,
        what: &'static str,
    },

    #[error("`{function}` needs a plain number")]
    #[diagnostic(
        code(llmc::argument::not_plain),
        help("divide by a unit to get a plain number, e.g. `t / 1 day`")
    )]
    NotPlain {
        #[label("{found}")]
        span: Span,
        function: &'static str,
        found: String,
    },

    #[error("unknown {parameter} \"{text}\"")]
    #[diagnostic(
        code(llmc::argument::unknown_choice),
        help("{}", near_help(near, choices))
    )]
    UnknownChoice {
        #[label("not one of the choices")]
        span: Span,
        parameter: &'static str,
        text: String,
        near: Option<&'static str>,
        choices: Choices,
    },

    #[error("`{parameter}` must be a string")]
    #[diagnostic(code(llmc::argument::choice_not_text), help("{choices}"))]
    ChoiceNotText {
        #[label("{kind}")]
        span: Span,
        parameter: &'static str,
        kind: &'static str,
        choices: Choices,
    },

    #[error("expected {what}")]
    #[diagnostic(code(llmc::argument::not_a_cluster), help("for example {example}"))]
    NotACluster {
        #[label("{found}")]
        span: Span,
        what: &'static str,
        found: String,
        example: &'static str,
    },

    #[error("a cluster needs at least one GPU to fail")]
    #[diagnostic(code(llmc::argument::no_gpus))]
    NoGpus {
        #[label("{count} GPUs")]
        span: Span,
        count: f64,
    },

    #[error("`{parameter}` must be above zero")]
    #[diagnostic(code(llmc::argument::not_above_zero), help("for example `{example}`"))]
    NotAboveZero {
        #[label("out of range")]
        span: Span,
        parameter: &'static str,
        example: &'static str,
    },

    #[error("checkpoints every {interval} that each take {checkpoint} leave no time to train")]
    #[diagnostic(
        code(llmc::argument::interval_not_above_checkpoint),
        help(
            "make `interval` longer than `checkpoint`, or leave it out for Young's optimum ({young})"
        )
    )]
    IntervalNotAboveCheckpoint {
        #[label("checkpoints every {interval}")]
        span: Span,
        #[label("each takes {checkpoint}")]
        checkpoint_span: Span,
        interval: String,
        checkpoint: String,
        young: String,
    },

    #[error("expected a parameter count or a model")]
    #[diagnostic(
        code(llmc::argument::not_a_model),
        help("for example `405B params`, or a model such as `llama3_405b`")
    )]
    NotAModel {
        #[label("{found}")]
        span: Span,
        found: String,
    },

    #[error("model `{model}` lacks `{field}`, which this formula needs")]
    #[diagnostic(code(llmc::argument::model_lacks_field))]
    ModelLacksField {
        #[label("no `{field}`")]
        span: Span,
        model: String,
        field: &'static str,
        #[help]
        missing: MissingField,
    },

    #[error("`attention` needs a model's dimensions")]
    #[diagnostic(
        code(llmc::argument::attention_needs_model),
        help(
            "pass a model (`model m {{ … }}` or a preset such as `llama3_405b`) to count attention FLOPs"
        )
    )]
    AttentionNeedsModel {
        #[label("a parameter count has no layers or heads")]
        span: Span,
    },

    #[error("selective recomputation repeats attention, which needs a model's dimensions")]
    #[diagnostic(
        code(llmc::argument::selective_needs_model),
        help("pass a model instead of a parameter count")
    )]
    SelectiveNeedsModel {
        #[label("no attention shape")]
        span: Span,
    },

    #[error("the 20-tokens rule gives no loss")]
    #[diagnostic(
        code(llmc::argument::no_loss_law),
        help("use fit = \"hoffmann\" or fit = \"besiroglu\"")
    )]
    NoLossLaw {
        #[label("not a fitted law")]
        span: Span,
    },

    #[error("energy from GPU-hours needs the power per GPU")]
    #[diagnostic(
        code(llmc::argument::energy_needs_power),
        help("pass `power_per_gpu = 700 W/GPU`, or a cluster and a time")
    )]
    EnergyNeedsPower {
        #[label("no chip to take a TDP from")]
        span: Span,
    },

    #[error("energy of a cluster needs a time")]
    #[diagnostic(
        code(llmc::argument::energy_needs_time),
        help("for example `energy(cluster, 68.6 days)`")
    )]
    EnergyNeedsTime {
        #[label("for how long?")]
        span: Span,
    },

    #[error("a PUE is at least 1")]
    #[diagnostic(
        code(llmc::argument::pue_below_one),
        help("PUE is facility power over IT power, e.g. 1.1")
    )]
    PueBelowOne {
        #[label("below 1")]
        span: Span,
    },

    #[error("no TDP is known for {chip}")]
    #[diagnostic(
        code(llmc::argument::no_tdp),
        help("pass `power_per_gpu = …` (in W/GPU)")
    )]
    NoTdp {
        #[label("no power figure")]
        span: Span,
        chip: String,
    },

    #[error("a logarithm needs a number above zero")]
    #[diagnostic(code(llmc::argument::log_domain))]
    LogOfNonPositive {
        #[label("{value}")]
        span: Span,
        value: f64,
    },

    #[error("the square root of this quantity has no whole dimension")]
    #[diagnostic(
        code(llmc::argument::no_square_root),
        help("only quantities with even powers (like s^2) have a square root")
    )]
    NoSquareRoot {
        #[label("{found}")]
        span: Span,
        found: String,
    },

    #[error("`{parameter}` is `true` or `false`")]
    #[diagnostic(
        code(llmc::argument::not_a_flag),
        help("for example `{parameter} = false`")
    )]
    NotAFlag {
        #[label("{kind}")]
        span: Span,
        parameter: &'static str,
        kind: &'static str,
    },

    #[error("`{function}` needs a model's architecture")]
    #[diagnostic(
        code(llmc::argument::needs_a_model),
        help("pass a model record (`model m {{ … }}`) or a preset such as `llama3_70b`")
    )]
    NeedsAModel {
        #[label("{kind}")]
        span: Span,
        function: &'static str,
        kind: String,
    },

    #[error("cannot count the parameters of model `{model}`")]
    #[diagnostic(
        code(llmc::argument::cannot_count_params),
        help("add {missing} to its record")
    )]
    CannotCountParams {
        #[label("no {missing}")]
        span: Span,
        model: String,
        missing: String,
    },

    #[error("the parameters of model `{model}` cannot be counted: it uses latent attention")]
    #[diagnostic(
        code(llmc::argument::latent_attention_count),
        help(
            "latent attention's down- and up-projections are not in the convention (SPEC §3.3); give `params = …` and `active_params = …` in the record"
        )
    )]
    LatentAttentionCount {
        #[label("has `kv_latent`")]
        span: Span,
        model: String,
    },

    #[error("`{parameter}` must be a whole number of at least 1")]
    #[diagnostic(
        code(llmc::argument::not_a_degree),
        help("for example `{parameter} = 8`")
    )]
    NotADegree {
        #[label("{value}")]
        span: Span,
        parameter: &'static str,
        value: f64,
    },

    #[error("there is no ZeRO stage {value}")]
    #[diagnostic(
        code(llmc::argument::unknown_zero_stage),
        help(
            "`zero` is 0 (plain data parallelism), 1 (optimizer states sharded), 2 (and gradients) or 3 (and weights)"
        )
    )]
    UnknownZeroStage {
        #[label("not 0, 1, 2 or 3")]
        span: Span,
        value: f64,
    },

    #[error("{parameter} = {degree} does not divide the {figure} {field} of model `{model}`")]
    #[diagnostic(
        code(llmc::argument::does_not_divide),
        help("each rank must hold whole {field}: `{parameter}` is one of {valid}")
    )]
    DoesNotDivide {
        #[label("{figure} {field} / {degree} is not whole")]
        span: Span,
        parameter: &'static str,
        degree: f64,
        model: String,
        field: &'static str,
        figure: f64,
        valid: String,
    },

    #[error("expected a cluster or an accelerator, found {kind}")]
    #[diagnostic(
        code(llmc::argument::not_hardware),
        help("for example `8 x H100` or `H100`")
    )]
    NotHardware {
        #[label("{kind}")]
        span: Span,
        kind: &'static str,
    },

    #[error("no memory bandwidth is known for {chip}")]
    #[diagnostic(
        code(llmc::argument::no_bandwidth),
        help(
            "a decoding step reads its weights from memory: declare the chip with `bandwidth = …`"
        )
    )]
    NoBandwidth {
        #[label("no bandwidth figure")]
        span: Span,
        chip: String,
    },

    #[error("{chip} has no bf16 or fp16 peak to run on")]
    #[diagnostic(
        code(llmc::argument::no_default_peak),
        help("build a cluster with a precision instead, such as `1 x {chip}:fp32`")
    )]
    NoDefaultPeak {
        #[label("no default precision")]
        span: Span,
        chip: String,
    },

    #[error("the KV cache needs a model's architecture")]
    #[diagnostic(
        code(llmc::argument::kv_cache_needs_model),
        help(
            "pass a model (such as `llama3_70b`) instead of a parameter count, or leave out `seq` to count only the weights"
        )
    )]
    KvCacheNeedsModel {
        #[label("a sequence length to cache")]
        span: Span,
        #[label("a parameter count has no layers or KV heads")]
        params: Span,
    },

    #[error("the prefill of a parameter count needs the prompt's length")]
    #[diagnostic(
        code(llmc::argument::prompt_needed),
        help("pass `prompt = 2000 tokens`, or a model to use its `seq`")
    )]
    PromptNeeded {
        #[label("how many tokens?")]
        span: Span,
    },

    #[error("`round_up` needs a step above zero")]
    #[diagnostic(
        code(llmc::argument::step_not_positive),
        help("for example `round_up(6141 GPU, H100.node)` rounds up to whole 8-GPU servers")
    )]
    StepNotPositive {
        #[label("{value}")]
        span: Span,
        value: f64,
    },
}

/// The words a text-valued parameter takes: "`fit` is one of "rule20", …".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choices {
    pub parameter: &'static str,
    pub names: &'static [&'static str],
}

impl std::fmt::Display for Choices {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let quoted: Vec<String> = self.names.iter().map(|c| format!("\"{c}\"")).collect();
        write!(f, "`{}` is one of {}", self.parameter, quoted.join(", "))
    }
}

fn near_help(near: &Option<&'static str>, choices: &Choices) -> String {
    match near {
        Some(near) => format!("did you mean \"{near}\"? {choices}"),
        None => choices.to_string(),
    }
}

impl ArgumentError {
    pub fn span(&self) -> Span {
        crate::span::primary_span(self)
    }
}
