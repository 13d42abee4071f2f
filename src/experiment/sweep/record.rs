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

/// `sha256:<hex>` of a record's text up to its `checksum` line: a record edited by hand
/// no longer matches it.
fn checksum(body: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(body.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// Splits a record into its body and the checksum it claims, if it has a checksum line.
fn split_checksum(text: &str) -> Option<(&str, &str)> {
    let at = text.rfind("\nchecksum ")? + 1;
    let claimed = text[at..].strip_prefix("checksum ")?.split('\n').next()?;
    Some((&text[..at], claimed))
}

/// Whether the record of point `point` is whole but its checksum does not match its text
/// (it was edited after it was written).
pub fn edited(dir: &Path, point: usize) -> bool {
    std::fs::read_to_string(path(dir, point))
        .ok()
        .is_some_and(|t| {
            t.ends_with("end\n")
                && split_checksum(&t).is_some_and(|(body, claimed)| checksum(body) != claimed)
        })
}

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
        let sum = checksum(&t);
        t.push_str(&format!("checksum {sum}\nend\n"));
        t
    }

    /// Parses a record; `None` unless it is whole and belongs to this sweep and point.
    pub fn parse(text: &str, config_hash: &str, point: usize, metrics: usize) -> Option<Self> {
        let (body, claimed) = split_checksum(text)?;
        if checksum(body) != claimed {
            return None;
        }
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
        if !lines.next()?.starts_with("checksum ")
            || lines.next()? != "end"
            || !lines.next()?.is_empty()
            || lines.next().is_some()
        {
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
        let edited_text = text.replace("7,0.55", "7,0.56");
        assert_eq!(PointRecord::parse(&edited_text, "sha256:ab", 7, 3), None);
    }

    #[test]
    fn an_edited_record_is_told_from_a_torn_one() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &record(false), "h").unwrap();
        assert!(!edited(dir.path(), 7));
        let p = path(dir.path(), 7);
        let text = std::fs::read_to_string(&p).unwrap();
        std::fs::write(&p, text.replace("7,0.55", "7,0.99")).unwrap();
        assert!(edited(dir.path(), 7));
        std::fs::write(&p, &text[..text.len() - 3]).unwrap();
        assert!(!edited(dir.path(), 7));
    }

    #[test]
    fn records_are_written_and_read_from_a_folder() {
        use crate::foundation::staging::remove_temp_files;
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &record(false), "h").unwrap();
        assert_eq!(read(dir.path(), 7, "h", 3), Some(record(false)));
        assert_eq!(read(dir.path(), 8, "h", 3), None);
        std::fs::write(dir.path().join(".tradewar-x.tmp"), "junk").unwrap();
        remove_temp_files(dir.path());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
