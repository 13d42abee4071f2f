//! `tradewar check`, the validation report (docs/validation.md): every check of
//! `data/validation/checks.toml` gets a row, the page is the same for one and two threads,
//! `--write` writes exactly the page it prints, the committed page is the command's output,
//! and a bad checks file is refused naming the file and the check.

mod common;

use common::{ok, read, run, tmp};
use tradewar::experiment::check::spec::CheckFile;

/// The ids of the shipped checks.
fn ids() -> Vec<String> {
    let path = format!(
        "{}/{}",
        env!("CARGO_MANIFEST_DIR"),
        tradewar::app::check::DEFAULT_CHECKS
    );
    CheckFile::load(std::path::Path::new(&path))
        .unwrap()
        .checks
        .into_iter()
        .map(|c| c.id)
        .collect()
}

#[test]
fn a_quick_check_prints_every_row_the_same_on_one_and_two_threads() {
    let one = run(&["check", "--replicates", "20", "--threads", "1", "--quiet"]);
    ok(&one);
    let two = run(&["check", "--replicates", "20", "--threads", "2", "--quiet"]);
    ok(&two);
    assert_eq!(
        one.stdout, two.stdout,
        "the page depends on the thread count"
    );
    let page = String::from_utf8(one.stdout).unwrap();
    assert!(
        page.contains("`tradewar check --replicates 20 --write docs/validation.md`"),
        "the header names the command: {page}"
    );
    assert!(page.contains("(20 replicates, seed 20251025"), "{page}");
    let ids = ids();
    assert!(ids.len() >= 10, "{ids:?}");
    for id in &ids {
        let rows: Vec<&str> = page
            .lines()
            .filter(|l| l.starts_with(&format!("| `{id}` |")))
            .collect();
        assert_eq!(rows.len(), 1, "{id}: {rows:?}");
        let cells: Vec<&str> = rows[0].split(" | ").collect();
        assert_eq!(cells.len(), 7, "{id}: {}", rows[0]);
        let verdict = cells[6].trim_end_matches(" |");
        assert!(
            [
                "consistent",
                "partial (model above)",
                "partial (model below)",
                "off (model above)",
                "off (model below)"
            ]
            .contains(&verdict),
            "{id}: verdict {verdict:?}"
        );
    }
    let counted = page
        .lines()
        .find(|l| l.starts_with(&format!("**{} checks: ", ids.len())))
        .unwrap_or_else(|| panic!("no verdict count: {page}"));
    assert!(counted.contains(" off."), "{counted}");
    assert!(
        !page.contains("/tmp") && !page.contains("/work/"),
        "a machine path"
    );
}

#[test]
fn write_writes_exactly_the_page_it_prints() {
    let dir = tmp("check", "write");
    let out = dir.join("validation.md");
    let o = run(&[
        "check",
        "--replicates",
        "20",
        "--quiet",
        "--write",
        out.to_str().unwrap(),
    ]);
    ok(&o);
    assert_eq!(read(&out), String::from_utf8(o.stdout).unwrap());
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "temp files left: {leftovers:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// docs/validation.md is `tradewar check --write docs/validation.md` at the shipped
/// replicate counts; regenerate it when the model or the checks change.
#[test]
fn the_committed_page_is_the_output_of_check() {
    let o = run(&["check", "--quiet"]);
    ok(&o);
    let page = read(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/validation.md"));
    assert!(
        page == String::from_utf8_lossy(&o.stdout),
        "docs/validation.md is out of date: regenerate with `cargo run --release -- check --write docs/validation.md`"
    );
}

#[test]
fn a_bad_checks_file_is_refused_naming_the_file_and_the_check() {
    let dir = tmp("check", "bad");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bad_checks.toml");
    std::fs::write(
        &file,
        "replicates = 5\n[scenarios.base]\nconfig = \"../../configs/baseline.toml\"\n[[checks]]\nid = \"x\"\nfact = \"f\"\nsection = \"§9\"\nbasis = \"result\"\npublished = \"p\"\nsource = \"s\"\nkind = \"distribution\"\nscenario = \"base\"\nmetric = \"us_tarif_final\"\nrange = [0.0, 1.0]\n",
    )
    .unwrap();
    let o = run(&["check", "--checks", file.to_str().unwrap(), "--quiet"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("bad_checks.toml") && err.contains("checks.0 (x)"),
        "{err}"
    );
    assert!(err.contains("us_tarif_final"), "{err}");
    let missing = run(&["check", "--checks", "no/such/checks.toml", "--quiet"]);
    assert_eq!(missing.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}
