//! Analysts' corrections, as in the SQLite store (`sqlite/corrections.rs`): a row per
//! correction kept for audit; merges and splits pin links that regrouping takes over the
//! computed ones. Each runs in the same serializable write transaction as a batch.

use factline_model::{Correction, CorrectionAction, Signed};

use super::Failure;
use super::batch::Batch;
use crate::{Linker, StoreError};

/// A story's key, id and its articles' (seq, id).
type Members = (i64, String, Vec<(i64, String)>);

impl Batch<'_, '_> {
    fn refused(&self, what: String) -> Failure {
        self.store_error(StoreError::Refused {
            db: self.url.to_string(),
            what,
        })
    }

    /// The story key, id and article (seq, id) pairs of a story id or alias.
    fn story_members(&mut self, story: &str) -> Result<Members, Failure> {
        let found = self.rows(
            "SELECT key, id FROM stories WHERE key = (SELECT key FROM stories WHERE id = $1
               UNION ALL SELECT story_key FROM story_aliases WHERE alias = $1 LIMIT 1)",
            &[&story],
        )?;
        let Some(row) = found.first() else {
            return Err(self.refused(format!("no story {story:?}")));
        };
        let (key, id): (i64, String) = (row.get(0), row.get(1));
        let members = self
            .rows(
                "SELECT seq, id FROM articles WHERE story_key = $1 ORDER BY id COLLATE \"C\"",
                &[&key],
            )?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        Ok((key, id, members))
    }

    pub(super) fn correct(
        &mut self,
        story: &str,
        action: &CorrectionAction,
        made: &Signed,
        linker: &dyn Linker,
    ) -> Result<(Correction, Vec<String>), Failure> {
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
        let action_json = serde_json::to_string(action).map_err(|e| self.decode(e.to_string()))?;
        let id: i64 = self.rows(
            "INSERT INTO corrections (story, action, made_who, made_why, made_at)
             VALUES ($1, CAST($2 AS text)::jsonb, $3, $4, $5) RETURNING id",
            &[&story, &action_json, &made.who, &made.why, &made.at],
        )?[0]
            .get(0);
        for (a, b, similarity) in &pins {
            self.exec(
                "INSERT INTO pinned_links (a, b, similarity, correction) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (a, b, correction) DO UPDATE SET similarity = excluded.similarity",
                &[a, b, similarity, &id],
            )?;
        }
        self.touched.insert(key);
        let touched = self.finish_correction(&block.into_iter().collect::<Vec<_>>(), linker)?;
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
    ) -> Result<(Correction, Vec<String>), Failure> {
        let found = self.rows(
            "SELECT story, action::text, made_who, made_why, made_at, undone_at IS NOT NULL
             FROM corrections WHERE id = $1",
            &[&id],
        )?;
        let Some(row) = found.first() else {
            return Err(self.refused(format!("no correction {id}")));
        };
        if row.get::<_, bool>(5) {
            return Err(self.refused(format!("correction {id} is undone already")));
        }
        let story: String = row.get(0);
        let action = serde_json::from_str(row.get(1))
            .map_err(|e| self.decode(format!("correction {id}: {e}")))?;
        let made = Signed {
            who: row.get(2),
            why: row.get(3),
            at: row.get(4),
        };
        // Regroup every story an article of its pinned links is in now.
        let keys: Vec<i64> = self
            .rows(
                "SELECT DISTINCT x.story_key FROM pinned_links p
                 JOIN articles x ON x.id = p.a OR x.id = p.b WHERE p.correction = $1",
                &[&id],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect();
        let block: Vec<i64> = self
            .rows(
                "SELECT seq FROM articles WHERE story_key = ANY($1) ORDER BY seq",
                &[&keys],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect();
        self.touched.extend(keys);
        let resolved = self.rows(
            "SELECT key FROM stories WHERE id = $1
             UNION ALL SELECT story_key FROM story_aliases WHERE alias = $1 LIMIT 1",
            &[&story],
        )?;
        if let Some(r) = resolved.first() {
            self.touched.insert(r.get(0));
        }
        self.exec(
            "UPDATE corrections SET undone_who = $2, undone_why = $3, undone_at = $4 WHERE id = $1",
            &[&id, &undone.who, &undone.why, &undone.at],
        )?;
        let touched = self.finish_correction(&block, linker)?;
        Ok((
            Correction {
                id,
                story,
                action,
                made,
                undone: Some(undone.clone()),
            },
            touched,
        ))
    }

    /// Regroup `block` (if any), give new stories their ids, clear the cached summaries of
    /// the touched stories; the ids of the stories touched.
    fn finish_correction(
        &mut self,
        block: &[i64],
        linker: &dyn Linker,
    ) -> Result<Vec<String>, Failure> {
        if !block.is_empty() {
            self.regroup(block, linker)?;
        }
        self.name_stories()?;
        let touched: Vec<i64> = self.touched.iter().copied().collect();
        self.exec(
            "UPDATE stories SET summary = NULL WHERE key = ANY($1)",
            &[&touched],
        )?;
        self.touched_ids()
    }
}
