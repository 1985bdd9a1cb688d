//! One document analysed: its session and sheet (through the library API,
//! as every frontend), and an index of every name written in it — where it
//! is defined and what it refers to — that the requests answer from.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::annotate::crlf_as_blank;
use crate::fmt::DocumentKind;
use crate::markdown;
use crate::names::{NameClass, builtin_class};
use crate::session::{Session, Sheet};
use crate::span::Span;
use crate::syntax::ast::{Expr, ExprKind, Statement, StatementKind, UnitExpr};

use super::position::LineIndex;

/// What a written name stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meaning {
    Cell,
    Function,
    Model,
    Accelerator,
    Unit,
    /// A parameter inside its function's body.
    Parameter,
    /// `.gpus`, `.bf16`: a member of a value.
    Member,
    /// A record's field name.
    Field,
    Keyword,
    Constant,
    Unknown,
}

impl Meaning {
    fn of(class: NameClass) -> Meaning {
        match class {
            NameClass::Keyword => Meaning::Keyword,
            NameClass::Cell => Meaning::Cell,
            NameClass::Constant => Meaning::Constant,
            NameClass::Function => Meaning::Function,
            NameClass::Accelerator => Meaning::Accelerator,
            NameClass::Model => Meaning::Model,
            NameClass::Unit => Meaning::Unit,
            NameClass::Unknown => Meaning::Unknown,
        }
    }
}

/// A name as written: where, what it means, and where that is defined
/// (`None` for built-ins).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    pub span: Span,
    pub name: String,
    pub meaning: Meaning,
    /// The defining name's span; equal to `span` at the definition itself.
    pub definition: Option<Span>,
    /// The statement the name is written in.
    pub statement: usize,
}

impl Occurrence {
    pub fn is_definition(&self) -> bool {
        self.definition == Some(self.span)
    }
}

pub struct Analysis {
    pub kind: DocumentKind,
    pub text: String,
    pub lines: LineIndex,
    pub session: Session,
    pub sheet: Sheet,
    /// Every name written, in source order: made at the first request
    /// that needs it, so publishing diagnostics after an edit does not wait
    /// for it.
    occurrences: OnceLock<Vec<Occurrence>>,
}

impl Analysis {
    /// The analysis of `text`; after an edit, `earlier` is the analysis of
    /// the text before it, and what the edit left unchanged is reused
    /// (with the same result).
    pub fn new(
        name: &str,
        kind: DocumentKind,
        text: String,
        earlier: Option<&Analysis>,
    ) -> Analysis {
        let earlier = earlier.filter(|e| e.kind == kind);
        let (session, sheet) = match (kind, earlier) {
            (DocumentKind::Script, None) => {
                let session = Session::from_source(name, &crlf_as_blank(&text));
                let sheet = session.evaluate();
                (session, sheet)
            }
            (DocumentKind::Script, Some(earlier)) => {
                let session =
                    Session::from_edited_source(name, &crlf_as_blank(&text), &earlier.session);
                let sheet = session.evaluate_after_edit(&earlier.session, &earlier.sheet);
                (session, sheet)
            }
            (DocumentKind::Markdown, None) => {
                let session = markdown::session(name, &text);
                let sheet = markdown::evaluate_session(&session, &text);
                (session, sheet)
            }
            (DocumentKind::Markdown, Some(earlier)) => {
                let session = markdown::edited_session(name, &text, &earlier.session);
                let sheet = markdown::evaluate_edited_session(
                    &session,
                    &text,
                    &earlier.session,
                    &earlier.sheet,
                );
                (session, sheet)
            }
        };
        Analysis {
            kind,
            lines: LineIndex::new(&text),
            text,
            session,
            sheet,
            occurrences: OnceLock::new(),
        }
    }

    /// Every name written, in source order.
    pub fn occurrences(&self) -> &[Occurrence] {
        self.occurrences.get_or_init(|| index(&self.session))
    }

    pub fn statements(&self) -> &[Statement] {
        &self.session.statements
    }

