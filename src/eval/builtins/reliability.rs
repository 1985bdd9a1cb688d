//! Goodput built-ins (SPEC §3.4): expected failures, Young's checkpoint
//! interval and the fraction of time a failing cluster does useful work.
//! The model and its sources are in `knowledge::formulas::goodput`; the
//! arguments arrive checked against the table in `builtins`.

use super::Args;
use crate::eval::argument_error::ArgumentError;
use crate::eval::eval_error::{EvalError, EvalResult};
use crate::eval::value::Value;
use crate::knowledge::formulas::goodput as model;
use crate::span::Span;
use crate::units::Quantity;
use crate::units::dimension::D_TIME;

/// The GPU count of the first argument: a cluster's, or the number given.
fn gpus(args: &Args) -> EvalResult<f64> {
    let count = match args.cluster(0) {
        Some((cluster, _)) => cluster.gpus,
        None => args.number(0),
    };
    if count > 0.0 {
        return Ok(count);
    }
    Err(ArgumentError::NoGpus {
        span: args.span_of(0),
        count,
    }
    .into())
}

/// A duration argument that must be above zero (its table row already
/// rules out negative ones).
fn above_zero(args: &Args, index: usize, example: &'static str) -> EvalResult<f64> {
    let seconds = args.number(index);
    if seconds > 0.0 {
        return Ok(seconds);
    }
    Err(ArgumentError::NotAboveZero {
        span: args.span_of(index),
        parameter: args.parameter(index),
        example,
    }
    .into())
}

fn mtbf(args: &Args, index: usize) -> EvalResult<f64> {
    above_zero(args, index, "mtbf = 50000 h")
}

fn checkpoint(args: &Args, index: usize) -> EvalResult<f64> {
    above_zero(args, index, "checkpoint = 30 s")
}

fn plain(value: f64) -> Value {
    Value::Quantity(Quantity::number(value))
}

/// `failures(cluster or GPUs, time, mtbf = M)`: gpus × time / M.
pub fn failures(args: &Args) -> EvalResult<Value> {
    let gpus = gpus(args)?;
    Ok(plain(model::failures(gpus, args.number(1), mtbf(args, 2)?)))
}

/// `checkpoint_interval(cluster or GPUs, mtbf = M, checkpoint = δ)`.
pub fn checkpoint_interval(args: &Args) -> EvalResult<Value> {
    let job_mtbf = model::job_mtbf(gpus(args)?, mtbf(args, 1)?);
    Ok(Value::Quantity(Quantity::new(
        model::young_interval(checkpoint(args, 2)?, job_mtbf),
        D_TIME,
    )))
}

/// `goodput(cluster or GPUs, mtbf = M, checkpoint = δ, restart = R,
/// interval = τ)`; τ defaults to Young's optimum.
pub fn goodput(args: &Args) -> EvalResult<Value> {
    let job_mtbf = model::job_mtbf(gpus(args)?, mtbf(args, 1)?);
    let checkpoint = checkpoint(args, 2)?;
    let restart = args.number(3);
    let interval = match args.given(4) {
        Some(_) => above_zero(args, 4, "interval = 15 min")?,
        None => model::young_interval(checkpoint, job_mtbf),
    };
    let fraction = model::goodput(checkpoint, restart, interval, job_mtbf);
    if fraction <= 0.0 {
        return Err(fails_too_fast(
            args.span, job_mtbf, checkpoint, restart, interval,
        ));
    }
    Ok(plain(fraction))
}

fn fails_too_fast(
    span: Span,
    job_mtbf: f64,
    checkpoint: f64,
    restart: f64,
    interval: f64,
) -> Box<EvalError> {
    let time = |seconds: f64| {
        crate::format::quantity::show_auto(Quantity::new(seconds, D_TIME), 3, &[]).text
    };
    Box::new(EvalError::FailsFasterThanCheckpoint {
        span,
        job_mtbf: time(job_mtbf),
        overhead: time(checkpoint + restart + interval / 2.0),
        help: format!(
            "the whole job fails every {} on average, but a checkpoint takes {}, a restart {} and each failure loses half an interval ({}); use fewer GPUs, a larger `mtbf`, or faster checkpoints and restarts",
            time(job_mtbf),
            time(checkpoint),
            time(restart),
            time(interval / 2.0)
        ),
    })
}
