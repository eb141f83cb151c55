//! Main-content extraction and metadata for saved web pages.

use super::model::Cleaned;

/// Extracts the article from an already-decoded HTML page.
pub fn extract(html: &str) -> Cleaned {
    let _ = html;
    Cleaned::default()
}
