//! Full-text search over stored articles: a tantivy index kept beside the database.
//!
//! The index is derived data: the store stays the source of truth and the index can always
//! be rebuilt from it ([`SearchIndex::rebuild`], `factline reindex`). One document per article
//! id (re-adding an id replaces its document); title (boosted) and body are ranked with BM25
//! through an English analyser (lower-case, ASCII folding, stemming); the publication day is a
//! fast field for date filters; id, title, body and day are stored so that a hit can be shown
//! with a plain-text snippet without touching the database.

mod stem_cache;

use std::collections::BTreeMap;
use std::ops::Bound;
use std::path::{Path, PathBuf};

use factline_model::{Article, Date, SearchHit, SearchQuery, Span};
use tantivy::collector::{Count, TopDocs};
use tantivy::merge_policy::LogMergePolicy;
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, QueryParser, RangeQuery, TermSetQuery,
};
use tantivy::schema::{
    FAST, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, TokenStream,
};
use tantivy::{
    Index, IndexReader, IndexWriter, Order, ReloadPolicy, TantivyDocument, TantivyError, Term,
};

/// Name of the text analyser; part of the schema, so changing the analysis means a new name
/// (and an index built with another one is reported as needing `factline reindex`).
const ANALYZER: &str = "factline_en_v1";
/// Score multiplier of a title match over a body match.
const TITLE_BOOST: f32 = 2.0;
/// Hits returned when a query asks for none (`limit: 0`).
pub const DEFAULT_LIMIT: usize = 20;
/// Most hits returned by one query.
pub const MAX_LIMIT: usize = 1000;
/// Longest snippet, in bytes of the source text (plus an ellipsis at either end).
const SNIPPET_MAX: usize = 200;
/// Memory budget of an incremental (ingest) writer.
const WRITER_BUDGET: usize = 20_000_000;
/// Memory budget per thread of a rebuild writer.
const REBUILD_BUDGET_PER_THREAD: usize = 64_000_000;
/// Segments larger than this are not merged again. With tantivy's default every document
/// is merged once more each time the index grows eightfold, and at a million articles the
/// merges into half-million-document segments were most of what made ingest slower than
/// at the start. Capped, an ingest's segments are merged once (into segments of about
/// 60,000 documents) at any index size; a query visits more segments (about 16 per
/// million documents), which costs little.
const MERGE_MAX_DOCS: usize = 50_000;

/// Search index errors, each naming the index directory.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("{}: no search index here (run `factline reindex`)", .dir.display())]
    Missing { dir: PathBuf },
    #[error(
        "{}: search index is being written by another process (try again when it finishes)",
        .dir.display()
    )]
    Locked { dir: PathBuf },
    #[error(
        "{}: search index was built by another factline version or is damaged ({detail}); run `factline reindex`",
        .dir.display()
    )]
    Incompatible { dir: PathBuf, detail: String },
    #[error("{}: {detail}", .dir.display())]
    Io { dir: PathBuf, detail: String },
    #[error("{}: search index error: {detail}", .dir.display())]
    Index { dir: PathBuf, detail: String },
}

impl SearchError {
    fn from_tantivy(dir: &Path, e: TantivyError) -> Self {
        let dir = dir.to_path_buf();
        let detail = e.to_string();
        match e {
            TantivyError::LockFailure(..) => SearchError::Locked { dir },
            TantivyError::SchemaError(_)
            | TantivyError::IncompatibleIndex(_)
            | TantivyError::DataCorruption(_) => SearchError::Incompatible { dir, detail },
            TantivyError::IoError(_) => SearchError::Io { dir, detail },
            _ => SearchError::Index { dir, detail },
        }
    }
}

pub type Result<T, E = SearchError> = std::result::Result<T, E>;

/// The index directory that belongs to a database: `<db path>.index`
/// (`factline.db` → `factline.db.index`).
pub fn index_dir_for(db: &Path) -> PathBuf {
    let mut s = db.as_os_str().to_owned();
    s.push(".index");
    PathBuf::from(s)
}

