//! The stored form of a clustering [`Signature`]: a compact binary record.
//!
//! Every candidate comparison needs the candidate's signature, and on a large database most
//! candidates are no longer in memory: parsing them back from JSON (floats as decimal text)
//! was the largest part of candidate lookup. Rows written before this format hold JSON
//! text, which [`decode`] still reads.
//!
//! Layout (little-endian): `FORMAT`, then the terms (`u16` count, each a string and an
//! `f32` weight), the index terms (`u16` count of strings), the day and publication day
//! (`i32` days since 1970-01-01, `i32::MIN` for none), the MinHash (`u16` count of `u32`)
//! the slug, the anchors (`u16` count, each a string and an `f32` weight), whether the
//! day is a dated event (one byte) and the localities (`u16` count of strings). A string
//! is a `u16` byte length and UTF-8 bytes. Records of the first binary format
//! (`FORMAT_1`) end after the slug, those of the second (`FORMAT_2`) after the flag.

use factline_model::{Date, Signature};

/// First byte of the binary form; JSON text never starts with it.
const FORMAT: u8 = 0xF3;
/// The binary form before signatures kept anchors.
const FORMAT_1: u8 = 0xF1;
/// The binary form before signatures kept localities.
const FORMAT_2: u8 = 0xF2;
const NO_DAY: i32 = i32::MIN;

fn epoch() -> Date {
    Date::constant(1970, 1, 1)
}

/// Encode a signature for the `articles.signature` column.
pub(crate) fn encode(sig: &Signature) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 + sig.terms.len() * 16 + sig.minhash.len() * 4);
    out.push(FORMAT);
    count(&mut out, sig.terms.len());
    for (t, w) in &sig.terms {
        string(&mut out, t);
        out.extend_from_slice(&w.to_le_bytes());
    }
    count(&mut out, sig.index_terms.len());
    for t in &sig.index_terms {
        string(&mut out, t);
    }
    for d in [sig.day, sig.published] {
        let n = d.map_or(NO_DAY, |d| (d - epoch()).get_days());
        out.extend_from_slice(&n.to_le_bytes());
    }
    count(&mut out, sig.minhash.len());
    for h in &sig.minhash {
        out.extend_from_slice(&h.to_le_bytes());
    }
    string(&mut out, &sig.slug);
    count(&mut out, sig.anchors.len());
    for (a, w) in &sig.anchors {
        string(&mut out, a);
        out.extend_from_slice(&w.to_le_bytes());
    }
    out.push(u8::from(sig.dated));
    count(&mut out, sig.localities.len());
    for l in &sig.localities {
        string(&mut out, l);
    }
    out
}

fn count(out: &mut Vec<u8>, n: usize) {
    // Signatures hold tens of terms; a count beyond u16 would be a bug upstream.
    let n = u16::try_from(n).expect("signature lists are short");
    out.extend_from_slice(&n.to_le_bytes());
}

fn string(out: &mut Vec<u8>, s: &str) {
    // Terms are words; cut (on a character boundary) anything absurdly long.
    let mut end = s.len().min(u16::MAX as usize);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    out.extend_from_slice(&(end as u16).to_le_bytes());
    out.extend_from_slice(&s.as_bytes()[..end]);
}

/// Decode a stored signature: the binary form, or JSON text from older rows (which starts
/// with `{`, never with a format byte).
pub(crate) fn decode(bytes: &[u8]) -> Result<Signature, String> {
    match bytes.first() {
        Some(b'{') => serde_json::from_slice(bytes).map_err(|e| e.to_string()),
        _ => decode_binary(bytes),
    }
}

struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        if self.rest.len() < n {
            return Err("truncated signature".into());
        }
        let (head, rest) = self.rest.split_at(n);
        self.rest = rest;
        Ok(head)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], String> {
        Ok(self.take(N)?.try_into().expect("took N bytes"))
    }

    fn count(&mut self) -> Result<usize, String> {
        Ok(u16::from_le_bytes(self.array()?) as usize)
    }

    fn string(&mut self) -> Result<String, String> {
        let n = self.count()?;
        let bytes = self.take(n)?;
        std::str::from_utf8(bytes)
            .map(str::to_string)
            .map_err(|e| format!("signature text is not UTF-8: {e}"))
    }

    fn day(&mut self) -> Result<Option<Date>, String> {
        let n = i32::from_le_bytes(self.array()?);
        if n == NO_DAY {
            return Ok(None);
        }
        epoch()
            .checked_add(jiff::Span::new().days(n))
            .map(Some)
            .map_err(|e| format!("signature day out of range: {e}"))
    }
}

