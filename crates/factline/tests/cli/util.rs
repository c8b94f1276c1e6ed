//! Running the binary, fixture paths, temporary databases.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;
use tempfile::TempDir;

/// The binary under test, built by Cargo for this test target.
pub const BIN: &str = env!("CARGO_BIN_EXE_factline");

/// `crates/factline/tests/fixtures`.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The two-story fixture set, relative to [`fixtures`] (so `source` fields are stable).
pub const TWO_STORIES: &str = "two_stories";

/// File names of the two-story fixture set, sorted.
pub fn two_story_files() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(fixtures().join(TWO_STORIES))
        .expect("fixture directory")
        .map(|e| {
            e.expect("dir entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.ends_with(".txt"))
        .collect();
    v.sort();
    assert!(v.len() >= 3, "fixture set too small: {v:?}");
    v
}

/// Relative paths (`two_stories/x.txt`) of the two-story fixtures, sorted.
pub fn two_story_inputs() -> Vec<String> {
    two_story_files()
        .into_iter()
        .map(|f| format!("{TWO_STORIES}/{f}"))
        .collect()
}

/// Ids (file stems) of the two-story fixtures.
pub fn two_story_ids() -> BTreeSet<String> {
    two_story_files()
        .into_iter()
        .map(|f| f.trim_end_matches(".txt").to_string())
        .collect()
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub args: Vec<String>,
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Assert the exit status, showing the whole run when it differs.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code,
            code,
            "`factline {}` exited with {} (expected {code})\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.args.join(" "),
            self.code,
            self.stdout,
            self.stderr
        );
        self
    }

    #[track_caller]
    pub fn ok(&self) -> &Self {
        self.expect_code(0)
    }

    /// Standard output parsed as one JSON document.
    #[track_caller]
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "`factline {}` printed invalid JSON ({e}):\n{}",
                self.args.join(" "),
                self.stdout
            )
        })
    }

    /// Standard output parsed as JSON Lines.
    #[track_caller]
    pub fn json_lines(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                serde_json::from_str(l).unwrap_or_else(|e| {
                    panic!(
                        "`factline {}` printed an invalid JSON line ({e}):\n{l}",
                        self.args.join(" ")
                    )
                })
            })
            .collect()
    }

    /// Lines of standard error that report an error the contract's way (`factline: …`).
    pub fn error_lines(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.starts_with("factline: "))
            .collect()
    }
}

/// Run `factline ARGS…` in `cwd`.
pub fn factline_in<I, S>(cwd: &Path, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let args: Vec<std::ffi::OsString> = args.into_iter().map(|a| a.as_ref().to_owned()).collect();
    let out = Command::new(BIN)
        .args(&args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .env_remove("RUST_LOG")
        .env_remove("FACTLINE_POSTGRES")
        // Web tests talk to a server on 127.0.0.1 only: never through a proxy.
        .env_remove("http_proxy")
        .env_remove("HTTP_PROXY")
        .env_remove("https_proxy")
        .env_remove("HTTPS_PROXY")
        .env_remove("all_proxy")
        .env_remove("ALL_PROXY")
        .env("NO_PROXY", "*")
        .output()
        .expect("spawn factline");
    let run = Run {
        args: args
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect(),
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        run.code != 101 && !run.stderr.contains("panicked at"),
        "`factline {}` panicked:\n{}",
        run.args.join(" "),
        run.stderr
    );
    run
}

/// Run `factline ARGS…` in the fixtures directory.
pub fn factline<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    factline_in(&fixtures(), args)
}

/// Counts from the ingest summary line (`… N new, N unchanged, … N rejected …`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    pub new: usize,
    pub rejected: usize,
}

/// The number printed just before `word` in the ingest summary.
fn count_before(text: &str, word: &str) -> Option<usize> {
    let line = text.lines().rev().find(|l| l.contains(" new"))?;
    let toks: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';' || c == ':')
        .filter(|t| !t.is_empty())
        .collect();
    toks.windows(2)
        .find(|w| w[1] == word)
        .and_then(|w| w[0].parse().ok())
}

