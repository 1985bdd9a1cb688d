//! The words and lexical shapes that passes outside the parser need (the
//! bracket pass, annotations, sweep flags, completion and highlighting),
//! each spelled once: keywords, reserved words, magnitude suffixes, and the
//! one scanner of strings and comments. They mirror rules of
//! `grammar/llmc.pest` (`kw_*`, `reserved`, `magnitude`, `string`,
//! `COMMENT`); the tests below read the grammar and fail if the two differ.

use std::ops::Range;

/// Words that start a statement (the grammar's `kw_*` rules), when no `=`
/// follows them.
pub const KEYWORDS: [&str; 5] = ["assert", "unit", "accelerator", "model", "fn"];

/// A word that is an operator, so no name may be spelled like it (the
/// grammar's `reserved`), with what it does for the error that refuses it.
pub struct Reserved {
    pub word: &'static str,
    pub meaning: &'static str,
}

pub const RESERVED: [Reserved; 2] = [
    Reserved {
        word: "x",
        meaning: "the cluster operator (`16000 x H100`)",
    },
    Reserved {
        word: "to",
        meaning: "converts units (`time to days`)",
    },
];

pub fn reserved(word: &str) -> Option<&'static Reserved> {
    RESERVED.iter().find(|r| r.word == word)
}

/// A magnitude suffix of a number literal (`405B`): the grammar's
/// `magnitude` and `detached_suffix`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Magnitude {
    pub letter: char,
    pub factor: f64,
    pub word: &'static str,
}

pub const MAGNITUDES: [Magnitude; 5] = [
    Magnitude {
        letter: 'K',
        factor: 1e3,
        word: "thousand",
    },
    Magnitude {
        letter: 'k',
        factor: 1e3,
        word: "thousand",
    },
    Magnitude {
        letter: 'M',
        factor: 1e6,
        word: "million",
    },
    Magnitude {
        letter: 'B',
        factor: 1e9,
        word: "billion",
    },
    Magnitude {
        letter: 'T',
        factor: 1e12,
        word: "trillion",
    },
];

pub fn magnitude(letter: char) -> Option<Magnitude> {
    MAGNITUDES.into_iter().find(|m| m.letter == letter)
}

/// Where the string opened by the `"` at `open` ends: just after its
/// closing quote (`true`), or at the end of its line if it is never
/// closed (`false`). A `\` escapes the byte after it, as in the grammar's
/// `string_inner`.
pub fn string_end(text: &str, open: usize) -> (usize, bool) {
    let bytes = text.as_bytes();
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'"' => return (i + 1, true),
            b'\n' => return (i, false),
            _ => {}
        }
        i += 1;
    }
    (bytes.len(), false)
}

/// Where the comment starting at `hash` ends: at the end of its line.
pub fn comment_end(text: &str, hash: usize) -> usize {
    text[hash..].find('\n').map_or(text.len(), |n| hash + n)
}

/// What a stretch of source text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment {
    Code,
    /// A string literal with its quotes (without the closing one if it is
    /// never closed).
    Text,
    /// `#` to the end of the line.
    Comment,
}

/// The text cut into code, strings and comments, in order.
pub fn segments(text: &str) -> impl Iterator<Item = (Segment, Range<usize>)> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        if at >= text.len() {
            return None;
        }
        let start = at;
        let (segment, end) = match text.as_bytes()[at] {
            b'"' => (Segment::Text, string_end(text, at).0),
            b'#' => (Segment::Comment, comment_end(text, at)),
            _ => {
                let end = text[at..].find(['"', '#']).map_or(text.len(), |n| at + n);
                (Segment::Code, end)
            }
        };
        at = end;
        Some((segment, start..end))
    })
}

/// Where a line's comment starts: its first `#` outside a string.
pub fn comment_start(line: &str) -> Option<usize> {
    segments(line)
        .find(|(segment, _)| *segment == Segment::Comment)
        .map(|(_, range)| range.start)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GRAMMAR: &str = include_str!("../../grammar/llmc.pest");

    /// The definition of one rule of the grammar, up to the end of its line.
    fn rule(name: &str) -> &'static str {
        GRAMMAR
            .lines()
            .find(|l| {
                l.split_whitespace().next() == Some(name) && l.contains('=') && !l.starts_with("//")
            })
            .unwrap_or_else(|| panic!("the grammar has no rule `{name}`"))
    }

    /// The quoted literals of a rule, in order.
    fn literals(rule: &str) -> Vec<&str> {
        rule.split('"').skip(1).step_by(2).collect()
    }

    #[test]
    fn keywords_are_the_grammars() {
        for keyword in KEYWORDS {
            let rule = rule(&format!("kw_{keyword}"));
            assert_eq!(literals(rule), [keyword], "{rule}");
        }
        let kw_rules = GRAMMAR.lines().filter(|l| l.starts_with("kw_")).count();
        assert_eq!(kw_rules, KEYWORDS.len(), "a keyword rule is not listed");
    }

    #[test]
    fn reserved_words_and_magnitudes_are_the_grammars() {
        let words: Vec<&str> = RESERVED.iter().map(|r| r.word).collect();
        assert_eq!(literals(rule("reserved")), words);
        let letters: Vec<String> = MAGNITUDES.iter().map(|m| m.letter.to_string()).collect();
        // The letters come before the rule's first `~`.
        let letters_of = |name| literals(rule(name).split('~').next().unwrap());
        assert_eq!(letters_of("magnitude"), letters);
        assert_eq!(letters_of("detached_suffix"), letters);
    }

    #[test]
    fn strings_and_comments_are_cut_as_the_grammar_reads_them() {
        let text = "s = \"a # \\\" b\" # note\nt = \"open\nu = 1";
        let cut: Vec<(Segment, &str)> = segments(text).map(|(s, r)| (s, &text[r])).collect();
        assert_eq!(
            cut,
            [
                (Segment::Code, "s = "),
                (Segment::Text, "\"a # \\\" b\""),
                (Segment::Code, " "),
                (Segment::Comment, "# note"),
                (Segment::Code, "\nt = "),
                (Segment::Text, "\"open"),
                (Segment::Code, "\nu = 1"),
            ]
        );
        assert_eq!(string_end(text, 4), (14, true));
        assert_eq!(string_end("\"open\nx", 0), (5, false));
        assert_eq!(comment_start(r#"s = "a # b" # c"#), Some(12));
        assert_eq!(comment_start(r#"s = "a \" # b""#), None);
    }
}
