//! Splitting a byline into author names.

/// The authors in a byline: "By Ana Ruiz, Tom Lee and Sam Oduya" gives three names.
pub fn split_authors(raw: &str) -> Vec<String> {
    let trimmed = raw.trim();
    let without_by = match trimmed.get(..3) {
        Some(prefix) if prefix.eq_ignore_ascii_case("by ") => &trimmed[3..],
        _ => trimmed,
    };
    without_by
        .split([',', ';', '&'])
        .flat_map(|part| part.split(" and "))
        .map(|name| name.trim().trim_end_matches('.').trim())
        .filter(|name| !name.is_empty())
        .map(String::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_commas_ampersands_and_and() {
        assert_eq!(
            split_authors("By Ana Ruiz, Tom Lee & Sam Oduya and Li Wei"),
            ["Ana Ruiz", "Tom Lee", "Sam Oduya", "Li Wei"]
        );
        assert_eq!(split_authors("by Abbey Fenbert"), ["Abbey Fenbert"]);
        assert_eq!(split_authors("Sandra Anderson"), ["Sandra Anderson"]);
    }
}
