//! Ranges (SPEC §2.6): every range literal is an independent input, and a
//! value that depends on ranges is the least and greatest it takes over the
//! corners of the ranges feeding it. A layer over the evaluator: the plan
//! is evaluated once with every range at its midpoint, then, per set of
//! ranges feeding some cells, only the cells downstream of those ranges are
//! re-evaluated at each of the 2^k corners, as a sweep re-evaluates the
//! cells downstream of its axes.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::eval_error::EvalError;
use super::evaluate::{AssertOutcome, Outcome, evaluate_assert_at, evaluate_node_at};
use super::plan::{Plan, RangeEnd};
use super::value::{Breakdown, Value};
use crate::knowledge::model::FieldValue;
use crate::span::Span;
use crate::units::Quantity;

/// More ranges than this feeding one value is an error (2^16 corners).
pub const MAX_RANGES: usize = 16;

/// A value's extremes over its corners, and its value at the midpoints.
#[derive(Debug, Clone, PartialEq)]
pub struct Bounds {
    pub low: Value,
    pub high: Value,
    pub mid: Value,
}

impl Bounds {
    /// The extremes as quantities (a cluster as its rate).
    pub fn quantities(&self) -> Option<(Quantity, Quantity)> {
        Some((self.low.as_quantity()?, self.high.as_quantity()?))
    }

    /// A breakdown's parts with each one's extremes and midpoint value:
    /// `(name, low, high, mid)`.
    pub fn parts(&self) -> Option<Vec<(&'static str, Quantity, Quantity, Quantity)>> {
        let (Value::Breakdown(low), Value::Breakdown(high), Value::Breakdown(mid)) =
            (&self.low, &self.high, &self.mid)
        else {
            return None;
        };
        Some(
            low.parts
                .iter()
                .zip(&high.parts)
                .zip(&mid.parts)
                .map(|((&(name, l), &(_, h)), &(_, m))| (name, l, h, m))
                .collect(),
        )
    }
}

/// Whether extremes make a range: numbers, clusters, breakdowns and
/// models (field by field) do.
fn has_range(value: &Value) -> bool {
    value.as_quantity().is_some() || matches!(value, Value::Breakdown(_) | Value::Model(_))
}

/// The range of an assert's two sides over its corners.
#[derive(Debug, Clone, PartialEq)]
pub struct AssertRange {
    pub left: (Quantity, Quantity),
    pub right: (Quantity, Quantity),
    /// Whether it held at one corner at least.
    pub holds_somewhere: bool,
}

/// Which end of each range an evaluation takes, and the bounds of the
/// cells computed so far (for `.low`, `.high`, `.mid`).
#[derive(Debug, Clone, Copy)]
pub struct Corner<'a> {
    ends: &'a [RangeEnd],
    bounds: &'a [Option<Box<Bounds>>],
}

impl<'a> Corner<'a> {
    /// Every range at its midpoint.
    pub const MID: Corner<'static> = Corner {
        ends: &[],
        bounds: &[],
    };

    pub fn end(&self, input: usize) -> RangeEnd {
        self.ends.get(input).copied().unwrap_or(RangeEnd::Mid)
    }

    pub fn bounds(&self, node: usize) -> Option<&'a Bounds> {
        self.bounds.get(node).and_then(Option::as_deref)
    }
}

/// For each node, the ranges that feed it, sorted.
pub fn feeds(plan: &Plan) -> Vec<Vec<usize>> {
    feeds_except(plan, &|_| false)
}

/// Like [`feeds`], with the nodes `replaced` given points instead of
/// their formulas (swept cells).
pub fn feeds_except(plan: &Plan, replaced: &dyn Fn(usize) -> bool) -> Vec<Vec<usize>> {
    let mut feeds: Vec<Vec<usize>> = vec![Vec::new(); plan.nodes.len()];
    for &id in &plan.order {
        if replaced(id) {
            continue;
        }
        let node = &plan.nodes[id];
        let mut fed = node.ranges.to_vec();
        for dep in value_deps(plan, id) {
            fed.extend(feeds[dep].iter().copied());
        }
        fed.sort_unstable();
        fed.dedup();
        feeds[id] = fed;
    }
    feeds
}

/// Dependencies whose values (not only bounds) a node reads.
fn value_deps(plan: &Plan, id: usize) -> impl Iterator<Item = usize> + '_ {
    let node = &plan.nodes[id];
    node.deps
        .iter()
        .copied()
        .filter(|d| !node.bound_deps.contains(d))
}

