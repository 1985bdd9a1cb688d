//! Incremental analysis (what the language server does after each edit)
//! gives exactly what analysing the text from scratch gives: random
//! sequences of edits — lines replaced, inserted, deleted and moved,
//! characters typed and removed — to generated sheets and to the examples,
//! as scripts and as the llmc blocks of a Markdown document. After every
//! edit the session (every statement, span for span) and the sheet (every
//! value, range, note, problem and warning) must equal the ones a fresh
//! parse and evaluation give.

mod common;

use common::generators::example_scripts;
use llmc::{Session, Sheet, markdown};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::Config;

/// Statements that use one another in every way a value can depend on
/// another: cells, clusters and members, functions calling functions,
/// records, user accelerators (found whatever the case), unit
/// declarations, ranges and their bounds, asserts, bare expressions,
/// duplicates, cycles, shadowing, failed definitions and errors.
const LINES: &[&str] = &[
    "a = 16000 x H100 @ 38%",
    "a = 8 x H100",
    "a = 64 x z9 @ 50%",
    "b = 6 FLOP/param/token * 405B params * 15T tokens",
    "b = train_flops(m, 15T tokens)",
    "b = 1e25 FLOP",
    "c = b / a -> days",
    "c = g(b, 2) / a",
    "d = c * a.gpus -> GPU*h",
    "d = c * 2 step",
    "e = d * $2/GPU/h",
    "e = k(d)",
    "f = e + c",
    "f = max(e, $1M)",
    "fn g(p, q) = p / q",
    "fn g(p, q) = p * q",
    "fn k(p) = g(p, 1) * $2/GPU/h",
    "unit step",
    "unit EUR = 1.08 USD",
    "r = 1..3 days",
    "s = r * 2",
    "t = r.high + c",
    "model m { params = 405B params; layers = 126; d_model = 16384; heads = 128; kv_heads = 8; seq = 8192 tokens; vocab = 128K }",
    "model m { params = 70B params; layers = 80; d_model = 8192; heads = 64; kv_heads = 8; seq = 8192 tokens; vocab = 128K }",
    "accelerator Z9 { bf16 = 500 TFLOPS; memory = 96 GB; bandwidth = 4 TB/s; tdp = 600 W }",
    "assert c < 90 days",
    "assert e < $100M, \"over budget\"",
    "c + 1 day",
    "a = (",
    "b = c",
    "x = y + 1",
    "y = x",
    "H100 = 5 GPU",
    "bad = 1 h + 1 GPU",
    "tokns = 15T tokens",
    "e = d * $2/GPU/h   # a comment",
    "",
    "# a comment line",
];

/// One edit of a sheet's lines.
#[derive(Debug, Clone)]
enum Edit {
    Replace(usize, &'static str),
    Insert(usize, &'static str),
    Delete(usize),
    Move(usize, usize),
    /// Replace `len` characters at `at` (modulo the text's length): typing.
    Type(usize, usize, String),
}

fn edit() -> impl Strategy<Value = Edit> {
    let line = || select(LINES);
    let typed = prop_oneof![
        Just(String::new()),
        select(
            &[
                "1", "0", " ", "a", "c", "(", ")", "\n", "x", "*", "#", "e", "2 h", "B"
            ][..]
        )
        .prop_map(str::to_string),
    ];
    prop_oneof![
        4 => (any::<usize>(), line()).prop_map(|(i, l)| Edit::Replace(i, l)),
        3 => (any::<usize>(), line()).prop_map(|(i, l)| Edit::Insert(i, l)),
        2 => any::<usize>().prop_map(Edit::Delete),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(i, j)| Edit::Move(i, j)),
        4 => (any::<usize>(), 0usize..4, typed).prop_map(|(at, len, t)| Edit::Type(at, len, t)),
    ]
}

fn apply(text: &str, edit: &Edit) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let n = lines.len();
    match edit {
        Edit::Replace(i, line) if n > 0 => lines[i % n] = line.to_string(),
        Edit::Insert(i, line) => lines.insert(i % (n + 1), line.to_string()),
        Edit::Delete(i) if n > 0 => {
            lines.remove(i % n);
        }
        Edit::Move(i, j) if n > 0 => {
            let line = lines.remove(i % n);
            lines.insert(j % n, line);
        }
        Edit::Type(at, len, typed) => {
            let mut chars: Vec<char> = text.chars().collect();
            let at = at % (chars.len() + 1);
            let end = (at + len).min(chars.len());
            chars.splice(at..end, typed.chars());
            return chars.into_iter().collect();
        }
        _ => {}
    }
    lines.join("\n") + "\n"
}

/// The script's lines as the llmc blocks of a document: the first half in
/// one block, the rest in another, with prose around them.
fn as_markdown(script: &str) -> String {
    let lines: Vec<&str> = script.lines().collect();
    let (first, second) = lines.split_at(lines.len() / 2);
    format!(
        "# A plan\n\nProse with x = y in it.\n\n```llmc\n{}\n```\n\nMore prose.\n\n```llmc\n{}\n```\n",
        first.join("\n"),
        second.join("\n")
    )
}

