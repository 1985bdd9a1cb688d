//! Built-in functions: a name → implementation table with parameter lists,
//! so calls are checked (arity, keywords) before anything is evaluated.

mod math;
mod reliability;
mod training;

use std::sync::Arc;

use super::eval_error::{EvalError, EvalResult, Kind};
use super::value::{Cluster, Value};
use crate::knowledge::model::Model;
use crate::span::Span;
use crate::units::{Dimension, Quantity};

#[derive(Debug)]
pub struct Param {
    pub name: &'static str,
    pub optional: bool,
}

const fn required(name: &'static str) -> Param {
    Param {
        name,
        optional: false,
    }
}

const fn optional(name: &'static str) -> Param {
    Param {
        name,
        optional: true,
    }
}

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

/// Evaluated arguments, one per parameter (`None` where a default applies).
pub struct Args {
    pub values: Vec<Option<(Value, Span)>>,
    /// The whole call, for errors about the result.
    pub span: Span,
    pub user_bases: Vec<String>,
}

impl Args {
    /// A quantity argument (a cluster counts as its rate).
    pub fn quantity(&self, index: usize) -> EvalResult<(Quantity, Span)> {
        let (value, span) = self.values[index].as_ref().expect("a required argument");
        match value.as_quantity() {
            Some(q) => Ok((q, *span)),
            None => Err(crate::eval::evaluate::not_a_number(value, *span)),
        }
    }

    pub fn dimensionless(&self, index: usize, function: &str) -> EvalResult<f64> {
        let (q, span) = self.quantity(index)?;
        if q.dim.is_none() {
            return Ok(q.value);
        }
        Err(EvalError::detail(
            Kind::WrongKind,
            span,
            format!("`{function}` needs a plain number"),
            self.dimension_words(q.dim),
            Some("divide by a unit to get a plain number, e.g. `t / 1 day`".into()),
        ))
    }

    pub fn dimension_words(&self, dim: Dimension) -> String {
        super::hints::describe(dim, &self.user_bases)
    }

    /// What a value is, for a label: its dimension, or its kind.
    pub fn value_words(&self, value: &Value) -> String {
        match value.as_quantity() {
            Some(q) => self.dimension_words(q.dim),
            None => value.kind_name().to_string(),
        }
    }

    fn given(&self, index: usize) -> Option<&(Value, Span)> {
        self.values[index].as_ref()
    }

    /// A quantity of one dimension; `what` names it in the error.
    pub fn of_dim(
        &self,
        index: usize,
        dim: Dimension,
        what: &str,
        example: &str,
    ) -> EvalResult<f64> {
        let (q, span) = self.quantity(index)?;
        if q.dim == dim {
            return non_negative(q.value, span, what);
        }
        Err(EvalError::detail(
            Kind::Argument,
            span,
            format!("expected {what}"),
            self.dimension_words(q.dim),
            Some(format!("for example `{example}`")),
        ))
    }

    /// Like [`Args::of_dim`], with a default when the argument is left out.
    pub fn of_dim_or(
        &self,
        index: usize,
        dim: Dimension,
        what: &str,
        example: &str,
        default: f64,
    ) -> EvalResult<f64> {
        match self.given(index) {
            Some(_) => self.of_dim(index, dim, what, example),
            None => Ok(default),
        }
    }

    /// A text argument that must be one of `choices`.
    pub fn choice(
        &self,
        index: usize,
        parameter: &str,
        choices: &[&'static str],
        default: &'static str,
    ) -> EvalResult<&'static str> {
        let Some((value, span)) = self.given(index) else {
            return Ok(default);
        };
        let quoted: Vec<String> = choices.iter().map(|c| format!("\"{c}\"")).collect();
        let listing = format!("`{parameter}` is one of {}", quoted.join(", "));
        match value {
            Value::Text(text) => choices
                .iter()
                .find(|c| **c == text.as_ref())
                .copied()
                .ok_or_else(|| {
                    let help = match crate::suggest::closest(text, choices.iter().copied()) {
                        Some(near) => format!("did you mean \"{near}\"? {listing}"),
                        None => listing.clone(),
                    };
                    EvalError::detail(
                        Kind::Argument,
                        *span,
                        format!("unknown {parameter} \"{text}\""),
                        "not one of the choices",
                        Some(help),
                    )
                }),
            other => Err(EvalError::detail(
                Kind::Argument,
                *span,
                format!("`{parameter}` must be a string"),
                other.kind_name(),
                Some(listing),
            )),
        }
    }

