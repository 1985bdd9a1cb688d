//! The training formulas end to end, through the library as a script uses
//! them: each is pinned to its paper's own definition, written out in
//! plain arithmetic beside the llmc call.

mod common;

use common::{quantity, quantity_in};
use llmc::units::dimension::{D_COMPUTE, D_ENERGY};
use llmc::units::{Base, Dimension};

fn assert_close(actual: f64, expected: f64, relative: f64) {
    assert!(
        (actual - expected).abs() <= relative * expected.abs(),
        "{actual:e} is not within {relative:e} of {expected:e}"
    );
}

const FLOP: Dimension = D_COMPUTE;
const PARAMS: Dimension = Dimension::base(Base::Params);
const TOKENS: Dimension = Dimension::base(Base::Tokens);

#[test]
fn train_flops_of_a_count_is_kaplans_six_n_d() {
    // Kaplan et al. 2020, §2.1: C = 6·N·D (2N forward, 4N backward).
    let q = quantity("train_flops(405B params, 15.6T tokens)");
    assert_eq!(q.dim, FLOP);
    assert_close(q.value, 6.0 * 405e9 * 15.6e12, 1e-15);
}

#[test]
fn full_attention_is_palms_six_n_plus_twelve_l_h_q_t() {
    // Chowdhery et al. 2022 (PaLM), App. B: 6N + 12·L·H·Q·T per token, with
    // Llama 3.1 405B's L = 126 layers, H = 128 heads of Q = 128, T = 8192.
    let q = quantity(r#"train_flops(llama3_405b, 1 tokens, attention = "full")"#);
    assert_eq!(q.dim, FLOP);
    let expected = 6.0 * 405e9 + 12.0 * 126.0 * 8192.0 * 128.0 * 128.0;
    assert_eq!(q.value, expected);
}

#[test]
fn causal_attention_is_kaplans_forward_term_times_three() {
    // Kaplan et al. 2020, Table 1: the forward pass adds 2·n_layer·n_ctx·d_attn
    // per token; training is three times the forward pass. It is the default.
    let causal = quantity(r#"train_flops(gpt3_175b, 1 tokens, attention = "causal")"#);
    let default = quantity("train_flops(gpt3_175b, 1 tokens)");
    let forward_attention = 2.0 * 96.0 * 2048.0 * (96.0 * 128.0);
    assert_eq!(causal.value, 6.0 * 175e9 + 3.0 * forward_attention);
    assert_eq!(default.value, causal.value);
}

#[test]
fn a_mixture_of_experts_counts_its_active_parameters() {
    // DeepSeek-V3 (arXiv:2412.19437): 671B parameters, 37B active per token.
    let preset = quantity(r#"train_flops(deepseek_v3, 1 tokens, attention = "full")"#);
    let attention = 12.0 * 61.0 * 4096.0 * 128.0 * 160.0;
    assert_eq!(preset.value, 6.0 * 37e9 + attention);
    assert!(preset.value < 6.0 * 671e9);

    // A record says the same with `active_params`.
    let record = quantity_in(
        "model moe { params = 671B params; active_params = 37B params; layers = 61; \
         d_model = 7168; heads = 128; d_head = 160; seq = 4096 tokens }\n\
         result = train_flops(moe, 1 tokens, attention = \"full\")",
        "result",
    );
    assert_eq!(record.value, preset.value);
}

#[test]
fn full_recompute_is_eight_n_d() {
    // Narayanan et al. 2021 (arXiv:2104.04473), eq. (4): 8·T·P with full
    // activation recomputation; "none" is the model FLOPs, 6·N·D.
    let full = quantity(r#"hardware_flops(1008B params, 450B tokens, recompute = "full")"#);
    assert_eq!(full.dim, FLOP);
    assert_close(full.value, 8.0 * 1008e9 * 450e9, 1e-15);
    let none = quantity(r#"hardware_flops(1008B params, 450B tokens, recompute = "none")"#);
    assert_close(none.value, 6.0 * 1008e9 * 450e9, 1e-15);
}

#[test]
fn full_recompute_with_attention_is_megatrons_equation_three() {
    // Narayanan et al. 2021, eq. (3): 96·B·s·l·h²·(1 + s/6h + V/16lh) per
    // iteration of B sequences, i.e. 96·l·h² + 16·l·h·s + 6·h·V per token.
    // llmc counts 8N + 16·L·s·h, N the parameter count including the
    // embedding: the two differ only in the embedding term (0.03%).
    let q = quantity(
        r#"hardware_flops(megatron_1t, 1 tokens, recompute = "full", attention = "full")"#,
    );
    let (l, h, s) = (128.0, 25600.0, 2048.0);
    assert_eq!(q.value, 8.0 * 1008e9 + 16.0 * l * s * h);
    let eq3 = 96.0 * l * h * h * (1.0 + s / (6.0 * h) + 51200.0 / (16.0 * l * h));
    assert_close(q.value, eq3, 1e-3);
}

#[test]
fn forward_flops_is_two_n_d() {
    let q = quantity("forward_flops(70B params, 1T tokens)");
    assert_close(q.value, 2.0 * 70e9 * 1e12, 1e-15);
}

#[test]
fn chinchilla_tokens_are_twenty_per_parameter() {
    // Hoffmann et al. 2022: Chinchilla, 70B parameters on 1.4T tokens.
    let q = quantity("chinchilla_tokens(70B params)");
    assert_eq!(q.dim, TOKENS);
    assert_eq!(q.value, 1.4e12);
}

#[test]
fn rule20_splits_a_budget_as_sqrt_of_c_over_120() {
    // C = 6·N·D and D = 20·N give N = sqrt(C/120), D = 20·N.
    let c: f64 = 5.76e23;
    let params = quantity("chinchilla_optimal(5.76e23 FLOP).params");
    assert_eq!(params.dim, PARAMS);
    assert_close(params.value, (c / 120.0).sqrt(), 1e-12);
    let tokens = quantity(r#"chinchilla_optimal(5.76e23 FLOP, fit = "rule20").tokens"#);
    assert_eq!(tokens.dim, TOKENS);
    assert_close(tokens.value, 20.0 * (c / 120.0).sqrt(), 1e-12);
    let ratio = quantity("chinchilla_optimal(5.76e23 FLOP).tokens_per_param");
    assert_close(ratio.value, 20.0, 1e-12);
}

#[test]
fn hoffmann_fit_is_equation_ten_and_its_optimum() {
    // Hoffmann et al. 2022, eq. (10): L = E + A/N^α + B/D^β with E = 1.69,
    // A = 406.4, B = 410.7, α = 0.34, β = 0.28; eq. (4): the optimum along
    // C = 6ND is N = G·(C/6)^(β/(α+β)), G = (αA/(βB))^(1/(α+β)).
    let (e, a, b, alpha, beta) = (1.69, 406.4, 410.7, 0.34, 0.28);
    let loss = quantity("chinchilla_loss(70B params, 1.4T tokens)");
    assert_eq!(loss.dim, Dimension::NONE);
    let expected = e + a / 70e9f64.powf(alpha) + b / 1.4e12f64.powf(beta);
    assert_close(loss.value, expected, 1e-12);

    let c: f64 = 5.76e23;
    let g = (alpha * a / (beta * b)).powf(1.0 / (alpha + beta));
    let n = g * (c / 6.0).powf(beta / (alpha + beta));
    let params = quantity(r#"chinchilla_optimal(5.76e23 FLOP, fit = "hoffmann").params"#);
    assert_close(params.value, n, 1e-9);
    let tokens = quantity(r#"chinchilla_optimal(5.76e23 FLOP, fit = "hoffmann").tokens"#);
    assert_close(6.0 * params.value * tokens.value, c, 1e-12);
}

#[test]
fn energy_is_gpus_times_board_power_times_time() {
    // 16,000 H100 at their 700 W TDP for one hour: 11.2 MWh.
    let q = quantity("energy(16000 x H100, 1 h)");
    assert_eq!(q.dim, D_ENERGY);
    assert_close(q.value, 16000.0 * 700.0 * 3600.0, 1e-15);
    // PUE scales it; an explicit power per GPU replaces the TDP.
    let pue = quantity("energy(16000 x H100, 1 h, pue = 1.1)");
    assert_close(pue.value, 1.1 * 16000.0 * 700.0 * 3600.0, 1e-12);
    let node = quantity("energy(16000 x H100, 1 h, power_per_gpu = 1.2 kW/GPU)");
    assert_close(node.value, 16000.0 * 1200.0 * 3600.0, 1e-12);
    // The utilisation does not change the board power.
    let busy = quantity("energy(16000 x H100 @ 38%, 1 h)");
    assert_eq!(busy.value, q.value);
}

#[test]
fn emissions_are_energy_times_grid_intensity() {
    // 1 MWh at 400 gCO2e/kWh: 400 kg.
    let q = quantity("emissions(1 MWh, 400 gCO2e/kWh)");
    assert_eq!(q.dim, Dimension::base(Base::Emissions));
    assert_close(q.value, 400_000.0, 1e-12);
}

#[test]
fn a_cluster_runs_at_its_mfu_of_the_dense_peak() {
    // SPEC §1: 16,000 H100 at 38% of 989.5 TFLOP/s train 6·405B·15.6T FLOP
    // in 72.9 days.
    let time = quantity_in(
        "cluster = 16000 x H100 @ 38%\n\
         time = train_flops(405B params, 15.6T tokens) / cluster",
        "time",
    );
    let seconds = 6.0 * 405e9 * 15.6e12 / (16000.0 * 989.5e12 * 0.38);
    assert_close(time.value, seconds, 1e-12);
    assert_close(time.value / 86400.0, 72.9, 1e-3);
}

/// SPEC §3.2: `attention = "none"` is plain 6·N_active·D, what papers report.
#[test]
fn no_attention_term_is_plain_six_n_d() {
    let plain = quantity("train_flops(llama3_405b, 15.6T tokens, attention = \"none\")");
    assert_close(plain.value, 6.0 * 405e9 * 15.6e12, 1e-12);
    let causal = quantity("train_flops(llama3_405b, 15.6T tokens)");
    assert!(causal.value > plain.value, "the default counts attention");
}

/// SPEC §3.2: whenever a formula adds an attention term, the sheet says so
/// beside the value with its share; plain 6ND gets no note.
#[test]
fn an_attention_term_is_noted_with_its_share() {
    let sheet = llmc::Session::from_source(
        "notes",
        "causal = train_flops(llama3_405b, 15.6T tokens)\n\
         full = train_flops(llama3_405b, 15.6T tokens, attention = \"full\") -> FLOP\n\
         plain = train_flops(llama3_405b, 15.6T tokens, attention = \"none\")\n\
         count = train_flops(405B params, 15.6T tokens)\n",
    )
    .evaluate();
    let note = |name: &str| sheet.cell(name).expect(name).note.clone();
    // 6·L·seq·heads·d_head / 6N = 126·8192·128·128 / 405e9 = 4.17%.
    assert_eq!(
        note("causal").as_deref(),
        Some("incl. causal attention, +4.2%")
    );
    assert_eq!(note("full").as_deref(), Some("incl. full attention, +8.4%"));
    assert_eq!(note("plain"), None);
    assert_eq!(note("count"), None);
}
