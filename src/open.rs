//! Opening what the reader names: a thread file, anything an importer reads
//! (detected by content), several pages of one thread, several mboxes, a
//! Maildir folder or `.eml` files. This is the effect at the edge that reads
//! the disk; it hands back a plain [`ThreadFile`], what it was read as, and
//! the importers' warnings. The viewer, `print` and `check` all open through
//! here, so they read exactly what `tread import` reads.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use regex::Regex;

use crate::format::{self, Block, Body, LoadError, LoadOptions, PostKey, ThreadFile};
use crate::import::mbox::{self, Bodies, MailInput, ThreadedMail};
use crate::import::{self, ImportError, ImportOptions, Kind, Warning, WarningKind};

/// What every "not a thread" error ends with.
pub const WHAT_TREAD_READS: &str = "tread reads thread JSON, mbox, Hacker News, Reddit and Discourse JSON, \
and saved forum pages (HTML or text)";

/// How to open.
#[derive(Debug, Clone, Default)]
pub struct OpenOptions {
    /// Read every input as this kind instead of detecting it.
    pub kind: Option<Kind>,
    /// forum-text: the line between posts.
    pub separator: Option<String>,
    /// Collect the JSON paths of unknown fields of thread files (`check`).
    pub track_unknown_fields: bool,
    /// Mail: thread by the headers alone and leave the posts to
    /// [`Opened::mail`] (the viewer shows the first screen sooner).
    pub defer_bodies: bool,
}

/// What the inputs were read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadAs {
    ThreadFile,
    Import(Kind),
    /// A Maildir folder: one message per file.
    Maildir,
    /// Several mail messages stored one per file (`.eml` files).
    MailFiles,
}

/// Where a thread came from, for the title line and `check`: "mbox, 412 messages".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Provenance {
    pub read_as: ReadAs,
    /// Files (or pages) read; a Maildir counts its messages.
    pub inputs: usize,
    pub posts: usize,
}

impl Provenance {
    /// Whether an importer made the thread (a thread file needs no saying).
    pub fn imported(&self) -> bool {
        self.read_as != ReadAs::ThreadFile
    }
}

impl fmt::Display for Provenance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        match self.read_as {
            ReadAs::ThreadFile => f.write_str("thread file")?,
            ReadAs::Import(kind) => f.write_str(kind.name())?,
            ReadAs::Maildir => f.write_str("Maildir")?,
            ReadAs::MailFiles => f.write_str("mail files")?,
        }
        match self.read_as {
            ReadAs::Import(Kind::Mbox) | ReadAs::Maildir | ReadAs::MailFiles => {
                if self.inputs > 1 && self.read_as == ReadAs::Import(Kind::Mbox) {
                    write!(f, ", {}", plural(self.inputs, "file", "files"))?;
                }
                write!(f, ", {}", plural(self.posts, "message", "messages"))
            }
            _ => {
                if self.inputs > 1 {
                    write!(f, ", {}", plural(self.inputs, "page", "pages"))?;
                }
                write!(f, ", {}", plural(self.posts, "post", "posts"))
            }
        }
    }
}

/// An opened thread, not yet modelled.
#[derive(Debug)]
pub struct Opened {
    pub file: ThreadFile,
    pub provenance: Provenance,
    pub warnings: Vec<Warning>,
    /// JSON paths of fields a thread file has that the format does not define.
    pub unknown_fields: Vec<String>,
    /// With [`OpenOptions::defer_bodies`], for mail: the posts, made when
    /// wanted; `file` then holds none.
    pub mail: Option<ThreadedMail>,
}

/// Why the inputs could not be opened. `Display` gives the whole message, input first.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// A thread file (or nearly one) that does not load: today's exact error.
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error("{name}: {reason}")]
    Unreadable { name: String, reason: String },
    #[error("{name}: {error}")]
    Import { name: String, error: ImportError },
    #[error("{name}: not a thread: {looks_like}; {WHAT_TREAD_READS}")]
    NotAThread { name: String, looks_like: String },
    /// Inputs that cannot be one thread; `name` is the one that does not belong.
    #[error("{name}: {reason}")]
    DoesNotBelong { name: String, reason: String },
}

