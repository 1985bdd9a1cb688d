//! Byte ranges into the one source text a sheet is evaluated from.

use miette::{Diagnostic, SourceSpan};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// The same range in a text that starts `by` bytes later (a flag's
    /// value appended after the script).
    pub fn shifted(self, by: usize) -> Span {
        Span::new(self.start + by, self.end + by)
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    pub fn contains(self, offset: usize) -> bool {
        (self.start..self.end).contains(&offset)
    }
}

/// The span a diagnostic is about: its first label (by convention each
/// error variant lists its main span first). Errors are ordered and matched
/// to cells by it.
pub fn primary_span(diagnostic: &dyn Diagnostic) -> Span {
    diagnostic
        .labels()
        .and_then(|mut labels| labels.next())
        .map_or(Span::default(), |label| {
            Span::new(label.offset(), label.offset() + label.len())
        })
}

impl From<Span> for SourceSpan {
    fn from(span: Span) -> SourceSpan {
        SourceSpan::new(span.start.into(), span.len())
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// A part of a sheet's text that comes from a command-line flag, not the
/// script: `--set`, `--sweep` and `--show` values are appended after the
/// script so every span still indexes one text, and a diagnostic inside one
/// is drawn against the value as typed, under the flag's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    pub flag: &'static str,
    pub span: Span,
    /// For `--set`: where the cell it replaces starts in the script, so the
    /// cell keeps its place in the sheet.
    pub replaces: Option<usize>,
}

/// The flag value holding byte `offset` (its end included: "expected more"
/// points there), or `None` for the script's own text.
pub fn origin_of(origins: &[Origin], offset: usize) -> Option<&Origin> {
    origins
        .iter()
        .find(|o| o.span.start <= offset && offset <= o.span.end)
}

/// Where each line of a text starts, found once so that locating an offset
/// costs a binary search instead of a scan from the top (many diagnostics
/// against one large source stay linear in all).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// Columns are byte differences when every character is one byte.
    ascii: bool,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            starts,
            ascii: text.is_ascii(),
        }
    }

    /// 0-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset) - 1
    }

    /// Byte offset where a 0-based line starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line]
    }

    /// Byte offset where a 0-based line ends (before its newline).
    pub fn line_end(&self, line: usize, text: &str) -> usize {
        self.starts
            .get(line + 1)
            .map_or(text.len(), |next| next - 1)
    }

    pub fn lines(&self) -> usize {
        self.starts.len()
    }

    /// 0-based column (in characters) of a byte offset on its line.
    pub fn column(&self, text: &str, offset: usize) -> usize {
        let start = self.line_start(self.line_of(offset));
        if self.ascii {
            offset - start
        } else {
            text[start..offset].chars().count()
        }
    }

    /// 1-based line and column (in characters), as [`line_column`].
    pub fn line_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        (self.line_of(offset) + 1, self.column(text, offset) + 1)
    }
}
