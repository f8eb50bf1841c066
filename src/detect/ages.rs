//! Stated ages: finds where an author says how old they are ("im 14", "im only 14", "14 f",
//! "14/f/uk", "asl? 15 f", "year 9", "in sixth form", "just turned 13", "25m", "14yo",
//! "im a 14 yr old"), in normalised text. Numbers that are times, prices, distances or
//! quantities ("im 5 mins away", "im 2 stops away", "£25") are not ages. A bare number that
//! answers another author's age question ("how old r u?" -> "15") is an age too; the caller
//! (`scan`) supplies that context.
//!
//! What is not a claim, and why:
//! - heights: "im 5'8" (the normaliser drops the apostrophe, so the original text is read
//!   to tell it from "58"), "im 5 ft 2", "5 foot 8";
//! - gaps: "im 13 years older than you", "10 years younger";
//! - hypothetical ages: "when im 18", "when you're 18", "wait till you're 16", "if i was
//!   16", "if you were 16" (but "is it ok if im 14", in the present, states an age);
//! - far-future ages: "ill be 18 in 4 years", "18 in 4 years", "ill be 18 next year": the
//!   age now is not known to the year.
//! - an age about someone else: "talking to a 14 yr old"; only "im a 14 yr old" (the
//!   author's own noun phrase) is a claim.
//!
//! A near-future age ("turning 15", "turning 15 next week", "ill be 16 next month", "im 15
//! tomorrow") is a claim of the age the author is now, one less: that is what decides
//! minor or adult, so "turning 18 next week" is a 17-year-old's claim.
//!
//! German, Dutch, French and Spanish are read the same way, with the same rejections:
//! "ich bin 14", "bin 14 j", "ik ben 14 jaar", "j'ai 14 ans", "tengo 14 años", "14 w", "ich
//! werde 15" (a near-future age, 14 now), "ich bin in der 8. klasse", "ik zit in groep 8",
//! "je suis en 4e", "estoy en 2º de la eso"; not "ich bin 10 minuten weg", "ik ben er om
//! 14", "j'ai 14 messages", "tengo 20 euros", "ich bin 10 jahre älter", "quand j'aurai 18
//! ans". French "j'ai" and Spanish "tengo" state an age only with "ans"/"años" or with
//! nothing after the number: they also have things.
//!
//! This module only reads text; attributing a claim to an author is the scanner's job.

use crate::detect::normalize::{Normalized, text_regex};
use regex::{Match, Regex, RegexSet};
use std::sync::LazyLock;

/// Youngest and oldest age taken as a stated age.
pub const MIN_AGE: u8 = 10;
pub const MAX_AGE: u8 = 79;

/// One age claim in normalised text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Claim {
    pub age: u8,
    /// Byte range in the normalised text.
    pub start: usize,
    pub end: usize,
}

/// One message as the age patterns read it: its normalised text, and the original text
/// it came from, which tells a height from a number: the normaliser drops apostrophes, so
/// "5'8" and "58" both read "58".
#[derive(Clone, Copy)]
pub struct Text<'a> {
    /// The normalised text.
    pub text: &'a str,
    norm: &'a Normalized,
    original: &'a str,
}

impl<'a> Text<'a> {
    /// `norm` must be `original` normalised.
    pub fn new(norm: &'a Normalized, original: &'a str) -> Self {
        Text {
            text: &norm.text,
            norm,
            original,
        }
    }

    /// True when the digits at `start..end` of the normalised text were written with a
    /// foot or inch mark between them ("5'8", "5\u{2019}8", "5\u{2032}8").
    fn feet_and_inches(&self, start: usize, end: usize) -> bool {
        let (s, e) = self.norm.original_range(start, end);
        self.original.get(s..e).is_some_and(|o| {
            o.contains([
                '\'', '\u{2018}', '\u{2019}', '\u{2032}', '\u{02BC}', '`', '\u{00B4}',
            ])
        })
    }
}

/// A message of at most this many words may state an age by itself ("15 f", "year 9").
const SHORT_WORDS: usize = 5;

/// Words after a number that make it a quantity, not an age, in English, German, Dutch,
/// French and Spanish (normalised: no accents).
const UNITS: &[&str] = &[
    "&str] = &[",
    "min",
    "mins",
    "minute",
    "minutes",
    "hour",
    "hours",
    "hr",
    "hrs",
    "h",
    "sec",
    "secs",
    "second",
    "seconds",
    "km",
    "k",
    "mile",
    "miles",
    "mi",
    "metres",
    "meters",
    "m",
    "feet",
    "ft",
    "foot",
    "inches",
    "cm",
    "percent",
    "pounds",
    "quid",
    "p",
    "dollars",
    "euros",
    "bucks",
    "stone",
    "st",
    "kg",
    "lbs",
    "times",
    "days",
    "day",
    "weeks",
    "week",
    "months",
    "month",
    "away",
    "streets",
    "stops",
    "x",
    "out",
    "th",
    "nd",
    "rd",
    "pm",
    "am",
    "oclock",
    "of",
    "more",
    "people",
    "games",
    "levels",
    "points",
    "calls",
    "messages",
    "tabs",
    "minuten",
    "uhr",
    "std",
    "stunden",
    "euro",
    "eur",
    "meter",
    "kilo",
    "tage",
    "wochen",
    "monate",
    "mal",
    "uur",
    "dagen",
    "weken",
    "maanden",
    "keer",
    "heures",
    "jours",
    "semaines",
    "mois",
    "fois",
    "minutos",
    "horas",
    "dias",
    "semanas",
    "meses",
    "veces",
    "pesos",
    "metros",
    "mensajes",
    "fotos",
    "photos",
    "amigos",
    "freunde",
    "vrienden",
    "amis",
    "kilos",
    "klasse",
    "klas",
    "groep",
    "e",
    "eme",
    "de",
    "o",
    "te",
    "ten",
    "ste",
    "jahren",
];

