//! A parsed statement moved to where the same text now stands: the
//! incremental parse of an edited sheet reuses the trees of statements
//! whose text did not change, and only their spans move.

use super::ast::{
    Argument, Expr, ExprKind, Ident, Record, Statement, StatementKind, UnitExpr, UnitSlot,
};
use crate::span::Span;

impl Statement {
    /// This statement as if it had been parsed from the same text starting
    /// at byte `start`.
    pub fn relocated(&self, start: usize) -> Statement {
        let mut moved = self.clone();
        let shift = Shift {
            from: self.span.start,
            to: start,
        };
        shift.statement(&mut moved);
        moved
    }
}

struct Shift {
    from: usize,
    to: usize,
}

impl Shift {
    fn span(&self, span: &mut Span) {
        *span = Span::new(
            span.start - self.from + self.to,
            span.end - self.from + self.to,
        );
    }

    fn ident(&self, ident: &mut Ident) {
        self.span(&mut ident.span);
    }

    fn statement(&self, statement: &mut Statement) {
        self.span(&mut statement.span);
        match &mut statement.kind {
            StatementKind::Cell { name, expr } => {
                self.ident(name);
                self.expr(expr);
            }
            StatementKind::Assert(assertion) => {
                self.expr(&mut assertion.left);
                self.span(&mut assertion.comparison_span);
                self.expr(&mut assertion.right);
            }
            StatementKind::Unit { name, definition } => {
                self.ident(name);
                if let Some(expr) = definition {
                    self.expr(expr);
                }
            }
            StatementKind::Accelerator(record) | StatementKind::Model(record) => {
                self.record(record)
            }
            StatementKind::Function { name, params, body } => {
                self.ident(name);
                params.iter_mut().for_each(|p| self.ident(p));
                self.expr(body);
            }
            StatementKind::Expr(expr) => self.expr(expr),
        }
    }

    fn record(&self, record: &mut Record) {
        self.ident(&mut record.name);
        for field in &mut record.fields {
            self.ident(&mut field.name);
            self.expr(&mut field.expr);
        }
    }

    fn unit(&self, unit: &mut UnitExpr) {
        unit.shift_spans(|span| self.span(span));
    }

    /// Iterative over the tree's nodes: a 300-deep expression needs no
    /// deep stack here.
    fn expr(&self, root: &mut Expr) {
        let mut pending: Vec<&mut Expr> = vec![root];
        while let Some(expr) = pending.pop() {
            self.span(&mut expr.span);
            match &mut expr.kind {
                ExprKind::Literal { unit, .. } => {
                    if let Some(UnitSlot::Written(unit)) = unit {
                        self.unit(unit);
                    }
                }
                ExprKind::Text(_) | ExprKind::Bool(_) | ExprKind::Name(_) => {}
                ExprKind::Negate(inner) => pending.push(inner),
                ExprKind::Chain { first, links } => {
                    pending.push(first);
                    for link in links {
                        self.span(&mut link.op_span);
                        pending.push(&mut link.right);
                    }
                }
                ExprKind::Scaled { expr, unit }
                | ExprKind::Convert {
                    expr,
                    target: UnitSlot::Written(unit),
                } => {
                    self.unit(unit);
                    pending.push(expr);
                }
                ExprKind::Convert {
                    expr,
                    target: UnitSlot::Named(_),
                } => pending.push(expr),
                ExprKind::Member { target, member } => {
                    self.ident(member);
                    pending.push(target);
                }
                ExprKind::Call { callee, args } => {
                    self.ident(callee);
                    for Argument { keyword, value } in args {
                        if let Some(keyword) = keyword {
                            self.ident(keyword);
                        }
                        pending.push(value);
                    }
                }
                ExprKind::Cluster(cluster) => {
                    if let Some(precision) = &mut cluster.precision {
                        self.ident(precision);
                    }
                    pending.push(&mut cluster.count);
                    pending.push(&mut cluster.accelerator);
                    if let Some(utilization) = &mut cluster.utilization {
                        pending.push(utilization);
                    }
                }
                ExprKind::Range { low, high, dots } => {
                    self.span(dots);
                    pending.push(low);
                    pending.push(high);
                }
            }
        }
    }
}
