//! Reading a command's inputs (paths, `-`, page and feed URLs) into raw articles.

use factline_app::pipeline::panic_text;
use factline_fetch::{Fetcher, Options, is_url};
use factline_ingest::{Format, InputError, expand_inputs, read_input_with, read_whole};
use factline_model::RawArticle;

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
    read_inputs(inputs, sources).filter_map(move |r| match r {
        Ok(a) => Some(a),
        Err(e) => {
            on_error(&e);
            None
        }
    })
}

/// Every article of every input, or why an item could not be read, in input order.
pub fn read_inputs<'a>(
    inputs: &'a [String],
    sources: Sources<'a>,
) -> impl Iterator<Item = Result<RawArticle, InputError>> + 'a {
    inputs.iter().flat_map(move |arg| -> Items<'a> {
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
