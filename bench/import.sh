#!/usr/bin/env bash
# Import CSV benchmark: files of 1,000, 10,000 and 100,000 rows (adds, then a
# modify/remove mix on the result), uploaded to a release build, checked and
# applied as a person does it; the time of each step, the server's peak
# memory, and the customer list's p50 under wrk while the largest runs;
# then the Users page of a customer that large.
# Usage: bench/import.sh [sqlite|postgres] [sizes...]   (BIN=… to reuse a build)
set -euo pipefail
backend=${1:-sqlite}
shift || true
sizes=("${@:-1000 10000 100000}")
read -r -a sizes <<<"${sizes[*]}"
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
if [ -n "${BIN:-}" ]; then bin=$(realpath "$BIN"); else
  cargo build --release --quiet; bin=$PWD/target/release/partnerdesk; fi
out=bench/results
mkdir -p "$out"
port=${BENCH_PORT:-18991}
base="http://127.0.0.1:$port"
password=bench-password-2026
case "$backend" in
  sqlite)
    rm -f "$out"/import.db*
    export DATABASE_URL="sqlite://$PWD/$out/import.db"
    # The sqlite3 shell when there is one: a Python start-up per poll would
    # take a good part of a core from what is measured.
    if command -v sqlite3 >/dev/null; then sql() { sqlite3 "$out/import.db" "$1"; }; else
    sql() { python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print("|".join(str(x) for x in c.execute(sys.argv[2]).fetchone()))' "$out/import.db" "$1"; }; fi
    ;;
  postgres)
    pg=${PGURL:-postgres://postgres@127.0.0.1:5432}
    psql "$pg/postgres" -qc "DROP DATABASE IF EXISTS partnerdesk_import" -c "CREATE DATABASE partnerdesk_import"
    export DATABASE_URL="$pg/partnerdesk_import?sslmode=disable"
    # psql itself, not Debian's Perl wrapper: its start-up per poll would
    # take a good part of a core from what is measured.
    client=$(ls /usr/lib/postgresql/*/bin/psql 2>/dev/null | tail -1); client=${client:-psql}
    sql() { "$client" "$DATABASE_URL" -Atc "$1"; }
    ;;
  *) echo "backend: sqlite or postgres" >&2; exit 2 ;;
esac
export PARTNERDESK_BIND="127.0.0.1:$port" RUST_LOG=warn PARTNERDESK_BCRYPT_COST=10
PARTNERDESK_PASSWORD=$password "$bin" bench-seed --customers 10000 >/dev/null
"$bin" serve >"$out/import-server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fs "$base/healthz" >/dev/null && break; sleep 0.2; done

jar=$(mktemp)
token() { curl -s -c "$jar" -b "$jar" "$base$1" | grep -o 'name="csrf_token" value="[0-9a-f]*"' | head -1 | sed 's/.*value="//; s/"//'; }
csrf=$(token /login)
curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "csrf_token=$csrf" \
  --data-urlencode "username=bench-operator@bench.test" --data-urlencode "password=$password" "$base/login"
csrf=$(token /profile)
cookie=$(awk '$6 == "partnerdesk_session" { print $7 }' "$jar")

peak=0
watch_memory() { # the server's resident memory in MB: all of it, and its own heap
  # (RssAnon: without the database file's pages that SQLite maps and the
  # kernel can drop)
  while kill -0 "$server" 2>/dev/null; do
    awk '/VmRSS/ { rss = int($2 / 1024) } /RssAnon/ { anon = int($2 / 1024) } END { print rss, anon }' \
      "/proc/$server/status"; sleep 0.1
  done >"$out/import-rss.txt"
}
watch_memory &
watcher=$!

# Seconds until the task reaches one of the statuses.
wait_for() {
  local task=$1 want=$2 start=$3 status begun=$SECONDS
  while :; do
    status=$(sql "SELECT status FROM import_tasks WHERE id = $task")
    [[ $status =~ ^($want)$ ]] && break
    # Often at first, for the small files; then less, to leave the cores
    # to what is measured.
    if ((SECONDS - begun < 2)); then sleep 0.05; else sleep 0.25; fi
  done
  python3 -c "print(f'{$(date +%s.%N) - $start:.2f}')"
  [ "$status" != failed ] || { sql "SELECT failure FROM import_tasks WHERE id = $task" >&2; exit 1; }
}

# Uploads a file and checks it, then applies it: "check s|apply s".
run_file() {
  local customer=$1 file=$2 start task check apply errors
  start=$(date +%s.%N)
  task=$(curl -s -o /dev/null -w '%{redirect_url}' -b "$jar" -F "mode=add_and_remove" -F "file=@$file;type=text/csv" \
    "$base/customers/$customer/users/import?csrf_token=$csrf" | sed 's#.*/##')
  [ -n "$task" ] || { echo "upload refused" >&2; exit 1; }
  check=$(wait_for "$task" checked "$start")
  errors=$(sql "SELECT errors FROM import_tasks WHERE id = $task")
  [ "$errors" = 0 ] || { echo "the file has $errors problems" >&2; sql "SELECT substr(problems, 1, 300) FROM import_tasks WHERE id = $task" >&2; exit 1; }
  start=$(date +%s.%N)
  curl -s -o /dev/null -b "$jar" --data-urlencode "csrf_token=$csrf" "$base/customers/$customer/users/import/$task/apply"
  apply=$(wait_for "$task" "applied|checked" "$start")
  [ "$(sql "SELECT status FROM import_tasks WHERE id = $task")" = applied ] || { echo "apply found problems" >&2; exit 1; }
  echo "$check|$apply"
}

results="$out/import-$backend.md"
{
  echo "| rows | check (adds) | apply (adds) | check (mix) | apply (mix) |"
  echo "| ---: | ---: | ---: | ---: | ---: |"
} >"$results"
n=0
for size in "${sizes[@]}"; do
  n=$((n + 1))
  customer=$(sql "SELECT id FROM customers WHERE public_id = 'B-$n'")
  adds="$out/import-adds-$size.csv"
  mix="$out/import-mix-$size.csv"
  python3 - "$size" "$n" "$adds" "$mix" <<'EOF'
import sys
size, n, adds, mix = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
head = "action,email,full_name,username,role,package,language,phone,Standard\n"
with open(adds, "w") as f:
    f.write(head)
    for i in range(size):
        f.write(f"add,p{i}.c{n}@import.bench,Person {i},,user,,en,,TRUE\n")
# Half renamed, a tenth removed, the rest as they are.
with open(mix, "w") as f:
    f.write(head)
    for i in range(size):
        if i % 10 == 1:
            f.write(f"remove,p{i}.c{n}@import.bench,,,,,,,\n")
        elif i % 2 == 0:
            f.write(f"modify,p{i}.c{n}@import.bench,Renamed {i},,,,fr,,\n")
        else:
            f.write(f"modify,p{i}.c{n}@import.bench,,,,,,,\n")
EOF
  IFS='|' read -r check_adds apply_adds < <(run_file "$customer" "$adds")
  IFS='|' read -r check_mix apply_mix < <(run_file "$customer" "$mix")
  printf '| %s | %s s | %s s | %s s | %s s |\n' "$size" "$check_adds" "$apply_adds" "$check_mix" "$apply_mix" | tee -a "$results"
done
# The customer list under the usual load while the largest file of adds is
# imported again, to another customer: wrk and the import share the two
# cores, so this import's own time is longer than the one above.
customer=$(sql "SELECT id FROM customers WHERE public_id = 'B-$((n + 1))'")
sed "s/\.c$n@/.c$((n + 1))@/" "$out/import-adds-${sizes[-1]}.csv" >"$out/import-load.csv"
# First the same load with no import, to tell what the import adds to the
# list's latency from what the machine gives that day.
wrk -t2 -c16 -d10s --latency -H "Cookie: partnerdesk_session=$cookie" "$base/customers" >"$out/import-wrk-alone.txt"
wrk -t2 -c16 -d20s --latency -H "Cookie: partnerdesk_session=$cookie" "$base/customers" >"$out/import-wrk.txt" &
load=$!
IFS='|' read -r check_load apply_load < <(run_file "$customer" "$out/import-load.csv")
wait "$load"
echo "under wrk: check ${check_load} s, apply ${apply_load} s" | tee -a "$results"
kill "$watcher" 2>/dev/null || true
peak=$(awk '$1 > m { m = $1 } END { print m }' "$out/import-rss.txt")
heap=$(awk '$2 > m { m = $2 } END { print m }' "$out/import-rss.txt")
p50=$(awk '$1 == "50%" { print $2 }' "$out/import-wrk.txt")
alone=$(awk '$1 == "50%" { print $2 }' "$out/import-wrk-alone.txt")
echo "peak server memory: ${peak} MB resident, ${heap} MB of it its own (RssAnon); customer list p50 during the largest import: $p50 (with no import: $alone)" | tee -a "$results"

# The Users page of the customer the last import filled, under the same
# load, 5 s each: its first page, a page near its end, a status and a search
# that match no one (so every person of the customer is looked at).
last=$(sql "SELECT max(id) FROM memberships WHERE customer_id = $customer")
echo "Users page of a customer of $(sql "SELECT count(*) FROM memberships WHERE customer_id = $customer") people, requests/s and p50:" | tee -a "$results"
for page in "" "?after=$((last - 100))" "?status=disabled" "?q=nobody"; do
  wrk -t2 -c16 -d5s --latency -H "Cookie: partnerdesk_session=$cookie" "$base/customers/$customer/users$page" >"$out/import-users-wrk.txt"
  rps=$(awk '/Requests\/sec/ { print $2 }' "$out/import-users-wrk.txt")
  p50=$(awk '$1 == "50%" { print $2 }' "$out/import-users-wrk.txt")
  echo "  users${page:-} $rps/s, p50 $p50" | tee -a "$results"
done
