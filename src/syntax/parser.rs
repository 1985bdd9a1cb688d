//! pest pairs → the typed syntax tree of `ast`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use pest::Parser as _;
use pest::iterators::{Pair, Pairs};
use pest::pratt_parser::{Assoc, Op, PrattParser};

use super::ast::*;
use super::brackets;
use super::error::SyntaxError;
use super::expected::syntax_error;
use super::lexicon;
use super::number::parse_number;
use crate::knowledge::accelerator::Precision;
use crate::span::Span;
use crate::units::Units;
use crate::vocabulary::Named;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/llmc.pest"]
pub struct LlmcParser;

/// Deeper trees than this are rejected, so that every later stage can walk
/// them recursively on a small stack. A flat chain of operators is one
/// level (`ExprKind::Chain`): only true nesting counts — brackets, right
/// operands of `^`, unary minus, arguments of calls.
pub const MAX_EXPR_DEPTH: usize = 300;

static PRATT: LazyLock<PrattParser<Rule>> = LazyLock::new(|| {
    PrattParser::new()
        .op(Op::infix(Rule::add, Assoc::Left) | Op::infix(Rule::sub, Assoc::Left))
        .op(Op::infix(Rule::mul, Assoc::Left) | Op::infix(Rule::div, Assoc::Left))
        .op(Op::prefix(Rule::neg))
        .op(Op::infix(Rule::pow, Assoc::Right))
});

/// What a source parsed into.
#[derive(Debug, Default)]
pub struct Parsed {
    pub statements: Vec<Statement>,
    pub errors: Vec<SyntaxError>,
    /// Names whose definitions did not parse: their users are skipped
    /// quietly instead of reporting them as unknown.
    pub failed: Vec<FailedDefinition>,
}

/// What a failed definition was defining.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefinitionKind {
    Cell,
    Unit,
    Function,
    Model,
    Accelerator,
}

/// A definition that did not parse, as far as its name can be read.
#[derive(Debug, Clone, PartialEq)]
pub struct FailedDefinition {
    pub name: Ident,
    pub kind: DefinitionKind,
    /// The whole statement.
    pub span: Span,
}

/// Parses a source that starts at byte `base` of the sheet's text. Each
/// statement is parsed on its own, so one bad statement hides nothing else;
/// a bracket error costs only the line it stands on.
pub fn parse_program(source: &str, base: usize) -> Parsed {
    parse_program_reusing(source, base, &Earlier::default())
}

/// Like [`parse_program`], moving instead of parsing again every statement
/// whose text `earlier` holds (an edited sheet's unchanged statements).
pub fn parse_program_reusing(source: &str, base: usize, earlier: &Earlier) -> Parsed {
    // pest and the tree builder recurse once per bracket and operator; a
    // stack of our own makes the limits (256 brackets, 300 levels) safe on
    // any caller's stack, and so is dropping a tree rejected for its depth.
    stacker::grow(PARSE_STACK, || parse_program_here(source, base, earlier))
}

/// Statements parsed before, by their text.
#[derive(Default)]
pub struct Earlier<'a> {
    by_text: HashMap<&'a str, &'a Statement>,
}

impl<'a> Earlier<'a> {
    /// The statements of a text parsed before (spans index `source`).
    pub fn new(source: &'a str, statements: &'a [Statement]) -> Earlier<'a> {
        let by_text = statements
            .iter()
            .filter_map(|s| Some((source.get(s.span.start..s.span.end)?, s)))
            .collect();
        Earlier { by_text }
    }

    /// The earlier statement with exactly this text, if its tree can be
    /// moved here: its text must be what pest sees (no comment or line
    /// break blanked inside it), since the tree was built from that.
    fn find(&self, raw: &str, prepared: &str) -> Option<&'a Statement> {
        if self.by_text.is_empty() || raw != prepared {
            return None;
        }
        self.by_text.get(prepared).copied()
    }
}

/// Enough for 256 nested brackets through pest and the builder in a debug
/// build, with room to spare; pages are only touched as they are used.
const PARSE_STACK: usize = 64 * 1024 * 1024;

fn parse_program_here(source: &str, base: usize, earlier: &Earlier) -> Parsed {
    let mut parsed = Parsed::default();
    // Ranges of `source` still to parse; a bracket error splits its range
    // around the line it stands on.
    // A byte-order mark is an encoding's signature, not text: skipped at
    // the very start of a sheet (spans stay offsets into `source`).
    let text_start = if base == 0 && source.starts_with(BYTE_ORDER_MARK) {
        BYTE_ORDER_MARK.len_utf8()
    } else {
        0
    };
    let mut pending = vec![(text_start, source.len())];
    let mut bracket_errors = 0;
    while let Some((start, end)) = pending.pop() {
        let text = &source[start..end];
        match brackets::prepare(text, base + start) {
            Ok(prepared) => parse_prepared(text, &prepared, base + start, earlier, &mut parsed),
            Err(error) => {
                let at = error.span().start - (base + start);
                let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
                let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
                if let Some(failed) =
                    failed_definition(&text[line_start..line_end], base + start + line_start)
                {
                    parsed.failed.push(failed);
                }
                parsed.errors.push(error);
                bracket_errors += 1;
                if bracket_errors == MAX_BRACKET_ERRORS {
                    break;
                }
                pending.push((start, start + line_start));
                if line_end < text.len() {
                    pending.push((start + line_end + 1, end));
                }
            }
        }
    }
    parsed.statements.sort_by_key(|s| s.span.start);
    parsed.errors.sort_by_key(|e| e.span().start);
    parsed
}

