//! The whole cleaner + extractor on arbitrary text: never panics, spans stay valid.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let clean = factline_clean::clean(text);
    let facts = factline_extract::extract(&clean, factline_model::Date::constant(2024, 3, 23));
    for f in &facts.figures {
        assert_eq!(&clean.body[f.start..f.end], f.text);
    }
});
