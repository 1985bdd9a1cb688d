//! Model architectures (`model NAME { … }`, SPEC §2.5), with the field
//! names the formulas read, their defaults, and parameter counts derived
//! from the architecture when a record leaves them out.

use super::architecture::{Architecture, Count, Experts, Mlp, PARAMS_TOLERANCE};
use crate::units::{Base, Dimension};

/// What a field holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FieldKind {
    Number(Dimension),
    /// One of the listed strings.
    Choice(&'static [&'static str]),
    /// `true` or `false`.
    Flag,
}

/// A field a model record may set: its name, kind, and meaning.
pub struct FieldSpec {
    pub name: &'static str,
    pub kind: FieldKind,
    pub meaning: &'static str,
}

/// A field's value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FieldValue {
    Number(f64),
    Choice(&'static str),
    Flag(bool),
}

const PARAMS: FieldKind = FieldKind::Number(Dimension::base(Base::Params));
const TOKENS: FieldKind = FieldKind::Number(Dimension::base(Base::Tokens));
const COUNT: FieldKind = FieldKind::Number(Dimension::NONE);

const fn field(name: &'static str, kind: FieldKind, meaning: &'static str) -> FieldSpec {
    FieldSpec {
        name,
        kind,
        meaning,
    }
}

pub const MODEL_FIELDS: &[FieldSpec] = &[
    field(
        "params",
        PARAMS,
        "total parameter count; default `param_count(model)`",
    ),
    field(
        "active_params",
        PARAMS,
        "parameters used per token (MoE); default `param_count(model, active = true)`, or `params` for a dense model",
    ),
    field("layers", COUNT, "transformer layers"),
    field("d_model", COUNT, "hidden size"),
    field("heads", COUNT, "attention (query) heads"),
    field("kv_heads", COUNT, "key/value heads; default `heads`"),
    field(
        "d_head",
        COUNT,
        "dimension per head; default `d_model / heads`",
    ),
    field("seq", TOKENS, "training sequence length"),
    field("vocab", COUNT, "vocabulary size"),
    field(
        "d_ff",
        COUNT,
        "feed-forward hidden size (per expert in an MoE)",
    ),
    field("experts", COUNT, "routed experts (MoE)"),
    field("top_k", COUNT, "routed experts per token (MoE)"),
    field(
        "shared_experts",
        COUNT,
        "experts every token uses (MoE); default 0",
    ),
    field(
        "mlp",
        FieldKind::Choice(&Mlp::NAMES),
        "\"gated\" (three d_model×d_ff matrices, as in SwiGLU; the default) or \"plain\" (two, as in GPT-3)",
    ),
    field(
        "tied",
        FieldKind::Flag,
        "input and output embeddings shared; default false",
    ),
    field(
        "kv_latent",
        COUNT,
        "multi-head latent attention: width cached per token per layer",
    ),
    field(
        "ctx",
        TOKENS,
        "maximum context; the training formulas use `seq`",
    ),
];

/// A model: each field's value (numbers in base units), `None` when not
/// given.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub name: String,
    values: [Option<FieldValue>; MODEL_FIELDS.len()],
    /// Where the figures come from, for built-in presets.
    pub source: Option<&'static str>,
}

fn index(field: &str) -> Option<usize> {
    MODEL_FIELDS.iter().position(|f| f.name == field)
}

/// Why a parameter count cannot be derived from a record.
#[derive(Debug, Clone, PartialEq)]
pub enum Underivable {
    /// The architecture fields the count needs that the record lacks.
    Missing(Vec<&'static str>),
    /// Latent attention's down- and up-projections are not in the
    /// convention (SPEC §3.3): such a model must give its counts.
    LatentAttention,
}

/// A given parameter count that the architecture contradicts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParamsMismatch {
    pub field: &'static str,
    pub given: f64,
    pub derived: f64,
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
    pub fn set(&mut self, field: &str, value: FieldValue) {
        let i = index(field).expect("a model field");
        self.values[i] = Some(value);
    }

