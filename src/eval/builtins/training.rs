//! The training formulas as built-ins: argument checks around
//! `knowledge::formulas`, which holds the conventions and references.

use std::sync::Arc;

use super::{Args, ModelArg};
use crate::eval::eval_error::{EvalError, EvalResult, Kind};
use crate::eval::records;
use crate::eval::value::{Breakdown, Value};
use crate::knowledge::formulas::{self, Attention, AttentionShape, Fit, Recompute};
use crate::knowledge::model::Model;
use crate::span::Span;
use crate::units::dimension::{D_COMPUTE, D_ENERGY, D_TIME};
use crate::units::{Base, Dimension, Quantity};

const PARAMS: Dimension = Dimension::base(Base::Params);
const TOKENS: Dimension = Dimension::base(Base::Tokens);

fn flop(value: f64) -> EvalResult<Value> {
    Ok(Value::Quantity(Quantity::new(value, D_COMPUTE)))
}

/// Parameters used per token, and the attention shape when counted.
fn model_figures(
    args: &Args,
    attention_index: usize,
) -> EvalResult<(f64, Option<(AttentionShape, Attention)>)> {
    let (model, span) = args.model_or_params(0)?;
    let attention_given = args.values[attention_index].is_some();
    let attention = args.choice(attention_index, "attention", &Attention::NAMES, "causal")?;
    let attention = Attention::from_name(attention).expect("a listed name");
    match model {
        ModelArg::Params(n) => {
            if attention_given {
                let (_, attention_span) = args.values[attention_index].as_ref().expect("given");
                return Err(EvalError::detail(Kind::Argument,
                    *attention_span,
                    "`attention` needs a model's dimensions",
                    "a parameter count has no layers or heads",
                    Some("pass a model (`model m { … }` or a preset such as `llama3_405b`) to count attention FLOPs".into()),
                ));
            }
            Ok((n, None))
        }
        ModelArg::Model(model) => {
            let field = |name: &str| model_field(&model, name, span);
            let shape = AttentionShape {
                layers: field("layers")?,
                seq: field("seq")?,
                heads: field("heads")?,
                d_head: field("d_head")?,
            };
            Ok((field("active_params")?, Some((shape, attention))))
        }
    }
}

/// A model's figure that a formula needs, or an error at the argument
/// saying which fields would give it.
pub fn model_field(model: &Model, name: &str, span: Span) -> EvalResult<f64> {
    let value = model.get(name).ok_or_else(|| {
        EvalError::detail(
            Kind::Argument,
            span,
            format!(
                "model `{}` lacks `{name}`, which this formula needs",
                model.name
            ),
            format!("no `{name}`"),
            Some(records::missing_fields_help(model, name)),
        )
    })?;
    super::non_negative(value, span, &format!("model `{}`'s `{name}`", model.name))
}

fn tokens(args: &Args) -> EvalResult<f64> {
    args.of_dim(1, TOKENS, "a token count", "15.6T tokens")
}

pub fn train_flops(args: &Args) -> EvalResult<Value> {
    let (params, attention) = model_figures(args, 2)?;
    flop(formulas::train_flops(params, tokens(args)?, attention))
}

pub fn forward_flops(args: &Args) -> EvalResult<Value> {
    let (params, attention) = model_figures(args, 2)?;
    flop(formulas::forward_flops(params, tokens(args)?, attention))
}

pub fn hardware_flops(args: &Args) -> EvalResult<Value> {
    let (params, attention) = model_figures(args, 3)?;
    let recompute = args.choice(2, "recompute", &Recompute::NAMES, "none")?;
    let recompute = Recompute::from_name(recompute).expect("a listed name");
    if recompute == Recompute::Selective && attention.is_none() {
        let (_, span) = args.values[2].as_ref().expect("given");
        return Err(EvalError::detail(
            Kind::Argument,
            *span,
            "selective recomputation repeats attention, which needs a model's dimensions",
            "no attention shape",
            Some("pass a model instead of a parameter count".into()),
        ));
    }
    flop(formulas::hardware_flops(
        params,
        tokens(args)?,
        attention,
        recompute,
    ))
}

pub fn chinchilla_tokens(args: &Args) -> EvalResult<Value> {
    let params = args.of_dim(0, PARAMS, "a parameter count", "70B params")?;
    Ok(Value::Quantity(Quantity::new(
        params * formulas::CHINCHILLA_TOKENS_PER_PARAM,
        TOKENS,
    )))
}

fn fit(args: &Args, index: usize, default: &'static str) -> EvalResult<Fit> {
    let name = args.choice(index, "fit", &Fit::NAMES, default)?;
    Ok(Fit::from_name(name).expect("a listed name"))
}

pub fn chinchilla_optimal(args: &Args) -> EvalResult<Value> {
    let compute = args.of_dim(0, D_COMPUTE, "a FLOP budget", "5.76e23 FLOP")?;
    let fit = fit(args, 1, "rule20")?;
    let (params, tokens) = formulas::chinchilla_optimal(compute, fit);
    let mut parts = vec![
        ("params", Quantity::new(params, PARAMS)),
        ("tokens", Quantity::new(tokens, TOKENS)),
    ];
    parts.push((
        "tokens_per_param",
        Quantity::new(tokens / params, TOKENS.per(PARAMS).expect("small powers")),
    ));
    if let Fit::Law(law) = fit {
        parts.push(("loss", Quantity::number(law.loss(params, tokens))));
    }
    Ok(Value::Breakdown(Arc::new(Breakdown { parts })))
}