/// The nodes to re-evaluate at each corner for `targets`: the targets and
/// what they read that depends on a range, in evaluation order.
fn upstream(plan: &Plan, feeds: &[Vec<usize>], targets: &[usize]) -> Vec<usize> {
    let mut needed = vec![false; plan.nodes.len()];
    for &t in targets {
        needed[t] = true;
    }
    for &id in plan.order.iter().rev() {
        if needed[id] {
            for dep in value_deps(plan, id) {
                if !feeds[dep].is_empty() {
                    needed[dep] = true;
                }
            }
        }
    }
    plan.order
        .iter()
        .copied()
        .filter(|id| needed[*id])
        .collect()
}

/// The ends of every range at corner `mask` of the ranges `fed`.
fn set_corner(ends: &mut [RangeEnd], fed: &[usize], mask: usize) {
    for (bit, &input) in fed.iter().enumerate() {
        ends[input] = if mask >> bit & 1 == 1 {
            RangeEnd::High
        } else {
            RangeEnd::Low
        };
    }
}

/// Least and greatest values seen: for a quantity or a cluster (by its
/// rate) the values at which they occur; for a breakdown (or a model) each
/// part's (field's) own least and greatest, since one corner need not make every part least.
struct Extremes {
    low: Option<Value>,
    high: Option<Value>,
    error: Option<Box<EvalError>>,
}

/// `current` with `seen` folded in, keeping the lesser (`least`) or the
/// greater of each number (a cluster compares by its rate).
fn fold(current: Option<Value>, seen: &Value, least: bool) -> Value {
    let Some(current) = current else {
        return seen.clone();
    };
    let better = |new: f64, kept: f64| if least { new < kept } else { new > kept };
    match (&current, seen) {
        (Value::Breakdown(kept), Value::Breakdown(new)) => {
            let parts = kept
                .parts
                .iter()
                .zip(&new.parts)
                .map(|(&(name, k), &(_, n))| (name, if better(n.value, k.value) { n } else { k }))
                .collect();
            Value::Breakdown(Arc::new(Breakdown { parts }))
        }
        (Value::Model(kept), Value::Model(new)) => {
            let mut folded = kept.as_ref().clone();
            for (field, value) in new.known() {
                if let (FieldValue::Number(n), Some(k)) = (value, kept.get(field))
                    && better(n, k)
                {
                    folded.set_number(field, n);
                }
            }
            Value::Model(Arc::new(folded))
        }
        _ => match (seen.as_quantity(), current.as_quantity()) {
            (Some(n), Some(k)) if better(n.value, k.value) => seen.clone(),
            _ => current,
        },
    }
}

impl Extremes {
    fn new() -> Extremes {
        Extremes {
            low: None,
            high: None,
            error: None,
        }
    }

    fn add(&mut self, outcome: &Outcome, mid: &Value, span: Span) {
        if self.error.is_some() {
            return;
        }
        match outcome {
            Outcome::Value(value) => {
                if !same_shape(value, mid) {
                    self.error = Some(Box::new(EvalError::UnitChangesWithinRange { span }));
                    return;
                }
                self.low = Some(fold(self.low.take(), value, true));
                self.high = Some(fold(self.high.take(), value, false));
            }
            Outcome::Error(error) => self.error = Some(error.clone()),
            Outcome::Upstream(_) | Outcome::Unresolved => {}
        }
    }
}

/// Whether a corner's value can stand beside the midpoint's as one range:
/// numbers of one dimension, or breakdowns of the same parts so measured.
/// Other values (a string; a model, whose fields fold one by one) are not
/// compared.
fn same_shape(value: &Value, mid: &Value) -> bool {
    match (value, mid) {
        (Value::Breakdown(a), Value::Breakdown(b)) => {
            a.parts.len() == b.parts.len()
                && a.parts
                    .iter()
                    .zip(&b.parts)
                    .all(|((n, p), (m, q))| n == m && p.dim == q.dim)
        }
        _ => match (value.as_quantity(), mid.as_quantity()) {
            (Some(q), Some(m)) => q.dim == m.dim,
            _ => true,
        },
    }
}

fn too_many(plan: &Plan, fed: &[usize], span: Span) -> Box<EvalError> {
    Box::new(EvalError::TooManyRanges {
        span,
        extra: plan.ranges[fed[MAX_RANGES]].span,
        count: fed.len(),
        limit: MAX_RANGES,
    })
}