/// "im 14", "im only 14", "i am just 14", "im 14yrs old", "im 14yo", "turning 15": the verb
/// (1), the number (2), the word after it (3).
const SELF_RE: &str = r"\b(im|i am|iam|ima|i turned|just turned|turned|ill be|i will be|turning|im turning|aged?)\s+(?:only\s+|just\s+)?(\d{1,2})(?:\s*-?\s*(?:years?|yrs?)\s*-?\s*old\b|\s*(?:yo|y/o)\b|(?:yrs?|years?)\b|\b)(\s+[a-z%]+)?";
static SELF: LazyLock<Regex> = LazyLock::new(|| Regex::new(SELF_RE).unwrap());

/// The same in German, Dutch, French and Spanish: the verb (1), the number (2), a years
/// word (3), the word after (4). A bare "bin"/"ben" only opens a message ("bin 14"): "ben"
/// is also a name.
const FOREIGN_SELF_RE: &str = r"(\bich bin|^\W*bin|\bik ben|^\W*ben|\bich werde|\bik word|\bjai|\btengo|\bcumplo|\bvoy a cumplir|\bje vais avoir|\bjvais avoir|\bjaurai|\bje viens davoir|\bacabo de cumplir|\bhe cumplido|\bya tengo)\s+(?:erst\s+|nur\s+|grad\s+|gerade\s+|schon\s+|pas\s+|net\s+|al\s+|maar\s+|seulement\s+|que\s+|solo\s+|solamente\s+|apenas\s+)?(\d{1,2})(\s*(?:jahre alt|jahren|jahre|jahr|j|jaar oud|jaar|jr|ans|an|anos|ano)\b)?(\s+[a-z%]+)?";
static FOREIGN_SELF: LazyLock<Regex> = LazyLock::new(|| text_regex(FOREIGN_SELF_RE).unwrap());

/// Verbs of `FOREIGN_SELF_RE` that look ahead ("ich werde 15": 14 now).
const FOREIGN_FUTURE_VERBS: &[&str] = &[
    "ich werde",
    "ik word",
    "cumplo",
    "voy a cumplir",
    "je vais avoir",
    "jvais avoir",
    "jaurai",
];

/// Verbs of `FOREIGN_SELF_RE` that also have things ("j'ai 14 messages", "tengo 2
/// hermanos"): an age only with a years word, or with nothing after the number.
const HAVE_VERBS: &[&str] = &[
    "jai",
    "tengo",
    "ya tengo",
    "je vais avoir",
    "jvais avoir",
    "jaurai",
    "je viens davoir",
];

/// After the number of a `HAVE_VERBS` claim without a years word: the message ends, or a
/// stop, or a word that closes the answer ("tengo 14 y tu?").
static HAVE_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    text_regex(r"^\s*(?:$|[,.!?;:)]|(?:y|et|und|en|and|lol|haha|jaja|jeje|mdr|xd|ptdr)\b)").unwrap()
});

/// Said about the other person in German, Dutch, French, Spanish ("du bist 14", "je bent
/// pas 14", "t'as 14 ans", "tienes 14 años"): the verb (1), the number (2), a years word (3),
/// the word after (4).
const FOREIGN_OTHER_RE: &str = r"\b(du bist|jij bent|je bent|tu as|tas|tienes|tenes)\s+(?:erst\s+|nur\s+|pas\s+|maar\s+|que\s+|solo\s+|seulement\s+)?(\d{1,2})(\s*(?:jahre alt|jahre|j|jaar oud|jaar|jr|ans|anos)\b)?(\s+[a-z%]+)?";
static FOREIGN_OTHER: LazyLock<Regex> = LazyLock::new(|| text_regex(FOREIGN_OTHER_RE).unwrap());

/// A short message that is an age with its years word ("14 jahre", "14 j", "15 ans",
/// "13 años", "14 jaar").
const FOREIGN_YEARS_RE: &str = r"^\W*(\d{1,2})\s*(?:jahre alt|jahre|j|jaar oud|jaar|jr|ans|anos)\b";
static FOREIGN_YEARS: LazyLock<Regex> = LazyLock::new(|| text_regex(FOREIGN_YEARS_RE).unwrap());

/// "14 w", "15 junge", "14 meisje", "13 chica": the number first or after "asl", with a
/// sex word right after it.
const FOREIGN_SEX_RE: &str = r"(?:^|\basl\W*)(\d{1,2})\s*[/,\- ]?\s*(?:w|v|junge|madchen|madel|jongen|meisje|fille|garcon|mec|meuf|chico|chica|nina|nino)\b";
static FOREIGN_SEX: LazyLock<Regex> = LazyLock::new(|| text_regex(FOREIGN_SEX_RE).unwrap());

