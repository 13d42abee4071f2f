//! The dependency rule of `docs/architecture.md`, checked on the source itself.
//!
//! Every `crate::` and `super::` path of every file under `src/` (in `use` lines, inline in
//! code, in test modules; comments and string literals excluded) is resolved to the module
//! file it names, and the resulting file-to-file imports must:
//! * point down the layers: foundation ← config ← model state ← mechanisms ← world ←
//!   experiment ← app (a file may import its own layer and the layers below it);
//! * leave `report` on its own branch: it imports only config and foundation, and only
//!   `app` imports it;
//! * never join two mechanisms (`model::mechanisms::X` never imports `model::mechanisms::Y`);
//! * form no circle, also inside a folder (a `mod.rs` that imports its child while the child
//!   imports through the parent is a circle).
//!
//! Files stay readable: none over 800 lines, and 600–800 only with a `Length:` line in the
//! module doc saying why.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A layer of the house, bottom first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Layer {
    Foundation,
    Config,
    ModelState,
    Mechanism,
    World,
    Experiment,
    App,
    Report,
}

/// The layer of a module path (`model::mechanisms::trade`), or `None` for the crate root.
fn layer_of(module: &str) -> Option<Layer> {
    let segs: Vec<&str> = module.split("::").collect();
    Some(match segs.as_slice() {
        [""] => return None,
        ["foundation", ..] => Layer::Foundation,
        ["config", ..] => Layer::Config,
        ["model", "mechanisms", ..] => Layer::Mechanism,
        [
            "model",
            "world" | "schedule" | "recorder" | "agents_report",
            ..,
        ] => Layer::World,
        ["model"] => Layer::World,
        ["model", ..] => Layer::ModelState,
        ["experiment", ..] => Layer::Experiment,
        ["app", ..] => Layer::App,
        ["report", ..] => Layer::Report,
        _ => {
            panic!("module `{module}` is in no layer: add it to layer_of and docs/architecture.md")
        }
    })
}

/// The mechanism a module belongs to (`model::mechanisms::farmers::month` → `farmers`).
fn mechanism_of(module: &str) -> Option<&str> {
    module
        .strip_prefix("model::mechanisms::")?
        .split("::")
        .next()
}

/// Why an import from `from` to `to` breaks the rule, if it does.
fn violation(from: &str, to: &str) -> Option<String> {
    let (Some(a), Some(b)) = (layer_of(from), layer_of(to)) else {
        return None;
    };
    if b == Layer::Report && a != Layer::Report {
        return (a != Layer::App).then(|| "only app may use report".into());
    }
    if a == Layer::Report {
        return (!matches!(b, Layer::Report | Layer::Config | Layer::Foundation))
            .then(|| format!("report imports only config and foundation, not {b:?}"));
    }
    if b == Layer::App && a != Layer::App {
        return Some("nothing below app imports app".into());
    }
    if b > a {
        return Some(format!("{a:?} may not import the higher layer {b:?}"));
    }
    if let (Some(x), Some(y)) = (mechanism_of(from), mechanism_of(to))
        && x != y
    {
        return Some(format!(
            "mechanism `{x}` imports mechanism `{y}`: share data through model::state"
        ));
    }
    None
}

/// Every `.rs` file under `src/` with its module path (`src/a/b.rs` → `a::b`, `src/a/mod.rs`
/// → `a`, `src/lib.rs` → the root `""`). `main.rs` is a separate crate and is skipped.
fn modules(src: &Path) -> BTreeMap<String, PathBuf> {
    let mut out = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(src).unwrap();
            let mut segs: Vec<String> = rel
                .iter()
                .map(|s| s.to_string_lossy().trim_end_matches(".rs").to_string())
                .collect();
            match segs.last().map(String::as_str) {
                Some("main") if segs.len() == 1 => continue,
                Some("lib") if segs.len() == 1 => segs.clear(),
                Some("mod") => {
                    segs.pop();
                }
                _ => {}
            }
            out.insert(segs.join("::"), path);
        }
    }
    out
}

