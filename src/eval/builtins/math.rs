//! Arithmetic built-ins: roots, rounding, extremes, logarithms.

use super::Args;
use crate::eval::eval_error::{EvalError, EvalResult, Kind};
use crate::eval::value::Value;
use crate::units::{Base, Dimension, Quantity};

pub fn unary(args: &Args, f: fn(f64) -> f64) -> EvalResult<Value> {
    let (q, _) = args.quantity(0)?;
    Ok(Value::Quantity(Quantity::new(f(q.value), q.dim)))
}

pub fn plain(args: &Args, name: &str, f: fn(f64) -> f64) -> EvalResult<Value> {
    let x = args.dimensionless(0, name)?;
    if matches!(name, "ln" | "log10") && x <= 0.0 {
        let (_, span) = args.quantity(0)?;
        return Err(EvalError::detail(
            Kind::Argument,
            span,
            "a logarithm needs a number above zero",
            format!("{x}"),
            None,
        ));
    }
    Ok(Value::Quantity(Quantity::number(f(x))))
}

pub fn extreme(args: &Args, pick_first: fn(f64, f64) -> bool) -> EvalResult<Value> {
    let (a, a_span) = args.quantity(0)?;
    let (b, b_span) = args.quantity(1)?;
    if a.dim != b.dim {
        return Err(Box::new(EvalError::DimensionMismatch {
            verb: "compare",
            left_dim: a.dim.to_unit_string(&args.user_bases),
            right_dim: b.dim.to_unit_string(&args.user_bases),
            left: a_span,
            left_label: args.dimension_words(a.dim),
            right: b_span,
            right_label: args.dimension_words(b.dim),
            help: Some("both arguments need the same dimension".into()),
        }));
    }
    Ok(Value::Quantity(if pick_first(a.value, b.value) {
        a
    } else {
        b
    }))
}

pub fn sqrt(args: &Args) -> EvalResult<Value> {
    let (q, span) = args.quantity(0)?;
    let Some(dim) = q.dim.factors().all(|(_, p)| p % 2 == 0).then(|| {
        let mut half = Dimension::NONE;
        for (slot, p) in q.dim.factors() {
            half = half
                .times(slot_dim(slot).pow(i32::from(p / 2)).unwrap())
                .unwrap();
        }
        half
    }) else {
        return Err(EvalError::detail(
            Kind::WrongKind,
            span,
            "the square root of this quantity has no whole dimension",
            args.dimension_words(q.dim),
            Some("only quantities with even powers (like s^2) have a square root".into()),
        ));
    };
    Ok(Value::Quantity(Quantity::new(q.value.sqrt(), dim)))
}

fn slot_dim(slot: usize) -> Dimension {
    match Base::ALL.get(slot) {
        Some(base) => Dimension::base(*base),
        None => Dimension::user_base(slot - Base::ALL.len()),
    }
}
