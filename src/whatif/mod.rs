//! What-if workflows (SPEC §4): `--set NAME=EXPR` replaces a cell's
//! formula; `--sweep NAME=V1,V2,…` evaluates every combination of values.
//!
//! A sweep compiles the sheet once, evaluates everything that does not
//! depend on a swept cell once, and per point re-evaluates only the cells
//! downstream of the swept ones, on every core, in blocks written out in
//! order as they finish.

mod error;
pub mod table;
pub mod tornado;

pub use error::FlagError;

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::mem::{Discriminant, discriminant};
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

use crate::diagnostic::Problem;
use crate::eval::EvalError;
use crate::eval::evaluate::{evaluate_assert, evaluate_node};
use crate::eval::plan::{NodeBody, RExpr, RKind, RangeInput};
use crate::eval::ranges::{Bounds, evaluate_ranges};
use crate::eval::{AssertOutcome, NodeKind, Outcome, Plan, ResolvedUnit, Value, evaluate};
use crate::session::{Session, Sheet};
use crate::span::{Origin, Span};
use crate::suggest::closest;
use crate::syntax::ast::{Ident, StatementKind};
use crate::syntax::lexicon::{self, Segment};
use crate::syntax::{DefinitionKind, FailedDefinition, brackets, parse_program};

/// One `--set NAME=EXPR` as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    /// The flag's value, exactly as given.
    pub text: String,
    pub name: String,
    /// Where the name is in `text`.
    pub name_span: Span,
}

/// One `--sweep NAME=V1,V2,…` as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    /// The flag's value, exactly as given.
    pub text: String,
    pub name: String,
    pub name_span: Span,
    pub values: Vec<String>,
    /// Where each value is in `text`.
    pub value_spans: Vec<Span>,
}

/// One `--show A,B,…` as typed: the names and where each is in `text`.
#[derive(Debug, Clone, PartialEq)]
pub struct ShowList {
    pub text: String,
    pub names: Vec<(String, Span)>,
}

/// `NAME=EXPR`, keeping the text as typed.
pub fn parse_assignment(arg: &str) -> Result<Assignment, String> {
    match arg.split_once('=') {
        Some((name, expr)) if !name.trim().is_empty() && !expr.trim().is_empty() => {
            Ok(Assignment {
                text: arg.to_string(),
                name: name.trim().to_string(),
                name_span: trimmed_span(arg, 0, name.len()),
            })
        }
        _ => Err(format!("expected NAME=EXPR, found `{arg}`")),
    }
}

/// The span of `text[start..end]` without its surrounding blanks.
fn trimmed_span(text: &str, start: usize, end: usize) -> Span {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    Span::new(start + lead, start + lead + piece.trim().len())
}

/// `NAME=V1,V2,…`: values are expressions, split on commas outside
/// brackets and strings (`min(a, b)` stays one value).
pub fn parse_axis(arg: &str) -> Result<Axis, String> {
    let assignment =
        parse_assignment(arg).map_err(|_| format!("expected NAME=V1,V2,…, found `{arg}`"))?;
    let list_start = arg.find('=').expect("checked by parse_assignment") + 1;
    let list = &arg[list_start..];
    let mut value_spans = Vec::new();
    let mut depth = 0i32;
    let mut value_start = 0;
    for (segment, range) in lexicon::segments(list) {
        if segment != Segment::Code {
            continue;
        }
        for (at, c) in list[range.clone()].char_indices() {
            match c {
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => depth -= 1,
                ',' if depth == 0 => {
                    let comma = range.start + at;
                    value_spans.push(trimmed_span(list, value_start, comma));
                    value_start = comma + 1;
                }
                _ => {}
            }
        }
    }
    value_spans.push(trimmed_span(list, value_start, list.len()));
    if value_spans.iter().any(|span| span.is_empty()) {
        return Err(format!("`--sweep {arg}` has an empty value"));
    }
    if let Some(number) = thousands_split(list, &value_spans) {
        return Err(format!(
            "`{number}` could be one number with a thousands separator or two values: \
             values are split at every comma outside brackets; write `{}` for one number, \
             or put a space after the comma for two values",
            number.replace(',', "")
        ));
    }
    let values = value_spans
        .iter()
        .map(|span| list[span.start..span.end].to_string())
        .collect();
    Ok(Axis {
        text: assignment.text,
        name: assignment.name,
        name_span: assignment.name_span,
        values,
        value_spans: value_spans
            .into_iter()
            .map(|span| span.shifted(list_start))
            .collect(),
    })
}