    /// The name written at a byte offset (touching its end counts, as an
    /// editor's cursor right after a word).
    pub fn occurrence_at(&self, offset: usize) -> Option<&Occurrence> {
        let occurrences = self.occurrences();
        let after = occurrences.partition_point(|o| o.span.end < offset);
        occurrences[after..]
            .iter()
            .take_while(|o| o.span.start <= offset)
            .find(|o| o.span.start <= offset && offset <= o.span.end)
    }

    /// Every occurrence meaning the same thing as `target`: the same
    /// definition, or for a built-in the same name and meaning.
    pub fn same_as<'a>(&'a self, target: &'a Occurrence) -> impl Iterator<Item = &'a Occurrence> {
        self.occurrences()
            .iter()
            .filter(move |o| match target.definition {
                Some(definition) => o.definition == Some(definition),
                None => {
                    o.definition.is_none() && o.meaning == target.meaning && o.name == target.name
                }
            })
    }
}

/// Definitions by name: the first definition of each (a duplicate is an
/// error the diagnostics show).
struct Definitions {
    cells: HashMap<String, Span>,
    functions: HashMap<String, Span>,
    records: HashMap<String, (Meaning, Span)>,
    units: HashMap<String, Span>,
}

fn index(session: &Session) -> Vec<Occurrence> {
    let mut definitions = Definitions {
        cells: HashMap::new(),
        functions: HashMap::new(),
        records: HashMap::new(),
        units: HashMap::new(),
    };
    for statement in &session.statements {
        match &statement.kind {
            StatementKind::Cell { name, .. } => {
                definitions
                    .cells
                    .entry(name.name.to_string())
                    .or_insert(name.span);
            }
            StatementKind::Function { name, .. } => {
                definitions
                    .functions
                    .entry(name.name.to_string())
                    .or_insert(name.span);
            }
            StatementKind::Model(record) => {
                definitions
                    .records
                    .entry(record.name.name.to_string())
                    .or_insert((Meaning::Model, record.name.span));
            }
            StatementKind::Accelerator(record) => {
                definitions
                    .records
                    .entry(record.name.name.to_string())
                    .or_insert((Meaning::Accelerator, record.name.span));
            }
            StatementKind::Unit { name, .. } => {
                definitions
                    .units
                    .entry(name.name.to_string())
                    .or_insert(name.span);
            }
            _ => {}
        }
    }
    let mut walker = Walker {
        definitions: &definitions,
        parameters: Vec::new(),
        statement: 0,
        found: Vec::new(),
    };
    for (number, statement) in session.statements.iter().enumerate() {
        walker.statement = number;
        walker.statement_names(statement);
    }
    let mut found = walker.found;
    found.sort_by_key(|o| (o.span.start, o.span.end));
    found.dedup_by_key(|o| o.span);
    found
}

struct Walker<'a> {
    definitions: &'a Definitions,
    /// The parameters of the function being walked.
    parameters: Vec<(String, Span)>,
    statement: usize,
    found: Vec<Occurrence>,
}

