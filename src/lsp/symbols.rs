//! Document symbols (the outline: cells with their values, functions,
//! records with their fields, units, asserts) and formatting (`llmc fmt`).

use lsp_types::{DocumentSymbol, Position, Range, SymbolKind, TextEdit};

use super::analysis::Analysis;
use super::hints::DIGITS;
use crate::format::show_report;
use crate::span::Span;
use crate::syntax::ast::StatementKind;

#[allow(deprecated)] // `DocumentSymbol::deprecated` must be written out.
fn symbol(
    analysis: &Analysis,
    name: String,
    detail: Option<String>,
    kind: SymbolKind,
    span: Span,
    selection: Span,
    children: Option<Vec<DocumentSymbol>>,
) -> DocumentSymbol {
    DocumentSymbol {
        name,
        detail,
        kind,
        tags: None,
        deprecated: None,
        range: analysis.lines.range(&analysis.text, span),
        selection_range: analysis.lines.range(&analysis.text, selection),
        children,
    }
}

pub fn document_symbols(analysis: &Analysis) -> Vec<DocumentSymbol> {
    let source = analysis.session.source();
    let value_of = |name: &str| {
        let cell = analysis.sheet.cell(name)?;
        show_report(cell, DIGITS, &analysis.sheet.user_bases)
    };
    analysis
        .statements()
        .iter()
        .filter_map(|statement| {
            let span = statement.span;
            Some(match &statement.kind {
                StatementKind::Cell { name, .. } => symbol(
                    analysis,
                    name.name.to_string(),
                    value_of(&name.name),
                    SymbolKind::VARIABLE,
                    span,
                    name.span,
                    None,
                ),
                StatementKind::Function { name, params, .. } => {
                    let params: Vec<&str> = params.iter().map(|p| p.name.as_str()).collect();
                    symbol(
                        analysis,
                        name.name.to_string(),
                        Some(format!("({})", params.join(", "))),
                        SymbolKind::FUNCTION,
                        span,
                        name.span,
                        None,
                    )
                }
                StatementKind::Model(record) | StatementKind::Accelerator(record) => {
                    let fields = record
                        .fields
                        .iter()
                        .map(|f| {
                            let field = f.name.span.to(f.expr.span);
                            let detail = source[f.expr.span.start..f.expr.span.end].to_string();
                            symbol(
                                analysis,
                                f.name.name.to_string(),
                                Some(detail),
                                SymbolKind::FIELD,
                                field,
                                f.name.span,
                                None,
                            )
                        })
                        .collect();
                    let kind = match statement.kind {
                        StatementKind::Model(_) => "model",
                        _ => "accelerator",
                    };
                    symbol(
                        analysis,
                        record.name.name.to_string(),
                        Some(kind.into()),
                        SymbolKind::STRUCT,
                        span,
                        record.name.span,
                        Some(fields),
                    )
                }
                StatementKind::Unit { name, .. } => symbol(
                    analysis,
                    name.name.to_string(),
                    Some("unit".into()),
                    SymbolKind::CONSTANT,
                    span,
                    name.span,
                    None,
                ),
                StatementKind::Assert(_) => symbol(
                    analysis,
                    source[span.start..span.end].to_string(),
                    None,
                    SymbolKind::EVENT,
                    span,
                    span,
                    None,
                ),
                StatementKind::Expr(_) => return None,
            })
        })
        .collect()
}

/// The whole document in `llmc fmt`'s layout, as one edit (none when it is
/// formatted already or has syntax errors).
pub fn formatting(analysis: &Analysis) -> Vec<TextEdit> {
    match crate::fmt::format(&analysis.text, analysis.kind) {
        Ok(formatted) if formatted != analysis.text => {
            let end = analysis.lines.position(&analysis.text, analysis.text.len());
            vec![TextEdit::new(
                Range::new(Position::new(0, 0), end),
                formatted,
            )]
        }
        _ => Vec::new(),
    }
}
