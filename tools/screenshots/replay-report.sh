#!/usr/bin/env bash
# Renders a replay's report.html in headless Chromium and saves a PNG, to check the charts render
# (and to paste into a pull request). Needs Debian's chromium: apt-get install -y chromium
# usage: tools/screenshots/replay-report.sh replay-out/report.html report.png
set -euo pipefail
html=$(realpath "${1:?report.html}")
png=${2:-${html%.html}.png}
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "chromium is not installed (apt-get install -y chromium); no screenshot taken" >&2
  exit 3
fi
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1200,1600 \
  --screenshot="$png" "file://$html" 2>/dev/null
test -s "$png"
echo "$png"
