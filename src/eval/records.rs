//! `model NAME { … }` and `accelerator NAME { … }`: evaluated fields → a
//! model or an accelerator, with every field checked by name and dimension.

use std::borrow::Cow;
use std::sync::Arc;

use super::eval_error::{EvalError, EvalResult, Kind};
use super::hints::describe;
use super::value::{ACCELERATOR_MEMBERS, Value};
use crate::knowledge::accelerator::{Accelerator, Peaks, Precision};
use crate::knowledge::model::{FieldKind, FieldValue as ModelField, MODEL_FIELDS, Model};
use crate::span::Span;
use crate::suggest::closest;
use crate::syntax::ast::Ident;
use crate::units::dimension::{D_BYTES, D_DEVICES, D_ENERGY, D_RATE, D_TIME};
use crate::units::{Dimension, Quantity};

/// One evaluated field: its name, value and the span of its expression.
pub type FieldValue = (Ident, Value, Span);

fn unknown_field(field: &Ident, record: &str, names: &[&str]) -> Box<EvalError> {
    let list = names.join(", ");
    let help = match closest(&field.name, names.iter().copied()) {
        Some(near) => format!("did you mean `{near}`? Fields: {list}"),
        None => format!("fields: {list}"),
    };
    EvalError::detail(
        Kind::Field,
        field.span,
        format!("{record} records have no field `{}`", field.name),
        "unknown field",
        Some(help),
    )
}

fn quantity(value: &Value, span: Span) -> EvalResult<Quantity> {
    value.as_quantity().ok_or_else(|| {
        EvalError::detail(
            Kind::Field,
            span,
            format!("expected a quantity, found {}", value.kind_name()),
            value.kind_name(),
            None,
        )
    })
}

fn wrong_dimension(
    field: &str,
    q: Quantity,
    span: Span,
    wanted: &str,
    bases: &[String],
) -> Box<EvalError> {
    EvalError::detail(
        Kind::Field,
        span,
        format!("`{field}` must be {wanted}"),
        describe(q.dim, bases),
        Some(format!("for example `{}`", example(field))),
    )
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
        "vendor" => "vendor = \"NVIDIA\"",
        f if Precision::from_name(f).is_some() => "bf16 = 500 TFLOPS",
        _ => "layers = 80",
    }
}

fn positive(field: &Ident, q: Quantity, span: Span) -> EvalResult<()> {
    if q.value > 0.0 {
        return Ok(());
    }
    Err(EvalError::detail(
        Kind::Field,
        span,
        format!("`{}` must be above zero", field.name),
        "not positive",
        None,
    ))
}

/// What to tell a user whose model has no value for `field`: the fields
/// that would give it one (a parameter count can be derived).
pub fn missing_fields_help(model: &Model, field: &str) -> String {
    let name = &model.name;
    let derivable = matches!(field, "params" | "active_params");
    if derivable && model.get("kv_latent").is_some() {
        return format!(
            "add `{field} = …` to model `{name}`: with `kv_latent` (latent attention) the count cannot be derived from the architecture"
        );
    }
    let missing = model.missing_for(field);
    if !derivable || missing.is_empty() {
        return format!("add `{field} = …` to model `{name}`");
    }
    let listed: Vec<String> = missing.iter().map(|f| format!("`{f}`")).collect();
    let moe = if field == "active_params" && model.is_moe() {
        " (it has `experts`, so it is not dense)"
    } else {
        ""
    };
    format!(
        "add `{field} = …` to model `{name}`{moe}, or {} to derive it from the architecture",
        listed.join(", ")
    )
}

fn field_value(
    field: &Ident,
    kind: FieldKind,
    value: &Value,
    span: Span,
    bases: &[String],
) -> EvalResult<ModelField> {
    match (kind, value) {
        (FieldKind::Flag, Value::Bool(flag)) => Ok(ModelField::Flag(*flag)),
        (FieldKind::Flag, other) => Err(EvalError::detail(
            Kind::Field,
            span,
            format!("`{}` is `true` or `false`", field.name),
            other.kind_name(),
            Some(format!("for example `{} = true`", field.name)),
        )),
        (FieldKind::Choice(choices), value) => {
            let meaning = MODEL_FIELDS
                .iter()
                .find(|f| f.name == field.name)
                .map_or("", |f| f.meaning);
            let listing = format!("`{}` is {meaning}", field.name);
            let Value::Text(text) = value else {
                return Err(EvalError::detail(
                    Kind::Field,
                    span,
                    format!("`{}` must be a string", field.name),
                    value.kind_name(),
                    Some(listing),
                ));
            };
            match choices.iter().find(|c| **c == text.as_ref()) {
                Some(choice) => Ok(ModelField::Choice(choice)),
                None => Err(EvalError::detail(
                    Kind::Field,
                    span,
                    format!("unknown {} \"{text}\"", field.name),
                    "not one of the choices",
                    Some(listing),
                )),
            }
        }
        (FieldKind::Number(dim), value) => {
            let q = quantity(value, span)?;
            number_field(field, dim, q, span, bases).map(ModelField::Number)
        }
    }
}

