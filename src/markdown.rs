//! Markdown planning documents (`llmc doc`): the ```` ```llmc ```` fenced
//! blocks of a document are evaluated as one sheet, and each cell's value
//! is written into its block as a `# => value` annotation.
//!
//! Blocks are found by pulldown-cmark, so llmc sees what a CommonMark
//! renderer shows: a fenced block is a code block inside a list item or a
//! block quote too, an indented block or a fence inside an HTML block is
//! not llmc, and an unclosed fence runs to the end of its container. A
//! block is an llmc block when the first word of its info string is `llmc`.
//! Inside a container, a block's lines carry the container's prefix (`> `,
//! the item's indentation); only the text after it is llmc.
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

/// One code block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The opening fence from its first backtick or tilde to the end of its
    /// line (without the line break): the fence and its info string. Empty,
    /// at the block's start, for an indented block.
    pub open: Range<usize>,
    /// The whole lines between the fences, container prefixes and line
    /// breaks included: from the line after the opening fence to the start
    /// of the closing fence's line (or the end of the block, unclosed).
    pub content: Range<usize>,
    /// Each line of `content` without its container's prefix (`> `, a list
    /// item's indentation), with its line break: the block's own text.
    pub lines: Vec<Range<usize>>,
    /// The first word of the info string (`llmc`, `python`, or empty, as
    /// for an indented block).
    pub language: String,
}

impl Block {
    pub fn is_llmc(&self) -> bool {
        self.language == "llmc"
    }

    /// The container prefix of each line, before its text.
    pub fn prefixes<'d>(&self, doc: &'d str) -> impl Iterator<Item = &'d str> {
        self.lines
            .iter()
            .map(move |line| &doc[line_start(doc, line.start).max(self.content.start)..line.start])
    }
}

/// A block being read: its whole range, language (`None` for an indented
/// block) and its text so far.
type OpenBlock = (Range<usize>, Option<String>, Vec<Range<usize>>);

/// Every code block of a document, in order.
pub fn blocks(doc: &str) -> Vec<Block> {
    use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
    let mut blocks = Vec::new();
    let mut open: Option<OpenBlock> = None;
    for (event, range) in Parser::new(doc).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let language = match kind {
                    CodeBlockKind::Fenced(info) => {
                        Some(info.split_whitespace().next().unwrap_or("").to_string())
                    }
                    CodeBlockKind::Indented => None,
                };
                open = Some((range, language, Vec::new()));
            }
            Event::Text(text) => {
                if let Some((_, _, pieces)) = &mut open {
                    // Text that is not all the document's own bytes (a tab
                    // partly taken by the indentation): its end is.
                    let own = &doc[range.clone()];
                    let common = own
                        .bytes()
                        .rev()
                        .zip(text.bytes().rev())
                        .take_while(|(a, b)| a == b)
                        .count();
                    let mut start = range.end - common;
                    while !doc.is_char_boundary(start) {
                        start += 1;
                    }
                    pieces.push(start..range.end);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((whole, language, pieces)) = open.take() {
                    let content = content_lines(doc, &whole, &pieces);
                    let fence_line = match language {
                        Some(_) => doc[whole.clone()].lines().next().unwrap_or(""),
                        None => "",
                    };
                    blocks.push(Block {
                        open: whole.start..whole.start + fence_line.len(),
                        lines: line_texts(doc, &content, &pieces),
                        content,
                        language: language.unwrap_or_default(),
                    });
                }
            }
            _ => {}
        }
    }
    blocks
}

fn line_start(doc: &str, at: usize) -> usize {
    doc[..at].rfind('\n').map_or(0, |n| n + 1)
}

/// The whole lines of a block's content, from pulldown-cmark's range of
/// the block and of its text: after the opening fence's line (an indented
/// block has none), to the start of the closing fence's line.
fn content_lines(doc: &str, whole: &Range<usize>, pieces: &[Range<usize>]) -> Range<usize> {
    let (Some(first), Some(last)) = (pieces.first(), pieces.last()) else {
        // No text: an empty block, between its fences or to its end.
        let after_open = doc[whole.clone()]
            .find('\n')
            .map_or(whole.end, |n| whole.start + n + 1);
        return after_open..line_start(doc, whole.end).max(after_open);
    };
    let start = line_start(doc, first.start);
    // The closing fence's line, when there is one, starts after the text.
    let end = if last.end < whole.end {
        line_start(doc, whole.end).max(last.end)
    } else {
        whole.end
    };
    start..end
}