/// Evaluates the nodes `needed` (in evaluation order) at every corner of
/// the ranges `fed`, from the midpoint `outcomes`, handing each corner's
/// outcomes to `visit`.
fn each_corner(
    plan: &Plan,
    needed: &[usize],
    fed: &[usize],
    outcomes: &[Outcome],
    bounds: &[Option<Box<Bounds>>],
    visit: &mut dyn FnMut(&[Outcome], Corner),
) {
    let mut ends = vec![RangeEnd::Mid; plan.ranges.len()];
    let mut scratch = outcomes.to_vec();
    for mask in 0..1usize << fed.len() {
        set_corner(&mut ends, fed, mask);
        let corner = Corner {
            ends: &ends,
            bounds,
        };
        for &id in needed {
            scratch[id] = evaluate_node_at(plan, id, &scratch, corner);
        }
        visit(&scratch, corner);
    }
}

/// Calls `visit` at every corner of the ranges feeding `node`, with the
/// outcomes of what the node reads at that corner (not the node itself)
/// and the corner: for what is computed beside a range cell's value, such
/// as a note (`outcomes` and `bounds` those of the evaluated plan).
pub fn at_corners_of(
    plan: &Plan,
    outcomes: &[Outcome],
    bounds: &[Option<Box<Bounds>>],
    node: usize,
    visit: &mut dyn FnMut(&[Outcome], Corner),
) {
    let feeds = feeds(plan);
    let fed = &feeds[node];
    if fed.is_empty() || fed.len() > MAX_RANGES {
        return;
    }
    let mut needed = upstream(plan, &feeds, &[node]);
    needed.retain(|id| *id != node);
    each_corner(plan, &needed, fed, outcomes, bounds, visit);
}

/// Turns the midpoint evaluation of a plan with ranges into ranges: the
/// bounds of every cell a range feeds, asserts checked at every corner.
/// A cell that fails at a corner fails, and its dependents are skipped.
pub fn evaluate_ranges(
    plan: &Plan,
    outcomes: &mut [Outcome],
    asserts: &mut [AssertOutcome],
) -> Vec<Option<Box<Bounds>>> {
    // Boxed: most cells have no range, and this is one slot per cell.
    let mut bounds: Vec<Option<Box<Bounds>>> = vec![None; plan.nodes.len()];
    if plan.ranges.is_empty() {
        return bounds;
    }
    let feeds = feeds(plan);
    // A node reading another's bounds comes after it: levels order that.
    let mut level = vec![0usize; plan.nodes.len()];
    for &id in &plan.order {
        let node = &plan.nodes[id];
        level[id] = node
            .deps
            .iter()
            .map(|d| {
                if node.bound_deps.contains(d) && !feeds[*d].is_empty() {
                    level[*d] + 1
                } else {
                    level[*d]
                }
            })
            .max()
            .unwrap_or(0);
    }
    let mut groups: BTreeMap<(usize, Vec<usize>), Vec<usize>> = BTreeMap::new();
    for &id in &plan.order {
        let fed = &feeds[id];
        // A cell reading a range's bounds (level > 0) is evaluated again
        // once they are known, even when no range feeds it.
        if (fed.is_empty() && level[id] == 0) || outcomes[id].value().is_none() {
            continue;
        }
        if fed.len() > MAX_RANGES {
            outcomes[id] = Outcome::Error(too_many(plan, fed, plan.nodes[id].name.span));
            continue;
        }
        groups.entry((level[id], fed.clone())).or_default().push(id);
    }
    let mut ends = vec![RangeEnd::Mid; plan.ranges.len()];
    for ((level, fed), members) in &groups {
        let needed = upstream(plan, &feeds, members);
        if *level > 0 {
            // The midpoint values read bounds that were not known then.
            let corner = Corner {
                ends: &ends,
                bounds: &bounds,
            };
            for &id in &needed {
                outcomes[id] = evaluate_node_at(plan, id, outcomes, corner);
            }
            if members.iter().any(|m| outcomes[*m].value().is_none()) {
                continue;
            }
        }
        let mut extremes: Vec<Extremes> = members.iter().map(|_| Extremes::new()).collect();
        each_corner(plan, &needed, fed, outcomes, &bounds, &mut |scratch, _| {
            for (extreme, &id) in extremes.iter_mut().zip(members) {
                let mid = outcomes[id].value().expect("evaluated at the midpoints");
                extreme.add(&scratch[id], mid, plan.nodes[id].name.span);
            }
        });
        for (extreme, &id) in extremes.into_iter().zip(members) {
            if let Some(error) = extreme.error {
                outcomes[id] = Outcome::Error(error);
            } else if let (Some(low), Some(high)) = (extreme.low, extreme.high)
                && has_range(&low)
            {
                let mid = outcomes[id].value().cloned().expect("a value");
                bounds[id] = Some(Box::new(Bounds { low, high, mid }));
            }
        }
    }
    // Cells downstream of a cell that failed at some corner are skipped.
    for &id in &plan.order {
        if outcomes[id].value().is_none() {
            continue;
        }
        if let Some(failed) = plan.nodes[id]
            .deps
            .iter()
            .find(|d| outcomes[**d].value().is_none())
        {
            outcomes[id] = Outcome::Upstream(plan.nodes[*failed].name.name.to_string());
            bounds[id] = None;
        }
    }
    for (assert, outcome) in plan.asserts.iter().zip(asserts.iter_mut()) {
        if let Some(failed) = assert.deps.iter().find(|d| outcomes[**d].value().is_none()) {
            let name = plan.nodes[*failed].name.name.clone();
            *outcome = AssertOutcome {
                left: Outcome::Upstream(name.to_string()),
                right: Outcome::Upstream(name.to_string()),
                passed: None,
                range: None,
            };
            continue;
        }
        let mid = Corner {
            ends: &ends,
            bounds: &bounds,
        };
        *outcome = evaluate_assert_at(plan, assert, outcomes, mid);
        let mut fed = assert.ranges.clone();
        for dep in &assert.deps {
            fed.extend(feeds[*dep].iter().copied());
        }
        fed.sort_unstable();
        fed.dedup();
        if fed.is_empty() || outcome.passed.is_none() {
            continue;
        }
        if fed.len() > MAX_RANGES {
            outcome.left = Outcome::Error(too_many(plan, &fed, assert.span));
            outcome.passed = None;
            continue;
        }
        let needed = upstream(plan, &feeds, &assert.deps);
        let mut scratch = outcomes.to_vec();
        let (mut all, mut any) = (true, false);
        let mut sides: [Option<(Quantity, Quantity)>; 2] = [None, None];
        for mask in 0..1usize << fed.len() {
            set_corner(&mut ends, &fed, mask);
            let corner = Corner {
                ends: &ends,
                bounds: &bounds,
            };
            for &id in &needed {
                scratch[id] = evaluate_node_at(plan, id, &scratch, corner);
            }
            let at_corner = evaluate_assert_at(plan, assert, &scratch, corner);
            let Some(passed) = at_corner.passed else {
                *outcome = at_corner;
                break;
            };
            all &= passed;
            any |= passed;
            for (side, value) in sides.iter_mut().zip([&at_corner.left, &at_corner.right]) {
                let q = value
                    .value()
                    .and_then(Value::as_quantity)
                    .expect("compared");
                *side = Some(match *side {
                    None => (q, q),
                    Some((l, h)) => (
                        if q.value < l.value { q } else { l },
                        if q.value > h.value { q } else { h },
                    ),
                });
            }
        }
        ends.fill(RangeEnd::Mid);
        if outcome.passed.is_none() {
            continue;
        }
        if let [Some(left), Some(right)] = sides {
            outcome.passed = Some(all);
            outcome.range = Some(Box::new(AssertRange {
                left,
                right,
                holds_somewhere: any,
            }));
        }
    }
    bounds
}

