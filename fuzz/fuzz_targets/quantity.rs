//! The number/quantity parser on arbitrary text: never panics, values stay in range.
#![no_main]
use factline_extract::numbers::{MAX_VALUE, Parsed, Toks, parse_quantity};
use factline_extract::tokens::tokenize;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let lower = text.to_ascii_lowercase();
    let toks = Toks::new(tokenize(text, 0, text.len()), &lower);
    for i in 0..toks.len() {
        for to_range in [false, true] {
            if let Parsed::Yes(q) = parse_quantity(&toks, i, to_range) {
                assert!(q.value <= MAX_VALUE);
                assert!(q.value_max.is_none_or(|m| m >= q.value && m <= MAX_VALUE));
                assert!(q.first <= q.num_first && q.num_first < q.next);
            }
        }
    }
});
