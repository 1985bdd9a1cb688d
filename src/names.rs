//! What a name in a session is, for completion and highlighting: the REPL
//! asks here instead of reaching into the stages.

use crate::eval::builtins;
use crate::eval::plan::RangeEnd;
use crate::eval::value::{AcceleratorMember, ClusterMember, Value};
use crate::knowledge::model::ModelField;
use crate::knowledge::model_presets::{preset, preset_names};
use crate::knowledge::{builtin_accelerator, builtin_accelerator_names};
use crate::session::Session;
use crate::syntax::ast::StatementKind;
use crate::syntax::lexicon;
use crate::units::Units;
use crate::vocabulary::Named;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameClass {
    Keyword,
    Cell,
    Constant,
    Function,
    Accelerator,
    Model,
    Unit,
    Unknown,
}

/// Keywords and reserved words: what completion offers and the
/// highlighter colours as keywords.
fn keywords() -> impl Iterator<Item = &'static str> {
    let reserved = lexicon::RESERVED.iter().map(|r| r.word);
    lexicon::KEYWORDS.into_iter().chain(reserved)
}

fn defined(session: &Session) -> impl Iterator<Item = (&str, NameClass)> {
    session.statements.iter().filter_map(|s| match &s.kind {
        StatementKind::Cell { name, .. } => Some((name.name.as_str(), NameClass::Cell)),
        StatementKind::Model(r) => Some((r.name.name.as_str(), NameClass::Model)),
        StatementKind::Accelerator(r) => Some((r.name.name.as_str(), NameClass::Accelerator)),
        StatementKind::Function { name, .. } => Some((name.name.as_str(), NameClass::Function)),
        StatementKind::Unit { name, .. } => Some((name.name.as_str(), NameClass::Unit)),
        _ => None,
    })
}

/// What `word` names here, in the order a bare name resolves.
pub(crate) fn classify(session: &Session, word: &str) -> NameClass {
    if keywords().any(|k| k == word) {
        return NameClass::Keyword;
    }
    if let Some((_, class)) = defined(session).find(|(n, _)| *n == word) {
        return class;
    }
    if session.constants.iter().any(|(n, _)| n == word) {
        return NameClass::Constant;
    }
    builtin_class(word)
}

/// What `word` names among the keywords and built-ins, for a caller that
/// has looked it up among a session's own definitions already (the
/// language server's index: [`classify`] scans every statement).
pub fn builtin_class(word: &str) -> NameClass {
    if keywords().any(|k| k == word) {
        return NameClass::Keyword;
    }
    if builtins::find(word).is_some() {
        return NameClass::Function;
    }
    if builtin_accelerator(word).is_some() {
        return NameClass::Accelerator;
    }
    if preset(word).is_some() {
        return NameClass::Model;
    }
    if Units::default().is_unit(word) {
        return NameClass::Unit;
    }
    NameClass::Unknown
}

/// Every name that could follow: cells, constants, functions,
/// accelerators, models, units and keywords, sorted and deduplicated.
pub(crate) fn names(session: &Session) -> Vec<String> {
    let mut names: Vec<String> = defined(session).map(|(n, _)| n.to_string()).collect();
    names.extend(session.constants.iter().map(|(n, _)| n.clone()));
    names.extend(builtins::names().map(str::to_string));
    names.extend(builtin_accelerator_names().map(str::to_string));
    names.extend(preset_names().map(str::to_string));
    names.extend(Units::default().all_names().map(str::to_string));
    names.extend(keywords().map(str::to_string));
    names.sort();
    names.dedup();
    names
}

/// Members that may follow `target.` (an accelerator, a cluster, a model,
/// a function's result or a range cell, by name).
pub(crate) fn members_of(session: &Session, target: &str) -> Vec<&'static str> {
    let (value, ranged) = match classify(session, target) {
        NameClass::Cell | NameClass::Model | NameClass::Accelerator | NameClass::Constant => {
            let sheet = session.evaluate();
            let cell = sheet.cell(target);
            let value = cell.and_then(|c| c.outcome.value().cloned()).or_else(|| {
                session
                    .constants
                    .iter()
                    .find(|(n, _)| n == target)
                    .map(|(_, v)| v.clone())
            });
            (value, cell.is_some_and(|c| c.range.is_some()))
        }
        _ => (None, false),
    };
    members(value.as_ref(), ranged, target)
}