    pub fn set_number(&mut self, field: &str, value: f64) {
        self.set(field, FieldValue::Number(value));
    }

    fn given_number(&self, field: &str) -> Option<f64> {
        match self.values[index(field)?]? {
            FieldValue::Number(v) => Some(v),
            _ => None,
        }
    }

    pub fn is_moe(&self) -> bool {
        self.given_number("experts").is_some()
    }

    /// A numeric field's value, with the defaults of SPEC §2.5 applied;
    /// a parameter count left out is derived from the architecture.
    pub fn get(&self, field: &str) -> Option<f64> {
        self.given_number(field).or_else(|| match field {
            "params" => self.param_count(Count::Total).ok(),
            "active_params" if self.is_moe() => self.param_count(Count::Active).ok(),
            "active_params" => self.get("params"),
            "kv_heads" => self.get("heads"),
            "d_head" => Some(self.get("d_model")? / self.get("heads")?),
            "shared_experts" if self.is_moe() => Some(0.0),
            _ => None,
        })
    }

    pub fn mlp(&self) -> Mlp {
        match self.values[index("mlp").expect("a field")] {
            Some(FieldValue::Choice(name)) => Mlp::from_name(name).expect("checked when set"),
            _ => Mlp::Gated,
        }
    }

    pub fn tied(&self) -> bool {
        matches!(
            self.values[index("tied").expect("a field")],
            Some(FieldValue::Flag(true))
        )
    }

    /// A field's value as it reads back (`model.mlp`), defaults applied.
    pub fn value(&self, field: &str) -> Option<FieldValue> {
        match MODEL_FIELDS[index(field)?].kind {
            FieldKind::Number(_) => self.get(field).map(FieldValue::Number),
            FieldKind::Choice(_) => Some(FieldValue::Choice(self.mlp().name())),
            FieldKind::Flag => Some(FieldValue::Flag(self.tied())),
        }
    }

    pub fn kind(field: &str) -> Option<FieldKind> {
        MODEL_FIELDS
            .iter()
            .find(|f| f.name == field)
            .map(|f| f.kind)
    }

    /// The fields that have a value (given, defaulted or derived), in
    /// table order.
    pub fn known(&self) -> impl Iterator<Item = (&'static str, FieldValue)> + '_ {
        MODEL_FIELDS
            .iter()
            .filter_map(|f| self.value(f.name).map(|v| (f.name, v)))
    }

    /// The architecture a parameter count is computed from.
    pub fn architecture(&self) -> Result<Architecture, Underivable> {
        if self.given_number("kv_latent").is_some() {
            return Err(Underivable::LatentAttention);
        }
        let mut missing = Vec::new();
        let mut need = |field: &'static str| {
            let value = self.get(field);
            if value.is_none() {
                missing.push(field);
            }
            value.unwrap_or(0.0)
        };
        let architecture = Architecture {
            vocab: need("vocab"),
            d_model: need("d_model"),
            layers: need("layers"),
            heads: need("heads"),
            kv_heads: self.get("kv_heads").unwrap_or(0.0),
            d_head: self.get("d_head").unwrap_or(0.0),
            d_ff: need("d_ff"),
            mlp: self.mlp(),
            tied: self.tied(),
            experts: self.given_number("experts").map(|routed| Experts {
                routed,
                top_k: self.given_number("top_k"),
            }),
            shared_experts: self.given_number("shared_experts").unwrap_or(0.0),
        };
        if missing.is_empty() {
            Ok(architecture)
        } else {
            Err(Underivable::Missing(missing))
        }
    }

    /// `param_count(model)` (SPEC §3.3), from the architecture alone.
    pub fn param_count(&self, count: Count) -> Result<f64, Underivable> {
        let architecture = self.architecture()?;
        architecture
            .param_count(count)
            .ok_or_else(|| Underivable::Missing(vec!["top_k"]))
    }