/// School classes with a number: German Klasse N (age N+5), Dutch groep N (primary, N+3)
/// and klas N (secondary, N+11), French collège "en 4e" (17-N), Spanish N de la ESO (N+11),
/// N de primaria (N+5), N de bachillerato (N+15). Group 1: German, 2: German "klasse N",
/// 3: groep, 4: klas, 5: French, 6: ESO, 7: primaria, 8: bachillerato.
const FOREIGN_CLASS_RE: &str = r"\b(?:(?:ich bin in der|bin in der|ich gehe in die|ich geh in die|gehe in die|geh in die|bin in die)\s+(\d{1,2})(?:\s*\.|te|ten)?\s*(?:klasse|kl)\b|(?:ich bin in|bin in|ich gehe in|ich geh in|gehe in|geh in)\s+(?:klasse|kl)\s*(\d{1,2})\b|(?:ik zit in|zit in)\s+groep\s*(\d)\b|(?:ik zit in|zit in)\s+(?:de\s+)?(\d)\s*(?:e|de|ste)?\s*(?:klas|jaar|havo|vwo|vmbo|mavo|gym)\b|(?:je suis en|jsuis en|suis en|chui en|jsui en|je passe en|je rentre en)\s+([3-6])\s*(?:e|eme|ieme|em)\b|(?:estoy en|voy a|hago|curso)\s+(\d)\s*(?:o|ro|do|to|er)?\s*(?:de\s+(?:la\s+)?)?eso\b|(?:estoy en|voy a|hago|curso)\s+(\d)\s*(?:o|ro|do|to)?\s*(?:de\s+)?primaria\b|(?:estoy en|voy a|hago|curso)\s+(\d)\s*(?:o|ro|do)?\s*(?:de\s+)?(?:bachillerato|bachi|bach)\b)";
static FOREIGN_CLASS: LazyLock<Regex> = LazyLock::new(|| text_regex(FOREIGN_CLASS_RE).unwrap());

/// French school years named in words ("je suis en troisième", "en seconde").
const FOREIGN_STAGE_RE: &str = r"\b(?:je suis en|jsuis en|suis en|chui en|jsui en|je passe en|je rentre en)\s+(sixieme|cinquieme|quatrieme|troisieme|seconde|premiere|terminale|cm2)\b";
static FOREIGN_STAGE: LazyLock<Regex> = LazyLock::new(|| text_regex(FOREIGN_STAGE_RE).unwrap());

/// Verbs of `SELF_RE` that look ahead: the age they state is the next one.
const FUTURE_VERBS: &[&str] = &["ill be", "i will be", "turning", "im turning"];

/// "im a 14 yr old", "im just a 14 year old": the author's own noun phrase. "a 14 yr old"
/// after anything else ("talking to a 14 yr old") is about someone else.
const NOUN_RE: &str = r"\b(?:im|i am)\s+(?:only\s+|just\s+)?an?\s+(\d{1,2})\s*-?\s*(?:(?:years?|yrs?)\s*-?\s*old|yo|y/o)\b";
static NOUN: LazyLock<Regex> = LazyLock::new(|| text_regex(NOUN_RE).unwrap());

/// Just before a stated age: it is hypothetical ("when im 18", "wait till your 16", "by the
/// time your 18"). Not "if": "is it ok if im 14" states an age; the counterfactual "if i
/// was 16" / "if you were 16" is matched by no pattern.
static HYPOTHETICAL: LazyLock<Regex> = LazyLock::new(|| {
    text_regex(r"\b(?:when|whenever|wen|till|til|until|untill|once|by the time|before|wenn|falls|sobald|zodra|quand|lorsque|cuando|hasta que)\s*$")
        .unwrap()
});

/// Right after the number: a gap in years, not an age ("13 years older", "10 yrs younger").
static GAP: LazyLock<Regex> = LazyLock::new(|| {
    text_regex(
        r"^\s*-?\s*(?:(?:years?|yrs?|y)\s+(?:older|younger|apart|ago|difference|gap|between|more|less|left|of|till|until|to go)|(?:jahre|jahren|jahr|j|jaar|jr|ans|anos|ano)\s+(?:alter|junger|ouder|jonger|verschil|unterschied|de plus|de moins|decart|mas|menos|de diferencia|lang|geleden|her|depuis|hace))\b",
    )
    .unwrap()
});

/// After a stated age: a time a year or more ahead ("in 4 years", "next year"). The age now
/// is not known to the year: no claim.
static FAR_FUTURE: LazyLock<Regex> = LazyLock::new(|| {
    text_regex(
        r"^\s+(?:in\s+(?:\d+|a|an|one|two|three|four|five|six|seven|eight|a few|a couple of|a couple|few)\s+(?:years?|yrs?)|next\s+(?:year|yr)|one day|someday|some day|in\s+\d+\s+(?:jahren|jaar)|nachstes jahr|volgend jaar|dans\s+\d+\s+ans|lannee prochaine|en\s+\d+\s+anos|el ano que viene|el proximo ano)\b",
    )
    .unwrap()
});

/// After a stated age: a time within the year ("next week", "in 2 months", "tomorrow"): the
/// author is a year younger now.
static NEAR_FUTURE: LazyLock<Regex> = LazyLock::new(|| {
    text_regex(
        r"^\s+(?:in\s+(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|a few|a couple of|a couple|few)\s+(?:days?|weeks?|wks?|months?)|next\s+(?:week|wk|month|monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend)|tomorrow|tmrw|tmr|soon|on\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|my birthday|my bday)|this\s+(?:week|month|weekend|summer|spring|autumn|winter)|in\s+(?:january|february|march|april|may|june|july|august|september|october|november|december))\b",
    )
    .unwrap()
});

/// "14 f", "14f", "14/f/uk", "25 m here", "15 female": the number first in the message or
/// after "asl", with a sex marker right after it.
const SEX_RE: &str =
    r"(?:^|\basl\W*|\bage\W*)(\d{1,2})\s*[/,\- ]?\s*(?:m|f|male|female|boy|girl)\b";