/// Is there a search index in `dir`?
pub fn exists(dir: &Path) -> bool {
    dir.join("meta.json").is_file()
}

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    title: Field,
    body: Field,
    /// Publication day as the integer `YYYYMMDD` (ordered like the dates).
    day: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(ANALYZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        title: b.add_text_field("title", text.clone()),
        body: b.add_text_field("body", text),
        day: b.add_i64_field("day", FAST | STORED),
    };
    (b.build(), fields)
}

fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(stem_cache::MemoStemmer)
        .build()
}

fn day_key(d: Date) -> i64 {
    i64::from(d.year()) * 10_000 + i64::from(d.month()) * 100 + i64::from(d.day())
}

fn day_from_key(k: i64) -> Option<Date> {
    let (y, m, d) = (k / 10_000, (k / 100) % 100, k % 100);
    Date::new(
        i16::try_from(y).ok()?,
        i8::try_from(m).ok()?,
        i8::try_from(d).ok()?,
    )
    .ok()
}

/// A full-text index of articles in one directory.
///
/// Opening never takes the writer lock: any number of processes may search while one
/// writes. The first [`add`](Self::add) (or [`clear`](Self::clear)) takes it; it is released
/// when the index is dropped or [`close`](Self::close)d.
pub struct SearchIndex {
    dir: PathBuf,
    index: Index,
    reader: IndexReader,
    writer: Option<IndexWriter>,
    fields: Fields,
    /// Writer threads and per-thread budget used when a writer is needed.
    writer_threads: usize,
    writer_budget: usize,
}

impl SearchIndex {
    /// Open the index in `dir`, creating the directory and an empty index if there is none.
    pub fn open_or_create(dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(dir).map_err(|e| SearchError::Io {
            dir: dir.to_path_buf(),
            detail: format!("cannot create index directory ({e})"),
        })?;
        let err = |e| SearchError::from_tantivy(dir, e);
        let (schema, fields) = schema();
        let mmap = tantivy::directory::MmapDirectory::open(dir).map_err(|e| SearchError::Io {
            dir: dir.to_path_buf(),
            detail: e.to_string(),
        })?;
        let index = Index::builder()
            .schema(schema)
            .open_or_create(mmap)
            .map_err(err)?;
        Self::from_index(dir, index, fields)
    }

    /// Open an existing index (an error naming `dir` when there is none).
    pub fn open(dir: &Path) -> Result<Self> {
        if !exists(dir) {
            return Err(SearchError::Missing {
                dir: dir.to_path_buf(),
            });
        }
        Self::open_or_create(dir)
    }

    fn from_index(dir: &Path, index: Index, fields: Fields) -> Result<Self> {
        let err = |e| SearchError::from_tantivy(dir, e);
        index.tokenizers().register(ANALYZER, analyzer());
        // Reloads by itself when another process commits (a server stays current while
        // `factline ingest` runs); our own commits reload explicitly.
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()
            .map_err(err)?;
        Ok(SearchIndex {
            dir: dir.to_path_buf(),
            index,
            reader,
            writer: None,
            fields,
            writer_threads: 1,
            writer_budget: WRITER_BUDGET,
        })
    }

    /// An index in `dir` with no documents (uncommitted until [`commit`](Self::commit)):
    /// an incompatible or damaged index there is replaced. Readers keep seeing the old
    /// documents until the commit.
    pub fn recreate(dir: &Path) -> Result<Self> {
        let mut index = match Self::open_or_create(dir) {
            Ok(index) => index,
            Err(SearchError::Incompatible { .. }) => {
                remove_index_files(dir)?;
                Self::open_or_create(dir)?
            }
            Err(e) => return Err(e),
        };
        index.writer_threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .clamp(1, 4);
        index.writer_budget = REBUILD_BUDGET_PER_THREAD;
        index.clear()?;
        Ok(index)
    }

    /// Rebuild the index in `dir` from scratch with `articles`; returns the document count.
    pub fn rebuild(dir: &Path, articles: impl IntoIterator<Item = Article>) -> Result<u64> {
        let mut index = Self::recreate(dir)?;
        let mut chunk = Vec::with_capacity(256);
        for a in articles {
            chunk.push(a);
            if chunk.len() == chunk.capacity() {
                index.add(&chunk)?;
                chunk.clear();
            }
        }
        index.add(&chunk)?;
        index.commit()?;
        let n = index.doc_count();
        index.close()?;
        Ok(n)
    }

