//! SPEC §7: no input makes llmc panic or hang. Random text (any Unicode, a
//! soup of the language's own words, mutated example scripts, generated
//! programs, REPL lines) goes through the whole pipeline and every way a
//! frontend shows the result.

mod common;

use common::fuzz::{config, exercise, fuzz};
use common::generators::{any_text, edits, example_scripts, mutate, program, soup};
use llmc::eval::Outcome;
use llmc::{Session, Sheet};
use proptest::prelude::*;

proptest! {
    #![proptest_config(config(1000))]

    #[test]
    fn any_text_is_handled(source in any_text()) {
        fuzz(&source);
    }
}

proptest! {
    #![proptest_config(config(2000))]

    #[test]
    fn a_soup_of_the_language_is_handled(source in soup()) {
        fuzz(&source);
    }
}

proptest! {
    #![proptest_config(config(600))]

    #[test]
    fn mutated_examples_are_handled(
        which in any::<prop::sample::Index>(),
        edits in edits(),
    ) {
        let script = which.get(example_scripts());
        fuzz(&mutate(script, &edits));
    }

    #[test]
    fn generated_programs_are_handled(source in program()) {
        fuzz(&source);
    }

    /// The REPL's path: each line entered on its own. A line that fails
    /// leaves the session as it was (it evaluates to the same outcomes as
    /// before the line); a line that is kept keeps everything it defined.
    #[test]
    fn repl_lines_are_handled(lines in proptest::collection::vec(prop_oneof![soup(), program()], 1..5)) {
        let mut session = Session::new("<repl>");
        for line in &lines {
            let before = outcomes(&session.evaluate());
            let entry = session.enter(line);
            exercise(&entry.sheet);
            if entry.ok {
                for name in &entry.defined {
                    prop_assert!(
                        entry.session.definition_text(name).is_some(),
                        "`{}` was defined by `{}` but is not kept", name, line
                    );
                }
                session = entry.session;
            } else {
                prop_assert!(entry.sheet.has_errors(), "`{}` failed without a problem", line);
                prop_assert_eq!(
                    outcomes(&session.evaluate()),
                    before,
                    "the failed line `{}` changed the session", line
                );
            }
        }
        let script = session.to_script();
        fuzz(&script);
    }
}

/// Each cell's name and outcome, in source order.
fn outcomes(sheet: &Sheet) -> Vec<(String, Outcome)> {
    sheet
        .cells
        .iter()
        .map(|c| (c.name.clone(), c.outcome.clone()))
        .collect()
}
