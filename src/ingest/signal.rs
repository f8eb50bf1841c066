//! Signal chat text, one message a line as `[2019-12-24, 12:23] Jane Doe: Hello John!`,
//! with continuation lines for multi-line messages. Owns recognising such a file by line
//! shape (`looks_like`) and reading it into one conversation named after the file.
//!
//! The ISO date (`YYYY-MM-DD, HH:MM`, no seconds) is what tells Signal from a WhatsApp iOS
//! export, whose bracketed dates use `/` or `.` and usually carry seconds: `looks_like`
//! requires the Signal shape on every dated line of the head. Times carry no zone and are
//! read in the configured zone (recorded as an assumption). Continuation lines are joined
//! with `\n`. A dated line without an `Author:` is a system line: counted, not read.
//! `Message::line` is the 1-based line where the message starts; `time_raw` is the text
//! between the brackets.
//!
//! It does not normalise text and never reorders messages.

use super::zone::LocalTimes;
use super::{IngestOptions, Parsed, ParsedConversation, Source, strip_bom, utf8};
use crate::error::InputError;
use crate::model::Message;
use chrono::{NaiveDate, NaiveTime};

/// How much of a file `looks_like` inspects.
use super::SNIFF_BYTES;

/// Length of `[YYYY-MM-DD, HH:MM]`.
const STAMP: usize = 19;

/// The parts of a message-start line.
struct Start<'a> {
    /// `YYYY-MM-DD, HH:MM`, as written.
    raw: &'a str,
    /// Everything after `] `.
    rest: &'a str,
}

/// `[YYYY-MM-DD, HH:MM] ...` split into its stamp and the rest, or `None`.
fn start(line: &str) -> Option<Start<'_>> {
    let b = line.as_bytes();
    if b.len() < STAMP {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let shape = b[0] == b'['
        && digits(1..5)
        && b[5] == b'-'
        && digits(6..8)
        && b[8] == b'-'
        && digits(9..11)
        && b[11] == b','
        && b[12] == b' '
        && digits(13..15)
        && b[15] == b':'
        && digits(16..18)
        && b[18] == b']';
    if !shape {
        return None;
    }
    let rest = match b.get(STAMP) {
        None => "",
        Some(b' ') => &line[STAMP + 1..],
        Some(_) => return None,
    };
    Some(Start {
        raw: &line[1..STAMP - 1],
        rest,
    })
}

/// True for any line that starts with a bracketed date and time in any layout
/// (`[24/12/2019, 12:23:45]`, `[2019-12-24, 12:23]`, ...): a message start in some format.
fn dated_bracket(line: &str) -> bool {
    let line = line.trim_start_matches(['\u{200E}', '\u{200F}', '\u{FEFF}']);
    let Some(inner) = line.strip_prefix('[') else {
        return false;
    };
    if !inner.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let window = &inner.as_bytes()[..inner.len().min(40)];
    let Some(end) = window.iter().position(|&b| b == b']') else {
        return false;
    };
    let inner = &inner[..end];
    inner.contains(['/', '.', '-']) && inner.contains(':')
}

/// True when every dated line in the head has Signal's ISO shape, the first non-empty
/// line is one, and there is at least one.
pub fn looks_like(source: &Source) -> bool {
    let bytes = strip_bom(source.bytes);
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(SNIFF_BYTES)]);
    looks_like_head(&head, bytes.len() > SNIFF_BYTES)
}

/// `looks_like` on the decoded head (`cut`: the file goes on past it). The first non-empty
/// line decides most files, so it is checked before the head is split into lines.
pub fn looks_like_head(head: &str, cut: bool) -> bool {
    // A cut head's last line may be cut short and is not looked at; when the first
    // non-empty line is that line, there is no other and the answer is no either way.
    let Some(first) = head.lines().find(|l| !l.trim().is_empty()) else {
        return false;
    };
    if start(first).is_none() {
        return false;
    }
    let mut lines: Vec<&str> = head.lines().collect();
    if cut {
        lines.pop();
    }
    let Some(first) = lines.iter().find(|l| !l.trim().is_empty()) else {
        return false;
    };
    start(first).is_some()
        && lines
            .iter()
            .filter(|l| dated_bracket(l))
            .all(|l| start(l).is_some())
}

