//! Every example script runs without a problem, and its sheet (human and
//! JSON) matches the snapshot taken of it.

use std::path::{Path, PathBuf};

use llmc::{Render, Session, Sheet, Style, format};

fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples")
}

/// Every `.llmc` file under `examples/`, in subdirectories too, sorted.
fn examples() -> Vec<PathBuf> {
    fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("a readable examples directory") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                walk(&path, files);
            } else if path.extension().is_some_and(|e| e == "llmc") {
                files.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&examples_dir(), &mut files);
    files.sort();
    files
}

/// The path below `examples/` with `/` separators: `runs/gpt3-175b.llmc`.
fn relative(path: &Path) -> String {
    let relative = path.strip_prefix(examples_dir()).expect("under examples/");
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// The snapshot name: the file stem for top-level examples (`budget`),
/// directories joined with `__` below them (`runs__gpt3-175b`).
fn snapshot_name(path: &Path) -> String {
    relative(path).trim_end_matches(".llmc").replace('/', "__")
}

fn evaluate(path: &Path) -> Sheet {
    let source = std::fs::read_to_string(path).expect("readable example");
    let name = format!("examples/{}", relative(path));
    Session::from_source(name, &source).evaluate()
}

#[test]
fn every_example_runs_cleanly_and_matches_its_snapshot() {
    let files = examples();
    assert!(
        files.len() >= 4,
        "expected the shipped examples, found {files:?}"
    );
    for path in files {
        let sheet = evaluate(&path);
        let problems: Vec<String> = sheet
            .problems
            .iter()
            .map(|p| Render::PLAIN.render(p.clone(), &sheet.name, &sheet.source))
            .collect();
        assert!(
            problems.is_empty(),
            "{}:\n{}",
            path.display(),
            problems.join("\n")
        );
        assert!(
            sheet.asserts.iter().all(|a| a.outcome.passed == Some(true)),
            "{}: an assert failed",
            path.display()
        );
        let stem = snapshot_name(&path);
        insta::assert_snapshot!(
            format!("{stem}.human"),
            format::human::sheet(&sheet, Style::default())
        );
        insta::assert_json_snapshot!(
            format!("{stem}.json"),
            format::json::sheet(&sheet, Style::default())
        );
    }
}

/// Issue 3: every run of the training-runs table (`shared/data/
/// training_runs.csv`) has a script under `examples/runs/` that reproduces
/// its published figures with asserts (the test above runs them).
#[test]
fn every_published_run_has_a_reproduction() {
    let runs = [
        "gpt3-175b",
        "gopher-280b",
        "chinchilla-70b",
        "megatron-1t",
        "llama2-70b",
        "llama3-70b",
        "llama3-405b",
        "nemotron4-340b",
    ];
    for run in runs {
        let path = examples_dir().join(format!("runs/{run}.llmc"));
        assert!(path.exists(), "no reproduction of {run}");
        let sheet = evaluate(&path);
        assert!(
            sheet.asserts.len() >= 3,
            "{run}: a reproduction checks its figures with asserts"
        );
        assert!(
            sheet.source.contains("arXiv:") || sheet.source.contains("MODEL_CARD"),
            "{run}: the header names its sources"
        );
    }
}

/// SPEC §1: the article's figures, corrected.
#[test]
fn llama_405b_reproduces_the_corrected_article_figures() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/llama3-405b.llmc");
    let sheet = evaluate(&path);
    let style = Style::default();
    let shown = |name| format::show_cell(&sheet, name, style).expect(name);
    assert_eq!(shown("compute"), "3.79e25 FLOP");
    assert_eq!(shown("cluster"), "6.40 EFLOP/s");
    assert_eq!(shown("time"), "68.6 days");
    assert_eq!(shown("cost"), "$52.6M");

    let source = std::fs::read_to_string(&path)
        .unwrap()
        .replace("@ 400 TFLOPS", "@ 38%");
    let sheet = Session::from_source("llama-38", &source).evaluate();
    assert_eq!(
        format::show_cell(&sheet, "time", style).unwrap(),
        "72.9 days"
    );
    assert_eq!(format::show_cell(&sheet, "cost", style).unwrap(), "$56.0M");
}

/// SPEC §4: everything printed as a value parses back to the same quantity
/// (to the digits shown).
#[test]
fn every_displayed_value_parses_back() {
    for path in examples() {
        let sheet = evaluate(&path);
        for cell in &sheet.cells {
            let Some(value) = cell.outcome.value() else {
                continue;
            };
            let Some(original) = value.as_quantity() else {
                continue;
            };
            for digits in [3, 6] {
                let text =
                    format::show_value(value, cell.shown.as_deref(), digits, &sheet.user_bases)
                        .text;
                let mut session = Session::from_source("source", &sheet.source);
                session.add(&format!("roundtrip_value = {text}"));
                let again = session.evaluate();
                let parsed = again
                    .cell("roundtrip_value")
                    .and_then(|c| c.outcome.value())
                    .and_then(|v| v.as_quantity())
                    .unwrap_or_else(|| panic!("`{text}` ({}) does not parse back", cell.name));
                assert_eq!(parsed.dim, original.dim, "`{text}` ({})", cell.name);
                let tolerance = 10f64.powi(1 - digits as i32) * original.value.abs();
                assert!(
                    (parsed.value - original.value).abs() <= tolerance,
                    "`{text}` ({}) reads back as {} not {}",
                    cell.name,
                    parsed.value,
                    original.value
                );
            }
        }
    }
}

/// `llmc check` and `llmc run` hand their session over
/// ([`Session::into_sheet`], which drops each statement's tree once it is
/// resolved); the REPL and the language server keep theirs
/// ([`Session::evaluate`]). Every example and error example gives the same
/// sheet both ways: values, units, notes, problems and warnings.
#[test]
fn a_session_handed_over_evaluates_as_one_kept() {
    let errors = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/errors");
    let mut files = examples();
    for entry in std::fs::read_dir(errors).expect("tests/errors/") {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_some_and(|e| e == "llmc") {
            files.push(path);
        }
    }
    assert!(files.len() > 100, "{} scripts", files.len());
    let shown = |sheet: &Sheet| {
        let style = Style::default();
        let diagnostics: Vec<String> = sheet
            .problems
            .iter()
            .map(|p| Render::PLAIN.render(p.clone(), &sheet.name, &sheet.source))
            .chain(
                sheet
                    .warnings
                    .iter()
                    .map(|w| Render::PLAIN.render(w.clone(), &sheet.name, &sheet.source)),
            )
            .collect();
        (
            format::human::sheet(sheet, style),
            format::json::sheet(sheet, style).to_string(),
            diagnostics,
        )
    };
    for path in files {
        let source = std::fs::read_to_string(&path).expect("a readable script");
        let session = Session::from_source(path.display().to_string(), &source);
        let kept = session.evaluate();
        let handed_over = session.into_sheet();
        assert_eq!(shown(&handed_over), shown(&kept), "{}", path.display());
    }
}
