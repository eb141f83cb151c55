//! The seed article and its gold file, shared by the seed tests. They live outside the
//! repository (the text belongs to its publisher), so tests skip when they are absent.

use std::path::Path;

use copydesk::article::{Article, LoadOptions, load};

/// The seed article as `load` reads it, and its gold file; `None`, after saying so,
/// when `../shared/seeds` is not there.
pub fn seed_article_and_gold() -> Option<(Article, serde_json::Value)> {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let article_path = seeds.join("000_4fa7af40d2d88669.txt");
    let gold_path = seeds.join("000_4fa7af40d2d88669.gold.json");
    if !article_path.exists() || !gold_path.exists() {
        eprintln!("skipping: ../shared/seeds not present");
        return None;
    }
    let gold = serde_json::from_str(&std::fs::read_to_string(gold_path).unwrap()).unwrap();
    let article = load(article_path.to_str().unwrap(), LoadOptions::default())
        .unwrap()
        .articles
        .remove(0);
    Some((article, gold))
}
