//! The `llmc` binary: parses the command line and hands each job to the
//! library's `Session`.

/// Prints to stdout through [`output`], which remembers a failed write and
/// drops output quietly once the reader has gone.
macro_rules! out {
    ($($arg:tt)*) => {
        crate::output::print(format_args!($($arg)*))
    };
}

macro_rules! outln {
    () => {
        crate::output::print(format_args!("\n"))
    };
    ($($arg:tt)*) => {{
        crate::output::print(format_args!($($arg)*));
        crate::output::print(format_args!("\n"));
    }};
}

mod args;
mod doc;
mod doc_plots;
mod fmt;
mod output;
mod plot;
mod progress;
mod repl;
mod sweep;
mod tornado;

use std::io::{IsTerminal, Read, Write};
use std::path::Path;
use std::process::ExitCode;

use clap::Parser;
use llmc::whatif::Assignment;
use llmc::{Render, Session, Sheet, Style, format};

use args::{Cli, Command, Format, OutputArgs};

/// Generous stack for evaluation, whatever the platform's main thread has.
const STACK_BYTES: usize = 64 * 1024 * 1024;

fn main() -> ExitCode {
    output::check_open();
    let cli = Cli::parse();
    let worker = std::thread::Builder::new()
        .stack_size(STACK_BYTES)
        .spawn(move || run(cli))
        .expect("spawning the evaluation thread");
    worker.join().unwrap_or(ExitCode::from(101))
}

fn run(cli: Cli) -> ExitCode {
    let outcome = match cli.command {
        Some(Command::Run {
            files,
            output,
            sets,
            sweeps,
            show,
            max_points,
            annotate,
            tornado,
            plot,
        }) => {
            let plot = plot.as_deref().map(|text| plot::Target { text });
            if let Some(target) = &plot {
                if let Err(error) =
                    target.check_usage(&files, !sweeps.is_empty(), tornado.is_some())
                {
                    target.report(error);
                    return ExitCode::from(2);
                }
                if let Err(error) = target.check_writable() {
                    target.report(error);
                    return ExitCode::from(1);
                }
            }
            if let Some(cell) = tornado {
                tornado::tornado_files(&files, &output, &sets, &cell, plot.as_ref())
            } else if annotate {
                doc::annotate_files(&files, output.digits)
            } else if !sweeps.is_empty() {
                let request = sweep::SweepRequest {
                    axes: &sweeps,
                    show: &show,
                    max_points,
                    plot,
                };
                sweep::sweep_files(&files, &output, &sets, &request)
            } else {
                run_files(&files, &output, &sets)
            }
        }
        Some(Command::Doc {
            files,
            check,
            digits,
        }) => doc::doc(&files, check, digits),
        Some(Command::Fmt { files, check }) => fmt::fmt(&files, check),
        Some(Command::Completions { shell }) => {
            let mut command = <Cli as clap::CommandFactory>::command();
            // Generated into memory: clap_complete panics on a closed pipe.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command, "llmc", &mut script);
            output::write_bytes(&script);
            Ok(true)
        }
        Some(Command::Man) => manual(),
        Some(Command::Lsp) => llmc::lsp::serve_stdio().map(|()| true),
        Some(Command::Eval { source, output }) => eval(&source, &output),
        Some(Command::Check { files }) => check(&files),
        Some(Command::Gpus { filter, format }) => gpus(filter.as_deref(), format),
        None if std::io::stdin().is_terminal() => {
            repl::run(color_for(std::io::stdout().is_terminal()))
        }
        None => stdin_script(),
    };
    let outcome = match (outcome, output::finish()) {
        (Ok(_), Err(message)) => Err(message),
        (outcome, _) => outcome,
    };
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}

fn color_for(stream_is_terminal: bool) -> bool {
    stream_is_terminal
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::env::var("TERM").map_or(true, |t| t != "dumb")
}

pub(crate) fn style(output: &OutputArgs) -> Style {
    Style {
        digits: usize::from(output.digits),
        color: output.format == Format::Human && color_for(std::io::stdout().is_terminal()),
    }
}

/// The name diagnostics give a script.
fn source_name(path: &Path) -> String {
    if is_stdin(path) {
        "<stdin>".into()
    } else {
        path.display().to_string()
    }
}

fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// A file that llmc rewrites; standard input cannot be.
fn read_for_rewrite(path: &Path) -> Result<String, String> {
    if is_stdin(path) {
        return Err("`-` is standard input, which cannot be rewritten; name a file".into());
    }
    read(path)
}

/// A script's text; `-` is standard input, as for other command-line tools.
pub(crate) fn read(path: &Path) -> Result<String, String> {
    let bytes = if is_stdin(path) {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map(|_| bytes)
            .map_err(|e| {
                format!(
                    "cannot read standard input: {}",
                    lowercase_first(&e.to_string())
                )
            })?
    } else {
        std::fs::read(path).map_err(|e| {
            format!(
                "cannot read `{}`: {}",
                path.display(),
                lowercase_first(&e.to_string())
            )
        })?
    };
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
        format!(
            "cannot read `{}`: it is not UTF-8 text: byte 0x{:02X} at offset {at} (line {line}) is not valid UTF-8",
            source_name(path),
            bytes[at],
        )
    })
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
}

