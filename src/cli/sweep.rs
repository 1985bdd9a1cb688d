//! `llmc run --sweep`: one row per combination, streamed to stdout, with a
//! progress line on stderr for long sweeps on a terminal.

use std::io::{IsTerminal, Write};
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use llmc::format::number::grouped_integer;
use llmc::whatif::table::{SweepTable, TableKind};
use llmc::whatif::{Assignment, Axis, ShowList, Sweep, SweepReport};
use llmc::{Render, SourceText};

use crate::args::{Format, OutputArgs};

/// Points evaluated per thread between writes.
const BLOCK: usize = 4096;
/// A sweep shows progress once it has run this long.
const PROGRESS_AFTER: Duration = Duration::from_millis(500);

pub fn sweep_files(
    files: &[PathBuf],
    output: &OutputArgs,
    sets: &[Assignment],
    axes: &[Axis],
    show: &[ShowList],
    max_points: usize,
) -> Result<bool, String> {
    let mut all_ok = true;
    for path in files {
        let source = match crate::read(path) {
            Ok(source) => source,
            Err(message) => {
                eprintln!("error: {message}");
                all_ok = false;
                continue;
            }
        };
        let Some(session) = crate::session_with_sets(path, &source, sets) else {
            all_ok = false;
            continue;
        };
        match session.sweep(axes, show) {
            Ok(sweep) => {
                let total = sweep.len();
                if total > max_points {
                    let shape: Vec<String> = sweep
                        .axes
                        .iter()
                        .map(|a| a.values.len().to_string())
                        .collect();
                    eprintln!(
                        "error: this sweep has {} points ({}), more than --max-points allows ({})\n  \
                         help: every point is evaluated and printed; to run them all, pass `--max-points {total}`",
                        grouped_integer(total as f64),
                        shape.join(" × "),
                        grouped_integer(max_points as f64),
                    );
                    all_ok = false;
                    continue;
                }
                if files.len() > 1 && output.format == Format::Human {
                    outln!("# {}", path.display());
                }
                let kind = match output.format {
                    Format::Human => TableKind::Human,
                    Format::Json => TableKind::Json,
                    Format::Markdown => TableKind::Markdown,
                    Format::Csv => TableKind::Csv,
                };
                let table = SweepTable::new(&sweep, crate::style(output), kind);
                out!("{}", table.header());
                let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
                let show_progress = std::io::stderr().is_terminal();
                let started = Instant::now();
                let mut shown_progress = false;
                let report = sweep.run(
                    threads,
                    BLOCK,
                    &|index, outcomes, passed, text| table.row(index, outcomes, passed, text),
                    &mut |text| {
                        out!("{text}");
                        // The reader has gone (`| head`) or the disk is full:
                        // the rest of the points would be written nowhere.
                        if crate::output::stopped() {
                            ControlFlow::Break(())
                        } else {
                            ControlFlow::Continue(())
                        }
                    },
                    &mut |done| {
                        if show_progress && done < total && started.elapsed() > PROGRESS_AFTER {
                            shown_progress = true;
                            eprint!(
                                "\r  sweeping: {done} of {total} points ({}%)",
                                done * 100 / total.max(1)
                            );
                        }
                    },
                );
                if shown_progress {
                    eprint!("\r\x1b[K");
                }
                if !report.completed {
                    return Ok(all_ok);
                }
                out!("{}", table.footer());
                all_ok &= report_points(&sweep, &report, total);
            }
            Err(sheet) => {
                crate::report_problems(&sheet);
                all_ok = false;
            }
        }
    }
    Ok(all_ok)
}

/// Says why points failed, each cause once with how many points it
/// stopped and the first of them; true when none did.
fn report_points(sweep: &Sweep, report: &SweepReport, total: usize) -> bool {
    let render = Render {
        color: crate::color_for(std::io::stderr().is_terminal()),
        ..Render::PLAIN
    };
    let (name, text, origins) = sweep.source();
    let source = SourceText::new(name, Arc::from(text));
    let mut stderr = std::io::stderr().lock();
    for failure in &report.problems {
        let seen = failure.seen;
        let points = if total == 1 {
            "the only point".to_string()
        } else {
            format!(
                "{} of {} points, first at {}",
                grouped_integer(seen.count as f64),
                grouped_integer(total as f64),
                sweep.describe_point(seen.first)
            )
        };
        let _ = writeln!(
            stderr,
            "{}  at {points}",
            render.render_in(failure.problem.clone(), &source, origins)
        );
    }
    report.problems.is_empty()
}