/// Reads a Signal text export: one conversation.
pub fn parse(source: &Source, opts: &IngestOptions) -> Result<Parsed, InputError> {
    let text = utf8(source)?;
    let mut parsed = Parsed::default();
    let mut messages: Vec<Message> = Vec::new();
    // The message that continuation lines add to; `None` after a system line.
    let mut open: Option<usize> = None;
    let (mut starts, mut system, mut zoneless) = (0usize, 0usize, false);
    let mut local = LocalTimes::new(&opts.timezone);
    for (i, line) in text.lines().enumerate() {
        let n = i as u64 + 1;
        let Some(s) = start(line) else {
            match open {
                Some(m) => {
                    let text = &mut messages[m].text;
                    if !text.is_empty() {
                        text.push('\n');
                    }
                    text.push_str(line);
                }
                None if starts == 0 && !line.trim().is_empty() => {
                    parsed.errors.push(InputError::new(
                        source.display,
                        Some(n),
                        "text before the first message line; skipped",
                    ));
                }
                None => {}
            }
            continue;
        };
        starts += 1;
        let Some((author, body)) = split_author(s.rest) else {
            system += 1;
            open = None;
            continue;
        };
        let time = match time(s.raw) {
            Some(naive) => {
                zoneless = true;
                local.to_utc(&naive)
            }
            None => {
                parsed.errors.push(InputError::new(
                    source.display,
                    Some(n),
                    format!(
                        "{:?} is not a valid date and time; message kept without a time",
                        s.raw
                    ),
                ));
                None
            }
        };
        messages.push(Message {
            author: author.to_string(),
            time,
            time_raw: s.raw.to_string(),
            text: body.to_string(),
            line: n,
            deleted: false,
        });
        open = Some(messages.len() - 1);
    }
    if starts == 0 {
        return Err(InputError::file(
            source.display,
            "no `[YYYY-MM-DD, HH:MM] Author: text` lines: not a Signal export; file skipped",
        ));
    }
    for m in &mut messages {
        let kept = m.text.trim_end_matches(['\n', '\r']).len();
        m.text.truncate(kept);
    }
    if zoneless {
        parsed.assumptions.push(format!(
            "timestamps carry no time zone; read as {}",
            opts.timezone
        ));
    }
    parsed.assumptions.extend(local.dst_assumptions());
    if system > 0 {
        parsed.assumptions.push(format!(
            "{system} dated lines without an author are system lines and were not read"
        ));
    }
    parsed.conversations.push(ParsedConversation {
        key: String::new(),
        title: String::new(),
        messages,
    });
    Ok(parsed)
}

/// `Author: text` (or `Author:` with the text on the next lines), or `None`.
fn split_author(rest: &str) -> Option<(&str, &str)> {
    let (author, body) = match rest.split_once(": ") {
        Some(split) => split,
        None => (rest.strip_suffix(':')?, ""),
    };
    let author = author.trim();
    (!author.is_empty()).then_some((author, body))
}