/// A comma the split took as a separator although, to llmc, it sits inside
/// a number (`16,000`): 1 to 3 digits, the comma, exactly 3 digits. The
/// number as it would read, if there is one.
fn thousands_split<'a>(list: &'a str, values: &[Span]) -> Option<&'a str> {
    values.windows(2).find_map(|pair| {
        let (before, after) = (&list[pair[0].start..pair[0].end], &list[pair[1].start..]);
        // Only a comma with nothing around it: `16, 000` is two values.
        let touching = pair[0].end + 1 == pair[1].start;
        let lead = before.len() - before.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let rest = &before[..before.len() - lead];
        let number_start = !rest.ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '.');
        let tail = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        (touching && (1..=3).contains(&lead) && number_start && tail == 3)
            .then(|| &list[pair[0].end - lead..pair[1].start + 3])
    })
}

/// `A,B,…`: cell names.
pub fn parse_show(arg: &str) -> Result<ShowList, String> {
    let mut names = Vec::new();
    let mut start = 0;
    for piece in arg.split(',') {
        let span = trimmed_span(arg, start, start + piece.len());
        if span.is_empty() {
            return Err(format!("`--show {arg}` has an empty name"));
        }
        names.push((arg[span.start..span.end].to_string(), span));
        start += piece.len() + 1;
    }
    Ok(ShowList {
        text: arg.to_string(),
        names,
    })
}

/// "`tim` names no cell": the error for a flag's name at `span` (in the
/// session's text), with the nearest cell as the fix.
fn unknown_cell(session: &Session, name: &str, span: Span) -> FlagError {
    let cells = session.cell_names();
    let help = match closest(name, cells.iter().map(String::as_str)) {
        Some(near) => format!("did you mean `{near}`?"),
        None => format!("its cells are {}", quoted_list(&cells)),
    };
    FlagError::UnknownCell {
        span,
        name: name.to_string(),
        sheet: session.name().to_string(),
        help,
    }
}

fn quoted_list(names: &[String]) -> String {
    const SHOWN: usize = 8;
    let mut list: Vec<String> = names.iter().take(SHOWN).map(|n| format!("`{n}`")).collect();
    if names.len() > SHOWN {
        list.push(format!("and {} more", names.len() - SHOWN));
    }
    list.join(", ")
}

/// The statement defining cell `name`.
fn cell_statement(session: &Session, name: &str) -> Option<usize> {
    session
        .statements
        .iter()
        .position(|s| matches!(&s.kind, StatementKind::Cell { name: n, .. } if n.name == name))
}