const BYTE_ORDER_MARK: char = '\u{FEFF}';

/// After this many bracket errors in one source the rest is not parsed.
const MAX_BRACKET_ERRORS: usize = 100;

/// Statements are handed to pest in chunks of about this many bytes. One
/// call per statement pays pest's set-up each time; one call for the whole
/// source holds every token of the source in pest's queue at once (some
/// 650 bytes per cell). A chunk bounds that memory and amortises the set-up.
const CHUNK_BYTES: usize = 16 * 1024;

/// Parses the statements of `raw` (at `base`) that `earlier` does not
/// hold, in runs between those it does, which are moved.
fn parse_prepared(
    raw: &str,
    prepared: &brackets::Prepared,
    base: usize,
    earlier: &Earlier,
    parsed: &mut Parsed,
) {
    if earlier.by_text.is_empty() {
        // Nothing to move: a whole script, a REPL line.
        parse_run(prepared, &prepared.statements, base, parsed);
        return;
    }
    let mut run_start = 0;
    for (i, span) in prepared.statements.iter().enumerate() {
        let text = &prepared.text[span.start..span.end];
        let lead = text.len() - text.trim_start_matches(PEST_BLANKS).len();
        let trimmed = text.trim_matches(PEST_BLANKS);
        let at = span.start + lead;
        let Some(statement) = earlier.find(&raw[at..at + trimmed.len()], trimmed) else {
            continue;
        };
        parse_run(prepared, &prepared.statements[run_start..i], base, parsed);
        parsed.statements.push(statement.relocated(base + at));
        run_start = i + 1;
    }
    parse_run(prepared, &prepared.statements[run_start..], base, parsed);
}

/// The grammar's `WHITESPACE`: what pest skips around a statement.
const PEST_BLANKS: &[char] = &[' ', '\t'];

/// Parses a run of statements in chunks of about [`CHUNK_BYTES`].
fn parse_run(prepared: &brackets::Prepared, run: &[Span], base: usize, parsed: &mut Parsed) {
    let chunks = chunks(run);
    let threads = parse_threads(chunks.len());
    if threads <= 1 {
        for chunk in chunks {
            parse_chunk(prepared, chunk, base, parsed);
        }
        return;
    }
    // Chunks are independent, so they parse on threads of their own; each
    // thread takes the next chunk not yet taken (the caller's thread also
    // faults in the code and the heap, so fixed shares would leave the
    // others idle), and the results are joined in source order, so the
    // outcome is the one a single thread gives.
    let next = std::sync::atomic::AtomicUsize::new(0);
    // A thread's chunks go into one list of its own (a list per chunk
    // would leave a hole in the heap per chunk once joined), with how many
    // statements, errors and failed names each chunk gave.
    let parse_taken = || {
        let mut mine = ThreadParse::default();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(chunk) = chunks.get(i) else {
                return mine;
            };
            let before = mine.parsed.counts();
            parse_chunk(prepared, chunk, base, &mut mine.parsed);
            let after = mine.parsed.counts();
            mine.chunks
                .push((i, [0, 1, 2].map(|list| after[list] - before[list])));
        }
    };
    let threads: Vec<ThreadParse> = std::thread::scope(|scope| {
        // No thread to be had: the caller's parses every chunk itself.
        let spawned: Vec<_> = (1..threads)
            .filter_map(|_| {
                std::thread::Builder::new()
                    .name("llmc-parse".into())
                    .stack_size(PARSE_STACK)
                    .spawn_scoped(scope, parse_taken)
                    .ok()
            })
            .collect();
        let mut threads = vec![parse_taken()];
        threads.extend(spawned.into_iter().map(|handle| {
            handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        }));
        threads
    });
    // Each thread took its chunks in source order, so the chunks in order
    // are taken off the front of their threads' lists.
    let mut order: Vec<(usize, usize, [usize; 3])> = (threads.iter().enumerate())
        .flat_map(|(thread, t)| (t.chunks.iter()).map(move |&(i, counts)| (i, thread, counts)))
        .collect();
    order.sort_unstable_by_key(|&(i, ..)| i);
    let total = |list: usize| threads.iter().map(|t| t.parsed.counts()[list]).sum();
    parsed.statements.reserve_exact(total(0));
    parsed.errors.reserve_exact(total(1));
    parsed.failed.reserve_exact(total(2));
    let mut lists: Vec<_> = (threads.into_iter())
        .map(|t| {
            let Parsed {
                statements,
                errors,
                failed,
            } = t.parsed;
            (
                statements.into_iter(),
                errors.into_iter(),
                failed.into_iter(),
            )
        })
        .collect();
    for (_, thread, [statements, errors, failed]) in order {
        let (s, e, f) = &mut lists[thread];
        parsed.statements.extend(s.take(statements));
        parsed.errors.extend(e.take(errors));
        parsed.failed.extend(f.take(failed));
    }
}

