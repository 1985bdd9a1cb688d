//! Model architectures (`model NAME { … }`, SPEC §2.5), with the field
//! names the formulas read, their defaults, and parameter counts derived
//! from the architecture when a record leaves them out.

use super::architecture::{self, Architecture, Count, Mlp, PARAMS_TOLERANCE};
use crate::units::{Base, Dimension};
use crate::vocabulary::{Named, named_enum};

/// What a field holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FieldKind {
    Number(Dimension),
    /// One of the listed strings.
    Choice(&'static [&'static str]),
    /// `true` or `false`.
    Flag,
}

/// What a model field holds and means.
pub struct FieldSpec {
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

/// Defines [`ModelField`] and its table in one list: one row per field.
macro_rules! model_fields {
    ($( $variant:ident => $word:literal, $kind:expr, $meaning:expr; )+) => {
        named_enum! {
            /// A field a model record may set (SPEC §2.5).
            pub enum ModelField { $( $variant => $word ),+ }
        }

        const SPECS: &[FieldSpec] = &[$(FieldSpec { kind: $kind, meaning: $meaning }),+];
    };
}

model_fields! {
    Params => "params", PARAMS,
        "total parameter count; default `param_count(model)`";
    ActiveParams => "active_params", PARAMS,
        "parameters used per token (MoE); default `param_count(model, active = true)`, or `params` for a dense model";
    Layers => "layers", COUNT, "transformer layers";
    DModel => "d_model", COUNT, "hidden size";
    Heads => "heads", COUNT, "attention (query) heads";
    KvHeads => "kv_heads", COUNT, "key/value heads; default `heads`";
    DHead => "d_head", COUNT, "dimension per head; default `d_model / heads`";
    Seq => "seq", TOKENS, "training sequence length";
    Vocab => "vocab", COUNT, "vocabulary size";
    DFf => "d_ff", COUNT, "feed-forward hidden size (per expert in an MoE)";
    Experts => "experts", COUNT, "routed experts (MoE)";
    TopK => "top_k", COUNT, "routed experts per token (MoE)";
    SharedExperts => "shared_experts", COUNT, "experts every token uses (MoE); default 0";
    Mlp => "mlp", FieldKind::Choice(Mlp::NAMES),
        "\"gated\" (three d_model×d_ff matrices, as in SwiGLU; the default) or \"plain\" (two, as in GPT-3)";
    Tied => "tied", FieldKind::Flag, "input and output embeddings shared; default false";
    KvLatent => "kv_latent", COUNT, "multi-head latent attention: width cached per token per layer";
    Ctx => "ctx", TOKENS, "maximum context; the training formulas use `seq`";
}

impl ModelField {
    pub fn spec(self) -> &'static FieldSpec {
        &SPECS[self as usize]
    }

    pub fn kind(self) -> FieldKind {
        self.spec().kind
    }
}

/// A model: each field's value (numbers in base units), `None` when not
/// given.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub name: String,
    values: [Option<FieldValue>; SPECS.len()],
    /// Where the figures come from, for built-in presets.
    pub source: Option<&'static str>,
}

/// Why a parameter count cannot be derived from a record.
#[derive(Debug, Clone, PartialEq)]
pub enum Underivable {
    /// The architecture fields the count needs that the record lacks.
    Missing(Vec<ModelField>),
    /// Latent attention's down- and up-projections are not in the
    /// convention (SPEC §3.3): such a model must give its counts.
    LatentAttention,
}

/// A given parameter count that the architecture contradicts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParamsMismatch {
    pub field: ModelField,
    pub given: f64,
    pub derived: f64,
}

impl Model {
    pub fn new(name: impl Into<String>) -> Model {
        Model {
            name: name.into(),
            values: [None; SPECS.len()],
            source: None,
        }
    }

    pub fn set(&mut self, field: ModelField, value: FieldValue) {
        self.values[field as usize] = Some(value);
    }

    pub fn set_number(&mut self, field: ModelField, value: f64) {
        self.set(field, FieldValue::Number(value));
    }

    fn given_number(&self, field: ModelField) -> Option<f64> {
        match self.values[field as usize]? {
            FieldValue::Number(v) => Some(v),
            _ => None,
        }
    }

    pub fn is_moe(&self) -> bool {
        self.given_number(ModelField::Experts).is_some()
    }

    /// A numeric field's value, with the defaults of SPEC §2.5 applied;
    /// a parameter count left out is derived from the architecture.
    pub fn get(&self, field: ModelField) -> Option<f64> {
        use ModelField::*;
        self.given_number(field).or_else(|| match field {
            Params => self.param_count(Count::Total).ok(),
            ActiveParams if self.is_moe() => self.param_count(Count::Active).ok(),
            ActiveParams => self.get(Params),
            KvHeads => self.get(Heads),
            DHead => Some(self.get(DModel)? / self.get(Heads)?),
            SharedExperts if self.is_moe() => Some(0.0),
            _ => None,
        })
    }

    pub fn mlp(&self) -> Mlp {
        match self.values[ModelField::Mlp as usize] {
            Some(FieldValue::Choice(name)) => Mlp::from_name(name).expect("checked when set"),
            _ => Mlp::Gated,
        }
    }

    pub fn tied(&self) -> bool {
        matches!(
            self.values[ModelField::Tied as usize],
            Some(FieldValue::Flag(true))
        )
    }

