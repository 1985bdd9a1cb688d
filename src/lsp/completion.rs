//! Completion as in the REPL: after `target.` the members of what the
//! target names, else every name the session knows (`Session::names`),
//! filtered by the word being typed.

use lsp_types::{CompletionItem, CompletionItemKind};

use super::analysis::Analysis;
use crate::NameClass;
use crate::eval::builtins;

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Where the word that `text` ends with starts.
fn word_start(text: &str) -> usize {
    text.char_indices()
        .rev()
        .take_while(|(_, c)| is_word_char(*c))
        .last()
        .map_or(text.len(), |(i, _)| i)
}

pub fn completion(analysis: &Analysis, offset: usize) -> Vec<CompletionItem> {
    let text = &analysis.text;
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..offset];
    let start = word_start(before);
    let prefix = &before[start..];
    let session = &analysis.session;
    if let Some(target_text) = before[..start].strip_suffix('.') {
        let target_start = word_start(target_text);
        return session
            .members_of(&target_text[target_start..])
            .into_iter()
            .filter(|m| m.starts_with(prefix))
            .map(|member| CompletionItem {
                label: member.to_string(),
                kind: Some(CompletionItemKind::FIELD),
                ..CompletionItem::default()
            })
            .collect();
    }
    session
        .names()
        .into_iter()
        .filter(|n| n.starts_with(prefix))
        .map(|name| {
            let class = session.classify(&name);
            let detail = match class {
                NameClass::Function => builtins::find(&name).map(|b| b.summary.to_string()),
                NameClass::Cell => {
                    crate::format::show_cell(&analysis.sheet, &name, crate::Style::default())
                }
                _ => None,
            };
            CompletionItem {
                kind: Some(kind(class)),
                detail,
                label: name,
                ..CompletionItem::default()
            }
        })
        .collect()
}

fn kind(class: NameClass) -> CompletionItemKind {
    match class {
        NameClass::Keyword => CompletionItemKind::KEYWORD,
        NameClass::Cell | NameClass::Constant => CompletionItemKind::VARIABLE,
        NameClass::Function => CompletionItemKind::FUNCTION,
        NameClass::Accelerator => CompletionItemKind::CLASS,
        NameClass::Model => CompletionItemKind::STRUCT,
        NameClass::Unit => CompletionItemKind::UNIT,
        NameClass::Unknown => CompletionItemKind::TEXT,
    }
}
