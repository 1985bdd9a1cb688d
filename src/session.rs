//! The one library API every frontend uses: a [`Session`] holds a sheet's
//! source and definitions as a value (`Clone`, so the REPL can roll back a
//! failed line and tests can share a prelude), and [`Session::evaluate`]
//! runs the pipeline: parse → resolve → evaluate → a [`Sheet`] of values
//! and diagnostics.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use crate::diagnostic::{Problem, Warning};
use crate::eval::notes::attention_note;
use crate::eval::plan::{Node, NodeBody};
use crate::eval::{
    AssertOutcome, DeclarationError, EvalError, NodeKind, Outcome, Plan, ResolvedUnit, Value,
    declare_units, evaluate, evaluate_reusing, resolve,
};
use crate::format::Style;
use crate::format::number::with_suffix;
use crate::incremental;
use crate::knowledge::builtin_accelerator;
use crate::knowledge::model::Model;
use crate::names::{self, NameClass};
pub use crate::sheet::{AssertReport, CellReport, Sheet};
use crate::span::Span;
use crate::span::{Origin, origin_of};
use crate::syntax::ast::{Statement, StatementKind};
use crate::syntax::{Earlier, FailedDefinition, SyntaxError, parse_program_reusing};
use crate::units::{Base, Dimension, Units};
use crate::vocabulary::Named;
use crate::whatif::{self, Assignment, Axis, FlagError, ShowList, Sweep};

#[derive(Debug, Clone, Default)]
pub struct Session {
    name: String,
    /// Shared with every sheet evaluated from it, so a script is held once.
    source: Arc<str>,
    pub(crate) statements: Vec<Statement>,
    pub(crate) syntax_errors: Vec<SyntaxError>,
    /// Definitions that did not parse: their users are skipped quietly.
    pub(crate) failed: Vec<FailedDefinition>,
    /// Command-line flags' values appended after the script.
    pub(crate) origins: Vec<Origin>,
    /// Problems with those values themselves (`--set` with two statements).
    pub(crate) flag_errors: Vec<FlagError>,
    /// Values bound outside the sheet: the REPL's `ans` and `_`.
    pub(crate) constants: Vec<(String, Value)>,
}

/// A bare expression's value: its text, value, `->` unit and range.
pub type EntryValue = (
    String,
    Value,
    Option<ResolvedUnit>,
    Option<crate::eval::ranges::Bounds>,
);

/// What one entered line (or loaded file) did.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The session with the line in it; the REPL keeps it only if `ok`.
    pub session: Session,
    /// The sheet evaluated with the line.
    pub sheet: Sheet,
    /// The values of the line's bare expressions, in order.
    pub values: Vec<EntryValue>,
    /// Cells, models and accelerators the line defined.
    pub defined: Vec<String>,
    /// Byte offset in the session's source where the line starts.
    pub origin: usize,
    /// Whether the line is kept: nothing went wrong but, possibly, asserts
    /// that now fail (a spreadsheet applies the change and shows them).
    pub ok: bool,
}

impl Session {
    /// An empty session whose diagnostics name `name` (a file, `<repl>`, …).
    pub fn new(name: impl Into<String>) -> Session {
        Session {
            name: name.into(),
            ..Session::default()
        }
    }

    /// A session holding one whole script.
    pub fn from_source(name: impl Into<String>, source: &str) -> Session {
        let mut session = Session::new(name);
        session.add(source);
        session
    }

