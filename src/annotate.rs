//! `# => value` annotations: each cell's value written into its source as a
//! trailing comment (`llmc run --annotate`, and inside the blocks of
//! `llmc doc`).
//!
//! The rules, chosen so that a second run changes nothing:
//! - A cell's value goes on the last line of its statement; several cells
//!   ending on one line share it: `# => a = 1; b = 2`. Cells and bare
//!   expressions are annotated; records, asserts, units and functions not.
//! - A line's comment starts at the first `#` outside a string. Inside it,
//!   the annotation starts at `# =>` (at the comment's start or after a
//!   blank) and runs to the end of the line: it is replaced, and any comment
//!   before it is kept. Stale annotations on the other lines of an
//!   annotated statement are removed (a statement that was split).
//! - The `# =>` of annotated lines stand in one column per region (a
//!   script, or one Markdown block): two spaces after the longest annotated
//!   line, except that a line wider than [`ALIGN_LIMIT`] columns does not
//!   push the column out (its annotation follows two spaces after it). The
//!   column depends only on the text before the annotations, so it is the
//!   same on every run.
//! - Nothing else changes: line breaks (`\n`, `\r\n`), a missing final
//!   newline, tabs and every other line are kept byte for byte.
//!
//! A file is rewritten only when its whole sheet evaluated. A failed assert
//! is no reason to keep stale values: the values are still written (and the
//! frontend reports the failure and exits 1).

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use crate::diagnostic::Problem;
use crate::eval::{EvalError, NodeKind};
use crate::format::show_cell_with_note;
use crate::session::{Session, Sheet};
use crate::syntax::lexicon::comment_start;

/// What starts an annotation.
pub const MARKER: &str = "# =>";

/// Lines wider than this (in columns, tabs to multiples of 8) do not push
/// the column of the other lines' annotations.
pub const ALIGN_LIMIT: usize = 60;

/// A text with its annotations written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotation {
    pub text: String,
    /// How many cells have their value written.
    pub cells: usize,
}

/// A script or document evaluated, and its annotated text when it may be
/// written.
#[derive(Debug, Clone)]
pub struct Rewrite {
    /// The sheet, with `source` the file's own text (spans index it), so
    /// diagnostics render against what the user wrote.
    pub sheet: Sheet,
    /// `None` when a problem other than a failed assert stops the rewrite.
    pub annotation: Option<Annotation>,
}

impl Rewrite {
    /// How many asserts failed.
    pub fn failed_asserts(&self) -> usize {
        self.sheet
            .problems
            .iter()
            .filter(|p| is_failed_assert(p))
            .count()
    }
}

/// Evaluates a script and annotates it (SPEC §4, `--annotate`).
pub fn rewrite_script(name: impl Into<String>, text: &str, digits: usize) -> Rewrite {
    let sheet = evaluate_script(name, text);
    let annotation = can_rewrite(&sheet).then(|| annotate(text, &sheet, digits));
    Rewrite { sheet, annotation }
}

/// Evaluates a script as it is on disk. A `\r` before a line break is read
/// as a blank, so `\r\n` files evaluate like `\n` ones with the same byte
/// offsets; the sheet's `source` is the text itself.
pub fn evaluate_script(name: impl Into<String>, text: &str) -> Sheet {
    let mut sheet = Session::from_source(name, &crlf_as_blank(text)).evaluate();
    sheet.source = Arc::from(text);
    sheet
}

/// The text with each `\r` of a `\r\n` made a space (offsets unchanged).
pub(crate) fn crlf_as_blank(text: &str) -> String {
    text.replace("\r\n", " \n")
}

/// Whether the sheet may be written back: nothing is wrong but failed
/// asserts.
pub fn can_rewrite(sheet: &Sheet) -> bool {
    sheet.problems.iter().all(is_failed_assert)
}

pub fn is_failed_assert(problem: &Problem) -> bool {
    matches!(problem, Problem::Eval(EvalError::AssertFailed { .. }))
}

/// The script's text with every cell's value annotated, the whole text one
/// alignment region.
pub fn annotate(text: &str, sheet: &Sheet, digits: usize) -> Annotation {
    let whole = 0..text.len();
    annotate_regions(text, sheet, digits, std::slice::from_ref(&whole))
}

/// One line: `start..body_end` is its text, `body_end..end` its break.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Line {
    pub(crate) start: usize,
    pub(crate) body_end: usize,
    pub(crate) end: usize,
}