/// The code of a file with comments and the contents of string and char literals blanked
/// (same length, so offsets stay meaningful).
fn code_only(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = b.to_vec();
    let mut i = 0;
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for c in &mut out[from..to] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
    };
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                let end = text[i..].find('\n').map_or(b.len(), |n| i + n);
                blank(&mut out, i, end);
                i = end;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let end = text[i + 2..].find("*/").map_or(b.len(), |n| i + 2 + n + 2);
                blank(&mut out, i, end);
                i = end;
            }
            b'r' if (b.get(i + 1) == Some(&b'"') || b.get(i + 1) == Some(&b'#'))
                && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')) =>
            {
                let hashes = b[i + 1..].iter().take_while(|c| **c == b'#').count();
                if b.get(i + 1 + hashes) != Some(&b'"') {
                    i += 1;
                    continue;
                }
                let close = format!("\"{}", "#".repeat(hashes));
                let start = i + 2 + hashes;
                let end = text[start..]
                    .find(&close)
                    .map_or(b.len(), |n| start + n + close.len());
                blank(&mut out, start, end.saturating_sub(close.len()));
                i = end;
            }
            b'"' => {
                let mut j = i + 1;
                while j < b.len() && b[j] != b'"' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                blank(&mut out, i + 1, j.min(b.len()));
                i = j + 1;
            }
            b'\'' => {
                // A char literal ('x', '\n', '\''), not a lifetime ('a).
                let is_char = matches!(
                    (b.get(i + 1), b.get(i + 2)),
                    (Some(b'\\'), _) | (Some(_), Some(b'\''))
                );
                if is_char {
                    let mut j = i + 1;
                    if b[j] == b'\\' {
                        j += 2;
                    }
                    while j < b.len() && b[j] != b'\'' {
                        j += 1;
                    }
                    blank(&mut out, i + 1, j);
                    i = j + 1;
                } else {
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    String::from_utf8(out).unwrap()
}

/// Spans `(start, end, name)` of inline `mod name { ... }` blocks, so that `super::` inside
/// them resolves to the file's own module first.
fn inline_mods(code: &str) -> Vec<(usize, usize, String)> {
    let b = code.as_bytes();
    let mut spans = Vec::new();
    let mut at = 0;
    while let Some(n) = code[at..].find("mod ") {
        let start = at + n;
        at = start + 4;
        if start > 0 && (b[start - 1].is_ascii_alphanumeric() || b[start - 1] == b'_') {
            continue;
        }
        let rest = &code[at..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let after = rest[name.len()..].trim_start();
        if name.is_empty() || !after.starts_with('{') {
            continue;
        }
        let open = at + name.len() + (rest.len() - name.len() - after.len());
        let mut depth = 0;
        let mut end = code.len();
        for (k, c) in code[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + k;
                        break;
                    }
                }
                _ => {}
            }
        }
        spans.push((start, end, name));
    }
    spans
}

/// Expands one path expression starting at `code[at..]` (after `crate`/`super`/`self`), with
/// brace groups, into full segment lists: `a::{b, c::d}` → `[a, b]`, `[a, c, d]`.
fn expand(code: &str, at: usize) -> Vec<Vec<String>> {
    fn parse(s: &[char], i: &mut usize, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
        let mut segs = prefix;
        loop {
            while *i < s.len() && s[*i].is_whitespace() {
                *i += 1;
            }
            if *i < s.len() && s[*i] == '{' {
                *i += 1;
                loop {
                    parse(s, i, segs.clone(), out);
                    while *i < s.len() && s[*i].is_whitespace() {
                        *i += 1;
                    }
                    match s.get(*i) {
                        Some(',') => *i += 1,
                        Some('}') => {
                            *i += 1;
                            return;
                        }
                        _ => return,
                    }
                    while *i < s.len() && s[*i].is_whitespace() {
                        *i += 1;
                    }
                    if s.get(*i) == Some(&'}') {
                        *i += 1;
                        return;
                    }
                }
            }
            let word: String = s[*i..]
                .iter()
                .take_while(|c| c.is_alphanumeric() || **c == '_' || **c == '*')
                .collect();
            *i += word.chars().count();
            if !word.is_empty() {
                segs.push(word);
            }
            if s.get(*i) == Some(&':') && s.get(*i + 1) == Some(&':') {
                *i += 2;
                continue;
            }
            out.push(segs);
            return;
        }
    }
    let chars: Vec<char> = code[at..].chars().take(4000).collect();
    let mut out = Vec::new();
    let mut i = 0;
    parse(&chars, &mut i, Vec::new(), &mut out);
    out
}

