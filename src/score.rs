//! Score: a pure function from a conversation and its `ScanResult` to an `Assessment`:
//! the score in 0..=1, the band, per-participant risk and role, the age gap, the indicators
//! with their evidence, the first message at which the running score reached "high", and
//! an explanation tree (score -> parts -> hits -> messages).
//!
//! The model is logistic over a few interpretable parts, with weights read from a data
//! file (`lexicons/weights.toml`; its header documents the formula). Evidence is directed:
//! each hit counts for the author who wrote it, and the conversation is scored by its
//! highest-risk author, so "who asks" matters, not how much everyone talks. Every part
//! names the messages behind it.

use crate::error::Error;
use crate::lexicon::{Category, Lexicon};
use crate::model::Conversation;
use crate::scan::ScanResult;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const N: usize = Category::ALL.len();

/// Categories that show someone steering a contact toward harm; `diversity` counts these.
fn steering(c: Category) -> bool {
    !matches!(c, Category::Family)
}

/// Early-stage categories: trust building and probing.
fn early(c: Category) -> bool {
    matches!(
        c,
        Category::Flattery
            | Category::PersonalInfo
            | Category::Age
            | Category::RiskCheck
            | Category::Gifts
            | Category::Isolation
    )
}

/// Contact-stage categories.
fn contact(c: Category) -> bool {
    matches!(
        c,
        Category::ImageRequest
            | Category::Meeting
            | Category::Sexual
            | Category::Coercion
            | Category::PlatformSwitch
    )
}

/// Band thresholds on the score.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Bands {
    pub high: f64,
    pub medium: f64,
    pub low: f64,
}

/// Weights of the non-category parts.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FeatureWeights {
    pub diversity: f64,
    pub diversity_cap: f64,
    pub family_name: f64,
    pub escalation: f64,
    pub age_gap: f64,
    pub age_gap_per_year: f64,
    pub minor_present: f64,
    pub peers: f64,
    pub all_adults: f64,
    pub group: f64,
    pub length: f64,
}

/// The scoring weights (`lexicons/weights.toml`).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Weights {
    pub bias: f64,
    pub saturation: f64,
    pub bands: Bands,
    pub category: BTreeMap<String, f64>,
    pub feature: FeatureWeights,
    #[serde(skip)]
    per_category: [f64; N],
}

impl Weights {
    /// Parses a weights file; every category must have a weight.
    pub fn parse(path: &str, text: &str) -> Result<Weights, Error> {
        let err = |message: String| Error::Lexicon {
            path: path.to_string(),
            entry: None,
            message,
        };
        let mut w: Weights = toml::from_str(text).map_err(|e| err(e.to_string()))?;
        for name in w.category.keys() {
            if Category::from_name(name).is_none() {
                return Err(err(format!("unknown category {name:?}")));
            }
        }
        for (i, c) in Category::ALL.iter().enumerate() {
            w.per_category[i] = *w
                .category
                .get(c.name())
                .ok_or_else(|| err(format!("no weight for category {:?}", c.name())))?;
        }
        if w.saturation.is_nan() || w.saturation <= 0.0 {
            return Err(err("saturation must be positive".into()));
        }
        let b = &w.bands;
        if !(0.0 < b.low && b.low < b.medium && b.medium < b.high && b.high < 1.0) {
            return Err(err("bands must satisfy 0 < low < medium < high < 1".into()));
        }
        Ok(w)
    }

    /// The weights that travel with a lexicon (`weights.toml` in its folder), or the
    /// shipped ones when the lexicon has none.
    pub fn for_lexicon(lexicon: &Lexicon) -> Result<Weights, Error> {
        match lexicon
            .extra_files
            .iter()
            .find(|(k, _)| k.ends_with("weights.toml"))
        {
            Some((path, text)) => Weights::parse(path, text),
            None => Weights::parse(
                "<builtin>/weights.toml",
                include_str!("../lexicons/weights.toml"),
            ),
        }
    }

