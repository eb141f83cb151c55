//! The reader's screens, drawn through the same handle_key → update → render path as
//! the terminal, on a TestBackend. Articles here are written for these tests.

use copydesk::annotate::schema::Status;
use copydesk::article::{Article, Caption, Metadata, RemovalReason, RemovedLine, SourceFormat};
use copydesk::extract::analysis::analyse_text;
use copydesk::extract::claims::lexicon::Lexicon;
use copydesk::extract::lexicons::Lexicons;
use copydesk::tui::app::{App, Document, MouseInput, Pane};
use copydesk::tui::key::KeyChord;
use copydesk::tui::keymap::{Keymap, Mode};
use copydesk::tui::render::buffer_text;
use copydesk::tui::theme::{self, Theme};
use copydesk::tui::view::BlockKind;
use copydesk::tui::{self as reader};
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

const SIZES: [(u16, u16); 3] = [(120, 40), (80, 24), (40, 12)];

fn article(metadata: Metadata, body: &[&str]) -> Article {
    Article::assemble(
        "test.md".to_string(),
        SourceFormat::Markdown,
        metadata,
        body.iter().map(|p| p.to_string()).collect(),
    )
}

fn seed() -> Article {
    let mut article = article(
        Metadata {
            title: Some("Port authority accused of ignoring crane safety warnings".into()),
            byline: vec!["Mara Ellison".into(), "Tom Okafor".into()],
            date: Some("2025-10-14".into()),
            section: Some("Business".into()),
            site: Some("The Northgate Courier".into()),
            ..Metadata::default()
        },
        &[
            "The Eastbay Port Authority ignored repeated warnings about corroded crane cables for more than a year, according to internal emails seen by the Courier.",
            "Dock workers alleged that managers postponed inspections to keep ships moving during the busy summer season. \"We were told the checks could wait,\" said Priya Nandakumar, a union representative at the terminal.",
            "The authority denied the allegations on Monday. Its chief executive, Gareth Mills, said safety had \"always come first\" and that every crane had passed its annual certification.",
            "Two cables reportedly snapped in August, although nobody was injured. The Health and Safety Executive confirmed it had opened an inquiry.",
            "Councillors in Northgate are expected to debate the findings next week, and Priya Nandakumar said the union would attend.",
        ],
    );
    article.captions = vec![Caption {
        text: "Cranes at the Eastbay container terminal on Tuesday.".into(),
        credit: Some("Lena Fischer/Northgate Courier".into()),
    }];
    article.removed = vec![
        RemovedLine {
            line: Some(1),
            text: "Home | News | Business | Sport".into(),
            reason: RemovalReason::Navigation,
        },
        RemovedLine {
            line: Some(4),
            text: "Share this article".into(),
            reason: RemovalReason::SharePrompt,
        },
        RemovedLine {
            line: Some(31),
            text: "© 2025 The Northgate Courier. All rights reserved.".into(),
            reason: RemovalReason::LegalFooter,
        },
    ];
    article
}

fn cjk() -> Article {
    article(
        Metadata {
            title: Some("東京湾の港湾局、クレーン点検を先送りか".into()),
            byline: vec!["山田 花子".into()],
            date: Some("2025-10-15".into()),
            section: Some("経済".into()),
            ..Metadata::default()
        },
        &[
            "東京湾岸の港湾局は、クレーンのケーブルの腐食に関する警告を一年以上放置していたと、関係者が明らかにした。",
            "労働組合の代表は「点検は後回しにできると言われた」と述べた。港湾局は月曜日、疑惑を否定した。",
            "港务局发言人表示，所有起重机均已通过年度检验。Mixed 한국어 text, too.",
        ],
    )
}

fn emoji() -> Article {
    article(
        Metadata {
            title: Some("Newsroom chat 👩‍💻 goes 🇬🇧 flag-mad".into()),
            byline: vec!["Sam Rivera".into()],
            ..Metadata::default()
        },
        &[
            "The night desk 👨‍👩‍👧‍👦 swapped 👍🏽 and 🏳️‍🌈 reactions all evening; the editor said the 🎉 emoji was overused.",
            "Keycaps 1️⃣2️⃣3️⃣, hearts ❤️‍🔥 and a café spelt with a combining accent (cafe\u{301}) all have to line up.",
        ],
    )
}

/// The app as the reader opens it: the real entity detector and claim cues have run.
fn app_with(article: Article, theme: &str) -> App {
    let documents = vec![Document::new(article)];
    let mut app = App::new(
        documents,
        Keymap::built_in("default").unwrap(),
        Theme::built_in(theme).unwrap(),
    );
    let analysis = analyse_text(&app.desk.documents[0].article.text, &Lexicons::built_in());
    app.set_analysis(0, analysis);
    app
}

