//! Markdown and HTML reports: provenance, a results table and every chart with its caption.
//!
//! `report.html` is a single file with inline CSS; charts are linked relatively
//! (`charts/<stem>.png`, or `.svg` when no PNG was written) rather than embedded, so the
//! report stays small and opens correctly next to its `charts/` folder. Neither report holds a
//! timestamp, so re-running gives byte-identical files.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde_json::Value;

use super::chart::Chart;
use super::data::{Manifest, Rounds, Table, parse_f64, short_hash};
use super::run::welfare::welfare_table;

/// Maximum table rows shown in a report (the CSV files hold the rest).
const MAX_ROWS: usize = 40;
/// Maximum metric-mean columns shown for sweep points.
const MAX_SWEEP_METRICS: usize = 8;

/// A table for the report: header, rows, which columns are numeric, and a note.
struct ReportTable {
    heading: String,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    numeric: Vec<bool>,
    note: String,
}

/// Writes `dir/report.md` and `dir/report.html` describing `dir` (a run, sweep, tournament or
/// comparison output directory) and the given charts.
pub fn write_report(dir: &Path, charts: &[Chart]) -> Result<()> {
    let manifest_path = dir.join("manifest.json");
    let manifest = manifest_path.exists().then(|| Manifest::load(dir));
    let command = manifest
        .as_ref()
        .map(|m| m.command.clone())
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| {
            if dir.join("compare_scenarios.csv").exists() || dir.join("compare.csv").exists() {
                "compare".to_string()
            } else {
                "run".to_string()
            }
        });
    let scenario = manifest
        .as_ref()
        .map(|m| m.scenario.clone())
        .filter(|s| !s.is_empty());
    let title = match (command.as_str(), &scenario) {
        ("compare", _) => "tradewar scenario comparison".to_string(),
        ("sweep", Some(s)) => format!("tradewar sweep report: {s}"),
        ("tournament", Some(s)) => format!("tradewar tournament report: {s}"),
        (_, Some(s)) => format!("tradewar report: {s}"),
        (_, None) => "tradewar report".to_string(),
    };
    let provenance = manifest.as_ref().map(provenance).unwrap_or_default();
    let tables = match command.as_str() {
        "sweep" => sweep_tables(dir, manifest.as_ref()),
        "tournament" => tournament_tables(dir),
        "compare" => compare_tables(dir),
        _ => summary_tables(dir, manifest.as_ref()),
    };
    let md = markdown(&title, &provenance, &tables, charts);
    let html = html(&title, &provenance, &tables, charts);
    for (name, text) in [("report.md", md), ("report.html", html)] {
        let path = dir.join(name);
        crate::foundation::io::write_atomic(&path, text.as_bytes())
            .with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

/// Key/value provenance lines from the manifest.
fn provenance(m: &Manifest) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let tool = if m.tool.is_empty() {
        "tradewar"
    } else {
        &m.tool
    };
    if !m.version.is_empty() {
        out.push(("Tool".into(), format!("{tool} {}", m.version)));
    }
    if !m.command.is_empty() {
        out.push(("Command".into(), m.command.clone()));
    }
    if !m.scenario.is_empty() {
        out.push(("Scenario".into(), m.scenario.clone()));
    }
    if !m.config_hash.is_empty() {
        out.push(("Config hash".into(), m.config_hash.clone()));
    }
    if let Some(s) = &m.seed {
        out.push(("Seed".into(), s.clone()));
    }
    if let Some(r) = m.replicates {
        out.push(("Replicates".into(), r.to_string()));
    }
    if let Some(r) = m.rounds {
        out.push(("Rounds (months)".into(), r.to_string()));
    }
    if let Some(s) = &m.start_month {
        out.push(("Start month".into(), s.clone()));
    }
    if let Some(sweep) = m.raw.get("sweep") {
        if let Some(d) = sweep.get("design").and_then(Value::as_str) {
            out.push(("Sweep design".into(), d.to_string()));
        }
        if let Some(ps) = sweep.get("parameters").and_then(Value::as_array) {
            let list: Vec<String> = ps.iter().filter_map(describe_param).collect();
            if !list.is_empty() {
                out.push(("Swept parameters".into(), list.join("; ")));
            }
        }
    }
    out
}

