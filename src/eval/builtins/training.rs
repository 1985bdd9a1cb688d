//! The training formulas as built-ins: the arithmetic around
//! `knowledge::formulas`, which holds the conventions and references. The
//! arguments arrive checked against the table in `builtins`.

use std::sync::Arc;

use super::{Args, ModelArg, non_negative};
use crate::eval::argument_error::ArgumentError;
use crate::eval::eval_error::{EvalError, EvalResult};
use crate::eval::records;
use crate::eval::value::{Breakdown, Value};
use crate::knowledge::formulas::{self, Attention, AttentionShape, Fit, Recompute};
use crate::knowledge::model::{Model, ModelField};
use crate::span::Span;
use crate::units::Quantity;
use crate::units::dimension::{D_COMPUTE, D_EMISSIONS, D_ENERGY, D_PARAMS, D_TOKENS};
use crate::vocabulary::Named;

fn flop(value: f64) -> EvalResult<Value> {
    Ok(Value::Quantity(Quantity::new(value, D_COMPUTE)))
}

/// Parameters used per token, and the attention shape when counted.
fn model_figures(
    args: &Args,
    attention_index: usize,
) -> EvalResult<(f64, Option<(AttentionShape, Attention)>)> {
    let (model, span) = args.model(0);
    let attention = args.choice::<Attention>(attention_index);
    match model {
        ModelArg::Params(n) => {
            if args.given(attention_index).is_some() {
                return Err(ArgumentError::AttentionNeedsModel {
                    span: args.span_of(attention_index),
                }
                .into());
            }
            Ok((n, None))
        }
        ModelArg::Model(model) => {
            let field = |field: ModelField| model_field(&model, field, span);
            let shape = AttentionShape {
                layers: field(ModelField::Layers)?,
                seq: field(ModelField::Seq)?,
                heads: field(ModelField::Heads)?,
                d_head: field(ModelField::DHead)?,
            };
            Ok((field(ModelField::ActiveParams)?, Some((shape, attention))))
        }
    }
}

/// A model's figure that a formula needs, or an error at the argument
/// saying which fields would give it.
pub fn model_field(model: &Model, field: ModelField, span: Span) -> EvalResult<f64> {
    let value = model.get(field).ok_or_else(|| {
        Box::new(EvalError::from(ArgumentError::ModelLacksField {
            span,
            model: model.name.clone(),
            field: field.name(),
            missing: records::missing_field(model, field),
        }))
    })?;
    non_negative(value, span, &format!("model `{}`'s `{field}`", model.name))?;
    Ok(value)
}

pub fn train_flops(args: &Args) -> EvalResult<Value> {
    let (params, attention) = model_figures(args, 2)?;
    flop(formulas::train_flops(params, args.number(1), attention))
}

pub fn forward_flops(args: &Args) -> EvalResult<Value> {
    let (params, attention) = model_figures(args, 2)?;
    flop(formulas::forward_flops(params, args.number(1), attention))
}

pub fn hardware_flops(args: &Args) -> EvalResult<Value> {
    let (params, attention) = model_figures(args, 3)?;
    let recompute = args.choice::<Recompute>(2);
    if recompute == Recompute::Selective && attention.is_none() {
        return Err(ArgumentError::SelectiveNeedsModel {
            span: args.span_of(2),
        }
        .into());
    }
    flop(formulas::hardware_flops(
        params,
        args.number(1),
        attention,
        recompute,
    ))
}

pub fn chinchilla_tokens(args: &Args) -> EvalResult<Value> {
    Ok(Value::Quantity(Quantity::new(
        args.number(0) * formulas::CHINCHILLA_TOKENS_PER_PARAM,
        D_TOKENS,
    )))
}

pub fn chinchilla_optimal(args: &Args) -> EvalResult<Value> {
    let fit = args.choice::<Fit>(1);
    let (params, tokens) = formulas::chinchilla_optimal(args.number(0), fit);
    let mut parts = vec![
        ("params", Quantity::new(params, D_PARAMS)),
        ("tokens", Quantity::new(tokens, D_TOKENS)),
    ];
    parts.push((
        "tokens_per_param",
        Quantity::new(
            tokens / params,
            D_TOKENS.per(D_PARAMS).expect("small powers"),
        ),
    ));
    if let Some(law) = fit.law() {
        parts.push(("loss", Quantity::number(law.loss(params, tokens))));
    }
    Ok(Value::Breakdown(Arc::new(Breakdown { parts })))
}

pub fn chinchilla_loss(args: &Args) -> EvalResult<Value> {
    let params = match args.model(0) {
        (ModelArg::Params(n), _) => n,
        (ModelArg::Model(model), span) => model_field(&model, ModelField::Params, span)?,
    };
    let Some(law) = args.choice::<Fit>(2).law() else {
        return Err(ArgumentError::NoLossLaw {
            span: args.span_of(2),
        }
        .into());
    };
    Ok(Value::Quantity(Quantity::number(
        law.loss(params, args.number(1)),
    )))
}

/// `energy(cluster, time)`, or `energy(gpu_hours, power_per_gpu = …)` when
/// only device time is known (model cards report GPU-hours).
pub fn energy(args: &Args) -> EvalResult<Value> {
    const TIME: usize = 1;
    const POWER: usize = 3;
    let pue = args.number_or(2, 1.0);
    if pue < 1.0 {
        return Err(ArgumentError::PueBelowOne {
            span: args.span_of(2),
        }
        .into());
    }
    let Some((cluster, cluster_span)) = args.cluster(0) else {
        // GPU-hours: there is no chip to take a power figure from.
        if args.given(POWER).is_none() {
            return Err(ArgumentError::EnergyNeedsPower {
                span: args.span_of(0),
            }
            .into());
        }
        let device_seconds = args.number(0);
        non_negative(device_seconds, args.span_of(0), "GPU time")?;
        let joules = device_seconds * args.number(POWER) * pue;
        return Ok(Value::Quantity(Quantity::new(joules, D_ENERGY)));
    };
    if args.given(TIME).is_none() {
        return Err(ArgumentError::EnergyNeedsTime { span: cluster_span }.into());
    }
    let watts = match args.given(POWER) {
        Some(_) => args.number(POWER),
        None => cluster
            .accelerator
            .tdp_watts
            .ok_or_else(|| ArgumentError::NoTdp {
                span: cluster_span,
                chip: cluster.accelerator.name.to_string(),
            })?,
    };
    Ok(Value::Quantity(Quantity::new(
        formulas::energy(cluster.gpus, watts, args.number(TIME), pue),
        D_ENERGY,
    )))
}

pub fn emissions(args: &Args) -> EvalResult<Value> {
    Ok(Value::Quantity(Quantity::new(
        args.number(0) * args.number(1),
        D_EMISSIONS,
    )))
}
