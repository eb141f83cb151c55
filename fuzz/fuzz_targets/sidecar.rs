#![no_main]
//! A sidecar may be hand-edited, merged by git or written by another tool: reading it,
//! checking it and re-anchoring its spans must report what is wrong, not panic. What
//! copydesk saves from it must read back as the same sidecar, or a save would lose work.

use copydesk::annotate::anchor::place;
use copydesk::annotate::check::check;
use copydesk::annotate::items::Item;
use copydesk::annotate::store::{canonicalize, parse_sidecar, to_bytes};
use copydesk::article::text_index::TextIndex;
use copydesk::article::{Article, SourceFormat};
use libfuzzer_sys::fuzz_target;

/// Multi-byte letters, a joined emoji and two paragraphs, so offsets counted in the
/// wrong unit or cutting a grapheme land somewhere that matters.
const ARTICLE: &str = "Mayor Ana Núñez said on Tuesday that the bridge would reopen in May.\n\n\
                       Critics 👩‍⚕️ disagreed; the council said the repairs were \"nowhere near done\".";

fuzz_target!(|data: &[u8]| {
    let Ok(mut sidecar) = parse_sidecar(data) else {
        return;
    };
    let article = Article::from_clean_text(
        "fuzz.txt".to_string(),
        SourceFormat::PlainText,
        ARTICLE.to_string(),
    );
    check(&sidecar, &article);
    let index = TextIndex::new(&article.text);
    let spans = sidecar
        .mentions
        .iter()
        .flat_map(Item::spans)
        .chain(sidecar.claims.iter().flat_map(Item::spans))
        .chain(sidecar.notes.iter().flat_map(Item::spans));
    for span in spans {
        place(&index, span);
    }
    canonicalize(&mut sidecar);
    let saved = to_bytes(&sidecar);
    match parse_sidecar(&saved) {
        Ok(read_back) => assert!(read_back == sidecar, "a saved sidecar reads back changed"),
        Err(problem) => panic!("a saved sidecar does not read back: {problem}"),
    }
});
