use super::*;
use factline_model::{CleanText, Facts, parse_date};

fn art(id: &str, day: &str, title: Option<&str>, body: &str) -> Article {
    Article {
        id: id.into(),
        source: format!("{id}.txt"),
        url: None,
        published: parse_date(day).unwrap(),
        title: title.map(str::to_string),
        content_hash: factline_model::content_hash(body),
        clean: CleanText {
            body: body.into(),
            sentences: Vec::new(),
        },
        facts: Facts::default(),
        duplicate_of: None,
    }
}

/// A long body with the interesting sentence in the middle, non-ASCII text around it.
fn long_body(middle: &str) -> String {
    let filler = "Officials in the región said the roads near Kahramanmaraş were closed \
                  and that crews — some from Zürich — worked through the night.\u{a0}";
    format!("{}\n\n{middle}\n\n{}", filler.repeat(4), filler.repeat(4))
}

fn fixture() -> Vec<Article> {
    vec![
        art(
            "quake-title",
            "2024-02-06",
            Some("Earthquake kills dozens in the south"),
            "Rescuers searched collapsed buildings on Tuesday. An earthquake struck before dawn.",
        ),
        art(
            "quake-body",
            "2024-02-07",
            Some("Rescuers search collapsed buildings"),
            "Rescue teams kept digging on Wednesday. The earthquake toll rose again overnight.",
        ),
        art(
            "flood",
            "2024-03-01",
            Some("Floods displace thousands"),
            "Heavy rain flooded the valley and thousands were evacuated from their homes.",
        ),
        art(
            "attack",
            "2024-03-23",
            Some("Gunmen attack concert hall"),
            &long_body(
                "At least 60 people were killed and 145 injured when gunmen opened fire; \
                 officials said the killing was the worst in two decades.",
            ),
        ),
        art(
            "attack-later",
            "2024-03-25",
            None,
            "The death toll rose to 133 killed, officials said, as investigators questioned \
             four suspects over the concert hall attack.",
        ),
    ]
}

fn build(dir: &Path, articles: &[Article]) -> SearchIndex {
    let mut idx = SearchIndex::open_or_create(dir).unwrap();
    idx.add(articles).unwrap();
    idx.commit().unwrap();
    idx
}

fn query(q: &str) -> SearchQuery {
    SearchQuery {
        q: q.into(),
        limit: 10,
        ..SearchQuery::default()
    }
}

fn ids(hits: &[SearchHit]) -> Vec<&str> {
    hits.iter().map(|h| h.id.as_str()).collect()
}

/// Every highlight is a non-empty range on char boundaries of the snippet, the snippet is
/// plain text of bounded length, and highlighted words satisfy `word_ok`.
fn check_snippet(h: &SearchHit, word_ok: impl Fn(&str) -> bool) {
    assert!(!h.snippet.contains('<'), "HTML in snippet: {}", h.snippet);
    let separators = h.snippet.matches(" · ").count();
    assert!(
        h.snippet.chars().count() <= SNIPPET_MAX + 2 + 2 * separators,
        "snippet too long ({} chars): {}",
        h.snippet.chars().count(),
        h.snippet
    );
    let mut prev_end = 0;
    for s in &h.highlights {
        assert!(s.start < s.end && s.end <= h.snippet.len(), "{s:?}");
        assert!(s.start >= prev_end, "overlapping or unsorted spans");
        prev_end = s.end;
        assert!(h.snippet.is_char_boundary(s.start) && h.snippet.is_char_boundary(s.end));
        let word = &h.snippet[s.start..s.end];
        assert!(
            word_ok(word),
            "unexpected highlight {word:?} in {:?}",
            h.snippet
        );
    }
}

#[test]
fn ranks_title_matches_first_and_counts_all() {
    let dir = tempfile::tempdir().unwrap();
    let idx = build(dir.path(), &fixture());
    assert_eq!(idx.doc_count(), 5);
    let (hits, total) = idx.search(&query("earthquake"), None).unwrap();
    assert_eq!(total, 2);
    assert_eq!(ids(&hits), ["quake-title", "quake-body"]);
    assert!(hits[0].score > hits[1].score);
    assert_eq!(hits[0].published.to_string(), "2024-02-06");
    assert_eq!(
        hits[0].title.as_deref(),
        Some("Earthquake kills dozens in the south")
    );
    assert!(hits.iter().all(|h| h.story.is_none()));
    for h in &hits {
        check_snippet(h, |w| w.eq_ignore_ascii_case("earthquake"));
        assert_eq!(h.highlights.len(), 1, "{h:?}");
    }
    // Words are all required by default; OR widens.
    let (_, total) = idx.search(&query("earthquake floods"), None).unwrap();
    assert_eq!(total, 0);
    let (hits, total) = idx.search(&query("earthquake OR floods"), None).unwrap();
    assert_eq!(total, 3);
    assert_eq!(hits.len(), 3);
    // Pagination.
    let mut q = query("earthquake OR floods");
    q.limit = 1;
    q.offset = 1;
    let (page, total) = idx.search(&q, None).unwrap();
    assert_eq!(total, 3);
    assert_eq!(ids(&page), [hits[1].id.as_str()]);
}

