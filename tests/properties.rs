//! Property tests and fuzzing.
//!
//! - SPEC §7: no input makes llmc panic, hang or overflow its stack. Random
//!   text (any Unicode, a soup of the language's own words, mutated example
//!   scripts, generated programs, REPL lines) goes through the whole
//!   pipeline and every way a frontend shows the result; deep inputs are
//!   rejected or evaluated without crashing.
//! - SPEC §4: everything llmc prints as a value parses back as llmc input to
//!   the same quantity, to the digits shown.
//! - SPEC §2.2: number literals mean what they say.
//!
//! `cargo test` runs each test on a 2 MiB thread, while the `llmc` binary
//! evaluates on a 64 MiB one. Deep inputs therefore run on a 64 MiB thread
//! (what users get), and those the library promises to reject before
//! anything recursive runs (brackets nested deeper than 256, expressions
//! deeper than 300) also on a default thread. Each runs on a named thread,
//! so a stack overflow (which aborts the whole test binary) says which input
//! caused it, and under a time limit, so a hang fails instead of stalling.

use std::path::Path;
use std::sync::{OnceLock, mpsc};
use std::thread;
use std::time::Duration;

use llmc::format::quantity::{show_auto, show_in};
use llmc::units::{Base, Dimension, Quantity};
use llmc::{Render, Session, Sheet, Style, format};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::Config;

/// `cases` cases, times `LLMC_FUZZ_SCALE` (default 1) for a longer run.
fn config(cases: u32) -> Config {
    let scale = std::env::var("LLMC_FUZZ_SCALE")
        .ok()
        .and_then(|s| s.parse::<u32>().ok())
        .unwrap_or(1);
    Config {
        cases: cases * scale,
        max_global_rejects: cases * scale,
        failure_persistence: None,
        ..Config::default()
    }
}

// ------------------------------------------------------------------ helpers

fn evaluate(source: &str) -> Sheet {
    Session::from_source("fuzz", source).evaluate()
}

/// Everything a frontend does with a sheet: render every problem and
/// warning, print the sheet as text and as JSON, show each value at a few
/// precisions. Panics (the property fails) if any of it panics or if a
/// problem's span does not point into the source.
fn exercise(sheet: &Sheet) {
    let source: &str = &sheet.source;
    for problem in &sheet.problems {
        let span = problem.span();
        assert!(
            span.start <= span.end && span.end <= source.len(),
            "span {span:?} lies outside the {}-byte source: {problem:?}",
            source.len()
        );
        assert!(
            source.is_char_boundary(span.start) && source.is_char_boundary(span.end),
            "span {span:?} splits a character: {problem:?}"
        );
        let text = Render::PLAIN.render(problem.clone(), &sheet.name, source);
        assert!(!text.trim().is_empty(), "empty rendering of {problem:?}");
    }
    for warning in &sheet.warnings {
        Render::PLAIN.render(warning.clone(), &sheet.name, source);
    }
    for cell in &sheet.cells {
        if let Some(value) = cell.outcome.value() {
            assert!(
                value.is_finite(),
                "`{}` left the evaluator as {value:?}",
                cell.name
            );
        }
    }
    for digits in [1, 3, 8] {
        let style = Style {
            digits,
            ..Style::default()
        };
        for (format, text) in [
            ("human", format::human::sheet(sheet, style)),
            ("csv", format::tabular::csv(sheet, style)),
            ("markdown", format::tabular::markdown(sheet, style)),
        ] {
            assert_no_non_finite(format, &text);
        }
        let json = format::json::sheet(sheet, style);
        for cell in json["cells"].as_array().expect("cells") {
            // serde_json turns NaN and infinities into `null`.
            // A breakdown or model has `value: null` and its numbers in
            // `parts`; a quantity has `si_value` and a number in `value`.
            let numbers = ["si_value", "low", "high", "si_low", "si_high", "mid"];
            let null = |key: &str| cell.get(key).is_some_and(|v| v.is_null());
            let parts_null = cell
                .get("parts")
                .and_then(|p| p.as_object())
                .is_some_and(|parts| parts.values().any(|p| p["value"].is_null()));
            assert!(
                !(numbers.iter().any(|key| null(key))
                    || parts_null
                    || (cell.get("si_value").is_some() && null("value"))),
                "a cell has a null number: {cell}"
            );
        }
        for cell in &sheet.cells {
            if let Some(value) = cell.outcome.value() {
                let shown =
                    format::show_value(value, cell.shown.as_ref(), digits, &sheet.user_bases);
                assert_no_non_finite("a value", &shown.text);
            }
        }
    }
}

/// No output format shows NaN or an infinity as a number.
fn assert_no_non_finite(format: &str, text: &str) {
    for word in text.split(|c: char| !(c.is_alphanumeric() || c == '.')) {
        assert!(
            !matches!(word, "NaN" | "N.aN" | "inf" | "N.aNe0" | "infe0"),
            "{format} output shows `{word}`:\n{text}"
        );
    }
}

fn fuzz(source: &str) {
    exercise(&evaluate(source));
}

/// The quantity `v = {text}` evaluates to, or the first problem, rendered.
fn read_back(text: &str) -> Result<Quantity, String> {
    let sheet = Session::from_source("rt", &format!("v = {text}")).evaluate();
    if let Some(problem) = sheet.problems.first() {
        return Err(Render::PLAIN.render(problem.clone(), &sheet.name, &sheet.source));
    }
    sheet
        .cell("v")
        .and_then(|c| c.outcome.value())
        .and_then(|v| v.as_quantity())
        .ok_or_else(|| format!("`{text}` is not a quantity"))
}

/// Whether `got` is `want` to within the rounding of `digits` significant
/// digits (and float noise).
fn close(got: f64, want: f64, digits: usize) -> bool {
    let tolerance = 10f64.powi(1 - digits as i32) * want.abs();
    (got - want).abs() <= tolerance + f64::MIN_POSITIVE
}

/// Whether `got` is `want` up to float noise.
fn same(got: f64, want: f64) -> bool {
    (got - want).abs() <= 4.0 * f64::EPSILON * want.abs()
}

const BIG_STACK: usize = 64 << 20;
/// A deep input that takes longer than this hangs. Generous, because the
/// suite shares a loaded machine: speed is measured by benchmarks, and this
/// only tells a hang (or exponential work) from a slow run.
const PATIENCE: Duration = Duration::from_secs(120);

