//! The TextMate grammar in `editors/` (SPEC §8), against the examples:
//! every regex compiles (with `fancy-regex`, which like the Oniguruma of
//! editors has look-around), and a small TextMate tokenizer running the
//! grammar over each example gives the comments, numbers, keywords and
//! units that the language server's semantic tokens find there the
//! matching scopes.

use std::path::Path;

use fancy_regex::Regex;
use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{Value, json};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn grammar(name: &str) -> Value {
    let path = root().join("editors/vscode/syntaxes").join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).expect("the grammar is JSON")
}

/// Every regex of a grammar: (where, pattern).
fn regexes(value: &Value, at: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                let here = format!("{at}/{key}");
                match (key.as_str(), inner) {
                    ("match" | "begin" | "end" | "while", Value::String(pattern)) => {
                        out.push((here, pattern.clone()))
                    }
                    _ => regexes(inner, &here, out),
                }
            }
        }
        Value::Array(items) => {
            for (i, inner) in items.iter().enumerate() {
                regexes(inner, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// A pattern as the engine compiles it: `\G` (the end of the previous
/// match, for which fancy-regex has no syntax) as `^`, and the
/// back-references an `end` or `while` makes to its `begin` replaced with
/// what they captured (`captured`).
fn compilable(pattern: &str, captured: &[&str]) -> String {
    let mut out = pattern.replace("\\G", "^");
    for (i, text) in captured.iter().enumerate().rev() {
        out = out.replace(&format!("\\{}", i + 1), &fancy_regex::escape(text));
    }
    out
}

#[test]
fn every_regex_compiles() {
    for name in ["llmc.tmLanguage.json", "llmc-markdown.tmLanguage.json"] {
        let mut found = Vec::new();
        regexes(&grammar(name), name, &mut found);
        assert!(
            found.len() > 10 || name.contains("markdown"),
            "{name}: {} regexes",
            found.len()
        );
        for (at, pattern) in found {
            let pattern = compilable(&pattern, &["", "", "```"]);
            Regex::new(&pattern).unwrap_or_else(|e| panic!("{at}: {e}\n{pattern}"));
        }
    }
}

#[test]
fn the_markdown_injection_opens_on_llmc_fences_only() {
    let block = &grammar("llmc-markdown.tmLanguage.json")["repository"]["llmc-code-block"];
    let begin = Regex::new(&compilable(block["begin"].as_str().unwrap(), &[])).unwrap();
    for line in ["```llmc", "~~~~llmc title", "   ```llmc"] {
        assert!(
            begin.is_match(line).unwrap(),
            "`{line}` opens an llmc block"
        );
    }
    for line in ["```sh", "```llmcx", "    ```llmc", "text ```llmc"] {
        assert!(!begin.is_match(line).unwrap(), "`{line}` does not");
    }
    let end = Regex::new(&compilable(
        block["end"].as_str().unwrap(),
        &["", "", "```"],
    ))
    .unwrap();
    assert!(end.is_match("```").unwrap() && !end.is_match("``").unwrap());
    assert_eq!(
        block["patterns"][0]["patterns"][0]["include"],
        "source.llmc"
    );
}

// ------------------------------------------------------------ a tokenizer

struct Rule {
    regex: Regex,
    name: Option<String>,
    captures: Vec<(usize, String)>,
    /// For begin/end rules: the end.
    end: Option<Regex>,
}

/// The grammar's top-level rules, includes resolved, in order.
fn rules(grammar: &Value) -> Vec<Rule> {
    grammar["patterns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let key = p["include"].as_str().unwrap().trim_start_matches('#');
            let rule = &grammar["repository"][key];
            let pattern = rule["match"].as_str().or(rule["begin"].as_str()).unwrap();
            let captures = rule["captures"]
                .as_object()
                .map(|c| {
                    c.iter()
                        .map(|(k, v)| (k.parse().unwrap(), v["name"].as_str().unwrap().to_string()))
                        .collect()
                })
                .unwrap_or_default();
            Rule {
                regex: Regex::new(pattern).unwrap(),
                name: rule["name"].as_str().map(str::to_string),
                captures,
                end: rule["end"].as_str().map(|e| Regex::new(e).unwrap()),
            }
        })
        .collect()
}

/// Each byte's scopes on one line, as a TextMate engine assigns them:
/// the earliest match wins, ties go to the earlier rule.
fn scopes(rules: &[Rule], line: &str) -> Vec<Vec<String>> {
    let mut scopes = vec![Vec::new(); line.len()];
    let mut pos = 0;
    while pos < line.len() {
        let best = rules
            .iter()
            .filter_map(|rule| {
                let captures = rule.regex.captures_from_pos(line, pos).ok()??;
                Some((captures.get(0)?.start(), rule, captures))
            })
            .min_by_key(|(start, _, _)| *start);
        let Some((start, rule, captures)) = best else {
            break;
        };
        let whole = captures.get(0).unwrap();
        let mut end = whole.end();
        if let Some(end_regex) = &rule.end {
            end = end_regex
                .find_from_pos(line, end)
                .ok()
                .flatten()
                .map_or(line.len(), |m| m.end());
        }
        if let Some(name) = &rule.name {
            scopes[start..end]
                .iter_mut()
                .for_each(|s| s.push(name.clone()));
        }
        for (group, name) in &rule.captures {
            if let Some(m) = captures.get(*group) {
                scopes[m.start()..m.end()]
                    .iter_mut()
                    .for_each(|s| s.push(name.clone()));
            }
        }
        pos = if end > start {
            end
        } else {
            start + line[start..].chars().next().map_or(1, char::len_utf8)
        };
    }
    scopes
}

// ------------------------------------------------------------ the reference

/// The language server's semantic tokens for a script: (line, byte column,
/// type), types indexing its legend.
fn semantic_tokens(text: &str) -> Vec<(usize, usize, u64)> {
    let (server, client) = Connection::memory();
    let thread = std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || llmc::lsp::serve(&server))
        .unwrap();
    let send = |message: Message| client.sender.send(message).unwrap();
    let answer = |id: i32| loop {
        if let Message::Response(r) = client.receiver.recv().unwrap()
            && r.id == RequestId::from(id)
        {
            return r.response_result.unwrap();
        }
    };
    send(Message::Request(Request::new(
        1.into(),
        "initialize".into(),
        json!({"capabilities": {}}),
    )));
    answer(1);
    send(Message::Notification(Notification::new(
        "initialized".into(),
        json!({}),
    )));
    let uri = "file:///example.llmc";
    send(Message::Notification(Notification::new(
        "textDocument/didOpen".into(),
        json!({"textDocument": {"uri": uri, "languageId": "llmc", "version": 1, "text": text}}),
    )));
    send(Message::Request(Request::new(
        2.into(),
        "textDocument/semanticTokens/full".into(),
        json!({"textDocument": {"uri": uri}}),
    )));
    let data = answer(2)["data"].clone();
    send(Message::Request(Request::new(
        3.into(),
        "shutdown".into(),
        Value::Null,
    )));
    answer(3);
    send(Message::Notification(Notification::new(
        "exit".into(),
        Value::Null,
    )));
    thread.join().unwrap().unwrap();

    let lines: Vec<&str> = text.lines().collect();
    let numbers: Vec<u64> = data
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_u64().unwrap())
        .collect();
    let (mut line, mut column) = (0usize, 0usize);
    numbers
        .chunks(5)
        .map(|t| {
            if t[0] > 0 {
                column = 0;
            }
            line += t[0] as usize;
            column += t[1] as usize;
            // UTF-16 column → byte column.
            let mut units = 0;
            let byte = lines[line]
                .char_indices()
                .find(|(_, c)| {
                    let here = units;
                    units += c.len_utf16();
                    here >= column
                })
                .map_or(lines[line].len(), |(i, _)| i);
            (line, byte, t[3])
        })
        .collect()
}