#[test]
fn stems_folds_and_matches_phrases() {
    let dir = tempfile::tempdir().unwrap();
    let idx = build(dir.path(), &fixture());
    // "kills"/"killed"/"killing" share a stem.
    let (hits, _) = idx.search(&query("killed"), None).unwrap();
    assert_eq!(ids(&hits).len(), 3, "{:?}", ids(&hits));
    // Diacritics are folded both ways.
    let (hits, _) = idx.search(&query("kahramanmaras"), None).unwrap();
    assert_eq!(ids(&hits), ["attack"]);
    let (hits, _) = idx.search(&query("ZURICH"), None).unwrap();
    assert_eq!(ids(&hits), ["attack"]);
    // Phrases keep word order; exclusion works.
    let (hits, _) = idx.search(&query("\"concert hall\""), None).unwrap();
    assert_eq!(hits.len(), 2);
    let (hits, _) = idx.search(&query("\"hall concert\""), None).unwrap();
    assert!(hits.is_empty());
    let (hits, _) = idx.search(&query("concert -suspects"), None).unwrap();
    assert_eq!(ids(&hits), ["attack"]);
}

#[test]
fn snippet_is_centred_plain_text_with_valid_highlights() {
    let dir = tempfile::tempdir().unwrap();
    let idx = build(dir.path(), &fixture());
    let (hits, _) = idx.search(&query("killed gunmen"), None).unwrap();
    assert_eq!(ids(&hits), ["attack"]);
    let h = &hits[0];
    check_snippet(h, |w| {
        let w = w.to_lowercase();
        w.starts_with("kill") || w == "gunmen"
    });
    // The body is long: the snippet is cut on both sides, around the matches.
    assert!(
        h.snippet.starts_with('…') && h.snippet.ends_with('…'),
        "{h:?}"
    );
    let marked: Vec<&str> = h
        .highlights
        .iter()
        .map(|s| &h.snippet[s.start..s.end])
        .collect();
    assert!(
        marked.contains(&"killed") && marked.contains(&"gunmen"),
        "{marked:?}"
    );
    // Whitespace runs (newlines, no-break spaces) are collapsed.
    assert!(!h.snippet.contains('\n') && !h.snippet.contains("  "));
    assert!(!h.snippet.contains('\u{a0}'));
    // Words are not cut: the snippet starts and ends at word boundaries.
    let inner = h.snippet.trim_matches('…');
    let body = &fixture()[3].clean.body;
    let norm: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    let at = norm.find(inner).expect("snippet is a passage of the body");
    assert!(at == 0 || norm[..at].ends_with(' '));
    let after = at + inner.len();
    assert!(after == norm.len() || norm[after..].starts_with(' '));
}

#[test]
fn snippet_of_title_only_match_is_the_lead() {
    let dir = tempfile::tempdir().unwrap();
    let idx = build(dir.path(), &fixture());
    let (hits, _) = idx.search(&query("dozens"), None).unwrap();
    assert_eq!(ids(&hits), ["quake-title"]);
    assert!(hits[0].snippet.starts_with("Rescuers searched"));
    assert!(hits[0].highlights.is_empty());
}

#[test]
fn filters_by_date_and_ids() {
    let dir = tempfile::tempdir().unwrap();
    let idx = build(dir.path(), &fixture());
    let d = |s| Some(parse_date(s).unwrap());
    let mut q = query("killed OR earthquake");
    q.from = d("2024-02-07");
    q.to = d("2024-03-23");
    let (hits, total) = idx.search(&q, None).unwrap();
    let mut got = ids(&hits);
    got.sort();
    assert_eq!(got, ["attack", "quake-body"]);
    assert_eq!(total, 2);
    // Filters do not change scores.
    let (all, _) = idx.search(&query("killed OR earthquake"), None).unwrap();
    for h in &hits {
        let same = all.iter().find(|a| a.id == h.id).unwrap();
        assert!((same.score - h.score).abs() < 1e-6);
    }
    q.to = None;
    let (hits, _) = idx.search(&q, None).unwrap();
    assert_eq!(hits.len(), 3);

    let story = vec!["attack".to_string(), "attack-later".to_string()];
    let (hits, total) = idx.search(&query("killed"), Some(&story)).unwrap();
    assert_eq!(total, 2);
    let mut got = ids(&hits);
    got.sort();
    assert_eq!(got, ["attack", "attack-later"]);
    let (hits, total) = idx.search(&query("killed"), Some(&[])).unwrap();
    assert!(hits.is_empty() && total == 0);
    // An empty query lists the filtered documents, newest first.
    let (hits, total) = idx.search(&query("  "), Some(&story)).unwrap();
    assert_eq!(total, 2);
    assert_eq!(ids(&hits), ["attack-later", "attack"]);
}

