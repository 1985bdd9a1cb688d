//! `model NAME { … }` and `accelerator NAME { … }`: evaluated fields → a
//! model or an accelerator, with every field checked by name and dimension.

use std::borrow::Cow;
use std::sync::Arc;

use super::eval_error::{EvalError, EvalResult};
use super::hints::describe;
use super::value::Value;
use crate::knowledge::accelerator::{Accelerator, Peaks, Precision};
use crate::knowledge::model::{FieldKind, FieldValue as ModelValue, Model, ModelField};
use crate::span::Span;
use crate::suggest::one_of;
use crate::syntax::ast::Ident;
use crate::units::dimension::{D_BANDWIDTH, D_BYTES, D_DEVICES, D_POWER, D_RATE, D_TOKENS};
use crate::units::{Dimension, Quantity};
use crate::vocabulary::{Named, named_enum};

/// One evaluated field: its name, value and the span of its expression.
pub type FieldValue = (Ident, Value, Span);

named_enum! {
    /// A field an accelerator record may set: the figures its members read
    /// back (without the derived `peak`), and its names.
    pub enum AcceleratorField {
        Fp64 => "fp64",
        Fp32 => "fp32",
        Tf32 => "tf32",
        Bf16 => "bf16",
        Fp16 => "fp16",
        Fp8 => "fp8",
        Fp4 => "fp4",
        Memory => "memory",
        Bandwidth => "bandwidth",
        Tdp => "tdp",
        Node => "node",
        Interconnect => "interconnect",
        Vendor => "vendor",
        Product => "product",
    }
}

impl AcceleratorField {
    fn precision(self) -> Option<Precision> {
        Precision::from_name(self.name())
    }

    /// The dimension per device a figure has, and its words.
    fn figure(self) -> Option<(Dimension, &'static str)> {
        Some(match self {
            AcceleratorField::Memory => (D_BYTES, "bytes per device"),
            AcceleratorField::Bandwidth | AcceleratorField::Interconnect => {
                (D_BANDWIDTH, "bytes per second per device")
            }
            AcceleratorField::Node => (D_DEVICES, "a count of devices"),
            AcceleratorField::Tdp => (D_POWER, "watts per device"),
            AcceleratorField::Vendor | AcceleratorField::Product => return None,
            _ => (D_RATE, "FLOP/s per device"),
        })
    }
}

fn field_name<T: Named>(field: &Ident, record: &'static str) -> EvalResult<T> {
    T::from_name(&field.name).ok_or_else(|| {
        Box::new(EvalError::UnknownField {
            span: field.span,
            record,
            field: field.name.to_string(),
            fields: one_of(&field.name, T::NAMES, "fields", ", "),
        })
    })
}

fn quantity(value: &Value, span: Span) -> EvalResult<Quantity> {
    value.as_quantity().ok_or_else(|| {
        Box::new(EvalError::FieldNotAQuantity {
            span,
            kind: value.kind_name(),
        })
    })
}

fn example(field: &str) -> &'static str {
    match field {
        "params" | "active_params" => "params = 70B params",
        "seq" | "ctx" => "seq = 8192 tokens",
        "memory" => "memory = 96 GB",
        "bandwidth" => "bandwidth = 4 TB/s",
        "tdp" => "tdp = 700 W",
        "node" => "node = 8 GPU",
        "interconnect" => "interconnect = 900 GB/s",
        f if Precision::from_name(f).is_some() => "bf16 = 500 TFLOPS",
        _ => "layers = 80",
    }
}

/// A field whose quantity has another dimension than the one `wanted`.
fn wrong_dimension(field: &Ident, span: Span, wanted: String, found: String) -> Box<EvalError> {
    Box::new(EvalError::FieldDimension {
        span,
        field: field.name.to_string(),
        wanted,
        found,
        example: example(&field.name),
    })
}

fn positive(field: &Ident, q: Quantity, span: Span) -> EvalResult<f64> {
    if q.value > 0.0 {
        return Ok(q.value);
    }
    Err(Box::new(EvalError::FieldNotPositive {
        span,
        field: field.name.to_string(),
    }))
}

/// What to tell a user whose model has no value for `field`: add it, or
/// (for a parameter count) the fields that would derive it.
#[derive(Debug, Clone, PartialEq)]
pub struct MissingField {
    pub model: String,
    pub field: ModelField,
    pub derivation: Derivation,
}

/// How a missing field could be had instead of written.
#[derive(Debug, Clone, PartialEq)]
pub enum Derivation {
    /// Only by giving it.
    None,
    /// Latent attention's projections are outside the convention.
    LatentAttention,
    /// From these architecture fields; `moe` when the model has experts,
    /// so it is not dense.
    From { fields: Vec<ModelField>, moe: bool },
}

impl std::fmt::Display for MissingField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (field, name) = (self.field, &self.model);
        write!(f, "add `{field} = …` to model `{name}`")?;
        match &self.derivation {
            Derivation::None => Ok(()),
            Derivation::LatentAttention => write!(
                f,
                ": with `kv_latent` (latent attention) the count cannot be derived from the architecture"
            ),
            Derivation::From { fields, moe } => {
                let listed: Vec<String> = fields.iter().map(|f| format!("`{f}`")).collect();
                if *moe {
                    f.write_str(" (it has `experts`, so it is not dense)")?;
                }
                write!(
                    f,
                    ", or {} to derive it from the architecture",
                    listed.join(", ")
                )
            }
        }
    }
}

