//! The open documents: their text as the editor has it, kept in step with
//! incremental edits, and each one's analysis, redone only when asked for
//! after a change (edits that arrive together are analysed once), and
//! whether its diagnostics are published.

use std::collections::HashMap;

use lsp_types::{TextDocumentContentChangeEvent, Uri};

use super::analysis::Analysis;
use super::position::LineIndex;
use crate::fmt::DocumentKind;

pub struct Document {
    pub kind: DocumentKind,
    pub version: i32,
    text: String,
    analysis: Option<Analysis>,
    /// The analysis of the text before the latest edits: what they left
    /// unchanged is reused when the document is analysed again.
    earlier: Option<Analysis>,
    /// Whether this version's diagnostics have been published.
    published: bool,
}

#[derive(Default)]
pub struct Documents {
    open: HashMap<Uri, Document>,
}

/// How a document is read: by the editor's language id, else its name.
pub fn kind_of(uri: &Uri, language_id: &str) -> DocumentKind {
    match language_id {
        "markdown" => DocumentKind::Markdown,
        "llmc" => DocumentKind::Script,
        _ => DocumentKind::of_name(uri.as_str()),
    }
}

impl Documents {
    pub fn open(&mut self, uri: Uri, kind: DocumentKind, version: i32, text: String) {
        let document = Document {
            kind,
            version,
            text,
            analysis: None,
            earlier: None,
            published: false,
        };
        self.open.insert(uri, document);
    }

    pub fn close(&mut self, uri: &Uri) {
        self.open.remove(uri);
    }

    /// Applies the editor's changes in order; `false` if the document is
    /// not open.
    pub fn change(
        &mut self,
        uri: &Uri,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
    ) -> bool {
        let Some(document) = self.open.get_mut(uri) else {
            return false;
        };
        for change in changes {
            match change.range {
                Some(range) => {
                    let lines = LineIndex::new(&document.text);
                    let span = lines.span(&document.text, range);
                    document
                        .text
                        .replace_range(span.start..span.end, &change.text);
                }
                None => document.text = change.text,
            }
        }
        document.version = version;
        if let Some(analysis) = document.analysis.take() {
            document.earlier = Some(analysis);
        }
        document.published = false;
        true
    }

    /// The documents whose diagnostics are out of date, marked as
    /// published (the caller publishes them).
    pub fn unpublished(&mut self) -> Vec<Uri> {
        self.open
            .iter_mut()
            .filter(|(_, d)| !d.published)
            .map(|(uri, d)| {
                d.published = true;
                uri.clone()
            })
            .collect()
    }

    /// A document's analysis, made now if it is out of date.
    pub fn analysis(&mut self, uri: &Uri) -> Option<&Analysis> {
        let document = self.open.get_mut(uri)?;
        if document.analysis.is_none() {
            let name = display_name(uri);
            let earlier = document.earlier.take();
            document.analysis = Some(Analysis::new(
                &name,
                document.kind,
                document.text.clone(),
                earlier.as_ref(),
            ));
            if let Some(earlier) = earlier {
                drop_in_background(earlier);
            }
        }
        document.analysis.as_ref()
    }

    pub fn version(&self, uri: &Uri) -> Option<i32> {
        self.open.get(uri).map(|d| d.version)
    }
}

/// Frees an analysis on a thread of its own: a large document's tree and
/// values take milliseconds to free, which the diagnostics of the next
/// version need not wait for.
fn drop_in_background(analysis: Analysis) {
    let spare = std::thread::Builder::new().name("llmc lsp: free".into());
    // Without a thread, it is freed here.
    let _ = spare.spawn(move || drop(analysis));
}

/// The name diagnostics use: the file's path for `file:` URIs.
fn display_name(uri: &Uri) -> String {
    let text = uri.as_str();
    text.strip_prefix("file://").unwrap_or(text).to_string()
}