/// `YYYY-MM-DD, HH:MM` as a zone-less date and time, when it is a real one.
fn time(raw: &str) -> Option<chrono::NaiveDateTime> {
    let num = |r: std::ops::Range<usize>| raw.get(r)?.parse::<u32>().ok();
    let date = NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)?;
    let time = NaiveTime::from_hms_opt(num(12..14)?, num(15..17)?, 0)?;
    Some(date.and_time(time))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;
    use std::path::Path;

    fn source(bytes: &[u8]) -> Source<'_> {
        Source {
            path: Path::new("t"),
            display: "dir/signal-chat.txt",
            bytes,
        }
    }

    #[test]
    fn reads_messages_and_continuations() {
        let body = concat!(
            "[2024-05-01, 18:02] Sam: are you coming to practice?\r\n",
            "[2024-05-01, 18:03] Robin: yes\r\n",
            "bringing the ball\r\n",
            "\r\n",
            "and snacks\r\n",
            "[2024-05-01, 18:04] Sam changed the group name\r\n",
            "to Practice\r\n",
            "[2024-05-01, 18:05] Sam:\r\n",
            "ok see you\r\n",
            "[2024-02-30, 18:06] Robin: time: 6 pm\r\n",
            "\r\n",
        );
        let opts = IngestOptions {
            timezone: crate::ingest::zone::Zone::Fixed(FixedOffset::east_opt(3600).unwrap()),
            input_format: None,
            date_order: None,
        };
        let p = parse(&source(body.as_bytes()), &opts).unwrap();
        let c = &p.conversations[0];
        let got: Vec<(u64, &str, &str)> = c
            .messages
            .iter()
            .map(|m| (m.line, m.author.as_str(), m.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (1, "Sam", "are you coming to practice?"),
                (2, "Robin", "yes\nbringing the ball\n\nand snacks"),
                (8, "Sam", "ok see you"),
                (10, "Robin", "time: 6 pm"),
            ]
        );
        assert_eq!(
            c.messages[0].time.unwrap().to_rfc3339(),
            "2024-05-01T17:02:00+00:00"
        );
        assert_eq!(c.messages[0].time_raw, "2024-05-01, 18:02");
        assert!(c.messages[3].time.is_none(), "February 30th");
        assert_eq!(p.errors.len(), 1);
        assert_eq!(p.errors[0].line, Some(10));
        assert_eq!(
            p.assumptions,
            [
                "timestamps carry no time zone; read as UTC+01:00",
                "1 dated lines without an author are system lines and were not read",
            ]
        );
    }

    #[test]
    fn broken_input_never_panics() {
        for body in [
            &b""[..],
            b"\n\n",
            b"just prose\n",
            b"[2024-05-01, 18:0",
            b"\xff\xfe",
        ] {
            assert!(parse(&source(body), &IngestOptions::default()).is_err());
        }
        let p = parse(
            &source(b"preamble\n[2024-05-01, 18:02] A: hi\n"),
            &IngestOptions::default(),
        )
        .unwrap();
        assert_eq!(p.errors[0].line, Some(1));
        assert_eq!(p.conversations[0].messages[0].line, 2);
        // Multi-byte text right after the stamp does not split a character.
        for line in [
            "[2024-05-01, 18:02]é",
            "[2024-05-01, 18:02]",
            "[2024-05-01, 18:02] é: x",
        ] {
            let _ = parse(&source(line.as_bytes()), &IngestOptions::default());
        }
    }

    #[test]
    fn detection() {
        let long_signal = "[2024-05-01, 18:02] A: hi\n".repeat(5000);
        for (body, want) in [
            (
                "[2019-12-24, 12:23] Jane: Hello!\n[2020-01-17, 21:49] John: Hi\nthere\n",
                true,
            ),
            ("\u{feff}\n[2019-12-24, 12:23] Jane: Hello!\n", true),
            (
                "[2019-12-24, 12:23] Jane: see [1] and [2/3: x]\n[link] here\n",
                true,
            ),
            (long_signal.as_str(), true),
            // WhatsApp iOS: slashes or dots, seconds.
            ("[24/12/2019, 12:23:45] Jane: Hello!\n", false),
            ("\u{200e}[24.12.19, 12:23:45] Jane: Hello!\n", false),
            ("[2019-12-24, 12:23:45] Jane: Hello!\n", false),
            ("[01/20/19 11:23] John Doe: x\n", false),
            // A Signal line followed by a WhatsApp one is not Signal.
            (
                "[2019-12-24, 12:23] Jane: Hello!\n[24/12/2019, 12:24:00] Jane: x\n",
                false,
            ),
            ("2019/01/01, 11:25 - John Doe: Lorem\n", false),
            ("hello\n[2019-12-24, 12:23] Jane: Hello!\n", false),
            ("{\"text\": \"[2019-12-24, 12:23] Jane: Hello!\"}\n", false),
            ("", false),
        ] {
            assert_eq!(looks_like(&source(body.as_bytes())), want, "{body:.60}");
        }
    }
}
