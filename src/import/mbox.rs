//! Mail archives (mboxo and mboxrd) into a thread.
//!
//! The file is cut at envelope `From ` lines (`split`); each message is read
//! with mail-parser and reduced to the headers threading needs and its text
//! (`decode`); exact duplicates are dropped; posts are ordered by date and
//! threaded by In-Reply-To, then References; each body becomes blocks
//! (`blocks`). The rules, and the choices made where mail is ambiguous, are
//! in `docs/import-mbox.md`.

mod blocks;
mod decode;
mod html;
mod split;

use std::borrow::Cow;

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use self::blocks::{Resolve, Source, normalize_name};
use self::decode::{Content, Mail};
use super::{ImportError, ImportOptions, Imported, Kind, Warning, WarningKind, parallel};
use crate::format::{Body, Post, PostKey, ThreadFile};

/// A message kept for the thread.
struct Entry {
    place: Place,
    mail: Mail,
    id: String,
}

/// When message bodies are decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bodies {
    /// With the headers: the input can be freed before the posts are made.
    Now,
    /// When a post's body is asked for: the headers alone thread the
    /// archive, and what each text is decoded from stays with
    /// [`ThreadedMail`] (a copy, so that the input can be freed once the
    /// headers are read, and each copy as its body is made).
    Later,
}

/// Where a message stood: which input, its number there and its first
/// line; `serial` counts across all inputs.
#[derive(Debug, Clone, Copy)]
struct Place {
    serial: usize,
    input: usize,
    number: usize,
    line: usize,
}

/// One input of an archive: a whole mbox, or a message stored alone (a
/// Maildir file, an `.eml`), which is never cut at `From ` lines.
#[derive(Debug, Clone, Copy)]
pub struct MailInput<'a> {
    /// What warnings call it when there are several inputs.
    pub name: &'a str,
    pub bytes: &'a [u8],
    pub one_message: bool,
}

/// Names messages in warnings: `message 12 (line 340)`, prefixed by the
/// input's name when the archive has several.
struct Places {
    /// Each input's name, and whether it is a message stored alone.
    inputs: Vec<(String, bool)>,
}

impl Places {
    fn of(&self, place: Place) -> String {
        let (name, one_message) = &self.inputs[place.input];
        let at = format!("message {} (line {})", place.number, place.line);
        if self.inputs.len() == 1 {
            at
        } else if *one_message {
            name.clone()
        } else {
            format!("{name}: {at}")
        }
    }
}

/// An archive's messages, their headers read (their texts too with
/// [`Bodies::Now`]), not yet threaded.
pub struct ParsedArchive {
    places: Places,
    messages: Vec<(Entry, Content)>,
    warnings: Vec<Warning>,
}

pub fn import(input: &[u8], options: &ImportOptions) -> Result<Imported, ImportError> {
    import_archive(&[MailInput { name: "", bytes: input, one_message: false }], options)
}

