#!/usr/bin/env python3
"""Builds the monthly series of data/observed/ from the dated actions and annual totals below.

    python3 scripts/build_observed.py        # rewrites data/observed/tariffs.csv and
                                             # data/observed/us_soy_exports_to_cn.csv

Every number here is typed in from a source published on or before 25 October 2025, and each
row of the output cites the action or total it comes from. data/observed/README.md says how
precise each series is.
"""

import csv
import os

OUT = os.path.join(os.path.dirname(__file__), "..", "data", "observed")
LAST_MONTH = (2025, 10)
PIIE = "PIIE, US-China Trade War Tariffs: An Up-to-Date Chart (Bown)"

# Average tariff levels (fraction) after each dated action: (first month in force at the end
# of the month, level, action, how the level was obtained). A month's row carries the level
# of the latest action in force at the end of that month.
US_ACTIONS = [
    ((2018, 1), 0.031, "pre-trade-war average US tariff on Chinese goods, 1 Jan 2018", "chart"),
    ((2018, 3), 0.038, "Section 232 steel and aluminium tariffs, 23 Mar 2018 (with the Section 201 safeguards of 7 Feb 2018)", "approximate"),
    ((2018, 7), 0.067, "Section 301 List 1: 25% on $34bn, 6 Jul 2018", "approximate"),
    ((2018, 8), 0.083, "Section 301 List 2: 25% on $16bn, 23 Aug 2018", "approximate"),
    ((2018, 9), 0.120, "Section 301 List 3: 10% on $200bn, 24 Sep 2018", "chart"),
    ((2019, 5), 0.175, "List 3 raised to 25% for goods exported from 10 May 2019", "chart"),
    ((2019, 9), 0.210, "Section 301 List 4A: 15% on about $112bn, 1 Sep 2019", "chart"),
    ((2020, 2), 0.193, "Phase One in force: List 4A halved to 7.5%, 14 Feb 2020", "chart"),
    ((2024, 9), 0.208, "Section 301 four-year review increases from 27 Sep 2024; 20.8% on 20 Jan 2025", "chart level, approximate timing"),
    ((2025, 2), 0.308, "IEEPA fentanyl tariff: +10 points, 4 Feb 2025", "rebuilt"),
    ((2025, 3), 0.408, "IEEPA fentanyl tariff raised: +10 points, 4 Mar 2025", "rebuilt"),
    ((2025, 4), 1.265, "reciprocal tariffs raised to 125% on 9-10 Apr 2025 (electronics exempted 11 Apr); the 2025 peak", "chart"),
    ((2025, 5), 0.511, "Geneva truce: reciprocal 125% to 10%, 14 May 2025", "chart"),
    ((2025, 10), 0.55, "October 2025 level, about 55-57.6% after the 2025 Section 232 actions (timing within Jun-Oct not rebuilt)", "chart, approximate timing"),
]

CN_ACTIONS = [
    ((2018, 1), 0.080, "pre-trade-war average Chinese tariff on US goods, 1 Jan 2018", "chart"),
    ((2018, 4), 0.084, "retaliation for Section 232: 15-25% on $3bn, 2 Apr 2018", "approximate"),
    ((2018, 7), 0.144, "retaliation for List 1: 25% on $34bn, 6 Jul 2018 (MFN cuts of 1 Jul 2018 included)", "approximate"),
    ((2018, 8), 0.169, "retaliation for List 2: 25% on $16bn, 23 Aug 2018", "approximate"),
    ((2018, 9), 0.183, "retaliation for List 3: 5-10% on $60bn, 24 Sep 2018", "chart"),
    ((2019, 1), 0.167, "extra 25% on US cars suspended and MFN cuts, 1 Jan 2019", "approximate"),
    ((2019, 6), 0.207, "the $60bn list raised to 5-25%, 1 Jun 2019", "chart"),
    ((2019, 9), 0.218, "5-10% on part of $75bn, 1 Sep 2019", "chart"),
    ((2020, 2), 0.212, "Phase One in force: the Sep 2019 rates halved, 14 Feb 2020", "approximate"),
    ((2025, 1), 0.211, "21.1% in January 2025", "chart"),
    ((2025, 2), 0.223, "retaliation for the fentanyl tariff: 10-15% on coal, LNG, crude oil, farm machinery, cars (about $14bn), 10 Feb 2025", "rebuilt"),
    ((2025, 3), 0.241, "10-15% on US farm products (about $21bn, soybeans +10%), 10 Mar 2025", "rebuilt"),
    ((2025, 4), 1.476, "retaliation raised to 125%, 11 Apr 2025; the 2025 peak", "approximate"),
    ((2025, 5), 0.326, "Geneva truce: 125% to 10%, 14 May 2025", "chart"),
]