/// What one thread of [`parse_run`] parsed: its chunks' results in one
/// [`Parsed`], and per chunk its index and what it added to each list.
#[derive(Default)]
struct ThreadParse {
    parsed: Parsed,
    chunks: Vec<(usize, [usize; 3])>,
}

impl Parsed {
    /// How many statements, errors and failed names it holds.
    fn counts(&self) -> [usize; 3] {
        [self.statements.len(), self.errors.len(), self.failed.len()]
    }
}

/// The statements cut into runs of about [`CHUNK_BYTES`] each.
fn chunks(statements: &[Span]) -> Vec<&[Span]> {
    let mut chunks = Vec::new();
    let mut rest = statements;
    while let Some(first) = rest.first() {
        let count = rest
            .iter()
            .position(|s| s.end - first.start >= CHUNK_BYTES)
            .map_or(rest.len(), |i| i + 1);
        let (chunk, after) = rest.split_at(count);
        chunks.push(chunk);
        rest = after;
    }
    chunks
}

/// A thread is worth its start (tens of microseconds) only for a few
/// chunks of its own: a REPL line or a small sheet parses on the caller's.
const MIN_CHUNKS_PER_THREAD: usize = 2;

fn parse_threads(chunks: usize) -> usize {
    if chunks < 2 * MIN_CHUNKS_PER_THREAD {
        return 1;
    }
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    cores.min(chunks / MIN_CHUNKS_PER_THREAD)
}

/// One pest call for a run of statements is the fast path; only when pest
/// rejects it is each statement parsed alone, to find and recover from the
/// errors.
fn parse_chunk(prepared: &brackets::Prepared, chunk: &[Span], base: usize, parsed: &mut Parsed) {
    let (first, last) = (chunk[0], chunk[chunk.len() - 1]);
    let text = &prepared.text[first.start..last.end];
    if let Ok(mut pairs) = LlmcParser::parse(Rule::program, text) {
        let chunk_base = base + first.start;
        let builder = Builder { base: chunk_base };
        let program = pairs.next().expect("a program");
        for pair in program.into_inner().filter(|p| p.as_rule() != Rule::EOI) {
            let (text, start) = (pair.as_str(), pair.as_span().start());
            record(build(&builder, pair), text, chunk_base + start, parsed);
        }
        return;
    }
    for span in chunk {
        let text = &prepared.text[span.start..span.end];
        record(
            parse_statement(&prepared.text, *span, base),
            text,
            base + span.start,
            parsed,
        );
    }
}

fn record(result: Result<Statement, SyntaxError>, text: &str, offset: usize, parsed: &mut Parsed) {
    match result {
        Ok(statement) => parsed.statements.push(statement),
        Err(error) => {
            if let Some(failed) = failed_definition(text, offset) {
                parsed.failed.push(failed);
            }
            parsed.errors.push(error);
        }
    }
}

/// A statement's tree, rejected if it is too deep for the later stages.
fn build(builder: &Builder, pair: Pair<Rule>) -> Result<Statement, SyntaxError> {
    let statement = builder.statement(pair)?;
    for expr in statement_exprs(&statement) {
        check_depth(expr)?;
    }
    Ok(statement)
}

/// The name a statement that failed to parse was defining (`name = …`,
/// `unit NAME`, `fn NAME(`, `model NAME {`, `accelerator NAME {`), read
/// with the grammar's `definition_head`.
fn failed_definition(text: &str, offset: usize) -> Option<FailedDefinition> {
    let head = LlmcParser::parse(Rule::definition_head, text)
        .ok()?
        .next()?;
    let mut kind = DefinitionKind::Cell;
    let mut name = None;
    for pair in head.into_inner() {
        match pair.as_rule() {
            Rule::kw_unit => kind = DefinitionKind::Unit,
            Rule::kw_fn => kind = DefinitionKind::Function,
            Rule::kw_model => kind = DefinitionKind::Model,
            Rule::kw_accelerator => kind = DefinitionKind::Accelerator,
            Rule::ident => {
                let span = pair.as_span();
                name = Some(Ident {
                    name: pair.as_str().into(),
                    span: Span::new(offset + span.start(), offset + span.end()),
                });
            }
            _ => {}
        }
    }
    Some(FailedDefinition {
        name: name?,
        kind,
        span: Span::new(offset, offset + text.len()),
    })
}

fn parse_statement(text: &str, span: Span, base: usize) -> Result<Statement, SyntaxError> {
    let slice = &text[span.start..span.end];
    let offset = base + span.start;
    let mut pairs =
        LlmcParser::parse(Rule::line, slice).map_err(|e| syntax_error(slice, offset, e))?;
    let line = pairs.next().expect("a line");
    let builder = Builder { base: offset };
    build(&builder, line.into_inner().next().expect("a statement"))
}

fn statement_exprs(statement: &Statement) -> Vec<&Expr> {
    match &statement.kind {
        StatementKind::Cell { expr, .. } | StatementKind::Expr(expr) => vec![expr],
        StatementKind::Assert(a) => vec![&a.left, &a.right],
        StatementKind::Unit { definition, .. } => definition.iter().collect(),
        StatementKind::Accelerator(r) | StatementKind::Model(r) => {
            r.fields.iter().map(|f| &f.expr).collect()
        }
        StatementKind::Function { body, .. } => vec![body],
    }
}

