//! The command line (SPEC §4), defined with clap.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "llmc",
    version,
    about = "How long, and how much, to train this model? A unit-aware calculator for LLM training plans.",
    after_help = "With no command, llmc reads a script from standard input (or starts the REPL on a terminal).\n\nExamples:\n  llmc run examples/llama3-405b.llmc\n  llmc eval '6 FLOP/param/token * 405B params * 15.6T tokens'\n  llmc check plans/*.llmc"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Evaluate scripts and print each one's sheet
    Run {
        /// Scripts to evaluate; each is its own sheet
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Evaluate an expression, or a few `;`-separated statements
    Eval {
        /// For example '16000 x H100 @ 38%' or 'a = 2 h; a -> min'
        #[arg(value_name = "EXPR", allow_hyphen_values = true)]
        source: String,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Parse, check units and run asserts; print only problems
    Check {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// The accelerator table, or one accelerator in full
    Gpus {
        /// An accelerator's name (shows it in full), or part of names or vendors to filter by
        #[arg(value_name = "NAME")]
        filter: Option<String>,
        /// Output format
        #[arg(long, value_enum, default_value_t = TableFormat::Human)]
        format: TableFormat,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    Human,
    Json,
    Markdown,
    Csv,
}

#[derive(Debug, clap::Args)]
pub struct OutputArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Significant digits shown
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u8).range(1..=17), value_name = "N")]
    pub digits: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}
