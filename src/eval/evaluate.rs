//! Runs a plan: every node in dependency order, then the asserts. A node
//! whose input failed is marked, not evaluated, so each problem is reported
//! once and independent cells keep going.

use std::cell::Cell;
use std::sync::Arc;

use super::builtins::Args;
use super::eval_error::{EvalError, EvalResult};
use super::hints::{SAME_DIMENSION, conversion_help, describe, mismatch_help};
use super::plan::{
    Callee, Node, NodeBody, NodeKind, Plan, PlannedAssert, RArg, RExpr, RKind, RangeEnd,
};
use super::ranges::Corner;
use super::records;
use super::stack::{RED_ZONE, STACK_SEGMENT};
use super::value::{AcceleratorMember, Cluster, ClusterMember, Value, not_a_number};
use crate::knowledge::accelerator::{Accelerator, Precision};
use crate::knowledge::model::{FieldKind, FieldValue, ModelField};
use crate::span::Span;
use crate::suggest::one_of;
use crate::syntax::ast::{BinaryOp, Ident, Link};
use crate::units::dimension::{D_COMPUTE, D_DEVICES, D_RATE, D_TIME};
use crate::units::{Dimension, Quantity};
use crate::vocabulary::Named;

/// What became of one node.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Value(Value),
    Error(Box<EvalError>),
    /// An input failed; `0` names it.
    Upstream(String),
    /// Its definition did not parse or resolve.
    Unresolved,
}