/// One input, read into memory.
struct Input {
    name: String,
    bytes: Vec<u8>,
    /// Stored one message per file (found in a Maildir).
    from_mail_folder: bool,
}

/// How one input is to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// A mail archive, or one message stored alone.
    Mail { one_message: bool },
    /// A thread file (tried first for JSON objects), else `Kind`.
    Page(Kind),
}

/// Opens `paths` as one thread (`-` is standard input).
pub fn open(paths: &[PathBuf], options: &OpenOptions) -> Result<Opened, OpenError> {
    let inputs = gather(paths)?;
    let classes: Vec<Class> =
        inputs.iter().map(|input| classify(input, options)).collect::<Result<_, _>>()?;
    let first_is_mail = matches!(classes[0], Class::Mail { .. });
    if let Some(at) = classes.iter().position(|c| matches!(c, Class::Mail { .. }) != first_is_mail) {
        return Err(OpenError::DoesNotBelong {
            name: inputs[at].name.clone(),
            reason: format!(
                "{}, unlike {}: files opened together must be one thread",
                if first_is_mail { "not mail" } else { "mail" },
                inputs[0].name
            ),
        });
    }
    let import_options =
        ImportOptions { separator: options.separator.clone(), one_page_of_several: inputs.len() > 1 };
    if first_is_mail {
        return open_mail(inputs, &classes, options.defer_bodies);
    }
    let mut pages = Vec::with_capacity(inputs.len());
    for (input, class) in inputs.into_iter().zip(classes) {
        let Class::Page(kind) = class else { unreachable!("mail and pages are not mixed") };
        pages.push(read_page(input, kind, options, &import_options)?);
    }
    merge(pages)
}

/// Reads every path; a Maildir folder gives its messages (`cur/` and `new/`).
fn gather(paths: &[PathBuf]) -> Result<Vec<Input>, OpenError> {
    let mut inputs = Vec::with_capacity(paths.len());
    for path in paths {
        let name = display_name(path);
        if path.is_dir() {
            let files = mail_folder_files(path).map_err(|reason| OpenError::Unreadable { name, reason })?;
            for file in files {
                let name = display_name(&file);
                let bytes = format::read_source(&file)
                    .map_err(|reason| OpenError::Unreadable { name: name.clone(), reason })?;
                inputs.push(Input { name, bytes, from_mail_folder: true });
            }
            continue;
        }
        let bytes = format::read_source(path)
            .map_err(|reason| OpenError::Unreadable { name: name.clone(), reason })?;
        inputs.push(Input { name, bytes, from_mail_folder: false });
    }
    Ok(inputs)
}

/// The message files of a Maildir (`cur/` and `new/`, by name), or why the
/// folder is not one.
fn mail_folder_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let not_a_maildir = || "is a directory, not a thread file".to_owned();
    let subfolders: Vec<PathBuf> =
        ["cur", "new"].iter().map(|sub| dir.join(sub)).filter(|d| d.is_dir()).collect();
    if subfolders.is_empty() {
        return Err(not_a_maildir());
    }
    let mut files = Vec::new();
    for folder in subfolders {
        let entries =
            std::fs::read_dir(&folder).map_err(|e| format!("cannot read {}: {e}", folder.display()))?;
        for entry in entries {
            let entry = entry.map_err(|e| format!("cannot read {}: {e}", folder.display()))?;
            // Maildir readers skip dot files (editors' and tools' leftovers).
            if entry.file_type().is_ok_and(|t| t.is_file())
                && !entry.file_name().to_string_lossy().starts_with('.')
            {
                files.push(entry.path());
            }
        }
    }
    if files.is_empty() {
        return Err("is an empty Maildir: no messages in cur/ or new/".to_owned());
    }
    // Maildir names start with the delivery time: name order is arrival order.
    files.sort();
    Ok(files)
}

