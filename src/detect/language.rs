//! Language identification: which language a conversation is written in, and which
//! languages its messages mix, read with `whatlang` (trigram profiles of 69 languages).
//! The scanner runs the lexicon of these languages (English always: its slang and app
//! words turn up in chats of every language); reports state the language.
//!
//! Chat messages are short ("ok", "lol", "hast du zeit?"), too short to tell apart one by
//! one, so messages are read in runs: consecutive messages are joined until a run holds
//! `RUN_LETTERS` letters, and each run is identified as one text. A conversation that mixes
//! languages has runs in each. At most `MAX_RUNS` runs, spread evenly over the
//! conversation, are read, so a chat of 100,000 messages costs what one of a few hundred
//! does. A conversation with fewer than `MIN_LETTERS` letters in all is undetermined
//! (`UNDETERMINED`): every lexicon language is then run.
//!
//! Deterministic: the same messages give the same reading (whatlang uses no randomness).

use crate::model::Conversation;
use serde::{Deserialize, Serialize};
use whatlang::Lang;

/// The code of a language that could not be determined (ISO 639-2 "und").
pub const UNDETERMINED: &str = "und";

/// Letters a run of messages holds before it is identified.
const RUN_LETTERS: usize = 160;

/// Runs read at most per conversation.
const MAX_RUNS: usize = 48;

/// Fewer letters than this in the whole conversation: undetermined.
const MIN_LETTERS: usize = 40;

/// A language counts as mixed in when it holds at least this share of the letters read.
const MIX_SHARE: f64 = 0.2;

/// The languages of one conversation.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Languages {
    /// The language most of the text is in: an ISO 639-1 code ("en", "de", "nl", "fr",
    /// "es", ...; ISO 639-3 for a language without one), or `UNDETERMINED`.
    pub main: String,
    /// Every language holding at least a fifth of the text read, most first, `main` first
    /// (empty when undetermined).
    pub mixed: Vec<String>,
}

impl Languages {
    /// True when no language could be determined.
    pub fn undetermined(&self) -> bool {
        self.main == UNDETERMINED || self.main.is_empty()
    }
}

/// The ISO 639-1 code of a whatlang language where it has one.
fn code(lang: Lang) -> &'static str {
    match lang {
        Lang::Eng => "en",
        Lang::Deu => "de",
        Lang::Nld => "nl",
        Lang::Fra => "fr",
        Lang::Spa => "es",
        Lang::Ita => "it",
        Lang::Por => "pt",
        Lang::Pol => "pl",
        Lang::Tur => "tr",
        Lang::Rus => "ru",
        Lang::Ukr => "uk",
        Lang::Ara => "ar",
        Lang::Dan => "da",
        Lang::Swe => "sv",
        Lang::Nob => "nb",
        Lang::Fin => "fi",
        Lang::Ces => "cs",
        Lang::Ron => "ro",
        Lang::Hun => "hu",
        Lang::Ell => "el",
        Lang::Hin => "hi",
        Lang::Urd => "ur",
        Lang::Cmn => "zh",
        Lang::Jpn => "ja",
        Lang::Kor => "ko",
        Lang::Afr => "af",
        other => other.code(),
    }
}

/// Identifies the languages of `conversation`'s messages.
pub fn identify(conversation: &Conversation) -> Languages {
    identify_texts(conversation.messages.iter().map(|m| m.text.as_str()))
}