static SEX: LazyLock<Regex> = LazyLock::new(|| text_regex(SEX_RE).unwrap());

const SLASHED_RE: &str = r"\b(\d{1,2})\s*/\s*(?:m|f)\s*/";
static SLASHED: LazyLock<Regex> = LazyLock::new(|| text_regex(SLASHED_RE).unwrap());

const YEARS_OLD_RE: &str = r"^\W*(\d{1,2})\s*(?:years? old|yrs? old|yo|y/o)\b";
static YEARS_OLD: LazyLock<Regex> = LazyLock::new(|| text_regex(YEARS_OLD_RE).unwrap());

/// UK school year N: age N+4 at the start of the school year (the younger end).
const SCHOOL_YEAR_RE: &str =
    r"(?:\b(?:im|i am)\s+(?:in\s+)?|^\W*(?:in\s+)?)(?:year|yr|y)\s*(\d{1,2})\b";
static SCHOOL_YEAR: LazyLock<Regex> = LazyLock::new(|| text_regex(SCHOOL_YEAR_RE).unwrap());

/// US grade N: age N+5.
const GRADE_RE: &str =
    r"\b(?:im|i am)\s+(?:in\s+)?(?:(\d{1,2})(?:th|st|nd|rd)?\s+grade|grade\s+(\d{1,2}))\b";
static GRADE: LazyLock<Regex> = LazyLock::new(|| Regex::new(GRADE_RE).unwrap());

const STAGE_RE: &str = r"\b(?:im in|i am in|im at|doing my|doing|sitting my|revising for my)\s+(sixth form|6th form|gcses|a levels|primary school|middle school|high school)\b";
static STAGE: LazyLock<Regex> = LazyLock::new(|| text_regex(STAGE_RE).unwrap());

/// "ur 15", "you're only 14", "you are just 13": said about the other person; the number
/// (1), the word after it (2).
const OTHER_RE: &str = r"\b(?:your|you are)\s+(?:only\s+|just\s+)?(\d{1,2})\b(\s+[a-z%]+)?";
static OTHER: LazyLock<Regex> = LazyLock::new(|| text_regex(OTHER_RE).unwrap());

static BARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\W*(\d{1,2})(?:\W*(?:and you|you|wbu|hbu|what about you|and your|yrs|years|yo|und du|und selbst|und dir|jahre|j|en jij|en je|en you|jaar|et toi|et vous|ans|y tu|y vos|y usted|anos))?\W*$",
    )
    .unwrap()
});

const QUESTION_RE: &str = r"\b(?:how old|asl|your age|what age|age\?|wats your age|whats your age|what year are you in|what grade|wie alt|alter\?|welche klasse|in welcher klasse|hoe oud|leeftijd\?|welke klas|welke groep|quel age|tas quel age|ton age|quelle classe|cuantos anos|que edad|q edad|edad\?|en que curso|que curso)";
static QUESTION: LazyLock<Regex> = LazyLock::new(|| text_regex(QUESTION_RE).unwrap());

/// Every pattern `find`, `find_other` and `asks_age` run, with its word boundaries (`\b`)
/// left out, in one set. Leaving out an assertion only lets a pattern match more, so text
/// the set does not match holds no match of any of them: one pass of the set replaces up to
/// ten regex runs, and nearly every message stops there. (Left in, Unicode `\b` would make
/// the set's DFA give up on non-ASCII text.)
static SCREEN: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new(
        [
            SELF_RE,
            NOUN_RE,
            SEX_RE,
            SLASHED_RE,
            YEARS_OLD_RE,
            SCHOOL_YEAR_RE,
            GRADE_RE,
            STAGE_RE,
            OTHER_RE,
            QUESTION_RE,
            FOREIGN_SELF_RE,
            FOREIGN_OTHER_RE,
            FOREIGN_YEARS_RE,
            FOREIGN_SEX_RE,
            FOREIGN_CLASS_RE,
            FOREIGN_STAGE_RE,
        ]
        .map(|p| p.replace(r"\b", "")),
    )
    .unwrap()
});

/// False when `find`, `find_other` and `asks_age` are sure to find nothing in `text`, in
/// one pass over it; the scanner skips them then.
pub fn may_mention_age(text: &str) -> bool {
    SCREEN.is_match(text)
}

fn in_range(n: u32) -> Option<u8> {
    (u32::from(MIN_AGE)..=u32::from(MAX_AGE))
        .contains(&n)
        .then_some(n as u8)
}

fn number(text: &str) -> Option<u32> {
    text.parse().ok()
}

/// How a number after "im", "ill be", "turning", "ur" reads, given the text around it:
/// `before` is the text before the whole match, `n` the number, `tail` where the text after
/// the number (and any "years old") starts. `future`: the verb looks ahead ("ill be 16").
/// Returns the age the author claims now, or None when the number is no claim.
fn read_age(t: &Text, before: &str, n: Match, tail: usize, future: bool) -> Option<u8> {
    let text = t.text;
    // "im 5.30", "im 10:15": a time
    if text[n.end()..].starts_with([':', '.'])
        && text[n.end() + 1..].starts_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    if t.feet_and_inches(n.start(), n.end())
        || HYPOTHETICAL.is_match(before)
        || GAP.is_match(&text[n.end()..])
        || FAR_FUTURE.is_match(&text[tail..])
    {
        return None;
    }
    let age = number(n.as_str())?;
    if future || NEAR_FUTURE.is_match(&text[tail..]) {
        return in_range(age.checked_sub(1)?);
    }
    in_range(age)
}

