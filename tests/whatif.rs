//! `--set` overrides and `--sweep` tables, through the real binary.

mod common;

use common::llmc;

const LLAMA: &str = "examples/llama3-405b.llmc";

/// `llmc run` on the Llama example in `format`, with `flags`.
fn llama_in(format: &str, flags: &[&str]) -> common::Run {
    let mut args = vec!["run", LLAMA, "--format", format];
    args.extend_from_slice(flags);
    llmc(&args)
}

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
    assert!(
        output.stderr.contains("cannot convert"),
        "{}",
        output.stderr
    );
}

/// Errors in a flag's value are drawn against the value as typed, under
/// the flag's name, never against text llmc made up.
#[test]
fn bad_flag_values_are_reported_against_the_flag_as_typed() {
    let cases: [(&str, &[&str]); 8] = [
        ("set_syntax", &["--set", "params=1 +"]),
        (
            "set_two_statements",
            &["--set", "params=1 params; tokens = 1"],
        ),
        ("set_unknown_cell", &["--set", "tokns=1T tokens"]),
        ("sweep_value_syntax", &["--sweep", "price=$2/GPU/h,1 +"]),
        (
            "show_unknown_cell",
            &["--sweep", "price=$2/GPU/h", "--show", "cost,tim"],
        ),
        (
            "sweep_value_statement",
            &["--sweep", "price=$2/GPU/h,p = 3"],
        ),
        (
            "sweep_twice",
            &["--sweep", "price=$2/GPU/h", "--sweep", "price=$3/GPU/h"],
        ),
        (
            "set_and_sweep_one_cell",
            &[
                "--set",
                "params=2B params",
                "--sweep",
                "params=1B params,3B params",
            ],
        ),
    ];
    for (name, flags) in cases {
        let mut args = vec!["run", LLAMA];
        args.extend_from_slice(flags);
        let output = llmc(&args);
        assert_eq!(output.code, Some(1), "{name}: {}", output.stderr);
        assert!(!output.stderr.contains("sweep_value"), "{}", output.stderr);
        assert!(
            !output.stderr.contains("llama3-405b.llmc:1"),
            "{}",
            output.stderr
        );
        insta::assert_snapshot!(format!("flag_{name}"), output.stderr);
    }
}

/// A failed override never leaves the old formula in place: the cell shows
/// its error, its dependents are skipped, in every format.
#[test]
fn a_failed_override_fails_its_cell_and_skips_its_dependents() {
    let output = llmc(&["run", LLAMA, "--format", "json", "--set", "params=1 +"]);
    assert_eq!(output.code, Some(1));
    let json: serde_json::Value = serde_json::from_str(&output.stdout).expect("JSON");
    let cells = json["cells"].as_array().unwrap();
    assert_eq!(cells[0]["name"], "params", "the cell keeps its place");
    assert_eq!(cells[0]["overridden"], true);
    assert_eq!(
        cells[0]["error"],
        serde_json::json!({
            "message": "expected a value, found the end of the line",
            "line": 1,
            "column": 10,
            "flag": "--set",
        })
    );
    assert!(cells[0].get("value").is_none(), "{}", cells[0]);
    let compute = cells.iter().find(|c| c["name"] == "compute").unwrap();
    assert_eq!(
        compute["error"]["message"],
        "depends on `params`, which failed"
    );

    let output = llmc(&["run", LLAMA, "--set", "params=1 params; tokens = 1"]);
    assert_eq!(output.code, Some(1));
    let sheet = &output.stdout;
    let first_line = sheet.lines().next().unwrap_or_default();
    assert!(
        first_line.starts_with("params   error: one `--set`"),
        "{sheet}"
    );
    assert!(
        output.stdout.contains("tokens   15.6T tokens\n"),
        "tokens is untouched"
    );
}

