#![no_main]
//! A brat `.ann` and the `.txt` its offsets count into, separated by the first NUL byte
//! of the input (neither file holds one): the offsets and the text vary independently.

use copydesk::interchange::brat;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (ann, text) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &[][..]),
    };
    brat::read(
        &String::from_utf8_lossy(ann),
        String::from_utf8_lossy(text).into_owned(),
        1,
    );
});
