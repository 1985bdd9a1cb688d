//! A built-in call's arguments: each checked against what its parameter
//! [`Takes`], in one place, so the functions read checked values.

use std::sync::Arc;

use super::{Builtin, Takes};
use crate::eval::argument_error::{ArgumentError, Choices};
use crate::eval::eval_error::{EvalError, EvalResult};
use crate::eval::hints::{describe, lacks_flop_per_param_token};
use crate::eval::value::{Cluster, Value, not_a_number};
use crate::knowledge::model::Model;
use crate::span::Span;
use crate::suggest::closest;
use crate::units::dimension::{D_DEVICES, D_PARAMS, D_TIME};
use crate::units::{Dimension, Quantity};
use crate::vocabulary::Named;

impl Takes {
    /// Whether `value` is what this parameter takes.
    pub fn check(
        &self,
        function: &'static str,
        parameter: &'static str,
        value: &Value,
        span: Span,
        bases: &[String],
    ) -> EvalResult<()> {
        let quantity = || value.as_quantity().ok_or_else(|| not_a_number(value, span));
        let found = |dim: Dimension| describe(dim, bases);
        match *self {
            Takes::Quantity => quantity().map(drop),
            Takes::Plain => {
                let q = quantity()?;
                if q.dim.is_none() {
                    return Ok(());
                }
                Err(ArgumentError::NotPlain {
                    span,
                    function,
                    found: found(q.dim),
                }
                .into())
            }
            Takes::Positive { dim, what, example } => {
                let q = quantity()?;
                if q.dim != dim {
                    return Takes::Dimension { dim, what, example }
                        .check(function, parameter, value, span, bases);
                }
                if q.value > 0.0 {
                    return Ok(());
                }
                Err(ArgumentError::NotAboveZero {
                    span,
                    parameter,
                    example,
                }
                .into())
            }
            Takes::Dimension { dim, what, example } | Takes::PerDevice { dim, what, example } => {
                let q = quantity()?;
                let per_device = matches!(self, Takes::PerDevice { .. });
                let wanted = if per_device {
                    dim.per(D_DEVICES)
                } else {
                    Some(dim)
                };
                if Some(q.dim) == wanted {
                    return non_negative(q.value, span, what);
                }
                if per_device && q.dim == dim {
                    return Err(ArgumentError::NotPerDevice {
                        span,
                        what,
                        found: found(q.dim),
                        example,
                    }
                    .into());
                }
                if lacks_flop_per_param_token(q.dim, dim) {
                    return Err(ArgumentError::MissingFlopPerParamToken {
                        span,
                        what,
                        found: found(q.dim),
                    }
                    .into());
                }
                if q.dim.is_none() && dim == D_TIME {
                    return Err(ArgumentError::RateOverRate { span, what }.into());
                }
                Err(ArgumentError::WrongDimension {
                    span,
                    what,
                    found: found(q.dim),
                    example,
                }
                .into())
            }
            Takes::Choice { names, .. } => {
                let choices = Choices { parameter, names };
                let Value::Text(text) = value else {
                    return Err(ArgumentError::ChoiceNotText {
                        span,
                        parameter,
                        kind: value.kind_name(),
                        choices,
                    }
                    .into());
                };
                if names.contains(&text.as_ref()) {
                    return Ok(());
                }
                Err(ArgumentError::UnknownChoice {
                    span,
                    parameter,
                    text: text.to_string(),
                    near: closest(text, names.iter().copied()),
                    choices,
                }
                .into())
            }
            Takes::ModelOrParams => match value {
                Value::Model(_) => Ok(()),
                other => match other.as_quantity() {
                    Some(q) if q.dim == D_PARAMS => {
                        non_negative(q.value, span, "a parameter count")
                    }
                    _ => Err(ArgumentError::NotAModel {
                        span,
                        found: value_words(other, bases),
                    }
                    .into()),
                },
            },
            Takes::Model => match value {
                Value::Model(_) => Ok(()),
                other => Err(ArgumentError::NeedsAModel {
                    span,
                    function,
                    kind: match other.as_quantity() {
                        Some(q) => found(q.dim),
                        None => other.kind_name().to_string(),
                    },
                }
                .into()),
            },
            Takes::Hardware => match value {
                Value::Cluster(_) | Value::Accelerator(_) => Ok(()),
                other => Err(ArgumentError::NotHardware {
                    span,
                    kind: other.kind_name(),
                }
                .into()),
            },
            Takes::Flag { .. } => match value {
                Value::Bool(_) => Ok(()),
                other => Err(ArgumentError::NotAFlag {
                    span,
                    parameter,
                    kind: other.kind_name(),
                }
                .into()),
            },
            Takes::Cluster { or, what, example } => match value {
                Value::Cluster(_) => Ok(()),
                Value::Quantity(q) if or.contains(&q.dim) => Ok(()),
                other => Err(ArgumentError::NotACluster {
                    span,
                    what,
                    found: value_words(other, bases),
                    example,
                }
                .into()),
            },
        }
    }
}

