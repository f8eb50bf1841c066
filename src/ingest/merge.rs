//! Merging one chat that arrives in several files: Messenger and Instagram split a thread
//! into `message_1.json`, `message_2.json`, ...; an investigator may hold two Telegram or
//! Discord exports of the same chat from different dates. Conversations of those formats
//! with the same native key (thread path, chat id, channel id) become one conversation;
//! a message present in more than one file (same author, time and text) is kept once and
//! its other copies are recorded, so it is reported once with every source.
//!
//! Only formats whose key is the chat's own id are merged. File-stem keys (WhatsApp,
//! JSONL) and per-device ids (SMS databases and backups) never are: two phones' "thread 3"
//! or two `_chat.txt` files are different chats.

use crate::model::{Conversation, Duplicate, Format, Merge};
use std::collections::{BTreeMap, HashMap};

/// Whether `c` may be one part of a chat that other files also hold (and so must wait for
/// every file before it is scored).
pub fn mergeable(c: &Conversation) -> bool {
    matches!(
        c.format,
        Format::Messenger | Format::Instagram | Format::Telegram | Format::Discord
    ) && c.key != super::stem(&c.source)
}

/// Merges conversations that are the same chat. Input order is file order; the output
/// keeps the position of each group's first part. Returns plain-words notes on what was
/// merged, for the run's assumptions.
pub fn merge(conversations: Vec<Conversation>) -> (Vec<Conversation>, Vec<String>) {
    let (out, notes) = merge_noted(conversations);
    (out, notes.into_iter().map(|(_, note)| note).collect())
}

/// `merge`, each note given with the position (in `conversations`) of the chat's first
/// part, so a caller can tell which file the note is about.
pub fn merge_noted(conversations: Vec<Conversation>) -> (Vec<Conversation>, Vec<(usize, String)>) {
    let mut groups: BTreeMap<(Format, String), Vec<usize>> = BTreeMap::new();
    for (i, c) in conversations.iter().enumerate() {
        if mergeable(c) {
            groups.entry((c.format, c.key.clone())).or_default().push(i);
        }
    }
    let mut parts_of: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut absorbed = vec![false; conversations.len()];
    for (_, members) in groups.into_iter().filter(|(_, m)| m.len() > 1) {
        for &m in &members[1..] {
            absorbed[m] = true;
        }
        parts_of.insert(members[0], members);
    }
    if parts_of.is_empty() {
        return (conversations, Vec::new());
    }
    let mut slots: Vec<Option<Conversation>> = conversations.into_iter().map(Some).collect();
    let mut out = Vec::new();
    let mut notes = Vec::new();
    for i in 0..slots.len() {
        if absorbed[i] {
            continue;
        }
        match parts_of.get(&i) {
            None => out.extend(slots[i].take()),
            Some(members) => {
                let parts: Vec<Conversation> =
                    members.iter().filter_map(|&m| slots[m].take()).collect();
                let merged = join(parts);
                let m = merged
                    .merged
                    .as_ref()
                    .expect("joined conversations carry a merge record");
                notes.push((i, format!(
                    "{}: conversation {:?} was read from {} files and merged; {} message(s) found in more than one file were counted once",
                    merged.source,
                    merged.key,
                    m.files.len(),
                    m.duplicates.len()
                )));
                out.push(merged);
            }
        }
    }
    (out, notes)
}

