//! The REPL, driven through a real pseudo-terminal as a user would.

use std::path::Path;
use std::process::Command;

use rexpect::session::{PtySession, spawn_command};

mod common;

use common::Scratch;

const TIMEOUT_MS: u64 = 20_000;

fn repl(history: &Path) -> PtySession {
    let mut command = Command::new(env!("CARGO_BIN_EXE_llmc"));
    command
        .env("LLMC_HISTORY", history)
        .env("NO_COLOR", "1")
        .env("TERM", "xterm");
    let mut session = spawn_command(command, Some(TIMEOUT_MS)).expect("the REPL starts");
    session.exp_string(":help for help").expect("the banner");
    session
}

#[test]
fn a_session_from_definitions_to_save_and_quit() {
    let scratch = Scratch::new("session");
    let mut p = repl(&scratch.path("history"));

    // Define cells and use them; `ans` is the last result.
    p.send_line("params = 405B params").unwrap();
    p.exp_string("params = 405B params").unwrap();
    p.send_line("tokens = 15.6T tokens").unwrap();
    p.exp_string("tokens = 15.6T tokens").unwrap();
    p.send_line("6 FLOP/param/token * params * tokens").unwrap();
    p.exp_string("= 3.79e25 FLOP").unwrap();
    p.send_line("ans / (16000 x H100 @ 400 TFLOPS) -> days")
        .unwrap();
    p.exp_string("= 68.6 days").unwrap();

    // A mistake gets a diagnostic and leaves nothing behind.
    p.send_line("broken = tokns * 2").unwrap();
    p.exp_string("unknown name `tokns`").unwrap();
    p.exp_string("did you mean `tokens`?").unwrap();
    p.send_line("broken").unwrap();
    p.exp_string("unknown name `broken`").unwrap();

    // Redefining a cell recomputes the cells that use it.
    p.send_line("compute = 6 FLOP/param/token * params * tokens")
        .unwrap();
    p.exp_string("compute = 3.79e25 FLOP").unwrap();
    p.send_line("params = 70B params").unwrap();
    p.exp_string("compute = 6.55e24").unwrap();

    // Tab completes a cell name.
    p.send_line("throughput_target = 380 tokens/s/GPU").unwrap();
    p.exp_string("throughput_target = 380 tokens/s/GPU")
        .unwrap();
    p.send("throughput_t").unwrap();
    p.flush().unwrap();
    p.send("\t").unwrap();
    p.flush().unwrap();
    p.send("\r").unwrap();
    p.flush().unwrap();
    p.exp_string("= 380 tokens/s/GPU").unwrap();

    // An open brace continues onto the next line.
    p.send_line("model small {").unwrap();
    p.send_line("  params = 7B params").unwrap();
    p.send_line("  layers = 32").unwrap();
    p.send_line("}").unwrap();
    p.exp_string("small = 7.00B params, 32 layers").unwrap();
    p.send_line("small.layers * 2").unwrap();
    p.exp_string("= 64").unwrap();

    // Ctrl-C clears the line and the session goes on.
    p.send("this is not finished").unwrap();
    p.flush().unwrap();
    p.exp_string("this is not finished").unwrap();
    p.send_control('c').unwrap();
    p.exp_string("> ").unwrap();
    p.send_line("1 + 1").unwrap();
    p.exp_string("= 2").unwrap();

    let saved = scratch.path("saved.llmc");
    p.send_line(&format!(":save {}", saved.display())).unwrap();
    p.exp_string("saved").unwrap();
    p.send_line(":quit").unwrap();
    p.exp_eof().unwrap();

    // The saved script runs with the same results.
    let output = Command::new(env!("CARGO_BIN_EXE_llmc"))
        .arg("run")
        .arg(&saved)
        .output()
        .expect("llmc run");
    let sheet = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{sheet}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for expected in [
        "params             70.0B params",
        "compute            6.55e24 FLOP",
        "throughput_target  380 tokens/s/GPU",
        "small              7.00B params, 32 layers",
    ] {
        assert!(sheet.contains(expected), "missing {expected:?} in\n{sheet}");
    }
    assert!(
        !sheet.contains("broken"),
        "a failed line was saved:\n{sheet}"
    );

    let history = std::fs::read_to_string(scratch.path("history")).expect("history was written");
    assert!(history.contains("params = 405B params"));
}

#[test]
fn lines_pasted_in_a_burst_all_arrive() {
    let scratch = Scratch::new("paste");
    let mut p = repl(&scratch.path("history"));
    p.send("a1 = 1 h\na2 = a1 + 1 h\na3 = a2 + 1 h\na3 -> min\n")
        .unwrap();
    p.flush().unwrap();
    p.exp_string("a3 = 3.00 h").unwrap();
    p.exp_string("= 180 min").unwrap();
    p.send_control('d').unwrap();
    p.exp_eof().unwrap();
}

