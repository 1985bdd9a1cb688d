//! What a cell can hold.

use std::sync::Arc;

use super::eval_error::EvalError;
use crate::knowledge::accelerator::{Accelerator, Precision};
use crate::knowledge::model::Model;
use crate::span::Span;
use crate::units::dimension::{D_BANDWIDTH, D_BYTES, D_DEVICES, D_POWER, D_RATE};
use crate::units::{Dimension, Quantity};
use crate::vocabulary::{Named, named_enum};

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Quantity(Quantity),
    Text(Arc<str>),
    Bool(bool),
    Accelerator(Arc<Accelerator>),
    Cluster(Arc<Cluster>),
    Model(Arc<Model>),
    /// A function's result with named parts (`chinchilla_optimal(C).params`).
    Breakdown(Arc<Breakdown>),
}

/// Named quantities returned together.
#[derive(Debug, Clone, PartialEq)]
pub struct Breakdown {
    pub parts: Vec<(&'static str, Quantity)>,
}

impl Breakdown {
    pub fn get(&self, name: &str) -> Option<Quantity> {
        self.parts.iter().find(|(n, _)| *n == name).map(|(_, q)| *q)
    }
}

impl Value {
    /// What the value is, for messages ("an accelerator").
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::Quantity(_) => "a quantity",
            Value::Text(_) => "a string",
            Value::Bool(_) => "a boolean",
            Value::Accelerator(_) => "an accelerator",
            Value::Cluster(_) => "a cluster",
            Value::Model(_) => "a model",
            Value::Breakdown(_) => "a breakdown",
        }
    }

    /// Whether every number the value carries is finite: NaN and infinities
    /// never leave the evaluator (SPEC §6), whichever operation or built-in
    /// made them. Accelerators and models hold only figures that were
    /// checked when their records were evaluated.
    pub fn is_finite(&self) -> bool {
        match self {
            Value::Quantity(q) => q.value.is_finite(),
            Value::Cluster(c) => {
                c.gpus.is_finite() && c.peak().value.is_finite() && c.rate().value.is_finite()
            }
            Value::Breakdown(b) => b.parts.iter().all(|(_, q)| q.value.is_finite()),
            Value::Text(_) | Value::Bool(_) | Value::Accelerator(_) | Value::Model(_) => true,
        }
    }

    /// Whether any number the value carries is NaN (rather than infinite).
    pub(crate) fn has_nan(&self) -> bool {
        match self {
            Value::Quantity(q) => q.value.is_nan(),
            Value::Cluster(c) => c.rate().value.is_nan(),
            Value::Breakdown(b) => b.parts.iter().any(|(_, q)| q.value.is_nan()),
            _ => false,
        }
    }

    /// The number this value stands for in arithmetic: a cluster stands for
    /// its effective rate (SPEC §2.4).
    pub fn as_quantity(&self) -> Option<Quantity> {
        match self {
            Value::Quantity(q) => Some(*q),
            Value::Cluster(c) => Some(c.rate()),
            _ => None,
        }
    }
}

/// `COUNT x ACCEL[:PRECISION] @ UTIL`.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    pub gpus: f64,
    pub accelerator: Arc<Accelerator>,
    pub precision: Precision,
    /// Dense peak of the chosen precision, FLOP/s per device.
    pub peak_per_device: f64,
    /// Fraction of the peak achieved (MFU).
    pub mfu: f64,
}

impl Cluster {
    pub fn peak(&self) -> Quantity {
        Quantity::new(self.gpus * self.peak_per_device, D_RATE)
    }

    pub fn rate(&self) -> Quantity {
        Quantity::new(self.gpus * self.peak_per_device * self.mfu, D_RATE)
    }

    /// A member's value (all totals); `None` when the chip lacks the figure.
    pub fn member(&self, member: ClusterMember) -> Option<Value> {
        let total = |per_device: Option<f64>, dim: Dimension| {
            per_device.map(|v| Value::Quantity(Quantity::new(v * self.gpus, dim)))
        };
        Some(match member {
            ClusterMember::Gpus => Value::Quantity(Quantity::new(self.gpus, D_DEVICES)),
            ClusterMember::Peak => Value::Quantity(self.peak()),
            ClusterMember::Rate => Value::Quantity(self.rate()),
            ClusterMember::Mfu => Value::Quantity(Quantity::number(self.mfu)),
            ClusterMember::Memory => return total(self.accelerator.memory_bytes, D_BYTES),
            ClusterMember::Bandwidth => {
                return total(self.accelerator.bandwidth_bytes_per_s, D_BANDWIDTH);
            }
            ClusterMember::Power => return total(self.accelerator.tdp_watts, D_POWER),
            ClusterMember::Accelerator => Value::Accelerator(self.accelerator.clone()),
        })
    }
}

