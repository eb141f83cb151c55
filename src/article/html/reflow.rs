//! Rewrites a page so that text sitting directly inside a `<div>` (or a
//! similar container) is inside a `<p>`, before trafilatura sees it.
//!
//! trafilatura 0.6 drops text that is a direct child of a container when the
//! container also holds elements: in `<div>Intro <em>word</em>, rest.<br>Next</div>`
//! it keeps only "word" and "Next". Many sites write article bodies exactly
//! like that (paragraphs separated by `<br>`), so each run of text and inline
//! elements in such a container becomes its own `<p>`, split at `<br>`.
//! Everything else is written back unchanged.

use ego_tree::NodeRef;
use ego_tree::iter::Edge;
use scraper::{Html, Node};

/// Containers whose loose text trafilatura loses.
const CONTAINERS: &[&str] = &[
    "article",
    "aside",
    "blockquote",
    "body",
    "center",
    "dd",
    "div",
    "main",
    "section",
    "td",
    "th",
];

/// Elements that flow inside a line of text.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font", "i",
    "img", "ins", "kbd", "label", "mark", "nobr", "q", "s", "samp", "small", "span", "strike",
    "strong", "sub", "sup", "time", "tt", "u", "var", "wbr",
];

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements whose text the parser keeps verbatim, so it must not be escaped.
const RAW_TEXT: &[&str] = &[
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
    "script",
    "style",
    "xmp",
];

pub struct Reflowed {
    pub html: String,
    /// Words of loose text that were wrapped; with none, the rewrite changed
    /// nothing trafilatura would see differently.
    pub wrapped_words: usize,
}

/// The page written back as HTML, with loose text runs in containers wrapped in `<p>`.
pub fn wrap_loose_text(document: &Html) -> Reflowed {
    let mut out = String::from("<!DOCTYPE html>");
    let mut wrapped_words = 0;
    // One frame per open element: does it wrap its loose text, and is a
    // `<p>` it opened still open.
    let mut frames: Vec<Frame> = Vec::new();
    for edge in document.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                if let Some(frame) = frames.last_mut()
                    && frame.wraps
                {
                    match kind_of(node) {
                        Kind::Text | Kind::Inline => {
                            if !frame.paragraph_open && starts_visible_text(node) {
                                out.push_str("<p>");
                                frame.paragraph_open = true;
                            }
                        }
                        Kind::LineBreak | Kind::Block => {
                            if frame.paragraph_open {
                                out.push_str("</p>");
                                frame.paragraph_open = false;
                            }
                        }
                        Kind::Other => {}
                    }
                }
                match node.value() {
                    Node::Element(element) => {
                        out.push('<');
                        out.push_str(element.name());
                        for (name, value) in element.attrs() {
                            out.push(' ');
                            out.push_str(name);
                            out.push_str("=\"");
                            escape_into(value, true, &mut out);
                            out.push('"');
                        }
                        out.push('>');
                        frames.push(Frame {
                            wraps: has_loose_text(node) && is_container(element.name(), node),
                            paragraph_open: false,
                        });
                    }
                    Node::Text(text) => {
                        let raw = node
                            .parent()
                            .and_then(|parent| parent.value().as_element().map(|e| e.name()))
                            .is_some_and(|name| RAW_TEXT.contains(&name));
                        if raw {
                            out.push_str(text);
                        } else {
                            if frames.last().is_some_and(|frame| frame.paragraph_open) {
                                wrapped_words += text.split_whitespace().count();
                            }
                            escape_into(text, false, &mut out);
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if let Node::Element(element) = node.value() {
                    if frames.pop().is_some_and(|frame| frame.paragraph_open) {
                        out.push_str("</p>");
                    }
                    if !VOID.contains(&element.name()) {
                        out.push_str("</");
                        out.push_str(element.name());
                        out.push('>');
                    }
                }
            }
        }
    }
    Reflowed {
        html: out,
        wrapped_words,
    }
}

struct Frame {
    wraps: bool,
    paragraph_open: bool,
}

