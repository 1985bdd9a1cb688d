//! The interactive REPL (SPEC §5): rustyline over the library's `Session`.
//! Each line is entered on a copy of the session and kept only if nothing
//! went wrong, so a failed line leaves no half-made state.

mod commands;
mod helper;
mod highlight;

use std::path::{Path, PathBuf};

use llmc::{CellKind, Preview, Problem, Render, Session, Sheet, Span, Style, format};
use rustyline::Editor;
use rustyline::config::{ColorMode, CompletionType, Config};
use rustyline::error::ReadlineError;
use rustyline::history::DefaultHistory;

use commands::Command;
use helper::ReplHelper;

const PROMPT: &str = "> ";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// Where history is kept: `LLMC_HISTORY`, else the platform's data
/// directory (`$XDG_DATA_HOME/llmc/history` on Linux).
fn history_path() -> Option<PathBuf> {
    match std::env::var_os("LLMC_HISTORY") {
        Some(path) if !path.is_empty() => Some(PathBuf::from(path)),
        _ => dirs::data_dir().map(|dir| dir.join("llmc").join("history")),
    }
}

struct Repl {
    editor: Editor<ReplHelper, DefaultHistory>,
    color: bool,
    /// The sheet of the session as it stands, to show what a line changed.
    sheet: Sheet,
    /// Where each entered line or loaded file starts in the session's
    /// source, with the name its diagnostics carry (`<repl>`, the file).
    parts: Vec<(usize, String)>,
}

pub fn run(color: bool) -> Result<bool, String> {
    let config = Config::builder()
        .auto_add_history(false)
        .completion_type(CompletionType::List)
        .color_mode(if color {
            ColorMode::Enabled
        } else {
            ColorMode::Disabled
        })
        .build();
    let mut editor: Editor<ReplHelper, DefaultHistory> =
        Editor::with_config(config).map_err(|e| format!("cannot start the REPL: {e}"))?;
    let session = Session::new("<repl>");
    let sheet = session.evaluate();
    let preview = Preview::new(&session, &sheet);
    editor.set_helper(Some(ReplHelper {
        session,
        preview,
        color,
    }));
    let history = history_path();
    if let Some(path) = &history {
        // A missing history file is the normal first run.
        let _ = editor.load_history(path);
    }
    println!(
        "llmc {} — :help for help, :quit or Ctrl-D to leave",
        env!("CARGO_PKG_VERSION")
    );
    let mut repl = Repl {
        editor,
        color,
        sheet,
        parts: Vec::new(),
    };
    repl.run_loop()?;
    if let Some(path) = &history {
        save_history(&mut repl.editor, path);
    }
    Ok(true)
}

fn save_history(editor: &mut Editor<ReplHelper, DefaultHistory>, path: &Path) {
    let result = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .map_err(|e| e.to_string())
        .and_then(|()| editor.save_history(path).map_err(|e| e.to_string()));
    if let Err(error) = result {
        eprintln!(
            "warning: cannot save history to {}: {error}",
            path.display()
        );
    }
}

impl Repl {
    fn session(&self) -> &Session {
        &self.editor.helper().expect("a helper is set").session
    }

    fn set_session(&mut self, session: Session) {
        self.sheet = session.evaluate();
        let helper = self.editor.helper_mut().expect("a helper is set");
        helper.preview = Preview::new(&session, &self.sheet);
        helper.session = session;
    }

    fn run_loop(&mut self) -> Result<(), String> {
        loop {
            match self.editor.readline(PROMPT) {
                Ok(line) => {
                    if line.trim().is_empty() {
                        continue;
                    }
                    let _ = self.editor.add_history_entry(line.as_str());
                    let bare = commands::bare_word(&line)
                        .filter(|_| !self.session().cell_names().iter().any(|n| n == line.trim()));
                    if let Some(command) = bare {
                        match command {
                            Command::Quit => return Ok(()),
                            command => self.command(command),
                        }
                    } else if line.trim_start().starts_with(':') {
                        match commands::parse(&line) {
                            Ok(Command::Quit) => return Ok(()),
                            Ok(command) => self.command(command),
                            Err(message) => eprintln!("{message}"),
                        }
                    } else {
                        self.enter(&line, "<repl>");
                    }
                }
                // Ctrl-C clears the line; Ctrl-D leaves.
                Err(ReadlineError::Interrupted) => continue,
                Err(ReadlineError::Eof) => return Ok(()),
                Err(error) => return Err(format!("cannot read the line: {error}")),
            }
        }
    }

    fn dim(&self, text: &str) -> String {
        if self.color {
            format!("{DIM}{text}{RESET}")
        } else {
            text.to_string()
        }
    }

    /// The part of the session's source (`len` bytes) that `offset` is in:
    /// its byte range and the name to show.
    fn part_of(&self, len: usize, offset: usize) -> (Span, &str) {
        let index = self.parts.partition_point(|(start, _)| *start <= offset);
        let Some(index) = index.checked_sub(1) else {
            return (Span::new(0, len), "<repl>");
        };
        let (start, name) = &self.parts[index];
        let end = self.parts.get(index + 1).map_or(len, |(next, _)| *next);
        (Span::new(*start, end), name)
    }

