//! Memory, parallelism and serving as built-ins (SPEC §3.3): argument
//! checks around `knowledge::memory` and `knowledge::inference`, which hold
//! the conventions and their sources.

use std::sync::Arc;

use super::training::model_field;
use super::{Args, ModelArg};
use crate::eval::argument_error::ArgumentError;
use crate::eval::eval_error::EvalResult;
use crate::eval::value::Value;
use crate::knowledge::architecture::Count;
use crate::knowledge::formulas::{self, Attention, AttentionShape, Recompute};
use crate::knowledge::inference::{self, KvLayout};
use crate::knowledge::memory::{
    self, ActivationPolicy, ActivationShape, Parallelism, StateBytes, ZeroStage,
};
use crate::knowledge::model::{Model, ModelField, Underivable};
use crate::span::Span;
use crate::units::Quantity;
use crate::units::dimension::{D_BYTES, D_DEVICES, D_PARAMS, D_TIME, D_TOKENS};
use crate::vocabulary::Named;

fn bytes_per_gpu(bytes: f64) -> Value {
    Value::Quantity(Quantity::new(
        bytes,
        D_BYTES.per(D_DEVICES).expect("small powers"),
    ))
}

/// `param_count(model, active = false)`.
pub fn param_count(args: &Args) -> EvalResult<Value> {
    let (model, span) = args.model_record(0);
    let count = if args.flag(1) {
        Count::Active
    } else {
        Count::Total
    };
    match model.param_count(count) {
        Ok(n) => Ok(Value::Quantity(Quantity::new(n, D_PARAMS))),
        Err(Underivable::Missing(fields)) => Err(ArgumentError::CannotCountParams {
            span,
            model: model.name.clone(),
            missing: quoted(&fields),
        }
        .into()),
        Err(Underivable::LatentAttention) => Err(ArgumentError::LatentAttentionCount {
            span,
            model: model.name.clone(),
        }
        .into()),
    }
}

fn quoted(fields: &[ModelField]) -> String {
    let names: Vec<String> = fields.iter().map(|f| format!("`{}`", f.name())).collect();
    names.join(", ")
}

/// A parallel degree (`dp`, `tp`, `pp`) or a batch of sequences: a whole
/// number of at least one.
fn degree(args: &Args, index: usize) -> EvalResult<f64> {
    let value = args.number_or(index, 1.0);
    if value >= 1.0 && value.fract() == 0.0 {
        return Ok(value);
    }
    Err(ArgumentError::NotADegree {
        span: args.span_of(index),
        parameter: args.parameter_name(index),
        value,
    }
    .into())
}

/// The first divisors of `figure`, for the help of a degree that does not
/// divide it (found up to its square root, so a huge figure is quick).
fn divisors(figure: f64) -> String {
    let n = figure as u64;
    let mut found: Vec<u64> = (1..)
        .take_while(|d| d * d <= n)
        .filter(|d| n.is_multiple_of(*d))
        .flat_map(|d| [d, n / d])
        .collect();
    found.sort_unstable();
    found.dedup();
    let listed: Vec<String> = found.iter().take(12).map(u64::to_string).collect();
    listed.join(", ")
}

/// A parallel degree that must divide each of the model's `fields`: `tp`
/// its heads and KV heads, `pp` its layers (SPEC §3.3).
fn divides(
    args: &Args,
    index: usize,
    model: &Model,
    span: Span,
    fields: &[ModelField],
) -> EvalResult<f64> {
    let degree = degree(args, index)?;
    for field in fields {
        let figure = model_field(model, *field, span)?;
        if figure % degree != 0.0 {
            return Err(ArgumentError::DoesNotDivide {
                span: args.span_of(index),
                parameter: args.parameter_name(index),
                degree,
                model: model.name.clone(),
                field: field.name(),
                figure,
                valid: divisors(figure),
            }
            .into());
        }
    }
    Ok(degree)
}

const TENSOR_SPLIT: [ModelField; 2] = [ModelField::Heads, ModelField::KvHeads];