/// The module files a path names: the longest prefix of `segs` that is a module.
fn resolve(mods: &BTreeMap<String, PathBuf>, segs: &[String]) -> Option<String> {
    (0..=segs.len())
        .rev()
        .map(|n| segs[..n].join("::"))
        .find(|m| mods.contains_key(m))
}

/// File-to-file imports: `(from module, to module)` for every path in the file.
fn imports(mods: &BTreeMap<String, PathBuf>) -> BTreeSet<(String, String)> {
    let mut edges = BTreeSet::new();
    for (module, path) in mods {
        let text = std::fs::read_to_string(path).unwrap();
        let code = code_only(&text);
        let spans = inline_mods(&code);
        let b = code.as_bytes();
        let own: Vec<String> = if module.is_empty() {
            Vec::new()
        } else {
            module.split("::").map(str::to_string).collect()
        };
        for kw in ["crate::", "super::"] {
            let mut at = 0;
            while let Some(n) = code[at..].find(kw) {
                let start = at + n;
                at = start + kw.len();
                if start > 0 && (b[start - 1].is_ascii_alphanumeric() || b[start - 1] == b'_') {
                    continue;
                }
                // `super::super::x` is handled from its first `super`.
                if kw == "super::" && code[..start].trim_end().ends_with("super::") {
                    continue;
                }
                let mut base: Vec<String> = if kw == "crate::" {
                    Vec::new()
                } else {
                    // Inline modules enclosing this spot, innermost last.
                    let mut scope = own.clone();
                    for (s, e, name) in &spans {
                        if *s < start && start < *e {
                            scope.push(name.clone());
                        }
                    }
                    scope.pop();
                    scope
                };
                let mut rest = at;
                if kw == "super::" {
                    while code[rest..].starts_with("super::") {
                        base.pop();
                        rest += "super::".len();
                    }
                }
                for tail in expand(&code, rest) {
                    let mut segs = base.clone();
                    segs.extend(tail.into_iter().filter(|s| s != "self" && s != "*"));
                    if let Some(to) = resolve(mods, &segs)
                        && &to != module
                    {
                        edges.insert((module.clone(), to));
                    }
                }
            }
        }
        // Paths relative to the module itself (`use child::X`, `child::f()`, `self::child`):
        // a parent that reaches into its child.
        let mut at = 0;
        while let Some(n) = code[at..].find("::") {
            let end = at + n;
            at = end + 2;
            let word_start = code[..end]
                .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
                .map_or(0, |k| k + 1);
            let word = &code[word_start..end];
            if word.is_empty() || code[..word_start].ends_with("::") {
                continue;
            }
            let mut segs = own.clone();
            if word != "self" {
                segs.push(word.to_string());
            }
            for tail in expand(&code, at) {
                let mut full = segs.clone();
                full.extend(tail.into_iter().filter(|s| s != "self" && s != "*"));
                if own.len() < full.len()
                    && mods.contains_key(&full[..own.len() + 1].join("::"))
                    && let Some(to) = resolve(mods, &full)
                    && &to != module
                {
                    edges.insert((module.clone(), to));
                }
            }
        }
    }
    edges
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every import points the way the rule allows.
#[test]
fn imports_point_down_the_layers() {
    let mods = modules(&src_dir());
    let bad: Vec<String> = imports(&mods)
        .into_iter()
        .filter_map(|(a, b)| violation(&a, &b).map(|why| format!("{a} -> {b}: {why}")))
        .collect();
    assert!(
        bad.is_empty(),
        "{} forbidden imports (docs/architecture.md):\n{}",
        bad.len(),
        bad.join("\n")
    );
}

/// No file imports, directly or through others, a file that imports it.
#[test]
fn no_import_circles() {
    let mods = modules(&src_dir());
    let edges = imports(&mods);
    let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (a, b) in &edges {
        // The crate root declares the modules; it is not part of any layer.
        if !a.is_empty() && !b.is_empty() {
            next.entry(a).or_default().push(b);
        }
    }
    // Tarjan-free check: a depth-first search that reports the first back edge's cycle.
    fn visit<'a>(
        n: &'a str,
        next: &BTreeMap<&'a str, Vec<&'a str>>,
        state: &mut BTreeMap<&'a str, u8>,
        path: &mut Vec<&'a str>,
        cycles: &mut Vec<String>,
    ) {
        state.insert(n, 1);
        path.push(n);
        for &m in next.get(n).into_iter().flatten() {
            match state.get(m).copied().unwrap_or(0) {
                0 => visit(m, next, state, path, cycles),
                1 => {
                    let from = path.iter().position(|p| *p == m).unwrap();
                    let mut c: Vec<&str> = path[from..].to_vec();
                    c.push(m);
                    cycles.push(c.join(" -> "));
                }
                _ => {}
            }
        }
        path.pop();
        state.insert(n, 2);
    }
    let mut state = BTreeMap::new();
    let mut cycles = Vec::new();
    for m in mods.keys() {
        if state.get(m.as_str()).copied().unwrap_or(0) == 0 {
            visit(m, &next, &mut state, &mut Vec::new(), &mut cycles);
        }
    }
    assert!(cycles.is_empty(), "import circles:\n{}", cycles.join("\n"));
}

