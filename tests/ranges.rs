//! Ranges (SPEC §2.6): corners, one input per literal, asserts over the
//! whole range, display that parses back, members and JSON fields.

use llmc::{Session, Sheet, Style, format};

mod common;

fn sheet(source: &str) -> Sheet {
    Session::from_source("ranges", source).evaluate()
}

/// A cell's (low, high) in base units; the sheet must have no problem.
fn bounds(source: &str, cell: &str) -> (f64, f64) {
    let sheet = sheet(source);
    assert!(sheet.problems.is_empty(), "{}", common::render(&sheet));
    let cell = sheet.cell(cell).expect("the cell");
    match cell.range.as_ref().and_then(|r| r.quantities()) {
        Some((low, high)) => (low.value, high.value),
        None => {
            let q = cell.outcome.value().and_then(|v| v.as_quantity()).unwrap();
            (q.value, q.value)
        }
    }
}

/// Equal to within rounding: the corners are computed in the formula's
/// order of operations, the expectations in another.
fn assert_near(actual: (f64, f64), expected: (f64, f64)) {
    let near = |a: f64, b: f64| (a - b).abs() <= 1e-12 * b.abs().max(1e-300);
    assert!(
        near(actual.0, expected.0) && near(actual.1, expected.1),
        "{actual:?} is not {expected:?}"
    );
}

fn shown(source: &str, cell: &str) -> String {
    let sheet = sheet(source);
    format::show_cell(&sheet, cell, Style::default()).expect("a value")
}

#[test]
fn a_monotone_formula_is_exact_at_its_corners() {
    // time = C / (n · peak · mfu): least at the high ends of n and mfu.
    let source = "
        compute = 3.8e25 FLOP
        time = compute / (12000..16000 x H100 @ 35%..45%)
    ";
    let peak = 989.5e12;
    assert_near(
        bounds(source, "time"),
        (
            3.8e25 / (16000.0 * peak * 0.45),
            3.8e25 / (12000.0 * peak * 0.35),
        ),
    );
    // A difference: the low end is low minus high.
    assert_eq!(
        bounds("a = 1..2\nb = 10..20\nd = a - b", "d"),
        (1.0 - 20.0, 2.0 - 10.0)
    );
}

#[test]
fn a_range_used_twice_is_one_input() {
    assert_eq!(bounds("r = 35%..45%\nq = r / r", "q"), (1.0, 1.0));
    assert_eq!(shown("r = 35%..45%\nq = r / r", "q"), "1");
    // Interval arithmetic would give 0.35 - 0.45 .. 0.45 - 0.35; r - r is 0.
    assert_eq!(bounds("r = 35%..45%\nq = r - r", "q"), (0.0, 0.0));
    // Two literals are two inputs, even when written alike.
    assert_near(
        bounds("q = (35%..45%) / (35%..45%)", "q"),
        (0.35 / 0.45, 0.45 / 0.35),
    );
}

#[test]
fn a_bare_number_on_the_left_takes_the_right_sides_unit() {
    assert_eq!(bounds("m = 35..45%", "m"), bounds("m = 35%..45%", "m"));
    let per_gpu_hour = 1.0 / 3600.0;
    assert_near(
        bounds("p = 1.8..2.5 USD/GPU/h", "p"),
        (1.8 * per_gpu_hour, 2.5 * per_gpu_hour),
    );
    assert_eq!(bounds("n = -1..1", "n"), (-1.0, 1.0));
}

#[test]
fn members_read_the_low_high_and_midpoint_ends() {
    let source = "
        r = 2..4
        sq = r * r
        lo = sq.low
        hi = sq.high
        mid = sq.mid
        after = lo + 1
    ";
    assert_eq!(bounds(source, "lo"), (4.0, 4.0));
    assert_eq!(bounds(source, "hi"), (16.0, 16.0));
    // The cell at the midpoint (3 · 3), not the mean of its bounds (10).
    assert_eq!(bounds(source, "mid"), (9.0, 9.0));
    assert_eq!(bounds(source, "after"), (5.0, 5.0));
}

