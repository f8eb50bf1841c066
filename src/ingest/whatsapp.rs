//! WhatsApp "Export chat" text, as Android and iOS write it in every date and time locale
//! and calendar. Owns recognising such a file by content (`looks_like`), inferring the
//! file's date order from all of its dates (or taking it from `--date-order`), converting
//! Buddhist and Japanese era years, and turning message lines into `Message`s: continuation
//! lines are joined with `\n`, bidi marks at line starts and the "edited" marker are taken
//! off, system lines (joins, encryption notices, group changes, in many languages) are
//! dropped and counted (`Parsed::system_lines`), and deletion placeholders ("This message
//! was deleted") are kept as messages marked `deleted`, their text as written. Media
//! placeholders are kept as written: they are messages. A line that is neither a message
//! nor a system line continues the message before it: nothing is dropped for not being
//! understood.
//!
//! It does not open archives (`zip` hands members over), does not normalise text, and never
//! reorders messages: export order is evidence order.
//!
//! A message line is `[DATE, TIME] Author: text` (iOS), `DATE, TIME - Author: text`
//! (Android), `DATE, TIME: Author: text` (old iOS, no brackets and no dash) or
//! `[TIME, DATE] Author: text` (time first, Vietnamese iOS). Dates may carry right-to-left
//! marks between their fields and an Arabic comma after them (Arabic), Arabic-Indic digits,
//! a Buddhist era year (`2565 BE`) or a Japanese era year (`R4`, `H30`). The line scanner is
//! hand-written scanning over a few delimiters, so one line costs a few comparisons and
//! nothing is compiled at run time.

use super::zone::LocalTimes;
use super::{IngestOptions, Parsed, ParsedConversation, Source};
use crate::error::InputError;
use crate::model::Message;
use aho_corasick::AhoCorasick;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use std::sync::LazyLock;

/// An "author" longer than this (in chars) is a sentence, not a name: a system line.
const MAX_AUTHOR_CHARS: usize = 100;

/// How much of a text the system-phrase checks look at (bytes, rounded down to a char).
const PHRASE_WINDOW: usize = 400;

/// Marks that may stand at the start of a line or of a message text and are not content.
const LINE_MARKS: [char; 3] = ['\u{200E}', '\u{200F}', '\u{FEFF}'];

/// Direction marks and embeddings that may stand inside a timestamp (Arabic and Hebrew
/// exports put them between the date fields) or make up an otherwise empty author.
const BIDI_MARKS: [char; 13] = [
    '\u{200E}', '\u{200F}', '\u{FEFF}', '\u{061C}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}',
    '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
];

/// Spaces that may stand between date, time and the AM/PM marker.
const SPACES: [char; 4] = [' ', '\u{A0}', '\u{202F}', '\u{2009}'];

/// Words some locales write between the date and the time ("at").
const DATE_TIME_WORDS: &[&str] = &["klo ", "à ", "às ", "a las ", "um ", "alle ", "om ", "в "];

/// A four-digit year from here on is a Buddhist era year (Thai calendar: Gregorian + 543);
/// WhatsApp exists since 2009, so no Gregorian year of an export comes near it.
const BUDDHIST_FROM: u32 = 2400;

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
    ("a.\u{A0}m.", Meridiem::Am),
    ("p.\u{A0}m.", Meridiem::Pm),
    ("a.\u{202F}m.", Meridiem::Am),
    ("p.\u{202F}m.", Meridiem::Pm),
    ("nachm.", Meridiem::Pm),
    ("vorm.", Meridiem::Am),
    ("a.m.", Meridiem::Am),
    ("p.m.", Meridiem::Pm),
    ("am", Meridiem::Am),
    ("pm", Meridiem::Pm),
    // Vietnamese: sáng / chiều.
    ("SA", Meridiem::Am),
    ("CH", Meridiem::Pm),
    ("午前", Meridiem::Am),
    ("午後", Meridiem::Pm),
    ("上午", Meridiem::Am),
    ("下午", Meridiem::Pm),
    ("오전", Meridiem::Am),
    ("오후", Meridiem::Pm),
    // Arabic and Urdu: صباحًا / مساءً, written as one letter.
    ("ص", Meridiem::Am),
    ("م", Meridiem::Pm),
    // Persian, Hindi, Bengali, Greek, Thai.
    ("ق.ظ.", Meridiem::Am),
    ("ب.ظ.", Meridiem::Pm),
    ("ق.ظ", Meridiem::Am),
    ("ب.ظ", Meridiem::Pm),
    ("पूर्वाह्न", Meridiem::Am),
    ("अपराह्न", Meridiem::Pm),
    ("পূর্বাহ্ণ", Meridiem::Am),
    ("অপরাহ্ণ", Meridiem::Pm),
    ("π.μ.", Meridiem::Am),
    ("μ.μ.", Meridiem::Pm),
    ("ก่อนเที่ยง", Meridiem::Am),
    ("หลังเที่ยง", Meridiem::Pm),
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
    "totalsträckskrypter",
    "uçtan uca",
    "hujung ke hujung",
    "mã hóa đầu cuối",
    "מקצה-לקצה",
    "מקצה לקצה",
    "مشفرة تمامًا",
    "مشفّرة تمامًا",
    "بين الطرفين",
    "سرتاسری",
    "اینڈ ٹو اینڈ",
    "एंड-टू-एंड",
    "এন্ড-টু-এন্ড",
    "எண்ட்-டு-எண்ட்",
    "ఎండ్-టు-ఎండ్",
    "ตั้งแต่ต้นทางถึงปลายทาง",
    "από άκρο σε άκρο",
    "végpontok közötti",
    "päästä päähän",
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
    "Berichten en oproepen zijn end-to-end versleuteld",
    "Mesajlar ve aramalar uçtan uca şifrelidir",
    "Pesan dan panggilan terenkripsi secara end-to-end",
    "Tin nhắn và cuộc gọi được mã hóa đầu cuối",
    "संदेश और कॉल एंड-टू-एंड एन्क्रिप्टेड हैं",
    "मैसेज और कॉल एंड-टू-एंड एन्क्रिप्टेड हैं",
    "الرسائل والمكالمات مشفرة تمامًا",
    "الرسائل والمكالمات مشفّرة تمامًا",
];

