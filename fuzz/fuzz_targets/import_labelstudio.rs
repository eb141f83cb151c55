#![no_main]
//! A Label Studio export counts UTF-16 units and nests results several levels deep:
//! any JSON must become tasks or a reported problem.

use copydesk::interchange::labelstudio;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = labelstudio::read(&String::from_utf8_lossy(data));
});
