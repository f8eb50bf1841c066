//! PAN-2012 sexual predator identification corpus XML:
//! `<conversations><conversation id><message line><author/><time/><text/></message>`.
//!
//! One conversation per `<conversation>`, keyed by its `id` (so label files refer to it);
//! `Message::line` is the message's `line` attribute (the unit of PAN's line-level
//! evaluation), or its 1-based position in the conversation when the attribute is
//! missing or not a number. `time` carries no date, so it is kept in `time_raw` only.
//!
//! The corpus is not always well-formed XML: message text often holds a bare `&` or `<`.
//! So the reader streams the structure with quick-xml (end names unchecked), but takes
//! each `<text>` body as the raw bytes up to its `</text>` (or, when that is missing, up
//! to `</message>`), resolving entities leniently and keeping anything unresolvable as
//! written. When quick-xml itself stops on broken markup, the error names the line, the
//! message being read is dropped, and reading resumes at the next message or
//! conversation.

use super::xml::{Lines, find_tag, first_elements, lenient_reader, unescape_lenient};
use super::{IngestOptions, Parsed, ParsedConversation, Source, strip_bom};
use crate::error::InputError;
use crate::model::Message;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashSet;

/// True when the first element is `<conversations>` and the next one (if within the
/// sniffed prefix) is `<conversation>`.
pub fn looks_like(source: &Source) -> bool {
    looks_like_elements(&first_elements(source.bytes, 2))
}

/// `looks_like` on the names `xml::first_elements` found (at least the first two).
pub(crate) fn looks_like_elements(names: &[Vec<u8>]) -> bool {
    names.first().map(Vec::as_slice) == Some(b"conversations")
        && names.get(1).is_none_or(|n| n == b"conversation")
}

