//! `llmc run FILE --tornado CELL` (SPEC §2.6): which assumption matters
//! most. For one range cell, each input range's effect on it: the cell's
//! range when only that input varies and the others sit at their
//! midpoints, widest first.

use crate::eval::ranges::{evaluate_ranges, swings};
use crate::eval::{NodeKind, ResolvedUnit, Value, evaluate};
use crate::session::Session;
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

/// The tornado of `cell`; `Err` is the message when it has none (no such
/// cell, not a range, or the sheet has errors: those are shown by the
/// sheet itself).
pub(crate) fn tornado(session: &Session, cell: &str) -> Result<Tornado, String> {
    let (plan, _) = session.compile();
    let Some(node) = plan
        .nodes
        .iter()
        .position(|n| n.kind == NodeKind::Cell && n.name.name == cell)
    else {
        let names = session.cell_names();
        let hint = crate::suggest::closest(cell, names.iter().map(String::as_str))
            .map(|near| format!("; did you mean `{near}`?"))
            .unwrap_or_default();
        return Err(format!(
            "`--tornado {cell}`: {} has no cell named `{cell}`{hint}",
            session.name()
        ));
    };
    let (mut outcomes, mut asserts) = evaluate(&plan);
    let bounds = evaluate_ranges(&plan, &mut outcomes, &mut asserts);
    let Some((low, high)) = bounds[node].as_ref().and_then(|b| b.quantities()) else {
        return Err(match outcomes[node].value() {
            Some(_) => format!(
                "`--tornado {cell}`: `{cell}` is not a range (no range feeds it); a tornado shows how each input range moves a range cell"
            ),
            None => format!("`--tornado {cell}`: `{cell}` has no value (see the errors above)"),
        });
    };
    let Some(mid) = outcomes[node].value().and_then(Value::as_quantity) else {
        return Err(format!(
            "`--tornado {cell}`: `{cell}` has no value with every input at its midpoint"
        ));
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
