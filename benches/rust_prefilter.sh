#!/usr/bin/env bash
# Times `datamin check` on a generated workspace of Rust files that define no form:
# by default 2,000 files of ~120 lines, 1 in 20 deriving `Deserialize` on a config struct
# (those are parsed in full), the rest skipped by the pre-filter.
#
#   benches/rust_prefilter.sh [FILES] [RUNS] [EVERY]
#
# EVERY: one file in EVERY derives `Deserialize` (default 20; 1 parses every file).
# Prints the wall time of each run and the best. Not a test: numbers depend on the machine.
set -euo pipefail
cd "$(dirname "$0")/.."

files=${1:-2000}
runs=${2:-5}
every=${3:-20}
cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-target}/release/datamin

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src"
: > "$work/datamin.yaml"

for ((i = 0; i < files; i++)); do
  dir="$work/src/m$((i / 100))"
  mkdir -p "$dir"
  f="$dir/f$i.rs"
  {
    echo "//! Module $i: ordinary code, no form."
    echo "use std::collections::HashMap;"
    if ((i % every == 0)); then
      echo "use serde::Deserialize;"
      echo "#[derive(Debug, Deserialize)]"
      echo "pub struct Settings$i { pub name: String, pub retries: u32, pub tags: Vec<String> }"
    fi
    for ((j = 0; j < 10; j++)); do
      cat <<RS
/// Adds things up.
pub fn compute_${i}_$j(input: &[u64], table: &mut HashMap<u64, String>) -> Option<u64> {
    let mut total = 0u64;
    for (k, v) in input.iter().enumerate() {
        if v % 3 == 0 { total = total.wrapping_add(*v * k as u64); }
        table.entry(*v).or_insert_with(|| format!("{k}:{v}"));
    }
    (total > 0).then_some(total)
}
RS
    done
  } > "$f"
done
echo "workspace: $files files, $(du -sh "$work" | cut -f1), $(grep -rl Deserialize "$work/src" | wc -l) with Deserialize"

best=""
for ((r = 1; r <= runs; r++)); do
  start=$(date +%s%N)
  status=0
  "$bin" check "$work" --quiet >/dev/null || status=$?
  end=$(date +%s%N)
  ms=$(((end - start) / 1000000))
  echo "run $r: ${ms} ms (exit $status)"
  if [[ -z $best || $ms -lt $best ]]; then best=$ms; fi
  if ((status > 1)); then
    echo "datamin reported an input error" >&2
    exit 1
  fi
done
echo "best: ${best} ms"
