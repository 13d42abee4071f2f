//! Integration tests of how an output folder is written: readable by co-authors (the umask
//! decides the mode), staged and swapped as one set, locked while a run writes it, and
//! cleaned of temp and staging files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_tradewar"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("tradewar-of-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `tradewar run` of `replicates` replicates with `seed` into `out`, charts included.
fn run_args(out: &Path, replicates: u32, seed: u32) -> Vec<String> {
    [
        "run",
        "configs/baseline.toml",
        "--replicates",
        &replicates.to_string(),
        "--rounds",
        "6",
        "--seed",
        &seed.to_string(),
        "--quiet",
        "--out",
        out.to_str().unwrap(),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// Every file under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[cfg(unix)]
#[test]
fn output_files_get_the_mode_the_umask_allows() {
    use std::os::unix::fs::PermissionsExt;
    let out = tmp("umask");
    let args = run_args(&out, 4, 3).join(" ");
    let o = Command::new("sh")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("-c")
        .arg(format!("umask 022; exec \"$0\" {args}"))
        .arg(env!("CARGO_BIN_EXE_tradewar"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let files = files_under(&out);
    assert!(files.len() > 6, "charts and report written: {files:?}");
    for f in files {
        let mode = std::fs::metadata(&f).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o644, "{} has mode {mode:o}", f.display());
    }
}