fn seed_app(theme: &str) -> App {
    app_with(seed(), theme)
}

fn screen(app: &mut App, width: u16, height: u16, keys: &str) -> Buffer {
    reader::render_headless(app, width, height, &KeyChord::parse_replay(keys).unwrap())
}

/// The cell showing the first occurrence of `needle` on screen.
fn find(buf: &Buffer, needle: &str) -> (u16, u16) {
    let text = buffer_text(buf);
    for (y, line) in text.lines().enumerate() {
        if let Some(at) = line.find(needle) {
            let x = line[..at].chars().count();
            return (x as u16, y as u16);
        }
    }
    panic!("{needle:?} not on screen:\n{text}");
}

#[test]
fn screens_at_three_sizes() {
    let articles: [(&str, Article); 3] = [("seed", seed()), ("cjk", cjk()), ("emoji", emoji())];
    for (name, article) in articles {
        for (w, h) in SIZES {
            let mut app = app_with(article.clone(), theme::DEFAULT);
            let buf = screen(&mut app, w, h, "");
            insta::assert_snapshot!(format!("{name}_{w}x{h}"), buffer_text(&buf));
        }
    }
}

/// Every theme at every size, styles included (the Debug form of the buffer).
#[test]
fn themes_with_styles() {
    for (name, _) in theme::BUILT_IN {
        for (w, h) in SIZES {
            let mut app = seed_app(name);
            let buf = screen(&mut app, w, h, "/ crane Enter");
            insta::assert_snapshot!(format!("theme_{name}_{w}x{h}"), format!("{buf:?}"));
        }
    }
}