/// `--set NAME=EXPR`: the cell's formula is replaced for this run and
/// everything depending on it recomputes. The value is parsed as typed,
/// as text of its own after the script; the cell keeps its place in the
/// sheet. An override that does not parse leaves the cell failed (its
/// dependents are skipped), never the old formula in place. `Err` when
/// NAME is no cell: nothing can be evaluated.
pub(crate) fn set_cell(session: &mut Session, set: &Assignment) -> Result<(), Box<FlagError>> {
    let base = session.append_flag("--set", &set.text);
    let Some(index) = cell_statement(session, &set.name) else {
        return Err(Box::new(unknown_cell(
            session,
            &set.name,
            set.name_span.shifted(base),
        )));
    };
    let replaced = session.statements[index].span.start;
    if let Some(origin) = session.origins.last_mut() {
        origin.replaces = Some(replaced);
    }
    let whole = Span::new(base, base + set.text.len());
    let failed = |session: &mut Session| {
        session.statements.remove(index);
        session.failed.push(FailedDefinition {
            name: Ident {
                name: set.name.clone().into(),
                span: set.name_span.shifted(base),
            },
            kind: DefinitionKind::Cell,
            span: whole,
        });
    };
    if let Ok(prepared) = brackets::prepare(&set.text, base)
        && let Some(second) = prepared.statements.get(1)
    {
        let second = trimmed_span(&prepared.text, second.start, second.end);
        let example = prepared.text[second.start..second.end].to_string();
        failed(session);
        session.flag_errors.push(FlagError::SetSeveral {
            span: second.shifted(base),
            example,
        });
        return Ok(());
    }
    let mut parsed = parse_program(&set.text, base);
    match parsed.statements.pop() {
        // `NAME=EXPR` with NAME a cell's name parses as that cell.
        Some(statement) if parsed.errors.is_empty() && parsed.statements.is_empty() => {
            session.statements[index] = statement;
        }
        _ => {
            failed(session);
            session.syntax_errors.extend(parsed.errors);
        }
    }
    Ok(())
}

