//! Readers: files, directories and stdin → [`RawArticle`]s.
//!
//! Every reader yields one `Result` per article, so one bad item (a broken JSON line, a file
//! with no date) is reported with the input it came from and never stops the batch.

use std::fs;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use factline_model::RawArticle;

mod dated_text;
mod feed;
mod html;
mod jsonl;

pub use dated_text::DatedTextReader;
pub use feed::{FeedItem, FeedReader, is_feed, parse_feed};
pub use html::{HtmlReader, Page, PageHints, html_to_text, parse_html, read_page, read_page_with};
pub use jsonl::{JsonLinesReader, parse_json_article};

use factline_model::Date;

/// Choices that apply to every input of a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// The publication day of inputs that carry none (`--published`): a dated-text input
    /// with no `date` line, a JSON line with no `published`, a page whose own date is not
    /// found. An input's own date always wins.
    pub published: Option<Date>,
}

/// Why an input without a date is refused, and how to give it one.
pub(crate) const NO_DATE_HINT: &str = "give one with --published YYYY-MM-DD";

/// Largest single file (after decompression) or JSON line factline reads.
pub const MAX_ARTICLE_BYTES: u64 = 32 * 1024 * 1024;
/// Largest decompressed JSON Lines stream.
pub const MAX_STREAM_BYTES: u64 = 4 * 1024 * 1024 * 1024;

/// A rejected input: `factline: <input>: <reason>`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{input}: {reason}")]
pub struct InputError {
    /// The path, `-`, or `path:line` of the bad item.
    pub input: String,
    pub reason: String,
}

impl InputError {
    pub fn new(input: impl Into<String>, reason: impl Into<String>) -> Self {
        InputError {
            input: input.into(),
            reason: reason.into(),
        }
    }
    fn io(input: &str, e: &io::Error) -> Self {
        let reason = match e.kind() {
            io::ErrorKind::NotFound => "no such file or directory".to_string(),
            io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            io::ErrorKind::InvalidData => format!("invalid data: {e}"),
            _ => e.to_string(),
        };
        InputError::new(input, reason)
    }
}

/// The formats factline reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// ` date YYYY-MM-DD <body>`.
    DatedText,
    /// One JSON article per line, optionally gzip-compressed.
    JsonLines,
    /// One HTML page.
    Html,
    /// An RSS 0.9x/1.0/2.0, Atom or JSON Feed document: one article per item.
    Feed,
}

/// One input to read: a file or standard input, with its format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// `None` for standard input.
    pub path: Option<PathBuf>,
    pub format: Format,
    pub gzip: bool,
}

impl Input {
    /// How this input is named in messages and in `source` fields.
    pub fn name(&self) -> String {
        match &self.path {
            Some(p) => p.display().to_string(),
            None => "-".to_string(),
        }
    }
}

/// A reader turns one input into articles.
pub trait Reader {
    /// Every article of `input`, one `Result` per item, in input order.
    fn read(&self, input: &Input) -> Box<dyn Iterator<Item = Result<RawArticle, InputError>>>;
}

/// The format a file name implies, or `None` for files a directory walk skips.
pub fn format_of(path: &Path) -> Option<(Format, bool)> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let (stem, gzip) = match name.strip_suffix(".gz") {
        Some(s) => (s.to_string(), true),
        None => (name, false),
    };
    let ext = stem.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    let format = match ext {
        "jsonl" | "ndjson" => Format::JsonLines,
        "html" | "htm" | "xhtml" => Format::Html,
        "txt" | "text" => Format::DatedText,
        "rss" | "atom" | "rdf" | "xml" | "json" => Format::Feed,
        _ => return None,
    };
    Some((format, gzip))
}

/// Expand command-line arguments into inputs: `-` is stdin, directories are walked
/// recursively (sorted; hidden entries and unknown extensions skipped), any other file is
/// read by its extension, and as dated text when the extension is unknown.
pub fn expand_inputs(args: &[String]) -> Vec<Result<Input, InputError>> {
    let mut out = Vec::new();
    for arg in args {
        if arg == "-" {
            out.push(Ok(Input {
                path: None,
                format: Format::DatedText,
                gzip: false,
            }));
            continue;
        }
        let path = PathBuf::from(arg);
        match fs::metadata(&path) {
            Err(e) => out.push(Err(InputError::io(arg, &e))),
            Ok(m) if m.is_dir() => walk(&path, &mut out),
            Ok(_) => {
                let (format, gzip) = format_of(&path).unwrap_or((
                    Format::DatedText,
                    path.extension().is_some_and(|e| e == "gz"),
                ));
                out.push(Ok(Input {
                    path: Some(path),
                    format,
                    gzip,
                }));
            }
        }
    }
    out
}