/// Rejects trees deeper than [`MAX_EXPR_DEPTH`], walking with its own stack.
fn check_depth(root: &Expr) -> Result<(), SyntaxError> {
    let mut stack = vec![(root, 1usize)];
    while let Some((expr, depth)) = stack.pop() {
        if depth > MAX_EXPR_DEPTH {
            return Err(SyntaxError::ExpressionTooDeep {
                span: Span::new(expr.span.start, expr.span.start + 1),
                limit: MAX_EXPR_DEPTH,
            });
        }
        let next = depth + 1;
        match &expr.kind {
            ExprKind::Literal { .. }
            | ExprKind::Text(_)
            | ExprKind::Bool(_)
            | ExprKind::Name(_) => {}
            ExprKind::Negate(e)
            | ExprKind::Scaled { expr: e, .. }
            | ExprKind::Convert { expr: e, .. }
            | ExprKind::Member { target: e, .. } => stack.push((e, next)),
            ExprKind::Range { low, high, .. } => {
                stack.push((low, next));
                stack.push((high, next));
            }
            ExprKind::Chain { first, links } => {
                stack.push((first, next));
                stack.extend(links.iter().map(|l| (&l.right, next)));
            }
            ExprKind::Call { args, .. } => {
                stack.extend(args.iter().map(|a| (&a.value, next)));
            }
            ExprKind::Cluster(c) => {
                stack.push((&c.count, next));
                stack.push((&c.accelerator, next));
                if let Some(u) = &c.utilization {
                    stack.push((u, next));
                }
            }
        }
    }
    Ok(())
}

struct Builder {
    /// Offset of the statement in the whole source.
    base: usize,
}

impl Builder {
    /// The sheet's span of a pair (pest's spans index the statement).
    fn span(&self, pair: &Pair<Rule>) -> Span {
        let span = pair.as_span();
        Span::new(self.base + span.start(), self.base + span.end())
    }

    /// pest's span of a rule that ends in an optional part may take in the
    /// blanks after it (comments are blanks by now, `brackets::prepare`):
    /// end at the last token instead.
    fn trimmed_span(&self, pair: &Pair<Rule>) -> Span {
        let span = pair.as_span();
        let trimmed = span.as_str().trim_end_matches([' ', '\t', '\r', '\n']);
        let end = span.start() + trimmed.len();
        Span::new(self.base + span.start(), self.base + end)
    }

    fn ident(&self, pair: Pair<Rule>) -> Ident {
        Ident {
            name: pair.as_str().into(),
            span: self.span(&pair),
        }
    }

    /// A name being defined: reserved words are accepted by the grammar so
    /// that the message here can be precise.
    fn defined_name(&self, pair: Pair<Rule>, what: &'static str) -> Result<Ident, SyntaxError> {
        let ident = self.ident(pair);
        if let Some(reserved) = lexicon::reserved(&ident.name) {
            return Err(SyntaxError::ReservedName {
                span: ident.span,
                name: ident.name.to_string(),
                what,
                meaning: reserved.meaning,
            });
        }
        Ok(ident)
    }

    fn statement(&self, pair: Pair<Rule>) -> Result<Statement, SyntaxError> {
        let span = self.trimmed_span(&pair);
        let rule = pair.as_rule();
        let mut inner = pair.into_inner();
        let kind = match rule {
            Rule::cell => {
                let name = self.defined_name(inner.next().unwrap(), "cell")?;
                inner.next(); // `=`
                let expr = self.expr(inner.next().unwrap())?;
                StatementKind::Cell { name, expr }
            }
            Rule::expr_stmt => StatementKind::Expr(self.expr(inner.next().unwrap())?),
            Rule::assert_stmt => StatementKind::Assert(Box::new(self.assertion(inner)?)),
            Rule::unit_decl => {
                inner.next(); // keyword
                let name = self.defined_name(inner.next().unwrap(), "unit")?;
                let definition = match inner.nth(1) {
                    Some(expr) => Some(self.expr(expr)?),
                    None => None,
                };
                StatementKind::Unit { name, definition }
            }
            Rule::model_decl => StatementKind::Model(self.record(inner, "model")?),
            Rule::accelerator_decl => {
                StatementKind::Accelerator(self.record(inner, "accelerator")?)
            }
            Rule::fn_decl => self.function(inner)?,
            other => unreachable!("statement rule {other:?}"),
        };
        Ok(Statement { kind, span })
    }

    /// `assert LEFT COMPARISON RIGHT[, "message"]`.
    fn assertion(&self, mut inner: Pairs<Rule>) -> Result<Assertion, SyntaxError> {
        inner.next(); // keyword
        let left = self.expr(inner.next().unwrap())?;
        let comparison_pair = inner.next().unwrap();
        let comparison_span = self.span(&comparison_pair);
        let comparison = match comparison_pair.as_str() {
            "<" => Comparison::Less,
            "<=" => Comparison::LessEqual,
            ">" => Comparison::Greater,
            ">=" => Comparison::GreaterEqual,
            "==" => Comparison::Equal,
            _ => Comparison::NotEqual,
        };
        let right = self.expr(inner.next().unwrap())?;
        let message = inner.next().map(|p| self.string(p));
        Ok(Assertion {
            left,
            comparison,
            comparison_span,
            right,
            message,
        })
    }

