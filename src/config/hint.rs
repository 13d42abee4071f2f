//! "Did you mean" hints for mistyped names (config keys, choices, strategy and metric names):
//! the known name nearest by Damerau–Levenshtein distance, if it is near enough to be a typo.

/// The candidate nearest to `word`, if within `max(3, len / 3)` edits of it (the first such on a
/// tie).
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// ` (did you mean "name"?)` for the candidate nearest to `word`, or empty.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    nearest(word, candidates)
        .map(|n| format!(" (did you mean \"{n}\"?)"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_only_near_names() {
        let names = ["tit_for_tat", "hawk", "dove"];
        assert_eq!(nearest("tit_for_tatt", names), Some("tit_for_tat"));
        assert_eq!(nearest("hawkk", names), Some("hawk"));
        assert_eq!(nearest("protectionist", names), None);
        assert_eq!(did_you_mean("dov", names), " (did you mean \"dove\"?)");
        assert_eq!(did_you_mean("xyzzy_long_name", names), "");
    }
}
