#![allow(clippy::unwrap_used, clippy::expect_used)]

//! `benches/gen_corpus.py`, which `benches/bench.py` runs: a usage message, usage errors
//! exit 2, and the corpus it writes stays the same (it is seeded: benchmarks compare runs on
//! it). Skipped where there is no `python3`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::Scratch;

/// `python3 benches/gen_corpus.py ARGS` run in `dir`; `None` without `python3`.
fn gen_corpus(dir: &Path, args: &[&str]) -> Option<Output> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/gen_corpus.py");
    Command::new("python3")
        .arg(script)
        .args(args)
        .current_dir(dir)
        .output()
        .ok()
}

/// FNV-1a over each file's path (relative, `/`-separated) and bytes, in path order.
fn digest(root: &Path) -> u64 {
    fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, files);
            } else {
                files.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(root, &mut files);
    files.sort();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for f in files {
        let name = f
            .strip_prefix(root)
            .unwrap()
            .to_str()
            .unwrap()
            .replace('\\', "/");
        let bytes = std::fs::read(&f).unwrap();
        for b in name.bytes().chain([0]).chain(bytes).chain([0]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

#[test]
fn gen_corpus_prints_usage_and_refuses_bad_arguments() {
    let s = Scratch::new("gen-corpus-usage");
    let Some(o) = gen_corpus(&s.0, &["--help"]) else {
        eprintln!("no python3: skipped");
        return;
    };
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("usage: gen_corpus.py"));
    for args in [
        &[][..],
        &["out", "many"],
        &["out", "-1"],
        &["out", "1", "2"],
    ] {
        let o = gen_corpus(&s.0, args).unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&o.stderr).starts_with("usage: gen_corpus.py"),
            "{args:?}"
        );
    }
    // Nothing written: no folder named after an option or a bad argument.
    assert_eq!(std::fs::read_dir(&s.0).unwrap().count(), 0);
}

/// The corpus of `gen_corpus.py OUT N` is the one it has always been (the digest was taken
/// from the script before it had a usage message).
#[test]
fn gen_corpus_writes_the_same_corpus() {
    let s = Scratch::new("gen-corpus-same");
    let Some(o) = gen_corpus(&s.0, &["out", "6"]) else {
        eprintln!("no python3: skipped");
        return;
    };
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "6 forms, 0.0 MB in out\n"
    );
    assert_eq!(digest(&s.0.join("out")), 12_837_959_307_804_825_168);
}
