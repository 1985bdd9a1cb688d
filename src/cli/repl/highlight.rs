//! Colours for the line being typed: numbers, units, names, keywords,
//! accelerators, strings and comments. Lexical only, so it works on
//! half-typed lines too.

use llmc::syntax::lexicon;
use llmc::{NameClass, Session};

const NUMBER: &str = "\x1b[36m";
const UNIT: &str = "\x1b[32m";
const KEYWORD: &str = "\x1b[35m";
const ACCELERATOR: &str = "\x1b[33m";
const FUNCTION: &str = "\x1b[34m";
const STRING: &str = "\x1b[33m";
const COMMENT: &str = "\x1b[2m";
const UNKNOWN: &str = "";
const RESET: &str = "\x1b[0m";

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

pub fn highlight(line: &str, session: &Session) -> String {
    let mut out = String::with_capacity(line.len() * 2);
    let mut chars = line.char_indices().peekable();
    // Whether the previous token was a number: a word right after one is a unit.
    let mut after_number = false;
    // After `->` or `to` every word is a unit (`-> min` is minutes, not the
    // function), until the comparison or statement ends.
    let mut after_arrow = false;
    while let Some((start, c)) = chars.next() {
        let take_while = |chars: &mut std::iter::Peekable<std::str::CharIndices>,
                          f: &dyn Fn(char) -> bool| {
            let mut end = start + c.len_utf8();
            while let Some(&(i, next)) = chars.peek() {
                if !f(next) {
                    break;
                }
                end = i + next.len_utf8();
                chars.next();
            }
            end
        };
        let (color, end, number) = if c == '#' {
            (COMMENT, lexicon::comment_end(line, start), false)
        } else if c == '"' {
            (STRING, lexicon::string_end(line, start).0, false)
        } else if c.is_ascii_digit() || c == '$' {
            let end = take_while(&mut chars, &|n| {
                n.is_ascii_digit() || matches!(n, '.' | '_' | ',' | 'e')
            });
            (NUMBER, end, true)
        } else if is_word_char(c) {
            let end = take_while(&mut chars, &is_word_char);
            let word = &line[start..end];
            if word == "to" {
                after_arrow = true;
            }
            let class = session.classify(word);
            // After a number a unit's name is the unit, also where a
            // function has it (`90 min`, as `-> min`).
            let unit_after_number = after_number
                && (class == NameClass::Unit || llmc::units::Units::default().is_unit(word));
            let color = match class {
                NameClass::Keyword => KEYWORD,
                _ if after_arrow || unit_after_number => UNIT,
                NameClass::Accelerator => ACCELERATOR,
                NameClass::Function => FUNCTION,
                NameClass::Unit => UNIT,
                _ => UNKNOWN,
            };
            (color, end, false)
        } else {
            out.push(c);
            if c == '>' && line[..start].ends_with('-') {
                after_arrow = true;
            } else if matches!(c, ';' | '<' | '>' | '=' | '!' | ',' | ')') {
                after_arrow = false;
            }
            after_number = after_number && matches!(c, ' ' | '/' | '*' | '·' | '^');
            continue;
        };
        let text = &line[start..end];
        if color.is_empty() {
            out.push_str(text);
        } else {
            out.push_str(color);
            out.push_str(text);
            out.push_str(RESET);
        }
        while chars.peek().is_some_and(|(i, _)| *i < end) {
            chars.next();
        }
        after_number = number || (after_number && color == UNIT);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unit_after_the_arrow_or_a_number_is_a_unit_not_a_function() {
        let session = Session::new("<test>");
        let line = highlight("a3 -> min", &session);
        assert!(line.contains(&format!("{UNIT}min{RESET}")), "{line:?}");
        let after_number = highlight("2 h + 90 min", &session);
        assert!(
            after_number.contains(&format!("{UNIT}min{RESET}")),
            "{after_number:?}"
        );
        let call = highlight("min(1 h, 2 h) to min", &session);
        assert!(
            call.starts_with(&format!("{FUNCTION}min{RESET}")),
            "{call:?}"
        );
        assert!(call.ends_with(&format!("{UNIT}min{RESET}")), "{call:?}");
    }
}
