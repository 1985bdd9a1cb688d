//! `llmc run --sweep`: one row per combination, streamed to stdout, with a
//! progress bar on stderr for long sweeps on a terminal; with `--plot`, the
//! chart of the same run's points.

use std::io::{IsTerminal, Write};
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::sync::Arc;

use llmc::format::number::grouped_integer;
use llmc::plot::{ChartAsker, PlotPoint, SweepPlot};
use llmc::whatif::table::{SweepTable, TableKind};
use llmc::whatif::{Assignment, Axis, ShowList, Sweep, SweepReport};
use llmc::{Render, SourceText};

use crate::args::{Format, OutputArgs};
use crate::plot::Target;
use crate::progress::Progress;

/// Points evaluated per thread between writes.
const BLOCK: usize = 4096;

/// What a sweep is asked for: its axes, the cells shown, its size limit,
/// and the chart to draw of it.
pub struct SweepRequest<'a> {
    pub axes: &'a [Axis],
    pub show: &'a [ShowList],
    pub max_points: usize,
    pub plot: Option<Target<'a>>,
}

pub fn sweep_files(
    files: &[PathBuf],
    output: &OutputArgs,
    sets: &[Assignment],
    request: &SweepRequest<'_>,
) -> Result<bool, String> {
    let (axes, show, max_points) = (request.axes, request.show, request.max_points);
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
                let chart = match &request.plot {
                    Some(target) => {
                        match SweepPlot::new(&sweep, target.span(), ChartAsker::CommandLine) {
                            Ok(chart) => Some((target, chart)),
                            Err(error) => {
                                target.report(error);
                                all_ok = false;
                                continue;
                            }
                        }
                    }
                    None => None,
                };
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
                let mut progress = Progress::new(total);
                let mut points: Vec<PlotPoint> = Vec::new();
                let report = sweep.run(
                    threads,
                    BLOCK,
                    &|point, (text, block_points): &mut (String, Vec<PlotPoint>)| {
                        table.row(point, text);
                        if let Some((_, chart)) = &chart {
                            block_points.push(chart.point(
                                point.index,
                                point.outcomes,
                                point.passed,
                            ));
                        }
                    },
                    &mut |(text, block_points)| {
                        out!("{text}");
                        points.extend(block_points);
                        // The reader has gone (`| head`) or the disk is full:
                        // the rest of the rows would be written nowhere (a
                        // chart still needs every point).
                        if crate::output::stopped() && chart.is_none() {
                            ControlFlow::Break(())
                        } else {
                            ControlFlow::Continue(())
                        }
                    },
                    &mut |done| progress.update(done),
                );
                progress.finish();
                if !report.completed {
                    return Ok(all_ok);
                }
                out!("{}", table.footer());
                all_ok &= report_points(&sweep, &report, total);
                if let Some((target, chart)) = &chart {
                    all_ok &= match chart.render(&points, crate::style(output).digits) {
                        Ok(svg) => target.write(&svg, &chart.summary()),
                        Err(error) => {
                            target.report(error);
                            false
                        }
                    };
                }
            }
            Err(sheet) => {
                crate::report_problems(&sheet);
                all_ok = false;
            }
        }
    }
    Ok(all_ok)
}

/// Every point of `sweep` as `chart` reads it (with a progress bar on a
/// terminal); failed points are marked on the chart itself.
pub fn chart_points(sweep: &Sweep, chart: &SweepPlot) -> Vec<PlotPoint> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut progress = Progress::new(sweep.len());
    let mut points = Vec::new();
    sweep.run(
        threads,
        BLOCK,
        &|point, block: &mut Vec<PlotPoint>| {
            block.push(chart.point(point.index, point.outcomes, point.passed));
        },
        &mut |block| {
            points.extend(block);
            ControlFlow::Continue(())
        },
        &mut |done| progress.update(done),
    );
    progress.finish();
    points
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
