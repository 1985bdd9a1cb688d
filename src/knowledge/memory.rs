//! Memory per GPU while training (SPEC §3.3): model states under ZeRO and
//! activations after Korthikanti et al. Pure arithmetic in bytes;
//! `eval::builtins` checks the arguments and calls these.

use super::formulas::Recompute;

/// How the data-parallel ranks share the model states (Rajbhandari et al.
/// 2020, ZeRO: Memory Optimizations Toward Training Trillion Parameter
/// Models, arXiv:1910.02054, §5 and Figure 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ZeroStage {
    /// Every rank holds everything (plain data parallelism).
    None,
    /// P_os: the optimizer states are sharded over the ranks.
    Optimizer,
    /// P_os+g: also the gradients.
    Gradients,
    /// P_os+g+p: also the weights.
    Weights,
}

impl ZeroStage {
    pub const STAGES: [ZeroStage; 4] = [
        ZeroStage::None,
        ZeroStage::Optimizer,
        ZeroStage::Gradients,
        ZeroStage::Weights,
    ];

    /// `zero = 0 | 1 | 2 | 3`.
    pub fn from_number(stage: f64) -> Option<ZeroStage> {
        ZeroStage::STAGES
            .into_iter()
            .enumerate()
            .find(|(i, _)| *i as f64 == stage)
            .map(|(_, s)| s)
    }
}

/// Bytes each parameter costs, per kind of model state. The defaults are
/// mixed-precision Adam as in the ZeRO paper (§3.1): fp16 weights (2) and
/// gradients (2), and K = 12 bytes of optimizer states (fp32 master
/// weights, momentum and variance).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StateBytes {
    pub weights: f64,
    pub grads: f64,
    pub optimizer: f64,
}

impl StateBytes {
    pub const MIXED_PRECISION_ADAM: StateBytes = StateBytes {
        weights: 2.0,
        grads: 2.0,
        optimizer: 12.0,
    };
}

/// How the GPUs split the work: data, tensor and pipeline parallel degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Parallelism {
    pub dp: f64,
    pub tp: f64,
    pub pp: f64,
}

/// Bytes of model states on one GPU. Tensor and pipeline parallelism split
/// the parameters first (each GPU holds params / (tp·pp)); ZeRO then
/// shards the chosen states over the `dp` ranks.
pub fn train_memory(params: f64, zero: ZeroStage, parallel: Parallelism, bytes: StateBytes) -> f64 {
    let local = params / (parallel.tp * parallel.pp);
    let over_dp = |sharded: bool| if sharded { parallel.dp } else { 1.0 };
    local
        * (bytes.weights / over_dp(zero >= ZeroStage::Weights)
            + bytes.grads / over_dp(zero >= ZeroStage::Gradients)
            + bytes.optimizer / over_dp(zero >= ZeroStage::Optimizer))
}

/// The dimensions activation memory depends on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ActivationShape {
    pub layers: f64,
    /// h: the hidden size.
    pub d_model: f64,
    /// a: attention heads.
    pub heads: f64,
    /// s: tokens per sequence.
    pub seq: f64,
    /// b: sequences per micro-batch.
    pub batch: f64,
}

/// How activations are kept for the backward pass.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ActivationPolicy {
    pub tp: f64,
    /// Sequence parallelism: the layer norms' and dropouts' activations are
    /// split over the tensor-parallel ranks as well.
    pub sequence_parallel: bool,
    pub recompute: Recompute,
    /// FlashAttention never stores the s×s attention scores.
    pub flash: bool,
}

