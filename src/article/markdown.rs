//! Markdown articles: already clean, so only the front matter and the top heading are
//! lifted into metadata; everything else passes through as written.

use super::date;
use super::model::{Cleaned, Metadata, RemovalReason, RemovedLine};

/// A leading `# Heading` or a YAML front-matter fence marks Markdown even without a `.md` name.
pub fn looks_like_markdown(text: &str) -> bool {
    let first_line = text.lines().next().unwrap_or_default();
    first_line.starts_with("# ") || first_line.trim_end() == "---"
}

/// Reads normalised Markdown.
pub fn read(text: &str) -> Cleaned {
    let mut metadata = Metadata::default();
    let mut removed = Vec::new();
    let mut warnings = Vec::new();
    let mut lines: Vec<(usize, &str)> = text.lines().enumerate().map(|(i, l)| (i + 1, l)).collect();
    let opens_front_matter = lines.first().is_some_and(|(_, l)| l.trim_end() == "---");
    let front_matter_close = lines
        .iter()
        .skip(1)
        .position(|(_, l)| l.trim_end() == "---");
    if let (true, Some(close)) = (opens_front_matter, front_matter_close) {
        for &(_, line) in &lines[1..=close] {
            read_front_matter_line(line, &mut metadata, &mut warnings);
        }
        lines.drain(..close + 2);
    }
    // Body paragraphs with the line each starts on.
    let mut body: Vec<(usize, String)> = Vec::new();
    let mut paragraph: Vec<(usize, &str)> = Vec::new();
    let flush = |paragraph: &mut Vec<(usize, &str)>, body: &mut Vec<(usize, String)>| {
        if let Some(&(first, _)) = paragraph.first() {
            let lines: Vec<&str> = paragraph.iter().map(|&(_, line)| line).collect();
            body.push((first, lines.join("\n")));
            paragraph.clear();
        }
    };
    for (number, line) in lines {
        let is_first_line = paragraph.is_empty() && body.is_empty();
        if let (true, Some(heading)) = (is_first_line, line.strip_prefix("# ")) {
            let heading = heading.trim();
            let reason = match &metadata.title {
                None => RemovalReason::Title,
                Some(title) if title == heading => RemovalReason::RepeatedHeadline,
                Some(_) => {
                    body.push((number, heading.to_string()));
                    continue;
                }
            };
            metadata.title.get_or_insert_with(|| heading.to_string());
            removed.push(RemovedLine {
                line: Some(number),
                text: line.to_string(),
                reason,
            });
            continue;
        }
        if let Some(heading) = heading_text(line) {
            flush(&mut paragraph, &mut body);
            body.push((number, heading.to_string()));
        } else if line.trim().is_empty() {
            flush(&mut paragraph, &mut body);
        } else {
            paragraph.push((number, line));
        }
    }
    flush(&mut paragraph, &mut body);
    let (body_lines, body) = body.into_iter().unzip();
    Cleaned {
        metadata,
        body,
        body_lines,
        removed,
        warnings,
        ..Cleaned::default()
    }
}

/// A subheading's words without its `#` markers: they are markup, and left in the text
/// the entity model reads "#" as a symbol and annotators would select around it.
fn heading_text(line: &str) -> Option<&str> {
    let hashes = line.len() - line.trim_start_matches('#').len();
    let rest = &line[hashes..];
    let words = rest.strip_prefix([' ', '\t'])?.trim();
    let words = words.trim_end_matches('#').trim_end();
    ((1..=6).contains(&hashes) && !words.is_empty()).then_some(words)
}

fn read_front_matter_line(line: &str, metadata: &mut Metadata, warnings: &mut Vec<String>) {
    let Some((key, value)) = line.split_once(':') else {
        return;
    };
    let value = value.trim().trim_matches(['"', '\'']).trim();
    if value.is_empty() {
        return;
    }
    match key.trim().to_ascii_lowercase().as_str() {
        "title" => metadata.title = Some(value.to_string()),
        "author" | "authors" | "byline" => {
            metadata.byline = value
                .trim_matches(['[', ']'])
                .split([',', ';'])
                .map(|name| name.trim().trim_matches(['"', '\'']).to_string())
                .filter(|name| !name.is_empty())
                .collect();
        }
        "date" | "published" => {
            let iso = date::to_iso(value);
            if let Some(why) = iso
                .as_deref()
                .and_then(|iso| date::placeholder(iso, date::now()))
            {
                warnings.push(date::refused(value, "front-matter", why));
                return;
            }
            metadata.date = iso;
            metadata.date_raw = Some(value.to_string());
            metadata.date_source = Some("front-matter".to_string());
        }
        "section" | "category" => metadata.section = Some(value.to_string()),
        "site" | "publisher" => metadata.site = Some(value.to_string()),
        "url" | "link" => metadata.url = Some(value.to_string()),
        "lang" | "language" => metadata.language = Some(value.to_string()),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_and_heading_become_metadata() {
        let cleaned = read(
            "---\ntitle: \"Harbour plan approved\"\nauthor: Ana Ruiz, Tom Lee\ndate: 2025-06-02\n---\n\n# Ignored second title?\n\nThe council voted.\nIt was close.\n\n## Reaction\n\nResidents cheered.",
        );
        assert_eq!(
            cleaned.metadata.title.as_deref(),
            Some("Harbour plan approved")
        );
        assert_eq!(cleaned.metadata.byline, ["Ana Ruiz", "Tom Lee"]);
        assert_eq!(cleaned.metadata.date.as_deref(), Some("2025-06-02"));
        assert_eq!(
            cleaned.metadata.date_source.as_deref(),
            Some("front-matter")
        );
        assert_eq!(
            cleaned.body,
            [
                "Ignored second title?",
                "The council voted.\nIt was close.",
                "Reaction",
                "Residents cheered."
            ]
        );
    }

    #[test]
    fn a_heading_repeating_the_front_matter_title_is_dropped() {
        let cleaned = read("---\ntitle: Floods\n---\n# Floods\n\nRain fell.");
        assert_eq!(cleaned.body, ["Rain fell."]);
        assert_eq!(cleaned.removed[0].reason, RemovalReason::RepeatedHeadline);
    }

    #[test]
    fn a_placeholder_date_in_front_matter_is_refused_with_a_warning() {
        let cleaned = read("---\ntitle: Floods\ndate: 1970-01-01\n---\n\nRain fell.");
        let metadata = &cleaned.metadata;
        assert_eq!(
            (&metadata.date, &metadata.date_raw, &metadata.date_source),
            (&None, &None, &None)
        );
        assert_eq!(cleaned.warnings.len(), 1, "{:?}", cleaned.warnings);
        assert!(
            cleaned.warnings[0].contains("\"1970-01-01\" (front-matter)"),
            "{:?}",
            cleaned.warnings
        );
    }

    #[test]
    fn top_heading_is_the_title() {
        let cleaned = read("# Storm closes bridge\n\nTraffic was diverted.");
        assert_eq!(
            cleaned.metadata.title.as_deref(),
            Some("Storm closes bridge")
        );
        assert_eq!(cleaned.body, ["Traffic was diverted."]);
        assert_eq!(cleaned.removed[0].reason, RemovalReason::Title);
    }
}
