//! The REPL's live preview evaluates only what a line needs (`Preview`):
//! on a 10,000-cell session it must still show exactly what entering the
//! line would, which `Session::enter` (the whole sheet) tells.

use llmc::{Preview, Session, Style, format};

const CELLS: usize = 10_000;

/// A chain of 10,000 cells, each using the one before, with a cluster, a
/// model, a function and a user unit that lines can use.
fn big_session() -> Session {
    let mut script = String::from(
        "unit EUR = 1.08 USD\n\
         cluster = 1024 x H100 @ 40%\n\
         model small { params = 8B params; layers = 32 }\n\
         fn days_for(work) = work / cluster -> days\n\
         mfu = 35%..45%\n\
         ranged = 1e24 FLOP / (1024 x H100 @ mfu) -> days\n\
         c0 = 1e20 FLOP\n",
    );
    for i in 1..CELLS {
        script.push_str(&format!("c{i} = c{} * 1.0001 + 1e18 FLOP\n", i - 1));
    }
    let session = Session::from_source("<repl>", &script);
    // Like the REPL after a line: `ans` holds the last result.
    let entry = session.enter("c9999 / 2");
    assert!(entry.ok, "the session evaluates cleanly");
    entry.session
}

/// What entering the line shows, evaluating the whole sheet.
fn entered(session: &Session, line: &str) -> Option<String> {
    let entry = session.enter(line);
    if !entry.ok {
        return None;
    }
    let (value, shown, range) = match entry.values.last() {
        Some((_, value, shown, range)) => (value.clone(), shown.clone(), range.clone()),
        None => {
            let cell = entry.sheet.cell(entry.defined.last()?)?;
            (
                cell.outcome.value()?.clone(),
                cell.shown.as_deref().cloned(),
                cell.range.as_deref().cloned(),
            )
        }
    };
    let digits = Style::default().digits;
    Some(format::show_ranged(
        &value,
        range.as_ref(),
        shown.as_ref(),
        digits,
        &entry.sheet.user_bases,
    ))
}

#[test]
fn previews_on_a_ten_thousand_cell_session_match_entering_the_line() {
    let session = big_session();
    let preview = Preview::new(&session, &session.evaluate());
    let lines = [
        // Reads the last cell of the chain, and a middle one.
        "c9999 * 2",
        "c5000 -> PFLOP",
        // A conversion through a cluster, a function, a member, a record.
        "c9999 / cluster -> days",
        "days_for(c9999)",
        "cluster.gpus",
        "6 FLOP/param/token * small.params * 1T tokens",
        // The constant the last line left, and a user unit.
        "ans * 3",
        "5 EUR -> USD",
        // Cells that ranges feed keep their bounds.
        "ranged * 2",
        "mfu",
        // A new cell, and two on one line, the second using the first.
        "total = c9999 + c1",
        "a = c10 * 2; a + c20",
        // Redefining cells that the line reads through the chain: those
        // cells are evaluated again with the new definition.
        "c9990 = 1e30 FLOP; c9999 / cluster -> days",
        "fn days_for(work) = work / cluster -> hours; days_for(c9999)",
    ];
    for line in lines {
        let shown = preview.show(line);
        assert!(shown.is_some(), "`{line}` has a preview");
        assert_eq!(shown, entered(&session, line), "the preview of `{line}`");
    }
}

#[test]
fn lines_that_fail_have_no_preview() {
    let session = big_session();
    let preview = Preview::new(&session, &session.evaluate());
    for line in [
        "c9999 + 1 GPU",
        "nosuch * 2",
        "c9999 +",
        // A cycle: c9995 would use c9999, which uses c9995.
        "c9995 = c9999",
    ] {
        assert_eq!(entered(&session, line), None, "entering `{line}` fails");
        assert_eq!(preview.show(line), None, "`{line}` has no preview");
    }
}

/// A line that would need most of the sheet evaluated again gets no
/// preview rather than a late one (entering it still works).
#[test]
fn a_preview_that_needs_the_whole_chain_again_is_dropped() {
    let session = big_session();
    let preview = Preview::new(&session, &session.evaluate());
    let line = "c1 = 1 FLOP; c9999";
    assert!(entered(&session, line).is_some());
    assert_eq!(preview.show(line), None);
}

#[test]
fn members_complete_from_the_session_values() {
    let session = big_session();
    let preview = Preview::new(&session, &session.evaluate());
    assert_eq!(
        preview.members_of("cluster"),
        session.members_of("cluster"),
        "a cluster's members"
    );
    assert!(preview.members_of("cluster").contains(&"gpus"));
    assert_eq!(preview.members_of("small"), session.members_of("small"));
}

/// A range cell completes `.low`, `.high`, `.mid` before its own members
/// (a cluster's); a point cell does not (SPEC §2.6), in the REPL's
/// preview and the language server's session alike.
#[test]
fn range_cells_complete_their_bounds() {
    let session = Session::from_source(
        "t",
        "mfu = 35%..45%\ncluster = 16000 x H100 @ mfu\npoint = 2 h\n",
    );
    let preview = Preview::new(&session, &session.evaluate());
    assert_eq!(preview.members_of("mfu"), ["low", "high", "mid"]);
    let cluster = preview.members_of("cluster");
    assert_eq!(cluster[..4], ["low", "high", "mid", "gpus"]);
    assert_eq!(cluster, session.members_of("cluster"));
    assert_eq!(session.members_of("mfu"), ["low", "high", "mid"]);
    assert!(preview.members_of("point").is_empty());
    assert!(session.members_of("point").is_empty());
}
