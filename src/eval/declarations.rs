//! `unit NAME [= expr]` declarations, the stage before resolution: the
//! units a sheet declares, in source order. Each definition is a small
//! sheet of its own, resolved and evaluated with the units declared before
//! it.

use super::evaluate::{Outcome, evaluate};
use super::resolve::resolve;
use super::{EvalError, ResolveError};
use crate::syntax::FailedDefinition;
use crate::syntax::ast::{Statement, StatementKind};
use crate::units::registry::DeclareError;
use crate::units::{UnitDef, Units};

/// A declaration that failed, found when resolving or computing it.
#[derive(Debug, Clone, PartialEq)]
pub enum DeclarationError {
    Resolve(ResolveError),
    Eval(EvalError),
}

/// The sheet's units: the built-in ones and those its statements declare.
/// A failed declaration still claims its name, so its users are skipped
/// quietly.
pub fn declare_units(
    source: &str,
    statements: &[Statement],
    failed: &[FailedDefinition],
) -> (Units, Vec<DeclarationError>) {
    let mut units = Units::default();
    let mut errors = Vec::new();
    for statement in statements {
        let StatementKind::Unit { name, definition } = &statement.kind else {
            continue;
        };
        if Units::is_built_in(&name.name) {
            errors.push(DeclarationError::Resolve(
                ResolveError::BuiltinUnitRedeclared {
                    span: name.span,
                    name: name.name.to_string(),
                },
            ));
            continue;
        }
        let Some(expr) = definition else {
            if units.declare_base(&name.name) == Err(DeclareError::TooManyBases) {
                errors.push(DeclarationError::Resolve(ResolveError::TooManyBaseUnits {
                    span: name.span,
                    name: name.name.to_string(),
                    limit: crate::units::dimension::USER_BASES,
                }));
            }
            continue;
        };
        let single = [Statement {
            kind: StatementKind::Expr(expr.clone()),
            span: expr.span,
        }];
        let plan = resolve(source, &single, units.clone(), &[], failed);
        if let Some(error) = plan.errors.first() {
            errors.push(DeclarationError::Resolve(error.clone()));
            units.mark_failed(&name.name);
            continue;
        }
        let (outcomes, _) = evaluate(&plan);
        match &outcomes[0] {
            Outcome::Value(value) => match value.as_quantity() {
                Some(q) if q.value != 0.0 => units.declare(
                    &name.name,
                    UnitDef {
                        factor: q.value,
                        dim: q.dim,
                    },
                ),
                _ => {
                    units.mark_failed(&name.name);
                    errors.push(DeclarationError::Resolve(ResolveError::UnitNotAQuantity {
                        span: expr.span,
                        name: name.name.to_string(),
                    }));
                }
            },
            Outcome::Error(error) => {
                units.mark_failed(&name.name);
                errors.push(DeclarationError::Eval(error.as_ref().clone()));
            }
            _ => units.mark_failed(&name.name),
        }
    }
    (units, errors)
}
