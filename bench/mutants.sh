#!/usr/bin/env bash
# Mutation testing of the rules that matter most (issue: tests that catch
# regressions). Each file is mutated by `cargo mutants` and tested with the
# tests that speak of it, on SQLite and, when TEST_DATABASE_URL is set, on
# PostgreSQL. Too slow for CI on two cores; the result is kept in
# tests/MUTANTS.md. Usage: bench/mutants.sh [file-regex]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cargo-mutants >/dev/null || cargo install cargo-mutants --locked
out=${OUT:-target/mutants}
mkdir -p "$out"
only=${1:-.}

# file | tests of the `app` test binary (libtest filters), besides the unit tests
families=(
  "src/domain/policy.rs|policy route_ crawl impersonation customer_scope"
  "src/db/raw/outbox_claim.rs|outbox"
  "src/web/request/session_store.rs|session login logout redis"
  "src/app/sign_in.rs|login throttle"
  "src/domain/users_import/mod.rs|users_import users_export"
  "src/domain/spreadsheet.rs|spreadsheet users_export users_import"
)
for family in "${families[@]}"; do
  file=${family%%|*}
  filters=${family#*|}
  [[ $file =~ $only ]] || continue
  name=$(basename "${file%.rs}")
  [ "$name" = mod ] && name=$(basename "$(dirname "$file")")
  echo "== $file ($filters)"
  # shellcheck disable=SC2086
  cargo mutants --file "$file" --jobs 1 --baseline skip --timeout 600 \
    --output "$out/$name" --no-shuffle \
    -- --lib --test app -- $filters || true
  for outcome in caught missed timeout unviable; do
    printf '  %-9s %s\n' "$outcome" "$(wc -l < "$out/$name/mutants.out/$outcome.txt" 2>/dev/null || echo 0)"
  done
done