/// Prepares a sweep. Fails with the sheet whose problems stop it: a flag
/// naming no cell, the script itself, or a value that does not evaluate.
pub(crate) fn prepare(
    session: &Session,
    axes: &[Axis],
    show: &[ShowList],
) -> Result<Sweep, Box<Sheet>> {
    let cells = session.cell_names();
    let mut with_values = session.clone();
    let mut problems = Vec::new();
    let mut seen = HashSet::new();
    // Each axis's values become bare expressions of the checking session,
    // at their place in the flag's text.
    let mut value_spans = Vec::new();
    for axis in axes {
        let base = with_values.append_flag("--sweep", &axis.text);
        let name_span = axis.name_span.shifted(base);
        if !cells.contains(&axis.name) {
            problems.push(unknown_cell(session, &axis.name, name_span));
        } else if !seen.insert(&axis.name) {
            problems.push(FlagError::SweptTwice {
                span: name_span,
                name: axis.name.clone(),
            });
        } else if let Some(index) = cell_statement(session, &axis.name)
            && session.overridden(session.statements[index].span)
        {
            problems.push(FlagError::SetAndSwept {
                span: name_span,
                name: axis.name.clone(),
            });
        }
        for (text, span) in axis.values.iter().zip(&axis.value_spans) {
            let span = span.shifted(base);
            let parsed = parse_program(text, span.start);
            let syntax_error = !parsed.errors.is_empty();
            with_values.syntax_errors.extend(parsed.errors);
            match parsed.statements.as_slice() {
                // A value that did not parse is reported as such.
                [] if syntax_error => {}
                [statement] if matches!(statement.kind, StatementKind::Expr(_)) => {
                    with_values.statements.push(statement.clone());
                    // The cell is found by its statement's span, which
                    // leaves out a trailing `;` or comment.
                    value_spans.push(statement.span);
                    continue;
                }
                _ => problems.push(FlagError::ValueNotExpression { span }),
            }
            value_spans.push(span);
        }
    }
    for list in show {
        let base = with_values.append_flag("--show", &list.text);
        for (name, span) in &list.names {
            if !cells.contains(name) {
                problems.push(unknown_cell(session, name, span.shifted(base)));
            }
        }
    }
    if !problems.is_empty() {
        let problems = problems.into_iter().map(Problem::Flag).collect();
        return Err(Box::new(with_values.problem_sheet(problems)));
    }
    let checked = with_values.evaluate();
    if checked.has_errors() && checked.problems.iter().any(|p| !is_assert_failure(p)) {
        return Err(Box::new(checked));
    }
    let mut spans = value_spans.into_iter();
    let mut value_cells: Vec<Vec<Span>> = Vec::new();
    for axis in axes {
        value_cells.push(spans.by_ref().take(axis.values.len()).collect());
    }
    // The plan of the sheet with the values: their expressions are nodes
    // of it, which a sweep with ranges evaluates in place of the cell.
    let (plan, _) = with_values.compile();
    let (base, _) = evaluate(&plan);
    let node_of = |name: &str| {
        plan.nodes
            .iter()
            .position(|n| n.kind == NodeKind::Cell && n.name.name == name)
            .expect("a cell of the sheet")
    };
    let mut sweep_axes = Vec::new();
    let mut value_nodes = Vec::new();
    for (axis, spans) in axes.iter().zip(value_cells) {
        let node = node_of(&axis.name);
        let mut values = Vec::new();
        let mut ranges = Vec::new();
        for span in &spans {
            let cell = checked.cells.iter().find(|c| c.span == *span);
            values.push(
                cell.and_then(|c| c.outcome.value().cloned())
                    .expect("checked above"),
            );
            ranges.push(cell.and_then(|c| c.range.clone()));
        }
        value_nodes.push(
            spans
                .iter()
                .map(|span| {
                    plan.nodes
                        .iter()
                        .position(|n| n.kind == NodeKind::Expression && n.span == *span)
                        .expect("each value is an expression of the sheet")
                })
                .collect::<Vec<_>>(),
        );
        sweep_axes.push(SweptCell {
            node,
            name: axis.name.clone(),
            values,
            ranges,
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
        show.iter()
            .flat_map(|list| &list.names)
            .map(|(name, _)| node_of(name))
            .collect()
    };
    // Ranges the sweep does not replace, or swept values that are ranges:
    // every point is evaluated at the corners of its ranges (SPEC §2.6).
    let feeds = crate::eval::ranges::feeds_except(&plan, &|n| swept.contains(&n));
    let unreplaced = column_nodes.iter().any(|c| !feeds[*c].is_empty())
        || plan
            .asserts
            .iter()
            .any(|a| !a.ranges.is_empty() || a.deps.iter().any(|d| !feeds[*d].is_empty()));
    let swept_ranges = sweep_axes
        .iter()
        .any(|a| a.ranges.iter().any(Option::is_some));
    let mut plan = plan;
    let ranged = (unreplaced || swept_ranges).then(|| {
        let mut bodies = Vec::new();
        for (axis, nodes) in sweep_axes.iter().zip(&value_nodes) {
            let mut axis_bodies = Vec::new();
            for ((value, range), &node) in axis.values.iter().zip(&axis.ranges).zip(nodes) {
                let swept = SweptValue {
                    node,
                    value,
                    range: range.as_deref(),
                };
                axis_bodies.push(swept_body(&mut plan, &affected, axis.node, swept));
            }
            bodies.push(axis_bodies);
        }
        bodies
    });
    let swept_range_cells: HashSet<usize> = sweep_axes
        .iter()
        .filter(|a| a.ranges.iter().any(Option::is_some))
        .map(|a| a.node)
        .collect();
    let fed_by_swept_ranges = downstream(&plan, &swept_range_cells);
    let columns = column_nodes
        .into_iter()
        .map(|node| Column {
            name: plan.nodes[node].name.name.to_string(),
            node,
            shown: plan.nodes[node].shown.clone(),
            ranged: !feeds[node].is_empty() || fed_by_swept_ranges.contains(&node),
        })
        .collect();
    Ok(Sweep {
        session: with_values,
        user_bases: plan.units.base_names().to_vec(),
        plan,
        base,
        axes: sweep_axes,
        affected,
        columns,
        ranged,
    })
}

/// One swept value: its expression node, its value and its range.
struct SweptValue<'a> {
    node: usize,
    value: &'a Value,
    range: Option<&'a Bounds>,
}

/// What stands in the swept cell's place for one value when points are
/// evaluated at corners: the value's own expression, so that its range
/// literals are inputs of the point. A value reading cells that are not
/// all evaluated before the swept one (or that the sweep changes) is
/// taken as evaluated once with the sheet: a point, or a range of its two
/// ends as one new input.
fn swept_body(plan: &mut Plan, affected: &[usize], swept: usize, value: SweptValue) -> SweptBody {
    let position = |id: usize| plan.order.iter().position(|n| *n == id);
    let node = &plan.nodes[value.node];
    let in_order = node
        .deps
        .iter()
        .all(|d| !affected.contains(d) && *d != swept && position(*d) < position(swept));
    let constant = |value: &Value| {
        Box::new(RExpr {
            kind: RKind::Const(value.clone()),
            span: node.span,
        })
    };
    match (node.body.as_deref(), value.range) {
        (Some(NodeBody::Expr(expr)), _) if in_order => SweptBody {
            expr: expr.clone(),
            deps: node.deps.clone(),
            ranges: node.ranges.clone(),
            bound_deps: node.bound_deps.clone(),
        },
        (_, Some(Bounds { low, high, .. }))
            if matches!((low, high), (Value::Quantity(_), Value::Quantity(_))) =>
        {
            let (low, high) = (constant(low), constant(high));
            let span = node.span;
            plan.ranges.push(RangeInput {
                span,
                node: Some(swept),
                parameter: None,
            });
            let input = plan.ranges.len() - 1;
            SweptBody {
                expr: RExpr {
                    kind: RKind::Range { input, low, high },
                    span,
                },
                deps: Box::default(),
                ranges: Box::new([input]),
                bound_deps: Box::default(),
            }
        }
        _ => SweptBody {
            expr: *constant(value.value),
            deps: Box::default(),
            ranges: Box::default(),
            bound_deps: Box::default(),
        },
    }
}

/// A swept value's formula, with what it reads.
#[derive(Debug, Clone)]
struct SweptBody {
    expr: RExpr,
    deps: Box<[usize]>,
    ranges: Box<[usize]>,
    bound_deps: Box<[usize]>,
}

/// `source` into `list`, without allocating when the lengths agree (each
/// point of a sweep sets its swept cells' lists).
fn assign(list: &mut Box<[usize]>, source: &[usize]) {
    if list.len() == source.len() {
        list.copy_from_slice(source);
    } else {
        *list = source.into();
    }
}

fn is_assert_failure(problem: &Problem) -> bool {
    matches!(
        problem,
        Problem::Eval(
            crate::eval::EvalError::AssertFailed { .. }
                | crate::eval::EvalError::AssertFailsForPart { .. }
        )
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

#[derive(Debug, Clone)]
pub struct SweptCell {
    pub node: usize,
    pub name: String,
    /// Each value (a range's at its midpoint).
    pub values: Vec<Value>,
    /// Each value's range, if it is one.
    pub ranges: Vec<Option<Box<Bounds>>>,
    /// The values as written on the command line.
    pub texts: Vec<String>,
}

/// A cell shown in each row.
#[derive(Debug, Clone)]
pub struct Column {
    pub name: String,
    pub node: usize,
    /// The cell's own `->` unit, if it has one.
    pub shown: Option<std::sync::Arc<ResolvedUnit>>,
    /// Ranges may feed it (a range the sweep leaves, or a swept range).
    pub ranged: bool,
}

/// One evaluated point, as a row or a chart reads it.
#[derive(Debug, Clone, Copy)]
pub struct Point<'a> {
    pub index: usize,
    /// Every node's outcome (a range cell's at its midpoint).
    pub outcomes: &'a [Outcome],
    bounds: &'a [Option<Box<Bounds>>],
    /// Whether every assert held (at every corner); `None` when one
    /// could not be checked.
    pub passed: Option<bool>,
}

impl<'a> Point<'a> {
    /// The range of `node` at this point, when ranges feed it.
    pub fn range(&self, node: usize) -> Option<&'a Bounds> {
        self.bounds.get(node).and_then(Option::as_deref)
    }
}

/// Adds one point to its block's output (a table's text, a chart's
/// points).
pub type RowFormat<'a, B = String> = dyn Fn(&Point<'_>, &mut B) + Sync + 'a;

