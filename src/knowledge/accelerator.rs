//! Accelerators: the per-device figures a cluster is built from.
//!
//! Built-in rows live in `accelerator_table.rs` as plain data; user records
//! (`accelerator NAME { … }`) produce the same [`Accelerator`] value, so every
//! place that takes a built-in chip takes a user's too.

use std::borrow::Cow;
use std::fmt;

use crate::vocabulary::Named;

/// Numeric precisions an accelerator may have a dense peak for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Precision {
    Fp64,
    Fp32,
    Tf32,
    Bf16,
    Fp16,
    Fp8,
    Fp4,
}

impl Named for Precision {
    const ALL: &'static [Precision] = &[
        Precision::Fp64,
        Precision::Fp32,
        Precision::Tf32,
        Precision::Bf16,
        Precision::Fp16,
        Precision::Fp8,
        Precision::Fp4,
    ];
    const NAMES: &'static [&'static str] = &["fp64", "fp32", "tf32", "bf16", "fp16", "fp8", "fp4"];

    fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// Case-insensitive: `H100:BF16` reads as `H100:bf16`.
    fn from_name(name: &str) -> Option<Precision> {
        Precision::ALL
            .iter()
            .copied()
            .find(|p| p.name().eq_ignore_ascii_case(name))
    }
}

impl fmt::Display for Precision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Dense peak throughput per precision, in TFLOP/s per device.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Peaks([Option<f64>; 7]);

impl Peaks {
    pub const NONE: Peaks = Peaks([None; 7]);

    /// Builder used by the static table: `Peaks::NONE.with(Precision::Bf16, 989.5)`.
    pub const fn with(mut self, precision: Precision, tflops: f64) -> Peaks {
        self.0[precision as usize] = Some(tflops);
        self
    }

    pub fn get(&self, precision: Precision) -> Option<f64> {
        self.0[precision as usize]
    }

    pub fn set(&mut self, precision: Precision, tflops: f64) {
        self.0[precision as usize] = Some(tflops);
    }

    pub fn available(&self) -> impl Iterator<Item = (Precision, f64)> + '_ {
        Precision::ALL
            .iter()
            .filter_map(|p| self.get(*p).map(|v| (*p, v)))
    }
}

/// One accelerator package ("GPU"), as the vendor sells it.
#[derive(Debug, Clone, PartialEq)]
pub struct Accelerator {
    /// The llmc name, e.g. `H100`; matched case-insensitively.
    pub name: Cow<'static, str>,
    pub vendor: Cow<'static, str>,
    /// The product as the vendor names it, e.g. `H100 SXM5 80GB`.
    pub product: Cow<'static, str>,
    /// Dense peaks in TFLOP/s per device.
    pub peaks: Peaks,
    /// Memory per device in bytes (decimal).
    pub memory_bytes: Option<f64>,
    /// Memory bandwidth per device in bytes per second.
    pub bandwidth_bytes_per_s: Option<f64>,
    /// Thermal design power per device in watts.
    pub tdp_watts: Option<f64>,
    /// Devices per server or scale-up domain (8 for HGX H100, 72 for GB200
    /// NVL72, 4 for a TPU v4 host).
    pub node: Option<f64>,
    /// Scale-up bandwidth per device in bytes per second, both directions
    /// together as vendors quote it (NVLink 4: 900 GB/s on H100).
    pub interconnect_bytes_per_s: Option<f64>,
    /// Where `node` and `interconnect` come from, or why they are left out.
    pub scale_up_source: Cow<'static, str>,
    pub launch_year: Option<u16>,
    /// Where each figure comes from.
    pub sources: Cow<'static, str>,
    pub notes: Cow<'static, str>,
}

impl Accelerator {
    /// The precision an MFU refers to when none is written: bf16, or fp16
    /// where the chip has no bf16 (SPEC §2.4).
    pub fn default_precision(&self) -> Option<Precision> {
        [Precision::Bf16, Precision::Fp16]
            .into_iter()
            .find(|p| self.peaks.get(*p).is_some())
    }

    /// Dense peak in FLOP/s per device for a precision.
    pub fn peak_flops(&self, precision: Precision) -> Option<f64> {
        self.peaks.get(precision).map(|t| t * 1e12)
    }
}