#[test]
fn examples_get_the_scopes_the_language_server_finds() {
    let rules = rules(&grammar("llmc.tmLanguage.json"));
    // Semantic token type → the TextMate scope that must cover it.
    let expected = [
        (10, "comment"),
        (8, "constant.numeric"),
        (0, "keyword"),
        (6, "unit"),
    ];
    let mut checked = [0usize; 4];
    let mut scoped = [0usize; 4];
    let mut misses: Vec<String> = Vec::new();
    let mut paths: Vec<_> = ["examples", "examples/runs"]
        .iter()
        .flat_map(|d| std::fs::read_dir(root().join(d)).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "llmc"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 10, "{} examples", paths.len());
    for path in &paths {
        let text = std::fs::read_to_string(path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let line_scopes: Vec<_> = lines.iter().map(|l| scopes(&rules, l)).collect();
        for (line, byte, kind) in semantic_tokens(&text) {
            let Some(which) = expected.iter().position(|(k, _)| *k == kind) else {
                continue;
            };
            let word = &lines[line][byte..];
            if kind == 0 && (word.starts_with("true") || word.starts_with("false")) {
                continue; // constants in TextMate's vocabulary
            }
            checked[which] += 1;
            if line_scopes[line][byte]
                .iter()
                .any(|s| s.contains(expected[which].1))
            {
                scoped[which] += 1;
            } else if misses.len() < 400 {
                misses.push(format!(
                    "{}:{}:{byte} {} in `{}`",
                    path.display(),
                    line + 1,
                    expected[which].1,
                    lines[line]
                ));
            }
        }
    }
    eprintln!("scoped {scoped:?} of {checked:?} (comments, numbers, keywords, units)");
    for (i, (_, scope)) in expected.iter().enumerate() {
        assert!(checked[i] > 0, "no {scope} tokens in the examples");
    }
    // Comments, numbers and keywords are lexical: all of them. Units the
    // grammar finds where a reader does, after a number and after `->`; a
    // bare unit name used as a value (`$2 / GPU / hour`) needs the
    // server's resolution, so a share of them is left to semantic tokens.
    for i in 0..3 {
        assert_eq!(
            scoped[i],
            checked[i],
            "{}: {scoped:?} of {checked:?}\n{}",
            expected[i].1,
            misses.join("\n")
        );
    }
    assert!(
        scoped[3] * 100 >= checked[3] * 95,
        "units: {} of {} scoped\n{}",
        scoped[3],
        checked[3],
        misses.join("\n")
    );
}

// ------------------------------------------------------- the VS Code manifest

fn manifest() -> Value {
    let path = root().join("editors/vscode/package.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).expect("package.json is JSON")
}

/// `./syntaxes/x.json` → the file in `editors/vscode/`.
fn extension_file(path: &str) -> std::path::PathBuf {
    root()
        .join("editors/vscode")
        .join(path.trim_start_matches("./"))
}

#[test]
fn the_extension_manifest_names_files_that_exist_and_agree() {
    let manifest = manifest();
    let contributes = &manifest["contributes"];
    let languages: Vec<&str> = contributes["languages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap())
        .collect();
    assert_eq!(languages, ["llmc"]);
    let language = &contributes["languages"][0];
    assert_eq!(language["extensions"], json!([".llmc"]));
    let configuration = extension_file(language["configuration"].as_str().unwrap());
    serde_json::from_str::<Value>(&std::fs::read_to_string(&configuration).unwrap())
        .expect("the language configuration is JSON");
    let main = extension_file(manifest["main"].as_str().unwrap());
    let client = std::fs::read_to_string(&main).unwrap();
    assert!(
        client.contains("args: [\"lsp\"]") && client.contains("language: \"markdown\""),
        "the client starts `llmc lsp` for llmc and Markdown documents"
    );

    let grammars = contributes["grammars"].as_array().unwrap();
    assert_eq!(grammars.len(), 2);
    for contributed in grammars {
        let path = contributed["path"].as_str().unwrap();
        let file = extension_file(path);
        let grammar: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap())
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(
            grammar["scopeName"], contributed["scopeName"],
            "{path}: the contributed scope is the grammar's own"
        );
        if let Some(language) = contributed["language"].as_str() {
            assert!(languages.contains(&language), "{path}: {language}");
        }
        for embedded in contributed["embeddedLanguages"]
            .as_object()
            .into_iter()
            .flat_map(|m| m.values())
        {
            assert!(languages.contains(&embedded.as_str().unwrap()));
        }
    }
    // The injection embeds the scope the llmc grammar declares.
    let markdown = grammar("llmc-markdown.tmLanguage.json");
    let embedded = &markdown["repository"]["llmc-code-block"]["patterns"][0];
    assert!(
        contributes["grammars"][1]["embeddedLanguages"]
            .get(embedded["contentName"].as_str().unwrap())
            .is_some(),
        "{embedded}"
    );
    for event in manifest["activationEvents"].as_array().unwrap() {
        let language = event.as_str().unwrap().strip_prefix("onLanguage:").unwrap();
        assert!(languages.contains(&language) || language == "markdown");
    }
}

/// `package.sh` stages what the manifest needs: its `files`, and the
/// dependencies `package-lock.json` pins (so `npm ci` installs them).
#[test]
fn the_packaging_script_stages_every_file_the_extension_needs() {
    let manifest = manifest();
    let script = std::fs::read_to_string(root().join("editors/vscode/package.sh")).unwrap();
    let mut needed: Vec<String> = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().split('/').next().unwrap().to_string())
        .collect();
    needed.extend(["package.json", "package-lock.json", "README.md"].map(String::from));
    for file in &needed {
        assert!(
            script.contains(&format!("\"$here/{file}\"")),
            "package.sh copies {file}"
        );
        assert!(extension_file(file).exists(), "{file} is in editors/vscode");
    }
    let lock: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("editors/vscode/package-lock.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(lock["name"], manifest["name"]);
    assert_eq!(lock["version"], manifest["version"]);
    assert_eq!(
        lock["packages"][""]["dependencies"], manifest["dependencies"],
        "package-lock.json is up to date with package.json"
    );
    for dependency in manifest["dependencies"].as_object().unwrap().keys() {
        assert!(
            lock["packages"][format!("node_modules/{dependency}")]["version"].is_string(),
            "{dependency} is pinned"
        );
    }
}