#[test]
fn an_overridden_cell_keeps_its_place_and_is_marked_in_every_format() {
    let run = |format: &str| {
        let output = llama_in(format, &["--set", "params=70B params"]);
        assert_eq!(output.code, Some(0), "{}", output.stderr);
        output.stdout
    };
    let human = run("human");
    assert!(
        human.starts_with("params   70.0B params   set by --set\ntokens "),
        "{human}"
    );
    let markdown = run("markdown");
    assert!(
        markdown.contains("|---|---:|---|\n| `params` | 70.0B params | set by --set |\n"),
        "{markdown}"
    );
    let csv = run("csv");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("name,value,unit,display,si_value,si_unit,overridden")
    );
    assert_eq!(
        lines.next(),
        Some("params,70000000000,params,70.0B params,70000000000,param,true")
    );
    assert!(lines.next().unwrap().ends_with(",false"));
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    assert_eq!(json["cells"][0]["name"], "params");
    assert_eq!(json["cells"][0]["overridden"], true);
    assert!(json["cells"][1].get("overridden").is_none());
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
    // Two of the points fail the assert: the sweep says so and exits 1.
    assert_eq!(output.code, Some(1), "{}", output.stderr);
    assert!(
        output
            .stderr
            .contains("at 2 of 6 points, first at price=$2/GPU/h, cluster=8000 x H100 @ 38%"),
        "{}",
        output.stderr
    );
    output.stdout
}

#[test]
fn failed_asserts_in_a_sweep_are_reported_once_and_exit_1() {
    let output = llmc(&[
        "run",
        LLAMA,
        "--sweep",
        "cluster=8000 x H100 @ 38%,16000 x H100 @ 38%,4000 x H100 @ 38%",
    ]);
    assert_eq!(output.code, Some(1));
    assert_eq!(output.stderr.matches("assertion failed").count(), 1);
    insta::assert_snapshot!("sweep_failed_assert", output.stderr);
}

/// A point whose formula fails: `error` in people's tables, empty or null
/// with the reason in machines', the reason once on stderr, exit 1.
#[test]
fn failing_points_say_why_once_and_exit_1() {
    let sweep = |format: &str| {
        let flags = [
            "--sweep",
            "tokens=1T tokens,2 params,3 params",
            "--show",
            "time,cost",
        ];
        let output = llama_in(format, &flags);
        assert_eq!(output.code, Some(1), "{}", output.stderr);
        output
    };
    let human = sweep("human");
    assert_eq!(
        human.stderr.matches("cannot convert").count(),
        1,
        "{}",
        human.stderr
    );
    insta::assert_snapshot!("sweep_failing_points_stderr", human.stderr);
    assert!(
        human
            .stdout
            .lines()
            .nth(2)
            .unwrap()
            .contains("error        skipped"),
        "{}",
        human.stdout
    );
    let csv = sweep("csv").stdout;
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("tokens [tokens],time [days],cost [USD],asserts,error")
    );
    lines.next();
    assert_eq!(
        lines.next(),
        Some(
            ",,,,\"tokens: 2 params is not in tokens; time: cannot convert s*param/token to s; \
             cost: depends on `time`, which failed\""
        )
    );
    let json: serde_json::Value = serde_json::from_str(&sweep("json").stdout).unwrap();
    assert_eq!(
        json[1]["time"],
        serde_json::json!({
            "value": null,
            "display": null,
            "error": "cannot convert s*param/token to s",
        })
    );
    assert_eq!(json[1]["cost"]["error"], "depends on `time`, which failed");
    assert!(json[0]["time"]["value"].is_number());
}

