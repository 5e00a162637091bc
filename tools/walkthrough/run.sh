#!/usr/bin/env bash
# The walk-through of docs/walkthrough.md: Maven's CRM Sales Opportunities export from mapping to
# an out-of-sample replay. Run from anywhere after `dotnet build`; writes into ./walkthrough-out
# (or the folder given as $1). Data: ../shared/data beside the repository, or $RULESCORE_DATA.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
out=${1:-walkthrough-out}

data=${RULESCORE_DATA:-}
if [[ -z $data ]]; then
  # ../shared/data beside the repository (a worktree may sit a level or two deeper).
  for dir in "$repo/.." "$repo/../.." "$repo/../../.."; do
    if [[ -d $dir/shared/data ]]; then data=$(cd "$dir/shared/data" && pwd); break; fi
  done
fi
crm=${data:-../shared/data}/crm-sales-opportunities
if [[ ! -f $crm/sales_pipeline.csv || ! -f $crm/accounts.csv || ! -f $crm/products.csv ]]; then
  echo "walkthrough: Maven's CRM Sales Opportunities is not at $crm (sales_pipeline.csv, accounts.csv, products.csv)." >&2
  echo "Put the dataset in ../shared/data/crm-sales-opportunities beside the repository, or set RULESCORE_DATA to the folder holding crm-sales-opportunities/." >&2
  exit 2
fi

rm -rf "$out"
mkdir -p "$out"
db=$out/crm.db
rulescore() { dotnet run --no-build --project "$repo/src/RuleScoring.Cli" -- "$@"; }
step() { printf '\n$ rulescore %s\n' "$*"; }

# 1. Mapping and import. The accounts and products tables need a join, which a column mapping
#    cannot express: convert writes the joined leads. The deals come straight from the CRM's
#    pipeline file through a mapping (stage words -> won/lost/open, close_value ignored).
step convert crm-sales-opportunities --from "$crm" --to "$out/crm-data"
rulescore convert crm-sales-opportunities --from "$crm" --to "$out/crm-data"
step import leads "$out/crm-data/leads.csv" --db "$db"
rulescore import leads "$out/crm-data/leads.csv" --db "$db"
step import deals "$crm/sales_pipeline.csv" --map mappings/maven-crm-deals.json --db "$db"
rulescore import deals "$crm/sales_pipeline.csv" --map "$repo/mappings/maven-crm-deals.json" --db "$db"

# 2. A rules folder of its own: the dataset's example model, copied so the team can edit it.
cp -r "$repo/rules/examples/crm-sales-opportunities" "$out/rules"
step validate --rules "$out/rules"
rulescore validate --rules "$out/rules"

# 3. Score every lead as of the end of the export, then the report and one lead's card.
step rescore --db "$db" --rules "$out/rules" --as-of 2018-01-01T00:00:00Z
rulescore rescore --db "$db" --rules "$out/rules" --as-of 2018-01-01T00:00:00Z
step report --db "$db" --rules "$out/rules"
rulescore report --db "$db" --rules "$out/rules"
step explain 1C1I7A6R --db "$db"
rulescore explain 1C1I7A6R --db "$db"

# 4. Calibrate on the first half only (deals up to and including 2017-06-30).
step calibrate --rules "$out/rules" --db "$db" --train-until 2017-06-30 --out "$out/calibration"
rulescore calibrate --rules "$out/rules" --db "$db" --train-until 2017-06-30 --out "$out/calibration"

# 5. The team's own hypothesis, "enterprise accounts win more": fit.enterprise 40 -> 60 points,
#    replayed on the held-out half (from 2017-07-01) against the model as it is.
cp -r "$out/rules" "$out/head"
sed -i 's/"points": 40, "reason": "Enterprise account/"points": 60, "reason": "Enterprise account/' "$out/head/fit.json"
grep -q '"points": 60, "reason": "Enterprise account' "$out/head/fit.json"
step replay --base "$out/rules" --head "$out/head" --db "$db" --from 2017-07-01 --segment segment --out "$out/replay"
rulescore replay --base "$out/rules" --head "$out/head" --db "$db" --from 2017-07-01 --segment segment --out "$out/replay"