    pub fn cluster(&self, index: usize) -> EvalResult<(Arc<Cluster>, Span)> {
        let (value, span) = self.given(index).expect("a required argument");
        match value {
            Value::Cluster(c) => Ok((c.clone(), *span)),
            other => Err(EvalError::detail(
                Kind::Argument,
                *span,
                format!("expected a cluster, found {}", other.kind_name()),
                other.kind_name(),
                Some("for example `16000 x H100 @ 38%`".into()),
            )),
        }
    }

    /// A model, or a parameter count standing for one.
    pub fn model_or_params(&self, index: usize) -> EvalResult<(ModelArg, Span)> {
        let (value, span) = self.given(index).expect("a required argument");
        match value {
            Value::Model(model) => Ok((ModelArg::Model(model.clone()), *span)),
            other => {
                let q = other
                    .as_quantity()
                    .filter(|q| q.dim == Dimension::base(crate::units::Base::Params));
                match q {
                    Some(q) => Ok((
                        ModelArg::Params(non_negative(q.value, *span, "a parameter count")?),
                        *span,
                    )),
                    None => Err(EvalError::detail(
                        Kind::Argument,
                        *span,
                        "expected a parameter count or a model",
                        self.value_words(other),
                        Some("for example `405B params`, or a model such as `llama3_405b`".into()),
                    )),
                }
            }
        }
    }
}

/// The training and energy formulas count things, spend time and draw
/// power: a negative amount is an error where it enters the formula, not a
/// negative result later.
pub fn non_negative(value: f64, span: Span, what: &str) -> EvalResult<f64> {
    if value >= 0.0 {
        return Ok(value);
    }
    Err(Box::new(EvalError::Negative {
        span,
        what: what.to_string(),
        help: format!("{what} must be zero or more; check the sign, or the order of a subtraction"),
    }))
}

/// The first argument of the training formulas.
pub enum ModelArg {
    Params(f64),
    Model(Arc<Model>),
}

