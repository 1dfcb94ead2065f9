//! Cutting an mbox into messages: envelope `From ` lines, mboxrd unquoting.

use std::borrow::Cow;

use crate::import::{ImportError, Kind};

/// One message as it stood in the file, with its envelope removed and its
/// `>From ` lines unquoted (borrowed from the input when none needed it).
#[derive(Debug)]
pub(super) struct RawMessage<'a> {
    /// 1-based position in the file.
    pub number: usize,
    /// 1-based line of its first header (the line after the envelope).
    pub line: usize,
    pub bytes: Cow<'a, [u8]>,
}

/// Splits `input` on envelope lines. A file whose first line is a mail
/// header rather than an envelope (an old archive without `From ` lines) is
/// cut at every header block that opens a message (see
/// [`opens_message`]); envelopes still split it too. Anything else is
/// refused with the line it stopped at.
pub(super) fn split(input: &[u8]) -> Result<Vec<RawMessage<'_>>, ImportError> {
    let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    // Lines are read as they come (a list of every line's slice costs more
    // than the archive's text at 100k messages); a clone of the iterator
    // looks ahead.
    let mut lines = input.split_inclusive(|&b| b == b'\n').enumerate().peekable();
    let mut offset = 0;
    while let Some((_, line)) = lines.next_if(|(_, line)| is_blank(line)) {
        offset += line.len();
    }
    let Some(&(first, first_line)) = lines.peek() else {
        return Err(ImportError::new(Kind::Mbox, "line 1", "the input is empty: no mail messages found"));
    };
    let mut messages = Vec::new();
    let mut current: Option<Pending> = None;
    let headers_only = !is_envelope(first_line);
    if headers_only {
        if !is_header(first_line) {
            return Err(ImportError::new(
                Kind::Mbox,
                format!("line {}", first + 1),
                format!(
                    "not an mbox: expected a `From ` envelope line or a mail header, found {:?}",
                    preview(first_line)
                ),
            ));
        }
        current = Some(Pending { line: first + 1, start: offset, end: offset, quoted_from: false });
    }
    let mut previous_blank = true;
    while let Some((index, line)) = lines.next() {
        let line_start = offset;
        offset += line.len();
        let starts_message =
            is_envelope(line) && previous_blank && lines.peek().is_some_and(|&(_, next)| is_header(next));
        let opens_headers = headers_only
            && index > first
            && previous_blank
            && opens_message(std::iter::once(line).chain(lines.clone().map(|(_, next)| next)));
        previous_blank = is_blank(line);
        if starts_message {
            if let Some(done) = current.take() {
                messages.push(done.finish(input, messages.len() + 1));
            }
            current = Some(Pending { line: index + 2, start: offset, end: offset, quoted_from: false });
            continue;
        }
        if opens_headers && let Some(done) = current.take() {
            messages.push(done.finish(input, messages.len() + 1));
            current =
                Some(Pending { line: index + 1, start: line_start, end: line_start, quoted_from: false });
        }
        let Some(message) = current.as_mut() else {
            // An envelope line at the top that is not followed by headers.
            return Err(ImportError::new(
                Kind::Mbox,
                format!("line {}", index + 1),
                "not an mbox: the `From ` envelope line is not followed by mail headers",
            ));
        };
        debug_assert_eq!(message.end, line_start);
        message.end = offset;
        message.quoted_from |= is_quoted_from(line);
    }
    if let Some(done) = current.take() {
        messages.push(done.finish(input, messages.len() + 1));
    }
    Ok(messages)
}

/// Whether `lines` (after a blank line, in a file without envelopes) start
/// a message: a block of header lines up to a blank line that a transport
/// wrote, holding `Message-ID`, or `From` and `Date` with `Received`,
/// `Return-Path`, `MIME-Version` or `Content-Type`. A quoted original in a
/// body (Outlook's `From:` / `Sent:` / `To:`, or `From:` / `Date:` /
/// `Subject:`) has none of these and stays text.
fn opens_message<'a>(lines: impl Iterator<Item = &'a [u8]>) -> bool {
    let mut names: Vec<String> = Vec::new();
    for line in lines {
        if is_blank(line) {
            break;
        }
        if line.starts_with(b" ") || line.starts_with(b"\t") {
            if names.is_empty() {
                return false;
            }
            continue;
        }
        if !is_header(line) {
            return false;
        }
        let name = line.iter().take_while(|&&b| b != b':').map(|&b| char::from(b.to_ascii_lowercase()));
        names.push(name.collect());
    }
    let has = |name: &str| names.iter().any(|n| n == name);
    let transport = ["received", "return-path", "mime-version", "content-type"].iter().any(|n| has(n));
    names.len() >= 2 && (has("message-id") || (has("from") && has("date") && transport))
}

/// A message stored alone (a Maildir file, an `.eml`): the whole input,
/// without an envelope line if it has one, and never cut at `From ` lines.
pub(super) fn whole(input: &[u8]) -> Result<Vec<RawMessage<'_>>, ImportError> {
    let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    if is_blank(input) {
        return Err(ImportError::new(Kind::Mbox, "line 1", "the input is empty: no mail message found"));
    }
    let (line, bytes) = match input.split_inclusive(|&b| b == b'\n').next() {
        Some(envelope) if is_envelope(envelope) => (2, &input[envelope.len()..]),
        _ => (1, input),
    };
    Ok(vec![RawMessage { number: 1, line, bytes: Cow::Borrowed(bytes) }])
}

