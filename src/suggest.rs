//! "Did you mean …?" for names, units, accelerators and fields.

/// A help line naming the likely intended word: "did you mean `tokens`?".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DidYouMean(pub String);

impl std::fmt::Display for DidYouMean {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "did you mean `{}`?", self.0)
    }
}

/// A help line listing the words a name could be, the nearest first when
/// one is close: "did you mean `gpus`? Members: gpus, peak, …", or
/// "members: gpus, peak, …".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OneOf {
    pub near: Option<String>,
    /// What the words are, plural and lower-case: `members`.
    pub noun: &'static str,
    /// All of them, as listed.
    pub listing: String,
}

impl std::fmt::Display for OneOf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (noun, listing) = (self.noun, &self.listing);
        match &self.near {
            Some(near) => {
                let mut chars = noun.chars();
                let capital: String = chars
                    .next()
                    .into_iter()
                    .flat_map(char::to_uppercase)
                    .collect();
                write!(
                    f,
                    "did you mean `{near}`? {capital}{}: {listing}",
                    chars.as_str()
                )
            }
            None => write!(f, "{noun}: {listing}"),
        }
    }
}

/// The words `word` could be, joined with `separator`.
pub fn one_of(word: &str, words: &[&str], noun: &'static str, separator: &str) -> OneOf {
    OneOf {
        near: closest(word, words.iter().copied()).map(str::to_string),
        noun,
        listing: words.join(separator),
    }
}

/// [`closest`] as a help line.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<DidYouMean> {
    closest(word, candidates).map(|near| DidYouMean(near.to_string()))
}

/// The candidate closest to `word`, if any is close enough to be a likely typo;
/// of equally close ones, the first in alphabetical order, so the answer
/// never depends on the order candidates come in (a hash map's, say).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = bounded_lower(word);
    candidates
        .into_iter()
        .map(|c| {
            let candidate = bounded_lower(c);
            // `gpu_count` → `gpus`: a shared stem of three letters or more counts too.
            let stem: String = lower.chars().take(3).collect();
            let stem = stem.chars().count() == 3 && candidate.starts_with(&stem);
            let score = strsim::jaro_winkler(&lower, &candidate);
            (if stem { score.max(0.85) } else { score }, c)
        })
        .filter(|(score, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// Names are compared on their first characters only: a typo is in a name
/// a person wrote, and comparing two long names costs the product of their
/// lengths (a 100,000-character name took seconds).
const COMPARED_CHARS: usize = 64;

fn bounded_lower(name: &str) -> String {
    name.chars()
        .take(COMPARED_CHARS)
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{closest, one_of};

    #[test]
    fn a_listing_names_the_nearest_word_first() {
        let members = ["gpus", "peak", "rate"];
        assert_eq!(
            one_of("gpu", &members, "members", ", ").to_string(),
            "did you mean `gpus`? Members: gpus, peak, rate"
        );
        assert_eq!(
            one_of("zzz", &members, "members", ", ").to_string(),
            "members: gpus, peak, rate"
        );
    }

    #[test]
    fn finds_near_misses_and_ignores_strangers() {
        let names = ["compute", "cluster", "tokens"];
        assert_eq!(closest("compte", names), Some("compute"));
        assert_eq!(closest("Tokens", names), Some("tokens"));
        assert_eq!(closest("zebra", names), None);
        assert_eq!(closest("gpu_count", ["gpus", "peak"]), Some("gpus"));
        assert_eq!(closest("abé", ["abéc", "x"]), Some("abéc"));
    }

    #[test]
    fn a_tie_goes_the_same_way_whatever_the_order() {
        // `ide` is as close to both (the shared stem): a hash map's order
        // once decided, so a suggestion could change from run to run.
        let names = ["ideal_time", "ideal_cost"];
        assert_eq!(closest("ide", names), Some("ideal_cost"));
        let reversed = ["ideal_cost", "ideal_time"];
        assert_eq!(closest("ide", reversed), Some("ideal_cost"));
    }

    #[test]
    fn long_names_are_compared_on_a_bounded_prefix() {
        let long = "a".repeat(100_000);
        let near = format!("{}b", "a".repeat(70));
        assert_eq!(closest(&long, [near.as_str(), "x"]), Some(near.as_str()));
    }
}
