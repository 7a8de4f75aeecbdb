#!/usr/bin/env bash
# pre-commit round trip, with the real hook definition (.pre-commit-hooks.yaml):
#   1. snapshot this checkout's working tree (committed or not) into a scratch git repo, the
#      hook repository, so what is tested is what is on disk;
#   2. install pre-commit from PyPI into a scratch virtual environment;
#   3. in a throwaway project that uses the snapshot as its hook repository, commit a clean
#      form (passes: pre-commit builds datamin once, with `cargo install`), commit a form that
#      asks for a recovery phrase (must be blocked, with DM005 in the output), fix it and
#      commit again (passes).
# Needs git, python3 (venv, pip, network to PyPI) and cargo (network to crates.io unless the
# crates are already in cargo's cache). Exits non-zero on any failure.
set -euo pipefail

checkout="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/datamin-pre-commit.XXXXXX")"
trap 'rm -rf "$work"' EXIT

step() { printf '\n-- %s\n' "$*"; }
fail() {
  printf 'FAIL: %s\n' "$*" >&2
  exit 1
}

# Git and pre-commit confined to the scratch folder: no user or system config, no cache.
export GIT_CONFIG_NOSYSTEM=1
export GIT_CONFIG_GLOBAL="$work/gitconfig"
git config --global user.name "datamin ci"
git config --global user.email "ci@datamin.invalid"
git config --global init.defaultBranch main
git config --global advice.detachedHead false
export PRE_COMMIT_HOME="$work/pre-commit-cache"
# cargo install builds in the hook repository's own clone, not in a shared target folder.
unset CARGO_TARGET_DIR CARGO_BUILD_TARGET_DIR

step "hook repository: snapshot of $checkout"
hookrepo="$work/hook-repo"
mkdir -p "$hookrepo"
if git -C "$checkout" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  # Tracked and untracked files, not ignored ones (target/), as they are on disk.
  (cd "$checkout" && git ls-files -z --cached --others --exclude-standard) |
    while IFS= read -r -d '' f; do
      [ -e "$checkout/$f" ] || continue # deleted, not yet committed
      mkdir -p "$hookrepo/$(dirname "$f")"
      cp -P "$checkout/$f" "$hookrepo/$f"
    done
  head="$(git -C "$checkout" rev-parse --short HEAD)"
  dirty="$(git -C "$checkout" status --porcelain | wc -l | tr -d ' ')"
  echo "checkout at $head with $dirty uncommitted change(s)"
else
  (cd "$checkout" && tar --exclude=./target --exclude=./.git -cf - .) | tar -xf - -C "$hookrepo"
  echo "checkout is not a git repository: copied without target/"
fi
[ -f "$hookrepo/.pre-commit-hooks.yaml" ] || fail "no .pre-commit-hooks.yaml in the checkout"
git -C "$hookrepo" init -q
git -C "$hookrepo" add -A
git -C "$hookrepo" commit -qm "datamin snapshot for the pre-commit test"
rev="$(git -C "$hookrepo" rev-parse HEAD)"
echo "hook repository $hookrepo at $rev"

step "pre-commit from PyPI into a scratch virtual environment"
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check pre-commit
pre_commit="$work/venv/bin/pre-commit"
echo "pre-commit $("$pre_commit" --version | awk '{print $2}')"

step "throwaway project"
project="$work/project"
mkdir -p "$project/forms"
cd "$project"
git init -q
cat >.pre-commit-config.yaml <<EOF
repos:
  - repo: $hookrepo
    rev: $rev
    hooks:
      - id: datamin
EOF
cat >datamin.yaml <<'EOF'
context: [retention.yaml]
EOF
cat >retention.yaml <<'EOF'
retention:
  - forms: ["*"]
    closed_tickets: 180d
    free_text: 30d
    attachments: 30d
    backups: 200d
EOF
cat >forms/contact.yaml <<'EOF'
form: contact
title: Contact support
notice: Never include your recovery phrase or password.
fields:
  - id: email
    type: email
    label: Email address
    required: true
    purpose: To reply to you
  - id: problem
    type: textarea
    label: What went wrong?
    max_length: 500
EOF
"$pre_commit" install
git add -A

step "commit 1: a clean form, with other YAML files (builds the hook once with cargo install)"
start=$SECONDS
if ! git commit -qm "clean form" >"$work/commit1.log" 2>&1; then
  cat "$work/commit1.log"
  fail "the hook blocked a clean commit"
fi
cat "$work/commit1.log"
echo "passed ($((SECONDS - start))s, build included)"

step "commit 2: a form asking for a recovery phrase must be blocked"
cat >>forms/contact.yaml <<'EOF'
  - id: recovery
    type: text
    label: Recovery phrase
    max_length: 300
EOF
git add forms/contact.yaml
before="$(git rev-parse HEAD)"
if git commit -qm "ask for the recovery phrase" >"$work/commit2.log" 2>&1; then
  cat "$work/commit2.log"
  fail "the hook let a credential field through"
fi
cat "$work/commit2.log"
grep -q "DM005" "$work/commit2.log" || fail "the hook's output does not name DM005"
grep -q "forms/contact.yaml" "$work/commit2.log" || fail "the hook's output does not name the file"
[ "$(git rev-parse HEAD)" = "$before" ] || fail "the blocked commit was made anyway"
echo "blocked, with the finding"

step "commit 3: the fixed form passes"
head -n 13 forms/contact.yaml >"$work/fixed.yaml"
cat >>"$work/fixed.yaml" <<'EOF'
  - id: topic
    type: select
    label: What is this about?
    options: [Login, Sending funds, Other]
EOF
mv "$work/fixed.yaml" forms/contact.yaml
git add forms/contact.yaml
if ! git commit -qm "no recovery phrase" >"$work/commit3.log" 2>&1; then
  cat "$work/commit3.log"
  fail "the hook blocked the fixed form"
fi
cat "$work/commit3.log"
[ "$(git rev-list --count HEAD)" = 2 ] || fail "expected 2 commits"
echo "passed"

printf '\npre-commit round trip OK: clean commit passed, bad form blocked with DM005, fixed form passed\n'