fn display_name(path: &Path) -> String {
    if path.as_os_str() == "-" { format::STDIN_NAME.to_owned() } else { path.display().to_string() }
}

fn classify(input: &Input, options: &OpenOptions) -> Result<Class, OpenError> {
    let forced = options.kind;
    // An empty file of a Maildir is one skipped message, not an empty input.
    if forced.is_none()
        && !input.from_mail_folder
        && input
            .bytes
            .strip_prefix(b"\xEF\xBB\xBF")
            .unwrap_or(&input.bytes)
            .iter()
            .all(u8::is_ascii_whitespace)
    {
        return Err(LoadError::Empty { source_name: input.name.clone() }.into());
    }
    let kind = match forced {
        Some(kind) => kind,
        None if input.from_mail_folder => Kind::Mbox,
        None => import::detect(&input.bytes),
    };
    Ok(match kind {
        // A lone message starts with its headers; other input forced to be
        // mail is cut as an mbox, which says why it is not one.
        Kind::Mbox => Class::Mail {
            one_message: input.from_mail_folder
                || (!starts_with_envelope(&input.bytes) && import::detect(&input.bytes) == Kind::Mbox),
        },
        kind => Class::Page(kind),
    })
}

fn starts_with_envelope(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(bytes.len());
    bytes[start..].starts_with(b"From ")
}

fn open_mail(inputs: Vec<Input>, classes: &[Class], defer_bodies: bool) -> Result<Opened, OpenError> {
    let one_message = |class: &Class| matches!(class, Class::Mail { one_message: true });
    let read_as = if inputs.iter().all(|i| i.from_mail_folder) {
        ReadAs::Maildir
    } else if inputs.len() > 1 && classes.iter().all(one_message) {
        ReadAs::MailFiles
    } else {
        ReadAs::Import(Kind::Mbox)
    };
    let mail_inputs: Vec<MailInput<'_>> = inputs
        .iter()
        .zip(classes)
        .map(|(input, class)| MailInput {
            name: &input.name,
            bytes: &input.bytes,
            one_message: one_message(class),
        })
        .collect();
    // Several inputs: the error's location names the one at fault.
    let name =
        if inputs.len() == 1 { inputs[0].name.clone() } else { format!("{} mail files", inputs.len()) };
    let when = if defer_bodies { Bodies::Later } else { Bodies::Now };
    let parsed =
        mbox::parse_archive(&mail_inputs, when).map_err(|error| OpenError::Import { name, error })?;
    let count = inputs.len();
    // The messages own their text, or a copy of their bytes, now: the input
    // goes before the posts are made.
    drop(mail_inputs);
    drop(inputs);
    let (imported, mail) = if defer_bodies {
        let (imported, mail) = parsed.into_threaded();
        (imported, Some(mail))
    } else {
        (parsed.into_thread(), None)
    };
    let posts = mail.as_ref().map_or(imported.file.posts.len(), ThreadedMail::len);
    let provenance = Provenance { read_as, inputs: count, posts };
    Ok(Opened {
        file: imported.file,
        provenance,
        warnings: imported.warnings,
        unknown_fields: Vec::new(),
        mail,
    })
}

/// One input read into a thread, before pages are merged.
struct Page {
    name: String,
    read_as: ReadAs,
    file: ThreadFile,
    warnings: Vec<Warning>,
    unknown_fields: Vec<String>,
}

