//! The standard formulas of LLM training, each with its convention and the
//! paper that defines it. Pure arithmetic in base units (FLOP, params,
//! tokens); `eval::builtins` checks dimensions and calls these.

use crate::vocabulary::named_enum;

named_enum! {
    /// How attention's own FLOPs are counted on top of the 6N per token.
    pub enum Attention {
        /// Kaplan et al. 2020 (arXiv:2001.08361, Table 1): the forward pass
        /// adds 2·n_layer·n_ctx·d_attn per token, so training (×3) adds
        /// 6·L·seq·heads·d_head. This halves the full score matrix, as a
        /// causal mask allows.
        Causal => "causal",
        /// Chowdhery et al. 2022 (PaLM, arXiv:2204.02311, App. B): model
        /// FLOPs per token are 6N + 12·L·H·Q·T, the convention most
        /// published MFUs use.
        Full => "full",
        /// No attention term: plain 6·N·D, as most papers report.
        None => "none",
    }
}

named_enum! {
    /// What activation recomputation adds to the model FLOPs (hardware
    /// FLOPs, which HFU is measured against).
    pub enum Recompute {
        None => "none",
        /// Korthikanti et al. 2022 (arXiv:2205.05198): recompute only the
        /// attention core (QKᵀ, softmax, AV): one more forward of the
        /// attention term.
        Selective => "selective",
        /// Recompute every layer: one more forward pass, 2N per token (plus
        /// the attention forward), so 8·N·D in all (Narayanan et al. 2021,
        /// §5.1).
        Full => "full",
    }
}

/// The attention dimensions of a model (`seq` in tokens).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AttentionShape {
    pub layers: f64,
    pub seq: f64,
    pub heads: f64,
    pub d_head: f64,
}

/// Training FLOPs per token spent in attention scores (forward + backward).
pub fn attention_train_flops_per_token(shape: AttentionShape, attention: Attention) -> f64 {
    let per_unit = match attention {
        Attention::Causal => 6.0,
        Attention::Full => 12.0,
        Attention::None => 0.0,
    };
    per_unit * shape.layers * shape.seq * shape.heads * shape.d_head
}

/// Model FLOPs of training on `tokens` (what MFU is measured against):
/// 6·N·D (Kaplan et al. 2020, §2.1: forward 2N, backward 4N per token),
/// plus the attention term when the shape is known. N is the parameter
/// count used per token (`active_params` for a mixture of experts).
pub fn train_flops(
    params: f64,
    tokens: f64,
    attention: Option<(AttentionShape, Attention)>,
) -> f64 {
    let attention_per_token = attention.map_or(0.0, |(s, a)| attention_train_flops_per_token(s, a));
    (6.0 * params + attention_per_token) * tokens
}

/// Forward-only FLOPs (inference): 2·N·D, plus a third of the training
/// attention term (the forward share).
pub fn forward_flops(
    params: f64,
    tokens: f64,
    attention: Option<(AttentionShape, Attention)>,
) -> f64 {
    let attention_per_token =
        attention.map_or(0.0, |(s, a)| attention_train_flops_per_token(s, a) / 3.0);
    (2.0 * params + attention_per_token) * tokens
}

/// Hardware FLOPs: model FLOPs plus what recomputation repeats.
pub fn hardware_flops(
    params: f64,
    tokens: f64,
    attention: Option<(AttentionShape, Attention)>,
    recompute: Recompute,
) -> f64 {
    let attention_forward =
        attention.map_or(0.0, |(s, a)| attention_train_flops_per_token(s, a) / 3.0) * tokens;
    let extra = match recompute {
        Recompute::None => 0.0,
        Recompute::Selective => attention_forward,
        Recompute::Full => 2.0 * params * tokens + attention_forward,
    };
    train_flops(params, tokens, attention) + extra
}

/// Hoffmann et al. 2022's rule of thumb: 20 tokens per parameter.
pub const CHINCHILLA_TOKENS_PER_PARAM: f64 = 20.0;

