//! Numbers to N significant digits, rounded as Rust's float formatting
//! rounds, with trailing zeros kept (SPEC §4 "Display").

/// A value rounded to `digits` significant digits: its digits and the
/// power of ten of the first one (`52.6` → `("526", 1)`).
#[derive(Debug, Clone, PartialEq)]
pub struct Rounded {
    pub negative: bool,
    pub digits: String,
    pub exponent: i32,
}

pub fn round_sig(value: f64, digits: usize) -> Rounded {
    let digits = digits.max(1);
    // Evaluation never yields these; show them rather than fail if one slips through.
    if !value.is_finite() {
        return Rounded {
            negative: false,
            digits: format!("{value}"),
            exponent: 0,
        };
    }
    let text = format!("{:.*e}", digits - 1, value.abs());
    let (mantissa, exponent) = text.split_once('e').expect("exponent form");
    Rounded {
        negative: value.is_sign_negative() && value != 0.0,
        digits: mantissa.replace('.', ""),
        exponent: exponent.parse().expect("an integer exponent"),
    }
}

impl Rounded {
    /// In fixed notation after dividing by 10^`shift` (`shift` = 6 for M).
    pub fn fixed(&self, shift: i32) -> String {
        let exponent = self.exponent - shift;
        let digits = &self.digits;
        let body = if exponent < 0 {
            format!("0.{}{}", "0".repeat((-exponent - 1) as usize), digits)
        } else {
            let int_len = exponent as usize + 1;
            if int_len >= digits.len() {
                format!("{digits}{}", "0".repeat(int_len - digits.len()))
            } else {
                format!("{}.{}", &digits[..int_len], &digits[int_len..])
            }
        };
        sign(self.negative, body)
    }

    pub fn scientific(&self) -> String {
        let (first, rest) = self.digits.split_at(1);
        let mantissa = if rest.is_empty() {
            first.to_string()
        } else {
            format!("{first}.{rest}")
        };
        sign(self.negative, format!("{mantissa}e{}", self.exponent))
    }
}

fn sign(negative: bool, body: String) -> String {
    if negative { format!("-{body}") } else { body }
}

/// Whether a value prints as an exact integer (SPEC: below 1,000,000).
pub fn is_small_integer(value: f64) -> bool {
    value.fract() == 0.0 && value.abs() < 1e6
}

/// `16000` → `16,000`.
pub fn grouped_integer(value: f64) -> String {
    let digits = format!("{}", value.abs() as u64);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    sign(value < 0.0, out)
}

/// A plain number: exact integers below a million (when `exact` — the
/// number is the value in base units, not scaled to a larger unit), fixed
/// notation for ordinary magnitudes, scientific beyond.
pub fn plain(value: f64, digits: usize, exact: bool) -> String {
    if exact && is_small_integer(value) {
        return grouped_integer(value);
    }
    let rounded = round_sig(value, digits);
    if (-4..15).contains(&rounded.exponent) {
        rounded.fixed(0)
    } else {
        rounded.scientific()
    }
}

const SUFFIXES: [(&str, i32); 4] = [("K", 3), ("M", 6), ("B", 9), ("T", 12)];

/// With a magnitude suffix: `405B`, `15.6T`, `52.6M`; below a thousand or
/// beyond 1000T, plain.
pub fn with_suffix(value: f64, digits: usize, exact: bool) -> String {
    if exact && is_small_integer(value) {
        return grouped_integer(value);
    }
    let rounded = round_sig(value, digits);
    match SUFFIXES.iter().rev().find(|(_, e)| rounded.exponent >= *e) {
        Some((suffix, shift)) if rounded.exponent < 15 => {
            format!("{}{suffix}", rounded.fixed(*shift))
        }
        _ => plain(value, digits, exact),
    }
}

/// In a unit the user asked for (`-> h`): never a magnitude suffix, which
/// would read like a prefix of the unit (`1.50K h`). Written out with
/// separators below a billion (`1,500`; to N significant digits, so
/// 412,667 shows as `413,000` at 3), scientific beyond or tiny.
pub fn written_out(value: f64, digits: usize, exact: bool) -> String {
    if exact && is_small_integer(value) {
        return grouped_integer(value);
    }
    let rounded = round_sig(value, digits);
    if !(-4..9).contains(&rounded.exponent) {
        return rounded.scientific();
    }
    let fixed = rounded.fixed(0);
    match fixed.split_once('.') {
        Some((whole, fraction)) if rounded.exponent >= 3 => {
            let whole: f64 = whole.parse().expect("digits");
            format!("{}.{fraction}", grouped_integer(whole))
        }
        None if rounded.exponent >= 3 => grouped_integer(fixed.parse().expect("digits")),
        _ => fixed,
    }
}

