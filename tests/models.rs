//! Model records (SPEC §2.5): counts derived from the architecture, the
//! warning when a given count contradicts it, and the booleans and choices
//! of the architecture fields.

mod common;

use llmc::{Session, Sheet};

fn sheet(source: &str) -> Sheet {
    Session::from_source("models.llmc", source).evaluate()
}

/// Llama 3 8B's architecture (Llama Team 2024, arXiv:2407.21783, Table 3;
/// vocabulary 128,256) without its parameter count.
const LLAMA3_8B: &str =
    "layers = 32; d_model = 4096; heads = 32; kv_heads = 8; vocab = 128256; d_ff = 14336";

fn params_of(source: &str, cell: &str) -> f64 {
    let sheet = sheet(source);
    assert!(!sheet.has_errors(), "{source}");
    sheet
        .cell(cell)
        .and_then(|c| c.outcome.value())
        .and_then(|v| v.as_quantity())
        .expect("a quantity")
        .value
}

#[test]
fn a_record_without_params_derives_them() {
    let source = format!("model m {{ {LLAMA3_8B} }}\nn = m.params\na = m.active_params");
    // The Hugging Face card of meta-llama/Meta-Llama-3-8B: 8.03B.
    let n = params_of(&source, "n");
    assert!((n - 8.03e9).abs() < 0.005e9, "{n}");
    assert_eq!(params_of(&source, "a"), n);
}

#[test]
fn a_given_count_that_contradicts_the_architecture_warns_with_both() {
    let s = sheet(&format!("model m {{ params = 7B params; {LLAMA3_8B} }}"));
    assert!(!s.has_errors());
    assert_eq!(s.warnings.len(), 1);
    insta::assert_snapshot!(common::render(&s));
    // Within 5% (the nominal 8B) is no warning.
    let close = sheet(&format!("model m {{ params = 8B params; {LLAMA3_8B} }}"));
    assert!(close.warnings.is_empty());
}

#[test]
fn architecture_switches_read_back() {
    let source = format!(
        "model m {{ {LLAMA3_8B}; tied = true; mlp = \"plain\" }}\nt = m.tied\nk = m.mlp\nn = m.params"
    );
    let s = sheet(&source);
    assert!(!s.has_errors());
    let shown = |cell| llmc::format::show_cell(&s, cell, llmc::Style::default()).expect(cell);
    assert_eq!(shown("t"), "true");
    assert_eq!(shown("k"), "\"plain\"");
    // Tied: one 128,256 × 4,096 table fewer; plain: two MLP matrices of three.
    let untied = params_of(&format!("model m {{ {LLAMA3_8B} }}\nn = m.params"), "n");
    let expected = untied - 128_256.0 * 4096.0 - 32.0 * 4096.0 * 14_336.0;
    assert_eq!(params_of(&source, "n"), expected);
}
