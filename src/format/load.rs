//! Reading a thread file with one clear error for every way it can be wrong.

use foldhash::{HashMap, HashMapExt};
use std::io::{self, Read};
use std::path::Path;

use super::wire::{Object, ThreadFile};

/// What the caller wants beyond the parsed file.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Collect the JSON paths of fields the format does not define
    /// (costs a slower parse; `tread check` wants it, the viewer does not).
    pub track_unknown_fields: bool,
}

/// A parsed, contract-conforming thread file.
#[derive(Debug)]
pub struct Loaded {
    pub file: ThreadFile,
    /// JSON paths of ignored fields, e.g. `posts[3].colour`.
    pub unknown_fields: Vec<String>,
}

/// Why a file was refused. `Display` gives the whole message, file first.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{source_name}: {reason}")]
    Unreadable { source_name: String, reason: String },
    #[error("{source_name}: the file is empty (expected a thread object)")]
    Empty { source_name: String },
    #[error("{source_name}:{line}:{column}: invalid UTF-8 (thread files are UTF-8 text)")]
    NotUtf8 { source_name: String, line: usize, column: usize },
    #[error("{source_name}:{line}:{column}: {message}")]
    Syntax { source_name: String, line: usize, column: usize, message: String },
    #[error("{source_name}:{line}:{column}: {json_path}: {message}")]
    Shape { source_name: String, line: usize, column: usize, json_path: String, message: String },
    #[error("{source_name}: posts[{second}].id: duplicate id \"{id}\", already used by posts[{first}].id")]
    DuplicateId { source_name: String, id: String, first: usize, second: usize },
}

impl LoadError {
    /// What is wrong, without the file name or a line and column: for a
    /// text the user never sees (an importer's output), where positions
    /// would point nowhere.
    pub fn reason(&self) -> String {
        match self {
            Self::Unreadable { reason, .. } => reason.clone(),
            Self::Empty { .. } => "empty".to_owned(),
            Self::NotUtf8 { .. } => "invalid UTF-8".to_owned(),
            Self::Syntax { message, .. } => message.clone(),
            Self::Shape { json_path, message, .. } => format!("{json_path}: {message}"),
            Self::DuplicateId { id, first, second, .. } => {
                format!("posts[{second}].id: duplicate id \"{id}\", already used by posts[{first}].id")
            }
        }
    }
}

/// The name errors use for standard input.
pub const STDIN_NAME: &str = "<stdin>";

/// Reads `path` (`-` is standard input) and loads it.
pub fn load_path(path: &Path, options: LoadOptions) -> Result<Loaded, LoadError> {
    let source_name =
        if path.as_os_str() == "-" { STDIN_NAME.to_owned() } else { path.display().to_string() };
    let bytes = read_source(path)
        .map_err(|reason| LoadError::Unreadable { source_name: source_name.clone(), reason })?;
    load_slice(&bytes, &source_name, options)
}

/// The largest input read: far beyond any real thread (a hundred thousand
/// posts take about 50 MB), small enough that `/dev/zero` or a wrong file
/// is refused before it fills the memory.
pub const MAX_INPUT_BYTES: u64 = 256 << 20;

/// Reads a file or standard input, turning I/O failures into a short reason.
/// Input larger than [`MAX_INPUT_BYTES`] is refused; a device or a pipe is
/// read no further than that.
pub fn read_source(path: &Path) -> Result<Vec<u8>, String> {
    if path.as_os_str() == "-" {
        return read_bounded(io::stdin().lock(), 0);
    }
    if path.is_dir() {
        return Err("is a directory, not a thread file".to_owned());
    }
    let file = std::fs::File::open(path).map_err(|e| describe_io_error(&e))?;
    let size = file.metadata().ok().filter(std::fs::Metadata::is_file).map_or(0, |m| m.len());
    if size > MAX_INPUT_BYTES {
        return Err(too_large());
    }
    read_bounded(file, size as usize)
}

/// Reads at most [`MAX_INPUT_BYTES`] (and one more, to tell). `size` is the
/// expected length: reserved at once, because a buffer grown by doubling
/// leaves a large freed block behind that the allocator keeps for a while,
/// which added 140 MB to the peak of a 141 MB mbox.
fn read_bounded(source: impl Read, size: usize) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::with_capacity(size.saturating_add(1));
    source.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes).map_err(|e| describe_io_error(&e))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

fn too_large() -> String {
    format!("larger than {} MB, the most tread reads (is this a thread file?)", MAX_INPUT_BYTES >> 20)
}

