//! `llmc fmt` and the language server's formatting: the canonical layout of
//! SPEC §8, for scripts and the llmc blocks of Markdown documents.
//!
//! The rules, all about the blanks *between* the parts of a statement, so
//! that formatting never changes a value (SPEC §2.4: inside an expression,
//! spaces carry meaning, and nothing there is touched):
//! - A cell alone on its line is `name = expression`, with one space either
//!   side of `=`; the `=` of consecutive such cells stand in one column (a
//!   blank line, a comment line or any other statement starts a new group).
//! - Their trailing comments stand in one column per group, two spaces after
//!   the longest line (a line wider than [`ALIGN_LIMIT`] does not push the
//!   column out), as `llmc doc` aligns its values. A comment holding a
//!   `# =>` annotation keeps its column: `llmc doc` and `--annotate` own it,
//!   and moving it would make `llmc doc --check` report it as stale.
//! - Statements and comment lines start in column 0; the fields of a record
//!   (one per line) are indented by two spaces and aligned like cells.
//! - Trailing blanks go, and a script ends with exactly one line break (a
//!   Markdown block with none after its last line).
//! - Lines inside a multi-line statement keep their text (only trailing
//!   blanks go); line breaks (`\n`, `\r\n`) are kept.
//!
//! A text with syntax errors is not formatted: its statements' extent is
//! unknown, and a formatter must never guess.

use std::ops::Range;

use crate::annotate::{ALIGN_LIMIT, Line, crlf_as_blank, marker_start, split_lines, width};
use crate::markdown;
use crate::syntax::SyntaxError;
use crate::syntax::ast::{Record, Statement, StatementKind};
use crate::syntax::lexicon::comment_start;
use crate::syntax::parse_program;

/// What a text is: how it is evaluated and formatted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    /// A `.llmc` script.
    Script,
    /// A Markdown document whose llmc blocks form one sheet.
    Markdown,
}

impl DocumentKind {
    /// Markdown for `.md` and `.markdown` names, else a script.
    pub fn of_name(name: &str) -> DocumentKind {
        let extension = name.rsplit_once('.').map_or("", |(_, e)| e);
        if extension.eq_ignore_ascii_case("md") || extension.eq_ignore_ascii_case("markdown") {
            DocumentKind::Markdown
        } else {
            DocumentKind::Script
        }
    }
}

/// The text in canonical layout, or the syntax errors that stop formatting
/// (spans index `text`).
pub fn format(text: &str, kind: DocumentKind) -> Result<String, Vec<SyntaxError>> {
    match kind {
        DocumentKind::Script => format_region(text, Ending::OneLineBreak),
        DocumentKind::Markdown => format_markdown(text),
    }
}

/// Formats each llmc block of a document on its own; nothing outside the
/// blocks changes. A block inside a list item or block quote is formatted
/// without its lines' container prefixes, which are then put back as they
/// were.
fn format_markdown(doc: &str) -> Result<String, Vec<SyntaxError>> {
    let mut out = String::with_capacity(doc.len());
    let mut errors = Vec::new();
    let mut from = 0;
    let blocks = markdown::llmc_blocks(doc);
    // Only for errors: the blocks' text where it stands in the document.
    let mut sheet_source = None;
    for block in &blocks {
        let content = block.content.clone();
        out.push_str(&doc[from..content.start]);
        let text: String = block.lines.iter().map(|l| &doc[l.clone()]).collect();
        match format_region(&text, Ending::AsWritten) {
            Ok(formatted) => {
                for (prefix, line) in block.prefixes(doc).zip(formatted.split_inclusive('\n')) {
                    out.push_str(prefix);
                    out.push_str(line);
                }
            }
            Err(_) => {
                let source =
                    sheet_source.get_or_insert_with(|| markdown::sheet_source(doc, &blocks));
                errors.extend(parse_program(&source[content.clone()], content.start).errors);
            }
        }
        from = content.end;
    }
    out.push_str(&doc[from..]);
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// How a formatted region ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    /// A whole script: exactly one line break after the last line.
    OneLineBreak,
    /// A Markdown block: trailing blank lines go; the last line keeps its
    /// break or its lack of one.
    AsWritten,
}

/// What formatting does to one line.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Role {
    /// Not claimed by any statement yet.
    Free,
    /// A cell or field alone on its line: aligned with its group.
    Assignment {
        indent: usize,
        name: Range<usize>,
        expr: Range<usize>,
    },
    /// The first line of another statement, or a record's closing brace.
    Start {
        indent: usize,
        code: usize,
    },
    /// A comment alone on its line.
    Comment {
        indent: usize,
        start: usize,
    },
    Blank,
    /// Inside a statement: only trailing blanks go.
    Verbatim,
}