/// Joins the parts of one chat (in file order) into one conversation.
fn join(parts: Vec<Conversation>) -> Conversation {
    let mut files: Vec<String> = Vec::new();
    let mut first: Option<Conversation> = None;
    // (message, file index)
    let mut kept = Vec::new();
    let mut seen: HashMap<(String, i64, String), usize> = HashMap::new();
    let mut duplicates = Vec::new();
    for mut part in parts {
        if !files.contains(&part.source) {
            files.push(part.source.clone());
        }
        let file = files.iter().position(|f| *f == part.source).unwrap_or(0) as u16;
        for m in std::mem::take(&mut part.messages) {
            if let Some(t) = m.time {
                let key = (m.author.clone(), t.timestamp_millis(), m.text.clone());
                if let Some(&k) = seen.get(&key) {
                    let (_, kept_file): &(crate::model::Message, u16) = &kept[k];
                    if *kept_file != file {
                        duplicates.push(Duplicate {
                            message: k,
                            file,
                            line: m.line,
                        });
                        continue;
                    }
                }
                seen.insert(key, kept.len());
            }
            kept.push((m, file));
        }
        first.get_or_insert(part);
    }
    // Chronological order when every message has a time; otherwise file order.
    let mut order: Vec<usize> = (0..kept.len()).collect();
    if kept.iter().all(|(m, _)| m.time.is_some()) {
        order.sort_by_key(|&i| kept[i].0.time);
    }
    let mut new_index = vec![0usize; kept.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    for d in &mut duplicates {
        d.message = new_index[d.message];
    }
    duplicates.sort_by_key(|d| (d.message, d.file, d.line));
    let mut slots: Vec<Option<(crate::model::Message, u16)>> = kept.into_iter().map(Some).collect();
    let (messages, message_file): (Vec<_>, Vec<_>) =
        order.iter().filter_map(|&i| slots[i].take()).unzip();
    let mut c = first.unwrap_or_else(|| unreachable!("join is called with at least one part"));
    c.messages = messages;
    c.merged = Some(Box::new(Merge {
        files,
        message_file,
        duplicates,
    }));
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Message;
    use chrono::{TimeZone, Utc};

    fn conv(
        source: &str,
        key: &str,
        format: Format,
        msgs: &[(i64, &str, &str, u64)],
    ) -> Conversation {
        Conversation {
            id: format!("id-{source}"),
            key: key.into(),
            title: key.into(),
            source: source.into(),
            format,
            messages: msgs
                .iter()
                .map(|&(t, a, text, line)| Message {
                    author: a.into(),
                    time: Some(Utc.timestamp_opt(t, 0).unwrap()),
                    time_raw: t.to_string(),
                    text: text.into(),
                    line,
                    deleted: false,
                })
                .collect(),
            merged: None,
        }
    }

    #[test]
    fn parts_of_one_thread_merge_in_time_order_and_duplicates_count_once() {
        let a = conv(
            "x/message_1.json",
            "inbox/t1",
            Format::Messenger,
            &[(30, "A", "c", 1), (20, "B", "b", 2)],
        );
        let b = conv(
            "x/message_2.json",
            "inbox/t1",
            Format::Messenger,
            &[(20, "B", "b", 1), (10, "A", "a", 2)],
        );
        let other = conv(
            "y/message_1.json",
            "inbox/t2",
            Format::Messenger,
            &[(5, "C", "z", 1)],
        );
        let (out, notes) = merge(vec![a, other, b]);
        assert_eq!(out.len(), 2);
        let m = &out[0];
        let texts: Vec<&str> = m.messages.iter().map(|x| x.text.as_str()).collect();
        assert_eq!(texts, ["a", "b", "c"]);
        let merge = m.merged.as_ref().unwrap();
        assert_eq!(merge.files, ["x/message_1.json", "x/message_2.json"]);
        assert_eq!(merge.message_file, [1, 0, 0]);
        assert_eq!(
            merge.duplicates,
            [Duplicate {
                message: 1,
                file: 1,
                line: 1
            }]
        );
        assert_eq!(notes.len(), 1);
        assert_eq!(out[1].key, "inbox/t2");
    }

    #[test]
    fn stem_keys_and_device_formats_never_merge() {
        let a = conv(
            "a/_chat.txt",
            "_chat",
            Format::Whatsapp,
            &[(1, "A", "x", 1)],
        );
        let b = conv(
            "b/_chat.txt",
            "_chat",
            Format::Whatsapp,
            &[(1, "A", "x", 1)],
        );
        let c = conv("p1.db", "thread:3", Format::AndroidSms, &[(1, "A", "x", 1)]);
        let d = conv("p2.db", "thread:3", Format::AndroidSms, &[(1, "A", "x", 1)]);
        let e = conv(
            "m/message_1.json",
            "message_1",
            Format::Messenger,
            &[(1, "A", "x", 1)],
        );
        let f = conv(
            "n/message_1.json",
            "message_1",
            Format::Messenger,
            &[(1, "A", "x", 1)],
        );
        let (out, notes) = merge(vec![a, b, c, d, e, f]);
        assert_eq!(out.len(), 6);
        assert!(notes.is_empty());
    }

    #[test]
    fn repeated_messages_within_one_file_are_kept() {
        let a = conv(
            "t1.json",
            "chat:1",
            Format::Telegram,
            &[(1, "A", "ok", 1), (1, "A", "ok", 2)],
        );
        let b = conv("t2.json", "chat:1", Format::Telegram, &[(1, "A", "ok", 7)]);
        let (out, _) = merge(vec![a, b]);
        assert_eq!(
            out[0].messages.len(),
            2,
            "two identical messages in one file are two messages"
        );
        assert_eq!(out[0].merged.as_ref().unwrap().duplicates.len(), 1);
    }
}
