#![no_main]
//! spaCy/Prodigy JSONL comes from other people's pipelines: any line must become a
//! record or a reported problem.

use copydesk::interchange::spacy;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    spacy::read(&String::from_utf8_lossy(data));
});
