//! Languages through the real binary (issue 16): `scan` states each conversation's language
//! in the JSON, and reads stated ages in German, Dutch, French and Spanish, so the age gap
//! between an adult and a child is found in each; an English chat stays English.

use crate::util::{scan_json, scratch};

/// One invented chat per language (content rule): an adult states an adult age, a child a
/// child's, in the language's own words.
const CHATS: &[(&str, &[(&str, &str)])] = &[
    (
        "de",
        &[
            (
                "max",
                "hey, wie alt bist du eigentlich? ich wohne auch hier in der gegend",
            ),
            (
                "lea",
                "ich bin 14 und du? ich gehe noch zur schule, in die achte",
            ),
            (
                "max",
                "bin 25, aber das alter ist doch egal, wir verstehen uns gut",
            ),
        ],
    ),
    (
        "nl",
        &[
            (
                "max",
                "hoi, hoe oud ben jij eigenlijk? ik woon hier ook in de buurt",
            ),
            (
                "lea",
                "ik ben 14 en jij? ik zit nog op school, in de tweede klas",
            ),
            (
                "max",
                "ik ben 25, maar leeftijd maakt toch niet uit, we kunnen goed praten",
            ),
        ],
    ),
    (
        "fr",
        &[
            (
                "max",
                "salut, tu as quel âge au fait ? j'habite aussi dans le coin",
            ),
            (
                "lea",
                "j'ai 14 ans et toi ? je suis encore au collège, en quatrième",
            ),
            (
                "max",
                "j'ai 25 ans, mais l'âge ce n'est pas grave, on s'entend bien",
            ),
        ],
    ),
    (
        "es",
        &[
            (
                "max",
                "hola, ¿cuántos años tienes? yo también vivo por aquí cerca",
            ),
            (
                "lea",
                "tengo 14 años ¿y tú? todavía voy al instituto, estoy en segundo",
            ),
            (
                "max",
                "tengo 25, pero la edad no importa, nos llevamos muy bien",
            ),
        ],
    ),
    (
        "en",
        &[
            ("max", "hey, how old are you anyway? i live round here too"),
            ("lea", "im 14, you? still at school, year 9"),
            ("max", "im 25 but age doesnt matter, we get on really well"),
        ],
    ),
];

#[test]
fn each_language_is_stated_and_its_ages_are_read() {
    let dir = scratch();
    let path = dir.path().join("chats.jsonl");
    let mut lines = String::new();
    for (lang, messages) in CHATS {
        for (i, (author, text)) in messages.iter().enumerate() {
            let line = serde_json::json!({
                "conversation": format!("chat-{lang}"),
                "author": author,
                "time": format!("2025-03-01T10:0{i}:00Z"),
                "text": text,
            });
            lines.push_str(&line.to_string());
            lines.push('\n');
        }
    }
    std::fs::write(&path, lines).unwrap();
    let (doc, code) = scan_json(&[path.to_str().unwrap()]);
    assert_eq!(code, 0, "{doc}");
    let conversations = doc["conversations"].as_array().unwrap();
    assert_eq!(conversations.len(), CHATS.len());
    for (lang, _) in CHATS {
        let c = conversations
            .iter()
            .find(|c| c["title"] == format!("chat-{lang}"))
            .unwrap_or_else(|| panic!("no conversation chat-{lang}: {doc}"));
        assert_eq!(c["language"]["main"], *lang, "{c}");
        assert_eq!(c["language"]["mixed"], serde_json::json!([lang]), "{c}");
        let gap = &c["age_gap"];
        assert_eq!(gap["older_age"], 25, "{lang}: {c}");
        assert_eq!(gap["younger_age"], 14, "{lang}: {c}");
    }
}