    fn of(&self, c: Category) -> f64 {
        self.per_category[c as usize]
    }

    pub fn band(&self, score: f64) -> Band {
        if score >= self.bands.high {
            Band::High
        } else if score >= self.bands.medium {
            Band::Medium
        } else if score >= self.bands.low {
            Band::Low
        } else {
            Band::None
        }
    }
}

/// How urgent a conversation is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Band {
    None,
    Low,
    Medium,
    High,
}

impl Band {
    pub fn name(self) -> &'static str {
        match self {
            Band::None => "none",
            Band::Low => "low",
            Band::Medium => "medium",
            Band::High => "high",
        }
    }
}

/// A participant's role as the scorer sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    SuspectedGroomer,
    PossibleChild,
    Participant,
}

/// One participant's assessment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParticipantRisk {
    pub name: String,
    /// Distinct stated ages, in order of first statement.
    pub stated_ages: Vec<u8>,
    /// 0-based indices into `ScanResult::ages` of this author's claims.
    pub age_claims: Vec<usize>,
    pub risk: f64,
    pub role: Role,
}

/// An adult-age claim by one participant and a minor-age claim by another.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgeGap {
    pub older: String,
    pub older_age: u8,
    pub younger: String,
    pub younger_age: u8,
    pub years: u8,
}

/// One part of the score: a named contribution to the logit and the messages behind it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Part {
    /// `category:<name>`, `diversity`, `escalation`, `age_gap`, `minor_present`, `peers`,
    /// `all_adults`, `family`, `group`, `length`.
    pub feature: String,
    /// The author the part is about, when it is directed.
    pub author: Option<String>,
    /// Contribution to the logit (negative for dampeners).
    pub value: f64,
    /// Plain-words description.
    pub detail: String,
    /// 1-based message indices behind this part.
    pub messages: Vec<usize>,
}

/// The explanation tree's root: `score = sigmoid(bias + sum(parts.value))`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    pub bias: f64,
    pub logit: f64,
    pub parts: Vec<Part>,
}

/// Hits of one category, for the indicator list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub category: Category,
    /// Indices into `ScanResult::hits`, in message order.
    pub hits: Vec<usize>,
}

/// The assessment of one conversation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    pub score: f64,
    pub band: Band,
    /// 1-based index of the message at which the running score first reached "high".
    pub first_alert_message: Option<usize>,
    pub participants: Vec<ParticipantRisk>,
    pub age_gap: Option<AgeGap>,
    /// Categories with hits, strongest evidence first.
    pub indicators: Vec<Indicator>,
    pub explanation: Explanation,
}

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// Running evidence per author, updated message by message.
struct State<'a> {
    weights: &'a Weights,
    authors: Vec<&'a str>,
    evidence: Vec<[f64; N]>,
    first: Vec<[Option<usize>; N]>,
    messages_by: Vec<[Vec<usize>; N]>,
    ages: Vec<Vec<(u8, usize)>>,
    family: f64,
    family_messages: Vec<usize>,
    /// Authors whose display name is a parent's or grandparent's.
    family_named: Vec<bool>,
    read: usize,
}

/// A scored snapshot of the state.
struct Snapshot {
    logit: f64,
    top: Option<usize>,
    parts: Vec<Part>,
    gap: Option<(usize, u8, usize, u8)>,
    author_z: Vec<f64>,
    shared: f64,
    gap_value: f64,
}

impl<'a> State<'a> {
    fn new(weights: &'a Weights) -> Self {
        State {
            weights,
            authors: Vec::new(),
            evidence: Vec::new(),
            first: Vec::new(),
            messages_by: Vec::new(),
            ages: Vec::new(),
            family: 0.0,
            family_messages: Vec::new(),
            family_named: Vec::new(),
            read: 0,
        }
    }

