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

/// Runs `tradewar` with `args` and extra environment variables.
fn run_env(args: &[String], env: &[(&str, &str)]) -> Output {
    let mut c = bin();
    c.args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("binary runs")
}

/// The names beside `out` and inside it (recursively) that a finished run must not leave:
/// staging and old folders, lock files, temp files.
fn leftovers(out: &Path) -> Vec<String> {
    let name = out.file_name().unwrap().to_string_lossy().into_owned();
    let mut found: Vec<String> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&format!(".{name}.")))
        .collect();
    if out.exists() {
        found.extend(
            files_under(out)
                .into_iter()
                .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(".tradewar-")),
        );
    }
    found
}

const DATA: [&str; 6] = [
    "runs.csv",
    "rounds.csv",
    "trajectories.csv",
    "summary.csv",
    "events.csv",
    "manifest.json",
];

/// The bytes of every data file in `dir`.
fn snapshot(dir: &Path) -> Vec<Vec<u8>> {
    DATA.iter()
        .map(|f| std::fs::read(dir.join(f)).unwrap_or_default())
        .collect()
}

/// Starts a run that pauses before its swap, and waits until its staging folder is full.
/// The caller kills and waits on it.
#[allow(clippy::zombie_processes)]
fn start_paused(out: &Path, seed: u32) -> std::process::Child {
    let mut args = run_args(out, 3, seed);
    args.push("--no-charts".into());
    let child = bin()
        .args(&args)
        .env("TRADEWAR_TEST_PAUSE_BEFORE_SWAP_MS", "60000")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let name = out.file_name().unwrap().to_string_lossy().into_owned();
    let staging = out
        .parent()
        .unwrap()
        .join(format!(".{name}.staging-{}", child.id()));
    for _ in 0..1200 {
        if staging.join("manifest.json").exists() {
            return child;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!(
        "the paused run never finished staging {}",
        staging.display()
    );
}

#[test]
fn a_failed_second_run_leaves_the_first_runs_complete_folder() {
    let out = tmp("failed").join("out");
    let mut args = run_args(&out, 4, 1);
    args.push("--no-charts".into());
    let o = run_env(&args, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let first = snapshot(&out);
    let args2 = run_args(&out, 3, 2)
        .into_iter()
        .chain(["--no-charts".to_string()])
        .collect::<Vec<_>>();
    let o = run_env(&args2, &[("TRADEWAR_TEST_FAIL_WRITE", "summary.csv")]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(snapshot(&out), first, "the first run's set is intact");
    assert!(leftovers(&out).is_empty(), "{:?}", leftovers(&out));
}

#[test]
fn a_second_run_killed_during_its_swap_leaves_one_complete_set_and_the_next_run_cleans_up() {
    let out = tmp("killed").join("out");
    let mut args = run_args(&out, 4, 1);
    args.push("--no-charts".into());
    let o = run_env(&args, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let first = snapshot(&out);
    let mut child = start_paused(&out, 2);
    child.kill().unwrap(); // SIGKILL: no cleanup runs
    child.wait().unwrap();
    assert_eq!(snapshot(&out), first, "the first run's set is intact");
    assert!(
        !leftovers(&out).is_empty(),
        "kill -9 leaves the staging folder"
    );
    // A stray temp file inside the target, as an older writer would leave it.
    std::fs::write(out.join(".tradewar-stray.tmp"), b"x").unwrap();
    let mut args3 = run_args(&out, 3, 2);
    args3.push("--no-charts".into());
    let o = run_env(&args3, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(leftovers(&out).is_empty(), "{:?}", leftovers(&out));
    let third = snapshot(&out);
    assert_ne!(third, first);
    let manifest = String::from_utf8(third[5].clone()).unwrap();
    assert!(manifest.contains("\"replicates\": 3"), "{manifest}");
}

#[test]
fn a_run_into_a_locked_folder_exits_1_naming_the_folder_and_the_holder() {
    let out = tmp("locked").join("out");
    let mut child = start_paused(&out, 1);
    let mut args = run_args(&out, 3, 2);
    args.push("--no-charts".into());
    let o = run_env(&args, &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains(out.to_str().unwrap()), "{err}");
    assert!(err.contains(&format!("pid {}", child.id())), "{err}");
    child.kill().unwrap();
    child.wait().unwrap();
    // A sequential rerun works (and cleans what the killed holder left).
    let o = run_env(&args, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(leftovers(&out).is_empty(), "{:?}", leftovers(&out));
    let o = run_env(&args, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[cfg(unix)]
#[test]
fn sigint_and_sigterm_remove_the_staging_folder_and_the_lock() {
    for signal in ["INT", "TERM"] {
        let out = tmp(&format!("signal-{signal}")).join("out");
        let mut child = start_paused(&out, 1);
        let o = Command::new("kill")
            .args([&format!("-{signal}"), &child.id().to_string()])
            .output()
            .unwrap();
        assert!(o.status.success());
        let status = child.wait().unwrap();
        assert!(!status.success(), "SIG{signal} stops the run");
        assert!(
            leftovers(&out).is_empty(),
            "SIG{signal}: {:?}",
            leftovers(&out)
        );
        assert!(
            !out.exists(),
            "a first run stopped before its swap leaves no folder"
        );
    }
}

#[test]
fn a_smaller_second_run_leaves_none_of_the_first_runs_charts_or_report() {
    let out = tmp("stale").join("out");
    let o = run_env(&run_args(&out, 4, 1), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.join("report.md").exists() && out.join("charts").exists());
    let mut args = run_args(&out, 3, 2);
    args.push("--no-charts".into());
    let o = run_env(&args, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut want: Vec<String> = DATA.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(names, want);
}

/// Runs `tradewar` with `args`, killing it if it has not finished in ten minutes (a hang
/// guard only).
fn run_guarded(args: &[&str]) -> Output {
    let child = bin()
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(std::time::Duration::from_secs(600)) {
        Ok(o) => o.unwrap(),
        Err(_) => {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            panic!("tradewar {args:?} hung");
        }
    }
}

/// A finished run folder (no charts) of `replicates` replicates over `rounds` rounds.
fn run_folder(out: &Path, replicates: u32, rounds: u32, seed: u32) {
    let o = run_env(
        &[
            "run",
            "configs/baseline.toml",
            "--replicates",
            &replicates.to_string(),
            "--rounds",
            &rounds.to_string(),
            "--seed",
            &seed.to_string(),
            "--quiet",
            "--no-charts",
            "--out",
            out.to_str().unwrap(),
        ]
        .map(String::from),
        &[],
    );
    assert!(o.status.success(), "{}", stderr(&o));
}

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for f in DATA {
        std::fs::copy(from.join(f), to.join(f)).unwrap();
    }
}

#[test]
fn plot_refuses_damaged_files_naming_them_without_hanging() {
    let base = tmp("damaged");
    let good = base.join("good");
    run_folder(&good, 4, 6, 1);
    type Spoil = fn(&str) -> String;
    let damage: [(&str, &str, Spoil); 3] = [
        ("truncated", "runs.csv", |t| {
            t[..t.len() * 2 / 3].to_string()
        }),
        ("garbage", "rounds.csv", |_| {
            "\u{1}\u{2}garbage,\"\n\"x".to_string()
        }),
        ("huge-round", "rounds.csv", |t| {
            let mut lines: Vec<&str> = t.lines().collect();
            let last = lines.pop().unwrap();
            let rest = last.split_once(',').unwrap().1;
            format!("{}\n99999999999999,{rest}\n", lines.join("\n"))
        }),
    ];
    for (what, file, spoil) in damage {
        let dir = base.join(what);
        copy_folder(&good, &dir);
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        std::fs::write(dir.join(file), spoil(&text)).unwrap();
        let o = run_guarded(&["plot", dir.to_str().unwrap()]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{what}: {err}");
        assert!(
            err.contains(file),
            "{what}: the message names {file}: {err}"
        );
        assert!(!dir.join("report.md").exists(), "{what}: no report drawn");
    }
}

#[test]
fn compare_pairs_what_pairs_and_refuses_sweeps() {
    let base = tmp("compare");
    let a = base.join("a");
    let fewer = base.join("fewer");
    let shorter = base.join("shorter");
    let reseeded = base.join("reseeded");
    run_folder(&a, 4, 6, 1);
    run_folder(&fewer, 3, 6, 1);
    run_folder(&shorter, 4, 4, 1);
    run_folder(&reseeded, 4, 6, 2);
    let out = base.join("out");
    let s = |p: &Path| p.to_str().unwrap().to_string();
    let o = run_guarded(&[
        "compare",
        &s(&a),
        &s(&fewer),
        &s(&shorter),
        &s(&reseeded),
        "--out",
        &s(&out),
    ]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("different horizons") && err.contains("shorter"),
        "{err}"
    );
    assert!(err.contains("seed") && err.contains("reseeded"), "{err}");
    assert!(err.contains("pairing on the 3 common replicates"), "{err}");
    let csv = std::fs::read_to_string(out.join("compare.csv")).unwrap();
    assert!(csv.lines().count() > 1, "{csv}");
    for line in csv.lines().skip(1) {
        assert!(line.contains("(fewer)"), "only the pairable folder: {line}");
    }
    // A sweep folder is not a scenario.
    let sweep = base.join("sweep");
    copy_folder(&a, &sweep);
    let m = std::fs::read_to_string(sweep.join("manifest.json")).unwrap();
    std::fs::write(
        sweep.join("manifest.json"),
        m.replace("\"command\": \"run\"", "\"command\": \"sweep\""),
    )
    .unwrap();
    let o = run_guarded(&["compare", &s(&a), &s(&sweep), "--out", &s(&out)]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("sweep") && err.contains(&s(&sweep)), "{err}");
}
