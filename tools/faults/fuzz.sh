#!/usr/bin/env bash
# Bad input at scale (issue "Reliability"): the fuzz runs over the importers (CSV and JSONL, every
# kind), the lead JSON reader and the rule loader, with thousands of cases each instead of the
# test suite's few hundred, under a fresh seed unless one is given. Prints, per target and in
# total: cases run, crashes, and whether every rejection was explained. A failure prints the
# case's input and how to rerun it alone (FUZZ_SEED=... FUZZ_CASE=...).
# usage: tools/faults/fuzz.sh [cases per target, default 3000] [seed]
set -euo pipefail
cd "$(dirname "$0")/../.."
cases=${1:-3000}
seed=${2:-$(( (RANDOM << 15) | RANDOM ))}
report=$(mktemp)
trap 'rm -f "$report"' EXIT
echo "== fuzz: $cases cases per target, seed $seed (again: tools/faults/fuzz.sh $cases $seed)"
start=$(date +%s)
status=0
export FUZZ_CASES=$cases FUZZ_SEED=$seed FUZZ_REPORT=$report
dotnet test tests/RuleScoring.Core.Tests --filter "FullyQualifiedName~.Fuzz." || status=1
dotnet test tests/RuleScoring.Storage.Tests --filter "FullyQualifiedName~.Fuzz." || status=1
echo "== results"
cat "$report"
awk -v secs=$(( $(date +%s) - start )) '
  { for (i = 1; i <= NF; i++) {
      if ($(i+1) == "cases,") cases += $i
      if ($(i+1) == "crashes,") crashes += $i
      if ($(i+1) == "violations,") violations += $i
      if ($(i+1) == "rejected") rejected += $i
  } }
  END { printf "total: %d cases run, %d crashes, %d rejections, %s, %d s (with builds)\n", cases, crashes, rejected,
        violations == 0 ? "every one explained, no stored row changed" : violations " properties broken", secs }' "$report"
exit $status
