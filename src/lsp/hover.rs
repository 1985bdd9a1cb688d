//! Hover: a cell's value, unit, dimension and the cells it uses; an
//! accelerator's row of the table; a function's signature, convention and
//! source; a unit's size in base units.

use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind};

use super::analysis::{Analysis, Meaning, Occurrence};
use super::hints::DIGITS;
use crate::eval::Value;
use crate::eval::builtins;
use crate::format::accelerators;
use crate::format::quantity::base_units;
use crate::format::{show_report, show_value};
use crate::knowledge::builtin_accelerator;
use crate::syntax::ast::StatementKind;
use crate::units::Units;

pub fn hover(analysis: &Analysis, offset: usize) -> Option<Hover> {
    let occurrence = analysis.occurrence_at(offset)?;
    let text = match occurrence.meaning {
        Meaning::Cell => cell(analysis, occurrence)?,
        Meaning::Accelerator => accelerator(analysis, occurrence)?,
        Meaning::Function => function(analysis, occurrence)?,
        Meaning::Model => model(analysis, occurrence)?,
        Meaning::Unit => unit(analysis, occurrence)?,
        Meaning::Parameter => format!("parameter `{}`", occurrence.name),
        _ => return None,
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text,
        }),
        range: Some(analysis.lines.range(&analysis.text, occurrence.span)),
    })
}

/// The statement a definition stands in, as written.
fn definition_text(analysis: &Analysis, occurrence: &Occurrence) -> Option<String> {
    let definition = occurrence.definition?;
    let statement = analysis
        .statements()
        .iter()
        .find(|s| s.span.start <= definition.start && definition.end <= s.span.end)?;
    Some(analysis.session.source()[statement.span.start..statement.span.end].to_string())
}

fn cell(analysis: &Analysis, occurrence: &Occurrence) -> Option<String> {
    let sheet = &analysis.sheet;
    let report = sheet.cell(&occurrence.name)?;
    let mut out = format!("**{}**", occurrence.name);
    match report.outcome.value() {
        Some(value) => {
            let shown = show_value(value, report.shown.as_deref(), DIGITS, &sheet.user_bases);
            let text = show_report(report, DIGITS, &sheet.user_bases).unwrap_or_default();
            out.push_str(&format!(" = `{text}`"));
            if let Some(quantity) = value.as_quantity() {
                if !shown.unit.is_empty() {
                    out.push_str(&format!("\n\nunit: `{}`", shown.unit));
                }
                let dimension = base_units(quantity.dim, &sheet.user_bases);
                let dimension = if dimension.is_empty() {
                    "a plain number".into()
                } else {
                    format!("`{dimension}`")
                };
                out.push_str(&format!("\n\ndimension: {dimension}"));
            } else {
                out.push_str(&format!("\n\na {}", value.kind_name()));
            }
        }
        None => match sheet.problem_in(report.span) {
            Some(problem) => out.push_str(&format!(": not computed: {problem}")),
            None => out.push_str(": not computed (a cell it uses failed)"),
        },
    }
    let defined_in = analysis
        .occurrences()
        .iter()
        .find(|o| Some(o.span) == occurrence.definition)
        .map(|o| o.statement);
    if let Some(statement) = defined_in {
        let mut uses: Vec<&str> = analysis
            .occurrences()
            .iter()
            .filter(|o| {
                o.statement == statement && o.meaning == Meaning::Cell && !o.is_definition()
            })
            .map(|o| o.name.as_str())
            .collect();
        uses.sort_unstable();
        uses.dedup();
        if !uses.is_empty() {
            let list: Vec<String> = uses.iter().map(|u| format!("`{u}`")).collect();
            out.push_str(&format!("\n\nuses: {}", list.join(", ")));
        }
    }
    if let Some(note) = &report.note {
        out.push_str(&format!("\n\n{note}"));
    }
    Some(out)
}

fn accelerator(analysis: &Analysis, occurrence: &Occurrence) -> Option<String> {
    if occurrence.definition.is_some() {
        let record = analysis.sheet.cell(&occurrence.name)?;
        if let Some(Value::Accelerator(chip)) = record.outcome.value() {
            return Some(format!(
                "accelerator **{}** (defined here)\n\n{}",
                chip.name,
                accelerators::markdown(&[chip])
            ));
        }
        return definition_text(analysis, occurrence).map(|t| format!("```llmc\n{t}\n```"));
    }
    let chip = builtin_accelerator(&occurrence.name)?;
    Some(format!(
        "accelerator **{}** (built in; dense peaks in TFLOP/s per device; `llmc gpus {}` shows the sources)\n\n{}",
        chip.name,
        chip.name,
        accelerators::markdown(&[chip])
    ))
}

fn function(analysis: &Analysis, occurrence: &Occurrence) -> Option<String> {
    if occurrence.definition.is_some() {
        let statement = analysis.statements().iter().find(|s| {
            matches!(&s.kind, StatementKind::Function { name, .. } if Some(name.span) == occurrence.definition)
        })?;
        let source = &analysis.session.source()[statement.span.start..statement.span.end];
        return Some(format!(
            "```llmc\n{source}\n```\n\ndefined in this document"
        ));
    }
    let builtin = builtins::find(&occurrence.name)?;
    Some(format!(
        "```llmc\n{}\n```\n\n{}\n\nbuilt in; source: {}",
        builtin.signature(),
        builtin.summary,
        builtin.source
    ))
}

fn model(analysis: &Analysis, occurrence: &Occurrence) -> Option<String> {
    let value = analysis
        .sheet
        .cell(&occurrence.name)
        .and_then(|c| c.outcome.value().cloned())
        .or_else(|| {
            crate::knowledge::model_presets::preset(&occurrence.name)
                .map(|m| Value::Model(m.into()))
        })?;
    let shown = show_value(&value, None, DIGITS, &analysis.sheet.user_bases).text;
    let origin = if occurrence.definition.is_some() {
        "defined here"
    } else {
        "a built-in preset"
    };
    Some(format!(
        "model **{}** ({origin})\n\n{shown}",
        occurrence.name
    ))
}

fn unit(analysis: &Analysis, occurrence: &Occurrence) -> Option<String> {
    if occurrence.definition.is_some() {
        return definition_text(analysis, occurrence).map(|t| format!("```llmc\n{t}\n```"));
    }
    let def = Units::default().lookup(&occurrence.name)?;
    let base = base_units(def.dim, &analysis.sheet.user_bases);
    let base = if base.is_empty() {
        "a plain number".to_string()
    } else {
        base
    };
    Some(format!(
        "unit `{}` = {} {base}",
        occurrence.name,
        crate::format::number::plain(def.factor, 6, true)
    ))
}
