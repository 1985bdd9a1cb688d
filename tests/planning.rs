//! Memory, parallelism and inference planning (SPEC §3.3) through the
//! language, each figure checked against its published source.

mod common;

use common::{quantity, quantity_in};
use llmc::{Session, Style};

fn shown(expression: &str) -> String {
    let sheet = Session::from_source("planning.llmc", &format!("result = {expression}")).evaluate();
    assert!(
        !sheet.has_errors(),
        "{expression}\n{}",
        common::render(&sheet)
    );
    llmc::format::show_cell(&sheet, "result", Style::default()).expect("a cell")
}

#[test]
fn token_units_price_serving() {
    assert_eq!(quantity("1 Mtoken").value, 1e6);
    assert_eq!(quantity("2 ktokens").value, 2e3);
    assert_eq!(quantity("1 Btoken + 1 Ttoken").value, 1e9 + 1e12);
    // $2/GPU/h on 8 GPUs serving 3,000 tokens/s: $16/h over 10.8M tokens/h.
    assert_eq!(
        shown("$2/GPU/h * 8 GPU / (3000 tokens/s) -> USD/Mtoken"),
        "1.48 USD/Mtoken"
    );
}

#[test]
fn accelerators_know_their_node_and_scale_up_bandwidth() {
    // SPEC §3.3: HGX H100 has 8 GPUs; NVLink 4 gives 900 GB/s per GPU.
    assert_eq!(shown("H100.node"), "8 GPU");
    assert_eq!(shown("H100.interconnect -> GB/s/GPU"), "900 GB/s/GPU");
    let user = "accelerator X { bf16 = 500 TFLOPS; node = 4; interconnect = 400 GB/s }\nn = X.node\ni = X.interconnect";
    assert_eq!(quantity_in(user, "n").value, 4.0);
    assert_eq!(quantity_in(user, "i").value, 400e9);
}

fn assert_close(actual: f64, expected: f64, relative: f64) {
    assert!(
        (actual - expected).abs() <= relative * expected.abs(),
        "{actual:e} is not within {relative:e} of {expected:e}"
    );
}

/// SPEC §3.3's published totals, within 1%: Llama 3 8B 8.03B and 70B
/// 70.6B (Hugging Face model cards of meta-llama/Meta-Llama-3-8B and
/// -70B), GPT-3 175B (Brown et al. 2020, arXiv:2005.14165, Table 2.1),
/// Mixtral 8x7B 46.7B total and 12.9B active (Mistral AI, "Mixtral of
/// experts", 2023; Jiang et al. 2024, arXiv:2401.04088).
#[test]
fn parameter_counts_meet_the_published_totals() {
    assert_close(quantity("param_count(llama3_8b)").value, 8.03e9, 0.01);
    assert_close(quantity("param_count(llama3_70b)").value, 70.6e9, 0.01);
    assert_close(quantity("param_count(gpt3_175b)").value, 175e9, 0.01);
    assert_close(quantity("param_count(mixtral_8x7b)").value, 46.7e9, 0.01);
    assert_close(
        quantity("param_count(mixtral_8x7b, active = true)").value,
        12.9e9,
        0.01,
    );
    // A dense model's active count is its total.
    assert_eq!(
        quantity("param_count(llama3_8b, active = true)").value,
        quantity("param_count(llama3_8b)").value
    );
}

/// Rajbhandari et al. 2020 (ZeRO, arXiv:1910.02054), Figure 1: 7.5B
/// parameters, N_d = 64, K = 12: 120 GB, 31.4 GB, 16.6 GB and 1.88 GB per
/// GPU for the baseline, P_os, P_os+g and P_os+g+p.
#[test]
fn train_memory_reproduces_the_zero_papers_example() {
    for (zero, published) in [(0, "120"), (1, "31.4"), (2, "16.6"), (3, "1.88")] {
        assert_eq!(
            shown(&format!(
                "train_memory(7.5B params, zero = {zero}, dp = 64) -> GB/GPU"
            )),
            format!("{published} GB/GPU")
        );
    }
    // tp·pp split the parameters before ZeRO shards them.
    assert_close(
        quantity("train_memory(7.5B params, zero = 1, dp = 64, tp = 2, pp = 2)").value,
        7.5e9 / 4.0 * (4.0 + 12.0 / 64.0),
        1e-12,
    );
    // Byte counts are knobs: 8-bit Adam states (2 bytes/param).
    assert_close(
        quantity("train_memory(1B params, optimizer = 2 bytes/param)").value,
        6e9,
        1e-12,
    );
}

/// Korthikanti et al. 2022 (arXiv:2205.05198), §4, for GPT-3 175B (s 2048,
/// h 12288, a 96, L 96; 5as/h = 80): per layer s·b·h·(34 + 5as/h) bytes
/// storing everything, 34·s·b·h without the scores (FlashAttention or
/// selective recomputation), 2·s·b·h under full recomputation; tensor
/// parallelism with sequence parallelism divides each by t, without it
/// only 24 of the 34 and the score term divide (eq. 2).
#[test]
fn activation_memory_follows_korthikanti_for_gpt3_in_every_mode() {
    let sbh_l = 2048.0 * 12288.0 * 96.0;
    let cases = [
        ("flash = false", 114.0),
        ("", 34.0),
        ("recompute = \"selective\", flash = false", 34.0),
        ("recompute = \"full\"", 2.0),
        ("tp = 8, flash = false", 114.0 / 8.0),
        (
            "tp = 8, sp = false, flash = false",
            10.0 + 24.0 / 8.0 + 80.0 / 8.0,
        ),
        ("tp = 8, recompute = \"selective\"", 34.0 / 8.0),
        ("tp = 8, sp = false", 10.0 + 24.0 / 8.0),
        ("tp = 8, recompute = \"full\"", 2.0 / 8.0),
        ("tp = 8, sp = false, recompute = \"full\"", 2.0),
    ];
    for (arguments, per_sbh) in cases {
        let call = format!("activation_memory(gpt3_175b, {arguments})");
        let call = call.replace(", )", ")");
        assert_close(quantity(&call).value, sbh_l * per_sbh, 1e-12);
    }
    // Selective recomputation saves 80/114 of the stored activations: the
    // paper's "70%" for GPT-3.
    let saved = 1.0
        - quantity("activation_memory(gpt3_175b, recompute = \"selective\")").value
            / quantity("activation_memory(gpt3_175b, flash = false)").value;
    assert_close(saved, 0.70, 0.01);
    // Batch and sequence scale it: b·s.
    assert_close(
        quantity("activation_memory(gpt3_175b, batch = 4, seq = 1024 tokens)").value,
        1024.0 * 4.0 * 12288.0 * 96.0 * 34.0,
        1e-12,
    );
}