/// `identify` over message texts in order.
pub fn identify_texts<'a>(texts: impl Iterator<Item = &'a str> + Clone) -> Languages {
    let letters = |t: &str| t.chars().filter(|c| c.is_alphabetic()).count();
    // The runs: (first message, one past the last) of consecutive messages.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let (mut start, mut held, mut total) = (0, 0, 0);
    let mut n = 0;
    for (i, t) in texts.clone().enumerate() {
        let l = letters(t);
        held += l;
        total += l;
        n = i + 1;
        if held >= RUN_LETTERS {
            runs.push((start, n));
            start = n;
            held = 0;
        }
    }
    if total < MIN_LETTERS {
        return Languages {
            main: UNDETERMINED.to_string(),
            mixed: Vec::new(),
        };
    }
    if start < n {
        runs.push((start, n));
    }
    let step = runs.len().div_ceil(MAX_RUNS).max(1);
    let picked: Vec<(usize, usize)> = runs.into_iter().step_by(step).collect();
    let mut tally: Vec<(&'static str, usize)> = Vec::new();
    let mut read = 0usize;
    let mut run_text = String::new();
    let mut it = texts.enumerate().peekable();
    for (from, to) in picked {
        run_text.clear();
        while let Some((i, t)) = it.peek().copied() {
            if i >= to {
                break;
            }
            it.next();
            if i >= from {
                run_text.push_str(t);
                run_text.push('\n');
            }
        }
        let l = letters(&run_text);
        read += l;
        let Some(info) = whatlang::detect(&run_text) else {
            continue;
        };
        let c = code(info.lang());
        match tally.iter_mut().find(|(x, _)| *x == c) {
            Some((_, k)) => *k += l,
            None => tally.push((c, l)),
        }
    }
    // Most letters first; ties by code, so the order never depends on the run order.
    tally.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let Some(&(main, _)) = tally.first() else {
        return Languages {
            main: UNDETERMINED.to_string(),
            mixed: Vec::new(),
        };
    };
    let mixed = tally
        .iter()
        .filter(|(_, k)| *k as f64 >= MIX_SHARE * read as f64)
        .map(|(c, _)| c.to_string())
        .collect();
    Languages {
        main: main.to_string(),
        mixed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn langs(messages: &[&str]) -> Languages {
        identify_texts(messages.iter().copied())
    }

    #[test]
    fn identifies_each_language_of_a_chat() {
        let table: &[(&str, &[&str])] = &[
            (
                "en",
                &[
                    "hey how was school today",
                    "it was ok, we had a maths test and i think i did well",
                    "nice, are you coming to the match on saturday with your dad?",
                ],
            ),
            (
                "de",
                &[
                    "hey wie war die schule heute",
                    "ganz gut, wir hatten eine mathearbeit und ich glaube es lief gut",
                    "cool, kommst du am samstag mit deinem vater zum spiel?",
                ],
            ),
            (
                "nl",
                &[
                    "hoi hoe was school vandaag",
                    "wel goed, we hadden een toets wiskunde en ik denk dat het goed ging",
                    "leuk, kom je zaterdag met je vader naar de wedstrijd?",
                ],
            ),
            (
                "fr",
                &[
                    "salut c'était comment l'école aujourd'hui",
                    "ça allait, on avait un contrôle de maths et je pense que ça s'est bien passé",
                    "cool, tu viens au match samedi avec ton père ?",
                ],
            ),
            (
                "es",
                &[
                    "hola qué tal el colegio hoy",
                    "bien, tuvimos un examen de matemáticas y creo que me fue bien",
                    "genial, ¿vienes al partido el sábado con tu padre?",
                ],
            ),
        ];
        for (want, messages) in table {
            let got = langs(messages);
            assert_eq!(got.main, *want, "{messages:?}");
            assert_eq!(got.mixed, vec![want.to_string()], "{messages:?}");
        }
    }

    #[test]
    fn a_chat_that_switches_language_lists_both() {
        let en = "hey how was your weekend, did you go to the cinema with your friends";
        let de = "wir sind am sonntag ins kino gegangen und danach noch eine pizza essen";
        let mut messages = vec![en; 6];
        messages.extend(std::iter::repeat_n(de, 6));
        let got = langs(&messages);
        assert!(got.mixed.contains(&"en".to_string()), "{got:?}");
        assert!(got.mixed.contains(&"de".to_string()), "{got:?}");
    }

    #[test]
    fn too_little_text_is_undetermined() {
        for messages in [&[][..], &["ok"][..], &["hi", "lol", "k", "ja"][..]] {
            let got = langs(messages);
            assert!(got.undetermined(), "{messages:?}: {got:?}");
            assert!(got.mixed.is_empty());
        }
    }

    #[test]
    fn a_long_chat_reads_a_bounded_sample_and_the_same_language() {
        let line = "ben je alleen thuis vanavond of zijn je ouders er ook";
        let messages: Vec<&str> = std::iter::repeat_n(line, 20_000).collect();
        assert_eq!(langs(&messages).main, "nl");
    }
}
