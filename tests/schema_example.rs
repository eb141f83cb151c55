//! The documented example sidecar (docs/example) is valid, canonical and in step with
//! its article, so the schema documentation cannot drift from the code.

use std::path::Path;

use copydesk::annotate::check::check_sidecar;
use copydesk::annotate::store::to_bytes;
use copydesk::annotate::{Store, sidecar_path};
use copydesk::article::{LoadOptions, load};

#[test]
fn the_documented_example_checks_clean_and_saves_byte_for_byte() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/example/harbour.md");
    let loaded = load(example.to_str().unwrap(), LoadOptions::default()).unwrap();
    let article = &loaded.articles[0];
    let sidecar = sidecar_path(&article.source);
    assert_eq!(check_sidecar(&sidecar, article), Vec::<String>::new());
    let store = Store::open(article);
    assert!(store.read_only_reason().is_none(), "{:?}", store.notices);
    let saved = String::from_utf8(to_bytes(&store.sidecar)).unwrap();
    assert_eq!(saved, std::fs::read_to_string(&sidecar).unwrap());
}
