//! `--set` overrides and `--sweep` tables, through the real binary.

mod common;

use common::llmc;

const LLAMA: &str = "examples/llama3-405b.llmc";

#[test]
fn set_replaces_a_formula_and_dependents_recompute() {
    let output = llmc(&["run", LLAMA, "--set", "cluster=24000 x H100 @ 400 TFLOPS"]);
    assert!((output.code == Some(0)), "{}", output.stderr);
    let sheet = output.stdout;
    assert!(sheet.contains("cluster  9.60 EFLOP/s"), "{sheet}");
    assert!(sheet.contains("time     45.7 days"), "{sheet}");
    // The cost is the same GPU-hours at the same price: 24,000 GPUs for 2/3 of the time.
    assert!(sheet.contains("cost     $52.6M"), "{sheet}");
}

#[test]
fn several_sets_apply_together() {
    let output = llmc(&[
        "run",
        LLAMA,
        "--set",
        "params=70B params",
        "--set",
        "tokens=2T tokens",
    ]);
    assert!((output.code == Some(0)), "{}", output.stderr);
    assert!(
        output.stdout.contains("compute  8.40e23 FLOP"),
        "{}",
        output.stdout
    );
}

#[test]
fn set_of_an_unknown_cell_suggests_the_near_name() {
    let output = llmc(&["run", LLAMA, "--set", "tokns=1T tokens"]);
    assert_eq!(output.code, Some(1));
    let message = output.stderr;
    assert!(message.contains("has no cell named `tokns`"), "{message}");
    assert!(message.contains("did you mean `tokens`?"), "{message}");
}

#[test]
fn a_malformed_set_is_a_usage_error() {
    let output = llmc(&["run", LLAMA, "--set", "tokens"]);
    assert_eq!(output.code, Some(2));
    assert!(output.stderr.contains("expected NAME=EXPR"));
}

#[test]
fn a_set_that_breaks_the_sheet_reports_it_against_the_override() {
    let output = llmc(&["run", LLAMA, "--set", "params=405B tokens"]);
    assert_eq!(output.code, Some(1));
    let message = output.stderr;
    assert!(message.contains("# --set"), "{message}");
    assert!(
        message.contains("cannot convert") || message.contains("cannot"),
        "{message}"
    );
}

fn two_by_three(format: &str) -> String {
    let output = llmc(&[
        "run",
        LLAMA,
        "--sweep",
        "price=$2/GPU/h,$3/GPU/h",
        "--sweep",
        "cluster=8000 x H100 @ 38%,16000 x H100 @ 38%,24000 x H100 @ 38%",
        "--format",
        format,
    ]);
    assert!((output.code == Some(0)), "{}", output.stderr);
    output.stdout
}

#[test]
fn a_two_by_three_sweep_in_every_format() {
    for format in ["human", "csv", "json", "markdown"] {
        let table = two_by_three(format);
        insta::assert_snapshot!(format!("sweep_2x3_{format}"), table);
    }
    let json: serde_json::Value = serde_json::from_str(&two_by_three("json")).expect("valid JSON");
    let rows = json.as_array().expect("an array of rows");
    assert_eq!(rows.len(), 6);
    // The last axis varies fastest; the time does not depend on the price.
    assert_eq!(rows[0]["cluster"]["display"], "8000 x H100 @ 38%");
    assert_eq!(rows[1]["cluster"]["display"], "16000 x H100 @ 38%");
    assert_eq!(rows[0]["time"]["display"], rows[3]["time"]["display"]);
    assert_eq!(rows[0]["asserts"], false);
    assert_eq!(rows[1]["asserts"], true);
    let csv = two_by_three("csv");
    assert_eq!(csv.lines().count(), 7);
    assert!(
        csv.starts_with("price [USD/GPU/h],cluster [EFLOP/s],time [days],cost [USD],asserts\n"),
        "{csv}"
    );
}

#[test]
fn show_picks_the_columns() {
    let output = llmc(&[
        "run",
        LLAMA,
        "--sweep",
        "params=70B params,405B params",
        "--show",
        "cost",
    ]);
    assert!((output.code == Some(0)), "{}", output.stderr);
    let table = output.stdout;
    let header = table.lines().next().unwrap();
    assert_eq!(
        header.split_whitespace().collect::<Vec<_>>(),
        ["params", "cost", "asserts"]
    );
    assert!(table.contains("$9.10M"), "{table}");
}