pub fn summary(run: &Run) -> Summary {
    Summary {
        new: count_before(&run.stderr, "new").unwrap_or_else(|| {
            panic!(
                "no `N new` in the ingest summary of `factline {}`:\n{}",
                run.args.join(" "),
                run.stderr
            )
        }),
        rejected: count_before(&run.stderr, "rejected").unwrap_or(0),
    }
}

/// A database in its own temporary directory.
pub struct Db {
    pub dir: TempDir,
    pub path: PathBuf,
}

impl Db {
    pub fn new() -> Db {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("factline.db");
        Db { dir, path }
    }

    fn db_args(&self) -> Vec<String> {
        vec!["--db".into(), self.path.display().to_string()]
    }

    /// `factline ingest --db DB INPUTS…`, run in the fixtures directory.
    pub fn ingest<S: AsRef<str>>(&self, inputs: &[S]) -> Run {
        let mut args = vec!["ingest".to_string()];
        args.extend(self.db_args());
        args.extend(inputs.iter().map(|s| s.as_ref().to_string()));
        factline(args)
    }

    /// `factline stories --db DB --json [--as-of DATE]`, expected to succeed.
    #[track_caller]
    pub fn stories(&self, as_of: Option<&str>) -> Value {
        self.stories_run(as_of).ok().json()
    }

    pub fn stories_run(&self, as_of: Option<&str>) -> Run {
        let mut args = vec!["stories".to_string(), "--json".into()];
        args.extend(self.db_args());
        if let Some(d) = as_of {
            args.extend(["--as-of".to_string(), d.to_string()]);
        }
        factline(args)
    }

    /// `factline story ID --db DB --json [--as-of DATE]`.
    pub fn story_run(&self, id: &str, as_of: Option<&str>) -> Run {
        let mut args = vec!["story".to_string(), id.to_string(), "--json".into()];
        args.extend(self.db_args());
        if let Some(d) = as_of {
            args.extend(["--as-of".to_string(), d.to_string()]);
        }
        factline(args)
    }

    #[track_caller]
    pub fn story(&self, id: &str, as_of: Option<&str>) -> Value {
        self.story_run(id, as_of).ok().json()
    }
}

/// Story id → its article ids (sorted), from `stories --json`.
pub fn memberships(stories: &Value) -> BTreeMap<String, Vec<String>> {
    stories
        .as_array()
        .expect("stories --json is an array")
        .iter()
        .map(|s| {
            let mut arts: Vec<String> = s["articles"]
                .as_array()
                .expect("articles array")
                .iter()
                .map(|a| a.as_str().expect("article id string").to_string())
                .collect();
            arts.sort();
            (s["id"].as_str().expect("story id").to_string(), arts)
        })
        .collect()
}

/// Every article id listed by `stories --json`, checking none appears twice.
#[track_caller]
pub fn stored_ids(stories: &Value) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    for (story, arts) in memberships(stories) {
        for a in arts {
            assert!(
                seen.insert(a.clone()),
                "article {a} listed in more than one story (again in {story})"
            );
        }
    }
    seen
}

/// The story (from `stories --json`) that lists `article`.
#[track_caller]
pub fn story_of<'a>(stories: &'a Value, article: &str) -> &'a Value {
    stories
        .as_array()
        .expect("array")
        .iter()
        .find(|s| {
            s["articles"]
                .as_array()
                .is_some_and(|a| a.iter().any(|x| x == article))
        })
        .unwrap_or_else(|| panic!("no story lists article {article}: {stories:#}"))
}

/// Write `bytes` to `dir/name` and return the path.
pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).expect("create dir");
    }
    std::fs::write(&p, bytes).expect("write fixture");
    p
}

/// A small deterministic PRNG (splitmix64) for permutations.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// `../shared` of the repository (`CARGO_MANIFEST_DIR/../../../shared`), if present.
pub fn shared_dir() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    p.is_dir().then(|| p.canonicalize().unwrap_or(p))
}

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    p.canonicalize().unwrap_or(p)
}