/// Per-thread working memory of a sweep.
#[derive(Debug, Clone)]
pub struct Scratch {
    outcomes: Vec<Outcome>,
    asserts: Vec<AssertOutcome>,
    bounds: Vec<Option<Box<Bounds>>>,
    /// With ranges: the plan with this point's values in the swept cells.
    plan: Option<Plan>,
    passed: Option<bool>,
}

impl Scratch {
    /// The point last evaluated, as point `index`.
    pub fn point(&self, index: usize) -> Point<'_> {
        Point {
            index,
            outcomes: &self.outcomes,
            bounds: &self.bounds,
            passed: self.passed,
        }
    }
}

/// A compiled sweep: evaluate points with [`Sweep::evaluate_point`].
#[derive(Debug, Clone)]
pub struct Sweep {
    /// The script with the flags' values: what diagnostics are drawn from.
    session: Session,
    plan: Plan,
    base: Vec<Outcome>,
    pub axes: Vec<SweptCell>,
    affected: Vec<usize>,
    pub columns: Vec<Column>,
    pub user_bases: Vec<String>,
    /// When ranges feed what is shown, or swept values are ranges: each
    /// axis's values as formulas for the swept cell (see [`swept_body`]).
    ranged: Option<Vec<Vec<SweptBody>>>,
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