/// Finds age claims the author makes about themself in one message.
pub fn find(t: Text) -> Vec<Claim> {
    let text = t.text;
    let mut out: Vec<Claim> = Vec::new();
    // Most messages hold no digit: only the school-stage pattern can match them.
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return stage_claims(text);
    }
    let mut add = |age: Option<u8>, start: usize, end: usize| {
        if let Some(age) = age
            && !out.iter().any(|c| c.start < end && start < c.end)
        {
            out.push(Claim { age, start, end });
        }
    };
    for c in SELF.captures_iter(text) {
        let (whole, verb, n) = (c.get(0).unwrap(), c.get(1).unwrap(), c.get(2).unwrap());
        let unit = c.get(3);
        if unit.is_some_and(|u| UNITS.contains(&u.as_str().trim())) {
            continue;
        }
        let tail = unit.map_or(whole.end(), |u| u.start());
        let future = FUTURE_VERBS.contains(&verb.as_str());
        let age = read_age(&t, &text[..whole.start()], n, tail, future);
        add(age, whole.start(), tail);
    }
    for c in NOUN.captures_iter(text) {
        let (whole, n) = (c.get(0).unwrap(), c.get(1).unwrap());
        let age = read_age(&t, &text[..whole.start()], n, whole.end(), false);
        add(age, whole.start(), whole.end());
    }
    // Patterns anchored at the message start ("14 f", "year 9", "15 years old") are read
    // only in short messages: "year 8 pupil showed her tutor..." is not the author's age.
    let short = text.split_whitespace().count() <= SHORT_WORDS;
    for re in [&*SEX, &*SLASHED, &*YEARS_OLD] {
        for c in re.captures_iter(text) {
            let n = c.get(1).unwrap();
            let whole = c.get(0).unwrap();
            if !short
                && !text[..whole.start()].contains(|ch: char| ch.is_alphanumeric())
                && !whole.as_str().contains("asl")
                && !whole.as_str().contains('/')
            {
                continue;
            }
            if t.feet_and_inches(n.start(), n.end()) {
                continue;
            }
            add(
                number(n.as_str()).and_then(in_range),
                n.start(),
                whole.end(),
            );
        }
    }
    for c in SCHOOL_YEAR.captures_iter(text) {
        let n = c.get(1).unwrap();
        let anchored = !c.get(0).unwrap().as_str().trim_start().starts_with(['i']);
        if anchored && !short {
            continue;
        }
        let age = number(n.as_str())
            .filter(|y| (5..=13).contains(y))
            .map(|y| y + 4);
        let whole = c.get(0).unwrap();
        add(age.and_then(in_range), whole.start(), whole.end());
    }
    for c in GRADE.captures_iter(text) {
        let n = c.get(1).or(c.get(2)).unwrap();
        let age = number(n.as_str())
            .filter(|g| (4..=12).contains(g))
            .map(|g| g + 5);
        let whole = c.get(0).unwrap();
        add(age.and_then(in_range), whole.start(), whole.end());
    }
    for c in FOREIGN_SELF.captures_iter(text) {
        let (whole, verb, n) = (c.get(0).unwrap(), c.get(1).unwrap(), c.get(2).unwrap());
        let (years, unit) = (c.get(3), c.get(4));
        if years.is_none() && unit.is_some_and(|u| UNITS.contains(&u.as_str().trim())) {
            continue;
        }
        let verb = verb
            .as_str()
            .trim_start_matches(|ch: char| !ch.is_alphanumeric());
        // A bare "bin"/"ben" is also a name or a word: held to the have-verbs' rule.
        let bare = matches!(verb, "bin" | "ben");
        if (bare || HAVE_VERBS.contains(&verb))
            && years.is_none()
            && !HAVE_TAIL.is_match(&text[n.end()..])
        {
            continue;
        }
        let tail = unit.map_or(whole.end(), |u| u.start());
        let future = FOREIGN_FUTURE_VERBS.contains(&verb);
        let after = years.map_or(n.end(), |y| y.end());
        let age = read_age(&t, &text[..whole.start()], n, after, future);
        add(age, whole.start(), tail);
    }
    for re in [&*FOREIGN_SEX, &*FOREIGN_YEARS] {
        for c in re.captures_iter(text) {
            let (whole, n) = (c.get(0).unwrap(), c.get(1).unwrap());
            if !short && !whole.as_str().contains("asl") {
                continue;
            }
            add(
                number(n.as_str()).and_then(in_range),
                n.start(),
                whole.end(),
            );
        }
    }
    for c in FOREIGN_CLASS.captures_iter(text) {
        let (i, n) = (1..=8)
            .find_map(|i| c.get(i).map(|m| (i, m)))
            .expect("one class group matches");
        let Some(k) = number(n.as_str()) else {
            continue;
        };
        let age = match i {
            1 | 2 if (1..=13).contains(&k) => Some(k + 5),
            3 if (3..=8).contains(&k) => Some(k + 3),
            4 if (1..=6).contains(&k) => Some(k + 11),
            5 => Some(17 - k),
            6 if (1..=4).contains(&k) => Some(k + 11),
            7 if (1..=6).contains(&k) => Some(k + 5),
            8 if (1..=2).contains(&k) => Some(k + 15),
            _ => None,
        };
        let whole = c.get(0).unwrap();
        add(age.and_then(in_range), whole.start(), whole.end());
    }
    for c in stage_claims(text) {
        add(Some(c.age), c.start, c.end);
    }
    out.sort_by_key(|c| c.start);
    out
}