/// Each line of `content` from where its text starts (the first piece on
/// it, or the line's start inside a piece that began above) to its end.
fn line_texts(doc: &str, content: &Range<usize>, pieces: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut next_piece = 0;
    let mut start = content.start;
    while start < content.end {
        let end = doc[start..content.end]
            .find('\n')
            .map_or(content.end, |n| start + n + 1);
        while next_piece < pieces.len() && pieces[next_piece].end <= start {
            next_piece += 1;
        }
        let text_start = match pieces.get(next_piece) {
            Some(piece) if piece.start < end => piece.start.max(start),
            // No text on this line: all of it but its break is prefix.
            _ => doc[..end].trim_end_matches(['\n', '\r']).len().max(start),
        };
        lines.push(text_start..end);
        start = end;
    }
    lines
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
    for line in llmc.iter().flat_map(|b| &b.lines) {
        bytes[line.clone()].copy_from_slice(&doc.as_bytes()[line.clone()]);
        for i in line.clone() {
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                bytes[i] = b' ';
            }
        }
    }
    // Each kept run starts after a prefix of ASCII blanks and `>` and ends
    // at a line break or the block's end, so it is whole characters: lossy
    // conversion never replaces anything.
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

    /// Each block's own text, prefixes left out.
    fn texts(doc: &str) -> Vec<String> {
        blocks(doc)
            .iter()
            .map(|b| b.lines.iter().map(|l| &doc[l.clone()]).collect())
            .collect()
    }

    #[test]
    fn fences_open_and_close_as_in_commonmark() {
        let doc = "```llmc\na = 1\n```\n~~~python\n```llmc\n~~~\n````\n```llmc\n```\n````\n";
        assert_eq!(languages(doc), vec!["llmc", "python", ""]);
        assert_eq!(texts(doc), vec!["a = 1\n", "```llmc\n", "```llmc\n```\n"]);
        assert_eq!(&doc[blocks(doc)[0].content.clone()], "a = 1\n");
        assert_eq!(&doc[blocks(doc)[0].open.clone()], "```llmc");
        // A closing fence at least as long as the opening one, of its kind.
        let doc = "~~~~llmc\na = 1\n~~~\n```\n~~~~~\nafter\n";
        assert_eq!(texts(doc), vec!["a = 1\n~~~\n```\n"]);
    }

    #[test]
    fn indentation_info_strings_and_unclosed_blocks() {
        // Four spaces make an indented code block: not llmc.
        assert_eq!(languages("    ```llmc\n    a\n"), vec![""]);
        assert_eq!(languages("   ```llmc title\na\n```\n"), vec!["llmc"]);
        assert_eq!(languages("```llmc {.numberLines}\na\n```\n"), vec!["llmc"]);
        assert_eq!(languages("``` llmc\n```\n"), vec!["llmc"]);
        assert_eq!(languages("```llmc`\n"), Vec::<String>::new());
        assert_eq!(languages("~~~llmc`\n~~~\n"), vec!["llmc`"]);
        assert!(languages("``\n").is_empty());
        // Unclosed: to the end of the document.
        let doc = "```llmc\na = 1\n``` not a close\n";
        assert_eq!(blocks(doc)[0].content, 8..doc.len());
        assert_eq!(texts("```llmc\r\na\r\n```\r\n"), vec!["a\r\n"]);
        assert_eq!(blocks("```llmc\r\na\r\n```\r\n")[0].content, 9..12);
        // The fence's indentation is taken off its lines, up to as much.
        assert_eq!(
            texts("  ```llmc\n    a = 1\n b = 2\n  ```\n"),
            vec!["  a = 1\nb = 2\n"]
        );
    }

    #[test]
    fn html_blocks_hide_fences() {
        assert!(languages("<!--\n```llmc\na = 1\n```\n-->\n").is_empty());
        assert!(languages("<div>\n```llmc\na = 1\n```\n</div>\n").is_empty());
        assert_eq!(languages("<!-- x -->\n```llmc\n```\n"), vec!["llmc"]);
    }

    #[test]
    fn blocks_in_list_items_and_block_quotes_are_code_blocks() {
        let doc = "> ```llmc\n> a = 1\n>\n>   b = 2\n> ```\n";
        let block = &blocks(doc)[0];
        assert_eq!(texts(doc), vec!["a = 1\n\n  b = 2\n"]);
        assert_eq!(
            block.prefixes(doc).collect::<Vec<_>>(),
            vec!["> ", ">", "> "]
        );
        assert_eq!(&doc[block.content.clone()], "> a = 1\n>\n>   b = 2\n");
        assert_eq!(&doc[block.open.clone()], "```llmc");

        let doc = "- step\n\n  ```llmc\n  c = 3\n  ```\n- ```llmc\n  d = 4\n  ```\n";
        assert_eq!(texts(doc), vec!["c = 3\n", "d = 4\n"]);
        // An unclosed fence ends with its container.
        let doc = "> ```llmc\n> e = 5\n\nf = 6\n";
        assert_eq!(texts(doc), vec!["e = 5\n"]);
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
