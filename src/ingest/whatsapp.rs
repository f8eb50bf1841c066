//! WhatsApp "Export chat" text, as Android and iOS write it in every date and time locale.
//! Owns recognising such a file by content (`looks_like`), inferring the file's date order
//! from all of its dates, and turning message lines into `Message`s: continuation lines are
//! joined with `\n`, bidi marks at line starts and the "edited" marker are taken off, and
//! system lines (joins, encryption notices, "This message was deleted") are dropped. Media
//! placeholders are kept as written: they are messages.
//!
//! It does not open archives (`zip` hands members over), does not normalise text, and never
//! reorders messages: export order is evidence order.
//!
//! A message line is `[DATE, TIME] Author: text` (iOS) or `DATE, TIME - Author: text`
//! (Android). The line scanner is hand-written byte scanning over ASCII delimiters, so one
//! line costs a few comparisons and nothing is compiled at run time.

use super::{IngestOptions, Parsed, ParsedConversation, Source};
use crate::error::InputError;
use crate::model::Message;
use aho_corasick::AhoCorasick;
use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use std::sync::LazyLock;

/// How many non-empty lines `looks_like` inspects.
const SNIFF_LINES: usize = 20;

/// An "author" longer than this (in chars) is a sentence, not a name: a system line.
const MAX_AUTHOR_CHARS: usize = 100;

/// How much of a text the system-phrase checks look at (bytes, rounded down to a char).
const PHRASE_WINDOW: usize = 400;

/// Marks that may stand at the start of a line or of a message text and are not content.
const LINE_MARKS: [char; 3] = ['\u{200E}', '\u{200F}', '\u{FEFF}'];

/// Spaces that may stand between date, time and the AM/PM marker.
const SPACES: [char; 4] = [' ', '\u{A0}', '\u{202F}', '\u{2009}'];

/// File-name prefixes WhatsApp gives exports, taken off to make the title.
const TITLE_PREFIXES: &[&str] = &[
    "WhatsApp Chat with ",
    "WhatsApp Chat - ",
    "WhatsApp-Chat mit ",
    "WhatsApp Chat mit ",
    "Chat de WhatsApp con ",
    "Conversa do WhatsApp com ",
    "Discussion WhatsApp avec ",
    "Chat WhatsApp con ",
    "WhatsApp-chat met ",
    "Chat WhatsApp s uživatelem ",
    "Чат WhatsApp с контактом ",
    "Чат WhatsApp с ",
];

/// AM/PM markers written after the time. Longest first; ASCII letters match in any case.
const MARKERS_AFTER: &[(&str, Meridiem)] = &[
    ("a. m.", Meridiem::Am),
    ("p. m.", Meridiem::Pm),
    ("nachm.", Meridiem::Pm),
    ("vorm.", Meridiem::Am),
    ("a.m.", Meridiem::Am),
    ("p.m.", Meridiem::Pm),
    ("am", Meridiem::Am),
    ("pm", Meridiem::Pm),
    ("午前", Meridiem::Am),
    ("午後", Meridiem::Pm),
    ("上午", Meridiem::Am),
    ("下午", Meridiem::Pm),
    ("오전", Meridiem::Am),
    ("오후", Meridiem::Pm),
];

/// AM/PM markers written before the time (Japanese, Chinese, Korean).
const MARKERS_BEFORE: &[(&str, Meridiem)] = &[
    ("午前", Meridiem::Am),
    ("午後", Meridiem::Pm),
    ("上午", Meridiem::Am),
    ("下午", Meridiem::Pm),
    ("오전", Meridiem::Am),
    ("오후", Meridiem::Pm),
];

/// Words found in the end-to-end encryption notice, in many languages. Checked (through
/// `SYSTEM_MATCHER`) in the "author" part of a line (Android notices that happen to contain
/// ": ") and in iOS system texts (which start with U+200E); never in ordinary message text,
/// where a person may well write about encryption.
const ENCRYPTION_WORDS: &[&str] = &[
    "end-to-end",
    "Ende-zu-Ende",
    "de bout en bout",
    "de extremo a extremo",
    "ponta a ponta",
    "ponto a ponto",
    "d'extrem a extrem",
    "сквозным шифрованием",
    "наскрізним шифруванням",
    "koncovým šifrováním",
    "šifrovaním počas celého spojenia",
    "w pełni zaszyfrowane",
    "criptate integral",
    "end-to-end versleuteld",
    "ende-til-ende",
    "komplett krypterade",
    "uçtan uca",
    "hujung ke hujung",
    "mã hóa đầu cuối",
    "מקצה-לקצה",
    "مشفرة تمامًا",
    "エンドツーエンド",
    "端到端",
    "端對端",
    "종단간",
];

/// How the encryption notice begins, for exports that write it as an ordinary
/// `Name: text` line without a U+200E mark (older iOS).
const ENCRYPTION_OPENINGS: &[&str] = &[
    "Messages and calls are end-to-end encrypted",
    "Messages to this group are now secured with end-to-end encryption",
    "Messages to this chat and calls are now secured with end-to-end encryption",
    "Messages you send to this chat and calls are now secured with end-to-end encryption",
    "Messages you send to this group are now secured with end-to-end encryption",
    "Your messages and calls are secured with end-to-end encryption",
    "Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt",
    "Los mensajes y las llamadas están cifrados de extremo a extremo",
    "Les messages et les appels sont chiffrés de bout en bout",
    "I messaggi e le chiamate sono crittografati end-to-end",
    "As mensagens e as chamadas são protegidas com a criptografia de ponta a ponta",
    "Сообщения и звонки защищены сквозным шифрованием",
];

/// English system-event phrases. Checked, like `ENCRYPTION_WORDS`, only in the "author"
/// part of a line and in iOS system texts that start with U+200E.
const SYSTEM_PHRASES: &[&str] = &[
    " created group ",
    " created this group",
    " added ",
    " removed ",
    " left",
    " joined using this group's invite link",
    " joined using this community's invite link",
    "changed the subject",
    "changed this group's",
    "changed the group",
    "changed their phone number",
    "security code",
    "now an admin",
    "message timer",
    "disappearing messages",
    "blocked this contact",
    "Waiting for this message",
];

