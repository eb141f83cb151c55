//! The reading pane as data: the article laid out as blocks (title, metadata, captions,
//! removed lines, body paragraphs), wrapped into rows for one width. Body rows point into
//! `article.text`, so the cursor, search and highlights all speak text offsets.

use std::ops::Range;

use crate::article::{Article, RemovedLine};
use crate::terminal_safe;

use super::wrap::wrap_into;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Title,
    Meta,
    Warning,
    Caption,
    RemovedHeading,
    Removed,
    Body,
    Blank,
}

impl BlockKind {
    pub fn style_key(self) -> &'static str {
        match self {
            BlockKind::Title => "article.title",
            BlockKind::Meta => "article.meta",
            BlockKind::Warning => "article.warning",
            BlockKind::Caption => "article.caption",
            BlockKind::RemovedHeading | BlockKind::Removed => "article.removed",
            BlockKind::Body | BlockKind::Blank => "ui.text",
        }
    }
}

/// One block. Text blocks (`text` set) are slices of `article.text`; the others own their
/// (sanitised) words, with an optional accent range drawn in a second style.
#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    pub text: Option<Range<usize>>,
    pub own: String,
    pub accent: Option<(Range<usize>, &'static str)>,
}

impl Block {
    fn own(kind: BlockKind, own: String) -> Block {
        Block {
            kind,
            text: None,
            own,
            accent: None,
        }
    }
}

/// A visual row: which block, and the byte range it shows (absolute in `article.text` for
/// text blocks, inside `Block::own` otherwise).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub block: usize,
    pub range: Range<usize>,
}

/// Blocks wrapped for one width. Rebuilt only when the width, the article or the
/// removed-lines toggle changes.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub width: usize,
    pub blocks: Vec<Block>,
    pub rows: Vec<Row>,
    /// Indices into `rows` of the text rows, in text order: the table every
    /// offset → row question is answered from.
    pub text_rows: Vec<usize>,
    /// Wrappings for recent other widths, so resizing back and forth (or focusing the
    /// sidebar on a narrow screen) does not wrap a long article again.
    previous: Vec<(usize, Vec<Row>, Vec<usize>)>,
}

/// How many other widths to keep wrapped.
const KEEP_WIDTHS: usize = 3;

/// Single-line, terminal-safe form of untrusted metadata.
pub fn display_safe(text: &str) -> String {
    terminal_safe(text).replace('\n', " ")
}

pub fn blocks(article: &Article, show_removed: bool) -> Vec<Block> {
    let mut blocks = Vec::new();
    let meta = &article.metadata;
    if meta.title.is_some()
        && let Some(title) = article.paragraphs.first()
    {
        blocks.push(Block {
            kind: BlockKind::Title,
            text: Some(title.clone()),
            own: String::new(),
            accent: None,
        });
    }
    let mut fields = Vec::new();
    if !meta.byline.is_empty() {
        fields.push(format!("By {}", meta.byline.join(", ")));
    }
    if let Some(date) = meta.date.as_ref().or(meta.date_raw.as_ref()) {
        fields.push(date.clone());
    }
    fields.extend(meta.section.iter().cloned());
    fields.extend(meta.site.iter().cloned());
    if !fields.is_empty() {
        blocks.push(Block::own(
            BlockKind::Meta,
            display_safe(&fields.join(" · ")),
        ));
    }
    if let Some(url) = &meta.url {
        blocks.push(Block::own(BlockKind::Meta, display_safe(url)));
    }
    for warning in &article.warnings {
        blocks.push(Block::own(
            BlockKind::Warning,
            format!("⚠ {}", display_safe(warning)),
        ));
    }
    for caption in &article.captions {
        let mut own = format!("▍ {}", display_safe(&caption.text));
        let accent = caption.credit.as_ref().map(|credit| {
            own.push_str(" — ");
            let start = own.len();
            own.push_str(&display_safe(credit));
            (start..own.len(), "article.credit")
        });
        blocks.push(Block {
            kind: BlockKind::Caption,
            text: None,
            own,
            accent,
        });
    }
    // Removed lines go back where they were in the source when both they and the body
    // paragraphs know their lines (text dumps, Markdown); the rest are listed together.
    let lines_known = article.paragraph_lines.iter().any(Option::is_some);
    let (mut in_place, apart): (Vec<&RemovedLine>, Vec<&RemovedLine>) = if show_removed {
        article
            .removed
            .iter()
            .partition(|removed| lines_known && removed.line.is_some())
    } else {
        (Vec::new(), Vec::new())
    };
    in_place.sort_by_key(|removed| removed.line);
    let mut in_place = in_place.into_iter().peekable();
    if show_removed {
        blocks.push(Block::own(BlockKind::Blank, String::new()));
        let count = article.removed.len();
        let heading = match (count, apart.is_empty()) {
            (0, _) => "── the cleaner removed nothing ──".to_string(),
            (1, true) => "── the cleaner removed 1 line, shown in place ──".to_string(),
            (_, true) => format!("── the cleaner removed {count} lines, shown in place ──"),
            (1, false) => "── removed by the cleaner: 1 line ──".to_string(),
            (_, false) => format!("── removed by the cleaner: {count} lines ──"),
        };
        blocks.push(Block::own(BlockKind::RemovedHeading, heading));
        blocks.extend(apart.into_iter().map(removed_block));
    }
    if article.text.is_empty() {
        blocks.push(Block::own(
            BlockKind::Warning,
            "(no text: the cleaner kept nothing; toggle the removed lines to see why)".to_string(),
        ));
    }
    let body_start = usize::from(meta.title.is_some());
    for (index, paragraph) in article.paragraphs.iter().enumerate().skip(body_start) {
        let starts_on = article.paragraph_lines.get(index).copied().flatten();
        while let Some(removed) =
            in_place.next_if(|removed| starts_on.is_some_and(|start| removed.line < Some(start)))
        {
            blocks.push(removed_block(removed));
        }
        blocks.push(Block::own(BlockKind::Blank, String::new()));
        blocks.push(Block {
            kind: BlockKind::Body,
            text: Some(paragraph.clone()),
            own: String::new(),
            accent: None,
        });
    }
    if in_place.peek().is_some() {
        blocks.push(Block::own(BlockKind::Blank, String::new()));
        blocks.extend(in_place.map(removed_block));
    }
    blocks
}

