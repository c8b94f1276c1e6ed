//! `factline search` and `factline reindex`, and keeping the search index beside the database
//! (`<db>.index/`) current while ingesting.
//!
//! The index is derived from the store and never trusted over it: when it is missing it is
//! built, when it disagrees with the store (another article count) the user is told to run
//! `factline reindex`, and a failure to update it never fails an ingest.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};
use factline_model::{Date, SearchHit, SearchQuery};
use factline_search::{SearchError, SearchIndex, index_dir_for};
use factline_store::{BatchReport, NewArticle, SqliteStore, Store};
use indicatif::{ProgressBar, ProgressStyle};

use crate::{Outcome, stderr_is_terminal};

/// Articles read from the store per page while rebuilding.
const PAGE: usize = 512;

/// What `factline search` was asked.
pub struct SearchArgs {
    pub words: Vec<String>,
    pub json: bool,
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub story: Option<String>,
    pub limit: usize,
    pub offset: usize,
}

fn reindex_hint(db: &Path) -> String {
    if db == Path::new("factline.db") {
        "factline reindex".to_string()
    } else {
        format!("factline reindex --db {}", db.display())
    }
}

/// Rebuild the index in `dir` from every article of `store`; returns the document count.
pub fn rebuild(store: &dyn Store, dir: &Path) -> Result<u64> {
    let total = store.article_count()?;
    let bar = if stderr_is_terminal() {
        let b = ProgressBar::new(total as u64);
        b.set_style(
            ProgressStyle::with_template("{spinner} indexing {pos}/{len} articles ({per_sec})")
                .expect("valid template"),
        );
        b
    } else {
        ProgressBar::hidden()
    };
    let mut index = SearchIndex::recreate(dir)?;
    let mut after = 0;
    loop {
        let page = store.articles_page(after, PAGE)?;
        let Some(&(last, _)) = page.last() else {
            break;
        };
        after = last;
        let articles: Vec<_> = page.into_iter().map(|(_, a)| a).collect();
        index.add(&articles)?;
        bar.inc(articles.len() as u64);
    }
    index.commit()?;
    let n = index.doc_count();
    index.close()?;
    bar.finish_and_clear();
    Ok(n)
}

pub fn reindex(db: &Path) -> Result<Outcome> {
    let store = SqliteStore::open_read_only(db)?;
    let dir = index_dir_for(db);
    let n = rebuild(&store, &dir)?;
    eprintln!("indexed {n} articles into {}", dir.display());
    Ok(Outcome::Ok)
}

/// The index beside `db`, built first when there is none.
fn open_for_search(db: &Path, store: &dyn Store) -> Result<SearchIndex> {
    let dir = index_dir_for(db);
    match SearchIndex::open(&dir) {
        Err(SearchError::Missing { .. }) => {
            eprintln!(
                "factline: no search index yet; building {} from {} ({} articles)",
                dir.display(),
                db.display(),
                store.article_count()?
            );
            rebuild(store, &dir).with_context(|| {
                format!(
                    "building the search index failed (retry with `{}`)",
                    reindex_hint(db)
                )
            })?;
            Ok(SearchIndex::open(&dir)?)
        }
        other => Ok(other?),
    }
}

/// Ranked hits for `args` from the database `db` and its index, each with its story id.
pub fn run_search(db: &Path, args: &SearchArgs) -> Result<(Vec<SearchHit>, usize)> {
    let store = SqliteStore::open_read_only(db)?;
    let index = open_for_search(db, &store)?;
    let (stored, indexed) = (store.article_count()?, index.doc_count());
    if stored as u64 != indexed {
        eprintln!(
            "factline: search index {} is out of date ({indexed} of {stored} articles indexed); run `{}`",
            index.dir().display(),
            reindex_hint(db)
        );
    }
    let only_ids = match &args.story {
        None => None,
        Some(id) => {
            let rec = store
                .story(id)?
                .ok_or_else(|| anyhow!("{id}: no such story in {}", db.display()))?;
            let ids: Vec<String> = store
                .story_articles(rec.key)?
                .into_iter()
                .map(|a| a.id)
                .collect();
            Some(ids)
        }
    };
    let query = SearchQuery {
        q: args.words.join(" "),
        from: args.from,
        to: args.to,
        story: args.story.clone(),
        limit: args.limit,
        offset: args.offset,
    };
    let (mut hits, total) = index.search(&query, only_ids.as_deref())?;
    for h in &mut hits {
        // An article indexed but no longer in the store (a stale index) keeps no story.
        h.story = store.article(&h.id)?.and_then(|(_, story)| story);
    }
    Ok((hits, total))
}