/// `ENCRYPTION_WORDS` and `SYSTEM_PHRASES` in one automaton, built once: it runs on the
/// author of every message line.
static SYSTEM_MATCHER: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::new(ENCRYPTION_WORDS.iter().chain(SYSTEM_PHRASES))
        .expect("the system phrases are a small fixed list")
});

/// What WhatsApp writes in place of a deleted message (compared after trimming marks,
/// spaces and a final full stop). Such lines are not messages.
const DELETED: &[&str] = &[
    "This message was deleted",
    "You deleted this message",
    "Tato zpráva byla odstraněna",
    "Tuto zprávu jste odstranil/a",
    "Tato zpráva byla smazána",
    "Tuto zprávu jste smazal/a",
    "Данное сообщение удалено",
    "Вы удалили данное сообщение",
    "Это сообщение было удалено",
    "Вы удалили это сообщение",
    "Diese Nachricht wurde gelöscht",
    "Du hast diese Nachricht gelöscht",
    "Se eliminó este mensaje",
    "Eliminaste este mensaje",
    "Este mensaje fue eliminado",
    "Ce message a été supprimé",
    "Vous avez supprimé ce message",
    "Questo messaggio è stato eliminato",
    "Hai eliminato questo messaggio",
    "Esta mensagem foi apagada",
    "Mensagem apagada",
    "Você apagou esta mensagem",
    "Apagou esta mensagem",
    "Dit bericht is verwijderd",
    "U hebt dit bericht verwijderd",
    "Je hebt dit bericht verwijderd",
    "Bu mesaj silindi",
    "Bu mesajı sildiniz",
    "Ta wiadomość została usunięta",
    "Це повідомлення було видалено",
    "Ви видалили це повідомлення",
    "Pesan ini telah dihapus",
    "Pesan ini dihapus",
    "Anda menghapus pesan ini",
    "このメッセージは削除されました",
    "このメッセージを削除しました",
    "이 메시지는 삭제되었습니다",
    "这条消息已被删除",
    "此訊息已刪除",
];

/// The marker WhatsApp appends to an edited message, taken off the end of the text.
const EDITED: &[&str] = &[
    "<This message was edited>",
    "<Diese Nachricht wurde bearbeitet>",
    "<Se editó este mensaje.>",
    "<Se editó este mensaje>",
    "<Ce message a été modifié>",
    "<Mensagem editada>",
    "<Esta mensagem foi editada>",
    "<Questo messaggio è stato modificato>",
    "<Dit bericht is bewerkt>",
    "<Сообщение изменено>",
    "<Это сообщение изменено>",
    "<Tato zpráva byla upravena>",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Meridiem {
    Am,
    Pm,
}

/// Which date field is the day, month and year. Decided once per file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DateOrder {
    Dmy,
    Mdy,
    Ymd,
}

impl DateOrder {
    fn words(self) -> &'static str {
        match self {
            DateOrder::Dmy => "day/month/year",
            DateOrder::Mdy => "month/day/year",
            DateOrder::Ymd => "year/month/day",
        }
    }
}

/// The timestamp that opens a message or system line, its numbers in file order.
#[derive(Debug, PartialEq, Eq)]
struct Header<'a> {
    /// The three date fields as written (order not yet known).
    fields: [u32; 3],
    /// Digits in the first date field (4 means year first).
    first_digits: usize,
    hour: u32,
    minute: u32,
    second: u32,
    meridiem: Option<Meridiem>,
    /// The timestamp text exactly as written, without brackets or the ` - ` after it.
    raw: &'a str,
    /// Everything after the timestamp: `Author: text` or a system text.
    rest: &'a str,
}

/// One line of the file, classified.
enum Line<'a> {
    /// A new message from `author`, whose first line is `text`.
    Message {
        header: Header<'a>,
        author: &'a str,
        text: &'a str,
    },
    /// A timestamped line without an author: joins, notices, group changes.
    System,
    /// Anything else: a continuation of the message before.
    Other,
}

/// True when the start of a file reads as a WhatsApp chat export: within the first
/// `SNIFF_LINES` non-empty lines at least one is a message line, and at least half of them
/// start with a WhatsApp timestamp (the others being continuation lines).
pub fn looks_like(head: &str) -> bool {
    let mut seen = 0usize;
    let mut stamped = 0usize;
    let mut messages = 0usize;
    for line in head.lines() {
        let line = strip_marks(line);
        if line.trim().is_empty() {
            continue;
        }
        seen += 1;
        if let Some(header) = scan_header(line) {
            stamped += 1;
            if split_author(header.rest).is_some() {
                messages += 1;
            }
        }
        if seen >= SNIFF_LINES {
            break;
        }
    }
    messages > 0 && stamped * 2 >= seen
}