fn decode_binary(bytes: &[u8]) -> Result<Signature, String> {
    let (format, rest) = match bytes.split_first() {
        Some((&f, rest)) if [FORMAT, FORMAT_1, FORMAT_2].contains(&f) => (f, rest),
        _ => return Err("unknown signature format".into()),
    };
    let mut r = Reader { rest };
    let n = r.count()?;
    let mut terms = Vec::with_capacity(n);
    for _ in 0..n {
        let t = r.string()?;
        terms.push((t, f32::from_le_bytes(r.array()?)));
    }
    let n = r.count()?;
    let mut index_terms = Vec::with_capacity(n);
    for _ in 0..n {
        index_terms.push(r.string()?);
    }
    let day = r.day()?;
    let published = r.day()?;
    let n = r.count()?;
    let mut minhash = Vec::with_capacity(n);
    for _ in 0..n {
        minhash.push(u32::from_le_bytes(r.array()?));
    }
    let slug = r.string()?;
    let mut anchors = Vec::new();
    let mut dated = false;
    if format != FORMAT_1 {
        let n = r.count()?;
        anchors.reserve(n);
        for _ in 0..n {
            let a = r.string()?;
            anchors.push((a, f32::from_le_bytes(r.array()?)));
        }
        dated = r.array::<1>()?[0] != 0;
    }
    let mut localities = Vec::new();
    if format == FORMAT {
        let n = r.count()?;
        localities.reserve(n);
        for _ in 0..n {
            localities.push(r.string()?);
        }
    }
    if !r.rest.is_empty() {
        return Err("trailing bytes after signature".into());
    }
    Ok(Signature {
        terms,
        index_terms,
        day,
        published,
        minhash,
        slug,
        anchors,
        dated,
        localities,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Signature {
        Signature {
            terms: vec![
                ("kyiv".into(), 0.5),
                ("place:kyiv".into(), 0.25),
                ("é".into(), 1e-7),
            ],
            index_terms: vec!["place:kyiv".into(), "kyiv".into()],
            day: Some(Date::constant(2024, 3, 22)),
            published: Some(Date::constant(1901, 1, 2)),
            minhash: vec![0, 7, u32::MAX],
            slug: "kyiv-attack-2024-03-22".into(),
            anchors: vec![("kyiv".into(), 0.75), ("zelensky".into(), 0.5)],
            dated: true,
            localities: vec!["maidan".into(), "podil".into()],
        }
    }

    #[test]
    fn binary_form_round_trips() {
        let s = sample();
        assert_eq!(decode(&encode(&s)).unwrap(), s);
        let empty = Signature {
            terms: vec![],
            index_terms: vec![],
            day: None,
            published: None,
            minhash: vec![],
            slug: String::new(),
            anchors: vec![],
            dated: false,
            localities: vec![],
        };
        assert_eq!(decode(&encode(&empty)).unwrap(), empty);
    }

    /// Bytes the localities take at the end of a record.
    fn localities_len(s: &Signature) -> usize {
        2 + s.localities.iter().map(|l| 2 + l.len()).sum::<usize>()
    }

    #[test]
    fn records_of_the_second_binary_format_still_decode() {
        // The second format is the current one without localities.
        let s = sample();
        let mut bytes = encode(&s);
        bytes.truncate(bytes.len() - localities_len(&s));
        bytes[0] = FORMAT_2;
        let old = decode(&bytes).unwrap();
        assert_eq!(
            old,
            Signature {
                localities: vec![],
                ..s
            }
        );
    }

    #[test]
    fn records_of_the_first_binary_format_still_decode() {
        // The first format is the current one without anchors, the dated flag and
        // localities.
        let s = sample();
        let mut bytes = encode(&s);
        bytes.truncate(bytes.len() - localities_len(&s));
        let anchors_len: usize = 2 + s
            .anchors
            .iter()
            .map(|(a, _)| 2 + a.len() + 4)
            .sum::<usize>();
        bytes.truncate(bytes.len() - anchors_len - 1);
        bytes[0] = FORMAT_1;
        let old = decode(&bytes).unwrap();
        assert_eq!(
            old,
            Signature {
                anchors: vec![],
                dated: false,
                localities: vec![],
                ..s
            }
        );
    }

    #[test]
    fn json_from_older_rows_still_decodes() {
        let s = sample();
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(decode(json.as_bytes()).unwrap(), s);
    }

    #[test]
    fn damaged_records_are_errors_not_panics() {
        let bytes = encode(&sample());
        for cut in 0..bytes.len() {
            assert!(decode(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut extra = bytes.clone();
        extra.push(0);
        assert!(decode(&extra).is_err());
        let mut bad_utf8 = bytes;
        // The first term's first byte ("k") becomes a lone continuation byte.
        bad_utf8[5] = 0x80;
        assert!(decode(&bad_utf8).is_err());
        assert!(decode(&[]).is_err());
    }
}