    /// A session holding an edited version of `earlier`'s script: the
    /// statements whose text is unchanged are moved, not parsed again.
    /// The same session as [`Session::from_source`] gives.
    pub fn from_edited_source(name: impl Into<String>, source: &str, earlier: &Session) -> Session {
        let mut session = Session::new(name);
        session.add_reusing(source, &Earlier::new(&earlier.source, &earlier.statements));
        session
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    /// Appends text: its statements join the sheet; a cell with the name of
    /// an existing one replaces it, as in a spreadsheet. Returns the syntax
    /// errors of the new text.
    pub fn add(&mut self, text: &str) -> Vec<SyntaxError> {
        self.add_reusing(text, &Earlier::default())
    }

    fn add_reusing(&mut self, text: &str, earlier: &Earlier) -> Vec<SyntaxError> {
        let separator = if self.source.is_empty() || self.source.ends_with('\n') {
            ""
        } else {
            "\n"
        };
        let base = self.source.len() + separator.len();
        self.append_source(&[separator, text]);
        let mut parsed = parse_program_reusing(&self.source[base..], base, earlier);
        let errors = parsed.errors;
        self.failed.extend(parsed.failed);
        if self.statements.is_empty() {
            // A whole script: its statements as parsed, without spare room.
            parsed.statements.shrink_to_fit();
            self.statements = parsed.statements;
        } else {
            self.replace_or_append(parsed.statements, base);
        }
        self.syntax_errors.extend(errors.iter().cloned());
        errors
    }

    /// The source with `pieces` after it. Appending copies the text (the
    /// sheets evaluated so far keep theirs), as a line or a flag's value is
    /// added to a script read whole.
    fn append_source(&mut self, pieces: &[&str]) {
        let length = self.source.len() + pieces.iter().map(|p| p.len()).sum::<usize>();
        let mut source = String::with_capacity(length);
        source.push_str(&self.source);
        for piece in pieces {
            source.push_str(piece);
        }
        self.source = Arc::from(source);
    }

    /// Statements of text added at `base`: a cell with the name of one
    /// defined before `base` replaces it, others are appended.
    fn replace_or_append(&mut self, statements: Vec<Statement>, base: usize) {
        let earlier: HashMap<String, usize> = self
            .statements
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.defined_name().map(|n| (n.to_string(), i)))
            .collect();
        self.statements.reserve_exact(statements.len());
        for statement in statements {
            let existing = statement
                .defined_name()
                .and_then(|n| earlier.get(n).copied());
            // Within one text a second definition is a duplicate (an
            // error); text added later (a REPL line) replaces it.
            match existing {
                Some(index) if self.statements[index].span.start < base => {
                    self.statements[index] = statement;
                }
                _ => self.statements.push(statement),
            }
        }
    }

    /// Enters a line as the REPL does: on a copy of the session, so a line
    /// that fails leaves nothing behind (a line that only makes asserts
    /// fail is kept). Bare expressions are evaluated but
    /// not kept; the last one's value becomes `ans` and `_`.
    pub fn enter(&self, text: &str) -> Entry {
        let mut session = self.clone();
        session.add(text);
        let line_start = session.source.len() - text.len();
        let sheet = session.evaluate();
        let from_line = |span: Span| span.start >= line_start;
        let values: Vec<EntryValue> = sheet
            .cells
            .iter()
            .filter(|c| c.kind == NodeKind::Expression && from_line(c.span))
            .filter_map(|c| {
                Some((
                    c.name.clone(),
                    c.outcome.value()?.clone(),
                    c.shown.as_deref().cloned(),
                    c.range.as_deref().cloned(),
                ))
            })
            .collect();
        let defined = sheet
            .cells
            .iter()
            .filter(|c| c.kind != NodeKind::Expression && from_line(c.span))
            .map(|c| c.name.clone())
            .collect();
        let ok = sheet
            .problems
            .iter()
            .all(|p| matches!(p, Problem::Eval(EvalError::AssertFailed { .. })));
        session
            .statements
            .retain(|s| !matches!(s.kind, StatementKind::Expr(_)));
        if let Some((_, value, _, _)) = values.last() {
            session.set_constant("ans", value.clone());
            session.set_constant("_", value.clone());
        }
        Entry {
            session,
            sheet,
            values,
            defined,
            origin: line_start,
            ok,
        }
    }