pub fn search(db: &Path, args: &SearchArgs) -> Result<Outcome> {
    let (hits, total) = run_search(db, args)?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    if args.json {
        serde_json::to_writer_pretty(&mut out, &hits)?;
        writeln!(out)?;
    } else {
        write_hits(&mut out, &args.words.join(" "), &hits, total, args.offset)?;
    }
    out.flush()?;
    Ok(Outcome::Ok)
}

/// `snippet` with its highlighted spans marked `⟦…⟧`.
pub fn marked(hit: &SearchHit) -> String {
    let mut s = String::with_capacity(hit.snippet.len() + 8 * hit.highlights.len());
    let mut at = 0;
    for h in &hit.highlights {
        let (Some(before), Some(word)) = (
            hit.snippet.get(at..h.start),
            hit.snippet.get(h.start..h.end),
        ) else {
            continue;
        };
        s.push_str(before);
        s.push('⟦');
        s.push_str(word);
        s.push('⟧');
        at = h.end;
    }
    s.push_str(hit.snippet.get(at..).unwrap_or_default());
    s
}

fn write_hits(
    out: &mut impl Write,
    query: &str,
    hits: &[SearchHit],
    total: usize,
    offset: usize,
) -> Result<()> {
    if hits.is_empty() {
        if total > 0 {
            writeln!(out, "no more matches for {query:?} ({total} in all)")?;
        } else {
            writeln!(out, "no matches for {query:?}")?;
        }
        return Ok(());
    }
    writeln!(
        out,
        "{}–{} of {total} matches for {query:?}\n",
        offset + 1,
        offset + hits.len()
    )?;
    for (i, h) in hits.iter().enumerate() {
        writeln!(
            out,
            "{:>3}. {}  {}  story {}  (score {:.2})",
            offset + i + 1,
            h.published,
            h.id,
            h.story.as_deref().unwrap_or("-"),
            h.score
        )?;
        if let Some(t) = &h.title {
            writeln!(out, "     {t}")?;
        }
        writeln!(out, "     {}\n", marked(h))?;
    }
    Ok(())
}

/// Keeps the index beside a database current while an ingest stores batches. It never fails
/// the ingest: on trouble it says so once, stops updating, and suggests `factline reindex`.
pub struct IndexUpdater {
    db: PathBuf,
    dir: PathBuf,
    index: Option<SearchIndex>,
    /// The index lacks (or may lack) stored articles.
    incomplete: bool,
    /// Articles added since the last commit.
    pending: usize,
}

/// Articles indexed between commits during an ingest. Each commit writes a segment that
/// background merges must fold in again, so committing every store batch cost more than
/// the indexing itself; a crash loses at most this many from the index, which the next
/// ingest reports (index and database counts differ) and `reindex` repairs.
const COMMIT_EVERY: usize = 16_384;

impl IndexUpdater {
    /// Open (creating if needed) the index beside `db` before ingesting into `store`.
    pub fn open(db: &Path, store: &dyn Store) -> Self {
        let dir = index_dir_for(db);
        let mut me = IndexUpdater {
            db: db.to_path_buf(),
            dir: dir.clone(),
            index: None,
            incomplete: false,
            pending: 0,
        };
        let stored = match store.article_count() {
            Ok(n) => n as u64,
            Err(e) => {
                me.fail(&anyhow!(e));
                return me;
            }
        };
        match SearchIndex::open_or_create(&dir) {
            Ok(mut index) => {
                let indexed = index.doc_count();
                if stored == 0 && indexed > 0 {
                    // A fresh database beside an old index: the old documents are not ours.
                    if let Err(e) = index.clear().and_then(|_| index.commit()) {
                        me.fail(&e.into());
                        return me;
                    }
                } else if indexed != stored {
                    me.incomplete = true;
                }
                me.index = Some(index);
            }
            Err(e) => me.fail(&e.into()),
        }
        me
    }