#[test]
fn the_display_puts_the_unit_once_on_the_right_and_parses_back() {
    let source = "compute = 3.8e25 FLOP\ntime = compute / (16000 x H100 @ 35%..45%) -> days";
    let text = shown(source, "time");
    assert_eq!(text, "61.7..79.4 days");
    // The printed range, read back, is the same range to the digits shown.
    let again = shown(&format!("t = {text}"), "t");
    assert_eq!(again, text);
    for (formula, expected) in [
        ("$1.8/GPU/h..$2.5/GPU/h", "$1.80/GPU/h..$2.50/GPU/h"),
        ("$46.8M..$60.1M", "$46.8M..$60.1M"),
        ("35%..45%", "35.0..45.0%"),
        ("400B..410B params", "400B..410B params"),
        ("20 h..3 days", "0.833..3.00 days"),
    ] {
        let text = shown(&format!("v = {formula}"), "v");
        assert_eq!(text, expected, "{formula}");
        assert_eq!(
            shown(&format!("v = {text}"), "v"),
            text,
            "{text} reads back"
        );
    }
    // Equal ends display as one value.
    assert_eq!(shown("v = 5 h..5 h", "v"), "5.00 h");
}

#[test]
fn an_assert_holds_only_if_it_holds_at_every_corner() {
    let base = "compute = 3.8e25 FLOP\ntime = compute / (16000 x H100 @ 35%..45%) -> days\n";
    let check = |assert: &str| {
        let sheet = sheet(&format!("{base}{assert}"));
        (sheet.asserts[0].outcome.passed, common::render(&sheet))
    };
    let (passed, problems) = check("assert time < 90 days");
    assert_eq!(passed, Some(true), "{problems}");
    let (passed, problems) = check("assert time < 70 days");
    assert_eq!(passed, Some(false));
    assert!(
        problems.contains("assertion fails for part of the range: time < 70 days"),
        "{problems}"
    );
    assert!(problems.contains("61.7..79.4 days"), "{problems}");
    let (passed, problems) = check("assert time < 60 days");
    assert_eq!(passed, Some(false));
    assert!(
        problems.contains("assertion failed: time < 60 days"),
        "{problems}"
    );
    let human = format::human::sheet(
        &sheet(&format!("{base}assert time < 70 days")),
        Style::default(),
    );
    assert!(
        human.contains("(61.7..79.4 days vs 70.0 days: fails for part of the range)"),
        "{human}"
    );
}

#[test]
fn json_range_cells_have_ends_and_a_midpoint_but_no_value() {
    let sheet = sheet("mfu = 35%..45%\nt = 2 h");
    let json = format::json::sheet(&sheet, Style::default());
    let mfu = &json["cells"][0];
    assert_eq!(mfu["low"], 35.0);
    assert_eq!(mfu["high"], 45.0);
    assert_eq!(mfu["mid"], 40.0);
    assert_eq!(mfu["unit"], "%");
    assert_near(
        (
            mfu["si_low"].as_f64().unwrap(),
            mfu["si_high"].as_f64().unwrap(),
        ),
        (0.35, 0.45),
    );
    assert_eq!(mfu["display"], "35.0..45.0%");
    assert!(mfu.get("value").is_none() && mfu.get("si_value").is_none());
    assert!(json["cells"][1].get("value").is_some());
}

#[test]
fn a_cell_failing_at_one_corner_fails_and_its_dependents_are_skipped() {
    let sheet = sheet("c = 16000 x H100 @ 90%..110%\nt = 3.8e25 FLOP / c");
    let rendered = common::render(&sheet);
    assert!(
        rendered.contains("utilisation cannot exceed 100%"),
        "{rendered}"
    );
    assert!(matches!(
        sheet.cell("t").unwrap().outcome,
        llmc::eval::Outcome::Upstream(_)
    ));
}

#[test]
fn a_point_given_with_set_replaces_a_range() {
    let mut session = Session::from_source("ranges", "mfu = 35%..45%\ndouble = mfu * 2");
    let set = |arg: &str| [llmc::whatif::parse_assignment(arg).unwrap()];
    session.set_cells(&set("mfu=40%")).unwrap();
    let sheet = session.evaluate();
    assert!(sheet.cell("double").unwrap().range.is_none());
    let mut session = Session::from_source("ranges", "mfu = 40%\ndouble = mfu * 2");
    session.set_cells(&set("mfu=30%..50%")).unwrap();
    assert_eq!(
        format::show_cell(&session.evaluate(), "double", Style::default()).unwrap(),
        "0.600..1"
    );
}

