//! Standard output for every command. A failed write (a full disk,
//! `> /dev/full`, a closed descriptor) is remembered and makes the command
//! exit 1 with a message; a reader that went away (`llmc run … | head`) is
//! not a failure: the rest of the output is dropped quietly and the exit
//! status is what the command itself decided, as for `cat` under
//! `set -o pipefail` without SIGPIPE.

use std::fmt;
use std::io::{self, Write};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// The reader closed the pipe: nothing more is written.
static READER_GONE: AtomicBool = AtomicBool::new(false);
/// Standard output was closed before llmc started (`llmc run x >&-`).
static CLOSED: AtomicBool = AtomicBool::new(false);
/// The first write that failed for another reason.
static FAILURE: Mutex<Option<String>> = Mutex::new(None);

/// Notes whether standard output was closed when llmc started. Rust's
/// runtime reopens a closed descriptor 1 on `/dev/null` for reading and
/// writing before `main`; a shell's `> /dev/null` opens it write-only, so
/// only the runtime's stand-in counts as closed.
pub fn check_open() {
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        use std::os::unix::fs::MetadataExt;
        let fd = io::stdout().as_raw_fd();
        // SAFETY: F_GETFL only reads the descriptor's flags.
        let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
        let read_write = flags >= 0 && flags & libc::O_ACCMODE == libc::O_RDWR;
        let on_null = std::fs::metadata("/dev/null").is_ok_and(|null| {
            std::fs::metadata("/proc/self/fd/1").is_ok_and(|out| {
                (out.dev(), out.ino(), out.rdev()) == (null.dev(), null.ino(), null.rdev())
            })
        });
        if flags < 0 || (read_write && on_null) {
            CLOSED.store(true, Ordering::Relaxed);
        }
    }
}

/// Whether the reader has gone.
fn reader_gone() -> bool {
    READER_GONE.load(Ordering::Relaxed)
}

/// Whether nothing more will be written: the reader has gone or a write
/// failed. Long outputs (sweeps) stop here instead of computing what would
/// be dropped.
pub fn stopped() -> bool {
    reader_gone() || failed()
}

pub fn print(args: fmt::Arguments) {
    write_with(|out| out.write_fmt(args));
}

pub fn write_bytes(bytes: &[u8]) {
    write_with(|out| out.write_all(bytes));
}

/// Output written in pieces through a buffer (a large sheet's JSON is
/// never held whole), its failures noted as any write's.
pub fn write_buffered(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) {
    write_with(|out| {
        let mut buffered = io::BufWriter::new(out);
        write(&mut buffered)?;
        buffered.flush()
    });
}

fn write_with(write: impl FnOnce(&mut io::StdoutLock) -> io::Result<()>) {
    if stopped() {
        return;
    }
    if CLOSED.load(Ordering::Relaxed) {
        record("standard output is closed".into());
        return;
    }
    if let Err(error) = write(&mut io::stdout().lock()) {
        note(error);
    }
}

fn note(error: io::Error) {
    if error.kind() == io::ErrorKind::BrokenPipe {
        READER_GONE.store(true, Ordering::Relaxed);
    } else {
        record(error.to_string());
    }
}

fn failed() -> bool {
    FAILURE.lock().is_ok_and(|failure| failure.is_some())
}

fn record(message: String) {
    if let Ok(mut failure) = FAILURE.lock() {
        failure.get_or_insert(message);
    }
}

/// Flushes what is buffered; the error of the first write that failed.
pub fn finish() -> Result<(), String> {
    if !reader_gone()
        && !CLOSED.load(Ordering::Relaxed)
        && let Err(error) = io::stdout().lock().flush()
    {
        note(error);
    }
    match FAILURE.lock().ok().and_then(|mut f| f.take()) {
        Some(message) => Err(format!(
            "cannot write to standard output: {}",
            crate::lowercase_first(&message)
        )),
        None => Ok(()),
    }
}