static BUILTINS: &[Builtin] = &[
    // Arithmetic.
    Builtin {
        name: "sqrt",
        params: &[required("x")],
        summary: "square root",
        call: math::sqrt,
        default_note: None,
    },
    Builtin {
        name: "abs",
        params: &[required("x")],
        summary: "absolute value",
        call: |a| math::unary(a, f64::abs),
        default_note: None,
    },
    Builtin {
        name: "ceil",
        params: &[required("x")],
        summary: "round up to a whole number of base units (GPUs, bytes, …)",
        call: |a| math::unary(a, f64::ceil),
        default_note: None,
    },
    Builtin {
        name: "floor",
        params: &[required("x")],
        summary: "round down to a whole number of base units",
        call: |a| math::unary(a, f64::floor),
        default_note: None,
    },
    Builtin {
        name: "round",
        params: &[required("x")],
        summary: "round to the nearest whole number of base units",
        call: |a| math::unary(a, f64::round),
        default_note: None,
    },
    Builtin {
        name: "min",
        params: &[required("a"), required("b")],
        summary: "the smaller of two quantities",
        call: |a| math::extreme(a, |x, y| x <= y),
        default_note: None,
    },
    Builtin {
        name: "max",
        params: &[required("a"), required("b")],
        summary: "the larger of two quantities",
        call: |a| math::extreme(a, |x, y| x >= y),
        default_note: None,
    },
    Builtin {
        name: "ln",
        params: &[required("x")],
        summary: "natural logarithm of a plain number",
        call: |a| math::plain(a, "ln", f64::ln),
        default_note: None,
    },
    Builtin {
        name: "log10",
        params: &[required("x")],
        summary: "base-10 logarithm of a plain number",
        call: |a| math::plain(a, "log10", f64::log10),
        default_note: None,
    },
    Builtin {
        name: "exp",
        params: &[required("x")],
        summary: "e to the power of a plain number",
        call: |a| math::plain(a, "exp", f64::exp),
        default_note: None,
    },
    // Training and inference (knowledge::formulas has the conventions).
    Builtin {
        name: "train_flops",
        params: &[required("model"), required("tokens"), optional("attention")],
        summary: "model FLOPs of training: 6·N·D, plus attention for a model (attention = \"causal\" | \"full\")",
        call: training::train_flops,
        default_note: None,
    },
    Builtin {
        name: "hardware_flops",
        params: &[
            required("model"),
            required("tokens"),
            optional("recompute"),
            optional("attention"),
        ],
        summary: "FLOPs the hardware runs, with recomputation (recompute = \"none\" | \"selective\" | \"full\"); measure HFU against it, never MFU",
        call: training::hardware_flops,
        default_note: None,
    },
    Builtin {
        name: "forward_flops",
        params: &[required("model"), required("tokens"), optional("attention")],
        summary: "forward-pass FLOPs (inference): 2·N·D, plus attention for a model",
        call: training::forward_flops,
        default_note: None,
    },
    Builtin {
        name: "chinchilla_tokens",
        params: &[required("params")],
        summary: "compute-optimal tokens by the rule of thumb: 20 tokens per parameter",
        call: training::chinchilla_tokens,
        default_note: None,
    },
    Builtin {
        name: "chinchilla_optimal",
        params: &[required("compute"), optional("fit")],
        summary: "split a FLOP budget into .params and .tokens (fit = \"rule20\" | \"hoffmann\" | \"besiroglu\")",
        call: training::chinchilla_optimal,
        default_note: None,
    },
    Builtin {
        name: "chinchilla_loss",
        params: &[required("params"), required("tokens"), optional("fit")],
        summary: "loss in nats per token from a fitted scaling law (fit = \"hoffmann\" | \"besiroglu\")",
        call: training::chinchilla_loss,
        default_note: None,
    },
    Builtin {
        name: "energy",
        params: &[
            required("cluster"),
            optional("time"),
            optional("pue"),
            optional("power_per_gpu"),
        ],
        summary: "energy of a run: GPUs × power per GPU (default: the chip's TDP) × time × PUE; or energy(gpu_hours, power_per_gpu = …)",
        call: training::energy,
        default_note: Some((
            "power_per_gpu",
            "GPU board power (TDP) only; pass power_per_gpu = … for whole-node power",
        )),
    },
    Builtin {
        name: "emissions",
        params: &[required("energy"), required("intensity")],
        summary: "emissions of an energy at a grid intensity (gCO2e/kWh)",
        call: training::emissions,
        default_note: None,
    },
    // Goodput (SPEC §3.4; knowledge::formulas::goodput has the model).
    Builtin {
        name: "failures",
        params: &[required("cluster"), required("time"), required("mtbf")],
        summary: "expected interruptions: GPUs × time / mtbf (each GPU's mean time between failures)",
        call: reliability::failures,
        default_note: None,
    },
    Builtin {
        name: "checkpoint_interval",
        params: &[
            required("cluster"),
            required("mtbf"),
            required("checkpoint"),
        ],
        summary: "Young's optimum checkpoint interval: sqrt(2 × checkpoint × mtbf / GPUs)",
        call: reliability::checkpoint_interval,
        default_note: None,
    },
    Builtin {
        name: "goodput",
        params: &[
            required("cluster"),
            required("mtbf"),
            required("checkpoint"),
            required("restart"),
            optional("interval"),
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
