//! Built-in functions: one table row per function. Each parameter declares
//! what it takes (a dimension, a model, a cluster, a word of a name table),
//! so calls are bound at resolution, constant arguments are checked there,
//! computed ones when they arrive, and a function's code is only its
//! arithmetic. A new formula is a row here plus its function.

mod args;
mod math;
mod planning;
mod reliability;
mod training;

pub use args::{Args, ModelArg, non_negative};

use super::eval_error::EvalResult;
use super::value::Value;
use crate::knowledge::formulas::{Attention, Fit, Recompute};
use crate::units::dimension::{
    D_BYTES, D_COMPUTE, D_DEVICE_TIME, D_DEVICES, D_ENERGY, D_INTENSITY, D_PARAMS, D_POWER, D_TIME,
    D_TOKENS,
};
use crate::units::{Base, Dimension};
use crate::vocabulary::Named;

/// What a parameter takes. The words (`what`, `example`) are for errors:
/// "expected a token count", "for example `15.6T tokens`". Counts,
/// durations, energies and powers entering a formula cannot be negative.
#[derive(Debug, Clone, Copy)]
pub enum Takes {
    /// Any quantity (a cluster counts as its rate).
    Quantity,
    /// A plain number (errors name the function: "`ln` needs a plain number").
    Plain,
    /// A quantity of one dimension.
    Dimension {
        dim: Dimension,
        what: &'static str,
        example: &'static str,
    },
    /// A figure per device: the dimension per GPU. The total alone is
    /// refused, so a node's power is never taken for one GPU's.
    PerDevice {
        dim: Dimension,
        what: &'static str,
        example: &'static str,
    },
    /// A string, one of a name table's words; `default` when left out.
    Choice {
        names: &'static [&'static str],
        default: &'static str,
    },
    /// A model, or a parameter count standing for one.
    ModelOrParams,
    /// A cluster, or a quantity of one of the `or` dimensions (`what`
    /// names them all; `example` is written as code).
    Cluster {
        or: &'static [Dimension],
        what: &'static str,
        example: &'static str,
    },
    /// A model: the formula needs its architecture, a count will not do.
    Model,
    /// What a step runs on: a cluster, or one accelerator.
    Hardware,
    /// `true` or `false`; `default` when left out.
    Flag { default: bool },
}

#[derive(Debug)]
pub struct Param {
    pub name: &'static str,
    pub takes: Takes,
    pub optional: bool,
}

const fn param(name: &'static str, takes: Takes) -> Param {
    Param {
        name,
        takes,
        optional: false,
    }
}

const fn optional(name: &'static str, takes: Takes) -> Param {
    Param {
        name,
        takes,
        optional: true,
    }
}

const fn dimension(dim: Dimension, what: &'static str, example: &'static str) -> Takes {
    Takes::Dimension { dim, what, example }
}

const fn choice<T: Named>(default: &'static str) -> Takes {
    Takes::Choice {
        names: T::NAMES,
        default,
    }
}

const MODEL: Param = param("model", Takes::ModelOrParams);
const TOKENS: Param = param(
    "tokens",
    dimension(D_TOKENS, "a token count", "15.6T tokens"),
);
const ATTENTION: Param = optional("attention", choice::<Attention>("causal"));
const X: Param = param("x", Takes::Quantity);
const FAILING: Param = param(
    "cluster",
    Takes::Cluster {
        or: &[D_DEVICES, Dimension::NONE],
        what: "a cluster or a number of GPUs",
        example: "`16384 x H100 @ 40%` or `16384 GPU`",
    },
);
const MTBF: Param = param(
    "mtbf",
    dimension(D_TIME, "a duration for `mtbf`", "mtbf = 50000 h"),
);
const CHECKPOINT: Param = param(
    "checkpoint",
    dimension(D_TIME, "a duration for `checkpoint`", "checkpoint = 30 s"),
);
const RECORD: Param = param("model", Takes::Model);
const ON: Param = param("on", Takes::Hardware);
const TP: Param = optional("tp", Takes::Plain);
const BATCH: Param = optional("batch", Takes::Plain);
const SEQ: Param = optional(
    "seq",
    dimension(D_TOKENS, "a sequence length", "seq = 8192 tokens"),
);
const BYTES_PER_PARAM: Takes = dimension(
    Dimension::of(&[(Base::Information, 1), (Base::Params, -1)]),
    "bytes per parameter",
    "2 bytes/param",
);
const BYTES_PER_ELEMENT: Takes = dimension(D_BYTES, "bytes per cached element", "1 byte");
const DECODE: &[Param] = &[
    MODEL,
    ON,
    BATCH,
    SEQ,
    optional("bytes", BYTES_PER_PARAM),
    optional("kv_bytes", BYTES_PER_ELEMENT),
];
const PLAIN_X: Param = param("x", Takes::Plain);

