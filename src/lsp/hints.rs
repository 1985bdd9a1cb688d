//! Each cell's value as an inlay hint at the end of the line its statement
//! ends on; cells sharing a line share the hint (`a = 1; b = 2`), as the
//! `# =>` annotations of `llmc doc` do.

use std::collections::BTreeMap;

use lsp_types::{InlayHint, InlayHintKind, InlayHintLabel, Range};

use super::analysis::Analysis;
use crate::eval::NodeKind;
use crate::format::show_report;

/// Significant digits of hints and hovers, as `llmc run` shows by default.
pub const DIGITS: usize = 3;

pub fn inlay_hints(analysis: &Analysis, range: Range) -> Vec<InlayHint> {
    let text = &analysis.text;
    let sheet = &analysis.sheet;
    let mut by_line: BTreeMap<usize, Vec<(&str, String)>> = BTreeMap::new();
    for cell in &sheet.cells {
        if !matches!(cell.kind, NodeKind::Cell | NodeKind::Expression) || cell.span.is_empty() {
            continue;
        }
        // Editors ask for the lines on screen: only those values are shown.
        let line = analysis.lines.line_of(cell.span.end - 1);
        if (line as u32) < range.start.line || (line as u32) > range.end.line {
            continue;
        }
        let Some(shown) = show_report(cell, DIGITS, &sheet.user_bases) else {
            continue;
        };
        by_line.entry(line).or_default().push((&cell.name, shown));
    }
    by_line
        .into_iter()
        .map(|(line, values)| {
            let (start, body) = analysis.lines.line(text, line);
            let label = match values.as_slice() {
                [(_, value)] => format!("= {value}"),
                _ => values
                    .iter()
                    .map(|(name, value)| format!("{name} = {value}"))
                    .collect::<Vec<_>>()
                    .join("; "),
            };
            InlayHint {
                position: analysis.lines.position(text, start + body.len()),
                label: InlayHintLabel::String(label),
                kind: None::<InlayHintKind>,
                text_edits: None,
                tooltip: None,
                padding_left: Some(true),
                padding_right: None,
                data: None,
            }
        })
        .collect()
}
