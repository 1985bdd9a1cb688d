//! Evaluating an edited sheet again without redoing what the edit left
//! unchanged (the language server, SPEC §7: fresh values in under 20 ms
//! after an edit to a 2,000-cell document).
//!
//! A node keeps its earlier value when the statement defining it has the
//! same text, every name it reads has the same definitions as before, and
//! every node it depends on kept its value; everything else is evaluated
//! again, in dependency order, exactly as a full evaluation would. The
//! result is the full evaluation's (a property test edits sheets at
//! random and compares). Only values are reused: an error carries spans
//! that an edit above it moves, and is cheap to find again.
//!
//! Whatever a node's value may depend on beyond its own inputs makes the
//! whole sheet evaluate again: a changed `unit` declaration (any literal may
//! read it), the REPL's constants, command-line overrides. Nodes that
//! ranges feed, or that read a range's bounds, are always evaluated again:
//! the range pass rewrites their values.

use std::collections::{HashMap, HashSet};

use crate::eval::plan::Plan;
use crate::eval::ranges::feeds;
use crate::eval::{NodeKind, Outcome};
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
    let mut values: HashMap<(NodeKind, &str, &str), &Outcome> = HashMap::new();
    for cell in &earlier_sheet.cells {
        if let (Outcome::Value(_), Some(text)) = (&cell.outcome, text(earlier, cell.span)) {
            values
                .entry((cell.kind, cell.name.as_str(), text))
                .or_insert(&cell.outcome);
        }
    }
    let changed = changed_names(session, earlier);
    let uses: HashMap<usize, Vec<&str>> = session
        .statements
        .iter()
        .map(|s| (s.span.start, s.uses()))
        .collect();
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
            || uses
                .get(&node.span.start)
                .is_some_and(|names| names.iter().any(|n| changed.contains(&*folded(n))))
        {
            continue;
        }
        let Some(outcome) = text(session, node.span)
            .and_then(|text| values.get(&(node.kind, node.name.name.as_str(), text)))
        else {
            continue;
        };
        reused[id] = Some((*outcome).clone());
        kept[id] = true;
    }
    reused
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

/// The names (lower-cased: accelerators are found whatever the case) whose
/// definitions differ between the two sessions, and the functions that
/// call one of them, however indirectly.
fn changed_names(session: &Session, earlier: &Session) -> HashSet<String> {
    let (now, before) = (definitions(session), definitions(earlier));
    let mut changed: HashSet<String> = now
        .keys()
        .chain(before.keys())
        .filter(|name| now.get(*name) != before.get(*name))
        .cloned()
        .collect();
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

/// Each defined name (lower-cased) and the texts of the statements
/// defining it, failed definitions included.
fn definitions(session: &Session) -> HashMap<String, Vec<&str>> {
    let mut definitions: HashMap<String, Vec<&str>> = HashMap::new();
    let source = session.source();
    let statements = session
        .statements
        .iter()
        .filter_map(|s: &Statement| Some((s.defined_name()?, s.span)));
    let failed = session
        .failed
        .iter()
        .map(|f| (f.name.name.as_str(), f.span));
    for (name, span) in statements.chain(failed) {
        definitions
            .entry(folded(name).into_owned())
            .or_default()
            .push(&source[span.start..span.end]);
    }
    definitions
}
