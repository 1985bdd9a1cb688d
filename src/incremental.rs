//! Evaluating an edited sheet again without redoing what the edit left
//! unchanged (the language server, SPEC §7: fresh values in under 20 ms
//! after an edit to a 2,000-cell document).
//!
//! The statements before and after the edited place are matched with the
//! earlier ones by their text (the longest common start and end of the two
//! lists). A node keeps its earlier value when its statement is one of
//! those, no name it reads has a changed definition (a statement of the
//! edited place defines it, on either side, or a function calling one),
//! and every node it depends on kept its value; everything else is
//! evaluated again, in dependency order, exactly as a full evaluation
//! would. The result is the full evaluation's (a property test edits sheets
//! at random and compares). Only values are reused: an error carries spans
//! that an edit above it moves, and is cheap to find again.
//!
//! Whatever a node's value may depend on beyond its own inputs makes the
//! whole sheet evaluate again: a changed `unit` declaration (any literal may
//! read it), the REPL's constants, command-line overrides. Nodes that
//! ranges feed, or that read a range's bounds, are always evaluated again:
//! the range pass rewrites their values.

use std::collections::HashSet;

use crate::eval::Outcome;
use crate::eval::plan::Plan;
use crate::eval::ranges::feeds;
use crate::session::{Session, Sheet};
use crate::span::Span;
use crate::syntax::ast::{Statement, StatementKind};

/// For each node of `plan` (resolved from `session`), the outcome it may
/// keep from `earlier_sheet`, which `earlier` evaluated to.
pub(crate) fn reusable(
    plan: &Plan,
    session: &Session,
    earlier: &Session,
    earlier_sheet: &Sheet,
) -> Vec<Option<Outcome>> {
    let mut reused = vec![None; plan.nodes.len()];
    if !same_context(session, earlier) {
        return reused;
    }
    let unchanged = Alignment::new(session, earlier);
    let changed = unchanged.changed_names(session, earlier);
    let fed = if plan.ranges.is_empty() {
        vec![Vec::new(); plan.nodes.len()]
    } else {
        feeds(plan)
    };
    let mut kept = vec![false; plan.nodes.len()];
    for &id in &plan.order {
        let node = &plan.nodes[id];
        if node.body.is_none()
            || !node.bound_deps.is_empty()
            || !fed[id].is_empty()
            || node.deps.iter().any(|d| !kept[*d])
        {
            continue;
        }
        let Some(index) = statement_at(&session.statements, node.span) else {
            continue;
        };
        let Some(before) = unchanged.earlier_of(index) else {
            continue;
        };
        let statement = &session.statements[index];
        if !changed.is_empty()
            && statement
                .uses()
                .iter()
                .any(|n| changed.contains(&*folded(n)))
        {
            continue;
        }
        let span = earlier.statements[before].span;
        let cells = &earlier_sheet.cells;
        let at = cells.partition_point(|c| c.span.start < span.start);
        let Some(cell) = cells[at..]
            .iter()
            .take_while(|c| c.span == span)
            .find(|c| c.kind == node.kind && c.name == node.name.name)
        else {
            continue;
        };
        if let Outcome::Value(_) = cell.outcome {
            reused[id] = Some(cell.outcome.clone());
            kept[id] = true;
        }
    }
    reused
}

/// The statement a node is defined by (a node's span is its statement's).
fn statement_at(statements: &[Statement], span: Span) -> Option<usize> {
    let index = statements.partition_point(|s| s.span.start < span.start);
    (statements.get(index)?.span == span).then_some(index)
}

/// The statements an edit left as they were: the longest common run of
/// statements of equal text at the start of the two sheets, and at the end.
/// (An edit changes one place; statements it moves count as changed.)
struct Alignment {
    prefix: usize,
    suffix: usize,
    /// How many statements each session has.
    now: usize,
    before: usize,
}

