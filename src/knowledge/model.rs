//! Model architectures (`model NAME { … }`, SPEC §2.5), with the field
//! names the formulas read.

use crate::units::{Base, Dimension};

/// A field a model record may set: its name, dimension, and meaning.
pub struct FieldSpec {
    pub name: &'static str,
    pub dim: Dimension,
    pub meaning: &'static str,
}

const PARAMS: Dimension = Dimension::base(Base::Params);
const TOKENS: Dimension = Dimension::base(Base::Tokens);

pub const MODEL_FIELDS: &[FieldSpec] = &[
    FieldSpec {
        name: "params",
        dim: PARAMS,
        meaning: "total parameter count",
    },
    FieldSpec {
        name: "active_params",
        dim: PARAMS,
        meaning: "parameters used per token (MoE); default `params`",
    },
    FieldSpec {
        name: "layers",
        dim: Dimension::NONE,
        meaning: "transformer layers",
    },
    FieldSpec {
        name: "d_model",
        dim: Dimension::NONE,
        meaning: "hidden size",
    },
    FieldSpec {
        name: "heads",
        dim: Dimension::NONE,
        meaning: "attention (query) heads",
    },
    FieldSpec {
        name: "kv_heads",
        dim: Dimension::NONE,
        meaning: "key/value heads; default `heads`",
    },
    FieldSpec {
        name: "d_head",
        dim: Dimension::NONE,
        meaning: "dimension per head; default `d_model / heads`",
    },
    FieldSpec {
        name: "seq",
        dim: TOKENS,
        meaning: "training sequence length",
    },
    FieldSpec {
        name: "vocab",
        dim: Dimension::NONE,
        meaning: "vocabulary size",
    },
    FieldSpec {
        name: "d_ff",
        dim: Dimension::NONE,
        meaning: "feed-forward hidden size",
    },
    FieldSpec {
        name: "experts",
        dim: Dimension::NONE,
        meaning: "routed experts (MoE)",
    },
    FieldSpec {
        name: "top_k",
        dim: Dimension::NONE,
        meaning: "experts per token (MoE)",
    },
    FieldSpec {
        name: "ctx",
        dim: TOKENS,
        meaning: "maximum context; the training formulas use `seq`",
    },
];

/// A model: each field's value in base units (`None` when not given and
/// without a default).
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub name: String,
    values: [Option<f64>; MODEL_FIELDS.len()],
    /// Where the figures come from, for built-in presets.
    pub source: Option<&'static str>,
}

fn index(field: &str) -> Option<usize> {
    MODEL_FIELDS.iter().position(|f| f.name == field)
}

impl Model {
    pub fn new(name: impl Into<String>) -> Model {
        Model {
            name: name.into(),
            values: [None; MODEL_FIELDS.len()],
            source: None,
        }
    }

    /// Sets a field (a name from [`MODEL_FIELDS`]).
    pub fn set(&mut self, field: &str, value: f64) {
        let i = index(field).expect("a model field");
        self.values[i] = Some(value);
    }

    /// A field's value, with the defaults of SPEC §2.5 applied.
    pub fn get(&self, field: &str) -> Option<f64> {
        let given = self.values[index(field)?];
        given.or_else(|| match field {
            "active_params" => self.get("params"),
            "kv_heads" => self.get("heads"),
            "d_head" => Some(self.get("d_model")? / self.get("heads")?),
            _ => None,
        })
    }

    pub fn dimension(field: &str) -> Option<Dimension> {
        MODEL_FIELDS.iter().find(|f| f.name == field).map(|f| f.dim)
    }

    /// The fields that have a value (given or defaulted), in table order.
    pub fn known(&self) -> impl Iterator<Item = (&'static str, f64)> + '_ {
        MODEL_FIELDS
            .iter()
            .filter_map(|f| self.get(f.name).map(|v| (f.name, v)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_the_spec() {
        let mut m = Model::new("m");
        m.set("params", 70e9);
        m.set("d_model", 8192.0);
        m.set("heads", 64.0);
        assert_eq!(m.get("active_params"), Some(70e9));
        assert_eq!(m.get("kv_heads"), Some(64.0));
        assert_eq!(m.get("d_head"), Some(128.0));
        assert_eq!(m.get("layers"), None);
        m.set("kv_heads", 8.0);
        m.set("d_head", 96.0);
        assert_eq!(m.get("kv_heads"), Some(8.0));
        assert_eq!(m.get("d_head"), Some(96.0));
    }
}
