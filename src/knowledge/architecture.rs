//! Parameter counts from a transformer's architecture (SPEC §3.3).
//!
//! The convention: embeddings vocab·d_model (twice unless input and output
//! embeddings are tied); per layer the attention projections Q
//! (d_model·heads·d_head), K and V (2·d_model·kv_heads·d_head) and O
//! (heads·d_head·d_model), and the MLP: 3·d_model·d_ff for a gated MLP
//! (SwiGLU: gate, up and down; Shazeer 2020, arXiv:2002.05202) or
//! 2·d_model·d_ff for a plain one (GPT-3), once per expert in a mixture of
//! experts, plus its router (d_model·experts). Norms, biases and learned
//! position embeddings are left out: together they are well under 1% of
//! any model llmc has a preset for.

use crate::vocabulary::named_enum;

named_enum! {
    /// The MLP's shape: how many d_model×d_ff matrices each expert has.
    pub enum Mlp {
        /// Gate, up and down projections (SwiGLU, as in Llama and Mixtral).
        Gated => "gated",
        /// Up and down projections (GPT-2, GPT-3).
        Plain => "plain",
    }
}

impl Mlp {
    fn matrices(self) -> f64 {
        match self {
            Mlp::Gated => 3.0,
            Mlp::Plain => 2.0,
        }
    }
}

/// Routed experts of a mixture-of-experts MLP.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Experts {
    pub routed: f64,
    /// Experts each token is routed to; `None` when only the total is asked for.
    pub top_k: Option<f64>,
}

/// What a parameter count needs to know.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Architecture {
    pub vocab: f64,
    pub d_model: f64,
    pub layers: f64,
    pub heads: f64,
    pub kv_heads: f64,
    pub d_head: f64,
    /// Hidden size of one expert's MLP (of the one MLP in a dense model).
    pub d_ff: f64,
    pub mlp: Mlp,
    pub tied: bool,
    /// `None` for a dense model.
    pub experts: Option<Experts>,
    /// Experts every token passes through (DeepSeek's shared experts).
    pub shared_experts: f64,
}

/// Which parameters to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    /// Every parameter the model stores.
    Total,
    /// The parameters one token passes through: `top_k + shared_experts`
    /// experts of an MoE (for a dense model the same as the total).
    Active,
}

impl Architecture {
    pub fn embedding_params(&self) -> f64 {
        let tables = if self.tied { 1.0 } else { 2.0 };
        tables * self.vocab * self.d_model
    }

    pub fn attention_params_per_layer(&self) -> f64 {
        let query_and_output = 2.0 * self.d_model * self.heads * self.d_head;
        let key_and_value = 2.0 * self.d_model * self.kv_heads * self.d_head;
        query_and_output + key_and_value
    }

    /// One expert's MLP (the MLP of a dense model).
    pub fn expert_params(&self) -> f64 {
        self.mlp.matrices() * self.d_model * self.d_ff
    }

    /// MLP parameters per layer: the experts counted, and the router.
    /// `None` when the active count of an MoE is asked for without `top_k`.
    pub fn mlp_params_per_layer(&self, count: Count) -> Option<f64> {
        let Some(experts) = self.experts else {
            return Some(self.expert_params() * (1.0 + self.shared_experts));
        };
        let routed = match count {
            Count::Total => experts.routed,
            Count::Active => experts.top_k?,
        };
        let router = self.d_model * experts.routed;
        Some(self.expert_params() * (routed + self.shared_experts) + router)
    }

    pub fn param_count(&self, count: Count) -> Option<f64> {
        let per_layer = self.attention_params_per_layer() + self.mlp_params_per_layer(count)?;
        Some(self.embedding_params() + self.layers * per_layer)
    }
}

/// A published total differs from the architecture's count by more than
/// this fraction: the record probably has a wrong field (SPEC §2.5).
pub const PARAMS_TOLERANCE: f64 = 0.05;

#[cfg(test)]
mod tests {
    use super::*;

    /// Llama 3 8B: Llama Team 2024, The Llama 3 Herd of Models
    /// (arXiv:2407.21783), Table 3, and the released config (d_ff 14,336,
    /// vocabulary 128,256, untied embeddings).
    const LLAMA3_8B: Architecture = Architecture {
        vocab: 128_256.0,
        d_model: 4096.0,
        layers: 32.0,
        heads: 32.0,
        kv_heads: 8.0,
        d_head: 128.0,
        d_ff: 14_336.0,
        mlp: Mlp::Gated,
        tied: false,
        experts: None,
        shared_experts: 0.0,
    };

    fn within(count: f64, published: f64, tolerance: f64) -> bool {
        ((count - published) / published).abs() <= tolerance
    }

    #[test]
    fn llama3_8b_counts_its_published_8_03b() {
        let count = LLAMA3_8B.param_count(Count::Total).unwrap();
        // Hugging Face model card for meta-llama/Meta-Llama-3-8B: 8.03B.
        assert!(within(count, 8.03e9, 0.001), "{count}");
        assert_eq!(LLAMA3_8B.param_count(Count::Active), Some(count));
    }

    #[test]
    fn tied_embeddings_count_once() {
        let tied = Architecture {
            tied: true,
            ..LLAMA3_8B
        };
        let difference =
            LLAMA3_8B.param_count(Count::Total).unwrap() - tied.param_count(Count::Total).unwrap();
        assert_eq!(difference, 128_256.0 * 4096.0);
    }

    #[test]
    fn a_plain_mlp_has_two_matrices_a_gated_one_three() {
        let plain = Architecture {
            mlp: Mlp::Plain,
            ..LLAMA3_8B
        };
        assert_eq!(plain.expert_params() * 3.0, LLAMA3_8B.expert_params() * 2.0);
    }

    #[test]
    fn shared_experts_count_in_both_totals() {
        let moe = Architecture {
            experts: Some(Experts {
                routed: 8.0,
                top_k: Some(2.0),
            }),
            shared_experts: 1.0,
            ..LLAMA3_8B
        };
        let expert = moe.expert_params();
        let router = 4096.0 * 8.0;
        assert_eq!(
            moe.mlp_params_per_layer(Count::Total),
            Some(9.0 * expert + router)
        );
        assert_eq!(
            moe.mlp_params_per_layer(Count::Active),
            Some(3.0 * expert + router)
        );
        let without_top_k = Architecture {
            experts: Some(Experts {
                routed: 8.0,
                top_k: None,
            }),
            ..moe
        };
        assert_eq!(without_top_k.param_count(Count::Active), None);
    }
}
