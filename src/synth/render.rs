//! Writing one generated conversation as bytes: a WhatsApp Android export
//! (`render_whatsapp`, one conversation per file) or JSONL (`render_jsonl`, one message a
//! line, with its own JSON string escaping).

use super::Synthetic;
use super::calendar::{split_time, write_stamp};
use std::io::Write;

/// Renders one conversation as a WhatsApp Android export; returns the message count.
pub fn render_whatsapp(conv: &Synthetic, out: &mut Vec<u8>) -> u64 {
    let start = conv.events.first().map_or(0, |e| e.time) - 120;
    write_stamp(out, conv.stamp, start);
    out.extend_from_slice(
        b"Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.\n",
    );
    if let Some((title, creator)) = &conv.group {
        let creator = &conv.people[*creator].name;
        write_stamp(out, conv.stamp, start + 30);
        let _ = writeln!(out, "{creator} created group \"{title}\"");
        write_stamp(out, conv.stamp, start + 60);
        let _ = writeln!(out, "{creator} added you");
    }
    let mut messages = 0;
    for e in &conv.events {
        write_stamp(out, conv.stamp, e.time);
        out.extend_from_slice(conv.people[e.author].name.as_bytes());
        out.extend_from_slice(b": ");
        if e.deleted {
            out.extend_from_slice(b"This message was deleted");
        } else {
            out.extend_from_slice(e.text.as_bytes());
        }
        messages += 1;
        out.push(b'\n');
    }
    messages
}

/// Writes `s` as a JSON string (quotes included).
fn json_string(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    for c in s.chars() {
        match c {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\r' => out.extend_from_slice(b"\\r"),
            '\t' => out.extend_from_slice(b"\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => {
                let mut b = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
            }
        }
    }
    out.push(b'"');
}

/// Renders one conversation as JSONL (one message a line, UTC times); returns the
/// message count.
pub fn render_jsonl(conv: &Synthetic, out: &mut Vec<u8>) -> u64 {
    let mut messages = 0;
    for e in conv.events.iter().filter(|e| !e.deleted) {
        out.extend_from_slice(b"{\"conversation\": ");
        json_string(out, &conv.key);
        out.extend_from_slice(b", \"author\": ");
        json_string(out, &conv.people[e.author].name);
        let (y, mo, d, h, mi, s) = split_time(e.time);
        let _ = write!(
            out,
            ", \"time\": \"{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z\", \"text\": "
        );
        json_string(out, &e.text);
        out.extend_from_slice(b"}\n");
        messages += 1;
    }
    messages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_escape() {
        let mut out = Vec::new();
        json_string(&mut out, "a\"b\\c\nd\u{1}é😂");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\"a\\\"b\\\\c\\nd\\u0001é😂\""
        );
    }
}