def months(first, last):
    y, m = first
    while (y, m) <= last:
        yield y, m
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


def step_rows(metric, actions):
    rows = []
    for ym in months((2018, 1), LAST_MONTH):
        action = [a for a in actions if a[0] <= ym][-1]
        (ay, am), level, what, how = action
        rows.append({
            "month": f"{ym[0]:04d}-{ym[1]:02d}",
            "metric": metric,
            "value": f"{level:.3f}",
            "unit": "fraction",
            "precision": {"chart": "±0.01", "rebuilt": "±0.02", "approximate": "±0.02"}.get(how.split(",")[0], "±0.03"),
            "method": "step: level of the latest action in force at month end" + ("" if how == "chart" else f" ({how})"),
            "source": f"{PIIE}; action: {what} (in force from {ay:04d}-{am:02d})",
        })
    return rows


# Calendar-year US soybean exports to China (Mt, rounded; US Census trade data as reported by
# USDA FAS GATS), and the typical US export season (share of a year's shipments to China by
# month, Jan..Dec: most of it Sep-Jan).
SOY_TOTALS_MT = {
    2017: (32.0, "normal", "±10%"),
    2018: (8.2, "2018", "±10%"),
    2019: (22.0, "2019", "±20%"),
    2020: (35.0, "normal", "±10%"),
    2021: (29.0, "normal", "±20%"),
    2022: (31.0, "normal", "±10%"),
    2023: (27.0, "normal", "±15%"),
    2024: (27.0, "normal", "±10%"),
    2025: (5.8, "2025", "±25%"),
}
PROFILES = {
    # The US export season to China: mostly September to January (USDA FAS export sales).
    "normal": [0.12, 0.06, 0.03, 0.02, 0.01, 0.01, 0.01, 0.03, 0.08, 0.18, 0.24, 0.21],
    # 2018: old-crop shipments until China's 25% soybean tariff of 6 Jul 2018, then almost
    # nothing until the December 2018 goodwill purchases.
    "2018": [0.45, 0.18, 0.10, 0.08, 0.06, 0.05, 0.02, 0.01, 0.00, 0.00, 0.00, 0.05],
    # 2019: the goodwill purchases ship Jan-Apr, little in summer, purchases resume in the autumn.
    "2019": [0.12, 0.12, 0.10, 0.08, 0.05, 0.04, 0.03, 0.04, 0.07, 0.12, 0.12, 0.11],
    # 2025: the tail of the 2024 crop in Jan-Feb, then the freeze (no new-crop sales; zero in Sep).
    "2025": [0.70, 0.20, 0.05, 0.03, 0.02, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00],
}
SOY_SOURCE = "USDA FAS GATS (US Census), calendar-year total"


def soy_rows():
    rows = []
    for year, (total, profile, total_precision) in SOY_TOTALS_MT.items():
        shares = PROFILES[profile]
        for m in range(1, 13):
            if (year, m) > (2025, 9):
                break
            rows.append({
                "month": f"{year:04d}-{m:02d}",
                "metric": "cn_soy_imports_from_us_mt",
                "value": f"{total * shares[m - 1]:.2f}",
                "unit": "Mt/month",
                "precision": f"annual total {total_precision}; month ±50% (seasonal profile, not monthly data)",
                "method": f"calendar-year total {total} Mt x {profile} seasonal share {shares[m - 1]:.2f}",
                "source": f"{SOY_SOURCE} {year}" + (" (Jan-Sep)" if year == 2025 else ""),
            })
    return rows


def write(name, rows):
    path = os.path.join(OUT, name)
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


if __name__ == "__main__":
    write("tariffs.csv", step_rows("us_tariff", US_ACTIONS) + step_rows("cn_tariff", CN_ACTIONS))
    write("us_soy_exports_to_cn.csv", soy_rows())
