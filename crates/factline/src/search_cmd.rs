//! `factline search` and `factline reindex`, and what the CLI says about the search index
//! beside the database (`<db>.index/`), which the application layer keeps current.
//!
//! The index is derived from the store and never trusted over it: when it is missing it is
//! built, when it disagrees with the store (another article count) the user is told to run
//! `factline reindex`, and a failure to update it never fails an ingest.

use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::Result;
use factline_app::{AppError, IndexNotice};
use factline_model::{Date, SearchHit, SearchQuery};
use factline_search::SearchIndex;
use factline_store::Store;
use indicatif::{ProgressBar, ProgressStyle};

use crate::commands::cli_error;
use crate::database::Database;
use crate::{Outcome, stderr_is_terminal};

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

fn reindex_hint(db: &Database) -> String {
    match db.option() {
        None => "factline reindex".to_string(),
        Some(option) => format!("factline reindex {option}"),
    }
}

/// Tell what the index upkeep of an ingest into `db` found.
pub fn index_notice(db: &Database, notice: IndexNotice) {
    match notice {
        IndexNotice::NotUpdated(e) => eprintln!("factline: search index not updated: {e}"),
        IndexNotice::Incomplete(dir) => eprintln!(
            "factline: search index {} does not cover every stored article; run `{}`",
            dir.display(),
            reindex_hint(db)
        ),
    }
}

/// A progress bar for building the index from `store`, shown on a terminal.
fn index_bar(store: &dyn Store) -> ProgressBar {
    match store.article_count() {
        Ok(total) if stderr_is_terminal() => {
            let b = ProgressBar::new(total as u64);
            b.set_style(
                ProgressStyle::with_template("{spinner} indexing {pos}/{len} articles ({per_sec})")
                    .expect("valid template"),
            );
            b
        }
        _ => ProgressBar::hidden(),
    }
}

/// Rebuild the index in `dir` from every article of `store`; returns the document count.
pub fn rebuild(store: &dyn Store, dir: &Path) -> Result<u64, AppError> {
    let bar = index_bar(store);
    let n = factline_app::index::rebuild(store, dir, |n| bar.inc(n as u64))?;
    bar.finish_and_clear();
    Ok(n)
}

/// The index in `dir`, built from `store` when there is none (`building` says so first).
pub fn open_or_build(
    store: &dyn Store,
    dir: &Path,
    building: impl FnOnce() -> Result<(), AppError>,
) -> Result<SearchIndex, AppError> {
    let bar = std::cell::OnceCell::new();
    let index = factline_app::index::open_or_build(store, dir, building, |n| {
        bar.get_or_init(|| index_bar(store)).inc(n as u64)
    });
    if let Some(b) = bar.get() {
        b.finish_and_clear();
    }
    index
}

pub fn reindex(db: &Database) -> Result<Outcome> {
    let store = db.open_read_only()?;
    let dir = db.index_dir();
    let n = rebuild(&*store, &dir)?;
    eprintln!("indexed {n} articles into {}", dir.display());
    Ok(Outcome::Ok)
}

/// The index beside `db`, built first when there is none.
fn open_for_search(db: &Database, store: &dyn Store) -> Result<SearchIndex> {
    let dir = db.index_dir();
    let building = || {
        eprintln!(
            "factline: no search index yet; building {} from {} ({} articles)",
            dir.display(),
            db.name(),
            store.article_count()?
        );
        Ok(())
    };
    open_or_build(store, &dir, building).map_err(|e| match e {
        AppError::IndexBuild(e) => anyhow::Error::new(*e).context(format!(
            "building the search index failed (retry with `{}`)",
            reindex_hint(db)
        )),
        e => e.into(),
    })
}