/// System-event phrases: English, then the same events in the languages whose exports we
/// know. Checked, like `ENCRYPTION_WORDS`, only in the "author" part of a line and in iOS
/// system texts that start with U+200E, where no person's words stand.
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
    "business account",
    "invite link",
    "pinned a message",
    "joined from the community",
    "requested to join",
    "Waiting for this message",
    // German
    "hat die Gruppe",
    "hinzugefügt",
    "entfernt",
    "Einladungslink",
    "Sicherheitsnummer",
    "hat den Betreff",
    // Spanish
    "creó el grupo",
    "añadió a",
    "salió del grupo",
    "se unió",
    "código de seguridad",
    "cambió el asunto",
    // French
    "a créé le groupe",
    "a ajouté",
    "est parti",
    "a rejoint",
    "code de sécurité",
    "a modifié le sujet",
    // Portuguese
    "criou o grupo",
    "adicionou",
    "entrou usando",
    "código de segurança",
    "mudou o assunto",
    // Italian
    "ha creato il gruppo",
    "ha aggiunto",
    "è uscito",
    "codice di sicurezza",
    // Dutch
    "heeft de groep",
    "toegevoegd",
    "beveiligingscode",
    // Russian
    "создал(а) группу",
    "добавил(а)",
    "вышел(-ла)",
    "код безопасности",
    // Turkish
    "grubunu oluşturdu",
    "güvenlik kodu",
    // Indonesian and Malay
    "membuat grup",
    "menambahkan",
    "kode keamanan",
    // Hindi (whole events: a single word such as "group" could open a person's message)
    "ने ग्रुप बनाया",
    "ने ग्रुप छोड़ दिया",
    "को जोड़ा",
    "सुरक्षा कोड",
    "इनवाइट लिंक",
    // Arabic
    "أنشأ المجموعة",
    "غادر المجموعة",
    "رابط الدعوة",
    "رمز الأمان",
];

/// `ENCRYPTION_WORDS` and `SYSTEM_PHRASES` in one automaton, built once: it runs on the
/// author of every message line.
static SYSTEM_MATCHER: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::new(ENCRYPTION_WORDS.iter().chain(SYSTEM_PHRASES))
        .expect("the system phrases are a small fixed list")
});

/// What WhatsApp writes in place of a deleted message (compared after trimming marks,
/// spaces and a final full stop). Such lines are kept as messages marked deleted.
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
    "Usunięto tę wiadomość",
    "Це повідомлення було видалено",
    "Ви видалили це повідомлення",
    "Pesan ini telah dihapus",
    "Pesan ini dihapus",
    "Anda menghapus pesan ini",
    "Mesej ini telah dipadam",
    "Anda telah memadam mesej ini",
    "Tin nhắn này đã bị xóa",
    "Bạn đã xóa tin nhắn này",
    "यह मैसेज मिटा दिया गया था",
    "यह संदेश हटा दिया गया था",
    "आपने यह मैसेज मिटा दिया",
    "आपने यह संदेश हटा दिया",
    "تم حذف هذه الرسالة",
    "لقد حذفت هذه الرسالة",
    "حذفت هذه الرسالة",
    "הודעה זו נמחקה",
    "מחקת את ההודעה הזו",
    "این پیام حذف شد",
    "شما این پیام را حذف کردید",
    "ข้อความนี้ถูกลบแล้ว",
    "คุณลบข้อความนี้แล้ว",
    "Αυτό το μήνυμα διαγράφηκε",
    "Διαγράψατε αυτό το μήνυμα",
    "Det här meddelandet raderades",
    "Du raderade det här meddelandet",
    "Denne besked blev slettet",
    "Du slettede denne besked",
    "Denne meldingen ble slettet",
    "Du slettet denne meldingen",
    "Tämä viesti poistettiin",
    "Poistit tämän viestin",
    "Ez az üzenet törölve lett",
    "Törölted ezt az üzenetet",
    "Acest mesaj a fost șters",
    "Ai șters acest mesaj",
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

/// Which date field is the day, month and year: inferred once per file from all of its
/// dates, or given (`IngestOptions::date_order`, `--date-order`) for files whose dates fit
/// either order. A date whose first field has four digits (or is an era year such as `R4`)
/// is always year/month/day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateOrder {
    Dmy,
    Mdy,
    Ymd,
}

