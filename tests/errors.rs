//! The error examples: one small script per kind of mistake in
//! `tests/errors/`, named after it, so the list of files documents what llmc
//! catches. Each must report at least one problem; its diagnostics (plain
//! text, fixed width) match the snapshot taken of them, and never name a
//! grammar rule.

use std::path::{Path, PathBuf};

use llmc::{Session, Sheet};

mod common;

use common::{llmc, on_big_stack, render};

/// Words that only the grammar knows: a diagnostic that shows one leaks
/// pest's internals to the user.
const GRAMMAR_WORDS: [&str; 9] = [
    "EOI",
    "WHITESPACE",
    "operand",
    "arith",
    "literal_unit",
    "unit_power",
    "cluster_tail",
    "expr_stmt",
    "keyword_arg",
];

fn error_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/errors")
}

fn error_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(error_dir())
        .expect("tests/errors/")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "llmc"))
        .collect();
    files.sort();
    files
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .expect("a file name")
        .to_string_lossy()
        .into_owned()
}

/// Evaluates a script on a thread with a large stack, as the binary does.
fn evaluate(path: &Path) -> Sheet {
    let source = std::fs::read_to_string(path).expect("readable error example");
    let name = format!("tests/errors/{}", file_name(path));
    on_big_stack(move || Session::from_source(name, &source).evaluate())
}

/// Whether `word` occurs in `text` as a whole identifier (so the code
/// `llmc::arithmetic` does not count as the rule `arith`).
fn contains_word(text: &str, word: &str) -> bool {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .any(|w| w == word)
}

#[test]
fn every_error_example_is_caught_and_matches_its_snapshot() {
    let files = error_files();
    assert!(
        files.len() >= 40,
        "expected the error examples, found {files:?}"
    );
    for path in files {
        let sheet = evaluate(&path);
        assert!(
            sheet.has_errors(),
            "{} evaluated without a problem",
            path.display()
        );
        let rendered = render(&sheet);
        for word in GRAMMAR_WORDS {
            assert!(
                !contains_word(&rendered, word),
                "{} shows the grammar's word `{word}`:\n{rendered}",
                path.display()
            );
        }
        let stem = path
            .file_stem()
            .expect("a file stem")
            .to_string_lossy()
            .into_owned();
        insta::assert_snapshot!(stem, rendered);
    }
}

/// SPEC §6: one run reports every problem of independent cells, and the
/// cells between them keep their values.
#[test]
fn independent_cells_keep_evaluating() {
    let sheet = evaluate(&error_dir().join("independent_cells_keep_evaluating.llmc"));
    assert_eq!(sheet.problems.len(), 2, "{}", render(&sheet));
    for good in ["params", "tokens", "compute", "warmup", "time", "total"] {
        let cell = sheet.cell(good).expect(good);
        assert!(cell.outcome.value().is_some(), "`{good}` did not evaluate");
    }
}

/// SPEC §4: an error in the input exits 1, and `check` prints only problems.
#[test]
fn the_binary_exits_1_on_errors_and_check_prints_only_problems() {
    let cases = [
        ("duplicate_cell.llmc", "`params` is defined twice"),
        ("cannot_add_flop_and_time.llmc", "cannot add FLOP and s"),
        ("unclosed_parenthesis.llmc", "this `(` is never closed"),
        (
            "failed_assert_with_message.llmc",
            "the run must finish within a quarter",
        ),
    ];
    for (file, message) in cases {
        let path = format!("tests/errors/{file}");
        for command in ["run", "check"] {
            let output = llmc(&[command, &path]);
            let stderr = &output.stderr;
            assert_eq!(output.code, Some(1), "llmc {command} {path}: {stderr}");
            assert!(
                stderr.contains(message),
                "llmc {command} {path}: stderr lacks {message:?}:\n{stderr}"
            );
            assert!(
                stderr.contains(&path),
                "llmc {command} {path}: stderr does not name the file:\n{stderr}"
            );
            if command == "check" {
                assert!(
                    output.stdout.is_empty(),
                    "llmc check {path} printed to stdout: {}",
                    &output.stdout
                );
            }
        }
    }
}

/// SPEC §4: a missing file is the user's input going wrong (exit 1, with
/// a message naming it); a flag llmc does not know is a usage error (exit 2).
#[test]
fn a_missing_file_exits_1_and_an_unknown_flag_exits_2() {
    let missing = "tests/errors/no_such_file.llmc";
    for command in ["run", "check"] {
        let output = llmc(&[command, missing]);
        let stderr = &output.stderr;
        assert_eq!(output.code, Some(1), "llmc {command}: {stderr}");
        assert!(
            stderr.contains(missing) && stderr.contains("cannot read"),
            "llmc {command} {missing}: unclear message:\n{stderr}"
        );
        assert!(output.stdout.is_empty());
    }

    let output = llmc(&["run", "--no-such-flag", "tests/errors/duplicate_cell.llmc"]);
    let stderr = &output.stderr;
    assert_eq!(output.code, Some(2), "{stderr}");
    assert!(stderr.contains("--no-such-flag"), "{stderr}");
}

/// Every diagnostic code the source declares (`code(llmc::…)`), in the
/// order written.
fn declared_codes() -> Vec<String> {
    fn walk(dir: &Path, codes: &mut Vec<String>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .expect("a source directory")
            .map(|e| e.expect("a directory entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, codes);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("readable source");
                for (at, _) in text.match_indices("code(llmc::") {
                    let rest = &text[at + "code(".len()..];
                    let end = rest.find(')').expect("a closed code(…)");
                    codes.push(rest[..end].to_string());
                }
            }
        }
    }
    let mut codes = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut codes,
    );
    codes
}

/// A code names one condition, so a user can look it up and a test can
/// match it: no two conditions share one, and each is shown by a snapshot
/// (an error example, or a warning in another test's), so each has a
/// script that produces it.
#[test]
fn every_code_is_unique_and_shown_by_an_error_example() {
    let codes = declared_codes();
    assert!(codes.len() >= 80, "found only {} codes", codes.len());
    let mut seen = std::collections::HashSet::new();
    for code in &codes {
        assert!(seen.insert(code.as_str()), "`{code}` names two conditions");
    }
    let snapshots = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let mut shown = std::collections::HashSet::new();
    for entry in std::fs::read_dir(snapshots).expect("tests/snapshots/") {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_some_and(|e| e == "snap") {
            let text = std::fs::read_to_string(&path).expect("readable snapshot");
            shown.extend(
                text.lines()
                    .filter(|l| l.starts_with("llmc::"))
                    .map(str::to_string),
            );
        }
    }
    let unshown: Vec<&String> = codes.iter().filter(|c| !shown.contains(*c)).collect();
    assert!(
        unshown.is_empty(),
        "no snapshot shows {unshown:?}; add an error example to tests/errors/"
    );
    let stale: Vec<&String> = shown
        .iter()
        .filter(|c| !seen.contains(c.as_str()))
        .collect();
    assert!(
        stale.is_empty(),
        "snapshots show codes no longer declared: {stale:?}"
    );
}