/// Runs `job` on a thread named `label` (with `stack` bytes, or the default
/// 2 MiB) and waits at most [`PATIENCE`].
fn on_thread<T: Send + 'static>(
    label: &str,
    stack: Option<usize>,
    job: impl FnOnce() -> T + Send + 'static,
) -> T {
    let mut builder = thread::Builder::new().name(label.to_string());
    if let Some(bytes) = stack {
        builder = builder.stack_size(bytes);
    }
    let (sender, receiver) = mpsc::channel();
    builder
        .spawn(move || {
            let _ = sender.send(job());
        })
        .expect("spawning a thread");
    match receiver.recv_timeout(PATIENCE) {
        Ok(value) => value,
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("{label}: no result after {PATIENCE:?} (a hang)")
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{label}: panicked"),
    }
}

/// What became of a deep input.
#[derive(Debug)]
struct Outcome {
    /// Each problem's message and span.
    problems: Vec<(String, usize, usize)>,
    /// Each cell's name and displayed value, if it has one.
    values: Vec<(String, Option<String>)>,
}

impl Outcome {
    fn value(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.as_deref())
    }

    fn has_problem_at(&self, offset: usize) -> bool {
        self.problems.iter().any(|(_, start, _)| *start == offset)
    }
}

/// Evaluates `source` on a thread with `stack` bytes (the default 2 MiB
/// if `None`), renders all of it, and checks that it either produced a
/// value for every cell or reported a problem.
fn deep_on(label: &str, source: String, stack: Option<usize>) -> Outcome {
    let stack_name = match stack {
        Some(bytes) => format!("{} MiB", bytes >> 20),
        None => "default stack".to_string(),
    };
    let thread_label = format!("{label} ({stack_name})");
    let outcome = on_thread(&thread_label, stack, move || {
        let sheet = evaluate(&source);
        exercise(&sheet);
        let style = Style::default();
        Outcome {
            problems: sheet
                .problems
                .iter()
                .map(|p| (p.to_string(), p.span().start, p.span().end))
                .collect(),
            values: sheet
                .cells
                .iter()
                .map(|c| {
                    let shown = c.outcome.value().map(|v| {
                        format::show_value(v, c.shown.as_ref(), style.digits, &sheet.user_bases)
                            .text
                    });
                    (c.name.clone(), shown)
                })
                .collect(),
        }
    });
    assert!(
        !outcome.problems.is_empty() || outcome.values.iter().all(|(_, v)| v.is_some()),
        "{thread_label}: a cell has no value and there is no problem"
    );
    outcome
}

/// [`deep_on`] a 64 MiB thread, as the binary runs it, and with
/// `default_thread_too` (for inputs the library rejects before anything
/// recursive runs) again on a default thread.
fn deep(label: &str, source: String, default_thread_too: bool) -> Outcome {
    if default_thread_too {
        deep_on(label, source.clone(), None);
    }
    deep_on(label, source, Some(BIG_STACK))
}

/// Byte offset of the `n`th (1-based) occurrence of `c` in `text`.
fn nth(text: &str, c: char, n: usize) -> usize {
    text.match_indices(c).nth(n - 1).expect("enough brackets").0
}

// ------------------------------------------- 1. no input makes llmc panic

/// Words, numbers, units, accelerators, operators and punctuation of the
/// language, for a soup that gets past the first character more often than
/// random text does.
const VOCABULARY: &[&str] = &[
    "0",
    "1",
    "2",
    "3",
    "8",
    "16",
    "405",
    "15.6",
    "0.5",
    "1e3",
    "3.8e25",
    "1e308",
    "1e-320",
    "16,000",
    "16_000",
    "1,2",
    ".",
    "_",
    ",",
    "e",
    "E",
    "K",
    "k",
    "M",
    "B",
    "T",
    "%",
    "$",
    "FLOP",
    "FLOPs",
    "FLOPS",
    "TFLOP",
    "TFLOPS",
    "PFLOP",
    "EFLOP",
    "GPU",
    "GPUs",
    "h",
    "hours",
    "days",
    "s",
    "ms",
    "min",
    "years",
    "tokens",
    "token",
    "params",
    "param",
    "GB",
    "GiB",
    "TB",
    "kB",
    "B",
    "bytes",
    "bit",
    "J",
    "kWh",
    "MWh",
    "W",
    "kW",
    "USD",
    "gCO2e",
    "tCO2e",
    "m",
    "H100",
    "A100",
    "V100",
    "h100",
    "B200",
    "TPUv5p",
    "MI300X",
    "bf16",
    "fp8",
    "fp64",
    "fp4",
    "+",
    "-",
    "*",
    "/",
    "^",
    "^-1",
    "^2",
    "->",
    "to",
    " to ",
    "x",
    " x ",
    "×",
    "·",
    "@",
    " @ ",
    ":",
    ".",
    ",",
    "=",
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    ";",
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    "\"",
    "\\",
    "\"full\"",
    "#",
    "# c\n",
    "assert",
    "assert ",
    "unit",
    "unit ",
    "accelerator",
    "model",
    "model ",
    "fn",
    "fn ",
    "a",
    "b",
    "a = ",
    "b = ",
    "c",
    "x1",
    "cluster",
    "ans",
    "_",
    ".gpus",
    ".bf16",
    ".memory",
    ".mfu",
    ".peak",
    "train_flops",
    "train_flops(",
    "sqrt",
    "min(",
    "energy(",
    "chinchilla_optimal(",
    "hardware_flops",
    "recompute = \"full\"",
    "\n",
    "\n",
    "\r\n",
    " ",
    " ",
    " ",
    " ",
    "\t",
    "é",
    "µs",
    "\u{0}",
    "\u{200b}",
    "🦀",
];

fn soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        8 => select(VOCABULARY).prop_map(str::to_string),
        1 => "[0-9]{1,20}",
        1 => any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        proptest::collection::vec(any::<char>(), 0..100).prop_map(String::from_iter),
        proptest::collection::vec(any::<u8>(), 0..100)
            .prop_map(|bytes| String::from_utf8_lossy(&bytes).into_owned()),
    ]
}

/// The shipped example scripts, read once.
fn example_scripts() -> &'static [String] {
    static SCRIPTS: OnceLock<Vec<String>> = OnceLock::new();
    SCRIPTS.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .expect("examples/")
            .map(|e| e.expect("a directory entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "llmc"))
            .collect();
        files.sort();
        files
            .iter()
            .map(|p| std::fs::read_to_string(p).expect("a readable example"))
            .collect()
    })
}

/// One edit of a script: replace `len` characters at `at` (both taken
/// modulo the script's length) with `insert`.
fn mutate(script: &str, edits: &[(usize, usize, String)]) -> String {
    let mut chars: Vec<char> = script.chars().collect();
    for (at, len, insert) in edits {
        let at = at % (chars.len() + 1);
        let end = (at + len % 8).min(chars.len());
        chars.splice(at..end, insert.chars());
    }
    chars.into_iter().collect()
}

