//! Analysts' corrections: each is a row kept for audit (undoing one marks it, never deletes
//! it). Renames, pins and exclusions are applied when a story is read; merges and splits
//! pin links between articles (1 joins, 0 parts) that regrouping takes over the computed
//! ones, so they hold through later ingests and relinking.

use std::collections::{BTreeSet, HashMap};

use factline_model::{Correction, CorrectionAction, Signed};
use rusqlite::params;

use super::{Batch, SqliteStore};
use crate::plan::Pin;
use crate::{BatchReport, Linker, Store, StoreError};

/// A story's key, id and its articles' (rowid, id).
type Members = (i64, String, Vec<(i64, String)>);

impl SqliteStore {
    fn refused(&self, what: String) -> StoreError {
        StoreError::Refused {
            db: self.path.display().to_string(),
            what,
        }
    }

    /// The story key, id and article (rowid, id) pairs of a story id or alias.
    fn story_members(&self, story: &str) -> Result<Members, StoreError> {
        let rec = self
            .story(story)?
            .ok_or_else(|| self.refused(format!("no story {story:?}")))?;
        let mut q = self
            .conn
            .prepare_cached("SELECT rowid, id FROM articles WHERE story_key = ?1 ORDER BY id")
            .map_err(|e| self.err(e))?;
        let members = q
            .query_map([rec.key], |r| Ok((r.get(0)?, r.get(1)?)))
            .and_then(|rows| rows.collect())
            .map_err(|e| self.err(e))?;
        Ok((rec.key, rec.id, members))
    }

    pub(super) fn record_correction(
        &mut self,
        story: &str,
        action: &CorrectionAction,
        made: &Signed,
        linker: &dyn Linker,
    ) -> Result<(Correction, Vec<String>), StoreError> {
        let (key, story_id, members) = self.story_members(story)?;
        let in_story = |article: &str| members.iter().any(|(_, id)| id == article);
        let mut into_members = Vec::new();
        match action {
            CorrectionAction::Rename { title } if title.trim().is_empty() => {
                return Err(self.refused("a story's title cannot be empty".into()));
            }
            CorrectionAction::Exclude { article } | CorrectionAction::Split { article }
                if !in_story(article) =>
            {
                return Err(self.refused(format!("article {article:?} is not in story {story_id}")));
            }
            CorrectionAction::Merge { into } => {
                let (into_key, _, others) = self.story_members(into)?;
                if into_key == key {
                    return Err(self.refused(format!("{story} and {into} are one story already")));
                }
                into_members = others;
            }
            _ => {}
        }
        // The links to pin and the articles to regroup.
        let (pins, block) = crate::plan::correction_links(action, &members, &into_members);
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| StoreError::from_sqlite(&self.path, e))?;
        let mut b = Batch {
            tx,
            path: &self.path,
            report: BatchReport::default(),
            touched: BTreeSet::new(),
            renamed_slugs: BTreeSet::new(),
            dirty: Vec::new(),
            signatures: &mut self.signatures,
        };
        let action_json = serde_json::to_string(action).map_err(|e| StoreError::Decode {
            db: b.path.display().to_string(),
            detail: e.to_string(),
        })?;
        b.tx.execute(
            "INSERT INTO corrections (story, action, made_who, made_why, made_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![story, action_json, made.who, made.why, made.at],
        )
        .map_err(|e| b.err(e))?;
        let id = b.tx.last_insert_rowid();
        for (a, c, similarity) in &pins {
            b.tx.execute(
                "INSERT OR REPLACE INTO pinned_links (a, b, similarity, correction)
                 VALUES (?1, ?2, ?3, ?4)",
                params![a, c, f64::from(*similarity), id],
            )
            .map_err(|e| b.err(e))?;
        }
        b.touched.insert(key);
        let touched = b.finish_correction(&block.into_iter().collect::<Vec<_>>(), linker)?;
        let correction = Correction {
            id,
            story: story.to_string(),
            action: action.clone(),
            made: made.clone(),
            undone: None,
        };
        Ok((correction, touched))
    }

    pub(super) fn undo(
        &mut self,
        id: i64,
        undone: &Signed,
        linker: &dyn Linker,
    ) -> Result<(Correction, Vec<String>), StoreError> {
        let Some(c) = self.corrections()?.into_iter().find(|c| c.id == id) else {
            return Err(self.refused(format!("no correction {id}")));
        };
        if c.undone.is_some() {
            return Err(self.refused(format!("correction {id} is undone already")));
        }
        // Regroup every story an article of its pinned links is in now.
        let mut block: BTreeSet<i64> = BTreeSet::new();
        let mut keys: BTreeSet<i64> = BTreeSet::new();
        {
            let mut q = self
                .conn
                .prepare(
                    "SELECT DISTINCT x.story_key FROM pinned_links p
                     JOIN articles x ON x.id = p.a OR x.id = p.b WHERE p.correction = ?1",
                )
                .map_err(|e| self.err(e))?;
            let rows: Vec<i64> = q
                .query_map([id], |r| r.get(0))
                .and_then(|rows| rows.collect())
                .map_err(|e| self.err(e))?;
            keys.extend(rows);
            let mut q = self
                .conn
                .prepare_cached("SELECT rowid FROM articles WHERE story_key = ?1")
                .map_err(|e| self.err(e))?;
            for k in &keys {
                let rows: Vec<i64> = q
                    .query_map([k], |r| r.get(0))
                    .and_then(|rows| rows.collect())
                    .map_err(|e| self.err(e))?;
                block.extend(rows);
            }
        }
        if let Some(rec) = self.story(&c.story)? {
            keys.insert(rec.key);
        }
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| StoreError::from_sqlite(&self.path, e))?;
        let b = Batch {
            tx,
            path: &self.path,
            report: BatchReport::default(),
            touched: keys,
            renamed_slugs: BTreeSet::new(),
            dirty: Vec::new(),
            signatures: &mut self.signatures,
        };
        b.tx.execute(
            "UPDATE corrections SET undone_who = ?2, undone_why = ?3, undone_at = ?4 WHERE id = ?1",
            params![id, undone.who, undone.why, undone.at],
        )
        .map_err(|e| b.err(e))?;
        let touched = b.finish_correction(&block.into_iter().collect::<Vec<_>>(), linker)?;
        Ok((
            Correction {
                undone: Some(undone.clone()),
                ..c
            },
            touched,
        ))
    }

    pub(super) fn all_corrections(&self) -> Result<Vec<Correction>, StoreError> {
        let mut q = self
            .conn
            .prepare(
                "SELECT id, story, action, made_who, made_why, made_at, undone_who, undone_why,
                 undone_at FROM corrections ORDER BY id",
            )
            .map_err(|e| self.err(e))?;
        type Row = (
            i64,
            String,
            String,
            Signed,
            Option<(String, String, String)>,
        );
        let rows: Vec<Row> = q
            .query_map([], |r| {
                let undone_at: Option<String> = r.get(8)?;
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    Signed {
                        who: r.get(3)?,
                        why: r.get(4)?,
                        at: r.get(5)?,
                    },
                    match undone_at {
                        Some(at) => Some((r.get(6)?, r.get(7)?, at)),
                        None => None,
                    },
                ))
            })
            .and_then(|rows| rows.collect())
            .map_err(|e| self.err(e))?;
        rows.into_iter()
            .map(|(id, story, action, made, undone)| {
                let action = serde_json::from_str(&action).map_err(|e| StoreError::Decode {
                    db: self.path.display().to_string(),
                    detail: format!("correction {id}: {e}"),
                })?;
                Ok(Correction {
                    id,
                    story,
                    action,
                    made,
                    undone: undone.map(|(who, why, at)| Signed { who, why, at }),
                })
            })
            .collect()
    }
}

