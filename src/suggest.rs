//! "Did you mean …?" for names, units, accelerators and fields.

/// The candidate closest to `word`, if any is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&lower, &c.to_lowercase()), c))
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
