//! The typed syntax tree: what the parser hands to name resolution.

use std::borrow::Cow;

pub use compact_str::CompactString;

use crate::span::Span;

#[derive(Debug, Clone, PartialEq)]
pub struct Ident {
    /// Inline up to 24 bytes: most names are short, and a heap copy of
    /// each (32 bytes with its header) was a tenth of a sheet's memory.
    pub name: CompactString,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub kind: StatementKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum StatementKind {
    Cell {
        name: Ident,
        expr: Expr,
    },
    /// Boxed, as the largest and rarest statement: every statement is as
    /// large as its largest kind.
    Assert(Box<Assertion>),
    Unit {
        name: Ident,
        definition: Option<Expr>,
    },
    Accelerator(Record),
    Model(Record),
    Function {
        name: Ident,
        params: Vec<Ident>,
        body: Box<Expr>,
    },
    Expr(Expr),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Assertion {
    pub left: Expr,
    pub comparison: Comparison,
    pub comparison_span: Span,
    pub right: Expr,
    pub message: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    Equal,
    NotEqual,
}

impl Comparison {
    pub fn symbol(self) -> &'static str {
        match self {
            Comparison::Less => "<",
            Comparison::LessEqual => "<=",
            Comparison::Greater => ">",
            Comparison::GreaterEqual => ">=",
            Comparison::Equal => "==",
            Comparison::NotEqual => "!=",
        }
    }

    /// Whether the comparison holds. Equality allows a relative difference
    /// of 1e-9, so `0.1 + 0.2 == 0.3` and unit conversions compare equal.
    pub fn holds(self, left: f64, right: f64) -> bool {
        let equal = left == right || (left - right).abs() <= 1e-9 * left.abs().max(right.abs());
        match self {
            Comparison::Less => left < right && !equal,
            Comparison::LessEqual => left <= right || equal,
            Comparison::Greater => left > right && !equal,
            Comparison::GreaterEqual => left >= right || equal,
            Comparison::Equal => equal,
            Comparison::NotEqual => !equal,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub name: Ident,
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: Ident,
    pub expr: Expr,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

/// Units and the names of calls and members are boxed: every node of the
/// tree is as large as its largest kind, and most nodes are numbers, names
/// and operators.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// A number, a quantity literal (`405B params`) or money (`$2/GPU/h`).
    Literal {
        value: f64,
        unit: Option<UnitSlot>,
    },
    Text(String),
    Bool(bool),
    Name(CompactString),
    Negate(Box<Expr>),
    /// Operands combined left to right: `a + b - c`, `a * b / c`, `a ^ b`.
    /// A flat run of operators of one precedence is one node however long
    /// it is (`1 + 1 + … + 1`), so no stage recurses once per operator and
    /// the tree's depth is the expression's true nesting. `^` groups to the
    /// right: `a ^ b ^ c` is `a` with one link whose operand is `b ^ c`.
    Chain {
        first: Box<Expr>,
        links: Vec<Link>,
    },
    /// `(a + b) h`
    Scaled {
        expr: Box<Expr>,
        unit: Box<UnitExpr>,
    },
    Convert {
        expr: Box<Expr>,
        target: UnitSlot,
    },
    Member {
        target: Box<Expr>,
        member: Box<Ident>,
    },
    Call {
        callee: Box<Ident>,
        args: Vec<Argument>,
    },
    Cluster(Box<ClusterExpr>),
    /// `LOW..HIGH`, an uncertain input (SPEC §2.6).
    Range {
        low: Box<Expr>,
        high: Box<Expr>,
        dots: Span,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    Add,
    Sub,
    Mul,
    Div,
    Pow,
}

impl BinaryOp {
    /// Operators of one precedence level, which a flat chain may mix
    /// (`^` is right-associative and never chains).
    pub fn level(self) -> u8 {
        match self {
            BinaryOp::Add | BinaryOp::Sub => 1,
            BinaryOp::Mul | BinaryOp::Div => 2,
            BinaryOp::Pow => 3,
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
            BinaryOp::Pow => "^",
        }
    }
}

/// One operator of a chain and its right operand; the left operand is
/// everything before it in the chain. Generic so that the resolved plan
/// (`eval::plan`) chains its own expressions the same way.
#[derive(Debug, Clone, PartialEq)]
pub struct Link<E = Expr> {
    pub op: BinaryOp,
    pub op_span: Span,
    pub right: E,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Argument {
    pub keyword: Option<Ident>,
    pub value: Expr,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ClusterExpr {
    pub count: Expr,
    pub accelerator: Expr,
    pub precision: Option<Ident>,
    pub utilization: Option<Expr>,
}

/// A unit as written: factors with integer powers (`/` gives negative ones).
/// Names of built-in units are the unit table's own text, not a copy per
/// use (a sheet writes `GPU` and `h` thousands of times).
#[derive(Debug, Clone, PartialEq)]
pub struct UnitExpr {
    factors: Factors,
    /// The unit as written, without spaces, for display (`TFLOPS/GPU`).
    pub text: Cow<'static, str>,
    pub span: Span,
}

/// The unit that ends an expression: a quantity literal's (`3 days`) or a
/// conversion's target (`-> days`).
#[derive(Debug, Clone, PartialEq)]
pub enum UnitSlot {
    /// A built-in unit of one name, which ends where the expression does:
    /// its text is the unit table's and its span follows from the
    /// expression's, so nothing is allocated (most units are these).
    Named(&'static str),
    Written(Box<UnitExpr>),
}

impl UnitSlot {
    /// `unit`, written at the end of an expression that ends at `end`.
    pub fn new(unit: Box<UnitExpr>, end: usize) -> UnitSlot {
        match (&unit.factors, &unit.text) {
            (Factors::Single, Cow::Borrowed(name))
                if unit.span.end == end && unit.span.end - unit.span.start == name.len() =>
            {
                UnitSlot::Named(name)
            }
            _ => UnitSlot::Written(unit),
        }
    }

    /// The unit, in the expression that ends at `end`.
    pub fn get(&self, end: usize) -> Cow<'_, UnitExpr> {
        match self {
            UnitSlot::Named(name) => Cow::Owned(UnitExpr {
                factors: Factors::Single,
                text: Cow::Borrowed(name),
                span: Span::new(end - name.len(), end),
            }),
            UnitSlot::Written(unit) => Cow::Borrowed(unit),
        }
    }

    /// The unit as written, without spaces (`TFLOPS/GPU`).
    pub fn text(&self) -> &str {
        match self {
            UnitSlot::Named(name) => name,
            UnitSlot::Written(unit) => &unit.text,
        }
    }
}

/// Most units are one name to the first power (`days`, `GPU`): that factor
/// is the unit's own text and span, so it is not stored again (a list of
/// one cost 64 bytes a literal, on a sheet of thousands of literals).
#[derive(Debug, Clone, PartialEq)]
enum Factors {
    Single,
    Compound(Box<[UnitFactor]>),
}

/// One factor of a unit, as [`UnitExpr::factors`] gives it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Factor<'a> {
    pub name: &'a str,
    pub power: i32,
    pub span: Span,
}

impl UnitExpr {
    pub fn new(factors: Vec<UnitFactor>, text: Cow<'static, str>, span: Span) -> UnitExpr {
        let factors = match &factors[..] {
            [only] if only.power == 1 && only.span == span && only.name == text => Factors::Single,
            _ => Factors::Compound(factors.into_boxed_slice()),
        };
        UnitExpr {
            factors,
            text,
            span,
        }
    }

    /// The factors in the order written.
    pub fn factors(&self) -> impl Iterator<Item = Factor<'_>> {
        let (single, listed): (Option<Factor>, &[UnitFactor]) = match &self.factors {
            Factors::Single => (
                Some(Factor {
                    name: &self.text,
                    power: 1,
                    span: self.span,
                }),
                &[],
            ),
            Factors::Compound(factors) => (None, factors),
        };
        single.into_iter().chain(listed.iter().map(|f| Factor {
            name: &f.name,
            power: f.power,
            span: f.span,
        }))
    }

    /// Moves every span by `shift` (see `syntax::relocate`).
    pub(crate) fn shift_spans(&mut self, shift: impl Fn(&mut Span)) {
        shift(&mut self.span);
        if let Factors::Compound(factors) = &mut self.factors {
            factors.iter_mut().for_each(|f| shift(&mut f.span));
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnitFactor {
    pub name: Cow<'static, str>,
    pub power: i32,
    pub span: Span,
}

// A sheet holds one statement per line and a few expressions per
// statement, so their sizes are its memory per cell (issue 8: at most 1 KB
// per cell); these keep a new variant from growing all of them.
const _: () = assert!(std::mem::size_of::<Statement>() <= 120);
const _: () = assert!(std::mem::size_of::<Expr>() <= 56);