fn edits() -> impl Strategy<Value = Vec<(usize, usize, String)>> {
    let insert = prop_oneof![
        3 => select(VOCABULARY).prop_map(str::to_string),
        1 => Just(String::new()),
        1 => any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec((any::<usize>(), any::<usize>(), insert), 1..6)
}

// Generated programs: statements that mostly parse, so that evaluation,
// units, clusters and the built-in functions get exercised too.

const NUMBERS: &[&str] = &[
    "0", "1", "2", "6", "8", "16000", "16_000", "16,000", "0.5", ".5", "405B", "15.6T", "8k",
    "46.8M", "3.8e25", "1e-9", "1e300", "1e308", "5e-324", "2.5", "1000000", "999999",
];

const UNITS: &[&str] = &[
    "FLOP",
    "TFLOPS",
    "FLOP/s",
    "EFLOP/s",
    "s",
    "h",
    "days",
    "years",
    "ms",
    "USD",
    "params",
    "tokens",
    "GPU",
    "GPU*h",
    "GPU·h",
    "bytes",
    "GB",
    "GiB",
    "TB/s",
    "J",
    "kWh",
    "W",
    "MW",
    "gCO2e",
    "tCO2e",
    "%",
    "tokens/s/GPU",
    "FLOP/param/token",
    "TFLOPS/GPU",
    "USD/GPU/h",
    "s^2",
    "h^-1",
    "GPU^64",
    "m",
    "step",
    "EUR",
];

const NAMES: &[&str] = &[
    "a",
    "b",
    "c",
    "d",
    "e",
    "f",
    "H100",
    "m",
    "ans",
    "_",
    "nothing",
    "H100.bf16",
    "H100.fp8",
    "V100.fp8",
    "H100.memory",
    "H100.tdp",
    "H100.bandwidth",
    "A100.peak",
    "TPUv3.bf16",
    "MI250X.fp64",
    "Gaudi3.memory",
    "Z9.bf16",
];

const FUNCTIONS: &[&str] = &[
    "train_flops",
    "hardware_flops",
    "forward_flops",
    "chinchilla_tokens",
    "chinchilla_optimal",
    "chinchilla_loss",
    "energy",
    "emissions",
    "sqrt",
    "abs",
    "ceil",
    "floor",
    "round",
    "min",
    "max",
    "ln",
    "log10",
    "exp",
    "g",
    "nothing",
];

const KEYWORDS: &[&str] = &[
    "attention = \"full\"",
    "attention = \"causal\"",
    "recompute = \"full\"",
    "recompute = \"selective\"",
    "fit = \"hoffmann\"",
    "fit = \"besiroglu\"",
    "pue = 1.2",
    "nonsense = 1",
];

/// Calls that are well-typed, so that the formulas get evaluated.
const CALLS: &[&str] = &[
    "train_flops(405B params, 15.6T tokens)",
    "train_flops(m, 15T tokens, attention = \"full\")",
    "hardware_flops(m, 1T tokens, recompute = \"selective\")",
    "forward_flops(70B params, 1M tokens)",
    "chinchilla_tokens(70B params)",
    "chinchilla_optimal(1e24 FLOP)",
    "chinchilla_optimal(1e24 FLOP, fit = \"hoffmann\")",
    "chinchilla_loss(70B params, 1.4T tokens)",
    "energy(16000 x H100, 30 days)",
    "energy(16000 x H100, 30 days, pue = 1.1)",
    "sqrt(4 s^2)",
    "min(1 h, 30 min)",
    "max(2, 3)",
    "ln(2)",
    "exp(710)",
    "g(2, 3)",
];

fn leaf() -> impl Strategy<Value = String> {
    let number = || select(NUMBERS);
    let unit = || select(UNITS);
    let accelerator = select(&["H100", "A100", "V100", "B200", "TPUv5e", "c", "a"][..]);
    let precision = select(&["", "", ":bf16", ":fp8", ":fp64", ":fp4", ":tf32"][..]);
    let utilization = select(&["", " @ 38%", " @ 400 TFLOPS", " @ 150%", " @ 0%", " @ a"][..]);
    let member = select(
        &[
            "gpus",
            "rate",
            "peak",
            "mfu",
            "memory",
            "power",
            "bandwidth",
            "tdp",
        ][..],
    );
    prop_oneof![
        9 => number().prop_map(str::to_string),
        15 => (number(), unit()).prop_map(|(n, u)| format!("{n} {u}")),
        3 => (number(), unit()).prop_map(|(n, u)| format!("{n}{u}")),
        6 => (number(), number(), unit()).prop_map(|(n, m, u)| format!("({n} {u} + {m} {u})")),
        6 => (number(), select(&["", "/GPU/h", "/h", "M"][..])).prop_map(|(n, u)| format!("${n}{u}")),
        9 => select(NAMES).prop_map(str::to_string),
        1 => select(&["\"full\"", "\"\"", "\"a\\\"b\""][..]).prop_map(str::to_string),
        6 => (number(), accelerator.clone(), precision, utilization)
            .prop_map(|(n, a, p, u)| format!("{n} x {a}{p}{u}")),
        2 => (select(&["16000", "8", "0.5", "1e300"][..]), accelerator, member)
            .prop_map(|(n, a, m)| format!("({n} x {a}).{m}")),
        6 => select(CALLS).prop_map(str::to_string),
    ]
}

fn expression() -> impl Strategy<Value = String> {
    leaf().prop_recursive(4, 24, 3, |inner| {
        prop_oneof![
            4 => (inner.clone(), select(&["*", "/"][..]), inner.clone())
                .prop_map(|(a, op, b)| format!("{a} {op} {b}")),
            2 => (inner.clone(), select(&["+", "-"][..]), inner.clone())
                .prop_map(|(a, op, b)| format!("{a} {op} {b}")),
            1 => inner.clone().prop_map(|a| format!("({a})")),
            1 => inner.clone().prop_map(|a| format!("-{a}")),
            1 => (inner.clone(), select(&["2", "-1", "3", "0.5", "64", "1e3"][..]))
                .prop_map(|(a, p)| format!("({a})^{p}")),
            2 => (inner.clone(), select(UNITS)).prop_map(|(a, u)| format!("({a} -> {u})")),
            1 => (
                select(FUNCTIONS),
                proptest::collection::vec(inner.clone(), 0..3),
                proptest::option::of(select(KEYWORDS))
            )
                .prop_map(|(f, args, keyword)| {
                    let mut args = args;
                    args.extend(keyword.map(str::to_string));
                    format!("{f}({})", args.join(", "))
                }),
        ]
    })
}

const HEADERS: &[&str] = &[
    "unit step\nunit EUR = 1.08 USD\nfn g(p, q) = p * q",
    "model m { params = 405B params; layers = 126; d_model = 16384; heads = 128; kv_heads = 8; seq = 8192 tokens; vocab = 128K }",
    "accelerator Z9 { bf16 = 500 TFLOPS; fp8 = 1000 TFLOPS; memory = 96 GB; bandwidth = 4 TB/s; tdp = 600 W }",
];

/// A few declarations, cells `a` to `f` (which may use each other), and
/// asserts, bare expressions and odd statements.
fn program() -> impl Strategy<Value = String> {
    let header = proptest::sample::subsequence(HEADERS, 0..=HEADERS.len());
    let cells = proptest::collection::vec(
        (expression(), proptest::option::weighted(0.2, select(UNITS))),
        1..7,
    );
    let extra = prop_oneof![
        2 => expression(),
        2 => (expression(), select(&["<", "<=", ">", ">=", "==", "!="][..]), expression())
            .prop_map(|(l, op, r)| format!("assert {l} {op} {r}, \"message\"")),
        1 => (select(&["x", "to", "H100", "h", "a"][..]), expression())
            .prop_map(|(name, e)| format!("{name} = {e}")),
        1 => expression().prop_map(|e| format!("unit thing = {e}")),
        1 => expression().prop_map(|e| format!("fn k(p, q) = {e} + p * q")),
        1 => expression().prop_map(|e| format!("accelerator Z8 {{ bf16 = {e}; memory = 96 GB }}")),
        1 => expression().prop_map(|e| format!("model n {{ params = {e}; layers = 2; d_model = 64; heads = 4; seq = 128 tokens }}")),
    ];
    let extras = proptest::collection::vec(extra, 0..3);
    (header, cells, extras).prop_map(|(header, cells, extras)| {
        let mut lines: Vec<String> = header.iter().map(|h| h.to_string()).collect();
        for (i, (expr, unit)) in cells.into_iter().enumerate() {
            let name = ["a", "b", "c", "d", "e", "f"][i];
            match unit {
                Some(unit) => lines.push(format!("{name} = {expr} -> {unit}")),
                None => lines.push(format!("{name} = {expr}")),
            }
        }
        lines.extend(extras);
        lines.join("\n")
    })
}

proptest! {
    #![proptest_config(config(1000))]

    #[test]
    fn any_text_is_handled(source in any_text()) {
        fuzz(&source);
    }
}

proptest! {
    #![proptest_config(config(2000))]

    #[test]
    fn a_soup_of_the_language_is_handled(source in soup()) {
        fuzz(&source);
    }
}

proptest! {
    #![proptest_config(config(600))]

    #[test]
    fn mutated_examples_are_handled(
        which in any::<prop::sample::Index>(),
        edits in edits(),
    ) {
        let script = which.get(example_scripts());
        fuzz(&mutate(script, &edits));
    }

    #[test]
    fn generated_programs_are_handled(source in program()) {
        fuzz(&source);
    }

    /// The REPL's path: each line entered on its own; a line that fails
    /// leaves the session as it was.
    #[test]
    fn repl_lines_are_handled(lines in proptest::collection::vec(prop_oneof![soup(), program()], 1..5)) {
        let mut session = Session::new("<repl>");
        for line in &lines {
            let entry = session.enter(line);
            exercise(&entry.sheet);
            if entry.ok {
                session = entry.session;
            }
        }
        let script = session.to_script();
        fuzz(&script);
    }
}

// --------------------------------- 2. deep inputs never crash or hang

const NESTING: usize = 10_000;
/// SPEC §2.1: brackets nested deeper than this are an error.
const MAX_BRACKETS: usize = 256;

#[test]
fn ten_thousand_nested_parentheses_are_rejected_at_the_257th() {
    let source = format!("v = {}1{}", "(".repeat(NESTING), ")".repeat(NESTING));
    let outcome = deep("10,000 nested parentheses", source.clone(), true);
    assert!(outcome.value("v").is_none());
    let at = nth(&source, '(', MAX_BRACKETS + 1);
    assert!(outcome.has_problem_at(at), "{outcome:?}");
}

#[test]
fn ten_thousand_nested_braces_are_rejected_at_the_257th() {
    let source = format!("model m {}{}", "{".repeat(NESTING), "}".repeat(NESTING));
    let outcome = deep("10,000 nested braces", source.clone(), true);
    let at = nth(&source, '{', MAX_BRACKETS + 1);
    assert!(outcome.has_problem_at(at), "{outcome:?}");
}

#[test]
fn ten_thousand_nested_calls_are_rejected_at_the_257th() {
    let calls = format!("{}1{}", "f(".repeat(NESTING), ")".repeat(NESTING));
    let source = format!("fn f(a) = a\nv = {calls}");
    let outcome = deep("10,000 nested calls", source.clone(), true);
    assert!(outcome.value("v").is_none());
    let at = nth(&source, '(', MAX_BRACKETS + 2); // the first is `fn f(a)`'s
    assert!(outcome.has_problem_at(at), "{outcome:?}");
}

fn long_sum(terms: usize) -> String {
    format!("v = 1{}", "+1".repeat(terms - 1))
}

#[test]
fn a_sum_of_twenty_thousand_terms_is_rejected() {
    let outcome = deep("1+1+… with 20,000 terms", long_sum(20_000), false);
    assert!(outcome.value("v").is_none());
    assert!(!outcome.problems.is_empty());
}

#[test]
fn a_sum_of_twenty_thousand_terms_is_rejected_on_a_default_stack() {
    let outcome = deep_on("1+1+… with 20,000 terms", long_sum(20_000), None);
    assert!(outcome.value("v").is_none());
}

#[test]
fn a_sum_of_two_hundred_thousand_terms_is_rejected() {
    // On separate lines inside parentheses, so that no line is long.
    let source = format!("v = (1{})", "\n+1".repeat(199_999));
    let outcome = deep("1+1+… with 200,000 terms", source, false);
    assert!(outcome.value("v").is_none());
}

#[test]
fn a_tower_of_five_thousand_powers_is_rejected() {
    let source = format!("v = 2{}", "^2".repeat(4_999));
    let outcome = deep("2^2^… with 5,000 levels", source, true);
    assert!(outcome.value("v").is_none());
    assert!(!outcome.problems.is_empty());
}

#[test]
fn five_thousand_minus_signs_are_rejected() {
    let source = format!("v = {}1", "- ".repeat(5_000));
    let outcome = deep("- - - … 1 with 5,000 minus signs", source, true);
    assert!(outcome.value("v").is_none());
    assert!(!outcome.problems.is_empty());
}

#[test]
fn two_thousand_adjacent_minus_signs_are_rejected() {
    let source = format!("v = {}1", "-".repeat(2_000));
    let outcome = deep("--…-1 with 2,000 minus signs", source, true);
    assert!(outcome.value("v").is_none());
}

fn nested_calls(depth: usize) -> String {
    format!(
        "fn f(a) = a\nv = {}1{}",
        "f(".repeat(depth),
        ")".repeat(depth)
    )
}

/// At and near the limits, on the binary's stack.
#[test]
fn nesting_near_the_limits_is_handled() {
    let outcome = deep("100 nested calls", nested_calls(100), false);
    assert_eq!(outcome.value("v"), Some("1"), "{outcome:?}");

    // The bracket check lets 256 through; the expression is then deeper
    // than the 300 levels allowed: a value or an error, either will do.
    deep("256 nested calls", nested_calls(MAX_BRACKETS), false);

    // A left-leaning sum 300 deep, the deepest expression allowed.
    let outcome = deep("1+1+… with 300 terms", long_sum(300), false);
    assert_eq!(outcome.value("v"), Some("300"), "{outcome:?}");

    let powers = format!("v = 1{}", "^1".repeat(299));
    let outcome = deep("1^1^… with 299 `^`", powers, false);
    assert_eq!(outcome.value("v"), Some("1"), "{outcome:?}");
}

#[test]
fn two_hundred_fifty_six_nested_calls_evaluate_on_a_default_stack() {
    // 256 is the deepest nesting SPEC §2.1 allows; 257 is rejected above.
    let outcome = deep_on("256 nested calls", nested_calls(MAX_BRACKETS), None);
    assert_eq!(outcome.value("v"), Some("1"), "{:?}", outcome.problems);
}

#[test]
fn the_deepest_expression_allowed_evaluates_on_a_default_stack() {
    let outcome = deep_on("1+1+… with 300 terms", long_sum(300), None);
    assert_eq!(outcome.value("v"), Some("300"));
}

/// A diagnostic is drawn under its place in the line, however far along.
#[test]
fn a_problem_far_along_a_long_line_renders() {
    let source = format!("v = {}nope", " ".repeat(65_600));
    let outcome = deep("a problem at column 65,605", source, false);
    assert!(!outcome.problems.is_empty());
}

#[test]
fn a_line_of_a_hundred_thousand_characters_is_handled() {
    const LONG: usize = 100_000;
    let mut cells = String::new();
    let mut count: u64 = 0;
    while cells.len() < LONG {
        if count == 0 {
            cells.push_str("c0 = 1");
        } else {
            cells.push_str(&format!("; c{count} = c{} + 1", count - 1));
        }
        count += 1;
    }
    let last = format!("c{}", count - 1);
    let outcome = deep("100,000 characters of `;`-separated cells", cells, false);
    let expected = grouped(count, ',');
    assert_eq!(outcome.value(&last), Some(expected.as_str()), "{last}");

    let name = format!("v = {}", "a".repeat(LONG));
    let outcome = deep("a 100,000-character name", name, false);
    assert!(outcome.value("v").is_none());

    let number = format!("v = {}", "1".repeat(LONG));
    let outcome = deep("a 100,000-digit number", number, false);
    assert!(outcome.value("v").is_none());

    let fraction = format!("v = 0.{}1", "0".repeat(LONG));
    deep("a 100,000-digit fraction", fraction, false);

    let string = format!("assert 1 < 0, \"{}\"", "é".repeat(LONG / 2));
    let outcome = deep("a 100,000-byte assert message", string, false);
    assert!(!outcome.problems.is_empty());

    let comment = format!("v = 1 # {}", "#(".repeat(LONG / 2));
    let outcome = deep("a 100,000-character comment", comment, false);
    assert_eq!(outcome.value("v"), Some("1"));

    let spaces = format!("v = 1{}+ 1", " ".repeat(LONG));
    let outcome = deep("100,000 spaces", spaces, false);
    assert_eq!(outcome.value("v"), Some("2"));

    // A line of soup, deterministic so that a failure reproduces.
    let mut soup = String::new();
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    while soup.len() < LONG {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let word = VOCABULARY[(state % VOCABULARY.len() as u64) as usize];
        soup.push_str(&word.replace(['\n', '\r', ';'], " "));
    }
    deep("100,000 characters of soup on one line", soup, false);
}

#[test]
fn a_chain_of_five_thousand_cells_evaluates() {
    const CELLS: usize = 5_000;
    let lines: Vec<String> = (0..CELLS)
        .map(|i| match i {
            0 => "c0 = 1".to_string(),
            _ => format!("c{i} = c{} + 1", i - 1),
        })
        .collect();
    let outcome = deep("5,000 chained cells", lines.join("\n"), false);
    assert_eq!(outcome.value("c4999"), Some("5,000"));

    // Order does not matter: the same chain written backwards.
    let backwards: Vec<String> = lines.iter().rev().cloned().collect();
    let outcome = deep(
        "5,000 chained cells, backwards",
        backwards.join("\n"),
        false,
    );
    assert_eq!(outcome.value("c4999"), Some("5,000"));

    // One failure at the root is reported once, not 5,000 times.
    let mut failing = lines.clone();
    failing[0] = "c0 = 1 + 1 h".to_string();
    let outcome = deep(
        "5,000 chained cells, the first failing",
        failing.join("\n"),
        false,
    );
    let first: Vec<_> = outcome.problems.iter().take(3).collect();
    assert_eq!(outcome.problems.len(), 1, "{first:?}");

    // A cycle through 1,000 of them. (Its diagnostic labels every cell;
    // drawing it takes time quadratic in the length: 4 s for 4,000 in a
    // debug build.)
    let mut cycle: Vec<String> = lines[..1_000].to_vec();
    cycle[0] = "c0 = c999 + 1".to_string();
    let outcome = deep("a cycle of 1,000 cells", cycle.join("\n"), false);
    assert!(!outcome.problems.is_empty());
    assert!(outcome.value("c0").is_none());
}

/// A user function may call only functions defined above it, so calls
/// cannot recurse, but a chain of them still nests one evaluation per link.
#[test]
fn a_chain_of_two_thousand_functions_evaluates() {
    let outcome = deep("2,000 chained functions", function_chain(2_000), false);
    assert_eq!(outcome.value("v"), Some("2,000"), "{outcome:?}");
}

fn function_chain(links: usize) -> String {
    let mut lines = vec!["fn f0(a) = a + 1".to_string()];
    lines.extend((1..links).map(|i| format!("fn f{i}(a) = f{}(a) + 1", i - 1)));
    lines.push(format!("v = f{}(0)", links - 1));
    lines.join("\n")
}

/// 10,000 links once overflowed the binary's 64 MiB stack (60,000 in a
/// release build).
#[test]
fn a_chain_of_ten_thousand_functions_does_not_overflow() {
    let outcome = deep("10,000 chained functions", function_chain(10_000), false);
    assert_eq!(outcome.value("v"), Some("10,000"), "{:?}", outcome.problems);
}

/// 2^39 calls: the call budget has to stop this quickly, with an error.
#[test]
fn functions_that_double_their_work_do_not_hang() {
    let mut lines = vec!["fn f0(a) = a".to_string()];
    lines.extend((1..40).map(|i| format!("fn f{i}(a) = f{0}(a) + f{0}(a)", i - 1)));
    lines.push("v = f39(1)".to_string());
    let outcome = deep(
        "40 functions each doubling the work",
        lines.join("\n"),
        false,
    );
    assert_eq!(outcome.value("v"), None);
    assert!(
        outcome
            .problems
            .iter()
            .any(|(message, _, _)| message.contains("calls functions more than 1000000 times")),
        "{:?}",
        outcome.problems
    );
}

#[test]
fn nested_parentheses_parse_in_linear_time() {
    // Each level once doubled the parse time: 24 levels took minutes in a
    // debug build, and the 256 the bracket check lets through never ended.
    let source = format!("v = {}1{}", "(".repeat(24), ")".repeat(24));
    let outcome = deep("24 nested parentheses", source, false);
    assert_eq!(outcome.value("v"), Some("1"));
}

#[test]
fn parentheses_nested_to_the_limit_evaluate() {
    let source = format!(
        "v = {}1{}",
        "(".repeat(MAX_BRACKETS),
        ")".repeat(MAX_BRACKETS)
    );
    let outcome = deep("256 nested parentheses", source, false);
    assert_eq!(outcome.value("v"), Some("1"));
}

// ------------------------------------------- 3. display parses back

/// The dimensions a planner meets, by name.
fn dimensions() -> Vec<(&'static str, Dimension)> {
    let b = Dimension::base;
    let per = |a: Dimension, c: Dimension| a.per(c).expect("small powers");
    let times = |a: Dimension, c: Dimension| a.times(c).expect("small powers");
    let (flop, s, usd, gpu) = (
        b(Base::Compute),
        b(Base::Time),
        b(Base::Money),
        b(Base::Devices),
    );
    let (params, tokens, byte, joule) = (
        b(Base::Params),
        b(Base::Tokens),
        b(Base::Information),
        b(Base::Energy),
    );
    vec![
        ("number", Dimension::NONE),
        ("FLOP", flop),
        ("FLOP/s", per(flop, s)),
        ("FLOP/s/GPU", per(per(flop, s), gpu)),
        ("s", s),
        ("USD", usd),
        ("USD/GPU/h", per(per(usd, gpu), s)),
        ("params", params),
        ("tokens", tokens),
        ("GPU", gpu),
        ("GPU*h", times(gpu, s)),
        ("byte", byte),
        ("byte/s", per(byte, s)),
        ("byte/GPU", per(byte, gpu)),
        ("J", joule),
        ("W", per(joule, s)),
        ("gCO2e", b(Base::Emissions)),
        ("tokens/s/GPU", per(per(tokens, s), gpu)),
        ("FLOP/param/token", per(per(flop, params), tokens)),
    ]
}

/// Values from 1e-9 to 1e30 of either sign, integers below a million, and
/// figures just below a power of ten, where rounding carries into the next
/// unit or suffix.
fn magnitude() -> impl Strategy<Value = f64> {
    let signed = |v: f64, negative: bool| if negative { -v } else { v };
    prop_oneof![
        4 => (-9.0f64..30.0, any::<bool>()).prop_map(move |(e, n)| signed(10f64.powf(e), n)),
        2 => (-999_999i64..1_000_000).prop_map(|n| n as f64),
        2 => (
            -9i32..30,
            select(&[1.0, 9.5, 9.95, 9.995, 9.9995, 9.99999999, 3.6, 8.64][..]),
            any::<bool>(),
        )
            .prop_map(move |(e, m, n)| signed(m * 10f64.powi(e), n)),
        1 => Just(0.0),
    ]
}

fn check_round_trip(text: &str, want: Quantity, digits: usize) -> Result<(), TestCaseError> {
    let got = read_back(text)
        .map_err(|e| TestCaseError::fail(format!("`{text}` does not parse back:\n{e}")))?;
    prop_assert_eq!(
        got.dim,
        want.dim,
        "`{}` reads back in another dimension",
        text
    );
    prop_assert!(
        close(got.value, want.value, digits),
        "`{}` ({} digits) reads back as {} not {}",
        text,
        digits,
        got.value,
        want.value
    );
    Ok(())
}

proptest! {
    #![proptest_config(config(1500))]

    #[test]
    fn shown_values_parse_back(
        which in any::<prop::sample::Index>(),
        value in magnitude(),
        digits in 1usize..=8,
    ) {
        let dims = dimensions();
        let (_, dim) = *which.get(&dims);
        let q = Quantity::new(value, dim);
        let shown = show_auto(q, digits, &[]);
        check_round_trip(&shown.text, q, digits)?;
    }
}

#[test]
fn large_power_and_energy_parse_back() {
    let dims = dimensions();
    let dim = |name: &str| {
        dims.iter()
            .find(|(n, _)| *n == name)
            .expect("a dimension")
            .1
    };
    for (value, name) in [(1e15, "W"), (2.5e18, "W"), (1e19, "J"), (1e22, "J")] {
        let q = Quantity::new(value, dim(name));
        let text = show_auto(q, 3, &[]).text;
        let got = read_back(&text).unwrap_or_else(|e| panic!("`{text}`:\n{e}"));
        assert!(close(got.value, value, 3), "`{text}`");
    }
}

/// A value is finite and non-zero, but the number shown in a larger or
/// smaller unit may not be.
#[test]
fn values_near_the_float_limit_show_as_numbers() {
    for source in [
        "v = 1e305 USD/GPU/s",
        "v = 1e306 s -> ms",
        "v = (1 / (1 kWh))^40",
        "v = (46.8M / H100.bandwidth)^60",
    ] {
        let sheet = evaluate(source);
        let cell = sheet.cell("v").expect("a cell");
        let value = cell.outcome.value().expect("a value");
        let shown = format::show_cell(&sheet, "v", Style::default()).expect("a value");
        let number = format::show_value(value, cell.shown.as_ref(), 3, &sheet.user_bases).number;
        assert!(number.is_finite(), "{source}: `{shown}`");
        let want = value.as_quantity().expect("a quantity").value;
        assert!(number != 0.0 || want == 0.0, "{source}: `{shown}`");
    }
}

#[test]
fn reciprocal_units_parse_back() {
    for source in ["v = 1 / (2 s)", "v = 1 / (8 GPU)"] {
        let sheet = evaluate(source);
        let text = format::show_cell(&sheet, "v", Style::default()).expect("a value");
        read_back(&text).unwrap_or_else(|e| panic!("{source}: `{text}`:\n{e}"));
    }
}

/// Power per dollar is not power per hour per dollar.
#[test]
fn power_per_dollar_shows_the_right_quantity() {
    for source in ["v = 700 W / $1", "v = 700 W/GPU / $1"] {
        let sheet = evaluate(source);
        let want = sheet
            .cell("v")
            .and_then(|c| c.outcome.value())
            .and_then(|v| v.as_quantity())
            .expect("a value");
        let text = format::show_cell(&sheet, "v", Style::default()).expect("a value");
        let got = read_back(&text).unwrap_or_else(|e| panic!("{source}: `{text}`:\n{e}"));
        assert_eq!(got.dim, want.dim, "{source}: `{text}`");
        assert!(close(got.value, want.value, 3), "{source}: `{text}`");
    }
}

/// Powers beyond ±64 (once the most a literal took) still parse back.
#[test]
fn units_to_high_powers_parse_back() {
    let sheet = evaluate("v = 1 GPU^60 * 1 GPU^10");
    let text = format::show_cell(&sheet, "v", Style::default()).expect("a value");
    read_back(&text).unwrap_or_else(|e| panic!("`{text}`:\n{e}"));
}

/// A power of -128 fits a dimension, but not its negation.
#[test]
fn a_unit_to_the_power_minus_128_is_handled() {
    fuzz("v = 1 GPU^-64 * 1 GPU^-64");
    fuzz("v = 1 GPU^-64 * 1 GPU^-64 -> FLOP");
}

/// -128 is the lowest power a dimension holds and a literal takes.
#[test]
fn a_unit_to_the_power_minus_128_parses_back() {
    for source in ["v = 1 FLOP*GPU^-128", "v = 1 FLOP / (1 GPU^64) / 1 GPU^64"] {
        let sheet = evaluate(source);
        let text = format::show_cell(&sheet, "v", Style::default()).expect("a value");
        read_back(&text).unwrap_or_else(|e| panic!("{source}: `{text}`:\n{e}"));
    }
}

/// SPEC §6: overflow is an error, not a value.
#[test]
fn a_literal_beyond_a_float_is_an_error() {
    for literal in ["1e300 GB", "1e300 TFLOP", "1e306 days", "$1e306/GPU/ms"] {
        let sheet = evaluate(&format!("v = {literal}"));
        exercise(&sheet);
        assert!(
            sheet.has_errors(),
            "`{literal}` is {:?}",
            format::show_cell(&sheet, "v", Style::default())
        );
    }
}

/// "Did you mean …?" compares the first letters of names.
#[test]
fn unicode_names_do_not_break_suggestions() {
    let sheet = evaluate("abé = 1\nv = xyz");
    exercise(&sheet);
    assert!(sheet.has_errors());
}

/// The units of `-> unit` cells: name, size in base units, dimension.
fn targets() -> Vec<(&'static str, f64, Dimension)> {
    let b = Dimension::base;
    let rate_per_gpu = b(Base::Compute)
        .per(b(Base::Time))
        .and_then(|d| d.per(b(Base::Devices)))
        .expect("small powers");
    let power = b(Base::Energy).per(b(Base::Time)).expect("small powers");
    let gpu_hours = b(Base::Devices).times(b(Base::Time)).expect("small powers");
    vec![
        ("days", 86_400.0, b(Base::Time)),
        ("h", 3_600.0, b(Base::Time)),
        ("%", 0.01, Dimension::NONE),
        ("TFLOPS/GPU", 1e12, rate_per_gpu),
        ("GiB", 1_073_741_824.0, b(Base::Information)),
        ("USD", 1.0, b(Base::Money)),
        ("TFLOP", 1e12, b(Base::Compute)),
        ("GPU*h", 3_600.0, gpu_hours),
        ("kW", 1e3, power),
        ("MWh", 3.6e9, b(Base::Energy)),
    ]
}

/// A unit to show a value in: asked for with `->` (`explicit`) or taken
/// from a literal.
fn display_unit(
    factor: f64,
    text: &str,
    dim: Dimension,
    explicit: bool,
) -> llmc::eval::ResolvedUnit {
    llmc::eval::ResolvedUnit {
        factor,
        dim,
        text: text.into(),
        span: llmc::Span::default(),
        explicit,
    }
}

proptest! {
    #![proptest_config(config(600))]

    #[test]
    fn values_shown_in_a_chosen_unit_parse_back(
        which in any::<prop::sample::Index>(),
        value in magnitude(),
        digits in 1usize..=8,
        explicit in any::<bool>(),
    ) {
        let units = targets();
        let (unit, factor, dim) = *which.get(&units);
        let q = Quantity::new(value, dim);
        let shown = show_in(q, &display_unit(factor, unit, dim, explicit), digits);
        check_round_trip(&shown.text, q, digits)?;
    }
}

/// Any dimension a sheet can build: each base to a small power, user
/// bases included.
fn any_dimension() -> impl Strategy<Value = Dimension> {
    proptest::collection::vec(-3i32..=3, Base::ALL.len() + 2).prop_map(|powers| {
        let bases = Base::ALL
            .iter()
            .map(|b| Dimension::base(*b))
            .chain([Dimension::user_base(0), Dimension::user_base(1)]);
        bases
            .zip(powers)
            .fold(Dimension::NONE, |dim, (base, power)| {
                let factor = base.pow(power).expect("small powers");
                dim.times(factor).expect("small powers")
            })
    })
}

proptest! {
    #![proptest_config(config(1000))]

    /// Showing never panics, whatever the finite value, dimension, unit
    /// size or number of digits.
    #[test]
    fn showing_any_value_does_not_panic(
        value in any::<f64>().prop_filter("finite", |v| v.is_finite()),
        dim in any_dimension(),
        factor in prop_oneof![Just(1.0), 1e-30f64..1e30],
        digits in 0usize..=20,
        user_bases in 0usize..=2,
    ) {
        let user_bases: Vec<String> = ["step", "epoch"][..user_bases].iter().map(|s| s.to_string()).collect();
        let q = Quantity::new(value, dim);
        let auto = show_auto(q, digits, &user_bases);
        prop_assert!(!auto.text.is_empty());
        for explicit in [false, true] {
            show_in(q, &display_unit(factor, "u", dim, explicit), digits);
            show_in(q, &display_unit(factor, "%", dim, explicit), digits);
        }
    }
}

proptest! {
    #![proptest_config(config(500))]

    /// Whatever a generated program computes, the sheet shows in a form
    /// that parses back (in the program's own context, for its units).
    #[test]
    fn computed_values_parse_back(source in program()) {
        let sheet = evaluate(&source);
        for cell in &sheet.cells {
            let Some(value) = cell.outcome.value() else { continue };
            let Some(want) = value.as_quantity() else { continue };
            for digits in [3, 6] {
                let text = format::show_value(value, cell.shown.as_ref(), digits, &sheet.user_bases).text;
                let mut again = Session::from_source("rt", &source);
                again.add(&format!("roundtrip_value = {text}"));
                let again = again.evaluate();
                let got = again
                    .cell("roundtrip_value")
                    .and_then(|c| c.outcome.value())
                    .and_then(|v| v.as_quantity());
                let Some(got) = got else {
                    let problems: Vec<String> = again
                        .problems
                        .iter()
                        .filter(|p| p.span().start >= source.len())
                        .map(|p| Render::PLAIN.render(p.clone(), "rt", &again.source))
                        .collect();
                    return Err(TestCaseError::fail(format!(
                        "cell `{}`: `{text}` does not parse back:\n{}",
                        cell.name,
                        problems.join("\n")
                    )));
                };
                prop_assert_eq!(got.dim, want.dim, "cell `{}`: `{}`", &cell.name, &text);
                prop_assert!(
                    close(got.value, want.value, digits),
                    "cell `{}`: `{}` reads back as {} not {}",
                    &cell.name, &text, got.value, want.value
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(config(500))]

    /// SPEC §6: overflow, division by zero and NaN are errors, not values.
    #[test]
    fn computed_values_are_finite(source in program()) {
        let sheet = evaluate(&source);
        for cell in &sheet.cells {
            let Some(q) = cell.outcome.value().and_then(|v| v.as_quantity()) else {
                continue;
            };
            prop_assert!(q.value.is_finite(), "cell `{}` is {}", &cell.name, q.value);
        }
    }
}

// ---------------------------------------------- 4. number literals

/// `1234567` → `1,234,567` (or with `_`).
fn grouped(n: u64, separator: char) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

const SUFFIXES: &[(&str, f64)] = &[
    ("", 1.0),
    ("K", 1e3),
    ("k", 1e3),
    ("M", 1e6),
    ("B", 1e9),
    ("T", 1e12),
];

fn value_of(source: &str) -> Result<Quantity, TestCaseError> {
    read_back(source).map_err(|e| TestCaseError::fail(format!("`{source}`:\n{e}")))
}

proptest! {
    #![proptest_config(config(500))]

    #[test]
    fn integers_with_separators_and_suffixes(
        n in prop_oneof![0u64..1_000_000_000_000_000, 0u64..10_000],
        suffix in select(SUFFIXES),
    ) {
        let (suffix, scale) = suffix;
        let want = n as f64 * scale;
        for digits in [n.to_string(), grouped(n, '_'), grouped(n, ',')] {
            let text = format!("{digits}{suffix}");
            let got = value_of(&text)?;
            prop_assert!(got.dim.is_none(), "`{}` has a unit", text);
            prop_assert!(same(got.value, want), "`{}` is {} not {}", text, got.value, want);

            let tokens = value_of(&format!("{text} tokens"))?;
            prop_assert_eq!(tokens.dim, Dimension::base(Base::Tokens));
            prop_assert!(same(tokens.value, want), "`{} tokens` is {}", text, tokens.value);

            let money = value_of(&format!("${text}"))?;
            prop_assert_eq!(money.dim, Dimension::base(Base::Money));
            prop_assert!(same(money.value, want), "`${}` is {}", text, money.value);
        }
    }

    #[test]
    fn scientific_notation(
        whole in 0u64..100_000,
        fraction in proptest::option::of("[0-9]{1,8}"),
        e in select(&["e", "E"][..]),
        sign in select(&["", "+", "-"][..]),
        exponent in 0i32..300,
        suffix in select(SUFFIXES),
    ) {
        let (suffix, scale) = suffix;
        let mantissa = match &fraction {
            Some(f) => format!("{whole}.{f}"),
            None => whole.to_string(),
        };
        let plain = format!("{mantissa}{e}{sign}{exponent}");
        let want = plain.parse::<f64>().expect("a float") * scale;
        let text = format!("{plain}{suffix}");
        if want.is_infinite() {
            let sheet = evaluate(&format!("v = {text}"));
            prop_assert!(sheet.has_errors(), "`{}` is beyond a float but no error", text);
            return Ok(());
        }
        let got = value_of(&text)?;
        prop_assert!(got.dim.is_none());
        prop_assert!(same(got.value, want), "`{}` is {} not {}", text, got.value, want);
    }

    #[test]
    fn decimals_and_percentages(
        whole in proptest::option::of(0u64..1_000_000),
        fraction in "[0-9]{1,10}",
    ) {
        let text = match whole {
            Some(w) => format!("{w}.{fraction}"),
            None => format!(".{fraction}"),
        };
        let want: f64 = text.parse().expect("a float");
        let got = value_of(&text)?;
        prop_assert!(same(got.value, want), "`{}` is {} not {}", text, got.value, want);
        let percent = value_of(&format!("{text}%"))?;
        prop_assert!(percent.dim.is_none());
        prop_assert!(same(percent.value, want / 100.0), "`{}%` is {}", text, percent.value);
    }
}

#[test]
fn numbers_beyond_a_float_are_errors_not_values() {
    for text in ["1e309", "1e308T", "99999e305", "$1e309"] {
        let sheet = evaluate(&format!("v = {text}"));
        exercise(&sheet);
        assert!(sheet.has_errors(), "`{text}` should be an error");
        assert!(format::show_cell(&sheet, "v", Style::default()).is_none());
    }
}