#[test]
fn re_adding_an_id_keeps_one_document() {
    let dir = tempfile::tempdir().unwrap();
    let articles = fixture();
    let mut idx = build(dir.path(), &articles);
    idx.add(&articles).unwrap();
    idx.commit().unwrap();
    assert_eq!(idx.doc_count(), 5);
    // Twice in one batch, the later wins.
    let mut revised = articles[2].clone();
    revised.title = Some("Floods displace tens of thousands".into());
    idx.add(&[articles[2].clone(), revised]).unwrap();
    idx.commit().unwrap();
    assert_eq!(idx.doc_count(), 5);
    let (hits, total) = idx.search(&query("floods"), None).unwrap();
    assert_eq!(total, 1);
    assert_eq!(
        hits[0].title.as_deref(),
        Some("Floods displace tens of thousands")
    );
    drop(idx);
    // Reopening sees the same index.
    let idx = SearchIndex::open(dir.path()).unwrap();
    assert_eq!(idx.doc_count(), 5);
}

#[test]
fn malformed_queries_are_read_leniently() {
    let dir = tempfile::tempdir().unwrap();
    let idx = build(dir.path(), &fixture());
    for q in [
        "\"unbalanced",
        "AND OR",
        "AND",
        "(",
        "))((",
        "-",
        "*",
        "title:",
        "nosuchfield:x",
        "day:[2024 TO",
        "earthquake^",
        "~2",
        "\"\"",
        "\u{0}",
    ] {
        let r = idx.search(&query(q), None);
        assert!(r.is_ok(), "{q:?}: {r:?}");
        for h in r.unwrap().0 {
            check_snippet(&h, |_| true);
        }
    }
    let (hits, _) = idx.search(&query("\"earthquake"), None).unwrap();
    assert_eq!(hits.len(), 2);
    let (hits, _) = idx.search(&query("earthquake AND"), None).unwrap();
    assert_eq!(hits.len(), 2);
}

#[test]
fn rebuild_equals_incremental() {
    let articles = fixture();
    let inc_dir = tempfile::tempdir().unwrap();
    let mut inc = SearchIndex::open_or_create(inc_dir.path()).unwrap();
    for chunk in articles.chunks(2) {
        inc.add(chunk).unwrap();
        inc.commit().unwrap();
    }
    let re_dir = tempfile::tempdir().unwrap();
    // Something stale there first: it must not survive the rebuild.
    build(
        re_dir.path(),
        &[art("stale", "2024-01-01", None, "earthquake")],
    )
    .close()
    .unwrap();
    assert_eq!(
        SearchIndex::rebuild(re_dir.path(), articles.iter().cloned()).unwrap(),
        5
    );
    let re = SearchIndex::open(re_dir.path()).unwrap();
    assert_eq!(re.doc_count(), inc.doc_count());
    for q in [
        "earthquake",
        "killed",
        "concert OR floods",
        "\"death toll\"",
        "",
    ] {
        let (a, ta) = inc.search(&query(q), None).unwrap();
        let (b, tb) = re.search(&query(q), None).unwrap();
        assert_eq!(ta, tb, "{q}");
        assert_eq!(ids(&a), ids(&b), "{q}");
        for (x, y) in a.iter().zip(&b) {
            assert_eq!((&x.snippet, &x.highlights), (&y.snippet, &y.highlights));
            assert!((x.score - y.score).abs() < 1e-4, "{q}: {x:?} {y:?}");
        }
    }
}

#[test]
fn missing_and_incompatible_indexes_are_reported_and_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("factline.db.index");
    let e = SearchIndex::open(&path).err().unwrap();
    assert!(matches!(e, SearchError::Missing { .. }));
    assert!(e.to_string().contains("factline.db.index"), "{e}");
    assert!(e.to_string().contains("factline reindex"), "{e}");

    // An index with another schema (an older factline).
    {
        let mut b = Schema::builder();
        b.add_text_field("other", STRING);
        let mmap = tantivy::directory::MmapDirectory::open({
            std::fs::create_dir_all(&path).unwrap();
            &path
        })
        .unwrap();
        Index::create(mmap, b.build(), Default::default()).unwrap();
    }
    let e = SearchIndex::open(&path).err().unwrap();
    assert!(matches!(e, SearchError::Incompatible { .. }), "{e}");
    assert!(e.to_string().contains("factline reindex"), "{e}");
    assert_eq!(SearchIndex::rebuild(&path, fixture()).unwrap(), 5);
    assert_eq!(SearchIndex::open(&path).unwrap().doc_count(), 5);

    // A damaged index is replaced, and only tantivy's files are deleted.
    let other = dir.path().join("precious");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("meta.json"), "not tantivy").unwrap();
    std::fs::write(other.join("keep.txt"), "x").unwrap();
    assert_eq!(SearchIndex::rebuild(&other, fixture()).unwrap(), 5);
    assert!(other.join("keep.txt").exists());
}