#[derive(Clone, Copy)]
enum Kind {
    Text,
    Inline,
    LineBreak,
    Block,
    Other,
}

fn kind_of(node: NodeRef<'_, Node>) -> Kind {
    match node.value() {
        Node::Text(_) => Kind::Text,
        Node::Element(element) if element.name() == "br" => Kind::LineBreak,
        Node::Element(element)
            if INLINE.contains(&element.name()) && !has_block_descendant(node) =>
        {
            Kind::Inline
        }
        Node::Element(_) => Kind::Block,
        _ => Kind::Other,
    }
}

/// A listed container, or an inline element used as one (a `<span>` around
/// a whole article body).
fn is_container(name: &str, node: NodeRef<'_, Node>) -> bool {
    CONTAINERS.contains(&name) || (INLINE.contains(&name) && has_block_descendant(node))
}

/// A span that holds a div is laid out as a block, and wrapping it in a `<p>`
/// would make the parser tear the paragraph apart.
fn has_block_descendant(node: NodeRef<'_, Node>) -> bool {
    node.descendants().skip(1).any(|descendant| {
        descendant
            .value()
            .as_element()
            .is_some_and(|element| !INLINE.contains(&element.name()) && element.name() != "br")
    })
}

fn has_loose_text(node: NodeRef<'_, Node>) -> bool {
    let mut has_text = false;
    let mut has_element = false;
    for child in node.children() {
        match child.value() {
            Node::Text(text) if !text.trim().is_empty() => has_text = true,
            Node::Element(_) => has_element = true,
            _ => {}
        }
    }
    has_text && has_element
}

/// Whitespace between two blocks must not open an empty paragraph.
fn starts_visible_text(node: NodeRef<'_, Node>) -> bool {
    match node.value() {
        Node::Text(text) => !text.trim().is_empty(),
        _ => true,
    }
}

fn escape_into(text: &str, attribute: bool, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' if !attribute => out.push_str("&lt;"),
            '>' if !attribute => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\u{A0}' => out.push_str("&nbsp;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(html: &str) -> String {
        let out = wrap_loose_text(&Html::parse_document(html)).html;
        let start = out.find("<body>").map_or(0, |at| at + "<body>".len());
        let end = out.rfind("</body>").unwrap_or(out.len());
        out[start..end].to_string()
    }

    #[test]
    fn loose_text_runs_become_paragraphs_split_at_line_breaks() {
        assert_eq!(
            body("<div>Intro <em>word</em>, rest.<br>Next<br><br>Last</div>"),
            "<div><p>Intro <em>word</em>, rest.</p><br><p>Next</p><br><br><p>Last</p></div>"
        );
    }

    #[test]
    fn blocks_end_the_run_and_are_left_alone() {
        assert_eq!(
            body("<div>Lead <p>Para</p> tail</div>"),
            "<div><p>Lead </p><p>Para</p><p> tail</p></div>"
        );
    }

    #[test]
    fn containers_without_loose_text_are_unchanged() {
        let html = "<div><p>One</p><span>x</span></div><p>Two &amp; <b>three</b></p>";
        assert_eq!(body(html), html);
    }

    #[test]
    fn text_and_attributes_are_escaped_but_scripts_are_not() {
        assert_eq!(
            body(r#"<p title="a&quot;b">1 &lt; 2</p><script>if (a < b) {}</script>"#),
            r#"<p title="a&quot;b">1 &lt; 2</p><script>if (a < b) {}</script>"#
        );
    }

    #[test]
    fn an_inline_element_holding_blocks_is_a_container() {
        assert_eq!(
            body("<span>Lead <em>in</em>.<br>Next<div>Box</div></span>"),
            "<span><p>Lead <em>in</em>.</p><br><p>Next</p><div>Box</div></span>"
        );
    }

    #[test]
    fn an_inline_element_holding_a_block_is_a_block() {
        assert_eq!(
            body("<div>Text <span><div>Box</div></span></div>"),
            "<div><p>Text </p><span><div>Box</div></span></div>"
        );
    }
}