const FIELD_INDENT: usize = 2;

/// The canonical layout of `text` (a script, or one llmc block's lines);
/// errors carry spans of `text`.
fn format_region(text: &str, ending: Ending) -> Result<String, Vec<SyntaxError>> {
    let blanked = crlf_as_blank(text);
    let parsed = parse_program(&blanked, 0);
    if !parsed.errors.is_empty() {
        return Err(parsed.errors);
    }
    let lines = split_lines(text);
    let roles = roles(text, &lines, &parsed.statements);
    let mut bodies: Vec<String> = lines
        .iter()
        .zip(&roles)
        .map(|(line, role)| laid_out_alone(&text[line.start..line.body_end], line.start, role))
        .collect();
    align_groups(text, &lines, &roles, &mut bodies);

    let mut kept = bodies.len();
    while kept > 0 && bodies[kept - 1].is_empty() {
        kept -= 1;
    }
    let mut out = String::with_capacity(text.len());
    for (index, body) in bodies.iter().take(kept).enumerate() {
        out.push_str(body);
        let line = lines[index];
        out.push_str(&text[line.body_end..line.end]);
    }
    if ending == Ending::OneLineBreak && kept > 0 && lines[kept - 1].body_end == lines[kept - 1].end
    {
        out.push_str(if text.contains("\r\n") { "\r\n" } else { "\n" });
    }
    Ok(out)
}

/// Each line's role, from the statements' spans.
fn roles(text: &str, lines: &[Line], statements: &[Statement]) -> Vec<Role> {
    let line_of = |offset: usize| lines.partition_point(|l| l.end <= offset);
    let body = |index: usize| &text[lines[index].start..lines[index].body_end];
    // A span alone on its lines: only blanks before it, only blanks or a
    // comment after it, and no other statement sharing either line.
    let mut starts_on = vec![0usize; lines.len()];
    let mut ends_on = vec![0usize; lines.len()];
    for statement in statements {
        if let Some((first, last)) = lines_of(statement.span.start..statement.span.end, &line_of) {
            starts_on[first] += 1;
            ends_on[last] += 1;
        }
    }
    let starts_line = |offset: usize, index: usize| {
        text[lines[index].start..offset]
            .trim_start_matches([' ', '\t'])
            .is_empty()
    };
    let ends_line = |offset: usize, index: usize| {
        let rest = text[offset..lines[index].body_end].trim_start_matches([' ', '\t']);
        rest.is_empty() || rest.starts_with('#')
    };

    let mut roles = vec![Role::Free; lines.len()];
    for statement in statements {
        let span = statement.span.start..statement.span.end;
        let Some((first, last)) = lines_of(span.clone(), &line_of) else {
            continue;
        };
        for role in &mut roles[first + 1..=last] {
            *role = Role::Verbatim;
        }
        if !starts_line(span.start, first) || starts_on[first] > 1 || ends_on[first] > 1 {
            if roles[first] == Role::Free {
                roles[first] = Role::Verbatim;
            }
            continue;
        }
        let alone = first == last && ends_line(span.end, last);
        roles[first] = match &statement.kind {
            StatementKind::Cell { name, expr } if alone => Role::Assignment {
                indent: 0,
                name: name.span.start..name.span.end,
                expr: expr.span.start..span.end,
            },
            _ => Role::Start {
                indent: 0,
                code: span.start,
            },
        };
        if let StatementKind::Model(record) | StatementKind::Accelerator(record) = &statement.kind
            && first < last
        {
            record_roles(text, lines, record, first, last, &mut roles);
        }
    }
    for (index, role) in roles.iter_mut().enumerate() {
        if *role == Role::Free {
            *role = free_line(body(index), lines[index].start, 0);
        }
    }
    roles
}

/// The first and last line of a non-empty span.
fn lines_of(span: Range<usize>, line_of: &impl Fn(usize) -> usize) -> Option<(usize, usize)> {
    (span.end > span.start).then(|| (line_of(span.start), line_of(span.end - 1)))
}