/// SPEC §2.6: `--sweep` values may be ranges or points, and a point
/// replaces a range. Each point is evaluated at the corners of the ranges
/// it still has: those the sweep leaves and those it sweeps in.
#[test]
fn sweeps_take_ranges_and_points_and_a_point_replaces_a_range() {
    use llmc::whatif::parse_axis;
    let session = Session::from_source("s", "mfu = 35%..45%\nprice = 2..3\ncost = mfu * price");
    let axis = |a: &str| parse_axis(a).unwrap();
    // (low, high) of `cost` at each point of a sweep.
    let costs = |axes: &[llmc::whatif::Axis]| -> Vec<(f64, f64)> {
        let sweep = session.sweep(axes, &[]).expect("a sweep");
        let cost = sweep
            .columns
            .iter()
            .find(|c| c.name == "cost")
            .unwrap()
            .node;
        let mut scratch = sweep.scratch();
        (0..sweep.len())
            .map(|index| {
                sweep.evaluate_point(index, &mut scratch);
                let point = scratch.point(index);
                match point.range(cost).and_then(|r| r.quantities()) {
                    Some((low, high)) => (low.value, high.value),
                    None => {
                        let q = point.outcomes[cost].value().unwrap().as_quantity().unwrap();
                        (q.value, q.value)
                    }
                }
            })
            .collect()
    };
    // Points replace the MFU range; the price range the sweep leaves stays.
    let rows = costs(&[axis("mfu=40%,50%")]);
    assert_near(rows[0], (0.4 * 2.0, 0.4 * 3.0));
    assert_near(rows[1], (0.5 * 2.0, 0.5 * 3.0));
    // A swept range is an input of its point; a point beside it is none.
    let rows = costs(&[axis("mfu=30%..40%,50%"), axis("price=2,1..4")]);
    assert_near(rows[0], (0.3 * 2.0, 0.4 * 2.0));
    assert_near(rows[1], (0.3 * 1.0, 0.4 * 4.0));
    assert_eq!(rows[2], (0.5 * 2.0, 0.5 * 2.0));
    assert_near(rows[3], (0.5 * 1.0, 0.5 * 4.0));
    // A swept range reading a cell defined after the swept one keeps both
    // ends (evaluated once with the sheet) rather than its midpoint.
    let late = Session::from_source("s", "mfu = 40%\ncost = mfu * 2\nfloor = 30%");
    let sweep = late.sweep(&[axis("mfu=floor..45%")], &[]).unwrap();
    let mut scratch = sweep.scratch();
    sweep.evaluate_point(0, &mut scratch);
    let cost = sweep.columns[0].node;
    let (low, high) = scratch.point(0).range(cost).unwrap().quantities().unwrap();
    assert_near((low.value, high.value), (0.3 * 2.0, 0.45 * 2.0));
    // A swept range used twice is still one input: mfu / mfu is 1.
    let session = Session::from_source("s", "mfu = 40%\nratio = mfu / mfu");
    let sweep = session.sweep(&[axis("mfu=30%..40%")], &[]).unwrap();
    let mut scratch = sweep.scratch();
    sweep.evaluate_point(0, &mut scratch);
    let ratio = sweep.columns[0].node;
    let (low, high) = scratch.point(0).range(ratio).unwrap().quantities().unwrap();
    assert_eq!((low.value, high.value), (1.0, 1.0));
}