#[test]
fn cjk_and_emoji_in_every_theme_do_not_break_the_layout() {
    for (name, _) in theme::BUILT_IN {
        for article in [cjk(), emoji()] {
            for (w, h) in SIZES {
                let mut app = app_with(article.clone(), name);
                let buf = screen(&mut app, w, h, "j j w w ) G");
                for line in buffer_text(&buf).lines() {
                    assert!(
                        unicode_width::UnicodeWidthStr::width(line) <= usize::from(w),
                        "{name} {w}x{h}: {line:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn interactions() {
    let cases = [
        ("help", (80, 24), "?"),
        ("help_scrolled", (80, 24), "? j j j j j j j j j j"),
        ("search", (80, 24), "/ crane Enter n"),
        ("search_none", (80, 24), "/ zebra Enter"),
        ("search_typing", (80, 24), "/ cra"),
        ("removed", (80, 24), "r"),
        ("pending", (80, 24), "g"),
        ("sidebar", (80, 24), "Tab j Enter"),
        ("sidebar_narrow", (40, 12), "Tab"),
        ("bottom", (80, 24), "G"),
        ("moves", (80, 24), "j j w w ) ) } C-d"),
        ("claims", (80, 24), "] c ] c Enter"),
        ("too_small", (12, 3), ""),
    ];
    for (name, (w, h), keys) in cases {
        let mut app = seed_app(theme::DEFAULT);
        let buf = screen(&mut app, w, h, keys);
        insta::assert_snapshot!(format!("keys_{name}"), buffer_text(&buf), keys);
    }
}

#[test]
fn search_matches_are_highlighted_from_the_theme() {
    let mut app = seed_app("dark");
    let buf = screen(&mut app, 120, 40, "/ cables Enter");
    let (x, y) = find(&buf, "cables");
    // The cursor sits on the first match: search.current under ui.cursor.
    let current = buf[(x + 1, y)].style();
    assert_eq!(current.bg, Some(Color::LightYellow));
    assert_eq!(app.reading.search.matches.len(), 2);
    let buf = screen(&mut app, 120, 40, "n");
    let (x, y) = find(&buf, "cables");
    assert_eq!(
        buf[(x + 1, y)].style().bg,
        Some(Color::Yellow),
        "other match"
    );
}

#[test]
fn claims_are_underlined_and_entities_coloured() {
    let mut app = seed_app("dark");
    let buf = screen(&mut app, 120, 40, "");
    let (x, y) = find(&buf, "denied the allegations");
    let cue = buf[(x, y)].style();
    assert!(cue.add_modifier.contains(Modifier::UNDERLINED), "{cue:?}");
    assert_eq!(cue.fg, Some(Color::LightRed));
    let (x, y) = find(&buf, "Nandakumar, a union");
    let entity = buf[(x, y)].style();
    assert_eq!(entity.fg, Some(Color::LightMagenta));
}

#[test]
fn mono_theme_shows_labels_without_colour() {
    let mut app = seed_app("mono");
    let buf = screen(&mut app, 120, 40, "/ crane Enter");
    for cell in buf.content() {
        assert!(
            matches!(cell.fg, Color::Reset) && matches!(cell.bg, Color::Reset),
            "{cell:?}"
        );
    }
    let (x, y) = find(&buf, "denied the allegations");
    assert!(
        buf[(x, y)]
            .style()
            .add_modifier
            .contains(Modifier::UNDERLINED)
    );
    let (x, y) = find(&buf, "Northgate are expected");
    let entity = buf[(x, y)].style().add_modifier;
    assert!(entity.contains(Modifier::BOLD) && !entity.contains(Modifier::UNDERLINED));
    let (x, y) = find(&buf, "crane safety");
    assert!(
        buf[(x + 1, y)]
            .style()
            .add_modifier
            .contains(Modifier::REVERSED)
    );
}

#[test]
fn no_color_selects_mono() {
    assert_eq!(
        Theme::select_with(Some("dark"), true, None).unwrap().name,
        "mono"
    );
    assert_eq!(
        Theme::select_with(Some("light"), false, None).unwrap().name,
        "light"
    );
    assert_eq!(Theme::select_with(None, false, None).unwrap().name, "dark");
}

#[test]
fn entity_in_sidebar_highlights_and_cycles_mentions() {
    let mut app = seed_app("dark");
    // The sidebar lists PERSON first; its first entity is the one mentioned twice.
    screen(&mut app, 120, 40, "Tab Enter");
    let text = app.desk.documents[0].article.text.clone();
    let first = text.find("Priya Nandakumar").unwrap();
    let second = text.rfind("Priya Nandakumar").unwrap();
    assert_eq!(app.reading.cursor, first);
    assert_eq!(
        app.sidebar.entity,
        Some(("PERSON".to_string(), "Priya Nandakumar".to_string()))
    );
    screen(&mut app, 120, 40, "Enter");
    assert_eq!(app.reading.cursor, second);
    let buf = screen(&mut app, 120, 40, "Enter");
    assert_eq!(app.reading.cursor, first, "cycles back");
    let (x, y) = find(&buf, "Nandakumar, a union");
    assert_eq!(buf[(x, y)].style().bg, Some(Color::Indexed(24)));
}

#[test]
fn sidebar_works_without_entities() {
    let mut app = app_with(seed(), "dark");
    app.set_entities(0, Vec::new());
    let buf = screen(&mut app, 120, 40, "Tab j Enter");
    assert!(buffer_text(&buf).contains("none found"));
    assert_eq!(app.focus, Pane::Sidebar);
    assert!(app.message.as_ref().unwrap().text.starts_with("claim 2"));
}

#[test]
fn moves_land_where_expected() {
    let mut app = seed_app("dark");
    let text = app.desk.documents[0].article.text.clone();
    let body = app.desk.documents[0].article.paragraphs[1].start;
    screen(&mut app, 80, 24, "}");
    assert_eq!(app.reading.cursor, body);
    screen(&mut app, 80, 24, "w");
    assert_eq!(&text[app.reading.cursor..app.reading.cursor + 7], "Eastbay");
    screen(&mut app, 80, 24, "} )");
    assert_eq!(&text[app.reading.cursor..app.reading.cursor + 5], "We we");
    screen(&mut app, 80, 24, "(");
    assert_eq!(&text[app.reading.cursor..app.reading.cursor + 4], "Dock");
    screen(&mut app, 80, 24, "G");
    assert!(app.reading.cursor > text.rfind("Councillors").unwrap());
    screen(&mut app, 80, 24, "g g");
    assert_eq!(app.reading.cursor, 0);
    screen(&mut app, 80, 24, "] e");
    assert_eq!(&text[app.reading.cursor..app.reading.cursor + 7], "Eastbay");
    screen(&mut app, 80, 24, "] c");
    assert_eq!(
        &text[app.reading.cursor..app.reading.cursor + 9],
        "according"
    );
}

#[test]
fn resize_keeps_the_cursor_in_the_text() {
    let mut app = seed_app("dark");
    screen(&mut app, 120, 40, "/ certification Enter");
    let cursor = app.reading.cursor;
    let buf = screen(&mut app, 40, 12, "");
    assert_eq!(app.reading.cursor, cursor);
    assert!(buffer_text(&buf).contains("certificat"));
}

#[test]
fn mouse_wheel_and_click() {
    let mut app = seed_app("dark");
    screen(&mut app, 80, 12, "");
    let effects = app.handle_mouse(MouseInput::ScrollDown { column: 5, row: 5 });
    app.run_effects(effects);
    assert_eq!(app.reading.top, 3);
    let row = app.reading.layout.row_of(app.reading.cursor);
    assert!((3..3 + 10).contains(&row), "cursor follows the view");
    let buf = screen(&mut app, 80, 12, "");
    let (x, y) = find(&buf, "Dock");
    let effects = app.handle_mouse(MouseInput::Click {
        column: x + 2,
        row: y,
    });
    app.run_effects(effects);
    let text = &app.desk.documents[0].article.text;
    assert_eq!(&text[app.reading.cursor..app.reading.cursor + 2], "ck");
}

#[test]
fn toggling_removed_lines_shows_them_with_reasons() {
    let mut app = seed_app("dark");
    let text = buffer_text(&screen(&mut app, 100, 30, "r"));
    assert!(
        text.contains("✗ [line 1, navigation] Home | News"),
        "{text}"
    );
    assert!(text.contains("legal_footer"));
    let text = buffer_text(&screen(&mut app, 100, 30, "r"));
    assert!(!text.contains("navigation"));
}

/// In a text dump every removed line sits between the body paragraphs around it in
/// the source, so a reviewer sees what the cleaner cut exactly where it was.
#[test]
fn removed_lines_of_a_text_dump_are_shown_in_place() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/samples/harbour-gazette-ferry.txt"
    );
    let article = copydesk::article::load(path, Default::default())
        .unwrap()
        .articles
        .remove(0);
    let mut app = app_with(article, "dark");
    screen(&mut app, 100, 30, "r");
    let document = &app.desk.documents[0].article;
    let line_of_paragraph = |range: &std::ops::Range<usize>| {
        let index = document.paragraphs.iter().position(|p| p == range).unwrap();
        document.paragraph_lines[index].unwrap()
    };
    let mut last_body_line = 0;
    let mut between_paragraphs = 0;
    let mut removed_since_body = Vec::new();
    for block in &app.reading.layout.blocks {
        match block.kind {
            BlockKind::Removed => {
                let line: usize = block.own["✗ [line ".len()..]
                    .split(',')
                    .next()
                    .unwrap()
                    .parse()
                    .unwrap();
                assert!(
                    line > last_body_line,
                    "line {line} after body line {last_body_line}"
                );
                removed_since_body.push(line);
            }
            BlockKind::Body => {
                let line = line_of_paragraph(block.text.as_ref().unwrap());
                for removed in removed_since_body.drain(..) {
                    assert!(
                        removed < line,
                        "removed line {removed} before body line {line}"
                    );
                    between_paragraphs += usize::from(last_body_line > 0);
                }
                last_body_line = line;
            }
            _ => {}
        }
    }
    assert!(between_paragraphs >= 1, "no removed line inside the body");
}

#[test]
fn pending_keys_show_and_escape_drops_them() {
    let mut app = seed_app("dark");
    let text = buffer_text(&screen(&mut app, 80, 24, "g"));
    assert!(text.lines().last().unwrap().contains("g …"));
    screen(&mut app, 80, 24, "Esc");
    assert!(app.pending.is_empty());
    assert_eq!(app.mode, Mode::Normal);
}

#[test]
fn plain_keymap_reads_without_vim() {
    let mut app = App::new(
        vec![Document::new(seed())],
        Keymap::built_in("plain").unwrap(),
        Theme::built_in("dark").unwrap(),
    );
    screen(&mut app, 80, 24, "f Southvale Enter");
    assert!(app.reading.search.matches.is_empty());
    screen(&mut app, 80, 24, "f crane Enter n p");
    assert_eq!(app.reading.search.matches.len(), 3);
    screen(&mut app, 80, 24, "h");
    assert_eq!(app.mode, Mode::Help);
    screen(&mut app, 80, 24, "Esc q");
    assert!(app.should_quit);
}

#[test]
fn several_articles() {
    let mut app = App::new(
        vec![Document::new(seed()), Document::new(cjk())],
        Keymap::built_in("default").unwrap(),
        Theme::built_in("dark").unwrap(),
    );
    let text = buffer_text(&screen(&mut app, 100, 20, "] a"));
    assert!(text.contains("東京湾"), "{text}");
    assert!(text.lines().last().unwrap().contains("2/2"));
    screen(&mut app, 100, 20, "] a");
    assert_eq!(app.desk.current, 0);
}

fn hostile() -> Article {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hostile.md");
    let long = "x".repeat(10_000);
    let body = format!(
        "---\ntitle: \"Hostile \\u001b[31mred\\u001b[0m \\u202eevil\"\nauthor: \"Eve\\u001b]8;;http://example.invalid\\u0007link\\u001b]8;;\\u0007\"\n---\n\n\
         Colours \u{1b}[31mred\u{1b}[0m and \u{1b}[2J clears, an OSC 8 \u{1b}]8;;http://example.invalid\u{7}link\u{1b}]8;;\u{7} here.\n\n\
         Bidi \u{202E}override\u{202C} and \u{2066}isolate\u{2069}, joiner a\u{200D}b, family 👩\u{200D}👩\u{200D}👧.\n\n\
         {long} said the long word.\n\n\
         Bell\u{7} backspace\u{8} tab\tand a null\u{0} end.\n"
    );
    std::fs::write(&path, body).unwrap();
    let loaded = copydesk::article::load(path.to_str().unwrap(), Default::default()).unwrap();
    let mut article = loaded.articles.into_iter().next().unwrap();
    // Metadata is not normalised by every reader: make sure the reader sanitises it.
    article.metadata.site = Some("Site\u{1b}[5m blink \u{202E}gnp.exe".into());
    article.captions.push(Caption {
        text: "Caption \u{1b}]8;;http://x\u{7}link".into(),
        credit: Some("Credit\u{9b}31m".into()),
    });
    article.removed.push(RemovedLine {
        line: Some(2),
        text: "removed \u{1b}[1mbold\u{202E}".into(),
        reason: RemovalReason::Advertisement,
    });
    article
}

fn assert_clean(buf: &Buffer) {
    for cell in buf.content() {
        for c in cell.symbol().chars() {
            assert!(
                !c.is_control() && !copydesk::article::normalize::is_dropped(c),
                "{c:?} reached the screen"
            );
        }
    }
}

#[test]
fn hostile_text_renders_safely() {
    let article = hostile();
    for (w, h) in [(120, 40), (80, 24), (40, 12), (20, 5), (3, 3), (1, 1)] {
        for keys in [
            "",
            "r",
            "G",
            "j j j w w w ) ) )",
            "/ x Enter n n N",
            "Tab j Enter",
            "?",
        ] {
            let mut app = app_with(article.clone(), "dark");
            let buf = screen(&mut app, w, h, keys);
            assert_clean(&buf);
        }
    }
    let mut app = app_with(article, "dark");
    let buf = screen(&mut app, 80, 24, "r");
    insta::assert_snapshot!("hostile_80x24", buffer_text(&buf));
}

#[test]
fn tiny_terminals_never_panic() {
    for w in 0..=26 {
        for h in 0..=8 {
            let mut app = seed_app("dark");
            for keys in [
                "",
                "? j",
                "Tab j Enter",
                "G k k w b",
                "/ crane Enter n",
                "r C-d C-u",
            ] {
                let buf = screen(&mut app, w, h, keys);
                assert_eq!(buf.area.width, w);
            }
        }
    }
    let mut app = seed_app("dark");
    let text = buffer_text(&screen(&mut app, 1, 1, ""));
    assert_eq!(text, "t\n");
}

#[test]
fn keymap_conflicts_are_load_errors() {
    let error = Keymap::from_json("mine", r#"{"normal": {"x": "quit", "x": "help"}}"#).unwrap_err();
    assert!(error.contains("quit") && error.contains("help"), "{error}");
}

#[test]
fn theme_fallback_reaches_ui_text() {
    let theme =
        Theme::from_json("t", r#"{"styles": {"ui.text": "green", "entity": "red"}}"#).unwrap();
    assert_eq!(theme.get("entity.person").fg, Some(Color::Red));
    assert_eq!(theme.get("claim.cue").fg, Some(Color::Green));
}

#[derive(Debug, Clone)]
enum Step {
    Action(usize),
    Resize(u16, u16),
    Wheel(bool, u16, u16),
    Click(u16, u16),
    Type(char),
}

fn step() -> impl proptest::strategy::Strategy<Value = Step> {
    use proptest::prelude::*;
    prop_oneof![
        6 => (0..copydesk::tui::action::Action::ALL.len()).prop_map(Step::Action),
        1 => (0u16..140, 0u16..50).prop_map(|(w, h)| Step::Resize(w, h)),
        1 => (any::<bool>(), 0u16..140, 0u16..50).prop_map(|(d, x, y)| Step::Wheel(d, x, y)),
        1 => (0u16..140, 0u16..50).prop_map(|(x, y)| Step::Click(x, y)),
        1 => prop::sample::select(vec!['a', 'é', '東', ' ', 'x', '👍']).prop_map(Step::Type),
    ]
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

    /// Any sequence of actions, resizes, mouse input and typing, on any article, keeps
    /// the cursor on a character boundary inside the text and never panics.
    #[test]
    fn any_input_keeps_the_state_sound(
        which in 0usize..4,
        steps in proptest::collection::vec(step(), 1..60),
    ) {
        let article = match which {
            0 => seed(),
            1 => cjk(),
            2 => emoji(),
            _ => hostile(),
        };
        let mut app = app_with(article, "dark");
        app.set_size(80, 24);
        for step in steps {
            match step {
                Step::Action(i) => {
                    let action = copydesk::tui::action::Action::ALL[i];
                    if action != copydesk::tui::action::Action::Quit {
                        let effects = app.update(action);
                        app.run_effects(effects);
                    }
                }
                Step::Resize(w, h) => app.set_size(w, h),
                Step::Wheel(down, column, row) => {
                    let effects = app.handle_mouse(if down {
                        MouseInput::ScrollDown { column, row }
                    } else {
                        MouseInput::ScrollUp { column, row }
                    });
                    app.run_effects(effects);
                }
                Step::Click(column, row) => {
                    let effects = app.handle_mouse(MouseInput::Click { column, row });
                    app.run_effects(effects);
                }
                Step::Type(c) => {
                    let key = KeyChord::plain(copydesk::tui::key::Key::Char(c));
                    let effects = app.handle_key(key);
                    app.run_effects(effects);
                }
            }
            let text = &app.desk.documents[0].article.text;
            proptest::prop_assert!(app.reading.cursor <= text.len());
            proptest::prop_assert!(text.is_char_boundary(app.reading.cursor));
            let (w, h) = (app.width, app.height);
            let buf = reader::render_headless(&mut app, w, h, &[]);
            assert_clean(&buf);
        }
    }
}

#[test]
fn wrapping_is_kept_per_width() {
    let mut app = seed_app("dark");
    app.set_size(120, 40);
    let wide = app.reading.layout.rows.clone();
    app.set_size(60, 20);
    let narrow = app.reading.layout.rows.clone();
    assert!(narrow.len() > wide.len());
    app.set_size(120, 40);
    assert_eq!(app.reading.layout.rows, wide);
    let effects = app.update(copydesk::tui::action::Action::ToggleRemoved);
    app.run_effects(effects);
    assert!(
        app.reading.layout.rows.len() > wide.len(),
        "new blocks, new wrapping"
    );
}

#[test]
fn the_sidebar_says_when_detection_is_still_running() {
    let mut app = App::new(
        vec![Document::new(seed())],
        Keymap::built_in("default").unwrap(),
        Theme::built_in("dark").unwrap(),
    );
    let text = buffer_text(&screen(&mut app, 100, 20, ""));
    assert!(text.contains("detecting…"), "{text}");
    assert!(text.contains("detecting entities and claims…"), "{text}");
    app.set_entities(0, Vec::new());
    let text = buffer_text(&screen(&mut app, 100, 20, ""));
    assert!(text.contains("none found"), "{text}");
}

/// Review mode walks the suggestions in text order; each verdict is recorded in the
/// sidecar (in memory here: nothing is saved without the terminal loop) and the status
/// bar counts decisions and the extractor's precision so far.
#[test]
fn review_mode_records_verdicts_and_counts_them() {
    let mut app = seed_app("dark");
    let total = app.desk.documents[0].annotations.suggestions.len();
    assert!(total > 5, "the seed article has suggestions to review");
    let buf = screen(&mut app, 120, 40, "R");
    assert_eq!(app.mode, Mode::Review);
    let status = buffer_text(&buf).lines().last().unwrap().to_string();
    assert!(status.contains(&format!("0/{total} decided")), "{status}");
    let first = app.review.current.unwrap();
    let buf = screen(&mut app, 120, 40, "a x");
    let status = buffer_text(&buf).lines().last().unwrap().to_string();
    assert!(status.contains(&format!("2/{total} decided")), "{status}");
    assert!(status.contains("all 1/2 50%"), "{status}");
    let sidecar = &app.desk.documents[0].annotations.store.sidecar;
    let statuses: Vec<_> = sidecar
        .mentions
        .iter()
        .map(|m| m.meta.status)
        .chain(sidecar.claims.iter().map(|c| c.meta.status))
        .collect();
    assert_eq!(statuses.len(), 2);
    assert!(statuses.contains(&Status::Accepted) && statuses.contains(&Status::Rejected));
    assert_eq!(
        app.review.current,
        Some(first + 2),
        "a verdict moves to the next suggestion"
    );
    insta::assert_snapshot!("review_120x40", buffer_text(&buf));
    let buf = screen(&mut app, 120, 40, "u");
    assert!(buffer_text(&buf).contains(&format!("1/{total} decided")));
    screen(&mut app, 120, 40, "C-r Esc");
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(app.desk.documents[0].annotations.progress().0, 2);
}

/// Outside review mode, a verdict applies to the suggestion under the cursor, and a
/// rejected mention is drawn struck through.
#[test]
fn accept_and_reject_under_the_cursor() {
    let mut app = seed_app("dark");
    screen(&mut app, 120, 40, "] e x");
    let sidecar = &app.desk.documents[0].annotations.store.sidecar;
    assert_eq!(sidecar.mentions.len(), 1);
    assert_eq!(sidecar.mentions[0].meta.status, Status::Rejected);
    assert_eq!(sidecar.mentions[0].span.exact, "Eastbay Port Authority");
    let buf = screen(&mut app, 120, 40, "");
    let (x, y) = find(&buf, "Eastbay Port Authority ignored");
    assert!(
        buf[(x, y)]
            .style()
            .add_modifier
            .contains(Modifier::CROSSED_OUT),
        "the rejected mention should be struck through"
    );
    screen(&mut app, 120, 40, "a");
    let mention = &app.desk.documents[0].annotations.store.sidecar.mentions[0];
    assert_eq!(
        mention.meta.status,
        Status::Accepted,
        "the same item, re-decided"
    );
}

/// Issue 7's scenario, headless: tag a sentence as a claim through the picker, reject
/// an entity suggestion, tag a selection as an entity, undo and redo once.
#[test]
fn tagging_with_the_pickers_and_undo_redo() {
    let mut app = seed_app("dark");
    screen(&mut app, 120, 40, "/ postponed Enter Esc T");
    assert_eq!(app.mode, Mode::Picker);
    let buf = screen(&mut app, 120, 40, "a l l");
    insta::assert_snapshot!("picker_claim_120x40", buffer_text(&buf));
    screen(
        &mut app,
        120,
        40,
        "Enter ] e x / Health Enter Esc v w w w t o r",
    );
    let buf = screen(&mut app, 120, 40, "");
    insta::assert_snapshot!("picker_entity_120x40", buffer_text(&buf));
    screen(&mut app, 120, 40, "Enter u C-r");
    let text = app.desk.documents[0].article.text.clone();
    let sidecar = &app.desk.documents[0].annotations.store.sidecar;
    assert_eq!(sidecar.claims.len(), 1);
    let claim = &sidecar.claims[0];
    assert_eq!(
        (claim.label.as_str(), claim.meta.status),
        ("alleged", Status::Manual)
    );
    assert!(
        claim.content.exact.starts_with("Dock workers alleged"),
        "{}",
        claim.content.exact
    );
    let statuses: Vec<_> = sidecar
        .mentions
        .iter()
        .map(|m| (m.span.exact.as_str(), m.label.as_str(), m.meta.status))
        .collect();
    assert_eq!(
        statuses,
        [
            ("busy summer season", "DATE", Status::Rejected),
            ("Health and Safety", "ORG", Status::Manual)
        ]
    );
    let mention = &sidecar.mentions[1];
    let start = text.find("Health and Safety").unwrap();
    assert_eq!(mention.span.start, text[..start].chars().count());
}

/// A suggestion imported from another extractor waits in the sidecar as `suggested`; the
/// reader reviews it like its own, and the verdict keeps the other extractor as origin.
#[test]
fn imported_suggestions_are_reviewed_too() {
    use copydesk::annotate::schema::{ItemMeta, Mention, Origin};
    let mut app = seed_app("dark");
    let text = app.desk.documents[0].article.text.clone();
    let start = text.find("crane cables").unwrap();
    let chars = text[..start].chars().count();
    let span = copydesk::annotate::anchor::make_span(
        &copydesk::article::text_index::TextIndex::new(&text),
        chars..chars + "crane cables".len(),
    )
    .unwrap();
    let imported = Mention {
        meta: ItemMeta {
            id: String::new(),
            status: Status::Suggested,
            origin: Origin::Extractor {
                extractor: "other-ner".into(),
                version: "2".into(),
            },
            created: String::new(),
            updated: String::new(),
            orphaned: false,
        },
        span,
        label: "PRODUCT".into(),
        confidence: None,
        extra: Default::default(),
    };
    app.desk.documents[0]
        .annotations
        .store
        .insert(imported, "import");
    app.desk.documents[0].annotations.refresh_decisions(&text);
    let entities = app.desk.documents[0].entities.clone();
    app.set_entities(0, entities);
    let before = app.desk.documents[0].annotations.progress();
    screen(&mut app, 120, 40, "/ crane Space cables Enter a");
    let mention = app.desk.documents[0]
        .annotations
        .store
        .sidecar
        .mentions
        .iter()
        .find(|m| m.label == "PRODUCT")
        .unwrap();
    assert_eq!(mention.meta.status, Status::Accepted);
    assert!(
        matches!(&mention.meta.origin, Origin::Extractor { extractor, .. } if extractor == "other-ner")
    );
    let after = app.desk.documents[0].annotations.progress();
    assert_eq!(
        (after.0, after.1),
        (before.0 + 1, before.1),
        "{before:?} → {after:?}"
    );
}

/// From the sidebar, every undecided mention of an entity is accepted at once, after the
/// count is shown and the key pressed again.
#[test]
fn all_mentions_of_a_sidebar_entity_at_once() {
    let mut app = seed_app("dark");
    let buf = screen(&mut app, 120, 40, "Tab a");
    let status = buffer_text(&buf).lines().last().unwrap().to_string();
    assert!(
        status.contains("a again to accept 2 undecided mentions of Priya Nandakumar"),
        "{status}"
    );
    assert!(
        app.desk.documents[0]
            .annotations
            .store
            .sidecar
            .mentions
            .is_empty()
    );
    screen(&mut app, 120, 40, "a");
    let mentions = &app.desk.documents[0].annotations.store.sidecar.mentions;
    assert_eq!(mentions.len(), 2);
    assert!(
        mentions
            .iter()
            .all(|m| m.meta.status == Status::Accepted && m.span.exact == "Priya Nandakumar")
    );
    let buf = screen(&mut app, 120, 40, "a");
    assert!(buffer_text(&buf).contains("decided already"));
    // One undo takes both back.
    screen(&mut app, 120, 40, "u");
    assert_eq!(app.desk.documents[0].annotations.progress().0, 0);
}

/// Relabelling from review mode: the picker opens on the current suggestion, the item
/// becomes `edited` with the new label, and review goes on.
#[test]
fn relabel_in_review_mode() {
    let mut app = seed_app("dark");
    screen(&mut app, 120, 40, "R");
    let first = app.review.current.unwrap();
    let buf = screen(&mut app, 120, 40, "l");
    assert_eq!(app.mode, Mode::Picker);
    assert!(buffer_text(&buf).contains("Relabel the"));
    screen(&mut app, 120, 40, "2");
    assert_eq!(app.mode, Mode::Review);
    assert!(app.review.current.unwrap() > first, "review moved on");
    let sidecar = &app.desk.documents[0].annotations.store.sidecar;
    let edited: Vec<_> = sidecar
        .mentions
        .iter()
        .map(|m| (m.label.as_str(), m.meta.status))
        .chain(
            sidecar
                .claims
                .iter()
                .map(|c| (c.label.as_str(), c.meta.status)),
        )
        .collect();
    assert_eq!(edited.len(), 1);
    assert_eq!(edited[0].1, Status::Edited);
}

/// Review can be narrowed to entities, to claims, or to one label.
#[test]
fn review_filters_narrow_the_suggestions() {
    use copydesk::annotate::review::SuggestionKind;
    let mut app = seed_app("dark");
    let buf = screen(&mut app, 120, 40, "R f");
    assert!(buffer_text(&buf).contains("only entities"));
    for _ in 0..4 {
        let target = app.review_target().unwrap();
        assert!(matches!(target.kind, SuggestionKind::Entity { .. }));
        screen(&mut app, 120, 40, "n");
    }
    screen(&mut app, 120, 40, "f");
    let target = app.review_target().unwrap();
    assert!(matches!(target.kind, SuggestionKind::Claim { .. }));
    screen(&mut app, 120, 40, "f");
    let label = app.review_target().unwrap().label().to_string();
    for _ in 0..3 {
        screen(&mut app, 120, 40, "n");
        assert_eq!(app.review_target().unwrap().label(), label);
    }
    let buf = screen(&mut app, 120, 40, "f");
    assert!(buffer_text(&buf).contains("reviewing everything"));
}

/// A claim's negation is flipped with `!` and a note written with `#`.
#[test]
fn claims_get_negation_and_notes() {
    let mut app = seed_app("dark");
    screen(&mut app, 120, 40, "] c !");
    let buf = screen(&mut app, 120, 40, "# c h e c k Space m i n u t e s");
    assert_eq!(app.mode, Mode::Note);
    assert!(buffer_text(&buf).contains("note: check minutes"));
    screen(&mut app, 120, 40, "Enter");
    assert_eq!(app.mode, Mode::Normal);
    let claims = &app.desk.documents[0].annotations.store.sidecar.claims;
    assert_eq!(claims.len(), 1);
    assert!(claims[0].negated);
    assert_eq!(claims[0].meta.status, Status::Edited);
    assert_eq!(claims[0].note.as_deref(), Some("check minutes"));
}

/// A label the user added in `claims.json` is offered by the claim picker.
#[test]
fn the_claim_picker_offers_the_users_own_labels() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("claims.json");
    std::fs::write(
        &path,
        r#"{"labels": [{"name": "hedged", "cues": [{"forms": ["signaled"], "kind": "verb"}]}]}"#,
    )
    .unwrap();
    let (claims, warning) = Lexicon::with_user_file(&path);
    assert_eq!(warning, None);
    let lexicons = Lexicons {
        claims,
        entities: Default::default(),
    };
    let mut app = seed_app("dark");
    drop(reader::connect(&mut app, lexicons));
    let buf = screen(&mut app, 120, 40, "T h e d");
    assert!(buffer_text(&buf).contains("1 hedged"));
}
