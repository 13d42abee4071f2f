#!/usr/bin/env bash
# Regenerates the small example charts in docs/gallery/ from the built-in baseline.
#   bash docs/gallery/regenerate.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(mktemp -d)
cargo run --release --quiet -- run --replicates 500 --quiet --out "$out" \
  --set charts.width_px=800 --set charts.height_px=500 --set 'charts.formats=["png"]'
for c in fan_us_tariff hist_us_welfare_usd_bn survival_first_deal fan_cn_soy_imports_from_us_mt fan_magnet_deliveries_share; do
  if [ -f "$out/charts/$c.png" ]; then cp "$out/charts/$c.png" docs/gallery/; fi
done
rm -rf "$out"
ls docs/gallery