fn describe_io_error(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "no such file".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        io::ErrorKind::IsADirectory => "is a directory, not a thread file".to_owned(),
        _ => format!("cannot read: {error}"),
    }
}

/// Loads a thread from bytes; `source_name` is what errors call the input.
pub fn load_slice(bytes: &[u8], source_name: &str, options: LoadOptions) -> Result<Loaded, LoadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(reason) = wrong_encoding(bytes) {
        return Err(LoadError::Unreadable { source_name: source_name.to_owned(), reason: reason.to_owned() });
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(LoadError::Empty { source_name: source_name.to_owned() });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_column(bytes, e.valid_up_to());
        LoadError::NotUtf8 { source_name: source_name.to_owned(), line, column }
    })?;

    let mut unknown_fields = Vec::new();
    let parsed = if options.track_unknown_fields {
        let mut json = serde_json::Deserializer::from_str(text);
        let result = serde_ignored::deserialize(&mut json, |path| unknown_fields.push(json_path_of(&path)));
        result.and_then(|Object(file): Object<ThreadFile>| json.end().map(|()| file))
    } else {
        serde_json::from_str::<Object<ThreadFile>>(text).map(|Object(file)| file)
    };
    // The fast parse does not know where it failed; parse again to find the path.
    let file = parsed.map_err(|_| explain_failure(text, source_name))?;
    check_unique_ids(&file, source_name)?;
    Ok(Loaded { file, unknown_fields })
}

/// Encodings that are not UTF-8 but would otherwise be reported as a
/// syntax error at 1:1.
fn wrong_encoding(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        return Some("two byte-order marks at the start (remove one: thread files are UTF-8)");
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Some("encoded as UTF-16 (thread files are UTF-8: convert it, e.g. with iconv)");
    }
    // ASCII text in UTF-16 has a zero byte beside every character.
    let head = &bytes[..bytes.len().min(64)];
    let zeros = |parity: usize| head.iter().skip(parity).step_by(2).filter(|&&b| b == 0).count();
    let pairs = head.len() / 2;
    if pairs >= 2 && (zeros(0) == pairs || zeros(1) == pairs) {
        return Some(
            "encoded as UTF-16 without a byte-order mark (thread files are UTF-8: convert it, e.g. with iconv)",
        );
    }
    None
}

fn check_unique_ids(file: &ThreadFile, source_name: &str) -> Result<(), LoadError> {
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(file.posts.len());
    for (index, post) in file.posts.iter().enumerate() {
        if let Some(&first) = seen.get(post.id.as_str()) {
            return Err(LoadError::DuplicateId {
                source_name: source_name.to_owned(),
                id: post.id.0.clone(),
                first,
                second: index,
            });
        }
        seen.insert(post.id.as_str(), index);
    }
    Ok(())
}

/// Re-parses a file known to be bad, with path tracking, into one error.
fn explain_failure(text: &str, source_name: &str) -> LoadError {
    let mut json = serde_json::Deserializer::from_str(text);
    let result: Result<Object<ThreadFile>, _> = serde_path_to_error::deserialize(&mut json);
    let (path, error) = match result.map(|_| json.end()) {
        Ok(Ok(())) => unreachable_success(),
        Ok(Err(error)) => (String::new(), error),
        Err(error) => {
            let path = error.path().to_string();
            (path, error.into_inner())
        }
    };
    let source_name = source_name.to_owned();
    let (line, column) = (error.line(), char_column(text, error.line(), error.column()));
    let raw = strip_position(&error.to_string());
    if raw == "number out of range" {
        let message = "a number too large to read (beyond the range of a 64-bit float)".to_owned();
        return if path.is_empty() || path == "." {
            LoadError::Syntax { source_name, line, column, message }
        } else {
            LoadError::Shape { source_name, line, column, json_path: path, message }
        };
    }
    match error.classify() {
        serde_json::error::Category::Data if !path.is_empty() && path != "." => {
            LoadError::Shape { source_name, line, column, json_path: path, message: humanize(&raw) }
        }
        serde_json::error::Category::Data => {
            LoadError::Syntax { source_name, line, column, message: humanize(&raw) }
        }
        serde_json::error::Category::Eof => {
            LoadError::Syntax { source_name, line, column, message: format!("unexpected end of file: {raw}") }
        }
        _ if raw == "recursion limit exceeded" => LoadError::Syntax {
            source_name,
            line,
            column,
            message: "nested deeper than 128 levels of arrays and objects (the reader's limit)".to_owned(),
        },
        _ => LoadError::Syntax { source_name, line, column, message: syntax_words(&raw) },
    }
}

