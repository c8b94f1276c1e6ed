//! One write transaction: a batch of articles (or a correction) stored, linked and
//! regrouped, as the SQLite store does it, with set-based statements (one round trip per
//! step rather than per row).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use factline_model::{Date, Signature, content_hash, parse_date};
use postgres::types::ToSql;
use postgres::{Client, IsolationLevel, Row, Statement, Transaction};

use super::{Failure, keys};
use crate::common::{MAX_CANDIDATES, StoredSignature, bucket, day_number, day_windows, json, link};
use crate::{BatchReport, Linker, NewArticle, StoreError, plan};

/// Every write transaction holds this advisory lock shared; one that PostgreSQL keeps
/// aborting takes it exclusively and runs alone.
const INGEST_LOCK: &str = "factline.ingest";

pub(crate) struct Batch<'c, 't> {
    tx: &'c mut Transaction<'t>,
    statements: &'c mut HashMap<&'static str, Statement>,
    pub(super) url: &'c str,
    pub(super) report: BatchReport,
    pub(super) touched: BTreeSet<i64>,
    renamed_slugs: BTreeSet<String>,
    /// Articles stored by this batch, which `finish` regroups with the stories they link to.
    dirty: Vec<i64>,
    signatures: &'c mut HashMap<i64, Arc<StoredSignature>>,
}

/// Run `work` in one serializable transaction holding the ingest lock (shared, or
/// exclusive when `exclusive`), and commit.
pub(super) fn run<T>(
    client: &mut Client,
    statements: &mut HashMap<&'static str, Statement>,
    url: &str,
    signatures: &mut HashMap<i64, Arc<StoredSignature>>,
    exclusive: bool,
    work: &mut impl FnMut(&mut Batch<'_, '_>) -> Result<T, Failure>,
) -> Result<T, Failure> {
    let mut tx = client
        .build_transaction()
        .isolation_level(IsolationLevel::Serializable)
        .start()?;
    let lock = if exclusive {
        "SELECT pg_advisory_xact_lock(hashtext($1), hashtext(current_schema()))"
    } else {
        "SELECT pg_advisory_xact_lock_shared(hashtext($1), hashtext(current_schema()))"
    };
    tx.execute(lock, &[&INGEST_LOCK])?;
    let out = {
        let mut b = Batch {
            tx: &mut tx,
            statements,
            url,
            report: BatchReport::default(),
            touched: BTreeSet::new(),
            renamed_slugs: BTreeSet::new(),
            dirty: Vec::new(),
            signatures,
        };
        work(&mut b)?
    };
    tx.commit()?;
    Ok(out)
}

impl Batch<'_, '_> {
    fn statement(&mut self, sql: &'static str) -> Result<Statement, Failure> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let s = self.tx.prepare(sql)?;
        self.statements.insert(sql, s.clone());
        Ok(s)
    }

    pub(super) fn rows(
        &mut self,
        sql: &'static str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<Row>, Failure> {
        let s = self.statement(sql)?;
        Ok(self.tx.query(&s, params)?)
    }

    pub(super) fn exec(
        &mut self,
        sql: &'static str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<u64, Failure> {
        let s = self.statement(sql)?;
        Ok(self.tx.execute(&s, params)?)
    }

    pub(super) fn store_error(&self, e: StoreError) -> Failure {
        Failure::Store(e)
    }

    pub(super) fn decode(&self, detail: String) -> Failure {
        Failure::Store(StoreError::Decode {
            db: self.url.to_string(),
            detail,
        })
    }

    fn date(&self, s: &str) -> Result<Date, Failure> {
        parse_date(s).map_err(|e| self.decode(format!("stored date {s:?}: {e}")))
    }