/// A number for machines (CSV): the shortest text that reads back as the
/// same float, in scientific notation when large or tiny
/// (`3.7908e25`, never `37908000000000000000000000`).
pub fn machine_number(value: f64) -> String {
    let magnitude = value.abs();
    if magnitude != 0.0 && !(1e-4..1e15).contains(&magnitude) {
        format!("{value:e}")
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn significant_digits_keep_trailing_zeros() {
        assert_eq!(round_sig(6.4, 3).fixed(0), "6.40");
        assert_eq!(round_sig(0.38, 3).fixed(0), "0.380");
        assert_eq!(round_sig(68.5546875, 3).fixed(0), "68.6");
        assert_eq!(round_sig(0.000123456, 3).fixed(0), "0.000123");
        assert_eq!(round_sig(123456.0, 2).fixed(0), "120000");
    }

    #[test]
    fn ties_round_as_rust_does() {
        // 52,650,000 is exact in binary: Rust rounds the tie to even.
        assert_eq!(with_suffix(52_650_000.0, 3, true), "52.6M");
        assert_eq!(with_suffix(56_050_000.0, 3, true), "56.0M");
    }

    #[test]
    fn scientific() {
        assert_eq!(round_sig(3.7908e25, 3).scientific(), "3.79e25");
        assert_eq!(round_sig(-1e-9, 3).scientific(), "-1.00e-9");
        assert_eq!(round_sig(5.0, 1).scientific(), "5e0");
    }

    #[test]
    fn integers_below_a_million_are_exact() {
        assert_eq!(plain(16000.0, 3, true), "16,000");
        assert_eq!(plain(999_999.0, 3, true), "999,999");
        assert_eq!(plain(-1234.0, 3, true), "-1,234");
        assert_eq!(plain(0.0, 3, true), "0");
        assert_eq!(plain(1_000_000.0, 3, true), "1000000");
    }

    #[test]
    fn scaled_integers_show_significant_digits() {
        assert_eq!(plain(80.0, 3, false), "80.0");
        assert_eq!(with_suffix(2.0, 3, false), "2.00");
    }

    #[test]
    fn written_out_has_no_suffix() {
        assert_eq!(written_out(1500.0, 3, false), "1,500");
        assert_eq!(written_out(250_000.0, 3, false), "250,000");
        assert_eq!(written_out(23_456.7, 3, false), "23,500");
        assert_eq!(written_out(412_666.7, 3, false), "413,000");
        assert_eq!(written_out(1234.5, 5, false), "1,234.5");
        assert_eq!(written_out(6.02e6, 3, false), "6,020,000");
        assert_eq!(written_out(3.79e13, 3, false), "3.79e13");
        assert_eq!(written_out(68.5546875, 3, false), "68.6");
        assert_eq!(written_out(0.00005, 3, false), "5.00e-5");
        assert_eq!(written_out(-2500.0, 3, false), "-2,500");
    }

    #[test]
    fn machine_numbers_read_back_exactly() {
        for value in [
            3.7908e25, 16000.0, 0.38, 1e-9, -2.5e18, 0.0, 123.456, 6.02e-5,
        ] {
            let text = machine_number(value);
            assert_eq!(text.parse::<f64>().unwrap(), value, "{text}");
            assert!(text.len() < 16, "{text}");
        }
        assert_eq!(machine_number(3.7908e25), "3.7908e25");
        assert_eq!(machine_number(16000.0), "16000");
    }

    #[test]
    fn suffixes() {
        assert_eq!(with_suffix(405e9, 3, true), "405B");
        assert_eq!(with_suffix(15.6e12, 3, true), "15.6T");
        assert_eq!(with_suffix(1234.5, 3, true), "1.23K");
        assert_eq!(with_suffix(999_960.5, 3, true), "1.00M");
        assert_eq!(with_suffix(2.5e16, 3, true), "2.50e16");
        assert_eq!(with_suffix(0.5, 3, true), "0.500");
    }
}
