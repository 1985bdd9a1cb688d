//! Built-in functions: a name → implementation table with parameter lists,
//! so calls are checked (arity, keywords) before anything is evaluated.

use super::eval_error::{EvalError, EvalResult};
use super::value::Value;
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

pub struct Builtin {
    pub name: &'static str,
    pub params: &'static [Param],
    /// One line for help and completion.
    pub summary: &'static str,
    pub call: fn(&Args) -> EvalResult<Value>,
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
            None => Err(EvalError::wrong_kind(
                *span,
                format!("expected a number or quantity, found {}", value.kind_name()),
                value.kind_name(),
                None,
            )),
        }
    }

    pub fn dimensionless(&self, index: usize, function: &str) -> EvalResult<f64> {
        let (q, span) = self.quantity(index)?;
        if q.dim.is_none() {
            return Ok(q.value);
        }
        Err(EvalError::wrong_kind(
            span,
            format!("`{function}` needs a plain number"),
            self.dimension_words(q.dim),
            Some("divide by a unit to get a plain number, e.g. `t / 1 day`".into()),
        ))
    }

    pub fn dimension_words(&self, dim: Dimension) -> String {
        super::hints::describe(dim, &self.user_bases)
    }
}

fn unary(args: &Args, f: fn(f64) -> f64) -> EvalResult<Value> {
    let (q, _) = args.quantity(0)?;
    Ok(Value::Quantity(Quantity::new(f(q.value), q.dim)))
}

fn plain(args: &Args, name: &str, f: fn(f64) -> f64) -> EvalResult<Value> {
    let x = args.dimensionless(0, name)?;
    Ok(Value::Quantity(Quantity::number(f(x))))
}

fn extreme(args: &Args, pick_first: fn(f64, f64) -> bool) -> EvalResult<Value> {
    let (a, a_span) = args.quantity(0)?;
    let (b, b_span) = args.quantity(1)?;
    if a.dim != b.dim {
        return Err(Box::new(EvalError::DimensionMismatch {
            verb: "compare",
            left_dim: args.dimension_words(a.dim),
            right_dim: args.dimension_words(b.dim),
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

fn sqrt(args: &Args) -> EvalResult<Value> {
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
        return Err(EvalError::wrong_kind(
            span,
            "the square root of this quantity has no whole dimension",
            args.dimension_words(q.dim),
            Some("only quantities with even powers (like s^2) have a square root".into()),
        ));
    };
    Ok(Value::Quantity(Quantity::new(q.value.sqrt(), dim)))
}

fn slot_dim(slot: usize) -> Dimension {
    use crate::units::Base;
    match Base::ALL.get(slot) {
        Some(base) => Dimension::base(*base),
        None => Dimension::user_base(slot - Base::ALL.len()),
    }
}

static BUILTINS: &[Builtin] = &[
    Builtin {
        name: "sqrt",
        params: &[required("x")],
        summary: "square root",
        call: sqrt,
    },
    Builtin {
        name: "abs",
        params: &[required("x")],
        summary: "absolute value",
        call: |a| unary(a, f64::abs),
    },
    Builtin {
        name: "ceil",
        params: &[required("x")],
        summary: "round up to a whole number of base units (GPUs, bytes, …)",
        call: |a| unary(a, f64::ceil),
    },
    Builtin {
        name: "floor",
        params: &[required("x")],
        summary: "round down to a whole number of base units",
        call: |a| unary(a, f64::floor),
    },
    Builtin {
        name: "round",
        params: &[required("x")],
        summary: "round to the nearest whole number of base units",
        call: |a| unary(a, f64::round),
    },
    Builtin {
        name: "min",
        params: &[required("a"), required("b")],
        summary: "the smaller of two quantities",
        call: |a| extreme(a, |x, y| x <= y),
    },
    Builtin {
        name: "max",
        params: &[required("a"), required("b")],
        summary: "the larger of two quantities",
        call: |a| extreme(a, |x, y| x >= y),
    },
    Builtin {
        name: "ln",
        params: &[required("x")],
        summary: "natural logarithm of a plain number",
        call: |a| plain(a, "ln", f64::ln),
    },
    Builtin {
        name: "log10",
        params: &[required("x")],
        summary: "base-10 logarithm of a plain number",
        call: |a| plain(a, "log10", f64::log10),
    },
    Builtin {
        name: "exp",
        params: &[required("x")],
        summary: "e to the power of a plain number",
        call: |a| plain(a, "exp", f64::exp),
    },
];

pub fn find(name: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|b| b.name == name)
}

pub fn names() -> impl Iterator<Item = &'static str> {
    BUILTINS.iter().map(|b| b.name)
}

pub fn all() -> &'static [Builtin] {
    BUILTINS
}