/// `train_memory(N or model, zero, dp, tp, pp, weights, grads, optimizer)`.
pub fn train_memory(args: &Args) -> EvalResult<Value> {
    const ZERO: usize = 1;
    let stage = args.number_or(ZERO, 0.0);
    let zero = ZeroStage::from_number(stage).ok_or_else(|| ArgumentError::UnknownZeroStage {
        span: args.span_of(ZERO),
        value: stage,
    })?;
    let parallel = Parallelism {
        dp: degree(args, 2)?,
        tp: degree(args, 3)?,
        pp: degree(args, 4)?,
    };
    let params = match args.model(0) {
        (ModelArg::Params(n), _) => n,
        (ModelArg::Model(model), span) => {
            divides(args, 3, &model, span, &TENSOR_SPLIT)?;
            divides(args, 4, &model, span, &[ModelField::Layers])?;
            model_field(&model, ModelField::Params, span)?
        }
    };
    let defaults = StateBytes::MIXED_PRECISION_ADAM;
    let bytes = StateBytes {
        weights: args.number_or(5, defaults.weights),
        grads: args.number_or(6, defaults.grads),
        optimizer: args.number_or(7, defaults.optimizer),
    };
    Ok(bytes_per_gpu(memory::train_memory(
        params, zero, parallel, bytes,
    )))
}

/// `activation_memory(model, batch, seq, tp, sp, recompute, flash)`.
pub fn activation_memory(args: &Args) -> EvalResult<Value> {
    let (model, span) = args.model_record(0);
    let tp = divides(args, 3, &model, span, &TENSOR_SPLIT)?;
    let shape = ActivationShape {
        layers: model_field(&model, ModelField::Layers, span)?,
        d_model: model_field(&model, ModelField::DModel, span)?,
        heads: model_field(&model, ModelField::Heads, span)?,
        seq: sequence(args, 2, &model, span)?,
        batch: degree(args, 1)?,
    };
    let policy = ActivationPolicy {
        tp,
        sequence_parallel: args.flag(4),
        recompute: args.choice::<Recompute>(5),
        flash: args.flag(6),
    };
    Ok(bytes_per_gpu(memory::activation_memory(shape, policy)))
}

/// The tokens of one sequence: the argument, or the model's `seq`.
fn sequence(args: &Args, index: usize, model: &Model, span: Span) -> EvalResult<f64> {
    match args.given(index) {
        Some(_) => Ok(args.number(index)),
        None => model_field(model, ModelField::Seq, span),
    }
}

/// What one token costs in KV cache per layer.
fn kv_layout(model: &Model, span: Span) -> EvalResult<KvLayout> {
    if let Some(width) = model.get(ModelField::KvLatent) {
        return Ok(KvLayout::Latent { width });
    }
    Ok(KvLayout::Heads {
        kv_heads: model_field(model, ModelField::KvHeads, span)?,
        d_head: model_field(model, ModelField::DHead, span)?,
    })
}

fn kv_bytes(model: &Model, span: Span, bytes: f64, tokens: f64) -> EvalResult<f64> {
    let layers = model_field(model, ModelField::Layers, span)?;
    Ok(inference::kv_cache(
        layers,
        kv_layout(model, span)?,
        bytes,
        tokens,
    ))
}

/// `kv_cache(model, seq, batch, bytes = 2 bytes)`.
pub fn kv_cache(args: &Args) -> EvalResult<Value> {
    let (model, span) = args.model_record(0);
    let tokens = sequence(args, 1, &model, span)? * degree(args, 2)?;
    let bytes = kv_bytes(&model, span, args.number_or(3, 2.0), tokens)?;
    Ok(Value::Quantity(Quantity::new(bytes, D_BYTES)))
}