pub fn missing_field(model: &Model, field: ModelField) -> MissingField {
    let derivable = matches!(field, ModelField::Params | ModelField::ActiveParams);
    let derivation = if !derivable {
        Derivation::None
    } else if model.get(ModelField::KvLatent).is_some() {
        Derivation::LatentAttention
    } else {
        let fields = model.missing_for(field);
        if fields.is_empty() {
            Derivation::None
        } else {
            Derivation::From {
                fields,
                moe: field == ModelField::ActiveParams && model.is_moe(),
            }
        }
    };
    MissingField {
        model: model.name.clone(),
        field,
        derivation,
    }
}

/// One model field's value, checked against what the field holds.
fn model_field_value(
    field: &Ident,
    which: ModelField,
    value: &Value,
    span: Span,
    bases: &[String],
) -> EvalResult<ModelValue> {
    match (which.kind(), value) {
        (FieldKind::Flag, Value::Bool(flag)) => Ok(ModelValue::Flag(*flag)),
        (FieldKind::Flag, other) => Err(Box::new(EvalError::FieldNotFlag {
            span,
            field: which.name(),
            kind: other.kind_name(),
        })),
        (FieldKind::Choice(choices), value) => {
            let meaning = which.spec().meaning;
            let Value::Text(text) = value else {
                return Err(Box::new(EvalError::ChoiceFieldNotText {
                    span,
                    field: which.name(),
                    kind: value.kind_name(),
                    meaning,
                }));
            };
            match choices.iter().find(|c| **c == text.as_ref()) {
                Some(choice) => Ok(ModelValue::Choice(choice)),
                None => Err(Box::new(EvalError::UnknownFieldChoice {
                    span,
                    field: which.name(),
                    text: text.to_string(),
                    meaning,
                })),
            }
        }
        (FieldKind::Number(dim), value) => {
            let q = quantity(value, span)?;
            // A sequence length may be written as a plain number of tokens.
            let accepted = q.dim == dim || (dim == D_TOKENS && q.dim.is_none());
            if !accepted {
                let wanted = if dim.is_none() {
                    "a plain number".to_string()
                } else {
                    dim.common_name()
                        .map_or_else(|| describe(dim, bases), str::to_string)
                };
                return Err(wrong_dimension(field, span, wanted, describe(q.dim, bases)));
            }
            positive(field, q, span).map(ModelValue::Number)
        }
    }
}

pub fn model(name: &Ident, fields: Vec<FieldValue>, bases: &[String]) -> EvalResult<Value> {
    let mut model = Model::new(name.name.clone());
    for (field, value, span) in fields {
        let which = field_name::<ModelField>(&field, "model")?;
        let value = model_field_value(&field, which, &value, span, bases)?;
        model.set(which, value);
    }
    Ok(Value::Model(Arc::new(model)))
}

pub fn accelerator(name: &Ident, fields: Vec<FieldValue>, bases: &[String]) -> EvalResult<Value> {
    let mut peaks = Peaks::NONE;
    let mut chip = Accelerator {
        name: Cow::Owned(name.name.to_string()),
        vendor: Cow::Borrowed("user"),
        product: Cow::Owned(name.name.to_string()),
        peaks,
        memory_bytes: None,
        bandwidth_bytes_per_s: None,
        tdp_watts: None,
        node: None,
        interconnect_bytes_per_s: None,
        scale_up_source: Cow::Borrowed("defined in the script"),
        launch_year: None,
        sources: Cow::Borrowed("defined in the script"),
        notes: Cow::Borrowed(""),
    };
    for (field, value, span) in fields {
        let which = field_name::<AcceleratorField>(&field, "accelerator")?;
        let Some((dim, wanted)) = which.figure() else {
            let Value::Text(text) = &value else {
                return Err(Box::new(EvalError::FieldNotText {
                    span,
                    field: which.name(),
                    kind: value.kind_name(),
                }));
            };
            let text = Cow::Owned(text.to_string());
            match which {
                AcceleratorField::Vendor => chip.vendor = text,
                _ => chip.product = text,
            }
            continue;
        };
        let q = quantity(&value, span)?;
        // Fields describe one device: `/GPU` may be written or left out;
        // `node = 8` and `node = 8 GPU` both count devices.
        let accepted = match which {
            AcceleratorField::Node => q.dim == D_DEVICES || q.dim.is_none(),
            _ => q.dim == dim || Some(q.dim) == dim.per(D_DEVICES),
        };
        if !accepted {
            return Err(wrong_dimension(
                &field,
                span,
                wanted.into(),
                describe(q.dim, bases),
            ));
        }
        let figure = positive(&field, q, span)?;
        match (which, which.precision()) {
            (_, Some(precision)) => peaks.set(precision, figure / 1e12),
            (AcceleratorField::Memory, _) => chip.memory_bytes = Some(figure),
            (AcceleratorField::Bandwidth, _) => chip.bandwidth_bytes_per_s = Some(figure),
            (AcceleratorField::Node, _) => chip.node = Some(figure),
            (AcceleratorField::Interconnect, _) => chip.interconnect_bytes_per_s = Some(figure),
            _ => chip.tdp_watts = Some(figure),
        }
    }
    if peaks.available().next().is_none() {
        return Err(Box::new(EvalError::AcceleratorWithoutPeak {
            span: name.span,
            name: name.name.to_string(),
        }));
    }
    chip.peaks = peaks;
    Ok(Value::Accelerator(Arc::new(chip)))
}
