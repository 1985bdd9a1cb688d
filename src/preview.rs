//! The REPL's live preview (SPEC §5; §7: it never delays a keystroke).
//!
//! Entering a line evaluates the whole sheet; a preview, computed at every
//! keystroke, must not. [`Preview`] keeps the values of the session as last
//! evaluated and, for each definition, the names it uses. A line is then
//! evaluated in a small sheet of its own: the session's unit declarations,
//! the functions it calls, and as constants the values of the cells it
//! reads. Only when the line redefines something that a cell it reads
//! depends on are those cells evaluated again, and a preview that would
//! need more than [`MAX_REEVALUATED`] of them is dropped (as fend drops a
//! preview past its time budget).

use std::collections::{HashMap, HashSet};

use crate::eval::Value;
use crate::format::{Style, show_ranged};
use crate::names;
use crate::session::Session;
use crate::sheet::{CellKind, Sheet};
use crate::syntax::ast::{Statement, StatementKind};
use crate::syntax::parse_program;

/// Session definitions a preview may evaluate again before it gives up.
pub const MAX_REEVALUATED: usize = 1_000;

/// A session's values, indexed for per-keystroke work.
#[derive(Debug, Clone, Default)]
pub struct Preview {
    name: String,
    /// Values of cells, records and constants (`ans`), by name.
    values: HashMap<String, Value>,
    /// User accelerators by lower-cased name: bare names find them
    /// whatever the case, as in the sheet.
    accelerators: HashMap<String, String>,
    /// Each definition's text and the names it uses.
    definitions: HashMap<String, Definition>,
    /// Cells that ranges feed: a value alone does not carry their bounds,
    /// so they are evaluated again whenever a line reads them.
    ranged: HashSet<String>,
    /// The session's `unit` declarations, one per line, and their names.
    units: String,
    unit_names: HashSet<String>,
    user_bases: Vec<String>,
}

#[derive(Debug, Clone)]
struct Definition {
    text: String,
    uses: Vec<String>,
    is_function: bool,
}

impl Preview {
    /// Indexes a session and the sheet it evaluated to.
    pub fn new(session: &Session, sheet: &Sheet) -> Preview {
        let mut preview = Preview {
            name: session.name().to_string(),
            user_bases: sheet.user_bases.clone(),
            ..Preview::default()
        };
        for (name, value) in &session.constants {
            preview.values.insert(name.clone(), value.clone());
        }
        for cell in &sheet.cells {
            if cell.kind == CellKind::Expression {
                continue;
            }
            if let Some(value) = cell.outcome.value() {
                preview.values.insert(cell.name.clone(), value.clone());
            }
            if cell.range.is_some() {
                preview.ranged.insert(cell.name.clone());
            }
            if cell.kind == CellKind::Accelerator {
                preview
                    .accelerators
                    .insert(cell.name.to_lowercase(), cell.name.clone());
            }
        }
        for statement in &session.statements {
            let text = &session.source()[statement.span.start..statement.span.end];
            if let StatementKind::Unit { name, .. } = &statement.kind {
                preview.unit_names.insert(name.name.to_string());
                preview.units.push_str(text);
                preview.units.push('\n');
                continue;
            }
            let Some(name) = statement.defined_name() else {
                continue;
            };
            let definition = Definition {
                text: text.to_string(),
                uses: statement.uses().into_iter().map(String::from).collect(),
                is_function: matches!(statement.kind, StatementKind::Function { .. }),
            };
            preview.definitions.insert(name.to_string(), definition);
        }
        preview
    }

    /// The value a cell, record or constant of the session had.
    pub fn value(&self, name: &str) -> Option<&Value> {
        self.values.get(name)
    }