/// Bytes of activations one GPU holds for the backward pass (Korthikanti
/// et al. 2022, Reducing Activation Recomputation in Large Transformer
/// Models, arXiv:2205.05198, §4, 2-byte activations). Per layer:
/// s·b·h·(34 + 5·a·s/h) storing everything; 34·s·b·h when the attention
/// scores are not stored (FlashAttention or selective recomputation);
/// 2·s·b·h keeping only each layer's input (full recomputation). Tensor
/// parallelism with sequence parallelism divides each by `tp`; without it
/// only the 24 of the 34 and the score term divide (eq. 2), and the layer
/// input not at all. Pipeline parallelism does not change the figure: under
/// 1F1B the first stage holds `pp` micro-batches of L/`pp` layers, L layers'
/// worth (§4.2.3). The embeddings' and the output layer's activations are
/// left out, as the paper's totals leave them out.
pub fn activation_memory(shape: ActivationShape, policy: ActivationPolicy) -> f64 {
    let sbh = shape.seq * shape.batch * shape.d_model;
    let tp = policy.tp;
    let scores = 5.0 * shape.heads * shape.seq / shape.d_model;
    let stores_scores = policy.recompute == Recompute::None && !policy.flash;
    let per_layer = match (policy.recompute, policy.sequence_parallel) {
        (Recompute::Full, true) => 2.0 * sbh / tp,
        (Recompute::Full, false) => 2.0 * sbh,
        (_, sp) => {
            let scores = if stores_scores { scores } else { 0.0 };
            let linear = if sp { 34.0 / tp } else { 10.0 + 24.0 / tp };
            sbh * (linear + scores / tp)
        }
    };
    shape.layers * per_layer
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance * b.abs()
    }

    /// Rajbhandari et al. 2020 (ZeRO, arXiv:1910.02054), Figure 1: a
    /// 7.5B-parameter model on 64 data-parallel GPUs with mixed-precision
    /// Adam (K = 12) needs 120 GB per GPU, 31.4 GB with P_os, 16.6 GB with
    /// P_os+g and 1.88 GB with P_os+g+p.
    #[test]
    fn the_zero_papers_figure_1() {
        let parallel = Parallelism {
            dp: 64.0,
            tp: 1.0,
            pp: 1.0,
        };
        let figures = [120e9, 31.4e9, 16.6e9, 1.88e9];
        for (stage, published) in ZeroStage::STAGES.into_iter().zip(figures) {
            let bytes = train_memory(7.5e9, stage, parallel, StateBytes::MIXED_PRECISION_ADAM);
            // The paper rounds to three figures.
            assert!(close(bytes, published, 0.005), "{stage:?}: {bytes}");
        }
    }

    #[test]
    fn tensor_and_pipeline_parallelism_split_the_parameters_first() {
        let split = Parallelism {
            dp: 8.0,
            tp: 8.0,
            pp: 4.0,
        };
        let bytes = train_memory(
            70e9,
            ZeroStage::Optimizer,
            split,
            StateBytes::MIXED_PRECISION_ADAM,
        );
        let local = 70e9 / 32.0;
        assert!(close(bytes, local * (4.0 + 12.0 / 8.0), 1e-12));
    }

    /// GPT-3 175B (Brown et al. 2020, Table 2.1): s = 2048, h = 12288,
    /// a = 96, L = 96. Korthikanti et al. §4.2: for GPT-3, 5·a·s/h = 80, so
    /// storing the scores costs 34 + 80 = 114 units per s·b·h and selective
    /// recomputation saves 80/114, the paper's "70%".
    const GPT3: ActivationShape = ActivationShape {
        layers: 96.0,
        d_model: 12288.0,
        heads: 96.0,
        seq: 2048.0,
        batch: 1.0,
    };

    fn policy(tp: f64, sequence_parallel: bool, recompute: Recompute, flash: bool) -> f64 {
        activation_memory(
            GPT3,
            ActivationPolicy {
                tp,
                sequence_parallel,
                recompute,
                flash,
            },
        )
    }

    #[test]
    fn korthikanti_gpt3_every_mode() {
        let sbh = 2048.0 * 12288.0;
        let layers = 96.0;
        assert_eq!(5.0 * 96.0 * 2048.0 / 12288.0, 80.0);
        // Eq. (1): no parallelism, everything stored.
        let stored = policy(1.0, true, Recompute::None, false);
        assert!(close(stored, layers * sbh * 114.0, 1e-12));
        // FlashAttention and selective recomputation: 34·s·b·h.
        let flash = policy(1.0, true, Recompute::None, true);
        let selective = policy(1.0, true, Recompute::Selective, false);
        assert!(close(flash, layers * sbh * 34.0, 1e-12));
        assert_eq!(flash, selective);
        assert!(close(1.0 - selective / stored, 0.70, 0.01));
        // Full recomputation: 2·s·b·h, the layer input.
        let full = policy(1.0, true, Recompute::Full, false);
        assert!(close(full, layers * sbh * 2.0, 1e-12));
        // Eq. (2), tensor parallelism t = 8 without sequence parallelism:
        // s·b·h·(10 + 24/t + 5·a·s/(h·t)).
        let tp = policy(8.0, false, Recompute::None, false);
        assert!(close(tp, layers * sbh * (10.0 + 3.0 + 10.0), 1e-12));
        // Eq. (3), with sequence parallelism: s·b·h/t·(34 + 5·a·s/h).
        let sp = policy(8.0, true, Recompute::None, false);
        assert!(close(sp, layers * sbh * 114.0 / 8.0, 1e-12));
        // Eq. (5)'s selective figure with t = 8: 34·s·b·h/t.
        let sp_selective = policy(8.0, true, Recompute::Selective, false);
        assert!(close(sp_selective, layers * sbh * 34.0 / 8.0, 1e-12));
        // Full recomputation keeps the input, split only with sp.
        assert!(close(
            policy(8.0, true, Recompute::Full, true),
            layers * sbh * 2.0 / 8.0,
            1e-12
        ));
        assert!(close(
            policy(8.0, false, Recompute::Full, true),
            full,
            1e-12
        ));
    }
}