fn describe_param(p: &Value) -> Option<String> {
    let path = p.get("path")?.as_str()?;
    if let Some(vals) = p.get("values").and_then(Value::as_array) {
        let v: Vec<String> = vals.iter().map(value_text).collect();
        return Some(format!("{path} ∈ {{{}}}", v.join(", ")));
    }
    if let Some(r) = p.get("range").and_then(Value::as_array) {
        let v: Vec<String> = r.iter().map(value_text).collect();
        return Some(format!("{path} in [{}]", v.join(", ")));
    }
    Some(path.to_string())
}

fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Number for tables: about four significant digits, plain ASCII.
fn num(s: &str) -> String {
    let Some(v) = parse_f64(s) else {
        return s.to_string();
    };
    let a = v.abs();
    let decimals = if a == 0.0 || a >= 1000.0 {
        0
    } else {
        ((3.0 - a.log10().floor()).max(0.0) as usize).min(6)
    };
    let t = format!("{v:.decimals$}");
    let t = if t.contains('.') {
        t.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        t
    };
    if t == "-0" { "0".to_string() } else { t }
}

fn summary_tables(dir: &Path, manifest: Option<&Manifest>) -> Vec<ReportTable> {
    let Some(t) = Table::read_opt(dir, "summary.csv") else {
        return Vec::new();
    };
    let Some(mc) = t.col("metric") else {
        return Vec::new();
    };
    let stats = [
        "mean", "se", "sd", "p05", "p25", "p50", "p75", "p95", "min", "max",
    ];
    let present: Vec<(usize, &str)> = stats.iter().filter_map(|s| Some((t.col(s)?, *s))).collect();
    let mut header = vec!["Metric".to_string(), "Unit".to_string()];
    header.extend(present.iter().map(|(_, s)| s.to_string()));
    let rows: Vec<Vec<String>> = t
        .rows
        .iter()
        .map(|r| {
            let info = manifest.map(|m| m.metric(&r[mc]));
            let label = info
                .as_ref()
                .map(|i| i.label.clone())
                .unwrap_or(r[mc].clone());
            let unit = info.map(|i| i.unit).unwrap_or_default();
            let mut row = vec![label, unit];
            row.extend(present.iter().map(|(c, _)| num(&r[*c])));
            row
        })
        .collect();
    let mut numeric = vec![false, false];
    numeric.extend(present.iter().map(|_| true));
    let mut tables = vec![ReportTable {
        heading: "Summary across replicates".into(),
        header,
        rows,
        numeric,
        note: "Values in the metric's own unit (fractions as 0–1); se is the Monte Carlo \
               standard error of the mean. Source: summary.csv."
            .into(),
    }];
    let rounds = Table::read_opt(dir, "rounds.csv").map(|t| Rounds::from_table(&t));
    if let Some((header, rows)) = rounds.as_ref().and_then(welfare_table) {
        tables.push(ReportTable {
            heading: "Welfare decomposition".into(),
            numeric: header.iter().enumerate().map(|(i, _)| i > 0).collect(),
            header,
            rows,
            note: "Welfare by part, USD bn summed over the horizon (mean across replicates), \
                   against the no-conflict reference (the instruments' January-2025 reference \
                   levels) and against the status quo (round-0 instruments held; only goods \
                   trade, tech controls and leverage are re-priced, the other parts count the \
                   same against both). The charts welfare_us and welfare_cn stack the parts \
                   by month. Source: rounds.csv (docs/model.md §4.11)."
                .into(),
        });
    }
    tables
}

fn truncated(mut rows: Vec<Vec<String>>, file: &str) -> (Vec<Vec<String>>, String) {
    let n = rows.len();
    if n > MAX_ROWS {
        rows.truncate(MAX_ROWS);
        (
            rows,
            format!("Showing the first {MAX_ROWS} of {n} rows; all rows are in {file}."),
        )
    } else {
        (rows, format!("Source: {file}."))
    }
}