/// Reads a WhatsApp export as one conversation.
pub fn parse(source: &Source, opts: &IngestOptions) -> Result<Parsed, InputError> {
    let text = super::utf8(source)?;
    let mut parsed = Parsed::default();

    // First pass: the date order follows from all of the file's dates, not line by line.
    let mut stats = OrderStats::default();
    for line in lines(text) {
        if let Some(header) = scan_header(strip_marks(line)) {
            stats.add(&header);
        }
    }
    if stats.headers == 0 {
        return Err(InputError::file(
            source.display,
            "no WhatsApp message lines found (no line starts with a date and time); file skipped",
        ));
    }
    let (order, ambiguous) = stats.order();
    if ambiguous {
        parsed.assumptions.push(format!(
            "date order is ambiguous (all day and month fields are 12 or less); read as {}",
            order.words()
        ));
    }

    // Second pass: build the messages.
    // At most one message per timestamped line: sized once, never grown.
    let mut messages: Vec<Message> = Vec::with_capacity(stats.headers);
    // Whether continuation lines belong to the last message (false after a system line).
    let mut in_message = false;
    let mut seen_header = false;
    let mut orphans: Option<(u64, usize)> = None;
    let mut converted = false;
    for (index, line) in lines(text).enumerate() {
        let number = index as u64 + 1;
        let line = strip_marks(line);
        match classify(line) {
            Line::Message {
                header,
                author,
                text,
            } => {
                seen_header = true;
                if in_message {
                    close_last(&mut messages);
                }
                let time = match to_utc(&header, order, opts.timezone) {
                    Ok(t) => {
                        converted = true;
                        Some(t)
                    }
                    Err(why) => {
                        parsed.errors.push(InputError::new(
                            source.display,
                            Some(number),
                            format!(
                                "impossible timestamp \"{}\" ({why}, read as {}); message kept without a time",
                                header.raw,
                                order.words()
                            ),
                        ));
                        None
                    }
                };
                messages.push(Message {
                    author: author.to_string(),
                    time,
                    time_raw: header.raw.to_string(),
                    text: text.to_string(),
                    line: number,
                });
                in_message = true;
            }
            Line::System => {
                seen_header = true;
                if in_message {
                    close_last(&mut messages);
                }
                in_message = false;
            }
            Line::Other => {
                if !seen_header {
                    if !line.trim().is_empty() {
                        let entry = orphans.get_or_insert((number, 0));
                        entry.1 += 1;
                    }
                } else if in_message && let Some(last) = messages.last_mut() {
                    last.text.push('\n');
                    last.text.push_str(line);
                }
            }
        }
    }
    if in_message {
        close_last(&mut messages);
    }
    if let Some((first, count)) = orphans {
        let what = if count == 1 { "line" } else { "lines" };
        parsed.errors.push(InputError::new(
            source.display,
            Some(first),
            format!(
                "{count} {what} before the first WhatsApp message line could not be read as messages; skipped"
            ),
        ));
    }
    if converted {
        parsed.assumptions.push(format!(
            "timestamps carry no time zone; read as UTC{:?}",
            opts.timezone
        ));
    }
    parsed.conversations.push(ParsedConversation {
        key: String::new(),
        title: title(source.display),
        messages,
    });
    Ok(parsed)
}

/// The file's lines without their line ending (`\n` or `\r\n`).
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let text = text.strip_suffix('\n').unwrap_or(text);
    text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l))
}

/// Takes bidi marks and a stray BOM off the start of a line.
fn strip_marks(s: &str) -> &str {
    s.trim_start_matches(LINE_MARKS)
}

fn skip_spaces(s: &str) -> &str {
    s.trim_start_matches(SPACES)
}

/// Reads `min..=max` ASCII digits at the start of `s`.
fn number(s: &str, min: usize, max: usize) -> Option<(u32, usize, &str)> {
    let mut value = 0u32;
    let mut count = 0usize;
    for b in s.bytes() {
        if !b.is_ascii_digit() {
            break;
        }
        count += 1;
        if count > max {
            return None;
        }
        value = value * 10 + u32::from(b - b'0');
    }
    if count < min {
        return None;
    }
    Some((value, count, s.get(count..)?))
}

/// `s` without the prefix `p`, matching ASCII letters in any case.
fn strip_prefix_ignore_case<'a>(s: &'a str, p: &str) -> Option<&'a str> {
    let head = s.as_bytes().get(..p.len())?;
    if head.eq_ignore_ascii_case(p.as_bytes()) {
        s.get(p.len()..)
    } else {
        None
    }
}

fn marker<'a>(s: &'a str, table: &[(&str, Meridiem)]) -> Option<(Meridiem, &'a str)> {
    // Most lines have a digit or `]` here: no marker starts with it, so say no at once.
    let first = *s.as_bytes().first()?;
    if !table
        .iter()
        .any(|(m, _)| m.as_bytes()[0].eq_ignore_ascii_case(&first))
    {
        return None;
    }
    table.iter().find_map(|&(m, meridiem)| {
        let rest = strip_prefix_ignore_case(s, m)?;
        // "am" must not be the start of a word ("11:59 amazing" is no marker).
        let next_is_letter = rest.chars().next().is_some_and(char::is_alphabetic);
        (!next_is_letter).then_some((meridiem, rest))
    })
}

