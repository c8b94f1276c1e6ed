//! Wiring of the stages for one article: clean → extract → signature, and the clustering
//! stage as the store's [`Linker`].

use factline_ingest::InputError;
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

/// Prepare a batch on all cores, keeping input order.
pub fn prepare_batch(raws: &[RawArticle]) -> Vec<Result<NewArticle, InputError>> {
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

/// The message of a caught panic.
pub fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
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
