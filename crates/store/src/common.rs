//! What both stores share of linking: day numbers, the candidate index's periods, the
//! windows a lookup reads, and what a link records.

use factline_model::{Date, Signature};

use crate::Linker;

/// Days per period of the candidate index (`postings.bucket`; the SQLite migration's SQL
/// repeats it). News arrives roughly in date order, so new rows go to the last period's
/// pages, which stay in cache: writing the index costs the same at any database size. A
/// lookup reads the one or two periods its window overlaps.
pub(crate) const BUCKET_DAYS: i64 = 32;

pub(crate) fn bucket(day: i64) -> i64 {
    day.div_euclid(BUCKET_DAYS)
}

/// Most candidates examined per new article.
pub(crate) const MAX_CANDIDATES: usize = 200;

pub(crate) fn day_number(d: Date) -> i64 {
    // Days since 1970-01-01; dates are validated to 1900..=2200 on input.
    let epoch = Date::constant(1970, 1, 1);
    (d - epoch).get_days() as i64
}

pub(crate) fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("plain data serialises")
}

/// The windows of `window` days around each day, overlapping ones joined (the same
/// articles, fewer reads), in order.
pub(crate) fn day_windows(days: &[i64], window: i64) -> Vec<(i64, i64)> {
    let mut days = days.to_vec();
    days.sort_unstable();
    days.dedup();
    let mut ranges: Vec<(i64, i64)> = Vec::new();
    for d in days {
        match ranges.last_mut() {
            Some(last) if d - window <= last.1 + 1 => last.1 = d + window,
            _ => ranges.push((d - window, d + window)),
        }
    }
    ranges
}

/// Is `b` a near-copy of `a`, and the similarity recorded for their link (1 for copies).
pub(crate) fn link(linker: &dyn Linker, a: &Signature, b: &Signature) -> (bool, f32) {
    if linker.near_duplicate(a, b) {
        (true, 1.0)
    } else {
        (false, linker.similarity(a, b))
    }
}

/// What linking needs of a stored article; none of it changes once stored.
pub(crate) struct StoredSignature {
    pub(crate) id: String,
    pub(crate) published: String,
    pub(crate) signature: Signature,
}
