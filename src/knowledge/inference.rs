//! Serving (SPEC §3.3): the KV cache and the roofline of a decoding step.
//! Pure arithmetic in base units (bytes, FLOP, seconds).

/// What attention caches per token and layer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum KvLayout {
    /// A key and a value of `d_head` for each of `kv_heads` heads
    /// (grouped-query attention, Ainslie et al. 2023, arXiv:2305.13245,
    /// caches `kv_heads` < `heads`).
    Heads { kv_heads: f64, d_head: f64 },
    /// Multi-head latent attention caches one compressed vector per token
    /// and layer (DeepSeek-AI 2024, DeepSeek-V2, arXiv:2405.04434, §2.1:
    /// d_c + d_h^R = 512 + 64 for DeepSeek-V2 and V3).
    Latent { width: f64 },
}

impl KvLayout {
    /// Elements cached per token per layer.
    pub fn elements_per_token_per_layer(self) -> f64 {
        match self {
            KvLayout::Heads { kv_heads, d_head } => 2.0 * kv_heads * d_head,
            KvLayout::Latent { width } => width,
        }
    }
}

/// Bytes of KV cache for `tokens` tokens (all sequences of a batch together).
pub fn kv_cache(layers: f64, layout: KvLayout, bytes_per_element: f64, tokens: f64) -> f64 {
    layers * layout.elements_per_token_per_layer() * bytes_per_element * tokens
}

/// The two bounds of a step on a machine: moving the bytes through memory,
/// and doing the arithmetic. The step takes the larger (Williams et al.
/// 2009, Roofline, CACM 52(4)).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Roofline {
    pub memory_seconds: f64,
    pub compute_seconds: f64,
}

impl Roofline {
    pub fn new(bytes: f64, bandwidth: f64, flop: f64, rate: f64) -> Roofline {
        Roofline {
            memory_seconds: bytes / bandwidth,
            compute_seconds: flop / rate,
        }
    }

    pub fn seconds(&self) -> f64 {
        self.memory_seconds.max(self.compute_seconds)
    }

    pub fn memory_bound(&self) -> bool {
        self.memory_seconds >= self.compute_seconds
    }
}

/// One decoding step of `batch` sequences: every active weight is read once
/// (`weight_bytes`) and each sequence's KV cache once (`kv_bytes` for the
/// whole batch), while each new token costs 2·N_active FLOP (a multiply
/// and an add per weight; Kaplan et al. 2020, §2.1).
pub fn decode_step(
    active_params: f64,
    weight_bytes: f64,
    kv_bytes: f64,
    batch: f64,
    bandwidth: f64,
    rate: f64,
) -> Roofline {
    Roofline::new(
        weight_bytes + kv_bytes,
        bandwidth,
        2.0 * active_params * batch,
        rate,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Llama 3 70B (Llama Team 2024, arXiv:2407.21783, Table 3): 80 layers,
    /// 8 KV heads of 128, 2-byte cache: 2·80·8·128·2 = 327,680 bytes =
    /// 320 KiB per token, the figure serving guides quote.
    #[test]
    fn llama3_70b_caches_320_kib_per_token() {
        let layout = KvLayout::Heads {
            kv_heads: 8.0,
            d_head: 128.0,
        };
        assert_eq!(kv_cache(80.0, layout, 2.0, 1.0), 320.0 * 1024.0);
    }

    /// DeepSeek-V3 (arXiv:2412.19437, §2.1): 61 layers caching 576 elements
    /// each, against 2·128·128 for full multi-head attention: 57× less.
    #[test]
    fn latent_attention_caches_one_vector() {
        let latent = kv_cache(61.0, KvLayout::Latent { width: 576.0 }, 2.0, 1.0);
        assert_eq!(latent, 61.0 * 576.0 * 2.0);
        let full = kv_cache(
            61.0,
            KvLayout::Heads {
                kv_heads: 128.0,
                d_head: 128.0,
            },
            2.0,
            1.0,
        );
        assert!(full / latent > 50.0);
    }

    #[test]
    fn decoding_one_sequence_is_memory_bound() {
        // 70B at 2 bytes on one H100 (3.35 TB/s, 989.5 TFLOP/s): 140 GB
        // takes 41.8 ms to read; 140 GFLOP takes 0.14 ms.
        let step = decode_step(70e9, 140e9, 0.0, 1.0, 3.35e12, 989.5e12);
        assert!(step.memory_bound());
        assert!((step.seconds() - 140e9 / 3.35e12).abs() < 1e-12);
        // A batch of 4,096 makes it compute-bound.
        let big = decode_step(70e9, 140e9, 0.0, 4096.0, 3.35e12, 989.5e12);
        assert!(!big.memory_bound());
        assert_eq!(big.seconds(), 2.0 * 70e9 * 4096.0 / 989.5e12);
    }
}