    /// Whether points are ranges (evaluated at their corners).
    pub fn has_ranges(&self) -> bool {
        self.ranged.is_some()
    }

    /// Per-thread working memory: the outcomes of every node.
    pub fn scratch(&self) -> Scratch {
        Scratch {
            outcomes: self.base.clone(),
            asserts: Vec::new(),
            bounds: Vec::new(),
            plan: self.ranged.as_ref().map(|_| self.plan.clone()),
            passed: Some(true),
        }
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
    pub fn evaluate_point(&self, index: usize, scratch: &mut Scratch) -> Option<bool> {
        self.evaluate_counting(index, scratch, &mut |_| {})
    }

    /// [`Sweep::evaluate_point`], telling `failed` each assert that fails.
    fn evaluate_counting(
        &self,
        index: usize,
        scratch: &mut Scratch,
        failed: &mut dyn FnMut(usize),
    ) -> Option<bool> {
        let coordinates = self.coordinates(index);
        let outcomes = &mut scratch.outcomes;
        match (&self.ranged, &mut scratch.plan) {
            (Some(bodies), Some(plan)) => {
                // The swept cells take the point's formulas; the point is
                // evaluated at its midpoints, then at its corners.
                for ((axis, value_index), bodies) in self.axes.iter().zip(&coordinates).zip(bodies)
                {
                    let body = &bodies[*value_index];
                    let node = &mut plan.nodes[axis.node];
                    node.body = Some(Box::new(NodeBody::Expr(body.expr.clone())));
                    assign(&mut node.deps, &body.deps);
                    assign(&mut node.ranges, &body.ranges);
                    assign(&mut node.bound_deps, &body.bound_deps);
                    outcomes[axis.node] = evaluate_node(plan, axis.node, outcomes);
                }
                for &id in &self.affected {
                    outcomes[id] = evaluate_node(plan, id, outcomes);
                }
                scratch.asserts = plan
                    .asserts
                    .iter()
                    .map(|a| evaluate_assert(plan, a, outcomes))
                    .collect();
                scratch.bounds = evaluate_ranges(plan, outcomes, &mut scratch.asserts);
            }
            _ => {
                for (axis, value_index) in self.axes.iter().zip(&coordinates) {
                    outcomes[axis.node] = Outcome::Value(axis.values[*value_index].clone());
                }
                for &id in &self.affected {
                    outcomes[id] = evaluate_node(&self.plan, id, outcomes);
                }
                scratch.asserts.clear();
                scratch.asserts.extend(
                    self.plan
                        .asserts
                        .iter()
                        .map(|a| evaluate_assert(&self.plan, a, outcomes)),
                );
            }
        }
        let mut all = Some(true);
        for (i, outcome) in scratch.asserts.iter().enumerate() {
            match outcome.passed {
                Some(true) => {}
                Some(false) => {
                    failed(i);
                    all = Some(false);
                }
                None if all == Some(true) => all = None,
                None => {}
            }
        }
        scratch.passed = all;
        all
    }

    /// Point `index` as its swept values read on the command line:
    /// `price=$2/GPU/h, cluster=8000 x H100 @ 38%`.
    pub fn describe_point(&self, index: usize) -> String {
        let values: Vec<String> = self
            .axes
            .iter()
            .zip(self.coordinates(index))
            .map(|(axis, i)| format!("{}={}", axis.name, axis.texts[i]))
            .collect();
        values.join(", ")
    }

    /// The script's name, its text with the flags' values, and where those
    /// are: what a [`SweepReport`]'s problems are drawn against.
    pub fn source(&self) -> (&str, &str, &[Origin]) {
        (
            self.session.name(),
            self.session.source(),
            &self.session.origins,
        )
    }

    /// The problems a sweep's tally stands for, in the order their first
    /// points come: each error once, each failing assert once, with the
    /// values of its first failing point.
    fn problems(&self, tally: Tally) -> Vec<PointProblem> {
        let mut problems: Vec<PointProblem> = tally
            .errors
            .into_values()
            .map(|(error, seen)| PointProblem {
                problem: Problem::Eval(error),
                seen,
            })
            .collect();
        let mut scratch = self.scratch();
        for (i, seen) in tally.asserts {
            self.evaluate_point(seen.first, &mut scratch);
            let planned = &self.plan.asserts[i];
            let outcome = scratch.asserts[i].clone();
            let text = self.session.assert_text(planned);
            let error = self
                .session
                .assert_failure(planned, &outcome, &text, &self.user_bases);
            problems.push(PointProblem {
                problem: Problem::Eval(error),
                seen,
            });
        }
        problems.sort_by_key(|p| (p.seen.first, p.problem.span().start));
        problems
    }

    /// Evaluates every point on `threads` threads, in blocks of `block`
    /// points; `format` adds one point to its block's output (text, or
    /// whatever a frontend collects), `emit` receives each block's output in order (and may stop the sweep, as when the reader of
    /// a pipe has gone), `progress` the number of points done. Returns
    /// whether every point was evaluated and emitted.
    ///
    /// The workers live for the whole sweep and take the next block from a
    /// shared counter; the calling thread writes finished blocks in order.
    /// The channel is bounded, so workers wait for a slow writer instead of
    /// piling up rows in memory.
    pub fn run<B: Default + Send>(
        &self,
        threads: usize,
        block: usize,
        format: &RowFormat<'_, B>,
        emit: &mut dyn FnMut(B) -> ControlFlow<()>,
        progress: &mut dyn FnMut(usize),
    ) -> SweepReport {
        let total = self.len();
        let block = block.max(1);
        let blocks = total.div_ceil(block);
        let workers = threads.clamp(1, blocks.max(1));
        let next = AtomicUsize::new(0);
        let stop = AtomicBool::new(false);
        let (sender, receiver) = mpsc::sync_channel::<(usize, B)>(2 * workers);
        std::thread::scope(|scope| {
            let mut handles = Vec::new();
            for _ in 0..workers {
                let sender = sender.clone();
                let (next, stop) = (&next, &stop);
                handles.push(scope.spawn(move || {
                    let mut scratch = self.scratch();
                    let mut tally = Tally::default();
                    while !stop.load(Ordering::Relaxed) {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        if index >= blocks {
                            break;
                        }
                        let mut text = B::default();
                        for point in index * block..((index + 1) * block).min(total) {
                            self.evaluate_counting(point, &mut scratch, &mut |a| {
                                tally.assert_failed(a, point);
                            });
                            for &id in &self.affected {
                                if let Outcome::Error(error) = &scratch.outcomes[id] {
                                    tally.error(id, error, point);
                                }
                            }
                            format(&scratch.point(point), &mut text);
                        }
                        if sender.send((index, text)).is_err() {
                            break;
                        }
                    }
                    tally
                }));
            }
            drop(sender);
            // Blocks finish out of order; hold each until its turn.
            let mut waiting = BTreeMap::new();
            let mut written = 0;
            for (index, text) in receiver {
                waiting.insert(index, text);
                while let Some(text) = waiting.remove(&written) {
                    if emit(text).is_break() {
                        // Dropping the receiver (by leaving the loop) fails
                        // the workers' next send; the flag stops them sooner.
                        stop.store(true, Ordering::Relaxed);
                        return SweepReport::default();
                    }
                    written += 1;
                    progress((written * block).min(total));
                }
            }
            let mut tally = Tally::default();
            for handle in handles {
                tally.merge(handle.join().expect("a sweep worker panicked"));
            }
            SweepReport {
                completed: written == blocks,
                problems: self.problems(tally),
            }
        })
    }
}

/// How often one problem came up across a sweep's points, and where first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seen {
    pub count: usize,
    pub first: usize,
}