    /// Members that may follow `target.`, from the session's values
    /// (`.low`, `.high`, `.mid` for a range cell).
    pub fn members_of(&self, target: &str) -> Vec<&'static str> {
        names::members(self.value(target), self.ranged.contains(target), target)
    }

    /// The value `line` would show if it were entered now, formatted as the
    /// sheet shows it; `None` when the line does not evaluate cleanly or
    /// would need too much of the sheet evaluated again.
    pub fn show(&self, line: &str) -> Option<String> {
        let parsed = parse_program(line, 0);
        if !parsed.errors.is_empty() || parsed.statements.is_empty() {
            return None;
        }
        let defined: HashSet<&str> = parsed
            .statements
            .iter()
            .filter_map(Statement::defined_name)
            .collect();
        let used: Vec<String> = parsed
            .statements
            .iter()
            .flat_map(Statement::uses)
            .map(String::from)
            .collect();
        let again = self.to_evaluate_again(&used, &defined)?;

        let mut prelude = self.units.clone();
        for name in &again {
            prelude.push_str(&self.definitions[name.as_str()].text);
            prelude.push('\n');
        }
        let mut sheet = Session::from_source(self.name.clone(), &prelude);
        let mut bound = HashSet::new();
        let needed = used.iter().chain(
            again
                .iter()
                .flat_map(|name| &self.definitions[name.as_str()].uses),
        );
        for name in needed {
            if defined.contains(name.as_str()) || again.contains(name) || !bound.insert(name) {
                continue;
            }
            let value = self.values.get(name).or_else(|| {
                let accelerator = self.accelerators.get(&name.to_lowercase())?;
                self.values.get(accelerator)
            });
            if let Some(value) = value {
                sheet.set_constant(name, value.clone());
            }
        }
        let entry = sheet.enter(line);
        if !entry.ok {
            return None;
        }
        let (value, shown, range) = match entry.values.last() {
            Some((_, value, shown, range)) => (value, shown.as_ref(), range.as_ref()),
            None => {
                let cell = entry.sheet.cell(entry.defined.last()?)?;
                (
                    cell.outcome.value()?,
                    cell.shown.as_deref(),
                    cell.range.as_deref(),
                )
            }
        };
        let digits = Style::default().digits;
        Some(show_ranged(value, range, shown, digits, &self.user_bases))
    }

    /// The session's definitions the line needs evaluated again rather than
    /// read as values: the cells it reads that depend on something the line
    /// redefines or that ranges feed, and the functions called by the line or by those cells.
    /// `None` past [`MAX_REEVALUATED`], or when the line redeclares a unit
    /// (the session's literals would all need resolving again).
    fn to_evaluate_again(
        &self,
        used: &[String],
        defined: &HashSet<&str>,
    ) -> Option<HashSet<String>> {
        if defined.iter().any(|d| self.unit_names.contains(*d)) {
            return None;
        }
        let redefines = defined.iter().any(|d| self.definitions.contains_key(*d));
        let mut again = if redefines || !self.ranged.is_empty() {
            self.affected(used, defined)?
        } else {
            HashSet::new()
        };
        let mut calls: Vec<String> = used.to_vec();
        calls.extend(again.iter().flat_map(|n| self.definitions[n].uses.clone()));
        while let Some(name) = calls.pop() {
            if defined.contains(name.as_str()) {
                continue;
            }
            if let Some(definition) = self.definitions.get(&name)
                && definition.is_function
                && !again.contains(&name)
            {
                calls.extend(definition.uses.iter().cloned());
                again.insert(name);
            }
        }
        (again.len() <= MAX_REEVALUATED).then_some(again)
    }

    /// The definitions reachable from `used` that depend on a name in
    /// `defined`, or that ranges feed. Depth-first and iterative: a 10,000-cell chain must not
    /// need a deep stack.
    fn affected(&self, used: &[String], defined: &HashSet<&str>) -> Option<HashSet<String>> {
        let mut affected: HashSet<String> = HashSet::new();
        let mut visited: HashSet<&str> = HashSet::new();
        let mut stack: Vec<(&str, bool)> = used.iter().map(|n| (n.as_str(), false)).collect();
        while let Some((name, uses_done)) = stack.pop() {
            if defined.contains(name) {
                continue;
            }
            let Some(definition) = self.definitions.get(name) else {
                continue;
            };
            if uses_done {
                let depends = self.ranged.contains(name)
                    || definition
                        .uses
                        .iter()
                        .any(|u| defined.contains(u.as_str()) || affected.contains(u));
                if depends {
                    affected.insert(name.to_string());
                    if affected.len() > MAX_REEVALUATED {
                        return None;
                    }
                }
            } else if visited.insert(name) {
                stack.push((name, true));
                stack.extend(definition.uses.iter().map(|u| (u.as_str(), false)));
            }
        }
        Some(affected)
    }
}