impl Alignment {
    fn new(session: &Session, earlier: &Session) -> Alignment {
        let (now, before) = (&session.statements, &earlier.statements);
        let same = |i: usize, j: usize| text(session, now[i].span) == text(earlier, before[j].span);
        let shorter = now.len().min(before.len());
        let prefix = (0..shorter).take_while(|&i| same(i, i)).count();
        let suffix = (0..shorter - prefix)
            .take_while(|&k| same(now.len() - 1 - k, before.len() - 1 - k))
            .count();
        Alignment {
            prefix,
            suffix,
            now: now.len(),
            before: before.len(),
        }
    }

    /// The earlier statement with the same text as statement `index`, if
    /// it is one the edit left alone.
    fn earlier_of(&self, index: usize) -> Option<usize> {
        if index < self.prefix {
            Some(index)
        } else if index >= self.now - self.suffix {
            Some(index + self.before - self.now)
        } else {
            None
        }
    }

    /// The names (lower-cased: accelerators are found whatever the case)
    /// whose definitions may differ: those the changed statements define
    /// on either side, those of failed definitions that differ, and the
    /// functions that call one of them, however indirectly.
    fn changed_names(&self, session: &Session, earlier: &Session) -> HashSet<String> {
        let mut changed: HashSet<String> = HashSet::new();
        let statements = session.statements[self.prefix..self.now - self.suffix]
            .iter()
            .chain(&earlier.statements[self.prefix..self.before - self.suffix]);
        changed.extend(
            statements
                .filter_map(Statement::defined_name)
                .map(|n| folded(n).into_owned()),
        );
        let failed = |of: &Session, other: &Session| {
            of.failed
                .iter()
                .filter(|f| {
                    !other.failed.iter().any(|g| {
                        g.name.name == f.name.name && text(other, g.span) == text(of, f.span)
                    })
                })
                .map(|f| folded(&f.name.name).into_owned())
                .collect::<Vec<_>>()
        };
        changed.extend(failed(session, earlier));
        changed.extend(failed(earlier, session));
        if changed.is_empty() {
            return changed;
        }
        let functions: Vec<(String, Vec<&str>)> = session
            .statements
            .iter()
            .filter(|s| matches!(s.kind, StatementKind::Function { .. }))
            .filter_map(|s| Some((folded(s.defined_name()?).into_owned(), s.uses())))
            .collect();
        loop {
            let more: Vec<&String> = functions
                .iter()
                .filter(|(name, uses)| {
                    !changed.contains(name) && uses.iter().any(|u| changed.contains(&*folded(u)))
                })
                .map(|(name, _)| name)
                .collect();
            if more.is_empty() {
                return changed;
            }
            changed.extend(more.into_iter().cloned());
        }
    }
}

/// A statement's text.
fn text(session: &Session, span: Span) -> Option<&str> {
    session.source().get(span.start..span.end)
}

/// A name as the changed names hold it: lower-cased, since accelerators
/// are found whatever the case (most names are lower-case already).
fn folded(name: &str) -> std::borrow::Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_uppercase()) || !name.is_ascii() {
        name.to_lowercase().into()
    } else {
        name.into()
    }
}

/// Whether everything outside the nodes' own definitions is as before.
fn same_context(session: &Session, earlier: &Session) -> bool {
    let plain = |s: &Session| s.origins.is_empty() && s.flag_errors.is_empty();
    plain(session)
        && plain(earlier)
        && session.constants == earlier.constants
        && unit_declarations(session) == unit_declarations(earlier)
}

/// The text of every `unit` declaration, and the failed ones' names.
fn unit_declarations(session: &Session) -> (Vec<&str>, Vec<&str>) {
    let declared = session
        .statements
        .iter()
        .filter(|s| matches!(s.kind, StatementKind::Unit { .. }))
        .map(|s| &session.source()[s.span.start..s.span.end])
        .collect();
    let failed = session
        .failed
        .iter()
        .filter(|f| f.kind == crate::syntax::DefinitionKind::Unit)
        .map(|f| f.name.name.as_str())
        .collect();
    (declared, failed)
}