    /// Binds a value to a name outside the sheet (cells take precedence).
    pub fn set_constant(&mut self, name: &str, value: Value) {
        match self.constants.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = value,
            None => self.constants.push((name.to_string(), value)),
        }
    }

    /// The session's definitions as a script `llmc run` accepts: each
    /// statement's text, in order (a redefined cell stands where it was
    /// first defined).
    pub fn to_script(&self) -> String {
        let mut script = String::new();
        for statement in &self.statements {
            script.push_str(self.source[statement.span.start..statement.span.end].trim());
            script.push('\n');
        }
        script
    }

    /// Names of the cells defined in the sheet.
    pub fn cell_names(&self) -> Vec<String> {
        self.statements
            .iter()
            .filter_map(|s| match &s.kind {
                StatementKind::Cell { name, .. } => Some(name.name.to_string()),
                _ => None,
            })
            .collect()
    }

    /// What `word` names here, in the order a bare name resolves.
    pub fn classify(&self, word: &str) -> NameClass {
        names::classify(self, word)
    }

    /// Every name that could follow: cells, constants, functions,
    /// accelerators, models, units and keywords, sorted and deduplicated.
    pub fn names(&self) -> Vec<String> {
        names::names(self)
    }

    /// What `name` is, for `:help NAME` and hover: a function's signature
    /// and convention, a unit's dimension and size, an accelerator's
    /// figures, a cell's formula and value.
    pub fn help_text(&self, name: &str) -> Option<String> {
        names::help_text(self, name)
    }

    /// The text of the statement that defines `name` in this session.
    pub fn definition_text(&self, name: &str) -> Option<&str> {
        let statement = self
            .statements
            .iter()
            .find(|s| s.defined_name() == Some(name))?;
        Some(self.source[statement.span.start..statement.span.end].trim())
    }

    /// Members that may follow `target.` (an accelerator, a cluster, a model
    /// or a function's result, by name).
    pub fn members_of(&self, target: &str) -> Vec<&'static str> {
        names::members_of(self, target)
    }

    /// `--set NAME=EXPR` overrides: each cell's formula is replaced for
    /// this run and everything depending on it recomputes; a value that does
    /// not parse leaves its cell failed. `Err`: a sheet holding the problems
    /// of overrides naming no cell, when nothing can be evaluated.
    pub fn set_cells(&mut self, sets: &[Assignment]) -> Result<(), Box<Sheet>> {
        let unknown: Vec<Problem> = sets
            .iter()
            .filter_map(|set| whatif::set_cell(self, set).err())
            .map(|error| Problem::Flag(*error))
            .collect();
        if unknown.is_empty() {
            Ok(())
        } else {
            Err(Box::new(self.problem_sheet(unknown)))
        }
    }

    /// Prepares a sweep over the product of `axes`, showing `show` (or every
    /// cell downstream of the swept ones).
    /// Each input range's effect on the range cell `cell`, widest first.
    pub fn tornado(
        &self,
        cell: &str,
    ) -> Result<whatif::tornado::Tornado, whatif::tornado::TornadoError> {
        whatif::tornado::tornado(self, cell)
    }

    /// `Err`: the sheet whose problems stop the sweep.
    pub fn sweep(&self, axes: &[Axis], show: &[ShowList]) -> Result<Sweep, Box<Sheet>> {
        whatif::prepare(self, axes, show)
    }

    /// Runs the whole pipeline over the session's definitions.
    pub fn evaluate(&self) -> Sheet {
        self.sheet(self.compile(), evaluate)
    }

    /// [`Session::evaluate`] once, for a frontend done with the session
    /// (`llmc check`, `llmc run`): each statement's tree is dropped as soon
    /// as it is resolved, so a large script never holds its whole syntax
    /// tree and its whole plan at once.
    pub fn into_sheet(mut self) -> Sheet {
        let statements = std::mem::take(&mut self.statements);
        let compiled = self.compile_statements(Cow::Owned(statements));
        self.sheet(compiled, evaluate)
    }

    /// The sheet [`Session::evaluate`] gives, found faster after an edit:
    /// `earlier` is the session before the edit and `earlier_sheet` what it
    /// evaluated to; every cell whose definition and inputs the edit left
    /// unchanged keeps its value instead of being evaluated again.
    pub fn evaluate_after_edit(&self, earlier: &Session, earlier_sheet: &Sheet) -> Sheet {
        self.sheet(self.compile(), |plan| {
            evaluate_reusing(
                plan,
                incremental::reusable(plan, self, earlier, earlier_sheet),
            )
        })
    }

    /// Evaluates a compiled plan (with `run`) into the sheet of values and
    /// diagnostics.
    fn sheet(
        &self,
        (mut plan, mut problems): (Plan, Vec<Problem>),
        run: impl FnOnce(&Plan) -> (Vec<Outcome>, Vec<AssertOutcome>),
    ) -> Sheet {
        let (mut outcomes, mut assert_outcomes) = run(&plan);
        let bounds =
            crate::eval::ranges::evaluate_ranges(&plan, &mut outcomes, &mut assert_outcomes);
        let user_bases = plan.units.base_names().to_vec();
        let notes: Vec<Option<String>> =
            plan.nodes
                .iter()
                .enumerate()
                .map(|(id, node)| match outcomes[id].value() {
                    Some(_) => attention_note(&plan, id, &outcomes, &bounds)
                        .or(node.note.map(String::from)),
                    None => None,
                })
                .collect();

        let mut warnings = Vec::new();
        // The plan's nodes are not needed again: their names and units move
        // into the reports instead of being copied.
        let nodes = std::mem::take(&mut plan.nodes);
        let cells: Vec<CellReport> = nodes
            .into_iter()
            .zip(outcomes.into_iter().zip(bounds).zip(notes))
            .map(|(node, ((outcome, range), note))| {
                if let Outcome::Error(error) = &outcome {
                    problems.push(Problem::Eval(error.as_ref().clone()));
                }
                if node.kind == NodeKind::Accelerator
                    && let Some(builtin) = builtin_accelerator(&node.name.name)
                {
                    warnings.push(Warning::ReplacesBuiltin {
                        name: builtin.name.to_string(),
                        span: node.name.span,
                    });
                }
                if let Some(Value::Model(model)) = outcome.value() {
                    warnings.extend(params_warnings(&node, model));
                }
                if node.kind == NodeKind::Cell
                    && let Some(value) = outcome.value()
                    && let Some(warning) =
                        shadow_warning(&node.name.name, node.name.span, value, &plan.units)
                {
                    warnings.push(warning);
                }
                if node.kind == NodeKind::Cell
                    && let Some(q) = outcome.value().and_then(Value::as_quantity)
                    && q.dim == PARAM_TOKENS
                {
                    warnings.push(Warning::ComputeWithoutFlop {
                        name: node.name.name.to_string(),
                        span: node.span,
                    });
                }
                CellReport {
                    overridden: self.overridden(node.span),
                    name: node.name.name.to_string(),
                    kind: node.kind,
                    span: node.span,
                    outcome,
                    range,
                    shown: node.shown,
                    note,
                }
            })
            .collect();

        let asserts: Vec<AssertReport> = plan
            .asserts
            .iter()
            .zip(assert_outcomes)
            .map(|(planned, outcome)| {
                let text = self.assert_text(planned);
                for side in [&outcome.left, &outcome.right] {
                    if let Outcome::Error(error) = side {
                        problems.push(Problem::Eval(error.as_ref().clone()));
                    }
                }
                if outcome.passed == Some(false) {
                    problems.push(Problem::Eval(self.assert_failure(
                        planned,
                        &outcome,
                        &text,
                        &user_bases,
                    )));
                }
                AssertReport {
                    text,
                    span: planned.span,
                    outcome,
                    shown: planned.shown.clone(),
                    message: planned.message.clone(),
                }
            })
            .collect();

        problems.sort_by_key(|p| self.position(p.span().start));
        let mut cells = cells;
        cells.sort_by_key(|c| self.position(c.span.start));
        Sheet {
            name: self.name.clone(),
            source: self.source.clone(),
            origins: self.origins.clone(),
            cells,
            asserts,
            problems,
            warnings,
            user_bases,
        }
    }

    /// Where text at `offset` stands in the sheet: a `--set` value stands
    /// where the cell it replaces was written.
    fn position(&self, offset: usize) -> usize {
        origin_of(&self.origins, offset)
            .and_then(|origin| origin.replaces)
            .unwrap_or(offset)
    }

    pub(crate) fn overridden(&self, span: crate::span::Span) -> bool {
        origin_of(&self.origins, span.start).is_some_and(|o| o.flag == "--set")
    }

    /// Appends a flag's value after the script (and earlier flags) as text of
    /// its own; returns where it starts. Nothing in it is parsed here.
    pub(crate) fn append_flag(&mut self, flag: &'static str, text: &str) -> usize {
        let start = self.source.len() + 1;
        self.append_source(&["\n", text]);
        self.origins.push(Origin {
            flag,
            span: crate::span::Span::new(start, self.source.len()),
            replaces: None,
        });
        start
    }

    /// A sheet holding only `problems`, for inputs that stop before
    /// anything is evaluated (a flag naming no cell).
    pub(crate) fn problem_sheet(&self, problems: Vec<Problem>) -> Sheet {
        Sheet {
            name: self.name.clone(),
            source: self.source.clone(),
            origins: self.origins.clone(),
            cells: Vec::new(),
            asserts: Vec::new(),
            problems,
            warnings: Vec::new(),
            user_bases: Vec::new(),
        }
    }

    /// Parse, unit declarations and resolution: the plan, and the problems
    /// found before anything is evaluated.
    pub(crate) fn compile(&self) -> (Plan, Vec<Problem>) {
        self.compile_statements(Cow::Borrowed(&self.statements))
    }

    /// [`Session::compile`] of `statements`: the session's own, or taken
    /// from it to be dropped as they are resolved.
    fn compile_statements(&self, statements: Cow<'_, [Statement]>) -> (Plan, Vec<Problem>) {
        let mut problems: Vec<Problem> = self
            .syntax_errors
            .iter()
            .cloned()
            .map(Problem::Syntax)
            .chain(self.flag_errors.iter().cloned().map(Problem::Flag))
            .collect();
        let (units, unit_errors) = declare_units(&self.source, &statements, &self.failed);
        problems.extend(unit_errors.into_iter().map(|error| match error {
            DeclarationError::Resolve(e) => Problem::Resolve(e),
            DeclarationError::Eval(e) => Problem::Eval(e),
        }));
        let plan = resolve(
            &self.source,
            statements,
            units,
            &self.constants,
            &self.failed,
        );
        problems.extend(plan.errors.iter().cloned().map(Problem::Resolve));
        (plan, problems)
    }

    /// An assert as written, without `assert`.
    pub(crate) fn assert_text(&self, planned: &crate::eval::plan::PlannedAssert) -> String {
        match (&planned.left, &planned.right) {
            (Some(l), Some(r)) => self.source[l.span.start..r.span.end].to_string(),
            _ => self.source[planned.span.start..planned.span.end]
                .trim_start_matches("assert")
                .trim()
                .to_string(),
        }
    }

    pub(crate) fn assert_failure(
        &self,
        planned: &crate::eval::plan::PlannedAssert,
        outcome: &AssertOutcome,
        text: &str,
        user_bases: &[String],
    ) -> EvalError {
        let style = Style::default();
        let (left_value, right_value) = crate::format::assert_sides(
            outcome,
            planned.shown.as_deref(),
            style.digits,
            user_bases,
        );
        let left_span = planned.left.as_ref().map_or(planned.span, |e| e.span);
        let right_span = planned.right.as_ref().map_or(planned.span, |e| e.span);
        if outcome.range.as_ref().is_some_and(|r| r.holds_somewhere) {
            return EvalError::AssertFailsForPart {
                left: left_span,
                right: right_span,
                text: text.to_string(),
                left_range: left_value,
                right_range: right_value,
                help: planned.message.clone().unwrap_or_else(|| {
                    "it holds at some corners of the ranges but not all; narrow the ranges or relax the assert".into()
                }),
            };
        }
        EvalError::AssertFailed {
            left: left_span,
            right: right_span,
            text: text.to_string(),
            left_value,
            right_value,
            message: planned.message.clone(),
        }
    }
}

