//! Bytes of an HTML page → text: byte-order mark, then `<meta charset>` / `http-equiv`
//! in the first bytes, then sniffing (valid UTF-8, else Windows-1252).

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// How far into the page a `<meta charset>` is looked for (the HTML standard's prescan
/// reads 1024 bytes; real pages often put it later, after long comments or scripts).
const PRESCAN: usize = 4096;

/// Decode a page to text. Never fails: undecodable bytes become U+FFFD.
#[cfg(test)]
pub fn decode(bytes: &[u8]) -> String {
    decode_with(bytes, None)
}

/// Decode a page to text with the charset label of an HTTP `Content-Type` header, which
/// comes after a byte-order mark and before `<meta>`, as in the HTML standard — except
/// where the bytes contradict it: a header saying UTF-8 over bytes that are not, or a
/// single-byte charset over valid non-ASCII UTF-8 (servers mislabel far more often than
/// legacy text happens to be valid UTF-8). Unknown labels are ignored.
pub fn decode_with(bytes: &[u8], http_charset: Option<&str>) -> String {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return enc
            .decode_without_bom_handling(&bytes[bom_len..])
            .0
            .into_owned();
    }
    let valid_utf8 = std::str::from_utf8(bytes).is_ok();
    let header = http_charset
        .and_then(|l| Encoding::for_label(l.trim().trim_matches(['"', '\'']).as_bytes()))
        .map(|enc| {
            if enc.name().starts_with("UTF-16") {
                UTF_8
            } else {
                enc
            }
        })
        .filter(|&enc| {
            if enc == UTF_8 {
                valid_utf8
            } else {
                !(valid_utf8 && !bytes.is_ascii() && enc.is_single_byte())
            }
        });
    if let Some(enc) = header {
        return enc.decode_without_bom_handling(bytes).0.into_owned();
    }
    let enc = match declared(&bytes[..bytes.len().min(PRESCAN)]) {
        // A page labelled with a single-byte charset whose bytes are valid UTF-8 with
        // non-ASCII in them is UTF-8 mislabelled: legacy text is almost never valid UTF-8.
        Some(enc) if enc != UTF_8 && valid_utf8 && !bytes.is_ascii() && enc.is_single_byte() => {
            UTF_8
        }
        Some(enc) => enc,
        None if valid_utf8 => UTF_8,
        None => WINDOWS_1252,
    };
    enc.decode_without_bom_handling(bytes).0.into_owned()
}

/// The encoding a `<meta charset=…>` or `<meta http-equiv="content-type" content="…;
/// charset=…">` in `head` names, as the HTML standard maps labels (UTF-16 labels mean
/// UTF-8 in a byte stream that reached here without a BOM).
fn declared(head: &[u8]) -> Option<&'static Encoding> {
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = find(&lower[from..], b"<meta") {
        let start = from + i + 5;
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        from = start;
        let Some(c) = find(tag, b"charset") else {
            continue;
        };
        let rest = trim_start(&tag[c + 7..]);
        let Some(rest) = rest.strip_prefix(b"=") else {
            continue;
        };
        let rest = trim_start(rest);
        let rest = rest
            .strip_prefix(b"\"")
            .or_else(|| rest.strip_prefix(b"'"))
            .unwrap_or(rest);
        let len = rest
            .iter()
            .position(|&b| matches!(b, b'"' | b'\'' | b';' | b'/') || b.is_ascii_whitespace())
            .unwrap_or(rest.len());
        if let Some(enc) = Encoding::for_label(&rest[..len]) {
            return Some(if enc.is_single_byte() || enc == UTF_8 {
                enc
            } else if enc.name().starts_with("UTF-16") {
                UTF_8
            } else {
                enc
            });
        }
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn trim_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_wins() {
        assert_eq!(decode(b"\xEF\xBB\xBFcaf\xC3\xA9"), "café");
        assert_eq!(decode(b"\xFF\xFEh\x00i\x00"), "hi");
    }

    #[test]
    fn meta_charset_and_http_equiv() {
        assert_eq!(
            decode(b"<meta charset=\"iso-8859-1\"><p>Stra\xDFe</p>"),
            "<meta charset=\"iso-8859-1\"><p>Stra\u{df}e</p>"
        );
        let page = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">\x93q\x94";
        assert!(decode(page).ends_with("\u{201c}q\u{201d}"));
    }

    #[test]
    fn http_charset_unless_the_bytes_contradict_it() {
        assert_eq!(decode_with(b"Stra\xDFe", Some("iso-8859-1")), "Stra\u{df}e");
        // The header wins over <meta>.
        assert_eq!(
            decode_with(b"<meta charset=utf-8>\x93q\x94", Some("windows-1252")),
            "<meta charset=utf-8>\u{201c}q\u{201d}"
        );
        // Header says UTF-8, bytes are Latin-1: sniffed instead.
        assert_eq!(decode_with(b"caf\xE9", Some("utf-8")), "caf\u{e9}");
        // Header says Latin-1, bytes are UTF-8.
        assert_eq!(decode_with("Grüße".as_bytes(), Some("ISO-8859-1")), "Grüße");
        // Unknown label: ignored.
        assert_eq!(decode_with(b"caf\xE9", Some("x-klingon")), "caf\u{e9}");
    }

    #[test]
    fn sniffs_utf8_then_windows_1252() {
        assert_eq!(decode("Grüße".as_bytes()), "Grüße");
        assert_eq!(decode(b"na\xEFve \x80"), "na\u{ef}ve \u{20ac}");
        // Labelled Latin-1 but really UTF-8.
        assert_eq!(
            decode("<meta charset=latin1>Grüße".as_bytes()),
            "<meta charset=latin1>Grüße"
        );
    }
}
