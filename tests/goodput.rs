//! Goodput (SPEC §3.4) against values computed by hand from Meta's
//! published failure record for Llama 3 405B pretraining: 419 unexpected
//! interruptions in a 54-day snapshot on 16,384 H100 GPUs (Llama Team,
//! "The Llama 3 Herd of Models", arXiv:2407.21783, §3.3.4).

use llmc::Session;

mod common;

const GPUS: f64 = 16_384.0;
const DAY: f64 = 86_400.0;
const INTERRUPTIONS: f64 = 419.0;

/// Each GPU's mean time between failures implied by the record, seconds:
/// 16,384 × 54 days / 419 = 2,111.5 days ≈ 50,677 h.
fn meta_mtbf() -> f64 {
    GPUS * 54.0 * DAY / INTERRUPTIONS
}

const PRELUDE: &str = "
    mtbf    = 16384 GPU * 54 days / 419 / (1 GPU)
    cluster = 16384 x H100 @ 40%
";

fn value(expression: &str) -> f64 {
    let source = format!("{PRELUDE}\nresult = {expression}");
    let sheet = Session::from_source("goodput", &source).evaluate();
    assert!(sheet.problems.is_empty(), "{}", common::render(&sheet));
    sheet
        .cell("result")
        .and_then(|c| c.outcome.value())
        .and_then(|v| v.as_quantity())
        .expect("a quantity")
        .value
}

fn error_of(expression: &str) -> String {
    let source = format!("{PRELUDE}\nresult = {expression}");
    let sheet = Session::from_source("goodput", &source).evaluate();
    assert!(!sheet.problems.is_empty(), "{expression} evaluated");
    common::render(&sheet)
}

fn assert_close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() <= 1e-12 * expected.abs(),
        "{actual} is not {expected}"
    );
}

#[test]
fn the_record_gives_back_its_own_interruptions() {
    // gpus × time / M = 16,384 × 54 days / (16,384 × 54 days / 419) = 419.
    assert_close(value("failures(cluster, 54 days, mtbf = mtbf)"), 419.0);
    assert_close(value("failures(16384 GPU, 54 days, mtbf = mtbf)"), 419.0);
    // Half the GPUs for the same time: half the failures.
    assert_close(value("failures(8192, 54 days, mtbf = mtbf)"), 209.5);
    // The MTBF per GPU itself: 2,111.5 days, about 5.8 years.
    assert_close(value("mtbf"), meta_mtbf());
    assert!((meta_mtbf() / 3600.0 - 50_677.0).abs() < 1.0);
}

#[test]
fn youngs_interval_is_the_square_root_of_twice_checkpoint_times_job_mtbf() {
    // M_job = 54 days / 419 = 11,135.1 s (one failure every 3.09 h);
    // τ = sqrt(2 × 30 s × 11,135.1 s) = 817.4 s (13.6 min).
    let job_mtbf = 54.0 * DAY / INTERRUPTIONS;
    assert!((job_mtbf - 11_135.08).abs() < 0.01);
    let expected = (2.0 * 30.0 * job_mtbf).sqrt();
    assert!((expected - 817.38).abs() < 0.01);
    assert_close(
        value("checkpoint_interval(cluster, mtbf = mtbf, checkpoint = 30 s)"),
        expected,
    );
}

#[test]
fn goodput_subtracts_checkpoints_lost_work_and_restarts() {
    // With δ = 30 s, R = 10 min and Young's τ = 817.4 s:
    // 1 − 30/817.4 − (408.7 + 600)/11,135.1 = 1 − 0.0367 − 0.0906 = 0.8727.
    let job_mtbf = 54.0 * DAY / INTERRUPTIONS;
    let tau = (2.0 * 30.0 * job_mtbf).sqrt();
    let expected = 1.0 - 30.0 / tau - (tau / 2.0 + 600.0) / job_mtbf;
    assert!((expected - 0.8727).abs() < 1e-4);
    assert_close(
        value("goodput(cluster, mtbf = mtbf, checkpoint = 30 s, restart = 10 min)"),
        expected,
    );
    // A given interval replaces Young's: τ = 1 h.
    let hourly = 1.0 - 30.0 / 3600.0 - (1800.0 + 600.0) / job_mtbf;
    assert_close(
        value("goodput(cluster, mtbf = mtbf, checkpoint = 30 s, restart = 10 min, interval = 1 h)"),
        hourly,
    );
    // Young's interval is the best one: an hour is worse.
    assert!(hourly < expected);
}

#[test]
fn a_cluster_failing_faster_than_it_checkpoints_is_an_error() {
    let error = error_of("goodput(cluster, mtbf = 100 h, checkpoint = 5 min, restart = 10 min)");
    assert!(
        error.contains("the cluster fails faster than it can checkpoint"),
        "{error}"
    );
    assert!(error.contains("a failure every 22.0 s"), "{error}");
}

#[test]
fn arguments_are_checked() {
    assert!(
        error_of("failures(cluster, 54 days, mtbf = 0 h)").contains("`mtbf` must be above zero")
    );
    assert!(
        error_of("failures(cluster, 54 GPU, mtbf = mtbf)")
            .contains("expected a duration for `time`")
    );
    assert!(
        error_of("goodput(H100, mtbf = mtbf, checkpoint = 30 s, restart = 1 min)")
            .contains("expected a cluster or a number of GPUs")
    );
    assert!(
        error_of("goodput(cluster, mtbf = mtbf, checkpoint = 30 s, restart = -1 min)")
            .contains("a duration for `restart` cannot be negative")
    );
}
