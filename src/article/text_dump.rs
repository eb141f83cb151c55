//! Cleaning scraped plain-text dumps of news pages.

use super::model::Cleaned;

/// Cleans an already-normalised text dump.
pub fn clean(text: &str) -> Cleaned {
    Cleaned {
        body: text
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(String::from)
            .collect(),
        ..Cleaned::default()
    }
}
