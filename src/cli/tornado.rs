//! `llmc run FILE --tornado CELL`: each input range's effect on one cell.

use std::path::PathBuf;

use llmc::format;
use llmc::whatif::Assignment;

use crate::args::{Format, OutputArgs};
use crate::plot::Target;
use crate::{read, report_problems, session_with_sets, style};

pub fn tornado_files(
    files: &[PathBuf],
    output: &OutputArgs,
    sets: &[Assignment],
    cell: &str,
    plot: Option<&Target<'_>>,
) -> Result<bool, String> {
    let mut all_ok = true;
    for path in files {
        let source = read(path)?;
        let Some(session) = session_with_sets(path, &source, sets) else {
            all_ok = false;
            continue;
        };
        let sheet = session.evaluate();
        // A sheet with errors shows them; its tornado would hide them.
        if sheet.has_errors() && sheet.cell(cell).and_then(|c| c.range.as_ref()).is_none() {
            report_problems(&sheet);
            all_ok = false;
            continue;
        }
        let tornado = session
            .tornado(cell)
            .map_err(|error| format!("`--tornado {cell}`: {error}"))?;
        let digits = style(output).digits;
        match output.format {
            Format::Human => out!("{}", format::tornado::human(&tornado, digits)),
            Format::Json => outln!(
                "{}",
                serde_json::to_string_pretty(&format::tornado::json(&tornado, digits))
                    .expect("JSON")
            ),
            Format::Markdown => out!("{}", format::tornado::markdown(&tornado, digits)),
            Format::Csv => out!("{}", format::tornado::csv(&tornado, digits)),
        }
        all_ok &= report_problems(&sheet);
        if let Some(target) = plot {
            let svg = llmc::plot::tornado::render(&tornado, digits);
            all_ok &= target.write(&svg, &format!("the tornado of {cell}"));
        }
    }
    Ok(all_ok)
}
