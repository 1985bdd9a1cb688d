//! Workflows that rewrite files: `llmc run --annotate` and `llmc doc`
//! (SPEC §4 and §7). Each CLI test runs the real binary in a scratch
//! directory of its own; the property tests drive the library directly.

use std::path::Path;

use llmc::markdown;

mod common;

use common::{Run, Scratch, llmc_in};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::Config;

// ------------------------------------------------------------------ helpers

fn fixture_text(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Copies a fixture into the scratch directory; its text.
fn copy_fixture(scratch: &Scratch, fixture: &str) -> String {
    let text = fixture_text(fixture);
    scratch.write(fixture, &text);
    text
}

/// Annotates one script in a fresh directory: its new text and the run.
fn annotate(tag: &str, text: &str) -> (String, Run) {
    let scratch = Scratch::new(tag);
    scratch.write("plan.llmc", text);
    let run = scratch.llmc(&["run", "--annotate", "plan.llmc"]);
    (scratch.read("plan.llmc"), run)
}

// ------------------------------------------------------------- --annotate

#[test]
fn annotate_writes_every_value_and_a_second_run_changes_nothing() {
    let scratch = Scratch::new("annotate-fixture");
    copy_fixture(&scratch, "estimate.llmc");
    let run = scratch.llmc(&["run", "--annotate", "estimate.llmc"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stdout, "annotated estimate.llmc (12 cells)\n");
    let once = scratch.read("estimate.llmc");
    insta::assert_snapshot!("annotated_estimate", once);

    let again = scratch.llmc(&["run", "--annotate", "estimate.llmc"]);
    assert_eq!(again.code, Some(0), "{}", again.stderr);
    assert_eq!(again.stdout, "estimate.llmc: already up to date\n");
    assert_eq!(
        scratch.read("estimate.llmc"),
        once,
        "second run is byte-identical"
    );
    assert_eq!(scratch.files(), vec!["estimate.llmc"]);

    // What the sheet shows is what was written.
    let shown = scratch.llmc(&["run", "estimate.llmc"]);
    assert_eq!(shown.stderr, "");
    for value in [
        "405B params",
        "3.79e25 FLOP",
        "68.6 days",
        "$52.6M",
        "26,300,000 GPU*h",
    ] {
        assert!(shown.stdout.contains(value), "{}", shown.stdout);
        assert!(once.contains(&format!("# => {value}\n")), "{once}");
    }
}

#[test]
fn annotate_replaces_an_old_annotation_and_keeps_other_comments() {
    let (text, run) = annotate(
        "annotate-replace",
        "a = 2 h  # => 1 h\nb = a -> min  # in minutes\nc = a * 3  # why # => old\n",
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        text,
        "a = 2 h                     # => 2.00 h\n\
         b = a -> min  # in minutes  # => 120 min\n\
         c = a * 3  # why            # => 6.00 h\n"
    );
}

#[test]
fn annotate_keeps_crlf_line_breaks() {
    let (text, run) = annotate(
        "annotate-crlf",
        "a = 1\r\nb = a + 1  # => 7\r\n\r\nassert b > a\r\n",
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        text,
        "a = 1      # => 1\r\nb = a + 1  # => 2\r\n\r\nassert b > a\r\n"
    );
}

#[test]
fn annotate_keeps_a_missing_final_newline() {
    let (text, run) = annotate("annotate-eof", "a = 1\nb = a + 1");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(text, "a = 1      # => 1\nb = a + 1  # => 2");
}

#[test]
fn annotate_keeps_tabs_unicode_and_other_lines() {
    // Tabs count to the next multiple of 8 columns when aligning.
    let source = "# Überschlag: µs and ×\n\ta\t= 2 h\t# tabbed\n\nb = a * 1 -> min  # ≈ µs\n";
    let (text, run) = annotate("annotate-unicode", source);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        text,
        "# Überschlag: µs and ×\n\ta\t= 2 h\t# tabbed  # => 2.00 h\n\nb = a * 1 -> min  # ≈ µs          # => 120 min\n"
    );
}

#[test]
fn annotate_never_takes_a_hash_in_a_string_for_a_comment() {
    let source = "label = \"plan # => v2\"\nother = \"a \\\" # b\" # note\n";
    let (text, run) = annotate("annotate-string", source);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        text,
        "label = \"plan # => v2\"     # => \"plan # => v2\"\n\
         other = \"a \\\" # b\" # note  # => \"a \\\" # b\"\n"
    );
    let scratch = Scratch::new("annotate-string-again");
    scratch.write("plan.llmc", &text);
    scratch.llmc(&["run", "--annotate", "plan.llmc"]);
    assert_eq!(scratch.read("plan.llmc"), text);
}

