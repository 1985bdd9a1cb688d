//! A sheet's problems and warnings as the protocol's diagnostics, with the
//! command line's words: the message, then `help:` as `llmc` prints it; the
//! error's stable code; every label as related information.

use lsp_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Uri,
};
use miette::Diagnostic as _;

use super::analysis::Analysis;
use crate::span::Span;

pub fn diagnostics(uri: &Uri, analysis: &Analysis) -> Vec<Diagnostic> {
    let sheet = &analysis.sheet;
    let problems = sheet
        .problems
        .iter()
        .map(|p| convert(uri, analysis, p, p.span(), DiagnosticSeverity::ERROR));
    let warnings = sheet.warnings.iter().map(|w| {
        let span = w
            .labels()
            .into_iter()
            .flatten()
            .next()
            .map_or_else(Span::default, |l| {
                Span::new(l.offset(), l.offset() + l.len())
            });
        convert(uri, analysis, w, span, DiagnosticSeverity::WARNING)
    });
    problems.chain(warnings).collect()
}

fn convert(
    uri: &Uri,
    analysis: &Analysis,
    diagnostic: &dyn miette::Diagnostic,
    span: Span,
    severity: DiagnosticSeverity,
) -> Diagnostic {
    let text = &analysis.text;
    let mut message = diagnostic.to_string();
    if let Some(help) = diagnostic.help() {
        message.push_str(&format!("\nhelp: {help}"));
    }
    let related: Vec<DiagnosticRelatedInformation> = diagnostic
        .labels()
        .into_iter()
        .flatten()
        .filter_map(|label| {
            let span = Span::new(label.offset(), label.offset() + label.len());
            Some(DiagnosticRelatedInformation {
                location: Location::new(uri.clone(), analysis.lines.range(text, span)),
                message: label.label()?.to_string(),
            })
        })
        .collect();
    Diagnostic {
        range: analysis.lines.range(text, span),
        severity: Some(severity),
        code: diagnostic
            .code()
            .map(|c| NumberOrString::String(c.to_string())),
        source: Some("llmc".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..Diagnostic::default()
    }
}