impl Seen {
    fn add(&mut self, other: Seen) {
        self.count += other.count;
        self.first = self.first.min(other.first);
    }
}

/// One problem of a sweep: an error or a failing assert, reported once
/// however many points it stopped.
#[derive(Debug, Clone)]
pub struct PointProblem {
    pub problem: Problem,
    pub seen: Seen,
}

/// What a finished sweep found.
#[derive(Debug, Clone, Default)]
pub struct SweepReport {
    /// Every point was evaluated and written (not stopped by the reader).
    pub completed: bool,
    pub problems: Vec<PointProblem>,
}

/// One worker's count of what failed. A cause is a node and its kind of
/// error, so a conversion that fails at a million points is one problem.
#[derive(Debug, Default)]
struct Tally {
    errors: HashMap<(usize, Discriminant<EvalError>), (EvalError, Seen)>,
    asserts: BTreeMap<usize, Seen>,
}

impl Tally {
    fn error(&mut self, node: usize, error: &EvalError, point: usize) {
        let seen = Seen {
            count: 1,
            first: point,
        };
        match self.errors.entry((node, discriminant(error))) {
            Entry::Occupied(mut entry) => entry.get_mut().1.add(seen),
            Entry::Vacant(entry) => {
                entry.insert((error.clone(), seen));
            }
        }
    }

