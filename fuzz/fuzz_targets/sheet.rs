//! One input, every frontend path through the library: the text as a
//! script (evaluated and shown in every format), as a Markdown document
//! (`llmc doc`, twice: the second rewrite changes nothing), formatted
//! (`llmc fmt`), entered line by line in a REPL session, and with the lines
//! that start `--set ` or `--sweep ` taken as those flags. Nothing may
//! panic, and no value that leaves the evaluator may be NaN or infinite.
#![no_main]

use std::ops::ControlFlow;

use libfuzzer_sys::fuzz_target;
use llmc::fmt::{DocumentKind, format as layout};
use llmc::whatif::table::{SweepTable, TableKind};
use llmc::whatif::{parse_assignment, parse_axis};
use llmc::{Render, Session, Sheet, Style, format, markdown};

/// Sweeps larger than this are skipped: a fuzzer's time is better spent on
/// more inputs than on more points of one.
const MAX_POINTS: usize = 64;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (script, sets, sweeps) = split_flags(text);

    let session = Session::from_source("fuzz.llmc", &script);
    check(&session.evaluate());

    let doc = markdown::rewrite("fuzz.md", text, 3);
    check(&doc.sheet);
    if let Some(annotation) = doc.annotation {
        let again = markdown::rewrite("fuzz.md", &annotation.text, 3);
        assert_eq!(again.annotation.map(|a| a.text), Some(annotation.text));
    }
    for kind in [DocumentKind::Script, DocumentKind::Markdown] {
        if let Ok(formatted) = layout(text, kind) {
            assert_eq!(layout(&formatted, kind).as_ref(), Ok(&formatted), "fmt is idempotent");
        }
    }

    let mut repl = Session::new("<repl>");
    for line in script.lines() {
        let entry = repl.enter(line);
        check(&entry.sheet);
        if entry.ok {
            repl = entry.session;
        }
    }

    what_if(session, &sets, &sweeps);
});

/// The script without its flag lines, and the flags' values.
fn split_flags(text: &str) -> (String, Vec<&str>, Vec<&str>) {
    let (mut script, mut sets, mut sweeps) = (String::new(), Vec::new(), Vec::new());
    for line in text.split_inclusive('\n') {
        if let Some(set) = line.strip_prefix("--set ") {
            sets.push(set.trim_end());
        } else if let Some(sweep) = line.strip_prefix("--sweep ") {
            sweeps.push(sweep.trim_end());
        } else {
            script.push_str(line);
        }
    }
    (script, sets, sweeps)
}

/// `--set` then `--sweep`, as `llmc run` applies them.
fn what_if(mut session: Session, sets: &[&str], sweeps: &[&str]) {
    let assignments: Vec<_> = sets.iter().filter_map(|s| parse_assignment(s).ok()).collect();
    if session.set_cells(&assignments).is_err() {
        return;
    }
    check(&session.evaluate());
    let axes: Vec<_> = sweeps.iter().filter_map(|s| parse_axis(s).ok()).collect();
    if axes.is_empty() {
        return;
    }
    let Ok(sweep) = session.sweep(&axes, &[]) else {
        return;
    };
    if sweep.len() > MAX_POINTS {
        return;
    }
    let table = SweepTable::new(&sweep, Style::default(), TableKind::Csv);
    sweep.run(
        1,
        8,
        &|point, text| table.row(point, text),
        &mut |_: String| ControlFlow::Continue(()),
        &mut |_| {},
    );
}

/// Every value finite (the formats print values as they are, so this is
/// what every format shows), every diagnostic and format rendered.
fn check(sheet: &Sheet) {
    for cell in &sheet.cells {
        if let Some(value) = cell.outcome.value() {
            assert!(value.is_finite(), "`{}` left the evaluator as {value:?}", cell.name);
        }
    }
    for problem in &sheet.problems {
        Render::PLAIN.render(problem.clone(), &sheet.name, &sheet.source);
    }
    let style = Style::default();
    format::human::sheet(sheet, style);
    format::tabular::csv(sheet, style);
    format::json::sheet(sheet, style);
    format::tabular::markdown(sheet, style);
}