fn read_page(
    input: Input,
    kind: Kind,
    options: &OpenOptions,
    import_options: &ImportOptions,
) -> Result<Page, OpenError> {
    let detected = options.kind.is_none();
    let Input { name, bytes, .. } = input;
    if detected && first_byte(&bytes) == Some(b'{') && kind != Kind::Discourse {
        let load_options = LoadOptions { track_unknown_fields: options.track_unknown_fields };
        match format::load_slice(&bytes, &name, load_options) {
            Ok(loaded) => {
                return Ok(Page {
                    name,
                    read_as: ReadAs::ThreadFile,
                    file: loaded.file,
                    warnings: Vec::new(),
                    unknown_fields: loaded.unknown_fields,
                });
            }
            Err(error) if nearly_a_thread_file(&bytes) => return Err(error.into()),
            Err(_) => {}
        }
    }
    let imported = match import::import(kind, &bytes, import_options) {
        Ok(imported) => imported,
        Err(error) if detected => return Err(not_a_thread(name, kind, &error)),
        Err(error) => return Err(OpenError::Import { name, error }),
    };
    if detected
        && kind == Kind::ForumText
        && imported.warnings.iter().any(|w| w.kind == WarningKind::NoSeparator)
    {
        let looks_like = if import_options.separator.is_some() {
            "no posts found as a forum page (no line matched --separator)"
        } else {
            "no posts found as a forum page (no \"Link to comment\" or --separator lines)"
        };
        return Err(OpenError::NotAThread { name, looks_like: looks_like.to_owned() });
    }
    Ok(Page {
        name,
        read_as: ReadAs::Import(kind),
        file: imported.file,
        warnings: imported.warnings,
        unknown_fields: Vec::new(),
    })
}

fn first_byte(bytes: &[u8]) -> Option<u8> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    bytes.iter().copied().find(|b| !b.is_ascii_whitespace())
}

/// A JSON object with `posts` or `version` at the top (or, when it is not
/// even JSON, one that names them): meant as a thread file, so it keeps the
/// thread file's exact error.
fn nearly_a_thread_file(bytes: &[u8]) -> bool {
    /// The two keys that make a JSON object a thread file; others are skipped unread.
    #[derive(serde::Deserialize)]
    struct ThreadKeys {
        #[serde(default)]
        posts: Option<serde::de::IgnoredAny>,
        #[serde(default)]
        version: Option<serde::de::IgnoredAny>,
    }
    match serde_json::from_slice::<ThreadKeys>(bytes) {
        Ok(keys) => keys.posts.is_some() || keys.version.is_some(),
        Err(_) => {
            memchr::memmem::find(bytes, b"\"posts\"").is_some()
                || memchr::memmem::find(bytes, b"\"version\"").is_some()
        }
    }
}

/// The error for input whose kind was only guessed and that the guess
/// cannot read: what it looks like, and what tread reads.
fn not_a_thread(name: String, kind: Kind, error: &ImportError) -> OpenError {
    let looks_like = match kind {
        Kind::ForumText if error.message.contains("NUL byte") => {
            format!("binary data ({}: {})", error.location, error.message)
        }
        Kind::ForumText => format!("no posts found as a forum page ({})", error.message),
        Kind::ForumHtml => format!("an HTML page, but {}", error.message),
        Kind::Hn => format!(
            "JSON, but not a thread file (no `posts`), Hacker News item, Reddit listing or Discourse topic ({})",
            error.message
        ),
        // Mail and the other JSON shapes were recognised by their own markers: their error is the one to give.
        Kind::Mbox | Kind::Reddit | Kind::Discourse => {
            return OpenError::Import { name, error: error.clone() };
        }
    };
    OpenError::NotAThread { name, looks_like }
}

