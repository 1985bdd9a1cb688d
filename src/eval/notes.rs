//! Notes the sheet shows beside a value when a formula counted more than a
//! reader may assume: the attention term of the FLOPs formulas, because
//! papers usually report plain 6·N·D (SPEC §3.2).

use std::cell::Cell;

use super::builtins::Takes;
use super::evaluate::{Evaluator, Outcome};
use super::plan::{Callee, NodeBody, Plan, RArg, RExpr, RKind};
use super::value::Value;
use crate::knowledge::formulas::Attention;
use crate::vocabulary::Named;

/// `incl. causal attention, +4.2%` for a cell whose formula is a FLOPs
/// built-in that counted attention for a model: the share comes from the
/// same call evaluated again with `attention = "none"`.
pub fn attention_note(plan: &Plan, node: usize, outcomes: &[Outcome]) -> Option<String> {
    let Some(NodeBody::Expr(body)) = &plan.nodes[node].body else {
        return None;
    };
    let call = match &body.kind {
        RKind::Convert { expr, .. } => expr.as_ref(),
        _ => body,
    };
    let RKind::Call {
        callee: Callee::Builtin(builtin),
        callee_span,
        args,
    } = &call.kind
    else {
        return None;
    };
    let index = builtin.params.iter().position(|p| p.name == "attention")?;
    let calls = Cell::new(0);
    let evaluator = Evaluator::new(plan, outcomes, &calls);
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
        kind: RKind::Call {
            callee: Callee::Builtin(builtin),
            callee_span: *callee_span,
            args: plain_args,
        },
        span: call.span,
    };
    let with = evaluator.eval(call).ok()?.as_quantity()?.value;
    let without = evaluator.eval(&plain).ok()?.as_quantity()?.value;
    (without > 0.0).then(|| {
        let share = (with / without - 1.0) * 100.0;
        format!("incl. {} attention, +{share:.1}%", attention.name())
    })
}
