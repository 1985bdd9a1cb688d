//! `llmc fmt` (SPEC §8): the canonical layout, idempotent, never changing a
//! value, atomic writes, `--check` for CI; the shipped examples and error
//! examples, generated programs in random layouts, and the command line.

mod common;

use std::path::Path;

use common::Scratch;
use llmc::annotate;
use llmc::fmt::{DocumentKind, format};
use llmc::{Session, Style};
use proptest::prelude::*;
use proptest::sample::select;

/// What a script means: every cell's and assert's shown value, and every
/// problem's message (positions may move; values and messages may not).
fn meaning(source: &str) -> String {
    let sheet = Session::from_source("fmt", source).evaluate();
    let mut out = llmc::format::human::sheet(&sheet, Style::default());
    for problem in &sheet.problems {
        out.push_str(&format!("problem: {problem}\n"));
    }
    for warning in &sheet.warnings {
        out.push_str(&format!("warning: {warning}\n"));
    }
    out
}

/// Formats a script and checks the promises of SPEC §8 on it.
fn check_script(label: &str, text: &str) {
    let Ok(once) = format(text, DocumentKind::Script) else {
        return;
    };
    assert_eq!(
        meaning(&once),
        meaning(text),
        "{label}: a value changed:\n{once}"
    );
    let twice = format(&once, DocumentKind::Script).expect("a formatted text parses");
    assert_eq!(twice, once, "{label}: formatting is not idempotent");
    // `llmc fmt` and `llmc run --annotate` (or `llmc doc`) agree: after
    // annotating a formatted script, formatting changes nothing, so CI can
    // check both.
    if let Some(annotated) = annotate::rewrite_script(label, &once, 3).annotation {
        let again = format(&annotated.text, DocumentKind::Script).expect("parses");
        assert_eq!(
            again, annotated.text,
            "{label}: fmt moves what --annotate wrote"
        );
    }
}

fn files_in(dir: &str) -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut paths: Vec<_> = std::fs::read_dir(root)
        .expect("the directory exists")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "llmc" || e == "md"))
        .collect();
    paths.sort();
    paths
}

#[test]
fn examples_and_error_examples_keep_their_values_and_format_once() {
    let mut checked = 0;
    for dir in ["examples", "examples/runs", "tests/errors"] {
        for path in files_in(dir) {
            let text = std::fs::read_to_string(&path).unwrap();
            let label = path.display().to_string();
            match DocumentKind::of_name(&label) {
                DocumentKind::Script => check_script(&label, &text),
                DocumentKind::Markdown => {
                    let once = format(&text, DocumentKind::Markdown).expect("formats");
                    let values = |doc: &str| {
                        let sheet = llmc::markdown::evaluate("doc", doc);
                        llmc::format::human::sheet(&sheet, Style::default())
                    };
                    assert_eq!(values(&once), values(&text), "{label}");
                    assert_eq!(
                        llmc::markdown::outside_llmc(&once),
                        llmc::markdown::outside_llmc(&text)
                    );
                    assert_eq!(format(&once, DocumentKind::Markdown).unwrap(), once);
                }
            }
            checked += 1;
        }
    }
    assert!(checked > 60, "only {checked} files checked");
}

/// What the project ships is in canonical layout, so `llmc fmt --check`
/// passes on it in a user's CI: the examples, and every Markdown document
/// with llmc blocks (README, ARCHITECTURE, the editor notes).
#[test]
fn shipped_examples_and_documents_are_formatted() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths: Vec<std::path::PathBuf> = [
        "examples",
        "examples/runs",
        ".",
        "editors",
        "editors/vscode",
    ]
    .iter()
    .flat_map(|dir| files_in(dir))
    .collect();
    paths.retain(|p| {
        p.extension().is_some_and(|e| e == "llmc")
            || std::fs::read_to_string(p).unwrap().contains("```llmc")
    });
    let mut unformatted = Vec::new();
    for path in &paths {
        let text = std::fs::read_to_string(path).unwrap();
        let label = path
            .strip_prefix(root)
            .unwrap_or(path)
            .display()
            .to_string();
        match format(&text, DocumentKind::of_name(&label)) {
            Ok(formatted) if formatted == text => {}
            Ok(_) => unformatted.push(label),
            Err(errors) => unformatted.push(format!("{label} (syntax errors: {errors:?})")),
        }
    }
    assert!(
        unformatted.is_empty(),
        "`llmc fmt` would change {unformatted:?}"
    );
    let documents = paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"));
    assert!(
        documents.count() >= 4,
        "README, ARCHITECTURE, the editor notes, the plan: {paths:?}"
    );
    assert!(paths.len() >= 20, "{} files", paths.len());
}

// ------------------------------------------------------------ generated

/// Blanks where blanks carry no meaning: around `=`, at a line's start.
fn blanks() -> impl Strategy<Value = String> {
    select(vec!["", " ", "  ", "\t", "     "]).prop_map(str::to_string)
}

fn trailing() -> impl Strategy<Value = String> {
    select(vec![
        "",
        "",
        " ",
        "  \t",
        "  # a note",
        " # => stale",
        "   # note  # => 1",
    ])
    .prop_map(str::to_string)
}

