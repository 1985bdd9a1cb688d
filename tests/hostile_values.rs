//! Wrong values never exit 0 (issue 10): NaN, infinities and silent
//! underflow are errors in every output format, and quantities that cannot be
//! negative are refused where they enter a formula or a cluster.

mod common;

use common::{Scratch, llmc};

/// Scripts that once printed `N.aNe0`, `null` or `NaN` with exit 0.
const NAN_MAKERS: [&str; 4] = [
    "chinchilla_optimal(0 FLOP)",
    "chinchilla_optimal(-1e20 FLOP)",
    "chinchilla_optimal(5e-324 FLOP)",
    "chinchilla_optimal(5e-324 FLOP, fit = \"hoffmann\")",
];

#[test]
fn a_formula_without_a_value_is_an_error_in_every_format() {
    for expr in NAN_MAKERS {
        let scratch = Scratch::new("nan-formats");
        scratch.write("nan.llmc", &format!("split = {expr}\n"));
        for format in ["human", "json", "csv", "markdown"] {
            let run = scratch.llmc(&["run", "--format", format, "nan.llmc"]);
            assert_eq!(run.code, Some(1), "{expr} as {format}: {}", run.stdout);
            for bad in ["NaN", "N.aN", "inf", "null"] {
                assert!(
                    !run.stdout.contains(bad),
                    "{expr} as {format} shows {bad}: {}",
                    run.stdout
                );
            }
        }
        let json = scratch.llmc(&["run", "--format", "json", "nan.llmc"]);
        let parsed: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
        assert!(
            parsed["cells"][0]["error"]["message"].is_string(),
            "{expr}: the cell carries its error: {}",
            json.stdout
        );
        let annotate = scratch.llmc(&["run", "--annotate", "nan.llmc"]);
        assert_eq!(annotate.code, Some(1));
        assert_eq!(scratch.read("nan.llmc"), format!("split = {expr}\n"));
    }
}

#[test]
fn a_negative_cluster_cannot_pass_an_assert() {
    let run = llmc(&[
        "eval",
        "time = 1e25 FLOP / (-8 x H100 @ 38%) -> days; assert time < 90 days",
    ]);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert!(
        run.stderr.contains("llmc::negative_cluster"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("write `8 x H100`"), "{}", run.stderr);
}

#[test]
fn negative_inputs_to_the_training_formulas_are_refused_at_the_argument() {
    let cases = [
        (
            "train_flops(-405B params, 15.6T tokens)",
            "a parameter count",
            "-405B params",
        ),
        (
            "train_flops(405B params, -15.6T tokens)",
            "a token count",
            "-15.6T tokens",
        ),
        ("energy(8 x H100, -1 h)", "a duration", "-1 h"),
        (
            "energy(-1 GPU*h, power_per_gpu = 700 W/GPU)",
            "GPU time",
            "-1 GPU*h",
        ),
        (
            "energy(8 x H100, 1 h, power_per_gpu = -700 W/GPU)",
            "a power per GPU",
            "-700 W",
        ),
        ("emissions(-1 MWh, 380 gCO2e/kWh)", "an energy", "-1 MWh"),
        (
            "chinchilla_tokens(-70B params)",
            "a parameter count",
            "-70B params",
        ),
    ];
    for (expr, what, operand) in cases {
        let run = llmc(&["eval", expr]);
        assert_eq!(run.code, Some(1), "{expr}: {}", run.stdout);
        assert!(
            run.stderr.contains(&format!("{what} cannot be negative")),
            "{expr}: {}",
            run.stderr
        );
        // The label sits under the negative argument, not the whole call.
        let line = run
            .stderr
            .lines()
            .find(|l| l.contains('·') && l.contains('─'))
            .expect("a label line");
        let column = expr.find(operand).expect("operand in expression");
        let char_at = |c: char| {
            line.chars()
                .position(|x| x == c)
                .expect("gutter and underline")
        };
        let label_start = char_at('─') - char_at('·') - 2;
        assert_eq!(label_start, column, "{expr}: {}", run.stderr);
    }
}

#[test]
fn a_model_with_a_negative_size_is_refused_by_its_record() {
    let run = llmc(&[
        "eval",
        "model m { params = -7B params }; f = train_flops(m, 1T tokens)",
    ]);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert!(
        run.stderr.contains("`params` must be above zero"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("f  not computed: `m` failed"),
        "{}",
        run.stdout
    );
}

#[test]
fn underflow_to_zero_is_an_error_and_zero_itself_is_fine() {
    let run = llmc(&["eval", "1e-300 * 1e-300"]);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert!(run.stderr.contains("llmc::underflow"), "{}", run.stderr);
    let run = llmc(&["eval", "0 * 1e-300"]);
    assert_eq!((run.code, run.stdout.as_str()), (Some(0), "0\n"));
}

#[test]
fn zero_time_is_shown_in_seconds() {
    let run = llmc(&["eval", "0 h"]);
    assert_eq!((run.code, run.stdout.as_str()), (Some(0), "0 s\n"));
}