/// The lines of a record written over several lines: fields alone on their
/// lines are aligned, other lines between the braces are indented, and a
/// closing brace that starts its line goes to column 0.
fn record_roles(
    text: &str,
    lines: &[Line],
    record: &Record,
    first: usize,
    last: usize,
    roles: &mut [Role],
) {
    let line_of = |offset: usize| lines.partition_point(|l| l.end <= offset);
    let body = |index: usize| &text[lines[index].start..lines[index].body_end];
    let interior = first + 1..last;
    for index in interior.clone() {
        roles[index] = Role::Free;
    }
    let mut field_starts = vec![0usize; lines.len()];
    for field in &record.fields {
        field_starts[line_of(field.name.span.start)] += 1;
    }
    for field in &record.fields {
        let span = field.name.span.start..field.expr.span.end;
        let Some((start, end)) = lines_of(span.clone(), &line_of) else {
            continue;
        };
        if !interior.contains(&start) {
            continue;
        }
        for role in &mut roles[start + 1..=end.min(last)] {
            *role = Role::Verbatim;
        }
        let leading = text[lines[start].start..span.start]
            .trim_start_matches([' ', '\t'])
            .is_empty();
        let trailing = text[span.end..lines[end].body_end].trim_start_matches([' ', '\t']);
        roles[start] = if !leading || field_starts[start] > 1 {
            Role::Verbatim
        } else if start == end && (trailing.is_empty() || trailing.starts_with('#')) {
            Role::Assignment {
                indent: FIELD_INDENT,
                name: field.name.span.start..field.name.span.end,
                expr: field.expr.span.start..span.end,
            }
        } else {
            Role::Start {
                indent: FIELD_INDENT,
                code: span.start,
            }
        };
    }
    for index in interior {
        if roles[index] == Role::Free {
            roles[index] = free_line(body(index), lines[index].start, FIELD_INDENT);
        }
    }
    let closing = body(last);
    if roles[last] == Role::Verbatim && closing.trim_start_matches([' ', '\t']).starts_with('}') {
        let code =
            lines[last].start + closing.len() - closing.trim_start_matches([' ', '\t']).len();
        roles[last] = Role::Start { indent: 0, code };
    }
}

/// A line no statement starts on: blank, a comment, or the rest of
/// something (a `;`) kept as it is.
fn free_line(body: &str, start: usize, indent: usize) -> Role {
    let code = body.trim_start_matches([' ', '\t']);
    if code.is_empty() {
        Role::Blank
    } else if code.starts_with('#') {
        Role::Comment {
            indent,
            start: start + body.len() - code.len(),
        }
    } else {
        Role::Verbatim
    }
}

/// A line's text when it is not part of an aligned group.
fn laid_out_alone(body: &str, line_start: usize, role: &Role) -> String {
    let indented = |indent: usize, from: usize| {
        let rest = body[from - line_start..].trim_end_matches([' ', '\t']);
        format!("{:indent$}{rest}", "")
    };
    match role {
        Role::Start { indent, code } => indented(*indent, *code),
        Role::Comment { indent, start } => indented(*indent, *start),
        Role::Blank => String::new(),
        // Aligned with their group by `align_groups`.
        Role::Free | Role::Assignment { .. } | Role::Verbatim => {
            body.trim_end_matches([' ', '\t']).to_string()
        }
    }
}

/// Lays out each run of consecutive assignment lines with the same indent:
/// the `=` in one column, the trailing comments in another.
fn align_groups(text: &str, lines: &[Line], roles: &[Role], bodies: &mut [String]) {
    let mut index = 0;
    while index < roles.len() {
        let Role::Assignment { indent, .. } = roles[index] else {
            index += 1;
            continue;
        };
        let mut end = index + 1;
        while matches!(roles.get(end), Some(Role::Assignment { indent: i, .. }) if *i == indent) {
            end += 1;
        }
        align_group(
            text,
            lines,
            &roles[index..end],
            &mut bodies[index..end],
            index,
        );
        index = end;
    }
}