/// Finds ages the author states about the person they are talking to ("ur only 14"), read
/// as `find` reads the author's own.
pub fn find_other(t: Text) -> Vec<Claim> {
    let text = t.text;
    let mut out = Vec::new();
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return out;
    }
    for c in OTHER.captures_iter(text) {
        let (whole, n) = (c.get(0).unwrap(), c.get(1).unwrap());
        let unit = c.get(2);
        if unit.is_some_and(|u| UNITS.contains(&u.as_str().trim())) {
            continue;
        }
        let tail = unit.map_or(whole.end(), |u| u.start());
        if let Some(age) = read_age(&t, &text[..whole.start()], n, tail, false) {
            out.push(Claim {
                age,
                start: whole.start(),
                end: tail,
            });
        }
    }
    for c in FOREIGN_OTHER.captures_iter(text) {
        let (whole, verb, n) = (c.get(0).unwrap(), c.get(1).unwrap(), c.get(2).unwrap());
        let (years, unit) = (c.get(3), c.get(4));
        if years.is_none() && unit.is_some_and(|u| UNITS.contains(&u.as_str().trim())) {
            continue;
        }
        let have = matches!(verb.as_str(), "tu as" | "tas" | "tienes" | "tenes");
        if have && years.is_none() && !HAVE_TAIL.is_match(&text[n.end()..]) {
            continue;
        }
        let tail = unit.map_or(whole.end(), |u| u.start());
        let after = years.map_or(n.end(), |y| y.end());
        if let Some(age) = read_age(&t, &text[..whole.start()], n, after, false) {
            out.push(Claim {
                age,
                start: whole.start(),
                end: tail,
            });
        }
    }
    out
}

/// "im in sixth form", "doing my gcses", "je suis en troisième": ages from a school stage.
fn stage_claims(text: &str) -> Vec<Claim> {
    let mut out = Vec::new();
    for c in FOREIGN_STAGE.captures_iter(text) {
        let stage = c.get(1).unwrap();
        let age = match stage.as_str() {
            "cm2" => 10,
            "sixieme" => 11,
            "cinquieme" => 12,
            "quatrieme" => 13,
            "troisieme" => 14,
            "seconde" => 15,
            "premiere" => 16,
            _ => 17,
        };
        out.push(Claim {
            age,
            start: c.get(0).unwrap().start(),
            end: stage.end(),
        });
    }
    for c in STAGE.captures_iter(text) {
        let stage = c.get(1).unwrap();
        let age = match stage.as_str() {
            "sixth form" | "6th form" => 16,
            "gcses" => 15,
            "a levels" => 17,
            "primary school" => 10,
            "middle school" => 12,
            _ => 14,
        };
        out.push(Claim {
            age,
            start: c.get(0).unwrap().start(),
            end: stage.end(),
        });
    }
    out
}

/// True when a normalised message asks the other person's age.
pub fn asks_age(text: &str) -> bool {
    QUESTION.is_match(text)
}

static LEADING: LazyLock<Regex> =
    LazyLock::new(|| text_regex(r"^\W*(\d{1,2})\s*[.,!]+(?:\s|$)").unwrap());

static SAME: LazyLock<Regex> = LazyLock::new(|| {
    text_regex(
        r"^\W*(?:same|same age|same here|me too|snap|same as you|ich auch|gleich alt|ik ook|even oud|moi aussi|pareil|yo tambien|igual)(?:\s+(?:lol|haha|lmao|xd|mdr|jaja))?\W*$",
    )
    .unwrap()
});

static ASKS_BACK: LazyLock<Regex> = LazyLock::new(|| {
    text_regex(r"\b(?:you|wbu|hbu|and you|what about you|and your|und du|und selbst|en jij|en je|et toi|et vous|y tu|y vos|y usted)\W*$")
            .unwrap()
});

/// A message that starts with a number and a stop ("42. ur so mature"): an age in an age
/// exchange.
pub fn leading_number(t: Text) -> Option<Claim> {
    let c = LEADING.captures(t.text)?;
    let n = c.get(1)?;
    if t.feet_and_inches(n.start(), n.end()) {
        return None;
    }
    let age = number(n.as_str()).and_then(in_range)?;
    Some(Claim {
        age,
        start: n.start(),
        end: n.end(),
    })
}

/// "same", "me too": in an age exchange, the author is as old as the other person said.
/// Returns the span of the reply.
pub fn same_reply(text: &str) -> Option<(usize, usize)> {
    SAME.find(text).map(|m| (m.start(), m.end()))
}

/// The message ends by asking the question back ("14, you?").
pub fn asks_back(text: &str) -> bool {
    ASKS_BACK.is_match(text)
}

