//! File output every layer shares: atomic writes (a temp file in the same folder, then a
//! rename, so a reader never sees a half-written file under its final name), CSV cells and
//! the number format of every table.

use std::io::{BufWriter, Write};
use std::path::Path;

/// The temp files of every write: `.tradewar-*.tmp`, created with mode 0666 so the umask
/// decides what co-authors may read (0644 under umask 022), as for any other new file.
fn temp_builder() -> tempfile::Builder<'static, 'static> {
    let mut b = tempfile::Builder::new();
    b.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(0o666));
    }
    b
}

/// Fails the write of a file named as the environment variable `TRADEWAR_TEST_FAIL_WRITE`
/// says: lets the integration tests simulate a full disk part-way through a run.
fn fail_for_tests(path: &Path) -> std::io::Result<()> {
    match std::env::var_os("TRADEWAR_TEST_FAIL_WRITE") {
        Some(name) if path.file_name() == Some(name.as_os_str()) => Err(std::io::Error::other(
            format!("{}: simulated write failure", path.display()),
        )),
        _ => Ok(()),
    }
}

/// How every temp file's name starts.
pub const TEMP_PREFIX: &str = ".tradewar-";
/// How every temp file's name ends.
pub const TEMP_SUFFIX: &str = ".tmp";

/// Writes `bytes` to `path` atomically: a temp file in the same folder, then a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// Streams into a temp file beside `path` and renames it into place when `fill` succeeds.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = temp_builder().tempfile_in(dir)?;
    fail_for_tests(path)?;
    {
        let mut w = BufWriter::new(tmp.as_file());
        fill(&mut w)?;
        w.flush()?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A float as CSV text: rounded to 12 significant digits (hides binary noise such as
/// `0.32600000000000007`), shortest form; never NaN or infinity (written empty).
pub fn fmt_f64(x: f64) -> String {
    if !x.is_finite() {
        return String::new();
    }
    let rounded: f64 = format!("{x:.11e}").parse().unwrap_or(x);
    if rounded == 0.0 {
        "0".to_string()
    } else {
        format!("{rounded}")
    }
}

/// A bound of an allowed range for messages: `inf` / `-inf` beyond ±1e15 (the keys' stand-in
/// for unbounded), otherwise the shortest exact decimal.
pub fn fmt_bound(x: f64) -> String {
    if x.abs() >= 1e15 {
        if x > 0.0 { "inf" } else { "-inf" }.to_string()
    } else {
        format!("{x}")
    }
}

/// An allowed real range for messages, `[min, max]` with [`fmt_bound`] ends.
pub fn fmt_range(min: f64, max: f64) -> String {
    format!("[{}, {}]", fmt_bound(min), fmt_bound(max))
}

/// An allowed whole-number range for messages, `[min, max]` (the largest value a TOML
/// integer holds is written out, not as infinity: it is the real limit).
pub fn fmt_int_range(min: i64, max: i64) -> String {
    format!("[{min}, {max}]")
}

/// A CSV text cell, quoted (with inner quotes doubled) when it holds a comma, quote or line
/// break. The writers assemble each row as text around numbers formatted by [`fmt_f64`], so
/// text cells are quoted one at a time here.
pub fn csv_text(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Writes a JSON value atomically, pretty-printed with a final newline.
pub fn write_json(path: &Path, value: &serde_json::Value) -> std::io::Result<()> {
    let mut text = serde_json::to_string_pretty(value).map_err(std::io::Error::other)?;
    text.push('\n');
    write_atomic(path, text.as_bytes())
}

/// A CSV being written to a temp file beside its final name; renamed into place by
/// [`TempCsv::commit`], so a reader never sees a half-written file under the final name.
pub struct TempCsv {
    writer: BufWriter<std::fs::File>,
    tmp: tempfile::TempPath,
    target: std::path::PathBuf,
}

impl TempCsv {
    /// Starts `target` (a temp file in the same folder) with a header line.
    pub fn create(target: &Path, header: &str) -> std::io::Result<Self> {
        let dir = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let (file, tmp) = temp_builder().tempfile_in(dir)?.into_parts();
        let mut writer = BufWriter::with_capacity(1 << 16, file);
        writeln!(writer, "{header}")?;
        Ok(Self {
            writer,
            tmp,
            target: target.to_path_buf(),
        })
    }

    /// The writer for more rows.
    pub fn rows(&mut self) -> &mut dyn Write {
        &mut self.writer
    }

    /// Flushes, syncs and renames the file into place.
    pub fn commit(self) -> std::io::Result<()> {
        let file = self.writer.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        self.tmp.persist(&self.target).map_err(|e| e.error)?;
        Ok(())
    }
}

/// A CSV file with a header row as text cells: cells trimmed, a byte-order mark before the
/// header dropped, every row padded (or cut) to the header's width. Errors name the file.
pub fn read_csv_cells(path: &Path) -> anyhow::Result<(Vec<String>, Vec<Vec<String>>)> {
    use anyhow::Context;
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_path(path)
        .with_context(|| format!("opening {}", path.display()))?;
    let headers: Vec<String> = rdr
        .headers()
        .with_context(|| format!("reading header of {}", path.display()))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec = rec.with_context(|| format!("reading {}", path.display()))?;
        let mut row: Vec<String> = rec.iter().map(str::to_string).collect();
        row.resize(headers.len(), String::new());
        rows.push(row);
    }
    Ok((headers, rows))
}
