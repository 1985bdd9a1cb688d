//! Ranges (SPEC §2.6): every range literal is an independent input, and a
//! value that depends on ranges is the least and greatest it takes over the
//! corners of the ranges feeding it. A layer over the evaluator: the plan
//! is evaluated once with every range at its midpoint, then, per set of
//! ranges feeding some cells, only the cells downstream of those ranges are
//! re-evaluated at each of the 2^k corners, as a sweep re-evaluates the
//! cells downstream of its axes.

use std::collections::BTreeMap;

use super::eval_error::EvalError;
use super::evaluate::{AssertOutcome, Outcome, evaluate_assert_at, evaluate_node_at};
use super::plan::{Plan, RangeEnd};
use super::value::Value;
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
    bounds: &'a [Option<Bounds>],
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
        self.bounds.get(node).and_then(Option::as_ref)
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
        let mut fed = node.ranges.clone();
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

/// Least and greatest values seen, with the values at which they occur.
struct Extremes {
    low: Option<(f64, Value)>,
    high: Option<(f64, Value)>,
    error: Option<Box<EvalError>>,
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
                let (Some(q), Some(m)) = (value.as_quantity(), mid.as_quantity()) else {
                    return;
                };
                if q.dim != m.dim {
                    self.error = Some(Box::new(EvalError::UnitChangesWithinRange { span }));
                    return;
                }
                if self.low.as_ref().is_none_or(|(l, _)| q.value < *l) {
                    self.low = Some((q.value, value.clone()));
                }
                if self.high.as_ref().is_none_or(|(h, _)| q.value > *h) {
                    self.high = Some((q.value, value.clone()));
                }
            }
            Outcome::Error(error) => self.error = Some(error.clone()),
            Outcome::Upstream(_) | Outcome::Unresolved => {}
        }
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

/// Turns the midpoint evaluation of a plan with ranges into ranges: the
/// bounds of every cell a range feeds, asserts checked at every corner.
/// A cell that fails at a corner fails, and its dependents are skipped.
pub fn evaluate_ranges(
    plan: &Plan,
    outcomes: &mut [Outcome],
    asserts: &mut [AssertOutcome],
) -> Vec<Option<Bounds>> {
    let mut bounds: Vec<Option<Bounds>> = vec![None; plan.nodes.len()];
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
        let mut scratch = outcomes.to_vec();
        let mut extremes: Vec<Extremes> = members.iter().map(|_| Extremes::new()).collect();
        for mask in 0..1usize << fed.len() {
            set_corner(&mut ends, fed, mask);
            let corner = Corner {
                ends: &ends,
                bounds: &bounds,
            };
            for &id in &needed {
                scratch[id] = evaluate_node_at(plan, id, &scratch, corner);
            }
            for (extreme, &id) in extremes.iter_mut().zip(members) {
                let mid = outcomes[id].value().expect("evaluated at the midpoints");
                extreme.add(&scratch[id], mid, plan.nodes[id].name.span);
            }
        }
        ends.fill(RangeEnd::Mid);
        for (extreme, &id) in extremes.into_iter().zip(members) {
            if let Some(error) = extreme.error {
                outcomes[id] = Outcome::Error(error);
            } else if let (Some((_, low)), Some((_, high))) = (extreme.low, extreme.high) {
                let mid = outcomes[id].value().cloned().expect("a value");
                bounds[id] = Some(Bounds { low, high, mid });
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
            outcomes[id] = Outcome::Upstream(plan.nodes[*failed].name.name.clone());
            bounds[id] = None;
        }
    }
    for (assert, outcome) in plan.asserts.iter().zip(asserts.iter_mut()) {
        if let Some(failed) = assert.deps.iter().find(|d| outcomes[**d].value().is_none()) {
            let name = plan.nodes[*failed].name.name.clone();
            *outcome = AssertOutcome {
                left: Outcome::Upstream(name.clone()),
                right: Outcome::Upstream(name),
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
    bounds: &[Option<Bounds>],
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