#[test]
fn a_script_with_an_error_is_left_alone() {
    let source = "a = 1  # => 5\nb = c + 1\n";
    let (text, run) = annotate("annotate-error", source);
    assert_eq!(run.code, Some(1));
    assert_eq!(text, source, "the file is byte-identical");
    assert!(run.stderr.contains("unknown name `c`"), "{}", run.stderr);
    assert!(run.stderr.contains("[plan.llmc:2:5]"), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error: plan.llmc is unchanged: it has errors (above); fix them and run again"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "");
}

#[test]
fn a_failed_assert_still_annotates_and_exits_1() {
    let (text, run) = annotate("annotate-assert", "a = 3 days\nassert a < 2 days\n");
    assert_eq!(run.code, Some(1));
    assert_eq!(text, "a = 3 days  # => 3.00 days\nassert a < 2 days\n");
    assert_eq!(run.stdout, "annotated plan.llmc (1 cell)\n");
    assert!(
        run.stderr.contains("assertion failed: a < 2 days"),
        "{}",
        run.stderr
    );
}

#[test]
fn annotate_reports_a_missing_file_and_goes_on() {
    let scratch = Scratch::new("annotate-missing");
    scratch.write("good.llmc", "a = 1\n");
    let run = scratch.llmc(&["run", "--annotate", "missing.llmc", "good.llmc"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .contains("error: cannot read `missing.llmc`: no such file"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "annotated good.llmc (1 cell)\n");
    assert_eq!(scratch.read("good.llmc"), "a = 1  # => 1\n");
}

#[cfg(unix)]
#[test]
fn annotate_keeps_the_file_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let scratch = Scratch::new("annotate-mode");
    let path = scratch.write("plan.llmc", "a = 1\n");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    let run = scratch.llmc(&["run", "--annotate", "plan.llmc"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o755);
}

// -------------------------------------------------------------- llmc doc

#[test]
fn doc_annotates_llmc_blocks_only_and_a_second_run_changes_nothing() {
    let scratch = Scratch::new("doc-fixture");
    let original = copy_fixture(&scratch, "planning.md");
    let run = scratch.llmc(&["doc", "planning.md"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stdout, "updated planning.md (3 blocks, 7 cells)\n");
    let once = scratch.read("planning.md");
    insta::assert_snapshot!("doc_planning", once);
    assert_eq!(
        markdown::outside_llmc(&once),
        markdown::outside_llmc(&original),
        "text outside llmc blocks is untouched"
    );

    let again = scratch.llmc(&["doc", "planning.md"]);
    assert_eq!(again.code, Some(0), "{}", again.stderr);
    assert_eq!(again.stdout, "planning.md: already up to date\n");
    assert_eq!(scratch.read("planning.md"), once);
    assert_eq!(scratch.files(), vec!["planning.md"]);
}

#[test]
fn doc_check_passes_on_a_fresh_document_and_changes_nothing() {
    let scratch = Scratch::new("doc-check-fresh");
    copy_fixture(&scratch, "planning.md");
    assert_eq!(scratch.llmc(&["doc", "planning.md"]).code, Some(0));
    let fresh = scratch.read("planning.md");
    let check = scratch.llmc(&["doc", "--check", "planning.md"]);
    assert_eq!(check.code, Some(0), "{}", check.stderr);
    assert_eq!(check.stdout, "planning.md: up to date\n");
    assert_eq!(check.stderr, "");
    assert_eq!(scratch.read("planning.md"), fresh);
}

#[test]
fn doc_check_reports_stale_values_and_changes_nothing() {
    let scratch = Scratch::new("doc-check-stale");
    copy_fixture(&scratch, "planning.md");
    assert_eq!(scratch.llmc(&["doc", "planning.md"]).code, Some(0));
    let stale = scratch
        .read("planning.md")
        .replace("8192 x H100 @ 40%", "4096 x H100 @ 40%");
    scratch.write("planning.md", &stale);
    let check = scratch.llmc(&["doc", "--check", "planning.md"]);
    assert_eq!(check.code, Some(1));
    assert_eq!(check.stderr, "");
    insta::assert_snapshot!("doc_check_stale", check.stdout);
    assert_eq!(scratch.read("planning.md"), stale, "--check writes nothing");

    // A document never annotated is stale too, and `--digits` is echoed.
    let raw = copy_fixture(&scratch, "planning.md");
    let check = scratch.llmc(&["doc", "--check", "--digits", "4", "planning.md"]);
    assert_eq!(check.code, Some(1));
    assert!(
        check.stdout.ends_with(
            "planning.md: 6 lines are stale; `llmc doc --digits 4 planning.md` updates them\n"
        ),
        "{}",
        check.stdout
    );
    assert_eq!(scratch.read("planning.md"), raw);
}

#[test]
fn doc_check_fails_on_a_failed_assert() {
    let scratch = Scratch::new("doc-check-assert");
    let doc = "# Plan\n\n```llmc\ntime = 90 days\n```\n\n```llmc\nassert time < 60 days, \"must fit in two months\"\n```\n";
    scratch.write("plan.md", doc);
    let update = scratch.llmc(&["doc", "plan.md"]);
    assert_eq!(update.code, Some(1), "a failed assert fails `llmc doc` too");
    assert_eq!(update.stdout, "updated plan.md (2 blocks, 1 cell)\n");
    let annotated = scratch.read("plan.md");
    assert!(annotated.contains("time = 90 days  # => 90.0 days\n"));

    let check = scratch.llmc(&["doc", "--check", "plan.md"]);
    assert_eq!(check.code, Some(1));
    assert!(
        check.stderr.contains("assertion failed: time < 60 days"),
        "{}",
        check.stderr
    );
    assert!(check.stderr.contains("[plan.md:8:8]"), "{}", check.stderr);
    assert!(
        check
            .stderr
            .ends_with("error: plan.md: the values are up to date, but 1 assert failed\n"),
        "{}",
        check.stderr
    );
    assert_eq!(scratch.read("plan.md"), annotated);
}

#[test]
fn a_diagnostic_in_a_block_names_the_document_and_its_line() {
    let scratch = Scratch::new("doc-diagnostic");
    let doc = "# Plan\n\nSome prose.\n\n```llmc\nparams = 70B params\n```\n\nMore prose.\n\n```llmc\ncompute = 6 FLOP/param/token * parms * 1T tokens\n```\n";
    scratch.write("plan.md", doc);
    let run = scratch.llmc(&["doc", "plan.md"]);
    assert_eq!(run.code, Some(1));
    assert_eq!(run.stdout, "");
    insta::assert_snapshot!("doc_diagnostic", run.stderr);
    assert!(run.stderr.contains("[plan.md:12:32]"), "{}", run.stderr);
    assert_eq!(
        scratch.read("plan.md"),
        doc,
        "a document with an error is unchanged"
    );

    let check = scratch.llmc(&["doc", "--check", "plan.md"]);
    assert_eq!(check.code, Some(1));
    assert!(
        check
            .stderr
            .ends_with("error: plan.md cannot be checked: it has errors (above)\n"),
        "{}",
        check.stderr
    );
}

#[test]
fn a_block_never_runs_into_the_next_one() {
    let scratch = Scratch::new("doc-brackets");
    let doc = "```llmc\na = (1 +\n```\n\n```llmc\n2)\n```\n";
    scratch.write("plan.md", doc);
    let run = scratch.llmc(&["doc", "plan.md"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("[plan.md:2:5]"), "{}", run.stderr);
    assert_eq!(scratch.read("plan.md"), doc);
}

#[test]
fn doc_handles_crlf_documents_and_documents_without_blocks() {
    let scratch = Scratch::new("doc-crlf");
    let doc = "Prose\r\n\r\n```llmc\r\na = 2 h\r\nb = a -> min\r\n```\r\n";
    scratch.write("plan.md", doc);
    let run = scratch.llmc(&["doc", "plan.md"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        scratch.read("plan.md"),
        "Prose\r\n\r\n```llmc\r\na = 2 h       # => 2.00 h\r\nb = a -> min  # => 120 min\r\n```\r\n"
    );

    scratch.write("notes.md", "# Notes\n\n```python\nx = 1\n```\n");
    let run = scratch.llmc(&["doc", "--check", "notes.md"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stdout, "notes.md: no ```llmc blocks\n");
}

/// CommonMark: a fenced block inside a list item or a block quote is a code
/// block, so it is evaluated; its values are written after the code, and
/// each line's container prefix stays as it was.
#[test]
fn doc_evaluates_blocks_in_list_items_and_block_quotes() {
    let scratch = Scratch::new("doc-containers");
    let doc = "# Plan\n\n1. Model:\n\n   ```llmc\n   params = 70B params\n   tokens = 15T tokens\n   ```\n\n> Compute, as the note says:\n>\n> ```llmc\n> compute = train_flops(params, tokens)\n>\n> t = compute / (1024 x H100 @ 40%) -> days\n> ```\n\n- nested:\n  > ~~~llmc\n  > twice = 2 * t\n  > ~~~\n";
    scratch.write("plan.md", doc);
    let run = scratch.llmc(&["doc", "plan.md"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stdout, "updated plan.md (3 blocks, 5 cells)\n");
    let written = scratch.read("plan.md");
    assert_eq!(
        written,
        "# Plan\n\n1. Model:\n\n   ```llmc\n   params = 70B params  # => 70.0B params\n   tokens = 15T tokens  # => 15.0T tokens\n   ```\n\n> Compute, as the note says:\n>\n> ```llmc\n> compute = train_flops(params, tokens)      # => 6.30e24 FLOP\n>\n> t = compute / (1024 x H100 @ 40%) -> days  # => 180 days\n> ```\n\n- nested:\n  > ~~~llmc\n  > twice = 2 * t  # => 360 days\n  > ~~~\n"
    );
    assert_eq!(
        markdown::outside_llmc(&written),
        markdown::outside_llmc(doc),
        "byte for byte outside the blocks' code"
    );
    let again = scratch.llmc(&["doc", "--check", "plan.md"]);
    assert_eq!(again.code, Some(0), "{}", again.stderr);

    // `llmc fmt` lays the code out and puts the prefixes back.
    scratch.write(
        "quoted.md",
        "> ```llmc\n> a=1   \n>   bb = 2\n>\n> ```\n- ```llmc\n  c  =  3\n  ```\n",
    );
    let run = scratch.llmc(&["fmt", "quoted.md"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        scratch.read("quoted.md"),
        "> ```llmc\n> a  = 1\n> bb = 2\n> ```\n- ```llmc\n  c = 3\n  ```\n"
    );

    // An error in a quoted block is reported at the document's own column.
    scratch.write("broken.md", "> ```llmc\n> a = (1 +\n> ```\n");
    for command in [&["doc", "broken.md"][..], &["fmt", "broken.md"]] {
        let run = scratch.llmc(command);
        assert_eq!(run.code, Some(1), "{command:?}");
        assert!(
            run.stderr.contains("[broken.md:2:7]"),
            "{command:?}: {}",
            run.stderr
        );
        assert_eq!(scratch.read("broken.md"), "> ```llmc\n> a = (1 +\n> ```\n");
    }
}

/// What CommonMark says is not an llmc block is left alone: an indented
/// block, a fence inside an HTML block, an info string whose first word is
/// not `llmc`. Words after `llmc` are allowed, a fence may close with a
/// longer one, and an unclosed fence runs to the end of the document.
#[test]
fn doc_follows_commonmark_for_what_is_not_a_block() {
    let scratch = Scratch::new("doc-commonmark");
    let doc = "Prose\n\n    ```llmc\n    a = 1\n    ```\n\n<div>\n```llmc\nb = 2\n```\n</div>\n\n```python llmc\nc = 3\n```\n\n~~~llmc extra words\nd = 4\ne = d + 1\n~~~~\n\n````llmc\nf = 6\n`````\n\n```llmc\ng = 7\n";
    scratch.write("plan.md", doc);
    let run = scratch.llmc(&["doc", "plan.md"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stdout, "updated plan.md (3 blocks, 4 cells)\n");
    assert_eq!(
        scratch.read("plan.md"),
        doc.replace("d = 4\n", "d = 4      # => 4\n")
            .replace("e = d + 1\n", "e = d + 1  # => 5\n")
            .replace("f = 6\n", "f = 6  # => 6\n")
            .replace("g = 7\n", "g = 7  # => 7\n")
    );
}

#[test]
fn the_shipped_planning_document_is_up_to_date() {
    let run = llmc_in(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["doc", "--check", "examples/plan.md"],
    );
    assert_eq!(
        run.code,
        Some(0),
        "run `llmc doc examples/plan.md`:\n{}{}",
        run.stdout,
        run.stderr
    );
    assert_eq!(run.stdout, "examples/plan.md: up to date\n");
    assert_eq!(run.stderr, "", "no warnings either");
}

// ------------------------------------------------------------ properties

/// A prose line: never a fence or the start of an HTML block, but full of
/// what a planning document holds (and what looks like llmc).
fn prose_line() -> impl Strategy<Value = String> {
    prop_oneof![
        select(vec![
            "",
            "# Heading",
            "Some prose about 405B params and `16000 x H100`.",
            "| knob | value |",
            "|------|-------|",
            "| GPUs | 8,192 |",
            "> a quote with ```llmc in it",
            "- a list item",
            "    indented code: a = 1  # => 1",
            "time = compute / cluster  # => 68.6 days",
            "text with ``` inside",
            "<!-- a one-line comment -->",
            "Überschlag ≈ 10 µs × 3",
            "\ttabbed text",
            "trailing blanks   ",
        ])
        .prop_map(str::to_string),
        "[a-zA-Z0-9 .,|#*=>$_-]{0,40}",
    ]
}

/// A fenced block that is not llmc, possibly holding llmc-looking lines.
fn other_block() -> impl Strategy<Value = Vec<String>> {
    (
        select(vec!['`', '~']),
        3usize..6,
        select(vec![
            "python", "", "sh", "text", "llmcx", "markdown", "{.llmc}",
        ]),
        prop::collection::vec(
            prop_oneof![
                prose_line(),
                select(vec![
                    "```llmc",
                    "~~~llmc",
                    "a = 1",
                    "x = 1  # => 2",
                    "```",
                    "~~~",
                    "print(\"# => x\")",
                ])
                .prop_map(str::to_string),
            ],
            0..5,
        ),
    )
        .prop_map(|(fence_char, len, info, content)| {
            let fence: String = std::iter::repeat_n(fence_char, len).collect();
            let closes = |line: &str| {
                let t = line.trim_start_matches(' ');
                line.len() - t.len() <= 3
                    && t.starts_with(&fence)
                    && t.trim_start_matches(fence_char).trim().is_empty()
            };
            let mut lines = vec![format!("{fence}{info}")];
            lines.extend(content.into_iter().filter(|l| !closes(l)));
            lines.push(fence);
            lines
        })
}

/// One statement of an llmc block, before names are given: `Literal`
/// defines a quantity, `Double`/`Sum` use an earlier quantity cell (by
/// how far back), `Text` a string, `Show` a bare expression, `Check` an
/// assert that holds.
#[derive(Debug, Clone)]
enum Stmt {
    Literal(&'static str),
    Double(usize),
    Sum(usize),
    Text(&'static str),
    Show(usize),
    Check(usize),
}

fn statement() -> impl Strategy<Value = Stmt> {
    prop_oneof![
        3 => select(vec![
            "405B params",
            "15.6T tokens",
            "16000 x H100 @ 38%",
            "$2/GPU/h",
            "2 h -> min",
            "68.6 days",
            "3.8e25 FLOP",
            "(1 +\n  2) GPU",
            "80 GB",
        ])
        .prop_map(Stmt::Literal),
        2 => (0usize..8).prop_map(Stmt::Double),
        1 => (0usize..8).prop_map(Stmt::Sum),
        1 => select(vec!["\"a # b\"", "\"# => x\"", "\"plain\""]).prop_map(Stmt::Text),
        1 => (0usize..8).prop_map(Stmt::Show),
        1 => (0usize..8).prop_map(Stmt::Check),
    ]
}

/// What follows a statement on its line.
fn suffix() -> impl Strategy<Value = &'static str> {
    select(vec![
        "",
        "",
        "  # a note",
        "  # => stale",
        "\t# => 1 h",
        "  # a # => b",
        "   ",
    ])
}

#[derive(Debug, Clone)]
enum Part {
    Prose(String),
    Other(Vec<String>),
    Llmc(Vec<(Stmt, &'static str, bool)>),
}

fn part() -> impl Strategy<Value = Part> {
    prop_oneof![
        3 => prose_line().prop_map(Part::Prose),
        1 => other_block().prop_map(Part::Other),
        2 => prop::collection::vec((statement(), suffix(), any::<bool>()), 0..6).prop_map(Part::Llmc),
    ]
}

/// A Markdown document, and how many cells and bare expressions it has.
fn document() -> impl Strategy<Value = (String, usize)> {
    (
        prop::collection::vec(part(), 0..12),
        select(vec!["\n", "\r\n"]),
        any::<bool>(),
        select(vec!["```", "~~~", "````"]),
    )
        .prop_map(|(parts, eol, final_eol, fence)| {
            let mut lines: Vec<String> = Vec::new();
            // Names of the quantity cells so far; every cell is named in
            // order, so a name is never defined twice.
            let mut quantities: Vec<String> = Vec::new();
            let mut count = 0;
            let mut next = 0;
            for part in parts {
                match part {
                    Part::Prose(line) => lines.push(line),
                    Part::Other(block) => lines.extend(block),
                    Part::Llmc(statements) => {
                        lines.push(format!("{fence}llmc"));
                        let mut line = String::new();
                        for (stmt, suffix, same_line) in statements {
                            let earlier = |back: usize| {
                                quantities
                                    .len()
                                    .checked_sub(1 + back % quantities.len().max(1))
                                    .map(|i| quantities[i].clone())
                            };
                            next += 1;
                            let name = format!("c{next}");
                            let (text, quantity, counted) = match stmt {
                                Stmt::Literal(literal) => {
                                    (format!("{name} = {literal}"), true, true)
                                }
                                Stmt::Double(back) => match earlier(back) {
                                    Some(e) => (format!("{name} = {e} * 2"), true, true),
                                    None => (format!("{name} = 2"), true, true),
                                },
                                Stmt::Sum(back) => match earlier(back) {
                                    Some(e) => (format!("{name} = {e} + {e}"), true, true),
                                    None => (format!("{name} = 1 + 1"), true, true),
                                },
                                Stmt::Text(text) => (format!("{name} = {text}"), false, true),
                                Stmt::Show(back) => match earlier(back) {
                                    Some(e) => (format!("{e} * 3"), false, true),
                                    None => ("1 + 2".to_string(), false, true),
                                },
                                Stmt::Check(back) => match earlier(back) {
                                    Some(e) => (format!("assert {e} == {e}"), false, false),
                                    None => ("assert 1 < 2".to_string(), false, false),
                                },
                            };
                            if quantity {
                                quantities.push(name);
                            }
                            count += usize::from(counted);
                            if same_line && !line.is_empty() && !line.contains('#') {
                                line.push_str("; ");
                            } else if !line.is_empty() {
                                lines.push(std::mem::take(&mut line));
                            }
                            line.push_str(&text);
                            line.push_str(suffix);
                        }
                        if !line.is_empty() {
                            lines.push(line);
                        }
                        lines.push(fence.to_string());
                    }
                }
            }
            let mut doc = lines.join(eol).replace('\n', eol).replace("\r\r\n", "\r\n");
            if final_eol && !doc.is_empty() {
                doc.push_str(eol);
            }
            (doc, count)
        })
}

proptest! {
    #![proptest_config(Config { cases: 256, failure_persistence: None, ..Config::default() })]

    /// `llmc doc` never changes a byte outside llmc blocks, annotates every
    /// cell, and a second run changes nothing.
    #[test]
    fn doc_changes_only_llmc_blocks((doc, cells) in document()) {
        let rewrite = markdown::rewrite("doc.md", &doc, 3);
        let problems: Vec<String> = rewrite.sheet.problems.iter().map(|p| p.to_string()).collect();
        let annotation = rewrite.annotation.as_ref();
        prop_assert!(annotation.is_some(), "did not evaluate: {problems:?}\n{doc}");
        let annotation = annotation.unwrap();
        prop_assert_eq!(annotation.cells, cells);
        let before = markdown::outside_llmc(&doc);
        let after = markdown::outside_llmc(&annotation.text);
        prop_assert_eq!(&before, &after);
        prop_assert_eq!(markdown::llmc_blocks(&doc).len(), markdown::llmc_blocks(&annotation.text).len());
        let again = markdown::rewrite("doc.md", &annotation.text, 3);
        prop_assert_eq!(again.annotation.map(|a| a.text), Some(annotation.text.clone()));
    }
}

#[test]
fn a_document_and_a_script_mixed_up_get_a_hint() {
    let scratch = Scratch::new("mixed-up");
    scratch.write("plan.md", "```llmc\na = 1\n```\n");
    scratch.write("plan.llmc", "a = 1\n");
    let run = scratch.llmc(&["run", "--annotate", "plan.md"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("`llmc doc plan.md`"), "{}", run.stderr);
    let run = scratch.llmc(&["doc", "plan.llmc"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("`llmc run --annotate plan.llmc`"),
        "{}",
        run.stderr
    );
    assert_eq!(scratch.read("plan.md"), "```llmc\na = 1\n```\n");
    assert_eq!(scratch.read("plan.llmc"), "a = 1\n");
}

/// Text that stresses the line and fence scanners: fences of both kinds,
/// strings, comments, annotations, CRLF, a stray `\r`, tabs and Unicode.
fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            select(vec![
                "```",
                "````",
                "~~~",
                "```llmc",
                "~~~ llmc x",
                "   ```llmc",
                "    ```llmc",
                "\n",
                "\r\n",
                "\r",
                "\t",
                " ",
                "#",
                "# =>",
                "\"",
                "\\",
                "a",
                " = ",
                "1",
                "2 h",
                ";",
                "(",
                ")",
                "{",
                "}",
                "-> min",
                "<!--",
                "-->",
                "µ",
                "×",
                "assert a < 2",
                "b",
                "x",
                "H100",
            ])
            .prop_map(str::to_string),
            any::<char>().prop_map(String::from),
        ],
        0..60,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(Config { cases: 256, failure_persistence: None, ..Config::default() })]

    /// A document without llmc blocks (prose, lists, quotes, other fenced
    /// and indented blocks, HTML) comes out of `doc` byte for byte.
    #[test]
    fn doc_leaves_a_document_without_llmc_blocks_byte_identical(
        parts in prop::collection::vec(prop_oneof![
            3 => prose_line().prop_map(|line| vec![line]),
            1 => other_block(),
        ], 0..16),
        eol in select(vec!["\n", "\r\n"]),
    ) {
        let doc = parts.concat().join(eol);
        prop_assert!(markdown::llmc_blocks(&doc).is_empty(), "{doc}");
        let rewrite = markdown::rewrite("notes.md", &doc, 3);
        prop_assert_eq!(rewrite.annotation.map(|a| a.text), Some(doc.clone()));
        prop_assert_eq!(llmc::fmt::format(&doc, llmc::fmt::DocumentKind::Markdown), Ok(doc));
    }
}

proptest! {
    #![proptest_config(Config { cases: 512, failure_persistence: None, ..Config::default() })]

    /// Whatever the text, rewriting never panics, never touches bytes
    /// outside llmc blocks, and a second run changes nothing.
    #[test]
    fn rewriting_any_text_is_safe(text in soup()) {
        let doc = markdown::rewrite("soup.md", &text, 3);
        if let Some(annotation) = doc.annotation {
            prop_assert_eq!(markdown::outside_llmc(&text), markdown::outside_llmc(&annotation.text));
            let again = markdown::rewrite("soup.md", &annotation.text, 3);
            prop_assert_eq!(again.annotation.map(|a| a.text), Some(annotation.text.clone()));
        }
        let script = llmc::annotate::rewrite_script("soup.llmc", &text, 3);
        if let Some(annotation) = script.annotation {
            prop_assert_eq!(text.lines().count(), annotation.text.lines().count());
            let again = llmc::annotate::rewrite_script("soup.llmc", &annotation.text, 3);
            prop_assert_eq!(again.annotation.map(|a| a.text), Some(annotation.text.clone()));
        }
    }
}

#[test]
fn annotations_say_which_peak_an_mfu_refers_to() {
    let (text, run) = annotate(
        "annotate-mfu",
        "cluster = 8192 x H100 @ 40%\ntime = 6.3e24 FLOP / cluster -> days\n",
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        text,
        "cluster = 8192 x H100 @ 40%           # => 3.24 EFLOP/s   8,192 × H100 at 40.0% of the bf16 dense peak (989.5 TFLOP/s/GPU)\n\
         time = 6.3e24 FLOP / cluster -> days  # => 22.5 days\n"
    );
}