/// Pages of one thread into one: in page order, posts seen on an earlier
/// page kept once, ids that clash renamed.
fn merge(mut pages: Vec<Page>) -> Result<Opened, OpenError> {
    let several = pages.len() > 1;
    if several {
        pages.sort_by_cached_key(|page| natural_key(&page.name));
    }
    let first_name = pages[0].name.clone();
    let read_as = pages[0].read_as;
    if let Some(other) = pages.iter().find(|p| p.read_as != read_as) {
        return Err(OpenError::DoesNotBelong {
            name: other.name.clone(),
            reason: format!(
                "read as {}, but {first_name} as {}: files opened together must be pages of one thread",
                read_as_name(other.read_as),
                read_as_name(read_as)
            ),
        });
    }
    for page in &pages[1..] {
        if let Some(reason) = topic_mismatch(&pages[0].file, &page.file) {
            return Err(OpenError::DoesNotBelong {
                name: page.name.clone(),
                reason: format!("not a page of the same thread as {first_name}: {reason}"),
            });
        }
    }
    let inputs = pages.len();
    let mut pages = pages.into_iter();
    let first = pages.next().expect("at least one input");
    let mut file = first.file;
    let mut unknown_fields = first.unknown_fields;
    let mut warnings: Vec<Warning> =
        first.warnings.into_iter().map(|w| if several { w.in_file(&first.name) } else { w }).collect();
    let mut seen: HashMap<String, (usize, usize)> = HashMap::with_capacity(file.posts.len());
    for (index, post) in file.posts.iter().enumerate() {
        seen.insert(post.id.0.clone(), (0, index));
    }
    let mut names = vec![first.name];
    for (page_number, page) in pages.enumerate().map(|(n, page)| (n + 1, page)) {
        warnings.extend(page.warnings.into_iter().map(|w| w.in_file(&page.name)));
        unknown_fields.extend(page.unknown_fields.into_iter().map(|path| format!("{}: {path}", page.name)));
        let start = file.posts.len();
        let mut renamed: HashMap<String, String> = HashMap::new();
        for mut post in page.file.posts {
            if let Some(&(earlier_page, at)) = seen.get(post.id.as_str()) {
                let earlier = &file.posts[at];
                if same_post(earlier, &post) {
                    warnings.push(Warning::new(
                        WarningKind::Duplicate,
                        format!("{}: post {}", page.name, post.id),
                        format_args!("also on {}; kept once", names[earlier_page]),
                    ));
                    continue;
                }
                let fresh = free_id(&post.id.0, page_number + 1, &seen);
                renamed.insert(post.id.0.clone(), fresh.clone());
                post.id = PostKey(fresh);
            }
            seen.insert(post.id.0.clone(), (page_number, file.posts.len()));
            file.posts.push(post);
        }
        if !renamed.is_empty() {
            for post in &mut file.posts[start..] {
                rename_references(post, &renamed);
            }
        }
        names.push(page.name);
    }
    if several {
        // Pages were read allowing quotes of posts on other pages; those
        // that name no post of the whole thread are not sources.
        let ids: HashSet<String> = file.posts.iter().map(|p| p.id.0.clone()).collect();
        for post in &mut file.posts {
            if let Body::Blocks(blocks) = &mut post.body {
                for_each_quote(blocks, |of| {
                    if of.as_ref().is_some_and(|key| !ids.contains(key.as_str())) {
                        *of = None;
                    }
                });
            }
        }
    }
    let provenance = Provenance { read_as, inputs, posts: file.posts.len() };
    Ok(Opened { file, provenance, warnings, unknown_fields, mail: None })
}

fn read_as_name(read_as: ReadAs) -> String {
    match read_as {
        ReadAs::ThreadFile => "a thread file".to_owned(),
        ReadAs::Import(kind) => kind.name().to_owned(),
        ReadAs::Maildir | ReadAs::MailFiles => "mail".to_owned(),
    }
}

/// The same post seen again (a page saved twice, a post repeated at the top
/// of the next page): same id, and same author and time, or, when the page
/// shows neither, the same text.
fn same_post(a: &format::Post, b: &format::Post) -> bool {
    let dated = a.author.is_some() || a.time.is_some();
    a.author == b.author && a.time == b.time && (dated || a.body == b.body)
}

/// `id` as it is known on page `page`, made unique.
fn free_id(id: &str, page: usize, seen: &HashMap<String, (usize, usize)>) -> String {
    let base = format!("{id}~p{page}");
    // Of these seen.len() + 1 names at least one is free.
    (1..=seen.len() + 1)
        .map(|n| if n == 1 { base.clone() } else { format!("{base}~{n}") })
        .find(|c| !seen.contains_key(c))
        .unwrap_or(base)
}

fn rename_references(post: &mut format::Post, renamed: &HashMap<String, String>) {
    if let Some(target) = post.reply_to.as_mut()
        && let Some(new) = renamed.get(target.as_str())
    {
        target.0.clone_from(new);
    }
    if let Body::Blocks(blocks) = &mut post.body {
        rename_in_blocks(blocks, renamed);
    }
}