impl DateOrder {
    /// Every order, for flag parsing and docs.
    pub const ALL: [DateOrder; 3] = [DateOrder::Dmy, DateOrder::Mdy, DateOrder::Ymd];

    /// The name used on the command line: `dmy`, `mdy`, `ymd`.
    pub fn name(self) -> &'static str {
        match self {
            DateOrder::Dmy => "dmy",
            DateOrder::Mdy => "mdy",
            DateOrder::Ymd => "ymd",
        }
    }

    pub fn from_name(name: &str) -> Option<DateOrder> {
        DateOrder::ALL.into_iter().find(|o| o.name() == name)
    }

    fn words(self) -> &'static str {
        match self {
            DateOrder::Dmy => "day/month/year",
            DateOrder::Mdy => "month/day/year",
            DateOrder::Ymd => "year/month/day",
        }
    }
}

/// The calendar a date's year is counted in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Era {
    Gregorian,
    /// Thai solar calendar: Gregorian year + 543 (`2565 BE`, or any year from 2400).
    Buddhist,
    /// Japanese era Reiwa (`R4`): year 1 is 2019.
    Reiwa,
    /// Japanese era Heisei (`H30`): year 1 is 1989.
    Heisei,
}

/// The timestamp that opens a message or system line, its numbers in file order.
#[derive(Debug, PartialEq, Eq)]
struct Header<'a> {
    /// The three date fields as written (order not yet known).
    fields: [u32; 3],
    /// The first field is the year: four digits, or an era year.
    year_first: bool,
    /// The calendar of the year field.
    era: Era,
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

