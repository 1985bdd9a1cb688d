//! The interactive REPL (SPEC §5): rustyline over the library's `Session`.
//! Each line is entered on a copy of the session and kept only if nothing
//! went wrong, so a failed line leaves no half-made state.

mod commands;
mod helper;
mod highlight;

use std::path::{Path, PathBuf};

use llmc::{Preview, Render, Session, Sheet, Style, format};
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
                    if line.trim_start().starts_with(':') {
                        match commands::parse(&line) {
                            Ok(Command::Quit) => return Ok(()),
                            Ok(command) => self.command(command),
                            Err(message) => eprintln!("{message}"),
                        }
                    } else {
                        self.enter(&line);
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

    fn render(&self, sheet: &Sheet) {
        let render = Render {
            color: self.color,
            context_lines: 0,
            ..Render::PLAIN
        };
        let source = sheet.source_text();
        for warning in &sheet.warnings {
            eprint!("{}", render.render_with(warning.clone(), &source));
        }
        for problem in &sheet.problems {
            eprint!("{}", render.render_with(problem.clone(), &source));
        }
    }

    /// Enters a line; prints its results, the cells it changed, or its errors.
    fn enter(&mut self, text: &str) -> bool {
        let entry = self.session().enter(text);
        if !entry.ok {
            self.render(&entry.sheet);
            return false;
        }
        let style = Style::default();
        let show = |sheet: &Sheet, name: &str| format::show_cell(sheet, name, style);
        for (_, value, shown, range) in &entry.values {
            let mut text = format::show_ranged(
                value,
                range.as_ref(),
                shown.as_ref(),
                style.digits,
                &entry.sheet.user_bases,
            );
            if let Some(note) = format::cluster_note(value, range.as_ref(), style.digits) {
                text = format!("{text}   {}", self.dim(&note));
            }
            println!("= {text}");
        }
        for name in &entry.defined {
            if let Some(value) = show(&entry.sheet, name) {
                println!("{name} = {value}");
            }
        }
        for cell in &entry.sheet.cells {
            if entry.defined.contains(&cell.name) {
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
        for assert in entry
            .sheet
            .asserts
            .iter()
            .filter(|a| a.outcome.passed == Some(true))
        {
            if !self.sheet.asserts.iter().any(|a| a.span == assert.span) {
                println!("{}", self.dim(&format!("✓ assert {}", assert.text)));
            }
        }
        self.render(&Sheet {
            problems: Vec::new(),
            ..entry.sheet.clone()
        });
        self.set_session(entry.session);
        true
    }

    fn command(&mut self, command: Command) {
        match command {
            Command::Help => print!("{}", commands::help()),
            Command::Gpus(filter) => {
                let chips = match filter {
                    Some(f) => match llmc::knowledge::builtin_accelerator(f) {
                        Some(chip) => return print!("{}", format::accelerators::detail(chip)),
                        None => llmc::knowledge::matching_accelerators(f),
                    },
                    None => llmc::knowledge::all_accelerators(),
                };
                if chips.is_empty() {
                    eprintln!("no accelerator matches `{}`", filter.unwrap_or_default());
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
                    if self.enter(&text) {
                        println!("{}", self.dim(&format!("loaded {file}")));
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
                println!("{}", self.dim("the session is empty"));
            }
            Command::Quit => {}
        }
    }
}