fn expression(index: usize) -> impl Strategy<Value = String> {
    let earlier = if index == 0 {
        "1".to_string()
    } else {
        format!("c{}", index - 1)
    };
    select(vec![
        "405B params".to_string(),
        "$2 / GPU / hour".to_string(),
        "1 / 2 h".to_string(),
        "16000 x H100 @ 38%".to_string(),
        format!("{earlier} * 2"),
        format!("({earlier} +\n   3)"),
        format!("{earlier}   *   {earlier}"),
        "train_flops(405B params, 15T tokens)".to_string(),
        "6 FLOP/param/token * 1B params * 1T tokens -> FLOP".to_string(),
        "\"text # not a comment\"".to_string(),
        "3 h -> min".to_string(),
    ])
}

/// One line (or a few) of a program: cell `c{index}` in some layout, or a
/// statement of another kind.
fn line(index: usize) -> impl Strategy<Value = String> {
    let cell = (blanks(), blanks(), blanks(), expression(index), trailing()).prop_map(
        move |(lead, before, after, expr, tail)| {
            format!("{lead}c{index}{before}={after}{expr}{tail}")
        },
    );
    prop_oneof![
        6 => cell,
        1 => Just(String::new()),
        1 => blanks().prop_map(|b| format!("{b}# a comment line  ")),
        1 => (blanks(), blanks()).prop_map(move |(a, b)| format!("{a}assert c{index} >{b}0 * c{index}")),
        1 => blanks().prop_map(move |b| format!("c{index} = 1;{b}d{index} = c{index} + 1")),
        1 => (blanks(), blanks(), trailing()).prop_map(move |(a, b, t)| format!(
            "model m{index} {{\n{a}params{b}= 7B params{t}\n layers = 32\n\n{b}# fields\n{a}d_model=4096\n  heads = 32;kv_heads = 8\n    seq = 8k tokens\n   vocab =  128_256  \n{a}}}"
        )),
        1 => blanks().prop_map(move |b| format!("accelerator a{index} {{ bf16 = 500 TFLOPS;{b}memory = 96 GB }}")),
    ]
}

fn program() -> impl Strategy<Value = String> {
    (1usize..12).prop_flat_map(|n| {
        let lines: Vec<_> = (0..n).map(line).collect();
        (
            lines,
            select(vec!["\n", "\r\n"]),
            select(vec!["", "\n", "\n\n  \n"]),
        )
            .prop_map(|(lines, newline, end)| {
                let text = lines.join("\n") + end;
                text.replace('\n', newline)
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn formatting_keeps_values_and_is_idempotent(text in program()) {
        let once = format(&text, DocumentKind::Script).expect("generated programs parse");
        check_script("generated", &text);
        // Nothing but blanks changes: the text without blanks is the same.
        let squeeze = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        prop_assert_eq!(squeeze(&once), squeeze(&text));
    }
}

// ------------------------------------------------------------ the command

#[test]
fn check_lists_the_files_that_would_change_and_fails() {
    let scratch = Scratch::new("fmt-check");
    scratch.write("messy.llmc", "a=1\nbb = a * 2   \n");
    scratch.write("tidy.llmc", "a  = 1\nbb = a * 2\n");
    let run = scratch.llmc(&["fmt", "--check", "messy.llmc", "tidy.llmc"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(run.stdout, "messy.llmc\n");
    assert!(
        run.stderr.contains("1 file is not formatted"),
        "{}",
        run.stderr
    );
    assert_eq!(
        scratch.read("messy.llmc"),
        "a=1\nbb = a * 2   \n",
        "--check writes nothing"
    );

    let run = scratch.llmc(&["fmt", "--check", "tidy.llmc"]);
    assert_eq!((run.code, run.stdout.as_str()), (Some(0), ""));
}

#[test]
fn formatting_rewrites_scripts_and_markdown_blocks_in_place() {
    let scratch = Scratch::new("fmt-write");
    scratch.write(
        "plan.llmc",
        "params=405B params # N\ntokens = 15.6T tokens # D",
    );
    scratch.write(
        "plan.md",
        "# Plan  \n\n```llmc\nt=2 h   \n```\n\n```sh\nx=1   \n```\n",
    );
    let run = scratch.llmc(&["fmt", "plan.llmc", "plan.md"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stdout, "formatted plan.llmc\nformatted plan.md\n");
    assert_eq!(
        scratch.read("plan.llmc"),
        "params = 405B params   # N\ntokens = 15.6T tokens  # D\n"
    );
    assert_eq!(
        scratch.read("plan.md"),
        "# Plan  \n\n```llmc\nt = 2 h\n```\n\n```sh\nx=1   \n```\n"
    );
    let run = scratch.llmc(&["fmt", "plan.llmc", "plan.md"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (Some(0), ""),
        "a second run changes nothing"
    );
    assert_eq!(scratch.files(), vec!["plan.llmc", "plan.md"]);
}

#[test]
fn a_file_with_syntax_errors_is_left_as_it_is() {
    let scratch = Scratch::new("fmt-errors");
    scratch.write("broken.llmc", "a=1\nb = (a +\n");
    let run = scratch.llmc(&["fmt", "broken.llmc", "missing.llmc"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("broken.llmc:2:5"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error: broken.llmc is unchanged: it has syntax errors"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("cannot read `missing.llmc`"),
        "{}",
        run.stderr
    );
    assert_eq!(scratch.read("broken.llmc"), "a=1\nb = (a +\n");
}
