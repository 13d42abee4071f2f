//! `tradewar tournament` on the shipped 9×9 config: 81 pairs, replicator shares, identical
//! bytes for 1 and 2 threads.

use std::process::Command;

fn tournament(out: &std::path::Path, threads: &str) {
    let o = Command::new(env!("CARGO_BIN_EXE_tradewar"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "tournament",
            "configs/tournament.toml",
            "--replicates",
            "50",
            "--quiet",
            "--no-charts",
            "--threads",
            threads,
            "--out",
        ])
        .arg(out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn nine_by_nine_tournament_is_complete_and_deterministic() {
    let base = std::env::temp_dir().join(format!("tradewar-tournament-{}", std::process::id()));
    let (a, b) = (base.join("a"), base.join("b"));
    tournament(&a, "1");
    tournament(&b, "2");
    for f in ["tournament.csv", "replicator.csv", "manifest.json"] {
        assert_eq!(
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
            "{f}"
        );
    }
    let t = std::fs::read_to_string(a.join("tournament.csv")).unwrap();
    assert_eq!(t.lines().count(), 82, "header + 81 pairs");
    assert!(t.lines().skip(1).all(|l| l.split(',').nth(2) == Some("50")));
    let r = std::fs::read_to_string(a.join("replicator.csv")).unwrap();
    // At every step each side's shares sum to one.
    let mut sums = std::collections::BTreeMap::<(String, String), f64>::new();
    for l in r.lines().skip(1) {
        let c: Vec<&str> = l.split(',').collect();
        *sums.entry((c[0].into(), c[1].into())).or_default() += c[3].parse::<f64>().unwrap();
    }
    assert!(sums.len() > 2);
    assert!(sums.values().all(|s| (s - 1.0).abs() < 1e-6), "{sums:?}");
    let _ = std::fs::remove_dir_all(base);
}