#[test]
fn second_writer_is_reported_as_locked() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = build(dir.path(), &fixture());
    let mut b = SearchIndex::open(dir.path()).unwrap();
    // Readers never conflict.
    assert_eq!(b.doc_count(), 5);
    let e = b.add(&fixture()).err().unwrap();
    assert!(matches!(e, SearchError::Locked { .. }), "{e}");
    a.add(&fixture()).unwrap();
    a.commit().unwrap();
    b.reload().unwrap();
    assert_eq!(b.doc_count(), 5);
}

#[test]
fn index_dir_is_beside_the_database() {
    assert_eq!(
        index_dir_for(Path::new("/data/factline.db")),
        Path::new("/data/factline.db.index")
    );
    assert_eq!(index_dir_for(Path::new("x")), Path::new("x.index"));
}

#[test]
fn day_keys_round_trip_and_order() {
    for s in ["1900-01-01", "2024-02-29", "2200-12-31"] {
        let d = parse_date(s).unwrap();
        assert_eq!(day_from_key(day_key(d)), Some(d));
    }
    assert!(
        day_key(parse_date("2024-01-31").unwrap()) < day_key(parse_date("2024-02-01").unwrap())
    );
}

#[test]
fn snippet_separates_a_headline_line() {
    let dir = tempfile::tempdir().unwrap();
    let body = "Quake hits coast\n\nA strong quake hit the coast.\nOfficials  said so.";
    let idx = build(dir.path(), &[art("h", "2024-05-01", None, body)]);
    let (hits, _) = idx.search(&query("quake"), None).unwrap();
    assert_eq!(
        hits[0].snippet,
        "Quake hits coast · A strong quake hit the coast. Officials said so."
    );
    let marked: Vec<&str> = hits[0]
        .highlights
        .iter()
        .map(|s| &hits[0].snippet[s.start..s.end])
        .collect();
    assert_eq!(marked, ["Quake", "quake"]);
}

/// Random texts (multi-byte letters, odd whitespace, punctuation) and random queries: no
/// error, and every snippet keeps its invariants.
#[test]
fn random_texts_and_queries_keep_snippet_invariants() {
    const WORDS: &[&str] = &[
        "quake",
        "Zürich",
        "naïve",
        "東京",
        "toll",
        "killed",
        "—",
        "\u{a0}",
        "\n\n",
        "rose.",
        "(police)",
        "“said”",
        "ĳssel",
        "x",
        "200",
        "1,200",
        "a",
        "the",
        "Kahramanmaraş",
        "\t",
        "end!",
        "émigré",
        "ok?",
    ];
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let mut articles = Vec::new();
    for i in 0..120 {
        let len = 1 + next(300);
        let mut body = String::new();
        for _ in 0..len {
            body.push_str(WORDS[next(WORDS.len())]);
            body.push(if next(5) == 0 { '\n' } else { ' ' });
        }
        articles.push(art(&format!("r{i}"), "2024-01-01", None, body.trim()));
    }
    let dir = tempfile::tempdir().unwrap();
    let idx = build(dir.path(), &articles);
    let mut seen = 0;
    for _ in 0..60 {
        let mut q = String::new();
        for _ in 0..1 + next(3) {
            let w = WORDS[next(WORDS.len())];
            match next(6) {
                0 => q.push_str(&format!("\"{w}")),
                1 => q.push_str(&format!("-{w}")),
                2 => q.push_str(&format!("{w} OR")),
                _ => q.push_str(w),
            }
            q.push(' ');
        }
        let (hits, total) = idx.search(&query(&q), None).unwrap();
        assert!(hits.len() <= total);
        seen += hits.iter().filter(|h| !h.highlights.is_empty()).count();
        for h in &hits {
            check_snippet(h, |w| !w.trim().is_empty());
        }
    }
    assert!(seen > 100, "{seen}");
}

#[test]
fn index_can_be_shared_between_threads() {
    fn shareable<T: Send + Sync>() {}
    shareable::<SearchIndex>();
}