fn rename_in_blocks(blocks: &mut [Block], renamed: &HashMap<String, String>) {
    for_each_quote(blocks, |of| {
        if let Some(of) = of.as_mut()
            && let Some(new) = renamed.get(of.as_str())
        {
            of.0.clone_from(new);
        }
    });
}

/// Calls `f` with the source of every quote, nested ones included.
fn for_each_quote(blocks: &mut [Block], mut f: impl FnMut(&mut Option<PostKey>)) {
    // Iterative: quote nesting depth comes from the input.
    let mut stack: Vec<&mut [Block]> = vec![blocks];
    while let Some(blocks) = stack.pop() {
        for block in blocks {
            if let Block::Quote { quote, of, .. } = block {
                f(of);
                if let Body::Blocks(inner) = quote {
                    stack.push(inner);
                }
            }
        }
    }
}

/// Why `page` is not of the same topic as `first`, if it is not: its title
/// or its address names another topic. Page numbers in either are ignored.
fn topic_mismatch(first: &ThreadFile, page: &ThreadFile) -> Option<String> {
    if let (Some(a), Some(b)) = (&first.title, &page.title)
        && topic_title(a) != topic_title(b)
    {
        return Some(format!("its title is {b:?}, not {a:?}"));
    }
    if let (Some(a), Some(b)) = (&first.url, &page.url)
        && topic_address(a) != topic_address(b)
    {
        return Some(format!("its address {b} names another topic than {a}"));
    }
    None
}

/// "Topic - Page 2", "Topic (page 2)", "Page 2 - Topic" are all "topic".
fn topic_title(title: &str) -> String {
    static PAGE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(^\s*page\s+\d+(\s+of\s+\d+)?\s*[-–—|:]\s*|\s*[-–—|:,(]?\s*page\s+\d+(\s+of\s+\d+)?\)?\s*$)")
            .expect("valid pattern")
    });
    PAGE.replace_all(title.trim(), "").trim().to_lowercase()
}

/// A page address without what changes from page to page: the fragment,
/// `page`/`start`-like parameters, `/page-2` or `/page/2` segments and
/// SMF's `topic=12.40` offsets.
fn topic_address(url: &str) -> String {
    static PAGE_SEGMENT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)/page[-/]?\d+/?$|/page[-/]?\d+/").expect("valid pattern"));
    static SMF_OFFSET: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)\btopic=(\d+)\.\d+").expect("valid pattern"));
    let url = url.split('#').next().unwrap_or_default();
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let paging = ["page", "start", "st", "pagenumber", "pg", "offset"];
    let query: Vec<&str> = query
        .split(['&', ';'])
        .filter(|pair| {
            let key = pair.split('=').next().unwrap_or_default();
            !pair.is_empty() && !paging.iter().any(|p| key.eq_ignore_ascii_case(p))
        })
        .collect();
    let path = PAGE_SEGMENT.replace(path, "/");
    let path = SMF_OFFSET.replace_all(path.trim_end_matches('/'), "topic=$1");
    let query = SMF_OFFSET.replace_all(&query.join("&"), "topic=$1").into_owned();
    format!("{path}?{query}")
}

/// Orders names with their numbers compared as numbers: `p2` before `p10`.
fn natural_key(name: &str) -> Vec<(bool, String)> {
    let mut key = Vec::new();
    let mut rest = name;
    while let Some(c) = rest.chars().next() {
        let digits = c.is_ascii_digit();
        let end = rest.find(|c: char| c.is_ascii_digit() != digits).unwrap_or(rest.len());
        let run = &rest[..end];
        // Numbers sort by length first (no leading zeros), then digit by digit.
        let part = if digits { format!("{:0>20}", run.trim_start_matches('0')) } else { run.to_owned() };
        key.push((digits, part));
        rest = &rest[end..];
    }
    key
}