pub struct Builtin {
    pub name: &'static str,
    pub params: &'static [Param],
    /// One line for help and completion.
    pub summary: &'static str,
    pub call: fn(&Args) -> EvalResult<Value>,
    /// A note the sheet shows beside a cell computed by this function when
    /// the named parameter is left at its default: (parameter, note).
    pub default_note: Option<(&'static str, &'static str)>,
}

impl std::fmt::Debug for Builtin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

impl Builtin {
    /// `name(a, b, key = …)`: how a call is written, optional parameters
    /// with their keyword.
    pub fn signature(&self) -> String {
        let params: Vec<String> = self
            .params
            .iter()
            .map(|p| match p.optional {
                true => format!("{} = …", p.name),
                false => p.name.to_string(),
            })
            .collect();
        format!("{}({})", self.name, params.join(", "))
    }

    /// The position of a parameter.
    pub fn param_index(&self, name: &str) -> Option<usize> {
        self.params.iter().position(|p| p.name == name)
    }
}

static BUILTINS: &[Builtin] = &[
    // Arithmetic.
    Builtin {
        name: "sqrt",
        params: &[X],
        summary: "square root",
        call: math::sqrt,
        default_note: None,
    },
    Builtin {
        name: "abs",
        params: &[X],
        summary: "absolute value",
        call: |a| math::unary(a, f64::abs),
        default_note: None,
    },
    Builtin {
        name: "ceil",
        params: &[X],
        summary: "round up to a whole number of base units (GPUs, bytes, …)",
        call: |a| math::unary(a, f64::ceil),
        default_note: None,
    },
    Builtin {
        name: "floor",
        params: &[X],
        summary: "round down to a whole number of base units",
        call: |a| math::unary(a, f64::floor),
        default_note: None,
    },
    Builtin {
        name: "round",
        params: &[X],
        summary: "round to the nearest whole number of base units",
        call: |a| math::unary(a, f64::round),
        default_note: None,
    },
    Builtin {
        name: "min",
        params: &[param("a", Takes::Quantity), param("b", Takes::Quantity)],
        summary: "the smaller of two quantities",
        call: |a| math::extreme(a, |x, y| x <= y),
        default_note: None,
    },
    Builtin {
        name: "max",
        params: &[param("a", Takes::Quantity), param("b", Takes::Quantity)],
        summary: "the larger of two quantities",
        call: |a| math::extreme(a, |x, y| x >= y),
        default_note: None,
    },
    Builtin {
        name: "ln",
        params: &[PLAIN_X],
        summary: "natural logarithm of a plain number",
        call: |a| math::logarithm(a, f64::ln),
        default_note: None,
    },
    Builtin {
        name: "log10",
        params: &[PLAIN_X],
        summary: "base-10 logarithm of a plain number",
        call: |a| math::logarithm(a, f64::log10),
        default_note: None,
    },
    Builtin {
        name: "exp",
        params: &[PLAIN_X],
        summary: "e to the power of a plain number",
        call: |a| math::plain(a, f64::exp),
        default_note: None,
    },
    // Training and inference (knowledge::formulas has the conventions).
    Builtin {
        name: "train_flops",
        params: &[MODEL, TOKENS, ATTENTION],
        summary: "model FLOPs of training: 6·N·D, plus attention for a model (attention = \"causal\" | \"full\" | \"none\")",
        call: training::train_flops,
        default_note: None,
    },
    Builtin {
        name: "hardware_flops",
        params: &[
            MODEL,
            TOKENS,
            optional("recompute", choice::<Recompute>("none")),
            ATTENTION,
        ],
        summary: "FLOPs the hardware runs, with recomputation (recompute = \"none\" | \"selective\" | \"full\"); measure HFU against it, never MFU",
        call: training::hardware_flops,
        default_note: None,
    },
    Builtin {
        name: "forward_flops",
        params: &[MODEL, TOKENS, ATTENTION],
        summary: "forward-pass FLOPs (inference): 2·N·D, plus attention for a model",
        call: training::forward_flops,
        default_note: None,
    },
    Builtin {
        name: "chinchilla_tokens",
        params: &[param(
            "params",
            dimension(D_PARAMS, "a parameter count", "70B params"),
        )],
        summary: "compute-optimal tokens by the rule of thumb: 20 tokens per parameter",
        call: training::chinchilla_tokens,
        default_note: None,
    },
    Builtin {
        name: "chinchilla_optimal",
        params: &[
            param(
                "compute",
                dimension(D_COMPUTE, "a FLOP budget", "5.76e23 FLOP"),
            ),
            optional("fit", choice::<Fit>("rule20")),
        ],
        summary: "split a FLOP budget into .params and .tokens (fit = \"rule20\" | \"hoffmann\" | \"besiroglu\")",
        call: training::chinchilla_optimal,
        default_note: None,
    },
    Builtin {
        name: "chinchilla_loss",
        params: &[
            param("params", Takes::ModelOrParams),
            TOKENS,
            optional("fit", choice::<Fit>("hoffmann")),
        ],
        summary: "loss in nats per token from a fitted scaling law (fit = \"hoffmann\" | \"besiroglu\")",
        call: training::chinchilla_loss,
        default_note: None,
    },
    Builtin {
        name: "energy",
        params: &[
            param(
                "cluster",
                Takes::Cluster {
                    or: &[D_DEVICE_TIME],
                    what: "a cluster",
                    example: "`16000 x H100 @ 38%`",
                },
            ),
            optional("time", dimension(D_TIME, "a duration", "68.6 days")),
            optional(
                "pue",
                dimension(Dimension::NONE, "a plain number", "pue = 1.1"),
            ),
            optional(
                "power_per_gpu",
                Takes::PerDevice {
                    dim: D_POWER,
                    what: "a power per GPU",
                    example: "power_per_gpu = 1.4 kW/GPU",
                },
            ),
        ],
        summary: "energy of a run: GPUs × power per GPU (default: the chip's TDP) × time × PUE; or energy(gpu_hours, power_per_gpu = …)",
        call: training::energy,
        default_note: Some((
            "power_per_gpu",
            "GPU board power (TDP) only; pass power_per_gpu = … for whole-node power",
        )),
    },
    // Memory, parallelism and serving (knowledge::memory and ::inference).
    Builtin {
        name: "param_count",
        params: &[RECORD, optional("active", Takes::Flag { default: false })],
        summary: "parameters from a model's architecture (active = true: those one token uses)",
        call: planning::param_count,
        default_note: None,
    },
    Builtin {
        name: "train_memory",
        params: &[
            MODEL,
            optional("zero", Takes::Plain),
            optional("dp", Takes::Plain),
            TP,
            optional("pp", Takes::Plain),
            optional("weights", BYTES_PER_PARAM),
            optional("grads", BYTES_PER_PARAM),
            optional("optimizer", BYTES_PER_PARAM),
        ],
        summary: "bytes per GPU of weights, gradients and optimizer states (ZeRO stage zero = 0..3 over dp; tp·pp split the parameters first)",
        call: planning::train_memory,
        default_note: None,
    },
    Builtin {
        name: "activation_memory",
        params: &[
            RECORD,
            BATCH,
            SEQ,
            TP,
            optional("sp", Takes::Flag { default: true }),
            optional("recompute", choice::<Recompute>("none")),
            optional("flash", Takes::Flag { default: true }),
        ],
        summary: "bytes per GPU of activations kept for the backward pass (Korthikanti et al. 2022; recompute = \"none\" | \"selective\" | \"full\")",
        call: planning::activation_memory,
        default_note: None,
    },
    Builtin {
        name: "kv_cache",
        params: &[RECORD, SEQ, BATCH, optional("bytes", BYTES_PER_ELEMENT)],
        summary: "bytes of KV cache for seq tokens (default the model's seq) of each of batch sequences",
        call: planning::kv_cache,
        default_note: None,
    },
    Builtin {
        name: "decode_step",
        params: DECODE,
        summary: "time of one decoding step on a cluster or chip: the larger of reading weights and KV cache and computing 2·N_active FLOP per token",
        call: planning::decode_step,
        default_note: None,
    },
    Builtin {
        name: "decode_throughput",
        params: DECODE,
        summary: "tokens per second decoded: batch tokens per decode_step",
        call: planning::decode_throughput,
        default_note: None,
    },
    Builtin {
        name: "prefill_time",
        params: &[
            MODEL,
            ON,
            optional(
                "prompt",
                dimension(D_TOKENS, "a prompt length", "prompt = 2000 tokens"),
            ),
            BATCH,
        ],
        summary: "time to process a prompt: its forward FLOPs (with causal attention for a model) over the rate",
        call: planning::prefill_time,
        default_note: None,
    },
    Builtin {
        name: "round_up",
        params: &[
            param("value", Takes::Quantity),
            param("step", Takes::Quantity),
        ],
        summary: "the smallest multiple of step not below value: round_up(6141 GPU, H100.node) is 6,144 GPU",
        call: math::round_up,
        default_note: None,
    },
    Builtin {
        name: "emissions",
        params: &[
            param("energy", dimension(D_ENERGY, "an energy", "289 MWh")),
            param(
                "intensity",
                dimension(D_INTENSITY, "a grid intensity", "380 gCO2e/kWh"),
            ),
        ],
        summary: "emissions of an energy at a grid intensity (gCO2e/kWh)",
        call: training::emissions,
        default_note: None,
    },
    // Goodput (SPEC §3.4; knowledge::formulas::goodput has the model).
    Builtin {
        name: "failures",
        params: &[
            FAILING,
            param(
                "time",
                dimension(D_TIME, "a duration for `time`", "54 days"),
            ),
            MTBF,
        ],
        summary: "expected interruptions: GPUs × time / mtbf (each GPU's mean time between failures)",
        call: reliability::failures,
        default_note: None,
    },
    Builtin {
        name: "checkpoint_interval",
        params: &[FAILING, MTBF, CHECKPOINT],
        summary: "Young's optimum checkpoint interval: sqrt(2 × checkpoint × mtbf / GPUs)",
        call: reliability::checkpoint_interval,
        default_note: None,
    },
    Builtin {
        name: "goodput",
        params: &[
            FAILING,
            MTBF,
            CHECKPOINT,
            param(
                "restart",
                dimension(D_TIME, "a duration for `restart`", "restart = 10 min"),
            ),
            optional(
                "interval",
                dimension(D_TIME, "a duration for `interval`", "interval = 15 min"),
            ),
        ],
        summary: "fraction of time doing useful work: 1 − checkpoint/interval − (interval/2 + restart)/(mtbf/GPUs)",
        call: reliability::goodput,
        default_note: None,
    },
];

pub fn find(name: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|b| b.name == name)
}

pub fn names() -> impl Iterator<Item = &'static str> {
    BUILTINS.iter().map(|b| b.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_has_a_unique_name_and_parameter_names() {
        let mut seen = std::collections::HashSet::new();
        for builtin in BUILTINS {
            assert!(
                seen.insert(builtin.name),
                "{} is listed twice",
                builtin.name
            );
            let mut params = std::collections::HashSet::new();
            for p in builtin.params {
                assert!(params.insert(p.name), "{}({}) twice", builtin.name, p.name);
            }
        }
    }

    #[test]
    fn choice_defaults_are_among_the_choices() {
        for builtin in BUILTINS {
            for p in builtin.params {
                if let Takes::Choice { names, default } = p.takes {
                    assert!(names.contains(&default), "{}({})", builtin.name, p.name);
                }
            }
        }
    }

    #[test]
    fn default_notes_name_an_optional_parameter() {
        for builtin in BUILTINS {
            if let Some((param, _)) = builtin.default_note {
                let index = builtin.param_index(param).expect("a parameter");
                assert!(builtin.params[index].optional, "{}", builtin.name);
            }
        }
    }
}
