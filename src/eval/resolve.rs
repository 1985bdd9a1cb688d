//! Names → slots: turns the syntax tree into a plan the evaluator runs.
//!
//! A bare name is a cell if one has that name, else an accelerator, else a
//! unit (SPEC §2.4); names inside a literal's unit or after `->` are units.
//! Cells may be written in any order: the plan orders them by dependency and
//! reports duplicates and cycles at every cell involved.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use miette::LabeledSpan;

use super::builtins::{self, Builtin};
use super::plan::*;
use super::resolve_error::{ResolveError, Unresolved};
use super::value::Value;
use crate::knowledge::accelerator::Precision;
use crate::knowledge::model_presets::{preset, preset_names};
use crate::knowledge::{builtin_accelerator, builtin_accelerator_names};
use crate::span::Span;
use crate::suggest::{DidYouMean, closest, did_you_mean};
use crate::syntax::ast::*;
use crate::syntax::{DefinitionKind, FailedDefinition};
use crate::units::{Dimension, Quantity, Units};
use crate::vocabulary::Named;

/// Builds the plan for a list of statements. `constants` are values bound
/// to names outside the sheet (the REPL's `ans` and `_`), consulted after
/// cells. Statements handed over (owned) are dropped one by one as they are
/// resolved: a sheet evaluated once never holds its whole syntax tree and
/// its whole plan at once, and the plan's expressions (as large as the
/// tree's) reuse the tree's memory.
pub fn resolve<'s>(
    source: &str,
    statements: impl Into<Cow<'s, [Statement]>>,
    units: Units,
    constants: &[(String, Value)],
    failed: &[FailedDefinition],
) -> Plan {
    let statements = statements.into();
    let mut resolver = Resolver {
        source,
        constants,
        plan: Plan {
            units,
            ..Plan::default()
        },
        names: HashMap::new(),
        accelerators: HashMap::new(),
        function_names: HashMap::new(),
        suggestions: RefCell::default(),
        params: None,
        deps: Vec::new(),
        ranges: Vec::new(),
        bound_deps: Vec::new(),
        node: None,
        slots: Vec::with_capacity(statements.len()),
        resolving_function: None,
        failed_input: None,
    };
    resolver.declare(&statements);
    resolver.declare_failed(failed);
    resolver.resolve_functions(&statements);
    let slots = std::mem::take(&mut resolver.slots);
    match statements {
        Cow::Borrowed(statements) => {
            for (statement, slot) in statements.iter().zip(slots) {
                resolver.resolve_statement(statement, slot);
            }
        }
        Cow::Owned(mut statements) => {
            // In order, taken off the end of the reversed list, which gives
            // back its room as it shrinks: the list alone is 120 bytes a
            // statement, and the plan grows while it is resolved.
            statements.reverse();
            for slot in slots {
                let statement = statements.pop().expect("a statement per slot");
                resolver.resolve_statement(&statement, slot);
                if statements.len() % 4096 == 0 {
                    statements.shrink_to_fit();
                }
            }
        }
    }
    resolver.order();
    resolver.plan
}

struct Resolver<'a> {
    source: &'a str,
    constants: &'a [(String, Value)],
    plan: Plan,
    /// Cell and model names → node, keyed by the names as written in the
    /// source (not a copy per cell).
    names: HashMap<Cow<'a, str>, usize>,
    /// Lower-cased user accelerator names → node.
    accelerators: HashMap<String, usize>,
    function_names: HashMap<String, usize>,
    /// "Did you mean" for each unknown name met so far.
    suggestions: RefCell<HashMap<String, Option<DidYouMean>>>,
    /// Parameters of the function being resolved.
    params: Option<Vec<String>>,
    /// Nodes the expression being resolved refers to.
    deps: Vec<usize>,
    /// Range literals of the expression being resolved.
    ranges: Vec<usize>,
    /// Nodes it reads through `.low`, `.high` or `.mid`.
    bound_deps: Vec<usize>,
    /// The node being resolved, if any.
    node: Option<usize>,
    /// For each statement, its node or function, if it defines one.
    slots: Vec<Option<usize>>,
    /// The function whose body is being resolved: it may call only
    /// functions defined before it, so calls can never recurse.
    resolving_function: Option<usize>,
    /// Set when the expression being resolved uses a failed definition.
    failed_input: Option<String>,
}

