//! The language server's latency (SPEC §7: "after an edit to a 2,000-cell
//! document, the language server publishes fresh diagnostics and values in
//! under 20 ms"), in process over `lsp-server`'s in-memory connection, with
//! exactly the messages an editor sends:
//!
//! - `didChange → publishDiagnostics`: an incremental edit of the first
//!   cell (every other cell depends on it, so all 2,000 are re-evaluated)
//!   until its diagnostics arrive.
//! - `didChange → publishDiagnostics + inlayHint`: the same, then the
//!   values of the whole document as inlay hints.
//!
//! - `Session::evaluate alone`: the library evaluating the document once,
//!   the floor under both.
//!
//! `cargo bench --bench lsp`.

use std::thread;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{Value, json};

const CELLS: usize = 2_000;
const URI: &str = "file:///bench/big.llmc";

/// A planning sheet of `cells` cells, each using one to three earlier ones:
/// clusters, FLOPs, times, GPU-hours, costs and a few asserts.
fn document(cells: usize) -> String {
    let mut lines = vec!["c0 = 16000 x H100 @ 38%".to_string()];
    for i in 1..cells {
        let line = match i % 8 {
            0 => format!("c{i} = ({} x H100 @ 40%) * 1", 64 * (i % 50 + 1)),
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
    lines.join("\n") + "\n"
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

    fn diagnostics(&self) -> Value {
        loop {
            if let Message::Notification(n) = self.client.receiver.recv().unwrap()
                && n.method == "textDocument/publishDiagnostics"
            {
                return n.params;
            }
        }
    }

    /// Replaces the first cell's count (`16000`, 5 characters, at 5) with
    /// another, so every value changes.
    fn edit(&mut self) {
        self.version += 1;
        let count = if self.version % 2 == 0 {
            "24000"
        } else {
            "16000"
        };
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": URI, "version": self.version}, "contentChanges": [{
                "range": {"start": {"line": 0, "character": 5}, "end": {"line": 0, "character": 10}},
                "text": count}]}),
        );
    }
}

fn latency(c: &mut Criterion) {
    let text = document(CELLS);
    let mut editor = Editor::start(&text);
    let mut group = c.benchmark_group(format!("lsp {CELLS} cells"));
    group.measurement_time(Duration::from_secs(10));
    // What the server cannot do faster than: the library evaluating the
    // same document once.
    group.bench_function("Session::evaluate alone", |b| {
        b.iter(|| llmc::Session::from_source("big.llmc", &text).evaluate())
    });
    group.bench_function("didChange → publishDiagnostics", |b| {
        b.iter(|| {
            editor.edit();
            let published = editor.diagnostics();
            assert_eq!(published["version"], editor.version);
        })
    });
    group.bench_function("didChange → publishDiagnostics + inlayHint", |b| {
        b.iter(|| {
            editor.edit();
            editor.diagnostics();
            let hints = editor.call(
                "textDocument/inlayHint",
                json!({"textDocument": {"uri": URI}, "range": {
                    "start": {"line": 0, "character": 0}, "end": {"line": 99999, "character": 0}}}),
            );
            assert_eq!(hints.as_array().map(Vec::len), Some(CELLS));
        })
    });
    group.finish();
}

criterion_group!(benches, latency);
criterion_main!(benches);
