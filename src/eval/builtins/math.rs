//! Arithmetic built-ins: roots, rounding, extremes, logarithms.

use super::Args;
use crate::eval::argument_error::ArgumentError;
use crate::eval::eval_error::{EvalError, EvalResult};
use crate::eval::value::Value;
use crate::units::{Base, Dimension, Quantity};

pub fn unary(args: &Args, f: fn(f64) -> f64) -> EvalResult<Value> {
    let (q, _) = args.quantity(0);
    Ok(Value::Quantity(Quantity::new(f(q.value), q.dim)))
}

pub fn plain(args: &Args, f: fn(f64) -> f64) -> EvalResult<Value> {
    Ok(Value::Quantity(Quantity::number(f(args.number(0)))))
}

pub fn logarithm(args: &Args, f: fn(f64) -> f64) -> EvalResult<Value> {
    let x = args.number(0);
    if x <= 0.0 {
        return Err(ArgumentError::LogOfNonPositive {
            span: args.span_of(0),
            value: x,
        }
        .into());
    }
    plain(args, f)
}

pub fn extreme(args: &Args, pick_first: fn(f64, f64) -> bool) -> EvalResult<Value> {
    let (a, b) = same_dimension(args, "compare")?;
    Ok(Value::Quantity(if pick_first(a.value, b.value) {
        a
    } else {
        b
    }))
}

/// The first two arguments, which must share a dimension.
fn same_dimension(args: &Args, verb: &'static str) -> EvalResult<(Quantity, Quantity)> {
    let (a, a_span) = args.quantity(0);
    let (b, b_span) = args.quantity(1);
    if a.dim != b.dim {
        return Err(Box::new(EvalError::DimensionMismatch {
            left: a_span,
            right: b_span,
            verb,
            left_dim: a.dim.to_unit_string(args.user_bases),
            right_dim: b.dim.to_unit_string(args.user_bases),
            left_label: args.dimension_words(a.dim),
            right_label: args.dimension_words(b.dim),
            help: Some("both arguments need the same dimension".into()),
        }));
    }
    Ok((a, b))
}

/// `round_up(value, step)`: the smallest multiple of `step` not below
/// `value`, so `round_up(6141 GPU, H100.node)` is 6,144 GPU.
pub fn round_up(args: &Args) -> EvalResult<Value> {
    let (value, step) = same_dimension(args, "round")?;
    if step.value <= 0.0 {
        return Err(ArgumentError::StepNotPositive {
            span: args.span_of(1),
            value: step.value,
        }
        .into());
    }
    let steps = value.value / step.value;
    // A value already a multiple, up to rounding (0.3 / 0.1), stays.
    let whole = if (steps - steps.round()).abs() <= 1e-9 * steps.abs().max(1.0) {
        steps.round()
    } else {
        steps.ceil()
    };
    Ok(Value::Quantity(Quantity::new(
        whole * step.value,
        value.dim,
    )))
}

pub fn sqrt(args: &Args) -> EvalResult<Value> {
    let (q, span) = args.quantity(0);
    let Some(dim) = half(q.dim) else {
        return Err(ArgumentError::NoSquareRoot {
            span,
            found: args.dimension_words(q.dim),
        }
        .into());
    };
    Ok(Value::Quantity(Quantity::new(q.value.sqrt(), dim)))
}

/// The dimension whose square is `dim`, when every power is even.
fn half(dim: Dimension) -> Option<Dimension> {
    let mut half = Dimension::NONE;
    for (slot, p) in dim.factors() {
        if p % 2 != 0 {
            return None;
        }
        half = half.times(slot_dim(slot).pow(i32::from(p / 2))?)?;
    }
    Some(half)
}

fn slot_dim(slot: usize) -> Dimension {
    match Base::ALL.get(slot) {
        Some(base) => Dimension::base(*base),
        None => Dimension::user_base(slot - Base::ALL.len()),
    }
}