#[test]
fn commands_help_vars_gpus_load_and_reset() {
    let scratch = Scratch::new("commands");
    let script = scratch.path("plan.llmc");
    std::fs::write(
        &script,
        "gpus = 2048 GPU\nprice = $2/GPU/h\nhourly = gpus * price\n",
    )
    .unwrap();
    let mut p = repl(&scratch.path("history"));
    p.send_line(":help").unwrap();
    p.exp_string(":save").unwrap();
    p.send_line(":gpus H100").unwrap();
    p.exp_string("989.5 TFLOP/s").unwrap();
    p.send_line(&format!(":load {}", script.display())).unwrap();
    p.exp_string("hourly = $4.10K/h").unwrap();
    p.send_line(":vars").unwrap();
    p.exp_string("price   $2.00/GPU/h").unwrap();
    p.send_line(":reset").unwrap();
    p.exp_string("the session is empty").unwrap();
    p.send_line("hourly").unwrap();
    p.exp_string("unknown name `hourly`").unwrap();
    p.send_line(":frobnicate").unwrap();
    p.exp_string("unknown command `:frobnicate`").unwrap();
    p.send_line(":quit").unwrap();
    p.exp_eof().unwrap();
}

#[test]
fn an_unwritable_history_is_a_warning_not_a_crash() {
    let scratch = Scratch::new("history");
    // A directory where the history file should be: it cannot be written.
    let history = scratch.path("history");
    std::fs::create_dir_all(&history).unwrap();
    let mut p = repl(&history);
    p.send_line("1 + 2").unwrap();
    p.exp_string("= 3").unwrap();
    p.send_line(":quit").unwrap();
    p.exp_string("warning: cannot save history").unwrap();
    p.exp_eof().unwrap();
}

#[test]
fn without_a_terminal_llmc_evaluates_standard_input() {
    use std::io::Write as _;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_llmc"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("llmc starts");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"gpus = 2048 GPU\nhours = gpus * 30 days -> GPU*h\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let sheet = String::from_utf8_lossy(&output.stdout);
    assert!(sheet.contains("hours  1,470,000 GPU*h"), "{sheet}");
}

#[test]
fn an_error_header_shows_the_column_and_a_loaded_file_its_own_name_and_line() {
    let scratch = Scratch::new("columns");
    let script = scratch.path("plan.llmc");
    std::fs::write(&script, "gpus = 2048 GPU\nhourly = gpus * prise\n").unwrap();
    let mut p = repl(&scratch.path("history"));
    p.send_line("tokens = 15.6T tokens").unwrap();
    p.exp_string("tokens = 15.6T tokens").unwrap();
    p.send_line("broken = 2 * tokns").unwrap();
    p.exp_string("[<repl>:1:14]").unwrap();
    p.send_line(&format!(":load {}", script.display())).unwrap();
    p.exp_string(&format!("[{}:2:17]", script.display()))
        .unwrap();
    p.exp_string("nothing was loaded").unwrap();
    p.send_line("gpus").unwrap();
    p.exp_string("unknown name `gpus`").unwrap();
    p.send_line("quit").unwrap();
    p.exp_eof().unwrap();
}

#[test]
fn a_redefinition_that_breaks_an_assert_applies_and_shows_the_assert() {
    let scratch = Scratch::new("assert");
    let mut p = repl(&scratch.path("history"));
    p.send_line("time = 40 days").unwrap();
    p.exp_string("time = 40.0 days").unwrap();
    p.send_line("assert time < 60 days").unwrap();
    // rexpect reads bytes as Latin-1: match the ASCII after the tick.
    p.exp_string(" assert time < 60 days\r\n").unwrap();
    p.send_line("time = 90 days").unwrap();
    p.exp_string("time = 90.0 days").unwrap();
    p.exp_string("assertion failed: time < 60 days").unwrap();
    p.send_line("time -> h").unwrap();
    p.exp_string("= 2,160 h").unwrap();
    p.send_line("exit").unwrap();
    p.exp_eof().unwrap();
}