/// Members that may follow `target.`, given the value it has (if any) and
/// whether ranges feed it (then `.low`, `.high`, `.mid` come first).
pub(crate) fn members(value: Option<&Value>, ranged: bool, target: &str) -> Vec<&'static str> {
    let is_accelerator = builtin_accelerator(target).is_some();
    let own = match value {
        Some(Value::Cluster(_)) => ClusterMember::NAMES.to_vec(),
        Some(Value::Accelerator(_)) => AcceleratorMember::NAMES.to_vec(),
        Some(Value::Model(_)) => ModelField::NAMES.to_vec(),
        Some(Value::Breakdown(b)) => b.parts.iter().map(|(n, _)| *n).collect(),
        Some(_) => Vec::new(),
        None if is_accelerator => AcceleratorMember::NAMES.to_vec(),
        None if preset(target).is_some() => ModelField::NAMES.to_vec(),
        None => Vec::new(),
    };
    let ends = if ranged { RangeEnd::NAMES } else { &[] };
    ends.iter().copied().chain(own).collect()
}

/// What each keyword does, for `:help`.
const KEYWORD_HELP: [(&str, &str); 7] = [
    (
        "assert",
        "`assert LEFT OP RIGHT [, \"message\"]` checks a comparison; a failed assert makes llmc exit 1",
    ),
    (
        "unit",
        "`unit NAME = EXPR` defines a unit from others; `unit NAME` a new dimension",
    ),
    (
        "accelerator",
        "`accelerator NAME { bf16 = 500 TFLOPS; memory = 96 GB; … }` describes one device",
    ),
    (
        "model",
        "`model NAME { params = …; layers = …; … }` describes an architecture",
    ),
    ("fn", "`fn name(a, b) = expr` defines a function"),
    (
        "x",
        "the cluster operator: `COUNT x ACCELERATOR[:PRECISION] [@ UTILISATION]`",
    ),
    ("to", "conversion, like `->`: `time to days`"),
];

pub(crate) fn help_text(session: &Session, name: &str) -> Option<String> {
    use crate::format::{accelerators, show_value};
    let value_of = |name: &str| {
        let sheet = session.evaluate();
        let cell = sheet.cell(name)?;
        let value = cell.outcome.value()?;
        Some(show_value(value, cell.shown.as_deref(), 3, &sheet.user_bases).text)
    };
    Some(match classify(session, name) {
        NameClass::Keyword => {
            let (_, text) = KEYWORD_HELP.iter().find(|(k, _)| *k == name)?;
            format!("{name}: {text}\n")
        }
        NameClass::Cell | NameClass::Model if session.definition_text(name).is_some() => {
            let definition = session.definition_text(name)?;
            match value_of(name) {
                Some(value) => format!("{definition}\n  = {value}\n"),
                None => format!("{definition}\n"),
            }
        }
        NameClass::Function | NameClass::Accelerator | NameClass::Unit
            if session.definition_text(name).is_some() =>
        {
            format!("{}\n", session.definition_text(name)?)
        }
        NameClass::Constant => {
            let (_, value) = session.constants.iter().find(|(n, _)| n == name)?;
            format!(
                "{name}: the last result, {}\n",
                show_value(value, None, 3, &[]).text
            )
        }
        NameClass::Function => {
            let builtin = builtins::find(name)?;
            format!(
                "{}\n  {}\n  source: {}\n",
                builtin.signature(),
                builtin.summary,
                builtin.source
            )
        }
        NameClass::Accelerator => accelerators::detail(builtin_accelerator(name)?),
        NameClass::Model => {
            let model = preset(name)?;
            let shown = show_value(&Value::Model(std::sync::Arc::new(model)), None, 3, &[]).text;
            format!("{name}: a built-in model, {shown}\n")
        }
        NameClass::Unit => {
            let unit = Units::default().lookup(name)?;
            let base = unit.dim.to_unit_string(&[]);
            let dimension = unit.dim.common_name().unwrap_or(&base);
            // The exact factor: `1 h = 3600 s`, `1 % = 0.01`.
            let size = if unit.dim.is_none() {
                format!("{}", unit.factor)
            } else {
                format!("{} {base}", unit.factor)
            };
            format!("{name}: a unit of {dimension}; 1 {name} = {size}\n")
        }
        NameClass::Cell | NameClass::Unknown => return None,
    })
}
