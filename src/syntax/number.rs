//! Number literals: `16000`, `16_000`, `16,000`, `3.8e25`, `.5`, `405B`, `15.6T`, `8k`.

use std::fmt::Write as _;

/// The value of a number literal's text, or `None` if it overflows.
pub fn parse_number(text: &str) -> Option<f64> {
    let last = text.chars().last()?;
    // Magnitudes are powers of ten: 1e3 → 3.
    let (digits, exponent) = match super::lexicon::magnitude(last) {
        Some(m) => (&text[..text.len() - 1], m.factor.log10().round() as i32),
        None => (text, 0),
    };
    // The commonest literal, plain digits, needs no rewriting.
    if exponent == 0 && !digits.contains(['_', ',']) {
        return digits.parse::<f64>().ok().filter(|v| v.is_finite());
    }
    let mut cleaned = String::with_capacity(digits.len() + 8);
    cleaned.extend(digits.chars().filter(|c| !matches!(c, '_' | ',')));
    // The suffix joins the decimal text, so `15.6T` is the float nearest
    // 15.6e12 (multiplying 15.6 by 1e12 can miss it by an ulp).
    let exponent = match cleaned.find(['e', 'E']) {
        Some(at) => {
            let written: i32 = cleaned[at + 1..].parse().ok()?;
            cleaned.truncate(at);
            written.checked_add(exponent)?
        }
        None => exponent,
    };
    write!(cleaned, "e{exponent}").expect("writing to a String");
    let value = cleaned.parse::<f64>().ok()?;
    value.is_finite().then_some(value)
}

#[cfg(test)]
mod tests {
    use super::parse_number;

    #[test]
    fn plain_and_separated_numbers() {
        assert_eq!(parse_number("16000"), Some(16000.0));
        assert_eq!(parse_number("16_000"), Some(16000.0));
        assert_eq!(parse_number("16,000"), Some(16000.0));
        assert_eq!(parse_number("1,234,567"), Some(1234567.0));
        assert_eq!(parse_number("0.5"), Some(0.5));
        assert_eq!(parse_number(".5"), Some(0.5));
    }

    #[test]
    fn exponents() {
        assert_eq!(parse_number("3.8e25"), Some(3.8e25));
        assert_eq!(parse_number("1E-3"), Some(1e-3));
        assert_eq!(parse_number("2e+2"), Some(200.0));
    }

    #[test]
    fn a_suffix_gives_the_nearest_float() {
        assert_eq!(parse_number("15.6T"), Some("15.6e12".parse().unwrap()));
        assert_eq!(parse_number("0.3B"), Some(3e8));
        assert_eq!(parse_number("1.5e3K"), Some(1.5e6));
    }

    #[test]
    fn magnitude_suffixes_are_decimal() {
        assert_eq!(parse_number("405B"), Some(405e9));
        assert_eq!(parse_number("15.6T"), Some(15.6e12));
        assert_eq!(parse_number("8k"), Some(8000.0));
        assert_eq!(parse_number("8K"), Some(8000.0));
        assert_eq!(parse_number("46.8M"), Some(46.8e6));
    }

    #[test]
    fn overflow_is_rejected() {
        assert_eq!(parse_number("1e999"), None);
        assert_eq!(parse_number("1e308T"), None);
    }
}
