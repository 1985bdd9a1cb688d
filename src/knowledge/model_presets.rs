//! Built-in model architectures, each with its source. Names are
//! lower-case (`llama3_405b`); a bare name resolves to a preset after
//! cells and accelerators.

use super::model::ModelField::{self, *};
use super::model::{FieldValue, Model};

struct Preset {
    name: &'static str,
    fields: &'static [(ModelField, FieldValue)],
    source: &'static str,
}

const fn n(value: f64) -> FieldValue {
    FieldValue::Number(value)
}

const PLAIN_MLP: (ModelField, FieldValue) = (Mlp, FieldValue::Choice("plain"));
const TIED: (ModelField, FieldValue) = (Tied, FieldValue::Flag(true));

const PRESETS: &[Preset] = &[
    Preset {
        name: "gpt3_175b",
        fields: &[
            (Params, n(175e9)),
            (Layers, n(96.0)),
            (DModel, n(12288.0)),
            (Heads, n(96.0)),
            (Seq, n(2048.0)),
            (Vocab, n(50257.0)),
            (DFf, n(49152.0)),
            PLAIN_MLP,
            TIED,
        ],
        source: "Brown et al. 2020, Language Models are Few-Shot Learners, arXiv:2005.14165, Table 2.1 (d_ff = 4·d_model) and §2.1 (GPT-2's architecture); Radford et al. 2019, Language Models are Unsupervised Multitask Learners, §2.2 (vocabulary 50,257) and the released GPT-2 code (tied input and output embeddings, GELU MLP)",
    },
    Preset {
        name: "gopher_280b",
        fields: &[
            (Params, n(280e9)),
            (Layers, n(80.0)),
            (DModel, n(16384.0)),
            (Heads, n(128.0)),
            (Seq, n(2048.0)),
            (Vocab, n(32000.0)),
        ],
        source: "Rae et al. 2021, Scaling Language Models: Methods, Analysis & Insights from Training Gopher, arXiv:2112.11446, Table 1",
    },
    Preset {
        name: "chinchilla_70b",
        fields: &[
            (Params, n(70e9)),
            (Layers, n(80.0)),
            (DModel, n(8192.0)),
            (Heads, n(64.0)),
            (Seq, n(2048.0)),
            (Vocab, n(32000.0)),
        ],
        source: "Hoffmann et al. 2022, Training Compute-Optimal Large Language Models, arXiv:2203.15556, Table 4",
    },
    Preset {
        name: "megatron_1t",
        fields: &[
            (Params, n(1008e9)),
            (Layers, n(128.0)),
            (DModel, n(25600.0)),
            (Heads, n(160.0)),
            (Seq, n(2048.0)),
            (Vocab, n(51200.0)),
            (DFf, n(102400.0)),
            PLAIN_MLP,
            TIED,
        ],
        source: "Narayanan et al. 2021, Efficient Large-Scale Language Model Training on GPU Clusters Using Megatron-LM, arXiv:2104.04473, Table 1 and §5.1 (P = 12·l·h²·(1 + 13/(12h) + (V+s)/(12lh)): a 4h plain MLP and one shared embedding table)",
    },
    Preset {
        name: "llama2_70b",
        fields: &[
            (Params, n(70e9)),
            (Layers, n(80.0)),
            (DModel, n(8192.0)),
            (Heads, n(64.0)),
            (KvHeads, n(8.0)),
            (Seq, n(4096.0)),
            (Vocab, n(32000.0)),
            (DFf, n(28672.0)),
        ],
        source: "Touvron et al. 2023, Llama 2, arXiv:2307.09288, Table 1; meta-llama/llama MODEL_CARD.md (nominal 70B); the released configuration (meta-llama/Llama-2-70b-hf config.json: intermediate_size 28,672, untied embeddings)",
    },
    Preset {
        name: "llama3_8b",
        fields: &[
            (Params, n(8e9)),
            (Layers, n(32.0)),
            (DModel, n(4096.0)),
            (Heads, n(32.0)),
            (KvHeads, n(8.0)),
            (Seq, n(8192.0)),
            (Vocab, n(128256.0)),
            (DFf, n(14336.0)),
            (Ctx, n(131072.0)),
        ],
        source: "Llama Team 2024, The Llama 3 Herd of Models, arXiv:2407.21783, Table 3 (FFN dimension 14,336); meta-llama/llama-models sku_list (Llama 3.1 8B, nominal 8B; 8.03B counted)",
    },
    Preset {
        name: "llama3_70b",
        fields: &[
            (Params, n(70e9)),
            (Layers, n(80.0)),
            (DModel, n(8192.0)),
            (Heads, n(64.0)),
            (KvHeads, n(8.0)),
            (Seq, n(8192.0)),
            (Vocab, n(128256.0)),
            (DFf, n(28672.0)),
            (Ctx, n(131072.0)),
        ],
        source: "Llama Team 2024, The Llama 3 Herd of Models, arXiv:2407.21783, Table 3 (FFN dimension 28,672); meta-llama/llama-models sku_list (Llama 3.1 70B; 70.6B counted)",
    },
    Preset {
        name: "llama3_405b",
        fields: &[
            (Params, n(405e9)),
            (Layers, n(126.0)),
            (DModel, n(16384.0)),
            (Heads, n(128.0)),
            (KvHeads, n(8.0)),
            (Seq, n(8192.0)),
            (Vocab, n(128256.0)),
            (DFf, n(53248.0)),
            (Ctx, n(131072.0)),
        ],
        source: "Llama Team 2024, The Llama 3 Herd of Models, arXiv:2407.21783, Table 3 (Llama 3.1 405B; FFN dimension 53,248; pre-training sequence 8K, extended to 128K)",
    },
    Preset {
        name: "nemotron4_340b",
        fields: &[
            (Params, n(340e9)),
            (Layers, n(96.0)),
            (DModel, n(18432.0)),
            (Heads, n(96.0)),
            (KvHeads, n(8.0)),
            (Seq, n(4096.0)),
            (Vocab, n(256000.0)),
            (DFf, n(73728.0)),
            PLAIN_MLP,
        ],
        source: "NVIDIA 2024, Nemotron-4 340B Technical Report, arXiv:2406.11704, Table 1 and §2.1 (squared-ReLU MLP, untied embeddings, as Nemotron-4 15B, arXiv:2402.16819); the released NeMo configuration (ffn_hidden_size 73,728)",
    },
    // Multi-head latent attention: each head's queries and keys have 192
    // dimensions (128 + 64 rotary), its values 128. The attention formulas
    // assume one d_head for both; 160, their mean, gives the exact FLOPs of
    // QKᵀ plus AV. The KV cache is latent (512 + 64 per token per layer,
    // `kv_latent`), not described by `kv_heads`. Its first three layers are
    // dense and its attention has down- and up-projections, which the
    // parameter convention does not describe: the counts are the paper's.
    Preset {
        name: "deepseek_v3",
        fields: &[
            (Params, n(671e9)),
            (ActiveParams, n(37e9)),
            (Layers, n(61.0)),
            (DModel, n(7168.0)),
            (Heads, n(128.0)),
            (DHead, n(160.0)),
            (Seq, n(4096.0)),
            (Vocab, n(129280.0)),
            (DFf, n(2048.0)),
            (Experts, n(256.0)),
            (TopK, n(8.0)),
            (SharedExperts, n(1.0)),
            (KvLatent, n(576.0)),
            (Ctx, n(131072.0)),
        ],
        source: "DeepSeek-AI 2024, DeepSeek-V3 Technical Report, arXiv:2412.19437, §2 and §4.2 (1 shared and 256 routed experts of d_ff 2,048, 8 per token; latent KV of 512 + 64; d_head 160 = mean of the 192-dimensional query/key and 128-dimensional value heads of its latent attention)",
    },
    Preset {
        name: "mixtral_8x7b",
        fields: &[
            (Params, n(46.7e9)),
            (ActiveParams, n(12.9e9)),
            (Layers, n(32.0)),
            (DModel, n(4096.0)),
            (Heads, n(32.0)),
            (KvHeads, n(8.0)),
            (DHead, n(128.0)),
            (Seq, n(32768.0)),
            (Vocab, n(32000.0)),
            (DFf, n(14336.0)),
            (Experts, n(8.0)),
            (TopK, n(2.0)),
            (Ctx, n(32768.0)),
        ],
        source: "Jiang et al. 2024, Mixtral of Experts, arXiv:2401.04088, Table 1 (architecture; trained at a 32K context) and §1 (47B total, 13B active); Mistral AI, Mixtral of experts, mistral.ai/news/mixtral-of-experts (46.7B total, 12.9B per token)",
    },
];