/// Reads several mboxes and single messages as one archive: their messages
/// are threaded together as if they had been one file.
pub fn import_archive(inputs: &[MailInput<'_>], _options: &ImportOptions) -> Result<Imported, ImportError> {
    parse_archive(inputs, Bodies::Now).map(ParsedArchive::into_thread)
}

/// The first half of [`import_archive`]: cut every input into messages and
/// read them (on every core), drop exact duplicates.
pub fn parse_archive(inputs: &[MailInput<'_>], bodies: Bodies) -> Result<ParsedArchive, ImportError> {
    let places = Places { inputs: inputs.iter().map(|i| (i.name.to_owned(), i.one_message)).collect() };
    let mut warnings = Vec::new();
    let mut raw_messages = Vec::new();
    for (index, input) in inputs.iter().enumerate() {
        let split = if input.one_message { split::whole(input.bytes) } else { split::split(input.bytes) };
        let split = match split {
            Ok(split) => split,
            // One unusable file of a Maildir is skipped, as a bad message of an mbox is.
            Err(error) if input.one_message && inputs.len() > 1 => {
                let reason = format!("{}; skipped", error.message);
                warnings.push(Warning::new(WarningKind::Skipped, input.name, reason));
                continue;
            }
            Err(mut error) => {
                if inputs.len() > 1 {
                    error.location = format!("{}: {}", input.name, error.location);
                }
                return Err(error);
            }
        };
        raw_messages.extend(split.into_iter().map(|raw| (index, Some(raw))));
    }
    // Reading every message is most of the work, and each stands alone.
    let with_text = bodies == Bodies::Now;
    let mut parsed = parallel::map_mut(&mut raw_messages, |serial, (input, raw)| {
        let raw = raw.take().expect("each message is read once");
        let place = Place { serial: serial + 1, input: *input, number: raw.number, line: raw.line };
        decode::parse(&raw.bytes, with_text)
            .map(|(mail, content)| (Entry { place, mail, id: String::new() }, content))
            .map_err(|reason| (place, reason))
    });
    drop(raw_messages);

    // The messages kept are moved to the front in place: the input is still
    // held, and a second list of a hundred thousand messages would add to the peak.
    let mut kept = 0;
    let mut first_failure = None;
    // Message-ID -> indices of the messages kept with it.
    let mut by_message_id: HashMap<String, Vec<usize>> = HashMap::with_capacity(parsed.len());
    for index in 0..parsed.len() {
        let keep = match &parsed[index] {
            Err((place, reason)) => {
                warnings.push(Warning::new(
                    WarningKind::Skipped,
                    places.of(*place),
                    format!("{reason}; skipped"),
                ));
                first_failure.get_or_insert_with(|| (*place, reason.clone()));
                false
            }
            Ok((entry, _)) => match &entry.mail.message_id {
                Some(message_id) => {
                    // Texts are read and compared only when a Message-ID repeats, which is rare.
                    let twin = by_message_id.get(message_id).and_then(|earlier| {
                        let text = content_of(&parsed[index]);
                        earlier.iter().copied().find(|&twin| content_of(&parsed[twin]) == text)
                    });
                    match twin {
                        Some(twin) => {
                            let twin_place = parsed[twin].as_ref().map(|(twin, _)| twin.place);
                            warnings.push(Warning::new(
                                WarningKind::Duplicate,
                                places.of(entry.place),
                                format_args!(
                                    "exact duplicate of {}, Message-ID <{message_id}>; dropped",
                                    twin_place.map(|p| places.of(p)).unwrap_or_default()
                                ),
                            ));
                            false
                        }
                        None => {
                            by_message_id.entry(message_id.clone()).or_default().push(kept);
                            true
                        }
                    }
                }
                None => {
                    warnings.push(Warning::new(
                        WarningKind::NoMessageId,
                        places.of(entry.place),
                        "no Message-ID; replies cannot name it",
                    ));
                    true
                }
            },
        };
        if keep {
            parsed.swap(kept, index);
            kept += 1;
        }
    }
    parsed.truncate(kept);
    let messages: Vec<(Entry, Content)> = parsed.into_iter().filter_map(Result::ok).collect();
    drop(by_message_id);
    if messages.is_empty() {
        let (place, reason) = first_failure.map_or((None, "no messages".to_owned()), |(p, r)| (Some(p), r));
        let location = match place {
            Some(place) if inputs.len() > 1 => places.of(place),
            Some(place) => format!("line {}", place.line),
            None => "line 1".to_owned(),
        };
        return Err(ImportError::new(Kind::Mbox, location, format!("no usable message: {reason}")));
    }
    Ok(ParsedArchive { places, messages, warnings })
}

impl ParsedArchive {
    /// The second half of [`import_archive`] for an archive parsed with
    /// [`Bodies::Now`]: ids, date order, threading, bodies as blocks.
    pub fn into_thread(self) -> Imported {
        let (mut imported, mail) = self.into_threaded();
        imported.file.posts = mail.into_posts();
        imported
    }

    /// Ids, date order and threading: the thread (title, no posts yet) and
    /// its warnings, and the posts to make, with their bodies when wanted.
    pub fn into_threaded(self) -> (Imported, ThreadedMail) {
        let Self { places, messages, mut warnings } = self;
        let (mut entries, texts): (Vec<Entry>, Vec<Content>) = messages.into_iter().unzip();
        assign_ids(&mut entries, &places, &mut warnings);
        let mut texts = sort_by_date(&mut entries, texts);
        let index_of: HashMap<String, usize> = {
            let mut map = HashMap::with_capacity(entries.len());
            for (index, entry) in entries.iter().enumerate() {
                if let Some(message_id) = &entry.mail.message_id {
                    map.entry(message_id.clone()).or_insert(index);
                }
            }
            map
        };
        let parents = thread(&entries, &index_of);
        let title = entries[0].mail.subject.as_deref().map(strip_reply_prefix).filter(|t| !t.is_empty());
        // What only threading read goes: the entries live as long as bodies are pending.
        for entry in &mut entries {
            let mail = &mut entry.mail;
            (mail.message_id, mail.subject) = (None, None);
            (mail.in_reply_to, mail.references) = (Vec::new(), Vec::new());
        }
        // (author, time) -> posts: "On TIME, NAME wrote:" is one lookup, however
        // many posts the author wrote.
        let mut by_name: HashMap<(String, jiff::Timestamp), Vec<usize>> = HashMap::new();
        for (index, entry) in entries.iter().enumerate() {
            if let (Some(author), Some(time)) = (&entry.mail.author, entry.mail.time) {
                by_name.entry((normalize_name(author), time)).or_default().push(index);
            }
        }
        for (entry, parent) in entries.iter().zip(&parents) {
            if let Parent::Missing(message_id) = parent {
                warnings.push(Warning::new(
                    WarningKind::MissingParent,
                    places.of(entry.place),
                    format_args!("its parent <{message_id}> is not in this file; kept as a dangling reply"),
                ));
            }
        }
        let threaded = Threaded { entries, parents, index_of, by_name };
        texts.shrink_to_fit();
        (Imported { file: ThreadFile::new(title, None), warnings }, ThreadedMail { threaded, texts })
    }
}

/// The messages in thread order, and what a body's conversion consults.
struct Threaded {
    entries: Vec<Entry>,
    parents: Vec<Parent>,
    index_of: HashMap<String, usize>,
    by_name: HashMap<(String, jiff::Timestamp), Vec<usize>>,
}

impl Threaded {
    /// The post of entry `index`, its body empty.
    fn post(&self, index: usize) -> Post {
        let (entry, mail) = (&self.entries[index], &self.entries[index].mail);
        Post {
            id: PostKey::from(entry.id.as_str()),
            author: mail.author.clone(),
            time: mail.time.map(|time| time.to_string()).or_else(|| mail.unparsed_date.clone()),
            reply_to: match &self.parents[index] {
                Parent::InFile(parent) => Some(PostKey::from(self.entries[*parent].id.as_str())),
                Parent::Missing(message_id) => Some(PostKey::from(message_id.as_str())),
                Parent::None => None,
            },
            body: Body::Blocks(Vec::new()),
            links: Vec::new(),
            missing_replies: None,
        }
    }

    fn body(&self, index: usize, text: &str) -> Body {
        let context = Context { threaded: self, current: index };
        Body::Blocks(blocks::blocks(text, &context))
    }
}

/// An archive's posts, threaded, made when asked for: a few with their
/// bodies for the screen, then all of them on every core.
pub struct ThreadedMail {
    threaded: Threaded,
    texts: Vec<Content>,
}

impl std::fmt::Debug for ThreadedMail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ThreadedMail({} posts)", self.texts.len())
    }
}

