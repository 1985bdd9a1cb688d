//! pest's failure → a message in the user's words.
//!
//! pest lists every rule it tried at the furthest position; many are grammar
//! artefacts (the cluster operator after every number, a call's `(` after
//! every operand). Each rule maps to a category, and the message names the
//! categories, so users read "expected a value" instead of rule names.

use std::collections::BTreeSet;

use pest::error::{ErrorVariant, InputLocation};

use super::error::SyntaxError;
use super::parser::Rule;
use crate::span::Span;

/// What a user expects to read, in the order messages list them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Expected {
    Value,
    Name,
    Unit,
    Operator,
    Comparison,
    Equals,
    CloseParen,
    OpenBrace,
    CloseBrace,
    Text,
    Precision,
    EndOfStatement,
}

impl Expected {
    fn words(self) -> &'static str {
        match self {
            Expected::Value => "a value",
            Expected::Name => "a name",
            Expected::Unit => "a unit",
            Expected::Operator => "an operator",
            Expected::Comparison => "a comparison (`<`, `<=`, `>`, `>=`, `==`, `!=`)",
            Expected::Equals => "`=`",
            Expected::CloseParen => "`)`",
            Expected::OpenBrace => "`{`",
            Expected::CloseBrace => "`}`",
            Expected::Text => "a string in double quotes",
            Expected::Precision => "a precision",
            Expected::EndOfStatement => "the end of the statement",
        }
    }

    fn of(rule: Rule) -> Option<Expected> {
        Some(match rule {
            Rule::expr
            | Rule::arith
            | Rule::operand
            | Rule::neg
            | Rule::money
            | Rule::quantity
            | Rule::number
            | Rule::bracketed
            | Rule::group
            | Rule::name
            | Rule::boolean
            | Rule::cluster_part
            | Rule::argument
            | Rule::keyword_arg
            | Rule::expr_stmt => Expected::Value,
            Rule::ident | Rule::cell => Expected::Name,
            Rule::literal_unit | Rule::unit_power | Rule::unit_name | Rule::unit_expr => {
                Expected::Unit
            }
            Rule::add
            | Rule::sub
            | Rule::mul
            | Rule::div
            | Rule::pow
            | Rule::convert
            | Rule::member
            | Rule::call
            | Rule::cluster_tail
            | Rule::range_tail
            | Rule::range_dots
            | Rule::times
            | Rule::at => Expected::Operator,
            Rule::comparison => Expected::Comparison,
            Rule::assign => Expected::Equals,
            Rule::close_paren => Expected::CloseParen,
            Rule::open_brace | Rule::record_body => Expected::OpenBrace,
            Rule::close_brace | Rule::field => Expected::CloseBrace,
            Rule::string => Expected::Text,
            Rule::precision => Expected::Precision,
            Rule::EOI => Expected::EndOfStatement,
            _ => return None,
        })
    }
}

/// The error for pest's failure on `source`, which starts at byte `base`
/// of the sheet's text (spans are the sheet's own).
pub fn syntax_error(source: &str, base: usize, error: pest::error::Error<Rule>) -> SyntaxError {
    let offset = match error.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((start, _)) => start,
    };
    let found = found_at(source, offset);
    let before = source[..offset].trim_end();
    // At the end of a line there is nothing to underline: point at the
    // last thing written instead.
    let (span, label) = if found.is_empty() {
        let last = before.chars().last().map_or(0, char::len_utf8);
        (
            Span::new(base + before.len() - last, base + before.len()),
            "expected more after this",
        )
    } else {
        (
            Span::new(base + offset, base + offset + found.len()),
            "unexpected",
        )
    };
    let expected: BTreeSet<Expected> = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => {
            positives.iter().filter_map(|r| Expected::of(*r)).collect()
        }
        ErrorVariant::CustomError { .. } => BTreeSet::new(),
    };
    let found_words = describe_found(&found);
    if before.ends_with("->") || before.ends_with(" to") {
        return SyntaxError::ExpectedUnit {
            span,
            found: found_words,
            label,
        };
    }
    let rest = &source[offset.min(source.len())..];
    let after = rest[..rest.find('\n').unwrap_or(rest.len())].trim_end();
    let hint = help_for(before, &found, after, &expected);
    match (expected.is_empty(), found.is_empty()) {
        (true, true) => SyntaxError::EndsEarly { span, hint },
        (true, false) => SyntaxError::Unexpected {
            span,
            found: found_words,
            hint,
        },
        (false, _) => SyntaxError::Expected {
            span,
            expected: list(&expected),
            found: found_words,
            label,
            hint,
        },
    }
}

