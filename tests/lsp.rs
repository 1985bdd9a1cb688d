//! `llmc lsp` (SPEC §8), driven as an editor drives it: the real binary over
//! standard input and output through a whole session — initialize, open,
//! edit, every request the server offers, a Markdown document, malformed
//! messages, shutdown and exit — checking the answers.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use serde_json::{Value, json};

/// A language client speaking to one `llmc lsp` process.
struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
    /// Notifications received while waiting for something else.
    notifications: Vec<Value>,
}

const PATIENCE: Duration = Duration::from_secs(30);

impl Client {
    fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_llmc"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("starting llmc lsp");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (sender, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut header = String::new();
                    if reader.read_line(&mut header).unwrap_or(0) == 0 {
                        return;
                    }
                    let header = header.trim_end();
                    if header.is_empty() {
                        break;
                    }
                    if let Some(n) = header.strip_prefix("Content-Length: ") {
                        length = n.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("a Content-Length header")];
                reader.read_exact(&mut body).expect("a whole message");
                let message: Value = serde_json::from_slice(&body).expect("JSON from the server");
                if sender.send(message).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            messages,
            next_id: 1,
            notifications: Vec::new(),
        }
    }

    fn send_raw(&mut self, body: &str) {
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn send(&mut self, message: Value) {
        self.send_raw(&message.to_string());
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn receive(&mut self) -> Value {
        self.messages
            .recv_timeout(PATIENCE)
            .expect("the server answers in time")
    }

    /// The whole response (with `result` or `error`) to a request.
    fn call(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let message = self.receive();
            if message["id"] == json!(id) {
                return message;
            }
            self.notifications.push(message);
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.call(method, params);
        assert!(
            response.get("error").is_none(),
            "{method} failed: {response}"
        );
        response["result"].clone()
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Value {
        if let Some(at) = self.notifications.iter().position(|n| {
            n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == uri
        }) {
            return self.notifications.remove(at)["params"].clone();
        }
        loop {
            let message = self.receive();
            if message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
            {
                return message["params"].clone();
            }
            self.notifications.push(message);
        }
    }
}

fn at(uri: &str, line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
}

const SCRIPT_URI: &str = "file:///plans/llama.llmc";

/// The worked example, with a failed assert, a misspelt name, a function,
/// a record and a line whose columns differ in UTF-16 and bytes.
const SCRIPT: &str = "\
# Llama 3.1 405B pretraining
params  = 405B params
tokens  = 15.6T tokens
compute = 6 FLOP/param/token * params * tokens
cluster = 16000 x H100 @ 400 TFLOPS
time    = compute / cluster -> days
price   = $2 / GPU / hour
cost    = cluster.gpus * time * price
assert time < 60 days
oops = compute / tokns
fn per_gpu(v, n) = v / n
share = per_gpu(cost, cluster.gpus)
rule = chinchilla_tokens(params)
tag = \"🚀 é\"; ref = tokens
model tiny {
  params = 1B params
  layers = 2
}
";

fn line_of(text: &str, needle: &str) -> u32 {
    text.lines()
        .position(|l| l.contains(needle))
        .expect("the line exists") as u32
}

fn labels(hints: &Value) -> Vec<(u64, String)> {
    hints
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["position"]["line"].as_u64().unwrap(),
                h["label"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_whole_session_over_stdio() {
    let mut client = Client::start();

    // ---- the handshake
    let init = client.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    let capabilities = &init["capabilities"];
    assert_eq!(init["serverInfo"]["name"], "llmc");
    assert_eq!(capabilities["positionEncoding"], "utf-16");
    assert_eq!(capabilities["textDocumentSync"], 2, "incremental sync");
    for provider in [
        "hoverProvider",
        "completionProvider",
        "definitionProvider",
        "referencesProvider",
        "renameProvider",
        "documentSymbolProvider",
        "documentFormattingProvider",
        "inlayHintProvider",
        "semanticTokensProvider",
    ] {
        assert!(!capabilities[provider].is_null(), "{provider} is offered");
    }
    client.notify("initialized", json!({}));

    // ---- open: diagnostics with the command line's words
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {
        "uri": SCRIPT_URI, "languageId": "llmc", "version": 1, "text": SCRIPT}}),
    );
    let published = client.diagnostics(SCRIPT_URI);
    assert_eq!(published["version"], 1);
    let diagnostics = published["diagnostics"].as_array().unwrap().clone();
    let scratch = common::Scratch::new("lsp-check");
    scratch.write("llama.llmc", SCRIPT);
    let cli = scratch.llmc(&["check", "llama.llmc"]).stderr;
    assert_eq!(diagnostics.len(), 2, "{diagnostics:#?}");
    for diagnostic in &diagnostics {
        let message = diagnostic["message"].as_str().unwrap();
        let (first, help) = message.split_once("\nhelp: ").unwrap_or((message, ""));
        assert!(
            cli.contains(first),
            "`{first}` is what `llmc check` says:\n{cli}"
        );
        assert!(
            cli.contains(help.lines().next().unwrap_or("")),
            "help `{help}`"
        );
        assert_eq!(diagnostic["source"], "llmc");
        assert_eq!(diagnostic["severity"], 1);
        let code = diagnostic["code"].as_str().unwrap();
        assert!(
            code.starts_with("llmc::") && cli.contains(code),
            "code `{code}`"
        );
    }
    let unknown = diagnostics
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("tokns"))
        .unwrap();
    let oops = line_of(SCRIPT, "oops");
    assert_eq!(
        unknown["range"],
        json!({"start": {"line": oops, "character": 17}, "end": {"line": oops, "character": 22}})
    );
    assert!(
        unknown["message"]
            .as_str()
            .unwrap()
            .contains("help: did you mean `tokens`?")
    );
    let assert = diagnostics
        .iter()
        .find(|d| d["range"]["start"]["line"] == line_of(SCRIPT, "assert"))
        .unwrap();
    let related: Vec<&str> = assert["relatedInformation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        related,
        vec!["68.6 days", "60.0 days"],
        "both sides, as the labels say"
    );

    // ---- values as inlay hints at the end of each cell's line
    let hints = client.request(
        "textDocument/inlayHint",
        json!({"textDocument": {"uri": SCRIPT_URI},
        "range": {"start": {"line": 0, "character": 0}, "end": {"line": 40, "character": 0}}}),
    );
    let hints = labels(&hints);
    let time_line = line_of(SCRIPT, "time    =");
    assert!(
        hints.contains(&(time_line as u64, "= 68.6 days".into())),
        "{hints:?}"
    );
    assert!(
        hints.contains(&(line_of(SCRIPT, "cost    =") as u64, "= $52.6M".into())),
        "{hints:?}"
    );
    let shared = line_of(SCRIPT, "tag =");
    assert!(
        hints.contains(&(shared as u64, "tag = \"🚀 é\"; ref = 15.6T tokens".into())),
        "{hints:?}"
    );
    assert!(
        !hints.iter().any(|(l, _)| *l == oops as u64),
        "a failed cell has no value"
    );
    let hint = client.request("textDocument/inlayHint", json!({"textDocument": {"uri": SCRIPT_URI},
        "range": {"start": {"line": time_line, "character": 0}, "end": {"line": time_line, "character": 0}}}));
    assert_eq!(
        hint[0]["position"],
        json!({"line": time_line, "character": 35}),
        "the line's end"
    );

    // ---- hover: a cell, an accelerator, functions, a unit
    let cost_line = line_of(SCRIPT, "cost    =");
    let hover = client.request("textDocument/hover", at(SCRIPT_URI, cost_line, 26));
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.contains("**time** = `68.6 days`"), "{text}");
    assert!(
        text.contains("unit: `days`") && text.contains("dimension: `s`"),
        "{text}"
    );
    assert!(text.contains("uses: `cluster`, `compute`"), "{text}");
    assert_eq!(
        hover["range"]["start"],
        json!({"line": cost_line, "character": 25})
    );
    let cluster_line = line_of(SCRIPT, "cluster =");
    let hover = client.request("textDocument/hover", at(SCRIPT_URI, cluster_line, 19));
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(
        text.contains("accelerator **H100**") && text.contains("989.5"),
        "{text}"
    );
    let hover = client.request(
        "textDocument/hover",
        at(SCRIPT_URI, line_of(SCRIPT, "rule ="), 9),
    );
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(
        text.contains("chinchilla_tokens(") && text.contains("20"),
        "{text}"
    );
    assert!(
        text.contains("source: Hoffmann et al. 2022") && text.contains("arXiv:2203.15556"),
        "a built-in's hover cites its source: {text}"
    );
    let hover = client.request(
        "textDocument/hover",
        at(SCRIPT_URI, line_of(SCRIPT, "share ="), 9),
    );
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.contains("fn per_gpu(v, n) = v / n"), "{text}");
    let hover = client.request("textDocument/hover", at(SCRIPT_URI, time_line, 32));
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("unit `days` = 86,400 s"),
        "{hover}"
    );
    let nothing = client.request("textDocument/hover", at(SCRIPT_URI, 0, 3));
    assert!(nothing.is_null(), "a comment has no hover");

    // ---- completion as in the REPL
    let items = client.request("textDocument/completion", at(SCRIPT_URI, cost_line, 18));
    let labels_of = |items: &Value| -> Vec<String> {
        items
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["label"].as_str().unwrap().to_string())
            .collect()
    };
    let members = labels_of(&items);
    assert!(
        members.contains(&"gpus".into()) && members.contains(&"mfu".into()),
        "{members:?}"
    );
    let items = client.request("textDocument/completion", at(SCRIPT_URI, oops, 19));
    let names = labels_of(&items);
    assert!(
        names.contains(&"tokens".into()) && names.iter().all(|n| n.starts_with("to")),
        "{names:?}"
    );
    let tokens = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "tokens")
        .unwrap();
    assert_eq!(
        (tokens["kind"].as_u64(), tokens["detail"].as_str()),
        (Some(6), Some("15.6T tokens"))
    );

    // ---- definition and references, with UTF-16 columns
    let definition = client.request("textDocument/definition", at(SCRIPT_URI, time_line, 11));
    let compute_line = line_of(SCRIPT, "compute =");
    assert_eq!(
        definition["range"],
        json!({"start": {"line": compute_line, "character": 0}, "end": {"line": compute_line, "character": 7}})
    );
    // `ref = tokens` after `tag = "🚀 é"; `: 🚀 is two UTF-16 units, é one.
    let definition = client.request("textDocument/definition", at(SCRIPT_URI, shared, 22));
    assert_eq!(
        definition["range"]["start"]["line"],
        line_of(SCRIPT, "tokens  =")
    );
    let references = client.request(
        "textDocument/references",
        json!({
        "textDocument": {"uri": SCRIPT_URI}, "position": {"line": 1, "character": 2},
        "context": {"includeDeclaration": true}}),
    );
    let lines: Vec<u64> = references
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["range"]["start"]["line"].as_u64().unwrap())
        .collect();
    assert_eq!(
        lines,
        vec![1, 3, line_of(SCRIPT, "rule =") as u64],
        "the model field `params` is not the cell"
    );
    let references = client.request("textDocument/references", json!({
        "textDocument": {"uri": SCRIPT_URI}, "position": {"line": line_of(SCRIPT, "share ="), "character": 10},
        "context": {"includeDeclaration": false}}));
    assert_eq!(
        references.as_array().unwrap().len(),
        1,
        "one call of per_gpu: {references}"
    );
    let record = client.request(
        "textDocument/definition",
        at(SCRIPT_URI, line_of(SCRIPT, "model tiny"), 7),
    );
    assert_eq!(record["range"]["start"]["character"], 6);

    // ---- rename a cell
    let prepared = client.request("textDocument/prepareRename", at(SCRIPT_URI, time_line, 1));
    assert_eq!(prepared["end"]["character"], 4);
    let edit = client.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": SCRIPT_URI},
        "position": {"line": time_line, "character": 1}, "newName": "duration"}),
    );
    let edits = edit["changes"][SCRIPT_URI].as_array().unwrap();
    let edited: Vec<u64> = edits
        .iter()
        .map(|e| e["range"]["start"]["line"].as_u64().unwrap())
        .collect();
    assert_eq!(
        edited,
        vec![
            time_line as u64,
            cost_line as u64,
            line_of(SCRIPT, "assert") as u64
        ]
    );
    assert!(edits.iter().all(|e| e["newText"] == "duration"));
    let refused = client.call(
        "textDocument/rename",
        json!({"textDocument": {"uri": SCRIPT_URI},
        "position": {"line": time_line, "character": 1}, "newName": "2fast"}),
    );
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap()
            .contains("is not a name"),
        "{refused}"
    );
    let builtin = client.call(
        "textDocument/rename",
        json!({"textDocument": {"uri": SCRIPT_URI},
        "position": {"line": cluster_line, "character": 19}, "newName": "GPU9"}),
    );
    assert!(
        builtin["error"]["message"]
            .as_str()
            .unwrap()
            .contains("defined in this document")
    );

    // ---- the outline
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": SCRIPT_URI}}),
    );
    let outline: Vec<(String, u64)> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap().to_string(),
                s["kind"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(outline[0], ("params".into(), 13));
    assert!(
        outline.contains(&("per_gpu".into(), 12)) && outline.contains(&("tiny".into(), 23)),
        "{outline:?}"
    );
    assert!(
        outline.contains(&("assert time < 60 days".into(), 24)),
        "{outline:?}"
    );
    let time = symbols
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "time")
        .unwrap();
    assert_eq!(time["detail"], "68.6 days");
    let tiny = symbols
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "tiny")
        .unwrap();
    assert_eq!(tiny["children"].as_array().unwrap().len(), 2);

    // ---- semantic tokens
    let tokens = client.request(
        "textDocument/semanticTokens/full",
        json!({"textDocument": {"uri": SCRIPT_URI}}),
    );
    let decoded = decode(&tokens["data"]);
    let token_at = |line: u32, column: u32| {
        decoded
            .iter()
            .find(|t| t.0 == line && t.1 == column)
            .map(|t| (t.3, t.4, t.2))
    };
    // (type, modifiers, length): types index the legend (0 keyword,
    // 1 variable, 2 function, 4 class, 6 type, 8 number, 9 string,
    // 10 comment); modifiers 1 declaration, 2 default library.
    assert_eq!(token_at(0, 0), Some((10, 0, 28)), "the comment");
    assert_eq!(
        token_at(1, 0),
        Some((1, 1, 6)),
        "`params`: a variable's declaration"
    );
    assert_eq!(token_at(1, 10), Some((8, 0, 4)), "`405B`: a number");
    assert_eq!(
        token_at(1, 15),
        Some((6, 2, 6)),
        "`params` after a number: a built-in unit"
    );
    assert_eq!(
        token_at(cluster_line, 16),
        Some((0, 0, 1)),
        "`x`: a keyword"
    );
    assert_eq!(
        token_at(cluster_line, 18),
        Some((4, 2, 4)),
        "`H100`: a built-in accelerator"
    );
    assert_eq!(
        token_at(line_of(SCRIPT, "assert"), 0),
        Some((0, 0, 6)),
        "`assert`"
    );
    assert_eq!(
        token_at(line_of(SCRIPT, "assert"), 7),
        Some((1, 0, 4)),
        "`time`: a reference"
    );
    assert_eq!(
        token_at(line_of(SCRIPT, "rule ="), 7),
        Some((2, 2, 17)),
        "a built-in function"
    );
    assert_eq!(
        token_at(shared, 6),
        Some((9, 0, 6)),
        "the string, in UTF-16 units"
    );
    assert_eq!(
        token_at(shared, 14),
        Some((1, 1, 3)),
        "`ref` after the string"
    );

    // ---- formatting: the edits `llmc fmt` would make; nothing written
    let messy = "file:///plans/messy.llmc";
    client.notify("textDocument/didOpen", json!({"textDocument": {
        "uri": messy, "languageId": "llmc", "version": 1, "text": "a=1   \nbbb =  a * 2 # note\n"}}));
    let edits = client.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": messy},
        "options": {"tabSize": 4, "insertSpaces": true}}),
    );
    assert_eq!(edits.as_array().unwrap().len(), 1);
    assert_eq!(edits[0]["newText"], "a   = 1\nbbb = a * 2  # note\n");
    assert_eq!(edits[0]["range"]["end"], json!({"line": 2, "character": 0}));
    let formatted = client.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": SCRIPT_URI},
        "options": {"tabSize": 4, "insertSpaces": true}}),
    );
    let expected = llmc::fmt::format(SCRIPT, llmc::fmt::DocumentKind::Script).unwrap();
    assert_eq!(formatted[0]["newText"], expected.as_str());

    // ---- an edit: fresh diagnostics and values
    client.diagnostics(messy);
    client.notify("textDocument/didChange", json!({"textDocument": {"uri": SCRIPT_URI, "version": 2},
        "contentChanges": [
            {"range": {"start": {"line": cluster_line, "character": 10}, "end": {"line": cluster_line, "character": 15}}, "text": "32000"},
            {"range": {"start": {"line": oops, "character": 17}, "end": {"line": oops, "character": 22}}, "text": "tokens"},
        ]}));
    let published = client.diagnostics(SCRIPT_URI);
    assert_eq!(published["version"], 2);
    assert_eq!(
        published["diagnostics"].as_array().unwrap().len(),
        0,
        "{published}"
    );
    let hints = client.request("textDocument/inlayHint", json!({"textDocument": {"uri": SCRIPT_URI},
        "range": {"start": {"line": time_line, "character": 0}, "end": {"line": time_line, "character": 0}}}));
    assert_eq!(hints[0]["label"], "= 34.3 days");
    // A whole-text change, with a syntax error.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": SCRIPT_URI, "version": 3},
        "contentChanges": [{"text": "a = (1 +\nb = a\n"}]}),
    );
    let published = client.diagnostics(SCRIPT_URI);
    assert_eq!(
        published["diagnostics"][0]["range"]["start"],
        json!({"line": 0, "character": 4})
    );
    let none = client.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": SCRIPT_URI},
        "options": {"tabSize": 4, "insertSpaces": true}}),
    );
    assert_eq!(
        none,
        json!([]),
        "a text with syntax errors is not formatted"
    );

    // ---- malformed messages: logged or answered, and the server goes on
    client.send_raw("{this is not json");
    let bad = client.call(
        "textDocument/hover",
        json!({"textDocument": {"uri": SCRIPT_URI}}),
    );
    assert_eq!(bad["error"]["code"], -32602, "invalid params: {bad}");
    let unknown_method = client.call("llmc/unknown", json!({}));
    assert_eq!(unknown_method["error"]["code"], -32601);
    let closed = client.call("textDocument/hover", at("file:///nowhere.llmc", 0, 0));
    assert!(
        closed["error"]["message"]
            .as_str()
            .unwrap()
            .contains("is not open")
    );
    assert!(
        client
            .notifications
            .iter()
            .any(|n| n["method"] == "window/logMessage"
                && n["params"]["message"]
                    .as_str()
                    .unwrap()
                    .contains("malformed")),
        "{:?}",
        client.notifications
    );
    client.notify("textDocument/didChange", json!({"not": "valid"}));
    let hover = client.request("textDocument/hover", at(SCRIPT_URI, 1, 0));
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("**b**"),
        "still serving: {hover}"
    );

    // ---- closing clears the document's diagnostics
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": messy}}),
    );
    assert_eq!(client.diagnostics(messy)["diagnostics"], json!([]));

    // ---- shutdown and exit
    let shutdown = client.call("shutdown", Value::Null);
    assert!(shutdown["result"].is_null() && shutdown.get("error").is_none());
    client.notify("exit", Value::Null);
    let status = client.child.wait().expect("the server exits");
    assert!(status.success(), "{status:?}");
}

