//! SMS Backup & Restore XML (`<smses>` root, `<sms/>` and `<mms>` records), read as a
//! stream with quick-xml: no DOM is built, attachment data is never decoded or copied.
//!
//! Conversations are threads keyed by the normalised address set of a record (phone
//! numbers lose spaces, dashes and brackets; several MMS addresses, `~`-separated, are
//! sorted and joined with `~`), titled by the first known `contact_name`, else the key.
//! Sent, draft, outbox, failed and queued records (`type` / `msg_box` 2..=6) are
//! authored `Me`; received ones by the contact name, or for MMS the sender's (`137`)
//! address when it is not the thread's one contact. MMS text parts are joined with `\n`;
//! other parts become placeholders such as `<image/jpeg>`; `application/smil` is
//! skipped. A `subject`/`sub` other than "null" becomes the first line of the text.
//! Messages within a thread are put in `date` order (the app writes all SMS before all
//! MMS); `Message::line` is the 1-based line where the record's element starts.
//!
//! A broken record (bad attribute, unknown `type`, bad `date`) is reported with its line;
//! a record with an unusable `date` is kept without a time. When the XML itself breaks,
//! the reader reports the line and resumes at the next `<sms`/`<mms`; a file cut off
//! inside a record reports that record's line. An empty backup (`<smses count="0">`) is
//! not an error: it gives zero conversations, and the file still appears in `inputs`.
//!
//! Also home to the small lenient XML helpers the PAN-2012 reader shares (`Lines`,
//! `unescape_lenient`, `first_elements`, `find_tag`).

use super::xml::{Lines, find_tag, first_elements, lenient_reader, unescape_lenient};
use super::{IngestOptions, Parsed, ParsedConversation, Source, strip_bom};
use crate::error::InputError;
use crate::model::Message;
use chrono::{DateTime, Utc};
use quick_xml::events::{BytesStart, Event};
use std::borrow::Cow;
use std::collections::HashMap;

/// The author name given to the phone owner's own messages.
pub const ME: &str = super::ME;

/// True when the first element of the file is `<smses>`.
pub fn looks_like(source: &Source) -> bool {
    looks_like_elements(&first_elements(source.bytes, 1))
}

/// `looks_like` on the names `xml::first_elements` found (at least the first one).
pub(crate) fn looks_like_elements(names: &[Vec<u8>]) -> bool {
    names.first().map(Vec::as_slice) == Some(b"smses")
}

/// Reads an SMS Backup & Restore XML file.
pub fn parse(source: &Source, _opts: &IngestOptions) -> Result<Parsed, InputError> {
    let bytes = strip_bom(source.bytes);
    let mut st = State::new(source.display, bytes);
    let mut base = 0usize;
    'restart: while base < bytes.len() {
        let mut reader = lenient_reader(&bytes[base..]);
        loop {
            let start = base + reader.buffer_position() as usize;
            match reader.read_event() {
                Ok(Event::Start(e)) => st.element(&e, start, false),
                Ok(Event::Empty(e)) => st.element(&e, start, true),
                Ok(Event::End(e)) => st.end(e.local_name().as_ref()),
                Ok(Event::Eof) => break 'restart,
                Ok(_) => {}
                Err(e) => {
                    let at = (base + reader.error_position() as usize).max(start);
                    let next = find_tag(bytes, at + 1, &[b"<sms", b"<mms", b"</smses"]);
                    st.broken(at, &e.to_string(), next.is_some());
                    match next {
                        Some(n) => {
                            base = n;
                            continue 'restart;
                        }
                        None => break 'restart,
                    }
                }
            }
        }
    }
    st.finish()
}

/// Per-file parsing state.
struct State<'a> {
    display: &'a str,
    lines: Lines<'a>,
    root: bool,
    root_closed: bool,
    mms: Option<Mms>,
    threads: Vec<Thread>,
    index: HashMap<String, usize>,
    errors: Vec<InputError>,
    unsent: usize,
    /// The XML broke and the rest of the file could not be read.
    stopped: bool,
}