#[test]
fn a_comma_inside_a_number_is_no_guess() {
    let output = llmc(&["run", LLAMA, "--sweep", "price=16,000,24,000"]);
    assert_eq!(output.code, Some(2));
    let stderr = &output.stderr;
    let hint = "`16,000` could be one number with a thousands separator or two values";
    assert!(stderr.contains(hint), "{stderr}");
    assert!(stderr.contains("write `16000`"), "{stderr}");
    assert_eq!(output.stdout, "");
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
        csv.starts_with(
            "price [USD/GPU/h],cluster [EFLOP/s],cluster.gpus [GPU],time [days],cost [USD],asserts,error\n"
        ),
        "{csv}"
    );
    // A swept cluster keeps its GPU count.
    assert!(
        csv.lines().nth(1).unwrap().starts_with("2,3.00808,8000,"),
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
        csv.starts_with("name,value,unit,display,si_value,si_unit,overridden\n"),
        "{csv}"
    );
    assert!(
        csv.contains("time,68.5546875,days,68.6 days,5923125,s,false"),
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

/// A sweep of 50,000 points, long enough for the bar to be drawn (the
/// test sets its delay to nothing: a fast build would finish first).
fn long_sweep_args() -> Vec<String> {
    let values = |count: usize, suffix: &str| {
        (1..=count)
            .map(|i| format!("{i}{suffix}"))
            .collect::<Vec<_>>()
            .join(",")
    };
    vec![
        "run".into(),
        LLAMA.into(),
        "--sweep".into(),
        format!("params={}", values(250, "B params")),
        "--sweep".into(),
        format!("tokens={}", values(200, "T tokens")),
        "--show".into(),
        "cost".into(),
    ]
}

/// On a terminal, a long sweep shows a progress bar on stderr (and clears
/// it); in a pipe it never does, and stdout never carries it.
#[test]
fn a_long_sweep_shows_progress_on_a_terminal_only() {
    use rexpect::session::spawn_command;
    // stdout to /dev/null, stderr the pseudo-terminal.
    let quoted: Vec<String> = long_sweep_args()
        .iter()
        .map(|a| format!("'{}'", a.replace('\'', "'\\''")))
        .collect();
    let mut command = std::process::Command::new("sh");
    command
        .arg("-c")
        .arg(format!(
            "exec '{}' {} > /dev/null",
            env!("CARGO_BIN_EXE_llmc"),
            quoted.join(" ")
        ))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("TERM", "xterm")
        .env("LLMC_PROGRESS_AFTER_MS", "0");
    let mut terminal = spawn_command(command, Some(60_000)).expect("llmc starts");
    terminal
        .exp_string("of 50,000 points")
        .expect("a progress bar on the terminal");
    terminal.exp_eof().expect("the sweep ends");

    let args = long_sweep_args();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let piped = llmc(&args);
    assert!(!piped.stderr.contains("points ("), "{}", piped.stderr);
    assert!(!piped.stdout.contains("sweeping"));
    assert_eq!(piped.stdout.lines().count(), 50_001);
}

/// SPEC §2.6: `--sweep` values may be ranges, and a range the sweep does
/// not replace stays a range: each row shows its ranges as the sheet does,
/// in every format (CSV adds each range column's ends, JSON gives `low`,
/// `high`, `mid` instead of `value`), and an assert holding for part of a
/// row's range fails that row.
#[test]
fn sweeps_show_ranges_in_every_format() {
    let example = "examples/llama3-405b-ranges.llmc";
    for format in ["human", "csv", "json", "markdown"] {
        let output = llmc(&[
            "run",
            example,
            "--format",
            format,
            "--sweep",
            "price=$1.8/GPU/h,$2/GPU/h..$2.5/GPU/h",
            "--sweep",
            "cluster=16384 x H100 @ 40%,16384 x H100 @ 38%..43%",
            "--show",
            "ideal_time,realistic_cost",
        ]);
        assert_eq!(output.code, Some(0), "{format}: {}", output.stderr);
        insta::assert_snapshot!(format!("sweep_of_ranges_{format}"), output.stdout);
    }
    let json = llmc(&[
        "run",
        example,
        "--format",
        "json",
        "--sweep",
        "price=$2/GPU/h,$2/GPU/h..$2.5/GPU/h",
        "--show",
        "ideal_cost",
    ]);
    let rows: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    // The MFU range stays: every row is a range; the second's is wider.
    let cost = |row: usize, field: &str| rows[row]["ideal_cost"][field].as_f64().unwrap();
    assert!(rows[0]["ideal_cost"].get("value").is_none());
    assert!(cost(0, "low") < cost(0, "mid") && cost(0, "mid") < cost(0, "high"));
    assert_eq!(cost(0, "low"), cost(1, "low"));
    assert!(cost(1, "high") > cost(0, "high"));
    // A row whose range fails an assert in part fails, and says so.
    let failing = llmc(&["run", example, "--sweep", "cluster=16384 x H100 @ 30%..43%"]);
    assert_eq!(failing.code, Some(1));
    assert!(
        failing
            .stderr
            .contains("assertion fails for part of the range"),
        "{}",
        failing.stderr
    );
}