fn sweep_tables(dir: &Path, manifest: Option<&Manifest>) -> Vec<ReportTable> {
    let Some(t) = Table::read_opt(dir, "points.csv") else {
        return Vec::new();
    };
    let means: Vec<usize> = (0..t.headers.len())
        .filter(|i| t.headers[*i].ends_with("_mean"))
        .collect();
    let stat = |h: &str| {
        ["_mean", "_se", "_p05", "_p50", "_p95", "_n"]
            .iter()
            .any(|s| h.ends_with(s))
    };
    let params: Vec<usize> = (0..t.headers.len())
        .filter(|i| t.headers[*i] != "point" && !stat(&t.headers[*i]))
        .collect();
    let shown_means: Vec<usize> = means.iter().copied().take(MAX_SWEEP_METRICS).collect();
    let mut header: Vec<String> = params.iter().map(|i| t.headers[*i].clone()).collect();
    header.extend(shown_means.iter().map(|i| {
        let base = t.headers[*i].trim_end_matches("_mean");
        let label = manifest
            .map(|m| m.metric(base).label)
            .unwrap_or(base.to_string());
        format!("{label} (mean)")
    }));
    let cols: Vec<usize> = params.iter().chain(shown_means.iter()).copied().collect();
    let rows: Vec<Vec<String>> = t
        .rows
        .iter()
        .map(|r| cols.iter().map(|c| num(&r[*c])).collect())
        .collect();
    let (rows, mut note) = truncated(rows, "points.csv");
    if means.len() > shown_means.len() {
        note.push_str(&format!(
            " Only the first {MAX_SWEEP_METRICS} of {} metrics are shown.",
            means.len()
        ));
    }
    let numeric = vec![true; cols.len()];
    vec![ReportTable {
        heading: "Design points (means across replicates)".into(),
        header,
        rows,
        numeric,
        note,
    }]
}

fn tournament_tables(dir: &Path) -> Vec<ReportTable> {
    let Some(t) = Table::read_opt(dir, "tournament.csv") else {
        return Vec::new();
    };
    let wanted = [
        ("us_strategy", "US strategy"),
        ("cn_strategy", "China strategy"),
        ("replicates", "Replicates"),
        ("us_welfare_usd_bn_mean", "US welfare (USD bn, mean)"),
        ("cn_welfare_usd_bn_mean", "China welfare (USD bn, mean)"),
        ("deal_rate", "Deal rate"),
        ("first_deal_round_mean", "First deal round (mean)"),
        ("us_tariff_final_mean", "US tariff, final (mean)"),
        ("cn_tariff_final_mean", "China tariff, final (mean)"),
    ];
    let cols: Vec<(usize, &str, bool)> = wanted
        .iter()
        .filter_map(|(c, l)| Some((t.col(c)?, *l, !c.ends_with("strategy"))))
        .collect();
    let rows: Vec<Vec<String>> = t
        .rows
        .iter()
        .map(|r| cols.iter().map(|(c, _, _)| num(&r[*c])).collect())
        .collect();
    let (rows, note) = truncated(rows, "tournament.csv");
    vec![ReportTable {
        heading: "Strategy pairings".into(),
        header: cols.iter().map(|c| c.1.to_string()).collect(),
        numeric: cols.iter().map(|c| c.2).collect(),
        rows,
        note,
    }]
}

fn compare_tables(dir: &Path) -> Vec<ReportTable> {
    let mut out = Vec::new();
    if let Some(t) = Table::read_opt(dir, "compare_scenarios.csv") {
        let rows: Vec<Vec<String>> = t
            .rows
            .iter()
            .map(|r| {
                t.headers
                    .iter()
                    .zip(r)
                    .map(|(h, v)| {
                        if h == "config_hash" {
                            short_hash(v)
                        } else {
                            v.clone()
                        }
                    })
                    .collect()
            })
            .collect();
        out.push(ReportTable {
            heading: "Scenarios".into(),
            numeric: vec![false; t.headers.len()],
            header: t.headers.clone(),
            rows,
            note: "The first scenario is the reference A. Source: compare_scenarios.csv.".into(),
        });
    }
    if let Some(t) = Table::read_opt(dir, "compare.csv") {
        let rows: Vec<Vec<String>> = t
            .rows
            .iter()
            .map(|r| r.iter().map(|v| num(v)).collect())
            .collect();
        let (rows, note) = truncated(rows, "compare.csv");
        out.push(ReportTable {
            heading: "Paired differences B − A (95% intervals)".into(),
            numeric: t
                .headers
                .iter()
                .map(|h| !matches!(h.as_str(), "metric" | "scenario_a" | "scenario_b"))
                .collect(),
            header: t.headers.clone(),
            rows,
            note: format!(
                "{note} Differences are per replicate under common random numbers, in the \
                 metric's own unit; interval = mean ± 1.96·sd/√n."
            ),
        });
    }
    out
}