/// Walk a directory, sorted, skipping hidden entries. Symbolic links to directories are not
/// followed (a link back up the tree would read the same articles again and again); links to
/// files are read, each file once.
fn walk(dir: &Path, out: &mut Vec<Result<Input, InputError>>) {
    let mut seen_files = std::collections::HashSet::new();
    let hidden = |e: &walkdir::DirEntry| {
        e.depth() > 0 && e.file_name().to_str().is_none_or(|n| n.starts_with('.'))
    };
    let entries = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !hidden(e));
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let at = e.path().unwrap_or(dir).display().to_string();
                out.push(Err(InputError::new(at, e.to_string())));
                continue;
            }
        };
        let p = entry.path();
        // A link is read only when it leads to a file; `is_file` follows it.
        if entry.file_type().is_dir() || !p.is_file() {
            continue;
        }
        if let Some((format, gzip)) = format_of(p) {
            // `.xml` and `.json` files in a directory are taken only when they are feeds.
            if format == Format::Feed && !gzip && !feed::looks_like_feed_file(p) {
                continue;
            }
            let key = fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
            if seen_files.insert(key) {
                out.push(Ok(Input {
                    path: Some(p.to_path_buf()),
                    format,
                    gzip,
                }));
            }
        }
    }
}

/// Read one input with the reader for its format. Standard input is sniffed: `{` starts
/// JSON Lines, `<` starts HTML, anything else is dated text.
pub fn read_input(input: &Input) -> Box<dyn Iterator<Item = Result<RawArticle, InputError>>> {
    read_input_with(input, &ReadOptions::default())
}

/// [`read_input`] with run-wide [`ReadOptions`].
pub fn read_input_with(
    input: &Input,
    opts: &ReadOptions,
) -> Box<dyn Iterator<Item = Result<RawArticle, InputError>>> {
    match input.format {
        Format::JsonLines => JsonLinesReader { opts: *opts }.read(input),
        Format::Html => HtmlReader { opts: *opts }.read(input),
        Format::Feed => FeedReader { opts: *opts }.read(input),
        Format::DatedText if input.path.is_none() => {
            // stdin: read it whole, then dispatch on its first character.
            let name = input.name();
            let bytes = match read_all(input) {
                Ok(b) => b,
                Err(e) => return Box::new(std::iter::once(Err(e))),
            };
            let first = bytes.iter().find(|b| !b.is_ascii_whitespace()).copied();
            let opts = *opts;
            match first {
                _ if is_feed(&bytes) => {
                    Box::new(feed::read_bytes(&name, &bytes, &opts).into_iter())
                }
                Some(b'{') => Box::new(jsonl::parse_stream(name, io::Cursor::new(bytes), opts)),
                Some(b'<') => Box::new(std::iter::once(html::parse_html(
                    &name,
                    &bytes,
                    &PageHints {
                        published: opts.published,
                        ..PageHints::default()
                    },
                ))),
                _ => Box::new(std::iter::once(dated_text::parse_bytes(
                    &name, "stdin", &bytes, &opts,
                ))),
            }
        }
        Format::DatedText => DatedTextReader { opts: *opts }.read(input),
    }
}

/// Open an input for streaming, decompressing gzip when its name says so.
fn open(input: &Input) -> Result<Box<dyn BufRead>, InputError> {
    let name = input.name();
    let raw: Box<dyn Read> = match &input.path {
        None => Box::new(io::stdin()),
        Some(p) => {
            let f = fs::File::open(p).map_err(|e| InputError::io(&name, &e))?;
            if f.metadata().is_ok_and(|m| m.is_dir()) {
                return Err(InputError::new(name, "is a directory"));
            }
            Box::new(f)
        }
    };
    let reader: Box<dyn Read> = if input.gzip {
        Box::new(flate2::read::MultiGzDecoder::new(raw))
    } else {
        raw
    };
    Ok(Box::new(BufReader::with_capacity(
        64 * 1024,
        reader.take(MAX_STREAM_BYTES),
    )))
}