    /// The index directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn err(&self, e: TantivyError) -> SearchError {
        SearchError::from_tantivy(&self.dir, e)
    }

    fn writer(&mut self) -> Result<&mut IndexWriter> {
        if self.writer.is_none() {
            let w = self
                .index
                .writer_with_num_threads(
                    self.writer_threads,
                    self.writer_threads * self.writer_budget,
                )
                .map_err(|e| SearchError::from_tantivy(&self.dir, e))?;
            let mut merges = LogMergePolicy::default();
            merges.set_max_docs_before_merge(MERGE_MAX_DOCS);
            w.set_merge_policy(Box::new(merges));
            self.writer = Some(w);
        }
        Ok(self.writer.as_mut().expect("writer just set"))
    }

    /// Index articles (uncommitted until [`commit`](Self::commit)). Re-adding an article id
    /// replaces its document, so the index keeps one document per id.
    pub fn add(&mut self, articles: &[Article]) -> Result<()> {
        if articles.is_empty() {
            return Ok(());
        }
        let f = self.fields;
        let dir = self.dir.clone();
        let writer = self.writer()?;
        for a in articles {
            writer.delete_term(Term::from_field_text(f.id, &a.id));
            let mut doc = TantivyDocument::new();
            doc.add_text(f.id, &a.id);
            if let Some(t) = &a.title {
                doc.add_text(f.title, t);
            }
            doc.add_text(f.body, &a.clean.body);
            doc.add_i64(f.day, day_key(a.published));
            writer
                .add_document(doc)
                .map_err(|e| SearchError::from_tantivy(&dir, e))?;
        }
        Ok(())
    }

    /// Delete every document (uncommitted until [`commit`](Self::commit)).
    pub fn clear(&mut self) -> Result<()> {
        let dir = self.dir.clone();
        self.writer()?
            .delete_all_documents()
            .map_err(|e| SearchError::from_tantivy(&dir, e))?;
        Ok(())
    }

    /// Make added documents durable and visible to searches.
    pub fn commit(&mut self) -> Result<()> {
        let Some(w) = self.writer.as_mut() else {
            return Ok(());
        };
        w.commit()
            .map_err(|e| SearchError::from_tantivy(&self.dir, e))?;
        self.reload()
    }

    /// See the latest commit now (searches otherwise pick up other processes' commits
    /// within a second).
    pub fn reload(&self) -> Result<()> {
        self.reader.reload().map_err(|e| self.err(e))
    }

    /// Release the writer after letting background segment merges finish (uncommitted
    /// additions are discarded: [`commit`](Self::commit) first).
    pub fn close(mut self) -> Result<()> {
        if let Some(w) = self.writer.take() {
            w.wait_merging_threads().map_err(|e| self.err(e))?;
        }
        Ok(())
    }

    /// Number of (committed, searchable) documents.
    pub fn doc_count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Ranked hits for `q` (BM25 over title, boosted, and body), and how many documents
    /// match in all. Dates filter on publication; `only_ids` restricts the search to those
    /// article ids (a story's articles). `SearchHit::story` is left `None` for the caller.
    ///
    /// The query language is tantivy's (words, `"phrases"`, `AND`/`OR`, `-excluded`,
    /// `title:word`); all words are required unless joined by `OR`. Malformed input never
    /// fails: what cannot be parsed is read leniently. An empty query matches every
    /// document, newest first.
    pub fn search(
        &self,
        q: &SearchQuery,
        only_ids: Option<&[String]>,
    ) -> Result<(Vec<SearchHit>, usize)> {
        let f = self.fields;
        let searcher = self.reader.searcher();
        let text = q.q.trim();
        let user_query: Box<dyn Query> = if text.is_empty() {
            Box::new(AllQuery)
        } else {
            let mut parser = QueryParser::for_index(&self.index, vec![f.title, f.body]);
            parser.set_conjunction_by_default();
            parser.set_field_boost(f.title, TITLE_BOOST);
            parse_forgiving(&parser, text)
        };

        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if q.from.is_some() || q.to.is_some() {
            let bound = |d: Option<Date>| match d {
                Some(d) => Bound::Included(Term::from_field_i64(f.day, day_key(d))),
                None => Bound::Unbounded,
            };
            let range = RangeQuery::new(bound(q.from), bound(q.to));
            clauses.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(Box::new(range), 0.0)),
            ));
        }
        if let Some(ids) = only_ids {
            let set = TermSetQuery::new(ids.iter().map(|id| Term::from_field_text(f.id, id)));
            clauses.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(Box::new(set), 0.0)),
            ));
        }
        let query: Box<dyn Query> = if clauses.is_empty() {
            user_query.box_clone()
        } else {
            clauses.push((Occur::Must, user_query.box_clone()));
            Box::new(BooleanQuery::new(clauses))
        };

        let limit = match q.limit {
            0 => DEFAULT_LIMIT,
            n => n.min(MAX_LIMIT),
        };
        let offset = q.offset.min(searcher.num_docs() as usize);
        let top = TopDocs::with_limit(limit).and_offset(offset);
        let (docs, total): (Vec<(f32, tantivy::DocAddress)>, usize) = if text.is_empty() {
            let (docs, total) = searcher
                .search(
                    &*query,
                    &(top.order_by_fast_field::<i64>("day", Order::Desc), Count),
                )
                .map_err(|e| self.err(e))?;
            (docs.into_iter().map(|(_, a)| (0.0, a)).collect(), total)
        } else {
            searcher
                .search(&*query, &(top.order_by_score(), Count))
                .map_err(|e| self.err(e))?
        };

        let snippets =
            Snippets::new(&searcher, &*user_query, &self.index, f.body).map_err(|e| self.err(e))?;
        let mut hits = Vec::with_capacity(docs.len());
        for (score, addr) in docs {
            let doc: TantivyDocument = searcher.doc(addr).map_err(|e| self.err(e))?;
            let text_of = |field| doc.get_first(field).and_then(|v| v.as_str());
            let id = text_of(f.id).unwrap_or_default().to_string();
            let body = text_of(f.body).unwrap_or_default();
            let published = doc
                .get_first(f.day)
                .and_then(|v| v.as_i64())
                .and_then(day_from_key)
                .ok_or_else(|| SearchError::Incompatible {
                    dir: self.dir.clone(),
                    detail: format!("document {id:?} has no valid publication day"),
                })?;
            let (snippet, highlights) = snippets.make(body);
            hits.push(SearchHit {
                title: text_of(f.title).map(str::to_string),
                id,
                story: None,
                published,
                snippet,
                highlights,
                score,
            });
        }
        Ok((hits, total))
    }
}

