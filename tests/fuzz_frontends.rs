//! Fuzzing of the frontends' paths through the library (issue 10): what-if
//! overrides and sweeps (`--set`, `--sweep`), `llmc doc` on generated
//! Markdown, and the REPL's line handling. proptest stands in for cargo fuzz
//! (the suite must run on the stable toolchain CI has); each property runs
//! its number of cases on every `cargo test`, and `PROPTEST_CASES=N` runs
//! more.

mod common;

use std::ops::ControlFlow;

use common::fuzz::assert_no_non_finite;

use llmc::whatif::table::{SweepTable, TableKind};
use llmc::whatif::{parse_assignment, parse_axis};
use llmc::{Session, Style, markdown};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::Config;

const SCRIPT: &str = "params = 405B params\ntokens = 15.6T tokens\nmfu = 38%\n\
compute = train_flops(params, tokens)\ncluster = 16000 x H100 @ mfu\n\
time = compute / cluster -> days\nsplit = chinchilla_optimal(compute)\nassert time < 90 days\n";

/// Pieces of values a user types into a flag, hostile ones included.
fn value_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        select(vec![
            "0",
            "-1",
            "1e308",
            "1e-300",
            "5e-324",
            "405B params",
            "-8 x H100",
            "0 FLOP",
            "1 +",
            "(",
            "nosuch",
            "params",
            "1..2",
            "35%..45%",
            "\"text\"",
            ";",
            "tokens = 1",
            "38%",
            "100 TFLOPS",
            "1e25 FLOP",
            "#",
            "x",
            "to",
            "->",
            "days",
        ])
        .prop_map(str::to_string),
        "[ -~]{0,12}",
    ]
}

fn value() -> impl Strategy<Value = String> {
    proptest::collection::vec(value_piece(), 1..4).prop_map(|parts| parts.join(" "))
}

fn cell_name() -> impl Strategy<Value = String> {
    prop_oneof![
        select(vec![
            "params", "tokens", "mfu", "compute", "cluster", "time", "split", "nosuch", ""
        ])
        .prop_map(str::to_string),
        "[a-z_]{1,6}",
    ]
}

proptest! {
    #![proptest_config(Config { cases: 300, ..Config::default() })]

    /// `--set NAME=EXPR` (several) then `--sweep`: never a panic, every
    /// emitted row finite, every value left in the sheet finite.
    #[test]
    fn set_and_sweep_flags_are_handled(
        sets in proptest::collection::vec((cell_name(), value()), 0..3),
        axes in proptest::collection::vec((cell_name(), proptest::collection::vec(value(), 1..4)), 0..3),
        format in select(vec![TableKind::Human, TableKind::Csv, TableKind::Json, TableKind::Markdown]),
    ) {
        let mut session = Session::from_source("fuzz.llmc", SCRIPT);
        let assignments: Vec<_> = sets
            .iter()
            .filter_map(|(name, expr)| parse_assignment(&format!("{name}={expr}")).ok())
            .collect();
        if session.set_cells(&assignments).is_err() {
            return Ok(());
        }
        let sheet = session.evaluate();
        for cell in &sheet.cells {
            if let Some(value) = cell.outcome.value() {
                prop_assert!(value.is_finite(), "{}: {value:?}", cell.name);
            }
        }
        let axes: Vec<_> = axes
            .iter()
            .filter_map(|(name, values)| parse_axis(&format!("{name}={}", values.join(","))).ok())
            .collect();
        if axes.is_empty() {
            return Ok(());
        }
        let Ok(sweep) = session.sweep(&axes, &[]) else {
            return Ok(());
        };
        let table = SweepTable::new(&sweep, Style::default(), format);
        let mut out = table.header();
        sweep.run(
            2,
            4,
            &|point, text| table.row(point, text),
            &mut |text: String| {
                out.push_str(&text);
                ControlFlow::Continue(())
            },
            &mut |_| {},
        );
        out.push_str(&table.footer());
        assert_no_non_finite("sweep", &out);
    }

    /// `llmc doc` on generated Markdown: llmc blocks mixed with prose, code
    /// in other languages, lists and quotes; a second rewrite changes nothing.
    #[test]
    fn doc_rewrites_are_handled_and_idempotent(
        parts in proptest::collection::vec(prop_oneof![
            value().prop_map(|v| format!("```llmc\nv = {v}\n```\n")),
            Just("```llmc\na = 2 h\nb = a * 3\n```\n".to_string()),
            Just("- item\n\n  ```llmc\nc = 1\n  ```\n".to_string()),
            Just("> ```llmc\n> d = 1\n> ```\n".to_string()),
            Just("```python\nx = 1\n```\n".to_string()),
            Just("<!--\n```llmc\nbad = (\n```\n-->\n".to_string()),
            "[ -~]{0,30}\n",
        ], 1..6),
    ) {
        let doc = parts.concat();
        let once = markdown::rewrite("fuzz.md", &doc, 3);
        for cell in &once.sheet.cells {
            if let Some(value) = cell.outcome.value() {
                prop_assert!(value.is_finite(), "{}: {value:?}", cell.name);
            }
        }
        if let Some(annotation) = &once.annotation {
            assert_no_non_finite("doc", &annotation.text);
            if !once.sheet.has_errors() {
                let twice = markdown::rewrite("fuzz.md", &annotation.text, 3);
                prop_assert_eq!(
                    twice.annotation.map(|a| a.text),
                    Some(annotation.text.clone())
                );
            }
        }
    }

    /// The REPL's line handling: each line on a copy of the session; a
    /// failed line leaves no trace, and the values stay finite.
    #[test]
    fn repl_lines_are_handled(lines in proptest::collection::vec(
        prop_oneof![
            value(),
            (cell_name(), value()).prop_map(|(n, v)| format!("{n} = {v}")),
            Just("ans * 2".to_string()),
            Just("_ + 1".to_string()),
        ],
        1..6,
    )) {
        let mut session = Session::from_source("<repl>", SCRIPT);
        for line in &lines {
            let before = session.to_script();
            let entry = session.enter(line);
            for cell in &entry.sheet.cells {
                if let Some(value) = cell.outcome.value() {
                    prop_assert!(value.is_finite(), "{line}: {value:?}");
                }
            }
            if entry.ok {
                session = entry.session;
            } else {
                prop_assert_eq!(session.to_script(), before);
            }
        }
    }
}
