//! `tradewar params` and `docs/parameters.md` (docs/model.md §8): every key with its unit,
//! default, allowed values, meaning and source, generated from the key declarations
//! (`config::keys`) and the built-in baseline with its comments (`configs/baseline.toml`).

use toml::{Table, Value};

use crate::config::keys::{self, Kind};
use crate::config::load;
use crate::foundation::io::fmt_int_range;
use crate::foundation::io::fmt_range;

/// A key's allowed values for display.
pub fn range_text(kind: Kind) -> String {
    match kind {
        Kind::Number { min, max } => fmt_range(min, max),
        Kind::Integer { min, max } => fmt_int_range(min, max),
        Kind::Bool => "true | false".into(),
        Kind::Choice(o) => o.join(" | "),
        Kind::Text => "text".into(),
        Kind::Date => "YYYY-MM-DD".into(),
        Kind::Month => "YYYY-MM, from 2017-01".into(),
        Kind::TextList => "list of text".into(),
        Kind::NumberList => "list of numbers".into(),
        Kind::OpenTable => "table".into(),
    }
}

/// The default of a key in `baseline` (the built-in baseline table), as TOML text.
pub fn default_text(baseline: &Table, path: &str) -> String {
    let mut cur = Value::Table(baseline.clone());
    for part in path.split('.') {
        if part.ends_with("[]") {
            return "(per entry)".into();
        }
        match cur.get(part) {
            Some(v) => cur = v.clone(),
            None => return "(none)".into(),
        }
    }
    match cur {
        Value::Table(t) if t.is_empty() => "{}".into(),
        v => v.to_string(),
    }
}

/// `tradewar params`: every key with its unit, default, allowed values and source.
/// `markdown` gives a table for the docs.
pub fn params_listing(markdown: bool) -> String {
    let sources = load::baseline_sources();
    let baseline = load::builtin().unwrap_or_default();
    let mut out = String::new();
    if markdown {
        out.push_str(
            "| key | unit | default | allowed | meaning | source |\n|---|---|---|---|---|---|\n",
        );
    }
    for spec in keys::all() {
        let default = default_text(&baseline, &spec.path);
        let source = sources.get(&spec.path).cloned().unwrap_or_default();
        let range = range_text(spec.kind);
        if markdown {
            out.push_str(&format!(
                "| `{}` | {} | `{}` | {} | {} | {} |\n",
                spec.path,
                spec.unit.replace('|', "\\|"),
                default.replace('|', "\\|"),
                range.replace('|', "\\|"),
                spec.doc.replace('|', "\\|"),
                source.replace('|', "\\|")
            ));
        } else {
            out.push_str(&format!(
                "{} = {}    {} {}\n",
                spec.path, default, range, spec.unit
            ));
            out.push_str(&format!("    {}\n", spec.doc));
            if !source.is_empty() {
                out.push_str(&format!("    source: {source}\n"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_rows_escape_every_pipe_inside_cells() {
        let md = params_listing(true);
        for row in md.lines() {
            let bare = row.replace("\\|", "");
            assert_eq!(bare.matches('|').count(), 7, "{row}");
        }
        assert!(md.contains("us \\| cn"), "choices keep their escaped bar");
    }
}
