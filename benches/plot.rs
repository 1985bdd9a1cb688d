//! Drawing charts (`--plot`): a sweep's chart of 7 lines at two sizes
//! along the bottom (10 and 10,000 points a line), to show how the cost
//! grows with the points drawn, and a tornado. The sweep is evaluated once,
//! outside the measurement: only reading its points and drawing count.

use std::ops::ControlFlow;

use criterion::{Criterion, criterion_group, criterion_main};
use llmc::Session;
use llmc::Span;
use llmc::plot::{ChartAsker, PlotPoint, SweepPlot};
use llmc::whatif::{Sweep, parse_axis};

const LLAMA: &str = include_str!("../examples/llama3-405b.llmc");
const RANGES: &str = include_str!("../examples/llama3-405b-ranges.llmc");

fn sweep(along: usize) -> Sweep {
    let params = (1..=along)
        .map(|i| format!("{i}B params"))
        .collect::<Vec<_>>()
        .join(",");
    let axes = [
        parse_axis(&format!("params={params}")).expect("an axis"),
        parse_axis(
            "tokens=1T tokens,2T tokens,4T tokens,8T tokens,15T tokens,20T tokens,30T tokens",
        )
        .expect("an axis"),
    ];
    let show = [llmc::whatif::parse_show("cost").expect("a cell")];
    Session::from_source("llama", LLAMA)
        .sweep(&axes, &show)
        .expect("the sweep compiles")
}

fn points(sweep: &Sweep, chart: &SweepPlot) -> Vec<PlotPoint> {
    let mut points = Vec::new();
    sweep.run(
        1,
        4096,
        &|point, block: &mut Vec<PlotPoint>| {
            block.push(chart.point(point.index, point.outcomes, point.passed));
        },
        &mut |block| {
            points.extend(block);
            ControlFlow::Continue(())
        },
        &mut |_| {},
    );
    points
}

fn charts(c: &mut Criterion) {
    let mut group = c.benchmark_group("plot");
    for along in [10, 10_000] {
        let sweep = sweep(along);
        let chart =
            SweepPlot::new(&sweep, Span::new(0, 0), ChartAsker::CommandLine).expect("a chart");
        let points = points(&sweep, &chart);
        group.bench_function(format!("sweep_7_lines_of_{along}_points"), |b| {
            b.iter(|| chart.render(&points, 3).expect("drawn").len())
        });
    }
    let tornado = Session::from_source("ranges", RANGES)
        .tornado("realistic_cost")
        .expect("a tornado");
    group.bench_function("tornado_4_bars", |b| {
        b.iter(|| llmc::plot::tornado::render(&tornado, 3).len())
    });
    group.finish();
}

criterion_group!(benches, charts);
criterion_main!(benches);
