//! The plan: what resolution hands to evaluation. Every name is bound to
//! a slot (a node, a parameter, a constant), every unit to its factor and
//! dimension, every call to its callee with one argument per parameter;
//! nodes come in dependency order. Plain data: resolution writes it,
//! evaluation and sweeps read it.

use super::builtins::Builtin;
use super::resolve_error::ResolveError;
use super::value::Value;
use crate::knowledge::accelerator::Precision;
use crate::span::Span;
use crate::syntax::ast::{Comparison, Ident, Link};
use crate::units::{Dimension, Units};
use crate::vocabulary::named_enum;

/// A unit as resolved: how many base units it is, and its dimension.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedUnit {
    pub factor: f64,
    pub dim: Dimension,
    /// As written, for display (`TFLOPS/GPU`): a built-in unit's name is
    /// the unit table's own text, not a copy per use.
    pub text: std::borrow::Cow<'static, str>,
    pub span: Span,
    /// Asked for with `->`: the value is shown in exactly this unit, never
    /// with a magnitude suffix (not so for a unit taken from a literal).
    pub explicit: bool,
}

#[derive(Debug, Clone)]
pub struct RExpr {
    pub kind: RKind,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum RKind {
    Const(Value),
    Node(usize),
    Param(usize),
    Negate(Box<RExpr>),
    /// Operands combined left to right (`syntax::ast::ExprKind::Chain`).
    Chain {
        first: Box<RExpr>,
        links: Vec<Link<RExpr>>,
    },
    // Units, calls and clusters are boxed: every node of the tree is as
    // large as the largest kind, and most nodes are names, constants and
    // operators.
    Scale {
        expr: Box<RExpr>,
        unit: Box<ResolvedUnit>,
    },
    /// The target is explicit (written after `->`) and shared with the
    /// node that shows its value in it.
    Convert {
        expr: Box<RExpr>,
        target: std::sync::Arc<ResolvedUnit>,
    },
    Member {
        target: Box<RExpr>,
        member: Box<Ident>,
    },
    Call(Box<RCall>),
    Cluster(Box<RCluster>),
    /// `low..high`: input `input` of the plan's ranges.
    Range {
        input: usize,
        low: Box<RExpr>,
        high: Box<RExpr>,
    },
    /// `cell.low`, `cell.high`, `cell.mid`: a point read off a cell's range.
    Bound {
        node: usize,
        end: RangeEnd,
    },
}

/// A call, with one argument per parameter.
#[derive(Debug, Clone)]
pub struct RCall {
    pub callee: Callee,
    pub callee_span: Span,
    /// One per parameter, in the callee's order (defaults filled in).
    pub args: Vec<RArg>,
}

/// `COUNT x ACCELERATOR[:PRECISION] @ UTILIZATION`.
#[derive(Debug, Clone)]
pub struct RCluster {
    pub count: RExpr,
    pub accelerator: RExpr,
    pub precision: Option<(Precision, Span)>,
    pub utilization: Option<RExpr>,
}

named_enum! {
    /// Which end of a range a corner takes, or a member reads (the words
    /// are the members `.low`, `.high`, `.mid`).
    pub enum RangeEnd {
        Low => "low",
        High => "high",
        Mid => "mid",
    }
}

/// One range literal: an independent uncertain input (SPEC §2.6).
#[derive(Debug, Clone)]
pub struct RangeInput {
    pub span: Span,
    /// The node whose formula holds it (`None` inside an assert or a
    /// function body).
    pub node: Option<usize>,
    /// The parameter it is passed to when it stands alone as an argument
    /// (`checkpoint = 30 s..60 s`), which tells apart two ranges of one cell.
    pub parameter: Option<String>,
}

#[derive(Debug, Clone)]
pub enum RArg {
    Given(RExpr),
    Default,
}

#[derive(Debug, Clone, Copy)]
pub enum Callee {
    Builtin(&'static Builtin),
    User(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NodeKind {
    Cell,
    /// A bare expression statement: shown, never referenced.
    Expression,
    Accelerator,
    Model,
}

#[derive(Debug, Clone)]
pub enum NodeBody {
    Expr(RExpr),
    Record(Vec<(Ident, RExpr)>),
}

#[derive(Debug, Clone)]
pub struct Node {
    pub name: Ident,
    pub kind: NodeKind,
    /// `None` when resolution failed (the error is in the plan's list).
    /// Boxed: every node is made, bodiless, while the whole syntax tree is
    /// still alive (the sheet's peak of memory), and a body is half a node.
    pub body: Option<Box<NodeBody>>,
    /// Unit to show the value in, from a top-level `->`.
    pub shown: Option<std::sync::Arc<ResolvedUnit>>,
    /// An input whose definition failed; the node is skipped quietly.
    pub failed_input: Option<String>,
    /// What the reader should know about how the value was computed.
    pub note: Option<&'static str>,
    // Exactly as many as there are (boxed slices): a node is made per cell.
    pub deps: Box<[usize]>,
    /// Range literals in the node's own formula (and the functions it calls).
    pub ranges: Box<[usize]>,
    /// Dependencies read only through `.low`, `.high` or `.mid`: points,
    /// so their ranges do not feed this node.
    pub bound_deps: Box<[usize]>,
    pub span: Span,
}

impl Node {
    /// A node whose body is resolved later (or never, if it fails).
    pub(super) fn new(name: Ident, kind: NodeKind, span: Span) -> Node {
        Node {
            name,
            kind,
            body: None,
            shown: None,
            failed_input: None,
            note: None,
            deps: Box::default(),
            ranges: Box::default(),
            bound_deps: Box::default(),
            span,
        }
    }
}

#[derive(Debug, Clone)]
pub struct PlannedAssert {
    pub left: Option<RExpr>,
    pub right: Option<RExpr>,
    /// One unit both sides are shown in, so they read side by side: a
    /// `->` on either side, else the unit of a literal side, else the unit
    /// of a cell the left side names.
    pub shown: Option<std::sync::Arc<ResolvedUnit>>,
    pub comparison: Comparison,
    pub message: Option<String>,
    pub span: Span,
    pub deps: Vec<usize>,
    pub ranges: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct PlannedFunction {
    pub name: Ident,
    pub params: Vec<Ident>,
    pub body: Option<RExpr>,
    /// Cells the body uses: every caller depends on them.
    pub deps: Vec<usize>,
    /// Range literals in the body: every call shares them.
    pub ranges: Vec<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub nodes: Vec<Node>,
    /// Nodes in evaluation order; nodes in a cycle are left out.
    pub order: Vec<usize>,
    pub asserts: Vec<PlannedAssert>,
    pub functions: Vec<PlannedFunction>,
    /// Every range literal, in the order resolved.
    pub ranges: Vec<RangeInput>,
    pub units: Units,
    pub errors: Vec<ResolveError>,
}

// A plan holds a node per cell and a few expressions per node, so their
// sizes are its memory per cell (issue 8: at most 1 KB per cell); these
// keep a new variant or field from growing all of them.
// An expression node is 56 bytes, as a syntax tree node is: the tree a
// statement is resolved into can take the memory of the tree it came from.
const _: () = assert!(std::mem::size_of::<RExpr>() <= 56);
const _: () = assert!(std::mem::size_of::<Node>() <= 168);
