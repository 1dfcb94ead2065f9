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

use std::collections::{HashMap, HashSet};

use self::blocks::{Resolve, Source, normalize_name};
use self::decode::Mail;
use super::{ImportError, ImportOptions, Imported, Kind};
use crate::format::{Body, Post, PostKey, ThreadFile};

/// A message kept for the thread.
struct Entry {
    number: usize,
    line: usize,
    mail: Mail,
    id: String,
}

pub fn import(input: &[u8], _options: &ImportOptions) -> Result<Imported, ImportError> {
    let raw_messages = split::split(input)?;
    let mut warnings = Vec::new();
    let mut entries: Vec<Entry> = Vec::with_capacity(raw_messages.len());
    let mut first_failure = None;
    // Message-ID -> indices of the entries kept with it.
    let mut by_message_id: HashMap<String, Vec<usize>> = HashMap::with_capacity(raw_messages.len());
    for raw in raw_messages {
        let place = format!("message {} (line {})", raw.number, raw.line);
        let mail = match decode::parse(&raw.bytes) {
            Ok(mail) => mail,
            Err(reason) => {
                warnings.push(format!("{place}: {reason}; skipped"));
                first_failure.get_or_insert((raw.line, reason));
                continue;
            }
        };
        if let Some(message_id) = &mail.message_id {
            let kept = by_message_id.get(message_id).into_iter().flatten();
            if let Some(&twin) = kept.into_iter().find(|&&index| entries[index].mail.text == mail.text) {
                let twin = &entries[twin];
                warnings.push(format!(
                    "{place}: exact duplicate of message {} (line {}), Message-ID <{message_id}>; dropped",
                    twin.number, twin.line
                ));
                continue;
            }
            by_message_id.entry(message_id.clone()).or_default().push(entries.len());
        } else {
            warnings.push(format!("{place}: no Message-ID; replies cannot name it"));
        }
        entries.push(Entry { number: raw.number, line: raw.line, mail, id: String::new() });
    }
    if entries.is_empty() {
        let (line, reason) = first_failure.unwrap_or((1, "no messages".to_owned()));
        return Err(ImportError::new(
            Kind::Mbox,
            format!("line {line}"),
            format!("no usable message: {reason}"),
        ));
    }

    assign_ids(&mut entries, &mut warnings);
    sort_by_date(&mut entries);
    let index_of: HashMap<&str, usize> = {
        let mut map = HashMap::with_capacity(entries.len());
        for (index, entry) in entries.iter().enumerate() {
            if let Some(message_id) = &entry.mail.message_id {
                map.entry(message_id.as_str()).or_insert(index);
            }
        }
        map
    };
    let parents = thread(&entries, &index_of);
    // (author, time) -> posts: "On TIME, NAME wrote:" is one lookup, however
    // many posts the author wrote.
    let mut by_name: HashMap<(String, jiff::Timestamp), Vec<usize>> = HashMap::new();
    for (index, entry) in entries.iter().enumerate() {
        if let (Some(author), Some(time)) = (&entry.mail.author, entry.mail.time) {
            by_name.entry((normalize_name(author), time)).or_default().push(index);
        }
    }

    let title = entries[0].mail.subject.as_deref().map(strip_reply_prefix).filter(|t| !t.is_empty());
    let mut file = ThreadFile::new(title, None);
    file.posts.reserve(entries.len());
    for (index, entry) in entries.iter().enumerate() {
        let reply_to = match &parents[index] {
            Parent::InFile(parent) => Some(PostKey::from(entries[*parent].id.as_str())),
            Parent::Missing(message_id) => {
                warnings.push(format!(
                    "message {} (line {}): its parent <{message_id}> is not in this file; kept as a dangling reply",
                    entry.number, entry.line
                ));
                Some(PostKey::from(message_id.as_str()))
            }
            Parent::None => None,
        };
        let context = Context {
            entries: &entries,
            parents: &parents,
            index_of: &index_of,
            by_name: &by_name,
            current: index,
        };
        let mail = &entry.mail;
        file.posts.push(Post {
            id: PostKey::from(entry.id.as_str()),
            author: mail.author.clone(),
            time: mail.time.map(|time| time.to_string()).or_else(|| mail.unparsed_date.clone()),
            reply_to,
            body: Body::Blocks(blocks::blocks(&mail.text, &context)),
            links: Vec::new(),
            missing_replies: None,
        });
    }
    Ok(Imported { file, warnings })
}

/// Post ids: `X-Thread-Post-Id` when present (gen-thread.py writes the JSON
/// id there), else the Message-ID, else `message-N`; an id already taken
/// falls back to the Message-ID, then gets `~2`, `~3`, ...
fn assign_ids(entries: &mut [Entry], warnings: &mut Vec<String>) {
    let mut taken: HashSet<String> = HashSet::with_capacity(entries.len());
    for entry in entries.iter_mut() {
        let mail = &entry.mail;
        let preferred = mail
            .post_id
            .clone()
            .or_else(|| mail.message_id.clone())
            .unwrap_or_else(|| format!("message-{}", entry.number));
        let id = if taken.contains(&preferred) {
            let id = mail.message_id.clone().filter(|id| !taken.contains(id)).unwrap_or_else(|| {
                // Of these taken.len() + 1 names at least one is free.
                (2..=taken.len() + 2)
                    .map(|n| format!("{preferred}~{n}"))
                    .find(|c| !taken.contains(c))
                    .unwrap_or_default()
            });
            warnings.push(format!(
                "message {} (line {}): id {preferred:?} is already used; imported as {id:?}",
                entry.number, entry.line
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
/// after the message it followed in the file.
fn sort_by_date(entries: &mut Vec<Entry>) {
    let mut last = None;
    let mut keyed: Vec<(Option<jiff::Timestamp>, Entry)> = entries
        .drain(..)
        .map(|entry| {
            last = entry.mail.time.or(last);
            (last, entry)
        })
        .collect();
    keyed.sort_by_key(|(time, _)| *time);
    entries.extend(keyed.into_iter().map(|(_, entry)| entry));
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
fn thread(entries: &[Entry], index_of: &HashMap<&str, usize>) -> Vec<Parent> {
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
    entries: &'a [Entry],
    parents: &'a [Parent],
    index_of: &'a HashMap<&'a str, usize>,
    by_name: &'a HashMap<(String, jiff::Timestamp), Vec<usize>>,
    current: usize,
}

impl Context<'_> {
    fn source(&self, index: usize) -> Source<'_> {
        let entry = &self.entries[index];
        Source { id: &entry.id, name: entry.mail.author.as_deref(), address: entry.mail.address.as_deref() }
    }
}

impl Resolve for Context<'_> {
    fn ancestor(&self, level: usize) -> Option<Source<'_>> {
        let mut at = self.current;
        for _ in 0..level {
            match self.parents[at] {
                Parent::InFile(parent) if parent != self.current => at = parent,
                _ => return None,
            }
        }
        Some(self.source(at))
    }

    fn message(&self, message_id: &str) -> Option<Source<'_>> {
        self.index_of.get(message_id).filter(|&&index| index != self.current).map(|&index| self.source(index))
    }

    fn written_by_at(&self, name: &str, time: jiff::Timestamp) -> Option<Source<'_>> {
        let candidates = self.by_name.get(&(normalize_name(name), time))?;
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
