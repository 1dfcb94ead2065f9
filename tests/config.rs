//! The configuration file: the viewer follows it, and every kind of bad
//! file is refused with one error naming file, line, column and key path.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Color;
use tread::app::App;
use tread::config::Config;
use tread::thread::{Order, PostId, Thread};
use tread::ui::Theme;

fn error(text: &str) -> String {
    Config::from_text(text, Path::new("my.toml")).expect_err("a bad configuration").to_string()
}

#[test]
fn an_unknown_action_is_named_with_a_suggestion() {
    assert_eq!(
        error("[keys.thread]\n\"g g\" = \"nxt-post\"\n"),
        r#"my.toml:2:9: keys.thread."g g": unknown action "nxt-post" (did you mean "next-post"?)"#
    );
    assert_eq!(
        error("[keys.thread]\nx = \"fly\"\n"),
        "my.toml:2:5: keys.thread.x: unknown action \"fly\" (`tread config` lists them)"
    );
}

#[test]
fn unknown_keys_and_sections_are_errors() {
    let message = error("[view]\norder = \"time\"\nordr = \"thread\"\n");
    assert!(
        message.starts_with("my.toml:3:1: view.ordr: unknown field `ordr`, expected one of"),
        "{message}"
    );
    let message = error("[colours]\nlink = \"blue\"\n");
    assert!(message.starts_with("my.toml:1:2: colours: unknown field `colours`"), "{message}");
    let message = error("[keys.pane]\nj = \"down\"\n");
    assert!(message.starts_with("my.toml:1:7: keys.pane: unknown field `pane`"), "{message}");
    let message = error("[theme]\nlinks = \"blue\"\n");
    assert!(message.starts_with("my.toml:2:1: theme.links: unknown field `links`"), "{message}");
}

#[test]
fn the_same_key_twice_in_one_context_is_an_error() {
    assert_eq!(
        error("[keys.thread]\n\"C-d\" = \"down\"\n\"ctrl-d\" = \"up\"\n"),
        r#"my.toml:3:1: keys.thread.ctrl-d: the same key as "C-d" in this context, bound twice"#
    );
    let message = error("[keys.thread]\nj = \"down\"\nj = \"up\"\n");
    assert!(message.starts_with("my.toml:3:1: duplicate key"), "{message}");
    // The same key in two contexts is fine.
    assert!(
        Config::from_text(
            "[keys.thread]\nx = \"quit\"\n[keys.references]\nx = \"down\"\n",
            Path::new("ok.toml")
        )
        .is_ok()
    );
}

#[test]
fn a_key_hiding_a_chord_is_an_error() {
    assert_eq!(
        error("[keys.thread]\ng = \"top\"\n"),
        r#"my.toml:2:1: keys.thread.g: "g" starts the chord "g g", which could never be typed (unbind one with "none")"#
    );
    assert!(
        Config::from_text("[keys.thread]\ng = \"top\"\n\"g g\" = \"none\"\n", Path::new("ok.toml")).is_ok()
    );
}

#[test]
fn bad_values_are_named() {
    assert_eq!(
        error("[theme]\nlink = \"blu\"\n"),
        r#"my.toml:2:8: theme.link: unknown colour "blu" (did you mean "blue"?)"#
    );
    assert_eq!(
        error("[theme]\nquote-depths = [\"red\", \"#12345\", \"blue\", \"cyan\"]\n"),
        "my.toml:2:24: theme.quote-depths: unknown colour \"#12345\" (a name such as \"blue\" or \"dark-gray\", 0-255, or \"#rrggbb\")"
    );
    assert_eq!(
        error("[theme]\nquote-depths = [\"red\"]\n"),
        "my.toml:2:16: theme.quote-depths: needs 4 colours, for depths 1 to 4"
    );
    assert_eq!(
        error("[keys.thread]\npgdwn = \"page-down\"\n"),
        r#"my.toml:2:1: keys.thread.pgdwn: unknown key "pgdwn" (did you mean "pgdn"?)"#
    );
    assert_eq!(
        error("[keys.prompt]\nj = \"down\"\n"),
        r#"my.toml:2:5: keys.prompt.j: "down" does nothing in the prompt (it takes cancel, activate)"#
    );
    assert_eq!(
        error("[view]\norder = \"random\"\n"),
        r#"my.toml:2:9: view.order: unknown order "random" (thread or time)"#
    );
    assert_eq!(
        error("[view]\nmax-text-width = 5\n"),
        "my.toml:2:18: view.max-text-width: must be 0 or 20 to 65535"
    );
    let message = error("[view]\nmouse = \"yes\"\n");
    assert!(
        message.starts_with("my.toml:2:9: view.mouse: invalid type: string \"yes\", expected a boolean"),
        "{message}"
    );
}