/// What a value is, for a label: its dimension, or its kind.
fn value_words(value: &Value, bases: &[String]) -> String {
    match value.as_quantity() {
        Some(q) => describe(q.dim, bases),
        None => value.kind_name().to_string(),
    }
}

/// The training, energy and goodput formulas count things, spend time and
/// draw power: a negative amount is an error where it enters the formula,
/// not a negative result later.
pub fn non_negative(value: f64, span: Span, what: &str) -> EvalResult<()> {
    if value >= 0.0 {
        return Ok(());
    }
    Err(Box::new(EvalError::Negative {
        span,
        what: what.to_string(),
    }))
}

/// Evaluated arguments, one per parameter (`None` where left out), each
/// checked against its parameter.
pub struct Args<'a> {
    builtin: &'static Builtin,
    values: Vec<Option<(Value, Span)>>,
    /// The whole call, for errors about the result.
    pub span: Span,
    pub user_bases: &'a [String],
}

/// The first argument of the training formulas.
pub enum ModelArg {
    Params(f64),
    Model(Arc<Model>),
}

impl<'a> Args<'a> {
    /// Checks every given argument against its parameter.
    pub fn new(
        builtin: &'static Builtin,
        values: Vec<Option<(Value, Span)>>,
        span: Span,
        user_bases: &'a [String],
    ) -> EvalResult<Args<'a>> {
        for (param, value) in builtin.params.iter().zip(&values) {
            if let Some((value, span)) = value {
                param
                    .takes
                    .check(builtin.name, param.name, value, *span, user_bases)?;
            }
        }
        Ok(Args {
            builtin,
            values,
            span,
            user_bases,
        })
    }

    /// The name of the parameter at `index`.
    pub fn parameter(&self, index: usize) -> &'static str {
        self.builtin.params[index].name
    }

    pub fn given(&self, index: usize) -> Option<&(Value, Span)> {
        self.values[index].as_ref()
    }

    /// Where an argument was written (the call, if it was left out).
    pub fn span_of(&self, index: usize) -> Span {
        self.given(index).map_or(self.span, |(_, span)| *span)
    }

    fn required(&self, index: usize) -> &(Value, Span) {
        self.given(index).expect("required arguments are bound")
    }

    /// A quantity argument (checked; a cluster counts as its rate).
    pub fn quantity(&self, index: usize) -> (Quantity, Span) {
        let (value, span) = self.required(index);
        (value.as_quantity().expect("checked: a quantity"), *span)
    }

    /// A quantity argument's value in base units.
    pub fn number(&self, index: usize) -> f64 {
        self.quantity(index).0.value
    }

    /// An optional quantity argument's value, or `default`.
    pub fn number_or(&self, index: usize, default: f64) -> f64 {
        match self.given(index) {
            Some(_) => self.number(index),
            None => default,
        }
    }

    /// A word argument, or its parameter's default.
    pub fn choice<T: Named>(&self, index: usize) -> T {
        let word = match (self.given(index), self.builtin.params[index].takes) {
            (Some((Value::Text(text), _)), _) => text.as_ref(),
            (_, Takes::Choice { default, .. }) => default,
            _ => unreachable!("a choice parameter"),
        };
        T::from_name(word).expect("checked: one of the names")
    }

    pub fn model(&self, index: usize) -> (ModelArg, Span) {
        let (value, span) = self.required(index);
        let model = match value {
            Value::Model(model) => ModelArg::Model(model.clone()),
            other => ModelArg::Params(other.as_quantity().expect("checked: params").value),
        };
        (model, *span)
    }

    /// The cluster given, if the argument is one (it may be the quantity
    /// its parameter also takes).
    pub fn cluster(&self, index: usize) -> Option<(Arc<Cluster>, Span)> {
        match self.required(index) {
            (Value::Cluster(c), span) => Some((c.clone(), *span)),
            _ => None,
        }
    }

    /// A model argument (checked: `Takes::Model`).
    pub fn model_record(&self, index: usize) -> (Arc<Model>, Span) {
        match self.required(index) {
            (Value::Model(model), span) => (model.clone(), *span),
            _ => unreachable!("checked: a model"),
        }
    }

    /// The name of the parameter at `index`, for errors about its value.
    pub fn parameter_name(&self, index: usize) -> &'static str {
        self.builtin.params[index].name
    }

    /// A switch, or its parameter's default.
    pub fn flag(&self, index: usize) -> bool {
        match (self.given(index), self.builtin.params[index].takes) {
            (Some((Value::Bool(flag), _)), _) => *flag,
            (_, Takes::Flag { default }) => default,
            _ => unreachable!("a flag parameter"),
        }
    }

    pub fn dimension_words(&self, dim: Dimension) -> String {
        describe(dim, self.user_bases)
    }
}
