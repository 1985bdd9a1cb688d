//! A progress bar for sweeps longer than a moment (indicatif), on stderr
//! and only when stderr is a terminal: never in a pipe, a file or a CI log,
//! never mixed into stdout.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A sweep shows progress once it has run this long; `LLMC_PROGRESS_AFTER_MS`
/// sets another delay (a test needs the bar at once, whatever the speed).
fn progress_after() -> Duration {
    std::env::var("LLMC_PROGRESS_AFTER_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map_or(Duration::from_millis(500), Duration::from_millis)
}

pub struct Progress {
    /// `None` when stderr is no terminal.
    bar: Option<ProgressBar>,
    started: Instant,
    after: Duration,
    shown: bool,
}

impl Progress {
    pub fn new(total: usize) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            // Hidden until the sweep has run for a moment: a quick one
            // should not flash a bar.
            let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::hidden());
            bar.set_style(
                ProgressStyle::with_template(
                    "  sweeping {bar:32} {human_pos} of {human_len} points ({percent}%, {eta} left)",
                )
                .expect("a valid template")
                .progress_chars("█▉▊▋▌▍▎▏ "),
            );
            bar
        });
        Progress {
            bar,
            started: Instant::now(),
            after: progress_after(),
            shown: false,
        }
    }

    /// `done` points are finished.
    pub fn update(&mut self, done: usize) {
        let Some(bar) = &self.bar else {
            return;
        };
        if !self.shown && self.started.elapsed() >= self.after {
            self.shown = true;
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        bar.set_position(done as u64);
    }

    /// Clears the bar, leaving the terminal as it was.
    pub fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}
