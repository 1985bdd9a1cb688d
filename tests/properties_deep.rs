//! SPEC §7: deep inputs are rejected or evaluated without crashing, hanging
//! or overflowing the stack.
//!
//! `cargo test` runs each test on a 2 MiB thread, while the `llmc` binary
//! evaluates on a 64 MiB one. Deep inputs therefore run on a 64 MiB thread
//! (what users get), and those the library promises to reject before
//! anything recursive runs (brackets nested deeper than 256, expressions
//! deeper than 300) also on a default thread.

mod common;

use common::fuzz::{BIG_STACK, deep, deep_on, evaluate, grouped, nth, on_thread};
use common::generators::VOCABULARY;
use llmc::Render;

const NESTING: usize = 10_000;
/// SPEC §2.1: brackets nested deeper than this are an error.
const MAX_BRACKETS: usize = 256;

#[test]
fn ten_thousand_nested_parentheses_are_rejected_at_the_257th() {
    let source = format!("v = {}1{}", "(".repeat(NESTING), ")".repeat(NESTING));
    let outcome = deep("10,000 nested parentheses", source.clone(), true);
    assert!(outcome.value("v").is_none());
    let at = nth(&source, '(', MAX_BRACKETS + 1);
    assert!(outcome.has_problem_at(at), "{outcome:?}");
}

#[test]
fn ten_thousand_nested_braces_are_rejected_at_the_257th() {
    let source = format!("model m {}{}", "{".repeat(NESTING), "}".repeat(NESTING));
    let outcome = deep("10,000 nested braces", source.clone(), true);
    let at = nth(&source, '{', MAX_BRACKETS + 1);
    assert!(outcome.has_problem_at(at), "{outcome:?}");
}

#[test]
fn ten_thousand_nested_calls_are_rejected_at_the_257th() {
    let calls = format!("{}1{}", "f(".repeat(NESTING), ")".repeat(NESTING));
    let source = format!("fn f(a) = a\nv = {calls}");
    let outcome = deep("10,000 nested calls", source.clone(), true);
    assert!(outcome.value("v").is_none());
    let at = nth(&source, '(', MAX_BRACKETS + 2); // the first is `fn f(a)`'s
    assert!(outcome.has_problem_at(at), "{outcome:?}");
}

fn long_sum(terms: usize) -> String {
    format!("v = 1{}", "+1".repeat(terms - 1))
}

/// A flat chain is not nesting (SPEC §2.1 limits brackets only): however
/// long, it is one level of the tree, and every stage walks it in a loop.
const FLAT: usize = 100_000;

#[test]
fn a_sum_of_a_hundred_thousand_terms_evaluates_on_a_default_stack() {
    let outcome = deep_on("1+1+… with 100,000 terms", long_sum(FLAT), None);
    assert_eq!(
        outcome.value("v"),
        Some("100,000"),
        "{:?}",
        outcome.problems
    );
}

#[test]
fn a_product_of_a_hundred_thousand_factors_evaluates_on_a_default_stack() {
    // 1.00001^100,000 = e^0.99999… ≈ 2.718: each factor applied once, in order.
    let source = format!("v = 1{}", " * 1.00001".repeat(FLAT));
    let outcome = deep_on("1*1.00001*… with 100,001 factors", source, None);
    assert_eq!(outcome.value("v"), Some("2.72"), "{:?}", outcome.problems);
    // Mixed `*` and `/` fold left to right: (((8 / 2) * 2) / 2) … = 8.
    let source = format!("v = 8{}", " / 2 * 2".repeat(FLAT / 2));
    let outcome = deep_on("8/2*2/2*… with 100,001 operands", source, None);
    assert_eq!(outcome.value("v"), Some("8"), "{:?}", outcome.problems);
}

#[test]
fn a_sum_of_two_hundred_thousand_terms_on_separate_lines_evaluates() {
    // Inside parentheses, so that the sum spans 200,000 short lines.
    let source = format!("v = (1{}) GPU", "\n+1".repeat(199_999));
    let outcome = deep_on("1+1+… with 200,000 terms", source, None);
    assert_eq!(
        outcome.value("v"),
        Some("200,000 GPU"),
        "{:?}",
        outcome.problems
    );
}

