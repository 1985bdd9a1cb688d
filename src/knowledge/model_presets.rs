//! Built-in model architectures, each with its source. Names are
//! lower-case (`llama3_405b`); a bare name resolves to a preset after
//! cells and accelerators.

use super::model::Model;

struct Preset {
    name: &'static str,
    fields: &'static [(&'static str, f64)],
    source: &'static str,
}

const PRESETS: &[Preset] = &[
    Preset {
        name: "gpt3_175b",
        fields: &[
            ("params", 175e9),
            ("layers", 96.0),
            ("d_model", 12288.0),
            ("heads", 96.0),
            ("seq", 2048.0),
        ],
        source: "Brown et al. 2020, Language Models are Few-Shot Learners, arXiv:2005.14165, Table 2.1 (vocabulary not stated in the paper; left out)",
    },
    Preset {
        name: "gopher_280b",
        fields: &[
            ("params", 280e9),
            ("layers", 80.0),
            ("d_model", 16384.0),
            ("heads", 128.0),
            ("seq", 2048.0),
            ("vocab", 32000.0),
        ],
        source: "Rae et al. 2021, Scaling Language Models: Methods, Analysis & Insights from Training Gopher, arXiv:2112.11446, Table 1",
    },
    Preset {
        name: "chinchilla_70b",
        fields: &[
            ("params", 70e9),
            ("layers", 80.0),
            ("d_model", 8192.0),
            ("heads", 64.0),
            ("seq", 2048.0),
            ("vocab", 32000.0),
        ],
        source: "Hoffmann et al. 2022, Training Compute-Optimal Large Language Models, arXiv:2203.15556, Table 4",
    },
    Preset {
        name: "megatron_1t",
        fields: &[
            ("params", 1008e9),
            ("layers", 128.0),
            ("d_model", 25600.0),
            ("heads", 160.0),
            ("seq", 2048.0),
            ("vocab", 51200.0),
        ],
        source: "Narayanan et al. 2021, Efficient Large-Scale Language Model Training on GPU Clusters Using Megatron-LM, arXiv:2104.04473, Table 1",
    },
    Preset {
        name: "llama2_70b",
        fields: &[
            ("params", 70e9),
            ("layers", 80.0),
            ("d_model", 8192.0),
            ("heads", 64.0),
            ("kv_heads", 8.0),
            ("seq", 4096.0),
            ("vocab", 32000.0),
        ],
        source: "Touvron et al. 2023, Llama 2, arXiv:2307.09288, Table 1; meta-llama/llama MODEL_CARD.md (nominal 70B)",
    },
    Preset {
        name: "llama3_8b",
        fields: &[
            ("params", 8e9),
            ("layers", 32.0),
            ("d_model", 4096.0),
            ("heads", 32.0),
            ("kv_heads", 8.0),
            ("seq", 8192.0),
            ("vocab", 128256.0),
            ("ctx", 131072.0),
        ],
        source: "Llama Team 2024, The Llama 3 Herd of Models, arXiv:2407.21783, Table 3; meta-llama/llama-models sku_list (Llama 3.1 8B, nominal 8B; FFN sizes left out)",
    },
    Preset {
        name: "llama3_70b",
        fields: &[
            ("params", 70e9),
            ("layers", 80.0),
            ("d_model", 8192.0),
            ("heads", 64.0),
            ("kv_heads", 8.0),
            ("seq", 8192.0),
            ("vocab", 128256.0),
            ("ctx", 131072.0),
        ],
        source: "Llama Team 2024, The Llama 3 Herd of Models, arXiv:2407.21783, Table 3; meta-llama/llama-models sku_list (Llama 3.1 70B)",
    },
    Preset {
        name: "llama3_405b",
        fields: &[
            ("params", 405e9),
            ("layers", 126.0),
            ("d_model", 16384.0),
            ("heads", 128.0),
            ("kv_heads", 8.0),
            ("seq", 8192.0),
            ("vocab", 128256.0),
            ("ctx", 131072.0),
        ],
        source: "Llama Team 2024, The Llama 3 Herd of Models, arXiv:2407.21783, Table 3 (Llama 3.1 405B; pre-training sequence 8K, extended to 128K)",
    },
    Preset {
        name: "nemotron4_340b",
        fields: &[
            ("params", 340e9),
            ("layers", 96.0),
            ("d_model", 18432.0),
            ("heads", 96.0),
            ("kv_heads", 8.0),
            ("seq", 4096.0),
            ("vocab", 256000.0),
        ],
        source: "NVIDIA 2024, Nemotron-4 340B Technical Report, arXiv:2406.11704, Table 1",
    },
    // Multi-head latent attention: each head's queries and keys have 192
    // dimensions (128 + 64 rotary), its values 128. The attention formulas
    // assume one d_head for both; 160, their mean, gives the exact FLOPs of
    // QKᵀ plus AV. The KV cache is latent (512 + 64 per token per layer) and
    // is not described by `kv_heads`.
    Preset {
        name: "deepseek_v3",
        fields: &[
            ("params", 671e9),
            ("active_params", 37e9),
            ("layers", 61.0),
            ("d_model", 7168.0),
            ("heads", 128.0),
            ("d_head", 160.0),
            ("seq", 4096.0),
            ("vocab", 129280.0),
            ("experts", 256.0),
            ("top_k", 8.0),
            ("ctx", 131072.0),
        ],
        source: "DeepSeek-AI 2024, DeepSeek-V3 Technical Report, arXiv:2412.19437, §2 and §4.2 (d_head 160 = mean of the 192-dimensional query/key and 128-dimensional value heads of its latent attention)",
    },
];

/// A built-in model by name (case-insensitive).
pub fn preset(name: &str) -> Option<Model> {
    let preset = PRESETS.iter().find(|p| p.name.eq_ignore_ascii_case(name))?;
    let mut model = Model::new(preset.name);
    for (field, value) in preset.fields {
        model.set(field, *value);
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

    #[test]
    fn every_preset_has_the_fields_the_formulas_need() {
        for name in preset_names() {
            let model = preset(name).unwrap();
            for field in [
                "params",
                "active_params",
                "layers",
                "heads",
                "d_head",
                "seq",
            ] {
                assert!(model.get(field).is_some(), "{name} lacks {field}");
            }
            assert!(model.source.is_some());
        }
    }

    #[test]
    fn llama3_405b_matches_the_paper() {
        let m = preset("Llama3_405B").unwrap();
        assert_eq!(m.get("d_head"), Some(128.0));
        assert_eq!(m.get("kv_heads"), Some(8.0));
        assert_eq!(m.get("active_params"), Some(405e9));
    }

    #[test]
    fn deepseek_v3_is_a_mixture_of_experts() {
        let m = preset("deepseek_v3").unwrap();
        assert_eq!(m.get("active_params"), Some(37e9));
        assert_eq!(m.get("params"), Some(671e9));
    }
}