    /// Warnings and the given problems, each against the line or file it is in.
    fn render_sheet(&self, sheet: &Sheet, problems: &[&Problem]) {
        let render = Render {
            color: self.color,
            ..Render::PLAIN
        };
        let source = sheet.source_text();
        for warning in &sheet.warnings {
            let (range, name) = self.part_of(sheet.source.len(), warning.span().start);
            eprint!(
                "{}",
                render.render_part(warning.clone(), name, &source, range)
            );
        }
        for problem in problems {
            let (range, name) = self.part_of(sheet.source.len(), problem.span().start);
            eprint!(
                "{}",
                render.render_part((*problem).clone(), name, &source, range)
            );
        }
    }

    /// Enters a line (or a loaded file, named `name`); prints its results,
    /// the cells it changed, the asserts it broke, or its errors.
    fn enter(&mut self, text: &str, name: &str) -> bool {
        let entry = self.session().enter(text);
        self.parts.push((entry.origin, name.to_string()));
        if !entry.ok {
            let problems: Vec<&Problem> = entry.sheet.problems.iter().collect();
            self.render_sheet(&entry.sheet, &problems);
            self.parts.pop();
            return false;
        }
        let style = Style::default();
        let show = |sheet: &Sheet, name: &str| format::show_cell(sheet, name, style);
        // In the order written, so a pasted block reads as it was typed.
        for cell in entry
            .sheet
            .cells
            .iter()
            .filter(|c| c.span.start >= entry.origin)
        {
            let Some(value) = cell.outcome.value() else {
                continue;
            };
            let mut text = format::show_ranged(
                value,
                cell.range.as_deref(),
                cell.shown.as_deref(),
                style.digits,
                &entry.sheet.user_bases,
            );
            if let Some(note) = format::cell_note(cell, style.digits) {
                text = format!("{text}   {}", self.dim(&note));
            }
            if cell.kind == CellKind::Expression {
                println!("= {text}");
            } else {
                println!("{} = {text}", cell.name);
            }
        }
        for cell in &entry.sheet.cells {
            if cell.span.start >= entry.origin {
                continue;
            }
            let (Some(now), Some(was)) = (
                show(&entry.sheet, &cell.name),
                show(&self.sheet, &cell.name),
            ) else {
                continue;
            };
            if now != was {
                println!(
                    "{}",
                    self.dim(&format!("  {} = {now}   (was {was})", cell.name))
                );
            }
        }
        let verdict_before = |assert: &llmc::AssertReport| {
            self.sheet
                .asserts
                .iter()
                .find(|a| a.span == assert.span)
                .and_then(|a| a.outcome.passed)
        };
        for assert in &entry.sheet.asserts {
            if assert.outcome.passed == Some(true) && verdict_before(assert) != Some(true) {
                println!("{}", self.dim(&format!("✓ assert {}", assert.text)));
            }
        }
        // An assert this line broke: the change stands, as in a spreadsheet,
        // and the assert shows why it fails.
        let broken: Vec<&Problem> = entry
            .sheet
            .problems
            .iter()
            .filter(|p| {
                entry.sheet.asserts.iter().any(|a| {
                    a.outcome.passed == Some(false)
                        && a.span.contains(p.span().start)
                        && verdict_before(a) != Some(false)
                })
            })
            .collect();
        self.render_sheet(&entry.sheet, &broken);
        self.set_session(entry.session);
        true
    }

    fn command(&mut self, command: Command) {
        match command {
            Command::Help(None) => print!("{}", commands::help()),
            Command::Help(Some(name)) => match commands::help_on(self.session(), name) {
                Ok(text) => print!("{text}"),
                Err(message) => eprintln!("{message}"),
            },
            Command::Gpus(filter) => {
                let chips = match filter {
                    Some(f) => match llmc::knowledge::builtin_accelerator(f) {
                        Some(chip) => return print!("{}", format::accelerators::detail(chip)),
                        None => llmc::knowledge::matching_accelerators(f),
                    },
                    None => llmc::knowledge::all_accelerators(),
                };
                if chips.is_empty() {
                    let filter = filter.unwrap_or_default();
                    let hint = llmc::knowledge::suggest_accelerator(filter)
                        .map(|near| format!("; did you mean `{near}`?"))
                        .unwrap_or_default();
                    eprintln!("no accelerator matches `{filter}`{hint}");
                } else {
                    print!("{}", format::accelerators::table(&chips));
                }
            }
            Command::Vars => {
                let style = Style {
                    color: self.color,
                    ..Style::default()
                };
                print!("{}", format::human::sheet(&self.sheet, style));
            }
            Command::Load(file) => match std::fs::read_to_string(file) {
                Ok(text) => {
                    if self.enter(&text, file) {
                        println!("{}", self.dim(&format!("loaded {file}")));
                    } else {
                        eprintln!(
                            "nothing was loaded: fix the errors in {file} and `:load` it again"
                        );
                    }
                }
                Err(error) => eprintln!("cannot read `{file}`: {error}"),
            },
            Command::Save(file) => {
                let script = self.session().to_script();
                match llmc::files::write_atomically(Path::new(file), &script) {
                    Ok(()) => println!(
                        "{}",
                        self.dim(&format!("saved {} lines to {file}", script.lines().count()))
                    ),
                    Err(error) => eprintln!("cannot write `{file}`: {error}"),
                }
            }
            Command::Reset => {
                self.set_session(Session::new("<repl>"));
                self.parts.clear();
                println!("{}", self.dim("the session is empty"));
            }
            Command::Quit => {}
        }
    }
}