/// A sum whose terms are products and quotients: chains inside a chain,
/// with units checked at every operator and an error at the one term that
/// does not fit.
#[test]
fn a_long_sum_of_products_checks_every_term() {
    let terms = " + 2 GPU * 3 / 2".repeat(FLAT / 4);
    let outcome = deep_on(
        "a sum of 25,000 products",
        format!("v = 1 GPU{terms}"),
        None,
    );
    assert_eq!(
        outcome.value("v"),
        Some("75,001 GPU"),
        "{:?}",
        outcome.problems
    );

    // The error is the sum so far (its left operand, all the GPU terms)
    // against the hour.
    let source = format!("v = 1 GPU{terms} + 1 h{terms}");
    let before_hour = source.find(" + 1 h").unwrap();
    let outcome = deep_on("a sum of products with one hour in it", source, None);
    assert!(outcome.value("v").is_none());
    assert_eq!(
        outcome.problems,
        vec![("cannot add GPU and s".to_string(), 4, before_hour)]
    );
}

/// `llmc fmt` lays a long flat chain out like any other line.
#[test]
fn a_long_sum_is_formatted() {
    let source = format!("{}\n", long_sum(FLAT));
    let formatted = on_thread("fmt of a 100,000-term sum", None, move || {
        llmc::fmt::format(&source, llmc::fmt::DocumentKind::Script).map(|f| f == source)
    });
    assert_eq!(formatted, Ok(true), "already in canonical layout");
}

/// Rejected for what it is: a run of operators each nesting the rest,
/// reported once, and `v` left without a value.
fn rejected_as_a_run_of_operators(label: &str, source: String) {
    let outcome = deep(label, source, true);
    assert!(outcome.value("v").is_none(), "{label}");
    assert!(
        matches!(&outcome.problems[..], [(message, _, _)]
            if message.contains("more than 300 `^` and unary `-` in a row")),
        "{label}: {:?}",
        outcome.problems
    );
}

#[test]
fn a_tower_of_five_thousand_powers_is_rejected() {
    rejected_as_a_run_of_operators(
        "2^2^… with 5,000 levels",
        format!("v = 2{}", "^2".repeat(4_999)),
    );
}

#[test]
fn five_thousand_minus_signs_are_rejected() {
    rejected_as_a_run_of_operators(
        "- - - … 1 with 5,000 minus signs",
        format!("v = {}1", "- ".repeat(5_000)),
    );
}

#[test]
fn two_thousand_adjacent_minus_signs_are_rejected() {
    rejected_as_a_run_of_operators(
        "--…-1 with 2,000 minus signs",
        format!("v = {}1", "-".repeat(2_000)),
    );
}

fn nested_calls(depth: usize) -> String {
    format!(
        "fn f(a) = a\nv = {}1{}",
        "f(".repeat(depth),
        ")".repeat(depth)
    )
}

/// At and near the limits, on the binary's stack.
#[test]
fn nesting_near_the_limits_is_handled() {
    let outcome = deep("100 nested calls", nested_calls(100), false);
    assert_eq!(outcome.value("v"), Some("1"), "{outcome:?}");

    // 256 is the deepest nesting SPEC §2.1 allows.
    let outcome = deep("256 nested calls", nested_calls(MAX_BRACKETS), false);
    assert_eq!(outcome.value("v"), Some("1"), "{outcome:?}");

    let powers = format!("v = 1{}", "^1".repeat(299));
    let outcome = deep("1^1^… with 299 `^`", powers, false);
    assert_eq!(outcome.value("v"), Some("1"), "{outcome:?}");
}

#[test]
fn two_hundred_fifty_six_nested_calls_evaluate_on_a_default_stack() {
    // 256 is the deepest nesting SPEC §2.1 allows; 257 is rejected above.
    let outcome = deep_on("256 nested calls", nested_calls(MAX_BRACKETS), None);
    assert_eq!(outcome.value("v"), Some("1"), "{:?}", outcome.problems);
}

