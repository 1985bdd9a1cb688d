//! Markdown planning documents (`llmc doc`): the ```` ```llmc ```` fenced
//! blocks of a document are evaluated as one sheet, and each cell's value
//! is written into its block as a `# => value` annotation.
//!
//! Fences follow CommonMark: a line of at least three backticks or tildes,
//! indented by at most three spaces; a backtick fence's info string has no
//! backtick; the block closes at a line of the same character, at least as
//! long, followed only by blanks, or runs to the end of the document. A
//! block is an llmc block when the first word of its info string is `llmc`.
//! Lines inside an HTML comment (`<!--` … `-->`) open no block, so a
//! commented-out block stays out of the sheet. Blocks inside block quotes
//! and list items are not recognised.
//!
//! The sheet's source is the whole document with every byte outside llmc
//! blocks made a blank (line breaks kept): spans, line and column numbers
//! are the document's own, and diagnostics render against the document.
//! Text outside llmc blocks is never changed.

use std::ops::Range;
use std::sync::Arc;

use crate::annotate::{Rewrite, annotate_regions, can_rewrite};
use crate::diagnostic::Problem;
use crate::session::{Session, Sheet};
use crate::syntax::brackets;

/// One fenced code block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The opening fence line, without its line break.
    pub open: Range<usize>,
    /// The lines between the fences, with their line breaks. Starts at a
    /// line start; ends where the closing fence's line starts (or at the
    /// end of the document).
    pub content: Range<usize>,
    /// The closing fence line without its line break, when there is one.
    pub close: Option<Range<usize>>,
    /// The first word of the info string (`llmc`, `python`, or empty).
    pub language: String,
}

impl Block {
    pub fn is_llmc(&self) -> bool {
        self.language == "llmc"
    }
}

struct Fence {
    char: u8,
    len: usize,
}

/// A fence: up to three spaces, then three or more backticks or tildes.
/// Returns the fence and what follows it on the line.
fn fence(line: &str) -> Option<(Fence, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let char = *rest.as_bytes().first()?;
    if char != b'`' && char != b'~' {
        return None;
    }
    let len = rest.len() - rest.trim_start_matches(char as char).len();
    (len >= 3).then(|| (Fence { char, len }, &rest[len..]))
}

/// Every fenced code block of a document, in order.
pub fn blocks(doc: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut open: Option<(Fence, Block)> = None;
    let mut in_html_comment = false;
    let mut start = 0;
    while start < doc.len() {
        let end = doc[start..].find('\n').map_or(doc.len(), |n| start + n + 1);
        let body_end = doc[..end].strip_suffix('\n').map_or(end, str::len);
        let body_end = doc[..body_end]
            .strip_suffix('\r')
            .map_or(body_end, str::len);
        let mut line = &doc[start..body_end];
        if start == 0 {
            line = line.strip_prefix('\u{feff}').unwrap_or(line);
        }
        match &mut open {
            Some((opening, block)) => {
                if let Some((closing, rest)) = fence(line)
                    && closing.char == opening.char
                    && closing.len >= opening.len
                    && rest.trim_matches([' ', '\t']).is_empty()
                {
                    block.content.end = start;
                    block.close = Some(start..body_end);
                    blocks.push(block.clone());
                    open = None;
                }
            }
            None if in_html_comment => in_html_comment = !line.contains("-->"),
            None => {
                let trimmed = line.trim_start_matches(' ');
                if line.len() - trimmed.len() <= 3
                    && let Some(after) = trimmed.strip_prefix("<!--")
                {
                    in_html_comment = !after.contains("-->");
                } else if let Some((opening, info)) = fence(line)
                    && !(opening.char == b'`' && info.contains('`'))
                {
                    let language = info.split_whitespace().next().unwrap_or("").to_string();
                    let block = Block {
                        open: start..body_end,
                        content: end..doc.len(),
                        close: None,
                        language,
                    };
                    open = Some((opening, block));
                }
            }
        }
        start = end;
    }
    if let Some((_, block)) = open {
        blocks.push(block);
    }
    blocks
}

/// The document's llmc blocks, in order.
pub fn llmc_blocks(doc: &str) -> Vec<Block> {
    blocks(doc).into_iter().filter(Block::is_llmc).collect()
}

/// The sheet's source: the document with every byte outside llmc blocks a
/// blank and line breaks kept (a `\r` of `\r\n` is a blank too), so byte
/// offsets and line numbers are the document's.
pub fn sheet_source(doc: &str, llmc: &[Block]) -> String {
    let mut bytes: Vec<u8> = doc
        .bytes()
        .map(|b| if b == b'\n' { b'\n' } else { b' ' })
        .collect();
    for block in llmc {
        let content = block.content.clone();
        bytes[content.clone()].copy_from_slice(&doc.as_bytes()[content.clone()]);
        for i in content {
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                bytes[i] = b' ';
            }
        }
    }
    // Blocks start and end at line starts, so every kept run is whole
    // characters; lossy conversion never replaces anything.
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Evaluates all llmc blocks of a document as one sheet. The sheet's
/// `source` is the document, `name` its name in diagnostics. A block that
/// ends inside a bracket is an error at that bracket (a block never
/// continues into the next one).
pub fn evaluate(name: impl Into<String>, doc: &str) -> Sheet {
    evaluate_session(&session(name, doc), doc)
}

/// The session of a document's llmc blocks: its source is
/// [`sheet_source`], so spans are the document's own.
pub fn session(name: impl Into<String>, doc: &str) -> Session {
    Session::from_source(name, &sheet_source(doc, &llmc_blocks(doc)))
}

