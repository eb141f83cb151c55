//! A line break after every closing block tag the page wrote flush against what follows,
//! before trafilatura reads it.
//!
//! trafilatura 0.6 joins the text of neighbouring blocks when no whitespace separates
//! them, so `<h1>Crane cables</h1><p>Inspectors found…</p>` came back as "Crane
//! cablesInspectors found…", one paragraph. Whitespace between blocks means nothing to a
//! browser, so adding it changes nothing a reader sees and lets paragraph boundaries
//! come from the elements, as they should, not from how the page was minified.

use std::borrow::Cow;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder};

/// Closing tags of elements a browser lays out as blocks.
const CLOSING_BLOCK_TAGS: &[&str] = &[
    "</address>",
    "</article>",
    "</aside>",
    "</blockquote>",
    "</dd>",
    "</details>",
    "</div>",
    "</dl>",
    "</dt>",
    "</figure>",
    "</footer>",
    "</form>",
    "</h1>",
    "</h2>",
    "</h3>",
    "</h4>",
    "</h5>",
    "</h6>",
    "</header>",
    "</li>",
    "</main>",
    "</nav>",
    "</ol>",
    "</p>",
    "</pre>",
    "</section>",
    "</summary>",
    "</table>",
    "</td>",
    "</th>",
    "</tr>",
    "</ul>",
];

static CLOSING_TAGS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .build(CLOSING_BLOCK_TAGS)
        .expect("fixed patterns build")
});

/// `html` with a line break after each closing block tag that had none; the page
/// itself when every block already ends in whitespace.
pub fn space_blocks(html: &str) -> Cow<'_, str> {
    let flush = |end: usize| {
        html.as_bytes()
            .get(end)
            .is_some_and(|next| !next.is_ascii_whitespace())
    };
    let mut spaced = String::new();
    let mut copied = 0;
    for found in CLOSING_TAGS.find_iter(html) {
        if flush(found.end()) {
            spaced.push_str(&html[copied..found.end()]);
            spaced.push('\n');
            copied = found.end();
        }
    }
    if copied == 0 {
        return Cow::Borrowed(html);
    }
    spaced.push_str(&html[copied..]);
    Cow::Owned(spaced)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_written_flush_get_a_line_break_and_spaced_ones_are_left_alone() {
        assert_eq!(
            space_blocks("<H1>Head</H1><p>One.</p><p>Two.</p>\n<p>Three.</p>"),
            "<H1>Head</H1>\n<p>One.</p>\n<p>Two.</p>\n<p>Three.</p>"
        );
        let spaced = "<p>One.</p>\n<p>Two.</p> <em>x</em></p>";
        assert!(matches!(space_blocks(spaced), Cow::Borrowed(_)));
        assert_eq!(space_blocks("<p>a</p><param>"), "<p>a</p>\n<param>");
        assert_eq!(space_blocks("<b>bold</b><i>x</i>"), "<b>bold</b><i>x</i>");
    }
}
