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
    /// A quantity of one dimension above zero (a time between failures,
    /// a checkpoint's duration): zero is as meaningless as a negative.
    Positive {
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

const fn positive(dim: Dimension, what: &'static str, example: &'static str) -> Takes {
    Takes::Positive { dim, what, example }
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
    positive(D_TIME, "a duration for `mtbf`", "mtbf = 50000 h"),
);
const CHECKPOINT: Param = param(
    "checkpoint",
    positive(D_TIME, "a duration for `checkpoint`", "checkpoint = 30 s"),
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
    /// Where the formula comes from (paper, section), shown by `:help` and
    /// hover so every figure can be checked.
    pub source: &'static str,
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
        source: "IEEE 754-2019 §5.4.1 (correctly rounded square root, Rust's f64::sqrt)",
        call: math::sqrt,
        default_note: None,
    },
    Builtin {
        name: "abs",
        params: &[X],
        summary: "absolute value",
        source: "IEEE 754-2019 §5.5.1 (abs, Rust's f64::abs)",
        call: |a| math::unary(a, f64::abs),
        default_note: None,
    },
    Builtin {
        name: "ceil",
        params: &[X],
        summary: "round up to a whole number of base units (GPUs, bytes, …)",
        source: "IEEE 754-2019 §5.9 (roundToIntegralTowardPositive, Rust's f64::ceil)",
        call: |a| math::unary(a, f64::ceil),
        default_note: None,
    },
    Builtin {
        name: "floor",
        params: &[X],
        summary: "round down to a whole number of base units",
        source: "IEEE 754-2019 §5.9 (roundToIntegralTowardNegative, Rust's f64::floor)",
        call: |a| math::unary(a, f64::floor),
        default_note: None,
    },
    Builtin {
        name: "round",
        params: &[X],
        summary: "round to the nearest whole number of base units",
        source: "IEEE 754-2019 §5.9 (roundToIntegralTiesToAway, Rust's f64::round)",
        call: |a| math::unary(a, f64::round),
        default_note: None,
    },
    Builtin {
        name: "min",
        params: &[param("a", Takes::Quantity), param("b", Takes::Quantity)],
        summary: "the smaller of two quantities",
        source: "IEEE 754-2019 §9.6 (minimum; both sides compared in base units)",
        call: |a| math::extreme(a, |x, y| x <= y),
        default_note: None,
    },
    Builtin {
        name: "max",
        params: &[param("a", Takes::Quantity), param("b", Takes::Quantity)],
        summary: "the larger of two quantities",
        source: "IEEE 754-2019 §9.6 (maximum; both sides compared in base units)",
        call: |a| math::extreme(a, |x, y| x >= y),
        default_note: None,
    },
    Builtin {
        name: "ln",
        params: &[PLAIN_X],
        summary: "natural logarithm of a plain number",
        source: "IEEE 754-2019 §9.2 (log, Rust's f64::ln)",
        call: |a| math::logarithm(a, f64::ln),
        default_note: None,
    },
    Builtin {
        name: "log10",
        params: &[PLAIN_X],
        summary: "base-10 logarithm of a plain number",
        source: "IEEE 754-2019 §9.2 (log10, Rust's f64::log10)",
        call: |a| math::logarithm(a, f64::log10),
        default_note: None,
    },
    Builtin {
        name: "exp",
        params: &[PLAIN_X],
        summary: "e to the power of a plain number",
        source: "IEEE 754-2019 §9.2 (exp, Rust's f64::exp)",
        call: |a| math::plain(a, f64::exp),
        default_note: None,
    },
    // Training and inference (knowledge::formulas has the conventions).
    Builtin {
        name: "train_flops",
        params: &[MODEL, TOKENS, ATTENTION],
        summary: "model FLOPs of training: 6·N·D, plus attention for a model (attention = \"causal\" | \"full\" | \"none\")",
        source: "Kaplan et al. 2020, Scaling Laws for Neural Language Models, arXiv:2001.08361, §2.1 and Table 1 (6·N·D; causal attention term); Chowdhery et al. 2022, PaLM, arXiv:2204.02311, App. B (attention = \"full\")",
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
        source: "Korthikanti et al. 2022, Reducing Activation Recomputation in Large Transformer Models, arXiv:2205.05198, §5 (selective recomputation); Narayanan et al. 2021, Efficient Large-Scale Language Model Training on GPU Clusters Using Megatron-LM, arXiv:2104.04473, §5.1 (full recomputation: 8·N·D); Chowdhery et al. 2022, PaLM, App. B (MFU vs HFU)",
        call: training::hardware_flops,
        default_note: None,
    },
    Builtin {
        name: "forward_flops",
        params: &[MODEL, TOKENS, ATTENTION],
        summary: "forward-pass FLOPs (inference): 2·N·D, plus attention for a model",
        source: "Kaplan et al. 2020, Scaling Laws for Neural Language Models, arXiv:2001.08361, §2.1 and Table 1 (forward pass 2·N per token)",
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
        source: "Hoffmann et al. 2022, Training Compute-Optimal Large Language Models (Chinchilla), arXiv:2203.15556, Table 3 (about 20 tokens per parameter)",
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
        source: "Hoffmann et al. 2022, Training Compute-Optimal Large Language Models (Chinchilla), arXiv:2203.15556, §3.3 and eq. (10) (Approach 3); Besiroglu et al. 2024, Chinchilla Scaling: A replication attempt, arXiv:2404.10102 (fit = \"besiroglu\")",
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
        source: "Hoffmann et al. 2022, Training Compute-Optimal Large Language Models (Chinchilla), arXiv:2203.15556, §3.3 and eq. (10) (Approach 3); Besiroglu et al. 2024, Chinchilla Scaling: A replication attempt, arXiv:2404.10102 (fit = \"besiroglu\")",
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
        source: "GPUs × TDP × time × PUE: TDP from each accelerator's datasheet (`llmc gpus NAME`); PUE as defined by The Green Grid, White Paper #49, 2012 (ISO/IEC 30134-2:2016)",
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
        source: "Vaswani et al. 2017, Attention Is All You Need, arXiv:1706.03762, §3 (attention and MLP weights); Ainslie et al. 2023, GQA, arXiv:2305.13245 (kv_heads); Shazeer 2020, GLU Variants Improve Transformer, arXiv:2002.05202 (gated MLP); Fedus et al. 2021, Switch Transformers, arXiv:2101.03961 (experts and router)",
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
        source: "Rajbhandari et al. 2020, ZeRO: Memory Optimizations Toward Training Trillion Parameter Models, arXiv:1910.02054, §3.1 (16 bytes/param of mixed-precision Adam) and §5, Figure 1 (stages 1-3)",
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
        source: "Korthikanti et al. 2022, Reducing Activation Recomputation in Large Transformer Models, arXiv:2205.05198, §4 (s·b·h·(34 + 5·a·s/h) per layer, tensor and sequence parallelism) and §5 (selective recomputation)",
        call: planning::activation_memory,
        default_note: None,
    },
    Builtin {
        name: "kv_cache",
        params: &[RECORD, SEQ, BATCH, optional("bytes", BYTES_PER_ELEMENT)],
        summary: "bytes of KV cache for seq tokens (default the model's seq) of each of batch sequences",
        source: "Pope et al. 2022, Efficiently Scaling Transformer Inference, arXiv:2211.05102, §2 (KV cache 2·layers·heads·d_head per token); Ainslie et al. 2023, GQA, arXiv:2305.13245 (kv_heads); DeepSeek-AI 2024, DeepSeek-V2, arXiv:2405.04434, §2.1 (latent KV)",
        call: planning::kv_cache,
        default_note: None,
    },
    Builtin {
        name: "decode_step",
        params: DECODE,
        summary: "time of one decoding step on a cluster or chip: the larger of reading weights and KV cache and computing 2·N_active FLOP per token",
        source: "Williams et al. 2009, Roofline: An Insightful Visual Performance Model, CACM 52(4); Pope et al. 2022, Efficiently Scaling Transformer Inference, arXiv:2211.05102, §2 (decoding is memory-bound at small batch)",
        call: planning::decode_step,
        default_note: None,
    },
    Builtin {
        name: "decode_throughput",
        params: DECODE,
        summary: "tokens per second decoded: batch tokens per decode_step",
        source: "Williams et al. 2009, Roofline: An Insightful Visual Performance Model, CACM 52(4); Pope et al. 2022, Efficiently Scaling Transformer Inference, arXiv:2211.05102, §2",
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
        source: "Kaplan et al. 2020, arXiv:2001.08361, §2.1 (2·N forward FLOPs per token, causal attention term); Pope et al. 2022, Efficiently Scaling Transformer Inference, arXiv:2211.05102, §2 (prefill is compute-bound)",
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
        source: "arithmetic: ceil(value / step) × step (llmc's own definition, SPEC §3.3)",
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
        source: "GHG Protocol, Scope 2 Guidance, 2015 (the location-based method: energy × grid emission factor)",
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
        source: "J. W. Young, A first order approximation to the optimum checkpoint interval, CACM 17(9), 1974 (failures as a Poisson process: gpus × time / mtbf); Llama Team 2024, The Llama 3 Herd of Models, arXiv:2407.21783, §3.3.4 (419 interruptions in 54 days)",
        call: reliability::failures,
        default_note: None,
    },
    Builtin {
        name: "checkpoint_interval",
        params: &[FAILING, MTBF, CHECKPOINT],
        summary: "Young's optimum checkpoint interval: sqrt(2 × checkpoint × mtbf / GPUs)",
        source: "J. W. Young, A first order approximation to the optimum checkpoint interval, CACM 17(9), 1974 (τ = sqrt(2·δ·M)); J. T. Daly, A higher order estimate of the optimum checkpoint interval for restart dumps, FGCS 22(3), 2006",
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
                positive(D_TIME, "a duration for `interval`", "interval = 15 min"),
            ),
        ],
        summary: "fraction of time doing useful work: 1 − checkpoint/interval − (interval/2 + restart)/(mtbf/GPUs)",
        source: "J. W. Young, A first order approximation to the optimum checkpoint interval, CACM 17(9), 1974; J. T. Daly, A higher order estimate of the optimum checkpoint interval for restart dumps, FGCS 22(3), 2006 (first-order waste: δ/τ + (τ/2 + R)/M)",
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
    fn every_builtin_cites_a_source() {
        for builtin in BUILTINS {
            assert!(
                builtin.source.trim().len() > 10,
                "{} has no source",
                builtin.name
            );
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