/// A fitted scaling law L(N, D) = E + A/N^α + B/D^β (loss in nats per token).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LossFit {
    pub e: f64,
    pub a: f64,
    pub b: f64,
    pub alpha: f64,
    pub beta: f64,
}

/// Hoffmann et al. 2022 (arXiv:2203.15556), Approach 3, eq. (10).
pub const HOFFMANN: LossFit = LossFit {
    e: 1.69,
    a: 406.4,
    b: 410.7,
    alpha: 0.34,
    beta: 0.28,
};

/// Besiroglu et al. 2024, Chinchilla Scaling: A replication attempt
/// (arXiv:2404.10102), their refit of Approach 3.
pub const BESIROGLU: LossFit = LossFit {
    e: 1.8172,
    a: 482.01,
    b: 2085.43,
    alpha: 0.3478,
    beta: 0.3658,
};

named_enum! {
    /// How `chinchilla_optimal` splits a compute budget, and which law
    /// `chinchilla_loss` uses.
    pub enum Fit {
        /// D = 20·N with C = 6·N·D.
        Rule20 => "rule20",
        Hoffmann => "hoffmann",
        Besiroglu => "besiroglu",
    }
}

impl Fit {
    /// The fitted loss law, if this is one (the 20-tokens rule is not).
    pub fn law(self) -> Option<LossFit> {
        match self {
            Fit::Rule20 => None,
            Fit::Hoffmann => Some(HOFFMANN),
            Fit::Besiroglu => Some(BESIROGLU),
        }
    }
}

impl LossFit {
    pub fn loss(&self, params: f64, tokens: f64) -> f64 {
        self.e + self.a / params.powf(self.alpha) + self.b / tokens.powf(self.beta)
    }
}

/// Parameters and tokens that minimise the loss for a budget C = 6·N·D.
/// For a fitted law: N = G·(C/6)^(β/(α+β)) with G = (αA/(βB))^(1/(α+β)),
/// from setting dL/dN = 0 along N·D = C/6.
pub fn chinchilla_optimal(compute: f64, fit: Fit) -> (f64, f64) {
    let budget = compute / 6.0;
    let params = match fit.law() {
        None => (budget / CHINCHILLA_TOKENS_PER_PARAM).sqrt(),
        Some(f) => {
            let g = (f.alpha * f.a / (f.beta * f.b)).powf(1.0 / (f.alpha + f.beta));
            g * budget.powf(f.beta / (f.alpha + f.beta))
        }
    };
    (params, budget / params)
}