/// Llama 3 70B (arXiv:2407.21783, Table 3: 80 layers, 8 KV heads of 128),
/// bf16: 2·80·8·128·2 bytes = 320 KiB per token.
#[test]
fn kv_cache_of_llama3_70b_is_320_kib_per_token() {
    assert_eq!(
        shown("kv_cache(llama3_70b, seq = 1 token) -> KiB"),
        "320 KiB"
    );
    assert_eq!(
        quantity("kv_cache(llama3_70b, seq = 8192 tokens, batch = 4)").value,
        320.0 * 1024.0 * 8192.0 * 4.0
    );
    // DeepSeek-V3 caches its 576-wide latent per layer (arXiv:2412.19437,
    // §2.1: 512 + 64), not 2·heads·d_head: 61 · 576 · 2 bytes.
    assert_eq!(
        quantity("kv_cache(deepseek_v3, seq = 1 token)").value,
        61.0 * 576.0 * 2.0
    );
}

#[test]
fn decoding_is_the_roofline_of_memory_and_compute() {
    // One sequence of Llama 3 8B on one H100: 16 GB of weights plus
    // 32 × 2·8·128·2 bytes per cached token, over 3.35 TB/s.
    let kv = 131_072.0 * 1000.0;
    assert_close(
        quantity("decode_step(llama3_8b, H100, seq = 1000 tokens)").value,
        (16e9 + kv) / 3.35e12,
        1e-12,
    );
    // A large batch on a parameter count is compute-bound: 2·N·batch FLOP
    // over the cluster's rate.
    assert_close(
        quantity("decode_step(70B params, 8 x H100 @ 50%, batch = 4096)").value,
        2.0 * 70e9 * 4096.0 / (8.0 * 989.5e12 * 0.5),
        1e-12,
    );
    assert_close(
        quantity("decode_throughput(70B params, 8 x H100, batch = 16)").value,
        16.0 / (140e9 / (8.0 * 3.35e12)),
        1e-12,
    );
}

#[test]
fn prefill_is_forward_flops_over_the_rate() {
    // 2·N per token, plus causal attention at the prompt's length:
    // 2·L·prompt·heads·d_head per token (Kaplan et al. 2020, Table 1).
    let per_token = 2.0 * 70e9 + 2.0 * 80.0 * 2000.0 * 64.0 * 128.0;
    assert_close(
        quantity("prefill_time(llama3_70b, 8 x H100 @ 50%, prompt = 2000 tokens)").value,
        per_token * 2000.0 / (8.0 * 989.5e12 * 0.5),
        1e-12,
    );
    assert_close(
        quantity("prefill_time(8B params, H100, prompt = 1000 tokens, batch = 2)").value,
        2.0 * 8e9 * 2000.0 / 989.5e12,
        1e-12,
    );
}

#[test]
fn round_up_reaches_whole_nodes() {
    // SPEC §3.3: round_up(6141 GPU, H100.node) is 6,144 GPU.
    assert_eq!(shown("round_up(6141 GPU, H100.node)"), "6,144 GPU");
    assert_eq!(quantity("round_up(6144 GPU, H100.node)").value, 6144.0);
    // A value already a multiple stays, despite 0.3 / 0.1 = 2.9999…96.
    assert_close(quantity("round_up(0.3, 0.1)").value, 0.3, 1e-12);
    assert_eq!(quantity("round_up(130 GB, 80 GB)").value, 160e9);
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config::with_cases(64))]

    /// round_up gives a multiple of the step, not below the value and less
    /// than one step above it.
    #[test]
    fn round_up_is_the_next_multiple(value in 0u32..100_000, step in 1u32..512) {
        let rounded = quantity(&format!("round_up({value} GPU, {step} GPU)")).value;
        proptest::prop_assert!(rounded >= f64::from(value));
        proptest::prop_assert!(rounded < f64::from(value) + f64::from(step));
        proptest::prop_assert_eq!(rounded % f64::from(step), 0.0);
    }

    /// Each ZeRO stage shards more, so a GPU never holds more at a higher
    /// stage; with one data-parallel rank every stage holds the same.
    #[test]
    fn higher_zero_stages_never_hold_more(dp in 1u32..1024, billions in 1u32..2000) {
        let at = |zero: u32, dp: u32| {
            quantity(&format!("train_memory({billions}B params, zero = {zero}, dp = {dp})")).value
        };
        for zero in 0..3 {
            proptest::prop_assert!(at(zero + 1, dp) <= at(zero, dp));
            proptest::prop_assert_eq!(at(zero, 1), at(zero + 1, 1));
        }
    }
}