/// Warnings as one line per kind: "338 avatar labels not used as authors
/// (line 6, 32, 52, …)"; a kind seen once is said in full.
pub fn summarise(warnings: &[Warning]) -> Vec<String> {
    let mut order: Vec<WarningKind> = Vec::new();
    let mut by_kind: HashMap<WarningKind, Vec<&Warning>> = HashMap::new();
    for warning in warnings {
        by_kind
            .entry(warning.kind)
            .or_insert_with(|| {
                order.push(warning.kind);
                Vec::new()
            })
            .push(warning);
    }
    order
        .into_iter()
        .map(|kind| {
            let group = &by_kind[&kind];
            if let [only] = group.as_slice() {
                return only.to_string();
            }
            let mut places: Vec<&str> = Vec::new();
            let mut seen = HashSet::new();
            for location in group.iter().map(|w| w.location()).filter(|l| !l.is_empty()) {
                if seen.insert(location) {
                    places.push(location);
                }
                if places.len() > 3 {
                    break;
                }
            }
            let more = places.len() > 3;
            places.truncate(3);
            let mut shown: Vec<String> = Vec::with_capacity(places.len());
            for (i, place) in places.iter().enumerate() {
                let said = if i == 0 { 0 } else { shared_words(places[i - 1], place) };
                shown.push(place[said..].to_owned());
            }
            if more {
                shown.push("…".to_owned());
            }
            let count = group.len();
            if shown.is_empty() {
                format!("{count} {}", kind.summary())
            } else {
                format!("{count} {} ({})", kind.summary(), shown.join(", "))
            }
        })
        .collect()
}

