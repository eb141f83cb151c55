//! Turns the HTML fragment an extractor hands back into plain paragraphs.
//!
//! Both extractors return cleaned HTML rather than paragraphs (trafilatura's
//! plain text runs every paragraph into one line), so paragraph boundaries are
//! recovered from block elements here, the same way for both, which is what
//! lets their outputs be compared paragraph by paragraph.

use ego_tree::iter::Edge;
use scraper::{Html, Node};

/// Elements that end the paragraph before them and start a new one.
const BLOCK_ELEMENTS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tr",
    "ul",
];

/// Elements whose text is never body text. Figures hold captions and credits,
/// which are kept apart from the body; a `header` or `nav` left inside the
/// extracted article is its title block or a menu.
const SKIPPED_ELEMENTS: &[&str] = &[
    "button",
    "figcaption",
    "figure",
    "header",
    "iframe",
    "nav",
    "noscript",
    "object",
    "script",
    "select",
    "style",
    "svg",
    "template",
    "textarea",
];

/// Splits an HTML fragment into paragraphs of whitespace-collapsed text.
/// A `<br>` stays a line break inside its paragraph.
pub fn paragraphs(fragment: &str) -> Vec<String> {
    document_paragraphs(&Html::parse_fragment(fragment))
}

/// The paragraphs of an already parsed document or fragment.
pub fn document_paragraphs(document: &Html) -> Vec<String> {
    collect_paragraphs(document, |element| {
        Skip::silently(SKIPPED_ELEMENTS.contains(&element.name()))
    })
}

/// Words in a class or id that name what is around an article, not in it: an author's
/// box and bio, share bars, related stories, sign-up forms, comments.
const FURNITURE_NAMES: &[&str] = &[
    "author",
    "bio",
    "byline",
    "comment",
    "disclaimer",
    "newsletter",
    "promo",
    "related",
    "share",
    "sidebar",
    "social",
    "subscribe",
    "widget",
];

/// The paragraphs a reader sees on the page that could be article text: visible, and
/// outside figures, menus, headers and controls. A block named as furniture leaves an
/// empty paragraph where it stood, so whoever walks the list knows something was there.
pub fn prose_paragraphs(document: &Html) -> Vec<String> {
    collect_paragraphs(document, |element| {
        if named_as_furniture(element) {
            Skip::AsWall
        } else {
            Skip::silently(SKIPPED_ELEMENTS.contains(&element.name()) || is_invisible(element))
        }
    })
}

fn named_as_furniture(element: &scraper::node::Element) -> bool {
    let names = [element.attr("class"), element.id()];
    names.into_iter().flatten().any(|name| {
        let name = name.to_ascii_lowercase();
        FURNITURE_NAMES.iter().any(|word| name.contains(word))
    })
}

/// Elements a browser never shows the text of. The rest of a page is what a reader
/// could see, menus and footers included, which is what cleaning must account for.
const INVISIBLE_ELEMENTS: &[&str] = &[
    "head", "iframe", "noscript", "object", "script", "style", "svg", "template",
];

/// Every paragraph a reader could see on the page, furniture and all.
pub fn visible_paragraphs(document: &Html) -> Vec<String> {
    collect_paragraphs(document, |element| Skip::silently(is_invisible(element)))
}

/// An element whose text a browser does not show: one of [`INVISIBLE_ELEMENTS`], or
/// one the page hides with the `hidden` attribute or an inline `display: none`.
pub fn is_invisible(element: &scraper::node::Element) -> bool {
    INVISIBLE_ELEMENTS.contains(&element.name())
        || element.attr("hidden").is_some()
        || element.attr("style").is_some_and(|style| {
            let style: String = style.chars().filter(|c| !c.is_whitespace()).collect();
            style.to_ascii_lowercase().contains("display:none")
        })
}

/// What collecting paragraphs does with an element's text.
enum Skip {
    No,
    Silently,
    /// Leaves an empty paragraph in its place.
    AsWall,
}

impl Skip {
    fn silently(skipped: bool) -> Skip {
        if skipped { Skip::Silently } else { Skip::No }
    }
}

fn collect_paragraphs(
    document: &Html,
    skipped: impl Fn(&scraper::node::Element) -> Skip,
) -> Vec<String> {
    let mut collector = Collector::default();
    let mut skipped_depth = 0usize;
    for edge in document.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(element) => {
                    let name = element.name();
                    if skipped_depth > 0 {
                        skipped_depth += 1;
                        continue;
                    }
                    match skipped(element) {
                        Skip::No => {}
                        Skip::Silently => {
                            skipped_depth += 1;
                            continue;
                        }
                        Skip::AsWall => {
                            collector.end_paragraph();
                            collector.paragraphs.push(String::new());
                            skipped_depth += 1;
                            continue;
                        }
                    }
                    if name == "br" {
                        collector.line_break();
                    } else if name == "td" || name == "th" {
                        collector.cell_break();
                    } else if ends_paragraph(name) {
                        collector.end_paragraph();
                    }
                }
                Node::Text(text) if skipped_depth == 0 => collector.push_text(text),
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(element) = node.value() {
                    if skipped_depth > 0 {
                        skipped_depth -= 1;
                    } else if ends_paragraph(element.name()) {
                        collector.end_paragraph();
                    }
                }
            }
        }
    }
    collector.end_paragraph();
    collector.paragraphs
}

