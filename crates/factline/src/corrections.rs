//! `factline correct`: analysts' corrections from the command line (the use case is
//! `factline_app::corrections`; this parses, opens the database and renders).

use std::io::Write;

use anyhow::{Result, bail};
use factline_app::corrections;
use factline_model::{Correction, CorrectionAction, FigureKind, Qualifier};

use crate::Outcome;
use crate::commands::cli_error;
use crate::database::Database;

/// What `factline correct` was asked to do.
pub enum Request {
    Make(CorrectionAction),
    Undo(i64),
    List,
}

/// `killed=133` (exact) or `killed=133+` (at least).
pub fn pin_arg(s: &str) -> Result<(FigureKind, u64, Qualifier), String> {
    let (kind, value) = s
        .split_once('=')
        .ok_or_else(|| format!("{s:?}: expected KIND=VALUE, e.g. killed=133"))?;
    let kind: FigureKind = kind
        .trim()
        .parse()
        .map_err(|_| format!("{kind:?}: not a figure kind (killed, injured, missing, …)"))?;
    let (value, qualifier) = match value.trim().strip_suffix('+') {
        Some(v) => (v, Qualifier::AtLeast),
        None => (value.trim(), Qualifier::Exact),
    };
    let value = value
        .replace(',', "")
        .parse()
        .map_err(|_| format!("{value:?}: not a whole number"))?;
    Ok((kind, value, qualifier))
}

fn describe(c: &Correction) -> String {
    let what = match &c.action {
        CorrectionAction::Rename { title } => format!("rename to {title:?}"),
        CorrectionAction::Exclude { article } => format!("exclude the figures of {article}"),
        CorrectionAction::Pin {
            kind,
            value,
            qualifier,
        } => format!(
            "pin {kind} at {}",
            factline_reconcile::describe(*value, None, *qualifier)
        ),
        CorrectionAction::Merge { into } => format!("merge into {into}"),
        CorrectionAction::Split { article } => format!("split {article} out"),
    };
    let mut s = format!(
        "#{} {}: {what} — {} at {}: {}",
        c.id, c.story, c.made.who, c.made.at, c.made.why
    );
    if let Some(u) = &c.undone {
        s.push_str(&format!(" (undone by {} at {}: {})", u.who, u.at, u.why));
    }
    s
}

pub fn run(
    db: &Database,
    story: Option<&str>,
    request: Request,
    who: Option<String>,
    why: Option<String>,
    json: bool,
) -> Result<Outcome> {
    if !db.exists() {
        bail!("{}: no such database", db.name());
    }
    let who = who
        .or_else(|| std::env::var("FACTLINE_ANALYST").ok())
        .or_else(|| std::env::var("USER").ok())
        .filter(|w| !w.trim().is_empty());
    let signed = |what: &str| -> Result<factline_model::Signed> {
        let Some(who) = &who else {
            bail!("{what} needs --who (or FACTLINE_ANALYST)")
        };
        let Some(why) = why.as_deref().filter(|w| !w.trim().is_empty()) else {
            bail!("{what} needs --why: the reason is kept with it")
        };
        Ok(corrections::signed(who, why))
    };
    let out: Vec<Correction> = match request {
        Request::List => {
            let store = db.open_read_only()?;
            corrections::list(&*store, story).map_err(|e| cli_error(e, db))?
        }
        Request::Make(action) => {
            let Some(story) = story else {
                bail!("which story? give its id")
            };
            let made = signed("a correction")?;
            let mut store = db.open()?;
            vec![
                corrections::correct(&mut *store, story, &action, &made)
                    .map_err(|e| cli_error(e, db))?,
            ]
        }
        Request::Undo(id) => {
            let undone = signed("an undo")?;
            let mut store = db.open()?;
            vec![corrections::undo(&mut *store, id, &undone).map_err(|e| cli_error(e, db))?]
        }
    };
    let mut w = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut w, &out)?;
        writeln!(w)?;
    } else {
        for c in &out {
            writeln!(w, "{}", describe(c))?;
        }
    }
    Ok(Outcome::Ok)
}