    /// A field's value as it reads back (`model.mlp`), defaults applied.
    pub fn value(&self, field: ModelField) -> Option<FieldValue> {
        match field.kind() {
            FieldKind::Number(_) => self.get(field).map(FieldValue::Number),
            FieldKind::Choice(_) => Some(FieldValue::Choice(self.mlp().name())),
            FieldKind::Flag => Some(FieldValue::Flag(self.tied())),
        }
    }

    /// The fields that have a value (given, defaulted or derived), in
    /// table order.
    pub fn known(&self) -> impl Iterator<Item = (ModelField, FieldValue)> + '_ {
        ModelField::ALL
            .iter()
            .filter_map(|f| self.value(*f).map(|v| (*f, v)))
    }

    /// The architecture a parameter count is computed from.
    pub fn architecture(&self) -> Result<Architecture, Underivable> {
        use ModelField::*;
        if self.given_number(KvLatent).is_some() {
            return Err(Underivable::LatentAttention);
        }
        let mut missing = Vec::new();
        let mut need = |field: ModelField| {
            let value = self.get(field);
            if value.is_none() {
                missing.push(field);
            }
            value.unwrap_or(0.0)
        };
        let architecture = Architecture {
            vocab: need(Vocab),
            d_model: need(DModel),
            layers: need(Layers),
            heads: need(Heads),
            kv_heads: self.get(KvHeads).unwrap_or(0.0),
            d_head: self.get(DHead).unwrap_or(0.0),
            d_ff: need(DFf),
            mlp: self.mlp(),
            tied: self.tied(),
            experts: self
                .given_number(Experts)
                .map(|routed| architecture::Experts {
                    routed,
                    top_k: self.given_number(TopK),
                }),
            shared_experts: self.given_number(SharedExperts).unwrap_or(0.0),
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
            .ok_or_else(|| Underivable::Missing(vec![ModelField::TopK]))
    }

    /// What a formula needing `field` should tell the user when the record
    /// has no value for it: the fields that would give one.
    pub fn missing_for(&self, field: ModelField) -> Vec<ModelField> {
        let count = match field {
            ModelField::Params => Count::Total,
            ModelField::ActiveParams if self.is_moe() => Count::Active,
            ModelField::ActiveParams => return self.missing_for(ModelField::Params),
            _ => return vec![field],
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
        for (field, count) in [
            (ModelField::Params, Count::Total),
            (ModelField::ActiveParams, Count::Active),
        ] {
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
    use ModelField::*;

    fn record(fields: &[(ModelField, f64)]) -> Model {
        let mut m = Model::new("m");
        for (field, value) in fields {
            m.set_number(*field, *value);
        }
        m
    }

    #[test]
    fn every_field_has_a_row_and_a_unique_name() {
        assert_eq!(ModelField::ALL.len(), SPECS.len());
        for (i, field) in ModelField::ALL.iter().enumerate() {
            assert_eq!(*field as usize, i);
            assert_eq!(ModelField::from_name(field.name()), Some(*field));
        }
    }

    #[test]
    fn defaults_follow_the_spec() {
        let mut m = record(&[(Params, 70e9), (DModel, 8192.0), (Heads, 64.0)]);
        assert_eq!(m.get(ActiveParams), Some(70e9));
        assert_eq!(m.get(KvHeads), Some(64.0));
        assert_eq!(m.get(DHead), Some(128.0));
        assert_eq!(m.get(Layers), None);
        assert_eq!(m.mlp(), architecture::Mlp::Gated);
        assert!(!m.tied());
        m.set_number(KvHeads, 8.0);
        m.set_number(DHead, 96.0);
        assert_eq!(m.get(KvHeads), Some(8.0));
        assert_eq!(m.get(DHead), Some(96.0));
    }

    const LLAMA3_8B: &[(ModelField, f64)] = &[
        (Layers, 32.0),
        (DModel, 4096.0),
        (Heads, 32.0),
        (KvHeads, 8.0),
        (Vocab, 128_256.0),
        (DFf, 14_336.0),
    ];

    #[test]
    fn params_left_out_are_derived() {
        let m = record(LLAMA3_8B);
        let derived = m.get(Params).unwrap();
        assert!((derived - 8.03e9).abs() < 0.01e9, "{derived}");
        assert_eq!(m.get(ActiveParams), Some(derived));
        assert!(m.params_mismatches().is_empty());
    }

    #[test]
    fn an_moe_without_active_params_is_never_silently_dense() {
        let mut m = record(&[(Params, 46.7e9), (Experts, 8.0), (TopK, 2.0)]);
        assert_eq!(m.get(ActiveParams), None);
        assert_eq!(
            m.missing_for(ActiveParams),
            [Vocab, DModel, Layers, Heads, DFf]
        );
        for (field, value) in LLAMA3_8B {
            m.set_number(*field, *value);
        }
        let active = m.get(ActiveParams).unwrap();
        assert!(active < m.get(Params).unwrap() / 3.0);
    }

    #[test]
    fn a_given_count_far_from_the_architecture_is_reported() {
        let mut m = record(LLAMA3_8B);
        m.set_number(Params, 7.0e9);
        let found = m.params_mismatches();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].field, Params);
        m.set_number(Params, 8.0e9);
        assert!(m.params_mismatches().is_empty());
    }

    #[test]
    fn latent_attention_is_not_counted_by_the_convention() {
        let mut m = record(LLAMA3_8B);
        m.set_number(KvLatent, 576.0);
        assert_eq!(m.get(Params), None);
        assert_eq!(
            m.param_count(Count::Total),
            Err(Underivable::LatentAttention)
        );
    }
}