/// The memory bandwidth and the compute rate a step runs on: a cluster's
/// totals, or one accelerator at its default precision's peak.
fn machine(args: &Args, index: usize) -> EvalResult<(f64, f64)> {
    let (value, span) = args.given(index).expect("a required argument");
    let (chip, gpus, rate) = match value {
        Value::Cluster(cluster) => (
            cluster.accelerator.clone(),
            cluster.gpus,
            cluster.rate().value,
        ),
        Value::Accelerator(chip) => {
            let peak = chip
                .default_precision()
                .and_then(|p| chip.peak_flops(p))
                .ok_or_else(|| ArgumentError::NoDefaultPeak {
                    span: *span,
                    chip: chip.name.to_string(),
                })?;
            (Arc::clone(chip), 1.0, peak)
        }
        _ => unreachable!("checked: a cluster or an accelerator"),
    };
    let bandwidth = chip
        .bandwidth_bytes_per_s
        .ok_or_else(|| ArgumentError::NoBandwidth {
            span: *span,
            chip: chip.name.to_string(),
        })?;
    Ok((gpus * bandwidth, rate))
}

/// One decoding step's roofline and its batch.
fn decode(args: &Args) -> EvalResult<(inference::Roofline, f64)> {
    const SEQ: usize = 3;
    let batch = degree(args, 2)?;
    let (bandwidth, rate) = machine(args, 1)?;
    let weight_bytes = args.number_or(4, 2.0);
    let kv_element_bytes = args.number_or(5, 2.0);
    let (active, kv) = match args.model(0) {
        (ModelArg::Params(n), span) => {
            if args.given(SEQ).is_some() {
                return Err(ArgumentError::KvCacheNeedsModel {
                    span: args.span_of(SEQ),
                    params: span,
                }
                .into());
            }
            (n, 0.0)
        }
        (ModelArg::Model(model), span) => {
            let tokens = sequence(args, SEQ, &model, span)? * batch;
            let kv = kv_bytes(&model, span, kv_element_bytes, tokens)?;
            (model_field(&model, ModelField::ActiveParams, span)?, kv)
        }
    };
    let step = inference::decode_step(active, active * weight_bytes, kv, batch, bandwidth, rate);
    Ok((step, batch))
}

/// `decode_step(model or N, cluster or accelerator, batch, seq, bytes, kv_bytes)`.
pub fn decode_step(args: &Args) -> EvalResult<Value> {
    let (step, _) = decode(args)?;
    Ok(Value::Quantity(Quantity::new(step.seconds(), D_TIME)))
}

/// `decode_throughput(…)`: the batch's tokens per step.
pub fn decode_throughput(args: &Args) -> EvalResult<Value> {
    let (step, batch) = decode(args)?;
    Ok(Value::Quantity(Quantity::new(
        batch / step.seconds(),
        D_TOKENS.per(D_TIME).expect("small powers"),
    )))
}

/// `prefill_time(model or N, cluster, prompt, batch)`: the prompt's forward
/// FLOPs (with causal attention at the prompt's length, for a model) over
/// the cluster's rate.
pub fn prefill_time(args: &Args) -> EvalResult<Value> {
    const PROMPT: usize = 2;
    let (_, rate) = machine(args, 1)?;
    let batch = degree(args, 3)?;
    let flop = match args.model(0) {
        (ModelArg::Params(n), span) => {
            if args.given(PROMPT).is_none() {
                return Err(ArgumentError::PromptNeeded { span }.into());
            }
            formulas::forward_flops(n, args.number(PROMPT) * batch, None)
        }
        (ModelArg::Model(model), span) => {
            let prompt = sequence(args, PROMPT, &model, span)?;
            let shape = AttentionShape {
                layers: model_field(&model, ModelField::Layers, span)?,
                seq: prompt,
                heads: model_field(&model, ModelField::Heads, span)?,
                d_head: model_field(&model, ModelField::DHead, span)?,
            };
            let active = model_field(&model, ModelField::ActiveParams, span)?;
            formulas::forward_flops(active, prompt * batch, Some((shape, Attention::Causal)))
        }
    };
    Ok(Value::Quantity(Quantity::new(flop / rate, D_TIME)))
}
