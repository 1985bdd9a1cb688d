//! What the property tests do with an input: run it through the whole
//! pipeline and every way a frontend shows the result ([`exercise`]), read
//! a shown value back as llmc input ([`read_back`]), and evaluate deep
//! inputs on a named thread of a chosen stack size under a time limit
//! ([`deep`]), so that a stack overflow (which aborts the whole test
//! binary) says which input caused it and a hang fails instead of stalling.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use llmc::units::Quantity;
use llmc::{Render, Session, Sheet, Style, format};
use proptest::test_runner::Config;

/// `cases` cases, times `LLMC_FUZZ_SCALE` (default 1) for a longer run.
pub fn config(cases: u32) -> Config {
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

pub fn evaluate(source: &str) -> Sheet {
    Session::from_source("fuzz", source).evaluate()
}

/// Everything a frontend does with a sheet: render every problem and
/// warning, print the sheet as text and as JSON, show each value at a few
/// precisions. Panics (the property fails) if any of it panics or if a
/// problem's span does not point into the source.
pub fn exercise(sheet: &Sheet) {
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
                    format::show_value(value, cell.shown.as_deref(), digits, &sheet.user_bases);
                assert_no_non_finite("a value", &shown.text);
            }
        }
    }
}

/// No output format shows NaN or an infinity as a number.
pub fn assert_no_non_finite(format: &str, text: &str) {
    for word in text.split(|c: char| !(c.is_alphanumeric() || c == '.')) {
        assert!(
            !matches!(word, "NaN" | "N.aN" | "inf" | "N.aNe0" | "infe0"),
            "{format} output shows `{word}`:\n{text}"
        );
    }
}

pub fn fuzz(source: &str) {
    exercise(&evaluate(source));
}

/// The quantity `v = {text}` evaluates to, or the first problem, rendered.
pub fn read_back(text: &str) -> Result<Quantity, String> {
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
pub fn close(got: f64, want: f64, digits: usize) -> bool {
    let tolerance = 10f64.powi(1 - digits as i32) * want.abs();
    (got - want).abs() <= tolerance + f64::MIN_POSITIVE
}

/// Whether `got` is `want` up to float noise.
pub fn same(got: f64, want: f64) -> bool {
    (got - want).abs() <= 4.0 * f64::EPSILON * want.abs()
}

pub const BIG_STACK: usize = 64 << 20;
/// A deep input that takes longer than this hangs. Generous, because the
/// suite shares a loaded machine: speed is measured by benchmarks, and this
/// only tells a hang (or exponential work) from a slow run.
pub const PATIENCE: Duration = Duration::from_secs(120);

/// Runs `job` on a thread named `label` (with `stack` bytes, or the default
/// 2 MiB) and waits at most [`PATIENCE`].
pub fn on_thread<T: Send + 'static>(
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
pub struct Outcome {
    /// Each problem's message and span.
    pub problems: Vec<(String, usize, usize)>,
    /// Each cell's name and displayed value, if it has one.
    pub values: Vec<(String, Option<String>)>,
}

impl Outcome {
    pub fn value(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.as_deref())
    }

    pub fn has_problem_at(&self, offset: usize) -> bool {
        self.problems.iter().any(|(_, start, _)| *start == offset)
    }
}

/// Evaluates `source` on a thread with `stack` bytes (the default 2 MiB
/// if `None`), renders all of it, and checks that it either produced a
/// value for every cell or reported a problem.
pub fn deep_on(label: &str, source: String, stack: Option<usize>) -> Outcome {
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
                        format::show_value(v, c.shown.as_deref(), style.digits, &sheet.user_bases)
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
pub fn deep(label: &str, source: String, default_thread_too: bool) -> Outcome {
    if default_thread_too {
        deep_on(label, source.clone(), None);
    }
    deep_on(label, source, Some(BIG_STACK))
}

/// Byte offset of the `n`th (1-based) occurrence of `c` in `text`.
pub fn nth(text: &str, c: char, n: usize) -> usize {
    text.match_indices(c).nth(n - 1).expect("enough brackets").0
}

/// `1234567` → `1,234,567` (or with `_`).
pub fn grouped(n: u64, separator: char) -> String {
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