impl Outcome {
    pub fn value(&self) -> Option<&Value> {
        match self {
            Outcome::Value(v) => Some(v),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct AssertOutcome {
    pub left: Outcome,
    pub right: Outcome,
    /// `Some` when both sides evaluated and compare; over ranges, whether
    /// it holds at every corner.
    pub passed: Option<bool>,
    /// The sides' ranges, when ranges feed the assert.
    pub range: Option<Box<super::ranges::AssertRange>>,
}

pub fn evaluate(plan: &Plan) -> (Vec<Outcome>, Vec<AssertOutcome>) {
    evaluate_reusing(plan, Vec::new())
}

/// Like [`evaluate`], but a node whose outcome `reused` gives (one an
/// earlier evaluation found, unchanged since) takes it instead of being
/// evaluated again.
pub fn evaluate_reusing(
    plan: &Plan,
    mut reused: Vec<Option<Outcome>>,
) -> (Vec<Outcome>, Vec<AssertOutcome>) {
    let mut outcomes = vec![Outcome::Unresolved; plan.nodes.len()];
    for &id in &plan.order {
        outcomes[id] = match reused.get_mut(id).and_then(Option::take) {
            Some(outcome) => outcome,
            None => evaluate_node(plan, id, &outcomes),
        };
    }
    let asserts = plan
        .asserts
        .iter()
        .map(|a| evaluate_assert(plan, a, &outcomes))
        .collect();
    (outcomes, asserts)
}

/// One node, given the outcomes of the nodes before it in `plan.order`,
/// with every range at its midpoint.
pub fn evaluate_node(plan: &Plan, id: usize, outcomes: &[Outcome]) -> Outcome {
    evaluate_node_at(plan, id, outcomes, Corner::MID)
}

/// One node at one corner of the ranges.
pub fn evaluate_node_at(plan: &Plan, id: usize, outcomes: &[Outcome], corner: Corner) -> Outcome {
    let node = &plan.nodes[id];
    let Some(body) = node.body.as_deref() else {
        return match &node.failed_input {
            Some(input) => Outcome::Upstream(input.clone()),
            None => Outcome::Unresolved,
        };
    };
    if let Some(failed) = node.deps.iter().find(|d| outcomes[**d].value().is_none()) {
        return Outcome::Upstream(plan.nodes[*failed].name.name.to_string());
    }
    let calls = Cell::new(0);
    let evaluator = Evaluator::new(plan, outcomes, &calls).at(corner);
    let result = match body {
        NodeBody::Expr(expr) => evaluator.eval(expr),
        NodeBody::Record(fields) => evaluator.record(node, fields),
    };
    match result {
        Ok(value) => Outcome::Value(value),
        Err(error) => Outcome::Error(error),
    }
}

/// One assert, once every node is evaluated.
pub fn evaluate_assert(plan: &Plan, assert: &PlannedAssert, outcomes: &[Outcome]) -> AssertOutcome {
    evaluate_assert_at(plan, assert, outcomes, Corner::MID)
}

/// One assert at one corner of the ranges.
pub fn evaluate_assert_at(
    plan: &Plan,
    assert: &PlannedAssert,
    outcomes: &[Outcome],
    corner: Corner,
) -> AssertOutcome {
    let calls = Cell::new(0);
    let evaluator = Evaluator::new(plan, outcomes, &calls).at(corner);
    let side = |expr: &Option<RExpr>| match expr {
        None => Outcome::Unresolved,
        Some(expr) => {
            if let Some(failed) = assert.deps.iter().find(|d| outcomes[**d].value().is_none()) {
                return Outcome::Upstream(plan.nodes[*failed].name.name.to_string());
            }
            match evaluator.eval(expr) {
                Ok(v) => Outcome::Value(v),
                Err(e) => Outcome::Error(e),
            }
        }
    };
    let (left, right) = (side(&assert.left), side(&assert.right));
    let (Outcome::Value(l), Outcome::Value(r), Some(left_expr), Some(right_expr)) =
        (&left, &right, &assert.left, &assert.right)
    else {
        return AssertOutcome {
            left,
            right,
            passed: None,
            range: None,
        };
    };
    match compare(
        l,
        r,
        left_expr.span,
        right_expr.span,
        plan.units.base_names(),
    ) {
        Ok((l, r)) => AssertOutcome {
            passed: Some(assert.comparison.holds(l, r)),
            left,
            right,
            range: None,
        },
        Err(e) => AssertOutcome {
            left: Outcome::Error(e),
            right,
            passed: None,
            range: None,
        },
    }
}

/// The two SI values to compare, once their dimensions agree.
fn compare(
    left: &Value,
    right: &Value,
    left_span: Span,
    right_span: Span,
    bases: &[String],
) -> EvalResult<(f64, f64)> {
    let l = quantity_of(left, left_span)?;
    let r = quantity_of(right, right_span)?;
    if l.dim != r.dim {
        let mut error = mismatch("compare", l.dim, left_span, r.dim, right_span, bases);
        if let EvalError::DimensionMismatch { help, .. } = error.as_mut() {
            *help = Some(match mismatch_help(l.dim, r.dim) {
                Some(hint) => format!("both sides of an assert need the same dimension; {hint}"),
                None => "both sides of an assert need the same dimension: convert one of them, or look for a missing factor".into(),
            });
        }
        return Err(error);
    }
    Ok((l.value, r.value))
}

fn quantity_of(value: &Value, span: Span) -> EvalResult<Quantity> {
    value.as_quantity().ok_or_else(|| not_a_number(value, span))
}

fn mismatch(
    verb: &'static str,
    left: Dimension,
    left_span: Span,
    right: Dimension,
    right_span: Span,
    bases: &[String],
) -> Box<EvalError> {
    Box::new(EvalError::DimensionMismatch {
        left: left_span,
        right: right_span,
        verb,
        left_dim: left.to_unit_string(bases),
        right_dim: right.to_unit_string(bases),
        left_label: describe(left, bases),
        right_label: describe(right, bases),
        help: Some(mismatch_help(left, right).unwrap_or_else(|| SAME_DIMENSION.into())),
    })
}

/// A value that left an operation or a built-in as NaN or an infinity:
/// an error at the expression that made it (SPEC §6).
fn not_finite(value: &Value, span: Span, made_by: MadeBy) -> Box<EvalError> {
    if !value.has_nan() {
        return Box::new(EvalError::Overflow { span });
    }
    let help = match made_by {
        MadeBy::Power => "a negative number raised to a fractional power has no real value",
        MadeBy::Formula => {
            "this formula has no value for these inputs: check for a zero or negative budget, count or size"
        }
        MadeBy::Other => {
            "an operation on numbers at the edge of what a 64-bit float holds gave no value"
        }
    };
    Box::new(EvalError::NotANumberResult { span, help })
}

/// What made a value that is not finite, for the help that explains it.
#[derive(Clone, Copy)]
enum MadeBy {
    Power,
    Formula,
    Other,
}

impl MadeBy {
    fn of(kind: &RKind) -> MadeBy {
        match kind {
            RKind::Call(_) => MadeBy::Formula,
            RKind::Chain { links, .. } => MadeBy::of_operator(links.last().map(|l| l.op)),
            _ => MadeBy::Other,
        }
    }

    fn of_operator(op: Option<BinaryOp>) -> MadeBy {
        match op {
            Some(BinaryOp::Pow) => MadeBy::Power,
            _ => MadeBy::Other,
        }
    }
}

/// The span of a chain's first operand and the links after it.
fn chain_span(first: &RExpr, links: &[Link<RExpr>]) -> Span {
    links
        .last()
        .map_or(first.span, |l| first.span.to(l.right.span))
}

/// A product, quotient or power of non-zero numbers that rounds to zero is
/// an error rather than a silent 0, like one that overflows.
fn quantity_unless_underflow(
    value: f64,
    operands_nonzero: bool,
    dim: Dimension,
    span: Span,
) -> EvalResult<Value> {
    if value == 0.0 && operands_nonzero {
        return Err(Box::new(EvalError::Underflow { span }));
    }
    Ok(Value::Quantity(Quantity::new(value, dim)))
}

pub struct Evaluator<'a> {
    plan: &'a Plan,
    outcomes: &'a [Outcome],
    /// Arguments of the user function being evaluated.
    frame: &'a [Value],
    /// User-function calls made so far for this value: functions that each
    /// call the one before twice would otherwise take 2^n calls.
    calls: &'a Cell<u64>,
    /// Which end of each range this evaluation takes.
    corner: Corner<'a>,
}

/// More user-function calls than this for one value is an error.
const MAX_CALLS: u64 = 1_000_000;

impl<'a> Evaluator<'a> {
    pub fn new(plan: &'a Plan, outcomes: &'a [Outcome], calls: &'a Cell<u64>) -> Evaluator<'a> {
        Evaluator {
            plan,
            outcomes,
            frame: &[],
            calls,
            corner: Corner::MID,
        }
    }

    pub fn at(self, corner: Corner<'a>) -> Evaluator<'a> {
        Evaluator { corner, ..self }
    }

    fn bases(&self) -> &[String] {
        self.plan.units.base_names()
    }

    fn record(&self, node: &Node, fields: &[(Ident, RExpr)]) -> EvalResult<Value> {
        let mut values = Vec::with_capacity(fields.len());
        for (name, expr) in fields {
            values.push((name.clone(), self.eval(expr)?, expr.span));
        }
        match node.kind {
            NodeKind::Model => records::model(&node.name, values, self.bases()),
            _ => records::accelerator(&node.name, values, self.bases()),
        }
    }

    fn quantity(&self, expr: &RExpr) -> EvalResult<Quantity> {
        let value = self.eval(expr)?;
        quantity_of(&value, expr.span)
    }

    /// Every value is produced here, so this is the one place that keeps
    /// NaN and infinities from leaving the evaluator.
    pub fn eval(&self, expr: &RExpr) -> EvalResult<Value> {
        let value = stacker::maybe_grow(RED_ZONE, STACK_SEGMENT, || self.eval_here(expr))?;
        if value.is_finite() {
            Ok(value)
        } else {
            Err(not_finite(&value, expr.span, MadeBy::of(&expr.kind)))
        }
    }

    fn eval_here(&self, expr: &RExpr) -> EvalResult<Value> {
        match &expr.kind {
            RKind::Const(value) => Ok(value.clone()),
            RKind::Node(id) => Ok(self.outcomes[*id]
                .value()
                .cloned()
                .expect("dependencies are evaluated first")),
            RKind::Param(index) => Ok(self.frame[*index].clone()),
            RKind::Negate(inner) => {
                let value = self.eval(inner)?;
                if let Value::Cluster(_) = value {
                    return Err(Box::new(EvalError::NegativeCluster { span: expr.span }));
                }
                let q = quantity_of(&value, inner.span)?;
                Ok(Value::Quantity(Quantity::new(-q.value, q.dim)))
            }
            RKind::Chain { first, links } => self.chain(first, links).map(Value::Quantity),
            RKind::Scale { expr: inner, unit } => {
                let q = self.quantity(inner)?;
                let dim = q
                    .dim
                    .times(unit.dim)
                    .ok_or_else(|| power_overflow(expr.span))?;
                quantity_unless_underflow(q.value * unit.factor, q.value != 0.0, dim, expr.span)
            }
            RKind::Convert {
                expr: inner,
                target,
            } => {
                let value = self.eval(inner)?;
                let q = quantity_of(&value, inner.span)?;
                if q.dim.is_none()
                    && target.dim == D_TIME
                    && let Some(error) = self.rate_over_rate(inner, target)
                {
                    return Err(error);
                }
                if q.dim != target.dim {
                    return Err(Box::new(EvalError::Conversion {
                        value: inner.span,
                        target: target.span,
                        from_dim: q.dim.to_unit_string(self.bases()),
                        to_dim: target.dim.to_unit_string(self.bases()),
                        from_label: describe(q.dim, self.bases()),
                        to_label: describe(target.dim, self.bases()),
                        help: conversion_help(q.dim, target.dim, &target.text),
                    }));
                }
                // The value keeps its kind (a cluster stays a cluster); the
                // display unit comes from the plan.
                Ok(value)
            }
            RKind::Member { target, member } => {
                let value = self.eval(target)?;
                self.member(&value, target.span, &member.name, member.span)
            }
            RKind::Call(call) => self.call(call.callee, call.callee_span, &call.args, expr.span),
            RKind::Cluster(cluster) => self.cluster(
                &cluster.count,
                &cluster.accelerator,
                cluster.precision,
                cluster.utilization.as_ref(),
            ),
            RKind::Range { input, low, high } => self.range(*input, low, high),
            RKind::Bound { node, end } => {
                let value = self.outcomes[*node]
                    .value()
                    .expect("dependencies are evaluated first");
                Ok(match (self.corner.bounds(*node), end) {
                    (Some(bounds), RangeEnd::Low) => bounds.low.clone(),
                    (Some(bounds), RangeEnd::High) => bounds.high.clone(),
                    (Some(bounds), RangeEnd::Mid) => bounds.mid.clone(),
                    (None, _) => value.clone(),
                })
            }
        }
    }

    /// `low..high` at this corner: both ends quantities of one dimension,
    /// low <= high.
    fn range(&self, input: usize, low: &RExpr, high: &RExpr) -> EvalResult<Value> {
        let (low_value, high_value) = (self.eval(low)?, self.eval(high)?);
        let (Some(l), Some(h)) = (low_value.as_quantity(), high_value.as_quantity()) else {
            return Err(Box::new(EvalError::RangeOfNonQuantities {
                low: low.span,
                high: high.span,
                low_kind: low_value.kind_name(),
                high_kind: high_value.kind_name(),
            }));
        };
        if l.dim != h.dim {
            return Err(Box::new(EvalError::RangeDimensions {
                low: low.span,
                high: high.span,
                low_label: describe(l.dim, self.bases()),
                high_label: describe(h.dim, self.bases()),
            }));
        }
        if l.value > h.value {
            return Err(Box::new(EvalError::ReversedRange {
                low: low.span,
                high: high.span,
            }));
        }
        let value = match self.corner.end(input) {
            RangeEnd::Low => l.value,
            RangeEnd::High => h.value,
            RangeEnd::Mid => l.value + (h.value - l.value) / 2.0,
        };
        Ok(Value::Quantity(Quantity::new(value, l.dim)))
    }

    /// `rate / rate -> time`: the error at the operands when both are rates.
    fn rate_over_rate(
        &self,
        inner: &RExpr,
        target: &super::ResolvedUnit,
    ) -> Option<Box<EvalError>> {
        let RKind::Chain { first, links } = &inner.kind else {
            return None;
        };
        let (last, before) = links.split_last()?;
        if last.op != BinaryOp::Div {
            return None;
        }
        let numerator = self.chain(first, before);
        let denominator = self.quantity(&last.right);
        let rate = |q: EvalResult<Quantity>| q.is_ok_and(|q| q.dim == D_RATE);
        (rate(numerator) && rate(denominator)).then(|| {
            Box::new(EvalError::RateOverRate {
                to_dim: target.dim.to_unit_string(self.bases()),
                numerator_text: match (&first.kind, before) {
                    (RKind::Node(id), []) => format!("`{}`", self.plan.nodes[*id].name.name),
                    _ => "the numerator".into(),
                },
                numerator: chain_span(first, before),
                denominator: last.right.span,
                target: target.span,
                to_label: describe(target.dim, self.bases()),
            })
        })
    }

    /// A chain's operands combined left to right, in a loop however long
    /// the chain; each step's value checked as `eval` checks a node's.
    fn chain(&self, first: &RExpr, links: &[Link<RExpr>]) -> EvalResult<Quantity> {
        let mut left = self.quantity(first)?;
        let mut left_span = first.span;
        for link in links {
            let right = self.quantity(&link.right)?;
            let span = left_span.to(link.right.span);
            let value = self.binary(link.op, (left, left_span), (right, link.right.span), span)?;
            if !value.is_finite() {
                let made_by = MadeBy::of_operator(Some(link.op));
                return Err(not_finite(&value, span, made_by));
            }
            left = quantity_of(&value, span)?;
            left_span = span;
        }
        Ok(left)
    }

    /// `left OP right` on two quantities, with their spans for errors.
    fn binary(
        &self,
        op: BinaryOp,
        (l, left_span): (Quantity, Span),
        (r, right_span): (Quantity, Span),
        span: Span,
    ) -> EvalResult<Value> {
        let bases = self.bases();
        match op {
            BinaryOp::Add | BinaryOp::Sub => {
                if l.dim != r.dim {
                    let verb = if op == BinaryOp::Add {
                        "add"
                    } else {
                        "subtract"
                    };
                    return Err(mismatch(verb, l.dim, left_span, r.dim, right_span, bases));
                }
                let value = if op == BinaryOp::Add {
                    l.value + r.value
                } else {
                    l.value - r.value
                };
                Ok(Value::Quantity(Quantity::new(value, l.dim)))
            }
            BinaryOp::Mul => {
                let dim = l.dim.times(r.dim).ok_or_else(|| power_overflow(span))?;
                let nonzero = l.value != 0.0 && r.value != 0.0;
                quantity_unless_underflow(l.value * r.value, nonzero, dim, span)
            }
            BinaryOp::Div => {
                if r.value == 0.0 {
                    return Err(Box::new(EvalError::DivisionByZero {
                        divisor: right_span,
                    }));
                }
                let dim = l.dim.per(r.dim).ok_or_else(|| power_overflow(span))?;
                quantity_unless_underflow(l.value / r.value, l.value != 0.0, dim, span)
            }
            BinaryOp::Pow => {
                if !r.dim.is_none() {
                    return Err(Box::new(EvalError::ExponentWithUnit {
                        span: right_span,
                        found: describe(r.dim, bases),
                    }));
                }
                if l.dim.is_none() {
                    return quantity_unless_underflow(
                        l.value.powf(r.value),
                        l.value != 0.0 && r.value.is_finite(),
                        l.dim,
                        span,
                    );
                }
                let whole = r.value.round();
                if whole != r.value || whole.abs() > 64.0 {
                    return Err(Box::new(EvalError::FractionalPower {
                        span: right_span,
                        exponent: r.value,
                        base: describe(l.dim, bases),
                    }));
                }
                let dim = l
                    .dim
                    .pow(whole as i32)
                    .ok_or_else(|| power_overflow(span))?;
                quantity_unless_underflow(l.value.powi(whole as i32), l.value != 0.0, dim, span)
            }
        }
    }

    fn member(
        &self,
        value: &Value,
        target_span: Span,
        name: &str,
        span: Span,
    ) -> EvalResult<Value> {
        match value {
            Value::Accelerator(chip) => {
                let member =
                    member_named::<AcceleratorMember>(name, span, || format!("`{}`", chip.name))?;
                match member.of(chip) {
                    Some(q) => Ok(Value::Quantity(q)),
                    None => Err(unknown_figure(member.name(), chip, span)),
                }
            }
            Value::Cluster(cluster) => {
                let member = member_named::<ClusterMember>(name, span, || {
                    format!("a cluster of {}", cluster.accelerator.name)
                })?;
                cluster
                    .member(member)
                    .ok_or_else(|| unknown_figure(member.name(), &cluster.accelerator, span))
            }
            Value::Model(model) => {
                let field =
                    member_named::<ModelField>(name, span, || format!("model `{}`", model.name))?;
                match (model.value(field), field.kind()) {
                    (Some(FieldValue::Number(v)), FieldKind::Number(dim)) => {
                        Ok(Value::Quantity(Quantity::new(v, dim)))
                    }
                    (Some(FieldValue::Choice(text)), _) => Ok(Value::Text(Arc::from(text))),
                    (Some(FieldValue::Flag(flag)), _) => Ok(Value::Bool(flag)),
                    _ => Err(Box::new(EvalError::ModelFieldNotSet {
                        span,
                        model: model.name.clone(),
                        field: field.name(),
                        missing: records::missing_field(model, field),
                    })),
                }
            }
            Value::Breakdown(parts) => match parts.get(name) {
                Some(q) => Ok(Value::Quantity(q)),
                None => {
                    let names: Vec<&str> = parts.parts.iter().map(|(n, _)| *n).collect();
                    Err(no_member_of("this result".into(), name, span, &names))
                }
            },
            other => Err(Box::new(match RangeEnd::from_name(name) {
                Some(_) => EvalError::RangeMemberOfValue {
                    span: target_span,
                    member: name.to_string(),
                },
                None => EvalError::NoMembers {
                    span: target_span,
                    kind: other.kind_name(),
                },
            })),
        }
    }

    fn call(
        &self,
        callee: Callee,
        callee_span: Span,
        args: &[RArg],
        span: Span,
    ) -> EvalResult<Value> {
        let mut values = Vec::with_capacity(args.len());
        for arg in args {
            values.push(match arg {
                RArg::Given(expr) => Some((self.eval(expr)?, expr.span)),
                RArg::Default => None,
            });
        }
        match callee {
            Callee::Builtin(builtin) => {
                let args = Args::new(builtin, values, span, self.bases())?;
                (builtin.call)(&args)
            }
            Callee::User(index) => {
                let function = &self.plan.functions[index];
                // Resolution plans no call to a function whose body failed.
                let body = function.body.as_ref().expect("a resolved function");
                let frame: Vec<Value> = values
                    .into_iter()
                    .map(|v| v.expect("user functions have no defaults").0)
                    .collect();
                self.calls.set(self.calls.get() + 1);
                if self.calls.get() > MAX_CALLS {
                    return Err(Box::new(EvalError::TooManyCalls {
                        span: callee_span,
                        limit: MAX_CALLS,
                    }));
                }
                Evaluator {
                    plan: self.plan,
                    outcomes: self.outcomes,
                    frame: &frame,
                    calls: self.calls,
                    corner: self.corner,
                }
                .eval(body)
            }
        }
    }

    /// `COUNT x ACCELERATOR[:PRECISION] [@ UTILISATION]`.
    fn cluster(
        &self,
        count: &RExpr,
        accelerator: &RExpr,
        precision: Option<(Precision, Span)>,
        utilization: Option<&RExpr>,
    ) -> EvalResult<Value> {
        let count = self.cluster_count(count)?;
        // `128 x node`, where `node = 8 x H100`, is 1,024 H100s; the inner
        // cluster's precision and utilisation apply unless given here.
        let (chip, gpus, inner) = match self.eval(accelerator)? {
            Value::Accelerator(a) => (a, count, None),
            Value::Cluster(c) => (c.accelerator.clone(), count * c.gpus, Some(c)),
            other if other.as_quantity().is_some() => {
                return Err(Box::new(EvalError::QuantityAfterX {
                    span: accelerator.span,
                    kind: other.kind_name(),
                }));
            }
            other => {
                return Err(Box::new(EvalError::NotAnAccelerator {
                    span: accelerator.span,
                    kind: other.kind_name(),
                }));
            }
        };
        let precision = match (precision, &inner) {
            (Some(p), _) => p,
            (None, Some(inner)) => (inner.precision, accelerator.span),
            (None, None) => (
                default_precision(&chip, accelerator.span)?,
                accelerator.span,
            ),
        };
        let peak = peak_at(&chip, precision)?;
        let mfu = match (utilization, &inner) {
            (None, Some(inner)) => inner.mfu,
            (None, None) => 1.0,
            (Some(util), _) => self.utilization(util, &chip.name, precision.0, peak)?,
        };
        Ok(Value::Cluster(Arc::new(Cluster {
            gpus,
            accelerator: chip,
            precision: precision.0,
            peak_per_device: peak,
            mfu,
        })))
    }

    /// A cluster's count: a whole number of GPUs, at least one.
    fn cluster_count(&self, count: &RExpr) -> EvalResult<f64> {
        let value = self.eval(count)?;
        if let Value::Accelerator(chip) = &value {
            return Err(Box::new(EvalError::CountAfterX {
                span: count.span,
                chip: chip.name.to_string(),
            }));
        }
        let n = quantity_of(&value, count.span)?;
        if !(n.dim.is_none() || n.dim == D_DEVICES) {
            return Err(Box::new(EvalError::CountDimension {
                span: count.span,
                found: describe(n.dim, self.bases()),
            }));
        }
        if n.value < 1.0 || n.value.fract() != 0.0 || !n.value.is_finite() {
            return Err(Box::new(EvalError::CountNotWhole {
                span: count.span,
                count: n.value,
            }));
        }
        Ok(n.value)
    }

    /// `@ 38%` or `@ 400 TFLOPS[/GPU]` → the fraction of `peak` achieved.
    fn utilization(
        &self,
        util: &RExpr,
        chip: &str,
        precision: Precision,
        peak: f64,
    ) -> EvalResult<f64> {
        let u = self.quantity(util)?;
        let span = util.span;
        let per_gpu_rate = D_RATE.per(D_DEVICES).expect("small powers");
        let fraction = if u.dim.is_none() {
            u.value
        } else if u.dim == D_RATE || u.dim == per_gpu_rate {
            if u.value > peak {
                return Err(Box::new(EvalError::UtilisationAbovePeak {
                    span,
                    chip: chip.to_string(),
                    precision: precision.name(),
                    rate_tflops: u.value / 1e12,
                    peak_tflops: peak / 1e12,
                }));
            }
            u.value / peak
        } else {
            let found = describe(u.dim, self.bases());
            let is_count = u.dim == D_COMPUTE || Some(u.dim) == D_COMPUTE.per(D_DEVICES);
            return Err(Box::new(if is_count {
                EvalError::UtilisationIsCount { span, found }
            } else {
                EvalError::UtilisationDimension { span, found }
            }));
        };
        let percent = fraction * 100.0;
        if fraction > 1.0 {
            return Err(Box::new(EvalError::UtilisationAbove100 {
                span,
                percent,
                chip: chip.to_string(),
                precision,
                peak_tflops: peak / 1e12,
            }));
        }
        if fraction <= 0.0 {
            return Err(Box::new(EvalError::UtilisationNotPositive {
                span,
                percent,
                chip: chip.to_string(),
                precision,
            }));
        }
        Ok(fraction)
    }
}

/// The precision an MFU refers to when none is written.
fn default_precision(chip: &Accelerator, span: Span) -> EvalResult<Precision> {
    chip.default_precision().ok_or_else(|| {
        Box::new(EvalError::NoDefaultPrecision {
            span,
            chip: chip.name.to_string(),
            precisions: precision_list(chip),
        })
    })
}

/// The dense peak per device at a precision (written at `span`).
fn peak_at(chip: &Accelerator, (precision, span): (Precision, Span)) -> EvalResult<f64> {
    chip.peak_flops(precision).ok_or_else(|| {
        Box::new(EvalError::NoPeak {
            span,
            chip: chip.name.to_string(),
            precision: precision.name(),
            precisions: precision_list(chip),
        })
    })
}

fn precision_list(chip: &Accelerator) -> String {
    let names: Vec<String> = chip
        .peaks
        .available()
        .map(|(p, _)| format!("`{}:{p}`", chip.name))
        .collect();
    if names.is_empty() {
        "none".into()
    } else {
        names.join(", ")
    }
}

fn unknown_figure(member: &'static str, chip: &Accelerator, span: Span) -> Box<EvalError> {
    let known: Vec<&str> = AcceleratorMember::ALL
        .iter()
        .filter(|m| m.of(chip).is_some())
        .map(|m| m.name())
        .collect();
    Box::new(EvalError::UnknownFigure {
        span,
        member,
        chip: chip.name.to_string(),
        known: known.join(", "),
    })
}

/// A member's name read from a name table; `on` says what lacks it.
fn member_named<T: Named>(name: &str, span: Span, on: impl FnOnce() -> String) -> EvalResult<T> {
    T::from_name(name).ok_or_else(|| no_member_of(on(), name, span, T::NAMES))
}

fn no_member_of(on: String, name: &str, span: Span, members: &[&str]) -> Box<EvalError> {
    Box::new(EvalError::NoMember {
        span,
        on,
        member: name.to_string(),
        members: one_of(name, members, "members", ", "),
    })
}

fn power_overflow(span: Span) -> Box<EvalError> {
    Box::new(EvalError::UnitPowersTooLarge { span })
}

#[cfg(test)]
mod tests {
    use crate::Session;
    use crate::eval::{Cluster, Outcome, Value};

    fn cluster(source: &str, name: &str) -> Cluster {
        let sheet = Session::from_source("t", source).evaluate();
        match sheet.cell(name).map(|c| &c.outcome) {
            Some(Outcome::Value(Value::Cluster(c))) => (**c).clone(),
            other => panic!("{name}: {other:?} {:?}", sheet.problems),
        }
    }

    #[test]
    fn a_cluster_of_clusters_keeps_the_inner_precision_and_utilisation() {
        let c = cluster("node = 8 x H100:fp8 @ 40%\npod = 16 x node", "pod");
        assert_eq!(c.gpus, 128.0);
        assert_eq!(c.precision.to_string(), "fp8");
        assert_eq!(c.mfu, 0.4);
        // Given again on the outer cluster, they replace the inner ones.
        let c = cluster(
            "node = 8 x H100:fp8 @ 40%\npod = 16 x node:bf16 @ 30%",
            "pod",
        );
        assert_eq!((c.precision.to_string(), c.mfu), ("bf16".to_string(), 0.3));
    }

    #[test]
    fn an_achieved_rate_per_gpu_is_a_fraction_of_the_dense_peak() {
        // H100 SXM dense bf16: 989.5 TFLOP/s per GPU (the built-in table).
        let c = cluster("c = 8 x H100 @ 395.8 TFLOPS", "c");
        assert!((c.mfu - 395.8 / 989.5).abs() < 1e-12, "{}", c.mfu);
    }

    #[test]
    fn a_failed_cell_stops_its_dependents_but_not_its_neighbours() {
        let sheet = Session::from_source("t", "a = 1 s + 1 FLOP\nb = a * 2\nc = 3").evaluate();
        assert!(matches!(
            sheet.cell("a").unwrap().outcome,
            Outcome::Error(_)
        ));
        assert_eq!(
            sheet.cell("b").unwrap().outcome,
            Outcome::Upstream("a".into())
        );
        assert!(sheet.cell("c").unwrap().outcome.value().is_some());
        assert_eq!(sheet.problems.len(), 1, "one mistake, one diagnostic");
    }
}
