//! Memory, parallelism and inference planning (SPEC §3.3) through the
//! language, each figure checked against its published source.

mod common;

use llmc::units::Quantity;
use llmc::{Session, Style};

/// Evaluates `source`, which must run without a problem, and returns the
/// quantity in `cell`.
fn quantity_in(source: &str, cell: &str) -> Quantity {
    let sheet = Session::from_source("planning.llmc", source).evaluate();
    assert!(!sheet.has_errors(), "{source}\n{}", common::render(&sheet));
    sheet
        .cell(cell)
        .and_then(|c| c.outcome.value())
        .and_then(|v| v.as_quantity())
        .unwrap_or_else(|| panic!("`{cell}` is not a quantity in:\n{source}"))
}

fn quantity(expression: &str) -> Quantity {
    quantity_in(&format!("result = {expression}"), "result")
}

fn shown(expression: &str) -> String {
    let sheet = Session::from_source("planning.llmc", &format!("result = {expression}")).evaluate();
    assert!(
        !sheet.has_errors(),
        "{expression}\n{}",
        common::render(&sheet)
    );
    llmc::format::show_cell(&sheet, "result", Style::default()).expect("a cell")
}

#[test]
fn token_units_price_serving() {
    assert_eq!(quantity("1 Mtoken").value, 1e6);
    assert_eq!(quantity("2 ktokens").value, 2e3);
    assert_eq!(quantity("1 Btoken + 1 Ttoken").value, 1e9 + 1e12);
    // $2/GPU/h on 8 GPUs serving 3,000 tokens/s: $16/h over 10.8M tokens/h.
    assert_eq!(
        shown("$2/GPU/h * 8 GPU / (3000 tokens/s) -> USD/Mtoken"),
        "1.48 USD/Mtoken"
    );
}

#[test]
fn accelerators_know_their_node_and_scale_up_bandwidth() {
    // SPEC §3.3: HGX H100 has 8 GPUs; NVLink 4 gives 900 GB/s per GPU.
    assert_eq!(shown("H100.node"), "8 GPU");
    assert_eq!(shown("H100.interconnect -> GB/s/GPU"), "900 GB/s/GPU");
    let user = "accelerator X { bf16 = 500 TFLOPS; node = 4; interconnect = 400 GB/s }\nn = X.node\ni = X.interconnect";
    assert_eq!(quantity_in(user, "n").value, 4.0);
    assert_eq!(quantity_in(user, "i").value, 400e9);
}
