//! Placeholder while `--annotate` and `llmc doc` are written.

use std::path::PathBuf;

pub fn annotate_files(_files: &[PathBuf], _digits: u8) -> Result<bool, String> {
    Err("--annotate is not available yet".into())
}

pub fn doc(_files: &[PathBuf], _check: bool, _digits: u8) -> Result<bool, String> {
    Err("llmc doc is not available yet".into())
}
