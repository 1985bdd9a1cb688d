//! Ranges (SPEC §2.6) stay interactive: a sheet evaluates every corner of
//! the ranges feeding each cell, 2^k for k ranges, so the cost grows with
//! k. Measured on the Llama 3.1 405B ranges example and on a generated
//! planning sheet with 5 and 10 independent ranges feeding one estimate
//! (32 and 1,024 corners), parse + evaluate, as the REPL does on each
//! entered line; and `--tornado` on the same sheets, which evaluates the
//! sheet (every corner) and then, per input range, the estimate at that
//! range's two ends.

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use llmc::Session;

const RANGES_EXAMPLE: &str = include_str!("../examples/llama3-405b-ranges.llmc");

/// A plan whose `k` inputs are ranges and whose estimate depends on all
/// of them, through a chain of 40 cells (about what a real plan has).
fn planning_sheet(k: usize) -> String {
    let inputs = [
        "params = 380B..420B params",
        "tokens = 14T..16T tokens",
        "mfu = 35%..45%",
        "gpus = 12000..16384",
        "price = $1.8/GPU/h..$2.5/GPU/h",
        "mtbf = 40000 h..60000 h",
        "checkpoint = 30 s..90 s",
        "restart = 5 min..30 min",
        "overhead = 1.0..1.1",
        "pue = 1.1..1.3",
    ];
    let points = [
        "params = 405B params",
        "tokens = 15.6T tokens",
        "mfu = 40%",
        "gpus = 16384",
        "price = $2/GPU/h",
        "mtbf = 50000 h",
        "checkpoint = 60 s",
        "restart = 10 min",
        "overhead = 1.05",
        "pue = 1.2",
    ];
    let mut lines: Vec<String> = (0..10)
        .map(|i| if i < k { inputs[i] } else { points[i] }.to_string())
        .collect();
    lines.push("cluster = gpus x H100 @ mfu".into());
    lines.push("compute = train_flops(params, tokens) * overhead".into());
    lines.push(
        "useful = goodput(cluster, mtbf = mtbf, checkpoint = checkpoint, restart = restart)".into(),
    );
    lines.push("ideal = compute / cluster -> days".into());
    lines.push("time = ideal / useful -> days".into());
    for i in 0..30 {
        lines.push(format!(
            "step{i} = time * {} + {i} h -> days",
            1.0 + i as f64 / 100.0
        ));
    }
    lines.push("cost = cluster.gpus * step29 * price".into());
    lines.push("power = energy(cluster, step29, pue = pue)".into());
    lines.push("assert time < 200 days".into());
    lines.join("\n")
}

fn ranges(c: &mut Criterion) {
    let mut group = c.benchmark_group("ranges");
    group.measurement_time(Duration::from_secs(5));
    group.bench_function("llama3-405b-ranges example", |b| {
        b.iter(|| Session::from_source("bench", RANGES_EXAMPLE).evaluate())
    });
    for k in [0, 5, 10] {
        let sheet = planning_sheet(k);
        let check = Session::from_source("bench", &sheet).evaluate();
        assert!(check.problems.is_empty(), "{:?}", check.problems);
        group.bench_function(format!("planning sheet, {k} ranges"), |b| {
            b.iter(|| Session::from_source("bench", &sheet).evaluate())
        });
    }
    for k in [5, 10] {
        let session = Session::from_source("bench", &planning_sheet(k));
        let tornado = session.tornado("cost").expect("cost is a range");
        // Every range but `pue` (which feeds only the power) moves the cost.
        assert_eq!(tornado.bars.len(), k.min(9));
        group.bench_function(format!("tornado of the cost, {k} ranges"), |b| {
            b.iter(|| session.tornado("cost"))
        });
    }
    group.finish();
}

criterion_group!(benches, ranges);
criterion_main!(benches);