/// Reads the timestamp at the start of a line (marks already stripped), or `None` when
/// the line does not start with one.
fn scan_header(line: &str) -> Option<Header<'_>> {
    let (bracket, start) = match line.strip_prefix('[') {
        Some(rest) => (true, rest),
        None => (false, line),
    };

    // Date: three numbers with the same separator, `/`, `.` or `-`.
    let (a, first_digits, s) = number(start, 1, 4)?;
    if first_digits == 3 {
        return None;
    }
    let sep = s.chars().next().filter(|c| matches!(c, '/' | '.' | '-'))?;
    let s = s.get(1..)?;
    // Hungarian and Korean write "2020. 12. 31."
    let s = if sep == '.' {
        s.strip_prefix(' ').unwrap_or(s)
    } else {
        s
    };
    let (b, _, s) = number(s, 1, 2)?;
    let s = s.strip_prefix(sep)?;
    let s = if sep == '.' {
        s.strip_prefix(' ').unwrap_or(s)
    } else {
        s
    };
    let (c, c_digits, s) = if first_digits == 4 {
        number(s, 1, 2)?
    } else {
        number(s, 2, 4)?
    };
    if first_digits != 4 && c_digits == 3 {
        return None;
    }
    let s = if sep == '.' {
        s.strip_prefix('.').unwrap_or(s)
    } else {
        s
    };

    // Between date and time: a comma, spaces, or both.
    let after_date = s;
    let s = s
        .strip_prefix(',')
        .or_else(|| s.strip_prefix('،'))
        .unwrap_or(s);
    let s = skip_spaces(s);
    if s.len() == after_date.len() {
        return None;
    }

    // An AM/PM marker may come before the time (Japanese, Chinese, Korean).
    let (before, s) = match marker(s, MARKERS_BEFORE) {
        Some((m, rest)) => (Some(m), skip_spaces(rest)),
        None => (None, s),
    };

    // Time: h:mm, h:mm:ss (or with `.`).
    let (hour, _, s) = number(s, 1, 2)?;
    let tsep = s.chars().next().filter(|c| matches!(c, ':' | '.'))?;
    let (minute, _, s) = number(s.get(1..)?, 2, 2)?;
    let (second, s) = match s.strip_prefix(tsep).and_then(|r| number(r, 2, 2)) {
        Some((sec, _, rest)) => (sec, rest),
        None => (0, s),
    };

    // An AM/PM marker after the time, possibly after a (narrow) no-break space.
    let (meridiem, s) = match before {
        Some(m) => (Some(m), s),
        None => match marker(skip_spaces(s), MARKERS_AFTER) {
            Some((m, rest)) => (Some(m), rest),
            None => (None, s),
        },
    };
    let raw = start.get(..start.len() - s.len())?;

    // The end of the timestamp: `] ` on iOS, ` - ` on Android.
    let rest = if bracket {
        let s = s.strip_prefix(']')?;
        let s = skip_spaces(s);
        s.strip_prefix("- ").unwrap_or(s)
    } else {
        let spaced = skip_spaces(s);
        if let Some(r) = spaced
            .strip_prefix('-')
            .or_else(|| spaced.strip_prefix('–'))
        {
            if spaced.len() == s.len() {
                return None;
            }
            if r.is_empty() {
                r
            } else {
                r.strip_prefix(' ')?
            }
        } else {
            s.strip_prefix(": ")?
        }
    };
    Some(Header {
        fields: [a, b, c],
        first_digits,
        hour,
        minute,
        second,
        meridiem,
        raw,
        rest: strip_marks(rest),
    })
}

/// Splits `Author: text`. `None` for system lines: no `: `, an empty author, or an
/// "author" that is really a system sentence.
fn split_author(rest: &str) -> Option<(&str, &str)> {
    let (author, text) = match rest.find(": ") {
        Some(i) => (rest.get(..i)?, rest.get(i + 2..)?),
        None => (rest.strip_suffix(':')?, ""),
    };
    let author = author.trim();
    if author.is_empty() || author.chars().count() > MAX_AUTHOR_CHARS {
        return None;
    }
    if SYSTEM_MATCHER.is_match(author) {
        return None;
    }
    if is_system_text(text) {
        return None;
    }
    Some((author, strip_marks(text)))
}

/// iOS writes system events as `Chat name: \u{200E}event`; older exports write the
/// encryption notice as an ordinary line.
fn is_system_text(text: &str) -> bool {
    let head = window(text);
    if head.starts_with(LINE_MARKS) {
        return SYSTEM_MATCHER.is_match(strip_marks(head));
    }
    ENCRYPTION_OPENINGS.iter().any(|p| head.starts_with(p))
}

/// The first `PHRASE_WINDOW` bytes of `s`, cut at a char boundary.
fn window(s: &str) -> &str {
    let mut end = s.len().min(PHRASE_WINDOW);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or(s)
}

fn classify(line: &str) -> Line<'_> {
    let Some(header) = scan_header(line) else {
        return Line::Other;
    };
    match split_author(header.rest) {
        Some((author, text)) => Line::Message {
            header,
            author,
            text,
        },
        None => Line::System,
    }
}

/// Called when the last message has all its lines: tidies it, and drops it when it is
/// only a deletion placeholder.
fn close_last(messages: &mut Vec<Message>) {
    if let Some(last) = messages.last_mut() {
        finish(last);
        if is_deleted_placeholder(&last.text) {
            messages.pop();
        }
    }
}

/// Tidies a message once all its lines are in: drops the "edited" marker and trailing
/// line-end whitespace.
fn finish(message: &mut Message) {
    let mut text = message.text.trim_end();
    for marker in EDITED {
        if let Some(rest) = text.strip_suffix(marker) {
            text = rest.trim_end_matches(|c: char| c.is_whitespace() || LINE_MARKS.contains(&c));
            break;
        }
    }
    if text.len() != message.text.len() {
        message.text.truncate(text.len());
    }
}

fn is_deleted_placeholder(text: &str) -> bool {
    let t = text.trim_matches(|c: char| c.is_whitespace() || LINE_MARKS.contains(&c));
    let t = t.strip_suffix('.').unwrap_or(t);
    DELETED.contains(&t)
}

/// What the first pass learns about the file's date fields.
#[derive(Default)]
struct OrderStats {
    headers: usize,
    year_first: usize,
    max_first: u32,
    max_second: u32,
}

impl OrderStats {
    fn add(&mut self, h: &Header) {
        self.headers += 1;
        if h.first_digits == 4 {
            self.year_first += 1;
        } else {
            self.max_first = self.max_first.max(h.fields[0]);
            self.max_second = self.max_second.max(h.fields[1]);
        }
    }

    /// The file's date order, and whether it had to be assumed.
    fn order(&self) -> (DateOrder, bool) {
        if self.year_first * 2 > self.headers {
            return (DateOrder::Ymd, false);
        }
        match (self.max_first > 12, self.max_second > 12) {
            (true, false) => (DateOrder::Dmy, false),
            (false, true) => (DateOrder::Mdy, false),
            // Both above 12 fits no order; read as d/m/y and let the bad dates be reported.
            (true, true) => (DateOrder::Dmy, false),
            (false, false) => (DateOrder::Dmy, true),
        }
    }
}