    /// `model NAME { … }` or `accelerator NAME { … }` (`what` says which).
    fn record(&self, mut inner: Pairs<Rule>, what: &'static str) -> Result<Record, SyntaxError> {
        inner.next(); // keyword
        let name = self.defined_name(inner.next().unwrap(), what)?;
        let mut fields = Vec::new();
        for field in inner.next().unwrap().into_inner() {
            if field.as_rule() != Rule::field {
                continue; // braces
            }
            let mut parts = field.into_inner();
            let name = self.defined_name(parts.next().unwrap(), "field")?;
            parts.next(); // `=`
            let expr = self.expr(parts.next().unwrap())?;
            fields.push(Field { name, expr });
        }
        Ok(Record { name, fields })
    }

    /// `fn NAME(PARAMS) = BODY`, each parameter named once.
    fn function(&self, mut inner: Pairs<Rule>) -> Result<StatementKind, SyntaxError> {
        inner.next(); // keyword
        let name = self.defined_name(inner.next().unwrap(), "function")?;
        let mut params = Vec::new();
        let mut body = None;
        for part in inner {
            match part.as_rule() {
                Rule::ident => {
                    let param = self.defined_name(part, "parameter")?;
                    if params.iter().any(|p: &Ident| p.name == param.name) {
                        return Err(SyntaxError::ParameterTwice {
                            span: param.span,
                            name: param.name.to_string(),
                        });
                    }
                    params.push(param);
                }
                Rule::expr => body = Some(self.expr(part)?),
                _ => {}
            }
        }
        Ok(StatementKind::Function {
            name,
            params,
            body: Box::new(body.expect("a function body")),
        })
    }

    fn expr(&self, pair: Pair<Rule>) -> Result<Expr, SyntaxError> {
        debug_assert_eq!(pair.as_rule(), Rule::expr);
        let mut inner = pair.into_inner();
        let arith = self.arith(inner.next().unwrap())?;
        match inner.nth(1) {
            Some(unit) => {
                let target = self.unit_expr(unit)?;
                let span = arith.span.to(target.span);
                Ok(Expr {
                    span,
                    kind: ExprKind::Convert {
                        expr: Box::new(arith),
                        target: UnitSlot::new(target, span.end),
                    },
                })
            }
            None => Ok(arith),
        }
    }

    fn arith(&self, pair: Pair<Rule>) -> Result<Expr, SyntaxError> {
        let pairs = pair.into_inner();
        // pest's Pratt parser recurses once per `^` and unary `-` in a row
        // (each nests the rest), but loops over `+ - * /`: bound the runs
        // before building.
        let mut run = 0;
        for pair in pairs.clone() {
            match pair.as_rule() {
                Rule::neg | Rule::pow => run += 1,
                Rule::operand => continue,
                _ => run = 0,
            }
            if run > MAX_EXPR_DEPTH {
                return Err(SyntaxError::TooManyOperators {
                    span: self.span(&pair),
                    limit: MAX_EXPR_DEPTH,
                });
            }
        }
        self.pratt(pairs)
    }

    fn pratt(&self, pairs: Pairs<Rule>) -> Result<Expr, SyntaxError> {
        PRATT
            .map_primary(|p| self.operand(p))
            .map_prefix(|op, operand| {
                let operand = operand?;
                // `-1..1` negates the low side only, unless the range is
                // bracketed: `-(1..2)`.
                if let ExprKind::Range { low, high, dots } = operand.kind {
                    if low.span.start == operand.span.start {
                        let low = Expr {
                            span: self.span(&op).to(low.span),
                            kind: ExprKind::Negate(low),
                        };
                        return Ok(range(low, *high, dots));
                    }
                    return Ok(Expr {
                        span: self.span(&op).to(operand.span),
                        kind: ExprKind::Negate(Box::new(Expr {
                            span: operand.span,
                            kind: ExprKind::Range { low, high, dots },
                        })),
                    });
                }
                Ok(Expr {
                    span: self.span(&op).to(operand.span),
                    kind: ExprKind::Negate(Box::new(operand)),
                })
            })
            .map_infix(|left, op, right| {
                let (left, right) = (left?, closed(right?));
                let op = Link {
                    op: match op.as_rule() {
                        Rule::add => BinaryOp::Add,
                        Rule::sub => BinaryOp::Sub,
                        Rule::mul => BinaryOp::Mul,
                        Rule::div => BinaryOp::Div,
                        _ => BinaryOp::Pow,
                    },
                    op_span: self.span(&op),
                    right,
                };
                Ok(chain(left, op))
            })
            .parse(pairs)
            .map(closed)
    }

    fn operand(&self, pair: Pair<Rule>) -> Result<Expr, SyntaxError> {
        debug_assert_eq!(pair.as_rule(), Rule::operand);
        let mut inner = pair.into_inner();
        let mut expr = self.atom(inner.next().unwrap())?;
        for postfix in inner {
            expr = match postfix.as_rule() {
                Rule::member => self.member(expr, postfix),
                Rule::call => self.call(expr, postfix)?,
                Rule::range_tail => self.range(expr, postfix)?,
                Rule::cluster_tail => self.cluster(expr, postfix)?,
                other => unreachable!("postfix {other:?}"),
            };
        }
        Ok(expr)
    }

