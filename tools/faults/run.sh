#!/usr/bin/env bash
# The slow fault run (issue "Reliability"): SIGKILL during import and rescore 20 times each, then
# a run to the end, checked against the same work done without interruption (the test suite does
# 3 rounds); then a database held locked by another writer: the import waits, then fails naming
# the file, and changes nothing; then a real full disk (a 3 MB tmpfs) and a real read-only mount:
# import and rescore exit 2 naming the file and what happened, the file stays intact with every
# earlier row. (Mounting needs root; where it is refused those two skip with the reason.) The fuzz
# run over importers, lead JSON and rules is tools/faults/fuzz.sh; a hostile rules folder hot-reloaded
# into a running worker is tools/faults/hostile-reload.sh.
# usage: tools/faults/run.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-20}

echo "== kill and resume, $rounds rounds each"
FAULT_ROUNDS=$rounds dotnet test tests/RuleScoring.Cli.Tests --filter "FullyQualifiedName~Faults" --logger "console;verbosity=normal"

echo "== a locked database"
work=$(mktemp -d)
cleanup() {
  for m in "$work/full" "$work/ro"; do mountpoint -q "$m" 2>/dev/null && umount "$m"; done
  rm -rf "$work"
}
trap cleanup EXIT
dotnet build -v q src/RuleScoring.Cli >/dev/null
cli="dotnet src/RuleScoring.Cli/bin/Debug/net10.0/rulescore.dll"
printf 'lead_id\nL-1\n' > "$work/leads.csv"
printf 'lead_id,type,occurred_at\nL-1,pricing_view,2026-11-20\n' > "$work/signals.csv"
$cli import leads "$work/leads.csv" --db "$work/locked.db" >/dev/null
if ! command -v sqlite3 >/dev/null; then
  echo "sqlite3 is not installed (apt-get install -y sqlite3): lock scenario skipped"
  exit 0
fi
# Another writer takes the write lock and keeps it for 40 s.
(echo "BEGIN IMMEDIATE;"; sleep 40; echo "ROLLBACK;") | sqlite3 "$work/locked.db" &
sleep 1
start=$(date +%s)
set +e
$cli import signals "$work/signals.csv" --db "$work/locked.db" 2> "$work/err.txt"
code=$?
set -e
waited=$(( $(date +%s) - start ))
cat "$work/err.txt"
wait
test "$code" -eq 2 || { echo "expected exit 2 while locked, got $code"; exit 1; }
grep -q "another process is writing to this database" "$work/err.txt"
test "$($cli import signals "$work/signals.csv" --db "$work/locked.db" | grep -c 'inserted 1')" -eq 1
echo "locked: waited ${waited}s, exit 2 with the reason; after the lock: the import stored its row"

# Expects exit 2 and each given phrase on stderr; prints stderr.
expect_exit2() {
  local err=$1; shift
  cat "$err"
  test "$code" -eq 2 || { echo "expected exit 2, got $code"; exit 1; }
  for phrase in "$@"; do grep -q -- "$phrase" "$err" || { echo "missing: $phrase"; exit 1; }; done
  if grep -q "   at \|Unhandled exception" "$err"; then echo "a stack trace reached the user"; exit 1; fi
}

echo "== a full disk"
mkdir -p "$work/full"
if ! mount -t tmpfs -o size=3m tmpfs "$work/full" 2>"$work/mount.txt"; then
  echo "cannot mount a small tmpfs here ($(cat "$work/mount.txt")): full-disk scenario skipped"
else
  awk 'BEGIN{print "lead_id,company"; for(i=0;i<2000;i++) printf "L-%d,Company %d\n", i, i}' > "$work/many-leads.csv"
  awk 'BEGIN{print "lead_id,type,occurred_at,event_id,topic"; for(i=0;i<100000;i++) printf "L-%d,pricing_view,2026-11-%02d,ev-%d,topic-%d\n", i%2000, 1+i%19, i, i%7}' > "$work/many-signals.csv"
  db="$work/full/full.db"
  $cli import leads "$work/many-leads.csv" --db "$db" >/dev/null
  leads_before=$(sqlite3 "$db" "SELECT group_concat(lead_id || attributes, ';') FROM (SELECT * FROM leads ORDER BY lead_id)" | sha256sum)
  set +e; $cli import signals "$work/many-signals.csv" --db "$db" --batch-size 5000 --rejects "$work/rej.csv" 2> "$work/err.txt"; code=$?; set -e
  expect_exit2 "$work/err.txt" "$db: the disk is full" "was rolled back; earlier batches are stored"
  set +e; $cli rescore --db "$db" --rules rules > /dev/null 2> "$work/err.txt"; code=$?; set -e
  expect_exit2 "$work/err.txt" "$db: the disk is full" "was rolled back"
  test "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok
  test "$(sqlite3 "$db" "SELECT group_concat(lead_id || attributes, ';') FROM (SELECT * FROM leads ORDER BY lead_id)" | sha256sum)" = "$leads_before"
  signals=$(sqlite3 "$db" 'SELECT COUNT(*) FROM signals')
  test $((signals % 5000)) -eq 0 || { echo "$signals signals stored: not whole batches"; exit 1; }
  echo "full disk: import and rescore exit 2 saying so; integrity ok, every lead as before, $signals signals in whole batches of 5,000"
  umount "$work/full"
fi

echo "== a read-only mount"
mkdir -p "$work/ro"
$cli import leads "$work/leads.csv" --db "$work/ro/ro.db" >/dev/null
if ! { mount --bind "$work/ro" "$work/ro" && mount -o remount,ro,bind "$work/ro"; } 2>"$work/mount.txt"; then
  echo "cannot make a read-only bind mount here ($(cat "$work/mount.txt")): read-only scenario skipped"
else
  db="$work/ro/ro.db"
  set +e; $cli import signals "$work/signals.csv" --db "$db" --rejects "$work/rej.csv" 2> "$work/err.txt"; code=$?; set -e
  expect_exit2 "$work/err.txt" "$db: the database is read-only" "nothing was changed"
  set +e; $cli rescore --db "$db" --rules rules > /dev/null 2> "$work/err.txt"; code=$?; set -e
  expect_exit2 "$work/err.txt" "$db: the database is read-only"
  umount "$work/ro"
  test "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok
  test "$(sqlite3 "$db" 'SELECT COUNT(*) FROM leads')" -eq 1
  echo "read-only mount: import and rescore exit 2 saying so; integrity ok, the lead still there"
fi