impl ThreadedMail {
    pub fn len(&self) -> usize {
        self.texts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }

    /// The post at `index` (0-based file order), its body empty unless
    /// `with_body`.
    pub fn post(&self, index: usize, with_body: bool) -> Post {
        let mut post = self.threaded.post(index);
        if with_body {
            post.body = self.threaded.body(index, &self.texts[index].read());
        }
        post
    }

    /// Every post with its body, in order, made on every core; each
    /// message is freed as soon as its blocks are made.
    pub fn into_posts(self) -> Vec<Post> {
        let Self { threaded, mut texts } = self;
        parallel::map_mut(&mut texts, |index, text| {
            let text = std::mem::replace(text, Content::Text(String::new()));
            Post { body: threaded.body(index, &text.read()), ..threaded.post(index) }
        })
    }
}

/// A message's text, if it was read.
fn content_of(read: &Result<(Entry, Content), (Place, String)>) -> Option<Cow<'_, str>> {
    read.as_ref().ok().map(|(_, content)| content.read())
}

/// Post ids: `X-Thread-Post-Id` when present (gen-thread.py writes the JSON
/// id there), else the Message-ID, else `message-N`; an id already taken
/// falls back to the Message-ID, then gets `~2`, `~3`, ...
fn assign_ids(entries: &mut [Entry], places: &Places, warnings: &mut Vec<Warning>) {
    let mut taken: HashSet<String> = HashSet::with_capacity(entries.len());
    for entry in entries.iter_mut() {
        let mail = &entry.mail;
        let preferred = mail
            .post_id
            .clone()
            .or_else(|| mail.message_id.clone())
            .unwrap_or_else(|| format!("message-{}", entry.place.serial));
        let id = if taken.contains(&preferred) {
            let id = mail.message_id.clone().filter(|id| !taken.contains(id)).unwrap_or_else(|| {
                // Of these taken.len() + 1 names at least one is free.
                (2..=taken.len() + 2)
                    .map(|n| format!("{preferred}~{n}"))
                    .find(|c| !taken.contains(c))
                    .unwrap_or_default()
            });
            warnings.push(Warning::new(
                WarningKind::IdRenamed,
                places.of(entry.place),
                format_args!("id {preferred:?} is already used; imported as {id:?}"),
            ));
            id
        } else {
            preferred
        };
        taken.insert(id.clone());
        entry.id = id;
    }
}