/// The length of the words two places share before a number that differs:
/// "line 6" and "line 32" share "line ", so the summary says "line 6, 32".
fn shared_words(previous: &str, place: &str) -> usize {
    let common = previous.bytes().zip(place.bytes()).take_while(|(a, b)| a == b).count();
    let cut = place[..common].rfind(' ').map_or(0, |space| space + 1);
    let numbers_follow = |s: &str| s.as_bytes().get(cut).is_some_and(u8::is_ascii_digit);
    if numbers_follow(previous) && numbers_follow(place) { cut } else { 0 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::Post;

    fn post(id: &str, author: Option<&str>, body: &str) -> Post {
        Post {
            id: PostKey::from(id),
            author: author.map(str::to_owned),
            time: None,
            reply_to: None,
            body: Body::Text(body.to_owned()),
            links: Vec::new(),
            missing_replies: None,
        }
    }

    fn page(name: &str, title: &str, posts: Vec<Post>) -> Page {
        let mut file = ThreadFile::new(Some(title.to_owned()), None);
        file.posts = posts;
        Page {
            name: name.to_owned(),
            read_as: ReadAs::Import(Kind::ForumHtml),
            file,
            warnings: Vec::new(),
            unknown_fields: Vec::new(),
        }
    }

    #[test]
    fn pages_merge_in_page_order_and_keep_repeated_posts_once() {
        let p1 = page(
            "t-p1.html",
            "Tea - Page 1",
            vec![post("a", Some("Ann"), "one"), post("b", Some("Bo"), "two")],
        );
        let p2 = page(
            "t-p2.html",
            "Tea - Page 2",
            vec![post("b", Some("Bo"), "two"), post("c", Some("Cy"), "three")],
        );
        let p10 = page("t-p10.html", "Tea - Page 10", vec![post("d", Some("Di"), "four")]);
        let opened = merge(vec![p10, p2, p1]).unwrap();
        let ids: Vec<&str> = opened.file.posts.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c", "d"]);
        assert_eq!(opened.warnings.len(), 1);
        assert_eq!(opened.warnings[0].as_str(), "t-p2.html: post b: also on t-p1.html; kept once");
        assert_eq!(opened.provenance.to_string(), "forum-html, 3 pages, 4 posts");
    }

    #[test]
    fn positional_ids_that_clash_are_renamed_with_their_references() {
        let mut reply = post("2", None, "reply");
        reply.reply_to = Some(PostKey::from("1"));
        reply.body = Body::Blocks(vec![Block::Quote {
            quote: Body::Text("x".into()),
            of: Some(PostKey::from("1")),
            author: None,
        }]);
        let p1 = page("p1.txt", "Tea", vec![post("1", None, "first"), post("2", None, "second")]);
        let p2 = page("p2.txt", "Tea", vec![post("1", None, "third"), reply]);
        let opened = merge(vec![p1, p2]).unwrap();
        let ids: Vec<&str> = opened.file.posts.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["1", "2", "1~p2", "2~p2"]);
        let last = &opened.file.posts[3];
        assert_eq!(last.reply_to.as_ref().map(PostKey::as_str), Some("1~p2"));
        let Body::Blocks(blocks) = &last.body else { panic!("blocks") };
        assert!(matches!(&blocks[0], Block::Quote { of: Some(of), .. } if of.as_str() == "1~p2"));
    }

    #[test]
    fn a_page_of_another_topic_is_named() {
        let p1 = page("a.html", "Tea", vec![post("a", Some("Ann"), "one")]);
        let p2 = page("b.html", "Coffee - Page 2", vec![post("b", Some("Bo"), "two")]);
        let error = merge(vec![p1, p2]).unwrap_err().to_string();
        assert_eq!(
            error,
            "b.html: not a page of the same thread as a.html: its title is \"Coffee - Page 2\", not \"Tea\""
        );
    }

    #[test]
    fn topic_addresses_ignore_page_numbers_but_not_topic_ids() {
        let same = [
            ("https://f.org/showthread.php?t=12&page=2", "https://f.org/showthread.php?t=12"),
            ("https://f.org/threads/tea.12/page-3", "https://f.org/threads/tea.12/"),
            ("https://f.org/index.php?topic=12.40", "https://f.org/index.php?topic=12.0"),
            ("https://f.org/viewtopic.php?t=12&start=20#p5", "https://f.org/viewtopic.php?t=12"),
            ("https://f.org/topic/12-tea/page/2/", "https://f.org/topic/12-tea/"),
        ];
        for (a, b) in same {
            assert_eq!(topic_address(a), topic_address(b), "{a} vs {b}");
        }
        assert_ne!(
            topic_address("https://f.org/showthread.php?t=12"),
            topic_address("https://f.org/showthread.php?t=13")
        );
    }

    #[test]
    fn warnings_are_summarised_per_kind() {
        let mut warnings: Vec<Warning> = [6, 32, 52, 70]
            .iter()
            .map(|line| {
                Warning::new(WarningKind::AvatarLabel, format!("line {line}"), "avatar label [x] not used")
            })
            .collect();
        warnings.push(Warning::new(WarningKind::Encoding, "", "read as Windows-1252"));
        assert_eq!(
            summarise(&warnings),
            ["4 avatar labels not used as authors (line 6, 32, 52, …)", "read as Windows-1252"]
        );
        let places =
            ["a.mbox: message 2 (line 107)", "a.mbox: message 4 (line 281)", "b.mbox: message 1 (line 2)"];
        let dropped: Vec<Warning> =
            places.iter().map(|place| Warning::new(WarningKind::Duplicate, *place, "dropped")).collect();
        assert_eq!(
            summarise(&dropped),
            [
                "3 repeated items kept once (a.mbox: message 2 (line 107), 4 (line 281), b.mbox: message 1 (line 2))"
            ]
        );
    }

    #[test]
    fn provenance_says_what_was_read() {
        let mbox = Provenance { read_as: ReadAs::Import(Kind::Mbox), inputs: 1, posts: 412 };
        assert_eq!(mbox.to_string(), "mbox, 412 messages");
        let maildir = Provenance { read_as: ReadAs::MailFiles, inputs: 3, posts: 3 };
        assert_eq!(maildir.to_string(), "mail files, 3 messages");
        assert!(!Provenance { read_as: ReadAs::ThreadFile, inputs: 1, posts: 1 }.imported());
    }
}
