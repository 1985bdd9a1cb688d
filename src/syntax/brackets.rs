//! A linear pass over the source before pest sees it.
//!
//! pest reports an unclosed bracket at the end of the input, and a deep
//! nesting can exhaust the stack of the code that walks its tree; this pass
//! reports both at the opening bracket. It also makes a newline inside `( )`
//! and `[ ]` plain whitespace (SPEC §2.1) and blanks every comment, by
//! replacing them with spaces: byte offsets stay the same, so spans still
//! point into the user's text, and the grammar has no comment rule for pest
//! to try between every two tokens.

use super::error::SyntaxError;
use super::lexicon;
use crate::span::Span;

/// Nesting deeper than this is an error (SPEC §2.1).
pub const MAX_DEPTH: usize = 256;

/// How a source's brackets stand at its end.
#[derive(Debug, PartialEq, Eq)]
pub enum Balance {
    Closed,
    /// An opening bracket (or string) waits for its close: the REPL asks for
    /// another line.
    Open,
}

/// The text pest should parse, and where each statement stands in it.
#[derive(Debug, PartialEq)]
pub struct Prepared {
    pub text: String,
    /// Non-blank statements, split at newlines and `;` outside brackets.
    pub statements: Vec<Span>,
}

/// Checks brackets and splits the source into statements. `source` starts
/// at byte `base` of the sheet's text: errors carry the sheet's spans, the
/// statements are ranges of the prepared text.
pub fn prepare(source: &str, base: usize) -> Result<Prepared, SyntaxError> {
    let mut scan = Scan::new(source, base);
    scan.run()?;
    if let Some(&(open, byte)) = scan.stack.last() {
        return Err(SyntaxError::Unclosed {
            span: scan.at(byte),
            bracket: open as char,
        });
    }
    scan.end_statement(source.len());
    let text = String::from_utf8(scan.output).expect("only ASCII bytes are replaced");
    Ok(Prepared {
        text,
        statements: scan.statements,
    })
}

/// Whether the source ends inside a bracket: the REPL continues the input.
pub fn balance(source: &str) -> Balance {
    let mut scan = Scan::new(source, 0);
    match scan.run() {
        Ok(()) if !scan.stack.is_empty() => Balance::Open,
        _ => Balance::Closed,
    }
}

struct Scan<'a> {
    text: &'a str,
    bytes: &'a [u8],
    /// Where `bytes` starts in the sheet's text.
    base: usize,
    output: Vec<u8>,
    /// Opening bracket and its offset.
    stack: Vec<(u8, usize)>,
    statement_start: usize,
    /// Whether the current statement has anything but blanks and comments.
    statement_has_text: bool,
    statements: Vec<Span>,
}

