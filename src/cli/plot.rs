//! `llmc run … --plot FILE.svg`: the flag checked before anything runs,
//! its errors drawn against the flag as typed, and the chart written
//! atomically (a reader never sees half a chart, a failure leaves the old
//! file as it was).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use llmc::plot::{self, PlotError};
use llmc::{Render, Span, files};

/// The `--plot` value as typed: what its errors are drawn against.
pub struct Target<'a> {
    pub text: &'a str,
}

impl Target<'_> {
    pub fn span(&self) -> Span {
        Span::new(0, self.text.len())
    }

    pub fn path(&self) -> &Path {
        Path::new(self.text)
    }

    /// Usage errors (exit 2): not `.svg`, nothing to draw, several scripts.
    pub fn check_usage(
        &self,
        files: &[PathBuf],
        sweeps: bool,
        tornado: bool,
    ) -> Result<(), PlotError> {
        plot::check_target(self.text, self.span())?;
        if !sweeps && !tornado {
            return Err(PlotError::NothingToPlot { span: self.span() });
        }
        if files.len() > 1 {
            return Err(PlotError::SeveralScripts {
                span: self.span(),
                count: files.len(),
            });
        }
        Ok(())
    }

    /// Whether the chart can be written where it is asked for, checked
    /// before a long sweep runs for nothing.
    pub fn check_writable(&self) -> Result<(), PlotError> {
        let path = self.path();
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        let reason = if path.is_dir() {
            Some("it is a directory".to_string())
        } else if !dir.is_dir() {
            Some(format!("there is no directory `{}`", dir.display()))
        } else {
            None
        };
        match reason {
            Some(reason) => Err(self.cannot_write(reason)),
            None => Ok(()),
        }
    }

    fn cannot_write(&self, reason: String) -> PlotError {
        PlotError::CannotWrite {
            span: self.span(),
            path: self.text.to_string(),
            reason,
        }
    }

    /// Writes the chart; says so on stderr (stdout carries the table).
    pub fn write(&self, svg: &str, what: &str) -> bool {
        match files::write_atomically(self.path(), svg) {
            Ok(()) => {
                eprintln!("drew {what} in {}", self.text);
                true
            }
            Err(error) => {
                let reason = crate::lowercase_first(&error.to_string());
                self.report(self.cannot_write(reason));
                false
            }
        }
    }

    pub fn report(&self, error: PlotError) {
        eprint!("{}", render(error, "--plot", self.text));
    }
}

/// A chart's error drawn against the text that named the chart's file.
pub fn render(error: PlotError, name: &str, text: &str) -> String {
    let render = Render {
        color: crate::color_for(std::io::stderr().is_terminal()),
        ..Render::PLAIN
    };
    render.render(error, name, text)
}
