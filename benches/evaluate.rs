//! In-process benchmarks of the pipeline (`cargo bench`).

use criterion::{Criterion, criterion_group, criterion_main};
use llmc::Session;

const LLAMA: &str = include_str!("../examples/llama3-405b.llmc");

fn llama(c: &mut Criterion) {
    c.bench_function("llama3-405b example", |b| {
        b.iter(|| Session::from_source("llama", LLAMA).evaluate())
    });
}

criterion_group!(benches, llama);
criterion_main!(benches);