fn align_group(text: &str, lines: &[Line], roles: &[Role], bodies: &mut [String], first: usize) {
    struct Parts<'a> {
        indent: usize,
        name: &'a str,
        expr: &'a str,
        /// The trailing comment and the column it stands in now.
        comment: Option<(&'a str, usize)>,
    }
    let parts: Vec<Parts> = roles
        .iter()
        .enumerate()
        .filter_map(|(offset, role)| {
            let Role::Assignment { indent, name, expr } = role else {
                return None;
            };
            let line = lines[first + offset];
            let body = &text[line.start..line.body_end];
            let comment = comment_start(body)
                .filter(|&at| line.start + at >= expr.end)
                .map(|at| (body[at..].trim_end_matches([' ', '\t']), width(&body[..at])));
            Some(Parts {
                indent: *indent,
                name: &text[name.clone()],
                expr: text[expr.clone()].trim_end_matches([' ', '\t']),
                comment,
            })
        })
        .collect();
    let name_width = parts.iter().map(|p| width(p.name)).max().unwrap_or(0);
    let codes: Vec<String> = parts
        .iter()
        .map(|p| {
            let pad = name_width - width(p.name);
            format!(
                "{:indent$}{}{:pad$} = {}",
                "",
                p.name,
                "",
                p.expr,
                indent = p.indent
            )
        })
        .collect();
    let is_annotation = |comment: &str| marker_start(comment).is_some();
    let column = parts
        .iter()
        .zip(&codes)
        .filter(|(p, _)| p.comment.is_some_and(|(c, _)| !is_annotation(c)))
        .map(|(_, code)| width(code) + 2)
        .filter(|&wanted| wanted <= ALIGN_LIMIT)
        .max()
        .unwrap_or(0);
    for ((part, code), body) in parts.iter().zip(codes).zip(bodies.iter_mut()) {
        let least = width(&code) + 2;
        *body = match part.comment {
            None => code,
            Some((comment, now)) => {
                let at = if is_annotation(comment) { now } else { column };
                let pad = at.max(least) - width(&code);
                format!("{code}{:pad$}{comment}", "")
            }
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn script(text: &str) -> String {
        format(text, DocumentKind::Script).expect("formats")
    }

    #[test]
    fn cells_align_their_equals_and_comments_in_groups() {
        let text = "params=405B params # N\ntokens =  15.6T tokens   # D\ncompute = 6 FLOP/param/token * params * tokens # C\n\n  a = 1\n# note\nbb = 2\n";
        assert_eq!(
            script(text),
            "params  = 405B params                           # N\n\
             tokens  = 15.6T tokens                          # D\n\
             compute = 6 FLOP/param/token * params * tokens  # C\n\
             \n\
             a = 1\n\
             # note\n\
             bb = 2\n"
        );
    }

    #[test]
    fn spaces_inside_expressions_are_kept() {
        let text = "a = $2 / GPU / hour\nb=1 / 2 h\nc = compute / 16000 GPU\n";
        assert_eq!(
            script(text),
            "a = $2 / GPU / hour\nb = 1 / 2 h\nc = compute / 16000 GPU\n"
        );
    }

    #[test]
    fn records_indent_their_fields() {
        let text = "model m {\nparams = 1B params\n      layers=2\n # a comment\n    }\naccelerator c { bf16 = 1 TFLOPS }\n";
        assert_eq!(
            script(text),
            "model m {\n  params = 1B params\n  layers = 2\n  # a comment\n}\naccelerator c { bf16 = 1 TFLOPS }\n"
        );
    }

    #[test]
    fn multiline_statements_and_shared_lines_keep_their_text() {
        let text = "total = (a +   \n     b)\na = 1;  b = 2   \n   assert a < b\n";
        assert_eq!(
            script(text),
            "total = (a +\n     b)\na = 1;  b = 2\nassert a < b\n"
        );
    }

    #[test]
    fn the_file_ends_with_one_line_break() {
        assert_eq!(script("a = 1"), "a = 1\n");
        assert_eq!(script("a = 1\n\n\n"), "a = 1\n");
        assert_eq!(script("a = 1\r\nb  = 2\r\n\r\n"), "a = 1\r\nb = 2\r\n");
        assert_eq!(script(""), "");
        assert_eq!(script("\n \n"), "");
    }

    #[test]
    fn annotations_keep_their_column() {
        let text = "a=1        # => 1\nbbbb = 2   # => 2\nc = 3 # plain\n";
        assert_eq!(
            script(text),
            "a    = 1   # => 1\nbbbb = 2   # => 2\nc    = 3  # plain\n"
        );
    }

    #[test]
    fn syntax_errors_stop_formatting() {
        let errors = format("a = (1 +\nb = 2\n", DocumentKind::Script).unwrap_err();
        assert!(!errors.is_empty());
    }

    #[test]
    fn markdown_formats_only_llmc_blocks() {
        let doc = "Text  \n```llmc\na=1   \n\n```\n```python\nx=1  \n```\n";
        assert_eq!(
            format(doc, DocumentKind::Markdown).unwrap(),
            "Text  \n```llmc\na = 1\n```\n```python\nx=1  \n```\n"
        );
        let broken = "# Plan\n```llmc\na = (\n```\n";
        let errors = format(broken, DocumentKind::Markdown).unwrap_err();
        assert!(errors[0].span().start >= 14);
    }

    #[test]
    fn kinds_follow_the_file_name() {
        assert_eq!(DocumentKind::of_name("plan.MD"), DocumentKind::Markdown);
        assert_eq!(DocumentKind::of_name("a.markdown"), DocumentKind::Markdown);
        assert_eq!(DocumentKind::of_name("a.llmc"), DocumentKind::Script);
    }
}