/// A built-in model by name (case-insensitive).
pub fn preset(name: &str) -> Option<Model> {
    let preset = PRESETS.iter().find(|p| p.name.eq_ignore_ascii_case(name))?;
    let mut model = Model::new(preset.name);
    for (field, value) in preset.fields {
        model.set(*field, *value);
    }
    model.source = Some(preset.source);
    Some(model)
}

pub fn preset_names() -> impl Iterator<Item = &'static str> {
    PRESETS.iter().map(|p| p.name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::architecture::Count;

    #[test]
    fn every_preset_has_the_fields_the_formulas_need() {
        for name in preset_names() {
            let model = preset(name).unwrap();
            for field in [Params, ActiveParams, Layers, Heads, DHead, Seq] {
                assert!(model.get(field).is_some(), "{name} lacks {field}");
            }
            assert!(model.source.is_some());
        }
    }

    #[test]
    fn every_given_count_agrees_with_the_architecture() {
        for name in preset_names() {
            let model = preset(name).unwrap();
            assert!(
                model.params_mismatches().is_empty(),
                "{name}: {:?}",
                model.params_mismatches()
            );
        }
    }

    fn counted(name: &str, count: Count) -> f64 {
        preset(name).unwrap().param_count(count).unwrap()
    }

    fn within_one_percent(count: f64, published: f64) -> bool {
        ((count - published) / published).abs() <= 0.01
    }

    #[test]
    fn counts_meet_the_published_totals() {
        // Llama 3 8B and 70B: Hugging Face model cards of
        // meta-llama/Meta-Llama-3-8B and -70B, "8.03B" and "70.6B".
        assert!(within_one_percent(
            counted("llama3_8b", Count::Total),
            8.03e9
        ));
        assert!(within_one_percent(
            counted("llama3_70b", Count::Total),
            70.6e9
        ));
        // GPT-3: Brown et al. 2020, arXiv:2005.14165, Table 2.1, 175.0B.
        assert!(within_one_percent(
            counted("gpt3_175b", Count::Total),
            175e9
        ));
        // Mixtral 8x7B: Mistral AI, "Mixtral of experts" (2023), 46.7B
        // total and 12.9B used per token.
        assert!(within_one_percent(
            counted("mixtral_8x7b", Count::Total),
            46.7e9
        ));
        assert!(within_one_percent(
            counted("mixtral_8x7b", Count::Active),
            12.9e9
        ));
        // Megatron 1T: Narayanan et al. 2021, Table 1, 1,008B.
        assert!(within_one_percent(
            counted("megatron_1t", Count::Total),
            1008e9
        ));
    }

    #[test]
    fn llama3_405b_matches_the_paper() {
        let m = preset("Llama3_405B").unwrap();
        assert_eq!(m.get(DHead), Some(128.0));
        assert_eq!(m.get(KvHeads), Some(8.0));
        assert_eq!(m.get(ActiveParams), Some(405e9));
    }

    #[test]
    fn deepseek_v3_is_a_mixture_of_experts_with_latent_attention() {
        let m = preset("deepseek_v3").unwrap();
        assert_eq!(m.get(ActiveParams), Some(37e9));
        assert_eq!(m.get(Params), Some(671e9));
        assert_eq!(m.get(KvLatent), Some(576.0));
    }
}
