//! Replays every input the fuzzers kept (crashes found and fixed, and seeds) through the same
//! entry points the fuzz targets use: none may panic.

use std::path::Path;

fn replay(target: &str, f: fn(&[u8])) -> usize {
    let dir = Path::new("tests/fuzz-regressions").join(target);
    let mut n = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    entries.sort();
    for p in entries {
        let data = std::fs::read(&p).unwrap_or_default();
        f(&data);
        n += 1;
    }
    n
}

#[test]
fn fuzz_regressions_do_not_panic() {
    let total = replay("yaml", datamin::fuzzing::yaml)
        + replay("json", datamin::fuzzing::json)
        + replay("config", datamin::fuzzing::config)
        + replay("rule", datamin::fuzzing::rule)
        + replay("duration", datamin::fuzzing::duration)
        + replay("rust", datamin::fuzzing::rust)
        + replay("suppress", datamin::fuzzing::suppress)
        + replay("baseline", datamin::fuzzing::baseline)
        + replay("lines", datamin::fuzzing::lines)
        + replay("report", datamin::fuzzing::report)
        + replay("decode", datamin::fuzzing::decode);
    assert!(total > 0, "there are regression inputs to replay");
}
