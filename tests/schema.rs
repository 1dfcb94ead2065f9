//! `docs/thread.schema.json` against the samples and against the loader:
//! every sample passes both, and every broken variant fails both.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use tread::format::{LoadOptions, load_slice};

fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

fn schema() -> Value {
    let text = std::fs::read_to_string(repo_path("docs/thread.schema.json")).expect("schema is readable");
    serde_json::from_str(&text).expect("schema is JSON")
}

fn validator() -> jsonschema::Validator {
    jsonschema::draft202012::new(&schema()).expect("schema compiles")
}

/// Every schema error of `instance`, as `path: message` lines.
fn schema_errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator.iter_errors(instance).map(|e| format!("{}: {e}", e.instance_path)).collect()
}

fn loader_result(instance: &Value) -> Result<(), String> {
    let bytes = serde_json::to_vec(instance).expect("serializable");
    load_slice(&bytes, "broken.json", LoadOptions::default()).map(|_| ()).map_err(|e| e.to_string())
}

fn sample_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo_path("sample-threads"))
        .expect("sample-threads/ exists")
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    files
}

#[test]
fn the_schema_is_a_valid_draft_2020_12_schema() {
    let schema = schema();
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    if let Err(error) = jsonschema::meta::validate(&schema) {
        panic!("the schema does not fit its meta-schema: {error}");
    }
}

#[test]
fn every_sample_fits_the_schema_and_loads() {
    let validator = validator();
    let files = sample_files();
    let names: Vec<String> =
        files.iter().map(|f| f.file_name().unwrap().to_string_lossy().into_owned()).collect();
    for expected in ["mail.json", "rules.json"] {
        assert!(names.iter().any(|n| n == expected), "{expected} missing from {names:?}");
    }
    for file in &files {
        let bytes = std::fs::read(file).expect("sample is readable");
        let instance: Value = serde_json::from_slice(&bytes).expect("sample is JSON");
        let errors = schema_errors(&validator, &instance);
        assert!(errors.is_empty(), "{} does not fit the schema:\n{}", file.display(), errors.join("\n"));
        let name = file.display().to_string();
        if let Err(error) = load_slice(&bytes, &name, LoadOptions::default()) {
            panic!("{name} fits the schema but the loader refuses it: {error}");
        }
    }
}

/// A small valid thread every broken variant starts from.
fn base() -> Value {
    json!({
        "version": 1,
        "title": "base",
        "posts": [
            {"id": "1", "author": "Ann", "body": ["Hello there.", {"code": "x = 1", "lang": "py"}]},
            {"id": 2, "reply_to": "1", "body": [
                {"quote": [{"quote": "Hello there.", "of": "1"}, "mine"], "author": "Ann"},
                {"text": "A reply."}
            ], "links": [{"url": "https://example.org", "title": "ex"}]},
            {"id": "3", "reply_to": 2, "body": "> quoted\n\nplain", "mood": "unknown fields are fine"}
        ]
    })
}

#[test]
fn the_base_thread_is_valid_for_both() {
    let instance = base();
    assert_eq!(schema_errors(&validator(), &instance), Vec::<String>::new());
    assert_eq!(loader_result(&instance), Ok(()));
}

#[test]
fn null_optional_fields_are_accepted_by_both() {
    let mut instance = base();
    instance["title"] = Value::Null;
    instance["posts"][1]["reply_to"] = Value::Null;
    instance["posts"][1]["body"][0]["of"] = Value::Null;
    instance["posts"][0]["body"][1]["lang"] = Value::Null;
    instance["posts"][1]["links"] = Value::Null;
    assert_eq!(schema_errors(&validator(), &instance), Vec::<String>::new());
    assert_eq!(loader_result(&instance), Ok(()));
}

/// Applies `change` to the base thread; both the schema and the loader must refuse
/// the result, and the loader must say `loader_says` (a part of its message).
fn assert_refused_by_both(what: &str, loader_says: &str, change: impl FnOnce(&mut Value)) {
    let mut instance = base();
    change(&mut instance);
    let errors = schema_errors(&validator(), &instance);
    assert!(!errors.is_empty(), "{what}: the schema accepts it:\n{instance:#}");
    match loader_result(&instance) {
        Ok(()) => panic!("{what}: the loader accepts it:\n{instance:#}"),
        Err(message) => {
            assert!(
                message.contains(loader_says),
                "{what}: the loader says `{message}`, not `{loader_says}`"
            );
        }
    }
}