/// The bytes of a whole input (decompressed), at most [`MAX_ARTICLE_BYTES`].
pub fn read_whole(input: &Input) -> Result<Vec<u8>, InputError> {
    read_all(input)
}

/// Read a whole (single-article) input, enforcing [`MAX_ARTICLE_BYTES`].
pub(crate) fn read_all(input: &Input) -> Result<Vec<u8>, InputError> {
    let name = input.name();
    let mut reader = open(input)?;
    let mut buf = Vec::new();
    reader
        .by_ref()
        .take(MAX_ARTICLE_BYTES + 1)
        .read_to_end(&mut buf)
        .map_err(|e| InputError::io(&name, &e))?;
    if buf.len() as u64 > MAX_ARTICLE_BYTES {
        return Err(InputError::new(
            name,
            format!(
                "too large (over {} MiB for one article)",
                MAX_ARTICLE_BYTES / 1024 / 1024
            ),
        ));
    }
    Ok(buf)
}

/// Decode a text file: by its byte-order mark (UTF-8, UTF-16) when it has one, else as
/// UTF-8 when valid, else as Windows-1252 (ISO-8859-1's superset, the usual legacy charset
/// of Western news text). Nothing is rejected for its charset alone.
fn decode_text(bytes: &[u8]) -> String {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

/// Check an article id: printable, no path separators, at most 200 bytes.
fn check_id(id: &str) -> Result<(), String> {
    if id.is_empty() {
        return Err("empty id".into());
    }
    if id.len() > 200 {
        return Err("id longer than 200 bytes".into());
    }
    if id.chars().any(|c| c.is_control() || c == '/' || c == '\\') {
        return Err(format!("id {id:?} contains control characters or slashes"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_extension() {
        assert_eq!(
            format_of(Path::new("a/b.jsonl.gz")),
            Some((Format::JsonLines, true))
        );
        assert_eq!(
            format_of(Path::new("x.TXT")),
            Some((Format::DatedText, false))
        );
        assert_eq!(format_of(Path::new("p.htm")), Some((Format::Html, false)));
        assert_eq!(format_of(Path::new("README.md")), None);
    }

    #[test]
    fn walk_is_sorted_and_skips_unknown_and_hidden() {
        let dir = tempfile::tempdir().unwrap();
        for n in ["b.txt", "a.txt", ".hidden.txt", "notes.md", "sub/c.jsonl"] {
            let p = dir.path().join(n);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, " date 2024-01-01 x").unwrap();
        }
        let got: Vec<String> = expand_inputs(&[dir.path().display().to_string()])
            .into_iter()
            .map(|r| {
                r.unwrap()
                    .path
                    .unwrap()
                    .strip_prefix(dir.path())
                    .unwrap()
                    .display()
                    .to_string()
            })
            .collect();
        assert_eq!(got, vec!["a.txt", "b.txt", "sub/c.jsonl"]);
    }

    #[test]
    fn missing_path_is_an_error_naming_it() {
        let r = expand_inputs(&["/no/such/file.txt".to_string()]);
        let e = r[0].as_ref().unwrap_err();
        assert_eq!(
            e.to_string(),
            "/no/such/file.txt: no such file or directory"
        );
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_and_links_to_the_same_file_read_each_article_once() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("sub");
        fs::create_dir(&sub).unwrap();
        fs::write(sub.join("a.txt"), " date 2024-01-01 A fire.").unwrap();
        // A link back up the tree, and a second name for the same article.
        std::os::unix::fs::symlink("..", sub.join("up")).unwrap();
        std::os::unix::fs::symlink(sub.join("a.txt"), dir.path().join("b.txt")).unwrap();
        let got: Vec<PathBuf> = expand_inputs(&[dir.path().display().to_string()])
            .into_iter()
            .map(|r| r.unwrap().path.unwrap())
            .collect();
        assert_eq!(got.len(), 1, "{got:?}");
    }
}
