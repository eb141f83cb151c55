#![no_main]
//! `copydesk detect` output read back may come from another version or a hand edit:
//! any input must become records or reported problems.

use copydesk::interchange::detect;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    detect::read(&String::from_utf8_lossy(data));
});