    fn author(&mut self, name: &'a str) -> usize {
        if let Some(i) = self.authors.iter().position(|a| *a == name) {
            return i;
        }
        self.authors.push(name);
        self.evidence.push([0.0; N]);
        self.first.push([None; N]);
        self.messages_by.push(std::array::from_fn(|_| Vec::new()));
        self.ages.push(Vec::new());
        self.family_named.push(family_name(name));
        self.authors.len() - 1
    }

    fn sat(&self, e: f64) -> f64 {
        1.0 - (-e / self.weights.saturation).exp()
    }

    /// The directed part of one author: category terms, diversity, escalation.
    fn author_parts(&self, a: usize) -> Vec<Part> {
        let w = self.weights;
        let name = self.authors[a].to_string();
        let mut parts = Vec::new();
        let mut breadth = 0.0;
        let mut kinds = Vec::new();
        let mut first_early = None::<usize>;
        let mut contact_messages: Vec<usize> = Vec::new();
        for c in Category::ALL {
            let e = self.evidence[a][c as usize];
            if e <= 0.0 || !steering(c) {
                continue;
            }
            // A category counts fully toward breadth once its evidence reaches 1 (one
            // strong entry or two weak ones).
            breadth += e.min(1.0);
            let msgs = &self.messages_by[a][c as usize];
            kinds.push(msgs[0]);
            if early(c) {
                first_early = Some(first_early.map_or(msgs[0], |f: usize| f.min(msgs[0])));
            }
            if contact(c) {
                contact_messages.extend(msgs);
            }
            parts.push(Part {
                feature: format!("category:{}", c.name()),
                author: Some(name.clone()),
                value: w.of(c) * self.sat(e),
                detail: format!(
                    "{}: {} ({} message{})",
                    name,
                    c.plain(),
                    msgs.len(),
                    plural(msgs.len())
                ),
                messages: msgs.iter().map(|m| m + 1).collect(),
            });
        }
        if breadth > 1.0 {
            kinds.sort_unstable();
            parts.push(Part {
                feature: "diversity".into(),
                author: Some(name.clone()),
                value: w.feature.diversity * (breadth - 1.0).min(w.feature.diversity_cap),
                detail: format!("{name}: {} different kinds of indicator", kinds.len()),
                messages: kinds.iter().map(|m| m + 1).collect(),
            });
        }
        let first_contact =
            first_early.and_then(|e| contact_messages.iter().copied().filter(|&c| c > e).min());
        if let (Some(e), Some(c)) = (first_early, first_contact) {
            parts.push(Part {
                feature: "escalation".into(),
                author: Some(name.clone()),
                value: w.feature.escalation,
                detail: format!("{name}: moved from building trust to contact requests"),
                messages: vec![e + 1, c + 1],
            });
        }
        parts
    }