/// Orders posts by Date, stably; a message without a readable date stays
/// after the message it followed in the file. Gives the texts in the new order.
fn sort_by_date(entries: &mut Vec<Entry>, texts: Vec<Content>) -> Vec<Content> {
    let mut last = None;
    let mut keyed: Vec<(Option<jiff::Timestamp>, Entry, Content)> = entries
        .drain(..)
        .zip(texts)
        .map(|(entry, text)| {
            last = entry.mail.time.or(last);
            (last, entry, text)
        })
        .collect();
    keyed.sort_by_key(|(time, _, _)| *time);
    let mut texts = Vec::with_capacity(keyed.len());
    for (_, entry, text) in keyed {
        entries.push(entry);
        texts.push(text);
    }
    texts
}

enum Parent {
    None,
    InFile(usize),
    /// Named by the headers but not in the file: kept as a dangling `reply_to`.
    Missing(String),
}

/// The parent of each post: In-Reply-To if that message is in the file, else
/// the nearest References entry in the file, else the named parent that is
/// missing. One hash lookup per id: linear in the size of the headers.
fn thread(entries: &[Entry], index_of: &HashMap<String, usize>) -> Vec<Parent> {
    entries
        .iter()
        .enumerate()
        .map(|(index, entry)| {
            let mail = &entry.mail;
            let named = mail.in_reply_to.iter().chain(mail.references.iter().rev());
            let found =
                named.clone().find_map(|id| index_of.get(id.as_str()).copied().filter(|&p| p != index));
            match found {
                Some(parent) => Parent::InFile(parent),
                None => match mail.in_reply_to.first().or(mail.references.last()) {
                    Some(missing) if Some(missing) != mail.message_id.as_ref() => {
                        Parent::Missing(missing.clone())
                    }
                    _ => Parent::None,
                },
            }
        })
        .collect()
}

fn strip_reply_prefix(subject: &str) -> String {
    let mut rest = subject.trim();
    loop {
        let lower = rest.get(..3).map(str::to_ascii_lowercase);
        match lower.as_deref() {
            Some("re:") => rest = rest[3..].trim_start(),
            _ => return rest.to_owned(),
        }
    }
}

/// What a body's quotes may be attributed to, seen from one post.
struct Context<'a> {
    threaded: &'a Threaded,
    current: usize,
}

impl Context<'_> {
    fn source(&self, index: usize) -> Source<'_> {
        let entry = &self.threaded.entries[index];
        Source { id: &entry.id, name: entry.mail.author.as_deref(), address: entry.mail.address.as_deref() }
    }
}

impl Resolve for Context<'_> {
    fn ancestor(&self, level: usize) -> Option<Source<'_>> {
        let mut at = self.current;
        for _ in 0..level {
            match self.threaded.parents[at] {
                Parent::InFile(parent) if parent != self.current => at = parent,
                _ => return None,
            }
        }
        Some(self.source(at))
    }

    fn message(&self, message_id: &str) -> Option<Source<'_>> {
        self.threaded
            .index_of
            .get(message_id)
            .filter(|&&index| index != self.current)
            .map(|&index| self.source(index))
    }

    fn written_by_at(&self, name: &str, time: jiff::Timestamp) -> Option<Source<'_>> {
        let candidates = self.threaded.by_name.get(&(normalize_name(name), time))?;
        let mut matching = candidates.iter().filter(|&&index| index < self.current);
        let first = *matching.next()?;
        matching.next().is_none().then(|| self.source(first))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reply_prefixes_are_stripped() {
        assert_eq!(strip_reply_prefix("Re: RE: re:[PATCH] x"), "[PATCH] x");
        assert_eq!(strip_reply_prefix("Regarding"), "Regarding");
    }
}
