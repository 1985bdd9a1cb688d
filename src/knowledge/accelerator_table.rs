//! The built-in accelerator table (SPEC §3.1): one [`Accelerator`] per part, copied by hand
//! from `shared/data/accelerators.csv` together with the sources of its figures. The project
//! never reads that CSV at run time; this file is the copy.
//!
//! Rules the rows follow:
//! - Peaks are **dense** TFLOP/s **per device** (one package as the vendor sells it: an
//!   MI250X is both dies, a GB200 row is one Blackwell GPU of the superchip). Datasheets often
//!   quote 2:4 structured-sparsity figures, twice the dense ones; those were halved.
//! - The CSV's `bf16/fp16` column sets both bf16 and fp16, except where the part has no bf16
//!   (V100: fp16 only) or no fp16 matrix unit (Google TPUs: bf16 only, as Google publishes).
//! - fp64 is the vector (non-tensor) figure. fp32 is the non-tensor figure; tf32 the dense
//!   tensor figure.
//! - `unverified`, `n/a` (not supported) and `n/r` (not reported) leave the field `None`: no
//!   figure is guessed.
//! - Where a source gives two figures or a range, the latest official one is taken; TDP is the
//!   top of a range. GeForce cards use the FP32-accumulate tensor rate, which training uses.
//! - Memory is in decimal bytes (GB × 1e9; GiB × 1024³ where the source says GiB); bandwidth in
//!   bytes per second (TB/s × 1e12).
//! - `node` is the devices of one server or scale-up domain as the vendor sells it (HGX
//!   baseboard, NVL72 rack, TPU host); `interconnect` the scale-up bandwidth per device with
//!   both directions added, as vendors quote NVLink. Both are `None` where the CSV marks the
//!   figure unverified or the part has no standard server (PCIe and consumer cards), each
//!   row's `scale_up_source` saying which.
//! - Cloud prices are deliberately absent: they change monthly and are never built-in defaults.

use std::borrow::Cow;

use super::accelerator::{Accelerator, Peaks, Precision};

/// One GiB in bytes, for the parts whose memory the vendor states in binary units.
const GIB: f64 = 1024.0 * 1024.0 * 1024.0;

