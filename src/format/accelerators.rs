//! The accelerator table (`llmc gpus`) as text, Markdown, CSV and JSON.

use serde_json::{Value as Json, json};

use crate::knowledge::accelerator::{Accelerator, Precision};
use crate::vocabulary::Named;

/// Column names, in the order `row` fills them: one per precision.
fn headers() -> Vec<&'static str> {
    let mut headers = vec!["name", "vendor"];
    headers.extend(Precision::ALL.iter().map(|p| p.name()));
    headers.extend([
        "memory_gb",
        "bandwidth_tbs",
        "tdp_w",
        "node",
        "interconnect_gbs",
        "year",
        "product",
    ]);
    headers
}

/// Shortest decimal form of a figure, as the sources give it (`989.5`).
fn figure(value: Option<f64>) -> String {
    value.map_or_else(
        || "-".to_string(),
        |v| format!("{}", (v * 1000.0).round() / 1000.0),
    )
}

fn row(chip: &Accelerator) -> Vec<String> {
    let mut cells = vec![chip.name.to_string(), chip.vendor.to_string()];
    cells.extend(Precision::ALL.iter().map(|p| figure(chip.peaks.get(*p))));
    cells.push(figure(chip.memory_bytes.map(|b| b / 1e9)));
    cells.push(figure(chip.bandwidth_bytes_per_s.map(|b| b / 1e12)));
    cells.push(figure(chip.tdp_watts));
    cells.push(figure(chip.node));
    cells.push(figure(chip.interconnect_bytes_per_s.map(|b| b / 1e9)));
    cells.push(
        chip.launch_year
            .map_or_else(|| "-".to_string(), |y| y.to_string()),
    );
    cells.push(chip.product.to_string());
    cells
}

/// Aligned columns; peaks are dense TFLOP/s per device.
pub fn table(chips: &[&Accelerator]) -> String {
    let headers = headers();
    let rows: Vec<Vec<String>> = chips.iter().map(|c| row(c)).collect();
    let widths: Vec<usize> = (0..headers.len())
        .map(|i| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .chain([headers[i].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: &[String]| {
        let padded: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if i < 2 || i == headers.len() - 1 {
                    format!("{c:<w$}", w = widths[i])
                } else {
                    format!("{c:>w$}", w = widths[i])
                }
            })
            .collect();
        padded.join("  ").trim_end().to_string()
    };
    let names: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
    let mut out = line(&names);
    out.push('\n');
    for r in &rows {
        out.push_str(&line(r));
        out.push('\n');
    }
    out.push_str("\nPeaks are dense TFLOP/s per device (sparse datasheet figures halved); `llmc gpus NAME` shows one chip with its sources.\n");
    out
}

pub fn markdown(chips: &[&Accelerator]) -> String {
    let headers = headers();
    let mut out = format!(
        "| {} |\n|{}\n",
        headers.join(" | "),
        "---|".repeat(headers.len())
    );
    for chip in chips {
        out.push_str(&format!("| {} |\n", row(chip).join(" | ")));
    }
    out
}

pub fn csv(chips: &[&Accelerator]) -> String {
    let headers = headers();
    let quote = |c: &str| {
        if c.contains([',', '"']) {
            format!("\"{}\"", c.replace('"', "\"\""))
        } else {
            c.to_string()
        }
    };
    let mut out = headers.join(",");
    out.push('\n');
    for chip in chips {
        let cells: Vec<String> = row(chip)
            .iter()
            .map(|c| quote(if c == "-" { "" } else { c }))
            .collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

pub fn json(chips: &[&Accelerator]) -> Json {
    Json::Array(
        chips
            .iter()
            .map(|chip| {
                let peaks: serde_json::Map<String, Json> = chip
                    .peaks
                    .available()
                    .map(|(p, v)| (p.name().to_string(), json!(v)))
                    .collect();
                json!({
                    "name": chip.name,
                    "vendor": chip.vendor,
                    "product": chip.product,
                    "peak_tflops_dense": peaks,
                    "memory_bytes": chip.memory_bytes,
                    "bandwidth_bytes_per_s": chip.bandwidth_bytes_per_s,
                    "tdp_w": chip.tdp_watts,
                    "node": chip.node,
                    "interconnect_bytes_per_s": chip.interconnect_bytes_per_s,
                    "scale_up_source": chip.scale_up_source,
                    "launch_year": chip.launch_year,
                    "sources": chip.sources,
                    "notes": chip.notes,
                })
            })
            .collect(),
    )
}

/// One chip in full, with its sources.
pub fn detail(chip: &Accelerator) -> String {
    let mut out = format!("{} — {} {}\n\n", chip.name, chip.vendor, chip.product);
    out.push_str("dense peak per device:\n");
    for (precision, tflops) in chip.peaks.available() {
        out.push_str(&format!(
            "  {:<5} {} TFLOP/s   ({}.{precision})\n",
            precision.name(),
            figure(Some(tflops)),
            chip.name
        ));
    }
    let mut line = |label: &str, value: Option<String>, member: &str| {
        if let Some(value) = value {
            out.push_str(&format!("{label:<11}{value}   ({}.{member})\n", chip.name));
        }
    };
    line(
        "memory",
        chip.memory_bytes
            .map(|b| format!("{} GB", figure(Some(b / 1e9)))),
        "memory",
    );
    line(
        "bandwidth",
        chip.bandwidth_bytes_per_s
            .map(|b| format!("{} TB/s", figure(Some(b / 1e12)))),
        "bandwidth",
    );
    line(
        "tdp",
        chip.tdp_watts.map(|w| format!("{} W", figure(Some(w)))),
        "tdp",
    );
    line(
        "node",
        chip.node.map(|n| format!("{} GPUs", figure(Some(n)))),
        "node",
    );
    line(
        "scale-up",
        chip.interconnect_bytes_per_s
            .map(|b| format!("{} GB/s", figure(Some(b / 1e9)))),
        "interconnect",
    );
    if let Some(year) = chip.launch_year {
        out.push_str(&format!("launched   {year}\n"));
    }
    if let Some(default) = chip.default_precision() {
        // Name a precision the chip has, never one it lacks.
        let other = chip
            .peaks
            .available()
            .map(|(p, _)| p)
            .filter(|p| *p != default)
            .max_by_key(|p| p.to_string() == "fp8");
        let choice = match other {
            Some(other) => format!(" unless a precision is named (`{}:{other}`)", chip.name),
            None => "; it is the only precision with a known peak".to_string(),
        };
        out.push_str(&format!(
            "\nAn MFU on `N x {}` refers to the {default} peak{choice}.\n",
            chip.name
        ));
    }
    out.push_str(&format!("\nsources: {}\n", chip.sources));
    out.push_str(&format!("node and scale-up: {}\n", chip.scale_up_source));
    if !chip.notes.is_empty() {
        out.push_str(&format!("notes: {}\n", chip.notes));
    }
    out
}