#[test]
fn a_tornado_ranks_inputs_by_their_effect_alone() {
    // time = C / (n · peak · mfu): the count range (×1.5) moves it more
    // than the MFU range (×1.2); each swing holds the other input at its
    // midpoint.
    let source = "
        gpus = 8000..12000
        mfu = 40%..48%
        time = 3.8e25 FLOP / (gpus x H100 @ mfu)
    ";
    let tornado = Session::from_source("t", source).tornado("time").unwrap();
    let inputs: Vec<&str> = tornado.bars.iter().map(|b| b.input.as_str()).collect();
    assert_eq!(inputs, ["gpus (8000..12000)", "mfu (40%..48%)"]);
    let peak = 989.5e12;
    let gpus = &tornado.bars[0];
    assert_near(
        (gpus.low.value, gpus.high.value),
        (
            3.8e25 / (12000.0 * peak * 0.44),
            3.8e25 / (8000.0 * peak * 0.44),
        ),
    );
    let mfu = &tornado.bars[1];
    assert_near(
        (mfu.low.value, mfu.high.value),
        (
            3.8e25 / (10000.0 * peak * 0.48),
            3.8e25 / (10000.0 * peak * 0.40),
        ),
    );
    assert!(Session::from_source("t", "a = 1\n").tornado("a").is_err());
}

#[test]
fn run_tornado_prints_every_format_widest_first() {
    let example = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/llama3-405b-ranges.llmc"
    );
    let human = common::llmc(&["run", example, "--tornado", "realistic_time"]);
    assert_eq!(human.code, Some(0), "{}", human.stderr);
    assert!(
        human.stdout.starts_with("realistic_time  72.1..97.0 days"),
        "{}",
        human.stdout
    );
    let first = human.stdout.lines().nth(1).unwrap();
    assert!(
        first.contains("useful: restart (10 min..30 min)"),
        "{first}"
    );
    // Two ranges of one cell are told apart by the parameter each is passed to.
    let third = human.stdout.lines().nth(3).unwrap();
    assert!(third.contains("useful: checkpoint (30 s..60 s)"), "{third}");
    let json = common::llmc(&[
        "run",
        example,
        "--tornado",
        "realistic_time",
        "--format",
        "json",
    ]);
    let parsed: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(parsed["inputs"].as_array().unwrap().len(), 3);
    let csv = common::llmc(&[
        "run",
        example,
        "--tornado",
        "realistic_time",
        "--format",
        "csv",
    ]);
    assert!(
        csv.stdout
            .starts_with("input,low,high,unit,si_low,si_high\n")
    );
    let markdown = common::llmc(&[
        "run",
        example,
        "--tornado",
        "realistic_time",
        "--format",
        "markdown",
    ]);
    assert!(
        markdown
            .stdout
            .starts_with("| input | `realistic_time` when only it varies |")
    );
    let not_a_range = common::llmc(&["run", example, "--tornado", "mtbf"]);
    assert_eq!(not_a_range.code, Some(1));
    assert!(not_a_range.stderr.contains("`mtbf` is not a range"));
}

/// A result with parts (a breakdown) fed by a range shows each part's own
/// range, its least and greatest over the corners taken part by part: the
/// loss falls as compute grows, so its low end is at the high end of the
/// compute, where the parameter count is highest.
#[test]
fn each_part_of_a_breakdown_is_a_range_of_its_own() {
    let source = "c = 1e24..4e24 FLOP\no = chinchilla_optimal(c, fit = \"hoffmann\")";
    let sheet = sheet(source);
    assert!(sheet.problems.is_empty(), "{}", common::render(&sheet));
    let parts = sheet.cell("o").unwrap().range.as_ref().unwrap().parts();
    let parts = parts.expect("a breakdown's parts");
    let at = |compute: &str, part: &str| {
        sheet_value(&format!(
            "chinchilla_optimal({compute}, fit = \"hoffmann\").{part}"
        ))
    };
    let find = |name: &str| *parts.iter().find(|p| p.0 == name).expect(name);
    let (_, low, high, mid) = find("params");
    assert_near(
        (low.value, high.value),
        (at("1e24 FLOP", "params"), at("4e24 FLOP", "params")),
    );
    assert_near(
        (mid.value, mid.value),
        (at("2.5e24 FLOP", "params"), at("2.5e24 FLOP", "params")),
    );
    let (_, low, high, _) = find("loss");
    assert_near(
        (low.value, high.value),
        (at("4e24 FLOP", "loss"), at("1e24 FLOP", "loss")),
    );
    assert_eq!(
        shown(source, "o"),
        "params 41.3B..77.2B params, tokens 4.04T..8.63T tokens, \
         tokens_per_param 97.7..112 tokens/param, loss 1.87..1.91"
    );
    // JSON: each part as a range cell is, `low`, `high`, `mid`, no `value`.
    let json = format::json::sheet(&sheet, Style::default());
    let params = &json["cells"][1]["parts"]["params"];
    assert_eq!(params["unit"], "params");
    assert_eq!(params["display"], "41.3B..77.2B params");
    assert_near(
        (
            params["low"].as_f64().unwrap(),
            params["high"].as_f64().unwrap(),
        ),
        (at("1e24 FLOP", "params"), at("4e24 FLOP", "params")),
    );
    assert!(params["mid"].is_f64() && params.get("value").is_none());
    assert_eq!(json["cells"][1]["display"], shown(source, "o"));
    // A point breakdown keeps its plain parts.
    let point = format::json::sheet(
        &self::sheet("o = chinchilla_optimal(1e24 FLOP)"),
        Style::default(),
    );
    assert!(point["cells"][0]["parts"]["params"]["value"].is_f64());
}

