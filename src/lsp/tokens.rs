//! Semantic tokens: names coloured by what they resolve to (cells,
//! functions, accelerators, models, units, parameters, members), from the
//! analysis's index; numbers, strings, comments, keywords and the cluster
//! and conversion operators from a scan of the sheet's source (in Markdown,
//! everything outside llmc blocks is blank there).

use lsp_types::{
    SemanticToken, SemanticTokenModifier, SemanticTokenType, SemanticTokens, SemanticTokensLegend,
};

use super::analysis::{Analysis, Meaning};
use crate::syntax::lexicon;

const TYPES: [SemanticTokenType; 12] = [
    SemanticTokenType::KEYWORD,
    SemanticTokenType::VARIABLE,
    SemanticTokenType::FUNCTION,
    SemanticTokenType::PARAMETER,
    SemanticTokenType::CLASS,
    SemanticTokenType::STRUCT,
    SemanticTokenType::TYPE,
    SemanticTokenType::PROPERTY,
    SemanticTokenType::NUMBER,
    SemanticTokenType::STRING,
    SemanticTokenType::COMMENT,
    SemanticTokenType::OPERATOR,
];

/// Indices into [`TYPES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Keyword,
    Variable,
    Function,
    Parameter,
    Class,
    Struct,
    Type,
    Property,
    Number,
    String,
    Comment,
    Operator,
}

const DECLARATION: u32 = 1;
const DEFAULT_LIBRARY: u32 = 2;

pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: TYPES.to_vec(),
        token_modifiers: vec![
            SemanticTokenModifier::DECLARATION,
            SemanticTokenModifier::DEFAULT_LIBRARY,
        ],
    }
}

/// A token in byte offsets: start, end, kind, modifiers.
type Token = (usize, usize, Kind, u32);

pub fn semantic_tokens(analysis: &Analysis) -> SemanticTokens {
    let source = analysis.session.source();
    let mut tokens: Vec<Token> = analysis
        .occurrences()
        .iter()
        .filter_map(|o| {
            let kind = match o.meaning {
                Meaning::Cell | Meaning::Constant => Kind::Variable,
                Meaning::Function => Kind::Function,
                Meaning::Model => Kind::Struct,
                Meaning::Accelerator => Kind::Class,
                Meaning::Unit => Kind::Type,
                Meaning::Parameter => Kind::Parameter,
                Meaning::Member | Meaning::Field => Kind::Property,
                Meaning::Keyword => Kind::Keyword,
                Meaning::Unknown => return None,
            };
            let modifiers = match o.definition {
                Some(definition) if definition == o.span => DECLARATION,
                Some(_) => 0,
                None if kind == Kind::Property || kind == Kind::Parameter => 0,
                None => DEFAULT_LIBRARY,
            };
            Some((o.span.start, o.span.end, kind, modifiers))
        })
        .collect();
    let named: Vec<(usize, usize)> = tokens.iter().map(|t| (t.0, t.1)).collect();
    tokens.extend(scan(source).into_iter().filter(|t| {
        let at = named.partition_point(|n| n.1 <= t.0);
        named.get(at).is_none_or(|n| n.0 >= t.1)
    }));
    tokens.sort_by_key(|t| (t.0, t.1));
    encode(analysis, &tokens)
}

/// Numbers, strings, comments, keywords and a few operators, lexically.
fn scan(source: &str) -> Vec<Token> {
    let bytes = source.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80;
    while i < bytes.len() {
        let start = i;
        match bytes[i] {
            b'#' => {
                i += source[i..].find('\n').unwrap_or(source.len() - i);
                let end = start + source[start..i].trim_end().len();
                tokens.push((start, end, Kind::Comment, 0));
                continue;
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i = (i + 1).min(bytes.len());
                if bytes.get(i - 1) == Some(&b'\n') {
                    i -= 1;
                }
                tokens.push((start, i, Kind::String, 0));
                continue;
            }
            // `$` and `%` are units (the index has them); the number is
            // the digits and the magnitude.
            b'0'..=b'9' => {
                i += 1;
                while i < bytes.len() {
                    let b = bytes[i];
                    let digit_after = |k: usize| bytes.get(k).is_some_and(u8::is_ascii_digit);
                    let thousands =
                        b == b',' && (1..=3).all(|k| digit_after(i + k)) && !digit_after(i + 4);
                    let exponent = matches!(b, b'e' | b'E')
                        && (digit_after(i + 1)
                            || (matches!(bytes.get(i + 1), Some(b'+' | b'-'))
                                && digit_after(i + 2)));
                    if b.is_ascii_digit() || b == b'_' || (b == b'.' && digit_after(i + 1)) {
                        i += 1;
                    } else if thousands {
                        i += 4;
                    } else if exponent {
                        i += 2;
                    } else {
                        break;
                    }
                }
                let suffix = matches!(bytes.get(i), Some(b'K' | b'k' | b'M' | b'B' | b'T'))
                    && !bytes.get(i + 1).is_some_and(|&b| is_word(b));
                if suffix {
                    i += 1;
                }
                tokens.push((start, i, Kind::Number, 0));
                continue;
            }
            b'-' if bytes.get(i + 1) == Some(&b'>') => {
                tokens.push((i, i + 2, Kind::Operator, 0));
                i += 2;
                continue;
            }
            b'@' => tokens.push((i, i + 1, Kind::Operator, 0)),
            b if is_word(b) => {
                while i < bytes.len() && is_word(bytes[i]) {
                    i += 1;
                }
                let word = &source[start..i];
                if word == "×" {
                    tokens.push((start, i, Kind::Operator, 0));
                } else if lexicon::KEYWORDS.contains(&word)
                    || lexicon::reserved(word).is_some()
                    || word == "true"
                    || word == "false"
                {
                    tokens.push((start, i, Kind::Keyword, 0));
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    tokens
}

/// The protocol's relative encoding: line and UTF-16 column deltas.
fn encode(analysis: &Analysis, tokens: &[Token]) -> SemanticTokens {
    let text = &analysis.text;
    let mut data = Vec::with_capacity(tokens.len());
    let (mut line, mut column) = (0u32, 0u32);
    let mut last_end = 0;
    let mut walker = analysis.lines.walker(text);
    for &(start, end, kind, modifiers) in tokens {
        if start < last_end || end <= start || end > text.len() {
            continue;
        }
        last_end = end;
        let from = walker.position(start);
        let to = walker.position(end);
        if to.line != from.line {
            continue;
        }
        let delta_line = from.line - line;
        let delta_start = if delta_line == 0 {
            from.character - column
        } else {
            from.character
        };
        data.push(SemanticToken {
            delta_line,
            delta_start,
            length: to.character - from.character,
            token_type: kind as u32,
            token_modifiers_bitset: modifiers,
        });
        line = from.line;
        column = from.character;
    }
    SemanticTokens {
        result_id: None,
        data,
    }
}
