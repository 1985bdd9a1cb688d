//! Charts a Markdown planning document keeps (`llmc doc`): options in an
//! llmc block's info string, after `llmc`, name the chart's file and what
//! it draws, in the words of `llmc run`'s flags:
//!
//! ````text
//! ```llmc plot=plots/time.svg sweep="tokens=5T tokens,10T tokens" sweep="params=8B params,70B params" show=time
//! ```llmc plot=plots/cost.svg tornado=cost
//! ````
//!
//! A value is a word, or a string in double quotes (with `\"` and `\\`)
//! when it holds blanks. Like the llmc blocks themselves, the options are
//! read from the document, whose whole sheet the chart draws; the file is
//! named relative to the document. Renderers show the block as llmc code
//! (the language is the info string's first word) and ignore the rest.

use std::collections::HashMap;

use super::PlotError;
use crate::markdown::llmc_blocks;
use crate::span::Span;
use crate::suggest::closest;
use crate::whatif::{Axis, ShowList, parse_axis, parse_show};

const OPTIONS: [&str; 4] = ["plot", "sweep", "show", "tornado"];

/// One chart a document asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentPlot {
    /// The file, as written (relative to the document).
    pub file: String,
    /// Where `file` is in the document: what errors point at.
    pub span: Span,
    pub chart: Chart,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Chart {
    Sweep {
        axes: Vec<Axis>,
        show: Vec<ShowList>,
    },
    Tornado {
        cell: String,
        /// The option's value, where an error about the cell points.
        span: Span,
    },
}

/// One `key=value` of an info string: the key, its value (unquoted) and
/// the spans of both in the document.
struct BlockOption<'a> {
    key: &'a str,
    key_span: Span,
    value: String,
    value_span: Span,
}

/// Every chart the document's llmc blocks ask for, or every mistake in
/// their options.
pub fn document_plots(doc: &str) -> Result<Vec<DocumentPlot>, Vec<PlotError>> {
    let mut plots = Vec::new();
    let mut errors = Vec::new();
    let mut files: HashMap<String, Span> = HashMap::new();
    for block in llmc_blocks(doc) {
        let line = &doc[block.open.clone()];
        // After the fence and the `llmc` word.
        let fence_end = line.len() - line.trim_start_matches([' ', '`', '~']).len();
        let after_language = line[fence_end..]
            .find("llmc")
            .map_or(line.len(), |at| fence_end + at + "llmc".len());
        let base = block.open.start + after_language;
        match block_plot(&line[after_language..], base) {
            Ok(Some(plot)) => match files.get(&plot.file) {
                Some(first) => errors.push(PlotError::DrawnTwice {
                    span: plot.span,
                    first: *first,
                    file: plot.file.clone(),
                }),
                None => {
                    files.insert(plot.file.clone(), plot.span);
                    plots.push(plot);
                }
            },
            Ok(None) => {}
            Err(error) => errors.push(error),
        }
    }
    if errors.is_empty() {
        Ok(plots)
    } else {
        Err(errors)
    }
}

/// The chart one block's options ask for, if any; `info` is the info
/// string after `llmc`, starting at `base` in the document.
fn block_plot(info: &str, base: usize) -> Result<Option<DocumentPlot>, PlotError> {
    let options = options(info, base)?;
    let mut file = None;
    let mut axes = Vec::new();
    let mut show = Vec::new();
    let mut tornado = None;
    let mut first_chart_option = None;
    for option in &options {
        match option.key {
            "plot" => {
                super::check_target(&option.value, option.value_span)?;
                file = Some((option.value.clone(), option.value_span));
                continue;
            }
            "sweep" => {
                axes.push(
                    parse_axis(&option.value).map_err(|message| PlotError::BadSweep {
                        span: option.value_span,
                        message,
                    })?,
                )
            }
            "show" => {
                show.push(
                    parse_show(&option.value).map_err(|message| PlotError::BadSweep {
                        span: option.value_span,
                        message,
                    })?,
                )
            }
            "tornado" => tornado = Some((option.value.clone(), option.key_span, option.value_span)),
            // Other tools' attributes (`title="…"`) are theirs; a near miss
            // of ours is a typo.
            _ => match closest(option.key, OPTIONS) {
                Some(near) => {
                    return Err(PlotError::UnknownOption {
                        span: option.key_span,
                        key: option.key.to_string(),
                        near: near.to_string(),
                    });
                }
                None => continue,
            },
        }
        first_chart_option.get_or_insert(option.key_span);
    }
    let Some((file, span)) = file else {
        return match first_chart_option {
            Some(span) => Err(PlotError::OptionWithoutPlot { span }),
            None => Ok(None),
        };
    };
    let chart = match (tornado, axes.is_empty()) {
        (Some((cell, _, span)), true) if show.is_empty() => Chart::Tornado { cell, span },
        (Some((_, span, _)), _) => return Err(PlotError::SweepAndTornado { span }),
        (None, false) => Chart::Sweep { axes, show },
        (None, true) => return Err(PlotError::BlockWithoutChart { span }),
    };
    Ok(Some(DocumentPlot { file, span, chart }))
}

