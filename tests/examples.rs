//! Every example script runs without a problem, and its sheet (human and
//! JSON) matches the snapshot taken of it.

use std::path::{Path, PathBuf};

use llmc::{Render, Session, Sheet, Style, format};

fn examples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("examples/")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "llmc"))
        .collect();
    files.sort();
    files
}

fn evaluate(path: &Path) -> Sheet {
    let source = std::fs::read_to_string(path).expect("readable example");
    let name = format!("examples/{}", path.file_name().unwrap().to_string_lossy());
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
        assert!(sheet.asserts.iter().all(|a| a.outcome.passed == Some(true)));
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
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

/// SPEC §1: the article's figures, corrected.
#[test]
fn llama_405b_reproduces_the_corrected_article_figures() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/llama3-405b.llmc");
    let sheet = evaluate(&path);
    let style = Style::default();
    let shown = |name| sheet.display(name, style).expect(name);
    assert_eq!(shown("compute"), "3.79e25 FLOP");
    assert_eq!(shown("cluster"), "6.40 EFLOP/s");
    assert_eq!(shown("time"), "68.6 days");
    assert_eq!(shown("cost"), "$52.6M");

    let source = std::fs::read_to_string(&path)
        .unwrap()
        .replace("@ 400 TFLOPS", "@ 38%");
    let sheet = Session::from_source("llama-38", &source).evaluate();
    assert_eq!(sheet.display("time", style).unwrap(), "72.9 days");
    assert_eq!(sheet.display("cost", style).unwrap(), "$56.0M");
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
                    format::show_value(value, cell.shown.as_ref(), digits, &sheet.user_bases).text;
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
