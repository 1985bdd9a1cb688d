//! `llmc run FILE --tornado CELL` (SPEC §2.6): which assumption matters
//! most. For one range cell, each input range's effect on it: the cell's
//! range when only that input varies and the others sit at their
//! midpoints, widest first.

use crate::eval::ranges::{evaluate_ranges, swings};
use crate::eval::{NodeKind, ResolvedUnit, Value, evaluate};
use crate::session::Session;
use crate::suggest::{DidYouMean, did_you_mean};
use crate::units::Quantity;

/// One bar: an input range and the cell's range when only it varies.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// The range as written, with the cell it stands in and the parameter
    /// it is passed to, if any: `mfu (35%..45%)`, `useful: restart (10 min..30 min)`.
    pub input: String,
    pub low: Quantity,
    pub high: Quantity,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Tornado {
    pub cell: String,
    /// The cell's whole range.
    pub low: Quantity,
    pub high: Quantity,
    /// The cell with every input at its midpoint (`.mid`), where the bars
    /// meet.
    pub mid: Quantity,
    pub shown: Option<std::sync::Arc<ResolvedUnit>>,
    /// Widest first.
    pub bars: Vec<Bar>,
    pub user_bases: Vec<String>,
}

/// Why a cell has no tornado. The words say nothing of how the cell was
/// named: the frontend says that (`--tornado CELL`, a document's
/// `tornado=CELL`).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TornadoError {
    #[error("{sheet} has no cell named `{cell}`{}", near.as_ref().map(|near| format!("; {near}")).unwrap_or_default())]
    NoSuchCell {
        cell: String,
        sheet: String,
        near: Option<DidYouMean>,
    },
    #[error(
        "`{cell}` is not a range (no range feeds it); a tornado shows how each input range moves a range cell"
    )]
    NotARange { cell: String },
    #[error("`{cell}` has no value (see the errors above)")]
    NoValue { cell: String },
    #[error("`{cell}` has no value with every input at its midpoint")]
    NoMidpointValue { cell: String },
}

/// The tornado of `cell`; `Err` when it has none (no such cell, not a
/// range, or the sheet has errors: those are shown by the sheet itself).
pub(crate) fn tornado(session: &Session, cell: &str) -> Result<Tornado, TornadoError> {
    let (plan, _) = session.compile();
    let Some(node) = plan
        .nodes
        .iter()
        .position(|n| n.kind == NodeKind::Cell && n.name.name == cell)
    else {
        let names = session.cell_names();
        return Err(TornadoError::NoSuchCell {
            cell: cell.to_string(),
            sheet: session.name().to_string(),
            near: did_you_mean(cell, names.iter().map(String::as_str)),
        });
    };
    let (mut outcomes, mut asserts) = evaluate(&plan);
    let bounds = evaluate_ranges(&plan, &mut outcomes, &mut asserts);
    let cell_name = || cell.to_string();
    let Some((low, high)) = bounds[node].as_ref().and_then(|b| b.quantities()) else {
        return Err(match outcomes[node].value() {
            Some(_) => TornadoError::NotARange { cell: cell_name() },
            None => TornadoError::NoValue { cell: cell_name() },
        });
    };
    let Some(mid) = outcomes[node].value().and_then(Value::as_quantity) else {
        return Err(TornadoError::NoMidpointValue { cell: cell_name() });
    };
    let source = session.source();
    let bars = swings(&plan, &outcomes, &bounds, node)
        .into_iter()
        .map(|swing| {
            let input = &plan.ranges[swing.input];
            let text = &source[input.span.start..input.span.end];
            let input = match (input.node, &input.parameter) {
                (Some(holder), Some(parameter)) => {
                    format!("{}: {parameter} ({text})", plan.nodes[holder].name.name)
                }
                (Some(holder), None) => format!("{} ({text})", plan.nodes[holder].name.name),
                (None, _) => text.to_string(),
            };
            Bar {
                input,
                low: swing.low,
                high: swing.high,
            }
        })
        .collect();
    Ok(Tornado {
        cell: cell.to_string(),
        low,
        high,
        mid,
        shown: plan.nodes[node].shown.clone(),
        bars,
        user_bases: plan.units.base_names().to_vec(),
    })
}