    fn member(&self, target: Expr, pair: Pair<Rule>) -> Expr {
        let member = self.ident(pair.into_inner().next().unwrap());
        Expr {
            span: target.span.to(member.span),
            kind: ExprKind::Member {
                target: Box::new(target),
                member: Box::new(member),
            },
        }
    }

    fn call(&self, target: Expr, pair: Pair<Rule>) -> Result<Expr, SyntaxError> {
        let span = target.span.to(self.span(&pair));
        let callee = match target.kind {
            ExprKind::Name(name) => Ident {
                name,
                span: target.span,
            },
            _ => {
                return Err(SyntaxError::NotCallable { span: target.span });
            }
        };
        let mut args: Vec<Argument> = Vec::new();
        for argument in pair.into_inner().filter(|p| p.as_rule() == Rule::argument) {
            let inner = argument.into_inner().next().unwrap();
            let argument = if inner.as_rule() == Rule::keyword_arg {
                let mut parts = inner.into_inner();
                let keyword = self.ident(parts.next().unwrap());
                parts.next(); // `=`
                let value = self.expr(parts.next().unwrap())?;
                Argument {
                    keyword: Some(keyword),
                    value,
                }
            } else {
                let value = self.expr(inner)?;
                if let Some(keyword) = args.iter().rev().find_map(|a| a.keyword.as_ref()) {
                    return Err(SyntaxError::PositionalAfterKeyword {
                        span: value.span,
                        keyword: keyword.name.to_string(),
                    });
                }
                Argument {
                    keyword: None,
                    value,
                }
            };
            args.push(argument);
        }
        Ok(Expr {
            span,
            kind: ExprKind::Call {
                callee: Box::new(callee),
                args,
            },
        })
    }

