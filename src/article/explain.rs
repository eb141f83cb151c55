//! Where each line of the input went, for `copydesk clean --explain`: a person checking
//! the cleaner sees, in the order of the input, which lines became the title or a body
//! paragraph and why every other line was dropped.

use super::model::{Article, RemovalReason};

/// One line of the explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explained {
    /// 1-based line of the (normalised) input; `None` for HTML, whose dropped blocks
    /// have no line a person would recognise.
    pub line: Option<usize>,
    /// "title", "body ¶3", or the reason it was dropped ("navigation", "byline"…).
    pub went: String,
    pub text: String,
}

/// The article's lines in input order: kept paragraphs and removed lines together.
pub fn explain(article: &Article) -> Vec<Explained> {
    let titled = article.metadata.title.is_some();
    // A text dump's headline line is listed among the removed lines, with its line.
    let title_listed = article
        .removed
        .iter()
        .any(|removed| removed.reason == RemovalReason::Title);
    let mut rows: Vec<Explained> = article
        .paragraphs
        .iter()
        .zip(&article.paragraph_lines)
        .enumerate()
        .filter(|&(index, _)| !(titled && title_listed && index == 0))
        .map(|(index, (range, line))| Explained {
            line: *line,
            went: match (titled, index) {
                (true, 0) => "title".to_string(),
                (true, n) => format!("body ¶{n}"),
                (false, n) => format!("body ¶{}", n + 1),
            },
            text: article.text[range.clone()].to_string(),
        })
        .collect();
    rows.extend(article.removed.iter().map(|removed| {
        Explained {
            line: removed.line,
            went: serde_json::to_value(removed.reason)
                .ok()
                .and_then(|value| value.as_str().map(str::to_string))
                .unwrap_or_default(),
            text: removed.text.clone(),
        }
    }));
    // Lines known come first in input order; blocks without one keep their own order.
    rows.sort_by_key(|row| row.line.unwrap_or(usize::MAX));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{SourceFormat, text_dump};

    #[test]
    fn every_line_is_listed_in_input_order_with_where_it_went() {
        let dump = "Home\nNews\nSport\nWeather\n\nPier opening slips to spring\n\nBy Sam Lee\n\n\
            The harbour board said on Tuesday that the new pier would open in the spring, a year late.\n\n\
            Engineers had warned in January that the steel supplier was struggling to deliver.\n";
        let article =
            text_dump::clean(dump).into_article("pier.txt".into(), SourceFormat::TextDump);
        let rows = explain(&article);
        let went: Vec<(Option<usize>, &str)> = rows
            .iter()
            .map(|row| (row.line, row.went.as_str()))
            .collect();
        assert_eq!(
            went,
            [
                (Some(1), "navigation"),
                (Some(2), "navigation"),
                (Some(3), "navigation"),
                (Some(4), "section_label"),
                (Some(6), "title"),
                (Some(8), "byline"),
                (Some(10), "body ¶1"),
                (Some(12), "body ¶2"),
            ]
        );
    }
}
