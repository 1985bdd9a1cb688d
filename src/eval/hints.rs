//! Domain hints for dimension errors: the fixes a planner needs, which no
//! generic calculator knows (SPEC §2.3).

use crate::units::dimension::{D_COMPUTE, D_DEVICES, D_RATE, D_TIME};
use crate::units::{Base, Dimension};

/// `FLOP/s (a rate of compute)`, or just the units when there is no name.
pub fn describe(dim: Dimension, user_bases: &[String]) -> String {
    let units = dim.to_unit_string(user_bases);
    match dim.common_name() {
        Some("a plain number") => "a plain number".into(),
        Some(name) => format!("{units} ({name})"),
        None => units,
    }
}

/// What is said when the dimensions differ and no domain hint applies.
pub const SAME_DIMENSION: &str =
    "both sides need the same dimension: convert one of them, or look for a missing factor";

/// Domain help for `left OP right` where the dimensions differ (`+`, `-`,
/// compare); `None` when only the generic [`SAME_DIMENSION`] applies.
pub fn mismatch_help(left: Dimension, right: Dimension) -> Option<String> {
    let pair = |a, b| (left == a && right == b) || (left == b && right == a);
    if pair(D_COMPUTE, D_RATE) {
        return Some(
            "a FLOP count and a FLOP/s rate differ by a time: multiply the rate by a duration, or divide the count by one (TFLOPS is a rate; TFLOP is a count)"
                .into(),
        );
    }
    if pair(D_COMPUTE, D_TIME) {
        return Some("a FLOP count divided by a rate (a cluster or FLOP/s) is a time".into());
    }
    if left.per(D_DEVICES) == Some(right) || right.per(D_DEVICES) == Some(left) {
        return Some(
            "one side is per GPU (such as `train_memory(…)` or `H100.memory`), the other a total over GPUs (such as `cluster.memory`): compare per-GPU figures, or multiply the per-GPU side by a GPU count"
                .into(),
        );
    }
    if pair(Dimension::NONE, D_TIME) {
        return Some(RATE_OVER_RATE.into());
    }
    if lacks_flop_per_param_token(left, right) || lacks_flop_per_param_token(right, left) {
        return Some(TRAINING_COMPUTE.into());
    }
    factor_help(left, right)
}

/// The 6ND hint (SPEC §2.3).
pub const TRAINING_COMPUTE: &str = "training compute needs FLOP per param per token: write `6 FLOP/param/token * params * tokens` or `train_flops(params, tokens)`";

/// A plain number where a time belongs: a rate was divided by a rate.
pub const RATE_OVER_RATE: &str = "a time is a FLOP count divided by a rate, so a plain number here means a rate was divided by a rate: write the count in FLOP, not FLOPS (`3.79e25 FLOP`; TFLOPS is a rate, TFLOP a count)";

/// Whether `have` is `want` with FLOP replaced by param·token: the shape
/// `6 * params * tokens` leaves in everything computed from it.
pub fn lacks_flop_per_param_token(have: Dimension, want: Dimension) -> bool {
    let flop_per_param_token = D_COMPUTE
        .per(Dimension::base(Base::Params))
        .and_then(|d| d.per(Dimension::base(Base::Tokens)));
    want.per(have) == flop_per_param_token
}

/// Help for `value -> target` where the dimensions differ.
pub fn conversion_help(value: Dimension, target: Dimension, target_text: &str) -> Option<String> {
    if lacks_flop_per_param_token(value, target) {
        return Some(TRAINING_COMPUTE.into());
    }
    if value.is_none() && target == D_TIME {
        return Some(RATE_OVER_RATE.into());
    }
    if value == D_RATE && target == D_COMPUTE {
        return Some(format!(
            "{target_text} is a count of operations but the value is a rate: did you mean `{}`? Or multiply by a time to get a count",
            flop_rate_name(target_text)
        ));
    }
    if value == D_COMPUTE && target == D_RATE {
        return Some(format!(
            "{target_text} is a rate (FLOP per second); did you mean `{}`?",
            flop_count_name(target_text)
        ));
    }
    if value.times(D_DEVICES) == Some(target) && value.power(Base::Devices) >= 0 {
        return Some(format!(
            "the value has no GPU count: multiply it by one (such as `cluster.gpus` or `16000 GPU`) to get {target_text}"
        ));
    }
    if value.times(D_DEVICES) == Some(target) {
        return Some(format!(
            "the value is per GPU: multiply by a GPU count (such as `cluster.gpus` or `16000 GPU`), or convert with `-> {target_text}/GPU`"
        ));
    }
    if value.per(D_DEVICES) == Some(target) {
        return Some(
            "the value is a total over GPUs: divide by a GPU count (such as `cluster.gpus`) for a per-GPU figure"
                .into(),
        );
    }
    factor_help(value, target)
}

/// `TFLOP` → `TFLOPS` and back, for the FLOP/FLOPS hint.
fn flop_rate_name(count: &str) -> String {
    match count
        .strip_suffix("FLOPs")
        .or_else(|| count.strip_suffix("FLOP"))
    {
        Some(prefix) => format!("{prefix}FLOPS"),
        None => "FLOPS".into(),
    }
}

fn flop_count_name(rate: &str) -> String {
    match rate.strip_suffix("FLOPS") {
        Some(prefix) => format!("{prefix}FLOP"),
        None => "FLOP".into(),
    }
}

/// When the two sides differ by one base unit, say which factor is missing.
fn factor_help(have: Dimension, want: Dimension) -> Option<String> {
    let ratio = want.per(have)?;
    let factors: Vec<(usize, i8)> = ratio.factors().collect();
    let [(slot, power)] = factors.as_slice() else {
        return None;
    };
    let base = Base::ALL.get(*slot)?;
    let what = match base {
        Base::Time => "a time",
        Base::Devices => "a GPU count",
        Base::Compute => "a FLOP count",
        Base::Money => "an amount of money",
        Base::Params => "a parameter count",
        Base::Tokens => "a token count",
        Base::Information => "a number of bytes",
        Base::Energy => "an energy",
        Base::Emissions => "an amount of emissions",
        Base::Length => "a length",
    };
    match power {
        1 => Some(format!(
            "they differ by a factor of {what}: multiply the first by one ({})",
            base.unit()
        )),
        -1 => Some(format!(
            "they differ by a factor of {what}: divide the first by one ({})",
            base.unit()
        )),
        _ => None,
    }
}