/// True when the head of a file reads as a WhatsApp chat export: some line in it is a
/// message line (a WhatsApp timestamp, then `Author: `), and the non-empty lines before
/// the first timestamped line are no more than the timestamped lines seen. So a long
/// forwarded message (many continuation lines) or dozens of system lines at the top do not
/// hide an export, and prose that quotes one message line is not taken for one.
pub fn looks_like(head: &str) -> bool {
    let mut preamble = 0usize;
    let mut stamped = 0usize;
    let mut message = false;
    for line in head.lines() {
        let line = strip_marks(line);
        match scan_header(line) {
            Some(header) => {
                stamped += 1;
                message = message || split_author(header.rest).is_some();
            }
            None if stamped == 0 && !line.trim().is_empty() => preamble += 1,
            None => {}
        }
        if message && preamble <= stamped {
            return true;
        }
    }
    false
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
    // How dates whose first field is not the year are read.
    let short = match opts.date_order {
        Some(given) => {
            parsed.assumptions.push(format!(
                "date order given (--date-order {}); read as {}",
                given.name(),
                given.words()
            ));
            given
        }
        None => {
            let (order, ambiguous) = stats.order();
            if ambiguous {
                parsed.assumptions.push(format!(
                    "date order is ambiguous (all day and month fields are 12 or less); read as {}",
                    order.words()
                ));
            }
            // A year-first file's few other dates are read day first.
            if order == DateOrder::Ymd {
                DateOrder::Dmy
            } else {
                order
            }
        }
    };

    // Second pass: build the messages.
    // At most one message per timestamped line: sized once, never grown.
    let mut messages: Vec<Message> = Vec::with_capacity(stats.headers);
    // Whether continuation lines belong to the last message (false after a system line).
    let mut in_message = false;
    let mut seen_header = false;
    let mut orphans: Option<(u64, usize)> = None;
    let mut converted = false;
    let mut local = LocalTimes::new(&opts.timezone);
    // Which non-Gregorian calendars the file's converted dates were counted in.
    let mut eras: Vec<Era> = Vec::new();
    // The first year before 1900 read as Gregorian: another calendar this reader lacks.
    let mut unknown_calendar: Option<i32> = None;
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
                let read_as = if header.year_first {
                    DateOrder::Ymd
                } else {
                    short
                };
                let time = match to_utc(&header, short, &mut local) {
                    Ok(t) => {
                        converted = true;
                        if header.era != Era::Gregorian && !eras.contains(&header.era) {
                            eras.push(header.era);
                        }
                        if header.era == Era::Gregorian && t.year() < 1900 {
                            unknown_calendar.get_or_insert(t.year());
                        }
                        Some(t)
                    }
                    Err(why) => {
                        parsed.errors.push(InputError::new(
                            source.display,
                            Some(number),
                            format!(
                                "impossible timestamp \"{}\" ({why}, read as {}); message kept without a time",
                                header.raw,
                                read_as.words()
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
                    deleted: false,
                });
                in_message = true;
            }
            Line::System => {
                seen_header = true;
                parsed.system_lines += 1;
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
            "timestamps carry no time zone; read as {}",
            opts.timezone
        ));
    }
    parsed.assumptions.extend(local.dst_assumptions());
    for era in eras {
        parsed.assumptions.push(
            match era {
                Era::Buddhist => "years are Buddhist era (BE); read as Gregorian year + 543",
                Era::Reiwa => "years are Japanese era Reiwa (R); read with R1 = 2019",
                Era::Heisei => "years are Japanese era Heisei (H); read with H1 = 1989",
                Era::Gregorian => continue,
            }
            .to_string(),
        );
    }
    if let Some(year) = unknown_calendar {
        parsed.assumptions.push(format!(
            "some years are before 1900 (first: {year}), probably of a calendar not converted here (Solar Hijri, Islamic); read as Gregorian years"
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

/// Takes direction marks and embeddings off the start of a piece of a timestamp. Every
/// mark is outside ASCII, so an ASCII first byte (nearly every call) ends it at once.
fn skip_bidi(s: &str) -> &str {
    if s.as_bytes().first().is_none_or(u8::is_ascii) {
        return s;
    }
    s.trim_start_matches(BIDI_MARKS)
}

/// Skips spaces and direction marks between the parts of a timestamp.
fn skip_spaces(s: &str) -> &str {
    match s.as_bytes().first() {
        None => s,
        Some(b' ') => skip_spaces(s.trim_start_matches(' ')),
        Some(b) if b.is_ascii() => s,
        Some(_) => {
            let rest = s.trim_start_matches(|c| SPACES.contains(&c) || BIDI_MARKS.contains(&c));
            if rest.starts_with(' ') {
                skip_spaces(rest)
            } else {
                rest
            }
        }
    }
}

/// The value of a decimal digit: ASCII, Arabic-Indic (Arabic) or Extended Arabic-Indic
/// (Persian, Urdu).
fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '\u{660}'..='\u{669}' => Some(c as u32 - 0x660),
        '\u{6F0}'..='\u{6F9}' => Some(c as u32 - 0x6F0),
        _ => None,
    }
}

/// Reads `min..=max` digits at the start of `s`: (value, digits, rest). ASCII digits are
/// read byte by byte (nearly every line); Arabic-Indic ones only when the text starts so.
fn number(s: &str, min: usize, max: usize) -> Option<(u32, usize, &str)> {
    let mut value = 0u32;
    let mut count = 0usize;
    let mut end = 0usize;
    if s.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        for b in s.bytes().take_while(u8::is_ascii_digit) {
            count += 1;
            if count > max {
                return None;
            }
            value = value * 10 + u32::from(b - b'0');
        }
        end = count;
    } else {
        for (i, c) in s.char_indices() {
            let Some(d) = digit(c) else {
                break;
            };
            count += 1;
            if count > max {
                return None;
            }
            value = value * 10 + d;
            end = i + c.len_utf8();
        }
    }
    if count < min {
        return None;
    }
    Some((value, count, s.get(end..)?))
}

/// A year field that may be a Japanese era year (`R4`, `H30`), else `min..=max` digits:
/// (value, digits, era, rest).
fn year_field(s: &str, min: usize, max: usize) -> Option<(u32, usize, Era, &str)> {
    let era = match s.as_bytes().first() {
        Some(b'R') => Era::Reiwa,
        Some(b'H') => Era::Heisei,
        _ => {
            let (value, digits, rest) = number(s, min, max)?;
            return Some((value, digits, Era::Gregorian, rest));
        }
    };
    let (value, digits, rest) = number(s.get(1..)?, 1, 2)?;
    Some((value, digits, era, rest))
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

/// The bytes (in either ASCII case) that markers of `table` start with.
const fn first_bytes(table: &[(&str, Meridiem)]) -> [bool; 256] {
    let mut set = [false; 256];
    let mut i = 0;
    while i < table.len() {
        let b = table[i].0.as_bytes()[0];
        set[b.to_ascii_lowercase() as usize] = true;
        set[b.to_ascii_uppercase() as usize] = true;
        i += 1;
    }
    set
}

const FIRST_AFTER: [bool; 256] = first_bytes(MARKERS_AFTER);
const FIRST_BEFORE: [bool; 256] = first_bytes(MARKERS_BEFORE);

fn marker<'a>(
    s: &'a str,
    table: &[(&str, Meridiem)],
    first_bytes: &[bool; 256],
) -> Option<(Meridiem, &'a str)> {
    // Most lines have a digit, `-` or `]` here: no marker starts with it, so say no at once.
    let first = *s.as_bytes().first()?;
    if !first_bytes[usize::from(first)] {
        return None;
    }
    table.iter().find_map(|&(m, meridiem)| {
        let rest = strip_prefix_ignore_case(s, m)?;
        // "am" must not be the start of a word ("11:59 amazing" is no marker).
        let next_is_letter = rest.chars().next().is_some_and(char::is_alphabetic);
        (!next_is_letter).then_some((meridiem, rest))
    })
}

/// The date part of a timestamp, before the time or after it.
struct Date {
    fields: [u32; 3],
    year_first: bool,
    era: Era,
}

/// Reads a date: three numbers with the same separator (`/`, `.` or `-`), direction marks
/// allowed around the separators; the year first (four digits or an era year) or last.
fn date(s: &str) -> Option<(Date, &str)> {
    let (a, a_digits, a_era, s) = year_field(s, 1, 4)?;
    if a_digits == 3 {
        return None;
    }
    let year_first = a_digits == 4 || a_era != Era::Gregorian;
    let s = skip_bidi(s);
    let sep = s.chars().next().filter(|c| matches!(c, '/' | '.' | '-'))?;
    // Hungarian and Korean write "2020. 12. 31."
    let s = skip_bidi(s.get(1..)?);
    let s = if sep == '.' {
        skip_bidi(s.strip_prefix(' ').unwrap_or(s))
    } else {
        s
    };
    let (b, _, s) = number(s, 1, 2)?;
    let s = skip_bidi(s).strip_prefix(sep)?;
    let s = skip_bidi(s);
    let s = if sep == '.' {
        skip_bidi(s.strip_prefix(' ').unwrap_or(s))
    } else {
        s
    };
    let (c, c_digits, c_era, s) = if year_first {
        let (c, digits, s) = number(s, 1, 2)?;
        (c, digits, Era::Gregorian, s)
    } else {
        year_field(s, 2, 4)?
    };
    if !year_first && c_era == Era::Gregorian && c_digits == 3 {
        return None;
    }
    let (year, year_digits, mut era) = if year_first {
        (a, a_digits, a_era)
    } else {
        (c, c_digits, c_era)
    };
    let mut s = skip_bidi(s);
    if era == Era::Gregorian && year_digits == 4 {
        if let Some(rest) = s.strip_prefix(" BE")
            && !rest.chars().next().is_some_and(char::is_alphanumeric)
        {
            era = Era::Buddhist;
            s = rest;
        } else if year >= BUDDHIST_FROM {
            era = Era::Buddhist;
        }
    }
    let s = if sep == '.' {
        s.strip_prefix('.').unwrap_or(s)
    } else {
        s
    };
    let date = Date {
        fields: [a, b, c],
        year_first,
        era,
    };
    Some((date, s))
}

/// The time of day part of a timestamp.
struct Time {
    hour: u32,
    minute: u32,
    second: u32,
    meridiem: Option<Meridiem>,
}

/// Reads a time: `h:mm` or `h:mm:ss` (or with `.`), with an AM/PM marker before it
/// (Japanese, Chinese, Korean) or after it.
fn time(s: &str) -> Option<(Time, &str)> {
    let (before, s) = match marker(s, MARKERS_BEFORE, &FIRST_BEFORE) {
        Some((m, rest)) => (Some(m), skip_spaces(rest)),
        None => (None, s),
    };
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
        None => match marker(skip_spaces(s), MARKERS_AFTER, &FIRST_AFTER) {
            Some((m, rest)) => (Some(m), rest),
            None => (None, s),
        },
    };
    let time = Time {
        hour,
        minute,
        second,
        meridiem,
    };
    Some((time, s))
}

