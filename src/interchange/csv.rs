//! Claims as CSV rows for newsroom spreadsheets: one row per claim. Mentions are not
//! claims and are counted as not written.
//!
//! Article text is untrusted: a cell that a spreadsheet would run as a formula gets a
//! leading `'`, as OWASP advises against CSV injection. Spreadsheets skip leading
//! whitespace and fold full-width forms before they look for a formula, so the test is
//! on the first character that is not whitespace, full-width `＝ ＋ － ＠` included, and
//! a cell that opens with a tab or line break is neutralised whatever follows.

use super::Losses;
use super::document::{Document, Source};

pub const HEADER: [&str; 11] = [
    "article",
    "label",
    "negated",
    "cue",
    "source",
    "content",
    "note",
    "annotator",
    "status",
    "start",
    "end",
];

pub fn header(out: &mut Vec<u8>) -> csv::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(HEADER)?;
    writer.flush()?;
    Ok(())
}

fn cell(text: &str) -> String {
    let opens_with_break = text.starts_with(['\t', '\r', '\n']);
    let first_visible = text.trim_start().chars().next();
    let formula = first_visible
        .is_some_and(|c| matches!(c, '=' | '+' | '-' | '@' | '＝' | '＋' | '－' | '＠'));
    if opens_with_break || formula {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

pub fn write(doc: &Document, losses: &mut Losses, out: &mut Vec<u8>) -> csv::Result<()> {
    let mut writer = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(out);
    for claim in &doc.claims {
        let cue = claim.cue.as_ref().map_or("", |cue| cue.exact.as_str());
        let source = match doc.source(claim) {
            Some(Source::Span { start, end }) => doc.slice(start, end).to_string(),
            Some(Source::Text(text)) => text,
            None => String::new(),
        };
        let status = serde_json::to_value(claim.meta.status)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default();
        writer.write_record([
            cell(&doc.article.source),
            cell(&claim.label),
            claim.negated.to_string(),
            cell(cue),
            cell(&source),
            cell(&claim.content.exact),
            cell(claim.note.as_deref().unwrap_or("")),
            cell(&doc.decider(&claim.meta.id, &claim.meta.origin)),
            status,
            claim.content.start.to_string(),
            claim.content.end.to_string(),
        ])?;
    }
    writer.flush()?;
    losses.add("mentions (CSV holds claims)", doc.mentions.len());
    losses.add("notes", doc.notes.len());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn cells_a_spreadsheet_would_run_are_neutralised() {
        for formula in [
            "=HYPERLINK(\"x\")",
            "+1",
            "-1",
            "@SUM(A1)",
            "\tplain",
            "\rplain",
            "\n=cmd|' /C calc'!A0",
            "  =1+1",
            "\u{3000}=1",
            "＝1+1",
            "＋1",
            "－1",
            "＠SUM(A1)",
        ] {
            assert_eq!(cell(formula), format!("'{formula}"), "{formula:?}");
        }
    }

    #[test]
    fn ordinary_cells_are_left_alone() {
        for text in ["Adam Neumann", "said", "", "a = b", "100%", "e-mail"] {
            assert_eq!(cell(text), text);
        }
    }
}