/// A model record whose given parameter counts its own architecture
/// contradicts by more than 5% (SPEC §2.5): a warning at the given field.
fn params_warnings(node: &Node, model: &Model) -> Vec<Warning> {
    let Some(NodeBody::Record(fields)) = node.body.as_deref() else {
        return Vec::new();
    };
    let show = |n: f64| format!("{} params", with_suffix(n, 3, false));
    model
        .params_mismatches()
        .into_iter()
        .filter_map(|mismatch| {
            let (name, expr) = fields
                .iter()
                .find(|(f, _)| f.name == mismatch.field.name())?;
            let percent = (mismatch.given - mismatch.derived) / mismatch.derived * 100.0;
            Some(Warning::ParamsDiffer {
                model: model.name.clone(),
                field: mismatch.field.name(),
                given: show(mismatch.given),
                derived: show(mismatch.derived),
                span: name.span.to(expr.span),
                percent: format!("{percent:+.1}%"),
            })
        })
        .collect()
}

/// The dimension of `6 * params * tokens`: training compute missing its
/// FLOP/param/token (SPEC §2.3), worth a warning where the cell is written.
const PARAM_TOKENS: Dimension = Dimension::of(&[(Base::Params, 1), (Base::Tokens, 1)]);

/// A cell named like a unit or accelerator earns a warning when a reader
/// could mistake one for the other: when its value is not of that unit's
/// dimension (`params = 405B params` is fine; `h = 5 GPU` is not).
fn shadow_warning(name: &str, span: Span, value: &Value, units: &Units) -> Option<Warning> {
    if let Some(accelerator) = builtin_accelerator(name) {
        return Some(Warning::Shadows {
            name: name.to_string(),
            what: format!("the accelerator {}", accelerator.name),
            span,
        });
    }
    let unit = units.lookup(name)?;
    let same_dimension = value.as_quantity().is_some_and(|q| q.dim == unit.dim);
    (!same_dimension).then(|| Warning::Shadows {
        name: name.to_string(),
        what: format!("the unit `{name}`"),
        span,
    })
}
