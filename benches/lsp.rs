//! The language server's latency (SPEC §7: "after an edit to a 2,000-cell
//! document, the language server publishes fresh diagnostics and values in
//! under 20 ms"), in process over `lsp-server`'s in-memory connection, with
//! exactly the messages an editor sends, at 2,000 and 10,000 cells:
//!
//! - `edit a leaf → publishDiagnostics`: an incremental edit of the last
//!   cell, which nothing uses, until its diagnostics arrive.
//! - `edit the root → publishDiagnostics`: an edit of the first cell, which
//!   every other cell depends on, so all of them are evaluated again (the
//!   worst case of the incremental evaluation).
//! - `edit the root → publishDiagnostics + inlayHint (screen)`: the same,
//!   then the values of the first 60 lines as inlay hints, as an editor
//!   asks for the lines on screen (VS Code and Neovim send the visible
//!   range); `(whole)`: the values of the whole document.
//! - `Session::evaluate alone`: the library parsing and evaluating the
//!   whole document once, what every edit cost before evaluation was
//!   incremental.
//!
//! `cargo bench --bench lsp`.

use std::thread;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{Value, json};

const SIZES: [usize; 2] = [2_000, 10_000];
const URI: &str = "file:///bench/big.llmc";
/// The lines an editor shows at once, whose hints it asks for.
const SCREEN_LINES: usize = 60;
/// What the edits replace: the first cell's GPU count, and the last
/// cell's factor.
const COUNTS: [&str; 2] = ["16000", "24000"];

/// A planning sheet of `cells` cells in blocks of eight: clusters, FLOPs,
/// times, GPU-hours, costs and a few asserts, each using one to three
/// earlier cells, and each block's cluster the one of the block before, so
/// that every cell depends on the first.
fn document(cells: usize) -> String {
    let mut lines = vec!["c0 = 16000 x H100 @ 38%".to_string()];
    for i in 1..cells {
        let line = match i % 8 {
            // Each block's cluster is the one before's: everything
            // depends on the first cell, the root.
            0 => format!("c{i} = c{} * 1", i - 8),
            1 => format!(
                "c{i} = 6 FLOP/param/token * {}B params * 15T tokens",
                i % 400 + 1
            ),
            2 => format!("c{i} = c{} / c{} -> days", i - 1, i - 2),
            3 => format!("c{i} = c{} * 16000 GPU -> GPU*h", i - 1),
            4 => format!("c{i} = c{} * $2/GPU/h", i - 1),
            5 => format!("c{i} = c{} + c{} * 1.05", i - 1, i - 1),
            6 => format!("c{i} = max(c{}, $1) / 1M", i - 2),
            _ => format!("c{i} = c{} / 30 days", i - 5),
        };
        lines.push(line);
        if i % 100 == 0 {
            lines.push(format!("assert c{} > 0 days", i - 6 - i % 8));
        }
    }
    // The leaf: nothing uses it.
    lines.push(format!("leaf = c{} * {}", cells - 1, COUNTS[0]));
    lines.join("\n") + "\n"
}

/// Where an edit replaces a count: (line, character).
#[derive(Clone, Copy)]
struct Site {
    line: usize,
    character: usize,
}

fn root_site() -> Site {
    Site {
        line: 0,
        character: "c0 = ".len(),
    }
}

fn leaf_site(text: &str) -> Site {
    let line = text.lines().count() - 1;
    let last = text.lines().last().expect("a last line");
    Site {
        line,
        character: last.find(COUNTS[0]).expect("the leaf's count"),
    }
}

struct Editor {
    client: Connection,
    version: i32,
    next_id: i32,
}