/// The file to show for a chart: its PNG if written, else its first file.
fn image_of(chart: &Chart) -> Option<&PathBuf> {
    chart
        .files
        .iter()
        .find(|f| f.extension().is_some_and(|e| e == "png"))
        .or_else(|| chart.files.first())
}

fn link(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn markdown(
    title: &str,
    provenance: &[(String, String)],
    tables: &[ReportTable],
    charts: &[Chart],
) -> String {
    let mut md = format!("# {title}\n\n");
    if !provenance.is_empty() {
        md.push_str("## Provenance\n\n");
        for (k, v) in provenance {
            let _ = writeln!(md, "- **{k}:** {}", md_cell(v));
        }
        md.push('\n');
    }
    for t in tables {
        let _ = writeln!(md, "## {}\n", t.heading);
        let _ = writeln!(
            md,
            "| {} |",
            t.header
                .iter()
                .map(|h| md_cell(h))
                .collect::<Vec<_>>()
                .join(" | ")
        );
        let align: Vec<&str> = t
            .numeric
            .iter()
            .map(|n| if *n { "---:" } else { "---" })
            .collect();
        let _ = writeln!(md, "| {} |", align.join(" | "));
        for r in &t.rows {
            let _ = writeln!(
                md,
                "| {} |",
                r.iter().map(|c| md_cell(c)).collect::<Vec<_>>().join(" | ")
            );
        }
        let _ = writeln!(md, "\n{}\n", t.note);
    }
    if !charts.is_empty() {
        md.push_str("## Charts\n\n");
        for c in charts {
            let _ = writeln!(md, "### {}\n", md_cell(&c.title));
            if let Some(img) = image_of(c) {
                let _ = writeln!(md, "![{}]({})\n", md_cell(&c.title), link(img));
            }
            let _ = writeln!(md, "{}\n", c.caption);
            if c.files.len() > 1 {
                let files: Vec<String> = c
                    .files
                    .iter()
                    .map(|f| {
                        format!(
                            "[{}]({})",
                            f.extension()
                                .map(|e| e.to_string_lossy().into_owned())
                                .unwrap_or_default(),
                            link(f)
                        )
                    })
                    .collect();
                let _ = writeln!(md, "Files: {}\n", files.join(", "));
            }
        }
    }
    md
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const CSS: &str = "body{font-family:'DejaVu Sans',Verdana,Arial,sans-serif;color:#222;\
max-width:1240px;margin:2em auto;padding:0 1.5em;line-height:1.45}\
h1{font-size:1.8em;margin-bottom:.3em}h2{margin-top:1.8em;border-bottom:1px solid #ddd;\
padding-bottom:.2em}h3{font-size:1.1em;margin:1.6em 0 .4em}\
dl.prov{display:grid;grid-template-columns:max-content auto;gap:.2em 1.2em}\
dl.prov dt{font-weight:bold}dl.prov dd{margin:0;word-break:break-all}\
table{border-collapse:collapse;font-size:.9em;margin:.6em 0}\
th,td{padding:.3em .7em;border-bottom:1px solid #e4e4e4;text-align:left}\
th{background:#f3f3f3}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\
tr:nth-child(even) td{background:#fafafa}.scroll{overflow-x:auto}\
p.note{color:#666;font-size:.85em}figure{margin:0 0 2em}\
figure img{max-width:100%;height:auto;border:1px solid #eee}\
figcaption{color:#444;font-size:.95em;margin-top:.4em}\
figcaption a{color:#0072b2}";

fn html(
    title: &str,
    provenance: &[(String, String)],
    tables: &[ReportTable],
    charts: &[Chart],
) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        esc(title),
        esc(title)
    );
    if !provenance.is_empty() {
        h.push_str("<h2>Provenance</h2>\n<dl class=\"prov\">\n");
        for (k, v) in provenance {
            let _ = writeln!(h, "<dt>{}</dt><dd>{}</dd>", esc(k), esc(v));
        }
        h.push_str("</dl>\n");
    }
    for t in tables {
        let _ = writeln!(
            h,
            "<h2>{}</h2>\n<div class=\"scroll\"><table>\n<thead><tr>",
            esc(&t.heading)
        );
        for (c, n) in t.header.iter().zip(&t.numeric) {
            let cls = if *n { " class=\"n\"" } else { "" };
            let _ = write!(h, "<th{cls}>{}</th>", esc(c));
        }
        h.push_str("</tr></thead>\n<tbody>\n");
        for r in &t.rows {
            h.push_str("<tr>");
            for (c, n) in r.iter().zip(&t.numeric) {
                let cls = if *n { " class=\"n\"" } else { "" };
                let _ = write!(h, "<td{cls}>{}</td>", esc(c));
            }
            h.push_str("</tr>\n");
        }
        let _ = writeln!(
            h,
            "</tbody>\n</table></div>\n<p class=\"note\">{}</p>",
            esc(&t.note)
        );
    }
    if !charts.is_empty() {
        h.push_str("<h2>Charts</h2>\n");
        for c in charts {
            let _ = writeln!(
                h,
                "<figure id=\"{}\">\n<h3>{}</h3>",
                esc(&c.file_stem),
                esc(&c.title)
            );
            if let Some(img) = image_of(c) {
                let _ = writeln!(
                    h,
                    "<img src=\"{}\" alt=\"{}\" loading=\"lazy\">",
                    esc(&link(img)),
                    esc(&c.title)
                );
            }
            let files: Vec<String> = c
                .files
                .iter()
                .map(|f| {
                    let ext = f
                        .extension()
                        .map(|e| e.to_string_lossy().to_uppercase())
                        .unwrap_or_default();
                    format!("<a href=\"{}\">{ext}</a>", esc(&link(f)))
                })
                .collect();
            let _ = writeln!(
                h,
                "<figcaption>{} <span class=\"files\">({})</span></figcaption>\n</figure>",
                esc(&c.caption),
                files.join(" · ")
            );
        }
    }
    h.push_str("</body>\n</html>\n");
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::run::draw_run_charts;
    use crate::report::testutil::*;

    #[test]
    fn report_lists_provenance_tables_and_charts() {
        let dir = run_fixture();
        let charts = draw_run_charts(dir.path(), &small_opts()).unwrap();
        write_report(dir.path(), &charts).unwrap();
        let md = std::fs::read_to_string(dir.path().join("report.md")).unwrap();
        let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
        assert!(md.starts_with("# tradewar report: baseline"));
        assert!(md.contains("sha256:0123456789abcdef"));
        assert!(md.contains("| US tariff on Chinese goods, final | fraction 0..1 | 0.45 |"));
        for c in &charts {
            assert!(md.contains(&format!("charts/{}.png", c.file_stem)));
            assert!(html.contains(&format!("src=\"charts/{}.png\"", c.file_stem)));
            assert!(html.contains(&esc(&c.caption)));
        }
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.trim_end().ends_with("</html>"));
        assert!(!html.contains("http://") && !html.contains("https://"));
    }

    #[test]
    fn numbers_are_compact() {
        assert_eq!(num("0.123456"), "0.1235");
        assert_eq!(num("-40"), "-40");
        assert_eq!(num("12345.678"), "12346");
        assert_eq!(num("-0.00001"), "-0.00001");
        assert_eq!(num("-0.0000001"), "0");
        assert_eq!(num("abc"), "abc");
    }
}
