//! Writing files that llmc rewrites (`--annotate`, `llmc doc`, the REPL's
//! `:save`) so that a reader never sees one half-written (SPEC §7).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Writes `text` to `path` through a temporary file in the same directory
/// and a rename: readers see the old file or the new one, never a mix, and
/// a failure (a full disk, a permission) leaves the old file as it was.
///
/// An existing file keeps its permissions, owner and group; a symbolic link
/// stays a link and the file it points to is replaced. A file that is not
/// writable, or that has several hard links (a rename would split it from
/// the others), is refused. The temporary file is removed if the process is
/// interrupted (SIGINT, SIGTERM), and ones left by a process that died are
/// removed on the next write.
pub fn write_atomically(path: &Path, text: &str) -> io::Result<()> {
    let target = resolve_links(path)?;
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".to_string());
    let existing = match fs::metadata(&target) {
        Ok(metadata) => {
            refuse_unsafe_rewrite(&target, &metadata)?;
            Some(metadata)
        }
        Err(error) if error.kind() == io::ErrorKind::NotFound => None,
        Err(error) => return Err(error),
    };
    remove_stale_temporaries(&dir, &name);
    let _interrupt = interrupt::Guard::install();
    let (temporary, mut file) = create_temporary(&dir, &name)?;
    interrupt::set_pending(Some(&temporary));
    let written = (|| {
        if let Some(metadata) = &existing {
            keep_owner(&file, metadata)?;
        }
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        drop(file);
        if let Some(metadata) = &existing {
            fs::set_permissions(&temporary, metadata.permissions())?;
        }
        fs::rename(&temporary, &target)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    interrupt::set_pending(None);
    written
}

/// A read-only file stays read-only, even for root, and a file with other
/// hard links is not silently split from them.
fn refuse_unsafe_rewrite(target: &Path, metadata: &fs::Metadata) -> io::Result<()> {
    if metadata.permissions().readonly() || OpenOptions::new().write(true).open(target).is_err() {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "the file is read-only (make it writable, e.g. `chmod u+w`, to let llmc update it)",
        ));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let links = metadata.nlink();
        if links > 1 {
            return Err(io::Error::other(format!(
                "the file has {links} hard links; replacing it would leave the other names with the old text (copy it to a file of its own first)"
            )));
        }
    }
    Ok(())
}

/// The new file gets the old one's owner and group (when root rewrites a
/// user's file); a user who cannot keep them gets an error, not a file that
/// silently changed hands.
#[cfg(unix)]
fn keep_owner(file: &File, old: &fs::Metadata) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let new = file.metadata()?;
    if (new.uid(), new.gid()) == (old.uid(), old.gid()) {
        return Ok(());
    }
    std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid())).map_err(|error| {
        io::Error::new(
            error.kind(),
            format!("cannot keep the file's owner and group ({error})"),
        )
    })
}

#[cfg(not(unix))]
fn keep_owner(_file: &File, _old: &fs::Metadata) -> io::Result<()> {
    Ok(())
}

