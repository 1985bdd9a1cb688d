//! Files and streams under hostile conditions (issue 10): rewrites refuse
//! files they would damage and never leave temporary files behind; stdout
//! failures exit 1 while a reader that went away stays quiet; byte-order
//! marks, invalid UTF-8 and `-` for standard input.

#![cfg(unix)]

mod common;

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::Scratch;

fn bash(scratch: &Scratch, script: &str) -> common::Run {
    let output = Command::new("bash")
        .args(["-o", "pipefail", "-c", script])
        .current_dir(&scratch.dir)
        .env("LLMC", env!("CARGO_BIN_EXE_llmc"))
        .env("NO_COLOR", "1")
        .output()
        .expect("running bash");
    common::Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// In every format: JSON is streamed through a buffer of its own, and once
/// dropped its errors.
const FORMATS: [&str; 4] = ["human", "json", "csv", "markdown"];

#[test]
fn a_full_disk_on_stdout_exits_1() {
    let scratch = Scratch::new("dev-full");
    scratch.write("plan.llmc", "a = 1\n");
    for format in FORMATS {
        let run = bash(
            &scratch,
            &format!("\"$LLMC\" run plan.llmc --format {format} > /dev/full"),
        );
        assert_eq!(run.code, Some(1), "{format}: {}", run.stderr);
        assert!(
            run.stderr
                .contains("cannot write to standard output: no space left on device"),
            "{format}: {}",
            run.stderr
        );
    }
}

#[test]
fn a_closed_stdout_exits_1_but_dev_null_is_fine() {
    let scratch = Scratch::new("closed-stdout");
    scratch.write("plan.llmc", "a = 1\n");
    for format in FORMATS {
        let closed = bash(
            &scratch,
            &format!("\"$LLMC\" run plan.llmc --format {format} >&-"),
        );
        assert_eq!(closed.code, Some(1), "{format}: {}", closed.stderr);
        assert!(
            closed.stderr.contains("standard output is closed"),
            "{format}: {}",
            closed.stderr
        );
    }
    let null = bash(&scratch, "\"$LLMC\" run plan.llmc > /dev/null");
    assert_eq!((null.code, null.stderr.as_str()), (Some(0), ""));
    // `check` writes nothing to stdout, so a closed one does not matter.
    let check = bash(&scratch, "\"$LLMC\" check plan.llmc >&-");
    assert_eq!((check.code, check.stderr.as_str()), (Some(0), ""));
}

#[test]
fn a_reader_that_goes_away_is_not_an_error() {
    let scratch = Scratch::new("closed-pipe");
    let script: String = (0..20_000).map(|i| format!("c{i} = {i}\n")).collect();
    scratch.write("many.llmc", &script);
    let run = bash(&scratch, "\"$LLMC\" run many.llmc | head -1");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stdout, "c0      0\n");
    assert_eq!(run.stderr, "");
}

#[test]
fn a_read_only_file_is_refused_and_left_alone() {
    let scratch = Scratch::new("read-only");
    let path = scratch.write("plan.llmc", "a = 1\n");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let run = scratch.llmc(&["run", "--annotate", "plan.llmc"]);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert!(
        run.stderr.contains("the file is read-only"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("the file is unchanged"),
        "{}",
        run.stderr
    );
    assert_eq!(scratch.read("plan.llmc"), "a = 1\n");
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o444);

    scratch.write("plan.md", "```llmc\na = 1\n```\n");
    let md = scratch.path("plan.md");
    std::fs::set_permissions(&md, std::fs::Permissions::from_mode(0o444)).unwrap();
    let run = scratch.llmc(&["doc", "plan.md"]);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert!(run.stderr.contains("read-only"), "{}", run.stderr);
    assert_eq!(scratch.read("plan.md"), "```llmc\na = 1\n```\n");
    assert_eq!(scratch.files(), vec!["plan.llmc", "plan.md"]);
}

#[test]
fn a_file_with_several_hard_links_is_refused_with_an_explanation() {
    let scratch = Scratch::new("hard-links");
    let path = scratch.write("plan.llmc", "a = 1\n");
    std::fs::hard_link(&path, scratch.path("other.llmc")).unwrap();
    let run = scratch.llmc(&["run", "--annotate", "plan.llmc"]);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert!(
        run.stderr.contains("the file has 2 hard links"),
        "{}",
        run.stderr
    );
    assert_eq!(scratch.read("plan.llmc"), "a = 1\n");
    let meta = std::fs::metadata(&path).unwrap();
    assert_eq!(meta.nlink(), 2, "still one file under two names");
}