#[test]
fn the_deepest_expression_allowed_evaluates_on_a_default_stack() {
    // Each `^` nests its right operand: 299 of them are 300 levels.
    let powers = format!("v = 1{}", "^1".repeat(299));
    let outcome = deep_on("1^1^… with 299 `^`", powers, None);
    assert_eq!(outcome.value("v"), Some("1"));
}

/// A diagnostic is drawn under its place in the line, however far along.
#[test]
fn a_problem_far_along_a_long_line_renders() {
    let source = format!("v = {}nope", " ".repeat(65_600));
    let at = source.find("nope").expect("the unknown name");
    let outcome = deep("a problem at column 65,605", source.clone(), false);
    assert!(outcome.has_problem_at(at), "{outcome:?}");
    let rendered = on_thread("rendering at column 65,605", Some(BIG_STACK), move || {
        let sheet = evaluate(&source);
        let problem = sheet.problems.first().expect("a problem").clone();
        Render::PLAIN.render(problem, &sheet.name, &sheet.source)
    });
    // miette names the line and column, shows the part of the line around
    // the name, and underlines the name itself.
    assert!(rendered.contains("[fuzz:1:65605]"), "{rendered}");
    let lines: Vec<&str> = rendered.lines().collect();
    let shown = lines
        .iter()
        .position(|line| line.ends_with("nope"))
        .unwrap_or_else(|| panic!("the line is not shown:\n{rendered}"));
    let column = |line: &str, text: &str| line.find(text).map(|at| line[..at].chars().count());
    assert_eq!(
        column(lines[shown], "nope"),
        column(lines[shown + 1], "──┬─"),
        "{rendered}"
    );
}

#[test]
fn a_line_of_a_hundred_thousand_characters_is_handled() {
    const LONG: usize = 100_000;
    let mut cells = String::new();
    let mut count: u64 = 0;
    while cells.len() < LONG {
        if count == 0 {
            cells.push_str("c0 = 1");
        } else {
            cells.push_str(&format!("; c{count} = c{} + 1", count - 1));
        }
        count += 1;
    }
    let last = format!("c{}", count - 1);
    let outcome = deep("100,000 characters of `;`-separated cells", cells, false);
    let expected = grouped(count, ',');
    assert_eq!(outcome.value(&last), Some(expected.as_str()), "{last}");

    let name = format!("v = {}", "a".repeat(LONG));
    let outcome = deep("a 100,000-character name", name, false);
    assert!(outcome.value("v").is_none());

    let number = format!("v = {}", "1".repeat(LONG));
    let outcome = deep("a 100,000-digit number", number, false);
    assert!(outcome.value("v").is_none());

    let fraction = format!("v = 0.{}1", "0".repeat(LONG));
    deep("a 100,000-digit fraction", fraction, false);

    let string = format!("assert 1 < 0, \"{}\"", "é".repeat(LONG / 2));
    let outcome = deep("a 100,000-byte assert message", string, false);
    assert!(!outcome.problems.is_empty());

    let comment = format!("v = 1 # {}", "#(".repeat(LONG / 2));
    let outcome = deep("a 100,000-character comment", comment, false);
    assert_eq!(outcome.value("v"), Some("1"));

    let spaces = format!("v = 1{}+ 1", " ".repeat(LONG));
    let outcome = deep("100,000 spaces", spaces, false);
    assert_eq!(outcome.value("v"), Some("2"));

    // A line of soup, deterministic so that a failure reproduces.
    let mut soup = String::new();
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    while soup.len() < LONG {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let word = VOCABULARY[(state % VOCABULARY.len() as u64) as usize];
        soup.push_str(&word.replace(['\n', '\r', ';'], " "));
    }
    deep("100,000 characters of soup on one line", soup, false);
}