/// The value of a one-expression sheet, in base units.
fn sheet_value(expression: &str) -> f64 {
    bounds(&format!("v = {expression}"), "v").0
}

/// A range cluster's count and MFU are ranges in JSON too, and in its note.
#[test]
fn a_range_clusters_count_and_mfu_are_ranges() {
    let source = "cl = 12000..16000 x H100 @ 35%..45%";
    let sheet = sheet(source);
    let json = format::json::sheet(&sheet, Style::default());
    let cluster = &json["cells"][0]["cluster"];
    assert_eq!(cluster["gpus"]["low"], 12000.0);
    assert_eq!(cluster["gpus"]["high"], 16000.0);
    assert_eq!(cluster["gpus"]["mid"], 14000.0);
    assert_near(
        (
            cluster["mfu"]["low"].as_f64().unwrap(),
            cluster["mfu"]["high"].as_f64().unwrap(),
        ),
        (0.35, 0.45),
    );
    let note = format::cell_note(sheet.cell("cl").unwrap(), 3).unwrap();
    assert!(
        note.starts_with("12,000..16,000 × H100 at 35.0..45.0%"),
        "{note}"
    );
}

/// The attention note of a range cell gives the share's range: with the
/// sequence 4,096..8,192 tokens, 6·L·seq·heads·d_head / 6N =
/// 126·seq·128·128 / 405e9 is 2.09% to 4.17%.
#[test]
fn an_attention_note_of_a_range_shows_the_shares_range() {
    let sheet = sheet(
        "model m { params = 405B params; layers = 126; heads = 128; d_head = 128; seq = 4096..8192 tokens }\n\
         c = train_flops(m, 15.6T tokens)\n\
         d = train_flops(llama3_405b, 14T..16T tokens)\n",
    );
    let note = |name: &str| sheet.cell(name).unwrap().note.clone();
    assert_eq!(
        note("c").as_deref(),
        Some("incl. causal attention, +2.1..4.2%")
    );
    // The share does not depend on the token count: one figure.
    assert_eq!(note("d").as_deref(), Some("incl. causal attention, +4.2%"));
}

/// A record whose field is a range shows that field's range, in the sheet
/// and in JSON (`low`, `high`, `mid` per number), not its midpoint.
#[test]
fn a_model_with_a_range_field_shows_the_fields_range() {
    let sheet = sheet(
        "model m { params = 405B params; layers = 126; heads = 128; d_head = 128; \
         seq = 4096..8192 tokens }",
    );
    assert!(sheet.problems.is_empty(), "{}", common::render(&sheet));
    assert_eq!(
        format::show_cell(&sheet, "m", Style::default()).unwrap(),
        "405B params, 126 layers, 128 heads × 128, seq 4,096..8,192 tokens"
    );
    let json = format::json::sheet(&sheet, Style::default());
    let seq = &json["cells"][0]["fields"]["seq"];
    assert_eq!(
        (&seq["low"], &seq["high"], &seq["mid"]),
        (&4096.0.into(), &8192.0.into(), &6144.0.into())
    );
    assert_eq!(json["cells"][0]["fields"]["mlp"], "gated");
}