/// Skipped elements end a paragraph where they are not skipped: a page's menu or
/// figure is not part of the sentence beside it.
fn ends_paragraph(name: &str) -> bool {
    BLOCK_ELEMENTS.contains(&name) || SKIPPED_ELEMENTS.contains(&name)
}

/// The deepest element nesting in the document, found without recursion so
/// that it is safe on any input.
pub fn max_depth(document: &Html) -> usize {
    let mut depth = 0usize;
    let mut deepest = 0;
    for edge in document.tree.root().traverse() {
        match edge {
            Edge::Open(node) if node.value().is_element() => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            Edge::Close(node) if node.value().is_element() => depth -= 1,
            _ => {}
        }
    }
    deepest
}

#[derive(Default)]
struct Collector {
    paragraphs: Vec<String>,
    current: String,
    /// A space is owed before the next word; written lazily so no paragraph
    /// starts or ends with one.
    pending_space: bool,
    /// Likewise a cell separator, so empty cells leave no dangling bar.
    pending_cell: bool,
}

impl Collector {
    fn push_text(&mut self, text: &str) {
        for (index, word) in text.split(char::is_whitespace).enumerate() {
            if index > 0 {
                self.pending_space = true;
            }
            if word.is_empty() {
                continue;
            }
            if self.pending_cell && !self.current.is_empty() {
                self.current.push_str(" | ");
            } else if self.pending_space
                && !self.current.is_empty()
                && !self.current.ends_with('\n')
            {
                self.current.push(' ');
            }
            self.pending_space = false;
            self.pending_cell = false;
            self.current.push_str(word);
        }
    }

    /// A table row reads as one paragraph, its cells separated by bars.
    fn cell_break(&mut self) {
        self.pending_cell = !self.current.is_empty() && !self.current.ends_with('\n');
    }

    fn line_break(&mut self) {
        if !self.current.is_empty() && !self.current.ends_with('\n') {
            self.current.push('\n');
        }
        self.pending_space = false;
        self.pending_cell = false;
    }

    fn end_paragraph(&mut self) {
        let paragraph = self.current.trim_end_matches('\n');
        if !paragraph.is_empty() {
            self.paragraphs.push(paragraph.to_string());
        }
        self.current.clear();
        self.pending_space = false;
        self.pending_cell = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_elements_split_and_inline_elements_join() {
        let html =
            "<h2>Sub  head</h2><p>One <em>two</em>\n three.</p><ul><li>a</li><li>b</li></ul>";
        assert_eq!(paragraphs(html), ["Sub head", "One two three.", "a", "b"]);
    }

    #[test]
    fn a_table_row_is_one_paragraph() {
        let html = "<table><tr><th>Pos.</th><th>Driver</th></tr><tr><td>1</td><td><p>Ann Lee</p></td></tr></table>";
        assert_eq!(paragraphs(html), ["Pos. | Driver", "1", "Ann Lee"]);
        let html = "<table><tr><td>1</td><td>Ann <b>Lee</b></td><td></td></tr></table>";
        assert_eq!(paragraphs(html), ["1 | Ann Lee"]);
    }

    #[test]
    fn line_breaks_stay_inside_the_paragraph() {
        assert_eq!(
            paragraphs("<p>Roses are red,<br> violets are blue.<br></p>"),
            ["Roses are red,\nviolets are blue."]
        );
    }

    #[test]
    fn figures_and_scripts_are_left_out() {
        let html = "<p>Text.</p><figure><img src=x><figcaption>A cat (Photo: Ann)</figcaption></figure>\
                    <script>var x = 1;</script><p>More.</p>";
        assert_eq!(paragraphs(html), ["Text.", "More."]);
    }

    #[test]
    fn depth_counts_nested_elements() {
        let html = Html::parse_fragment("<div><p><b>x</b></p></div><p>y</p>");
        // The fragment parser wraps everything in an <html> element.
        assert_eq!(max_depth(&html), 4);
    }

    #[test]
    fn words_split_by_tags_without_spaces_stay_whole() {
        assert_eq!(paragraphs("<p>in<b>line</b> text</p>"), ["inline text"]);
    }
}