pub(crate) fn split_lines(text: &str) -> Vec<Line> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    while start < bytes.len() {
        let (body_end, end) = match bytes[start..].iter().position(|&b| b == b'\n') {
            Some(n) => {
                let newline = start + n;
                let body_end = if newline > start && bytes[newline - 1] == b'\r' {
                    newline - 1
                } else {
                    newline
                };
                (body_end, newline + 1)
            }
            None if bytes.ends_with(b"\r") => (bytes.len() - 1, bytes.len()),
            None => (bytes.len(), bytes.len()),
        };
        lines.push(Line {
            start,
            body_end,
            end,
        });
        start = end;
    }
    lines
}

/// Where a line's annotation starts: `# =>` inside its comment, at the
/// comment's start or after a blank.
pub(crate) fn marker_start(body: &str) -> Option<usize> {
    let comment = comment_start(body)?;
    let bytes = body.as_bytes();
    let mut from = comment;
    while let Some(found) = body[from..].find(MARKER) {
        let at = from + found;
        if at == comment || matches!(bytes[at - 1], b' ' | b'\t') {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// A line without its annotation and the blanks before it.
fn without_annotation(body: &str) -> &str {
    match marker_start(body) {
        Some(at) => body[..at].trim_end_matches([' ', '\t']),
        None => body.trim_end_matches([' ', '\t']),
    }
}

/// Display width in columns: tabs stop at multiples of 8; a byte-order
/// mark takes no room.
pub(crate) fn width(text: &str) -> usize {
    text.chars().fold(0, |w, c| match c {
        '\t' => (w / 8 + 1) * 8,
        '\u{FEFF}' => w,
        _ => w + 1,
    })
}

/// Annotates the cells whose statements lie in `regions` (each aligned on
/// its own; regions start at line starts). Lines outside them never change.
pub(crate) fn annotate_regions(
    text: &str,
    sheet: &Sheet,
    digits: usize,
    regions: &[Range<usize>],
) -> Annotation {
    let lines = split_lines(text);
    let found = values_by_line(text, &lines, sheet, digits, regions);
    let body = |index: usize| &text[lines[index].start..lines[index].body_end];
    let region_of = |offset: usize| regions.iter().position(|r| r.contains(&offset));

    // Each region's column.
    let mut columns = vec![0usize; regions.len()];
    for &index in found.annotated.keys() {
        if let Some(region) = region_of(lines[index].start) {
            let wanted = width(without_annotation(body(index))) + 2;
            if wanted <= ALIGN_LIMIT {
                columns[region] = columns[region].max(wanted);
            }
        }
    }

    let mut replaced: BTreeMap<usize, String> = BTreeMap::new();
    for &index in &found.inner {
        if found.annotated.contains_key(&index) {
            continue;
        }
        let line = body(index);
        let has_code = line
            .find(|c: char| !c.is_whitespace())
            .is_some_and(|code| comment_start(line) != Some(code));
        if has_code && marker_start(line).is_some() {
            replaced.insert(index, without_annotation(line).to_string());
        }
    }
    for (&index, values) in &found.annotated {
        let column = region_of(lines[index].start).map_or(0, |r| columns[r]);
        replaced.insert(index, annotated_line(body(index), column, values));
    }

    let mut out = String::with_capacity(text.len() + replaced.len() * 24);
    for (index, line) in lines.iter().enumerate() {
        match replaced.get(&index) {
            Some(new) => {
                out.push_str(new);
                out.push_str(&text[line.body_end..line.end]);
            }
            None => out.push_str(&text[line.start..line.end]),
        }
    }
    Annotation {
        text: out,
        cells: found.cells,
    }
}

/// The values to write into a text, by line.
struct Found<'s> {
    /// Line index → the values of the cells that end on it.
    annotated: BTreeMap<usize, Vec<(&'s str, String)>>,
    /// Other lines of annotated statements: stale annotations go.
    inner: Vec<usize>,
    cells: usize,
}

/// Each cell with a value whose statement lies within one region.
fn values_by_line<'s>(
    text: &str,
    lines: &[Line],
    sheet: &'s Sheet,
    digits: usize,
    regions: &[Range<usize>],
) -> Found<'s> {
    let line_of = |offset: usize| lines.partition_point(|l| l.end <= offset);
    let region_of = |offset: usize| regions.iter().position(|r| r.contains(&offset));
    let mut found = Found {
        annotated: BTreeMap::new(),
        inner: Vec::new(),
        cells: 0,
    };
    for cell in &sheet.cells {
        if !matches!(cell.kind, NodeKind::Cell | NodeKind::Expression) {
            continue;
        }
        let Some(value) = show_cell_with_note(cell, digits, &sheet.user_bases) else {
            continue;
        };
        let Some(statement) = text.get(cell.span.start..cell.span.end) else {
            continue;
        };
        let code = statement.trim();
        if code.is_empty() {
            continue;
        }
        let first = cell.span.start + (statement.len() - statement.trim_start().len());
        let last = first + code.len() - 1;
        match (region_of(first), region_of(last)) {
            (Some(a), Some(b)) if a == b => {}
            _ => continue,
        }
        let (first_line, last_line) = (line_of(first), line_of(last));
        if last_line >= lines.len() {
            continue;
        }
        found
            .annotated
            .entry(last_line)
            .or_default()
            .push((cell.name.as_str(), value));
        found.inner.extend(first_line..last_line);
        found.cells += 1;
    }
    found
}

/// A line's code with its values after the marker, at `column` (or two
/// blanks after the code, if that is further right).
fn annotated_line(line: &str, column: usize, values: &[(&str, String)]) -> String {
    let base = without_annotation(line);
    let pad = column.max(width(base) + 2) - width(base);
    let shown = match values {
        [(_, value)] => value.clone(),
        _ => values
            .iter()
            .map(|(name, value)| format!("{name} = {value}"))
            .collect::<Vec<_>>()
            .join("; "),
    };
    let mut new = String::with_capacity(base.len() + pad + MARKER.len() + shown.len() + 1);
    new.push_str(base);
    new.extend(std::iter::repeat_n(' ', pad));
    new.push_str(MARKER);
    if !shown.is_empty() {
        new.push(' ');
        new.push_str(&shown);
    }
    new
}

/// A line that differs between two versions of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineChange {
    /// 1-based.
    pub line: usize,
    /// The line's text without its break; `None` where one text has fewer
    /// lines.
    pub old: Option<String>,
    pub new: Option<String>,
}

