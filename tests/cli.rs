//! What the commands print, as a user reads it or a machine parses it:
//! values in an explicit unit, notes beside values, several files as one
//! document, numbers that read back, and the accelerator table.

mod common;

use common::{Scratch, llmc};

#[test]
fn an_explicit_unit_is_written_out_without_a_magnitude_suffix() {
    for (expr, shown) in [
        ("1500 h -> h", "1,500 h"),
        ("250 ms -> us", "250,000 us"),
        ("6.02 EFLOPS -> TFLOPS", "6,020,000 TFLOPS"),
        ("3.79e25 FLOP -> TFLOP", "3.79e13 TFLOP"),
        ("23.5 GWh -> MWh", "23,500 MWh"),
        ("68.55 days -> days", "68.5 days"),
    ] {
        let run = llmc(&["eval", expr]);
        assert_eq!(run.code, Some(0), "{expr}: {}", run.stderr);
        assert_eq!(run.stdout, format!("{shown}\n"), "{expr}");
        // What is printed parses back to the value, to its digits.
        let check = format!("assert abs({shown} - ({expr})) <= 0.005 * abs({expr})");
        let back = llmc(&["eval", &check]);
        assert_eq!(
            back.code,
            Some(0),
            "{shown} did not parse back: {}",
            back.stderr
        );
    }
    // Without `->` the reading unit keeps its suffix.
    assert_eq!(llmc(&["eval", "2.664M GPU*h"]).stdout, "2.66M GPU·h\n");
}

#[test]
fn eval_shows_which_peak_an_mfu_refers_to() {
    let run = llmc(&["eval", "16000 x H100 @ 38%"]);
    assert_eq!(
        run.stdout,
        "6.02 EFLOP/s   16,000 × H100 at 38.0% of the bf16 dense peak (989.5 TFLOP/s/GPU)\n"
    );
}

#[test]
fn several_files_as_json_are_one_document_with_each_sheet_under_its_name() {
    let scratch = Scratch::new("cli-json");
    scratch.write("a.llmc", "t = 2 h\n");
    scratch.write("b.llmc", "compute = 3.79e25 FLOP\n");
    let run = scratch.llmc(&["run", "a.llmc", "b.llmc", "--format", "json"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("one JSON document");
    assert_eq!(doc["a.llmc"]["cells"][0]["name"], "t");
    // serde_json reads floats to within an ulp without its `float_roundtrip` feature.
    let compute = doc["b.llmc"]["cells"][0]["si_value"]
        .as_f64()
        .expect("a number");
    assert!((compute / 3.79e25 - 1.0).abs() < 1e-15, "{compute}");
}

#[test]
fn csv_numbers_read_back_as_floats_and_several_files_make_one_table() {
    let scratch = Scratch::new("cli-csv");
    scratch.write("a.llmc", "compute = 3.79e25 FLOP\n");
    scratch.write("b.llmc", "gpus = 16000 GPU\n");
    let run = scratch.llmc(&["run", "a.llmc", "b.llmc", "--format", "csv"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "file,name,value,unit,display,si_value,si_unit,overridden\n\
         a.llmc,compute,3.79e25,FLOP,3.79e25 FLOP,3.79e25,FLOP,false\n\
         b.llmc,gpus,16000,GPU,\"16,000 GPU\",16000,GPU,false\n"
    );
    let one = scratch.llmc(&["run", "a.llmc", "--format", "csv"]);
    assert!(one.stdout.starts_with("name,value,"), "{}", one.stdout);
    assert!(!one.stdout.contains("37908"), "{}", one.stdout);
}

#[test]
fn gpus_for_one_chip_is_that_chip_in_every_format() {
    let run = llmc(&["gpus", "H100", "--format", "json"]);
    let chips: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let names: Vec<&str> = chips
        .as_array()
        .expect("a list")
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["H100"]);
    let csv = llmc(&["gpus", "H100", "--format", "csv"]);
    assert_eq!(csv.stdout.lines().count(), 2, "{}", csv.stdout);
    // A filter that names no chip exactly still lists every match.
    let nvidia = llmc(&["gpus", "h100_", "--format", "csv"]);
    assert!(nvidia.stdout.lines().count() > 2, "{}", nvidia.stdout);
}

#[test]
fn gpus_never_suggests_a_precision_the_chip_lacks() {
    let tpu = llmc(&["gpus", "TPUv4"]).stdout;
    assert!(!tpu.contains("TPUv4:fp8"), "{tpu}");
    assert!(
        tpu.contains("the only precision with a known peak"),
        "{tpu}"
    );
    let h100 = llmc(&["gpus", "H100"]).stdout;
    assert!(h100.contains("(`H100:fp8`)"), "{h100}");
}

#[test]
fn a_product_name_suggests_the_chip_it_describes() {
    let run = llmc(&["gpus", "A100_80GB"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("did you mean `A100`?"),
        "{}",
        run.stderr
    );
    let sheet = llmc(&["eval", "c = 8 x A100_80GB"]);
    assert!(
        sheet.stderr.contains("did you mean `A100`?"),
        "{}",
        sheet.stderr
    );
    let sxm = llmc(&["gpus", "H100_SXM"]);
    assert!(
        sxm.stderr.contains("did you mean `H100`?"),
        "{}",
        sxm.stderr
    );
}

#[test]
fn an_assert_that_cannot_compare_says_why_in_the_summary() {
    let run = llmc(&["eval", "cost = $5M; assert cost < 60 days"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stdout
            .contains("? assert cost < 60 days   (not checked: cannot compare USD and s)"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("an input failed"), "{}", run.stdout);
    let upstream = llmc(&["eval", "a = 1 h + 1 GPU; assert a < 60 days"]);
    assert!(
        upstream.stdout.contains("(not checked: `a` failed)"),
        "{}",
        upstream.stdout
    );
}

#[test]
fn a_function_body_keeps_its_conversion() {
    let run = llmc(&[
        "eval",
        "fn hours(c, r) = c / r -> h; hours(3.79e25 FLOP, 16000 x H100 @ 38%)",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stdout, "1,750 h\n");
}