/// Parse user input without ever failing: as written; else with an unclosed quote closed;
/// else as plain words (query syntax dropped); else tantivy's lenient reading.
fn parse_forgiving(parser: &QueryParser, text: &str) -> Box<dyn Query> {
    let mut attempts = vec![text.to_string()];
    if text.matches('"').count() % 2 == 1 {
        attempts.push(format!("{text}\""));
    }
    // Plain words: dangling operators dropped, syntax characters read as spaces.
    let words: Vec<String> = text
        .split_whitespace()
        .filter(|w| !matches!(*w, "AND" | "OR" | "NOT"))
        .map(|w| {
            w.chars()
                .map(|c| if c.is_alphanumeric() { c } else { ' ' })
                .collect::<String>()
                .to_lowercase()
        })
        .collect();
    let words = words.join(" ");
    if !words.trim().is_empty() {
        attempts.push(words);
    }
    attempts
        .iter()
        .find_map(|a| parser.parse_query(a).ok())
        .unwrap_or_else(|| parser.parse_query_lenient(text).0)
}

/// Remove the files of a (damaged or incompatible) index in `dir`: only the names tantivy
/// writes, so nothing else that happens to be there is ever deleted.
fn remove_index_files(dir: &Path) -> Result<()> {
    let io = |e: std::io::Error| SearchError::Io {
        dir: dir.to_path_buf(),
        detail: e.to_string(),
    };
    let is_segment_file = |name: &str| {
        let stem = name.split('.').next().unwrap_or_default();
        stem.len() == 32 && stem.bytes().all(|b| b.is_ascii_hexdigit())
    };
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let ours = name == "meta.json"
            || name == ".managed.json"
            || name.starts_with(".tantivy-")
            || is_segment_file(name);
        if ours && entry.file_type().map_err(io)?.is_file() {
            std::fs::remove_file(entry.path()).map_err(io)?;
        }
    }
    Ok(())
}

