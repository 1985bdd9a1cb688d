//! rustyline's hooks: completion, the live preview hint, highlighting and
//! multi-line input. The helper owns the session, so every hook sees the
//! state the next line will be entered into, and its values as last
//! evaluated (`Preview`), so that no keystroke or Tab evaluates the sheet.

use std::borrow::Cow;

use llmc::{Preview, Session, needs_more_input};
use rustyline::completion::{Completer, Pair};
use rustyline::highlight::{CmdKind, Highlighter};
use rustyline::hint::Hinter;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{Context, Helper};

use super::commands::COMMANDS;
use super::highlight::highlight;

pub struct ReplHelper {
    pub session: Session,
    /// The session's values, for the preview and member completion.
    pub preview: Preview,
    pub color: bool,
}

impl Helper for ReplHelper {}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

impl Completer for ReplHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let before = &line[..pos];
        if before.starts_with(':') && !before.contains(' ') {
            let candidates = COMMANDS
                .iter()
                .filter(|(name, _)| name.starts_with(before))
                .map(|(name, _)| Pair {
                    display: name.to_string(),
                    replacement: format!("{name} "),
                })
                .collect();
            return Ok((0, candidates));
        }
        let start = before.rfind(|c: char| !is_word_char(c)).map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
        let prefix = &before[start..];
        let names: Vec<String> = match before[..start].strip_suffix('.') {
            Some(target_text) => {
                let target_start = target_text
                    .rfind(|c: char| !is_word_char(c))
                    .map_or(0, |i| i + 1);
                self.preview
                    .members_of(&target_text[target_start..])
                    .into_iter()
                    .map(str::to_string)
                    .collect()
            }
            None => self.session.names(),
        };
        let candidates = names
            .into_iter()
            .filter(|n| n.starts_with(prefix))
            .map(|n| Pair {
                display: n.clone(),
                replacement: n,
            })
            .collect();
        Ok((start, candidates))
    }
}

impl Hinter for ReplHelper {
    type Hint = String;

    /// The value the line would have, evaluated against the session's
    /// values (only what the line needs); nothing while the line does not
    /// evaluate or the cursor is not at its end.
    fn hint(&self, line: &str, pos: usize, _: &Context<'_>) -> Option<String> {
        if pos < line.len()
            || line.trim().is_empty()
            || line.starts_with(':')
            || needs_more_input(line)
        {
            return None;
        }
        Some(format!("  = {}", self.preview.show(line)?))
    }
}

impl Highlighter for ReplHelper {
    fn highlight<'l>(&self, line: &'l str, _pos: usize) -> Cow<'l, str> {
        if self.color && !line.starts_with(':') {
            Cow::Owned(highlight(line, &self.session))
        } else {
            Cow::Borrowed(line)
        }
    }

    fn highlight_hint<'h>(&self, hint: &'h str) -> Cow<'h, str> {
        if self.color {
            Cow::Owned(format!("\x1b[2m{hint}\x1b[0m"))
        } else {
            Cow::Borrowed(hint)
        }
    }

    fn highlight_char(&self, _line: &str, _pos: usize, kind: CmdKind) -> bool {
        self.color && kind != CmdKind::MoveCursor
    }
}

impl Validator for ReplHelper {
    /// An open bracket or brace continues onto the next line.
    fn validate(&self, ctx: &mut ValidationContext) -> rustyline::Result<ValidationResult> {
        if needs_more_input(ctx.input()) {
            Ok(ValidationResult::Incomplete)
        } else {
            Ok(ValidationResult::Valid(None))
        }
    }
}