/// Reads the timestamp at the start of a line (marks already stripped), or `None` when
/// the line does not start with one.
fn scan_header(line: &str) -> Option<Header<'_>> {
    let (bracket, start) = match line.strip_prefix('[') {
        Some(rest) => (true, skip_bidi(rest)),
        None => (false, line),
    };

    let (date, time, s) = match date(start) {
        Some((date, s)) => {
            // Between date and time: a comma (or an Arabic comma), spaces, or both.
            let s = skip_bidi(s);
            let after_date = s;
            let s = s
                .strip_prefix(',')
                .or_else(|| s.strip_prefix('،'))
                .unwrap_or(s);
            let s = skip_spaces(s);
            if s.len() == after_date.len() {
                return None;
            }
            // A word between them: Finnish iOS "12.3.2022 klo 14.08.18", and the like.
            let s = DATE_TIME_WORDS
                .iter()
                .find_map(|w| s.strip_prefix(w))
                .unwrap_or(s);
            let (time, s) = time(s)?;
            (date, time, s)
        }
        // Time first (Vietnamese iOS): "[14:56:01, 3/18/22]".
        None if bracket => {
            let (time, s) = time(start)?;
            let s = skip_spaces(s.strip_prefix(',')?);
            let (date, s) = date(s)?;
            (date, time, s)
        }
        None => return None,
    };
    let raw = start.get(..start.len() - s.len())?;

    // The end of the timestamp: `] ` on iOS, ` - ` on Android, `: ` on old iOS.
    let rest = if bracket {
        let s = skip_bidi(s).strip_prefix(']')?;
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
        fields: date.fields,
        year_first: date.year_first,
        era: date.era,
        hour: time.hour,
        minute: time.minute,
        second: time.second,
        meridiem: time.meridiem,
        raw,
        rest: strip_marks(rest),
    })
}

