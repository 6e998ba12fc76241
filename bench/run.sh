#!/usr/bin/env bash
# The Partnerdesk benchmark. Usage:
#   bench/run.sh sqlite 100000       # SQLite file with 100,000 customers
#   bench/run.sh postgres 1000000    # PostgreSQL (database partnerdesk_bench) with 1,000,000
# Seeds a fresh database, starts the release server, logs in as the
# operator (who sees every customer: the heaviest lists) and measures each
# page with wrk: 2 threads, 16 connections, 10 s (DURATION to change).
# Results: bench/results/<backend>-<customers>.md
# BIN=path measures that build instead of building this tree; PAGES=regex
# measures only the pages whose names match (e.g. PAGES=search).
# REUSE=1 measures the database of the previous run again, without seeding
# (it must hold the same number of customers).
set -euo pipefail
backend=${1:-sqlite}
customers=${2:-100000}
duration=${DURATION:-10s}
reuse=${REUSE:-0}
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }

if [ -n "${BIN:-}" ]; then
  bin=$(realpath "$BIN")
else
  cargo build --release --quiet
  bin=$PWD/target/release/partnerdesk
fi
out=bench/results
mkdir -p "$out"
port=${BENCH_PORT:-18990}
base="http://127.0.0.1:$port"
password=bench-password-2026

case "$backend" in
  sqlite)
    [ "$reuse" = 1 ] || rm -f "$out"/bench.db*
    export DATABASE_URL="sqlite://$PWD/$out/bench.db"
    sql() { python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print("|".join(str(x) for x in c.execute(sys.argv[2]).fetchone()))' "$out/bench.db" "$1"; }
    ;;
  postgres)
    pg=${PGURL:-postgres://postgres@127.0.0.1:5432}
    [ "$reuse" = 1 ] ||
      psql "$pg/postgres" -qc "DROP DATABASE IF EXISTS partnerdesk_bench" -c "CREATE DATABASE partnerdesk_bench"
    # No TLS to a database on the same machine, as on a private network;
    # with TLS (libpq's default where the server offers it) every page costs
    # about a fifth more CPU, on both sides.
    export DATABASE_URL="$pg/partnerdesk_bench?sslmode=disable"
    sql() { psql "$DATABASE_URL" -Atc "$1"; }
    ;;
  *) echo "backend: sqlite or postgres" >&2; exit 2 ;;
esac
export PARTNERDESK_BIND="127.0.0.1:$port" RUST_LOG=warn PARTNERDESK_BCRYPT_COST=10

if [ "$reuse" = 1 ]; then
  found=$(sql "SELECT count(*) FROM customers")
  [ "$found" = "$customers" ] || { echo "REUSE=1: the database holds $found customers, not $customers" >&2; exit 1; }
  seed_note="The database of an earlier run was measured again (REUSE=1)."
else
  echo "== seeding $customers customers on $backend"
  seed_start=$(date +%s.%N)
  PARTNERDESK_PASSWORD=$password "$bin" bench-seed --customers "$customers"
  seed_seconds=$(python3 -c "print(round($(date +%s.%N) - $seed_start, 1))")
  # A database in service has been vacuumed and analysed by autovacuum. Just
  # loaded, it has not: autovacuum would do it during the measurements, and
  # until it has, every count reads the table's rows as well as its index.
  # Then PostgreSQL writes the loaded pages out over the next minutes (a
  # spread checkpoint), during the measurements: write them out now instead.
  if [ "$backend" = postgres ]; then
    sql "VACUUM (ANALYZE)" >/dev/null
    sql "CHECKPOINT" >/dev/null
  fi
  seed_note="Seeding took ${seed_seconds} s."
fi

"$bin" serve >"$out/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fs "$base/healthz" >/dev/null && break; sleep 0.2; done

# Logs in as $1 with the cookie jar $2; prints the session cookie and the
# form's CSRF token.
login() {
  local csrf cookie
  csrf=$(curl -s -c "$2" -b "$2" "$base/login" | grep -o 'name="csrf_token" value="[0-9a-f]*"' | head -1 | sed 's/.*value="//; s/"//')
  curl -s -c "$2" -b "$2" -o /dev/null --data-urlencode "csrf_token=$csrf" \
    --data-urlencode "username=$1" --data-urlencode "password=$password" "$base/login"
  # The token changes at login: the session's own is on its pages.
  csrf=$(curl -s -c "$2" -b "$2" "$base/profile" | grep -o 'name="csrf_token" value="[0-9a-f]*"' | head -1 | sed 's/.*value="//; s/"//')
  cookie=$(awk '$6 == "partnerdesk_session" { print $7 }' "$2")
  [ -n "$cookie" ] && echo "$cookie $csrf"
}
jar=$(mktemp)
read -r cookie csrf < <(login bench-operator@bench.test "$jar") || true
# A reseller, who sees only their own customers (a thousandth of them).
read -r reseller_cookie _ < <(login bench-reseller@bench.test "$(mktemp)") || true
[ -n "$cookie" ] && [ -n "$reseller_cookie" ] || { echo "login failed" >&2; exit 1; }

