#!/usr/bin/env bash
# The slow fault run (issue "Reliability"): SIGKILL during import and rescore 20 times each, then
# a run to the end, checked against the same work done without interruption (the test suite does
# 3 rounds); then a database held locked by another writer: the import waits, then fails naming
# the file, and changes nothing.
# usage: tools/faults/run.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-20}

echo "== kill and resume, $rounds rounds each"
FAULT_ROUNDS=$rounds dotnet test tests/RuleScoring.Cli.Tests --filter "FullyQualifiedName~Faults" --logger "console;verbosity=normal"

echo "== a locked database"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
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