/// The lines that differ, line by line (annotating never adds or removes
/// a line).
pub fn changed_lines(old: &str, new: &str) -> Vec<LineChange> {
    let body = |l: &str| l.strip_suffix('\r').unwrap_or(l).to_string();
    let mut old_lines = old.split('\n');
    let mut new_lines = new.split('\n');
    let mut changes = Vec::new();
    let mut line = 0;
    loop {
        line += 1;
        match (old_lines.next(), new_lines.next()) {
            (None, None) => return changes,
            (a, b) if a == b => {}
            (a, b) => changes.push(LineChange {
                line,
                old: a.map(body),
                new: b.map(body),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn annotated(text: &str) -> String {
        let rewrite = rewrite_script("test", text, 3);
        rewrite.annotation.expect("evaluates").text
    }

    #[test]
    fn values_are_aligned_and_replace_old_annotations() {
        let text = "params = 405B params\ntokens = 15.6T tokens  # => 1\ncompute = 6 FLOP/param/token * params * tokens  # Kaplan et al. (2020)\n";
        let once = annotated(text);
        assert_eq!(
            once,
            "params = 405B params   # => 405B params\n\
             tokens = 15.6T tokens  # => 15.6T tokens\n\
             compute = 6 FLOP/param/token * params * tokens  # Kaplan et al. (2020)  # => 3.79e25 FLOP\n"
        );
        assert_eq!(annotated(&once), once);
    }

    #[test]
    fn cells_sharing_a_line_and_multiline_statements() {
        let text = "a = 1; b = 2\nc = (a +  # => stale\n  b)\nassert c > a\n";
        assert_eq!(
            annotated(text),
            "a = 1; b = 2  # => a = 1; b = 2\nc = (a +\n  b)          # => 3\nassert c > a\n"
        );
    }

    #[test]
    fn hashes_in_strings_are_not_comments() {
        assert_eq!(marker_start("a = 1 # note # => 2"), Some(13));
        assert_eq!(marker_start("a = 1 # note#=> 2"), None);
        let text = "s = \"# => x\"\n";
        let once = annotated(text);
        assert_eq!(once, "s = \"# => x\"  # => \"# => x\"\n");
        assert_eq!(annotated(&once), once);
    }

    #[test]
    fn line_breaks_are_kept() {
        assert_eq!(
            annotated("a = 1\r\nb = a\r\n"),
            "a = 1  # => 1\r\nb = a  # => 1\r\n"
        );
        assert_eq!(annotated("a = 1\nb = 2"), "a = 1  # => 1\nb = 2  # => 2");
    }

    #[test]
    fn lines_split_with_their_breaks() {
        let lines = split_lines("a\r\nb\n\nc\r");
        let parts: Vec<(usize, usize, usize)> =
            lines.iter().map(|l| (l.start, l.body_end, l.end)).collect();
        assert_eq!(parts, vec![(0, 1, 3), (3, 4, 5), (5, 5, 6), (6, 7, 8)]);
    }

    #[test]
    fn changed_lines_pairs_old_and_new() {
        let changes = changed_lines("a\nb\r\nc", "a\nB\r\nc");
        assert_eq!(
            changes,
            vec![LineChange {
                line: 2,
                old: Some("b".into()),
                new: Some("B".into())
            }]
        );
    }
}