    fn cluster(&self, count: Expr, pair: Pair<Rule>) -> Result<Expr, SyntaxError> {
        let mut accelerator = None;
        let mut precision = None;
        let mut utilization = None;
        let mut end = count.span;
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::cluster_part => {
                    let expr = self.cluster_part(part)?;
                    end = expr.span;
                    if accelerator.is_none() {
                        accelerator = Some(expr);
                    } else {
                        utilization = Some(expr);
                    }
                }
                Rule::range_tail => {
                    let low = utilization.take().expect("a utilisation before `..`");
                    let util = self.range(low, part)?;
                    end = util.span;
                    utilization = Some(util);
                }
                Rule::precision => {
                    let ident = self.ident(part);
                    end = ident.span;
                    precision = Some(self.precision(ident)?);
                }
                _ => {}
            }
        }
        Ok(Expr {
            span: count.span.to(end),
            kind: ExprKind::Cluster(Box::new(ClusterExpr {
                count,
                accelerator: accelerator.expect("an accelerator"),
                precision,
                utilization,
            })),
        })
    }

    /// `low..high`: the tail after the low side.
    fn range(&self, low: Expr, pair: Pair<Rule>) -> Result<Expr, SyntaxError> {
        let mut inner = pair.into_inner();
        let dots = self.span(&inner.next().expect("`..`"));
        let high = self.cluster_part(inner.next().expect("a high side"))?;
        Ok(range(low, high, dots))
    }

    fn precision(&self, ident: Ident) -> Result<Ident, SyntaxError> {
        if Precision::from_name(&ident.name).is_some() {
            return Ok(ident);
        }
        Err(SyntaxError::UnknownPrecision {
            span: ident.span,
            precisions: crate::suggest::one_of(&ident.name, Precision::NAMES, "precisions", " "),
            name: ident.name.to_string(),
        })
    }

    fn cluster_part(&self, pair: Pair<Rule>) -> Result<Expr, SyntaxError> {
        let mut inner = pair.into_inner().peekable();
        let minus = inner
            .next_if(|p| p.as_rule() == Rule::neg)
            .map(|p| self.span(&p));
        let mut expr = self.atom(inner.next().unwrap())?;
        for member in inner {
            expr = self.member(expr, member);
        }
        Ok(match minus {
            Some(minus) => Expr {
                span: minus.to(expr.span),
                kind: ExprKind::Negate(Box::new(expr)),
            },
            None => expr,
        })
    }

    fn atom(&self, pair: Pair<Rule>) -> Result<Expr, SyntaxError> {
        let span = self.span(&pair);
        let kind = match pair.as_rule() {
            Rule::quantity => return self.quantity(pair),
            Rule::money => return self.money(pair),
            Rule::group => {
                let mut inner = pair.into_inner();
                let bracketed = inner.next().unwrap();
                let bracketed_span = self.span(&bracketed);
                let expr = bracketed.into_inner().nth(1).unwrap();
                let group = Expr {
                    span: bracketed_span,
                    ..self.expr(expr)?
                };
                match inner.next() {
                    Some(unit) => ExprKind::Scaled {
                        expr: Box::new(group),
                        unit: self.literal_unit(unit)?,
                    },
                    None => return Ok(group),
                }
            }
            Rule::string => ExprKind::Text(self.string(pair)),
            Rule::boolean => ExprKind::Bool(pair.as_str() == "true"),
            Rule::name => ExprKind::Name(pair.as_str().into()),
            other => unreachable!("atom {other:?}"),
        };
        Ok(Expr { kind, span })
    }

    fn string(&self, pair: Pair<Rule>) -> String {
        let raw = pair.into_inner().next().map_or("", |p| p.as_str());
        let mut out = String::with_capacity(raw.len());
        let mut chars = raw.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some(other) => out.push(other),
                    None => {}
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    fn number(&self, pair: &Pair<Rule>) -> Result<f64, SyntaxError> {
        parse_number(pair.as_str()).ok_or_else(|| SyntaxError::NumberTooLarge {
            span: self.span(pair),
        })
    }

    fn quantity(&self, pair: Pair<Rule>) -> Result<Expr, SyntaxError> {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let number_pair = inner.next().unwrap();
        let value = self.number(&number_pair)?;
        let mut unit = None;
        for part in inner {
            match part.as_rule() {
                Rule::detached_suffix => {
                    return Err(detached_suffix(
                        number_pair.as_str(),
                        part.as_str(),
                        &unit_after(&part),
                        self.span(&part),
                    ));
                }
                Rule::literal_unit => {
                    let literal = self.literal_unit(part)?;
                    if let Some(suffix) = lone_suffix(&literal) {
                        return Err(detached_suffix(
                            number_pair.as_str(),
                            suffix.name,
                            "",
                            suffix.span,
                        ));
                    }
                    unit = Some(literal);
                }
                _ => {}
            }
        }
        Ok(Expr {
            kind: ExprKind::Literal {
                value,
                unit: unit.map(|unit| UnitSlot::new(unit, span.end)),
            },
            span,
        })
    }

    fn money(&self, pair: Pair<Rule>) -> Result<Expr, SyntaxError> {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let number_pair = inner.next().unwrap();
        let value = self.number(&number_pair)?;
        let dollar = Span::new(span.start, span.start + 1);
        let mut factors = vec![UnitFactor {
            name: Cow::Borrowed("USD"),
            power: 1,
            span: dollar,
        }];
        let mut text = String::from("USD");
        self.unit_chain(inner, &mut factors, &mut text)?;
        Ok(Expr {
            kind: ExprKind::Literal {
                value,
                unit: Some(UnitSlot::new(
                    Box::new(UnitExpr::new(factors, Units::shared_name(&text), span)),
                    span.end,
                )),
            },
            span,
        })
    }

    fn literal_unit(&self, pair: Pair<Rule>) -> Result<Box<UnitExpr>, SyntaxError> {
        let span = self.span(&pair);
        let mut factors = Vec::new();
        let mut text = String::new();
        self.unit_chain(pair.into_inner(), &mut factors, &mut text)?;
        Ok(Box::new(UnitExpr::new(
            factors,
            Units::shared_name(&text),
            span,
        )))
    }

    /// `unit_power (joiner unit_power)*` as written inside a literal.
    fn unit_chain(
        &self,
        pairs: Pairs<Rule>,
        factors: &mut Vec<UnitFactor>,
        text: &mut String,
    ) -> Result<(), SyntaxError> {
        let mut sign = 1;
        for part in pairs {
            match part.as_rule() {
                Rule::unit_joiner => {
                    sign = if part.as_str() == "/" { -1 } else { 1 };
                    text.push_str(if part.as_str() == "/" { "/" } else { "*" });
                }
                Rule::unit_power => {
                    text.push_str(part.as_str());
                    let mut inner = part.into_inner();
                    let name = inner.next().unwrap();
                    let power = match inner.next() {
                        Some(p) => self.power(&p)?,
                        None => 1,
                    };
                    factors.push(UnitFactor {
                        name: Units::shared_name(name.as_str()),
                        power: sign * power,
                        span: self.span(&name),
                    });
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// A written power. A dimension holds -128 to 127; 128 is accepted so
    /// that `/GPU^128` (which is -128) reads back as the sheet prints it,
    /// and a power the dimension cannot hold is reported when resolved.
    fn power(&self, pair: &Pair<Rule>) -> Result<i32, SyntaxError> {
        pair.as_str()
            .parse::<i32>()
            .ok()
            .filter(|p| (-128..=128).contains(p))
            .ok_or_else(|| SyntaxError::PowerOutOfRange {
                span: self.span(pair),
                text: pair.as_str().to_string(),
            })
    }

    /// A unit after `->`: groups in parentheses multiply their powers out.
    fn unit_expr(&self, pair: Pair<Rule>) -> Result<Box<UnitExpr>, SyntaxError> {
        let span = self.trimmed_span(&pair);
        let written = &pair.get_input()[span.start - self.base..span.end - self.base];
        let text: String = written.split_whitespace().collect();
        let mut factors = Vec::new();
        self.unit_expr_into(pair, 1, &mut factors)?;
        Ok(Box::new(UnitExpr::new(
            factors,
            Units::shared_name(&text),
            span,
        )))
    }

    fn unit_expr_into(
        &self,
        pair: Pair<Rule>,
        outer: i32,
        factors: &mut Vec<UnitFactor>,
    ) -> Result<(), SyntaxError> {
        let mut sign = 1;
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::unit_joiner => sign = if part.as_str() == "/" { -1 } else { 1 },
                Rule::unit_group => {
                    let mut inner = part
                        .into_inner()
                        .filter(|p| !matches!(p.as_rule(), Rule::open_paren | Rule::close_paren));
                    let base = inner.next().unwrap();
                    let power = match inner.next() {
                        Some(p) => self.power(&p)?,
                        None => 1,
                    };
                    let combined = outer * sign * power;
                    if base.as_rule() == Rule::unit_expr {
                        self.unit_expr_into(base, combined, factors)?;
                    } else {
                        factors.push(UnitFactor {
                            name: Units::shared_name(base.as_str()),
                            power: combined,
                            span: self.span(&base),
                        });
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// `left OP right`: one more link of `left` when it is an unbracketed chain
/// of the same precedence (Pratt hands a left-associative run over one
/// operator at a time), else a chain of its own.
fn chain(left: Expr, link: Link) -> Expr {
    let span = left.span.to(link.right.span);
    match left.kind {
        ExprKind::Chain { first, mut links }
            if link.op != BinaryOp::Pow
                && links.last().is_some_and(|last| {
                    last.op.level() == link.op.level() && last.right.span.end == left.span.end
                }) =>
        {
            links.push(link);
            Expr {
                span,
                kind: ExprKind::Chain { first, links },
            }
        }
        kind => Expr {
            span,
            kind: ExprKind::Chain {
                first: Box::new(closed(Expr {
                    kind,
                    span: left.span,
                })),
                links: vec![link],
            },
        },
    }
}

/// A unit that is only a magnitude letter (`15.6 T tokens` read as the
/// unit `T`): the mistake of a detached suffix.
fn lone_suffix(unit: &UnitExpr) -> Option<crate::syntax::ast::Factor<'_>> {
    let mut factors = unit.factors();
    match (factors.next(), factors.next()) {
        (Some(factor), None)
            if factor.power == 1 && matches!(factor.name, "K" | "k" | "M" | "B" | "T") =>
        {
            Some(factor)
        }
        _ => None,
    }
}

/// A chain no more links will join (it became an operand, or the whole
/// expression) gives back the room its growth left: a chain of 2 links
/// held 4, and over a large sheet that was a quarter of the memory.
fn closed(mut expr: Expr) -> Expr {
    if let ExprKind::Chain { links, .. } = &mut expr.kind {
        links.shrink_to_fit();
    }
    expr
}

fn range(low: Expr, high: Expr, dots: Span) -> Expr {
    Expr {
        span: low.span.to(high.span),
        kind: ExprKind::Range {
            low: Box::new(low),
            high: Box::new(high),
            dots,
        },
    }
}

/// The word after a detached suffix (`tokens` in `15.6 T tokens`).
fn unit_after(suffix: &Pair<Rule>) -> String {
    let after = &suffix.get_input()[suffix.as_span().end()..];
    after.split_whitespace().next().unwrap_or("").to_string()
}

fn detached_suffix(number: &str, suffix: &str, unit: &str, span: Span) -> SyntaxError {
    let magnitude = suffix
        .chars()
        .next()
        .and_then(lexicon::magnitude)
        .expect("the grammar's detached_suffix is a magnitude");
    let number = number.to_string();
    if unit.is_empty() {
        return SyntaxError::DetachedSuffix {
            span,
            number,
            suffix: magnitude.letter,
            scale: magnitude.word,
        };
    }
    SyntaxError::DetachedSuffixBeforeUnit {
        span,
        number,
        suffix: magnitude.letter,
        scale: magnitude.word,
        unit: unit.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A source of many chunks (parsed on every core, each thread taking
    /// chunks as it goes) gives what parsing each line on its own gives:
    /// the same statements, errors and failed definitions, in source order.
    #[test]
    fn chunks_parsed_on_threads_join_in_source_order() {
        let lines: Vec<String> = (0..6000)
            .map(|i| match i % 7 {
                3 => format!("bad{i} = 2 +"),
                5 => format!("unit u{i} = 2 *"),
                _ => format!("c{i} = {i} GPU*h * $2/GPU/h -> USD"),
            })
            .collect();
        let source = lines.join("\n");
        assert!(
            chunks(
                &brackets::prepare(&source, 0)
                    .expect("brackets match")
                    .statements
            )
            .len()
                >= 4 * MIN_CHUNKS_PER_THREAD,
            "the source must be long enough to be parsed on threads"
        );
        let whole = parse_program(&source, 0);
        let mut by_line = Parsed::default();
        let mut offset = 0;
        for line in &lines {
            let parsed = parse_program(line, offset);
            by_line.statements.extend(parsed.statements);
            by_line.errors.extend(parsed.errors);
            by_line.failed.extend(parsed.failed);
            offset += line.len() + 1;
        }
        assert_eq!(whole.statements.len(), 6000 - 2 * 6000 / 7);
        assert_eq!(whole.failed.len(), 2 * 6000 / 7);
        assert_eq!(whole.errors.len(), 2 * 6000 / 7);
        assert_eq!(whole.statements, by_line.statements);
        assert_eq!(whole.errors, by_line.errors);
        assert_eq!(whole.failed, by_line.failed);
    }
}