#[test]
fn a_chain_of_five_thousand_cells_evaluates() {
    const CELLS: usize = 5_000;
    let lines: Vec<String> = (0..CELLS)
        .map(|i| match i {
            0 => "c0 = 1".to_string(),
            _ => format!("c{i} = c{} + 1", i - 1),
        })
        .collect();
    let outcome = deep("5,000 chained cells", lines.join("\n"), false);
    assert_eq!(outcome.value("c4999"), Some("5,000"));

    // Order does not matter: the same chain written backwards.
    let backwards: Vec<String> = lines.iter().rev().cloned().collect();
    let outcome = deep(
        "5,000 chained cells, backwards",
        backwards.join("\n"),
        false,
    );
    assert_eq!(outcome.value("c4999"), Some("5,000"));

    // One failure at the root is reported once, not 5,000 times.
    let mut failing = lines.clone();
    failing[0] = "c0 = 1 + 1 h".to_string();
    let outcome = deep(
        "5,000 chained cells, the first failing",
        failing.join("\n"),
        false,
    );
    let first: Vec<_> = outcome.problems.iter().take(3).collect();
    assert_eq!(outcome.problems.len(), 1, "{first:?}");

    // A cycle through 1,000 of them. (Its diagnostic labels every cell;
    // drawing it takes time quadratic in the length: 4 s for 4,000 in a
    // debug build.)
    let mut cycle: Vec<String> = lines[..1_000].to_vec();
    cycle[0] = "c0 = c999 + 1".to_string();
    let outcome = deep("a cycle of 1,000 cells", cycle.join("\n"), false);
    assert!(!outcome.problems.is_empty());
    assert!(outcome.value("c0").is_none());
}

/// A user function may call only functions defined above it, so calls
/// cannot recurse, but a chain of them still nests one evaluation per link.
#[test]
fn a_chain_of_two_thousand_functions_evaluates() {
    let outcome = deep("2,000 chained functions", function_chain(2_000), false);
    assert_eq!(outcome.value("v"), Some("2,000"), "{outcome:?}");
}

fn function_chain(links: usize) -> String {
    let mut lines = vec!["fn f0(a) = a + 1".to_string()];
    lines.extend((1..links).map(|i| format!("fn f{i}(a) = f{}(a) + 1", i - 1)));
    lines.push(format!("v = f{}(0)", links - 1));
    lines.join("\n")
}

/// 10,000 links once overflowed the binary's 64 MiB stack (60,000 in a
/// release build).
#[test]
fn a_chain_of_ten_thousand_functions_does_not_overflow() {
    let outcome = deep("10,000 chained functions", function_chain(10_000), false);
    assert_eq!(outcome.value("v"), Some("10,000"), "{:?}", outcome.problems);
}

/// 2^39 calls: the call budget has to stop this quickly, with an error.
#[test]
fn functions_that_double_their_work_do_not_hang() {
    let mut lines = vec!["fn f0(a) = a".to_string()];
    lines.extend((1..40).map(|i| format!("fn f{i}(a) = f{0}(a) + f{0}(a)", i - 1)));
    lines.push("v = f39(1)".to_string());
    let outcome = deep(
        "40 functions each doubling the work",
        lines.join("\n"),
        false,
    );
    assert_eq!(outcome.value("v"), None);
    assert!(
        outcome
            .problems
            .iter()
            .any(|(message, _, _)| message.contains("calls functions more than 1000000 times")),
        "{:?}",
        outcome.problems
    );
}

#[test]
fn twenty_four_nested_parentheses_evaluate() {
    // Each level once doubled the parse time: 24 levels took minutes in a
    // debug build, and the 256 the bracket check lets through never ended.
    let source = format!("v = {}1{}", "(".repeat(24), ")".repeat(24));
    let outcome = deep("24 nested parentheses", source, false);
    assert_eq!(outcome.value("v"), Some("1"));
}

#[test]
fn parentheses_nested_to_the_limit_evaluate() {
    let source = format!(
        "v = {}1{}",
        "(".repeat(MAX_BRACKETS),
        ")".repeat(MAX_BRACKETS)
    );
    let outcome = deep("256 nested parentheses", source, false);
    assert_eq!(outcome.value("v"), Some("1"));
}