impl<'a> Resolver<'a> {
    /// `name` as a key: the source's own text where the name is written
    /// there, else a copy.
    fn key(&self, name: &Ident) -> Cow<'a, str> {
        let source: &'a str = self.source;
        match source.get(name.span.start..name.span.end) {
            Some(written) if written == name.name => Cow::Borrowed(written),
            _ => Cow::Owned(name.name.to_string()),
        }
    }

    /// First pass: every definition gets a slot, so order does not matter.
    fn declare(&mut self, statements: &[Statement]) {
        // The latest definition of each name defined more than once: a
        // duplicate's error points at the one before it.
        let mut redefined: HashMap<String, Span> = HashMap::new();
        // Sized once: a sheet has about one definition per statement.
        self.names.reserve(statements.len());
        self.plan.nodes.reserve_exact(statements.len());
        for statement in statements {
            self.slots.push(None);
            let (name, kind) = match &statement.kind {
                StatementKind::Cell { name, .. } => (name.clone(), NodeKind::Cell),
                StatementKind::Model(record) => (record.name.clone(), NodeKind::Model),
                StatementKind::Accelerator(record) => (record.name.clone(), NodeKind::Accelerator),
                StatementKind::Expr(expr) => (
                    Ident {
                        name: self.source[expr.span.start..expr.span.end].into(),
                        span: expr.span,
                    },
                    NodeKind::Expression,
                ),
                StatementKind::Function { name, params, .. } => {
                    if let Some(first) = self.defined_before(&name.name, name.span, &mut redefined)
                    {
                        self.plan
                            .errors
                            .push(duplicate(&name.name, first, name.span));
                        continue;
                    }
                    *self.slots.last_mut().unwrap() = Some(self.plan.functions.len());
                    self.function_names
                        .insert(name.name.to_string(), self.plan.functions.len());
                    self.plan.functions.push(PlannedFunction {
                        name: name.clone(),
                        params: params.clone(),
                        body: None,
                        deps: Vec::new(),
                        ranges: Vec::new(),
                    });
                    continue;
                }
                StatementKind::Assert(_) | StatementKind::Unit { .. } => continue,
            };
            let id = self.plan.nodes.len();
            if kind != NodeKind::Expression {
                let key = if kind == NodeKind::Accelerator {
                    Cow::Owned(name.name.to_lowercase().into())
                } else {
                    self.key(&name)
                };
                if let Some(first) = self.defined_before(&key, name.span, &mut redefined) {
                    self.plan
                        .errors
                        .push(duplicate(&name.name, first, name.span));
                    continue;
                }
                if kind == NodeKind::Accelerator {
                    self.accelerators.insert(key.into_owned(), id);
                } else {
                    self.names.insert(key, id);
                }
            }
            *self.slots.last_mut().unwrap() = Some(id);
            self.plan.nodes.push(Node::new(name, kind, statement.span));
        }
    }

    /// Where `key` (a name as written, or an accelerator's lower-cased),
    /// defined again at `span`, was last defined, if it was: the maps of
    /// names hold the first definitions, `redefined` the later ones.
    fn defined_before(
        &self,
        key: &str,
        span: Span,
        redefined: &mut HashMap<String, Span>,
    ) -> Option<Span> {
        let first = self
            .names
            .get(key)
            .or_else(|| self.accelerators.get(key))
            .map(|&id| self.plan.nodes[id].name.span)
            .or_else(|| {
                self.function_names
                    .get(key)
                    .map(|&id| self.plan.functions[id].name.span)
            })?;
        Some(redefined.insert(key.to_string(), span).unwrap_or(first))
    }

    /// Definitions that did not parse still take their names, so that
    /// their users are skipped instead of reporting unknown names.
    fn declare_failed(&mut self, failed: &[FailedDefinition]) {
        for definition in failed {
            let name = &definition.name;
            match definition.kind {
                DefinitionKind::Unit => self.plan.units.mark_failed(&name.name),
                DefinitionKind::Function => {
                    if !self.function_names.contains_key(name.name.as_str()) {
                        self.function_names
                            .insert(name.name.to_string(), self.plan.functions.len());
                        self.plan.functions.push(PlannedFunction {
                            name: name.clone(),
                            params: Vec::new(),
                            body: None,
                            deps: Vec::new(),
                            ranges: Vec::new(),
                        });
                    }
                }
                DefinitionKind::Cell | DefinitionKind::Model | DefinitionKind::Accelerator => {
                    if self.names.contains_key(name.name.as_str())
                        || self
                            .accelerators
                            .contains_key(name.name.to_lowercase().as_str())
                    {
                        continue;
                    }
                    let id = self.plan.nodes.len();
                    let kind = match definition.kind {
                        DefinitionKind::Accelerator => {
                            self.accelerators
                                .insert(name.name.to_lowercase().to_string(), id);
                            NodeKind::Accelerator
                        }
                        DefinitionKind::Model => {
                            self.names.insert(self.key(name), id);
                            NodeKind::Model
                        }
                        _ => {
                            self.names.insert(self.key(name), id);
                            NodeKind::Cell
                        }
                    };
                    self.plan
                        .nodes
                        .push(Node::new(name.clone(), kind, definition.span));
                }
            }
        }
    }

    /// Functions first, so that a call knows the cells its callee uses.
    fn resolve_functions(&mut self, statements: &[Statement]) {
        for (index, statement) in statements.iter().enumerate() {
            if let (StatementKind::Function { params, body, .. }, Some(id)) =
                (&statement.kind, self.slots[index])
            {
                self.params = Some(params.iter().map(|p| p.name.to_string()).collect());
                self.deps.clear();
                self.resolving_function = Some(id);
                match self.expr(body) {
                    Ok(r) => self.plan.functions[id].body = Some(r),
                    Err(Unresolved::UsesFailed(_)) => {}
                    Err(Unresolved::Error(e)) => self.plan.errors.push(e),
                }
                self.plan.functions[id].deps = std::mem::take(&mut self.deps);
                self.plan.functions[id].ranges = std::mem::take(&mut self.ranges);
                self.plan.functions[id].deps.append(&mut self.bound_deps);
                self.resolving_function = None;
                self.params = None;
            }
        }
    }

    /// A statement other than a function: its node's body, or an assert.
    fn resolve_statement(&mut self, statement: &Statement, slot: Option<usize>) {
        let Some(id) = slot else {
            if let StatementKind::Assert(assertion) = &statement.kind {
                self.deps.clear();
                let (left, left_shown) = self.top_expr(&assertion.left);
                let (right, right_shown) = self.top_expr(&assertion.right);
                let shown = left_shown
                    .or(right_shown)
                    .or_else(|| self.literal_unit(&assertion.right).map(Arc::new))
                    .or_else(|| self.literal_unit(&assertion.left).map(Arc::new));
                let deps = self.take_deps().0;
                self.plan.asserts.push(PlannedAssert {
                    left,
                    right,
                    shown,
                    comparison: assertion.comparison,
                    message: assertion.message.clone(),
                    span: statement.span,
                    deps,
                    ranges: std::mem::take(&mut self.ranges),
                });
            }
            return;
        };
        match &statement.kind {
            StatementKind::Cell { expr, .. } | StatementKind::Expr(expr) => {
                self.resolve_node_expr(id, expr);
            }
            StatementKind::Model(record) | StatementKind::Accelerator(record) => {
                self.deps.clear();
                self.node = Some(id);
                let mut fields = Vec::new();
                let mut ok = true;
                for field in &record.fields {
                    match self.expr(&field.expr) {
                        Ok(r) => fields.push((field.name.clone(), r)),
                        Err(Unresolved::UsesFailed(_)) => ok = false,
                        Err(Unresolved::Error(e)) => {
                            self.plan.errors.push(e);
                            ok = false;
                        }
                    }
                }
                let (deps, bound_deps) = self.take_deps();
                let node = &mut self.plan.nodes[id];
                (node.deps, node.bound_deps) = (deps.into(), bound_deps.into());
                node.ranges = self.ranges.drain(..).collect();
                node.body = ok.then(|| Box::new(NodeBody::Record(fields)));
            }
            StatementKind::Function { .. }
            | StatementKind::Assert(_)
            | StatementKind::Unit { .. } => {}
        }
    }

    /// Resolves an expression that may end in `-> unit`, splitting the
    /// display unit off.
    fn top_expr(&mut self, expr: &Expr) -> (Option<RExpr>, Option<Arc<ResolvedUnit>>) {
        let resolved = match self.expr(expr) {
            Ok(r) => r,
            Err(Unresolved::UsesFailed(name)) => {
                self.failed_input = Some(name);
                return (None, None);
            }
            Err(Unresolved::Error(e)) => {
                self.plan.errors.push(e);
                return (None, None);
            }
        };
        let shown = match (&resolved.kind, &expr.kind) {
            (RKind::Convert { target, .. }, _) => Some(target.clone()),
            // `fn hours(c, r) = c / r -> h`: a call shows in its body's unit.
            (RKind::Call(call), _) if let Callee::User(index) = call.callee => {
                match self.plan.functions[index].body.as_ref().map(|b| &b.kind) {
                    Some(RKind::Convert { target, .. }) => Some(target.clone()),
                    _ => None,
                }
            }
            // `mfu = 38%` shows as a percentage, as written.
            (
                _,
                ExprKind::Literal {
                    unit: Some(unit), ..
                },
            ) if unit.text() == "%" => self.unit(&unit.get(expr.span.end), None).ok().map(Arc::new),
            (_, ExprKind::Range { high, .. }) if matches!(&high.kind, ExprKind::Literal { unit: Some(unit), .. } if unit.text() == "%") =>
            {
                let ExprKind::Literal {
                    unit: Some(unit), ..
                } = &high.kind
                else {
                    unreachable!()
                };
                self.unit(&unit.get(high.span.end), None).ok().map(Arc::new)
            }
            _ => None,
        };
        (Some(resolved), shown)
    }

    /// The unit of a quantity literal, unless money (`$57.0M` reads better
    /// than `57.0M USD`).
    fn literal_unit(&self, expr: &Expr) -> Option<ResolvedUnit> {
        let ExprKind::Literal {
            unit: Some(unit), ..
        } = &expr.kind
        else {
            return None;
        };
        let resolved = self.unit(&unit.get(expr.span.end), None).ok()?;
        (resolved.dim != crate::units::dimension::D_MONEY).then_some(resolved)
    }

    fn resolve_node_expr(&mut self, id: usize, expr: &Expr) {
        self.deps.clear();
        self.failed_input = None;
        self.node = Some(id);
        let (resolved, shown) = self.top_expr(expr);
        let (deps, bound_deps) = self.take_deps();
        let node = &mut self.plan.nodes[id];
        node.failed_input = self.failed_input.take();
        (node.deps, node.bound_deps) = (deps.into(), bound_deps.into());
        node.ranges = self.ranges.drain(..).collect();
        node.note = resolved.as_ref().and_then(default_note);
        node.body = resolved.map(|expr| Box::new(NodeBody::Expr(expr)));
        node.shown = shown;
    }

    /// The dependencies of what was just resolved, and those of them read
    /// only through `.low`, `.high` or `.mid`.
    fn take_deps(&mut self) -> (Vec<usize>, Vec<usize>) {
        let mut deps = std::mem::take(&mut self.deps);
        let mut bound: Vec<usize> = std::mem::take(&mut self.bound_deps)
            .into_iter()
            .filter(|b| !deps.contains(b))
            .collect();
        bound.sort_unstable();
        bound.dedup();
        deps.extend(bound.iter().copied());
        self.node = None;
        (deps, bound)
    }

    /// `low..high`. A bare number on the left takes the unit of a literal
    /// on the right (`35..45%`).
    fn range(&mut self, low: &Expr, high: &Expr, span: Span) -> Result<RKind, Unresolved> {
        // Negated too (`-5..5%`); the unit keeps the right side's spans.
        let bare_low = match &low.kind {
            ExprKind::Literal { value, unit: None } => Some(*value),
            ExprKind::Negate(inner) => match inner.kind {
                ExprKind::Literal { value, unit: None } => Some(-value),
                _ => None,
            },
            _ => None,
        };
        let low = match (bare_low, &high.kind) {
            (
                Some(value),
                ExprKind::Literal {
                    unit: Some(unit), ..
                },
            ) => self.expr(&Expr {
                kind: ExprKind::Literal {
                    value,
                    unit: Some(UnitSlot::Written(Box::new(
                        unit.get(high.span.end).into_owned(),
                    ))),
                },
                span: low.span,
            })?,
            _ => self.expr(low)?,
        };
        let high = self.expr(high)?;
        let input = self.plan.ranges.len();
        self.plan.ranges.push(RangeInput {
            span,
            node: self.node,
            parameter: None,
        });
        self.ranges.push(input);
        Ok(RKind::Range {
            input,
            low: Box::new(low),
            high: Box::new(high),
        })
    }

    fn expr(&mut self, expr: &Expr) -> Result<RExpr, Unresolved> {
        use super::stack::{RED_ZONE, STACK_SEGMENT};
        stacker::maybe_grow(RED_ZONE, STACK_SEGMENT, || self.expr_here(expr))
    }

    fn expr_here(&mut self, expr: &Expr) -> Result<RExpr, Unresolved> {
        let kind = match &expr.kind {
            ExprKind::Literal { value, unit } => match unit {
                None => RKind::Const(Value::Quantity(Quantity::number(*value))),
                Some(unit) => {
                    let unit = self.unit(&unit.get(expr.span.end), Some(expr.span))?;
                    let base_value = value * unit.factor;
                    if !base_value.is_finite() || (base_value == 0.0 && *value != 0.0) {
                        return Err(ResolveError::QuantityOutOfRange { span: expr.span }.into());
                    }
                    RKind::Const(Value::Quantity(Quantity::new(base_value, unit.dim)))
                }
            },
            ExprKind::Text(text) => RKind::Const(Value::Text(Arc::from(text.as_str()))),
            ExprKind::Bool(flag) => RKind::Const(Value::Bool(*flag)),
            ExprKind::Name(name) => self.name(name, expr.span)?,
            ExprKind::Negate(inner) => RKind::Negate(Box::new(self.expr(inner)?)),
            ExprKind::Chain { first, links } => {
                let first = Box::new(self.expr(first)?);
                // Exactly as many as the chain has: collecting through a
                // `Result` would start at 4.
                let mut resolved = Vec::with_capacity(links.len());
                for link in links {
                    resolved.push(Link {
                        op: link.op,
                        op_span: link.op_span,
                        right: self.expr(&link.right)?,
                    });
                }
                RKind::Chain {
                    first,
                    links: resolved,
                }
            }
            ExprKind::Scaled { expr: inner, unit } => RKind::Scale {
                expr: Box::new(self.expr(inner)?),
                unit: Box::new(self.unit(unit, None)?),
            },
            ExprKind::Convert {
                expr: inner,
                target,
            } => RKind::Convert {
                expr: Box::new(self.expr(inner)?),
                target: Arc::new(ResolvedUnit {
                    explicit: true,
                    ..self.unit(&target.get(expr.span.end), None)?
                }),
            },
            ExprKind::Member { target, member }
                if let (ExprKind::Name(name), Some(end)) =
                    (&target.kind, RangeEnd::from_name(&member.name))
                    && let Some(&node) = self.names.get(name.as_str())
                    && self.plan.nodes[node].kind == NodeKind::Cell
                    && !self
                        .params
                        .as_ref()
                        .is_some_and(|p| p.iter().any(|p| p == name)) =>
            {
                self.bound_deps.push(node);
                RKind::Bound { node, end }
            }
            ExprKind::Range { low, high, .. } => self.range(low, high, expr.span)?,
            ExprKind::Member { target, member } => RKind::Member {
                target: Box::new(self.expr(target)?),
                member: member.clone(),
            },
            ExprKind::Call { callee, args } => self.call(callee, args)?,
            ExprKind::Cluster(cluster) => RKind::Cluster(Box::new(RCluster {
                count: self.expr(&cluster.count)?,
                accelerator: self.expr(&cluster.accelerator)?,
                precision: cluster.precision.as_ref().map(|p| {
                    (
                        Precision::from_name(&p.name).expect("checked by the parser"),
                        p.span,
                    )
                }),
                utilization: match &cluster.utilization {
                    Some(u) => Some(self.expr(u)?),
                    None => None,
                },
            })),
        };
        Ok(RExpr {
            kind,
            span: expr.span,
        })
    }

    fn name(&mut self, name: &str, span: Span) -> Result<RKind, Unresolved> {
        if let Some(params) = &self.params
            && let Some(index) = params.iter().position(|p| p == name)
        {
            return Ok(RKind::Param(index));
        }
        if let Some(&id) = self.names.get(name) {
            self.deps.push(id);
            return Ok(RKind::Node(id));
        }
        if let Some((_, value)) = self.constants.iter().find(|(n, _)| n == name) {
            return Ok(RKind::Const(value.clone()));
        }
        if let Some(&id) = self.accelerators.get(&name.to_lowercase()) {
            self.deps.push(id);
            return Ok(RKind::Node(id));
        }
        if let Some(accelerator) = builtin_accelerator(name) {
            return Ok(RKind::Const(Value::Accelerator(Arc::new(
                accelerator.clone(),
            ))));
        }
        if let Some(model) = preset(name) {
            return Ok(RKind::Const(Value::Model(Arc::new(model))));
        }
        if let Some(unit) = self.plan.units.lookup(name) {
            return Ok(RKind::Const(Value::Quantity(Quantity::new(
                unit.factor,
                unit.dim,
            ))));
        }
        Err(self.unknown_name(name, span).into())
    }

    fn unknown_name(&self, name: &str, span: Span) -> ResolveError {
        if self.function_names.contains_key(name) || builtins::find(name).is_some() {
            return ResolveError::FunctionAsValue {
                span,
                name: name.to_string(),
            };
        }
        // A name misspelt in many cells is looked up once: the suggestion
        // scans every name, so this keeps many errors linear.
        let near = self
            .suggestions
            .borrow_mut()
            .entry(name.to_string())
            .or_insert_with(|| {
                let mut candidates: Vec<&str> = self.names.keys().map(|k| k.as_ref()).collect();
                candidates.extend(builtin_accelerator_names().map(|n| -> &str { n }));
                candidates.extend(preset_names().map(|n| -> &str { n }));
                candidates.extend(self.plan.units.all_names());
                did_you_mean(name, candidates)
            })
            .clone();
        // `A100_80GB` names the chip by its product: suggest that chip.
        let described = crate::knowledge::described_accelerator(name)
            .map(|chip| crate::suggest::DidYouMean(chip.to_string()));
        ResolveError::UnknownName {
            span,
            name: name.to_string(),
            near: described.or(near),
        }
    }

    /// A unit inside a literal or after `->`. `literal` is the span of the
    /// whole quantity literal, when the unit is part of one.
    fn unit(&self, unit: &UnitExpr, literal: Option<Span>) -> Result<ResolvedUnit, Unresolved> {
        let mut factor = 1.0;
        let mut dim = Dimension::NONE;
        for f in unit.factors() {
            if self.plan.units.is_failed(f.name) {
                return Err(Unresolved::UsesFailed(f.name.to_string()));
            }
            let Some(def) = self.plan.units.lookup(f.name) else {
                return Err(self.unknown_unit(f.name, f.span, literal).into());
            };
            factor *= def.factor.powi(f.power);
            dim = def
                .dim
                .pow(f.power)
                .and_then(|d| dim.times(d))
                .ok_or(ResolveError::UnitPowersTooLarge { span: unit.span })?;
        }
        Ok(ResolvedUnit {
            factor,
            dim,
            text: unit.text.clone(),
            span: unit.span,
            explicit: false,
        })
    }

    /// The error for a unit that does not exist, naming the mistake it
    /// most likely is.
    fn unknown_unit(&self, name: &str, span: Span, literal: Option<Span>) -> ResolveError {
        let owned = name.to_string();
        if let Some(chip) = name.strip_prefix('x')
            && (builtin_accelerator(chip).is_some()
                || self.accelerators.contains_key(&chip.to_lowercase()))
        {
            let count = literal
                .map(|s| {
                    self.source[s.start..s.end]
                        .split('x')
                        .next()
                        .unwrap_or("")
                        .trim_end()
                })
                .unwrap_or("8");
            return ResolveError::ClusterWithoutSpace {
                span,
                name: owned,
                count: count.to_string(),
                chip: chip.to_string(),
            };
        }
        if let Some(prefix) = name.strip_suffix("FLOPs")
            && !prefix.is_empty()
        {
            return ResolveError::AmbiguousFlops {
                span,
                prefix: prefix.to_string(),
                name: owned,
            };
        }
        if self.names.contains_key(name) {
            return ResolveError::CellAfterNumber { span, name: owned };
        }
        if builtin_accelerator(name).is_some() {
            return ResolveError::AcceleratorAfterNumber { span, name: owned };
        }
        ResolveError::UnknownUnit {
            span,
            name: owned,
            near: did_you_mean(name, self.plan.units.all_names()),
        }
    }

    fn call(&mut self, callee: &Ident, args: &[Argument]) -> Result<RKind, Unresolved> {
        let mut resolved = Vec::with_capacity(args.len());
        for arg in args {
            resolved.push((arg.keyword.clone(), self.expr(&arg.value)?, arg.value.span));
        }
        if let Some(&index) = self.function_names.get(callee.name.as_str()) {
            if let Some(current) = self.resolving_function
                && index >= current
            {
                return Err(ResolveError::CallsLaterFunction {
                    span: callee.span,
                    name: callee.name.to_string(),
                }
                .into());
            }
            let function = &self.plan.functions[index];
            if function.body.is_none() {
                return Err(Unresolved::UsesFailed(callee.name.to_string()));
            }
            self.deps.extend(function.deps.iter().copied());
            self.ranges.extend(function.ranges.iter().copied());
            let params: Vec<(String, bool)> = function
                .params
                .iter()
                .map(|p| (p.name.to_string(), false))
                .collect();
            let args = bind_arguments(&callee.name, callee.span, &params, resolved)?;
            self.name_range_arguments(params.iter().map(|(name, _)| name.as_str()), &args);
            return Ok(RKind::Call(Box::new(RCall {
                callee: Callee::User(index),
                callee_span: callee.span,
                args,
            })));
        }
        if let Some(builtin) = builtins::find(&callee.name) {
            let params: Vec<(String, bool)> = builtin
                .params
                .iter()
                .map(|p| (p.name.to_string(), p.optional))
                .collect();
            let args = bind_arguments(&callee.name, callee.span, &params, resolved)?;
            self.name_range_arguments(builtin.params.iter().map(|p| p.name), &args);
            self.check_constant_arguments(builtin, &args)?;
            return Ok(RKind::Call(Box::new(RCall {
                callee: Callee::Builtin(builtin),
                callee_span: callee.span,
                args,
            })));
        }
        let mut names: Vec<&str> = self.function_names.keys().map(String::as_str).collect();
        names.extend(builtins::names().map(|n| -> &str { n }));
        if self.names.contains_key(callee.name.as_str()) {
            return Err(ResolveError::CellCalled {
                span: callee.span,
                name: callee.name.to_string(),
            }
            .into());
        }
        Err(ResolveError::UnknownFunction {
            span: callee.span,
            name: callee.name.to_string(),
            near: did_you_mean(&callee.name, names),
        }
        .into())
    }

    /// A range passed straight to a parameter is known by that parameter's
    /// name, so that a tornado can tell two ranges of one call apart.
    fn name_range_arguments<'p>(&mut self, params: impl Iterator<Item = &'p str>, args: &[RArg]) {
        for (param, arg) in params.zip(args) {
            if let RArg::Given(RExpr {
                kind: RKind::Range { input, .. },
                ..
            }) = arg
            {
                self.plan.ranges[*input].parameter = Some(param.to_string());
            }
        }
    }

    /// Constant arguments (`attention = "ful"`, `15.6T tokens`) are checked
    /// against their parameters now, before anything is evaluated.
    fn check_constant_arguments(&self, builtin: &Builtin, args: &[RArg]) -> Result<(), Unresolved> {
        for (param, arg) in builtin.params.iter().zip(args) {
            if let RArg::Given(RExpr {
                kind: RKind::Const(value),
                span,
            }) = arg
            {
                param
                    .takes
                    .check(
                        builtin.name,
                        param.name,
                        value,
                        *span,
                        self.plan.units.base_names(),
                    )
                    .map_err(ResolveError::Argument)?;
            }
        }
        Ok(())
    }

    /// Topological order by depth-first search with an explicit stack, so
    /// long chains of cells cannot exhaust the call stack.
    fn order(&mut self) {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            New,
            Active,
            Done,
        }
        let count = self.plan.nodes.len();
        let mut marks = vec![Mark::New; count];
        let mut in_cycle = vec![false; count];
        let mut order = Vec::with_capacity(count);
        for root in 0..count {
            if marks[root] != Mark::New {
                continue;
            }
            let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
            marks[root] = Mark::Active;
            while let Some(&mut (node, ref mut next)) = stack.last_mut() {
                if let Some(&dep) = self.plan.nodes[node].deps.get(*next) {
                    *next += 1;
                    match marks[dep] {
                        Mark::New => {
                            marks[dep] = Mark::Active;
                            stack.push((dep, 0));
                        }
                        Mark::Active => {
                            let start = stack.iter().position(|(n, _)| *n == dep).unwrap();
                            let members: Vec<usize> =
                                stack[start..].iter().map(|(n, _)| *n).collect();
                            if members.iter().all(|m| !in_cycle[*m]) {
                                self.plan.errors.push(self.cycle_error(&members));
                            }
                            for m in members {
                                in_cycle[m] = true;
                            }
                        }
                        Mark::Done => {}
                    }
                } else {
                    marks[node] = Mark::Done;
                    stack.pop();
                    if !in_cycle[node] {
                        order.push(node);
                    }
                }
            }
        }
        for node in &mut self.plan.nodes {
            let mut deps = std::mem::take(&mut node.deps).into_vec();
            deps.sort_unstable();
            deps.dedup();
            node.deps = deps.into();
        }
        for (id, node) in self.plan.nodes.iter_mut().enumerate() {
            if in_cycle[id] {
                node.body = None;
            }
        }
        self.plan.order = order;
        for assert in &mut self.plan.asserts {
            if assert.shown.is_none()
                && let Some(RExpr {
                    kind: RKind::Node(id),
                    ..
                }) = &assert.left
            {
                assert.shown = self.plan.nodes[*id].shown.clone();
            }
        }
    }

    fn cycle_error(&self, members: &[usize]) -> ResolveError {
        let names: Vec<&str> = members
            .iter()
            .map(|m| self.plan.nodes[*m].name.name.as_str())
            .collect();
        let path = if names.len() == 1 {
            format!("`{}` refers to itself", names[0])
        } else if names.len() > MAX_CYCLE_LABELS {
            format!(
                "{} cells depend on each other in a cycle: {} → … → {} → {}",
                names.len(),
                names[..MAX_CYCLE_LABELS / 2].join(" → "),
                names[names.len() - 1],
                names[0]
            )
        } else {
            format!(
                "cells depend on each other in a cycle: {} → {}",
                names.join(" → "),
                names[0]
            )
        };
        // A label per cell of a long cycle would bury the message (and
        // drawing thousands of labels takes quadratic time).
        let labels = members
            .iter()
            .take(MAX_CYCLE_LABELS)
            .enumerate()
            .map(|(i, m)| {
                let node = &self.plan.nodes[*m];
                let next = names[(i + 1) % names.len()];
                let text = if members.len() == 1 {
                    "uses itself".to_string()
                } else {
                    format!("uses `{next}`")
                };
                LabeledSpan::new_with_span(Some(text), node.name.span)
            })
            .collect();
        ResolveError::Cycle { labels, path }
    }
}