#[test]
fn root_keeps_the_owner_and_group_of_the_file_it_rewrites() {
    let scratch = Scratch::new("owner");
    let path = scratch.write("plan.llmc", "a = 1\n");
    // Giving a file away needs root; as another user this test shows only
    // that a file of one's own keeps its owner.
    let (uid, gid) = (4242, 4343);
    let given_away = std::os::unix::fs::chown(&path, Some(uid), Some(gid)).is_ok();
    let before = std::fs::metadata(&path).unwrap();
    let run = scratch.llmc(&["run", "--annotate", "plan.llmc"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(scratch.read("plan.llmc"), "a = 1  # => 1\n");
    let after = std::fs::metadata(&path).unwrap();
    assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
    if given_away {
        assert_eq!((after.uid(), after.gid()), (uid, gid));
    }
}

#[test]
fn stale_temporary_files_of_dead_processes_are_removed_on_the_next_run() {
    let scratch = Scratch::new("stale-temp");
    scratch.write("plan.llmc", "a = 1\n");
    let mut child = Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let alive = std::process::id();
    scratch.write(&format!(".plan.llmc.llmc-{dead}-0.tmp"), "a = ");
    scratch.write(&format!(".plan.llmc.llmc-{alive}-3.tmp"), "a = ");
    scratch.write(&format!(".other.llmc.llmc-{dead}-0.tmp"), "b = ");
    let run = scratch.llmc(&["run", "--annotate", "plan.llmc"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        scratch.files(),
        vec![
            format!(".other.llmc.llmc-{dead}-0.tmp"),
            format!(".plan.llmc.llmc-{alive}-3.tmp"),
            "plan.llmc".to_string(),
        ],
        "only this file's temporaries of dead processes go"
    );
}

#[test]
fn an_interrupted_rewrite_leaves_no_temporary_file() {
    let scratch = Scratch::new("interrupt");
    // Big enough that writing and syncing takes a while.
    let script: String = (0..60_000).map(|i| format!("c{i} = {i} * 2\n")).collect();
    scratch.write("plan.llmc", &script);
    for (attempt, signal) in ["TERM", "INT"].iter().cycle().take(12).enumerate() {
        let mut child = Command::new(env!("CARGO_BIN_EXE_llmc"))
            .args(["run", "--annotate", "plan.llmc"])
            .current_dir(&scratch.dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(20 * attempt as u64));
        let _ = Command::new("kill")
            .args([&format!("-{signal}"), &child.id().to_string()])
            .status();
        child.wait().unwrap();
        let temporaries: Vec<String> = scratch
            .files()
            .into_iter()
            .filter(|f| f.ends_with(".tmp"))
            .collect();
        assert!(
            temporaries.is_empty(),
            "SIG{signal} after {attempt}: {temporaries:?}"
        );
        let text = scratch.read("plan.llmc");
        assert!(
            text == script || text.lines().count() == 60_000,
            "never half-written"
        );
        scratch.write("plan.llmc", &script);
    }
}

#[test]
fn a_byte_order_mark_is_accepted_and_kept() {
    let scratch = Scratch::new("bom");
    scratch.write("plan.llmc", "\u{FEFF}a = 2\nb = a * 3\n");
    let run = scratch.llmc(&["run", "plan.llmc"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (Some(0), "a  2\nb  6\n"),
        "{}",
        run.stderr
    );
    let run = scratch.llmc(&["run", "--annotate", "plan.llmc"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        scratch.read("plan.llmc"),
        "\u{FEFF}a = 2      # => 2\nb = a * 3  # => 6\n"
    );
    let again = scratch.llmc(&["run", "--annotate", "plan.llmc"]);
    assert_eq!(again.stdout, "plan.llmc: already up to date\n");
}

#[test]
fn invalid_utf8_is_reported_with_its_byte_offset() {
    let scratch = Scratch::new("utf8");
    std::fs::write(scratch.path("bad.llmc"), b"a = 1\nb = \"\xff\"\n").unwrap();
    let run = scratch.llmc(&["run", "bad.llmc"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .contains("byte 0xFF at offset 11 (line 2) is not valid UTF-8"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_dash_reads_standard_input() {
    let scratch = Scratch::new("stdin-dash");
    let run = bash(&scratch, "printf 'a = 2\\nb = a + 1\\n' | \"$LLMC\" run -");
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (Some(0), "a  2\nb  3\n"),
        "{}",
        run.stderr
    );
    let run = bash(&scratch, "printf 'a = nosuch\\n' | \"$LLMC\" check -");
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("<stdin>:1:5"), "{}", run.stderr);
    let run = bash(&scratch, "printf 'a = 2\\n' | \"$LLMC\" run --annotate -");
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("cannot be rewritten"), "{}", run.stderr);
}

/// Found by `tests/fuzz_frontends.rs`: a swept value that is no statement
/// at all (`;`, a comment) once panicked.
#[test]
fn a_swept_value_with_no_expression_is_an_error_not_a_panic() {
    let scratch = Scratch::new("sweep-empty");
    scratch.write("plan.llmc", "params = 1\nb = params * 2\n");
    for value in [";", "# nothing"] {
        let run = scratch.llmc(&["run", "plan.llmc", "--sweep", &format!("params={value}")]);
        assert_eq!(run.code, Some(1), "{value}: {}", run.stderr);
        assert!(
            run.stderr.contains("a swept value is one expression"),
            "{value}: {}",
            run.stderr
        );
    }
    // A trailing `;` or comment once hid the value's cell: a panic too.
    let run = scratch.llmc(&["run", "plan.llmc", "--sweep", "params=3 ;,4 # four"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout.contains('6') && run.stdout.contains('8'),
        "{}",
        run.stdout
    );
}