#[test]
fn broken_toml_is_placed() {
    let message = error("[view\norder = \"time\"\n");
    assert!(message.starts_with("my.toml:1:6: "), "{message}");
}

#[test]
fn control_characters_in_the_file_never_reach_the_terminal() {
    let message = error("[keys.thread]\n\"\\u001b[31m\" = \"down\"\n");
    assert!(!message.contains('\x1b'), "{message:?}");
}

/// The file of the issue: j/k swapped, other quote colours, time order.
const MINE: &str = r##"
[view]
order = "time"
side-pane = false
fold-repeats = false

[theme]
quote-depths = ["#010203", "#040506", "#070809", "#0a0b0c"]

[keys.thread]
j = "up"
k = "down"
"##;

fn screen_app(config: &Config) -> App {
    let loaded = tread::format::load_path(
        Path::new("sample-threads/ketamine.json"),
        tread::format::LoadOptions::default(),
    )
    .unwrap();
    let mut app = App::new(Thread::from_file(loaded.file), config.view.order, 100, 30);
    app.set_keymap(config.keymap());
    app.set_theme(Theme::colored(config.palette));
    app.apply_settings(config.view.side_pane, config.view.max_text_width, config.view.fold_repeats);
    app
}

fn draw(app: &mut App) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    terminal.draw(|frame| app.draw(frame)).unwrap();
    terminal
}

fn press(app: &mut App, c: char) {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
}

#[test]
fn the_viewer_follows_the_configuration() {
    let config = Config::from_text(MINE, Path::new("mine.toml")).unwrap();
    assert_eq!(config.view.order, Order::Time);
    let mut app = screen_app(&config);
    let terminal = draw(&mut app);
    let title: String = (0..100).map(|x| terminal.backend().buffer()[(x, 0)].symbol().to_owned()).collect();
    assert!(title.contains("time order"), "{title}");
    assert!(!title.is_empty());

    // Keys: k goes down, j comes back up.
    let start = app.viewer.cursor;
    press(&mut app, 'k');
    press(&mut app, 'k');
    assert_eq!(app.viewer.cursor.row, start.row + 2);
    press(&mut app, 'j');
    assert_eq!(app.viewer.cursor.row, start.row + 1);

    // Quote gutters (every quote open: fold-repeats = false) in the
    // configured colours, none in the default magenta.
    for _ in 0..3 {
        app.apply(tread::app::Action::NextPost);
    }
    let terminal = draw(&mut app);
    let buffer = terminal.backend().buffer();
    let colours: Vec<Color> = buffer.content().iter().map(|cell| cell.fg).collect();
    assert!(colours.contains(&Color::Rgb(1, 2, 3)), "a depth-1 gutter in #010203");
    assert!(!colours.contains(&Color::Magenta), "no default depth-1 colour left");
    assert!(app.viewer.cursor.post != PostId::new(0));
}

#[test]
fn the_binary_refuses_a_bad_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[keys.thread]\n\"g g\" = \"nxt-post\"\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_tread"))
        .arg("--config")
        .arg(&bad)
        .arg("sample-threads/rules.json")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr,
        format!(
            "tread: {}:2:9: keys.thread.\"g g\": unknown action \"nxt-post\" (did you mean \"next-post\"?)\n",
            bad.display()
        )
    );
    assert!(out.stdout.is_empty(), "nothing printed: tread did not start");
}

#[test]
fn tread_config_prints_the_effective_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("mine.toml");
    std::fs::write(&mine, MINE).unwrap();
    let out =
        Command::new(env!("CARGO_BIN_EXE_tread")).args(["config", "--config"]).arg(&mine).output().unwrap();
    assert!(out.status.success());
    let printed = String::from_utf8(out.stdout).unwrap();
    assert!(printed.contains("order = \"time\"\n"));
    assert!(printed.contains("quote-depths = [\"#010203\", \"#040506\", \"#070809\", \"#0a0b0c\"]\n"));
    assert!(printed.contains("\"j\" = \"up\"\n") && printed.contains("\"k\" = \"down\"\n"));
    assert!(printed.contains("link = \"blue\"\n"), "defaults included");
    // What it prints is a valid configuration giving the same result.
    let again = Config::from_text(&printed, Path::new("printed.toml")).unwrap();
    assert_eq!(again.palette, Config::from_text(MINE, Path::new("m")).unwrap().palette);
}

