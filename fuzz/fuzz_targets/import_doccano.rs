#![no_main]
//! doccano JSONL, with its offsets read in every unit `--offsets` accepts: converting
//! offsets that split a character or fall outside the text is where a panic would hide.

use copydesk::interchange::doccano;
use copydesk::interchange::offsets::Unit;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for unit in Unit::ALL {
        doccano::read(&text, unit);
    }
});
