//! Goodput built-ins (SPEC §3.4): expected failures, Young's checkpoint
//! interval and the fraction of time a failing cluster does useful work.
//! The model and its sources are in `knowledge::formulas::goodput`; the
//! arguments arrive checked against the table in `builtins` (durations
//! above zero, counts not negative).

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

/// A duration as the sheet shows it, for messages.
fn time(seconds: f64) -> String {
    crate::format::quantity::show_auto(Quantity::new(seconds, D_TIME), 3, &[]).text
}

fn plain(value: f64) -> Value {
    Value::Quantity(Quantity::number(value))
}

/// `failures(cluster or GPUs, time, mtbf = M)`: gpus × time / M.
pub fn failures(args: &Args) -> EvalResult<Value> {
    let gpus = gpus(args)?;
    Ok(plain(model::failures(gpus, args.number(1), args.number(2))))
}

/// `checkpoint_interval(cluster or GPUs, mtbf = M, checkpoint = δ)`.
pub fn checkpoint_interval(args: &Args) -> EvalResult<Value> {
    let job_mtbf = model::job_mtbf(gpus(args)?, args.number(1));
    Ok(Value::Quantity(Quantity::new(
        model::young_interval(args.number(2), job_mtbf),
        D_TIME,
    )))
}

/// `goodput(cluster or GPUs, mtbf = M, checkpoint = δ, restart = R,
/// interval = τ)`; τ defaults to Young's optimum.
pub fn goodput(args: &Args) -> EvalResult<Value> {
    let job_mtbf = model::job_mtbf(gpus(args)?, args.number(1));
    let checkpoint = args.number(2);
    let restart = args.number(3);
    let young = model::young_interval(checkpoint, job_mtbf);
    let interval = match args.given(4) {
        // Checkpointing alone would fill every interval, whatever the failures.
        Some(_) if args.number(4) <= checkpoint => {
            return Err(ArgumentError::IntervalNotAboveCheckpoint {
                span: args.span_of(4),
                checkpoint_span: args.span_of(2),
                interval: time(args.number(4)),
                checkpoint: time(checkpoint),
                young: time(young),
            }
            .into());
        }
        Some(_) => args.number(4),
        None => young,
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
