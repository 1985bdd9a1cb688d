//! What-if workflows (SPEC §4): `--set NAME=EXPR` replaces a cell's
//! formula; `--sweep NAME=V1,V2,…` evaluates every combination of values.
//!
//! A sweep compiles the sheet once, evaluates everything that does not
//! depend on a swept cell once, and per point re-evaluates only the cells
//! downstream of the swept ones, on every core, in blocks written out in
//! order as they finish.

pub mod table;

use std::collections::{BTreeMap, HashSet};
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

use crate::eval::evaluate::{evaluate_assert, evaluate_node};
use crate::eval::{NodeKind, Outcome, Plan, ResolvedUnit, Value, evaluate};
use crate::session::{Session, Sheet};
use crate::suggest::closest;
use crate::syntax::lexicon::{self, Segment};

/// One `--sweep` axis as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    pub name: String,
    pub values: Vec<String>,
}

/// `NAME=EXPR` → (name, expression).
pub fn parse_assignment(arg: &str) -> Result<(String, String), String> {
    match arg.split_once('=') {
        Some((name, expr)) if !name.trim().is_empty() && !expr.trim().is_empty() => {
            Ok((name.trim().to_string(), expr.trim().to_string()))
        }
        _ => Err(format!("expected NAME=EXPR, found `{arg}`")),
    }
}

/// `NAME=V1,V2,…`: values are expressions, split on commas outside
/// brackets and strings (`min(a, b)` stays one value).
pub fn parse_axis(arg: &str) -> Result<Axis, String> {
    let (name, list) =
        parse_assignment(arg).map_err(|_| format!("expected NAME=V1,V2,…, found `{arg}`"))?;
    let mut values = Vec::new();
    let mut depth = 0i32;
    let mut current = String::new();
    for (segment, range) in lexicon::segments(&list) {
        if segment != Segment::Code {
            current.push_str(&list[range]);
            continue;
        }
        for c in list[range].chars() {
            match c {
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => depth -= 1,
                ',' if depth == 0 => {
                    values.push(std::mem::take(&mut current).trim().to_string());
                    continue;
                }
                _ => {}
            }
            current.push(c);
        }
    }
    values.push(current.trim().to_string());
    if values.iter().any(String::is_empty) {
        return Err(format!("`--sweep {arg}` has an empty value"));
    }
    Ok(Axis { name, values })
}

fn unknown_cell(session: &Session, name: &str, flag: &str) -> String {
    let cells: Vec<String> = session.cell_names();
    let hint = closest(name, cells.iter().map(String::as_str))
        .map(|near| format!("; did you mean `{near}`?"))
        .unwrap_or_default();
    format!(
        "`{flag} {name}=…`: {} has no cell named `{name}`{hint}",
        session.name()
    )
}

/// `--set NAME=EXPR`: the cell's formula is replaced for this run and
/// everything depending on it recomputes.
pub(crate) fn set_cell(session: &mut Session, name: &str, expr: &str) -> Result<(), String> {
    if !session.cell_names().iter().any(|c| c == name) {
        return Err(unknown_cell(session, name, "--set"));
    }
    session.add(&format!("# --set\n{name} = {expr}"));
    Ok(())
}