    fn snapshot(&self) -> Snapshot {
        let w = self.weights;
        let f = &w.feature;
        let mut parts = Vec::new();
        let author_parts: Vec<Vec<Part>> = (0..self.authors.len())
            .map(|a| self.author_parts(a))
            .collect();
        let author_z: Vec<f64> = author_parts
            .iter()
            .map(|p| p.iter().map(|x| x.value).sum())
            .collect();
        let mut top = None;
        for (a, z) in author_z.iter().enumerate() {
            if *z > 0.0 && top.is_none_or(|t: usize| *z > author_z[t]) {
                top = Some(a);
            }
        }
        if let Some(t) = top {
            parts.extend(author_parts[t].iter().cloned());
        }
        // stated ages
        let mut gap = None::<(usize, u8, usize, u8)>;
        for (o, older) in self.ages.iter().enumerate() {
            for &(oa, _) in older.iter().filter(|(x, _)| *x >= 18) {
                for (y, younger) in self.ages.iter().enumerate() {
                    if y == o {
                        continue;
                    }
                    for &(ya, _) in younger.iter().filter(|(x, _)| *x < 18) {
                        if gap.is_none_or(|(_, ga, _, gy)| oa - ya > ga - gy) {
                            gap = Some((o, oa, y, ya));
                        }
                    }
                }
            }
        }
        let claim_messages = |a: usize, pred: &dyn Fn(u8) -> bool| -> Vec<usize> {
            self.ages[a]
                .iter()
                .filter(|(x, _)| pred(*x))
                .map(|(_, m)| m + 1)
                .collect()
        };
        let mut gap_value = 0.0;
        if let Some((o, oa, y, ya)) = gap {
            let years = oa - ya;
            gap_value = f.age_gap + f.age_gap_per_year * f64::from(years.min(10));
            let mut messages = claim_messages(o, &|x| x == oa);
            messages.extend(claim_messages(y, &|x| x == ya));
            messages.sort_unstable();
            parts.push(Part {
                feature: "age_gap".into(),
                author: Some(self.authors[o].to_string()),
                value: gap_value,
                detail: format!(
                    "{} says they are {oa}; {} says they are {ya} ({years} years apart)",
                    self.authors[o], self.authors[y]
                ),
                messages,
            });
        }
        let mut shared = 0.0;
        let stated: Vec<usize> = (0..self.ages.len())
            .filter(|&a| !self.ages[a].is_empty())
            .collect();
        let all: Vec<u8> = self.ages.iter().flatten().map(|(x, _)| *x).collect();
        let minors: Vec<usize> = stated
            .iter()
            .copied()
            .filter(|&a| self.ages[a].iter().any(|(x, _)| *x < 18))
            .collect();
        let mut push_shared = |parts: &mut Vec<Part>,
                               feature: &str,
                               value: f64,
                               detail: String,
                               messages: Vec<usize>| {
            if value != 0.0 {
                shared += value;
                parts.push(Part {
                    feature: feature.into(),
                    author: None,
                    value,
                    detail,
                    messages,
                });
            }
        };
        if !minors.is_empty() && self.authors.len() >= 2 {
            let a = minors[0];
            push_shared(
                &mut parts,
                "minor_present",
                f.minor_present,
                format!("{} says they are under 18", self.authors[a]),
                claim_messages(a, &|x| x < 18),
            );
        }
        let claim_list = || -> Vec<usize> {
            let mut m: Vec<usize> = self.ages.iter().flatten().map(|(_, m)| m + 1).collect();
            m.sort_unstable();
            m.dedup();
            m
        };
        if stated.len() >= 2 && all.iter().all(|&x| x < 18) {
            let (lo, hi) = (
                all.iter().min().copied().unwrap_or(0),
                all.iter().max().copied().unwrap_or(0),
            );
            if hi - lo <= 3 {
                push_shared(
                    &mut parts,
                    "peers",
                    f.peers,
                    format!("everyone who states an age is {lo}-{hi}"),
                    claim_list(),
                );
            }
        }
        if stated.len() >= 2 && all.iter().all(|&x| x >= 18) {
            push_shared(
                &mut parts,
                "all_adults",
                f.all_adults,
                "everyone who states an age is an adult".into(),
                claim_list(),
            );
        }
        if self.family > 0.0 {
            push_shared(
                &mut parts,
                "family",
                w.of(Category::Family) * self.sat(self.family),
                "family context (a parent, grandparent or sibling writing)".into(),
                self.family_messages.iter().map(|m| m + 1).collect(),
            );
        }
        if let Some(a) = self.family_named.iter().position(|f| *f) {
            push_shared(
                &mut parts,
                "family_name",
                f.family_name,
                format!("a participant is saved as {:?}", self.authors[a]),
                Vec::new(),
            );
        }
        let n_authors = self.authors.iter().filter(|a| !a.is_empty()).count();
        if n_authors >= 3 {
            let scale = ((n_authors - 2) as f64 / 4.0).min(1.0);
            push_shared(
                &mut parts,
                "group",
                f.group * scale,
                format!("group chat with {n_authors} people"),
                Vec::new(),
            );
        }
        let length = f.length * (1.0 + self.read as f64 / 200.0).ln();
        push_shared(
            &mut parts,
            "length",
            length,
            format!("{} messages", self.read),
            Vec::new(),
        );
        let z_top = top.map_or(0.0, |t| author_z[t]);
        Snapshot {
            logit: w.bias + z_top + gap_value + shared,
            top,
            parts,
            gap,
            author_z,
            shared,
            gap_value,
        }
    }
}

