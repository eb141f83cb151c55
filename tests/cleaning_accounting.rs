//! The accounting invariant for text dumps: every non-blank line of the input (as
//! normalised) ends up where a person can find it — in the body, the title or other
//! metadata, a caption, or `removed` with its reason. A cleaner that drops a lede
//! silently fails here, whatever its F1.

use std::collections::HashSet;

use copydesk::article::normalize::normalize;
use copydesk::article::text_dump;
use proptest::prelude::*;

/// The lines of `text` the cleaning put nowhere, 1-based, with their text.
fn unaccounted(text: &str) -> Vec<(usize, String)> {
    let normalized = normalize(text);
    let cleaned = text_dump::clean(&normalized);
    let removed: HashSet<usize> = cleaned.removed.iter().filter_map(|r| r.line).collect();
    let starts: HashSet<usize> = cleaned.body_lines.iter().copied().collect();
    let metadata = &cleaned.metadata;
    let mut elsewhere: Vec<&str> = cleaned.body.iter().map(String::as_str).collect();
    elsewhere.extend(metadata.title.as_deref());
    elsewhere.extend(metadata.date_raw.as_deref());
    elsewhere.extend(metadata.section.as_deref());
    elsewhere.extend(metadata.site.as_deref());
    elsewhere.extend(metadata.byline.iter().map(String::as_str));
    for caption in &cleaned.captions {
        elsewhere.push(&caption.text);
        elsewhere.extend(caption.credit.as_deref());
    }
    normalized
        .split('\n')
        .enumerate()
        .map(|(i, line)| (i + 1, line.trim()))
        .filter(|(_, line)| !line.is_empty())
        .filter(|(n, line)| {
            !removed.contains(n)
                && !starts.contains(n)
                && !elsewhere.iter().any(|place| place.contains(line))
        })
        .map(|(n, line)| (n, line.to_string()))
        .collect()
}

#[test]
fn every_line_of_every_dev_dump_is_accounted_for() {
    let folder = std::path::Path::new("../shared/extraction-dev/text");
    let Ok(entries) = std::fs::read_dir(folder) else {
        eprintln!(
            "SKIPPED every_line_of_every_dev_dump_is_accounted_for: {} not present",
            folder.display()
        );
        return;
    };
    let mut pages = 0;
    let mut lost = Vec::new();
    for entry in entries {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        pages += 1;
        for (line, content) in unaccounted(&text) {
            lost.push(format!("{}:{line}: {content}", path.display()));
        }
    }
    assert!(pages >= 61, "only {pages} dev dumps found");
    assert!(
        lost.is_empty(),
        "{} lines lost:\n{}",
        lost.len(),
        lost.join("\n")
    );
}

fn dump_line() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => Just("The harbour board said on Tuesday that the pier would open in the spring.".to_string()),
        2 => Just("Engineers had warned in January that the steel supplier was struggling badly.".to_string()),
        1 => Just("By Sam Lee".to_string()),
        1 => Just("Nov. 20, 2031, 9:28 AM UTC".to_string()),
        1 => Just("* Share this on Facebook".to_string()),
        1 => Just("Subscribe to our newsletter".to_string()),
        1 => Just("Photo: Jane Roe/Harbour Press".to_string()),
        1 => Just("Pier opening slips to spring".to_string()),
        1 => Just("Home | News | Sport".to_string()),
        1 => Just("W hile the ferry waited, the crew slept in the cabin below deck.".to_string()),
        1 => Just("© 2031 Coast Gazette".to_string()),
        2 => Just(String::new()),
        2 => "[A-Za-z]{1,10}( [A-Za-z]{1,10}){0,12}[.]?",
    ]
}

proptest! {
    #[test]
    fn every_line_of_a_generated_dump_is_accounted_for(
        lines in prop::collection::vec(dump_line(), 0..60)
    ) {
        let text = lines.join("\n");
        let lost = unaccounted(&text);
        prop_assert!(lost.is_empty(), "lost {:?} from {:?}", lost, text);
    }
}