impl Editor {
    fn start(text: &str) -> Editor {
        let (server, client) = Connection::memory();
        thread::Builder::new()
            .stack_size(64 << 20)
            .spawn(move || llmc::lsp::serve(&server).expect("the server runs"))
            .expect("a server thread");
        let mut editor = Editor {
            client,
            version: 1,
            next_id: 1,
        };
        editor.call("initialize", json!({"capabilities": {}}));
        editor.notify("initialized", json!({}));
        editor.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": URI, "languageId": "llmc", "version": 1, "text": text}}),
        );
        editor.diagnostics();
        editor
    }

    fn notify(&self, method: &str, params: Value) {
        self.client
            .sender
            .send(Message::Notification(Notification::new(
                method.into(),
                params,
            )))
            .unwrap();
    }

    fn call(&mut self, method: &str, params: Value) -> Value {
        let id = RequestId::from(self.next_id);
        self.next_id += 1;
        self.client
            .sender
            .send(Message::Request(Request::new(
                id.clone(),
                method.into(),
                params,
            )))
            .unwrap();
        loop {
            if let Message::Response(response) = self.client.receiver.recv().unwrap()
                && response.id == id
            {
                return response.response_result.unwrap_or(Value::Null);
            }
        }
    }

    /// The inlay hints of lines `0..lines`, as an editor asks for the
    /// lines on screen (or, with a huge count, of the whole document).
    fn hints(&mut self, lines: usize) -> Value {
        self.call(
            "textDocument/inlayHint",
            json!({"textDocument": {"uri": URI}, "range": {
                "start": {"line": 0, "character": 0}, "end": {"line": lines - 1, "character": 0}}}),
        )
    }

    fn diagnostics(&self) -> Value {
        loop {
            if let Message::Notification(n) = self.client.receiver.recv().unwrap()
                && n.method == "textDocument/publishDiagnostics"
            {
                return n.params;
            }
        }
    }

    /// Replaces the count at `site` (`16000`, 5 characters) with the other
    /// one, so the values downstream of it change.
    fn edit(&mut self, site: Site) {
        self.version += 1;
        let count = COUNTS[self.version as usize % 2];
        let (line, character) = (site.line, site.character);
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": URI, "version": self.version}, "contentChanges": [{
                "range": {"start": {"line": line, "character": character},
                          "end": {"line": line, "character": character + 5}},
                "text": count}]}),
        );
    }

    /// Edits at `site` until the diagnostics of the edited version arrive.
    fn edit_until_published(&mut self, site: Site) {
        self.edit(site);
        let published = self.diagnostics();
        assert_eq!(published["version"], self.version);
        assert_eq!(published["diagnostics"], json!([]), "a clean document");
    }
}

fn latency(c: &mut Criterion) {
    for cells in SIZES {
        let text = document(cells);
        let mut editor = Editor::start(&text);
        let (root, leaf) = (root_site(), leaf_site(&text));
        let mut group = c.benchmark_group(format!("lsp {cells} cells"));
        group.measurement_time(Duration::from_secs(10));
        group.sample_size(if cells > 5_000 { 20 } else { 100 });
        group.bench_function("edit a leaf → publishDiagnostics", |b| {
            b.iter(|| editor.edit_until_published(leaf))
        });
        group.bench_function("edit the root → publishDiagnostics", |b| {
            b.iter(|| editor.edit_until_published(root))
        });
        group.bench_function(
            "edit the root → publishDiagnostics + inlayHint (screen)",
            |b| {
                b.iter(|| {
                    editor.edit_until_published(root);
                    let hints = editor.hints(SCREEN_LINES);
                    assert_eq!(hints.as_array().map(Vec::len), Some(SCREEN_LINES));
                })
            },
        );
        group.bench_function(
            "edit the root → publishDiagnostics + inlayHint (whole)",
            |b| {
                b.iter(|| {
                    editor.edit_until_published(root);
                    let hints = editor.hints(99_999);
                    assert_eq!(hints.as_array().map(Vec::len), Some(cells + 1));
                })
            },
        );
        // The floor before evaluation was incremental: the library parsing
        // and evaluating the same document once.
        group.bench_function("Session::evaluate alone", |b| {
            b.iter(|| llmc::Session::from_source("big.llmc", &text).evaluate())
        });
        group.finish();
    }
}

criterion_group!(benches, latency);
criterion_main!(benches);