/// Ranked hits for `args` from the database `db` and its index, each with its story id.
pub fn run_search(db: &Database, args: &SearchArgs) -> Result<(Vec<SearchHit>, usize)> {
    let store = db.open_read_only()?;
    let index = open_for_search(db, &*store)?;
    let (stored, indexed) = (store.article_count()?, index.doc_count());
    if stored as u64 != indexed {
        eprintln!(
            "factline: search index {} is out of date ({indexed} of {stored} articles indexed); run `{}`",
            index.dir().display(),
            reindex_hint(db)
        );
    }
    let query = SearchQuery {
        q: args.words.join(" "),
        from: args.from,
        to: args.to,
        story: args.story.clone(),
        limit: args.limit,
        offset: args.offset,
    };
    factline_app::search(&*store, &index, &query).map_err(|e| cli_error(e, db))
}

pub fn search(db: &Database, args: &SearchArgs) -> Result<Outcome> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::ingest_into;
    use crate::sample_corpus as sample;
    use factline_model::Signature;
    use factline_search::index_dir_for;
    use factline_store::NewArticle;
    use factline_store::SqliteStore;

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
        let notices = std::sync::Mutex::new(Vec::new());
        let notify = |n: IndexNotice| notices.lock().unwrap().push(n);
        let mut run = factline_app::Ingest::begin(&mut store, &index_dir_for(&db), &notify);
        let inputs = [sample()];
        factline_app::ingest_stream(
            &mut run,
            || crate::inputs::read_inputs(&inputs, Default::default()),
            &|e| panic!("{e}"),
            |_| {},
        )
        .unwrap();
        let totals = run.finish();
        assert_eq!(*notices.lock().unwrap(), vec![]);
        drop(store);
        assert!(totals.new > 0);

        let queries = ["killed", "earthquake OR flood", "\"at least\"", "police"];
        let before: Vec<_> = queries
            .iter()
            .map(|q| run_search(&Database::sqlite(db.clone()), &args(q)).unwrap())
            .collect();
        assert!(before[0].1 > 0, "sample corpus mentions deaths");
        for (hits, _) in &before {
            assert!(hits.iter().all(|h| h.story.is_some()));
        }
        assert_eq!(
            SearchIndex::open(&index_dir_for(&db)).unwrap().doc_count(),
            totals.new as u64
        );

        reindex(&Database::sqlite(db.clone())).unwrap();
        for (q, (hits, total)) in queries.iter().zip(&before) {
            let (again, t2) = run_search(&Database::sqlite(db.clone()), &args(q)).unwrap();
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
        let (hits, _) = run_search(&Database::sqlite(db.clone()), &args("killed")).unwrap();
        let story = hits[0].story.clone().unwrap();
        let mut a = args("killed");
        a.story = Some(story.clone());
        let (in_story, total) = run_search(&Database::sqlite(db.clone()), &a).unwrap();
        assert!(total >= 1);
        assert!(in_story.iter().all(|h| h.story.as_deref() == Some(&story)));
        a.story = Some("no-such-story".into());
        assert!(run_search(&Database::sqlite(db.clone()), &a).is_err());
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
        let mut article = factline_app::process(&factline_model::RawArticle {
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
            store.ingest(&batch, &SharedTerm).unwrap();
        }
        let rec = store.story("r-story").unwrap().unwrap();
        assert_eq!(rec.id, "p-story");
        drop(store);
        reindex(&Database::sqlite(db.clone())).unwrap();
        let mut a = args("flood");
        a.story = Some("r-story".into());
        let (hits, total) = run_search(&Database::sqlite(db.clone()), &a).unwrap();
        assert_eq!(total, 3);
        assert!(hits.iter().all(|h| h.story.as_deref() == Some("p-story")));
        a.story = None;
        assert_eq!(run_search(&Database::sqlite(db.clone()), &a).unwrap().1, 4);
    }

    #[test]
    fn missing_index_is_built_on_first_search() {
        let tmp = tempfile::tempdir().unwrap();
        let db = tmp.path().join("t.db");
        let mut store = SqliteStore::open(&db).unwrap();
        ingest_into(
            &mut store,
            &Database::sqlite(db.clone()),
            &[sample()],
            Default::default(),
        )
        .unwrap();
        let n = store.article_count().unwrap() as u64;
        drop(store);
        std::fs::remove_dir_all(index_dir_for(&db)).unwrap();
        let (hits, _) = run_search(&Database::sqlite(db.clone()), &args("killed")).unwrap();
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
