//! What a cell can hold.

use std::sync::Arc;

use crate::knowledge::accelerator::{Accelerator, Precision};
use crate::knowledge::model::Model;
use crate::units::dimension::{D_BYTES, D_DEVICES, D_ENERGY, D_RATE, D_TIME};
use crate::units::{Dimension, Quantity};

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

    /// The members users can read, with their values (all totals).
    pub fn member(&self, name: &str) -> Option<Value> {
        let total = |per_device: Option<f64>, dim: Dimension| {
            per_device.map(|v| Value::Quantity(Quantity::new(v * self.gpus, dim)))
        };
        let power = D_ENERGY.per(D_TIME).expect("small powers");
        Some(match name {
            "gpus" => Value::Quantity(Quantity::new(self.gpus, D_DEVICES)),
            "peak" => Value::Quantity(self.peak()),
            "rate" => Value::Quantity(self.rate()),
            "mfu" => Value::Quantity(Quantity::number(self.mfu)),
            "memory" => return total(self.accelerator.memory_bytes, D_BYTES),
            "bandwidth" => {
                return total(
                    self.accelerator.bandwidth_bytes_per_s,
                    D_BYTES.per(D_TIME).expect("small powers"),
                );
            }
            "power" => return total(self.accelerator.tdp_watts, power),
            "accelerator" => Value::Accelerator(self.accelerator.clone()),
            _ => return None,
        })
    }

    pub const MEMBERS: [&'static str; 8] = [
        "gpus",
        "peak",
        "rate",
        "mfu",
        "memory",
        "bandwidth",
        "power",
        "accelerator",
    ];
}

/// Per-device members of an accelerator (SPEC §2.4: `H100.bf16` is FLOP/s/GPU).
pub fn accelerator_member(accelerator: &Accelerator, name: &str) -> Option<Option<Quantity>> {
    let per_gpu = |dim: Dimension| dim.per(D_DEVICES).expect("small powers");
    if let Some(precision) = Precision::from_name(name) {
        return Some(
            accelerator
                .peak_flops(precision)
                .map(|v| Quantity::new(v, per_gpu(D_RATE))),
        );
    }
    let power = D_ENERGY.per(D_TIME).expect("small powers");
    Some(match name {
        "memory" => accelerator
            .memory_bytes
            .map(|v| Quantity::new(v, per_gpu(D_BYTES))),
        "bandwidth" => accelerator
            .bandwidth_bytes_per_s
            .map(|v| Quantity::new(v, per_gpu(D_BYTES.per(D_TIME).expect("small powers")))),
        "tdp" => accelerator
            .tdp_watts
            .map(|v| Quantity::new(v, per_gpu(power))),
        "node" => accelerator.node.map(|v| Quantity::new(v, D_DEVICES)),
        "interconnect" => accelerator
            .interconnect_bytes_per_s
            .map(|v| Quantity::new(v, per_gpu(D_BYTES.per(D_TIME).expect("small powers")))),
        "peak" => accelerator
            .default_precision()
            .and_then(|p| accelerator.peak_flops(p))
            .map(|v| Quantity::new(v, per_gpu(D_RATE))),
        _ => return None,
    })
}

pub const ACCELERATOR_MEMBERS: [&str; 13] = [
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