/// `.NAME.llmc-PID-N.tmp` files for this target whose process is gone: a
/// rewrite that was killed (SIGKILL, a power cut) before it could clean up.
fn remove_stale_temporaries(dir: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let prefix = format!(".{name}.llmc-");
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name
            .to_str()
            .and_then(|n| n.strip_prefix(&prefix))
            .and_then(|n| n.strip_suffix(".tmp"))
        else {
            continue;
        };
        let pid = rest.split_once('-').and_then(|(pid, n)| {
            n.parse::<u64>().ok()?;
            pid.parse::<u32>().ok()
        });
        if let Some(pid) = pid
            && pid != std::process::id()
            && !interrupt::process_alive(pid)
        {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The file a path names, following symbolic links (a dangling link names
/// the file it would create).
fn resolve_links(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    // A loop of links fails to open anyway; stop following after a while.
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(metadata) if metadata.file_type().is_symlink() => {
                let link = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(parent) if link.is_relative() => parent.join(link),
                    _ => link,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// A new file beside the target, never one that already exists.
fn create_temporary(dir: &Path, name: &str) -> io::Result<(PathBuf, File)> {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let temporary = dir.join(format!(".{name}.llmc-{}-{n}.tmp", std::process::id()));
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)
        {
            Ok(file) => return Ok((temporary, file)),
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists && n < 1000 => continue,
            Err(error) => return Err(error),
        }
    }
}

/// Removing the temporary file when the process is interrupted mid-write.
/// The handler may only make async-signal-safe calls: it unlinks the path
/// published before the write began, restores the default action and
/// raises the signal again, so the process ends as it would have.
#[cfg(unix)]
mod interrupt {
    use std::ffi::{CString, c_char, c_int};
    use std::path::Path;
    use std::sync::atomic::{AtomicPtr, Ordering};

    const SIGNALS: [c_int; 2] = [libc::SIGINT, libc::SIGTERM];

    /// The temporary file being written, as a C string (null when none).
    static PENDING: AtomicPtr<c_char> = AtomicPtr::new(std::ptr::null_mut());

    extern "C" fn on_signal(signal: c_int) {
        let path = PENDING.swap(std::ptr::null_mut(), Ordering::SeqCst);
        // SAFETY: unlink, signal and raise are async-signal-safe; `path` is a
        // leaked CString that nothing frees while it is published.
        unsafe {
            if !path.is_null() {
                libc::unlink(path);
            }
            libc::signal(signal, libc::SIG_DFL);
            libc::raise(signal);
        }
    }

    /// The handlers for the length of one write; the previous ones after.
    pub struct Guard {
        previous: [libc::sighandler_t; SIGNALS.len()],
    }

    impl Guard {
        pub fn install() -> Guard {
            let handler = on_signal as extern "C" fn(c_int) as libc::sighandler_t;
            // SAFETY: installing a handler that only makes async-signal-safe calls.
            let previous = SIGNALS.map(|signal| unsafe { libc::signal(signal, handler) });
            Guard { previous }
        }
    }

    impl Drop for Guard {
        fn drop(&mut self) {
            for (signal, previous) in SIGNALS.iter().zip(self.previous) {
                // SAFETY: restores the handler that was installed before.
                unsafe { libc::signal(*signal, previous) };
            }
        }
    }

    /// Publishes the path the handler removes (or clears it).
    pub fn set_pending(path: Option<&Path>) {
        use std::os::unix::ffi::OsStrExt;
        let new = path
            .and_then(|p| CString::new(p.as_os_str().as_bytes()).ok())
            .map_or(std::ptr::null_mut(), CString::into_raw);
        let old = PENDING.swap(new, Ordering::SeqCst);
        if !old.is_null() {
            // SAFETY: `old` came from `CString::into_raw` and is no longer published.
            drop(unsafe { CString::from_raw(old) });
        }
    }

    pub fn process_alive(pid: u32) -> bool {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        // SAFETY: signal 0 only checks that the process exists.
        let status = unsafe { libc::kill(pid, 0) };
        status == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
    }
}

#[cfg(not(unix))]
mod interrupt {
    use std::path::Path;

    pub struct Guard;

    impl Guard {
        pub fn install() -> Guard {
            Guard
        }
    }

    pub fn set_pending(_path: Option<&Path>) {}

    /// Without a way to ask, every process counts as alive: nothing is removed.
    pub fn process_alive(_pid: u32) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("llmc-files-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn writes_a_new_file_and_replaces_an_old_one() {
        let dir = scratch("replace");
        let path = dir.join("plan.llmc");
        write_atomically(&path, "a = 1\n").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "a = 1\n");
        write_atomically(&path, "a = 2\n").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "a = 2\n");
        let left: Vec<_> = fs::read_dir(&dir).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file is left behind");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn keeps_permissions_and_symbolic_links() {
        use std::os::unix::fs::PermissionsExt;
        let dir = scratch("links");
        let path = dir.join("plan.llmc");
        fs::write(&path, "a = 1\n").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.join("link.llmc");
        std::os::unix::fs::symlink("plan.llmc", &link).unwrap();
        write_atomically(&link, "a = 3\n").unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read_to_string(&path).unwrap(), "a = 3\n");
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_missing_directory_is_an_error_that_leaves_nothing() {
        let dir = scratch("missing");
        let path = dir.join("no/such/dir/plan.llmc");
        assert!(write_atomically(&path, "a = 1\n").is_err());
        fs::remove_dir_all(&dir).unwrap();
    }
}
