//! Wiring of the stages: read → clean → extract → (signature) → store.

use factline_fetch::{Fetcher, Options, is_url};
use factline_ingest::{Format, InputError, expand_inputs, read_input_with, read_whole};
use factline_model::{Article, RawArticle, Signature, content_hash};
use factline_store::{Linker, NewArticle};

/// Clean and extract one raw article.
pub fn process(raw: &RawArticle) -> Article {
    let clean = factline_clean::clean(&raw.body);
    let facts = factline_extract::extract(&clean, raw.published);
    Article {
        id: raw.id.clone(),
        source: raw.source.clone(),
        url: raw.url.clone(),
        published: raw.published,
        title: raw.title.clone(),
        content_hash: content_hash(&raw.body),
        clean,
        facts,
        duplicate_of: None,
    }
}

/// Clean, extract and sign one article. A bug that panics on one article's text rejects
/// that article (reported like any bad input) instead of stopping the batch.
pub fn prepare(raw: &RawArticle) -> Result<NewArticle, InputError> {
    guarded(raw, || {
        let article = process(raw);
        let signature = factline_cluster::signature(&article);
        NewArticle { article, signature }
    })
}

/// Run `work` on one article; a panic becomes that article's rejection.
pub fn guarded<T>(raw: &RawArticle, work: impl FnOnce() -> T) -> Result<T, InputError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).map_err(|panic| {
        InputError::new(
            format!("{} ({})", raw.source, raw.id),
            format!(
                "internal error while extracting facts, article skipped: {}",
                panic_text(&*panic)
            ),
        )
    })
}

/// Process a batch on all cores, keeping input order.
pub fn process_batch(raws: &[RawArticle]) -> Vec<Result<NewArticle, InputError>> {
    map_in_order(raws, prepare)
}

/// `f` over every article on all cores; the results keep the input order.
pub fn map_in_order<T: Send>(raws: &[RawArticle], f: impl Fn(&RawArticle) -> T + Sync) -> Vec<T> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(raws.len().max(1));
    let chunk = raws.len().div_ceil(threads).max(1);
    let f = &f;
    std::thread::scope(|s| {
        let handles: Vec<_> = raws
            .chunks(chunk)
            .map(|part| s.spawn(move || part.iter().map(f).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("article processing thread panicked"))
            .collect()
    })
}

/// Where a run's articles come from and how they are read.
#[derive(Clone, Copy, Default)]
pub struct Sources<'a> {
    pub opts: Options,
    /// Set when some input is a URL or feed links are to be fetched.
    pub fetcher: Option<&'a Fetcher>,
    /// Log each source's fetch to stderr (`watch`).
    pub log: bool,
}

type Items<'a> = Box<dyn Iterator<Item = Result<RawArticle, InputError>> + 'a>;

/// Every article of every input (paths, `-`, page and feed URLs), errors reported through
/// `on_error` as they occur.
pub fn read_all_inputs<'a>(
    inputs: &'a [String],
    sources: Sources<'a>,
    mut on_error: impl FnMut(&InputError) + 'a,
) -> impl Iterator<Item = RawArticle> + 'a {
    inputs
        .iter()
        .flat_map(move |arg| -> Items<'a> {
            if is_url(arg) {
                return match sources.fetcher {
                    Some(f) => guard_reads(
                        arg.clone(),
                        lazy(move || {
                            if sources.log {
                                eprintln!("watch: {arg}: fetching");
                            }
                            let read = f.read(arg, &sources.opts);
                            if sources.log {
                                log_read(arg, &read);
                            }
                            Box::new(read.results.into_iter())
                        }),
                    ),
                    None => Box::new(std::iter::once(Err(InputError::new(
                        arg.as_str(),
                        "URLs are not fetched here",
                    )))),
                };
            }
            Box::new(
                expand_inputs(std::slice::from_ref(arg))
                    .into_iter()
                    .flat_map(move |input| read_one(input, sources)),
            )
        })
        .filter_map(move |r| match r {
            Ok(a) => Some(a),
            Err(e) => {
                on_error(&e);
                None
            }
        })
}