/// Snippet making for one query: tantivy's [`SnippetGenerator`] picks the best passage of
/// the body; the window is then re-centred on its matches, cut at word boundaries, its
/// whitespace collapsed, and every query word inside it highlighted.
struct Snippets {
    generator: SnippetGenerator,
    analyzer: TextAnalyzer,
    terms: BTreeMap<String, f32>,
}

impl Snippets {
    fn new(
        searcher: &tantivy::Searcher,
        query: &dyn Query,
        index: &Index,
        body: Field,
    ) -> tantivy::Result<Self> {
        let mut words: Vec<&Term> = Vec::new();
        query.query_terms(&mut |term, _| {
            if term.field() == body {
                words.push(term);
            }
        });
        let mut terms = BTreeMap::new();
        for term in words {
            let value = term.value();
            let Some(text) = value.as_str() else {
                continue;
            };
            let df = searcher.doc_freq(term)?;
            if df > 0 {
                // Rarer words weigh more in choosing the passage (as tantivy does).
                terms.insert(text.to_string(), 1.0 / (1.0 + df as f32));
            }
        }
        let analyzer = index.tokenizer_for_field(body)?;
        let generator = SnippetGenerator::new(terms.clone(), analyzer.clone(), body, SNIPPET_MAX);
        Ok(Snippets {
            generator,
            analyzer,
            terms,
        })
    }

    /// The snippet of `body` and its highlighted byte spans.
    fn make(&self, body: &str) -> (String, Vec<Span>) {
        let best = self.generator.snippet(body);
        let (start, end) = match best.highlighted().iter().fold(None, |acc, h| {
            let (s, e) = acc.unwrap_or((usize::MAX, 0));
            Some((s.min(h.start), e.max(h.end)))
        }) {
            // Body without a match (the title matched): its beginning.
            None => window(body, 0, 0),
            Some((s, e)) => {
                let base = best.fragment_range().start;
                window(body, base + s, base + e)
            }
        };
        let mut spans = Vec::new();
        let mut analyzer = self.analyzer.clone();
        let mut stream = analyzer.token_stream(&body[start..end]);
        while let Some(tok) = stream.next() {
            if self.terms.contains_key(&tok.text) {
                spans.push((start + tok.offset_from, start + tok.offset_to));
            }
        }
        render(body, start, end, &spans)
    }
}

/// A window of at most about [`SNIPPET_MAX`] bytes of `text` holding `first..last` (the
/// matches), with some context before them: it starts at the sentence start nearest to a
/// third of the spare room before the matches when there is one, else at a word, and ends
/// after a word.
fn window(text: &str, first: usize, last: usize) -> (usize, usize) {
    let len = text.len();
    if len <= SNIPPET_MAX {
        return (0, len);
    }
    if last - first >= SNIPPET_MAX {
        return (first, last);
    }
    let slack = SNIPPET_MAX - (last - first);
    let lo = ceil_boundary(text, first.saturating_sub(slack));
    let ideal = first.saturating_sub(slack / 3).min(len - SNIPPET_MAX);
    let start = match sentence_starts(text, lo, first).min_by_key(|&s| s.abs_diff(ideal)) {
        Some(s) => s,
        None => {
            // At a word: after the next whitespace, unless that passes the first match.
            let s = ceil_boundary(text, ideal);
            if s == 0 || is_space_before(text, s) {
                s
            } else {
                text[s..first]
                    .char_indices()
                    .find(|(_, c)| c.is_whitespace())
                    .map(|(i, c)| s + i + c.len_utf8())
                    .unwrap_or(first)
            }
        }
    };
    let mut end = floor_boundary(text, (start + SNIPPET_MAX).min(len)).max(last);
    // End after a word: at the last whitespace, unless that cuts the last match.
    let cuts_word = end < len && !text[end..].starts_with(char::is_whitespace);
    if let Some(i) = text[last..end]
        .rfind(char::is_whitespace)
        .filter(|_| cuts_word)
    {
        end = last + i;
    }
    (start, end)
}