pub static BUILTIN_ACCELERATORS: &[Accelerator] = &[
    // CSV "V100 SXM2 (16/32GB)": the 32 GB part (SPEC). fp64 is unverified in the CSV (7.8
    // commonly cited) -> None. FP16 only: no bf16, no fp8.
    Accelerator {
        name: Cow::Borrowed("V100"),
        vendor: Cow::Borrowed("NVIDIA"),
        product: Cow::Borrowed("V100 SXM2 32GB"),
        peaks: Peaks::NONE
            .with(Precision::Fp32, 15.7)
            .with(Precision::Fp16, 125.0),
        memory_bytes: Some(32e9),
        bandwidth_bytes_per_s: Some(0.9e12),
        tdp_watts: Some(300.0),
        node: Some(8.0),
        interconnect_bytes_per_s: None,
        scale_up_source: Cow::Borrowed(
            "NVIDIA DGX-1 (8 V100 SXM2 per server); NVLink 2.0 bandwidth unverified in the CSV (300 GB/s commonly cited), so left out",
        ),
        launch_year: Some(2017),
        sources: Cow::Borrowed(
            "NVIDIA Tesla V100 datasheet (nvidia.com/en-us/data-center/v100/) values as quoted by secondary pages",
        ),
        notes: Cow::Borrowed(
            "Tensor cores do FP16 only (no BF16, no structured sparsity); 125 TF FP16 is the peak GPT-3-era MFUs use (PaLM paper). FP64 not verified, so left out.",
        ),
    },
    // CSV "A100 80GB SXM". TDP 400 W is the standard SKU; the custom-thermal 500 W SKU is
    // only noted. fp64 vector 9.7 (19.5 is FP64 tensor).
    Accelerator {
        name: Cow::Borrowed("A100"),
        vendor: Cow::Borrowed("NVIDIA"),
        product: Cow::Borrowed("A100 SXM4 80GB"),
        peaks: Peaks::NONE
            .with(Precision::Fp64, 9.7)
            .with(Precision::Fp32, 19.5)
            .with(Precision::Tf32, 156.0)
            .with(Precision::Bf16, 312.0)
            .with(Precision::Fp16, 312.0),
        memory_bytes: Some(80e9),
        bandwidth_bytes_per_s: Some(2.039e12),
        tdp_watts: Some(400.0),
        node: Some(8.0),
        interconnect_bytes_per_s: Some(0.6e12),
        scale_up_source: Cow::Borrowed(
            "NVIDIA HGX A100 (8 SXM4 GPUs per baseboard); A100 datasheet: NVLink 3, 600 GB/s per GPU",
        ),
        launch_year: Some(2020),
        sources: Cow::Borrowed(
            "NVIDIA A100 Tensor Core GPU datasheet (nvidia.com/en-us/data-center/a100/), values via transcriptions incl. stas00/ml-engineering compute/accelerator/README.md (dense TFLOPS table); volcengine/verl verl/utils/flops_counter.py (_DEVICE_FLOPS) (A100 312e12); Databricks blog databricks.com/blog/mpt-7b (price assumption)",
        ),
        notes: Cow::Borrowed(
            "Dense figures; the datasheet's starred values (TF32 312*, BF16/FP16 624*) are 2:4-sparse. No FP8; a custom-thermal SKU runs up to 500 W. MFU papers on A100 (LLaMA, OPT, BLOOM, Megatron) use 312 TF.",
        ),
    },
    // CSV "A100 40GB SXM". Same compute as the 80 GB part.
    Accelerator {
        name: Cow::Borrowed("A100_40GB"),
        vendor: Cow::Borrowed("NVIDIA"),
        product: Cow::Borrowed("A100 SXM4 40GB"),
        peaks: Peaks::NONE
            .with(Precision::Fp64, 9.7)
            .with(Precision::Fp32, 19.5)
            .with(Precision::Tf32, 156.0)
            .with(Precision::Bf16, 312.0)
            .with(Precision::Fp16, 312.0),
        memory_bytes: Some(40e9),
        bandwidth_bytes_per_s: Some(1.555e12),
        tdp_watts: Some(400.0),
        node: Some(8.0),
        interconnect_bytes_per_s: Some(0.6e12),
        scale_up_source: Cow::Borrowed(
            "NVIDIA HGX A100 (8 SXM4 GPUs per baseboard); A100 datasheet: NVLink 3, 600 GB/s per GPU",
        ),
        launch_year: Some(2020),
        sources: Cow::Borrowed(
            "NVIDIA A100 Tensor Core GPU datasheet (nvidia.com/en-us/data-center/a100/), values via transcriptions incl. stas00/ml-engineering compute/accelerator/README.md (dense TFLOPS table); volcengine/verl verl/utils/flops_counter.py (_DEVICE_FLOPS) (A100 312e12); AWS EC2 Capacity Blocks pricing page (aws.amazon.com/ec2/capacityblocks/pricing; read from an archived copy, rates stated as valid until 2025-01-01); Databricks blog databricks.com/blog/mpt-7b (price assumption)",
        ),
        notes: Cow::Borrowed(
            "Dense figures; the datasheet's starred values (TF32 312*, BF16/FP16 624*) are 2:4-sparse. No FP8.",
        ),
    },
    // CSV "A100 80GB PCIe" (the 80 GB card; the 40 GB PCIe card, 1,555 GB/s and 250 W, is
    // only noted).
    Accelerator {
        name: Cow::Borrowed("A100_PCIe"),
        vendor: Cow::Borrowed("NVIDIA"),
        product: Cow::Borrowed("A100 PCIe 80GB"),
        peaks: Peaks::NONE
            .with(Precision::Fp64, 9.7)
            .with(Precision::Fp32, 19.5)
            .with(Precision::Tf32, 156.0)
            .with(Precision::Bf16, 312.0)
            .with(Precision::Fp16, 312.0),
        memory_bytes: Some(80e9),
        bandwidth_bytes_per_s: Some(1.935e12),
        tdp_watts: Some(300.0),
        node: None,
        interconnect_bytes_per_s: None,
        scale_up_source: Cow::Borrowed(
            "PCIe card: no standard server size; the 2-GPU NVLink bridge's bandwidth is unverified in the CSV",
        ),
        launch_year: Some(2020),
        sources: Cow::Borrowed(
            "NVIDIA A100 Tensor Core GPU datasheet (nvidia.com/en-us/data-center/a100/), values via transcriptions incl. stas00/ml-engineering compute/accelerator/README.md (dense TFLOPS table); volcengine/verl verl/utils/flops_counter.py (_DEVICE_FLOPS) (A100 312e12)",
        ),
        notes: Cow::Borrowed(
            "The 80 GB PCIe card; the A100 40GB PCIe has 1,555 GB/s and 250 W. Dense figures (sparse ones are 2x); no FP8.",
        ),
    },
    // CSV "A10". Tensor TF32 and BF16/FP16 are unverified in the CSV (62.5 / 125 commonly
    // cited) -> None, so only fp64 and fp32 are set and the row has no default (bf16/fp16)
    // precision. fp64 0.976 is the 1:32 vector rate.
    Accelerator {
        name: Cow::Borrowed("A10"),
        vendor: Cow::Borrowed("NVIDIA"),
        product: Cow::Borrowed("A10 PCIe 24GB"),
        peaks: Peaks::NONE
            .with(Precision::Fp64, 0.976)
            .with(Precision::Fp32, 31.2),
        memory_bytes: Some(24e9),
        bandwidth_bytes_per_s: Some(0.6e12),
        tdp_watts: Some(150.0),
        node: None,
        interconnect_bytes_per_s: None,
        scale_up_source: Cow::Borrowed("PCIe card without NVLink: no scale-up domain"),
        launch_year: Some(2021),
        sources: Cow::Borrowed(
            "Baseten blog 'NVIDIA A10 vs A10G for ML model inference' (24 GB GDDR6, 600 GB/s); sysrqmts.com (TechPowerUp-style DB: FP32 31.24, FP64 0.976, 150 W, release 2021-04-12)",
        ),
        notes: Cow::Borrowed(
            "Inference-class GPU, not used for published LLM pre-training. Tensor-core peaks (TF32, BF16/FP16) are not verified by any source, so left out.",
        ),
    },
    // CSV "L4". The datasheet quotes sparse (TF32 120*, BF16 242*, FP8 485*); the CSV halved
    // them. fp64 unverified -> None.
    Accelerator {
        name: Cow::Borrowed("L4"),
        vendor: Cow::Borrowed("NVIDIA"),
        product: Cow::Borrowed("L4 PCIe 24GB"),
        peaks: Peaks::NONE
            .with(Precision::Fp32, 30.3)
            .with(Precision::Tf32, 60.0)
            .with(Precision::Bf16, 121.0)
            .with(Precision::Fp16, 121.0)
            .with(Precision::Fp8, 242.5),
        memory_bytes: Some(24e9),
        bandwidth_bytes_per_s: Some(0.3e12),
        tdp_watts: Some(72.0),
        node: None,
        interconnect_bytes_per_s: None,
        scale_up_source: Cow::Borrowed("PCIe card without NVLink: no scale-up domain"),
        launch_year: Some(2023),
        sources: Cow::Borrowed(
            "NVIDIA L4 datasheet (nvidia.com/en-us/data-center/l4/) as reproduced by reseller/benchmark pages (fpsbench, sourcecode store)",
        ),
        notes: Cow::Borrowed(
            "Dense = datasheet sparse / 2 (datasheet: TF32 120*, BF16 242*, FP8 485*). FP64 not verified.",
        ),
    },
    // CSV "L40S". Dense figures straight from the datasheet's dense|sparse pairs. fp64
    // unverified -> None.
    Accelerator {
        name: Cow::Borrowed("L40S"),
        vendor: Cow::Borrowed("NVIDIA"),
        product: Cow::Borrowed("L40S PCIe 48GB"),
        peaks: Peaks::NONE
            .with(Precision::Fp32, 91.6)
            .with(Precision::Tf32, 183.0)
            .with(Precision::Bf16, 362.05)
            .with(Precision::Fp16, 362.05)
            .with(Precision::Fp8, 733.0),
        memory_bytes: Some(48e9),
        bandwidth_bytes_per_s: Some(0.864e12),
        tdp_watts: Some(350.0),
        node: None,
        interconnect_bytes_per_s: None,
        scale_up_source: Cow::Borrowed("PCIe card without NVLink: no scale-up domain"),
        launch_year: Some(2023),
        sources: Cow::Borrowed(
            "NVIDIA L40S datasheet (copies hosted by resellers, e.g. mullet.se / omegaco); volcengine/verl verl/utils/flops_counter.py (_DEVICE_FLOPS) (L40S 362.05e12)",
        ),
        notes: Cow::Borrowed(
            "Datasheet pairs dense|sparse* (TF32 183|366*, BF16 362.05|733*, FP8 733|1,466*); dense kept. No NVLink; FP64 not verified.",
        ),
    },
    // CSV "H100 SXM5 80GB". fp64 34 is the vector figure (67 is FP64 tensor). The datasheet
    // quotes sparse tensor figures; the CSV's dense ones are used.
    Accelerator {
        name: Cow::Borrowed("H100"),
        vendor: Cow::Borrowed("NVIDIA"),
        product: Cow::Borrowed("H100 SXM5 80GB"),
        peaks: Peaks::NONE
            .with(Precision::Fp64, 34.0)
            .with(Precision::Fp32, 67.0)
            .with(Precision::Tf32, 494.5)
            .with(Precision::Bf16, 989.5)
            .with(Precision::Fp16, 989.5)
            .with(Precision::Fp8, 1979.0),
        memory_bytes: Some(80e9),
        bandwidth_bytes_per_s: Some(3.35e12),
        tdp_watts: Some(700.0),
        node: Some(8.0),
        interconnect_bytes_per_s: Some(0.9e12),
        scale_up_source: Cow::Borrowed(
            "NVIDIA HGX/DGX H100 (8 SXM5 GPUs per server); H100 datasheet: NVLink 4, 900 GB/s per GPU",
        ),
        launch_year: Some(2022),
        sources: Cow::Borrowed(
            "NVIDIA H100 product page/datasheet (nvidia.com/en-us/data-center/h100/) quoted in several copies; NVIDIA dgxc-benchmarking README ('peak H100 ... BF16 989 TFLOPS, FP8 1979'); Llama 3 paper arXiv:2407.21783 & Nemotron-4 report use 989 TF BF16 dense for MFU; stas00/ml-engineering compute/accelerator/README.md (dense TFLOPS table); volcengine/verl verl/utils/flops_counter.py (_DEVICE_FLOPS); AWS EC2 Capacity Blocks pricing page (aws.amazon.com/ec2/capacityblocks/pricing; read from an archived copy, rates stated as valid until 2025-01-01)",
        ),
        notes: Cow::Borrowed(
            "The datasheet quotes tensor figures with sparsity (BF16 1,979*, FP8 3,958*); these are the dense halves. MFU is measured against 989.5 TF BF16, not the 67 TF FP32 peak.",
        ),
    },
    // CSV "H100 PCIe 80GB". TDP "300-350" -> 350 (top of range). fp64 vector 26.
    Accelerator {
        name: Cow::Borrowed("H100_PCIe"),
        vendor: Cow::Borrowed("NVIDIA"),
        product: Cow::Borrowed("H100 PCIe 80GB"),
        peaks: Peaks::NONE
            .with(Precision::Fp64, 26.0)
            .with(Precision::Fp32, 51.0)
            .with(Precision::Tf32, 378.0)
            .with(Precision::Bf16, 756.5)
            .with(Precision::Fp16, 756.5)
            .with(Precision::Fp8, 1513.0),
        memory_bytes: Some(80e9),
        bandwidth_bytes_per_s: Some(2.0e12),
        tdp_watts: Some(350.0),
        node: Some(2.0),
        interconnect_bytes_per_s: Some(0.6e12),
        scale_up_source: Cow::Borrowed(
            "H100 PCIe datasheet: NVLink bridge joining 2 cards, 600 GB/s",
        ),
        launch_year: Some(2022),
        sources: Cow::Borrowed(
            "NVIDIA H100 datasheet (PCIe column) via copies; stas00/ml-engineering compute/accelerator/README.md (dense TFLOPS table)",
        ),
        notes: Cow::Borrowed(
            "Dense figures; the datasheet quotes sparse (TF32 756*, BF16 1,513*, FP8 3,026*). TDP is configurable 300-350 W; the top is given.",
        ),
    },
    // CSV "H100 NVL 94GB": per GPU of the bridged pair. TDP "350-400" -> 400. fp64 vector 30.
    Accelerator {
        name: Cow::Borrowed("H100_NVL"),
        vendor: Cow::Borrowed("NVIDIA"),
        product: Cow::Borrowed("H100 NVL 94GB"),
        peaks: Peaks::NONE
            .with(Precision::Fp64, 30.0)
            .with(Precision::Fp32, 60.0)
            .with(Precision::Tf32, 417.5)
            .with(Precision::Bf16, 835.5)
            .with(Precision::Fp16, 835.5)
            .with(Precision::Fp8, 1670.5),
        memory_bytes: Some(94e9),
        bandwidth_bytes_per_s: Some(3.9e12),
        tdp_watts: Some(400.0),
        node: Some(2.0),
        interconnect_bytes_per_s: Some(0.6e12),
        scale_up_source: Cow::Borrowed(
            "H100 NVL datasheet: two cards joined by NVLink bridges, 600 GB/s",
        ),
        launch_year: Some(2023),
        sources: Cow::Borrowed("NVIDIA H100 datasheet (NVL column) via copies"),
        notes: Cow::Borrowed(
            "Per-GPU values of the NVLink-bridged pair; dense (datasheet sparse: BF16 1,671*, FP8 3,341*). TDP is configurable 350-400 W; the top is given.",
        ),
    },
    // CSV "H800 SXM5 80GB (China export variant)". fp64 "~1 (reseller spec)" is not an
    // official figure -> left out. Compute as H100 SXM (verl lists 989e12).
    Accelerator {
        name: Cow::Borrowed("H800"),
        vendor: Cow::Borrowed("NVIDIA"),
        product: Cow::Borrowed("H800 SXM5 80GB"),
        peaks: Peaks::NONE
            .with(Precision::Fp32, 67.0)
            .with(Precision::Tf32, 494.5)
            .with(Precision::Bf16, 989.5)
            .with(Precision::Fp16, 989.5)
            .with(Precision::Fp8, 1979.0),
        memory_bytes: Some(80e9),
        bandwidth_bytes_per_s: Some(3.35e12),
        tdp_watts: Some(700.0),
        node: Some(8.0),
        interconnect_bytes_per_s: Some(0.4e12),
        scale_up_source: Cow::Borrowed(
            "HGX H800 (8 SXM5 GPUs per server); NVLink cut to 400 GB/s per GPU for export (DeepSeek-V3 report, arXiv:2412.19437, §3.2.2)",
        ),
        launch_year: Some(2023),
        sources: Cow::Borrowed(
            "No official NVIDIA datasheet found; reseller spec pages; volcengine/verl verl/utils/flops_counter.py (_DEVICE_FLOPS) (H800 989e12); DeepSeek-V3 Technical Report arXiv:2412.19437 (interconnect, $2/GPU-h assumption)",
        ),
        notes: Cow::Borrowed(
            "China export variant: compute identical to H100 SXM, NVLink cut to 400 GB/s. No official datasheet; FP64 (~1 TF per resellers) left out as unofficial.",
        ),
    },
    // CSV "H20 (China export variant)". Only BF16 148 is sourced (verl); fp8, memory,
    // bandwidth and TDP are unverified in the CSV -> None.
    Accelerator {
        name: Cow::Borrowed("H20"),
        vendor: Cow::Borrowed("NVIDIA"),
        product: Cow::Borrowed("H20"),
        peaks: Peaks::NONE
            .with(Precision::Bf16, 148.0)
            .with(Precision::Fp16, 148.0),
        memory_bytes: None,
        bandwidth_bytes_per_s: None,
        tdp_watts: None,
        node: Some(8.0),
        interconnect_bytes_per_s: None,
        scale_up_source: Cow::Borrowed(
            "HGX H20 (8 GPUs per server); NVLink bandwidth unverified in the CSV",
        ),
        launch_year: Some(2024),
        sources: Cow::Borrowed(
            "volcengine/verl verl/utils/flops_counter.py (_DEVICE_FLOPS) (H20 148e12)",
        ),
        notes: Cow::Borrowed(
            "China export variant with heavily cut compute; inference-oriented. Only the BF16/FP16 peak is sourced: FP8, memory (96 GB commonly cited), bandwidth and TDP are unverified and left out.",
        ),
    },
    // CSV "H200 SXM 141GB". TDP "up to 700" -> 700. fp64 vector 34.
    Accelerator {
        name: Cow::Borrowed("H200"),
        vendor: Cow::Borrowed("NVIDIA"),
        product: Cow::Borrowed("H200 SXM 141GB"),
        peaks: Peaks::NONE
            .with(Precision::Fp64, 34.0)
            .with(Precision::Fp32, 67.0)
            .with(Precision::Tf32, 494.5)
            .with(Precision::Bf16, 989.5)
            .with(Precision::Fp16, 989.5)
            .with(Precision::Fp8, 1979.0),
        memory_bytes: Some(141e9),
        bandwidth_bytes_per_s: Some(4.8e12),
        tdp_watts: Some(700.0),
        node: Some(8.0),
        interconnect_bytes_per_s: Some(0.9e12),
        scale_up_source: Cow::Borrowed(
            "NVIDIA HGX H200 (8 SXM GPUs per baseboard); H200 datasheet: NVLink 4, 900 GB/s per GPU",
        ),
        launch_year: Some(2024),
        sources: Cow::Borrowed(
            "NVIDIA H200 product page (nvidia.com/en-us/data-center/h200/) quoted in several copies; stas00/ml-engineering compute/accelerator/README.md (dense TFLOPS table); volcengine/verl verl/utils/flops_counter.py (_DEVICE_FLOPS) (H200 989e12); AWS EC2 Capacity Blocks pricing page (aws.amazon.com/ec2/capacityblocks/pricing; read from an archived copy, rates stated as valid until 2025-01-01)",
        ),
        notes: Cow::Borrowed(
            "Same compute as H100 SXM with more and faster HBM3e; dense (datasheet sparse: BF16 1,979*, FP8 3,958*). TDP up to 700 W.",
        ),
    },
    // CSV "H200 NVL 141GB". TDP "up to 600" -> 600. fp64 vector 30.
    Accelerator {
        name: Cow::Borrowed("H200_NVL"),
        vendor: Cow::Borrowed("NVIDIA"),
        product: Cow::Borrowed("H200 NVL 141GB"),
        peaks: Peaks::NONE
            .with(Precision::Fp64, 30.0)
            .with(Precision::Fp32, 60.0)
            .with(Precision::Tf32, 417.5)
            .with(Precision::Bf16, 835.5)
            .with(Precision::Fp16, 835.5)
            .with(Precision::Fp8, 1670.5),
        memory_bytes: Some(141e9),
        bandwidth_bytes_per_s: Some(4.8e12),
        tdp_watts: Some(600.0),
        node: None,
        interconnect_bytes_per_s: None,
        scale_up_source: Cow::Borrowed(
            "2- or 4-way NVLink bridge: domain size and bandwidth unverified in the CSV",
        ),
        launch_year: Some(2024),
        sources: Cow::Borrowed(
            "NVIDIA H200 product page (nvidia.com/en-us/data-center/h200/) quoted in several copies; stas00/ml-engineering compute/accelerator/README.md (dense TFLOPS table); volcengine/verl verl/utils/flops_counter.py (_DEVICE_FLOPS) (H200 989e12)",
        ),
        notes: Cow::Borrowed(
            "PCIe card, NVLink-bridged in 2 or 4; same compute as H100 NVL. Dense (datasheet sparse: BF16 1,671*, FP8 3,341*); TDP up to 600 W.",
        ),
    },
    // CSV "B100". fp64 and fp32 unverified -> None. Launch year "2024 (announced)" -> 2024.
    Accelerator {
        name: Cow::Borrowed("B100"),
        vendor: Cow::Borrowed("NVIDIA"),
        product: Cow::Borrowed("B100 SXM (HGX B100)"),
        peaks: Peaks::NONE
            .with(Precision::Tf32, 875.0)
            .with(Precision::Bf16, 1750.0)
            .with(Precision::Fp16, 1750.0)
            .with(Precision::Fp8, 3500.0)
            .with(Precision::Fp4, 7000.0),
        memory_bytes: Some(192e9),
        bandwidth_bytes_per_s: Some(8.0e12),
        tdp_watts: Some(700.0),
        node: Some(8.0),
        interconnect_bytes_per_s: None,
        scale_up_source: Cow::Borrowed(
            "NVIDIA HGX B100 (8 GPUs per baseboard); NVLink 5 bandwidth unverified for B100 in the CSV",
        ),
        launch_year: Some(2024),
        sources: Cow::Borrowed(
            "stas00/ml-engineering compute/accelerator/README.md (dense TFLOPS table)",
        ),
        notes: Cow::Borrowed(
            "Low-volume SKU; most Blackwell deployments are B200/GB200. NVIDIA quotes twice these with sparsity; FP64 and FP32 not verified.",
        ),
    },
    // CSV "B200 (HGX B200, per GPU)". Current spec taken over launch spec: memory 180 GB (not
    // 192), bandwidth 7.7 TB/s (not 8.0), FP64 37 / FP32 75 (not 40 / 80). TDP "up to 1000"
    // -> 1000. Launch year "2024-2025" -> 2024 (first year).
    Accelerator {
        name: Cow::Borrowed("B200"),
        vendor: Cow::Borrowed("NVIDIA"),
        product: Cow::Borrowed("B200 SXM (HGX B200)"),
        peaks: Peaks::NONE
            .with(Precision::Fp64, 37.0)
            .with(Precision::Fp32, 75.0)
            .with(Precision::Tf32, 1100.0)
            .with(Precision::Bf16, 2250.0)
            .with(Precision::Fp16, 2250.0)
            .with(Precision::Fp8, 4500.0)
            .with(Precision::Fp4, 9000.0),
        memory_bytes: Some(180e9),
        bandwidth_bytes_per_s: Some(7.7e12),
        tdp_watts: Some(1000.0),
        node: Some(8.0),
        interconnect_bytes_per_s: Some(1.8e12),
        scale_up_source: Cow::Borrowed(
            "NVIDIA HGX B200 (8 GPUs per baseboard); DGX B200 datasheet: NVLink 5, 1.8 TB/s per GPU",
        ),
        launch_year: Some(2024),
        sources: Cow::Borrowed(
            "NVIDIA HGX B200 spec table (nvidia.com/en-us/data-center/hgx/) via copy; stas00/ml-engineering compute/accelerator/README.md (dense TFLOPS table); volcengine/verl verl/utils/flops_counter.py (_DEVICE_FLOPS) (B200 2.25e15)",
        ),
        notes: Cow::Borrowed(
            "Per GPU; dense = NVIDIA's sparse table halved (BF16 4.5 PF*, FP8 9 PF*, FP4 18 PF*). Current spec: 180 GB, 7.7 TB/s, FP64 37 / FP32 75 (the launch spec said 192 GB, 8.0 TB/s, 40 / 80).",
        ),
    },
    // CSV "GB200 (per Blackwell GPU in GB200 NVL72)": one of the two B200-class GPUs of a
    // Grace-Blackwell superchip. TDP "up to 1200" -> 1200. Launch year "2024-2025" -> 2024.
    Accelerator {
        name: Cow::Borrowed("GB200"),
        vendor: Cow::Borrowed("NVIDIA"),
        product: Cow::Borrowed("GB200 NVL72 (per Blackwell GPU)"),
        peaks: Peaks::NONE
            .with(Precision::Fp64, 40.0)
            .with(Precision::Fp32, 80.0)
            .with(Precision::Tf32, 1250.0)
            .with(Precision::Bf16, 2500.0)
            .with(Precision::Fp16, 2500.0)
            .with(Precision::Fp8, 5000.0)
            .with(Precision::Fp4, 10000.0),
        memory_bytes: Some(186e9),
        bandwidth_bytes_per_s: Some(8.0e12),
        tdp_watts: Some(1200.0),
        node: Some(72.0),
        interconnect_bytes_per_s: Some(1.8e12),
        scale_up_source: Cow::Borrowed(
            "NVIDIA GB200 NVL72: 72 Blackwell GPUs in one NVLink domain, NVLink 5 at 1.8 TB/s per GPU",
        ),
        launch_year: Some(2024),
        sources: Cow::Borrowed(
            "NVIDIA GB200 NVL72 spec (nvidia.com/en-us/data-center/gb200-nvl72/) per-GPU values via copies; volcengine/verl verl/utils/flops_counter.py (_DEVICE_FLOPS) (GB200 2.5e15)",
        ),
        notes: Cow::Borrowed(
            "Per Blackwell GPU, not per superchip (Grace + 2 GPUs); 72 GPUs per NVLink domain. Dense = NVIDIA's sparse figures halved (BF16 5 PF*, FP8 10 PF*, FP4 20 PF*).",
        ),
    },
    // CSV "B300 (HGX B300 / Blackwell Ultra, per GPU)". tf32 unverified, fp4 unverified
    // (13.5-15 PF dense, sources conflict) and TDP unverified (1,100-1,400 W) -> None.
    // fp64 1.25 is Blackwell Ultra's cut FP64.
    Accelerator {
        name: Cow::Borrowed("B300"),
        vendor: Cow::Borrowed("NVIDIA"),
        product: Cow::Borrowed("B300 SXM (HGX B300, Blackwell Ultra)"),
        peaks: Peaks::NONE
            .with(Precision::Fp64, 1.25)
            .with(Precision::Fp32, 75.0)
            .with(Precision::Bf16, 2250.0)
            .with(Precision::Fp16, 2250.0)
            .with(Precision::Fp8, 4500.0),
        memory_bytes: Some(288e9),
        bandwidth_bytes_per_s: Some(8.0e12),
        tdp_watts: None,
        node: Some(8.0),
        interconnect_bytes_per_s: Some(1.8e12),
        scale_up_source: Cow::Borrowed(
            "NVIDIA HGX B300 (8 GPUs per baseboard); NVLink 5, 1.8 TB/s per GPU",
        ),
        launch_year: Some(2025),
        sources: Cow::Borrowed(
            "NVIDIA HGX B300 spec via Klockwood copy; stas00/ml-engineering compute/accelerator/README.md (dense TFLOPS table) (1300 W B300 / 1400 W GB300)",
        ),
        notes: Cow::Borrowed(
            "Per GPU; Blackwell Ultra trades FP64 (1.25 TF) for more FP4. FP4 (13.5-15 PF dense), TF32 and TDP (1,100-1,400 W) conflict across sources and are left out; some pages wrongly list BF16 as 3,500 TF.",
        ),
    },
    // CSV "GeForce RTX 4090". BF16/FP16 165.2 is the FP32-accumulate rate (330.3 with FP16
    // accumulate), taken because training accumulates in FP32. fp32, fp8 and TDP unverified
    // -> None.
    Accelerator {
        name: Cow::Borrowed("RTX4090"),
        vendor: Cow::Borrowed("NVIDIA"),
        product: Cow::Borrowed("GeForce RTX 4090 24GB"),
        peaks: Peaks::NONE
            .with(Precision::Bf16, 165.2)
            .with(Precision::Fp16, 165.2),
        memory_bytes: Some(24e9),
        bandwidth_bytes_per_s: Some(1.008e12),
        tdp_watts: None,
        node: None,
        interconnect_bytes_per_s: None,
        scale_up_source: Cow::Borrowed("consumer card without NVLink"),
        launch_year: Some(2022),
        sources: Cow::Borrowed(
            "NVIDIA RTX Blackwell GPU architecture whitepaper, comparison table vs RTX 4090 (as reproduced in a public GitHub repository)",
        ),
        notes: Cow::Borrowed(
            "Consumer card: BF16/FP16 tensor rate with FP32 accumulate (165.2 TF), half the FP16-accumulate rate (330.3); training uses FP32 accumulate. FP32, FP8 and TDP (450 W commonly cited) not verified.",
        ),
    },
    // CSV "GeForce RTX 3090". BF16/FP16 71.2 is the FP32-accumulate rate. fp32 and TDP
    // unverified -> None.
    Accelerator {
        name: Cow::Borrowed("RTX3090"),
        vendor: Cow::Borrowed("NVIDIA"),
        product: Cow::Borrowed("GeForce RTX 3090 24GB"),
        peaks: Peaks::NONE
            .with(Precision::Bf16, 71.2)
            .with(Precision::Fp16, 71.2),
        memory_bytes: Some(24e9),
        bandwidth_bytes_per_s: Some(0.936e12),
        tdp_watts: None,
        node: None,
        interconnect_bytes_per_s: None,
        scale_up_source: Cow::Borrowed(
            "consumer card; NVLink bridge bandwidth unverified in the CSV",
        ),
        launch_year: Some(2020),
        sources: Cow::Borrowed(
            "NVIDIA GeForce architecture whitepaper comparison table (as reproduced in a public GitHub repository)",
        ),
        notes: Cow::Borrowed(
            "Consumer card: BF16/FP16 tensor rate with FP32 accumulate, which training uses. FP32 (35.6 commonly cited) and TDP (350 W commonly cited) not verified; no FP8.",
        ),
    },
    // CSV "Instinct MI250X": per OAM package (two GCDs, which software sees as two devices).
    // fp64 vector 47.9 (95.7 is matrix); fp32 vector 47.9.
    Accelerator {
        name: Cow::Borrowed("MI250X"),
        vendor: Cow::Borrowed("AMD"),
        product: Cow::Borrowed("Instinct MI250X OAM"),
        peaks: Peaks::NONE
            .with(Precision::Fp64, 47.9)
            .with(Precision::Fp32, 47.9)
            .with(Precision::Bf16, 383.0)
            .with(Precision::Fp16, 383.0),
        memory_bytes: Some(128e9),
        bandwidth_bytes_per_s: Some(3.28e12),
        tdp_watts: Some(560.0),
        node: Some(4.0),
        interconnect_bytes_per_s: None,
        scale_up_source: Cow::Borrowed(
            "HPE Cray EX235a node (Frontier): 4 MI250X per node; Infinity Fabric bandwidth unverified in the CSV",
        ),
        launch_year: Some(2021),
        sources: Cow::Borrowed(
            "AMD Instinct MI250X spec page (amd.com) as reproduced in stas00/ml-engineering compute/accelerator/README.md (dense TFLOPS table)",
        ),
        notes: Cow::Borrowed(
            "Per OAM package of two dies (GCDs), which appear as two devices: one die is half of every figure. No TF32, FP8 or sparsity.",
        ),
    },
    // CSV "Instinct MI300X". fp64 vector 81.7 (163.4 matrix). verl's 1336e12 disagrees with
    // AMD's 1307.4; the AMD figure is taken.
    Accelerator {
        name: Cow::Borrowed("MI300X"),
        vendor: Cow::Borrowed("AMD"),
        product: Cow::Borrowed("Instinct MI300X OAM"),
        peaks: Peaks::NONE
            .with(Precision::Fp64, 81.7)
            .with(Precision::Fp32, 163.4)
            .with(Precision::Tf32, 653.7)
            .with(Precision::Bf16, 1307.4)
            .with(Precision::Fp16, 1307.4)
            .with(Precision::Fp8, 2614.9),
        memory_bytes: Some(192e9),
        bandwidth_bytes_per_s: Some(5.3e12),
        tdp_watts: Some(750.0),
        node: Some(8.0),
        interconnect_bytes_per_s: Some(0.896e12),
        scale_up_source: Cow::Borrowed(
            "AMD Instinct MI300X Platform (8 OAM GPUs); MI300X datasheet: 7 Infinity Fabric links × 128 GB/s = 896 GB/s",
        ),
        launch_year: Some(2023),
        sources: Cow::Borrowed(
            "AMD Instinct MI300X spec page/datasheet (amd.com) as reproduced in stas00/ml-engineering compute/accelerator/README.md (dense TFLOPS table) and code tables; volcengine/verl verl/utils/flops_counter.py (_DEVICE_FLOPS) lists MI300X 1336e12 (discrepancy)",
        ),
        notes: Cow::Borrowed(
            "AMD also quotes 2x with sparsity (BF16 2,614.9*, FP8 5,229.8*); some pages list 2,615 as FP16 'dense', which is the sparse figure.",
        ),
    },
    // CSV "Instinct MI325X". Same compute as MI300X; fp64 vector 81.7.
    Accelerator {
        name: Cow::Borrowed("MI325X"),
        vendor: Cow::Borrowed("AMD"),
        product: Cow::Borrowed("Instinct MI325X OAM"),
        peaks: Peaks::NONE
            .with(Precision::Fp64, 81.7)
            .with(Precision::Fp32, 163.4)
            .with(Precision::Tf32, 653.7)
            .with(Precision::Bf16, 1307.4)
            .with(Precision::Fp16, 1307.4)
            .with(Precision::Fp8, 2614.9),
        memory_bytes: Some(256e9),
        bandwidth_bytes_per_s: Some(6.0e12),
        tdp_watts: Some(1000.0),
        node: Some(8.0),
        interconnect_bytes_per_s: Some(0.896e12),
        scale_up_source: Cow::Borrowed(
            "AMD Instinct MI325X Platform (8 OAM GPUs); Infinity Fabric as MI300X, 896 GB/s",
        ),
        launch_year: Some(2024),
        sources: Cow::Borrowed(
            "AMD Instinct MI325X spec page/datasheet (amd.com) as reproduced in stas00/ml-engineering compute/accelerator/README.md (dense TFLOPS table) and code tables; volcengine/verl verl/utils/flops_counter.py (_DEVICE_FLOPS) lists MI300X 1336e12 (discrepancy)",
        ),
        notes: Cow::Borrowed(
            "Same compute as MI300X with 256 GB HBM3E; AMD also quotes 2x with sparsity (BF16 2,614.9*, FP8 5,229.8*).",
        ),
    },
    // CSV "Instinct MI355X". FP4 10066.4 (the CSV's FP4/FP6 figure). fp64, fp32, tf32
    // unverified -> None.
    Accelerator {
        name: Cow::Borrowed("MI355X"),
        vendor: Cow::Borrowed("AMD"),
        product: Cow::Borrowed("Instinct MI355X OAM (liquid cooled)"),
        peaks: Peaks::NONE
            .with(Precision::Bf16, 2516.6)
            .with(Precision::Fp16, 2516.6)
            .with(Precision::Fp8, 5033.2)
            .with(Precision::Fp4, 10066.4),
        memory_bytes: Some(288e9),
        bandwidth_bytes_per_s: Some(8.0e12),
        tdp_watts: Some(1400.0),
        node: Some(8.0),
        interconnect_bytes_per_s: None,
        scale_up_source: Cow::Borrowed(
            "AMD Instinct MI355X Platform (8 OAM GPUs); Infinity Fabric bandwidth unverified in the CSV",
        ),
        launch_year: Some(2025),
        sources: Cow::Borrowed(
            "AMD MI355X spec figures via code table + volcengine/verl PR #6942 ('MI355X 2.5 PFLOPS dense, MI350X 2.3'); Tom's Hardware (1,400 W, 288 GB, 8 TB/s)",
        ),
        notes: Cow::Borrowed(
            "Dense figures; FP6 runs at the FP4 rate. stas00's 2,300 TF figure is the air-cooled, lower-clocked MI350X; FP64/FP32/TF32 not verified.",
        ),
    },
    // CSV "TPU v3". BF16 only (TPUs have no FP16 matrix unit; Google publishes the bf16 peak),
    // so fp16 is not set. Memory 32 GiB. TDP 450 W from Patterson et al. 2021, not the docs'
    // measured 123 / 220 / 262 W.
    Accelerator {
        name: Cow::Borrowed("TPUv3"),
        vendor: Cow::Borrowed("Google"),
        product: Cow::Borrowed("TPU v3"),
        peaks: Peaks::NONE.with(Precision::Bf16, 123.0),
        memory_bytes: Some(32.0 * GIB),
        bandwidth_bytes_per_s: Some(0.9e12),
        tdp_watts: Some(450.0),
        node: Some(4.0),
        interconnect_bytes_per_s: None,
        scale_up_source: Cow::Borrowed(
            "Google Cloud TPU v3: 4 chips per host (v3-8); ICI bandwidth unverified in the CSV",
        ),
        launch_year: Some(2018),
        sources: Cow::Borrowed(
            "cloud.google.com/tpu/docs/v3 (system architecture table); LaMDA paper arXiv:2201.08239 (123 TFLOPS/chip); Patterson et al. 2021 (450 W TDP)",
        ),
        notes: Cow::Borrowed(
            "Per chip (2 TensorCores); BF16 peak only, FP32 not published. TDP is Patterson et al. 2021's 450 W; the docs list measured power 123 / 220 / 262 W.",
        ),
    },
    // CSV "TPU v4". BF16 only (see TPUv3). int8 275 TOPS is not fp8 -> fp8 None. Memory
    // 32 GiB. TDP None: the docs list measured power only (90 / 170 / 192 W) and PaLM's
    // 378.5 W is measured system power per chip, not a TDP.
    Accelerator {
        name: Cow::Borrowed("TPUv4"),
        vendor: Cow::Borrowed("Google"),
        product: Cow::Borrowed("TPU v4"),
        peaks: Peaks::NONE.with(Precision::Bf16, 275.0),
        memory_bytes: Some(32.0 * GIB),
        bandwidth_bytes_per_s: Some(1.2e12),
        tdp_watts: None,
        node: Some(4.0),
        interconnect_bytes_per_s: None,
        scale_up_source: Cow::Borrowed(
            "Google Cloud TPU v4: 4 chips per host; ICI bandwidth unverified in the CSV",
        ),
        launch_year: Some(2021),
        sources: Cow::Borrowed(
            "cloud.google.com/tpu/docs/v4; PaLM arXiv:2204.02311 (275 TFLOPS peak used for MFU)",
        ),
        notes: Cow::Borrowed(
            "Per chip (2 TensorCores); BF16 peak only (int8 275 TOPS is not FP8). No TDP is published: the docs list measured power (90 / 170 / 192 W) and PaLM's 378.5 W is measured system power per chip.",
        ),
    },
    // CSV "TPU v5e". BF16 only. Memory "16" is GB in the CSV -> 16e9. Bandwidth 819 GB/s.
    // TDP unverified -> None.
    Accelerator {
        name: Cow::Borrowed("TPUv5e"),
        vendor: Cow::Borrowed("Google"),
        product: Cow::Borrowed("TPU v5e"),
        peaks: Peaks::NONE.with(Precision::Bf16, 197.0),
        memory_bytes: Some(16e9),
        bandwidth_bytes_per_s: Some(0.819e12),
        tdp_watts: None,
        node: Some(8.0),
        interconnect_bytes_per_s: Some(0.4e12),
        scale_up_source: Cow::Borrowed(
            "Google Cloud TPU v5e: up to 8 chips per host; ICI 400 GB/s bidirectional per chip (1,600 Gbps)",
        ),
        launch_year: Some(2023),
        sources: Cow::Borrowed("cloud.google.com/tpu/docs/v5e (key specs table)"),
        notes: Cow::Borrowed(
            "Per chip (1 TensorCore); BF16 peak only (int8 393 TOPS). Some compilations wrongly list 1.6 TB/s HBM bandwidth, which is the ICI figure in Gbps.",
        ),
    },
    // CSV "TPU v5p". BF16 only, FP8 listed equal to BF16. Memory 95 GiB. TDP unverified.
    Accelerator {
        name: Cow::Borrowed("TPUv5p"),
        vendor: Cow::Borrowed("Google"),
        product: Cow::Borrowed("TPU v5p"),
        peaks: Peaks::NONE
            .with(Precision::Bf16, 459.0)
            .with(Precision::Fp8, 459.0),
        memory_bytes: Some(95.0 * GIB),
        bandwidth_bytes_per_s: Some(2.765e12),
        tdp_watts: None,
        node: Some(4.0),
        interconnect_bytes_per_s: Some(1.2e12),
        scale_up_source: Cow::Borrowed(
            "Google Cloud TPU v5p: 4 chips per host; ICI 1,200 GB/s bidirectional per chip (4,800 Gbps)",
        ),
        launch_year: Some(2023),
        sources: Cow::Borrowed("docs.cloud.google.com/tpu/docs/v5p (specification table)"),
        notes: Cow::Borrowed(
            "Per chip (2 TensorCores); FP8 is listed equal to BF16. Some compilations list 4.8 TB/s HBM, which is wrong (that is ICI Gbps).",
        ),
    },
    // CSV "TPU v6e (Trillium)". BF16 only; FP8 918 (int8 1,836 TOPS). Memory "32" is GB in
    // the CSV -> 32e9. TDP unverified.
    Accelerator {
        name: Cow::Borrowed("TPUv6e"),
        vendor: Cow::Borrowed("Google"),
        product: Cow::Borrowed("TPU v6e (Trillium)"),
        peaks: Peaks::NONE
            .with(Precision::Bf16, 918.0)
            .with(Precision::Fp8, 918.0),
        memory_bytes: Some(32e9),
        bandwidth_bytes_per_s: Some(1.638e12),
        tdp_watts: None,
        node: Some(8.0),
        interconnect_bytes_per_s: Some(0.8e12),
        scale_up_source: Cow::Borrowed(
            "Google Cloud TPU v6e (Trillium): up to 8 chips per host; ICI 800 GB/s bidirectional per chip",
        ),
        launch_year: Some(2024),
        sources: Cow::Borrowed(
            "docs.cloud.google.com/tpu/docs/v6e; comparison table in docs.cloud.google.com/tpu/docs/tpu7x",
        ),
        notes: Cow::Borrowed(
            "Per chip; FP8 is listed equal to BF16 (int8 1,836 TOPS). ICI 800 GB/s per chip, 256-chip pods.",
        ),
    },
    // CSV "TPU7x (Ironwood)". BF16 only; FP8 4614. Memory 192 GiB. HBM bandwidth (~7.4 TB/s
    // commonly cited) and TDP unverified -> None.
    Accelerator {
        name: Cow::Borrowed("TPUv7"),
        vendor: Cow::Borrowed("Google"),
        product: Cow::Borrowed("TPU7x (Ironwood)"),
        peaks: Peaks::NONE
            .with(Precision::Bf16, 2307.0)
            .with(Precision::Fp8, 4614.0),
        memory_bytes: Some(192.0 * GIB),
        bandwidth_bytes_per_s: None,
        tdp_watts: None,
        node: None,
        interconnect_bytes_per_s: None,
        scale_up_source: Cow::Borrowed(
            "TPU7x (Ironwood): host size and ICI bandwidth unverified in the CSV",
        ),
        launch_year: Some(2025),
        sources: Cow::Borrowed(
            "docs.cloud.google.com/tpu/docs/tpu7x (system architecture comparison table)",
        ),
        notes: Cow::Borrowed(
            "Per chip (2 TensorCores, 4 SparseCores); pods of 9,216 chips. HBM bandwidth (~7.4 TB/s commonly cited) is not verified, so left out.",
        ),
    },
    // CSV "Gaudi 2". fp32 and tf32 unverified -> None; fp64 n/a. Intel publishes no official
    // TFLOPS table; figures are stas00's.
    Accelerator {
        name: Cow::Borrowed("Gaudi2"),
        vendor: Cow::Borrowed("Intel"),
        product: Cow::Borrowed("Gaudi 2 OAM (HL-225)"),
        peaks: Peaks::NONE
            .with(Precision::Bf16, 432.0)
            .with(Precision::Fp16, 432.0)
            .with(Precision::Fp8, 865.0),
        memory_bytes: Some(96e9),
        bandwidth_bytes_per_s: Some(2.46e12),
        tdp_watts: Some(600.0),
        node: Some(8.0),
        interconnect_bytes_per_s: None,
        scale_up_source: Cow::Borrowed(
            "Intel HLS-Gaudi2 server (8 OAM cards); 24 × 100 GbE RoCE ports on chip, shared by scale-up and scale-out, so no single scale-up figure",
        ),
        launch_year: Some(2022),
        sources: Cow::Borrowed(
            "stas00/ml-engineering compute/accelerator/README.md (dense TFLOPS table) (Intel does not publish an official TFLOPS table for Gaudi 2)",
        ),
        notes: Cow::Borrowed(
            "Dense MME figures at 1650 MHz; Intel publishes no official TFLOPS table. stas00 measures ~99% of this peak in BF16 matmul.",
        ),
    },
    // CSV "Gaudi 3". BF16 1835 (whitepaper) taken over ~1677 (1600 MHz shipping clock).
    Accelerator {
        name: Cow::Borrowed("Gaudi3"),
        vendor: Cow::Borrowed("Intel"),
        product: Cow::Borrowed("Gaudi 3 OAM (HL-325L)"),
        peaks: Peaks::NONE
            .with(Precision::Fp32, 229.0)
            .with(Precision::Tf32, 459.0)
            .with(Precision::Bf16, 1835.0)
            .with(Precision::Fp16, 1835.0)
            .with(Precision::Fp8, 1835.0),
        memory_bytes: Some(128e9),
        bandwidth_bytes_per_s: Some(3.7e12),
        tdp_watts: Some(900.0),
        node: Some(8.0),
        interconnect_bytes_per_s: None,
        scale_up_source: Cow::Borrowed(
            "Intel Gaudi 3 HLS baseboard (8 OAM cards); 24 × 200 GbE RoCE, unverified in the CSV",
        ),
        launch_year: Some(2024),
        sources: Cow::Borrowed(
            "Intel Gaudi 3 AI accelerator white paper, via stas00/ml-engineering compute/accelerator/README.md (dense TFLOPS table)",
        ),
        notes: Cow::Borrowed(
            "Dense whitepaper figures; at the 1600 MHz shipping clock BF16 is ~1,677 TF. FP8 is listed equal to BF16; no FP64.",
        ),
    },
    // CSV "Trainium (Trn1)". fp8 190 is cFP8. Memory 32 GiB; bandwidth 820 GiB/s -> 820 x
    // 1024^3 B/s. TDP unverified -> None.
    Accelerator {
        name: Cow::Borrowed("Trn1"),
        vendor: Cow::Borrowed("AWS"),
        product: Cow::Borrowed("Trainium (Trn1)"),
        peaks: Peaks::NONE
            .with(Precision::Fp32, 47.5)
            .with(Precision::Tf32, 190.0)
            .with(Precision::Bf16, 190.0)
            .with(Precision::Fp16, 190.0)
            .with(Precision::Fp8, 190.0),
        memory_bytes: Some(32.0 * GIB),
        bandwidth_bytes_per_s: Some(820.0 * GIB),
        tdp_watts: None,
        node: Some(16.0),
        interconnect_bytes_per_s: None,
        scale_up_source: Cow::Borrowed(
            "AWS trn1.32xlarge: 16 Trainium chips; NeuronLink-v2 bandwidth not in the CSV",
        ),
        launch_year: Some(2022),
        sources: Cow::Borrowed(
            "AWS Neuron docs: Trainium architecture page (awsdocs-neuron.readthedocs-hosted.com, trainium arch); AWS EC2 Capacity Blocks pricing page (aws.amazon.com/ec2/capacityblocks/pricing; read from an archived copy, rates stated as valid until 2025-01-01)",
        ),
        notes: Cow::Borrowed(
            "Per chip (2 NeuronCore-v2); the FP8 figure is cFP8. TDP not published.",
        ),
    },
    // CSV "Trainium2 (Trn2)". Memory 96 GiB. TDP 500 W is secondary (stas00), kept and noted.
    Accelerator {
        name: Cow::Borrowed("Trn2"),
        vendor: Cow::Borrowed("AWS"),
        product: Cow::Borrowed("Trainium2 (Trn2)"),
        peaks: Peaks::NONE
            .with(Precision::Fp32, 181.0)
            .with(Precision::Tf32, 667.0)
            .with(Precision::Bf16, 667.0)
            .with(Precision::Fp16, 667.0)
            .with(Precision::Fp8, 1299.0),
        memory_bytes: Some(96.0 * GIB),
        bandwidth_bytes_per_s: Some(2.9e12),
        tdp_watts: Some(500.0),
        node: Some(16.0),
        interconnect_bytes_per_s: None,
        scale_up_source: Cow::Borrowed(
            "AWS trn2.48xlarge: 16 Trainium2 chips; NeuronLink-v3 bandwidth unverified in the CSV",
        ),
        launch_year: Some(2024),
        sources: Cow::Borrowed(
            "AWS Neuron docs: Trainium2 architecture page; NKI guide says ~3 TB/s; TDP from stas00/ml-engineering compute/accelerator/README.md (dense TFLOPS table)",
        ),
        notes: Cow::Borrowed(
            "Per chip (8 NeuronCore-v3); AWS quotes 2,563 TF with structured sparsity. The 500 W TDP is from a secondary source, not AWS.",
        ),
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    fn get(name: &str) -> &'static Accelerator {
        BUILTIN_ACCELERATORS
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
            .unwrap_or_else(|| panic!("no built-in accelerator {name}"))
    }

    #[test]
    fn names_are_the_spec_list_in_order() {
        let names: Vec<&str> = BUILTIN_ACCELERATORS
            .iter()
            .map(|a| a.name.as_ref())
            .collect();
        assert_eq!(
            names,
            [
                "V100",
                "A100",
                "A100_40GB",
                "A100_PCIe",
                "A10",
                "L4",
                "L40S",
                "H100",
                "H100_PCIe",
                "H100_NVL",
                "H800",
                "H20",
                "H200",
                "H200_NVL",
                "B100",
                "B200",
                "GB200",
                "B300",
                "RTX4090",
                "RTX3090",
                "MI250X",
                "MI300X",
                "MI325X",
                "MI355X",
                "TPUv3",
                "TPUv4",
                "TPUv5e",
                "TPUv5p",
                "TPUv6e",
                "TPUv7",
                "Gaudi2",
                "Gaudi3",
                "Trn1",
                "Trn2",
            ]
        );
    }

    #[test]
    fn names_are_unique_case_insensitively() {
        for (i, a) in BUILTIN_ACCELERATORS.iter().enumerate() {
            for b in &BUILTIN_ACCELERATORS[i + 1..] {
                assert!(
                    !a.name.eq_ignore_ascii_case(&b.name),
                    "duplicate name {} / {}",
                    a.name,
                    b.name
                );
            }
        }
    }

    #[test]
    fn every_row_has_a_peak_and_is_filled_in() {
        const VENDORS: [&str; 5] = ["NVIDIA", "AMD", "Google", "Intel", "AWS"];
        for a in BUILTIN_ACCELERATORS {
            assert!(
                a.peaks.available().next().is_some(),
                "{} has no peak",
                a.name
            );
            assert!(VENDORS.contains(&a.vendor.as_ref()), "{} vendor", a.name);
            assert!(!a.product.is_empty(), "{} product", a.name);
            assert!(!a.sources.is_empty(), "{} sources", a.name);
            assert!(!a.notes.is_empty(), "{} notes", a.name);
            assert!(!a.scale_up_source.is_empty(), "{} scale-up source", a.name);
            assert!(a.launch_year.is_some_and(|y| (2017..=2025).contains(&y)));
        }
    }

    #[test]
    fn figures_are_positive_and_finite() {
        for a in BUILTIN_ACCELERATORS {
            let figures = a
                .peaks
                .available()
                .map(|(_, v)| v)
                .chain(a.memory_bytes)
                .chain(a.bandwidth_bytes_per_s)
                .chain(a.tdp_watts)
                .chain(a.node)
                .chain(a.interconnect_bytes_per_s);
            for v in figures {
                assert!(v.is_finite() && v > 0.0, "{}: {v}", a.name);
            }
        }
    }

    #[test]
    fn units_are_plausible() {
        // Catches a GB/TB slip or a forgotten exponent.
        for a in BUILTIN_ACCELERATORS {
            if let Some(m) = a.memory_bytes {
                assert!((8e9..=300e9).contains(&m), "{} memory {m}", a.name);
            }
            if let Some(bw) = a.bandwidth_bytes_per_s {
                assert!((0.2e12..=10e12).contains(&bw), "{} bandwidth {bw}", a.name);
            }
            if let Some(w) = a.tdp_watts {
                assert!((50.0..=1500.0).contains(&w), "{} tdp {w}", a.name);
            }
            for (p, v) in a.peaks.available() {
                assert!(v <= 20_000.0, "{} {p} {v} TFLOP/s is not dense", a.name);
            }
        }
    }

    #[test]
    fn h100_figures() {
        let h = get("H100");
        assert_eq!(h.vendor, "NVIDIA");
        assert_eq!(h.product, "H100 SXM5 80GB");
        assert_eq!(h.peaks.get(Precision::Bf16), Some(989.5));
        assert_eq!(h.peaks.get(Precision::Fp16), Some(989.5));
        assert_eq!(h.peaks.get(Precision::Fp8), Some(1979.0));
        assert_eq!(h.peaks.get(Precision::Fp32), Some(67.0));
        assert_eq!(h.peaks.get(Precision::Fp64), Some(34.0));
        assert_eq!(h.peaks.get(Precision::Fp4), None);
        assert_eq!(h.memory_bytes, Some(80e9));
        assert_eq!(h.bandwidth_bytes_per_s, Some(3.35e12));
        assert_eq!(h.tdp_watts, Some(700.0));
        assert_eq!(h.launch_year, Some(2022));
        assert_eq!(h.default_precision(), Some(Precision::Bf16));
        assert_eq!(h.peak_flops(Precision::Bf16), Some(989.5e12));
    }

    /// SPEC §3.3: 8 for HGX H100 (NVLink 4, 900 GB/s per GPU), 72 for
    /// GB200 NVL72, 4 for a TPU host.
    #[test]
    fn nodes_and_scale_up_bandwidth() {
        let h = get("H100");
        assert_eq!(h.node, Some(8.0));
        assert_eq!(h.interconnect_bytes_per_s, Some(900e9));
        assert_eq!(get("GB200").node, Some(72.0));
        assert_eq!(get("GB200").interconnect_bytes_per_s, Some(1.8e12));
        assert_eq!(get("TPUv4").node, Some(4.0));
        assert_eq!(get("H800").interconnect_bytes_per_s, Some(400e9));
        // PCIe cards without NVLink have no scale-up domain to round to.
        assert_eq!(get("L40S").node, None);
    }

    #[test]
    fn v100_is_fp16_only() {
        let v = get("v100");
        assert_eq!(v.peaks.get(Precision::Fp16), Some(125.0));
        assert_eq!(v.peaks.get(Precision::Bf16), None);
        assert_eq!(v.peaks.get(Precision::Fp8), None);
        assert_eq!(v.default_precision(), Some(Precision::Fp16));
        assert_eq!(v.memory_bytes, Some(32e9));
    }

    #[test]
    fn a100_has_no_fp8() {
        let a = get("A100");
        assert_eq!(a.peaks.get(Precision::Bf16), Some(312.0));
        assert_eq!(a.peaks.get(Precision::Fp8), None);
        assert_eq!(a.memory_bytes, Some(80e9));
        assert_eq!(get("A100_40GB").memory_bytes, Some(40e9));
    }

    #[test]
    fn other_spot_checks() {
        assert_eq!(get("MI250X").peaks.get(Precision::Bf16), Some(383.0));
        assert_eq!(get("MI250X").peaks.get(Precision::Fp64), Some(47.9));
        assert_eq!(get("TPUv4").peaks.get(Precision::Bf16), Some(275.0));
        assert_eq!(get("TPUv4").tdp_watts, None);
        assert_eq!(get("TPUv3").tdp_watts, Some(450.0));
        assert_eq!(
            get("TPUv4").memory_bytes,
            Some(32.0 * 1024.0 * 1024.0 * 1024.0)
        );
        assert_eq!(
            get("Trn1").bandwidth_bytes_per_s,
            Some(820.0 * 1_073_741_824.0)
        );
        assert_eq!(get("B200").memory_bytes, Some(180e9));
        assert_eq!(get("B200").bandwidth_bytes_per_s, Some(7.7e12));
        assert_eq!(get("Gaudi3").peaks.get(Precision::Bf16), Some(1835.0));
        assert_eq!(get("RTX4090").peaks.get(Precision::Bf16), Some(165.2));
        assert_eq!(get("MI355X").peaks.get(Precision::Fp4), Some(10066.4));
        assert_eq!(get("H800").peaks.get(Precision::Fp64), None);
        assert_eq!(get("H100_PCIe").tdp_watts, Some(350.0));
    }

    #[test]
    fn bf16_does_not_exceed_fp8_or_fp8_fp4() {
        for a in BUILTIN_ACCELERATORS {
            let p = &a.peaks;
            if let (Some(bf16), Some(fp8)) = (p.get(Precision::Bf16), p.get(Precision::Fp8)) {
                assert!(bf16 <= fp8, "{}: bf16 {bf16} > fp8 {fp8}", a.name);
            }
            if let (Some(fp8), Some(fp4)) = (p.get(Precision::Fp8), p.get(Precision::Fp4)) {
                assert!(fp8 <= fp4, "{}: fp8 {fp8} > fp4 {fp4}", a.name);
            }
            if let (Some(tf32), Some(bf16)) = (p.get(Precision::Tf32), p.get(Precision::Bf16)) {
                assert!(tf32 <= bf16, "{}: tf32 {tf32} > bf16 {bf16}", a.name);
            }
        }
    }

    #[test]
    fn fp16_equals_bf16_where_both_are_set() {
        for a in BUILTIN_ACCELERATORS {
            if let (Some(bf16), Some(fp16)) =
                (a.peaks.get(Precision::Bf16), a.peaks.get(Precision::Fp16))
            {
                assert_eq!(bf16, fp16, "{}", a.name);
            }
        }
    }

    #[test]
    fn only_a10_lacks_a_default_precision() {
        let missing: Vec<&str> = BUILTIN_ACCELERATORS
            .iter()
            .filter(|a| a.default_precision().is_none())
            .map(|a| a.name.as_ref())
            .collect();
        assert_eq!(missing, ["A10"]);
    }
}
