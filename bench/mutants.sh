#!/usr/bin/env bash
# Mutation testing of the rules that matter most (issue: tests that catch
# regressions). Each file is mutated by `cargo mutants` and tested with the
# tests that speak of it, on SQLite and, when TEST_DATABASE_URL is set, on
# PostgreSQL. Too slow for CI on two cores; the result is kept in
# tests/MUTANTS.md. It mutates a git worktree of HEAD in place (MUTANTS_TREE,
# /tmp/partnerdesk-mutants), so its build is reused from one file to the next
# and the checkout stays as it is. Usage: bench/mutants.sh [file-regex]
# (MUTANTS_RE='mod.rs:2[0-9][0-9]:' runs only the mutants whose names match)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cargo-mutants >/dev/null || cargo install cargo-mutants --locked
out=${OUT:-$PWD/target/mutants}
tree=${MUTANTS_TREE:-/tmp/partnerdesk-mutants}
if [ -d "$tree" ]; then git -C "$tree" checkout -q --detach "$(git rev-parse HEAD)"
else git worktree add -q --detach "$tree" HEAD; fi
cd "$tree"
export CARGO_TARGET_DIR=$tree/target
mkdir -p "$out"
only=${1:-.}
some=()
[ -z "${MUTANTS_RE:-}" ] || some=(--re "$MUTANTS_RE")

# file | tests of the `app` test binary that speak of it (libtest filters)
families=(
  "src/domain/policy.rs|policy route_ crawl impersonation customer_scope"
  "src/db/raw/outbox_claim.rs|outbox"
  "src/domain/spreadsheet.rs|users_export users_import"
  "src/web/request/session_store.rs|session login logout redis database_that_is_down"
  "src/app/sign_in.rs|login throttle"
  "src/domain/users_import/mod.rs|users_import users_export"
)
for family in "${families[@]}"; do
  file=${family%%|*}
  filters=${family#*|}
  [[ $file =~ $only ]] || continue
  name=$(basename "${file%.rs}")
  [ "$name" = mod ] && name=$(basename "$(dirname "$file")")
  echo "== $file ($filters)"
  # shellcheck disable=SC2086
  # The `app` tests only: building the library's own tests as well would
  # compile the crate twice per mutant.
  cargo mutants --in-place --file "$file" --baseline skip --timeout 600 \
    --output "$out/$name" --no-shuffle "${some[@]}" \
    -- --test app -- $filters || true
  for outcome in caught missed timeout unviable; do
    printf '  %-9s %s\n' "$outcome" "$(wc -l < "$out/$name/mutants.out/$outcome.txt" 2>/dev/null || echo 0)"
  done
done
