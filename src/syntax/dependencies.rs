//! What a statement defines and which names it reads, from its syntax
//! alone: the REPL's preview and the incremental evaluation of an edited
//! sheet both decide from these what an edit can affect.

use super::ast::{Expr, ExprKind, Ident, Statement, StatementKind};

impl Statement {
    /// The name a cell, function, record or unit statement defines.
    pub fn defined_name(&self) -> Option<&str> {
        match &self.kind {
            StatementKind::Cell { name, .. } | StatementKind::Function { name, .. } => {
                Some(&name.name)
            }
            StatementKind::Model(r) | StatementKind::Accelerator(r) => Some(&r.name.name),
            StatementKind::Unit { name, .. } => Some(&name.name),
            StatementKind::Assert(_) | StatementKind::Expr(_) => None,
        }
    }

    /// The names the statement reads: cells, records, constants and
    /// functions (a function's parameters excluded; units written after a
    /// number are not names). Iterative: a deep expression needs no stack.
    pub fn uses(&self) -> Vec<&str> {
        let mut exprs: Vec<&Expr> = Vec::new();
        let mut params: &[Ident] = &[];
        match &self.kind {
            StatementKind::Cell { expr, .. } | StatementKind::Expr(expr) => exprs.push(expr),
            StatementKind::Assert(a) => exprs.extend([&a.left, &a.right]),
            StatementKind::Unit { definition, .. } => exprs.extend(definition),
            StatementKind::Accelerator(r) | StatementKind::Model(r) => {
                exprs.extend(r.fields.iter().map(|f| &f.expr));
            }
            StatementKind::Function {
                params: p, body, ..
            } => {
                params = p;
                exprs.push(body);
            }
        }
        let mut names = Vec::new();
        while let Some(expr) = exprs.pop() {
            match &expr.kind {
                ExprKind::Literal { .. } | ExprKind::Text(_) | ExprKind::Bool(_) => {}
                ExprKind::Name(name) => names.push(name.as_str()),
                ExprKind::Negate(e)
                | ExprKind::Scaled { expr: e, .. }
                | ExprKind::Convert { expr: e, .. }
                | ExprKind::Member { target: e, .. } => exprs.push(e),
                ExprKind::Chain { first, links } => {
                    exprs.push(first);
                    exprs.extend(links.iter().map(|l| &l.right));
                }
                ExprKind::Range { low, high, .. } => exprs.extend([&**low, &**high]),
                ExprKind::Call { callee, args } => {
                    names.push(callee.name.as_str());
                    exprs.extend(args.iter().map(|a| &a.value));
                }
                ExprKind::Cluster(c) => {
                    exprs.extend([&c.count, &c.accelerator]);
                    exprs.extend(&c.utilization);
                }
            }
        }
        names.retain(|n| !params.iter().any(|p| p.name == *n));
        names
    }
}
