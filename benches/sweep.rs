//! Sweep throughput: the Llama 3.1 405B example over 1,000,000 points
//! (1,000 parameter counts × 1,000 token counts), evaluated and formatted
//! as CSV on every core — the figure SPEC §7 asks for ("about a second").

use std::ops::ControlFlow;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use llmc::Session;
use llmc::format::Style;
use llmc::whatif::table::{SweepTable, TableKind};
use llmc::whatif::{Sweep, parse_axis};

const LLAMA: &str = include_str!("../examples/llama3-405b.llmc");

fn llama_sweep(side: usize) -> Sweep {
    let list = |values: Vec<String>| values.join(",");
    let params = parse_axis(&format!(
        "params={}",
        list((1..=side).map(|i| format!("{i}B params")).collect())
    ))
    .expect("an axis");
    let tokens = parse_axis(&format!(
        "tokens={}",
        list(
            (1..=side)
                .map(|i| format!("{}T tokens", i as f64 / 100.0))
                .collect()
        )
    ))
    .expect("an axis");
    Session::from_source("llama", LLAMA)
        .sweep(&[params, tokens], &[])
        .expect("the sweep compiles")
}

fn run(sweep: &Sweep, kind: TableKind, threads: usize) -> usize {
    let table = SweepTable::new(sweep, Style::default(), kind);
    let mut bytes = 0;
    sweep.run(
        threads,
        4096,
        &|point, text| table.row(point, text),
        &mut |text: String| {
            bytes += text.len();
            ControlFlow::Continue(())
        },
        &mut |_| {},
    );
    bytes
}

fn sweeps(c: &mut Criterion) {
    let sweep = llama_sweep(1000);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut group = c.benchmark_group("sweep_llama_1M_points");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.throughput(Throughput::Elements(sweep.len() as u64));
    group.bench_function(format!("csv_{threads}_threads"), |b| {
        b.iter(|| run(&sweep, TableKind::Csv, threads))
    });
    group.bench_function("csv_1_thread", |b| {
        b.iter(|| run(&sweep, TableKind::Csv, 1))
    });
    group.bench_function(format!("human_{threads}_threads"), |b| {
        b.iter(|| run(&sweep, TableKind::Human, threads))
    });
    group.finish();
}

criterion_group!(benches, sweeps);
criterion_main!(benches);
