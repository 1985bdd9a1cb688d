//! Go to definition, references and rename, from the analysis's index of
//! names: every occurrence knows the definition it refers to.

use std::collections::HashMap;

use lsp_types::{Location, Range, TextEdit, Uri, WorkspaceEdit};

use super::analysis::{Analysis, Meaning};
use crate::syntax::lexicon;

pub fn definition(uri: &Uri, analysis: &Analysis, offset: usize) -> Option<Location> {
    let occurrence = analysis.occurrence_at(offset)?;
    let span = occurrence.definition?;
    Some(Location::new(
        uri.clone(),
        analysis.lines.range(&analysis.text, span),
    ))
}

pub fn references(
    uri: &Uri,
    analysis: &Analysis,
    offset: usize,
    include_declaration: bool,
) -> Vec<Location> {
    let Some(target) = analysis.occurrence_at(offset) else {
        return Vec::new();
    };
    if matches!(
        target.meaning,
        Meaning::Member | Meaning::Field | Meaning::Keyword
    ) {
        return Vec::new();
    }
    analysis
        .same_as(target)
        .filter(|o| include_declaration || !o.is_definition())
        .map(|o| Location::new(uri.clone(), analysis.lines.range(&analysis.text, o.span)))
        .collect()
}

/// What may be renamed: a name defined in the document (a cell, function,
/// record, unit or parameter), not a built-in.
pub fn prepare_rename(analysis: &Analysis, offset: usize) -> Option<Range> {
    let occurrence = analysis.occurrence_at(offset)?;
    occurrence.definition?;
    Some(analysis.lines.range(&analysis.text, occurrence.span))
}

pub fn rename(
    uri: &Uri,
    analysis: &Analysis,
    offset: usize,
    new_name: &str,
) -> Result<WorkspaceEdit, String> {
    let target = analysis
        .occurrence_at(offset)
        .filter(|o| o.definition.is_some())
        .ok_or("only a name defined in this document can be renamed")?;
    let mut chars = new_name.chars();
    let valid = chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_');
    let keyword = lexicon::KEYWORDS.contains(&new_name) || lexicon::reserved(new_name).is_some();
    if !valid || keyword {
        return Err(format!(
            "`{new_name}` is not a name: use letters, digits and `_`, starting with a letter or `_`, and no keyword"
        ));
    }
    let taken = analysis
        .occurrences()
        .iter()
        .any(|o| o.is_definition() && o.name == new_name && o.meaning == target.meaning);
    if taken && new_name != target.name {
        return Err(format!("`{new_name}` is already defined in this document"));
    }
    let edits: Vec<TextEdit> = analysis
        .same_as(target)
        .map(|o| {
            TextEdit::new(
                analysis.lines.range(&analysis.text, o.span),
                new_name.to_string(),
            )
        })
        .collect();
    Ok(WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    })
}
