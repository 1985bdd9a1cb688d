//! `llmc fmt [--check] FILE…`: a thin frontend over the library's `fmt`.
//! Files are written atomically and only when they change; a file with
//! syntax errors is left as it is.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use llmc::fmt::{self, DocumentKind};
use llmc::{Problem, Render, files};

pub fn fmt(paths: &[PathBuf], check: bool) -> Result<bool, String> {
    let mut all_ok = true;
    let mut would_change = 0;
    for path in paths {
        match format_file(path, check) {
            Some(true) => {}
            Some(false) => would_change += 1,
            None => all_ok = false,
        }
    }
    if check && would_change > 0 {
        eprintln!(
            "{would_change} {} not formatted; `llmc fmt` without `--check` formats {}",
            if would_change == 1 {
                "file is"
            } else {
                "files are"
            },
            if would_change == 1 { "it" } else { "them" }
        );
    }
    Ok(all_ok && !(check && would_change > 0))
}

/// Formats one file: `Some(true)` when it was (or is now) formatted,
/// `Some(false)` when `--check` found it would change, `None` on an error.
fn format_file(path: &Path, check: bool) -> Option<bool> {
    let text = match crate::read_for_rewrite(path) {
        Ok(text) => text,
        Err(message) => {
            eprintln!("error: {message}");
            return None;
        }
    };
    let name = path.display().to_string();
    let formatted = match fmt::format(&text, DocumentKind::of_name(&name)) {
        Ok(formatted) => formatted,
        Err(errors) => {
            let render = Render {
                color: crate::color_for(std::io::stderr().is_terminal()),
                ..Render::PLAIN
            };
            let mut stderr = std::io::stderr().lock();
            for error in errors {
                let _ = write!(
                    stderr,
                    "{}",
                    render.render(Problem::Syntax(error), &name, &text)
                );
            }
            let _ = writeln!(
                stderr,
                "error: {name} is unchanged: it has syntax errors (above)"
            );
            return None;
        }
    };
    if formatted == text {
        return Some(true);
    }
    if check {
        outln!("{name}");
        return Some(false);
    }
    match files::write_atomically(path, &formatted) {
        Ok(()) => {
            outln!("formatted {name}");
            Some(true)
        }
        Err(error) => {
            eprintln!(
                "error: cannot write `{name}`: {}; the file is unchanged",
                crate::lowercase_first(&error.to_string())
            );
            None
        }
    }
}
