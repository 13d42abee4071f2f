#!/usr/bin/env bash
# Regenerates the small example charts in docs/gallery/ from the built-in baseline, and the
# history scenarios' US tariff fan charts with the observed path drawn over them.
#   bash docs/gallery/regenerate.sh            # all of them
#   bash docs/gallery/regenerate.sh history    # only the history charts
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(mktemp -d)
for s in trade_war_2018 escalation_2025; do
  cargo run --release --quiet -- run "configs/history/$s.toml" --replicates 500 --quiet \
    --out "$out/$s" --set charts.width_px=800 --set charts.height_px=500 \
    --set 'charts.formats=["png"]' --set 'charts.metrics=["us_tariff"]' > /dev/null
  cargo run --release --quiet -- plot "$out/$s" --observed data/observed/tariffs.csv > /dev/null
  cp "$out/$s/charts/observed_us_tariff.png" "docs/gallery/observed_us_tariff_$s.png"
done
if [ "${1:-}" = history ]; then rm -rf "$out"; ls docs/gallery; exit 0; fi
cargo run --release --quiet -- run --replicates 500 --quiet --out "$out" \
  --set charts.width_px=800 --set charts.height_px=500 --set 'charts.formats=["png"]'
for c in fan_us_tariff hist_us_welfare_usd_bn survival_first_deal fan_cn_soy_imports_from_us_mt fan_magnet_deliveries_share; do
  if [ -f "$out/charts/$c.png" ]; then cp "$out/charts/$c.png" docs/gallery/; fi
done
rm -rf "$out"
ls docs/gallery
