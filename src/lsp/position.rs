//! Byte offsets ↔ the protocol's positions: lines and UTF-16 columns.

use lsp_types::{Position, Range};

use crate::span::Span;

/// Where each line of a text starts, to convert positions both ways.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset of each line's start (the first is 0).
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// The position of a byte offset (clamped to the text, and back to a
    /// character boundary).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = boundary(text, offset);
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let column: usize = text[self.starts[line]..offset]
            .chars()
            .map(char::len_utf16)
            .sum();
        Position::new(line as u32, column as u32)
    }

    pub fn range(&self, text: &str, span: Span) -> Range {
        Range::new(
            self.position(text, span.start),
            self.position(text, span.end),
        )
    }

    /// The byte offset of a position. A column past the end of its line
    /// means the line's end; a line past the end, the text's end; a column
    /// inside a character's UTF-16 pair, that character's start.
    pub fn offset(&self, text: &str, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return text.len();
        };
        let line = &text[start..];
        let line = &line[..line.find('\n').unwrap_or(line.len())];
        let line = line.strip_suffix('\r').unwrap_or(line);
        let mut column = 0;
        for (i, c) in line.char_indices() {
            column += c.len_utf16();
            if column > position.character as usize {
                return start + i;
            }
        }
        start + line.len()
    }

    pub fn span(&self, text: &str, range: Range) -> Span {
        let start = self.offset(text, range.start);
        Span::new(start, self.offset(text, range.end).max(start))
    }

    /// Line `line`'s text without its line break.
    pub fn line<'t>(&self, text: &'t str, line: usize) -> (usize, &'t str) {
        let start = self.starts.get(line).copied().unwrap_or(text.len());
        let rest = &text[start..];
        let body = &rest[..rest.find('\n').unwrap_or(rest.len())];
        (start, body.strip_suffix('\r').unwrap_or(body))
    }

    /// Positions of offsets taken in increasing order (semantic tokens):
    /// each costs the distance from the one before, so the tokens of a
    /// long line take linear time rather than one scan of the line each.
    pub fn walker<'t>(&'t self, text: &'t str) -> Walker<'t> {
        Walker {
            index: self,
            text,
            offset: 0,
            position: Position::new(0, 0),
        }
    }

    /// The line holding a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }
}

/// An offset clamped to the text and moved back to a character boundary.
fn boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// See [`LineIndex::walker`].
pub struct Walker<'t> {
    index: &'t LineIndex,
    text: &'t str,
    offset: usize,
    position: Position,
}

impl Walker<'_> {
    pub fn position(&mut self, offset: usize) -> Position {
        let offset = boundary(self.text, offset);
        let position =
            if offset >= self.offset && self.index.line_of(offset) == self.position.line as usize {
                let more: usize = self.text[self.offset..offset]
                    .chars()
                    .map(char::len_utf16)
                    .sum();
                Position::new(self.position.line, self.position.character + more as u32)
            } else {
                self.index.position(self.text, offset)
            };
        (self.offset, self.position) = (offset, position);
        position
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units() {
        let text = "a = 1\n€ = 𝑥 + b\r\nlast";
        let index = LineIndex::new(text);
        let b = text.find('b').unwrap();
        // `€` is one unit, `𝑥` two.
        assert_eq!(index.position(text, b), Position::new(1, 9));
        assert_eq!(index.offset(text, Position::new(1, 9)), b);
        assert_eq!(
            index.offset(text, Position::new(1, 5)),
            text.find('𝑥').unwrap()
        );
        assert_eq!(
            index.offset(text, Position::new(1, 99)),
            text.find('\r').unwrap()
        );
        assert_eq!(index.offset(text, Position::new(9, 0)), text.len());
        assert_eq!(index.position(text, text.len()), Position::new(2, 4));
        assert_eq!(index.line(text, 1), (6, "€ = 𝑥 + b"));
    }

    #[test]
    fn the_walker_agrees_with_positions() {
        let text = "a = 1\n€ = 𝑥 + b\r\nlast";
        let index = LineIndex::new(text);
        let mut walker = index.walker(text);
        for offset in (0..=text.len()).chain([3, 100]) {
            assert_eq!(
                walker.position(offset),
                index.position(text, offset),
                "{offset}"
            );
        }
    }
}