/// Semantic tokens decoded from the protocol's relative encoding:
/// (line, column, length, type, modifiers).
fn decode(data: &Value) -> Vec<(u32, u32, u32, u32, u32)> {
    let numbers: Vec<u32> = data
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_u64().unwrap() as u32)
        .collect();
    let (mut line, mut column) = (0, 0);
    numbers
        .chunks(5)
        .map(|t| {
            if t[0] > 0 {
                column = 0;
            }
            line += t[0];
            column += t[1];
            (line, column, t[2], t[3], t[4])
        })
        .collect()
}

const PLAN_URI: &str = "file:///plans/plan.md";

#[test]
fn a_markdown_document_is_one_sheet_in_its_own_lines() {
    let doc = "# Plan\n\nSome prose with a stray x = y.\n\n```llmc\nparams = 70B params\ntokens = 15T tokens\n```\n\nMore prose.\n\n```llmc\ncompute = train_flops(params, tokens)\nbad     = compute + 1 h\n```\n";
    let mut client = Client::start();
    client.request("initialize", json!({"capabilities": {}}));
    client.notify("initialized", json!({}));
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {
        "uri": PLAN_URI, "languageId": "markdown", "version": 7, "text": doc}}),
    );
    let published = client.diagnostics(PLAN_URI);
    let diagnostics = published["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "prose is not llmc: {diagnostics:#?}");
    assert_eq!(
        diagnostics[0]["range"]["start"]["line"], 13,
        "the document's own line"
    );
    assert!(
        diagnostics[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("cannot add"),
        "{}",
        diagnostics[0]
    );

    let hints = client.request(
        "textDocument/inlayHint",
        json!({"textDocument": {"uri": PLAN_URI},
        "range": {"start": {"line": 0, "character": 0}, "end": {"line": 20, "character": 0}}}),
    );
    assert_eq!(
        labels(&hints),
        vec![
            (5, "= 70.0B params".into()),
            (6, "= 15.0T tokens".into()),
            (12, "= 6.30e24 FLOP".into())
        ]
    );
    let definition = client.request("textDocument/definition", at(PLAN_URI, 12, 23));
    assert_eq!(
        definition["range"]["start"],
        json!({"line": 5, "character": 0}),
        "across blocks"
    );
    let nothing = client.request("textDocument/hover", at(PLAN_URI, 2, 20));
    assert!(nothing.is_null(), "prose has no hover");
    let tokens = client.request(
        "textDocument/semanticTokens/full",
        json!({"textDocument": {"uri": PLAN_URI}}),
    );
    assert!(
        decode(&tokens["data"])
            .iter()
            .all(|t| (5..=13).contains(&t.0)),
        "tokens only inside blocks"
    );
    let edits = client.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": PLAN_URI},
        "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    assert_eq!(edits, json!([]), "already formatted");

    client.call("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    assert!(client.child.wait().unwrap().success());
}

/// A flat chain of 20,000 operators is one level of the tree: the
/// server's walks (diagnostics, hints, hover, tokens, symbols, formatting)
/// take it in a loop and answer.
#[test]
fn a_sum_of_twenty_thousand_terms_is_served() {
    const TERMS: usize = 20_000;
    let uri = "file:///plans/sum.llmc";
    let text = format!(
        "gpus = 1 GPU{}\nscale = 1{}\n",
        " + 1 GPU".repeat(TERMS - 1),
        " * 1.00001".repeat(TERMS)
    );
    let mut client = Client::start();
    client.request("initialize", json!({"capabilities": {}}));
    client.notify("initialized", json!({}));
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "llmc", "version": 1, "text": text}}),
    );
    let published = client.diagnostics(uri);
    assert_eq!(published["diagnostics"], json!([]), "no problems");
    let hints = client.request(
        "textDocument/inlayHint",
        json!({"textDocument": {"uri": uri},
        "range": {"start": {"line": 0, "character": 0}, "end": {"line": 2, "character": 0}}}),
    );
    assert_eq!(
        labels(&hints),
        vec![(0, "= 20,000 GPU".into()), (1, "= 1.22".into())]
    );
    let hover = client.request("textDocument/hover", at(uri, 0, 2));
    assert!(hover.to_string().contains("20,000 GPU"), "{hover}");
    let tokens = client.request(
        "textDocument/semanticTokens/full",
        json!({"textDocument": {"uri": uri}}),
    );
    assert!(
        decode(&tokens["data"]).len() > TERMS,
        "a token per unit at least"
    );
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(symbols.as_array().map(Vec::len), Some(2), "{symbols}");
    let edits = client.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri},
        "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    assert_eq!(
        edits.as_array().map(Vec::len),
        Some(1),
        "the `=` aligned: {edits}"
    );

    client.call("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    assert!(client.child.wait().unwrap().success());
}

#[test]
fn the_server_ends_when_its_input_closes() {
    let mut client = Client::start();
    client.request("initialize", json!({"capabilities": {}}));
    drop(client.stdin);
    let status = client.child.wait().expect("the server exits");
    assert!(
        status.code().is_some(),
        "exits rather than crashing: {status:?}"
    );
}
