//! Helpers shared by the integration tests that run the real binary and read its tables.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `tradewar` from the crate root with `args`.
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tradewar"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("binary runs")
}

/// A fresh path in the temporary folder, `tradewar-<prefix>-<pid>-<name>` (removed if it
/// exists).
pub fn tmp(prefix: &str, name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("tradewar-{prefix}-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

/// A file's text, or a panic naming it.
pub fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Asserts that a run succeeded, showing its stderr otherwise.
pub fn ok(o: &Output) {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// CSV text as its header and rows of text cells (the tables read here hold no quoted
/// cells); every row has the header's width.
pub fn cells(text: &str, p: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut lines = text.lines();
    let split = |l: &str| l.split(',').map(str::to_string).collect::<Vec<_>>();
    let header = split(lines.next().expect("a header"));
    let rows: Vec<Vec<String>> = lines.map(split).collect();
    for r in &rows {
        assert_eq!(r.len(), header.len(), "{}: {r:?}", p.display());
    }
    (header, rows)
}

/// Asserts that two output folders hold the same `files`, byte for byte (a file may be
/// missing from both).
pub fn same_files(a: &Path, b: &Path, files: &[&str]) {
    for f in files {
        match (std::fs::read(a.join(f)), std::fs::read(b.join(f))) {
            (Ok(x), Ok(y)) => assert!(x == y, "{f} differs: {} vs {}", a.display(), b.display()),
            (Err(_), Err(_)) => {}
            _ => panic!(
                "{f} exists in only one of {} and {}",
                a.display(),
                b.display()
            ),
        }
    }
}

/// Writes `text` as a config file `name` in a fresh temporary folder and returns its path.
pub fn config_file(prefix: &str, name: &str, text: &str) -> PathBuf {
    let dir = tmp(prefix, "configs");
    std::fs::create_dir_all(&dir).expect("temp folder");
    let p = dir.join(name);
    std::fs::write(&p, text).expect("config written");
    p
}

/// Runs `tradewar sweep CONFIG --quiet --no-charts --out OUT` with `extra` flags.
pub fn sweep_into(config: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec![
        "sweep",
        config.to_str().expect("UTF-8 path"),
        "--quiet",
        "--no-charts",
        "--out",
        out.to_str().expect("UTF-8 path"),
    ];
    args.extend_from_slice(extra);
    ok(&run(&args));
}

/// Runs the sweep of `config` with 1 thread, with 2 threads, and as `shards` shards merged
/// (`tradewar merge`, shards given in reverse order), and asserts that `files` are the same
/// bytes in all three. Returns the 1-thread folder, then the shard folders; the other folders
/// are removed.
pub fn same_for_threads_and_shards(
    prefix: &str,
    config: &Path,
    shards: usize,
    extra: &[&str],
    files: &[&str],
) -> (PathBuf, Vec<PathBuf>) {
    let one = tmp(prefix, "1thread");
    let two = tmp(prefix, "2threads");
    sweep_into(config, &one, &[extra, &["--threads", "1"]].concat());
    sweep_into(config, &two, &[extra, &["--threads", "2"]].concat());
    same_files(&one, &two, files);
    let parts: Vec<PathBuf> = (1..=shards)
        .map(|k| tmp(prefix, &format!("shard{k}")))
        .collect();
    for (k, dir) in parts.iter().enumerate() {
        let shard = format!("{}/{shards}", k + 1);
        sweep_into(config, dir, &[extra, &["--shard", shard.as_str()]].concat());
    }
    let merged = tmp(prefix, "merged");
    let mut args = vec!["merge", "--quiet", "--no-charts", "--out"];
    args.push(merged.to_str().expect("UTF-8 path"));
    args.extend(parts.iter().rev().map(|d| d.to_str().expect("UTF-8 path")));
    ok(&run(&args));
    same_files(&one, &merged, files);
    for d in [&two, &merged] {
        let _ = std::fs::remove_dir_all(d);
    }
    (one, parts)
}