/// Energy of a run: devices × power per device × time × PUE.
pub fn energy(gpus: f64, watts_per_gpu: f64, seconds: f64, pue: f64) -> f64 {
    gpus * watts_per_gpu * seconds * pue
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
    }

    const GPT3: AttentionShape = AttentionShape {
        layers: 96.0,
        seq: 2048.0,
        heads: 96.0,
        d_head: 128.0,
    };

    #[test]
    fn six_n_d() {
        assert!(close(train_flops(405e9, 15.6e12, None), 3.7908e25));
        assert!(close(forward_flops(1e9, 1e3, None), 2e12));
    }

    #[test]
    fn palm_convention_is_six_n_plus_twelve_l_h_q_t() {
        // PaLM App. B: 6N + 12·L·H·Q·T per token, H heads of size Q, T the sequence.
        let per_token = train_flops(175e9, 1.0, Some((GPT3, Attention::Full)));
        assert!(close(
            per_token,
            6.0 * 175e9 + 12.0 * 96.0 * 96.0 * 128.0 * 2048.0
        ));
    }

    #[test]
    fn kaplan_causal_term_is_half_of_palm() {
        let causal = attention_train_flops_per_token(GPT3, Attention::Causal);
        let full = attention_train_flops_per_token(GPT3, Attention::Full);
        assert!(close(2.0 * causal, full));
        // Kaplan's forward term: 2·n_layer·n_ctx·d_attn, d_attn = heads·d_head.
        assert!(close(causal / 3.0, 2.0 * 96.0 * 2048.0 * 96.0 * 128.0));
    }

    #[test]
    fn full_recompute_is_eight_n_d() {
        assert!(close(
            hardware_flops(1e9, 1e12, None, Recompute::Full),
            8.0 * 1e9 * 1e12
        ));
        assert!(close(
            hardware_flops(1e9, 1e12, None, Recompute::None),
            6.0 * 1e9 * 1e12
        ));
        let with = hardware_flops(
            1e9,
            1.0,
            Some((GPT3, Attention::Causal)),
            Recompute::Selective,
        );
        let without = train_flops(1e9, 1.0, Some((GPT3, Attention::Causal)));
        assert!(close(with - without, 2.0 * 96.0 * 2048.0 * 96.0 * 128.0));
    }

    #[test]
    fn rule20_splits_chinchillas_budget() {
        // Chinchilla: 70B params × 1.4T tokens = 20 tokens/param, C = 5.88e23.
        let (n, d) = chinchilla_optimal(6.0 * 70e9 * 1.4e12, Fit::Rule20);
        assert!(close(n, 70e9));
        assert!(close(d, 1.4e12));
    }

    #[test]
    fn fitted_laws_give_a_stationary_loss_along_the_budget() {
        for (name, fit) in [(Fit::Hoffmann, HOFFMANN), (Fit::Besiroglu, BESIROGLU)] {
            let c = 5.76e23;
            let (n, d) = chinchilla_optimal(c, name);
            assert!(close(6.0 * n * d, c));
            let at = |scale: f64| fit.loss(n * scale, d / scale);
            assert!(at(1.0) < at(1.05) && at(1.0) < at(0.95));
        }
    }

    #[test]
    fn hoffmann_loss_at_chinchilla() {
        // E + A/N^α + B/D^β with the paper's constants.
        let loss = HOFFMANN.loss(70e9, 1.4e12);
        let expected = 1.69 + 406.4 / 70e9f64.powf(0.34) + 410.7 / 1.4e12f64.powf(0.28);
        assert!(close(loss, expected));
        assert!(loss > 1.9 && loss < 2.0);
    }
}

/// Goodput: what failures cost a long run (SPEC §3.4). First-order
/// Young/Daly model: failures arrive at random (exponentially, at a rate
/// that grows with the GPU count), each costs the restart and, on average,
/// half a checkpoint interval of lost work, and every interval pays one
/// checkpoint write. J. W. Young, "A first order approximation to the
/// optimum checkpoint interval", CACM 17(9), 1974; J. T. Daly, "A higher
/// order estimate of the optimum checkpoint interval for restart dumps",
/// FGCS 22(3), 2006.
pub mod goodput {
    /// Expected interruptions of `gpus` devices over `seconds`, each
    /// device failing once per `mtbf` seconds on average.
    pub fn failures(gpus: f64, seconds: f64, mtbf: f64) -> f64 {
        gpus * seconds / mtbf
    }

    /// The job's mean time between failures: any one device stops it.
    pub fn job_mtbf(gpus: f64, mtbf: f64) -> f64 {
        mtbf / gpus
    }

    /// Young's optimum interval between checkpoints: τ = sqrt(2·δ·M_job).
    pub fn young_interval(checkpoint: f64, job_mtbf: f64) -> f64 {
        (2.0 * checkpoint * job_mtbf).sqrt()
    }

    /// The fraction of wall-clock time doing useful work:
    /// 1 − δ/τ − (τ/2 + R)/M_job.
    pub fn goodput(checkpoint: f64, restart: f64, interval: f64, job_mtbf: f64) -> f64 {
        1.0 - checkpoint / interval - (interval / 2.0 + restart) / job_mtbf
    }
}
