//! Golden tests on invented news dumps in `samples/`: each page carries the furniture real
//! sites have, and the cleaner must return the article and account for every piece of it.

use std::path::Path;

use copydesk::article::normalize::normalize;
use copydesk::article::text_dump::clean;
use copydesk::article::{Cleaned, RemovalReason};

use RemovalReason::*;

fn clean_sample(name: &str) -> Cleaned {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name);
    let raw = std::fs::read_to_string(&path).expect("sample is readable");
    clean(&normalize(&raw))
}

/// Asserts that `text` is nowhere in the body and was removed for `reason`.
fn assert_removed(cleaned: &Cleaned, text: &str, reason: RemovalReason) {
    assert!(
        cleaned.body.iter().all(|p| !p.contains(text)),
        "{text:?} left in the body"
    );
    let found = cleaned.removed.iter().find(|r| r.text.contains(text));
    let found = found.unwrap_or_else(|| panic!("{text:?} not in removed"));
    assert_eq!(
        found.reason, reason,
        "{text:?} removed as {:?}",
        found.reason
    );
    assert!(found.line.is_some(), "{text:?} has no line number");
}

#[test]
fn harbour_gazette_ferry_strike() {
    let cleaned = clean_sample("harbour-gazette-ferry.txt");
    let metadata = &cleaned.metadata;
    assert_eq!(
        metadata.title.as_deref(),
        Some("Ferry strike ends after three weeks as crews accept new rota")
    );
    assert_eq!(metadata.byline, ["Jane Roe"]);
    assert_eq!(metadata.date.as_deref(), Some("2031-05-02"));
    assert_eq!(metadata.section.as_deref(), Some("Harbour"));
    assert_eq!(metadata.site.as_deref(), Some("HG"));
    assert_eq!(cleaned.body.len(), 7);
    assert!(cleaned.body[0].starts_with("Ferry crews in Fenwick voted"));
    assert!(cleaned.body[6].starts_with("Editor's note: An earlier version"));
    assert_eq!(cleaned.captions.len(), 1);
    assert_eq!(
        cleaned.captions[0].credit.as_deref(),
        Some("Sam Lee/Harbour Press via Northwind Images")
    );
    assert!(cleaned.warnings.is_empty());

    for (text, reason) in [
        ("date 2031-05-02 HG logo", Dateline),
        ("Skip to main content", Navigation),
        ("* Business", Navigation),
        ("Avatar", Logo),
        ("by Jane Roe", Byline),
        ("* Facebook", SharePrompt),
        ("Crews walk back to the Fenwick terminal", Caption),
        ("Advertisement", Advertisement),
        ("Related: Island traders", RelatedLinks),
        ("Share this article", SharePrompt),
        ("Related articles", RelatedLinks),
        ("Tram fares frozen for another year", OutsideBody),
        ("Leave a Reply", CommentPrompt),
        ("12 comments", Counter),
        ("Subscribe to the Harbour Gazette", Promotion),
        ("We use cookies", LegalFooter),
        ("© 2031 Harbour Gazette", LegalFooter),
    ] {
        assert_removed(&cleaned, text, reason);
    }
    let reasons: Vec<RemovalReason> = cleaned.removed.iter().map(|r| r.reason).collect();
    for reason in [Title, RepeatedHeadline, SectionLabel] {
        assert!(reasons.contains(&reason), "nothing removed as {reason:?}");
    }
}

#[test]
fn northwind_courier_tram_extension() {
    let cleaned = clean_sample("northwind-courier-tram.txt");
    let metadata = &cleaned.metadata;
    assert_eq!(
        metadata.title.as_deref(),
        Some("Tram extension to Gull Point approved despite cost warnings")
    );
    assert_eq!(metadata.byline, ["Ana de la Cruz", "Tomas Berg"]);
    assert_eq!(metadata.date.as_deref(), Some("2031-05-14"));
    assert_eq!(metadata.date_raw.as_deref(), Some("May 14, 2031"));
    assert_eq!(metadata.section.as_deref(), Some("Transport"));
    assert_eq!(metadata.site.as_deref(), Some("Northwind Courier"));
    assert_eq!(cleaned.body.len(), 7);
    assert!(cleaned.body[6].starts_with("Correction: This article originally said"));
    assert_eq!(
        cleaned.captions[0].credit.as_deref(),
        Some("Lena Park/Northwind Courier")
    );

    for (text, reason) in [
        ("Northwind Courier logo", Logo),
        ("Sign in", Navigation),
        ("By Ana de la Cruz", Byline),
        ("Published May 14, 2031", Dateline),
        ("5 min read", ReadingTime),
        ("1.2K shares", Counter),
        ("Image 1 of 12", Counter),
        ("A tram waits at the Quay Street stop", Caption),
        ("READ MORE: Why Northwind's buses", RelatedLinks),
        ("Share on Facebook", SharePrompt),
        ("Join the conversation", CommentPrompt),
        ("More from Transport", RelatedLinks),
        ("Night buses return", OutsideBody),
        ("Cookie Policy", LegalFooter),
    ] {
        assert_removed(&cleaned, text, reason);
    }
}

#[test]
fn valley_post_library_reopening() {
    let cleaned = clean_sample("valley-post-library.txt");
    let metadata = &cleaned.metadata;
    assert_eq!(
        metadata.title.as_deref(),
        Some("Saltmarsh library reopens after flood repairs, with a new children's wing")
    );
    assert_eq!(
        metadata.byline,
        ["Priya Natarajan", "Leo Brandt", "Hana Sato"]
    );
    assert_eq!(metadata.date.as_deref(), Some("2031-06-02"));
    assert_eq!(metadata.section.as_deref(), Some("Arts"));
    assert_eq!(cleaned.body.len(), 7);
    assert!(cleaned.body[0].starts_with("The Saltmarsh public library reopened"));
    assert!(cleaned.body[6].starts_with("Opening hours will return"));
    assert_eq!(
        cleaned.captions[0].text,
        "Children try out the reading nook in the new wing."
    );

    for (text, reason) in [
        ("Updated 2 June 2031", Dateline),
        ("Image caption Children", Caption),
        ("Follow us on Instagram", SharePrompt),
        ("* 38 shares", Counter),
        ("What do you think?", CommentPrompt),
        ("Recommended", RelatedLinks),
        ("This website uses cookies", LegalFooter),
    ] {
        assert_removed(&cleaned, text, reason);
    }
}

#[test]
fn every_removed_line_points_at_its_source_line() {
    for name in [
        "harbour-gazette-ferry.txt",
        "northwind-courier-tram.txt",
        "valley-post-library.txt",
    ] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples")
            .join(name);
        let text = normalize(&std::fs::read_to_string(path).unwrap());
        let lines: Vec<&str> = text.split('\n').collect();
        for removed in clean_sample(name).removed {
            let line = removed.line.expect("text dumps have line numbers");
            assert_eq!(lines[line - 1], removed.text, "{name}:{line}");
        }
    }
}
