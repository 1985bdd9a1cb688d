//! Names → plan → values: resolution, unit checking and evaluation.

pub mod argument_error;
pub mod builtins;
pub mod eval_error;
pub mod evaluate;
pub mod hints;
pub mod records;
pub mod resolve;
pub mod resolve_error;
pub mod value;

pub use eval_error::EvalError;
pub use evaluate::{AssertOutcome, Outcome, evaluate};
pub use resolve::{NodeKind, Plan, ResolvedUnit, resolve};
pub use resolve_error::{ResolveError, Unresolved};
pub use value::{Cluster, Value};
