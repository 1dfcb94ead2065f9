//! Post times: machine-readable attributes first (`datetime`, `data-time`,
//! ISO `title`), else the date as the page shows it, read in the page's
//! timezone when it states one (UTC otherwise). Always RFC 3339 in UTC.

use jiff::civil::DateTime;
use jiff::{Timestamp, tz::Offset};

/// A post time as an engine found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Stamp {
    /// An ISO 8601 / RFC 3339 value (`2020-01-18T20:22:24Z`,
    /// `2010-11-21T10:51:58+0000`, or without a zone: UTC).
    Iso(String),
    /// Unix seconds (`data-time`).
    Seconds(i64),
    /// Unix milliseconds (`data-timestamp`).
    Millis(i64),
    /// The date as written on the page.
    Shown(String),
}

/// Formats the shown dates of the engines read here take.
const SHOWN_FORMATS: &[&str] = &[
    "%Y-%m-%d, %H:%M",        // vBulletin 3: 2016-02-01, 02:21
    "%m-%d-%Y, %I:%M %p",     // vBulletin 4, MyBB: 06-15-2016, 03:03 PM
    "%m-%d-%Y, %H:%M",        //
    "%d-%m-%Y, %H:%M",        //
    "%a %b %d, %Y %I:%M %p",  // phpBB: Sun May 26, 2019 4:34 pm
    "%a %b %d, %Y %H:%M",     //
    "%a, %d %B %Y, %H:%M:%S", // SMF: Fri, 13 October 2017, 21:52:42
    "%B %d, %Y, %I:%M:%S %p", // SMF default: October 13, 2017, 09:52:42 PM
    "%b %d, %Y at %I:%M %p",  // XenForo: Oct 30, 2014 at 10:48 PM
    "%b %d, %Y %I:%M %p",     // Something Awful: Jan 18, 2013 10:45 PM
    "%b %d, %Y %H:%M",        // Something Awful: Sep 20, 2012 11:16
    "%m/%d/%y %I:%M %p",      // Invision title: 01/19/20 03:22 AM
    "%d %B %Y - %I:%M %p",    // Invision 3: 19 January 2020 - 03:22 AM
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
];

/// RFC 3339 in UTC, or `None` when the stamp cannot be read.
pub(super) fn resolve(stamp: &Stamp, utc_offset: Option<i32>) -> Option<String> {
    let timestamp = match stamp {
        Stamp::Iso(text) => iso(text)?,
        Stamp::Seconds(seconds) => Timestamp::from_second(*seconds).ok()?,
        Stamp::Millis(millis) => Timestamp::from_millisecond(*millis).ok()?,
        Stamp::Shown(text) => shown(text, utc_offset.unwrap_or(0))?,
    };
    Some(timestamp.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
}

fn iso(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    if let Ok(timestamp) = text.parse::<Timestamp>() {
        return Some(timestamp);
    }
    // `+0000` without a colon.
    for format in ["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S%.f%z"] {
        if let Ok(zoned) = jiff::fmt::strtime::parse(format, text).and_then(|t| t.to_timestamp()) {
            return Some(zoned);
        }
    }
    // No zone at all: read as UTC.
    let civil: DateTime = text.parse().ok()?;
    civil.to_zoned(jiff::tz::TimeZone::UTC).ok().map(|z| z.timestamp())
}

fn shown(text: &str, utc_offset: i32) -> Option<Timestamp> {
    let text = text.replace(['\u{a0}', '\u{202f}'], " ");
    let text = crate::import::html_text::fold_whitespace(&text);
    let civil = SHOWN_FORMATS.iter().find_map(|format| DateTime::strptime(format, &text).ok())?;
    let offset = Offset::from_seconds(utc_offset).ok()?;
    offset.to_timestamp(civil).ok()
}

/// `1290336718` → seconds; 13 digits → milliseconds.
pub(super) fn unix(text: &str) -> Option<Stamp> {
    let value: i64 = text.trim().parse().ok()?;
    Some(if text.trim().len() >= 13 { Stamp::Millis(value) } else { Stamp::Seconds(value) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown_at(text: &str, offset: i32) -> Option<String> {
        resolve(&Stamp::Shown(text.into()), Some(offset))
    }

    #[test]
    fn machine_readable_forms() {
        let iso = |t: &str| resolve(&Stamp::Iso(t.into()), None);
        assert_eq!(iso("2020-01-18T20:22:24Z").as_deref(), Some("2020-01-18T20:22:24Z"));
        assert_eq!(iso("2010-11-21T10:51:58+0000").as_deref(), Some("2010-11-21T10:51:58Z"));
        assert_eq!(iso("2019-04-09T08:37:23").as_deref(), Some("2019-04-09T08:37:23Z"));
        assert_eq!(iso("2019-03-24T19:54:11.505Z").as_deref(), Some("2019-03-24T19:54:11Z"));
        assert_eq!(resolve(&unix("1290336718").unwrap(), None).as_deref(), Some("2010-11-21T10:51:58Z"));
        assert_eq!(resolve(&unix("1553457251505").unwrap(), None).as_deref(), Some("2019-03-24T19:54:11Z"));
    }

    #[test]
    fn shown_dates_in_the_page_zone() {
        assert_eq!(shown_at("2016-02-01, 02:21", -5 * 3600).as_deref(), Some("2016-02-01T07:21:00Z"));
        assert_eq!(shown_at("06-15-2016,\u{a0}03:03 PM", 0).as_deref(), Some("2016-06-15T15:03:00Z"));
        assert_eq!(shown_at("Sun May 26, 2019 4:34 pm", 3600).as_deref(), Some("2019-05-26T15:34:00Z"));
        assert_eq!(shown_at("Fri, 13 October 2017, 21:52:42", 0).as_deref(), Some("2017-10-13T21:52:42Z"));
        assert_eq!(shown_at("Oct 30, 2014 at 10:48 PM", 0).as_deref(), Some("2014-10-30T22:48:00Z"));
        assert_eq!(shown_at("Today, 10:40 PM", 0), None);
    }
}