/// A message being collected: its byte range in the input.
struct Pending {
    line: usize,
    start: usize,
    end: usize,
    quoted_from: bool,
}

impl Pending {
    fn finish(self, input: &[u8], number: usize) -> RawMessage<'_> {
        let raw = &input[self.start..self.end];
        let bytes = if self.quoted_from {
            let mut bytes = Vec::with_capacity(raw.len());
            for line in raw.split_inclusive(|&b| b == b'\n') {
                bytes.extend_from_slice(if is_quoted_from(line) { &line[1..] } else { line });
            }
            Cow::Owned(bytes)
        } else {
            Cow::Borrowed(raw)
        };
        RawMessage { number, line: self.line, bytes }
    }
}

fn is_blank(line: &[u8]) -> bool {
    line.iter().all(u8::is_ascii_whitespace)
}

fn is_envelope(line: &[u8]) -> bool {
    line.strip_prefix(b"From ").is_some_and(|rest| rest.first().is_some_and(|&b| !b.is_ascii_whitespace()))
}

/// `^>+From `: mboxrd quoting; one `>` comes off.
fn is_quoted_from(line: &[u8]) -> bool {
    let quotes = line.iter().take_while(|&&b| b == b'>').count();
    quotes > 0 && line[quotes..].starts_with(b"From ")
}

/// `Name: value` with a field name of printable ASCII (RFC 5322 ftext).
fn is_header(line: &[u8]) -> bool {
    let name_len = line.iter().take_while(|&&b| (33..=126).contains(&b) && b != b':').count();
    name_len > 0 && line.get(name_len) == Some(&b':')
}

fn preview(line: &[u8]) -> String {
    let text = String::from_utf8_lossy(line);
    let text = text.trim_end();
    match text.char_indices().nth(60) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bodies(input: &str) -> Vec<(usize, String)> {
        split(input.as_bytes())
            .unwrap()
            .into_iter()
            .map(|m| (m.line, String::from_utf8(m.bytes.into_owned()).unwrap().trim_end().to_owned() + "\n"))
            .collect()
    }

    #[test]
    fn splits_on_envelopes_and_unquotes_from_lines() {
        let input = "From a@b Mon Jan  1 00:00:00 2024\nSubject: one\n\n>From here\n>>From there\n> From not\n\nFrom c@d Mon Jan  1 00:00:00 2024\nSubject: two\n\nbody\n";
        let got = bodies(input);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0], (2, "Subject: one\n\nFrom here\n>From there\n> From not\n".to_owned()));
        assert_eq!(got[1], (9, "Subject: two\n\nbody\n".to_owned()));
    }

    #[test]
    fn unescaped_from_in_body_is_not_an_envelope() {
        let input = "From a@b Mon Jan  1 00:00:00 2024\nSubject: one\n\nFrom my point of view\nit works\n";
        assert_eq!(bodies(input).len(), 1);
    }

    #[test]
    fn headers_without_envelope_are_one_message() {
        let got = bodies("\nMessage-ID: <x@y>\nSubject: s\n\nhi\n");
        assert_eq!(got, [(2, "Message-ID: <x@y>\nSubject: s\n\nhi\n".to_owned())]);
    }

    #[test]
    fn header_blocks_without_envelopes_are_one_message_each() {
        let input = "To: list@x.org\nFrom: a@b.c\nMessage-ID: <1@b>\nSubject: one\n\nfirst body\n\n\
            To: list@x.org\nFrom: d@e.f\nMessage-ID: <2@e>\nSubject: two\n\nsecond\n\n\
            -----Original Message-----\nFrom: a@b.c\nSent: Monday\nTo: d@e.f\nSubject: one\n\nquoted original\n\n\
            Received: by x\nFrom: g@h.i\nDate: Mon, 1 Jan 2024 00:00:00 +0000\nSubject: three\n\nthird\n";
        let got = bodies(input);
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!(got[0].0, 1);
        assert_eq!(got[1].0, 8);
        assert!(got[1].1.contains("quoted original"), "the quoted Outlook block stays in the body");
        assert!(got[2].1.starts_with("Received: by x\n"));
        // With envelopes, a header block in a body is body text.
        let input =
            "From a@b Mon Jan  1 00:00:00 2024\nSubject: one\n\nMessage-ID: <x@y>\nFrom: z@y.org\n\ntext\n";
        assert_eq!(bodies(input).len(), 1);
    }

    #[test]
    fn a_message_stored_alone_is_never_cut() {
        let input = b"From a@b Mon Jan  1 00:00:00 2024\nSubject: one\n\nhi\n\nFrom c@d Mon Jan  1 00:00:00 2024\nSubject: two\n";
        let got = whole(input).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].line, 2);
        assert!(got[0].bytes.starts_with(b"Subject: one") && got[0].bytes.ends_with(b"Subject: two\n"));
        assert!(whole(b" \n").is_err());
    }

    #[test]
    fn refuses_what_is_not_mail() {
        let error = split(b"\n\nhello there\n").unwrap_err();
        assert_eq!(error.location, "line 3");
        assert!(error.message.contains("not an mbox"), "{}", error.message);
        assert_eq!(split(b"  \n").unwrap_err().location, "line 1");
    }
}