/// One input's effect on a cell: the cell's range when only that input
/// varies and every other sits at its midpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct Swing {
    pub input: usize,
    pub low: Quantity,
    pub high: Quantity,
}

/// Each range feeding `node`, with its swing, widest first (a tornado
/// chart). `outcomes` and `bounds` are those of the evaluated plan.
pub fn swings(
    plan: &Plan,
    outcomes: &[Outcome],
    bounds: &[Option<Box<Bounds>>],
    node: usize,
) -> Vec<Swing> {
    let feeds = feeds(plan);
    let needed = upstream(plan, &feeds, &[node]);
    let mut ends = vec![RangeEnd::Mid; plan.ranges.len()];
    let mut scratch = outcomes.to_vec();
    let mut swings = Vec::new();
    for &input in &feeds[node] {
        let mut values = Vec::with_capacity(2);
        for end in [RangeEnd::Low, RangeEnd::High] {
            ends[input] = end;
            let corner = Corner {
                ends: &ends,
                bounds,
            };
            for &id in &needed {
                scratch[id] = evaluate_node_at(plan, id, &scratch, corner);
            }
            if let Some(q) = scratch[node].value().and_then(Value::as_quantity) {
                values.push(q);
            }
        }
        ends[input] = RangeEnd::Mid;
        if let [a, b] = values[..] {
            let (low, high) = if a.value <= b.value { (a, b) } else { (b, a) };
            swings.push(Swing { input, low, high });
        }
    }
    swings.sort_by(|a, b| {
        let width = |s: &Swing| s.high.value - s.low.value;
        width(b).total_cmp(&width(a))
    });
    swings
}
