//! The record of one finished design point: a small text file `points.d/point-NNNNNNNN.txt`
//! holding the point's finished `points.csv` row, the exact means of its outcomes (for the
//! sensitivity estimator) and, with `--keep-runs`, its `runs.csv` rows.
//!
//! Records are written with a temp file and a rename, so a killed process leaves either a
//! whole record or none. They are not fsynced (one fsync per point would dominate short
//! sweeps); instead a record must end with `end` and name the sweep's config hash and its
//! point, and anything else — a torn file after a power cut, a stray file — reads as "not
//! finished" and the point is run again.

use std::io::Write;
use std::path::{Path, PathBuf};

/// First line of every record (bump the version if the format changes).
const MAGIC: &str = "tradewar sweep point v2";

/// What a finished design point contributes to the final files.
#[derive(Debug, Clone, PartialEq)]
pub struct PointRecord {
    /// Design point index.
    pub point: usize,
    /// Its `points.csv` row, without the newline.
    pub row: String,
    /// Mean of each outcome over the replicates (`RUN_METRICS` order), exact.
    pub means: Vec<Option<f64>>,
    /// Its `runs.csv` rows (with `--keep-runs`), without newlines.
    pub runs: Option<Vec<String>>,
}

impl PointRecord {
    /// The record as text, tagged with the sweep's config hash.
    pub fn to_text(&self, config_hash: &str) -> String {
        let means: Vec<String> = self
            .means
            .iter()
            .map(|m| m.map(|x| format!("{x:?}")).unwrap_or_default())
            .collect();
        let mut t = format!(
            "{MAGIC}\nconfig_hash {config_hash}\npoint {}\nrow {}\nmeans {}\n",
            self.point,
            self.row,
            means.join(",")
        );
        match &self.runs {
            Some(rows) => {
                t.push_str(&format!("runs {}\n", rows.len()));
                for r in rows {
                    t.push_str(r);
                    t.push('\n');
                }
            }
            None => t.push_str("runs none\n"),
        }
        t.push_str("end\n");
        t
    }

    /// Parses a record; `None` unless it is whole and belongs to this sweep and point.
    pub fn parse(text: &str, config_hash: &str, point: usize, metrics: usize) -> Option<Self> {
        let mut lines = text.split('\n');
        let mut field = |name: &str| {
            lines
                .next()
                .and_then(|l| l.strip_prefix(name))
                .and_then(|l| l.strip_prefix(' ').or_else(|| l.is_empty().then_some(l)))
                .map(str::to_string)
        };
        if !field(MAGIC)?.is_empty() || field("config_hash")? != config_hash {
            return None;
        }
        if field("point")?.parse::<usize>().ok()? != point {
            return None;
        }
        let row = field("row")?;
        let means = field("means")?
            .split(',')
            .map(|m| match m {
                "" => Some(None),
                x => x.parse::<f64>().ok().filter(|v| v.is_finite()).map(Some),
            })
            .collect::<Option<Vec<_>>>()?;
        if means.len() != metrics {
            return None;
        }
        let runs = match field("runs")?.as_str() {
            "none" => None,
            n => {
                let n: usize = n.parse().ok()?;
                let rows: Vec<String> = (0..n)
                    .map(|_| lines.next().map(str::to_string))
                    .collect::<Option<_>>()?;
                Some(rows)
            }
        };
        if lines.next()? != "end" || !lines.next()?.is_empty() || lines.next().is_some() {
            return None;
        }
        Some(Self {
            point,
            row,
            means,
            runs,
        })
    }
}

/// Path of point `point`'s record in a records folder.
pub fn path(dir: &Path, point: usize) -> PathBuf {
    dir.join(format!("point-{point:08}.txt"))
}

/// Writes a record atomically (temp file + rename; no fsync, see the module docs).
pub fn write(dir: &Path, record: &PointRecord, config_hash: &str) -> std::io::Result<()> {
    let mut tmp = tempfile::Builder::new()
        .prefix(".tradewar-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(record.to_text(config_hash).as_bytes())?;
    tmp.persist(path(dir, record.point)).map_err(|e| e.error)?;
    Ok(())
}

/// Reads point `point`'s record if it is whole and belongs to this sweep.
pub fn read(dir: &Path, point: usize, config_hash: &str, metrics: usize) -> Option<PointRecord> {
    let text = std::fs::read_to_string(path(dir, point)).ok()?;
    PointRecord::parse(&text, config_hash, point, metrics)
}

/// Removes temp files (`.tradewar-*.tmp`) that a killed process left in `dir`.
pub fn remove_temp_files(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(".tradewar-") && name.ends_with(".tmp") {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(runs: bool) -> PointRecord {
        PointRecord {
            point: 7,
            row: "7,0.55,1.2,,3".into(),
            means: vec![Some(0.1 + 0.2), None, Some(-1e-300)],
            runs: runs.then(|| vec!["7,0,123,1,,2".into(), "7,1,456,1,,2".into()]),
        }
    }

    #[test]
    fn records_round_trip_exactly() {
        for runs in [false, true] {
            let r = record(runs);
            let text = r.to_text("sha256:ab");
            assert_eq!(PointRecord::parse(&text, "sha256:ab", 7, 3), Some(r));
        }
    }

    #[test]
    fn torn_or_foreign_records_read_as_unfinished() {
        let text = record(true).to_text("sha256:ab");
        for cut in 0..text.len() {
            assert_eq!(PointRecord::parse(&text[..cut], "sha256:ab", 7, 3), None);
        }
        assert_eq!(PointRecord::parse(&text, "sha256:cd", 7, 3), None);
        assert_eq!(PointRecord::parse(&text, "sha256:ab", 8, 3), None);
        assert_eq!(PointRecord::parse(&text, "sha256:ab", 7, 4), None);
        assert_eq!(
            PointRecord::parse(&format!("{text}x"), "sha256:ab", 7, 3),
            None
        );
    }

    #[test]
    fn records_are_written_and_read_from_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &record(false), "h").unwrap();
        assert_eq!(read(dir.path(), 7, "h", 3), Some(record(false)));
        assert_eq!(read(dir.path(), 8, "h", 3), None);
        std::fs::write(dir.path().join(".tradewar-x.tmp"), "junk").unwrap();
        remove_temp_files(dir.path());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
