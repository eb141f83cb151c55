#![no_main]
//! A user's keymap file is loaded at start-up, so a bad one must be an error message.
//! A keymap that loads must also have a help screen that tells the truth: every key
//! it lists for an action, typed as written, runs that action.

use copydesk::tui::key::KeyChord;
use copydesk::tui::keymap::{Keymap, Lookup, Mode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(json) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(keymap) = Keymap::from_json("fuzz", json) else {
        return;
    };
    for mode in Mode::ALL {
        for (action, notations) in keymap.bindings_by_action(mode) {
            for notation in notations {
                let keys = KeyChord::parse_sequence(&notation).unwrap_or_else(|e| {
                    panic!("help lists {notation:?}, which does not parse: {e}")
                });
                assert_eq!(
                    keymap.lookup(mode, &keys),
                    Lookup::Action(action),
                    "help lists {notation:?} for {} in {}",
                    action.name(),
                    mode.name()
                );
            }
        }
    }
});