/// The note of a built-in called at the top of a cell with the noted
/// parameter left at its default (`energy(…)` without `power_per_gpu`).
fn default_note(expr: &RExpr) -> Option<&'static str> {
    let expr = match &expr.kind {
        RKind::Convert { expr, .. } => expr,
        _ => expr,
    };
    let RKind::Call(call) = &expr.kind else {
        return None;
    };
    let Callee::Builtin(builtin) = call.callee else {
        return None;
    };
    let (param, note) = builtin.default_note?;
    let index = builtin.params.iter().position(|p| p.name == param)?;
    matches!(call.args.get(index), Some(RArg::Default)).then_some(note)
}

/// A cycle longer than this is labelled at its first cells only.
const MAX_CYCLE_LABELS: usize = 12;

fn duplicate(name: &str, first: Span, second: Span) -> ResolveError {
    ResolveError::Duplicate {
        name: name.to_string(),
        first,
        second,
    }
}

/// Matches positional and keyword arguments to parameters `(name, optional)`.
fn bind_arguments(
    function: &str,
    span: Span,
    params: &[(String, bool)],
    args: Vec<(Option<Ident>, RExpr, Span)>,
) -> Result<Vec<RArg>, ResolveError> {
    let mut bound: Vec<Option<RExpr>> = vec![None; params.len()];
    let mut position = 0;
    let signature = || {
        let list: Vec<String> = params
            .iter()
            .map(|(n, optional)| {
                if *optional {
                    format!("{n} = …")
                } else {
                    n.clone()
                }
            })
            .collect();
        format!("{function}({})", list.join(", "))
    };
    for (keyword, value, arg_span) in args {
        let index = match keyword {
            None => {
                if position >= params.len() {
                    return Err(ResolveError::TooManyArguments {
                        span: arg_span,
                        function: function.to_string(),
                        count: params.len(),
                        signature: signature(),
                    });
                }
                position += 1;
                position - 1
            }
            Some(keyword) => {
                let Some(index) = params.iter().position(|(n, _)| *n == keyword.name) else {
                    let names = params.iter().map(|(n, _)| n.as_str());
                    return Err(ResolveError::UnknownKeyword {
                        span: keyword.span,
                        function: function.to_string(),
                        near: closest(&keyword.name, names).map(str::to_string),
                        keyword: keyword.name.to_string(),
                        signature: signature(),
                    });
                };
                if bound[index].is_some() {
                    return Err(ResolveError::GivenTwice {
                        span: keyword.span,
                        keyword: keyword.name.to_string(),
                        signature: signature(),
                    });
                }
                index
            }
        };
        bound[index] = Some(value);
    }
    bound
        .into_iter()
        .zip(params)
        .map(|(arg, (name, optional))| match arg {
            Some(expr) => Ok(RArg::Given(expr)),
            None if *optional => Ok(RArg::Default),
            None => Err(ResolveError::MissingArgument {
                span,
                function: function.to_string(),
                parameter: name.clone(),
                signature: signature(),
            }),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse_program;

    fn plan(source: &str) -> Plan {
        let parsed = parse_program(source, 0);
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        resolve(
            source,
            &parsed.statements,
            Units::default(),
            &[],
            &parsed.failed,
        )
    }

    fn body<'p>(plan: &'p Plan, name: &str) -> &'p RExpr {
        let node = plan.nodes.iter().find(|n| n.name.name == name).expect(name);
        match node.body.as_deref().expect("resolved") {
            NodeBody::Expr(expr) => expr,
            NodeBody::Record(_) => panic!("{name} is a record"),
        }
    }

    fn node<'p>(plan: &'p Plan, name: &str) -> &'p Node {
        plan.nodes.iter().find(|n| n.name.name == name).expect(name)
    }

    fn id(plan: &Plan, name: &str) -> usize {
        plan.nodes
            .iter()
            .position(|n| n.name.name == name)
            .expect(name)
    }

    #[test]
    fn a_parameter_shadows_a_cell_of_the_same_name() {
        let p = plan("a = 5\nfn f(a) = a * 2\nv = f(1)");
        let body = p.functions[0].body.as_ref().expect("resolved");
        let RKind::Chain { first, .. } = &body.kind else {
            panic!("a product: {body:?}");
        };
        assert!(matches!(first.kind, RKind::Param(0)), "{first:?}");
        assert!(p.functions[0].deps.is_empty());
        assert!(
            node(&p, "v").deps.is_empty(),
            "`v` does not read the cell `a`"
        );
    }

    #[test]
    fn a_caller_depends_on_the_cells_its_function_reads() {
        let p = plan("fn f(n) = n * k\nv = f(1)\nk = 2");
        assert_eq!(*node(&p, "v").deps, [id(&p, "k")]);
        let position = |name: &str| p.order.iter().position(|o| *o == id(&p, name));
        assert!(position("k") < position("v"), "{:?}", p.order);
    }

    #[test]
    fn a_range_in_a_function_is_one_input_shared_by_every_call() {
        let p = plan("fn f(n) = n * (1..2)\na = f(1)\nb = f(3)");
        assert_eq!(p.ranges.len(), 1);
        assert_eq!(*node(&p, "a").ranges, [0]);
        assert_eq!(*node(&p, "b").ranges, [0]);
    }

    #[test]
    fn a_bound_of_a_range_cell_is_a_point_not_a_range() {
        let p = plan("r = 1..3\nlow = r.low\nboth = r + r.high");
        let r = id(&p, "r");
        assert!(matches!(
            body(&p, "low").kind,
            RKind::Bound { node, end: RangeEnd::Low } if node == r
        ));
        let low = node(&p, "low");
        assert_eq!((&*low.deps, &*low.bound_deps), (&[r][..], &[r][..]));
        // Read as a value too, the range feeds it.
        assert!(node(&p, "both").bound_deps.is_empty());
        assert_eq!(*node(&p, "both").deps, [r]);
    }

    #[test]
    fn a_conversion_at_the_top_is_the_unit_a_cell_is_shown_in() {
        let p = plan("t = 90 min -> h\nmfu = 38%\nplain = 2 h");
        let shown = |name: &str| {
            node(&p, name)
                .shown
                .as_deref()
                .map(|u| (u.text.clone(), u.explicit))
        };
        assert_eq!(shown("t"), Some(("h".into(), true)));
        assert_eq!(shown("mfu"), Some(("%".into(), false)));
        assert_eq!(shown("plain"), None);
    }

    #[test]
    fn statements_handed_over_plan_as_statements_borrowed() {
        let source = "fn f(n) = n * k\nk = 2 h\nv = f(1) -> min\nassert v > 0 s\nr = 1..2";
        let parsed = parse_program(source, 0);
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        let borrowed = resolve(source, &parsed.statements, Units::default(), &[], &[]);
        let owned = resolve(source, parsed.statements, Units::default(), &[], &[]);
        assert_eq!(
            format!("{:?}", owned.nodes),
            format!("{:?}", borrowed.nodes)
        );
        assert_eq!(
            format!("{:?}", owned.asserts),
            format!("{:?}", borrowed.asserts)
        );
        assert_eq!(owned.order, borrowed.order);
    }

    #[test]
    fn a_cell_shadows_an_accelerator_which_shadows_a_unit() {
        let p = plan("H100 = 3\nuses_cell = H100\nuses_unit = h");
        assert!(matches!(body(&p, "uses_cell").kind, RKind::Node(_)));
        let p = plan("uses_chip = A100");
        assert!(matches!(
            &body(&p, "uses_chip").kind,
            RKind::Const(Value::Accelerator(_))
        ));
        assert!(matches!(
            &body(&plan("t = h").clone(), "t").kind,
            RKind::Const(Value::Quantity(q)) if q.value == 3600.0
        ));
    }

    #[test]
    fn cells_in_any_order_come_out_in_dependency_order() {
        let p = plan("c = b + 1\nb = a * 2\na = 1");
        let position = |name: &str| {
            let id = p.nodes.iter().position(|n| n.name.name == name).unwrap();
            p.order.iter().position(|o| *o == id).unwrap()
        };
        assert!(position("a") < position("b") && position("b") < position("c"));
    }

    #[test]
    fn a_use_of_a_failed_definition_is_skipped_without_an_error() {
        // A unit whose declaration did not parse still claims its name.
        let source = "unit EUR = (1 +\nprice = 3 EUR\nother = 2 USD";
        let parsed = parse_program(source, 0);
        assert_eq!(parsed.errors.len(), 1);
        let p = resolve(
            source,
            &parsed.statements,
            Units::default(),
            &[],
            &parsed.failed,
        );
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        let price = p.nodes.iter().find(|n| n.name.name == "price").unwrap();
        assert!(price.body.is_none());
        assert_eq!(price.failed_input.as_deref(), Some("EUR"));
        assert!(body(&p, "other").span.start > 0);
    }

    #[test]
    fn keyword_arguments_bind_by_name_and_defaults_stay_default() {
        let p = plan("f = energy(8 x H100, pue = 1.2, time = 1 h)");
        let RKind::Call(call) = &body(&p, "f").kind else {
            panic!("a call");
        };
        let args = &call.args;
        // energy(cluster, time, pue, power_per_gpu)
        assert!(matches!(args[0], RArg::Given(_)));
        assert!(matches!(&args[1], RArg::Given(e) if matches!(e.kind, RKind::Const(_))));
        assert!(matches!(args[2], RArg::Given(_)));
        assert!(matches!(args[3], RArg::Default));
        let node = p.nodes.iter().find(|n| n.name.name == "f").unwrap();
        assert!(node.note.is_some(), "the default power is noted");
    }

    #[test]
    fn a_constant_argument_is_checked_before_evaluation() {
        let p = plan("c = train_flops(70B params, 1T tokens, attention = \"ful\")");
        assert!(matches!(
            p.errors.as_slice(),
            [ResolveError::Argument(e)] if e.to_string() == "unknown attention \"ful\""
        ));
        // A computed argument is left to evaluation.
        let p = plan("a = \"ful\"\nc = train_flops(70B params, 1T tokens, attention = a)");
        assert!(p.errors.is_empty(), "{:?}", p.errors);
    }

    #[test]
    fn a_function_may_call_only_the_functions_above_it() {
        let p = plan("fn g(a) = f(a)\nfn f(a) = a");
        assert!(matches!(
            p.errors.as_slice(),
            [ResolveError::CallsLaterFunction { name, .. }] if name == "f"
        ));
    }

    #[test]
    fn a_cycle_is_reported_once_and_its_cells_are_not_planned() {
        let p = plan("a = b\nb = c\nc = a\nd = 1");
        assert_eq!(p.errors.len(), 1);
        assert!(matches!(&p.errors[0], ResolveError::Cycle { labels, .. } if labels.len() == 3));
        assert_eq!(p.order.len(), 1, "only `d` is evaluated");
    }

    /// Chains hold exactly their links, in the tree and in the plan: a
    /// chain of 2 links holding room for 4 made a large sheet's peak
    /// memory a third larger.
    #[test]
    fn chains_hold_no_spare_room() {
        let source = "a = 1\nv = a + 2 * a * 3 - a / 4 + 5\nw = (a + 1) * (a + 2)";
        let parsed = parse_program(source, 0);
        fn links(expr: &crate::syntax::ast::Expr, out: &mut Vec<(usize, usize)>) {
            if let ExprKind::Chain {
                first,
                links: chain,
            } = &expr.kind
            {
                out.push((chain.len(), chain.capacity()));
                links(first, out);
                for link in chain {
                    links(&link.right, out);
                }
            }
        }
        let mut tree = Vec::new();
        for statement in &parsed.statements {
            if let StatementKind::Cell { expr, .. } = &statement.kind {
                links(expr, &mut tree);
            }
        }
        assert!(tree.len() >= 4, "{tree:?}");
        assert!(tree.iter().all(|(len, cap)| len == cap), "tree: {tree:?}");
        let p = plan(source);
        fn resolved(expr: &RExpr, out: &mut Vec<(usize, usize)>) {
            if let RKind::Chain { first, links } = &expr.kind {
                out.push((links.len(), links.capacity()));
                resolved(first, out);
                for link in links {
                    resolved(&link.right, out);
                }
            }
        }
        let mut planned = Vec::new();
        resolved(body(&p, "v"), &mut planned);
        assert_eq!(planned, [(3, 3), (2, 2), (1, 1)]);
    }
}