/// Places a header's local time in UTC, or says why it cannot be placed.
fn to_utc(h: &Header, order: DateOrder, tz: FixedOffset) -> Result<DateTime<Utc>, &'static str> {
    let [a, b, c] = h.fields;
    let (year, month, day) = if h.first_digits == 4 {
        (a, b, c)
    } else {
        match order {
            DateOrder::Dmy | DateOrder::Ymd => (c, b, a),
            DateOrder::Mdy => (c, a, b),
        }
    };
    // Two-digit years: WhatsApp exists since 2009.
    let year = if year < 100 { year + 2000 } else { year };
    let hour = match (h.meridiem, h.hour) {
        (None, h) => h,
        (Some(_), h) if h > 12 => return Err("hour over 12 with an AM/PM marker"),
        (Some(Meridiem::Am), 12) => 0,
        (Some(Meridiem::Am), h) => h,
        (Some(Meridiem::Pm), 12 | 0) => 12,
        (Some(Meridiem::Pm), h) => h + 12,
    };
    let year = i32::try_from(year).map_err(|_| "year out of range")?;
    let date = NaiveDate::from_ymd_opt(year, month, day).ok_or("no such date")?;
    let local = date
        .and_hms_opt(hour, h.minute, h.second)
        .ok_or("no such time of day")?;
    tz.from_local_datetime(&local)
        .single()
        .map(|t| t.with_timezone(&Utc))
        .ok_or("time cannot be placed in the time zone")
}

