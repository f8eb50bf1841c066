//! Shared helpers for the XML readers (SMS Backup & Restore, PAN-2012): a restartable
//! lenient quick-xml reader, incremental line numbers for byte offsets, lenient entity
//! unescaping, cheap scans for root elements and tags, and an element's attributes checked
//! for duplicates in linear time (`attributes`).

use super::{SNIFF_BYTES, strip_bom};
use quick_xml::Reader;
use quick_xml::events::Event;
use std::borrow::Cow;

/// A quick-xml reader that leaves structure checks to us, so it can be restarted in the
/// middle of a file after an error.
pub(crate) fn lenient_reader(bytes: &[u8]) -> Reader<&[u8]> {
    let mut reader = Reader::from_reader(bytes);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.allow_unmatched_ends = true;
    config.trim_text(false);
    reader
}

/// The attributes of an element, in order; an item is `Err` (naming the problem) when the
/// attribute list is malformed or names an attribute twice. quick-xml's own duplicate check
/// compares each attribute with every earlier one, so an element with 100,000 attributes
/// took 16.7 s (issue 14); this one keeps the names seen in a hash set.
pub(crate) fn attributes<'a>(
    e: &'a quick_xml::events::BytesStart<'a>,
) -> impl Iterator<Item = Result<quick_xml::events::attributes::Attribute<'a>, String>> {
    let mut seen: std::collections::HashSet<&'a [u8]> = std::collections::HashSet::new();
    let mut all = e.attributes();
    all.with_checks(false);
    all.map(move |a| {
        let a = a.map_err(|e| e.to_string())?;
        let key: &'a [u8] = a.key.into_inner();
        if !seen.insert(key) {
            return Err(format!(
                "duplicated attribute {}",
                String::from_utf8_lossy(key)
            ));
        }
        Ok(a)
    })
}

/// 1-based line numbers of byte offsets, counted incrementally (offsets are usually
/// asked for in increasing order).
pub(crate) struct Lines<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: u64,
}

impl<'a> Lines<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Lines {
            bytes,
            pos: 0,
            line: 1,
        }
    }

    /// The line of byte `offset` (clamped to the end of the file).
    pub(crate) fn at(&mut self, offset: usize) -> u64 {
        let offset = offset.min(self.bytes.len());
        if offset < self.pos {
            self.pos = 0;
            self.line = 1;
        }
        self.line += self.bytes[self.pos..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        self.pos = offset;
        self.line
    }
}

/// Resolves XML references leniently: the five predefined entities and decimal or hex
/// character references. A UTF-16 surrogate pair written as two references (as older SMS
/// Backup & Restore versions write emoji) is joined; a lone surrogate becomes U+FFFD.
/// Anything else (a bare `&`, an unknown entity) is kept as written.
pub(crate) fn unescape_lenient(raw: &str) -> Cow<'_, str> {
    if !raw.contains('&') {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        match reference(rest) {
            Some((Ref::Char(c), used)) => {
                out.push(c);
                rest = &rest[used..];
            }
            Some((Ref::High(hi), used)) => match reference(&rest[used..]) {
                Some((Ref::Low(lo), used2)) => {
                    let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                    out.push(char::from_u32(c).unwrap_or('\u{FFFD}'));
                    rest = &rest[used + used2..];
                }
                _ => {
                    out.push('\u{FFFD}');
                    rest = &rest[used..];
                }
            },
            Some((Ref::Low(_), used)) => {
                out.push('\u{FFFD}');
                rest = &rest[used..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Local names of the first `n` elements in the first 64 KiB of `bytes`, skipping the
/// XML declaration, comments, processing instructions and a doctype. Stops at text that
/// is not white space or at anything that is not XML.
pub(crate) fn first_elements(bytes: &[u8], n: usize) -> Vec<Vec<u8>> {
    let bytes = strip_bom(bytes);
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let mut reader = lenient_reader(head);
    let mut names = Vec::new();
    while names.len() < n {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                names.push(e.local_name().as_ref().to_vec());
            }
            Ok(Event::Text(t)) if t.iter().all(u8::is_ascii_whitespace) => {}
            Ok(Event::Text(_)) if !names.is_empty() => {}
            Ok(Event::Decl(_))
            | Ok(Event::PI(_))
            | Ok(Event::Comment(_))
            | Ok(Event::DocType(_))
            | Ok(Event::End(_)) => {}
            _ => break,
        }
    }
    names
}

/// The first offset at or after `from` where one of the tags (`<name` or `</name`) starts,
/// followed by white space, `/` or `>`.
pub(crate) fn find_tag(bytes: &[u8], from: usize, tags: &[&[u8]]) -> Option<usize> {
    let mut i = from;
    while i < bytes.len() {
        let lt = i + bytes[i..].iter().position(|&b| b == b'<')?;
        let rest = &bytes[lt..];
        for tag in tags {
            if let Some(after) = rest.strip_prefix(*tag)
                && after
                    .first()
                    .is_some_and(|&b| b.is_ascii_whitespace() || b == b'/' || b == b'>')
            {
                return Some(lt);
            }
        }
        i = lt + 1;
    }
    None
}

enum Ref {
    Char(char),
    High(u32),
    Low(u32),
}

/// One reference at the start of `s` (which starts with `&`), and its length in bytes.
fn reference(s: &str) -> Option<(Ref, usize)> {
    let semi = s.bytes().take(12).position(|b| b == b';')?;
    let name = &s[1..semi];
    let used = semi + 1;
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let digits = name.strip_prefix('#')?;
            let n = match digits.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => digits.parse::<u32>().ok()?,
            };
            return match n {
                0xD800..=0xDBFF => Some((Ref::High(n), used)),
                0xDC00..=0xDFFF => Some((Ref::Low(n), used)),
                _ => char::from_u32(n)
                    .filter(|&c| c != '\0')
                    .map(|c| (Ref::Char(c), used)),
            };
        }
    };
    Some((Ref::Char(c), used))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `attributes` gives what quick-xml's checked iterator gives: the attributes in
    /// order, and an error at the first repeated name or malformed attribute.
    #[test]
    fn attributes_are_checked_for_duplicates() {
        for (element, want) in [
            (&b"<sms a=\"1\" b=\"2\"/>"[..], "Ok(a) Ok(b)"),
            (b"<sms a=\"1\" b=\"2\" a=\"3\" c=\"4\"/>", "Ok(a) Ok(b) Err"),
            (b"<sms a=\"1\" b/>", "Ok(a) Err"),
            (b"<sms/>", ""),
        ] {
            let mut reader = lenient_reader(element);
            let Ok(Event::Empty(e)) = reader.read_event() else {
                panic!("{element:?}");
            };
            let got: Vec<String> = attributes(&e)
                .map(|a| match a {
                    Ok(a) => format!("Ok({})", String::from_utf8_lossy(a.key.into_inner())),
                    Err(_) => "Err".to_string(),
                })
                .collect();
            let got = got.join(" ");
            // Both stop being useful at the first error.
            let got = got.split_inclusive("Err").next().unwrap_or("");
            assert_eq!(got, want, "{:?}", String::from_utf8_lossy(element));
        }
    }
}