/// The word, number or symbol at `offset`, empty at the end of a line.
fn found_at(source: &str, offset: usize) -> String {
    let rest = &source[offset.min(source.len())..];
    let mut chars = rest.chars();
    match chars.next() {
        None | Some('\n') | Some('\r') => String::new(),
        Some(c) if c.is_alphanumeric() || c == '_' => rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.')
            .collect(),
        Some(c) => c.to_string(),
    }
}

fn describe_found(found: &str) -> String {
    if found.is_empty() {
        "the end of the line".into()
    } else {
        format!("`{found}`")
    }
}

/// `64xH100` at the end of `before` → `64 x H100`.
fn glued_cluster(before: &str) -> Option<String> {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || "(=*/+-".contains(c))
        .next()?;
    let (count, chip) = word.split_once('x')?;
    let is_count = !count.is_empty()
        && count
            .chars()
            .all(|c| c.is_ascii_digit() || c == '_' || c == ',');
    let is_chip = crate::knowledge::builtin_accelerator(chip.split(':').next()?).is_some();
    (is_count && is_chip).then(|| format!("{count} x {chip}"))
}

fn list(expected: &BTreeSet<Expected>) -> String {
    let words: Vec<&str> = expected.iter().map(|e| e.words()).collect();
    match words.as_slice() {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}

/// `16000 H100 @ 38%` (the count and the chip with no `x`) → `16000 x H100 @ 38%`.
fn cluster_without_x(before: &str, after: &str) -> Option<String> {
    let mut words = before.rsplit(' ').filter(|w| !w.is_empty());
    let chip = words.next()?;
    let count = words.next()?;
    let is_count = count.starts_with(|c: char| c.is_ascii_digit() || c == '(');
    let is_chip = crate::knowledge::builtin_accelerator(chip).is_some();
    let space = if after.starts_with(':') { "" } else { " " };
    (is_count && is_chip).then(|| format!("{count} x {chip}{space}{after}"))
}

/// `2048 x 8 x H100` (two `x`) → `(2048 * 8) x H100`.
fn cluster_with_two_counts(before: &str, found: &str, after: &str) -> Option<String> {
    if found != "x" && found != "×" {
        return None;
    }
    let mut words = before.rsplit(' ').filter(|w| !w.is_empty());
    let inner = words.next()?;
    let operator = words.next()?;
    let outer = words.next()?;
    let numeric = |w: &str| w.starts_with(|c: char| c.is_ascii_digit());
    let rest = after[found.len()..].trim_start();
    (matches!(operator, "x" | "×") && numeric(inner) && numeric(outer))
        .then(|| format!("({outer} * {inner}) x {rest}"))
}

fn help_for(
    before: &str,
    found: &str,
    after: &str,
    expected: &BTreeSet<Expected>,
) -> Option<String> {
    if let Some(fix) = cluster_with_two_counts(before, found, after) {
        return Some(format!(
            "a cluster has one count: multiply the nodes by the GPUs per node, `{fix}`"
        ));
    }
    if matches!(found, "@" | ":")
        && let Some(fix) = cluster_without_x(before, after)
    {
        return Some(format!(
            "a cluster is written `COUNT x ACCELERATOR`: `{fix}`"
        ));
    }
    let comparison =
        ["<", ">", "!", "="].contains(&found) && !expected.contains(&Expected::Comparison);
    if comparison && before.trim_start().starts_with("assert") {
        return Some(
            "an assert compares one pair of values; write one assert per comparison".into(),
        );
    }
    if comparison && found != "=" {
        return Some("comparisons belong in an assert: `assert time < 90 days`".into());
    }
    if let Some(fix) = glued_cluster(before) {
        return Some(format!("the cluster operator `x` needs spaces: `{fix}`"));
    }
    if found == "=" && expected.contains(&Expected::Comparison) {
        return Some("to compare for equality write `==`".into());
    }
    if found == "=" {
        return Some("a cell is defined as `name = expression`, one per line".into());
    }
    if expected.contains(&Expected::Value)
        && !expected.contains(&Expected::Operator)
        && let Some(op) = before.chars().last().filter(|c| "+-*/^@".contains(*c))
    {
        return Some(format!("`{op}` needs a value after it"));
    }
    if expected.contains(&Expected::Operator)
        && found
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '(')
    {
        return Some(
            "two values in a row need an operator between them, or a newline or `;` between statements"
                .into(),
        );
    }
    None
}