#[test]
fn help_on_a_name_and_bare_help_quit_and_exit() {
    let scratch = Scratch::new("help");
    let mut p = repl(&scratch.path("history"));
    p.send_line("help").unwrap();
    p.exp_string(":gpus").unwrap();
    p.send_line(":help train_flops").unwrap();
    p.exp_string("train_flops(model, tokens, attention = ")
        .unwrap();
    p.exp_string("model FLOPs of training").unwrap();
    p.exp_string("source: Kaplan et al. 2020").unwrap();
    p.send_line(":help h").unwrap();
    p.exp_string("h: a unit of time; 1 h = 3600 s").unwrap();
    p.send_line(":help H100").unwrap();
    p.exp_string("989.5 TFLOP/s").unwrap();
    p.send_line("budget = $2M").unwrap();
    p.exp_string("budget = $2.00M").unwrap();
    p.send_line(":help budget").unwrap();
    p.exp_string("budget = $2M").unwrap();
    p.send_line(":help bugdet").unwrap();
    p.exp_string("did you mean `budget`?").unwrap();
    // A cell may still be called `help`.
    p.send_line("help = 3 h").unwrap();
    p.exp_string("help = 3.00 h").unwrap();
    p.send_line("help").unwrap();
    p.exp_string("= 3.00 h").unwrap();
    p.send_line("quit").unwrap();
    p.exp_eof().unwrap();
}

#[test]
fn a_loaded_block_prints_in_the_order_written_with_notes() {
    let scratch = Scratch::new("order");
    let script = scratch.path("block.llmc");
    std::fs::write(
        &script,
        "cluster = 16000 x H100 @ 38%\n3.79e25 FLOP / cluster -> days\nprice = $2/GPU/h\n",
    )
    .unwrap();
    let mut p = repl(&scratch.path("history"));
    p.send_line(&format!(":load {}", script.display())).unwrap();
    p.exp_string("cluster = 6.02 EFLOP/s   16,000 ").unwrap();
    p.exp_string(" H100 at 38.0% of the bf16 dense peak")
        .unwrap();
    p.exp_string("= 72.9 days").unwrap();
    p.exp_string("price = $2.00/GPU/h").unwrap();
    p.exp_string("loaded").unwrap();
    p.send_line("exit").unwrap();
    p.exp_eof().unwrap();
}

/// Types `keys` (Tab included) and expects the line with its live preview
/// hint, then presses Enter and expects the result.
fn preview_then_enter(p: &mut PtySession, keys: &str, previewed: &str, entered: &str) {
    p.send(keys).unwrap();
    p.flush().unwrap();
    p.exp_string(previewed).unwrap();
    p.send("\r").unwrap();
    p.flush().unwrap();
    p.exp_string(&format!("{entered}\r\n")).unwrap();
}

/// SPEC §2.6 and §5: a range is previewed as typed, stored when entered,
/// makes the cells that use it ranges, completes and previews its members,
/// and an assert that holds for part of it is reported as such.
#[test]
fn a_range_is_previewed_stored_and_propagated_with_its_members_and_asserts() {
    let scratch = Scratch::new("ranges");
    let mut p = repl(&scratch.path("history"));

    // The live preview shows the range before Enter.
    preview_then_enter(
        &mut p,
        "mfu = 35%..45%",
        "mfu = 35%..45%  = 35.0..45.0%",
        "mfu = 35.0..45.0%",
    );
    // A cell using it is a range: previewed, then entered.
    preview_then_enter(
        &mut p,
        "time = 1000 days * 40% / mfu",
        "40% / mfu  = 2.43..3.13 years",
        "time = 2.43..3.13 years",
    );
    p.send_line("time * 2").unwrap();
    p.exp_string("= 4.87..6.26 years").unwrap();

    // `.l` completes to `.low` (the only member so spelled), previewed;
    // `.h` and `.m` likewise. `.mid` is the cell at every input's midpoint
    // (40%: 1,000 days), not the mean of the bounds (2.78 years).
    preview_then_enter(&mut p, "time.l\t", "time.low  = 2.43 years", "= 2.43 years");
    preview_then_enter(
        &mut p,
        "time.h\t",
        "time.high  = 3.13 years",
        "= 3.13 years",
    );
    preview_then_enter(
        &mut p,
        "time.m\t -> days",
        "time.mid -> days  = 1,000 days",
        "= 1,000 days",
    );

    // An assert holding at some corners only fails, showing the range.
    p.send_line("assert time < 1100 days").unwrap();
    p.exp_string("assertion fails for part of the range: time < 1100 days")
        .unwrap();
    p.exp_string("889..1,140 days").unwrap();
    p.exp_string("it holds at some corners of the ranges but not all")
        .unwrap();
    // Narrowing the range recomputes its dependents; the assert now holds.
    p.send_line("mfu = 38%..43%").unwrap();
    p.exp_string("time = 2.55..2.88 years").unwrap();
    p.send_line("assert time < 1100 days").unwrap();
    // rexpect reads bytes as Latin-1: the tick ✓ is these three bytes.
    p.exp_string("\u{e2}\u{9c}\u{93} assert time < 1100 days\r\n")
        .unwrap();
    p.send_line(":quit").unwrap();
    p.exp_eof().unwrap();
}