struct Thread {
    key: String,
    title: Option<String>,
    messages: Vec<Message>,
}

/// An `<mms>` record being read: its own attributes, then its parts and addresses.
struct Mms {
    line: u64,
    attrs: [Option<String>; 5],
    parts: Vec<String>,
    from: Option<String>,
    broken: bool,
}

const SMS_ATTRS: [&str; 6] = ["address", "date", "type", "body", "subject", "contact_name"];
const MMS_ATTRS: [&str; 5] = ["address", "date", "msg_box", "sub", "contact_name"];

impl<'a> State<'a> {
    fn new(display: &'a str, bytes: &'a [u8]) -> Self {
        State {
            display,
            lines: Lines::new(bytes),
            root: false,
            root_closed: false,
            mms: None,
            threads: Vec::new(),
            index: HashMap::new(),
            errors: Vec::new(),
            unsent: 0,
            stopped: false,
        }
    }

    fn error(&mut self, line: u64, message: impl Into<String>) {
        self.errors
            .push(InputError::new(self.display, Some(line), message));
    }

    fn element(&mut self, e: &BytesStart, start: usize, empty: bool) {
        match e.local_name().as_ref() {
            b"smses" => {
                self.root = true;
                self.root_closed = empty;
            }
            b"sms" => {
                let line = self.lines.at(start);
                self.sms(e, line);
            }
            b"mms" => {
                let line = self.lines.at(start);
                if let Some(open) = self.mms.take() {
                    self.error(
                        open.line,
                        "<mms> record has no closing tag before the next one; skipped",
                    );
                }
                let mut notes = Vec::new();
                let mms = match read_attrs(e, &MMS_ATTRS, &mut notes) {
                    Ok(attrs) => Mms {
                        line,
                        attrs,
                        parts: Vec::new(),
                        from: None,
                        broken: false,
                    },
                    Err(m) => {
                        self.error(line, format!("{m}; <mms> record skipped"));
                        Mms {
                            line,
                            attrs: Default::default(),
                            parts: Vec::new(),
                            from: None,
                            broken: true,
                        }
                    }
                };
                for n in notes {
                    self.error(line, n);
                }
                self.mms = Some(mms);
                if empty {
                    self.end(b"mms");
                }
            }
            b"part" if self.mms.is_some() => {
                let line = self.lines.at(start);
                let mut notes = Vec::new();
                match read_attrs(e, &["ct", "text"], &mut notes) {
                    Ok([ct, text]) => {
                        if let Some(part) = part_text(ct.as_deref(), text)
                            && let Some(mms) = self.mms.as_mut()
                        {
                            mms.parts.push(part);
                        }
                    }
                    Err(m) => self.error(line, format!("{m}; MMS part skipped")),
                }
                for n in notes {
                    self.error(line, n);
                }
            }
            b"addr" if self.mms.is_some() => {
                let mut notes = Vec::new();
                if let Ok([address, kind]) = read_attrs(e, &["address", "type"], &mut notes)
                    && kind.as_deref().map(str::trim) == Some("137")
                    && let Some(mms) = self.mms.as_mut()
                {
                    mms.from = mms.from.take().or(address);
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &[u8]) {
        match name {
            b"mms" => {
                if let Some(mms) = self.mms.take()
                    && !mms.broken
                {
                    self.finish_mms(mms);
                }
            }
            b"smses" => self.root_closed = true,
            _ => {}
        }
    }

    fn sms(&mut self, e: &BytesStart, line: u64) {
        let mut notes = Vec::new();
        let attrs = read_attrs(e, &SMS_ATTRS, &mut notes);
        for n in notes {
            self.error(line, n);
        }
        let [address, date, kind, body, subject, contact] = match attrs {
            Ok(a) => a,
            Err(m) => {
                self.error(line, format!("{m}; <sms> record skipped"));
                return;
            }
        };
        let key = thread_key(address.as_deref().unwrap_or(""));
        let contact = known_contact(contact);
        let author = match box_author(kind.as_deref()) {
            Some(Direction::Received) => contact.clone().unwrap_or_else(|| key.clone()),
            Some(Direction::Sent) => ME.to_string(),
            Some(Direction::Unsent) => {
                self.unsent += 1;
                ME.to_string()
            }
            None => {
                self.error(
                    line,
                    format!(
                        "<sms> type {:?} is not received (1) or sent (2..=6); kept without an author",
                        kind.as_deref().unwrap_or("")
                    ),
                );
                String::new()
            }
        };
        let mut text = body.unwrap_or_default();
        if let Some(s) = subject.filter(|s| !s.trim().is_empty() && s != "null") {
            text = if text.is_empty() {
                s
            } else {
                format!("{s}\n{text}")
            };
        }
        let time = self.time(date.as_deref(), line);
        self.push(
            key,
            contact,
            Message {
                author,
                time,
                time_raw: date.unwrap_or_default(),
                text,
                line,
                deleted: false,
            },
        );
    }

    fn finish_mms(&mut self, mms: Mms) {
        let Mms {
            line,
            attrs,
            parts,
            from,
            ..
        } = mms;
        let [address, date, msg_box, sub, contact] = attrs;
        let key = thread_key(address.as_deref().unwrap_or(""));
        let contact = known_contact(contact);
        let author = match box_author(msg_box.as_deref()) {
            Some(Direction::Received) => {
                let from = from
                    .map(|f| normalise_address(&f))
                    .filter(|f| !f.is_empty());
                match from {
                    Some(f) if f != key => f,
                    _ => contact.clone().unwrap_or_else(|| key.clone()),
                }
            }
            Some(Direction::Sent) => ME.to_string(),
            Some(Direction::Unsent) => {
                self.unsent += 1;
                ME.to_string()
            }
            None => {
                self.error(
                    line,
                    format!(
                        "<mms> msg_box {:?} is not received (1) or sent (2..=6); kept without an author",
                        msg_box.as_deref().unwrap_or("")
                    ),
                );
                String::new()
            }
        };
        let mut lines: Vec<String> = Vec::new();
        if let Some(s) = sub.filter(|s| !s.trim().is_empty() && s != "null") {
            lines.push(s);
        }
        lines.extend(parts);
        let time = self.time(date.as_deref(), line);
        self.push(
            key,
            contact,
            Message {
                author,
                time,
                time_raw: date.unwrap_or_default(),
                text: lines.join("\n"),
                line,
                deleted: false,
            },
        );
    }

    /// `date` is milliseconds since 1970-01-01 UTC.
    fn time(&mut self, raw: Option<&str>, line: u64) -> Option<DateTime<Utc>> {
        let raw = raw.unwrap_or("").trim();
        let time = raw
            .parse::<i64>()
            .ok()
            .filter(|&ms| ms > 0)
            .and_then(DateTime::from_timestamp_millis);
        if time.is_none() {
            self.error(
                line,
                format!("date {raw:?} is not milliseconds since 1970; message kept without a time"),
            );
        }
        time
    }

    fn push(&mut self, key: String, contact: Option<String>, message: Message) {
        let i = match self.index.get(&key) {
            Some(&i) => i,
            None => {
                self.threads.push(Thread {
                    key: key.clone(),
                    title: None,
                    messages: Vec::new(),
                });
                self.index.insert(key, self.threads.len() - 1);
                self.threads.len() - 1
            }
        };
        let thread = &mut self.threads[i];
        if thread.title.is_none() {
            thread.title = contact;
        }
        thread.messages.push(message);
    }

    /// The XML broke at byte `at`.
    fn broken(&mut self, at: usize, why: &str, resumes: bool) {
        let line = self.lines.at(at);
        let mut message = format!("XML is broken here ({why})");
        if let Some(open) = self.mms.take() {
            message.push_str(&format!(
                "; the <mms> record at line {} is skipped",
                open.line
            ));
        }
        self.stopped = !resumes;
        message.push_str(if resumes {
            "; reading resumes at the next record"
        } else {
            "; the rest of the file is not read"
        });
        self.error(line, message);
    }

    fn finish(mut self) -> Result<Parsed, InputError> {
        let end_line = self.lines.at(usize::MAX);
        if let Some(open) = self.mms.take() {
            self.error(
                open.line,
                format!(
                    "the file ends (line {end_line}) inside this <mms> record: truncated; record skipped"
                ),
            );
        } else if self.root && !self.root_closed && !self.stopped {
            self.error(
                end_line,
                "the file ends before </smses>: it may be truncated",
            );
        }
        if !self.root {
            return Err(InputError::file(
                self.display,
                "no <smses> root element: not an SMS Backup & Restore file",
            ));
        }
        let mut parsed = Parsed {
            errors: self.errors,
            ..Parsed::default()
        };
        let mut reordered = 0;
        for mut t in self.threads {
            if t.messages.iter().all(|m| m.time.is_some())
                && t.messages.windows(2).any(|w| w[0].time > w[1].time)
            {
                t.messages.sort_by_key(|m| m.time);
                reordered += 1;
            }
            parsed.conversations.push(ParsedConversation {
                title: t.title.unwrap_or_else(|| t.key.clone()),
                key: t.key,
                messages: t.messages,
            });
        }
        if reordered > 0 {
            parsed.assumptions.push(format!(
                "messages in {reordered} thread(s) were put in `date` order (the backup lists SMS before MMS); each message's line still points at its record"
            ));
        }
        if self.unsent > 0 {
            parsed.assumptions.push(format!(
                "{} draft, outbox, failed or queued message(s) (type 3..=6) are kept and authored {ME}",
                self.unsent
            ));
        }
        Ok(parsed)
    }
}

enum Direction {
    Received,
    Sent,
    Unsent,
}

/// `type` (SMS) and `msg_box` (MMS): 1 received, 2 sent, 3 draft, 4 outbox, 5 failed,
/// 6 queued.
fn box_author(raw: Option<&str>) -> Option<Direction> {
    match raw?.trim() {
        "1" => Some(Direction::Received),
        "2" => Some(Direction::Sent),
        "3" | "4" | "5" | "6" => Some(Direction::Unsent),
        _ => None,
    }
}

fn known_contact(contact: Option<String>) -> Option<String> {
    contact
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty() && c != "(Unknown)" && c != "null")
}

/// What an MMS part contributes to the text: its text for `text/plain`, a placeholder
/// such as `<image/jpeg>` for media, nothing for the SMIL layout.
fn part_text(ct: Option<&str>, text: Option<String>) -> Option<String> {
    let ct = ct.map(str::trim).filter(|c| !c.is_empty() && *c != "null");
    match ct {
        Some(c) if c.eq_ignore_ascii_case("application/smil") => None,
        Some(c) if c.eq_ignore_ascii_case("text/plain") => {
            text.filter(|t| t != "null" && !t.is_empty())
        }
        Some(c) => Some(format!("<{c}>")),
        None => Some("<attachment>".to_string()),
    }
}

/// Phone numbers lose formatting (spaces, dashes, brackets, dots); e-mail addresses are
/// lower-cased; anything else (short codes, names) is kept as written, trimmed.
pub(crate) fn normalise_address(raw: &str) -> String {
    let t = raw.trim();
    let phone = t.chars().any(|c| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || "+-(). ".contains(c));
    if phone {
        t.chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect()
    } else if t.contains('@') {
        t.to_lowercase()
    } else {
        t.to_string()
    }
}

/// The thread key of an `address` attribute: its `~`-separated addresses normalised,
/// sorted and de-duplicated.
fn thread_key(address: &str) -> String {
    let mut parts: Vec<String> = address
        .split('~')
        .map(normalise_address)
        .filter(|a| !a.is_empty() && a != "null")
        .collect();
    parts.sort();
    parts.dedup();
    if parts.is_empty() {
        "(no address)".to_string()
    } else {
        parts.join("~")
    }
}

/// Reads the wanted attributes (first occurrence of each), unescaped. A malformed
/// attribute list is an `Err`; invalid UTF-8 is replaced and noted in `notes`.
fn read_attrs<const N: usize>(
    e: &BytesStart,
    wanted: &[&str; N],
    notes: &mut Vec<String>,
) -> Result<[Option<String>; N], String> {
    let mut out: [Option<String>; N] = std::array::from_fn(|_| None);
    for attr in super::xml::attributes(e) {
        let attr = attr.map_err(|e| format!("malformed attribute ({e})"))?;
        let key = attr.key.local_name();
        let Some(i) = wanted.iter().position(|w| w.as_bytes() == key.as_ref()) else {
            continue;
        };
        if out[i].is_some() {
            continue;
        }
        let raw = match std::str::from_utf8(&attr.value) {
            Ok(s) => Cow::Borrowed(s),
            Err(_) => {
                notes.push(format!(
                    "attribute {} is not valid UTF-8; bad bytes replaced with U+FFFD",
                    wanted[i]
                ));
                String::from_utf8_lossy(&attr.value)
            }
        };
        out[i] = Some(unescape_lenient(&raw).into_owned());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn source(bytes: &[u8]) -> Source<'_> {
        Source {
            path: Path::new("t.xml"),
            display: "t.xml",
            bytes,
        }
    }

    fn run(xml: &str) -> Result<Parsed, InputError> {
        parse(&source(xml.as_bytes()), &IngestOptions::default())
    }

    /// (key, title, [(author, text, line)])
    type Summary = Vec<(String, String, Vec<(String, String, u64)>)>;

    fn summary(p: &Parsed) -> Summary {
        p.conversations
            .iter()
            .map(|c| {
                (
                    c.key.clone(),
                    c.title.clone(),
                    c.messages
                        .iter()
                        .map(|m| (m.author.clone(), m.text.clone(), m.line))
                        .collect(),
                )
            })
            .collect()
    }

    const HEAD: &str = "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<?xml-stylesheet type=\"text/xsl\" href=\"sms.xsl\"?>\n";

    #[test]
    fn detection_by_root_element() {
        for (bytes, want) in [
            (format!("{HEAD}<smses count=\"0\">\n</smses>"), true),
            ("\u{feff}<!-- c --><smses/>".to_string(), true),
            ("<smses".to_string(), false),
            (format!("{HEAD}<calls count=\"1\"/>"), false),
            ("<conversations><conversation/>".to_string(), false),
            ("smses".to_string(), false),
            ("{\"smses\": 1}".to_string(), false),
            (String::new(), false),
        ] {
            assert_eq!(looks_like(&source(bytes.as_bytes())), want, "{bytes:?}");
        }
        assert!(!looks_like(&source(b"\x00\xff\xfe<smses>")));
        // A root far beyond the sniffed prefix is not seen.
        let far = format!("{}<smses/>", " ".repeat(super::super::SNIFF_BYTES));
        assert!(!looks_like(&source(far.as_bytes())));
    }

    #[test]
    fn sms_and_mms_threads_authors_and_text() {
        let xml = format!(
            "{HEAD}<smses count=\"5\">\n\
  <sms address=\"+1 (555) 000-0001\" date=\"1512226167463\" type=\"1\" subject=\"null\" body=\"hi &amp; bye&#10;two\" contact_name=\"Contact A\" />\n\
  <sms address=\"+15550000001\" date=\"1512226192812\" type=\"2\" subject=\"Re\" body=\"yo\" contact_name=\"Contact A\" />\n\
  <sms address=\"555\" date=\"1512226192813\" type=\"1\" body=\"&#55357;&#56832; &#x1F600; &bogus; a & b\" contact_name=\"(Unknown)\" />\n\
  <mms date=\"1512226100000\" msg_box=\"1\" address=\"+15550000001\" sub=\"null\" contact_name=\"Contact A\">\n\
    <parts>\n\
      <part seq=\"-1\" ct=\"application/smil\" text=\"&lt;smil/&gt;\" />\n\
      <part seq=\"0\" ct=\"image/jpeg\" text=\"null\" data=\"AAAA\" />\n\
      <part seq=\"0\" ct=\"text/plain\" text=\"look\" />\n\
    </parts>\n\
    <addrs><addr address=\"+15550000001\" type=\"137\" /><addr address=\"+15550000007\" type=\"151\" /></addrs>\n\
  </mms>\n\
  <mms date=\"1512226200000\" msg_box=\"1\" address=\"+15550000009~+15550000001\" contact_name=\"(Unknown)\">\n\
    <parts><part ct=\"text/plain\" text=\"group\" /></parts>\n\
    <addrs><addr address=\"+1 555 000 0009\" type=\"137\" /></addrs>\n\
  </mms>\n\
</smses>\n"
        );
        let p = run(&xml).unwrap();
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        let s = summary(&p);
        let a = (
            "+15550000001".to_string(),
            "Contact A".to_string(),
            vec![
                ("Contact A".into(), "<image/jpeg>\nlook".into(), 7),
                ("Contact A".into(), "hi & bye\ntwo".into(), 4),
                ("Me".into(), "Re\nyo".into(), 5),
            ],
        );
        assert_eq!(s[0], a);
        assert_eq!(s[1].0, "555");
        assert_eq!(s[1].1, "555", "(Unknown) is not a title");
        assert_eq!(s[1].2[0].0, "555");
        assert_eq!(s[1].2[0].1, "\u{1F600} \u{1F600} &bogus; a & b");
        assert_eq!(s[2].0, "+15550000001~+15550000009");
        assert_eq!(s[2].2, vec![("+15550000009".into(), "group".into(), 15)]);
        let t = &p.conversations[0].messages[1];
        assert_eq!(
            t.time.unwrap().to_rfc3339(),
            "2017-12-02T14:49:27.463+00:00"
        );
        assert_eq!(t.time_raw, "1512226167463");
        assert_eq!(p.assumptions.len(), 1, "{:?}", p.assumptions);
    }

    #[test]
    fn broken_records_are_reported_and_the_rest_continues() {
        let xml = format!(
            "{HEAD}<smses>\n\
  <sms address=\"1\" date=\"yesterday\" type=\"1\" body=\"kept, no time\" />\n\
  <sms address=\"1\" date=\"1000\" type=\"9\" body=\"kept, no author\" />\n\
  <sms address=\"1\" date=1000 type=\"1\" body=\"unquoted\" />\n\
  <sms address=\"1\" date=\"1000\" type=\"3\" body=\"draft\" />\n\
  <!-- broken comment -\n\
  <sms address=\"2\" date=\"2000\" type=\"1\" body=\"after the break\" />\n\
</smses>\n"
        );
        let p = run(&xml).unwrap();
        let lines: Vec<Option<u64>> = p.errors.iter().map(|e| e.line).collect();
        assert_eq!(
            lines,
            [Some(4), Some(5), Some(6), Some(8)],
            "{:?}",
            p.errors
        );
        assert!(p.errors[3].message.contains("resumes"), "{}", p.errors[3]);
        let s = summary(&p);
        assert_eq!(s.len(), 2);
        assert_eq!(
            s[0].2,
            vec![
                ("1".into(), "kept, no time".into(), 4),
                ("".into(), "kept, no author".into(), 5),
                ("Me".into(), "draft".into(), 7),
            ]
        );
        assert_eq!(s[1].2, vec![("2".into(), "after the break".into(), 9)]);
        assert!(p.assumptions.iter().any(|a| a.contains("draft")));
    }

    #[test]
    fn truncated_files_keep_what_was_read() {
        let whole = format!(
            "{HEAD}<smses>\n  <sms address=\"1\" date=\"1000\" type=\"1\" body=\"one\" />\n  <mms date=\"2000\" msg_box=\"1\" address=\"1\">\n    <parts>\n      <part ct=\"text/plain\" text=\"two\" />\n    </parts>\n  </mms>\n</smses>\n"
        );
        // Cut inside the <mms> record: the SMS is kept, the MMS reported at its line.
        let cut = &whole[..whole.find("</parts>").unwrap()];
        let p = run(cut).unwrap();
        assert_eq!(p.conversations[0].messages.len(), 1);
        assert_eq!(p.errors.len(), 1);
        assert_eq!(p.errors[0].line, Some(5));
        assert!(p.errors[0].message.contains("truncated"), "{}", p.errors[0]);
        // Cut inside a tag: quick-xml reports the break.
        let cut = &whole[..whole.find("type=\"1\" body").unwrap()];
        let p = run(cut).unwrap();
        assert!(p.conversations.is_empty());
        assert_eq!(p.errors.len(), 1);
        assert_eq!(p.errors[0].line, Some(4), "{}", p.errors[0]);
        // Cut after a record: the missing </smses> is reported.
        let cut = &whole[..whole.find("</smses>").unwrap()];
        let p = run(cut).unwrap();
        assert_eq!(p.conversations[0].messages.len(), 2);
        assert_eq!(p.errors.len(), 1);
        assert!(p.errors[0].message.contains("</smses>"));
    }

    #[test]
    fn empty_backup_is_not_an_error() {
        let p = run(&format!("{HEAD}<smses count=\"0\">\n</smses>\n")).unwrap();
        assert!(p.conversations.is_empty() && p.errors.is_empty());
        let p = run("<smses count=\"0\" />").unwrap();
        assert!(p.conversations.is_empty() && p.errors.is_empty());
    }

    #[test]
    fn never_panics_on_junk() {
        let mut junk: Vec<Vec<u8>> = vec![
            b"".to_vec(),
            b"\x00\x01\xff\xfe<<<>>>&&&".to_vec(),
            b"<smses><sms".to_vec(),
            b"<smses><sms address=\"\xff\xfe\" date=\"1\" type=\"1\" body=\"\xc3\"/>".to_vec(),
            b"<smses><mms><mms><part ct=\"text/plain\" text=\"x\"/></smses>".to_vec(),
            b"<smses></mms></sms><sms/><mms/>".to_vec(),
            b"<smses><sms body=\"&#xD800;&#99999999999;&#0;&#x;&\"/>".to_vec(),
            b"<smses><![CDATA[<sms".to_vec(),
        ];
        let mut huge = b"<smses><sms address=\"1\" date=\"1\" type=\"1\" body=\"".to_vec();
        huge.extend(std::iter::repeat_n(b'x', 1 << 20));
        huge.extend(b"\"/></smses>");
        junk.push(huge);
        for bytes in &junk {
            let _ = parse(&source(bytes), &IngestOptions::default());
            let _ = looks_like(&source(bytes));
        }
        assert!(run("not xml at all").is_err());
        let p = parse(&source(junk.last().unwrap()), &IngestOptions::default()).unwrap();
        assert_eq!(p.conversations[0].messages[0].text.len(), 1 << 20);
    }

    #[test]
    fn unescape_table() {
        for (raw, want) in [
            ("plain", "plain"),
            (
                "a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;",
                "a & b <c> \"d\" 'e'",
            ),
            ("&#10;&#x41;&#X42;", "\nAB"),
            ("&#55357;&#56832;", "\u{1F600}"),
            ("&#55357;x", "\u{FFFD}x"),
            ("&#56832;", "\u{FFFD}"),
            ("AT&T &nbsp; &#; &#0; &", "AT&T &nbsp; &#; &#0; &"),
        ] {
            assert_eq!(unescape_lenient(raw), want, "{raw}");
        }
    }

    #[test]
    fn address_normalisation() {
        for (raw, want) in [
            (" +1 (555) 000-0001 ", "+15550000001"),
            ("Bob@Example.COM", "bob@example.com"),
            ("CoopMobile", "CoopMobile"),
            ("+1~+2~+1", "+1~+2"),
            ("", "(no address)"),
        ] {
            assert_eq!(thread_key(raw), want, "{raw}");
        }
    }
}