/// `serde_json`'s syntax messages in the words of someone editing JSON.
fn syntax_words(raw: &str) -> String {
    let plain = match raw {
        "expected ident" => "invalid word: the only bare words in JSON are `true`, `false` and `null`",
        "lone leading surrogate in hex escape" => {
            "a `\\u` escape holds half of a UTF-16 surrogate pair without its other half"
        }
        "unexpected end of hex escape" => "a `\\u` escape needs four hexadecimal digits",
        "invalid unicode code point" => "a `\\u` escape names no character (an unpaired surrogate)",
        "key must be a string" => "object keys must be strings in double quotes",
        "trailing characters" => "text after the end of the thread object",
        "expected value" => {
            "expected a JSON value (an object, array, string, number, `true`, `false` or `null`)"
        }
        "invalid escape" => {
            "invalid escape after a backslash (JSON knows \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)"
        }
        other if other.starts_with("control character") => {
            "a control character inside a string (write it as a `\\u` escape)"
        }
        other => return other.to_owned(),
    };
    plain.to_owned()
}

/// Both parsers see the same text; if the second accepts what the first
/// refused, report that honestly rather than panic.
fn unreachable_success() -> (String, serde_json::Error) {
    use serde::de::Error as _;
    (String::new(), serde_json::Error::custom("the file could not be read consistently"))
}

fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) if message[at..].contains(" column ") => message[..at].to_owned(),
        _ => message.to_owned(),
    }
}

/// Rewrites serde's wording into JSON's: `invalid type: sequence, expected
/// a string` becomes `expected a string, found an array`.
fn humanize(message: &str) -> String {
    let rest = message.strip_prefix("invalid type: ").or_else(|| message.strip_prefix("invalid value: "));
    let Some(rest) = rest else {
        return json_words(message);
    };
    let Some((found, expected)) = rest.split_once(", expected ") else {
        return json_words(message);
    };
    let found = if found.starts_with("string") {
        "a string".to_owned()
    } else if found.starts_with("integer") {
        format!("the integer {}", found.trim_start_matches("integer ").trim_matches('`'))
    } else if found.starts_with("floating point") {
        format!("the number {}", found.trim_start_matches("floating point ").trim_matches('`'))
    } else if found.starts_with("boolean") {
        "a boolean".to_owned()
    } else {
        match found {
            "sequence" => "an array".to_owned(),
            "map" => "an object".to_owned(),
            "unit value" | "null" => "null".to_owned(),
            other => other.to_owned(),
        }
    };
    format!("expected {}, found {found}", json_words(expected))
}

fn json_words(text: &str) -> String {
    text.replace("a sequence", "an array")
        .replace("struct ThreadFile", "a thread object")
        .replace("struct Post", "a post object")
        .replace("struct Link", "a link object")
        .replace("u64", "an integer")
        .replace("i64", "an integer")
        .replace("f64", "a number")
        .replace("unit struct", "struct")
        .split("struct ")
        .enumerate()
        .map(|(n, piece)| {
            // Any other `struct Name`: an object; the Rust name means nothing to the user.
            if n == 0 {
                piece.to_owned()
            } else {
                format!(
                    "an object{}",
                    piece.trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '_')
                )
            }
        })
        .collect()
}

/// A serde or `serde_json` message (without its position) in the words of
/// someone who edits JSON: for readers of other JSON, such as the importers.
pub fn plain_message(raw: &str) -> String {
    let raw = strip_position(raw);
    if raw.starts_with("invalid type: ") || raw.starts_with("invalid value: ") {
        return humanize(&raw);
    }
    match syntax_words(&raw) {
        same if same == raw => json_words(&raw),
        plain => plain,
    }
}

fn json_path_of(path: &serde_ignored::Path<'_>) -> String {
    use serde_ignored::Path;
    match path {
        Path::Root => String::new(),
        Path::Seq { parent, index } => format!("{}[{index}]", json_path_of(parent)),
        Path::Map { parent, key } => {
            let parent = json_path_of(parent);
            if parent.is_empty() { key.clone() } else { format!("{parent}.{key}") }
        }
        Path::Some { parent } | Path::NewtypeStruct { parent } | Path::NewtypeVariant { parent } => {
            json_path_of(parent)
        }
    }
}