#[test]
fn version_must_be_the_integer_1() {
    assert_refused_by_both(
        "version as a string",
        "version: expected the version number 1, found a string",
        |t| {
            t["version"] = json!("1");
        },
    );
    assert_refused_by_both("version 2", "version: unsupported version 2", |t| t["version"] = json!(2));
    assert_refused_by_both("no version", "missing field `version`", |t| {
        t.as_object_mut().unwrap().remove("version");
    });
}

#[test]
fn a_block_has_exactly_one_kind() {
    assert_refused_by_both("text and code", "found `text` and `code`", |t| {
        t["posts"][0]["body"][0] = json!({"text": "a", "code": "b"});
    });
    assert_refused_by_both("quote and text", "found `text` and `quote`", |t| {
        t["posts"][1]["body"][1] = json!({"text": "a", "quote": "b", "of": "1"});
    });
    assert_refused_by_both("no kind", "posts[0].body[1]: a block object needs one of the keys", |t| {
        t["posts"][0]["body"][1] = json!({"lang": "py"});
    });
    assert_refused_by_both("two kinds in a nested quote", "posts[1].body[0].quote[0]", |t| {
        t["posts"][1]["body"][0]["quote"][0] = json!({"quote": "x", "code": "y"});
    });
    assert_refused_by_both(
        "a number as a block",
        "posts[0].body[0]: expected a string or a block object",
        |t| {
            t["posts"][0]["body"][0] = json!(7);
        },
    );
}

#[test]
fn reply_to_and_of_are_single_ids() {
    assert_refused_by_both(
        "reply_to array",
        "posts[1].reply_to: expected a string or an integer, found an array",
        |t| t["posts"][1]["reply_to"] = json!(["1"]),
    );
    assert_refused_by_both("of as an object", "posts[1].body[0].of: expected a string or an integer", |t| {
        t["posts"][1]["body"][0]["of"] = json!({"id": "1"});
    });
    assert_refused_by_both(
        "id as a boolean",
        "posts[0].id: expected a string or an integer, found a boolean",
        |t| {
            t["posts"][0]["id"] = json!(true);
        },
    );
}

#[test]
fn posts_need_an_id_and_a_body() {
    assert_refused_by_both("missing body", "posts[2]: missing field `body`", |t| {
        t["posts"][2].as_object_mut().unwrap().remove("body");
    });
    assert_refused_by_both("missing id", "posts[0]: missing field `id`", |t| {
        t["posts"][0].as_object_mut().unwrap().remove("id");
    });
    assert_refused_by_both(
        "body as a number",
        "posts[0].body: expected a string or an array of blocks",
        |t| {
            t["posts"][0]["body"] = json!(3);
        },
    );
    assert_refused_by_both("posts as an object", "posts: expected an array", |t| {
        t["posts"] = json!({"1": {"body": ""}});
    });
}

#[test]
fn missing_replies_is_a_count() {
    let mut instance = base();
    instance["posts"][1]["missing_replies"] = json!(3);
    instance["posts"][2]["missing_replies"] = json!(0);
    assert_eq!(schema_errors(&validator(), &instance), Vec::<String>::new());
    assert_eq!(loader_result(&instance), Ok(()));
    assert_refused_by_both("missing_replies as a string", "posts[1].missing_replies", |t| {
        t["posts"][1]["missing_replies"] = json!("3");
    });
    assert_refused_by_both("negative missing_replies", "posts[1].missing_replies", |t| {
        t["posts"][1]["missing_replies"] = json!(-1);
    });
}

#[test]
fn links_are_a_list_of_objects_with_a_url() {
    assert_refused_by_both("link without url", "posts[1].links[0]: missing field `url`", |t| {
        t["posts"][1]["links"][0] = json!({"title": "no url"});
    });
    assert_refused_by_both(
        "links of arrays",
        "posts[1].links[0]: expected a link object, found an array",
        |t| {
            t["posts"][1]["links"][0] = json!(["https://example.org", "ex"]);
        },
    );
}