pub fn model(name: &Ident, fields: Vec<FieldValue>, bases: &[String]) -> EvalResult<Value> {
    let mut model = Model::new(name.name.clone());
    let names: Vec<&str> = MODEL_FIELDS.iter().map(|f| f.name).collect();
    for (field, value, span) in fields {
        let Some(kind) = Model::kind(&field.name) else {
            return Err(unknown_field(&field, "model", &names));
        };
        let value = field_value(&field, kind, &value, span, bases)?;
        model.set(&field.name, value);
    }
    Ok(Value::Model(Arc::new(model)))
}

fn number_field(
    field: &Ident,
    dim: Dimension,
    q: Quantity,
    span: Span,
    bases: &[String],
) -> EvalResult<f64> {
    {
        // A sequence length may be written as a plain number of tokens.
        let accepted =
            q.dim == dim || (dim == Dimension::base(crate::units::Base::Tokens) && q.dim.is_none());
        if !accepted {
            let wanted = if dim.is_none() {
                "a plain number".to_string()
            } else {
                dim.common_name()
                    .map_or_else(|| describe(dim, bases), str::to_string)
            };
            return Err(wrong_dimension(&field.name, q, span, &wanted, bases));
        }
        positive(field, q, span)?;
        Ok(q.value)
    }
}

/// An accelerator record's fields: the figures members read back (without
/// the derived `peak`), and its names.
fn accelerator_fields() -> Vec<&'static str> {
    ACCELERATOR_MEMBERS
        .iter()
        .copied()
        .filter(|m| *m != "peak")
        .chain(["vendor", "product"])
        .collect()
}

pub fn accelerator(name: &Ident, fields: Vec<FieldValue>, bases: &[String]) -> EvalResult<Value> {
    let mut peaks = Peaks::NONE;
    let mut chip = Accelerator {
        name: Cow::Owned(name.name.clone()),
        vendor: Cow::Borrowed("user"),
        product: Cow::Owned(name.name.clone()),
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
    // Fields describe one device: `/GPU` may be written or left out.
    let per_device =
        |q: Quantity, dim: Dimension| q.dim == dim || Some(q.dim) == dim.per(D_DEVICES);
    for (field, value, span) in fields {
        if matches!(field.name.as_str(), "vendor" | "product") {
            let Value::Text(text) = &value else {
                return Err(EvalError::detail(
                    Kind::Field,
                    span,
                    format!("`{}` must be a string", field.name),
                    value.kind_name(),
                    Some("for example `vendor = \"NVIDIA\"`".into()),
                ));
            };
            let text = Cow::Owned(text.to_string());
            if field.name == "vendor" {
                chip.vendor = text
            } else {
                chip.product = text
            }
            continue;
        }
        let fields = accelerator_fields();
        if !fields.contains(&field.name.as_str()) {
            return Err(unknown_field(&field, "accelerator", &fields));
        }
        let q = quantity(&value, span)?;
        let power = D_ENERGY.per(D_TIME).expect("small powers");
        let bandwidth = D_BYTES.per(D_TIME).expect("small powers");
        let (dim, wanted) = match field.name.as_str() {
            "memory" => (D_BYTES, "bytes per device"),
            "bandwidth" | "interconnect" => (bandwidth, "bytes per second per device"),
            "tdp" => (power, "watts per device"),
            "node" => (D_DEVICES, "a count of devices"),
            _ => (D_RATE, "FLOP/s per device"),
        };
        // `node = 8` and `node = 8 GPU` both count devices.
        let accepted = if field.name == "node" {
            q.dim == D_DEVICES || q.dim.is_none()
        } else {
            per_device(q, dim)
        };
        if !accepted {
            return Err(wrong_dimension(&field.name, q, span, wanted, bases));
        }
        positive(&field, q, span)?;
        match field.name.as_str() {
            "memory" => chip.memory_bytes = Some(q.value),
            "bandwidth" => chip.bandwidth_bytes_per_s = Some(q.value),
            "tdp" => chip.tdp_watts = Some(q.value),
            "node" => chip.node = Some(q.value),
            "interconnect" => chip.interconnect_bytes_per_s = Some(q.value),
            precision => {
                let precision = Precision::from_name(precision).expect("checked above");
                peaks.set(precision, q.value / 1e12);
            }
        }
    }
    if peaks.available().next().is_none() {
        return Err(EvalError::detail(
            Kind::Field,
            name.span,
            format!("accelerator `{}` has no peak", name.name),
            "no fp64 … fp4 field",
            Some("give at least one dense peak, for example `bf16 = 500 TFLOPS`".into()),
        ));
    }
    chip.peaks = peaks;
    Ok(Value::Accelerator(Arc::new(chip)))
}