/// The chat's name from the file name ("WhatsApp Chat with Sam.txt" -> "Sam"); for an
/// archive member such as `_chat.txt`, the archive's name is tried too. Empty when neither
/// carries the WhatsApp prefix.
fn title(display: &str) -> String {
    let mut candidates = vec![super::stem(display)];
    if let Some((archive, _)) = display.rsplit_once("!/") {
        candidates.push(super::stem(archive));
    }
    for name in candidates {
        for prefix in TITLE_PREFIXES {
            if let Some(t) = name.strip_prefix(prefix)
                && !t.trim().is_empty()
            {
                return t.trim().to_string();
            }
        }
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn run(text: &str) -> Result<Parsed, InputError> {
        run_as(
            "WhatsApp Chat with Sam.txt",
            text,
            &IngestOptions::default(),
        )
    }

    fn run_as(display: &str, text: &str, opts: &IngestOptions) -> Result<Parsed, InputError> {
        let source = Source {
            path: Path::new(display),
            display,
            bytes: text.as_bytes(),
        };
        parse(&source, opts)
    }

    fn utc(s: &str) -> Option<DateTime<Utc>> {
        Some(DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc))
    }

    /// A header as one line of text, for compact tables.
    fn show(h: &Header) -> String {
        let [a, b, c] = h.fields;
        let m = match h.meridiem {
            Some(Meridiem::Am) => "am",
            Some(Meridiem::Pm) => "pm",
            None => "--",
        };
        let (hour, min, sec) = (h.hour, h.minute, h.second);
        format!(
            "[{}] {a} {b} {c} {hour}:{min:02}:{sec:02} {m} | {}",
            h.raw, h.rest
        )
    }

    #[test]
    fn headers_in_every_locale() {
        // (line, "[raw timestamp] date fields h:mm:ss marker | rest")
        let table = [
            (
                "12/31/20, 11:59 PM - Sam: hi",
                "[12/31/20, 11:59 PM] 12 31 20 11:59:00 pm | Sam: hi",
            ),
            (
                "23.03.2022, 13:31 - Sam: hi",
                "[23.03.2022, 13:31] 23 3 2022 13:31:00 -- | Sam: hi",
            ),
            (
                "18.03.22 14:56 - Sam: hi",
                "[18.03.22 14:56] 18 3 22 14:56:00 -- | Sam: hi",
            ),
            (
                "[31/12/2020, 23:59:59] Sam: hi",
                "[31/12/2020, 23:59:59] 31 12 2020 23:59:59 -- | Sam: hi",
            ),
            (
                "\u{200E}[31/12/2020, 23:59:59] Sam: hi",
                "[31/12/2020, 23:59:59] 31 12 2020 23:59:59 -- | Sam: hi",
            ),
            (
                "[01/20/19 11:23] Sam: hi",
                "[01/20/19 11:23] 1 20 19 11:23:00 -- | Sam: hi",
            ),
            (
                "2019/01/30, 20:49 - Sam: hi",
                "[2019/01/30, 20:49] 2019 1 30 20:49:00 -- | Sam: hi",
            ),
            (
                "2019-01-30, 20:49 - Sam: hi",
                "[2019-01-30, 20:49] 2019 1 30 20:49:00 -- | Sam: hi",
            ),
            (
                "01/30/2019, 08:49 p. m. - Sam: hi",
                "[01/30/2019, 08:49 p. m.] 1 30 2019 8:49:00 pm | Sam: hi",
            ),
            (
                "1/3/21, 9:05 a.m. - Sam: hi",
                "[1/3/21, 9:05 a.m.] 1 3 21 9:05:00 am | Sam: hi",
            ),
            (
                "1/3/21, 9:05\u{202F}am - Sam: hi",
                "[1/3/21, 9:05\u{202F}am] 1 3 21 9:05:00 am | Sam: hi",
            ),
            (
                "[1/3/21, 9:05:10\u{A0}PM] Sam: hi",
                "[1/3/21, 9:05:10\u{A0}PM] 1 3 21 9:05:10 pm | Sam: hi",
            ),
            (
                "[03.01.21, 9:05:10 nachm.] Sam: hi",
                "[03.01.21, 9:05:10 nachm.] 3 1 21 9:05:10 pm | Sam: hi",
            ),
            (
                "[2021/01/03 午後9:05:10] Sam: hi",
                "[2021/01/03 午後9:05:10] 2021 1 3 9:05:10 pm | Sam: hi",
            ),
            (
                "2021. 1. 3. 오후 9:05 - Sam: hi",
                "[2021. 1. 3. 오후 9:05] 2021 1 3 9:05:00 pm | Sam: hi",
            ),
            (
                "3/1/21 21.05 - Sam: hi",
                "[3/1/21 21.05] 3 1 21 21:05:00 -- | Sam: hi",
            ),
            (
                "12/9/20, 23:55 - You were added",
                "[12/9/20, 23:55] 12 9 20 23:55:00 -- | You were added",
            ),
            (
                "12/9/20, 23:55: Sam: hi",
                "[12/9/20, 23:55] 12 9 20 23:55:00 -- | Sam: hi",
            ),
            (
                "[1/3/21, 9:05:10 PM] Sam: \u{200E}image omitted",
                "[1/3/21, 9:05:10 PM] 1 3 21 9:05:10 pm | Sam: \u{200E}image omitted",
            ),
        ];
        for (line, want) in table {
            let h = scan_header(strip_marks(line)).unwrap_or_else(|| panic!("no header: {line}"));
            assert_eq!(show(&h), want, "{line}");
        }
    }

    #[test]
    fn not_headers() {
        for line in [
            "",
            "see you at practice",
            "12/31/20 is the date",
            "12/31/20, see you",
            "12/31/20,11:59",
            "123/1/20, 11:59 - Sam: hi",
            "12/31/202, 11:59 - Sam: hi",
            "12/31-20, 11:59 - Sam: hi",
            "[12/31/20, 11:59 Sam: hi",
            "12/31/20, 11:59 Sam: hi",
            "12/31/20, 11:5 - Sam: hi",
            "11:59 - Sam: hi",
            "\u{0}\u{1}\u{2}",
        ] {
            assert!(scan_header(line).is_none(), "{line:?}");
        }
    }

    #[test]
    fn authors_and_system_lines() {
        // (rest after the timestamp, Some((author, text)) or None for a system line)
        let table: &[(&str, Option<(&str, &str)>)] = &[
            (
                "Sam: see you at practice",
                Some(("Sam", "see you at practice")),
            ),
            ("Sam Lee: lorem : ipsum", Some(("Sam Lee", "lorem : ipsum"))),
            ("+12 345 678: hi", Some(("+12 345 678", "hi"))),
            ("Sam: \u{200E}image omitted", Some(("Sam", "image omitted"))),
            (
                "Sam: \u{200E}<attached: 00000001-PHOTO.jpg>",
                Some(("Sam", "<attached: 00000001-PHOTO.jpg>")),
            ),
            ("Sam:", Some(("Sam", ""))),
            ("Sam:.", None),
            ("You were added", None),
            ("+12 345 578 created group \"Team\"", None),
            (
                "Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.",
                None,
            ),
            (
                "Messages to this group are now secured with end-to-end encryption. Tap for more info: link",
                None,
            ),
            (
                "Sam changed the subject from \"Team\" to \"Team: practice\"",
                None,
            ),
            (
                "Team: \u{200E}Messages and calls are end-to-end encrypted. No one outside of this chat can read them.",
                None,
            ),
            ("Team: \u{200E}Sam added Alex", None),
            ("Team: \u{200E}Sam left", None),
            (
                "Sam: Messages and calls are end-to-end encrypted. No one outside of this chat can read them.",
                None,
            ),
            // A person talking about encryption is a message.
            (
                "Sam: is this chat end-to-end encrypted?",
                Some(("Sam", "is this chat end-to-end encrypted?")),
            ),
            (": nobody", None),
        ];
        for &(rest, want) in table {
            assert_eq!(split_author(rest), want, "{rest}");
        }
    }

    struct Case {
        name: &'static str,
        text: &'static str,
        /// (author, time as RFC 3339 or "" for none, text, line)
        want: &'static [(&'static str, &'static str, &'static str, u64)],
        errors: &'static [Option<u64>],
        ambiguous: bool,
    }

    #[test]
    fn parse_table() {
        let cases = [
            Case {
                name: "android 12h, m/d/y fixed by a day over 12",
                text: "12/31/20, 11:59 PM - Sam: see you at practice\n1/2/21, 12:05 AM - Alex: ok\n1/2/21, 12:10 PM - Alex: lorem ipsum\n",
                want: &[
                    ("Sam", "2020-12-31T23:59:00Z", "see you at practice", 1),
                    ("Alex", "2021-01-02T00:05:00Z", "ok", 2),
                    ("Alex", "2021-01-02T12:10:00Z", "lorem ipsum", 3),
                ],
                errors: &[],
                ambiguous: false,
            },
            Case {
                name: "android 24h d.m.y four-digit year, encryption notice dropped",
                text: "23.03.2022, 13:31 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.\n18.03.2022, 14:56 - Sam: Hello\n",
                want: &[("Sam", "2022-03-18T14:56:00Z", "Hello", 2)],
                errors: &[],
                ambiguous: false,
            },
            Case {
                name: "android d.m.y two-digit year without comma",
                text: "18.03.22 14:56 - Sam: Hello\n18.03.22 15:10 - Sam: <Média vynechány>\n",
                want: &[
                    ("Sam", "2022-03-18T14:56:00Z", "Hello", 1),
                    ("Sam", "2022-03-18T15:10:00Z", "<Média vynechány>", 2),
                ],
                errors: &[],
                ambiguous: false,
            },
            Case {
                name: "ios with seconds, marks, media and edited marker",
                text: "\u{200E}[31/12/2020, 23:59:59] Sam: see you at practice\n[31/12/2020, 23:59:59] Alex: \u{200E}image omitted\n[01/01/2021, 00:00:01] Sam: \u{200E}<attached: 00000001-PHOTO.jpg>\n[01/01/2021, 00:00:02] Sam: lorem ipsum \u{200E}<This message was edited>\n",
                want: &[
                    ("Sam", "2020-12-31T23:59:59Z", "see you at practice", 1),
                    ("Alex", "2020-12-31T23:59:59Z", "image omitted", 2),
                    (
                        "Sam",
                        "2021-01-01T00:00:01Z",
                        "<attached: 00000001-PHOTO.jpg>",
                        3,
                    ),
                    ("Sam", "2021-01-01T00:00:02Z", "lorem ipsum", 4),
                ],
                errors: &[],
                ambiguous: false,
            },
            Case {
                name: "ios 12h with narrow no-break space",
                text: "[1/13/21, 9:05:10\u{202F}PM] Sam: hi\n",
                want: &[("Sam", "2021-01-13T21:05:10Z", "hi", 1)],
                errors: &[],
                ambiguous: false,
            },
            Case {
                name: "y/m/d",
                text: "2019/01/01, 11:25 - Sam: lorem\n2019/02/03, 11:25 - Alex: ipsum\n",
                want: &[
                    ("Sam", "2019-01-01T11:25:00Z", "lorem", 1),
                    ("Alex", "2019-02-03T11:25:00Z", "ipsum", 2),
                ],
                errors: &[],
                ambiguous: false,
            },
            Case {
                name: "spanish a. m. / p. m. with hour 00",
                text: "01/30/2019, 00:08 a. m. - Sam: lorem\n01/30/2019, 12:10 p. m. - Sam: ipsum\n",
                want: &[
                    ("Sam", "2019-01-30T00:08:00Z", "lorem", 1),
                    ("Sam", "2019-01-30T12:10:00Z", "ipsum", 2),
                ],
                errors: &[],
                ambiguous: false,
            },
            Case {
                name: "german vorm./nachm.",
                text: "[13.01.21, 9:05:10 vorm.] Sam: lorem\n[13.01.21, 9:05:10 nachm.] Sam: ipsum\n",
                want: &[
                    ("Sam", "2021-01-13T09:05:10Z", "lorem", 1),
                    ("Sam", "2021-01-13T21:05:10Z", "ipsum", 2),
                ],
                errors: &[],
                ambiguous: false,
            },
            Case {
                name: "japanese marker before the time",
                text: "[2021/01/13 午後9:05:10] Sam: lorem\n",
                want: &[("Sam", "2021-01-13T21:05:10Z", "lorem", 1)],
                errors: &[],
                ambiguous: false,
            },
            Case {
                name: "ambiguous order read as d/m/y",
                text: "1/2/21, 12:00 - Sam: lorem\n3/4/21, 12:00 - Alex: ipsum\n",
                want: &[
                    ("Sam", "2021-02-01T12:00:00Z", "lorem", 1),
                    ("Alex", "2021-04-03T12:00:00Z", "ipsum", 2),
                ],
                errors: &[],
                ambiguous: true,
            },
            Case {
                name: "multi-line message, CRLF, trailing line without newline",
                text: "13/01/21, 09:00 - Sam: first line\r\nsecond line\r\n\r\nthird: line\r\n13/01/21, 09:01 - Alex: ok",
                want: &[
                    (
                        "Sam",
                        "2021-01-13T09:00:00Z",
                        "first line\nsecond line\n\nthird: line",
                        1,
                    ),
                    ("Alex", "2021-01-13T09:01:00Z", "ok", 5),
                ],
                errors: &[],
                ambiguous: false,
            },
            Case {
                name: "system lines and deleted placeholders are not messages",
                text: "13/01/21, 09:00 - Sam created group \"Team\"\n13/01/21, 09:00 - Sam added you\n13/01/21, 09:01 - Sam: This message was deleted\n13/01/21, 09:02 - Alex: You deleted this message\n13/01/21, 09:03 - Alex: Tato zpráva byla odstraněna.\n13/01/21, 09:04 - Sam: Данное сообщение удалено\n13/01/21, 09:05 - Sam: see you at practice\n13/01/21, 09:06 - You changed the group description\n",
                want: &[("Sam", "2021-01-13T09:05:00Z", "see you at practice", 7)],
                errors: &[],
                ambiguous: false,
            },
            Case {
                name: "media placeholders are messages",
                text: "13/01/21, 09:00 - Sam: <Media omitted>\n13/01/21, 09:01 - Sam: <Без медиафайлов>\n13/01/21, 09:02 - Sam: \u{200E}Alex.vcf (file attached)\n",
                want: &[
                    ("Sam", "2021-01-13T09:00:00Z", "<Media omitted>", 1),
                    ("Sam", "2021-01-13T09:01:00Z", "<Без медиафайлов>", 2),
                    ("Sam", "2021-01-13T09:02:00Z", "Alex.vcf (file attached)", 3),
                ],
                errors: &[],
                ambiguous: false,
            },
            Case {
                name: "continuation of a system line is not glued to the message before",
                text: "13/01/21, 09:00 - Sam: lorem\n13/01/21, 09:01 - Sam changed the group description\nnew description text\n",
                want: &[("Sam", "2021-01-13T09:00:00Z", "lorem", 1)],
                errors: &[],
                ambiguous: false,
            },
            Case {
                name: "impossible date keeps the message without a time",
                text: "13/01/21, 09:00 - Sam: lorem\n30/02/21, 09:00 - Sam: ipsum\n13/01/21, 25:00 - Sam: dolor\n13/01/21, 13:00 PM - Sam: sit\n",
                want: &[
                    ("Sam", "2021-01-13T09:00:00Z", "lorem", 1),
                    ("Sam", "", "ipsum", 2),
                    ("Sam", "", "dolor", 3),
                    ("Sam", "", "sit", 4),
                ],
                errors: &[Some(2), Some(3), Some(4)],
                ambiguous: false,
            },
            Case {
                name: "month 13 after inference",
                text: "12/25/21, 09:00 - Sam: lorem\n13/01/21, 09:00 - Sam: ipsum\n",
                // Both first fields go over 12: no order fits all; d/m/y is used.
                want: &[
                    ("Sam", "", "lorem", 1),
                    ("Sam", "2021-01-13T09:00:00Z", "ipsum", 2),
                ],
                errors: &[Some(1)],
                ambiguous: false,
            },
            Case {
                name: "junk before the first message is one error",
                text: "exported by a tool\nsecond junk line\n\n13/01/21, 09:00 - Sam: lorem\n",
                want: &[("Sam", "2021-01-13T09:00:00Z", "lorem", 4)],
                errors: &[Some(1)],
                ambiguous: false,
            },
        ];
        for case in cases {
            let parsed = run(case.text).unwrap_or_else(|e| panic!("{}: {e}", case.name));
            assert_eq!(parsed.conversations.len(), 1, "{}", case.name);
            let got: Vec<(String, String, String, u64)> = parsed.conversations[0]
                .messages
                .iter()
                .map(|m| {
                    let t = m
                        .time
                        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
                    (
                        m.author.clone(),
                        t.unwrap_or_default(),
                        m.text.clone(),
                        m.line,
                    )
                })
                .collect();
            let want: Vec<(String, String, String, u64)> = case
                .want
                .iter()
                .map(|&(a, t, x, l)| (a.to_string(), t.to_string(), x.to_string(), l))
                .collect();
            assert_eq!(got, want, "{}", case.name);
            let lines: Vec<Option<u64>> = parsed.errors.iter().map(|e| e.line).collect();
            assert_eq!(lines, case.errors, "{}: {:?}", case.name, parsed.errors);
            let ambiguous = parsed.assumptions.iter().any(|a| a.contains("ambiguous"));
            assert_eq!(
                ambiguous, case.ambiguous,
                "{}: {:?}",
                case.name, parsed.assumptions
            );
        }
    }

    #[test]
    fn time_raw_is_verbatim_and_zone_is_applied_and_stated() {
        let opts = IngestOptions {
            timezone: FixedOffset::east_opt(2 * 3600).unwrap(),
            input_format: None,
        };
        let parsed = run_as("chat.txt", "12/31/20, 11:59 PM - Sam: hi\n", &opts).unwrap();
        let m = &parsed.conversations[0].messages[0];
        assert_eq!(m.time_raw, "12/31/20, 11:59 PM");
        assert_eq!(m.time, utc("2020-12-31T21:59:00Z"));
        let zone: Vec<&String> = parsed
            .assumptions
            .iter()
            .filter(|a| a.contains("time zone"))
            .collect();
        assert_eq!(zone, ["timestamps carry no time zone; read as UTC+02:00"]);
    }

    #[test]
    fn titles_come_from_the_file_name() {
        for (display, want) in [
            ("WhatsApp Chat with Sam.txt", "Sam"),
            ("dir/WhatsApp Chat - Team.txt", "Team"),
            ("chat.txt", ""),
            ("x/WhatsApp Chat - Team.zip!/_chat.txt", "Team"),
            ("WhatsApp Chat with .txt", ""),
        ] {
            assert_eq!(title(display), want, "{display}");
            let parsed = run_as(
                display,
                "13/01/21, 09:00 - Sam: lorem\n",
                &IngestOptions::default(),
            )
            .unwrap();
            assert_eq!(parsed.conversations[0].title, want);
            assert_eq!(parsed.conversations[0].key, "");
        }
    }

    #[test]
    fn files_without_message_lines_are_errors() {
        for text in [
            "",
            "\n\n",
            "see you at practice\nlorem ipsum\n",
            "\u{0}\u{1}binary",
        ] {
            let err = run(text).unwrap_err();
            assert_eq!(err.path, "WhatsApp Chat with Sam.txt");
        }
        let source = Source {
            path: Path::new("x.txt"),
            display: "x.txt",
            bytes: b"13/01/21, 09:00 - Sam: \xff\n",
        };
        let err = parse(&source, &IngestOptions::default()).unwrap_err();
        assert_eq!(err.line, Some(1));
    }

    #[test]
    fn detection() {
        let yes = [
            "12/31/20, 11:59 PM - Sam: hi\n",
            "\u{FEFF}\u{200E}[31/12/2020, 23:59:59] Sam: hi\n",
            "12/9/20, 23:55 - Messages and calls are end-to-end encrypted.\n12/9/20, 23:55 - Sam: hi\nsecond line\n",
            "[2019-12-24, 12:23] Jane Doe: Hello\n",
        ];
        for head in yes {
            assert!(looks_like(head), "{head:?}");
        }
        let no = [
            "",
            "see you at practice\n",
            "12/9/20, 23:55 - You were added\n",
            "date,author,text\n12/9/20,Sam,hi\n",
            "{\"messages\": []}\n",
            "a\nb\nc\n12/31/20, 11:59 PM - Sam: hi\nd\ne\nf\n",
        ];
        for head in no {
            assert!(!looks_like(head), "{head:?}");
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        let long = format!("13/01/21, 09:00 - Sam: {}", "x".repeat(10 << 20));
        let inputs: Vec<Vec<u8>> = vec![
            long.into_bytes(),
            b"13/01/21, 09:00 - Sam: lorem\n13/01/21, 09:0".to_vec(),
            b"[".to_vec(),
            b"1".to_vec(),
            b"13/01/21, 09:00 - ".to_vec(),
            b"13/01/21, 09:00 -".to_vec(),
            "13/01/21, 09:00 a. - Sam: hi\n99/99/99, 99:99 - Sam: hi\n["
                .as_bytes()
                .to_vec(),
            "\u{200E}\u{200F}\n\u{202F}13/01/21, 09:00\u{202F}午 - Sam: é"
                .as_bytes()
                .to_vec(),
            (0u8..=255).cycle().take(4096).collect(),
            "9999/99/99, 99:99:99 PM - Sam: hi\n".as_bytes().to_vec(),
            "4294967295/1/1, 1:00 - Sam: hi\n".as_bytes().to_vec(),
        ];
        for bytes in inputs {
            let source = Source {
                path: Path::new("x"),
                display: "x",
                bytes: &bytes,
            };
            let _ = parse(&source, &IngestOptions::default());
            let _ = looks_like(&String::from_utf8_lossy(&bytes));
        }
    }
}
