//! "Did you mean …?" for names, units, accelerators and fields.

/// The candidate closest to `word`, if any is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| {
            let candidate = c.to_lowercase();
            // `gpu_count` → `gpus`: a shared stem of three letters or more counts too.
            let stem = lower.len().min(candidate.len()) >= 3
                && (lower.starts_with(&candidate[..3.min(candidate.len())])
                    && candidate.starts_with(&lower[..3.min(lower.len())]));
            let score = strsim::jaro_winkler(&lower, &candidate);
            (if stem { score.max(0.85) } else { score }, c)
        })
        .filter(|(score, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn finds_near_misses_and_ignores_strangers() {
        let names = ["compute", "cluster", "tokens"];
        assert_eq!(closest("compte", names), Some("compute"));
        assert_eq!(closest("Tokens", names), Some("tokens"));
        assert_eq!(closest("zebra", names), None);
    }
}