# A cursor from the middle of the list sorted by name, a customer to
# open, a reseller and product for the wizard, and a draft to post to.
middle=$(sql "SELECT id, name_key FROM customers ORDER BY name_key, id LIMIT 1 OFFSET $((customers / 2))")
cursor=$(python3 -c 'import sys, urllib.parse; i, k = sys.argv[1].split("|", 1); print(urllib.parse.quote(i + "." + k))' "$middle")
customer=$(sql "SELECT id FROM customers WHERE public_id = 'B-$((customers / 3 + 1))'")
reseller=$(sql "SELECT id FROM resellers WHERE name = 'Bench Reseller 1'")
product=$(sql "SELECT min(id) FROM products WHERE name LIKE 'Bench %'")
draft=$(curl -s -o /dev/null -w '%{redirect_url}' -b "$jar" "$base/customers/new" | sed 's#.*/customers/new/##; s#/.*##')

results="$out/$backend-$customers.md"
{
  echo "| page | requests/s | p50 | p99 |"
  echo "| --- | ---: | ---: | ---: |"
} >"$results"

measure() {
  local name=$1; shift
  if [ -n "${PAGES:-}" ] && ! grep -qE "$PAGES" <<<"$name"; then return; fi
  local report
  report=$(wrk -t2 -c16 -d"$duration" --latency -H "Cookie: partnerdesk_session=${COOKIE:-$cookie}" "$@")
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ { print $2 }' <<<"$report")
  p50=$(awk '$1 == "50%" { print $2 }' <<<"$report")
  p99=$(awk '$1 == "99%" { print $2 }' <<<"$report")
  errors=$(awk '/Non-2xx or 3xx/ { print $5 }' <<<"$report")
  echo "| $name | $rps | $p50 | $p99 |" >>"$results"
  printf '%-40s %10s req/s  p50 %-8s p99 %-8s %s\n' "$name" "$rps" "$p50" "$p99" "${errors:+errors: $errors}"
}

# Warm up first (not recorded): statement caches, the database's pages in
# memory, the allocator's pools. The figures are for a server that has been
# running, as one in use has.
echo "== warming up"
for url in "$base/customers" "$base/customers/$customer"; do
  wrk -t2 -c16 -d3s -H "Cookie: partnerdesk_session=$cookie" "$url" >/dev/null
done

# How fast the machine is right now: a fixed loop of arithmetic in Python,
# on one core, timed before and after the measurements. A shared machine's
# speed changes from hour to hour; two runs are comparable only when their
# probes are close.
probe() {
  python3 -c 'import time
t = time.perf_counter(); s = 0
for i in range(3_000_000): s += i * i
print(f"{time.perf_counter() - t:.2f}")'
}
probe_before=$(probe)

echo "== measuring ($duration each, 16 connections; machine probe ${probe_before} s)"
measure "list, first page"                "$base/customers"
measure "list, search (name prefix)"      "$base/customers?q=customer%2080"
COOKIE=$reseller_cookie \
measure "reseller's list, search (e-mail)" "$base/customers?q=admin1"
measure "list, filter (suspended)"        "$base/customers?status=suspended"
measure "list, two filters (status, product)" "$base/customers?status=suspended&product=$product"
measure "list, deep page (middle cursor)" "$base/customers?after=$cursor"
measure "customer overview"               "$base/customers/$customer"
CSRF=$csrf RESELLER=$reseller PRODUCT=$product \
measure "wizard step 1 post"              -s bench/wizard_step.lua "$base/customers/new/$draft/1"

rss=$(ps -o rss= -p "$server" | tr -d ' ')
probe_after=$(probe)
{
  echo
  echo "Server memory after the run: $((rss / 1024)) MiB RSS. $seed_note"
  echo "Machine probe (a fixed Python loop, lower is faster): ${probe_before} s before, ${probe_after} s after."
} >>"$results"
echo "== $results"
cat "$results"
