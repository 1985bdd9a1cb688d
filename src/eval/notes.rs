//! Notes the sheet shows beside a value when a formula counted more than a
//! reader may assume: the attention term of the FLOPs formulas, because
//! papers usually report plain 6·N·D (SPEC §3.2).

use std::cell::Cell;

use super::builtins::Takes;
use super::evaluate::{Evaluator, Outcome};
use super::plan::{Callee, NodeBody, Plan, RArg, RCall, RExpr, RKind};
use super::ranges::{Bounds, Corner, at_corners_of};
use super::value::Value;
use crate::knowledge::formulas::Attention;
use crate::vocabulary::Named;

/// `incl. causal attention, +4.2%` for a cell whose formula is a FLOPs
/// built-in that counted attention for a model: the share comes from the
/// same call evaluated again with `attention = "none"`. For a range cell,
/// the share's least and greatest over the corners of its ranges
/// (`+3.9..4.6%`).
pub fn attention_note(
    plan: &Plan,
    node: usize,
    outcomes: &[Outcome],
    bounds: &[Option<Box<Bounds>>],
) -> Option<String> {
    let (attention, mid) = attention_share(plan, node, outcomes, Corner::MID)?;
    let (mut low, mut high) = (mid, mid);
    if bounds[node].is_some() {
        at_corners_of(plan, outcomes, bounds, node, &mut |outcomes, corner| {
            if let Some((_, share)) = attention_share(plan, node, outcomes, corner) {
                low = low.min(share);
                high = high.max(share);
            }
        });
    }
    let (low, high) = (format!("{low:.1}"), format!("{high:.1}"));
    let share = if low == high {
        high
    } else {
        format!("{low}..{high}")
    };
    Some(format!("incl. {} attention, +{share}%", attention.name()))
}

/// The attention convention a node's FLOPs call counts and how much it
/// adds, in percent, at one corner of the ranges.
fn attention_share(
    plan: &Plan,
    node: usize,
    outcomes: &[Outcome],
    corner: Corner,
) -> Option<(Attention, f64)> {
    let Some(NodeBody::Expr(body)) = plan.nodes[node].body.as_deref() else {
        return None;
    };
    let call = match &body.kind {
        RKind::Convert { expr, .. } => expr.as_ref(),
        _ => body,
    };
    let RKind::Call(called) = &call.kind else {
        return None;
    };
    let (Callee::Builtin(builtin), args) = (called.callee, &called.args) else {
        return None;
    };
    let index = builtin.params.iter().position(|p| p.name == "attention")?;
    let calls = Cell::new(0);
    let evaluator = Evaluator::new(plan, outcomes, &calls).at(corner);
    let attention = match (&args[index], builtin.params[index].takes) {
        (RArg::Given(expr), _) => match evaluator.eval(expr).ok()? {
            Value::Text(word) => Attention::from_name(&word)?,
            _ => return None,
        },
        (RArg::Default, Takes::Choice { default, .. }) => Attention::from_name(default)?,
        _ => return None,
    };
    let Some(RArg::Given(model)) = args.first() else {
        return None;
    };
    if attention == Attention::None || !matches!(evaluator.eval(model), Ok(Value::Model(_))) {
        return None;
    }
    let mut plain_args = args.clone();
    plain_args[index] = RArg::Given(RExpr {
        kind: RKind::Const(Value::Text(Attention::None.name().into())),
        span: call.span,
    });
    let plain = RExpr {
        kind: RKind::Call(Box::new(RCall {
            callee: called.callee,
            callee_span: called.callee_span,
            args: plain_args,
        })),
        span: call.span,
    };
    let with = evaluator.eval(call).ok()?.as_quantity()?.value;
    let without = evaluator.eval(&plain).ok()?.as_quantity()?.value;
    (without > 0.0).then(|| (attention, (with / without - 1.0) * 100.0))
}