/// `serde_json` counts columns in bytes; readers and editors count characters.
fn char_column(text: &str, line: usize, byte_column: usize) -> usize {
    let Some(line_text) = text.split('\n').nth(line.saturating_sub(1)) else { return byte_column };
    let mut end = byte_column.min(line_text.len());
    while !line_text.is_char_boundary(end) {
        end -= 1;
    }
    let chars = line_text[..end].chars().count();
    // A column past the text (the end of the line) stays as serde_json gave it.
    if byte_column > line_text.len() { byte_column } else { chars.max(1) }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset];
    let line = before.split(|&b| b == b'\n').count();
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(json: &str) -> String {
        load_slice(json.as_bytes(), "t.json", LoadOptions::default()).unwrap_err().to_string()
    }

    #[test]
    fn wrong_type_names_the_path_and_both_kinds() {
        let json = r#"{"version":1,"posts":[{"id":"a","body":""},{"id":"b","reply_to":[1],"body":""}]}"#;
        assert_eq!(
            error_of(json),
            "t.json:1:65: posts[1].reply_to: expected a string or an integer, found an array"
        );
    }

    #[test]
    fn syntax_errors_give_line_and_column() {
        assert_eq!(
            error_of("{\"version\": 1,\n \"posts\": [}"),
            "t.json:2:12: expected a JSON value (an object, array, string, number, `true`, `false` or `null`)"
        );
    }

    #[test]
    fn importer_output_errors_have_no_position() {
        let error =
            load_slice(br#"{"version": 1, "posts": [{"id": "1", "body": 7}]}"#, "", LoadOptions::default())
                .unwrap_err();
        assert_eq!(
            error.reason(),
            "posts[0].body: expected a string or an array of blocks, found the integer 7"
        );
    }

    #[test]
    fn unsupported_version_is_named() {
        assert_eq!(
            error_of(r#"{"version": 2, "posts": []}"#),
            "t.json:1:13: version: unsupported version 2: this tread reads version 1"
        );
    }

    #[test]
    fn duplicate_ids_name_both_positions() {
        let json = r#"{"version":1,"posts":[{"id":"a","body":""},{"id":1,"body":""},{"id":"1","body":""}]}"#;
        assert_eq!(error_of(json), "t.json: posts[2].id: duplicate id \"1\", already used by posts[1].id");
    }

    #[test]
    fn empty_and_bom() {
        assert_eq!(error_of("  \n"), "t.json: the file is empty (expected a thread object)");
        let with_bom = b"\xEF\xBB\xBF{\"version\":1,\"posts\":[]}";
        assert!(load_slice(with_bom, "t.json", LoadOptions::default()).is_ok());
    }

    #[test]
    fn invalid_utf8_position() {
        let bytes = b"{\"version\":1,\n\"posts\":[\"\xFF\"]}";
        let error = load_slice(bytes, "t.json", LoadOptions::default()).unwrap_err();
        assert_eq!(error.to_string(), "t.json:2:11: invalid UTF-8 (thread files are UTF-8 text)");
    }

    #[test]
    fn deep_nesting_is_refused_without_overflow() {
        let depth = 100_000;
        let json = format!(
            r#"{{"version":1,"posts":[{{"id":"a","body":{}"x"{}}}]}}"#,
            r#"[{"quote":"#.repeat(depth),
            "}]".repeat(depth)
        );
        let message = error_of(&json);
        assert!(message.contains("nested deeper than 128 levels"), "{message}");
    }

    #[test]
    fn blocks_need_exactly_one_kind() {
        let none = r#"{"version":1,"posts":[{"id":"a","body":[{"lang":"x"}]}]}"#;
        assert_eq!(
            error_of(none),
            "t.json:1:52: posts[0].body[0]: a block object needs one of the keys `text`, `quote` or `code`"
        );
        let two = r#"{"version":1,"posts":[{"id":"a","body":[{"text":"x","code":"y"}]}]}"#;
        assert!(error_of(two).ends_with("found `text` and `code`"), "{}", error_of(two));
    }

    #[test]
    fn unknown_fields_are_reported_with_paths() {
        let json =
            r#"{"version":1,"colour":"red","posts":[{"id":"a","mood":1,"body":[{"quote":"x","by":2}]}]}"#;
        let loaded =
            load_slice(json.as_bytes(), "t.json", LoadOptions { track_unknown_fields: true }).unwrap();
        assert_eq!(loaded.unknown_fields, ["colour", "posts[0].mood", "posts[0].body[0].by"]);
    }

    #[test]
    fn missing_fields_are_named() {
        assert_eq!(
            error_of(r#"{"version":1,"posts":[{"body":""}]}"#),
            "t.json:1:33: posts[0]: missing field `id`"
        );
    }
}