pub fn chinchilla_loss(args: &Args) -> EvalResult<Value> {
    let params = match args.model_or_params(0)? {
        (ModelArg::Params(n), _) => n,
        (ModelArg::Model(model), span) => model_field(&model, "params", span)?,
    };
    let tokens = tokens(args)?;
    let Fit::Law(law) = fit(args, 2, "hoffmann")? else {
        let (_, span) = args.values[2].as_ref().expect("given");
        return Err(EvalError::detail(
            Kind::Argument,
            *span,
            "the 20-tokens rule gives no loss",
            "not a fitted law",
            Some("use fit = \"hoffmann\" or fit = \"besiroglu\"".into()),
        ));
    };
    Ok(Value::Quantity(Quantity::number(law.loss(params, tokens))))
}

/// `energy(cluster, time)`, or `energy(gpu_hours, power_per_gpu = …)` when
/// only device time is known (model cards report GPU-hours).
pub fn energy(args: &Args) -> EvalResult<Value> {
    let device_time = D_TIME
        .times(Dimension::base(Base::Devices))
        .expect("small powers");
    if let Some((value, span)) = &args.values[0]
        && let Some(q) = value.as_quantity().filter(|q| q.dim == device_time)
        && !matches!(value, Value::Cluster(_))
    {
        let pue = pue(args)?;
        let Some((power, power_span)) = &args.values[3] else {
            return Err(EvalError::detail(
                Kind::Argument,
                *span,
                "energy from GPU-hours needs the power per GPU",
                "no chip to take a TDP from",
                Some("pass `power_per_gpu = 700 W`, or a cluster and a time".into()),
            ));
        };
        let watts = watts_per_gpu(power, *power_span)?;
        let device_seconds = super::non_negative(q.value, *span, "GPU time")?;
        return Ok(Value::Quantity(Quantity::new(
            device_seconds * watts * pue,
            D_ENERGY,
        )));
    }
    let (cluster, cluster_span) = args.cluster(0)?;
    if args.values[1].is_none() {
        return Err(EvalError::detail(
            Kind::Argument,
            cluster_span,
            "energy of a cluster needs a time",
            "for how long?",
            Some("for example `energy(cluster, 68.6 days)`".into()),
        ));
    }
    let seconds = args.of_dim(1, D_TIME, "a duration", "68.6 days")?;
    let pue = pue(args)?;
    let watts = match &args.values[3] {
        Some((value, span)) => watts_per_gpu(value, *span)?,
        None => cluster
            .accelerator
            .tdp_watts
            .ok_or_else(|| no_tdp(cluster_span, &cluster.accelerator.name))?,
    };
    Ok(Value::Quantity(Quantity::new(
        formulas::energy(cluster.gpus, watts, seconds, pue),
        D_ENERGY,
    )))
}

fn watts_per_gpu(value: &Value, span: Span) -> EvalResult<f64> {
    let power_dim = D_ENERGY.per(D_TIME).expect("small powers");
    let per_gpu = power_dim
        .per(Dimension::base(Base::Devices))
        .expect("small powers");
    match value.as_quantity() {
        Some(q) if q.dim == power_dim || q.dim == per_gpu => {
            super::non_negative(q.value, span, "a power per GPU")
        }
        _ => Err(wrong_power(span)),
    }
}

fn pue(args: &Args) -> EvalResult<f64> {
    let pue = args.of_dim_or(2, Dimension::NONE, "a plain number", "pue = 1.1", 1.0)?;
    if pue < 1.0 {
        let span = args.values[2].as_ref().map_or(args.span, |(_, s)| *s);
        return Err(EvalError::detail(
            Kind::Argument,
            span,
            "a PUE is at least 1",
            "below 1",
            Some("PUE is facility power over IT power, e.g. 1.1".into()),
        ));
    }
    Ok(pue)
}

fn wrong_power(span: Span) -> Box<EvalError> {
    EvalError::detail(
        Kind::Argument,
        span,
        "`power_per_gpu` must be a power per GPU",
        "not a power",
        Some("for example `power_per_gpu = 1.4 kW`".into()),
    )
}

fn no_tdp(span: Span, chip: &str) -> Box<EvalError> {
    EvalError::detail(
        Kind::Argument,
        span,
        format!("no TDP is known for {chip}"),
        "no power figure",
        Some("pass `power_per_gpu = …`".into()),
    )
}

pub fn emissions(args: &Args) -> EvalResult<Value> {
    let joules = args.of_dim(0, D_ENERGY, "an energy", "289 MWh")?;
    let emissions = Dimension::base(Base::Emissions);
    let intensity = args.of_dim(
        1,
        emissions.per(D_ENERGY).expect("small powers"),
        "a grid intensity",
        "380 gCO2e/kWh",
    )?;
    Ok(Value::Quantity(Quantity::new(
        joules * intensity,
        emissions,
    )))
}
