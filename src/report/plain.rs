//! Plain words for people who do not read JSON: what a band means, what a part of the
//! score says ("Jay asked for pictures, video or a camera call 4 times"), and what a
//! role means. Shared by the HTML and CSV writers; the words come from the explanation
//! tree (`score::Part`) and the categories' `plain()` texts, never from new judgements.

use crate::detect::lexicon::Category;
use crate::detect::score::{Band, Feature, Part, Role};

/// Parts smaller than this are not given as reasons.
const MIN_REASON: f64 = 0.05;

/// The band as a capitalised word.
pub fn band_word(b: Band) -> &'static str {
    match b {
        Band::High => "High",
        Band::Medium => "Medium",
        Band::Low => "Low",
        Band::None => "None",
    }
}

/// What the band asks of the reader.
pub fn band_meaning(b: Band) -> &'static str {
    match b {
        Band::High => "needs attention now",
        Band::Medium => "should be looked at",
        Band::Low => "few indicators",
        Band::None => "no notable indicators",
    }
}

/// What someone did, as a verb phrase that follows a name.
pub fn action(c: Category) -> &'static str {
    match c {
        Category::Flattery => "used flattery or built special trust",
        Category::Sexual => "used sexual language",
        Category::Coercion => "used threats or pressure",
        Category::Desensitisation => "said that what was asked is normal",
        Category::Family => "wrote as family (a parent, grandparent or sibling)",
        other => other.plain(),
    }
}

/// "once", "twice", "4 times".
pub fn times(n: usize) -> String {
    match n {
        1 => "once".into(),
        2 => "twice".into(),
        n => format!("{n} times"),
    }
}

fn who(author: Option<&str>) -> &str {
    match author {
        Some(a) if !a.is_empty() => a,
        _ => "Someone",
    }
}

/// One part of the score as a sentence without a final full stop.
pub fn part_sentence(p: &Part) -> String {
    let author = who(p.author.as_deref());
    let n = p.messages.len();
    if let Some(c) = p.feature.as_category().filter(|c| *c != Category::Family) {
        return format!("{author} {} {}", action(c), times(n));
    }
    match &p.feature {
        f if *f == Feature::DIVERSITY => {
            format!("{author} showed {n} different kinds of indicator")
        }
        f if *f == Feature::ESCALATION => {
            format!("{author} moved from building trust to asking for contact")
        }
        _ => p.detail.clone(),
    }
}

/// Parts that are bookkeeping, not a reason a person can check: the sum of a trained
/// model's unnamed n-grams, and the note saying which window scored.
fn bookkeeping(p: &Part) -> bool {
    matches!(p.feature, Feature::NgramOther | Feature::Window)
}

/// The parts that raised the score noticeably, strongest first.
pub fn reasons(parts: &[Part]) -> Vec<&Part> {
    let mut r: Vec<&Part> = parts
        .iter()
        .filter(|p| p.value > MIN_REASON && !bookkeeping(p))
        .collect();
    r.sort_by(|a, b| b.value.total_cmp(&a.value));
    r
}

/// The parts that lowered the score noticeably, strongest first.
pub fn dampeners(parts: &[Part]) -> Vec<&Part> {
    let mut r: Vec<&Part> = parts
        .iter()
        .filter(|p| p.value < -MIN_REASON && !bookkeeping(p))
        .collect();
    r.sort_by(|a, b| a.value.total_cmp(&b.value));
    r
}

/// A role in plain words; `ages` are (age, said by themself) of the participant.
pub fn role_words(role: Role, ages: &[(u8, bool)]) -> String {
    match role {
        Role::SuspectedGroomer => "highest-risk participant".into(),
        Role::PossibleChild => {
            let own: Vec<String> = ages
                .iter()
                .filter(|a| a.1)
                .map(|a| a.0.to_string())
                .collect();
            let other: Vec<String> = ages
                .iter()
                .filter(|a| !a.1)
                .map(|a| a.0.to_string())
                .collect();
            if !own.is_empty() {
                format!("may be a child (said they are {})", own.join(" or "))
            } else if !other.is_empty() {
                format!(
                    "may be a child (someone else said they are {})",
                    other.join(" or ")
                )
            } else {
                "may be a child".into()
            }
        }
        Role::Participant => "participant".into(),
    }
}

/// The name of a language code the lexicon reads ("de" -> "German"), else the code.
pub fn language_name(code: &str) -> &str {
    match code {
        "en" => "English",
        "de" => "German",
        "nl" => "Dutch",
        "fr" => "French",
        "es" => "Spanish",
        other => other,
    }
}

/// A conversation's languages in words: "German", "German and English", or "not
/// determined (too little text)".
pub fn languages(l: &crate::detect::language::Languages) -> String {
    if l.undetermined() {
        return "not determined (too little text): read in every language".into();
    }
    let names: Vec<&str> = l.mixed.iter().map(|c| language_name(c)).collect();
    match names.as_slice() {
        [] => language_name(&l.main).to_string(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(feature: &str, author: Option<&str>, value: f64, messages: usize) -> Part {
        Part {
            feature: Feature::from_name(feature).unwrap(),
            author: author.map(String::from),
            value,
            detail: format!("detail of {feature}"),
            messages: (1..=messages).collect(),
        }
    }

    #[test]
    fn parts_read_as_sentences() {
        let table = [
            (
                part("category:image_request", Some("Jay"), 1.0, 4),
                "Jay asked for pictures, video or a camera call 4 times",
            ),
            (
                part("category:secrecy", Some("Jay"), 1.0, 1),
                "Jay asked to keep the chat secret or delete messages once",
            ),
            (
                part("category:flattery", Some(""), 1.0, 2),
                "Someone used flattery or built special trust twice",
            ),
            (
                part("diversity", Some("Jay"), 1.0, 5),
                "Jay showed 5 different kinds of indicator",
            ),
            (part("age_gap", Some("Jay"), 1.0, 2), "detail of age_gap"),
        ];
        for (p, want) in table {
            assert_eq!(part_sentence(&p), want);
        }
    }

    #[test]
    fn reasons_are_strongest_first_and_dampeners_apart() {
        let parts = [
            part("category:age", None, 0.5, 0),
            part("diversity", None, 2.0, 0),
            part("peers", None, 0.01, 0),
            part("family", None, -1.0, 0),
            part("window", None, 3.0, 0),
            part("ngram:other", None, 3.0, 0),
        ];
        let names =
            |ps: Vec<&Part>| -> Vec<String> { ps.iter().map(|p| p.feature.to_string()).collect() };
        assert_eq!(names(reasons(&parts)), ["diversity", "category:age"]);
        assert_eq!(names(dampeners(&parts)), ["family"]);
    }

    #[test]
    fn roles_in_plain_words() {
        assert_eq!(
            role_words(Role::PossibleChild, &[(15, true)]),
            "may be a child (said they are 15)"
        );
        assert_eq!(
            role_words(Role::PossibleChild, &[(14, false)]),
            "may be a child (someone else said they are 14)"
        );
        assert_eq!(
            role_words(Role::SuspectedGroomer, &[(25, true)]),
            "highest-risk participant"
        );
    }
}
