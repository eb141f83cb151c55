#![no_main]
//! `copydesk clean` on a saved web page: pages come from anywhere, so whatever bytes a
//! file holds must end as an article or a reported problem, never a panic.

use copydesk::article::LoadOptions;
use copydesk::article::decode::decode;
use copydesk::article::load::{InputFormat, read_single};
use copydesk::article::serialize::ArticleJson;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(decoded) = decode(data) else {
        return;
    };
    let article = read_single(
        "fuzz.html",
        &decoded.text,
        InputFormat::Html,
        LoadOptions::default(),
    );
    let _ = serde_json::to_vec(&ArticleJson::from(&article));
});
