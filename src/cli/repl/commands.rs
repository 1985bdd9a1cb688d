//! The REPL's `:` commands.

/// Each command with what it does, for `:help` and completion.
pub const COMMANDS: &[(&str, &str)] = &[
    (
        ":help",
        "[NAME]  this help, or what a function, unit, accelerator or cell is",
    ),
    (
        ":gpus",
        "[filter]  the accelerator table, or one accelerator in full",
    ),
    (":vars", "the session's cells and their values"),
    (":load", "FILE  run a script into the session"),
    (
        ":save",
        "FILE  write the session's definitions as a script `llmc run` accepts",
    ),
    (":reset", "forget every definition"),
    (":quit", "leave (also Ctrl-D)"),
];

pub enum Command<'a> {
    Help(Option<&'a str>),
    Gpus(Option<&'a str>),
    Vars,
    Load(&'a str),
    Save(&'a str),
    Reset,
    Quit,
}

/// Parses a line starting with `:`; the error is the message to show.
pub fn parse(line: &str) -> Result<Command<'_>, String> {
    let line = line.trim();
    let (name, argument) = match line.split_once(char::is_whitespace) {
        Some((name, rest)) => (name, Some(rest.trim()).filter(|r| !r.is_empty())),
        None => (line, None),
    };
    let needs_file = |command: &str| {
        argument.ok_or_else(|| format!("`{command}` needs a file name: `{command} plan.llmc`"))
    };
    match name {
        ":help" | ":h" => Ok(Command::Help(argument)),
        ":gpus" => Ok(Command::Gpus(argument)),
        ":vars" => Ok(Command::Vars),
        ":load" => needs_file(":load").map(Command::Load),
        ":save" => needs_file(":save").map(Command::Save),
        ":reset" => Ok(Command::Reset),
        ":quit" | ":q" | ":exit" => Ok(Command::Quit),
        other => {
            let names = COMMANDS.iter().map(|(n, _)| *n);
            let hint = llmc::suggest::closest(other, names)
                .map(|n| format!("did you mean `{n}`? "))
                .unwrap_or_default();
            Err(format!(
                "unknown command `{other}`; {hint}`:help` lists the commands"
            ))
        }
    }
}

/// `help`, `quit` and `exit` typed without the colon, as numbat and fend
/// accept them (the REPL checks first that no cell has the name).
pub fn bare_word(line: &str) -> Option<Command<'_>> {
    match line.trim() {
        "help" => Some(Command::Help(None)),
        "quit" | "exit" => Some(Command::Quit),
        _ => None,
    }
}

/// `:help NAME`: the documentation of what `name` is here.
pub fn help_on(session: &llmc::Session, name: &str) -> Result<String, String> {
    if let Some((command, what)) = COMMANDS.iter().find(|(c, _)| *c == name) {
        return Ok(format!("{command} {what}\n"));
    }
    session.help_text(name).ok_or_else(|| {
        let names = session.names();
        let hint = llmc::suggest::closest(name, names.iter().map(String::as_str))
            .map(|n| format!("did you mean `{n}`? "))
            .unwrap_or_default();
        format!("`{name}` is not a function, unit, accelerator, model or cell here; {hint}`:help` lists the commands")
    })
}

pub fn help() -> String {
    let mut text = String::from(
        "Type a definition (`params = 405B params`) or an expression (`params * 2`); the value shows\n\
         as you type. Redefining a cell recomputes the cells that use it. `ans` and `_` are the last\n\
         result. An open bracket or brace continues on the next line. Tab completes names, units,\n\
         accelerators, functions and members after a `.`.\n\nCommands:\n",
    );
    for (name, what) in COMMANDS {
        text.push_str(&format!("  {name:<7} {what}\n"));
    }
    text.push_str("\nCtrl-C clears the line; Ctrl-D leaves.\n");
    text
}
