//! Names → plan → values: resolution, unit checking and evaluation.

pub mod argument_error;
pub mod builtins;
pub mod declarations;
pub mod eval_error;
pub mod evaluate;
pub mod hints;
pub mod notes;
pub mod plan;
pub mod ranges;
pub mod records;
pub mod resolve;
pub mod resolve_error;
mod stack;
pub mod value;

pub use declarations::{DeclarationError, declare_units};
pub use eval_error::EvalError;
pub use evaluate::{AssertOutcome, Outcome, evaluate, evaluate_reusing};
pub use plan::{NodeKind, Plan, ResolvedUnit};
pub use resolve::resolve;
pub use resolve_error::{ResolveError, Unresolved};
pub use value::{Cluster, Value};