    /// Store a batch (see [`crate::Store::ingest`]).
    pub(super) fn ingest(
        &mut self,
        batch: &[NewArticle],
        linker: &dyn Linker,
    ) -> Result<BatchReport, Failure> {
        if !self
            .rows("SELECT 1 FROM meta WHERE key = 'relink'", &[])?
            .is_empty()
        {
            self.relink(linker)?;
        }
        for (pos, item) in batch.iter().enumerate() {
            let stored = self.report.new.len();
            self.add(item, linker)?;
            if self.report.new.len() > stored {
                self.report.new_positions.push(pos);
            }
        }
        let dirty = std::mem::take(&mut self.dirty);
        if !dirty.is_empty() {
            let around = self.neighbourhood(&dirty, linker.join_threshold())?;
            self.regroup(&around, linker)?;
        }
        self.name_stories()?;
        let mut report = std::mem::take(&mut self.report);
        report.stories_touched = self.touched_ids()?;
        Ok(report)
    }

    fn add(&mut self, item: &NewArticle, linker: &dyn Linker) -> Result<(), Failure> {
        let a = &item.article;
        let sig = &item.signature;
        if !self
            .rows(
                "SELECT 1 FROM articles WHERE content_hash = $1 LIMIT 1",
                &[&a.content_hash],
            )?
            .is_empty()
        {
            self.report.unchanged.push(a.id.clone());
            return Ok(());
        }
        // Same id, different content: a revised article is stored beside the original.
        let id_taken = !self
            .rows("SELECT 1 FROM articles WHERE id = $1", &[&a.id])?
            .is_empty();
        let id = if id_taken {
            format!("{}@{}", a.id, &content_hash(&a.content_hash)[..8])
        } else {
            a.id.clone()
        };
        let day = day_number(sig.day.unwrap_or(a.published));
        let published_day = day_number(a.published);
        let candidates = self.candidates(sig, &[day, published_day], linker.window_days())?;
        let mut links: Vec<(i64, f32)> = Vec::new();
        let mut dup_roots: Vec<(String, String)> = Vec::new(); // (published, id) of roots
        for (seq, stored) in &candidates {
            let (dup, similarity) = link(linker, sig, &stored.signature);
            if similarity >= linker.link_floor() {
                links.push((*seq, similarity));
            }
            if dup {
                let root = self.rows(
                    "SELECT r.id, to_char(r.published, 'YYYY-MM-DD') FROM articles c
                     JOIN articles r ON r.id = c.duplicate_of WHERE c.seq = $1",
                    &[seq],
                )?;
                dup_roots.push(match root.first() {
                    Some(r) => (r.get(1), r.get(0)),
                    None => (stored.published.clone(), stored.id.clone()),
                });
            }
        }
        let published = a.published.to_string();
        // Story 0 until the batch is regrouped.
        let rows = self.rows(
            "INSERT INTO articles (id, content_hash, source, url, published, title, body,
             sentences, facts, signature, day, story_key, duplicate_of, slug)
             VALUES ($1, $2, $3, $4, CAST($5 AS text)::date, $6, $7, CAST($8 AS text)::jsonb,
                     CAST($9 AS text)::jsonb, $10, $11, 0, NULL, $12)
             RETURNING seq",
            &[
                &id,
                &a.content_hash,
                &a.source,
                &a.url,
                &published,
                &a.title,
                &a.clean.body,
                &json(&a.clean.sentences),
                &json(&a.facts),
                &crate::codec::encode(sig),
                &(day as i32),
                &sig.slug,
            ],
        )?;
        let seq: i64 = rows[0].get(0);
        self.signatures.insert(
            seq,
            Arc::new(StoredSignature {
                id: id.clone(),
                published: published.clone(),
                signature: sig.clone(),
            }),
        );
        self.index_terms(seq, sig, day, published_day)?;
        self.record_links(seq, &links)?;
        self.dirty.push(seq);
        if !dup_roots.is_empty() {
            self.report.near_duplicates += 1;
            dup_roots.push((published, id.clone()));
            dup_roots.sort();
            dup_roots.dedup();
            let root = dup_roots[0].1.clone();
            for (_, r) in &dup_roots[1..] {
                // Every member of the copied group now points at the earliest original.
                self.exec(
                    "UPDATE articles SET duplicate_of = $1 WHERE id = $2 OR duplicate_of = $2",
                    &[&root, r],
                )?;
            }
        }
        self.report.new.push(id);
        Ok(())
    }

    /// Index an article under its terms, at its event day and its publication day.
    fn index_terms(
        &mut self,
        seq: i64,
        sig: &Signature,
        day: i64,
        published_day: i64,
    ) -> Result<(), Failure> {
        let (mut buckets, mut terms, mut days) = (Vec::new(), Vec::new(), Vec::new());
        for t in &sig.index_terms {
            for d in [day, published_day] {
                buckets.push(bucket(d) as i32);
                terms.push(t.as_str());
                days.push(d as i32);
            }
        }
        if terms.is_empty() {
            return Ok(());
        }
        self.exec(
            "INSERT INTO postings (bucket, term, day, article)
             SELECT b, t, d, $4 FROM unnest($1::integer[], $2::text[], $3::integer[]) AS x(b, t, d)
             ON CONFLICT DO NOTHING",
            &[&buckets, &terms, &days, &seq],
        )?;
        Ok(())
    }

    /// Record the links of a newly stored article to earlier ones, once, under the newer.
    fn record_links(&mut self, seq: i64, links: &[(i64, f32)]) -> Result<(), Failure> {
        if links.is_empty() {
            return Ok(());
        }
        let others: Vec<i64> = links.iter().map(|l| l.0).collect();
        let similarities: Vec<f32> = links.iter().map(|l| l.1).collect();
        self.exec(
            "INSERT INTO links (a, b, similarity)
             SELECT $1, b, s FROM unnest($2::bigint[], $3::real[]) AS x(b, s)
             ON CONFLICT (a, b) DO UPDATE SET similarity = excluded.similarity",
            &[&seq, &others, &similarities],
        )?;
        Ok(())
    }

    /// The stored articles sharing most index terms with `sig` within the windows around
    /// `days` (most shared terms first, then storage order), with their signatures.
    fn candidates(
        &mut self,
        sig: &Signature,
        days: &[i64],
        window: i64,
    ) -> Result<Vec<(i64, Arc<StoredSignature>)>, Failure> {
        if sig.index_terms.is_empty() {
            return Ok(Vec::new());
        }
        let ranges = day_windows(days, window);
        let buckets: Vec<i32> = ranges
            .iter()
            .flat_map(|&(lo, hi)| bucket(lo)..=bucket(hi))
            .map(|b| b as i32)
            .collect();
        let (lo1, hi1) = ranges[0];
        let (lo2, hi2) = *ranges.last().expect("one window per day");
        let terms: Vec<&str> = sig.index_terms.iter().map(String::as_str).collect();
        let ranked: Vec<i64> = self
            .rows(
                "SELECT article FROM postings
                 WHERE bucket = ANY($1) AND term = ANY($2)
                   AND (day BETWEEN $3 AND $4 OR day BETWEEN $5 AND $6)
                 GROUP BY article ORDER BY count(DISTINCT term) DESC, article LIMIT $7",
                &[
                    &buckets,
                    &terms,
                    &(lo1 as i32),
                    &(hi1 as i32),
                    &(lo2 as i32),
                    &(hi2 as i32),
                    &(MAX_CANDIDATES as i64),
                ],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect();
        let missing: Vec<i64> = ranked
            .iter()
            .copied()
            .filter(|s| !self.signatures.contains_key(s))
            .collect();
        if !missing.is_empty() {
            for r in self.rows(
                "SELECT seq, id, to_char(published, 'YYYY-MM-DD'), signature FROM articles
                 WHERE seq = ANY($1)",
                &[&missing],
            )? {
                let seq: i64 = r.get(0);
                let signature = crate::codec::decode(r.get(3))
                    .map_err(|e| self.decode(format!("signature of article {seq}: {e}")))?;
                self.signatures.insert(
                    seq,
                    Arc::new(StoredSignature {
                        id: r.get(1),
                        published: r.get(2),
                        signature,
                    }),
                );
            }
        }
        ranked
            .into_iter()
            .map(|seq| match self.signatures.get(&seq) {
                Some(s) => Ok((seq, s.clone())),
                None => Err(self.decode(format!("article {seq} is indexed but not stored"))),
            })
            .collect()
    }

    /// The batch's new articles and every article of the stories they link to at least
    /// `threshold` strongly.
    fn neighbourhood(&mut self, dirty: &[i64], threshold: f32) -> Result<Vec<i64>, Failure> {
        let dirty_keys: Vec<i64> = dirty.to_vec();
        let stories: Vec<i64> = self
            .rows(
                "SELECT DISTINCT x.story_key FROM links l JOIN articles x ON x.seq = l.b
                 WHERE l.a = ANY($1) AND l.similarity >= $2 AND x.story_key <> 0",
                &[&dirty_keys, &threshold],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect();
        let mut around: BTreeSet<i64> = dirty.iter().copied().collect();
        if !stories.is_empty() {
            for r in self.rows(
                "SELECT seq FROM articles WHERE story_key = ANY($1)",
                &[&stories],
            )? {
                around.insert(r.get(0));
            }
        }
        Ok(around.into_iter().collect())
    }

    /// Cut a set of articles (whole stories and new articles) into stories with the
    /// linker, and make the stored stories match what [`plan::regroup`] decides.
    pub(super) fn regroup(&mut self, block: &[i64], linker: &dyn Linker) -> Result<(), Failure> {
        struct Member {
            seq: i64,
            id: String,
            published: String,
            story: i64,
            slug: String,
        }
        let block_keys: Vec<i64> = block.to_vec();
        let mut rows: Vec<Member> = self
            .rows(
                "SELECT seq, id, to_char(published, 'YYYY-MM-DD'), story_key, slug
                 FROM articles WHERE seq = ANY($1) ORDER BY seq",
                &[&block_keys],
            )?
            .iter()
            .map(|r| Member {
                seq: r.get(0),
                id: r.get(1),
                published: r.get(2),
                story: r.get(3),
                slug: r.get(4),
            })
            .collect();
        rows.sort_by_key(|m| m.seq);
        let index: HashMap<i64, usize> = rows.iter().enumerate().map(|(i, m)| (m.seq, i)).collect();
        let mut links = Vec::new();
        for r in self.rows(
            "SELECT a, b, similarity FROM links WHERE a = ANY($1) AND b = ANY($1)",
            &[&block_keys],
        )? {
            if let (Some(&i), Some(&j)) = (index.get(&r.get(0)), index.get(&r.get(1))) {
                links.push((i, j, r.get::<_, f32>(2)));
            }
        }
        let ids: Vec<&str> = rows.iter().map(|m| m.id.as_str()).collect();
        let pins = self.pinned_links(&ids)?;
        let stored_keys: BTreeSet<i64> = rows.iter().map(|m| m.story).filter(|&k| k != 0).collect();
        let founding_rows = self.rows(
            "SELECT key, founding_id, slug FROM stories WHERE key = ANY($1)",
            &[&keys(&stored_keys)],
        )?;
        let stored: BTreeMap<i64, plan::Founding> = founding_rows
            .iter()
            .map(|r| {
                (
                    r.get(0),
                    plan::Founding {
                        founding_id: r.get(1),
                        slug: r.get(2),
                    },
                )
            })
            .collect();
        let mut members = Vec::with_capacity(rows.len());
        for m in &rows {
            members.push(plan::Member {
                id: &m.id,
                published: self.date(&m.published)?,
                story: (m.story != 0).then_some(m.story),
                slug: &m.slug,
            });
        }
        let plan = plan::regroup(&members, &links, &pins, &stored, linker);

        let mut story_keys: Vec<i64> = Vec::with_capacity(plan.stories.len());
        for story in &plan.stories {
            let key = match story.key {
                Some(k) => k,
                None => {
                    let f = &rows[story.founder];
                    let placeholder = plan::placeholder_id(&f.id);
                    self.rows(
                        "INSERT INTO stories (id, slug, founding_published, founding_id,
                         article_count, first_seen, last_seen)
                         VALUES ($1, $2, CAST($3 AS text)::date, $4, 0,
                                 CAST($3 AS text)::date, CAST($3 AS text)::date)
                         RETURNING key",
                        &[&placeholder, &f.slug, &f.published, &f.id],
                    )?[0]
                        .get(0)
                }
            };
            story_keys.push(key);
            if !story.moved.is_empty() {
                let moved: Vec<i64> = story.moved.iter().map(|&i| rows[i].seq).collect();
                self.exec(
                    "UPDATE articles SET story_key = $1 WHERE seq = ANY($2)",
                    &[&key, &moved],
                )?;
            }
        }
        for (story, &key) in plan.stories.iter().zip(&story_keys) {
            if story.changed {
                // The block holds every member of each story it regroups: the group is
                // the whole story, so its size and dates come from it.
                let f = &rows[story.founder];
                self.exec(
                    "UPDATE stories SET founding_published = CAST($2 AS text)::date,
                       founding_id = $3, slug = $4, article_count = $5,
                       first_seen = CAST($6 AS text)::date, last_seen = CAST($7 AS text)::date,
                       summary = NULL
                     WHERE key = $1",
                    &[
                        &key,
                        &f.published,
                        &f.id,
                        &f.slug,
                        &(story.members.len() as i32),
                        &story.first_seen.to_string(),
                        &story.last_seen.to_string(),
                    ],
                )?;
                self.touched.insert(key);
            }
        }
        for d in &plan.dissolved {
            let into = story_keys[d.into];
            self.dissolve(d.key, into)?;
        }
        self.renamed_slugs.extend(plan.slugs);
        Ok(())
    }

    /// Remove a story whose articles all moved to `into`; its id resolves to `into`.
    fn dissolve(&mut self, from: i64, into: i64) -> Result<(), Failure> {
        let old_id: String =
            self.rows("SELECT id FROM stories WHERE key = $1", &[&from])?[0].get(0);
        self.exec(
            "UPDATE story_aliases SET story_key = $1 WHERE story_key = $2",
            &[&into, &from],
        )?;
        if !plan::is_placeholder(&old_id) {
            self.exec(
                "INSERT INTO story_aliases (alias, story_key) VALUES ($1, $2)
                 ON CONFLICT (alias) DO UPDATE SET story_key = excluded.story_key",
                &[&old_id, &into],
            )?;
        }
        self.exec("DELETE FROM stories WHERE key = $1", &[&from])?;
        self.touched.remove(&from);
        self.touched.insert(into);
        self.report.merges += 1;
        Ok(())
    }

    /// The links analysts pinned among `ids` (by index), oldest correction first.
    fn pinned_links(&mut self, ids: &[&str]) -> Result<Vec<plan::Pin>, Failure> {
        let index: HashMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let all: Vec<&str> = ids.to_vec();
        let rows = self.rows(
            "SELECT p.a, p.b, p.similarity FROM pinned_links p JOIN corrections c
             ON c.id = p.correction WHERE p.a = ANY($1) AND c.undone_at IS NULL
             ORDER BY p.correction",
            &[&all],
        )?;
        Ok(rows
            .iter()
            .filter_map(|r| {
                let a = *index.get(r.get::<_, &str>(0))?;
                let b = *index.get(r.get::<_, &str>(1))?;
                Some(plan::Pin {
                    a,
                    b,
                    similarity: r.get(2),
                })
            })
            .collect())
    }

    /// Give every story of the slugs the regrouping renamed its id ([`plan::story_ids`]);
    /// ids that change stay resolvable as aliases.
    pub(super) fn name_stories(&mut self) -> Result<(), Failure> {
        let slugs: Vec<String> = std::mem::take(&mut self.renamed_slugs)
            .into_iter()
            .collect();
        if slugs.is_empty() {
            return Ok(());
        }
        let rows = self.rows(
            "SELECT slug, key, id, founding_id FROM stories WHERE slug = ANY($1)",
            &[&slugs],
        )?;
        let mut by_slug: BTreeMap<&str, Vec<plan::SlugStory>> = BTreeMap::new();
        for r in &rows {
            by_slug.entry(r.get(0)).or_default().push(plan::SlugStory {
                key: r.get(1),
                id: r.get(2),
                founding_id: r.get(3),
            });
        }
        let changes: Vec<plan::Rename> = by_slug
            .iter()
            .flat_map(|(slug, stories)| plan::story_ids(slug, stories))
            .collect();
        if changes.is_empty() {
            return Ok(());
        }
        // Two phases over all renamed stories at once, so that names moving between
        // stories never collide on the unique index.
        let renamed: Vec<i64> = changes.iter().map(|c| c.key).collect();
        self.exec(
            "UPDATE stories SET id = '~tmp:' || key WHERE key = ANY($1)",
            &[&renamed],
        )?;
        for c in &changes {
            self.exec(
                "UPDATE stories SET id = $2 WHERE key = $1",
                &[&c.key, &c.new],
            )?;
            self.exec("DELETE FROM story_aliases WHERE alias = $1", &[&c.new])?;
            if !plan::is_placeholder(&c.old) {
                self.exec(
                    "INSERT INTO story_aliases (alias, story_key) VALUES ($1, $2)
                     ON CONFLICT (alias) DO UPDATE SET story_key = excluded.story_key",
                    &[&c.old, &c.key],
                )?;
            }
            self.touched.insert(c.key);
        }
        Ok(())
    }

    /// The ids of the stories touched, sorted (as bytes).
    pub(super) fn touched_ids(&mut self) -> Result<Vec<String>, Failure> {
        let touched = keys(&self.touched);
        let mut ids: Vec<String> = self
            .rows("SELECT id FROM stories WHERE key = ANY($1)", &[&touched])?
            .iter()
            .map(|r| r.get(0))
            .collect();
        ids.sort();
        Ok(ids)
    }

    /// Recompute every link and the stories from them (`meta.relink`: a changed linker).
    fn relink(&mut self, linker: &dyn Linker) -> Result<(), Failure> {
        self.exec("DELETE FROM links", &[])?;
        self.exec("DELETE FROM postings", &[])?;
        let rows = self.rows(
            "SELECT seq, to_char(published, 'YYYY-MM-DD'), signature FROM articles ORDER BY seq",
            &[],
        )?;
        for r in rows {
            let seq: i64 = r.get(0);
            let sig = crate::codec::decode(r.get(2))
                .map_err(|e| self.decode(format!("signature of article {seq}: {e}")))?;
            let published = day_number(self.date(r.get(1))?);
            let day = sig.day.map(day_number).unwrap_or(published);
            let mut links = Vec::new();
            for (other, stored) in self.candidates(&sig, &[day, published], linker.window_days())? {
                let (_, similarity) = link(linker, &sig, &stored.signature);
                if similarity >= linker.link_floor() {
                    links.push((other, similarity));
                }
            }
            self.index_terms(seq, &sig, day, published)?;
            self.record_links(seq, &links)?;
            self.dirty.push(seq);
        }
        self.exec("DELETE FROM meta WHERE key = 'relink'", &[])?;
        Ok(())
    }
}
