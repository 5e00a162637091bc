#!/usr/bin/env bash
# Starts the worker on the demo database and saves what headless Chromium shows of two console
# pages: the queue (docs/images/console-queue.png) and the council report
# (docs/images/console-council.png), shown in docs/worker-and-api.md and the README. The demo runs
# up to now, as the worker's clock does. No API key: the pages are open on loopback.
# Needs Debian's chromium (apt-get install -y chromium) and curl.
# usage: tools/screenshots/console.sh [out-dir]
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
out=$(realpath -m "${1:-$repo/docs/images}")
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "chromium is not installed (apt-get install -y chromium); no screenshot taken" >&2
  exit 3
fi
work=$(mktemp -d)
worker=""
cleanup() {
  if [ -n "$worker" ]; then kill "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
dotnet build "$repo/src/RuleScoring.Cli" -v quiet -nologo >/dev/null
cli=(dotnet "$repo/src/RuleScoring.Cli/bin/Debug/net10.0/rulescore.dll")
"${cli[@]}" demo --leads 3000 --seed 42 --rules "$repo/rules" --db "$work/demo.db" --data "$work/data" >/dev/null 2>&1
port=$((20000 + RANDOM % 20000))
"${cli[@]}" run --rules "$repo/rules" --db "$work/demo.db" --port "$port" --log-dir "$work/logs" >"$work/worker.out" 2>&1 &
worker=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 120); do
  if curl -fs "$base/health" 2>/dev/null | grep -q '"ticks":[1-9]'; then break; fi
  sleep 0.5
done
curl -fs "$base/health" | grep -q '"ticks":[1-9]' || { cat "$work/worker.out" >&2; echo "the worker did not finish its first tick" >&2; exit 1; }
mkdir -p "$out"
shoot() { # page png height
  "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$work/profile" \
    --window-size=1280,"$3" --screenshot="$out/$2" "$base$1" 2>/dev/null
  test -s "$out/$2"
  echo "$out/$2"
}
shoot /console/queue console-queue.png 1400
shoot /console/council console-council.png 1600