/// Splits `Author: text`. `None` for system lines: no `: `, or an "author" that is really
/// a system sentence. An author of nothing but direction marks (a contact without a name)
/// is the empty author: the message is kept.
fn split_author(rest: &str) -> Option<(&str, &str)> {
    let (author, text) = match rest.find(": ") {
        Some(i) => (rest.get(..i)?, rest.get(i + 2..)?),
        None => (rest.strip_suffix(':')?, ""),
    };
    let author = author.trim();
    let author = if author.trim_matches(BIDI_MARKS).trim().is_empty() {
        ""
    } else {
        author
    };
    if author.chars().count() > MAX_AUTHOR_CHARS {
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

/// Called when the last message has all its lines: tidies it, and marks it deleted when
/// it is only a deletion placeholder.
fn close_last(messages: &mut [Message]) {
    if let Some(last) = messages.last_mut() {
        finish(last);
        last.deleted = is_deleted_placeholder(&last.text);
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

/// True when a message text is WhatsApp's placeholder for a deleted message, in any of the
/// languages this reader knows. `Message::deleted` of a WhatsApp message is exactly this,
/// so a reader of stored messages (a case folder) can set it again from the text.
pub fn is_deleted_placeholder(text: &str) -> bool {
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
        if h.year_first {
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

/// Places a header's local time in UTC, or says why it cannot be placed. `short` is the
/// order of dates whose first field is not the year.
fn to_utc(
    h: &Header,
    short: DateOrder,
    tz: &mut LocalTimes,
) -> Result<DateTime<Utc>, &'static str> {
    let [a, b, c] = h.fields;
    let (year, month, day) = if h.year_first {
        (a, b, c)
    } else {
        match short {
            DateOrder::Dmy => (c, b, a),
            DateOrder::Mdy => (c, a, b),
            DateOrder::Ymd => (a, b, c),
        }
    };
    let year = match h.era {
        // Two-digit years: WhatsApp exists since 2009.
        Era::Gregorian if year < 100 => year + 2000,
        Era::Gregorian => year,
        Era::Buddhist => year.checked_sub(543).ok_or("year out of range")?,
        Era::Reiwa | Era::Heisei if year == 0 => return Err("era year 0"),
        Era::Reiwa => year + 2018,
        Era::Heisei => year + 1988,
    };
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
    tz.to_utc(&local)
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
            // Issue 13: old iOS without brackets or dash.
            (
                "7/1/16, 4:56:55 PM: Sam: see you at 5",
                "[7/1/16, 4:56:55 PM] 7 1 16 4:56:55 pm | Sam: see you at 5",
            ),
            (
                "13/06/15 10:59:59: Sam: see you at 5",
                "[13/06/15 10:59:59] 13 6 15 10:59:59 -- | Sam: see you at 5",
            ),
            // Time first (Vietnamese).
            (
                "[14:56:01, 3/18/22] Sam: hi",
                "[14:56:01, 3/18/22] 3 18 22 14:56:01 -- | Sam: hi",
            ),
            (
                "[2:56:01 CH, 3/18/22] Sam: hi",
                "[2:56:01 CH, 3/18/22] 3 18 22 2:56:01 pm | Sam: hi",
            ),
            // Arabic: right-to-left marks inside the date, the Arabic comma, ص/م.
            (
                "[18\u{200F}/3\u{200F}/2022، 2:56:01 م] Sam: hi",
                "[18\u{200F}/3\u{200F}/2022، 2:56:01 م] 18 3 2022 2:56:01 pm | Sam: hi",
            ),
            (
                "18\u{200F}/3\u{200F}/2022، 9:05 ص - Sam: hi",
                "[18\u{200F}/3\u{200F}/2022، 9:05 ص] 18 3 2022 9:05:00 am | Sam: hi",
            ),
            (
                "١٨/٣/٢٠٢٢، ٩:٠٥ م - Sam: hi",
                "[١٨/٣/٢٠٢٢، ٩:٠٥ م] 18 3 2022 9:05:00 pm | Sam: hi",
            ),
            // Calendars: the year field as written; `era` says how to read it.
            (
                "[3/18/2565 BE, 14:56:01] Sam: hi",
                "[3/18/2565 BE, 14:56:01] 3 18 2565 14:56:01 -- | Sam: hi",
            ),
            (
                "[3/18/R4, 14:56:01] Sam: hi",
                "[3/18/R4, 14:56:01] 3 18 4 14:56:01 -- | Sam: hi",
            ),
            (
                "R4/3/18 14:56 - Sam: hi",
                "[R4/3/18 14:56] 4 3 18 14:56:00 -- | Sam: hi",
            ),
            // Finnish iOS; a word for "at" between date and time.
            (
                "[12.3.2022 klo 14.08.18] Sam: hi",
                "[12.3.2022 klo 14.08.18] 12 3 2022 14:08:18 -- | Sam: hi",
            ),
            (
                "[31/12/2020 à 23:59:59] Sam: hi",
                "[31/12/2020 à 23:59:59] 31 12 2020 23:59:59 -- | Sam: hi",
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
            // Time first only inside brackets; no era without digits.
            "14:56:01, 3/18/22 - Sam: hi",
            "[14:56:01 3/18/22] Sam: hi",
            "Hello there",
            "R2D2 says hi",
            "[3/18/R, 14:56:01] Sam: hi",
            "3/18/2565 BEE, 14:56 - Sam: hi",
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
            ("Team: \u{200E}Sam reset this group's invite link", None),
            (
                "Sam: \u{200E}This chat is with a business account. Tap for more info.",
                None,
            ),
            ("Team: \u{200E}Sam pinned a message", None),
            (
                "Sam: Messages and calls are end-to-end encrypted. No one outside of this chat can read them.",
                None,
            ),
            // A person talking about encryption is a message.
            (
                "Sam: is this chat end-to-end encrypted?",
                Some(("Sam", "is this chat end-to-end encrypted?")),
            ),
            // An empty author, or one of only direction marks, is kept as "".
            (": nobody", Some(("", "nobody"))),
            ("\u{202A}\u{202C}: hi", Some(("", "hi"))),
            ("\u{200F} : hi", Some(("", "hi"))),
            // Group events and notices in other languages (iOS: `Group: U+200E event`).
            ("Team: \u{200E}Sam ने ग्रुप बनाया", None),
            ("Team: \u{200E}संदेश और कॉल एंड-टू-एंड एन्क्रिप्टेड हैं.", None),
            ("Team: \u{200E}Sam hat Alex hinzugefügt", None),
            (
                "Team: \u{200E}الرسائل والمكالمات مشفرة تمامًا بين الطرفين",
                None,
            ),
            ("Sam: संदेश और कॉल एंड-टू-एंड एन्क्रिप्टेड हैं. टैप करें", None),
            // A media placeholder is a message.
            ("Sam: \u{200E}इमेज छोड़ी गई", Some(("Sam", "इमेज छोड़ी गई"))),
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
        /// Lines of the messages marked deleted.
        deleted: &'static [u64],
        system: usize,
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
                deleted: &[],
                system: 0,
            },
            Case {
                name: "android 24h d.m.y four-digit year, encryption notice dropped",
                text: "23.03.2022, 13:31 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.\n18.03.2022, 14:56 - Sam: Hello\n",
                want: &[("Sam", "2022-03-18T14:56:00Z", "Hello", 2)],
                errors: &[],
                ambiguous: false,
                deleted: &[],
                system: 1,
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
                deleted: &[],
                system: 0,
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
                deleted: &[],
                system: 0,
            },
            Case {
                name: "ios 12h with narrow no-break space",
                text: "[1/13/21, 9:05:10\u{202F}PM] Sam: hi\n",
                want: &[("Sam", "2021-01-13T21:05:10Z", "hi", 1)],
                errors: &[],
                ambiguous: false,
                deleted: &[],
                system: 0,
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
                deleted: &[],
                system: 0,
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
                deleted: &[],
                system: 0,
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
                deleted: &[],
                system: 0,
            },
            Case {
                name: "japanese marker before the time",
                text: "[2021/01/13 午後9:05:10] Sam: lorem\n",
                want: &[("Sam", "2021-01-13T21:05:10Z", "lorem", 1)],
                errors: &[],
                ambiguous: false,
                deleted: &[],
                system: 0,
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
                deleted: &[],
                system: 0,
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
                deleted: &[],
                system: 0,
            },
            Case {
                name: "system lines are not messages; deleted placeholders are, marked",
                text: "13/01/21, 09:00 - Sam created group \"Team\"\n13/01/21, 09:00 - Sam added you\n13/01/21, 09:01 - Sam: This message was deleted\n13/01/21, 09:02 - Alex: You deleted this message\n13/01/21, 09:03 - Alex: Tato zpráva byla odstraněna.\n13/01/21, 09:04 - Sam: Данное сообщение удалено\n13/01/21, 09:05 - Sam: see you at practice\n13/01/21, 09:06 - You changed the group description\n",
                want: &[
                    ("Sam", "2021-01-13T09:01:00Z", "This message was deleted", 3),
                    (
                        "Alex",
                        "2021-01-13T09:02:00Z",
                        "You deleted this message",
                        4,
                    ),
                    (
                        "Alex",
                        "2021-01-13T09:03:00Z",
                        "Tato zpráva byla odstraněna.",
                        5,
                    ),
                    ("Sam", "2021-01-13T09:04:00Z", "Данное сообщение удалено", 6),
                    ("Sam", "2021-01-13T09:05:00Z", "see you at practice", 7),
                ],
                errors: &[],
                ambiguous: false,
                deleted: &[3, 4, 5, 6],
                system: 3,
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
                deleted: &[],
                system: 0,
            },
            Case {
                name: "continuation of a system line is not glued to the message before",
                text: "13/01/21, 09:00 - Sam: lorem\n13/01/21, 09:01 - Sam changed the group description\nnew description text\n",
                want: &[("Sam", "2021-01-13T09:00:00Z", "lorem", 1)],
                errors: &[],
                ambiguous: false,
                deleted: &[],
                system: 1,
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
                deleted: &[],
                system: 0,
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
                deleted: &[],
                system: 0,
            },
            Case {
                name: "junk before the first message is one error",
                text: "exported by a tool\nsecond junk line\n\n13/01/21, 09:00 - Sam: lorem\n",
                want: &[("Sam", "2021-01-13T09:00:00Z", "lorem", 4)],
                errors: &[Some(1)],
                ambiguous: false,
                deleted: &[],
                system: 0,
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
            let deleted: Vec<u64> = parsed.conversations[0]
                .messages
                .iter()
                .filter(|m| m.deleted)
                .map(|m| m.line)
                .collect();
            assert_eq!(deleted, case.deleted, "{}", case.name);
            assert_eq!(parsed.system_lines, case.system, "{}", case.name);
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
            timezone: crate::ingest::zone::Zone::Fixed(
                chrono::FixedOffset::east_opt(2 * 3600).unwrap(),
            ),
            input_format: None,
            date_order: None,
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
        let join = "12/9/20, 23:56 - +00 000 joined using this group's invite link\n";
        let forward = format!(
            "12/9/20, 23:55 - Sam: forwarded\n{}12/9/20, 23:56 - Alex: ok\n",
            "a line of the forward\n".repeat(40)
        );
        let joins = format!(
            "12/9/20, 23:55 - Messages and calls are end-to-end encrypted.\n{}12/9/20, 23:59 - Sam: hi\n",
            join.repeat(60)
        );
        let only_joins = join.repeat(60);
        let yes: [&str; 10] = [
            "12/31/20, 11:59 PM - Sam: hi\n",
            "\u{FEFF}\u{200E}[31/12/2020, 23:59:59] Sam: hi\n",
            "12/9/20, 23:55 - Messages and calls are end-to-end encrypted.\n12/9/20, 23:55 - Sam: hi\nsecond line\n",
            "[2019-12-24, 12:23] Jane Doe: Hello\n",
            // Issue 13: a long forward, and a preamble of system lines, at the top.
            &forward,
            &joins,
            // A few lines before the first timestamp (a file cut out of a longer one).
            "the end of a message\n12/9/20, 23:55 - Sam: hi\n12/9/20, 23:56 - Alex: hi\n",
            "7/1/16, 4:56:55 PM: Sam: see you at 5\n",
            "[14:56:01, 3/18/22] Sam: hi\n",
            "\u{200F}[18\u{200F}/3\u{200F}/2022، 2:56:01 م] Sam: hi\n",
        ];
        for head in yes {
            assert!(looks_like(head), "{head:?}");
        }
        let no: [&str; 8] = [
            "",
            "see you at practice\n",
            "12/9/20, 23:55 - You were added\n",
            "date,author,text\n12/9/20,Sam,hi\n",
            "{\"messages\": []}\n",
            "a\nb\nc\n12/31/20, 11:59 PM - Sam: hi\nd\ne\nf\n",
            // Only system lines: nothing to read.
            &only_joins,
            // Prose that quotes one message line.
            "Notes\n\nWe saw this:\n12/31/20, 11:59 PM - Sam: hi\nand more notes\n",
        ];
        for head in no {
            assert!(!looks_like(head), "{head:?}");
        }
    }

    #[test]
    fn calendars_convert_to_gregorian_utc_and_are_stated() {
        // (line, UTC, assumption)
        let table = [
            (
                "[3/18/2565 BE, 14:56:01] Sam: hi",
                "2022-03-18T14:56:01Z",
                "Buddhist era",
            ),
            (
                "18/03/2565 14:56 - Sam: hi",
                "2022-03-18T14:56:00Z",
                "Buddhist era",
            ),
            (
                "[3/18/R4, 14:56:01] Sam: hi",
                "2022-03-18T14:56:01Z",
                "Reiwa",
            ),
            (
                "[5/13/R1, 00:00:00] Sam: hi",
                "2019-05-13T00:00:00Z",
                "Reiwa",
            ),
            (
                "[1/18/H1, 09:00:00] Sam: hi",
                "1989-01-18T09:00:00Z",
                "Heisei",
            ),
            (
                "H30/12/24 10:00 - Sam: hi",
                "2018-12-24T10:00:00Z",
                "Heisei",
            ),
        ];
        for (line, want, era) in table {
            let parsed = run(line).unwrap();
            let m = &parsed.conversations[0].messages[0];
            assert_eq!(m.time, utc(want), "{line}");
            let stated: Vec<&String> = parsed
                .assumptions
                .iter()
                .filter(|a| a.starts_with("years are"))
                .collect();
            assert_eq!(stated.len(), 1, "{line}: {:?}", parsed.assumptions);
            assert!(stated[0].contains(era), "{line}: {stated:?}");
        }
        // A year of another calendar is read as written, and said to be.
        let parsed = run("۱۴۰۱/۰۱/۰۱, ۱۰:۰۰ - Sam: hi\n").unwrap();
        assert_eq!(
            parsed.conversations[0].messages[0].time,
            utc("1401-01-01T10:00:00Z")
        );
        assert!(
            parsed
                .assumptions
                .iter()
                .any(|a| a.starts_with("some years are before 1900 (first: 1401)")),
            "{:?}",
            parsed.assumptions
        );
        // Gregorian files state no calendar; an era year 0 is no date.
        let parsed = run("13/01/21, 09:00 - Sam: hi\n").unwrap();
        assert!(
            !parsed
                .assumptions
                .iter()
                .any(|a| a.starts_with("years are") || a.starts_with("some years"))
        );
        let parsed = run("[3/18/R0, 14:56:01] Sam: hi\n").unwrap();
        assert_eq!(parsed.conversations[0].messages[0].time, None);
        assert!(parsed.errors[0].message.contains("era year 0"));
    }

    #[test]
    fn date_order_names_round_trip() {
        for o in DateOrder::ALL {
            assert_eq!(DateOrder::from_name(o.name()), Some(o));
        }
        assert_eq!(DateOrder::from_name("dym"), None);
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
            "[R99/99/99, 99:99] Sam: hi\n[H/1/1, 1:00] x\n[1:00, R\n"
                .as_bytes()
                .to_vec(),
            "[\u{200F}\u{200F}\n[٩٩٩٩/٩/٩، ٩:٩٩ م] Sam: hi\n0/0/0000 BE, 0:00 - : \n"
                .as_bytes()
                .to_vec(),
            "[99:99:99, 99/99/99] : \n1/1/0001 BE, 1:00 - Sam: hi\n[12:00"
                .as_bytes()
                .to_vec(),
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
