//! newsboat's `urls` file, so a journalist who already follows feeds there brings them
//! over with their tags: one feed per line, `URL tag "tag with spaces" ~"Own title"`,
//! `#` comments, `!` hiding a feed (still imported), and `query:` feeds (newsboat's saved
//! searches, not feeds) passed over.

/// A feed read from a subscription file (newsboat or OPML).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscribed {
    pub url: String,
    pub title: Option<String>,
    pub tags: Vec<String>,
}

/// The feeds in `text`, and a line-numbered note for each line that is not one.
pub fn read(text: &str) -> (Vec<Subscribed>, Vec<String>) {
    let mut feeds = Vec::new();
    let mut skipped = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let words = words(line);
        let Some((url, rest)) = words.split_first() else {
            continue;
        };
        if url.starts_with("query:") {
            skipped.push(format!(
                "line {}: a newsboat query feed, not a feed; passed over",
                number + 1
            ));
            continue;
        }
        let mut feed = Subscribed {
            url: url.clone(),
            title: None,
            tags: Vec::new(),
        };
        for word in rest {
            match word.strip_prefix('~') {
                Some(title) => feed.title = Some(title.to_string()),
                None if word == "!" => {}
                None => feed.tags.push(word.clone()),
            }
        }
        feeds.push(feed);
    }
    (feeds, skipped)
}

/// A line's words as newsboat splits them: on blanks, with `"…"` holding blanks (and
/// `\"` a quote), and `#` outside quotes starting a comment.
fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quoted = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' if quoted => {
                if let Some(next) = chars.next() {
                    word.push(next);
                }
            }
            '"' => {
                quoted = !quoted;
                in_word = true;
            }
            '#' if !quoted && !in_word => break,
            c if c.is_whitespace() && !quoted => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            c => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_tags_quoted_tags_and_titles_are_read_and_comments_skipped() {
        let text = "# my feeds\n\
            https://harbour.test/rss.xml local \"city hall\" ~\"Harbour Gazette\"\n\
            \n\
            https://wire.test/atom.xml ! wire   # hidden in newsboat\n\
            \"query:Unread:unread = \\\"yes\\\"\"\n";
        let (feeds, skipped) = read(text);
        assert_eq!(
            feeds,
            [
                Subscribed {
                    url: "https://harbour.test/rss.xml".into(),
                    title: Some("Harbour Gazette".into()),
                    tags: vec!["local".into(), "city hall".into()],
                },
                Subscribed {
                    url: "https://wire.test/atom.xml".into(),
                    title: None,
                    tags: vec!["wire".into()],
                },
            ]
        );
        assert_eq!(skipped.len(), 1);
        assert!(skipped[0].starts_with("line 5:"), "{skipped:?}");
    }
}