/// `watch: <source>: …`: what one fetch gave.
fn log_read(name: &str, read: &factline_fetch::Reading) {
    let ok = read.results.iter().filter(|r| r.is_ok()).count();
    let failed = read.results.len() - ok;
    let failed = if failed > 0 {
        format!(", {failed} failed")
    } else {
        String::new()
    };
    if read.not_modified {
        eprintln!("watch: {name}: not modified");
    } else if let Some(items) = read.items {
        eprintln!(
            "watch: {name}: feed of {items} items, {} already read, {ok} to ingest{failed}",
            read.skipped
        );
    } else if read.page {
        eprintln!("watch: {name}: page, {ok} to ingest{failed}");
    } else {
        eprintln!("watch: {name}: not fetched");
    }
}

/// Items made only when first asked for (so that the guard catches a panic in making them).
fn lazy<'a>(make: impl FnOnce() -> Items<'a> + 'a) -> Items<'a> {
    Box::new(std::iter::once_with(make).flatten())
}

fn read_one<'a>(
    input: Result<factline_ingest::Input, InputError>,
    sources: Sources<'a>,
) -> Items<'a> {
    let input = match input {
        Ok(i) => i,
        Err(e) => return Box::new(std::iter::once(Err(e))),
    };
    // A feed file whose items link to their pages, or one a watcher reads again.
    let name = input.name();
    if input.format == Format::Feed
        && let Some(f) = sources.fetcher
        && (sources.opts.fetch_links || sources.opts.skip_seen)
    {
        return guard_reads(
            name.clone(),
            lazy(move || {
                let read =
                    read_whole(&input).map(|bytes| f.read_feed(&name, &bytes, &sources.opts));
                match read {
                    Ok(r) => {
                        if sources.log {
                            log_read(&name, &r);
                        }
                        Box::new(r.results.into_iter())
                    }
                    Err(e) => Box::new(std::iter::once(Err(e))),
                }
            }),
        );
    }
    guard_reads(name, read_input_with(&input, &sources.opts.read))
}

/// Reading behind the same guard as extraction: a reader that panics on an input (a bug the
/// open web will find) rejects the rest of that input, named, and the batch goes on.
fn guard_reads<'a>(name: String, mut items: Items<'a>) -> Items<'a> {
    let mut failed = false;
    Box::new(std::iter::from_fn(move || {
        if failed {
            return None;
        }
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| items.next())) {
            Ok(item) => item,
            Err(panic) => {
                failed = true;
                Some(Err(InputError::new(
                    &name,
                    format!(
                        "internal error while reading, input skipped: {}",
                        panic_text(&*panic)
                    ),
                )))
            }
        }
    }))
}

fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}

/// The clustering stage as the store's linker.
pub struct ClusterLinker;

impl Linker for ClusterLinker {
    fn similarity(&self, a: &Signature, b: &Signature) -> f32 {
        factline_cluster::similarity(a, b)
    }
    fn near_duplicate(&self, a: &Signature, b: &Signature) -> bool {
        factline_cluster::near_duplicate(a, b)
    }
    fn window_days(&self) -> i64 {
        factline_cluster::WINDOW_DAYS
    }
    fn link_floor(&self) -> f32 {
        factline_cluster::LINK_FLOOR
    }
    fn join_threshold(&self) -> f32 {
        let l = factline_cluster::LINKAGE;
        l.average.min(l.strong)
    }
    fn group(&self, n: usize, links: &[(usize, usize, f32)]) -> Vec<usize> {
        let links: Vec<factline_cluster::Link> = links
            .iter()
            .map(|&(a, b, similarity)| factline_cluster::Link { a, b, similarity })
            .collect();
        factline_cluster::group(n, &links, factline_cluster::LINKAGE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str) -> Result<RawArticle, InputError> {
        Ok(RawArticle {
            id: id.into(),
            source: "test".into(),
            url: None,
            published: factline_model::parse_date("2024-01-01").unwrap(),
            title: None,
            body: "A fire.".into(),
        })
    }

    #[test]
    fn a_reader_that_panics_rejects_its_input_and_nothing_else() {
        let mut n = 0;
        let items = Box::new(std::iter::from_fn(move || {
            n += 1;
            match n {
                1 => Some(article("a")),
                2 => panic!("reader bug"),
                _ => Some(article("never")),
            }
        }));
        let got: Vec<_> = guard_reads("page.html".into(), items).collect();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].as_ref().unwrap().id, "a");
        let e = got[1].as_ref().unwrap_err().to_string();
        assert!(
            e.starts_with("page.html: internal error while reading"),
            "{e}"
        );
        assert!(e.contains("reader bug"), "{e}");
    }
}
