#!/usr/bin/env bash
# Checks the public gRPC contract (protos/, see buf.yaml):
#   1. buf lint (STANDARD rules) and a full build of the protos;
#   2. buf format: the files are formatted as `npx buf format -w` would write them;
#   3. buf breaking (FILE rules) against the `main` branch, once main holds the contract.
#
#   npm ci                  # once: installs the pinned buf from package-lock.json
#   scripts/buf-check.sh
#
# Works offline after `npm ci`: buf runs from node_modules and the comparison reads the local
# git repository. Exits non-zero on the first failing check.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

log() { printf 'buf-check: %s\n' "$*" >&2; }

if [[ ! -e node_modules/.bin/buf ]]; then
  log "error: buf is not installed; run 'npm ci' at $ROOT first"
  exit 1
fi
buf() { npx --no-install buf "$@"; }

log "buf $(buf --version)"

log "lint"
buf lint

log "build"
buf build -o /dev/null

log "format"
if ! buf format --diff --exit-code; then
  log "error: protos are not formatted; run 'npx buf format -w'"
  exit 1
fi

# Breaking-change check against main. Works from a linked worktree too: the branch is read from
# the repository's common git directory.
if ! git rev-parse --git-dir >/dev/null 2>&1; then
  log "breaking: skipped, not inside a git repository"
  exit 0
fi
if ! git rev-parse --verify --quiet 'refs/heads/main^{commit}' >/dev/null; then
  log "breaking: skipped, there is no local 'main' branch to compare with"
  exit 0
fi
if [[ -z "$(git ls-tree -d main protos/friendlygov)" ]] || ! git cat-file -e main:buf.yaml 2>/dev/null; then
  log "breaking: skipped, the contract (protos/friendlygov and buf.yaml) has not landed on main yet"
  exit 0
fi

git_dir="$(cd "$(git rev-parse --git-common-dir)" && pwd)"
log "breaking: against main ($(git rev-parse --short main))"
buf breaking --against "${git_dir}#format=git,branch=main"

log "all checks passed"