    /// What a formula needing `field` should tell the user when the record
    /// has no value for it: the fields that would give one.
    pub fn missing_for(&self, field: &str) -> Vec<&'static str> {
        let count = match field {
            "params" => Count::Total,
            "active_params" if self.is_moe() => Count::Active,
            "active_params" => return self.missing_for("params"),
            _ => {
                return MODEL_FIELDS
                    .iter()
                    .find(|f| f.name == field)
                    .map(|f| vec![f.name])
                    .unwrap_or_default();
            }
        };
        match self.param_count(count) {
            Err(Underivable::Missing(fields)) => fields,
            _ => Vec::new(),
        }
    }

    /// Given parameter counts that differ from the architecture's by more
    /// than 5% (SPEC §2.5), for a warning that shows both.
    pub fn params_mismatches(&self) -> Vec<ParamsMismatch> {
        let mut found = Vec::new();
        for (field, count) in [("params", Count::Total), ("active_params", Count::Active)] {
            if let (Some(given), Ok(derived)) = (self.given_number(field), self.param_count(count))
                && ((given - derived) / derived).abs() > PARAMS_TOLERANCE
            {
                found.push(ParamsMismatch {
                    field,
                    given,
                    derived,
                });
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(fields: &[(&str, f64)]) -> Model {
        let mut m = Model::new("m");
        for (field, value) in fields {
            m.set_number(field, *value);
        }
        m
    }

    #[test]
    fn defaults_follow_the_spec() {
        let mut m = record(&[("params", 70e9), ("d_model", 8192.0), ("heads", 64.0)]);
        assert_eq!(m.get("active_params"), Some(70e9));
        assert_eq!(m.get("kv_heads"), Some(64.0));
        assert_eq!(m.get("d_head"), Some(128.0));
        assert_eq!(m.get("layers"), None);
        assert_eq!(m.mlp(), Mlp::Gated);
        assert!(!m.tied());
        m.set_number("kv_heads", 8.0);
        m.set_number("d_head", 96.0);
        assert_eq!(m.get("kv_heads"), Some(8.0));
        assert_eq!(m.get("d_head"), Some(96.0));
    }

    const LLAMA3_8B: &[(&str, f64)] = &[
        ("layers", 32.0),
        ("d_model", 4096.0),
        ("heads", 32.0),
        ("kv_heads", 8.0),
        ("vocab", 128_256.0),
        ("d_ff", 14_336.0),
    ];

    #[test]
    fn params_left_out_are_derived() {
        let m = record(LLAMA3_8B);
        let derived = m.get("params").unwrap();
        assert!((derived - 8.03e9).abs() < 0.01e9, "{derived}");
        assert_eq!(m.get("active_params"), Some(derived));
        assert!(m.params_mismatches().is_empty());
    }

    #[test]
    fn an_moe_without_active_params_is_never_silently_dense() {
        let mut m = record(&[("params", 46.7e9), ("experts", 8.0), ("top_k", 2.0)]);
        assert_eq!(m.get("active_params"), None);
        assert_eq!(
            m.missing_for("active_params"),
            ["vocab", "d_model", "layers", "heads", "d_ff"]
        );
        for (field, value) in LLAMA3_8B {
            m.set_number(field, *value);
        }
        let active = m.get("active_params").unwrap();
        assert!(active < m.get("params").unwrap() / 3.0);
    }

    #[test]
    fn a_given_count_far_from_the_architecture_is_reported() {
        let mut m = record(LLAMA3_8B);
        m.set_number("params", 7.0e9);
        let found = m.params_mismatches();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].field, "params");
        m.set_number("params", 8.0e9);
        assert!(m.params_mismatches().is_empty());
    }

    #[test]
    fn latent_attention_is_not_counted_by_the_convention() {
        let mut m = record(LLAMA3_8B);
        m.set_number("kv_latent", 576.0);
        assert_eq!(m.get("params"), None);
        assert_eq!(
            m.param_count(Count::Total),
            Err(Underivable::LatentAttention)
        );
    }
}
