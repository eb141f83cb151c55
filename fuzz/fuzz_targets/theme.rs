#![no_main]
//! A user's theme file is loaded at start-up, so a bad one must be an error message,
//! and looking styles up in one that loads must not panic whatever keys it defines.

use copydesk::tui::theme::Theme;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(json) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(theme) = Theme::from_json("fuzz", json) else {
        return;
    };
    for key in [
        "ui.text",
        "entity.person",
        "claim.cue.negated",
        "",
        ".",
        "a..b.",
    ] {
        theme.get(key);
        theme.layer(key);
    }
});
