//! `llmc completions SHELL` (clap_complete) and `llmc man` (clap_mangen),
//! SPEC §4: every shell's script names every command, bash's parses, and
//! the manual documents every command and option.

mod common;

use common::llmc;

const COMMANDS: [&str; 10] = [
    "run",
    "eval",
    "check",
    "doc",
    "fmt",
    "lsp",
    "completions",
    "man",
    "gpus",
    "help",
];

#[test]
fn every_shell_gets_a_script_naming_every_command() {
    for (shell, marker) in [
        ("bash", "complete -F _llmc"),
        ("zsh", "#compdef llmc"),
        ("fish", "complete -c llmc"),
        ("elvish", "edit:completion:arg-completer[llmc]"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let run = llmc(&["completions", shell]);
        assert_eq!(run.code, Some(0), "{shell}: {}", run.stderr);
        assert!(
            run.stdout.contains(marker),
            "{shell} script lacks `{marker}`"
        );
        for command in COMMANDS {
            assert!(
                run.stdout.contains(command),
                "{shell} script lacks `{command}`"
            );
        }
        assert!(
            run.stdout.contains("annotate"),
            "{shell}: options are completed too"
        );
    }
}

#[test]
fn the_bash_script_is_valid_bash() {
    let script = llmc(&["completions", "bash"]).stdout;
    let check = std::process::Command::new("bash")
        .args(["-n", "-c", &script])
        .output()
        .expect("running bash");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let run = llmc(&["completions", "tcsh"]);
    let offered = "possible values: bash, elvish, fish, powershell, zsh";
    assert_eq!(
        (run.code, run.stderr.contains(offered)),
        (Some(2), true),
        "{}",
        run.stderr
    );
}

#[test]
fn the_manual_documents_every_command_and_option() {
    let run = llmc(&["man"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let page = run.stdout;
    assert!(page.contains(".TH llmc 1"), "a title line");
    for section in [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH DESCRIPTION",
        ".SH COMMANDS",
        ".SH VERSION",
    ] {
        assert!(page.contains(section), "no `{section}`");
    }
    for command in COMMANDS.iter().filter(|c| **c != "help") {
        assert!(
            page.contains(&format!(".SS \"llmc {command}")),
            "no section for `{command}`"
        );
    }
    for option in [
        "\\-\\-set",
        "\\-\\-sweep",
        "\\-\\-annotate",
        "\\-\\-check",
        "\\-\\-digits",
    ] {
        assert!(
            page.contains(&format!("\\fB{option}\\fR")),
            "option `{option}` undocumented"
        );
    }
    // roff: minus signs escaped, non-ASCII as named glyphs, no line that a
    // formatter would read as a request by accident.
    assert!(
        page.contains("NAME=V1,V2,\\[u2026]"),
        "the ellipsis is a glyph"
    );
    assert!(page.is_ascii(), "roff input is ASCII");
    for line in page.lines().filter(|l| l.starts_with('.')) {
        let request = line
            .trim_start_matches('.')
            .split_whitespace()
            .next()
            .unwrap_or("");
        assert!(
            [
                "TH", "SH", "SS", "TP", "ie", "el", "PP", "RS", "RE", "br", "IP", "B", "I", "TQ"
            ]
            .contains(&request),
            "unexpected roff request in `{line}`"
        );
    }
}
