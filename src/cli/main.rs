//! The `llmc` binary: parses the command line and hands each job to the
//! library's `Session`.

/// Prints to stdout. A closed pipe (`llmc run … | head`) is not an error:
/// the rest of the output is dropped quietly instead of panicking.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout().lock(), $($arg)*);
    }};
}

macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

mod args;
mod doc;
mod fmt;
mod repl;
mod sweep;

use std::io::{IsTerminal, Read, Write};
use std::path::Path;
use std::process::ExitCode;

use clap::Parser;
use llmc::{Render, Session, Sheet, Style, format};

use args::{Cli, Command, Format, OutputArgs};

/// Generous stack for evaluation, whatever the platform's main thread has.
const STACK_BYTES: usize = 64 * 1024 * 1024;

fn main() -> ExitCode {
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
            annotate,
        }) => {
            if annotate {
                doc::annotate_files(&files, output.digits)
            } else if !sweeps.is_empty() {
                sweep::sweep_files(&files, &output, &sets, &sweeps, &show)
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
        Some(Command::Eval { source, output }) => eval(&source, &output),
        Some(Command::Check { files }) => check(&files),
        Some(Command::Gpus { filter, format }) => gpus(filter.as_deref(), format),
        None if std::io::stdin().is_terminal() => {
            repl::run(color_for(std::io::stdout().is_terminal()))
        }
        None => stdin_script(),
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

fn style(output: &OutputArgs) -> Style {
    Style {
        digits: usize::from(output.digits),
        color: output.format == Format::Human && color_for(std::io::stdout().is_terminal()),
    }
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| {
        format!(
            "cannot read `{}`: {}",
            path.display(),
            lowercase_first(&e.to_string())
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
fn report_problems(sheet: &Sheet) -> bool {
    let render = Render {
        color: color_for(std::io::stderr().is_terminal()),
        ..Render::PLAIN
    };
    let mut stderr = std::io::stderr().lock();
    for warning in &sheet.warnings {
        let _ = write!(
            stderr,
            "{}",
            render.render(warning.clone(), &sheet.name, &sheet.source)
        );
    }
    for problem in &sheet.problems {
        let _ = write!(
            stderr,
            "{}",
            render.render(problem.clone(), &sheet.name, &sheet.source)
        );
    }
    !sheet.has_errors()
}

fn print_sheet(sheet: &Sheet, output: &OutputArgs) {
    let style = style(output);
    match output.format {
        Format::Human => out!("{}", format::human::sheet(sheet, style)),
        Format::Json => outln!(
            "{}",
            serde_json::to_string_pretty(&format::json::sheet(sheet, style)).expect("JSON")
        ),
        Format::Markdown => out!("{}", format::tabular::markdown(sheet, style)),
        Format::Csv => out!("{}", format::tabular::csv(sheet, style)),
    }
}

/// A script's session with `--set` overrides applied; `Err` is the message
/// for an override naming no cell.
fn session_with_sets(
    path: &Path,
    source: &str,
    sets: &[(String, String)],
) -> Result<Session, String> {
    let mut session = Session::from_source(path.display().to_string(), source);
    for (name, expr) in sets {
        session.set_cell(name, expr)?;
    }
    Ok(session)
}

fn run_files(
    files: &[std::path::PathBuf],
    output: &OutputArgs,
    sets: &[(String, String)],
) -> Result<bool, String> {
    let mut all_ok = true;
    for (i, path) in files.iter().enumerate() {
        let source = match read(path) {
            Ok(source) => source,
            Err(message) => {
                eprintln!("error: {message}");
                all_ok = false;
                continue;
            }
        };
        if files.len() > 1 && output.format == Format::Human {
            if i > 0 {
                outln!();
            }
            outln!("# {}", path.display());
        }
        let session = match session_with_sets(path, &source, sets) {
            Ok(session) => session,
            Err(message) => {
                eprintln!("error: {message}");
                all_ok = false;
                continue;
            }
        };
        let sheet = session.evaluate();
        print_sheet(&sheet, output);
        all_ok &= report_problems(&sheet);
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
            if let Some(value) = cell.outcome.value() {
                outln!(
                    "{}",
                    format::show_value(value, cell.shown.as_ref(), style.digits, &sheet.user_bases)
                        .text
                );
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

fn check(files: &[std::path::PathBuf]) -> Result<bool, String> {
    let mut all_ok = true;
    for path in files {
        match read(path) {
            Ok(source) => {
                let sheet = Session::from_source(path.display().to_string(), &source).evaluate();
                all_ok &= report_problems(&sheet);
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
    let chips = match filter {
        Some(f) => knowledge::matching_accelerators(f),
        None => knowledge::all_accelerators(),
    };
    if chips.is_empty() {
        let names: Vec<&str> = knowledge::builtin_accelerator_names().collect();
        let filter = filter.unwrap_or_default();
        let hint = llmc::suggest::closest(filter, names)
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

fn stdin_script() -> Result<bool, String> {
    let mut source = String::new();
    std::io::stdin()
        .read_to_string(&mut source)
        .map_err(|e| format!("cannot read standard input: {e}"))?;
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
