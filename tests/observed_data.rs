//! The observed data of `data/observed/` (see its README.md): every file is a tidy CSV with
//! a `date` or `month` column and a `source` on every row, and no observation is dated after
//! 25 October 2025, the date of the model's information set.

use std::path::{Path, PathBuf};

const CUTOFF: &str = "2025-10-25";

fn files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/observed");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_row_has_a_source_and_no_date_after_the_cutoff() {
    let files = files();
    assert!(files.len() >= 5, "{files:?}");
    for path in files {
        let name = path.display().to_string();
        let mut rdr = csv::Reader::from_path(&path).unwrap();
        let headers: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
        let source = headers
            .iter()
            .position(|h| h == "source")
            .unwrap_or_else(|| panic!("{name}: no source column"));
        let date = headers.iter().position(|h| h == "date");
        let month = headers.iter().position(|h| h == "month");
        assert!(
            date.is_some() || month.is_some(),
            "{name}: no date or month column"
        );
        let mut rows = 0;
        for (i, rec) in rdr.records().enumerate() {
            let rec = rec.unwrap_or_else(|e| panic!("{name}: row {}: {e}", i + 2));
            rows += 1;
            assert!(
                rec[source].trim().len() > 5,
                "{name}: row {} has no source",
                i + 2
            );
            if let Some(c) = date {
                let d = &rec[c];
                assert!(
                    d.len() == 10 && d.as_bytes()[4] == b'-' && d.as_bytes()[7] == b'-',
                    "{name}: row {}: date {d}",
                    i + 2
                );
                assert!(d <= CUTOFF, "{name}: row {}: {d} is after {CUTOFF}", i + 2);
            }
            if let Some(c) = month {
                let m = &rec[c];
                assert!(
                    m.len() == 7 && m.as_bytes()[4] == b'-',
                    "{name}: row {}: month {m}",
                    i + 2
                );
                assert!(
                    m <= &CUTOFF[..7],
                    "{name}: row {}: {m} is after {CUTOFF}",
                    i + 2
                );
            }
            for year in 2026..=2030 {
                assert!(
                    !rec.iter().any(|cell| cell.contains(&year.to_string())),
                    "{name}: row {} cites {year}",
                    i + 2
                );
            }
        }
        assert!(rows > 0, "{name} is empty");
    }
}

#[test]
fn the_readme_describes_every_file() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/observed");
    let readme = std::fs::read_to_string(dir.join("README.md")).unwrap();
    for path in files() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(readme.contains(&name), "README.md does not describe {name}");
    }
}

/// The tariff series cover every month from 2018-01 to 2025-10, both ways, as fractions.
#[test]
fn tariff_series_are_monthly_from_2018_01_to_2025_10() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/observed/tariffs.csv");
    let mut rdr = csv::Reader::from_path(path).unwrap();
    let mut by_metric: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for rec in rdr.records() {
        let rec = rec.unwrap();
        let v: f64 = rec[2].parse().unwrap();
        assert!((0.0..=2.0).contains(&v), "{v}");
        by_metric
            .entry(rec[1].to_string())
            .or_default()
            .push(rec[0].to_string());
    }
    assert_eq!(
        by_metric.keys().collect::<Vec<_>>(),
        ["cn_tariff", "us_tariff"]
    );
    for months in by_metric.values() {
        assert_eq!(months.len(), 94);
        assert_eq!(months.first().unwrap(), "2018-01");
        assert_eq!(months.last().unwrap(), "2025-10");
    }
}
