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
    #[command(
        after_help = "Examples:\n  llmc run plan.llmc --set gpus=24000\n  llmc run plan.llmc --sweep gpus=8000,16000,24000 --sweep mfu=35%,40%,45% --show time,cost\n  llmc run plan.llmc --sweep gpus=8000,16000,24000 --sweep mfu=35%,45% --show cost --plot cost.svg\n  llmc run plan.llmc --tornado time --plot time.svg\n  llmc run plan.llmc --annotate"
    )]
    Run {
        /// Scripts to evaluate; each is its own sheet
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        #[command(flatten)]
        output: OutputArgs,
        /// Replace a cell's formula for this run (repeatable)
        #[arg(long = "set", value_name = "NAME=EXPR", conflicts_with = "annotate", value_parser = llmc::whatif::parse_assignment)]
        sets: Vec<llmc::whatif::Assignment>,
        /// Evaluate for every combination of values (repeatable; values are expressions split on commas outside brackets)
        #[arg(long = "sweep", value_name = "NAME=V1,V2,…", conflicts_with = "annotate", value_parser = llmc::whatif::parse_axis)]
        sweeps: Vec<llmc::whatif::Axis>,
        /// Cells to show in a sweep (default: every cell that depends on a swept one)
        #[arg(long, value_name = "A,B,…", requires = "sweeps", value_parser = llmc::whatif::parse_show)]
        show: Vec<llmc::whatif::ShowList>,
        /// Run a sweep of more than 1,000,000 points (the product of the axes' lengths)
        #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_POINTS, requires = "sweeps")]
        max_points: usize,
        /// Write each cell's value into the script as a trailing `# => value` comment
        #[arg(long, conflicts_with = "format")]
        annotate: bool,
        /// For a range cell, each input range's effect on it, widest first
        #[arg(long, value_name = "CELL", conflicts_with_all = ["annotate", "sweeps"])]
        tornado: Option<String>,
        /// Also draw the sweep (the first shown cell against the first swept one, a line per value of a second) or the tornado as an SVG chart
        #[arg(long, value_name = "FILE.svg", conflicts_with = "annotate")]
        plot: Option<String>,
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
    /// Evaluate the ```llmc blocks of Markdown documents and write each cell's value into its block
    #[command(
        after_help = "A block's info string may name a chart that `llmc doc` keeps drawn from the document's sheet (the file relative to the document; quote values with blanks):\n  ```llmc plot=plots/time.svg sweep=\"gpus=8000,16000,24000\" sweep=\"mfu=35%,45%\" show=time\n  ```llmc plot=plots/cost.svg tornado=cost\n`--check` also fails when a chart is stale or missing.\n\nExamples:\n  llmc doc plan.md\n  llmc doc --check docs/*.md"
    )]
    Doc {
        #[arg(required = true, value_name = "FILE.md")]
        files: Vec<PathBuf>,
        /// Change nothing; exit 1 if any value or chart is stale or any assert fails
        #[arg(long)]
        check: bool,
        /// Significant digits shown
        #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u8).range(1..=17), value_name = "N")]
        digits: u8,
    },
    /// Lay scripts and the ```llmc blocks of Markdown out canonically
    #[command(
        after_help = "Aligns the `=` of consecutive cells and their trailing comments, indents record fields, strips trailing blanks; never changes a value.\n\nExamples:\n  llmc fmt plan.llmc docs/plan.md\n  llmc fmt --check plans/*.llmc"
    )]
    Fmt {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Change nothing; list the files that would change and exit 1 if any would
        #[arg(long)]
        check: bool,
    },
    /// A language server on standard input and output, for editors (diagnostics, values as inlay hints, hover, completion, navigation, rename, outline, formatting, highlighting)
    Lsp,
    /// Print a shell's completion script (bash, zsh, fish, elvish, powershell)
    #[command(
        after_help = "Examples:\n  llmc completions bash > ~/.local/share/bash-completion/completions/llmc\n  llmc completions zsh > \"${fpath[1]}/_llmc\"\n  llmc completions fish > ~/.config/fish/completions/llmc.fish"
    )]
    Completions {
        #[arg(value_enum, value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `llmc man > llmc.1; man ./llmc.1`
    Man,
    /// The accelerator table, or one accelerator in full
    Gpus {
        /// An accelerator's name (shows it in full), or part of names or vendors to filter by
        #[arg(value_name = "NAME")]
        filter: Option<String>,
        /// Output format
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
}

/// Sweeps larger than this need `--max-points`: a million points take about
/// a second on two cores and print some 50 MB, more than anyone reads; an
/// axis too many (or a mistyped list) multiplies that into minutes of work,
/// which should be asked for, not stumbled into.
pub const DEFAULT_MAX_POINTS: usize = 1_000_000;

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
    Markdown,
    Csv,
}