named_enum! {
    /// What `cluster.NAME` reads.
    pub enum ClusterMember {
        Gpus => "gpus",
        Peak => "peak",
        Rate => "rate",
        Mfu => "mfu",
        Memory => "memory",
        Bandwidth => "bandwidth",
        Power => "power",
        Accelerator => "accelerator",
    }
}

/// What `ACCELERATOR.NAME` reads: per-device figures (SPEC §2.4:
/// `H100.bf16` is FLOP/s/GPU).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcceleratorMember {
    /// The dense peak at one precision.
    PeakAt(Precision),
    /// The dense peak at the default precision (bf16, else fp16).
    Peak,
    Memory,
    Bandwidth,
    Tdp,
    /// GPUs per server or scale-up domain.
    Node,
    /// Scale-up bandwidth per GPU.
    Interconnect,
}

impl Named for AcceleratorMember {
    const ALL: &'static [AcceleratorMember] = &[
        AcceleratorMember::PeakAt(Precision::Fp64),
        AcceleratorMember::PeakAt(Precision::Fp32),
        AcceleratorMember::PeakAt(Precision::Tf32),
        AcceleratorMember::PeakAt(Precision::Bf16),
        AcceleratorMember::PeakAt(Precision::Fp16),
        AcceleratorMember::PeakAt(Precision::Fp8),
        AcceleratorMember::PeakAt(Precision::Fp4),
        AcceleratorMember::Peak,
        AcceleratorMember::Memory,
        AcceleratorMember::Bandwidth,
        AcceleratorMember::Tdp,
        AcceleratorMember::Node,
        AcceleratorMember::Interconnect,
    ];
    const NAMES: &'static [&'static str] = &[
        "fp64",
        "fp32",
        "tf32",
        "bf16",
        "fp16",
        "fp8",
        "fp4",
        "peak",
        "memory",
        "bandwidth",
        "tdp",
        "node",
        "interconnect",
    ];

    /// Precisions read case-insensitively, as after `:` (`H100.BF16`).
    fn from_name(name: &str) -> Option<AcceleratorMember> {
        if let Some(precision) = Precision::from_name(name) {
            return Some(AcceleratorMember::PeakAt(precision));
        }
        let index = Self::NAMES.iter().position(|n| *n == name)?;
        Some(Self::ALL[index])
    }
}

impl AcceleratorMember {
    /// The figure per device; `None` when the chip lacks it.
    pub fn of(self, accelerator: &Accelerator) -> Option<Quantity> {
        let per_gpu = |dim: Dimension| dim.per(D_DEVICES).expect("small powers");
        match self {
            AcceleratorMember::PeakAt(precision) => accelerator
                .peak_flops(precision)
                .map(|v| Quantity::new(v, per_gpu(D_RATE))),
            AcceleratorMember::Peak => accelerator
                .default_precision()
                .and_then(|p| accelerator.peak_flops(p))
                .map(|v| Quantity::new(v, per_gpu(D_RATE))),
            AcceleratorMember::Memory => accelerator
                .memory_bytes
                .map(|v| Quantity::new(v, per_gpu(D_BYTES))),
            AcceleratorMember::Bandwidth => accelerator
                .bandwidth_bytes_per_s
                .map(|v| Quantity::new(v, per_gpu(D_BANDWIDTH))),
            AcceleratorMember::Tdp => accelerator
                .tdp_watts
                .map(|v| Quantity::new(v, per_gpu(D_POWER))),
            AcceleratorMember::Node => accelerator.node.map(|v| Quantity::new(v, D_DEVICES)),
            AcceleratorMember::Interconnect => accelerator
                .interconnect_bytes_per_s
                .map(|v| Quantity::new(v, per_gpu(D_BANDWIDTH))),
        }
    }
}

/// The error for a value used where a number is needed.
pub(crate) fn not_a_number(value: &Value, span: Span) -> Box<EvalError> {
    Box::new(match value {
        Value::Accelerator(a) => EvalError::AcceleratorNotANumber {
            span,
            name: a.name.to_string(),
        },
        Value::Text(_) => EvalError::TextNotANumber { span },
        Value::Bool(_) => EvalError::BoolNotANumber { span },
        other => EvalError::NotANumber {
            span,
            kind: other.kind_name(),
        },
    })
}