/// Prepares a sweep. Fails with the message to show, or with the sheet
/// whose problems stop it (the script itself, or a value that does not
/// evaluate).
pub(crate) fn prepare(
    session: &Session,
    axes: &[Axis],
    show: &[String],
) -> Result<Sweep, SweepError> {
    let cells = session.cell_names();
    let mut seen = HashSet::new();
    for axis in axes {
        if !cells.contains(&axis.name) {
            return Err(SweepError::Message(unknown_cell(
                session, &axis.name, "--sweep",
            )));
        }
        if !seen.insert(&axis.name) {
            return Err(SweepError::Message(format!(
                "`{}` is swept twice",
                axis.name
            )));
        }
    }
    for name in show {
        if !cells.contains(name) {
            return Err(SweepError::Message(unknown_cell(session, name, "--show")));
        }
    }
    // Each value is evaluated once, as a cell of its own.
    let mut with_values = session.clone();
    let mut value_cells = Vec::new();
    for (a, axis) in axes.iter().enumerate() {
        for (v, text) in axis.values.iter().enumerate() {
            let cell = format!("sweep_value_{a}_{v}");
            with_values.add(&format!("# --sweep {}\n{cell} = {text}", axis.name));
            value_cells.push((a, cell));
        }
    }
    let checked = with_values.evaluate();
    if checked.has_errors() && checked.problems.iter().any(|p| !is_assert_failure(p)) {
        return Err(SweepError::Problems(Box::new(checked)));
    }
    let (plan, _) = session.compile();
    let (base, _) = evaluate(&plan);
    let node_of = |name: &str| {
        plan.nodes
            .iter()
            .position(|n| n.kind == NodeKind::Cell && n.name.name == name)
            .expect("a cell of the sheet")
    };
    let mut sweep_axes = Vec::new();
    for (a, axis) in axes.iter().enumerate() {
        let node = node_of(&axis.name);
        let values = value_cells
            .iter()
            .filter(|(axis_index, _)| *axis_index == a)
            .map(|(_, cell)| {
                checked
                    .cell(cell)
                    .and_then(|c| c.outcome.value().cloned())
                    .expect("checked above")
            })
            .collect();
        sweep_axes.push(SweptCell {
            node,
            name: axis.name.clone(),
            values,
            texts: axis.values.clone(),
        });
    }
    let swept: HashSet<usize> = sweep_axes.iter().map(|a| a.node).collect();
    let affected = downstream(&plan, &swept);
    let column_nodes: Vec<usize> = if show.is_empty() {
        affected
            .iter()
            .copied()
            .filter(|n| plan.nodes[*n].kind == NodeKind::Cell)
            .collect()
    } else {
        show.iter().map(|n| node_of(n)).collect()
    };
    let columns = column_nodes
        .into_iter()
        .map(|node| Column {
            name: plan.nodes[node].name.name.clone(),
            node,
            shown: plan.nodes[node].shown.clone(),
        })
        .collect();
    Ok(Sweep {
        user_bases: plan.units.base_names().to_vec(),
        plan,
        base,
        axes: sweep_axes,
        affected,
        columns,
    })
}

fn is_assert_failure(problem: &crate::Problem) -> bool {
    matches!(
        problem,
        crate::Problem::Eval(crate::eval::EvalError::AssertFailed { .. })
    )
}

/// Nodes that depend, directly or not, on `swept`, in evaluation order.
fn downstream(plan: &Plan, swept: &HashSet<usize>) -> Vec<usize> {
    let mut hit: Vec<bool> = (0..plan.nodes.len()).map(|n| swept.contains(&n)).collect();
    let mut affected = Vec::new();
    for &id in &plan.order {
        if hit[id] {
            continue;
        }
        if plan.nodes[id].deps.iter().any(|d| hit[*d]) {
            hit[id] = true;
            affected.push(id);
        }
    }
    affected
}

#[derive(Debug)]
pub enum SweepError {
    Message(String),
    /// The script or a swept value has problems: show them.
    Problems(Box<Sheet>),
}

#[derive(Debug, Clone)]
pub struct SweptCell {
    pub node: usize,
    pub name: String,
    pub values: Vec<Value>,
    /// The values as written on the command line.
    pub texts: Vec<String>,
}

/// A cell shown in each row.
#[derive(Debug, Clone)]
pub struct Column {
    pub name: String,
    pub node: usize,
    /// The cell's own `->` unit, if it has one.
    pub shown: Option<ResolvedUnit>,
}

/// Writes one point as text: (index, outcomes, asserts passed, output).
pub type RowFormat<'a> = dyn Fn(usize, &[Outcome], Option<bool>, &mut String) + Sync + 'a;

/// A compiled sweep: evaluate points with [`Sweep::evaluate_point`].
#[derive(Debug, Clone)]
pub struct Sweep {
    plan: Plan,
    base: Vec<Outcome>,
    pub axes: Vec<SweptCell>,
    affected: Vec<usize>,
    pub columns: Vec<Column>,
    pub user_bases: Vec<String>,
}

