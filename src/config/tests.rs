use super::*;

#[test]
fn the_embedded_defaults_are_the_viewers_defaults() {
    let config = Config::default();
    assert_eq!(config.palette, Palette::default(), "default.toml and ui::Palette agree");
    assert!(config.bindings.is_empty());
    assert_eq!(config.view.order, Order::Thread);
}

#[test]
fn the_printed_configuration_reads_back_to_the_same() {
    let path = Path::new("mine.toml");
    let config = Config::from_text(
        "[view]\norder = \"time\"\n[theme]\nlink = \"#102030\"\n[keys.thread]\n\"x\" = \"quit\"\n",
        path,
    )
    .unwrap();
    let printed = config.to_toml();
    let again = Config::from_text(&printed, path).unwrap();
    assert_eq!(again.view, config.view);
    assert_eq!(again.palette, config.palette);
    assert_eq!(again.keymap().help(), config.keymap().help());
}
