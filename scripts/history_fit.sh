#!/usr/bin/env bash
# Runs both history scenarios (configs/history/) and prints, for each observed series of
# data/observed/ that names a model metric, how many observed months fall inside the run's
# 5–95% band (docs/model.md "History scenarios"). The overlay charts are left in
# OUT/<scenario>/charts/observed_<metric>.png.
#
#   bash scripts/history_fit.sh [BINARY] [REPLICATES]     # default: target/release/tradewar, 1000
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/tradewar}
reps=${2:-1000}
out=${OUT:-$(mktemp -d)}
for s in trade_war_2018 escalation_2025; do
  "$bin" run "configs/history/$s.toml" --replicates "$reps" --quiet --out "$out/$s" \
    --set 'charts.metrics=["us_tariff","cn_tariff","cn_soy_imports_from_us_mt"]' \
    --set 'charts.formats=["png"]' > /dev/null
  echo "$s ($reps replicates; charts in $out/$s/charts):"
  "$bin" plot "$out/$s" --observed data/observed/tariffs.csv \
    --observed data/observed/us_soy_exports_to_cn.csv | grep '^observed' | sed 's/^/  /'
done
