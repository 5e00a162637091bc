#!/usr/bin/env bash
# Hot reload of a hostile rules folder (issue 17: one quadratic rule froze a running worker's tick
# for good, /dev/zero filled its memory, a pipe blocked it). Starts `rulescore run` on a small demo
# database with a copy of rules/, then, case by case, breaks the copy under a new version number:
# a rule quadratic in the lead's signals that passes the expression guard, a workflow replaced by a
# link to /dev/zero, a workflow replaced by a pipe. For each it checks that the API keeps answering
# within a second (asked every 0.1 s throughout), the last good version stays active, /health names
# the rejected version and why, a lead posted meanwhile is scored by the good version, and the fixed
# folder (same new version) is picked up. Prints a table; exit 1 when a case fails. The test suite
# runs the same in-process (tests/RuleScoring.Worker.Tests/HostileRulesReloadTests.cs).
# usage: tools/faults/hostile-reload.sh [leads, default 300]
set -euo pipefail
cd "$(dirname "$0")/../.."
leads=${1:-300}
for tool in curl jq python3; do command -v $tool >/dev/null || { echo "$tool is required" >&2; exit 2; }; done

work=$(mktemp -d /tmp/rulescoring-hostile-XXXXXX)
worker=""
cleanup() {
  if [ -n "$worker" ]; then
    kill "$worker" 2>/dev/null || true
    wait "$worker" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

dotnet build -v q -clp:ErrorsOnly -nologo src/RuleScoring.Cli >/dev/null || { echo "the build failed: dotnet build src/RuleScoring.Cli" >&2; exit 2; }
cli=(dotnet src/RuleScoring.Cli/bin/Debug/net10.0/rulescore.dll)
mkdir -p "$work/rules/tests" "$work/good/tests"
cp rules/*.json "$work/good/"
cp rules/tests/*.json "$work/good/tests/"
cp -r "$work/good/." "$work/rules/"
"${cli[@]}" demo --leads "$leads" --snapshot-days 90 --db "$work/w.db" --data "$work/data" --rules "$work/rules" >/dev/null
probe_lead=$(python3 -c "import sqlite3; print(sqlite3.connect('$work/w.db').execute('SELECT lead_id FROM scores_current ORDER BY lead_id LIMIT 1').fetchone()[0])")
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
api="http://127.0.0.1:$port"
"${cli[@]}" run --db "$work/w.db" --rules "$work/rules" --port "$port" --interval 5s --log-dir "$work/logs" >"$work/worker.out" 2>&1 &
worker=$!

health() { curl -s --max-time 5 "$api/health"; }
now() { date +%s.%N; }
secs() { python3 -c "print(f'{$2 - $1:.1f}')"; }
slowest=0
# One probe: /health and a card, timed; keeps the slowest answer of the case in $slowest.
probe() {
  local t
  for path in /health "/leads/$probe_lead"; do
    t=$(curl -s -o /dev/null --max-time 10 -w '%{time_total}' "$api$path" || echo 10)
    slowest=$(python3 -c "print(max($slowest, $t))")
  done
}
# Probes every 0.1 s until the jq condition holds on /health (30 s at most).
until_health() {
  local condition=$1 deadline=$(( $(date +%s) + 30 ))
  until health | jq -e "$condition" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    probe
    sleep 0.1
  done
}

until_health '.ticks >= 1' || { echo "the worker did not complete a first tick:"; cat "$work/worker.out"; exit 1; }
good=$(health | jq -r '.rules.version')
echo "== worker pid $worker on $api, $leads demo leads, rules $good"

quadratic='signals.Events.Any(a => signals.Events.Count(b => b.Value == a.Value) > 100000)'
rows=()
status=0
n=0
for case in quadratic dev-zero fifo; do
  n=$((n + 1))
  version="1.$((n + 1)).0"
  slowest=0
  case $case in
    quadratic) file=fit.json; why="exceeded the evaluation budget"
      jq --arg e "$quadratic" '(.Rules[] | select(.RuleName == "fit.partner_tech") | .Expression) = $e' "$work/good/fit.json" > "$work/edit.json"
      mv "$work/edit.json" "$work/rules/fit.json" ;;
    dev-zero) file=intent.json; why="is a link"
      rm "$work/rules/intent.json"; ln -s /dev/zero "$work/rules/intent.json" ;;
    fifo) file=behavior.json; why="pipe"
      rm "$work/rules/behavior.json"; mkfifo "$work/rules/behavior.json" ;;
  esac
  start=$(now)
  # Broken first, then numbered: the new number never names a good folder.
  jq --arg v "$version" '.version = $v' "$work/good/model.json" > "$work/edit.json" && mv "$work/edit.json" "$work/rules/model.json"
  ok=yes
  if until_health ".rules_rejected.version == \"$version\" and ([.rules_rejected.problems[] | select(contains(\"$file\") and contains(\"$why\"))] | length > 0)"; then
    rejected_in=$(secs "$start" "$(now)")
  else
    rejected_in="never"; ok=no
  fi
  active=$(health | jq -r '.rules.version')
  [ "$active" = "$good" ] || ok=no
  reason=$(health | jq -r '.rules_rejected.problems[0] // "none"' | cut -c1-70)

  # A lead posted now is scored, by the last good version.
  lead="L-hostile-$case"
  curl -s -o /dev/null --max-time 5 -H 'Content-Type: application/json' -X POST "$api/leads" \
    -d "{\"lead_id\": \"$lead\", \"attributes\": {\"email\": \"cto@$case.example.com\", \"employees\": 800, \"industry\": \"Software\"}, \"signals\": [{\"type\": \"demo_request\", \"occurred_at\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\", \"event_id\": \"hostile-$case\"}]}"
  scored_by="not scored"
  deadline=$(( $(date +%s) + 30 ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    card=$(curl -s --max-time 5 "$api/leads/$lead")
    if echo "$card" | jq -e '.card.reasons | map(.code) | index("intent.demo_request")' >/dev/null 2>&1; then
      scored_by=$(echo "$card" | jq -r '.card.rules.version'); break
    fi
    probe; sleep 0.1
  done
  [ "$scored_by" = "$good" ] || ok=no

  # The fixed folder, under the same new version, is picked up.
  rm -f "$work/rules/$file"; cp "$work/good/$file" "$work/rules/$file"
  fixed_start=$(now)
  if until_health ".rules.version == \"$version\" and .rules_rejected == null and .last_tick.rules_version == \"$version\""; then
    fixed_in=$(secs "$fixed_start" "$(now)"); good=$version
  else
    fixed_in="never"; ok=no
  fi
  rss=$(awk '/VmRSS/ {printf "%d MB", $2 / 1024}' "/proc/$worker/status" 2>/dev/null || echo "exited")
  python3 -c "import sys; sys.exit(0 if $slowest < 1.0 else 1)" || ok=no
  [ "$ok" = yes ] || status=1
  rows+=("$(printf '%-10s %-8s %-11s %-12s %-13s %-10s %-9s %-4s %s' "$case" "$version" "${rejected_in} s" "$(python3 -c "print(f'{$slowest * 1000:.0f} ms')")" "$scored_by" "${fixed_in} s" "$rss" "$ok" "$reason")")
done

echo
printf '%-10s %-8s %-11s %-12s %-13s %-10s %-9s %-4s %s\n' case version rejected slowest-API signal-by fixed-in rss ok "why (/health)"
printf '%s\n' "${rows[@]}"
kill -0 "$worker" 2>/dev/null || { echo "the worker exited:"; tail -20 "$work/worker.out"; status=1; }
[ "$status" -eq 0 ] && echo "every case: API answered within 1 s, last good version kept and scoring, rejection named on /health, fix picked up" \
  || { echo "FAILED; worker log tail:"; tail -n 20 "$work"/logs/worker-*.log; }
exit $status