/// No file over 800 lines; 600–800 only with a reason (`Length:` in the module doc).
#[test]
fn files_stay_short() {
    let mut bad = Vec::new();
    for path in modules(&src_dir()).values() {
        let text = std::fs::read_to_string(path).unwrap();
        let lines = text.lines().count();
        let reason = text
            .lines()
            .take_while(|l| l.starts_with("//!") || l.trim().is_empty())
            .any(|l| l.starts_with("//! Length:"));
        if lines > 800 || (lines > 600 && !reason) {
            bad.push(format!("{} ({lines} lines)", path.display()));
        }
    }
    assert!(
        bad.is_empty(),
        "files over 800 lines, or over 600 with no `//! Length:` reason:\n{}",
        bad.join("\n")
    );
}

/// The checker itself finds what it must: a forbidden import, a circle through a parent
/// `mod.rs`, and `super::` inside an inline test module.
#[test]
fn the_checker_reads_paths_the_way_rust_does() {
    let code = code_only("use crate::a::{b, c::D}; // crate::x::y\nlet s = \"crate::z\";");
    assert!(!code.contains("crate::x") && !code.contains("crate::z"));
    let paths = expand(&code, code.find("crate::").unwrap() + "crate::".len());
    assert_eq!(
        paths,
        vec![
            vec!["a".to_string(), "b".to_string()],
            vec!["a".to_string(), "c".to_string(), "D".to_string()]
        ]
    );
    assert!(
        violation(
            "model::mechanisms::trade",
            "model::mechanisms::farmers::month"
        )
        .is_some()
    );
    assert!(violation("model::mechanisms::trade", "model::state").is_none());
    assert!(violation("experiment::runner", "app").is_some());
    assert!(violation("report::draw", "model::metrics").is_some());
    assert!(violation("experiment::sweep::merge", "report").is_some());
    assert!(violation("config::events", "foundation::calendar").is_none());
    assert!(violation("foundation::rng", "config").is_some());
    let spans = inline_mods("fn f() {}\n#[cfg(test)]\nmod tests {\n use super::*;\n}\n");
    assert_eq!(spans.len(), 1);
    assert_eq!(spans[0].2, "tests");
}