/// Reads a PAN-2012 corpus file.
pub fn parse(source: &Source, _opts: &IngestOptions) -> Result<Parsed, InputError> {
    let bytes = strip_bom(source.bytes);
    let mut st = State::new(source.display, bytes);
    let mut base = 0usize;
    'restart: while base < bytes.len() {
        let mut reader = lenient_reader(&bytes[base..]);
        loop {
            let start = base + reader.buffer_position() as usize;
            match reader.read_event() {
                Ok(Event::Start(e)) => match e.local_name().as_ref() {
                    b"text" => {
                        let after = base + reader.buffer_position() as usize;
                        base = st.text(after, start);
                        continue 'restart;
                    }
                    _ => st.start(&e, start),
                },
                Ok(Event::Empty(e)) => {
                    let name = e.local_name().as_ref().to_vec();
                    match name.as_slice() {
                        b"text" => st.set_field(Field::Text, String::new()),
                        b"author" => st.set_field(Field::Author, String::new()),
                        b"time" => st.set_field(Field::Time, String::new()),
                        _ => {
                            st.start(&e, start);
                            st.end(&name, start);
                        }
                    }
                }
                Ok(Event::Text(t)) => st.chars(&t),
                Ok(Event::CData(c)) => st.chars(&c),
                Ok(Event::End(e)) => st.end(e.local_name().as_ref(), start),
                Ok(Event::Eof) => break 'restart,
                Ok(_) => {}
                Err(e) => {
                    let at = (base + reader.error_position() as usize).max(start);
                    let next = find_tag(
                        bytes,
                        at + 1,
                        &[b"<message", b"<conversation", b"</conversation"],
                    );
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

#[derive(Clone, Copy, PartialEq)]
enum Field {
    Author,
    Time,
    Text,
}

#[derive(Default)]
struct Msg {
    /// File line where `<message>` starts.
    at: u64,
    line_attr: Option<u64>,
    author: Option<String>,
    time: Option<String>,
    text: Option<String>,
}

struct Conv {
    at: u64,
    key: String,
    messages: Vec<Message>,
}

struct State<'a> {
    display: &'a str,
    bytes: &'a [u8],
    lines: Lines<'a>,
    root: bool,
    conv: Option<Conv>,
    msg: Option<Msg>,
    /// The field whose character data is being collected, and the raw bytes so far.
    field: Option<(Field, Vec<u8>)>,
    conversations: Vec<ParsedConversation>,
    keys: HashSet<String>,
    ordinal: usize,
    errors: Vec<InputError>,
    stopped: bool,
}

impl<'a> State<'a> {
    fn new(display: &'a str, bytes: &'a [u8]) -> Self {
        State {
            display,
            bytes,
            lines: Lines::new(bytes),
            root: false,
            conv: None,
            msg: None,
            field: None,
            conversations: Vec::new(),
            keys: HashSet::new(),
            ordinal: 0,
            errors: Vec::new(),
            stopped: false,
        }
    }

    fn error(&mut self, line: u64, message: impl Into<String>) {
        self.errors
            .push(InputError::new(self.display, Some(line), message));
    }

    fn start(&mut self, e: &BytesStart, start: usize) {
        match e.local_name().as_ref() {
            b"conversations" => self.root = true,
            b"conversation" => {
                let at = self.lines.at(start);
                if let Some(open) = self.conv.take() {
                    self.close_message(at, "the next <conversation> starts");
                    self.error(
                        open.at,
                        format!(
                            "<conversation> {:?} has no closing tag before the next one",
                            open.key
                        ),
                    );
                    self.push_conversation(open);
                }
                self.ordinal += 1;
                let id = match attr(e, b"id") {
                    Ok(Some(id)) if !id.trim().is_empty() => id.trim().to_string(),
                    other => {
                        let why = match other {
                            Err(m) => m,
                            _ => "no id attribute".to_string(),
                        };
                        let key = format!("conversation-{}", self.ordinal);
                        self.error(at, format!("<conversation> has {why}; named {key:?}"));
                        key
                    }
                };
                let mut key = id.clone();
                let mut n = 1;
                while self.keys.contains(&key) {
                    n += 1;
                    key = format!("{id}#{n}");
                }
                if n > 1 {
                    self.error(
                        at,
                        format!("conversation id {id:?} appears again; this one is {key:?}"),
                    );
                }
                self.keys.insert(key.clone());
                self.conv = Some(Conv {
                    at,
                    key,
                    messages: Vec::new(),
                });
            }
            b"message" => {
                let at = self.lines.at(start);
                self.close_message(at, "the next <message> starts");
                if self.conv.is_none() {
                    self.error(at, "<message> outside any <conversation>; skipped");
                    return;
                }
                let line_attr = match attr(e, b"line") {
                    Ok(None) => None,
                    Ok(Some(v)) => match v.trim().parse::<u64>() {
                        Ok(n) => Some(n),
                        Err(_) => {
                            self.error(
                                at,
                                format!("message line {v:?} is not a number; its position is used"),
                            );
                            None
                        }
                    },
                    Err(m) => {
                        self.error(at, format!("<message> has {m}; its position is used"));
                        None
                    }
                };
                self.msg = Some(Msg {
                    at,
                    line_attr,
                    ..Msg::default()
                });
            }
            b"author" if self.msg.is_some() => self.field = Some((Field::Author, Vec::new())),
            b"time" if self.msg.is_some() => self.field = Some((Field::Time, Vec::new())),
            _ => {}
        }
    }

    fn chars(&mut self, raw: &[u8]) {
        if let Some((_, buf)) = self.field.as_mut() {
            buf.extend_from_slice(raw);
        }
    }

    fn set_field(&mut self, field: Field, value: String) {
        if let Some(m) = self.msg.as_mut() {
            let slot = match field {
                Field::Author => &mut m.author,
                Field::Time => &mut m.time,
                Field::Text => &mut m.text,
            };
            slot.get_or_insert(value);
        }
    }

    /// A `<text>` element starts at `start`, its body at `after`. Takes the raw body and
    /// returns where reading resumes.
    fn text(&mut self, after: usize, start: usize) -> usize {
        let bytes = self.bytes;
        let close = find_tag(bytes, after, &[b"</text"]);
        let message_end = find_tag(
            bytes,
            after,
            &[b"</message", b"<message", b"</conversation"],
        );
        let (end, resume) = match (close, message_end) {
            (Some(c), m) if m.is_none_or(|m| c < m) => {
                let gt = bytes[c..].iter().position(|&b| b == b'>');
                (c, gt.map_or(bytes.len(), |g| c + g + 1))
            }
            (_, Some(m)) => {
                let line = self.lines.at(start);
                self.error(
                    line,
                    "<text> has no closing tag; text taken up to the message end",
                );
                (m, m)
            }
            (_, None) => {
                let line = self.lines.at(start);
                self.error(
                    line,
                    "<text> has no closing tag; text taken up to the end of the file",
                );
                (bytes.len(), bytes.len())
            }
        };
        let raw = &bytes[after..end];
        let (text, bad_utf8) = decode_text(raw);
        if bad_utf8 {
            let line = self.lines.at(start);
            self.error(
                line,
                "text is not valid UTF-8; bad bytes replaced with U+FFFD",
            );
        }
        if self.msg.is_some() {
            self.set_field(Field::Text, text);
        }
        resume
    }

    fn end(&mut self, name: &[u8], start: usize) {
        match name {
            b"author" | b"time" => {
                if let Some((field, raw)) = self.field.take() {
                    let (value, bad_utf8) = decode_text(&raw);
                    if bad_utf8 {
                        let line = self.lines.at(start);
                        self.error(line, "invalid UTF-8 replaced with U+FFFD");
                    }
                    self.set_field(field, value.trim().to_string());
                }
            }
            b"message" => {
                let at = self.lines.at(start);
                self.close_message(at, "");
            }
            b"conversation" => {
                let at = self.lines.at(start);
                self.close_message(at, "</conversation> comes first");
                if let Some(conv) = self.conv.take() {
                    self.push_conversation(conv);
                }
            }
            _ => {}
        }
    }

    /// Ends the open message, if any. `why` is non-empty when it was not closed properly.
    fn close_message(&mut self, at: u64, why: &str) {
        self.field = None;
        let Some(m) = self.msg.take() else {
            return;
        };
        if !why.is_empty() {
            self.error(
                m.at,
                format!("<message> has no closing tag ({why} at line {at}); kept"),
            );
        }
        let Some(conv) = self.conv.as_mut() else {
            return;
        };
        let position = conv.messages.len() as u64 + 1;
        conv.messages.push(Message {
            author: m.author.unwrap_or_default(),
            time: None,
            time_raw: m.time.unwrap_or_default(),
            text: m.text.unwrap_or_default(),
            line: m.line_attr.unwrap_or(position),
            deleted: false,
        });
    }

    fn push_conversation(&mut self, conv: Conv) {
        self.conversations.push(ParsedConversation {
            title: conv.key.clone(),
            key: conv.key,
            messages: conv.messages,
        });
    }

    fn broken(&mut self, at: usize, why: &str, resumes: bool) {
        let line = self.lines.at(at);
        let mut message = format!("XML is broken here ({why})");
        self.field = None;
        if let Some(m) = self.msg.take() {
            message.push_str(&format!("; the <message> at line {} is skipped", m.at));
        }
        self.stopped = !resumes;
        message.push_str(if resumes {
            "; reading resumes at the next message"
        } else {
            "; the rest of the file is not read"
        });
        self.error(line, message);
    }

    fn finish(mut self) -> Result<Parsed, InputError> {
        let end_line = self.lines.at(usize::MAX);
        if self.msg.is_some() {
            self.close_message(end_line, "the file ends");
        }
        if let Some(conv) = self.conv.take() {
            if !self.stopped {
                self.error(
                    conv.at,
                    format!(
                        "the file ends (line {end_line}) before this conversation's </conversation>: it may be truncated"
                    ),
                );
            }
            self.push_conversation(conv);
        }
        if !self.root && self.conversations.is_empty() {
            return Err(InputError::file(
                self.display,
                "no <conversations> root element: not a PAN-2012 corpus file",
            ));
        }
        Ok(Parsed {
            conversations: self.conversations,
            errors: self.errors,
            ..Parsed::default()
        })
    }
}

/// One attribute's value, leniently unescaped; `Err` when the attribute list is malformed.
fn attr(e: &BytesStart, name: &[u8]) -> Result<Option<String>, String> {
    for a in super::xml::attributes(e) {
        let a = a.map_err(|e| format!("a malformed attribute ({e})"))?;
        if a.key.local_name().as_ref() == name {
            let raw = String::from_utf8_lossy(&a.value);
            return Ok(Some(unescape_lenient(&raw).into_owned()));
        }
    }
    Ok(None)
}

/// Raw character data to text: CDATA sections verbatim, references resolved leniently
/// elsewhere. Returns whether invalid UTF-8 had to be replaced.
fn decode_text(raw: &[u8]) -> (String, bool) {
    let bad = std::str::from_utf8(raw).is_err();
    let s = String::from_utf8_lossy(raw);
    let mut out = String::with_capacity(s.len());
    let mut rest: &str = &s;
    while let Some(open) = rest.find("<![CDATA[") {
        out.push_str(&unescape_lenient(&rest[..open]));
        let inner = &rest[open + 9..];
        match inner.find("]]>") {
            Some(close) => {
                out.push_str(&inner[..close]);
                rest = &inner[close + 3..];
            }
            None => {
                out.push_str(inner);
                rest = "";
            }
        }
    }
    out.push_str(&unescape_lenient(rest));
    (out, bad)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn source(bytes: &[u8]) -> Source<'_> {
        Source {
            path: Path::new("pan.xml"),
            display: "pan.xml",
            bytes,
        }
    }

    fn run(xml: &str) -> Result<Parsed, InputError> {
        parse(&source(xml.as_bytes()), &IngestOptions::default())
    }

    /// (key, [(line, author, time_raw, text)])
    type Summary = Vec<(String, Vec<(u64, String, String, String)>)>;

    fn summary(p: &Parsed) -> Summary {
        p.conversations
            .iter()
            .map(|c| {
                (
                    c.key.clone(),
                    c.messages
                        .iter()
                        .map(|m| (m.line, m.author.clone(), m.time_raw.clone(), m.text.clone()))
                        .collect(),
                )
            })
            .collect()
    }

    fn row(line: u64, author: &str, time: &str, text: &str) -> (u64, String, String, String) {
        (line, author.into(), time.into(), text.into())
    }

    /// A hand-made corpus in the PAN-2012 layout, three conversations, innocuous text.
    /// The second holds the corpus's usual quirks (bare `&` and `<`, empty and missing
    /// text); the third has a message whose `<text>` is never closed and one whose
    /// `line` is not a number.
    const FIXTURE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<conversations>
<conversation id="0a1b2c3d4e5f60718293a4b5c6d7e8f9">
	<message line="1">
		<author>aa11aa11aa11aa11aa11aa11aa11aa11</author>
		<time>03:20</time>
		<text>hello there</text>
	</message>
	<message line="2">
		<author>bb22bb22bb22bb22bb22bb22bb22bb22</author>
		<time>03:21</time>
		<text>hi, how was the match &amp; the weather?</text>
	</message>
</conversation>
<conversation id="1b2c3d4e5f60718293a4b5c6d7e8f90a">
	<message line="1">
		<author>cc33cc33cc33cc33cc33cc33cc33cc33</author>
		<time>10:02</time>
		<text>fish & chips <3 for tea, score was 2<3</text>
	</message>
	<message line="2">
		<author>dd44dd44dd44dd44dd44dd44dd44dd44</author>
		<time>10:03</time>
		<text></text>
	</message>
	<message line="3">
		<author>dd44dd44dd44dd44dd44dd44dd44dd44</author>
		<time>10:04</time>
	</message>
	<message line="4">
		<author>cc33cc33cc33cc33cc33cc33cc33cc33</author>
		<time>10:05</time>
		<text/>
	</message>
</conversation>
<conversation id="2c3d4e5f60718293a4b5c6d7e8f90a1b">
	<message line="1">
		<author>ee55ee55ee55ee55ee55ee55ee55ee55</author>
		<time>21:40</time>
		<text>see you at practice
	</message>
	<message line="two">
		<author>ff66ff66ff66ff66ff66ff66ff66ff66</author>
		<time>21:41</time>
		<text>ok &#128077;</text>
	</message>
</conversation>
</conversations>
"#;

    #[test]
    fn fixture_reads_with_quirks_and_one_broken_message() {
        assert!(looks_like(&source(FIXTURE.as_bytes())));
        let p = run(FIXTURE).unwrap();
        let s = summary(&p);
        assert_eq!(s.len(), 3);
        assert_eq!(
            s[0],
            (
                "0a1b2c3d4e5f60718293a4b5c6d7e8f9".to_string(),
                vec![
                    row(
                        1,
                        "aa11aa11aa11aa11aa11aa11aa11aa11",
                        "03:20",
                        "hello there"
                    ),
                    row(
                        2,
                        "bb22bb22bb22bb22bb22bb22bb22bb22",
                        "03:21",
                        "hi, how was the match & the weather?"
                    ),
                ]
            )
        );
        assert_eq!(
            s[1].1,
            vec![
                row(
                    1,
                    "cc33cc33cc33cc33cc33cc33cc33cc33",
                    "10:02",
                    "fish & chips <3 for tea, score was 2<3"
                ),
                row(2, "dd44dd44dd44dd44dd44dd44dd44dd44", "10:03", ""),
                row(3, "dd44dd44dd44dd44dd44dd44dd44dd44", "10:04", ""),
                row(4, "cc33cc33cc33cc33cc33cc33cc33cc33", "10:05", ""),
            ]
        );
        assert_eq!(
            s[2].1,
            vec![
                row(
                    1,
                    "ee55ee55ee55ee55ee55ee55ee55ee55",
                    "21:40",
                    "see you at practice\n\t"
                ),
                row(
                    2,
                    "ff66ff66ff66ff66ff66ff66ff66ff66",
                    "21:41",
                    "ok \u{1F44D}"
                ),
            ]
        );
        let errors: Vec<(Option<u64>, &str)> = p
            .errors
            .iter()
            .map(|e| (e.line, e.message.as_str()))
            .collect();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!(errors[0].0, Some(40));
        assert!(errors[0].1.contains("<text> has no closing tag"));
        assert_eq!(errors[1].0, Some(42));
        assert!(errors[1].1.contains("not a number"));
        assert!(
            p.conversations
                .iter()
                .all(|c| c.messages.iter().all(|m| m.time.is_none()))
        );
    }

    #[test]
    fn detection() {
        for (xml, want) in [
            (FIXTURE, true),
            ("<conversations>", true),
            (
                "<?xml version=\"1.0\"?>\n<conversations>\n<conversation id=\"x\">",
                true,
            ),
            ("<conversations><thread/></conversations>", false),
            ("<smses count=\"1\">", false),
            ("conversations", false),
            ("", false),
        ] {
            assert_eq!(looks_like(&source(xml.as_bytes())), want, "{xml:?}");
        }
    }

    #[test]
    fn structure_problems_are_reported() {
        let xml = "<conversations>\n\
<conversation>\n\
<message line=\"1\"><author>a</author><text>no id</text></message>\n\
</conversation>\n\
<conversation id=\"x\">\n\
<message><author>b</author><text>missing line</text></message>\n\
<message line=\"7\"><author>c</author><text>not closed</text>\n\
</conversation>\n\
<conversation id=\"x\">\n\
<message line=\"1\"><author>d</author><text>duplicate id</text></message>\n\
<message line=\"2\"><author>e</author><time>x</time><text>cut";
        let p = run(xml).unwrap();
        let s = summary(&p);
        let keys: Vec<&str> = s.iter().map(|c| c.0.as_str()).collect();
        assert_eq!(keys, ["conversation-1", "x", "x#2"]);
        assert_eq!(s[1].1[0], row(1, "b", "", "missing line"));
        assert_eq!(s[1].1[1], row(7, "c", "", "not closed"));
        assert_eq!(s[2].1[1], row(2, "e", "x", "cut"));
        let lines: Vec<Option<u64>> = p.errors.iter().map(|e| e.line).collect();
        // no id (2), unclosed message (7), duplicate id (9), unclosed text (11), unclosed
        // message at end of file (11), unclosed conversation (9).
        assert_eq!(
            lines,
            [Some(2), Some(7), Some(9), Some(11), Some(11), Some(9)],
            "{:?}",
            p.errors
        );
    }

    #[test]
    fn broken_markup_resumes_at_the_next_message() {
        // An unclosed comment and an invalid `<!` construct inside message 2: quick-xml
        // stops there; message 2 is dropped and reported, message 3 is read.
        for broken in ["<!-- x", "<!x"] {
            let xml = format!(
                "<conversations>\n<conversation id=\"c\">\n\
<message line=\"1\"><author>a</author><text>one</text></message>\n\
<message line=\"2\"><author>{broken} </author></message>\n\
<message line=\"3\"><author>b</author><text>three</text></message>\n\
</conversation>\n</conversations>\n"
            );
            let p = run(&xml).unwrap();
            let texts: Vec<&str> = p.conversations[0]
                .messages
                .iter()
                .map(|m| m.text.as_str())
                .collect();
            assert_eq!(texts, ["one", "three"], "{broken}: {:?}", p.errors);
            assert_eq!(p.errors.len(), 1, "{broken}: {:?}", p.errors);
            assert_eq!(p.errors[0].line, Some(4), "{broken}");
            assert!(
                p.errors[0].message.contains("line 4 is skipped"),
                "{}",
                p.errors[0]
            );
        }
    }

    #[test]
    fn never_panics_on_junk() {
        let mut junk: Vec<Vec<u8>> = vec![
            b"".to_vec(),
            b"\x00\xff<conversations><conversation id=\"\xff\"><message line=\"\xfe\"><text>\xc3".to_vec(),
            b"<conversations><text>outside</text></conversations>".to_vec(),
            b"<conversations></message></conversation><message/>".to_vec(),
            b"<conversations><conversation/><conversation id='a'/></conversations>".to_vec(),
            b"<conversations><conversation id=\"a\"><message line=\"99999999999999999999999\"><text><![CDATA[x".to_vec(),
            b"<text>".to_vec(),
        ];
        let mut huge = b"<conversations><conversation id=\"".to_vec();
        huge.extend(std::iter::repeat_n(b'a', 1 << 20));
        huge.extend(b"\"><message><text>x</text></message></conversation></conversations>");
        junk.push(huge);
        for bytes in &junk {
            let _ = parse(&source(bytes), &IngestOptions::default());
            let _ = looks_like(&source(bytes));
        }
        assert!(run("plain words").is_err());
        let p = parse(&source(&junk[4]), &IngestOptions::default()).unwrap();
        assert_eq!(p.conversations.len(), 2);
    }

    #[test]
    fn text_decoding_table() {
        for (raw, want, bad) in [
            (&b"a &amp; b"[..], "a & b", false),
            (
                b"x <![CDATA[<b>&amp;</b>]]> y &lt;",
                "x <b>&amp;</b> y <",
                false,
            ),
            (b"<![CDATA[open", "open", false),
            (b"caf\xe9", "caf\u{FFFD}", true),
        ] {
            assert_eq!(decode_text(raw), (want.to_string(), bad), "{raw:?}");
        }
    }
}