/// Names that say the participant is a parent or grandparent of the phone's owner. Not
/// "uncle"/"auntie": those are often family friends.
const FAMILY_NAMES: &[&str] = &[
    "mum",
    "dad",
    "nan",
    "nana",
    "nanna",
    "nanny",
    "gran",
    "granny",
    "grandma",
    "grandad",
    "granddad",
    "grandpa",
    "grandmother",
    "grandfather",
    "stepmum",
    "stepdad",
    "mama",
    "papa",
];

fn family_name(name: &str) -> bool {
    let n = crate::normalize::normalize(name).text;
    n.split(|c: char| !c.is_alphanumeric())
        .any(|w| FAMILY_NAMES.contains(&w))
}

/// The one other author of a two-person conversation.
fn other_of(authors: &[&str], a: usize) -> Option<usize> {
    (authors.len() == 2 && a < 2).then(|| 1 - a)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Scores one scanned conversation.
pub fn assess(
    conversation: &Conversation,
    scan: &ScanResult,
    lexicon: &Lexicon,
    weights: &Weights,
) -> Assessment {
    let mut state = State::new(weights);
    for m in &conversation.messages {
        state.author(&m.author);
    }
    let mut hits = scan.hits.iter().enumerate().peekable();
    let mut claims = scan.ages.iter().enumerate().peekable();
    let mut first_alert = None;
    let mut claim_owner: Vec<Option<usize>> = vec![None; scan.ages.len()];
    for (i, m) in conversation.messages.iter().enumerate() {
        let a = state.author(&m.author);
        state.read = i + 1;
        let mut changed = false;
        while let Some((_, h)) = hits.next_if(|(_, h)| h.message == i) {
            changed = true;
            let weight = lexicon.entry(h.entry).weight;
            if h.category == Category::Family {
                state.family += weight;
                if state.family_messages.last() != Some(&i) {
                    state.family_messages.push(i);
                }
                continue;
            }
            let c = h.category as usize;
            state.evidence[a][c] += weight;
            state.first[a][c].get_or_insert(i);
            if state.messages_by[a][c].last() != Some(&i) {
                state.messages_by[a][c].push(i);
            }
        }
        while let Some((k, c)) = claims.next_if(|(_, c)| c.message == i) {
            // An age said about "you" belongs to the other person of a two-person chat.
            let owner = if c.about_other {
                match other_of(&state.authors, a) {
                    Some(o) => o,
                    None => continue,
                }
            } else {
                a
            };
            changed = true;
            state.ages[owner].push((c.age, i));
            claim_owner[k] = Some(owner);
        }
        if changed
            && first_alert.is_none()
            && weights.band(sigmoid(state.snapshot().logit)) == Band::High
        {
            first_alert = Some(i + 1);
        }
    }
    let snap = state.snapshot();
    let score = sigmoid(snap.logit);
    let band = weights.band(score);
    let participants = state
        .authors
        .iter()
        .enumerate()
        .map(|(a, name)| {
            let mut stated: Vec<u8> = Vec::new();
            for (x, _) in &state.ages[a] {
                if !stated.contains(x) {
                    stated.push(*x);
                }
            }
            let is_older = snap.gap.is_some_and(|g| g.0 == a);
            let is_younger = snap.gap.is_some_and(|g| g.2 == a);
            let z = weights.bias
                + snap.author_z[a]
                + snap.shared
                + if is_older { snap.gap_value } else { 0.0 };
            let risk = sigmoid(z);
            let minor = !stated.is_empty() && stated.iter().all(|&x| x < 18);
            let role = if snap.top == Some(a) && band >= Band::Medium && !is_younger && !minor {
                Role::SuspectedGroomer
            } else if is_younger || minor {
                Role::PossibleChild
            } else {
                Role::Participant
            };
            ParticipantRisk {
                name: name.to_string(),
                stated_ages: stated,
                age_claims: (0..scan.ages.len())
                    .filter(|&k| claim_owner[k] == Some(a))
                    .collect(),
                risk,
                role,
            }
        })
        .collect();
    let age_gap = snap.gap.map(|(o, oa, y, ya)| AgeGap {
        older: state.authors[o].to_string(),
        older_age: oa,
        younger: state.authors[y].to_string(),
        younger_age: ya,
        years: oa - ya,
    });
    let mut by_category: BTreeMap<Category, (f64, Vec<usize>)> = BTreeMap::new();
    for (k, h) in scan.hits.iter().enumerate() {
        let e = by_category.entry(h.category).or_default();
        e.0 += lexicon.entry(h.entry).weight;
        e.1.push(k);
    }
    let mut indicators: Vec<(f64, Indicator)> = by_category
        .into_iter()
        .map(|(category, (weight, hits))| {
            (
                weight * weights.of(category).abs(),
                Indicator { category, hits },
            )
        })
        .collect();
    indicators.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.category.cmp(&b.1.category)));
    Assessment {
        score,
        band,
        first_alert_message: first_alert,
        participants,
        age_gap,
        indicators: indicators.into_iter().map(|(_, i)| i).collect(),
        explanation: Explanation {
            bias: weights.bias,
            logit: snap.logit,
            parts: snap.parts,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::scan;

    fn score_of(lines: &[(&str, &str)]) -> Assessment {
        let lex = Lexicon::builtin().unwrap();
        let w = Weights::for_lexicon(&lex).unwrap();
        let c = crate::scan::tests::conversation(lines);
        assess(&c, &scan(&c, &lex), &lex, &w)
    }

    #[test]
    fn shipped_weights_parse() {
        let lex = Lexicon::builtin().unwrap();
        Weights::for_lexicon(&lex).unwrap();
        assert!(Weights::parse("w", "bias = 1").is_err());
    }

    #[test]
    fn family_names() {
        for (name, want) in [
            ("Mum", true),
            ("Sarah (Jess's mum)", true),
            ("Jude's Dad", true),
            ("Nan", true),
            ("Uncle Rob", false),
            ("Damian", false),
            ("Madam", false),
        ] {
            assert_eq!(family_name(name), want, "{name}");
        }
    }

    #[test]
    fn empty_conversation_scores_none() {
        let a = score_of(&[]);
        assert_eq!(a.band, Band::None);
        assert!(a.indicators.is_empty() && a.participants.is_empty());
    }

    #[test]
    fn parts_sum_to_the_logit() {
        let a = score_of(&[
            ("A", "how old are you"),
            ("B", "14"),
            (
                "A",
                "im 25, age is just a number. send me a pic and dont tell your mum",
            ),
        ]);
        let sum: f64 =
            a.explanation.bias + a.explanation.parts.iter().map(|p| p.value).sum::<f64>();
        assert!((sum - a.explanation.logit).abs() < 1e-9);
        assert!((sigmoid(a.explanation.logit) - a.score).abs() < 1e-12);
        let gap = a.age_gap.as_ref().unwrap();
        assert_eq!(
            (
                gap.older.as_str(),
                gap.older_age,
                gap.younger.as_str(),
                gap.younger_age
            ),
            ("A", 25, "B", 14)
        );
        assert_eq!(a.participants[0].role, Role::SuspectedGroomer);
        assert_eq!(a.participants[1].role, Role::PossibleChild);
        assert!(a.participants[0].risk > a.participants[1].risk);
    }
}
