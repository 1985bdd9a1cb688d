//! `--plot FILE.svg` (SPEC §4): the charts are parsed as XML and their
//! structure checked (a line per series, axis titles with units, legend
//! entries, log axes past two decades, failed points drawn, a bar per
//! input, widest on top); every misuse is an error with its own code,
//! snapshotted as the user reads it.

mod common;

use common::Scratch;
use roxmltree::{Document, Node};

/// The colours the charts draw with (src/plot/canvas.rs).
const FAILED_ASSERT: &str = "#D50000";
const NO_VALUE: &str = "#5A5A5A";
const BELOW_MID: &str = "#0072B2";
const ABOVE_MID: &str = "#E69F00";

fn example(name: &str) -> String {
    format!("{}/examples/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Runs llmc in `scratch` and returns the chart it wrote to `chart.svg`.
fn chart(scratch: &Scratch, args: &[&str]) -> String {
    let mut args = args.to_vec();
    args.extend(["--plot", "chart.svg"]);
    let run = scratch.llmc(&args);
    assert!(
        run.stderr.contains("in chart.svg"),
        "{:?} drew no chart: {}",
        args,
        run.stderr
    );
    scratch.read("chart.svg")
}

fn texts<'a>(doc: &'a Document<'a>) -> Vec<&'a str> {
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .map(str::trim)
        .collect()
}

fn stroked<'a, 'i>(doc: &'a Document<'i>, tag: &str, colour: &str) -> Vec<Node<'a, 'i>> {
    doc.descendants()
        .filter(|n| n.has_tag_name(tag) && n.attribute("stroke") == Some(colour))
        .collect()
}

/// Polylines that are series lines: drawn two pixels wide (axes are one).
fn series_colours(doc: &Document) -> Vec<String> {
    let mut colours: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("polyline") && n.attribute("stroke-width") == Some("2"))
        .filter_map(|n| n.attribute("stroke").map(str::to_string))
        .collect();
    colours.dedup();
    colours
}

fn desc(doc: &Document) -> String {
    doc.descendants()
        .find(|n| n.has_tag_name("desc"))
        .and_then(|n| n.text())
        .expect("a <desc>")
        .to_string()
}

/// Nothing that a viewer would fetch: no scripts, links, images, font
/// files; text in the generic sans-serif family.
fn assert_self_contained(svg: &str, doc: &Document) {
    for banned in ["<script", "href", "@font-face", "url(", "<image", "<style"] {
        assert!(!svg.contains(banned), "the chart has `{banned}`");
    }
    for node in doc.descendants().filter(|n| n.has_tag_name("text")) {
        assert_eq!(node.attribute("font-family"), Some("sans-serif"));
    }
}

#[test]
fn a_two_axis_sweep_draws_a_line_per_value_with_titled_axes_and_a_legend() {
    let scratch = Scratch::new("plot-lines");
    let svg = chart(
        &scratch,
        &[
            "run",
            &example("llama3-405b.llmc"),
            "--sweep",
            "price=$1.5/GPU/h,$2/GPU/h,$2.5/GPU/h,$3/GPU/h",
            "--sweep",
            "tokens=10T tokens,15.6T tokens,20T tokens",
            "--show",
            "cost",
        ],
    );
    let doc = Document::parse(&svg).expect("well-formed SVG");
    assert_self_contained(&svg, &doc);
    assert_eq!(
        series_colours(&doc).len(),
        3,
        "one line per value of tokens"
    );
    let texts = texts(&doc);
    for expected in [
        "cost (USD)",
        "price (USD/GPU/h)",
        "tokens = 10T tokens",
        "tokens = 15.6T tokens",
        "tokens = 20T tokens",
        // The swept values label the bottom axis as written.
        "$1.5/GPU/h",
        "$3/GPU/h",
    ] {
        assert!(texts.contains(&expected), "no `{expected}` in {texts:?}");
    }
    // Ticks are the sheet's own display: $40.0M, never 40000000.
    assert!(
        texts.iter().any(|t| t.starts_with('$') && t.ends_with('M')),
        "{texts:?}"
    );
    assert!(desc(&doc).contains("(linear axis) against price (USD/GPU/h) (linear axis)"));
    // Every point is a dot on its line: 4 prices on each of 3 lines.
    let dots = doc
        .descendants()
        .filter(|n| n.has_tag_name("circle") && n.attribute("r") == Some("3"))
        .count();
    assert_eq!(dots, 12);
}

#[test]
fn values_spanning_more_than_two_decades_get_logarithmic_axes() {
    let scratch = Scratch::new("plot-log");
    let svg = chart(
        &scratch,
        &[
            "run",
            &example("llama3-405b.llmc"),
            "--sweep",
            "params=1B params,10B params,100B params,405B params",
            "--show",
            "time",
        ],
    );
    let doc = Document::parse(&svg).expect("well-formed SVG");
    assert!(
        desc(&doc).contains("time (days) (logarithmic axis) against params (logarithmic axis)"),
        "{}",
        desc(&doc)
    );
    // Ticks a power of ten apart, in the display style.
    let texts = texts(&doc);
    for tick in ["1.00 days", "10.0 days"] {
        assert!(texts.contains(&tick), "no tick `{tick}` in {texts:?}");
    }
    // Less than two decades stay linear.
    let svg = chart(
        &scratch,
        &[
            "run",
            &example("llama3-405b.llmc"),
            "--sweep",
            "params=5B params,400B params",
            "--show",
            "time",
        ],
    );
    let doc = Document::parse(&svg).expect("well-formed SVG");
    assert!(
        desc(&doc).contains("time (days) (linear axis)"),
        "{}",
        desc(&doc)
    );
}

#[test]
fn failed_points_and_failed_asserts_are_drawn_and_in_the_legend() {
    let scratch = Scratch::new("plot-failures");
    scratch.write(
        "plan.llmc",
        "gpus = 4 GPU\nhours = 100 GPU*h / (gpus - 2 GPU) -> h\nassert hours < 60 h\n",
    );
    let svg = chart(
        &scratch,
        &[
            "run",
            "plan.llmc",
            "--sweep",
            "gpus=1 GPU,2 GPU,3 GPU,4 GPU,5 GPU",
        ],
    );
    let doc = Document::parse(&svg).expect("well-formed SVG");
    let texts = texts(&doc);
    assert!(texts.contains(&"an assert fails"), "{texts:?}");
    assert!(texts.contains(&"no value of hours"), "{texts:?}");
    // 2 GPU divides by zero: a cross (two strokes) on the bottom axis, and
    // one more in the legend.
    let crosses = stroked(&doc, "polyline", NO_VALUE).len() + stroked(&doc, "line", NO_VALUE).len();
    assert_eq!(crosses, 4, "{svg}");
    // 1 GPU (-100 h: hours < 60 h holds) … 3 GPU is 100 h: fails; 4 GPU is
    // 50 h, 5 GPU 33.3 h. One ring on the chart, one in the legend.
    assert_eq!(stroked(&doc, "circle", FAILED_ASSERT).len(), 2, "{svg}");
    // The line is broken where there is no value: two pieces.
    let pieces = doc
        .descendants()
        .filter(|n| n.has_tag_name("polyline") && n.attribute("stroke-width") == Some("2"))
        .filter(|n| n.attribute("stroke") != Some(NO_VALUE))
        .count();
    assert_eq!(pieces, 2);
}

#[test]
fn a_tornado_draws_a_bar_per_input_widest_on_top_and_marks_the_midpoint() {
    let scratch = Scratch::new("plot-tornado");
    let svg = chart(
        &scratch,
        &[
            "run",
            &example("llama3-405b-ranges.llmc"),
            "--tornado",
            "realistic_cost",
        ],
    );
    let doc = Document::parse(&svg).expect("well-formed SVG");
    assert_self_contained(&svg, &doc);
    // Each bar is its part below the midpoint and its part above; a bar's
    // row is its top edge. The legend's two swatches are 12 px tall.
    let mut rows: Vec<(f64, f64, f64)> = Vec::new();
    for rect in doc.descendants().filter(|n| {
        n.has_tag_name("rect") && [Some(BELOW_MID), Some(ABOVE_MID)].contains(&n.attribute("fill"))
    }) {
        let number = |a: &str| {
            rect.attribute(a)
                .and_then(|v| v.parse::<f64>().ok())
                .unwrap()
        };
        let (x, y, width, height) = (number("x"), number("y"), number("width"), number("height"));
        if height <= 12.0 {
            continue;
        }
        match rows.iter_mut().find(|r| r.0 == y) {
            Some(row) => {
                row.1 = row.1.min(x);
                row.2 = row.2.max(x + width);
            }
            None => rows.push((y, x, x + width)),
        }
    }
    rows.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert_eq!(rows.len(), 4, "one bar per input range: {rows:?}");
    let widths: Vec<f64> = rows.iter().map(|r| r.2 - r.1).collect();
    assert!(
        widths.windows(2).all(|w| w[0] >= w[1]),
        "widest on top: {widths:?}"
    );
    let texts = texts(&doc);
    for expected in [
        "price ($1.8/GPU/h..$2.5/GPU/h)",
        "cluster (38%..43%)",
        "realistic_cost (USD)",
        "all at midpoints: $70.4M",
    ] {
        assert!(texts.contains(&expected), "no `{expected}` in {texts:?}");
    }
    // The midpoint: a vertical line from the bottom of the plot to its top.
    let midpoint = doc.descendants().find(|n| {
        n.has_tag_name("polyline")
            && n.attribute("stroke") == Some("#000000")
            && n.attribute("stroke-width") == Some("2")
    });
    let points = midpoint
        .and_then(|n| n.attribute("points"))
        .expect("a midpoint line");
    let xs: Vec<&str> = points
        .split_whitespace()
        .map(|p| p.split(',').next().unwrap())
        .collect();
    assert_eq!(xs.len(), 2);
    assert_eq!(xs[0], xs[1], "vertical: {points}");
}

/// Each misuse of `--plot`, with its exit code: 2 for usage, 1 for what
/// is wrong with the sheet or the file.
#[test]
fn every_misuse_of_plot_is_a_clear_error() {
    let scratch = Scratch::new("plot-errors");
    std::fs::copy(example("llama3-405b.llmc"), scratch.path("llama.llmc")).unwrap();
    scratch.write("text.llmc", "a = 1\nlabel = \"a word\"\nb = a * 2\n");
    scratch.write("zero.llmc", "a = 2\nb = 10 / (a - 1)\n");
    let price = "price=$2/GPU/h,$3/GPU/h";
    let eight =
        "tokens=1T tokens,2T tokens,3T tokens,4T tokens,5T tokens,6T tokens,7T tokens,8T tokens";
    let cases: [(&str, i32, &[&str]); 9] = [
        (
            "not_svg",
            2,
            &["run", "llama.llmc", "--sweep", price, "--plot", "cost.png"],
        ),
        (
            "nothing_to_plot",
            2,
            &["run", "llama.llmc", "--plot", "cost.svg"],
        ),
        (
            "several_scripts",
            2,
            &[
                "run",
                "llama.llmc",
                "text.llmc",
                "--sweep",
                "a=1,2",
                "--plot",
                "cost.svg",
            ],
        ),
        (
            "cannot_write",
            1,
            &[
                "run",
                "llama.llmc",
                "--sweep",
                price,
                "--plot",
                "charts/cost.svg",
            ],
        ),
        (
            "too_many_axes",
            1,
            &[
                "run",
                "llama.llmc",
                "--sweep",
                price,
                "--sweep",
                "tokens=1T tokens,2T tokens",
                "--sweep",
                "params=1B params,2B params",
                "--plot",
                "cost.svg",
            ],
        ),
        (
            "too_many_lines",
            1,
            &[
                "run",
                "llama.llmc",
                "--sweep",
                price,
                "--sweep",
                eight,
                "--plot",
                "cost.svg",
            ],
        ),
        (
            "not_a_number",
            1,
            &[
                "run",
                "text.llmc",
                "--sweep",
                "a=1,2",
                "--show",
                "label",
                "--plot",
                "cost.svg",
            ],
        ),
        (
            "no_values",
            1,
            &["run", "zero.llmc", "--sweep", "a=1", "--plot", "cost.svg"],
        ),
        (
            "nothing_depends",
            1,
            &[
                "run",
                "text.llmc",
                "--sweep",
                "label=\"x\",\"y\"",
                "--plot",
                "cost.svg",
            ],
        ),
    ];
    for (name, code, args) in cases {
        let run = scratch.llmc(args);
        assert_eq!(run.code, Some(code), "{name}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!("llmc::plot::{name}")),
            "{name}: {}",
            run.stderr
        );
        insta::assert_snapshot!(format!("plot_{name}"), run.stderr);
        assert!(!scratch.path("cost.svg").exists(), "{name} wrote a chart");
    }
}

/// A chart that cannot be drawn leaves the file that was there untouched,
/// and a drawn one replaces it whole, leaving no temporary file.
#[test]
fn charts_are_written_whole_or_not_at_all() {
    let scratch = Scratch::new("plot-atomic");
    scratch.write("zero.llmc", "a = 2\nb = 10 / (a - 1)\nc = a * 2\n");
    scratch.write("cost.svg", "the user's old chart");
    let failed = scratch.llmc(&[
        "run",
        "zero.llmc",
        "--sweep",
        "a=1",
        "--show",
        "b",
        "--plot",
        "cost.svg",
    ]);
    assert_eq!(failed.code, Some(1));
    assert!(
        failed.stderr.contains("llmc::plot::no_values"),
        "{}",
        failed.stderr
    );
    assert_eq!(scratch.read("cost.svg"), "the user's old chart");
    let drawn = scratch.llmc(&[
        "run",
        "zero.llmc",
        "--sweep",
        "a=1,3",
        "--show",
        "c",
        "--plot",
        "cost.svg",
    ]);
    assert_eq!(drawn.code, Some(1), "b fails at a=1: {}", drawn.stderr);
    assert!(scratch.read("cost.svg").starts_with("<svg"));
    assert_eq!(scratch.files(), vec!["cost.svg", "zero.llmc"]);
    // The table still goes to stdout, the note to stderr.
    assert!(drawn.stdout.starts_with("a  c"), "{}", drawn.stdout);
    assert_eq!(drawn.stderr.lines().last(), Some("drew c by a in cost.svg"));
}

/// The charts the README shows are the ones these commands draw today;
/// a stale one fails with the command that redraws it.
#[test]
fn the_readme_charts_are_current() {
    let scratch = Scratch::new("plot-readme");
    let charts: [(&str, &[&str]); 2] = [
        (
            "time.svg",
            &[
                "run",
                "examples/llama3-405b.llmc",
                "--sweep",
                "params=8B params,70B params,405B params,1T params",
                "--sweep",
                "cluster=8000 x H100 @ 38%,16000 x H100 @ 38%,24000 x H100 @ 38%",
                "--show",
                "time",
            ],
        ),
        (
            "tornado.svg",
            &[
                "run",
                "examples/llama3-405b-ranges.llmc",
                "--tornado",
                "realistic_time",
            ],
        ),
    ];
    let readme = std::fs::read_to_string(format!("{}/README.md", env!("CARGO_MANIFEST_DIR")))
        .expect("the README");
    for (name, args) in charts {
        let target = scratch.path(name);
        let mut args = args.to_vec();
        let target_text = target.to_string_lossy().into_owned();
        args.extend(["--plot", &target_text]);
        common::llmc(&args);
        let committed =
            std::fs::read_to_string(example(&format!("plots/{name}"))).expect("a committed chart");
        assert!(
            committed == scratch.read(name),
            "examples/plots/{name} is stale: redraw it with `llmc {} --plot examples/plots/{name}`",
            args[..args.len() - 2].join(" ")
        );
        assert!(
            readme.contains(&format!("(examples/plots/{name})")),
            "the README does not show examples/plots/{name}"
        );
    }
}

const PLAN: &str = "# Plan\n\n```llmc plot=charts/time.svg sweep=\"gpus=1000 GPU,2000 GPU,4000 GPU\" show=time\nwork = 1M GPU*h\ngpus = 2000 GPU\ntime = work / gpus -> h\n```\n\n![time](charts/time.svg)\n";

/// `llmc doc` draws the charts a document's blocks ask for, beside the
/// document; `--check` fails when one is stale or missing, writing nothing.
#[test]
fn doc_keeps_a_documents_charts_up_to_date() {
    let scratch = Scratch::new("plot-doc");
    std::fs::create_dir(scratch.path("charts")).unwrap();
    scratch.write("plan.md", PLAN);
    let missing = scratch.llmc(&["doc", "--check", "plan.md"]);
    assert_eq!(missing.code, Some(1), "{}", missing.stderr);
    assert!(
        missing
            .stdout
            .contains("plan.md: the chart charts/time.svg is missing; `llmc doc plan.md` draws it"),
        "{}",
        missing.stdout
    );
    assert!(!scratch.path("charts/time.svg").exists());

    let drawn = scratch.llmc(&["doc", "plan.md"]);
    assert_eq!(drawn.code, Some(0), "{}", drawn.stderr);
    assert!(
        drawn
            .stdout
            .ends_with("drew charts/time.svg (time by gpus)\n"),
        "{}",
        drawn.stdout
    );
    let svg = scratch.read("charts/time.svg");
    let doc = Document::parse(&svg).expect("well-formed SVG");
    assert_eq!(series_colours(&doc).len(), 1);
    assert!(texts(&doc).contains(&"1000 GPU"));
    assert!(texts(&doc).contains(&"time (h)"));

    let again = scratch.llmc(&["doc", "plan.md"]);
    assert!(
        again.stdout.contains("charts/time.svg: already up to date"),
        "{}",
        again.stdout
    );
    let check = scratch.llmc(&["doc", "--check", "plan.md"]);
    assert_eq!(check.code, Some(0), "{}{}", check.stdout, check.stderr);

    // The plan changes: the chart is stale, and --check leaves it so.
    let annotated = scratch.read("plan.md");
    scratch.write("plan.md", &annotated.replace("1M GPU*h", "2M GPU*h"));
    let stale = scratch.llmc(&["doc", "--check", "plan.md"]);
    assert_eq!(stale.code, Some(1));
    assert!(
        stale.stdout.contains("the chart charts/time.svg is stale"),
        "{}",
        stale.stdout
    );
    assert_eq!(scratch.read("charts/time.svg"), svg);
    scratch.llmc(&["doc", "plan.md"]);
    assert_ne!(scratch.read("charts/time.svg"), svg);
    assert_eq!(scratch.files(), vec!["charts", "plan.md"]);
}

#[test]
fn a_document_can_keep_a_tornado() {
    let scratch = Scratch::new("plot-doc-tornado");
    scratch.write(
        "plan.md",
        "```llmc plot=tornado.svg tornado=time\nwork = 1M GPU*h..2M GPU*h\ngpus = 1000 GPU..2000 GPU\ntime = work / gpus -> h\n```\n",
    );
    let run = scratch.llmc(&["doc", "plan.md"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout
            .contains("drew tornado.svg (the tornado of time)"),
        "{}",
        run.stdout
    );
    let svg = scratch.read("tornado.svg");
    let doc = Document::parse(&svg).expect("well-formed SVG");
    let texts = texts(&doc);
    assert!(texts.contains(&"work (1M GPU*h..2M GPU*h)"), "{texts:?}");
    assert!(texts.contains(&"gpus (1000 GPU..2000 GPU)"), "{texts:?}");
}

/// A document's chart that cannot be drawn is an error against the
/// document with its code, pointing at the block's options and saying how
/// to fix it with them, never with the command line's flags (a tornado of
/// a cell that has none; a sweep chart of too many axes, of nothing, of
/// text); no chart is written.
#[test]
fn a_documents_chart_errors_point_at_its_options_in_its_words() {
    let scratch = Scratch::new("plot-doc-chart-words");
    let ranges = "work = 1M GPU*h..2M GPU*h\nfixed = 3 h\ntime = work / 1000 GPU -> h\n```\n";
    let plain = "a = 1\nb = 2\nc = 3\nlabel = \"x\"\nd = a + b + c\n```\n";
    let cases = [
        (
            "no_tornado_no_such_cell",
            "no_tornado",
            "plot=t.svg tornado=tme",
            ranges,
        ),
        (
            "no_tornado_not_a_range",
            "no_tornado",
            "plot=t.svg tornado=fixed",
            ranges,
        ),
        (
            "sweep_too_many_axes",
            "too_many_axes",
            "plot=d.svg sweep=\"a=1,2\" sweep=\"b=1,2\" sweep=\"c=1,2\"",
            plain,
        ),
        (
            "sweep_nothing_depends",
            "nothing_depends",
            "plot=d.svg sweep=\"label=\\\"y\\\",\\\"z\\\"\"",
            plain,
        ),
        (
            "sweep_not_a_number",
            "not_a_number",
            "plot=d.svg sweep=\"a=1,2\" show=label",
            plain,
        ),
    ];
    for (name, code, options, body) in cases {
        let stderr = doc_fails_with(&scratch, &format!("```llmc {options}\n{body}"), code);
        assert!(!stderr.contains("--"), "{name}: {stderr}");
        insta::assert_snapshot!(format!("doc_{name}"), stderr);
    }
}

/// `llmc doc plan.md` on `text` exits 1 with the chart error `code` and
/// draws nothing; its standard error.
fn doc_fails_with(scratch: &Scratch, text: &str, code: &str) -> String {
    scratch.write("plan.md", text);
    let run = scratch.llmc(&["doc", "plan.md"]);
    assert_eq!(run.code, Some(1), "{code}: {}", run.stderr);
    assert!(
        run.stderr.contains(&format!("llmc::plot::{code}")),
        "{code}: {}",
        run.stderr
    );
    assert_eq!(scratch.files(), vec!["plan.md"], "{code}");
    run.stderr
}

/// Each mistake in a block's chart options is an error against the
/// document, with its code; nothing is drawn and nothing written.
#[test]
fn every_mistake_in_a_blocks_chart_options_is_a_clear_error() {
    let scratch = Scratch::new("plot-doc-errors");
    let body = "a = 1\nb = a * 2\n```\n";
    let cases = [
        ("unknown_option", "plot=b.svg sweeps=\"a=1,2\""),
        ("option_without_value", "plot=b.svg sweep"),
        ("unclosed_quote", "plot=b.svg sweep=\"a=1,2"),
        ("option_without_plot", "sweep=\"a=1,2\""),
        ("sweep_and_tornado", "plot=b.svg sweep=\"a=1,2\" tornado=b"),
        ("block_without_chart", "plot=b.svg show=b"),
        ("bad_sweep", "plot=b.svg sweep=\"a=1,,2\""),
    ];
    for (name, options) in cases {
        let stderr = doc_fails_with(&scratch, &format!("```llmc {options}\n{body}"), name);
        insta::assert_snapshot!(format!("doc_plot_{name}"), stderr);
        assert_eq!(
            scratch.read("plan.md"),
            format!("```llmc {options}\n{body}")
        );
    }
    scratch.write(
        "plan.md",
        "```llmc plot=b.svg sweep=a=1,2\na = 1\n```\n```llmc plot=b.svg tornado=c\nb = a * 2\n```\n",
    );
    let run = scratch.llmc(&["doc", "plan.md"]);
    assert_eq!(run.code, Some(1));
    insta::assert_snapshot!("doc_plot_drawn_twice", run.stderr);
}

/// A document with errors is left as it was, and so are its charts: none
/// is drawn from a sheet that did not evaluate.
#[test]
fn a_document_with_errors_draws_no_chart() {
    let scratch = Scratch::new("plot-doc-broken");
    std::fs::create_dir(scratch.path("charts")).unwrap();
    let broken = PLAN.replace("time = work / gpus -> h", "time = work / gpus -> kg");
    scratch.write("plan.md", &broken);
    let run = scratch.llmc(&["doc", "plan.md"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("plan.md is unchanged"),
        "{}",
        run.stderr
    );
    assert!(!scratch.path("charts/time.svg").exists());
    let check = scratch.llmc(&["doc", "--check", "plan.md"]);
    assert_eq!(check.code, Some(1));
    assert!(!check.stdout.contains("the chart"), "{}", check.stdout);
}
