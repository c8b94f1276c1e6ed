//! Analyst corrections: an analyst overrules what extraction or clustering made of the
//! articles — merges two stories, splits an article out, leaves an article's figures out,
//! pins a figure, renames a story — with a name and a reason. The store keeps every
//! correction for audit (undoing one marks it undone) and applies merges and splits to
//! story membership (pinned links, kept through later ingests and relinking); the rest is
//! applied here whenever a story is read, so the CLI and the API show the same corrected
//! stories.

use factline_model::{Article, Correction, CorrectionAction, FigureState, Signed, StoryState};
use factline_store::{Store, StoryRecord};

use crate::AppError;
use crate::pipeline::ClusterLinker;
use crate::read::{missing_summaries, put_summaries};

/// Who makes a correction and why; the time is now.
pub fn signed(who: &str, why: &str) -> Signed {
    Signed {
        who: who.trim().to_string(),
        why: why.trim().to_string(),
        at: jiff::Timestamp::now().to_string(),
    }
}

fn check(signed: &Signed) -> Result<(), AppError> {
    if signed.who.is_empty() || signed.why.is_empty() {
        return Err(AppError::Correction(
            "a correction needs who makes it and why".into(),
        ));
    }
    Ok(())
}

/// Record a correction of a story (id or alias) and refresh the summaries it changes.
pub fn correct(
    store: &mut dyn Store,
    story: &str,
    action: &CorrectionAction,
    made: &Signed,
) -> Result<Correction, AppError> {
    check(made)?;
    let (c, touched) = store.correct(story, action, made, &ClusterLinker)?;
    refresh(store, touched)?;
    Ok(c)
}

/// Undo a correction (kept on record as undone) and refresh the summaries it changes.
pub fn undo(store: &mut dyn Store, id: i64, undone: &Signed) -> Result<Correction, AppError> {
    check(undone)?;
    let (c, touched) = store.undo_correction(id, undone, &ClusterLinker)?;
    refresh(store, touched)?;
    Ok(c)
}

fn refresh(store: &mut dyn Store, touched: Vec<String>) -> Result<(), AppError> {
    let ids = touched.into_iter().collect();
    let summaries = missing_summaries(&*store, Some(&ids))?;
    put_summaries(store, &summaries)
}

/// Every correction, or those made on one story (id or alias; a merged story's include
/// those made on the stories it took in).
pub fn list(store: &dyn Store, story: Option<&str>) -> Result<Vec<Correction>, AppError> {
    let all = store.corrections()?;
    let Some(story) = story else {
        return Ok(all);
    };
    let rec = store
        .story(story)?
        .ok_or_else(|| AppError::NoSuchStory(story.to_string()))?;
    of_story(store, &rec, &all)
}

/// The corrections whose story now resolves to `rec`.
pub(crate) fn of_story(
    store: &dyn Store,
    rec: &StoryRecord,
    all: &[Correction],
) -> Result<Vec<Correction>, AppError> {
    let mut out = Vec::new();
    for c in all {
        if store.story(&c.story)?.is_some_and(|r| r.key == rec.key) {
            out.push(c.clone());
        }
    }
    Ok(out)
}

/// Leave out the figures of articles an active correction excludes (they stay listed).
pub(crate) fn exclude(corrections: &[Correction], articles: &mut [Article]) {
    for c in corrections.iter().filter(|c| c.undone.is_none()) {
        if let CorrectionAction::Exclude { article } = &c.action {
            for a in articles.iter_mut().filter(|a| &a.id == article) {
                a.facts.figures.clear();
            }
        }
    }
}

/// Apply renames and pins (the latest active one of each wins) and list the corrections.
pub(crate) fn apply(corrections: Vec<Correction>, state: &mut StoryState) {
    for c in corrections.iter().filter(|c| c.undone.is_none()) {
        let by = format!(
            "{} on {}: {}",
            c.made.who,
            &c.made.at[..c.made.at.len().min(10)],
            c.made.why
        );
        match &c.action {
            CorrectionAction::Rename { title } => state.title = Some(title.clone()),
            CorrectionAction::Pin {
                kind,
                value,
                qualifier,
            } => {
                let reason = format!("Pinned by {by}.");
                match state.figures.get_mut(kind) {
                    Some(f) => {
                        f.value = *value;
                        f.qualifier = *qualifier;
                        f.low = *value;
                        f.high = *value;
                        f.conflict = false;
                        f.revised_down = false;
                        f.reason = format!("{reason} The reports said: {}", f.reason);
                    }
                    None => {
                        state.figures.insert(
                            *kind,
                            FigureState {
                                value: *value,
                                qualifier: *qualifier,
                                as_of: state.as_of,
                                sources: Vec::new(),
                                independent_sources: 0,
                                low: *value,
                                high: *value,
                                conflict: false,
                                revised_down: false,
                                history: Vec::new(),
                                by_authority: Vec::new(),
                                daily: Vec::new(),
                                reason,
                            },
                        );
                    }
                }
            }
            _ => {}
        }
    }
    state.corrections = corrections;
}