#[test]
fn default_columns_are_the_cells_that_depend_on_the_swept_ones() {
    let output = llmc(&["run", LLAMA, "--sweep", "price=$2/GPU/h,$4/GPU/h"]);
    let header = output.stdout.lines().next().unwrap().to_string();
    assert_eq!(
        header.split_whitespace().collect::<Vec<_>>(),
        ["price", "cost", "asserts"]
    );
}

#[test]
fn sweep_errors_name_the_problem() {
    let output = llmc(&["run", LLAMA, "--sweep", "prize=$2/GPU/h"]);
    assert_eq!(output.code, Some(1));
    assert!(
        output.stderr.contains("did you mean `price`?"),
        "{}",
        output.stderr
    );

    let output = llmc(&["run", LLAMA, "--sweep", "price=$2/GPU/h,tokns"]);
    assert_eq!(output.code, Some(1));
    assert!(
        output.stderr.contains("unknown name `tokns`"),
        "{}",
        output.stderr
    );

    let output = llmc(&["run", LLAMA, "--sweep", "price=$2/GPU/h", "--show", "costs"]);
    assert_eq!(output.code, Some(1));
    assert!(
        output.stderr.contains("did you mean `cost`?"),
        "{}",
        output.stderr
    );

    let output = llmc(&["run", LLAMA, "--sweep", "price="]);
    assert_eq!(output.code, Some(2));
}

#[test]
fn run_prints_markdown_and_csv_sheets() {
    let markdown = llmc(&["run", LLAMA, "--format", "markdown"]).stdout;
    assert!(markdown.contains("| `cost` | $52.6M |"), "{markdown}");
    let csv = llmc(&["run", LLAMA, "--format", "csv"]).stdout;
    assert!(
        csv.starts_with("name,value,unit,display,si_value,si_unit\n"),
        "{csv}"
    );
    assert!(
        csv.contains("time,68.5546875,days,68.6 days,5923125,s"),
        "{csv}"
    );
}

/// `--sweep NAME=…` with `count` values `1SUFFIX,2SUFFIX,…`.
fn axis(name: &str, count: usize, suffix: &str) -> String {
    let values: Vec<String> = (1..=count).map(|i| format!("{i}{suffix}")).collect();
    format!("{name}={}", values.join(","))
}

#[test]
fn a_sweep_larger_than_the_default_limit_asks_for_max_points() {
    let params = axis("params", 1000, "B params");
    let tokens = axis("tokens", 1001, "T tokens");
    let output = llmc(&["run", LLAMA, "--sweep", &params, "--sweep", &tokens]);
    assert_eq!(output.code, Some(1), "{}", output.stderr);
    assert_eq!(output.stdout, "", "nothing is evaluated");
    assert_eq!(
        output.stderr,
        "error: this sweep has 1,001,000 points (1000 × 1001), more than --max-points allows \
         (1,000,000)\n  help: every point is evaluated and printed; to run them all, pass \
         `--max-points 1001000`\n"
    );
}

#[test]
fn max_points_lets_a_larger_sweep_run() {
    let three_points = |max: &str| {
        llmc(&[
            "run",
            LLAMA,
            "--sweep",
            "params=1B params,2B params,3B params",
            "--max-points",
            max,
        ])
    };
    let output = three_points("2");
    assert_eq!(output.code, Some(1));
    assert!(
        output.stderr.contains("this sweep has 3 points"),
        "{}",
        output.stderr
    );
    let output = three_points("3");
    assert_eq!(output.code, Some(0), "{}", output.stderr);
    assert_eq!(output.stdout.lines().count(), 4);
}

/// `llmc … | head -1`: once the reader has gone the sweep stops, quietly.
/// Ten million points would take minutes to finish; the guard fails the
/// test rather than letting it hang if the sweep ignores the closed pipe.
#[test]
fn a_sweep_stops_when_the_reader_goes_away() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    let mut child = Command::new(env!("CARGO_BIN_EXE_llmc"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["run", LLAMA, "--max-points", "10000000", "--sweep"])
        .arg(axis("params", 1000, "B params"))
        .arg("--sweep")
        .arg(axis("tokens", 100, "T tokens"))
        .arg("--sweep")
        .arg(axis("price", 100, " USD/GPU/h"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("running llmc");
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .expect("the header");
    // The reader is dropped here: the pipe is closed.
    assert!(first.starts_with("params"), "{first}");
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for llmc") {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().expect("stopping llmc");
            panic!("the sweep ran on after its reader had gone");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert_eq!(stderr, "", "a closed pipe is not an error to report");
    assert!(status.success(), "{status:?}");
}
