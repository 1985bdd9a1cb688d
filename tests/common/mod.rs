//! Helpers shared by the integration tests: running the real binary,
//! scratch directories, rendering a sheet's diagnostics as a user reads
//! them, and for the property tests what they do with an input (`fuzz`)
//! and the inputs they generate (`generators`).

// Each test crate includes this module and uses only some of it.
#![allow(dead_code)]

pub mod fuzz;
pub mod generators;

use std::path::{Path, PathBuf};
use std::process::Command;

use llmc::units::Quantity;
use llmc::{Render, Session, Sheet};

/// Generous stack for evaluating scripts, as the binary has (64 MiB).
pub const STACK_BYTES: usize = 64 << 20;

/// What one run of the binary did.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `llmc` in the crate's root (so `examples/…` paths work), without
/// colour.
pub fn llmc(args: &[&str]) -> Run {
    llmc_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// Runs `llmc` in `dir`, without colour.
pub fn llmc_in(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_llmc"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("running llmc");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs `f` on a thread with the binary's stack, so deep inputs behave as
/// they do for users; a panic fails the test.
pub fn on_big_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(STACK_BYTES)
        .spawn(f)
        .expect("spawning a thread")
        .join()
        .expect("no panic")
}

/// Every problem, then every warning, as a user reads them (plain text,
/// fixed width).
pub fn render(sheet: &Sheet) -> String {
    let source = sheet.source_text();
    let problems = sheet
        .problems
        .iter()
        .map(|p| Render::PLAIN.render_with(p.clone(), &source));
    let warnings = sheet
        .warnings
        .iter()
        .map(|w| Render::PLAIN.render_with(w.clone(), &source));
    problems.chain(warnings).collect::<Vec<_>>().join("\n")
}

/// A directory under the system's temporary one, removed when dropped.
pub struct Scratch {
    pub dir: PathBuf,
}

impl Scratch {
    pub fn new(tag: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("llmc-test-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a scratch directory");
        Scratch { dir }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, text).expect("writing a scratch file");
        path
    }

    pub fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path(name)).expect("reading a scratch file")
    }

    /// Runs `llmc` in the scratch directory, so paths in its output are the
    /// relative ones given.
    pub fn llmc(&self, args: &[&str]) -> Run {
        llmc_in(&self.dir, args)
    }

    /// Every file in the directory: no temporary file is ever left behind.
    pub fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&self.dir)
            .expect("listing the scratch directory")
            .map(|e| {
                e.expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        names
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Evaluates `source`, which must run without a problem, and returns the
/// quantity in `cell`.
pub fn quantity_in(source: &str, cell: &str) -> Quantity {
    let sheet = Session::from_source("test.llmc", source).evaluate();
    assert!(!sheet.has_errors(), "{source}\n{}", render(&sheet));
    sheet
        .cell(cell)
        .and_then(|c| c.outcome.value())
        .and_then(|v| v.as_quantity())
        .unwrap_or_else(|| panic!("`{cell}` is not a quantity in:\n{source}"))
}

/// The value of one expression, in base units (FLOP, s, J, …).
pub fn quantity(expression: &str) -> Quantity {
    quantity_in(&format!("result = {expression}"), "result")
}
