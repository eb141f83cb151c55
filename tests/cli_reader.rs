//! `copydesk render` and `copydesk PATH` as a user meets them.

use std::process::{Command, Output, Stdio};

fn copydesk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .output()
        .expect("the copydesk binary runs")
}

#[test]
fn render_prints_the_screen_after_the_keys() {
    let output = copydesk(&[
        "render",
        "samples/press-briefing.md",
        "--size",
        "70x12",
        "--keys",
        "/ appeal Enter",
    ]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(stdout.lines().count(), 12, "{stdout}");
    assert!(stdout.lines().all(|l| l.chars().count() <= 70));
    assert!(stdout.contains("Water regulator fines utility"));
    assert!(
        stdout.lines().last().unwrap().contains("“appeal” 1 of 2"),
        "{stdout}"
    );
}

#[test]
fn a_folder_opens_as_a_library_whose_articles_open_and_follow_each_other() {
    let output = copydesk(&["render", "samples", "--size", "100x12"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success());
    assert!(stdout.starts_with(" Library · 8 articles"), "{stdout}");
    assert!(stdout.contains("wire-digest.jsonl#3"), "{stdout}");
    assert!(stdout.contains("Water regulator fines utility"), "{stdout}");

    let keys = "/ ferry Enter Esc Enter ] a";
    let output = copydesk(&["render", "samples", "--size", "80x10", "--keys", keys]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("Tram extension"), "{stdout}");
    assert!(stdout.lines().last().unwrap().contains("3/8"), "{stdout}");
}

#[test]
fn render_takes_keymap_and_theme_names() {
    let output = copydesk(&[
        "render",
        "samples/press-briefing.md",
        "--keymap",
        "plain",
        "--theme",
        "light",
        "--keys",
        "h",
    ]);
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).contains("keymap plain"));
    let output = copydesk(&["render", "samples/press-briefing.md", "--theme", "neon"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("high-contrast"));
}

#[test]
fn render_rejects_bad_keys_and_sizes() {
    let output = copydesk(&["render", "samples/press-briefing.md", "--keys", "C-Foo"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--keys"));
    let output = copydesk(&["render", "samples/press-briefing.md", "--size", "wide"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn render_survives_a_one_cell_screen() {
    let output = copydesk(&[
        "render",
        "samples/press-briefing.md",
        "--size",
        "1x1",
        "--keys",
        "G ?",
    ]);
    assert!(output.status.success());
    assert_eq!(String::from_utf8_lossy(&output.stdout), "t\n");
}

#[test]
fn the_reader_needs_a_terminal() {
    let output = copydesk(&["samples/press-briefing.md"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("copydesk render"));
}

#[test]
fn clean_still_works_beside_the_reader() {
    let output = copydesk(&["clean", "samples/press-briefing.md"]);
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("Title: Water regulator"));
}