impl<'a> Scan<'a> {
    fn new(source: &'a str, base: usize) -> Scan<'a> {
        Scan {
            text: source,
            bytes: source.as_bytes(),
            base,
            output: source.as_bytes().to_vec(),
            stack: Vec::new(),
            statement_start: 0,
            statement_has_text: false,
            statements: Vec::new(),
        }
    }

    /// The sheet's span of the byte at `offset`.
    fn at(&self, offset: usize) -> Span {
        Span::new(self.base + offset, self.base + offset + 1)
    }

    fn end_statement(&mut self, end: usize) {
        if self.statement_has_text {
            self.statements.push(Span::new(self.statement_start, end));
        }
        self.statement_start = end + 1;
        self.statement_has_text = false;
    }

    fn newline_is_space(&self) -> bool {
        matches!(self.stack.last(), Some((b'(' | b'[', _)))
    }

    fn run(&mut self) -> Result<(), SyntaxError> {
        let mut i = 0;
        while i < self.bytes.len() {
            let byte = self.bytes[i];
            if !matches!(byte, b' ' | b'\t' | b'\r' | b'\n' | b';' | b'#') {
                self.statement_has_text = true;
            }
            match byte {
                b'\n' | b';' if self.stack.is_empty() => self.end_statement(i),
                b'"' => {
                    let (end, closed) = lexicon::string_end(self.text, i);
                    if !closed {
                        return Err(SyntaxError::Unclosed {
                            span: self.at(i),
                            bracket: '"',
                        });
                    }
                    i = end;
                    continue;
                }
                b'#' => {
                    let end = lexicon::comment_end(self.text, i);
                    self.output[i..end].fill(b' ');
                    i = end;
                    continue;
                }
                b'\n' if self.newline_is_space() => self.output[i] = b' ',
                // `\r\n` line endings: the `\r` is a blank everywhere.
                b'\r' => self.output[i] = b' ',
                b'(' | b'[' | b'{' => {
                    if self.stack.len() == MAX_DEPTH {
                        return Err(SyntaxError::TooDeep { span: self.at(i) });
                    }
                    self.stack.push((byte, i));
                }
                b')' | b']' | b'}' => {
                    let expected_open = match byte {
                        b')' => b'(',
                        b']' => b'[',
                        _ => b'{',
                    };
                    match self.stack.pop() {
                        Some((open, _)) if open == expected_open => {}
                        Some((open, at)) => {
                            return Err(SyntaxError::MismatchedClose {
                                span: self.at(i),
                                open_span: self.at(at),
                                close: byte as char,
                                open: open as char,
                            });
                        }
                        None => {
                            return Err(SyntaxError::UnmatchedClose {
                                span: self.at(i),
                                close: byte as char,
                            });
                        }
                    }
                }
                _ => {}
            }
            i += 1;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_become_spaces_outside_strings() {
        let prepared = prepare("a = 1 # one\nb = \"# two\" # three", 0).unwrap();
        assert_eq!(prepared.text, "a = 1      \nb = \"# two\"        ");
    }

    #[test]
    fn newlines_inside_parentheses_become_spaces() {
        let prepared = prepare("a = (1 +   # one\n 2)\nb = 3", 0).unwrap();
        assert_eq!(prepared.text, "a = (1 +          2)\nb = 3");
        assert_eq!(
            prepared.statements,
            vec![Span::new(0, 20), Span::new(21, 26)]
        );
    }

    #[test]
    fn carriage_returns_are_blanks() {
        let prepared = prepare("a = 1\r\nb = (2 +\r\n 3)\r\n", 0).unwrap();
        assert_eq!(prepared.text, "a = 1 \nb = (2 +   3) \n");
        assert_eq!(prepared.statements.len(), 2);
    }

    #[test]
    fn newlines_inside_braces_stay() {
        let prepared = prepare("model m {\n params = 1\n}", 0).unwrap();
        assert_eq!(prepared.text, "model m {\n params = 1\n}");
        assert_eq!(prepared.statements.len(), 1);
    }

    #[test]
    fn statements_split_at_semicolons_and_skip_blank_lines() {
        let prepared = prepare("a = 1; b = 2\n\n  # note; more\nc = \"x;y\"\n", 0).unwrap();
        let texts: Vec<&str> = prepared
            .statements
            .iter()
            .map(|s| &prepared.text[s.start..s.end])
            .collect();
        assert_eq!(texts, vec!["a = 1", " b = 2", "c = \"x;y\""]);
    }

    #[test]
    fn brackets_in_strings_and_comments_do_not_count() {
        assert!(prepare("a = 1 # (\nb = \"(\"", 0).is_ok());
    }

    #[test]
    fn unclosed_bracket_points_at_the_opening() {
        let err = prepare("a = (1 + 2", 0).unwrap_err();
        assert_eq!(
            err,
            SyntaxError::Unclosed {
                bracket: '(',
                span: Span::new(4, 5)
            }
        );
    }

    #[test]
    fn nesting_beyond_the_limit_points_at_the_bracket_that_exceeds_it() {
        let deep = format!("a = {}1{}", "(".repeat(300), ")".repeat(300));
        match prepare(&deep, 0).unwrap_err() {
            SyntaxError::TooDeep { span } => assert_eq!(span.start, 4 + MAX_DEPTH),
            other => panic!("unexpected {other:?}"),
        }
        let ok = format!("a = {}1{}", "(".repeat(256), ")".repeat(256));
        assert!(prepare(&ok, 0).is_ok());
    }

    #[test]
    fn balance_reports_open_input() {
        assert_eq!(balance("model m {"), Balance::Open);
        assert_eq!(balance("f(1,"), Balance::Open);
        assert_eq!(balance("a = 1"), Balance::Closed);
        assert_eq!(balance("a = 1)"), Balance::Closed);
    }
}
