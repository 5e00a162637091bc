#!/usr/bin/env bash
# Renders the council report of the demo (rulescore report --html) in headless Chromium and
# saves a PNG of its top (tiers, conversion, acceptance, SLA): docs/images/council-report.png,
# shown in docs/council-report.md. The demo runs up to now, as the report's clock does (this
# month to date against last month).
# Needs Debian's chromium: apt-get install -y chromium
# usage: tools/screenshots/council-report.sh [out.png]
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
png=$(realpath -m "${1:-$repo/docs/images/council-report.png}")
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "chromium is not installed (apt-get install -y chromium); no screenshot taken" >&2
  exit 3
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cli=(dotnet run --project "$repo/src/RuleScoring.Cli" --)
"${cli[@]}" demo --leads 3000 --seed 42 --rules "$repo/rules" --db "$work/demo.db" --data "$work/data" >/dev/null 2>&1
"${cli[@]}" report --rules "$repo/rules" --db "$work/demo.db" --html "$work/council.html" >/dev/null
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$work/profile" \
  --window-size=1280,2300 --screenshot="$png" "file://$work/council.html" 2>/dev/null
test -s "$png"
echo "$png"