    fn fail(&mut self, e: &anyhow::Error) {
        eprintln!("factline: search index not updated: {e:#}");
        self.index = None;
        self.incomplete = true;
    }

    /// Index the articles a committed store batch added.
    pub fn stored(&mut self, batch: &[NewArticle], report: &BatchReport) {
        let Some(index) = self.index.as_mut() else {
            return;
        };
        if report.new.is_empty() {
            return;
        }
        let articles: Vec<_> = report.new_articles(batch).collect();
        self.pending += articles.len();
        let commit = self.pending >= COMMIT_EVERY;
        if let Err(e) = index
            .add(&articles)
            .and_then(|_| if commit { index.commit() } else { Ok(()) })
        {
            self.fail(&e.into());
        } else if commit {
            self.pending = 0;
        }
    }

    /// Let background merges finish; tell the user when the index needs a rebuild.
    pub fn finish(mut self) {
        if let Some(Err(e)) = self
            .index
            .take()
            .map(|mut index| index.commit().and_then(|_| index.close()))
        {
            self.fail(&e.into());
        }
        if self.incomplete {
            eprintln!(
                "factline: search index {} does not cover every stored article; run `{}`",
                self.dir.display(),
                reindex_hint(&self.db)
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::ingest_into;
    use factline_model::Signature;

    fn sample() -> String {
        format!(
            "{}/../../corpus/sample/articles",
            env!("CARGO_MANIFEST_DIR")
        )
    }

    fn args(words: &str) -> SearchArgs {
        SearchArgs {
            words: words.split(' ').map(str::to_string).collect(),
            json: false,
            from: None,
            to: None,
            story: None,
            limit: 50,
            offset: 0,
        }
    }

    fn key(hits: &[SearchHit]) -> Vec<(String, Option<String>, String)> {
        hits.iter()
            .map(|h| (h.id.clone(), h.story.clone(), marked(h)))
            .collect()
    }

    /// Ingest keeps the index current; a reindex gives the same answers; a story filter
    /// takes a story id and gives only that story's articles.
    #[test]
    fn ingest_index_equals_reindex_and_story_filter_works() {
        let tmp = tempfile::tempdir().unwrap();
        let db = tmp.path().join("t.db");
        let mut store = SqliteStore::open(&db).unwrap();
        let mut updater = IndexUpdater::open(&db, &store);
        let totals =
            ingest_into(&mut store, &[sample()], Default::default(), &mut updater).unwrap();
        assert!(!updater.incomplete);
        updater.finish();
        drop(store);
        assert!(totals.new > 0);

        let queries = ["killed", "earthquake OR flood", "\"at least\"", "police"];
        let before: Vec<_> = queries
            .iter()
            .map(|q| run_search(&db, &args(q)).unwrap())
            .collect();
        assert!(before[0].1 > 0, "sample corpus mentions deaths");
        for (hits, _) in &before {
            assert!(hits.iter().all(|h| h.story.is_some()));
        }
        assert_eq!(
            SearchIndex::open(&index_dir_for(&db)).unwrap().doc_count(),
            totals.new as u64
        );

        reindex(&db).unwrap();
        for (q, (hits, total)) in queries.iter().zip(&before) {
            let (again, t2) = run_search(&db, &args(q)).unwrap();
            assert_eq!(*total, t2, "{q}");
            // Same documents with the same snippets (scores may move slightly: merged
            // segments vs one).
            let mut a = key(hits);
            let mut b = key(&again);
            a.sort();
            b.sort();
            assert_eq!(a, b, "{q}");
        }

        // Story filter, by id.
        let (hits, _) = run_search(&db, &args("killed")).unwrap();
        let story = hits[0].story.clone().unwrap();
        let mut a = args("killed");
        a.story = Some(story.clone());
        let (in_story, total) = run_search(&db, &a).unwrap();
        assert!(total >= 1);
        assert!(in_story.iter().all(|h| h.story.as_deref() == Some(&story)));
        a.story = Some("no-such-story".into());
        assert!(run_search(&db, &a).is_err());
    }

    /// Links articles that share an index term.
    struct SharedTerm;

    impl factline_store::Linker for SharedTerm {
        fn similarity(&self, a: &Signature, b: &Signature) -> f32 {
            if a.index_terms.iter().any(|t| b.index_terms.contains(t)) {
                1.0
            } else {
                0.0
            }
        }
        fn near_duplicate(&self, _: &Signature, _: &Signature) -> bool {
            false
        }
        fn window_days(&self) -> i64 {
            7
        }
    }

    fn new_article(id: &str, terms: &[&str], slug: &str, body: &str) -> NewArticle {
        let mut article = crate::pipeline::process(&factline_model::RawArticle {
            id: id.into(),
            source: format!("{id}.txt"),
            url: None,
            published: factline_model::parse_date("2024-05-01").unwrap(),
            title: None,
            body: body.into(),
        });
        article.id = id.into();
        NewArticle {
            article,
            signature: Signature {
                index_terms: terms.iter().map(|t| t.to_string()).collect(),
                slug: slug.into(),
                ..Signature::default()
            },
        }
    }

    #[test]
    fn story_filter_accepts_an_alias() {
        let tmp = tempfile::tempdir().unwrap();
        let db = tmp.path().join("t.db");
        let mut store = SqliteStore::open(&db).unwrap();
        let mut updater = IndexUpdater::open(&db, &store);
        // Two stories, then an article that links both: "r-story" becomes an alias.
        for batch in [
            vec![new_article(
                "a",
                &["p"],
                "p-story",
                "A flood in the valley.",
            )],
            vec![new_article(
                "b",
                &["r"],
                "r-story",
                "The flood waters rose.",
            )],
            vec![new_article(
                "c",
                &["p", "r"],
                "p-story",
                "Flood victims were counted.",
            )],
            vec![new_article(
                "d",
                &["z"],
                "z-story",
                "Another flood elsewhere.",
            )],
        ] {
            let report = store.ingest(&batch, &SharedTerm).unwrap();
            updater.stored(&batch, &report);
        }
        updater.finish();
        let rec = store.story("r-story").unwrap().unwrap();
        assert_eq!(rec.id, "p-story");
        drop(store);
        let mut a = args("flood");
        a.story = Some("r-story".into());
        let (hits, total) = run_search(&db, &a).unwrap();
        assert_eq!(total, 3);
        assert!(hits.iter().all(|h| h.story.as_deref() == Some("p-story")));
        a.story = None;
        assert_eq!(run_search(&db, &a).unwrap().1, 4);
    }

    #[test]
    fn missing_index_is_built_on_first_search() {
        let tmp = tempfile::tempdir().unwrap();
        let db = tmp.path().join("t.db");
        let mut store = SqliteStore::open(&db).unwrap();
        let mut updater = IndexUpdater::open(&db, &store);
        ingest_into(&mut store, &[sample()], Default::default(), &mut updater).unwrap();
        updater.finish();
        let n = store.article_count().unwrap() as u64;
        drop(store);
        std::fs::remove_dir_all(index_dir_for(&db)).unwrap();
        let (hits, _) = run_search(&db, &args("killed")).unwrap();
        assert!(!hits.is_empty());
        assert_eq!(
            SearchIndex::open(&index_dir_for(&db)).unwrap().doc_count(),
            n
        );
    }

    #[test]
    fn marks_highlights() {
        let hit = SearchHit {
            id: "a".into(),
            story: None,
            published: factline_model::parse_date("2024-01-01").unwrap(),
            title: None,
            snippet: "…the Zürich toll rose…".into(),
            highlights: vec![
                factline_model::Span::new(7, 14),
                factline_model::Span::new(15, 19),
            ],
            score: 1.0,
        };
        assert_eq!(marked(&hit), "…the ⟦Zürich⟧ ⟦toll⟧ rose…");
    }
}