/// Byte offsets in `lo..=hi` where a sentence or paragraph begins: the text start, a line
/// start, or a word after whitespace that follows `.`, `!` or `?` (maybe before a closing
/// quote or bracket).
fn sentence_starts(text: &str, lo: usize, hi: usize) -> impl Iterator<Item = usize> + '_ {
    let ends_sentence = |before: &str| {
        let mut rev = before.chars().rev().skip_while(|c| c.is_whitespace());
        let mut c = rev.next();
        if matches!(c, Some('"' | '\'' | '”' | '’' | ')' | ']')) {
            c = rev.next();
        }
        matches!(c, Some('.' | '!' | '?'))
    };
    text[lo..hi]
        .char_indices()
        .map(move |(i, c)| (lo + i, c))
        .chain(std::iter::once((hi, ' ')))
        .filter(move |&(i, c)| {
            if i == 0 {
                return true;
            }
            if c.is_whitespace() && i < hi {
                return false;
            }
            let before = &text[..i];
            let Some(prev) = before.chars().next_back() else {
                return true;
            };
            if !prev.is_whitespace() {
                return false;
            }
            let run_start = before.trim_end_matches(char::is_whitespace).len();
            before[run_start..].contains('\n') || ends_sentence(&before[..run_start])
        })
        .map(|(i, _)| i)
}

fn is_space_before(text: &str, i: usize) -> bool {
    text[..i]
        .chars()
        .next_back()
        .is_some_and(char::is_whitespace)
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// `text[start..end]` with runs of whitespace collapsed to one space (` · ` for a line break
/// after an unpunctuated line), trimmed, an ellipsis
/// where text was cut off, and `spans` (absolute, on token boundaries) mapped into it.
fn render(text: &str, start: usize, end: usize, spans: &[(usize, usize)]) -> (String, Vec<Span>) {
    let part = &text[start..end];
    let mut out = String::with_capacity(part.len() + 8);
    // new_at[i]: position in `out` of the byte `start + i` of the text.
    let mut new_at = vec![0usize; part.len() + 1];
    if start > 0 {
        out.push('…');
    }
    // Whitespace seen since the last character kept: none, spaces, or a line break.
    let mut pending: Option<bool> = None;
    for (i, c) in part.char_indices() {
        if c.is_whitespace() {
            pending = Some(pending == Some(true) || c == '\n');
            for k in 0..c.len_utf8() {
                new_at[i + k] = out.len();
            }
            continue;
        }
        if let Some(line_break) = pending.take().filter(|_| !out.is_empty() && out != "…") {
            // A line break after an unpunctuated line (a headline) is shown as " · ".
            let ended = out.ends_with(['.', '!', '?', ':', ';', '"', '”', '’', ')']);
            out.push_str(if line_break && !ended { " · " } else { " " });
        }
        for k in 0..c.len_utf8() {
            new_at[i + k] = out.len();
        }
        out.push(c);
    }
    new_at[part.len()] = out.len();
    if end < text.len() {
        out.push('…');
    }
    let mut highlights: Vec<Span> = Vec::new();
    let mut sorted = spans.to_vec();
    sorted.sort_unstable();
    for (s, e) in sorted {
        let (s, e) = (new_at[s - start], new_at[e - start]);
        match highlights.last_mut() {
            Some(last) if s <= last.end => last.end = last.end.max(e),
            _ => highlights.push(Span::new(s, e)),
        }
    }
    (out, highlights)
}

#[cfg(test)]
mod tests;