    fn assert_failed(&mut self, assert: usize, point: usize) {
        let seen = Seen {
            count: 1,
            first: point,
        };
        self.asserts
            .entry(assert)
            .and_modify(|s| s.add(seen))
            .or_insert(seen);
    }

    fn merge(&mut self, other: Tally) {
        for (key, (error, seen)) in other.errors {
            match self.errors.entry(key) {
                Entry::Occupied(mut entry) => {
                    let mine = entry.get_mut();
                    if seen.first < mine.1.first {
                        mine.0 = error;
                    }
                    mine.1.add(seen);
                }
                Entry::Vacant(entry) => {
                    entry.insert((error, seen));
                }
            }
        }
        for (assert, seen) in other.asserts {
            self.asserts
                .entry(assert)
                .and_modify(|s| s.add(seen))
                .or_insert(seen);
        }
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
        let ambiguous = parse_axis("gpus=16,000,24,000").unwrap_err();
        assert!(
            ambiguous.starts_with("`16,000` could be one number"),
            "{ambiguous}"
        );
        assert!(ambiguous.contains("write `16000`"), "{ambiguous}");
        assert!(parse_axis("gpus=16, 000").is_ok());
        assert!(parse_axis("gpus=1,2,3").is_ok());
        assert!(parse_axis("gpus=1.5,000").is_ok());
        assert!(parse_axis("x=H100,200").is_ok());
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
            scratch.outcomes[c.node]
                .value()
                .and_then(Value::as_quantity)
                .unwrap()
                .value,
            32.0
        );
    }
}