impl Batch<'_> {
    /// Regroup `block` (if any), give new stories their ids, clear the cached summaries of
    /// the touched stories, commit; the ids of the stories touched.
    fn finish_correction(
        mut self,
        block: &[i64],
        linker: &dyn Linker,
    ) -> Result<Vec<String>, StoreError> {
        if !block.is_empty() {
            self.regroup(block, linker)?;
        }
        let slugs = std::mem::take(&mut self.renamed_slugs);
        self.rename_slugs(&slugs)?;
        for key in &self.touched {
            self.tx
                .execute("UPDATE stories SET summary = NULL WHERE key = ?1", [key])
                .map_err(|e| self.err(e))?;
        }
        let touched = self.touched_ids()?;
        let path = self.path;
        self.tx
            .commit()
            .map_err(|e| StoreError::from_sqlite(path, e))?;
        Ok(touched)
    }

    /// The links analysts pinned among `ids` (a block's members, by index), oldest
    /// correction first, for [`plan::regroup`] to put in place of the computed ones.
    pub(super) fn pinned_links(&self, ids: &[&str]) -> Result<Vec<Pin>, StoreError> {
        let any: bool = self
            .tx
            .query_row("SELECT EXISTS (SELECT 1 FROM pinned_links)", [], |r| {
                r.get(0)
            })
            .map_err(|e| self.err(e))?;
        if !any {
            return Ok(Vec::new());
        }
        let index: HashMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let mut pins: Vec<(i64, Pin)> = Vec::new();
        let mut q = self
            .tx
            .prepare_cached(
                "SELECT p.b, p.similarity, p.correction FROM pinned_links p JOIN corrections c
                 ON c.id = p.correction WHERE p.a = ?1 AND c.undone_at IS NULL",
            )
            .map_err(|e| self.err(e))?;
        for (i, id) in ids.iter().enumerate() {
            let rows: Vec<(String, f64, i64)> = q
                .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .and_then(|rows| rows.collect())
                .map_err(|e| self.err(e))?;
            for (b, similarity, correction) in rows {
                if let Some(&j) = index.get(b.as_str()) {
                    let similarity = similarity as f32;
                    pins.push((
                        correction,
                        Pin {
                            a: i,
                            b: j,
                            similarity,
                        },
                    ));
                }
            }
        }
        pins.sort_by_key(|p| p.0);
        Ok(pins.into_iter().map(|(_, p)| p).collect())
    }
}