#[derive(Clone, Copy, Debug)]
enum Kind {
    Script,
    Markdown,
}

fn fresh(kind: Kind, text: &str) -> (Session, Sheet) {
    match kind {
        Kind::Script => {
            let session = Session::from_source("edited", text);
            let sheet = session.evaluate();
            (session, sheet)
        }
        Kind::Markdown => {
            let session = markdown::session("edited", text);
            let sheet = markdown::evaluate_session(&session, text);
            (session, sheet)
        }
    }
}

fn after_edit(kind: Kind, text: &str, earlier: &(Session, Sheet)) -> (Session, Sheet) {
    let (earlier_session, earlier_sheet) = earlier;
    match kind {
        Kind::Script => {
            let session = Session::from_edited_source("edited", text, earlier_session);
            let sheet = session.evaluate_after_edit(earlier_session, earlier_sheet);
            (session, sheet)
        }
        Kind::Markdown => {
            let session = markdown::edited_session("edited", text, earlier_session);
            let sheet =
                markdown::evaluate_edited_session(&session, text, earlier_session, earlier_sheet);
            (session, sheet)
        }
    }
}

/// Applies the edits one by one, analysing each version incrementally from
/// the one before, and checks each against a fresh analysis.
fn check_edits(kind: Kind, start: &str, edits: &[Edit]) -> Result<(), TestCaseError> {
    let render = |script: &str| match kind {
        Kind::Script => script.to_string(),
        Kind::Markdown => as_markdown(script),
    };
    let mut script = start.to_string();
    let mut analysed = fresh(kind, &render(&script));
    for edit in edits {
        script = apply(&script, edit);
        let text = render(&script);
        let incremental = after_edit(kind, &text, &analysed);
        let expected = fresh(kind, &text);
        for (what, got, want) in [
            (
                "session",
                format!("{:?}", incremental.0),
                format!("{:?}", expected.0),
            ),
            (
                "sheet",
                format!("{:?}", incremental.1),
                format!("{:?}", expected.1),
            ),
        ] {
            prop_assert_eq!(got, want, "the {} after {:?}, text:\n{}", what, edit, &text);
        }
        analysed = incremental;
    }
    Ok(())
}

fn sheet_lines() -> impl Strategy<Value = String> {
    proptest::collection::vec(select(LINES), 0..14).prop_map(|lines| lines.join("\n") + "\n")
}

proptest! {
    #![proptest_config(Config { cases: 400, failure_persistence: None, ..Config::default() })]

    #[test]
    fn edited_scripts_analyse_as_from_scratch(
        start in sheet_lines(),
        edits in proptest::collection::vec(edit(), 1..10),
    ) {
        check_edits(Kind::Script, &start, &edits)?;
    }

    #[test]
    fn edited_markdown_analyses_as_from_scratch(
        start in sheet_lines(),
        edits in proptest::collection::vec(edit(), 1..6),
    ) {
        check_edits(Kind::Markdown, &start, &edits)?;
    }
}

proptest! {
    #![proptest_config(Config { cases: 60, failure_persistence: None, ..Config::default() })]

    #[test]
    fn edited_examples_analyse_as_from_scratch(
        which in any::<prop::sample::Index>(),
        edits in proptest::collection::vec(edit(), 1..5),
    ) {
        let example: &String = which.get(example_scripts());
        check_edits(Kind::Script, example, &edits)?;
    }
}

/// The point of it all: an edit reuses what it did not change. After a
/// leaf's edit the model record upstream of it is the earlier sheet's own
/// (the same allocation, which a fresh evaluation never gives), and the
/// sheet is still a fresh evaluation's.
#[test]
fn an_edit_of_a_leaf_reuses_the_rest() {
    let before = "model m { params = 405B params; layers = 126; d_model = 16384; heads = 128; kv_heads = 8; seq = 8192 tokens; vocab = 128K }\nb = train_flops(m, 15T tokens)\nleaf = b * 2\n";
    let after = before.replace("b * 2", "b * 3");
    let session = Session::from_source("s", before);
    let sheet = session.evaluate();
    let edited = Session::from_edited_source("s", &after, &session);
    let edited_sheet = edited.evaluate_after_edit(&session, &sheet);
    let model = |sheet: &Sheet| match sheet.cell("m").unwrap().outcome.value() {
        Some(llmc::eval::Value::Model(model)) => model.clone(),
        other => panic!("{other:?}"),
    };
    assert!(
        std::sync::Arc::ptr_eq(&model(&sheet), &model(&edited_sheet)),
        "the model record was kept, not evaluated again"
    );
    assert_eq!(
        format!("{:?}", edited_sheet),
        format!("{:?}", edited.evaluate())
    );
    let fresh_model = model(&Session::from_source("s", &after).evaluate());
    assert!(!std::sync::Arc::ptr_eq(&model(&sheet), &fresh_model));
}
