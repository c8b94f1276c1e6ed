//! The HTML reader on arbitrary bytes: charset sniffing, parsing, content scoring and
//! date finding never panic, and whatever text comes out is trimmed, valid text.
//! Seeds: `cargo fuzz run html fuzz/corpus/html fuzz/seeds/html`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let page = factline_ingest::read_page(data);
    assert_eq!(page.text.trim(), page.text);
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = factline_ingest::html_to_text(s);
    }
});