/// Prints diagnostics and warnings to stderr; true when there were no errors.
pub(crate) fn report_problems(sheet: &Sheet) -> bool {
    let render = Render {
        color: color_for(std::io::stderr().is_terminal()),
        ..Render::PLAIN
    };
    let source = sheet.source_text();
    let mut stderr = std::io::stderr().lock();
    for warning in &sheet.warnings {
        let _ = write!(
            stderr,
            "{}",
            render.render_in(warning.clone(), &source, &sheet.origins)
        );
    }
    for problem in &sheet.problems {
        let _ = write!(
            stderr,
            "{}",
            render.render_in(problem.clone(), &source, &sheet.origins)
        );
    }
    !sheet.has_errors()
}

fn print_sheet(sheet: &Sheet, output: &OutputArgs) {
    let style = style(output);
    match output.format {
        Format::Human => out!("{}", format::human::sheet(sheet, style)),
        Format::Json => output::write_buffered(|out| {
            format::json::write(sheet, style, &mut *out)?;
            writeln!(out)
        }),
        Format::Markdown => out!("{}", format::tabular::markdown(sheet, style)),
        Format::Csv => out!("{}", format::tabular::csv(sheet, style)),
    }
}

/// A script's session with `--set` overrides applied; `None` (reported)
/// when an override names no cell.
pub(crate) fn session_with_sets(path: &Path, source: &str, sets: &[Assignment]) -> Option<Session> {
    let mut session = Session::from_source(source_name(path), source);
    match session.set_cells(sets) {
        Ok(()) => Some(session),
        Err(sheet) => {
            report_problems(&sheet);
            None
        }
    }
}

fn run_files(
    files: &[std::path::PathBuf],
    output: &OutputArgs,
    sets: &[Assignment],
) -> Result<bool, String> {
    let mut all_ok = true;
    let several_as_one = files.len() > 1 && matches!(output.format, Format::Json | Format::Csv);
    let mut sheets = Vec::new();
    for (i, path) in files.iter().enumerate() {
        let source = match read(path) {
            Ok(source) => source,
            Err(message) => {
                eprintln!("error: {message}");
                all_ok = false;
                continue;
            }
        };
        if files.len() > 1 && matches!(output.format, Format::Human | Format::Markdown) {
            if i > 0 {
                outln!();
            }
            outln!("# {}", path.display());
        }
        let Some(session) = session_with_sets(path, &source, sets) else {
            all_ok = false;
            continue;
        };
        drop(source); // the session holds the text
        let sheet = session.into_sheet();
        if !several_as_one {
            print_sheet(&sheet, output);
        }
        all_ok &= report_problems(&sheet);
        if several_as_one {
            sheets.push(sheet);
        } else {
            left_to_exit(sheet);
        }
    }
    // Several files in a machine format make one document: a JSON object
    // with each file's sheet under its name, one CSV with a `file` column.
    if several_as_one {
        let style = style(output);
        if output.format == Format::Json {
            let by_file: serde_json::Map<String, serde_json::Value> = sheets
                .iter()
                .map(|sheet| (sheet.name.clone(), format::json::sheet(sheet, style)))
                .collect();
            outln!(
                "{}",
                serde_json::to_string_pretty(&serde_json::Value::Object(by_file)).expect("JSON")
            );
        } else {
            let sheets: Vec<&Sheet> = sheets.iter().collect();
            out!("{}", format::tabular::csv_files(&sheets, style));
        }
    }
    Ok(all_ok)
}

fn eval(source: &str, output: &OutputArgs) -> Result<bool, String> {
    let sheet = Session::from_source("<eval>", source).evaluate();
    let only_expressions = sheet
        .cells
        .iter()
        .all(|c| c.kind == llmc::CellKind::Expression);
    if output.format == Format::Human && only_expressions {
        let style = style(output);
        for cell in &sheet.cells {
            if let Some(text) = format::show_cell_with_note(cell, style.digits, &sheet.user_bases) {
                outln!("{text}");
            }
        }
        if !sheet.asserts.is_empty() {
            out!(
                "{}",
                format::human::sheet(
                    &Sheet {
                        cells: Vec::new(),
                        ..sheet.clone()
                    },
                    style
                )
            );
        }
    } else {
        print_sheet(&sheet, output);
    }
    Ok(report_problems(&sheet))
}

/// A sheet (and a session) is not freed: the process exits soon after,
/// and freeing 10,000 cells one allocation at a time costs about a tenth of
/// the run, where the OS reclaims the memory at once.
fn left_to_exit<T>(value: T) {
    std::mem::forget(value);
}

fn check(files: &[std::path::PathBuf]) -> Result<bool, String> {
    let mut all_ok = true;
    for path in files {
        match read(path) {
            Ok(source) => {
                let session = Session::from_source(source_name(path), &source);
                drop(source); // the session holds the text
                let sheet = session.into_sheet();
                all_ok &= report_problems(&sheet);
                left_to_exit(sheet);
            }
            Err(message) => {
                eprintln!("error: {message}");
                all_ok = false;
            }
        }
    }
    Ok(all_ok)
}