/// The [`session`] of an edited document, reusing the statements of the
/// earlier version's session whose text is unchanged.
pub fn edited_session(name: impl Into<String>, doc: &str, earlier: &Session) -> Session {
    Session::from_edited_source(name, &sheet_source(doc, &llmc_blocks(doc)), earlier)
}

/// Evaluates a document's [`session`] (the language server keeps the
/// session for its name look-ups).
pub fn evaluate_session(session: &Session, doc: &str) -> Sheet {
    with_block_errors(session.evaluate(), session, doc)
}

/// [`evaluate_session`] after an edit, reusing the values of the earlier
/// session's sheet that the edit left unchanged (see
/// [`Session::evaluate_after_edit`]).
pub fn evaluate_edited_session(
    session: &Session,
    doc: &str,
    earlier: &Session,
    earlier_sheet: &Sheet,
) -> Sheet {
    let sheet = session.evaluate_after_edit(earlier, earlier_sheet);
    with_block_errors(sheet, session, doc)
}

/// A block's own bracket errors, and the document as the sheet's source.
fn with_block_errors(mut sheet: Sheet, session: &Session, doc: &str) -> Sheet {
    let llmc = llmc_blocks(doc);
    let source = session.source();
    for block in &llmc {
        if let Err(error) = brackets::prepare(&source[block.content.clone()], block.content.start) {
            let problem = Problem::Syntax(error);
            if !sheet.problems.iter().any(|p| p.span() == problem.span()) {
                sheet.problems.push(problem);
            }
        }
    }
    sheet.problems.sort_by_key(|p| p.span().start);
    sheet.source = Arc::from(doc);
    sheet
}

/// Evaluates a document and annotates its llmc blocks, each block aligned
/// on its own.
pub fn rewrite(name: impl Into<String>, doc: &str, digits: usize) -> Rewrite {
    let sheet = evaluate(name, doc);
    let annotation = can_rewrite(&sheet).then(|| {
        let regions: Vec<Range<usize>> = llmc_blocks(doc).into_iter().map(|b| b.content).collect();
        annotate_regions(doc, &sheet, digits, &regions)
    });
    Rewrite { sheet, annotation }
}

/// The text outside llmc blocks' contents: before the first, between each
/// pair, after the last. Two documents whose parts are equal differ only
/// inside llmc blocks.
pub fn outside_llmc(doc: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut from = 0;
    for block in llmc_blocks(doc) {
        parts.push(&doc[from..block.content.start]);
        from = block.content.end;
    }
    parts.push(&doc[from..]);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn languages(doc: &str) -> Vec<String> {
        blocks(doc).into_iter().map(|b| b.language).collect()
    }

    #[test]
    fn fences_open_and_close_as_in_commonmark() {
        let doc = "```llmc\na = 1\n```\n~~~python\n```llmc\n~~~\n````\n```llmc\n```\n````\n";
        assert_eq!(languages(doc), vec!["llmc", "python", ""]);
        let first = &blocks(doc)[0];
        assert_eq!(&doc[first.content.clone()], "a = 1\n");
        assert_eq!(&doc[first.open.clone()], "```llmc");
        assert_eq!(first.close.clone().map(|c| &doc[c]), Some("```"));
    }

    #[test]
    fn indentation_info_strings_and_unclosed_blocks() {
        assert_eq!(languages("    ```llmc\na\n```\n"), vec![""]);
        assert_eq!(languages("   ```llmc title\na\n```\n"), vec!["llmc"]);
        assert_eq!(languages("``` llmc\n```\n"), vec!["llmc"]);
        assert!(languages("```llmc`\n").is_empty());
        assert_eq!(languages("~~~llmc`\n~~~\n"), vec!["llmc`"]);
        assert!(languages("``\n").is_empty());
        let doc = "```llmc\na = 1\n``` not a close\n";
        assert_eq!(blocks(doc)[0].content, 8..doc.len());
        assert_eq!(blocks(doc)[0].close, None);
        assert_eq!(blocks("```llmc\r\na\r\n```\r\n")[0].content, 9..12);
    }

    #[test]
    fn html_comments_hide_fences() {
        assert!(languages("<!--\n```llmc\na = 1\n```\n-->\n").is_empty());
        assert_eq!(languages("<!-- x -->\n```llmc\n```\n"), vec!["llmc"]);
    }

    #[test]
    fn the_sheet_source_keeps_offsets() {
        let doc = "Prose é\n```llmc\na = 1\r\n```\n";
        let source = sheet_source(doc, &llmc_blocks(doc));
        assert_eq!(source.len(), doc.len());
        assert_eq!(source, "        \n       \na = 1 \n   \n");
    }

    #[test]
    fn blocks_form_one_sheet_and_do_not_run_into_each_other() {
        let doc = "```llmc\na = 2 h\n```\ntext\n```llmc\nb = a -> min\n```\n";
        let rewrite = rewrite("doc.md", doc, 3);
        assert_eq!(
            rewrite.annotation.unwrap().text,
            "```llmc\na = 2 h  # => 2.00 h\n```\ntext\n```llmc\nb = a -> min  # => 120 min\n```\n"
        );
        let doc = "```llmc\na = (1 +\n```\n```llmc\n2)\n```\n";
        let sheet = evaluate("doc.md", doc);
        assert!(sheet.has_errors());
        assert_eq!(sheet.problems[0].span().start, 12);
    }
}