/// A removed line, dimmed, with its line number and the reason it was removed.
fn removed_block(removed: &RemovedLine) -> Block {
    let reason = serde_json::to_value(removed.reason)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let line = removed
        .line
        .map(|l| format!("line {l}, "))
        .unwrap_or_default();
    let prefix = format!("✗ [{line}{reason}] ");
    let own = format!("{prefix}{}", display_safe(&removed.text));
    Block {
        kind: BlockKind::Removed,
        text: None,
        own,
        accent: Some((0..prefix.len(), "article.removed.reason")),
    }
}

impl Layout {
    pub fn new(article: &Article, show_removed: bool, width: usize) -> Layout {
        let blocks = blocks(article, show_removed);
        let mut layout = Layout {
            width,
            blocks,
            ..Layout::default()
        };
        layout.wrap(&article.text, width);
        layout
    }

    /// Blocks changed (another article, removed lines toggled): drop every wrapping.
    pub fn clear(&mut self) {
        self.blocks.clear();
        self.rows.clear();
        self.text_rows.clear();
        self.previous.clear();
    }

    pub fn wrap(&mut self, text: &str, width: usize) {
        if width == self.width && !self.rows.is_empty() {
            return;
        }
        let rows = std::mem::take(&mut self.rows);
        let text_rows = std::mem::take(&mut self.text_rows);
        if !rows.is_empty() {
            self.previous.insert(0, (self.width, rows, text_rows));
        }
        self.width = width;
        if let Some(at) = self.previous.iter().position(|(w, _, _)| *w == width) {
            let (_, rows, text_rows) = self.previous.remove(at);
            self.rows = rows;
            self.text_rows = text_rows;
            return;
        }
        self.previous.truncate(KEEP_WIDTHS);
        let mut ranges = Vec::new();
        for (index, block) in self.blocks.iter().enumerate() {
            ranges.clear();
            match &block.text {
                Some(range) => wrap_into(text, range.clone(), width, &mut ranges),
                None => wrap_into(&block.own, 0..block.own.len(), width, &mut ranges),
            }
            for range in ranges.drain(..) {
                if block.text.is_some() {
                    self.text_rows.push(self.rows.len());
                }
                self.rows.push(Row {
                    block: index,
                    range,
                });
            }
        }
    }

    pub fn is_text_row(&self, row: usize) -> bool {
        self.rows
            .get(row)
            .and_then(|r| self.blocks.get(r.block))
            .is_some_and(|b| b.text.is_some())
    }

    /// The row showing text offset `offset` (the last text row starting at or before it).
    pub fn row_of(&self, offset: usize) -> usize {
        let after = self
            .text_rows
            .partition_point(|&row| self.rows[row].range.start <= offset);
        self.text_rows
            .get(after.saturating_sub(1))
            .copied()
            .unwrap_or(0)
    }

    /// The text row nearest to `row`, looking forward first.
    pub fn nearest_text_row(&self, row: usize, forward: bool) -> Option<usize> {
        let at = self.text_rows.partition_point(|&r| r < row);
        let after = self.text_rows.get(at).copied();
        let before = at
            .checked_sub(1)
            .and_then(|i| self.text_rows.get(i).copied());
        if forward {
            after.or(before)
        } else {
            self.text_rows
                .get(at)
                .copied()
                .filter(|&r| r == row)
                .or(before)
                .or(after)
        }
    }
}
