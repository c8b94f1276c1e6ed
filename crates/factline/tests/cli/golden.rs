//! Golden files (expect-test style): compare output with `tests/golden/NAME`, or rewrite the
//! file when `UPDATE_GOLDEN=1` is set (review the rewrite with `git diff tests/golden`).

use std::path::PathBuf;

fn golden_path(name: &str) -> PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

fn updating() -> bool {
    std::env::var("UPDATE_GOLDEN").is_ok_and(|v| !v.is_empty() && v != "0")
}

/// Compare `actual` with the golden file `name` (or update it under `UPDATE_GOLDEN=1`):
/// `Err` describes the difference.
pub fn check_golden(name: &str, actual: &str) -> Result<(), String> {
    let path = golden_path(name);
    let expected = std::fs::read_to_string(&path).ok();
    if updating() {
        if expected.as_deref() != Some(actual) {
            std::fs::create_dir_all(path.parent().expect("parent")).expect("create golden dir");
            std::fs::write(&path, actual).expect("write golden file");
            eprintln!("updated golden file {}", path.display());
        }
        return Ok(());
    }
    let Some(expected) = expected else {
        return Err(format!(
            "golden file {} is missing; run `UPDATE_GOLDEN=1 cargo test -p factline --test cli` \
             to create it",
            path.display()
        ));
    };
    if expected != actual {
        return Err(format!(
            "output differs from golden file {} (- golden, + actual):\n{}\
             If the change is intended, run `UPDATE_GOLDEN=1 cargo test -p factline --test cli` \
             and review the diff of tests/golden/.",
            path.display(),
            if name.ends_with(".jsonl") {
                diff(&pretty_lines(&expected), &pretty_lines(actual))
            } else {
                diff(&expected, actual)
            }
        ));
    }
    Ok(())
}

/// JSON Lines pretty-printed one field per line, so a diff shows which field changed.
fn pretty_lines(text: &str) -> String {
    text.lines()
        .map(|l| match serde_json::from_str::<serde_json::Value>(l) {
            Ok(v) => serde_json::to_string_pretty(&v).unwrap_or_else(|_| l.to_string()),
            Err(_) => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// A line diff (longest common subsequence) with 2 lines of context.
pub fn diff(old: &str, new: &str) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let (n, m) = (a.len(), b.len());
    // lcs[i][j]: LCS length of a[i..] and b[j..].
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut ops: Vec<(char, &str)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            ops.push((' ', a[i]));
            i += 1;
            j += 1;
        } else if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) {
            ops.push(('-', a[i]));
            i += 1;
        } else {
            ops.push(('+', b[j]));
            j += 1;
        }
    }
    const CONTEXT: usize = 2;
    let changed: Vec<usize> = (0..ops.len()).filter(|&k| ops[k].0 != ' ').collect();
    let mut out = String::new();
    let mut last_shown: Option<usize> = None;
    for (k, (op, line)) in ops.iter().enumerate() {
        let near = changed
            .iter()
            .any(|&c| k + CONTEXT >= c && k <= c + CONTEXT);
        if !near {
            continue;
        }
        if last_shown.is_some_and(|l| k > l + 1) || (last_shown.is_none() && k > 0) {
            out.push_str("@@\n");
        }
        out.push_str(&format!("{op} {line}\n"));
        last_shown = Some(k);
    }
    if old.ends_with('\n') != new.ends_with('\n') {
        out.push_str("(final newline differs)\n");
    }
    out
}

#[test]
fn golden_diff_shows_changed_lines() {
    let d = diff("a\nb\nc\nd\n", "a\nB\nc\nd\ne\n");
    assert!(d.contains("- b\n+ B\n"), "{d}");
    assert_eq!(diff("x\n", "x\n"), "");
    assert!(d.contains("+ e\n"), "{d}");
}
