//! Goodput built-ins (SPEC §3.4): expected failures, Young's checkpoint
//! interval and the fraction of time a failing cluster does useful work.
//! The model and its sources are in `knowledge::formulas::goodput`.

use super::Args;
use crate::eval::eval_error::{EvalError, EvalResult, Kind};
use crate::eval::value::Value;
use crate::knowledge::formulas::goodput as model;
use crate::span::Span;
use crate::units::Quantity;
use crate::units::dimension::{D_DEVICES, D_TIME};

/// The GPU count of the first argument: a cluster, a count of GPUs or a
/// plain number.
fn gpus(args: &Args) -> EvalResult<f64> {
    let (value, span) = args.values[0].as_ref().expect("a required argument");
    let count = match value {
        Value::Cluster(cluster) => Some(cluster.gpus),
        Value::Quantity(q) if q.dim == D_DEVICES || q.dim.is_none() => Some(q.value),
        _ => None,
    };
    match count {
        Some(n) if n > 0.0 => Ok(n),
        Some(n) => Err(EvalError::detail(
            Kind::Argument,
            *span,
            "a cluster needs at least one GPU to fail",
            format!("{n} GPUs"),
            None,
        )),
        None => Err(EvalError::detail(
            Kind::Argument,
            *span,
            "expected a cluster or a number of GPUs",
            args.value_words(value),
            Some("for example `16384 x H100 @ 40%` or `16384 GPU`".into()),
        )),
    }
}

/// A duration argument: above zero, or at least zero when `zero_ok`
/// (`of_dim` refuses a negative one).
fn duration(
    args: &Args,
    index: usize,
    name: &str,
    example: &str,
    zero_ok: bool,
) -> EvalResult<f64> {
    let seconds = args.of_dim(index, D_TIME, &format!("a duration for `{name}`"), example)?;
    if seconds == 0.0 && !zero_ok {
        let (_, span) = args.values[index].as_ref().expect("given");
        return Err(EvalError::detail(
            Kind::Argument,
            *span,
            format!("`{name}` must be above zero"),
            "out of range",
            Some(format!("for example `{example}`")),
        ));
    }
    Ok(seconds)
}

fn mtbf(args: &Args, index: usize) -> EvalResult<f64> {
    duration(args, index, "mtbf", "mtbf = 50000 h", false)
}

fn plain(value: f64) -> Value {
    Value::Quantity(Quantity::number(value))
}

/// `failures(cluster or GPUs, time, mtbf = M)`: gpus × time / M.
pub fn failures(args: &Args) -> EvalResult<Value> {
    let gpus = gpus(args)?;
    let seconds = duration(args, 1, "time", "54 days", true)?;
    Ok(plain(model::failures(gpus, seconds, mtbf(args, 2)?)))
}

/// `checkpoint_interval(cluster or GPUs, mtbf = M, checkpoint = δ)`.
pub fn checkpoint_interval(args: &Args) -> EvalResult<Value> {
    let job_mtbf = model::job_mtbf(gpus(args)?, mtbf(args, 1)?);
    let checkpoint = duration(args, 2, "checkpoint", "checkpoint = 30 s", false)?;
    Ok(Value::Quantity(Quantity::new(
        model::young_interval(checkpoint, job_mtbf),
        D_TIME,
    )))
}

/// `goodput(cluster or GPUs, mtbf = M, checkpoint = δ, restart = R,
/// interval = τ)`; τ defaults to Young's optimum.
pub fn goodput(args: &Args) -> EvalResult<Value> {
    let job_mtbf = model::job_mtbf(gpus(args)?, mtbf(args, 1)?);
    let checkpoint = duration(args, 2, "checkpoint", "checkpoint = 30 s", false)?;
    let restart = duration(args, 3, "restart", "restart = 10 min", true)?;
    let interval = match args.values[4] {
        Some(_) => duration(args, 4, "interval", "interval = 15 min", false)?,
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