/// The `key=value` words of an info string.
fn options(info: &str, base: usize) -> Result<Vec<BlockOption<'_>>, PlotError> {
    let mut options = Vec::new();
    let mut rest = info;
    loop {
        let trimmed = rest.trim_start();
        if trimmed.is_empty() {
            return Ok(options);
        }
        let start = info.len() - trimmed.len();
        let key_len = trimmed
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(trimmed.len());
        let key = &trimmed[..key_len];
        let key_span = Span::new(base + start, base + start + key_len);
        let Some(after) = trimmed[key_len..].strip_prefix('=') else {
            // A bare word is another tool's (`llmc title`), unless it is
            // one of ours missing its value.
            if OPTIONS.contains(&key) {
                return Err(PlotError::OptionWithoutValue {
                    span: key_span,
                    key: key.to_string(),
                });
            }
            rest = &trimmed[key_len..];
            continue;
        };
        let value_start = start + key_len + 1;
        let (value, len) = match after.strip_prefix('"') {
            Some(quoted) => {
                let (value, len) = unquote(quoted).ok_or(PlotError::UnclosedQuote {
                    span: Span::new(base + value_start, base + value_start + 1),
                })?;
                (value, len + 1)
            }
            None => {
                let len = after.find(char::is_whitespace).unwrap_or(after.len());
                (after[..len].to_string(), len)
            }
        };
        options.push(BlockOption {
            key,
            key_span,
            value,
            value_span: Span::new(base + value_start, base + value_start + len),
        });
        rest = &info[value_start + len..];
    }
}

/// A quoted string's text after its opening quote: the value and how many
/// bytes it took, closing quote included; `None` when it is not closed.
fn unquote(text: &str) -> Option<(String, usize)> {
    let mut value = String::new();
    let mut chars = text.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => return Some((value, at + 1)),
            '\\' => match chars.next() {
                Some((_, escaped @ ('"' | '\\'))) => value.push(escaped),
                Some((_, other)) => {
                    value.push('\\');
                    value.push(other);
                }
                None => return None,
            },
            c => value.push(c),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_words_or_quoted_strings() {
        let doc = "```llmc plot=a.svg sweep=\"x=1 GPU, 2 GPU\" sweep=y=3,4 show=z\nz = 1\n```\n";
        let plots = document_plots(doc).unwrap();
        assert_eq!(plots.len(), 1);
        assert_eq!(plots[0].file, "a.svg");
        assert_eq!(&doc[plots[0].span.start..plots[0].span.end], "a.svg");
        let Chart::Sweep { axes, show } = &plots[0].chart else {
            panic!("a sweep");
        };
        assert_eq!(axes[0].values, vec!["1 GPU", "2 GPU"]);
        assert_eq!(axes[1].name, "y");
        assert_eq!(show[0].names[0].0, "z");
    }

    #[test]
    fn blocks_without_options_ask_for_nothing() {
        assert_eq!(document_plots("```llmc\na = 1\n```\n"), Ok(Vec::new()));
        assert_eq!(
            document_plots("```llmc title lang=\"x\"\na = 1\n```\n"),
            Ok(Vec::new())
        );
        assert_eq!(document_plots("```llmc plot\n```\n").unwrap_err().len(), 1);
        assert_eq!(
            document_plots("```llmc plott=a.svg\n```\n")
                .unwrap_err()
                .len(),
            1
        );
    }

    #[test]
    fn quotes_escape_quotes_and_backslashes() {
        assert_eq!(
            unquote(r#"a \"b\" \\ c" rest"#),
            Some((r#"a "b" \ c"#.into(), 13))
        );
        assert_eq!(unquote("open"), None);
    }
}