fn gpus(filter: Option<&str>, table_format: Format) -> Result<bool, String> {
    use llmc::knowledge;
    if let Some(name) = filter
        && let Some(chip) = knowledge::builtin_accelerator(name)
        && table_format == Format::Human
    {
        out!("{}", format::accelerators::detail(chip));
        return Ok(true);
    }
    // A chip named exactly is that chip in every format, as in the human
    // one; anything else filters by name or vendor.
    let chips = match filter {
        Some(f) => match knowledge::builtin_accelerator(f) {
            Some(chip) => vec![chip],
            None => knowledge::matching_accelerators(f),
        },
        None => knowledge::all_accelerators(),
    };
    if chips.is_empty() {
        let filter = filter.unwrap_or_default();
        let hint = knowledge::suggest_accelerator(filter)
            .map(|near| format!("; did you mean `{near}`?"))
            .unwrap_or_default();
        return Err(format!(
            "no accelerator matches `{filter}`{hint} (`llmc gpus` lists them all)"
        ));
    }
    match table_format {
        Format::Human => out!("{}", format::accelerators::table(&chips)),
        Format::Markdown => out!("{}", format::accelerators::markdown(&chips)),
        Format::Csv => out!("{}", format::accelerators::csv(&chips)),
        Format::Json => outln!(
            "{}",
            serde_json::to_string_pretty(&format::accelerators::json(&chips)).expect("JSON")
        ),
    }
    Ok(true)
}

/// `llmc man`: the manual page: clap_mangen's sections for `llmc`, then a
/// COMMANDS section with every command's synopsis, description and options
/// (instead of pointers to `llmc-run(1)` pages that are not installed).
fn manual() -> Result<bool, String> {
    let command = <Cli as clap::CommandFactory>::command();
    let mut page = Vec::new();
    let man = clap_mangen::Man::new(command.clone());
    man.render_title(&mut page)
        .and_then(|()| man.render_name_section(&mut page))
        .and_then(|()| man.render_synopsis_section(&mut page))
        .and_then(|()| man.render_description_section(&mut page))
        .and_then(|()| man.render_options_section(&mut page))
        .map_err(|e| format!("cannot render the manual: {e}"))?;
    let mut text = String::from_utf8_lossy(&page).into_owned();
    text.push_str(".SH COMMANDS\n");
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        let usage = sub
            .clone()
            .bin_name(format!("llmc {}", sub.get_name()))
            .render_usage();
        let usage = usage.to_string();
        let usage = usage.trim_start_matches("Usage: ");
        text.push_str(&format!(".SS \"{}\"\n", roff_escape(usage)));
        if let Some(about) = sub.get_about() {
            text.push_str(&format!("{}\n", roff_escape(&about.to_string())));
        }
        for arg in sub.get_arguments().filter(|a| a.get_id() != "help") {
            let mut names: Vec<String> = Vec::new();
            if let Some(short) = arg.get_short() {
                names.push(format!("-{short}"));
            }
            if let Some(long) = arg.get_long() {
                names.push(format!("--{long}"));
            }
            let value = arg
                .get_value_names()
                .map(|v| {
                    v.iter()
                        .map(|n| n.to_string())
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .unwrap_or_default();
            let term = match (names.is_empty(), arg.get_action().takes_values()) {
                (true, _) => format!("\\fI{}\\fR", roff_escape(&value)),
                (false, true) => format!(
                    "\\fB{}\\fR \\fI{}\\fR",
                    roff_escape(&names.join(", ")),
                    roff_escape(&value)
                ),
                (false, false) => format!("\\fB{}\\fR", roff_escape(&names.join(", "))),
            };
            let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
            text.push_str(&format!(".TP\n{term}\n{}\n", roff_escape(&help)));
        }
    }
    page.clear();
    man.render_extra_section(&mut page)
        .and_then(|()| man.render_version_section(&mut page))
        .map_err(|e| format!("cannot render the manual: {e}"))?;
    text.push_str(&String::from_utf8_lossy(&page));
    output::write_bytes(text.as_bytes());
    Ok(true)
}

/// Text as roff prints it: backslashes and minus signs escaped, and no line
/// starting with a control character.
fn roff_escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => escaped.push_str("\\e"),
            '-' => escaped.push_str("\\-"),
            c if c.is_ascii() => escaped.push(c),
            c => escaped.push_str(&format!("\\[u{:04X}]", u32::from(c))),
        }
    }
    escaped
        .lines()
        .map(|line| {
            if line.starts_with(['.', '\'']) {
                format!("\\&{line}")
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn stdin_script() -> Result<bool, String> {
    let source = read(Path::new("-"))?;
    let sheet = Session::from_source("<stdin>", &source).evaluate();
    print_sheet(
        &sheet,
        &OutputArgs {
            format: Format::Human,
            digits: 3,
        },
    );
    Ok(report_problems(&sheet))
}