#[test]
fn a_missing_configuration_file_named_on_the_command_line_is_an_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_tread"))
        .args(["config", "--config", "/nonexistent/x.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("tread: /nonexistent/x.toml: cannot read: "));
}

/// The fenced TOML blocks of a document.
fn toml_blocks(markdown: &str) -> Vec<String> {
    markdown.split("```toml\n").skip(1).map(|rest| rest.split("```").next().unwrap().to_owned()).collect()
}

#[test]
fn the_documented_examples_are_valid_configurations() {
    for doc in ["docs/config.md", "README.md"] {
        let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(doc)).unwrap();
        let blocks = toml_blocks(&text);
        assert!(!blocks.is_empty(), "{doc} has an example");
        for block in blocks {
            if let Err(error) = Config::from_text(&block, Path::new(doc)) {
                panic!("{doc}: {error}\n{block}");
            }
        }
    }
}

#[test]
fn docs_config_md_documents_every_key_and_action() {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/config.md")).unwrap();
    let defaults: toml::Table = tread::config::DEFAULT_TOML.parse().unwrap();
    for (section, table) in &defaults {
        let table = table.as_table().unwrap();
        assert!(doc.contains(&format!("`[{section}]`")), "[{section}]");
        for (key, value) in table {
            let row = format!("| `{key}` | `{value}` |");
            assert!(
                doc.contains(&row),
                "docs/config.md lacks the row of {section}.{key} with its default: {row}"
            );
        }
    }
    for action in tread::app::Action::ALL {
        assert!(
            doc.contains(&format!("| `{}` |", action.name())),
            "docs/config.md lacks the action {}",
            action.name()
        );
    }
}

#[test]
fn text_is_kept_within_the_configured_width() {
    let config =
        Config::from_text("[view]\nmax-text-width = 40\nside-pane = false\n", Path::new("w.toml")).unwrap();
    let mut app = screen_app(&config);
    let terminal = draw(&mut app);
    let buffer = terminal.backend().buffer();
    let mut widest = 0;
    for y in 1..29 {
        for x in 0..100 {
            if buffer[(x, y)].symbol() != " " {
                widest = widest.max(x + 1);
            }
        }
    }
    assert!(widest <= 40 && widest > 30, "text within 40 columns, widest at {widest}");
}

#[test]
fn the_configured_opener_replaces_the_browser() {
    use tread::app::run::{Opener, SystemOpener};
    let dir = tempfile::tempdir().unwrap();
    let opened = dir.path().join("opened.txt");
    let script = dir.path().join("opener.sh");
    std::fs::write(
        &script,
        format!("#!/bin/sh\necho \"$1 $2\" > '{}.partial'\nmv '{0}.partial' '{0}'\n", opened.display()),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let text = format!("[view]\nopener = \"{} --new-tab\"\n", script.display());
    let config = Config::from_text(&text, Path::new("o.toml")).unwrap();
    let opener = SystemOpener { command: config.view.opener.clone() };
    opener.open("https://example.org/x").unwrap();
    let start = std::time::Instant::now();
    while !opened.exists() {
        assert!(start.elapsed() < std::time::Duration::from_secs(20), "the opener never ran");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert_eq!(std::fs::read_to_string(&opened).unwrap(), "--new-tab https://example.org/x\n");
}

#[test]
fn configured_keys_reach_the_new_actions_and_close_the_readline_prompts() {
    let text = "[keys.thread]\nx = \"go-to-post\"\n\n[keys.prompt]\n\"ctrl-x\" = \"cancel\"\n\"Tab\" = \"activate\"\n";
    let config = Config::from_text(text, Path::new("p.toml")).unwrap();
    let mut app = screen_app(&config);
    let title = |app: &mut App| -> String {
        let terminal = draw(app);
        (0..100).map(|x| terminal.backend().buffer()[(x, 0)].symbol().to_owned()).collect()
    };
    // `x` opens the go-to prompt; the line still edits as readline does.
    press(&mut app, 'x');
    assert!(app.viewer.input.is_some(), "x opens the go-to prompt");
    press(&mut app, '4');
    press(&mut app, '9');
    app.handle_key(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
    // Tab, bound to activate in the prompt, runs it: to post #4.
    app.handle_key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE));
    assert!(app.viewer.input.is_none());
    assert!(title(&mut app).contains("#4 · "), "{}", title(&mut app));
    // Ctrl-x, bound to cancel, closes the search prompt without searching.
    press(&mut app, '/');
    press(&mut app, 'k');
    assert!(app.viewer.input.is_some());
    app.handle_key(KeyEvent::new(KeyCode::Char('x'), KeyModifiers::CONTROL));
    assert!(app.viewer.input.is_none());
    assert_eq!(app.viewer.search, None);
}