/// A message that is only a number (optionally "15 u?"): an age when it answers a question.
/// Not feet and inches ("5'2").
pub fn bare_answer(t: Text) -> Option<Claim> {
    let c = BARE.captures(t.text)?;
    let n = c.get(1)?;
    if t.feet_and_inches(n.start(), n.end()) {
        return None;
    }
    let age = number(n.as_str()).and_then(in_range)?;
    Some(Claim {
        age,
        start: n.start(),
        end: n.end(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::normalize::normalize;

    /// The ages `f` reads in `text`.
    fn read(f: fn(Text) -> Vec<Claim>, text: &str) -> Vec<u8> {
        let n = normalize(text);
        f(Text::new(&n, text)).iter().map(|c| c.age).collect()
    }

    fn ages(text: &str) -> Vec<u8> {
        read(find, text)
    }

    #[test]
    fn stated_ages() {
        let table: &[(&str, &[u8])] = &[
            ("im 14", &[14]),
            ("I'm 15 lol", &[15]),
            ("i am 25 but age is just a number", &[25]),
            ("14 f", &[14]),
            ("14f uk", &[14]),
            ("asl? 15/f/uk", &[15]),
            ("asl 16 f", &[16]),
            ("25m here", &[25]),
            ("hey, 25 male", &[]),
            ("just turned 13!!", &[13]),
            // a near-future age is the next one: the author is a year younger now (issue 12;
            // this row said 16 before)
            ("ill be 16 next month", &[15]),
            ("im in year 9", &[13]),
            ("year 10", &[14]),
            ("yr 8 lol", &[12]),
            ("im in 8th grade", &[13]),
            ("im in sixth form", &[16]),
            ("doing my gcses", &[15]),
            ("15 years old", &[15]),
            ("im 25 years old", &[25]),
            // not ages
            ("im 5 mins away", &[]),
            ("im 10 minutes late", &[]),
            ("im 2 stops away", &[]),
            ("im 20 away", &[]),
            ("it costs £25", &[]),
            ("see you at 14:00", &[]),
            ("im 5.30 at the station", &[]),
            ("i paid 25 quid", &[]),
            ("im 100% sure", &[]),
            ("my sister is 12", &[]),
            ("the year 2025", &[]),
            ("im 3rd in the queue", &[]),
            ("im 6 foot", &[]),
            ("year 8 pupil showed her tutor the messages yesterday", &[]),
            ("10 m from the station now, see you soon", &[]),
            ("yr 9 hbu", &[13]),
            // issue 12: heights are not ages
            ("im 5'8", &[]),
            ("im 5\u{2019}8", &[]),
            ("I'm 6'1", &[]),
            ("5'2", &[]),
            ("im 5 ft 2", &[]),
            ("5 foot 8", &[]),
            ("im 5'8 and im 15", &[15]),
            // gaps are not ages
            ("13 years older", &[]),
            ("10 years younger", &[]),
            ("im 5 years older than you", &[]),
            ("im 13 years older than you", &[]),
            ("i am 10 yrs younger than him", &[]),
            ("im 12 years older lol", &[]),
            // far-future and hypothetical ages are not claims
            ("18 in 4 years", &[]),
            ("im 18 in 4 years", &[]),
            ("ill be 18 in 4 years", &[]),
            ("ill be 18 next year", &[]),
            ("i will be 18 in a few years", &[]),
            ("when im 18", &[]),
            ("when i am 18 ill get a car", &[]),
            ("wait till im 16", &[]),
            ("if i was 16", &[]),
            ("when i was 14", &[]),
            // ... but "if" in the present states one
            ("is it ok if im 14", &[14]),
            // near-future ages: the age now, one less
            ("turning 15 next week", &[14]),
            ("im turning 15", &[14]),
            ("ill be 18 next week", &[17]),
            ("im 16 next month", &[15]),
            ("im 15 tomorrow", &[14]),
            ("ill be 14 in 2 weeks", &[13]),
            // claims
            ("im 14 and bored", &[14]),
            ("im only 14", &[14]),
            ("im just 14", &[14]),
            ("i am only 15 tho", &[15]),
            ("im a 14 yr old", &[14]),
            ("i am just a 14 year old girl", &[14]),
            ("im a 14yo", &[14]),
            ("14yrs old", &[14]),
            ("14 yrs old", &[14]),
            ("14yo", &[14]),
            ("im 14yrs old", &[14]),
            ("im 14 yrs old lol", &[14]),
            ("im 14yo btw", &[14]),
            ("im 14 yrs", &[14]),
            // "a 14 yr old" is the author only after "im": otherwise it is someone else
            ("talking to a 14 yr old", &[]),
            ("my cousin is a 14 yr old", &[]),
            ("she is a 14yo", &[]),
        ];
        for (text, want) in table {
            assert_eq!(ages(text), *want, "{text:?}");
        }
    }

    #[test]
    fn stated_ages_in_german_dutch_french_spanish() {
        let table: &[(&str, &[u8])] = &[
            // German
            ("ich bin 14", &[14]),
            ("Ich bin erst 13 und du?", &[13]),
            ("bin 14 j", &[14]),
            ("ich bin 25 jahre alt", &[25]),
            ("14 w", &[14]),
            ("15 jahre", &[15]),
            ("ich werde 15", &[14]),
            ("ich bin in der 8. Klasse", &[13]),
            ("ich geh in die 9te klasse", &[14]),
            ("bin in klasse 7", &[12]),
            // Dutch
            ("ik ben 14", &[14]),
            ("ik ben pas 13 jaar", &[13]),
            ("14 jaar", &[14]),
            ("15 meisje", &[15]),
            ("ik word 16", &[15]),
            ("ik zit in groep 8", &[11]),
            ("ik zit in de 2e klas", &[13]),
            // French
            ("j'ai 14 ans", &[14]),
            ("jai 13ans et toi", &[13]),
            ("J'ai 14", &[14]),
            ("14 ans", &[14]),
            ("je vais avoir 15 ans", &[14]),
            ("je suis en 4e", &[13]),
            ("jsuis en troisième", &[14]),
            ("je suis en seconde", &[15]),
            // Spanish
            ("tengo 14 años", &[14]),
            ("tengo 13 y tu?", &[13]),
            ("13 años", &[13]),
            ("14 chica", &[14]),
            ("cumplo 15", &[14]),
            ("estoy en 2º de la ESO", &[13]),
            ("estoy en 6 de primaria", &[11]),
            // not ages: times, prices, quantities, gaps, heights, hypothetical and far-future
            ("ich bin 10 minuten weg", &[]),
            ("ich bin um 14 uhr da", &[]),
            ("bin 14 uhr da", &[]),
            ("ich bin 10 jahre älter als du", &[]),
            ("ich bin 1,80", &[]),
            ("ik ben er om 14", &[]),
            ("ik ben 5 minuten te laat", &[]),
            ("ik ben 10 jaar ouder", &[]),
            ("j'ai 14 messages", &[]),
            ("j'ai 20 euros", &[]),
            ("j'ai 2 frères", &[]),
            ("quand j'aurai 18 ans", &[]),
            ("j'ai 10 ans de plus que toi", &[]),
            ("tengo 20 euros", &[]),
            ("tengo 2 hermanos", &[]),
            ("tengo 15 minutos", &[]),
            ("cuando tenga 18", &[]),
            ("ben 14 is my number", &[]),
            ("put it in the bin 14", &[]),
        ];
        for (text, want) in table {
            assert_eq!(ages(text), *want, "{text:?}");
        }
    }

    #[test]
    fn ages_said_about_the_other_person_in_other_languages() {
        let table: &[(&str, &[u8])] = &[
            ("du bist erst 14", &[14]),
            ("je bent pas 13", &[13]),
            ("t'as 14 ans", &[14]),
            ("tienes 13 años", &[13]),
            ("du bist 10 minuten zu spät", &[]),
            ("t'as 14 messages", &[]),
            ("tienes 2 hermanos", &[]),
        ];
        for (text, want) in table {
            assert_eq!(read(find_other, text), *want, "{text:?}");
        }
    }

    #[test]
    fn age_questions_and_answers_in_other_languages() {
        for q in [
            "wie alt bist du?",
            "hoe oud ben je",
            "t'as quel âge ?",
            "¿cuántos años tienes?",
            "que edad tienes",
        ] {
            assert!(asks_age(&normalize(q).text), "{q:?}");
        }
        for a in ["14 und du?", "13 en jij", "14 et toi ?", "13 y tú?"] {
            let n = normalize(a);
            assert!(bare_answer(Text::new(&n, a)).is_some(), "{a:?}");
            assert!(asks_back(&n.text), "{a:?}");
        }
        for q in ["wie geht es dir", "hoe gaat het", "ça va ?", "¿qué tal?"] {
            assert!(!asks_age(&normalize(q).text), "{q:?}");
        }
    }

    #[test]
    fn ages_said_about_the_other_person() {
        let table: &[(&str, &[u8])] = &[
            ("ur only 14", &[14]),
            ("you're 15? thats fine", &[15]),
            ("you are just 13", &[13]),
            ("your 10 mins late", &[]),
            ("your 18th birthday", &[]),
            ("im 14", &[]),
            // issue 12: hypothetical, far-future, gaps and heights are not ages
            ("when you're 18", &[]),
            ("wait till you're 16", &[]),
            ("till ur 16", &[]),
            ("if you were 16", &[]),
            ("ur 18 in 2 years", &[]),
            ("your 18 next year", &[]),
            ("ur 13 years older than me", &[]),
            ("your 5'2", &[]),
            // near future: a year younger now; "only"
            ("ur 16 next month", &[15]),
            ("ur only 15 and so mature", &[15]),
        ];
        for (text, want) in table {
            assert_eq!(read(find_other, text), *want, "{text:?}");
        }
    }

    #[test]
    fn the_screen_passes_every_message_with_an_age() {
        let table = [
            "im 14",
            "I'm 15 lol",
            "14 f",
            "asl? 15/f/uk",
            "25m here",
            "just turned 13!!",
            "im in year 9",
            "year 10",
            "im in 8th grade",
            "im only 14",
            "im a 14 yr old",
            "im 14yo",
            "im 14yrs old",
            "turning 15 next week",
            "im in grade 8",
            "im in sixth form",
            "doing my gcses",
            "15 years old",
            "ur only 14",
            "you are just 13",
            "how old r u?",
            "asl",
            "what year are you in",
            "caf\u{e9} im 14 \u{1F602}",
            "\u{43f} im 14 \u{43f}",
            "asl? 14 f \u{43f}",
        ];
        for text in table {
            let n = normalize(text);
            let x = Text::new(&n, text);
            let found = !find(x).is_empty() || !find_other(x).is_empty() || asks_age(&n.text);
            assert!(found, "{text:?} states or asks no age");
            assert!(may_mention_age(&n.text), "{text:?}");
        }
        for text in [
            "hello there",
            "see you at 5",
            "send me the message",
            "\u{1F602}",
        ] {
            assert!(!may_mention_age(&normalize(text).text), "{text:?}");
        }
    }

    #[test]
    fn questions_and_bare_answers() {
        for q in [
            "how old r u?",
            "asl",
            "whats ur age",
            "what year are you in",
        ] {
            assert!(asks_age(&normalize(q).text), "{q}");
        }
        assert!(!asks_age(&normalize("how are you").text));
        for (text, want) in [
            ("15", Some(15)),
            ("15 u?", Some(15)),
            ("15, wbu", Some(15)),
            ("15 quid", None),
            ("5'2", None),
            ("5\u{2019}4", None),
            ("5", None),
            ("lol", None),
        ] {
            assert_eq!(
                bare_answer(Text::new(&normalize(text), text)).map(|c| c.age),
                want,
                "{text}"
            );
        }
    }
}
