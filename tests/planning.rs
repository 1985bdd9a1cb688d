//! Memory, parallelism and inference planning (SPEC §3.3) through the
//! language, each figure checked against its published source.

mod common;

use common::{quantity, quantity_in};
use llmc::{Session, Style};

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