impl Walker<'_> {
    fn push(&mut self, name: &str, span: Span, meaning: Meaning, definition: Option<Span>) {
        self.found.push(Occurrence {
            span,
            name: name.to_string(),
            meaning,
            definition,
            statement: self.statement,
        });
    }

    fn define(&mut self, name: &str, span: Span, meaning: Meaning) {
        self.push(name, span, meaning, Some(span));
    }

    fn statement_names(&mut self, statement: &Statement) {
        match &statement.kind {
            StatementKind::Cell { name, expr } => {
                self.define(&name.name, name.span, Meaning::Cell);
                self.expr(expr);
            }
            StatementKind::Expr(expr) => self.expr(expr),
            StatementKind::Assert(assertion) => {
                self.expr(&assertion.left);
                self.expr(&assertion.right);
            }
            StatementKind::Unit { name, definition } => {
                self.define(&name.name, name.span, Meaning::Unit);
                if let Some(expr) = definition {
                    self.expr(expr);
                }
            }
            StatementKind::Model(record) | StatementKind::Accelerator(record) => {
                let meaning = match statement.kind {
                    StatementKind::Model(_) => Meaning::Model,
                    _ => Meaning::Accelerator,
                };
                self.define(&record.name.name, record.name.span, meaning);
                for field in &record.fields {
                    self.push(&field.name.name, field.name.span, Meaning::Field, None);
                    self.expr(&field.expr);
                }
            }
            StatementKind::Function { name, params, body } => {
                self.define(&name.name, name.span, Meaning::Function);
                self.parameters = params
                    .iter()
                    .map(|p| (p.name.to_string(), p.span))
                    .collect();
                for param in params {
                    self.define(&param.name, param.span, Meaning::Parameter);
                }
                self.expr(body);
                self.parameters.clear();
            }
        }
    }

    /// A bare name, resolved as evaluation resolves it: a parameter, a
    /// cell, else a record, else a unit, else a built-in.
    fn name(&mut self, name: &str, span: Span) {
        if let Some(&(_, definition)) = self.parameters.iter().find(|(p, _)| p == name) {
            return self.push(name, span, Meaning::Parameter, Some(definition));
        }
        if let Some(&definition) = self.definitions.cells.get(name) {
            return self.push(name, span, Meaning::Cell, Some(definition));
        }
        if let Some(&(meaning, definition)) = self.definitions.records.get(name) {
            return self.push(name, span, meaning, Some(definition));
        }
        if let Some(&definition) = self.definitions.units.get(name) {
            return self.push(name, span, Meaning::Unit, Some(definition));
        }
        if let Some(&definition) = self.definitions.functions.get(name) {
            return self.push(name, span, Meaning::Function, Some(definition));
        }
        let meaning = Meaning::of(builtin_class(name));
        self.push(name, span, meaning, None);
    }

    fn unit(&mut self, unit: &UnitExpr) {
        for factor in unit.factors() {
            let definition = self.definitions.units.get(factor.name).copied();
            self.push(factor.name, factor.span, Meaning::Unit, definition);
        }
    }

    fn expr(&mut self, expr: &Expr) {
        match &expr.kind {
            ExprKind::Literal { unit, .. } => {
                if let Some(unit) = unit {
                    self.unit(&unit.get(expr.span.end));
                }
            }
            ExprKind::Text(_) | ExprKind::Bool(_) => {}
            ExprKind::Name(name) => self.name(name, expr.span),
            ExprKind::Negate(inner) => self.expr(inner),
            ExprKind::Range { low, high, .. } => {
                self.expr(low);
                self.expr(high);
            }
            ExprKind::Chain { first, links } => {
                self.expr(first);
                for link in links {
                    self.expr(&link.right);
                }
            }
            ExprKind::Scaled { expr, unit } => {
                self.expr(expr);
                self.unit(unit);
            }
            ExprKind::Convert {
                expr: inner,
                target,
            } => {
                self.expr(inner);
                self.unit(&target.get(expr.span.end));
            }
            ExprKind::Member { target, member } => {
                self.expr(target);
                self.push(&member.name, member.span, Meaning::Member, None);
            }
            ExprKind::Call { callee, args } => {
                match self.definitions.functions.get(callee.name.as_str()) {
                    Some(&definition) => self.push(
                        &callee.name,
                        callee.span,
                        Meaning::Function,
                        Some(definition),
                    ),
                    None => self.push(&callee.name, callee.span, Meaning::Function, None),
                }
                for argument in args {
                    if let Some(keyword) = &argument.keyword {
                        self.push(&keyword.name, keyword.span, Meaning::Parameter, None);
                    }
                    self.expr(&argument.value);
                }
            }
            ExprKind::Cluster(cluster) => {
                self.expr(&cluster.count);
                self.expr(&cluster.accelerator);
                if let Some(precision) = &cluster.precision {
                    self.push(&precision.name, precision.span, Meaning::Member, None);
                }
                if let Some(utilization) = &cluster.utilization {
                    self.expr(utilization);
                }
            }
        }
    }
}