impl Sweep {
    /// How many points: the product of the axes' lengths (saturating).
    pub fn len(&self) -> usize {
        self.axes
            .iter()
            .fold(1usize, |n, a| n.saturating_mul(a.values.len()))
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn has_asserts(&self) -> bool {
        !self.plan.asserts.is_empty()
    }

    /// Per-thread working memory: the outcomes of every node.
    pub fn scratch(&self) -> Vec<Outcome> {
        self.base.clone()
    }

    /// The value index on each axis of point `index` (the last axis varies fastest).
    pub fn coordinates(&self, mut index: usize) -> Vec<usize> {
        let mut coordinates = vec![0; self.axes.len()];
        for (slot, axis) in coordinates.iter_mut().zip(&self.axes).rev() {
            *slot = index % axis.values.len();
            index /= axis.values.len();
        }
        coordinates
    }

    /// Evaluates point `index` into `scratch`; returns whether every assert
    /// passed (`None` when an assert could not be checked).
    pub fn evaluate_point(&self, index: usize, scratch: &mut [Outcome]) -> Option<bool> {
        for (axis, value_index) in self.axes.iter().zip(self.coordinates(index)) {
            scratch[axis.node] = Outcome::Value(axis.values[value_index].clone());
        }
        for &id in &self.affected {
            scratch[id] = evaluate_node(&self.plan, id, scratch);
        }
        let mut all = Some(true);
        for assert in &self.plan.asserts {
            match evaluate_assert(&self.plan, assert, scratch).passed {
                Some(true) => {}
                Some(false) => return Some(false),
                None => all = None,
            }
        }
        all
    }

    /// Evaluates every point on `threads` threads, in blocks of `block`
    /// points; `format` turns one point into text, `emit` receives the text
    /// of each block in order (and may stop the sweep, as when the reader of
    /// a pipe has gone), `progress` the number of points done. Returns
    /// whether every point was evaluated and emitted.
    ///
    /// The workers live for the whole sweep and take the next block from a
    /// shared counter; the calling thread writes finished blocks in order.
    /// The channel is bounded, so workers wait for a slow writer instead of
    /// piling up rows in memory.
    pub fn run(
        &self,
        threads: usize,
        block: usize,
        format: &RowFormat<'_>,
        emit: &mut dyn FnMut(&str) -> ControlFlow<()>,
        progress: &mut dyn FnMut(usize),
    ) -> bool {
        let total = self.len();
        let block = block.max(1);
        let blocks = total.div_ceil(block);
        let workers = threads.clamp(1, blocks.max(1));
        let next = AtomicUsize::new(0);
        let stop = AtomicBool::new(false);
        let (sender, receiver) = mpsc::sync_channel::<(usize, String)>(2 * workers);
        std::thread::scope(|scope| {
            for _ in 0..workers {
                let sender = sender.clone();
                let (next, stop) = (&next, &stop);
                scope.spawn(move || {
                    let mut scratch = self.scratch();
                    while !stop.load(Ordering::Relaxed) {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        if index >= blocks {
                            break;
                        }
                        let mut text = String::new();
                        for point in index * block..((index + 1) * block).min(total) {
                            let passed = self.evaluate_point(point, &mut scratch);
                            format(point, &scratch, passed, &mut text);
                        }
                        if sender.send((index, text)).is_err() {
                            break;
                        }
                    }
                });
            }
            drop(sender);
            // Blocks finish out of order; hold each until its turn.
            let mut waiting = BTreeMap::new();
            let mut written = 0;
            for (index, text) in receiver {
                waiting.insert(index, text);
                while let Some(text) = waiting.remove(&written) {
                    if emit(&text).is_break() {
                        // Dropping the receiver (by leaving the loop) fails
                        // the workers' next send; the flag stops them sooner.
                        stop.store(true, Ordering::Relaxed);
                        return false;
                    }
                    written += 1;
                    progress((written * block).min(total));
                }
            }
            written == blocks
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_split_on_commas_outside_brackets() {
        let axis = parse_axis("mfu=35%, 40%,min(45%, 50%)").unwrap();
        assert_eq!(axis.name, "mfu");
        assert_eq!(axis.values, vec!["35%", "40%", "min(45%, 50%)"]);
        assert!(parse_axis("mfu=").is_err());
        assert!(parse_axis("mfu=1,,2").is_err());
        assert!(parse_axis("=1").is_err());
    }

    #[test]
    fn coordinates_vary_the_last_axis_fastest() {
        let session = Session::from_source("s", "a = 1\nb = 2\nc = a + b\n");
        let axes = [
            parse_axis("a=1,2").unwrap(),
            parse_axis("b=10,20,30").unwrap(),
        ];
        let sweep = session.sweep(&axes, &[]).unwrap();
        assert_eq!(sweep.len(), 6);
        assert_eq!(sweep.coordinates(0), vec![0, 0]);
        assert_eq!(sweep.coordinates(4), vec![1, 1]);
        let mut scratch = sweep.scratch();
        sweep.evaluate_point(5, &mut scratch);
        let c = sweep.columns.iter().find(|c| c.name == "c").unwrap();
        assert_eq!(
            scratch[c.node]
                .value()
                .and_then(Value::as_quantity)
                .unwrap()
                .value,
            32.0
        );
    }
}
