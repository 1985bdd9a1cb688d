//! `llmc run --annotate` and `llmc doc`: thin frontends over the library's
//! `annotate` and `markdown` modules (a document's charts: `doc_plots`). Files are written atomically and only
//! when the whole sheet evaluated; a failed assert still lets the values be
//! written, is reported, and makes the command exit 1.

use std::path::{Path, PathBuf};

use llmc::annotate::{self, Rewrite, changed_lines};
use llmc::{files, markdown};

use crate::doc_plots::DocumentCharts;

/// The default of `--digits`, left out of the command we suggest.
const DEFAULT_DIGITS: u8 = 3;

pub fn annotate_files(paths: &[PathBuf], digits: u8) -> Result<bool, String> {
    let mut all_ok = true;
    for path in paths {
        all_ok &= annotate_file(path, digits);
    }
    Ok(all_ok)
}

pub fn doc(paths: &[PathBuf], check: bool, digits: u8) -> Result<bool, String> {
    let mut all_ok = true;
    for path in paths {
        all_ok &= doc_file(path, check, digits);
    }
    Ok(all_ok)
}

fn annotate_file(path: &Path, digits: u8) -> bool {
    if is_markdown(path) {
        eprintln!(
            "error: {0} looks like a Markdown document; `llmc doc {0}` annotates its ```llmc blocks",
            path.display()
        );
        return false;
    }
    let Some(text) = read(path) else {
        return false;
    };
    let rewrite = annotate::rewrite_script(path.display().to_string(), &text, usize::from(digits));
    let cells = rewrite.annotation.as_ref().map_or(0, |a| a.cells);
    write_back(
        path,
        &text,
        &rewrite,
        "annotated",
        &plural(cells, "cell", "cells"),
    )
}

fn doc_file(path: &Path, check: bool, digits: u8) -> bool {
    let Some(text) = read(path) else {
        return false;
    };
    let blocks = markdown::llmc_blocks(&text).len();
    if blocks == 0 && path.extension().is_some_and(|e| e == "llmc") {
        eprintln!(
            "error: {0} is an llmc script, not a Markdown document; `llmc run --annotate {0}` annotates it",
            path.display()
        );
        return false;
    }
    if blocks == 0 {
        outln!("{}: no ```llmc blocks", path.display());
        return true;
    }
    let rewrite = markdown::rewrite(path.display().to_string(), &text, usize::from(digits));
    let Some(charts) = DocumentCharts::read(path, &text) else {
        return false;
    };
    if check {
        let values_ok = check_file(path, &text, &rewrite, digits);
        // A document with errors has no charts to compare (said above).
        return rewrite.annotation.is_some()
            && charts.check(digits, &update_command(path, digits))
            && values_ok;
    }
    let cells = rewrite.annotation.as_ref().map_or(0, |a| a.cells);
    let written = write_back(
        path,
        &text,
        &rewrite,
        "updated",
        &format!(
            "{}, {}",
            plural(blocks, "block", "blocks"),
            plural(cells, "cell", "cells")
        ),
    );
    // Charts are drawn only from a document that evaluated.
    rewrite.annotation.is_some() && charts.update(digits) && written
}

/// `llmc doc [--digits N] FILE.md`: the command that brings a document up
/// to date.
fn update_command(path: &Path, digits: u8) -> String {
    let digits = if digits == DEFAULT_DIGITS {
        String::new()
    } else {
        format!(" --digits {digits}")
    };
    format!("llmc doc{digits} {}", path.display())
}

fn read(path: &Path) -> Option<String> {
    match crate::read_for_rewrite(path) {
        Ok(text) => Some(text),
        Err(message) => {
            eprintln!("error: {message}");
            None
        }
    }
}

/// Reports the sheet's problems and writes the annotated text if it may be
/// written and differs. True when nothing at all went wrong.
fn write_back(path: &Path, old: &str, rewrite: &Rewrite, done: &str, what: &str) -> bool {
    let clean = crate::report_problems(&rewrite.sheet);
    let Some(annotation) = &rewrite.annotation else {
        eprintln!(
            "error: {} is unchanged: it has errors (above); fix them and run again",
            path.display()
        );
        return false;
    };
    if annotation.text == old {
        outln!("{}: already up to date", path.display());
    } else if let Err(error) = files::write_atomically(path, &annotation.text) {
        eprintln!(
            "error: cannot write `{}`: {}; the file is unchanged",
            path.display(),
            crate::lowercase_first(&error.to_string())
        );
        return false;
    } else {
        outln!("{done} {} ({what})", path.display());
    }
    clean
}

/// `llmc doc --check`: changes nothing; false when a value is stale or an
/// assert fails.
fn check_file(path: &Path, old: &str, rewrite: &Rewrite, digits: u8) -> bool {
    let clean = crate::report_problems(&rewrite.sheet);
    let Some(annotation) = &rewrite.annotation else {
        eprintln!(
            "error: {} cannot be checked: it has errors (above)",
            path.display()
        );
        return false;
    };
    let changes = changed_lines(old, &annotation.text);
    if changes.is_empty() {
        if clean {
            outln!("{}: up to date", path.display());
        } else {
            let failed = rewrite.failed_asserts();
            eprintln!(
                "error: {}: the values are up to date, but {} failed",
                path.display(),
                plural(failed, "assert", "asserts")
            );
        }
        return clean;
    }
    for change in &changes {
        outln!("{}:{}", path.display(), change.line);
        if let Some(old) = &change.old {
            outln!("- {old}");
        }
        if let Some(new) = &change.new {
            outln!("+ {new}");
        }
    }
    outln!(
        "{}: {} stale; `{}` updates {}",
        path.display(),
        plural(changes.len(), "line is", "lines are"),
        update_command(path, digits),
        if changes.len() == 1 { "it" } else { "them" }
    );
    false
}

fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
