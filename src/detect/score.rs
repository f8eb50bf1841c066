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

use crate::detect::lexicon::{Category, Lexicon};
use crate::detect::scan::ScanResult;
use crate::error::Error;
use crate::model::Conversation;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

const N: usize = Category::ALL.len();

/// Indices of the engine features after the per-category ones (see `ENGINE_FEATURE_NAMES`).
const F_DIVERSITY: usize = N;
const F_ESCALATION: usize = N + 1;
const F_AGE_GAP: usize = N + 2;
const F_AGE_GAP_YEARS: usize = N + 3;
const F_MINOR_PRESENT: usize = N + 4;
const F_PEERS: usize = N + 5;
const F_ALL_ADULTS: usize = N + 6;
const F_FAMILY_NAME: usize = N + 7;
const F_GROUP: usize = N + 8;
const F_LENGTH: usize = N + 9;

/// How many engine features there are.
pub const ENGINE_FEATURES: usize = N + 10;

/// The engine features, in vector order; each part of the default model is its weight
/// (`Weights::vector`) times one of these (the age gap part is two of them):
/// - one per category, in `Category::ALL` order: for the top author, the saturated evidence
///   `1 - exp(-evidence / saturation)`; for `family`, the same over the family hits of
///   everyone (the family dampener);
/// - `diversity`: the top author's breadth beyond one category, capped (`diversity_cap`);
/// - `escalation`: 1 when the top author moved from trust-building to contact requests;
/// - `age_gap`: 1 when an adult-age and a minor-age claim meet; `age_gap_years`: the gap in
///   years, up to 10;
/// - `minor_present`, `peers`, `all_adults`, `family_name`: 1 when they hold;
/// - `group`: `min(1, (authors - 2) / 4)` for three or more authors;
/// - `length`: `ln(1 + messages / 200)`.
pub const ENGINE_FEATURE_NAMES: [&str; ENGINE_FEATURES] = [
    "category:personal_info",
    "category:age",
    "category:risk_check",
    "category:flattery",
    "category:isolation",
    "category:secrecy",
    "category:gifts",
    "category:image_request",
    "category:sexual",
    "category:platform_switch",
    "category:meeting",
    "category:coercion",
    "category:desensitisation",
    "family",
    "diversity",
    "escalation",
    "age_gap",
    "age_gap_years",
    "minor_present",
    "peers",
    "all_adults",
    "family_name",
    "group",
    "length",
];

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
                include_str!("../../lexicons/weights.toml"),
            ),
        }
    }

    /// The weights of the engine features, in `ENGINE_FEATURE_NAMES` order.
    pub fn vector(&self) -> [f64; ENGINE_FEATURES] {
        let f = &self.feature;
        let mut v = [0.0; ENGINE_FEATURES];
        v[..N].copy_from_slice(&self.per_category);
        v[F_DIVERSITY] = f.diversity;
        v[F_ESCALATION] = f.escalation;
        v[F_AGE_GAP] = f.age_gap;
        v[F_AGE_GAP_YEARS] = f.age_gap_per_year;
        v[F_MINOR_PRESENT] = f.minor_present;
        v[F_PEERS] = f.peers;
        v[F_ALL_ADULTS] = f.all_adults;
        v[F_FAMILY_NAME] = f.family_name;
        v[F_GROUP] = f.group;
        v[F_LENGTH] = f.length;
        v
    }

    /// These weights with another bias, engine feature weights (`vector` order) and bands;
    /// saturation and the diversity cap (which define the features) stay.
    pub fn with_vector(&self, bias: f64, v: &[f64; ENGINE_FEATURES], bands: Bands) -> Weights {
        let mut w = self.clone();
        w.bias = bias;
        w.bands = bands;
        w.per_category.copy_from_slice(&v[..N]);
        w.category = Category::ALL
            .iter()
            .map(|c| (c.name().to_string(), v[*c as usize]))
            .collect();
        let f = &mut w.feature;
        f.diversity = v[F_DIVERSITY];
        f.escalation = v[F_ESCALATION];
        f.age_gap = v[F_AGE_GAP];
        f.age_gap_per_year = v[F_AGE_GAP_YEARS];
        f.minor_present = v[F_MINOR_PRESENT];
        f.peers = v[F_PEERS];
        f.all_adults = v[F_ALL_ADULTS];
        f.family_name = v[F_FAMILY_NAME];
        f.group = v[F_GROUP];
        f.length = v[F_LENGTH];
        w
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

/// What one part of an explanation is. In JSON it is a string: an engine feature's name
/// (`ENGINE_FEATURE_NAMES`: `category:<name>`, `family`, `diversity`, `escalation`,
/// `age_gap`, ...), or a trained model's text parts: `window` (which window scored),
/// `ngram:<kind>:<text>` (one n-gram bucket, named by an n-gram of the window in it) and
/// `ngram:other` (the rest of the text).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum Feature {
    /// Engine feature `ENGINE_FEATURE_NAMES[i]`.
    Engine(usize),
    Window,
    /// An n-gram bucket, named `<kind>:<text>` (`w` words, `c` letters).
    Ngram(String),
    NgramOther,
}

impl Feature {
    /// The top author's breadth of indicator kinds.
    pub const DIVERSITY: Feature = Feature::Engine(F_DIVERSITY);
    /// The top author moved from building trust to contact requests.
    pub const ESCALATION: Feature = Feature::Engine(F_ESCALATION);

    /// The engine feature of a category (the family dampener included).
    pub fn category(c: Category) -> Feature {
        Feature::Engine(c as usize)
    }

    /// The category an engine feature counts, if it is one.
    pub fn as_category(&self) -> Option<Category> {
        match self {
            Feature::Engine(i) => Category::ALL.get(*i).copied(),
            _ => None,
        }
    }

    /// Parses a feature's name; `None` for a name no part has.
    pub fn from_name(name: &str) -> Option<Feature> {
        match name {
            "window" => Some(Feature::Window),
            "ngram:other" => Some(Feature::NgramOther),
            _ => match name.strip_prefix("ngram:") {
                Some(gram) => Some(Feature::Ngram(gram.to_string())),
                None => ENGINE_FEATURE_NAMES
                    .iter()
                    .position(|n| *n == name)
                    .map(Feature::Engine),
            },
        }
    }
}

impl std::fmt::Display for Feature {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Feature::Engine(i) => f.write_str(ENGINE_FEATURE_NAMES.get(*i).unwrap_or(&"?")),
            Feature::Window => f.write_str("window"),
            Feature::Ngram(g) => write!(f, "ngram:{g}"),
            Feature::NgramOther => f.write_str("ngram:other"),
        }
    }
}

impl From<Feature> for String {
    fn from(f: Feature) -> String {
        f.to_string()
    }
}

impl TryFrom<String> for Feature {
    type Error = String;
    fn try_from(s: String) -> Result<Feature, String> {
        Feature::from_name(&s).ok_or_else(|| format!("unknown explanation feature {s:?}"))
    }
}

/// One part of the score: a named contribution to the logit and the messages behind it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Part {
    /// Which feature the part is.
    pub feature: Feature,
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
    /// 1-based index of the message at which the running score first reached "medium":
    /// where a reader should start (cases indexed before it existed read as none).
    #[serde(default)]
    pub first_warning_message: Option<usize>,
    /// 1-based index of the message at which the running score first reached "high".
    pub first_alert_message: Option<usize>,
    pub participants: Vec<ParticipantRisk>,
    pub age_gap: Option<AgeGap>,
    /// Categories with hits, strongest evidence first.
    pub indicators: Vec<Indicator>,
    pub explanation: Explanation,
}

/// The logistic function: a logit to a score in 0..=1.
pub fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// Running evidence per author, updated message by message.
#[derive(Clone)]
struct State<'a> {
    /// The weights of the parts; the top author is the one they score highest.
    weights: &'a Weights,
    /// Shared, so a state cloned for each window costs no copies of the names.
    authors: Vec<Arc<str>>,
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
    gap: Option<GapClaims>,
    author_z: Vec<f64>,
    shared: f64,
    gap_value: f64,
    /// The engine features: `logit = bias + sum(weights.vector()[i] * x[i])`.
    x: [f64; ENGINE_FEATURES],
}

/// One author's directed parts, their sum, and the features behind them.
struct AuthorParts {
    /// The parts themselves; empty unless asked to explain.
    parts: Vec<Part>,
    z: f64,
    /// `(feature index, value)`: the first `nx` entries.
    x: [(usize, f64); N + 2],
    nx: usize,
}

/// The length feature after `read` messages.
fn length_x(read: usize) -> f64 {
    (1.0 + read as f64 / 200.0).ln()
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

    fn author(&mut self, name: &str) -> usize {
        if let Some(i) = self.authors.iter().position(|a| &**a == name) {
            return i;
        }
        self.authors.push(Arc::from(name));
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

    /// Whether category `c` counts for author `a`'s directed part: a steering category
    /// with evidence.
    fn counts(&self, a: usize, c: Category) -> bool {
        let skip = self.evidence[a][c as usize] <= 0.0 || !steering(c);
        !skip
    }

    /// The directed part of one author under weights `w`: category terms, diversity,
    /// escalation. With `explain` false only the values are computed (`z`, `x`), no
    /// `Part`s: the running score asks this after every message with a hit.
    fn author_parts(&self, a: usize, w: &Weights, explain: bool) -> AuthorParts {
        let name = if explain {
            self.authors[a].to_string()
        } else {
            String::new()
        };
        let mut parts = Vec::new();
        // The parts' values in order; `z` is their sum, as `parts` would give it.
        let mut values = [0.0; N + 2];
        let mut x = [(0, 0.0); N + 2];
        let mut n = 0;
        let mut breadth = 0.0;
        let mut kinds = Vec::new();
        let mut first_early = None::<usize>;
        for c in Category::ALL {
            if !self.counts(a, c) {
                continue;
            }
            let e = self.evidence[a][c as usize];
            // A category counts fully toward breadth once its evidence reaches 1 (one
            // strong entry or two weak ones).
            breadth += e.min(1.0);
            let msgs = &self.messages_by[a][c as usize];
            if explain {
                kinds.push(msgs[0]);
            }
            if early(c) {
                first_early = Some(first_early.map_or(msgs[0], |f: usize| f.min(msgs[0])));
            }
            x[n] = (c as usize, self.sat(e));
            values[n] = w.of(c) * self.sat(e);
            if explain {
                parts.push(Part {
                    feature: Feature::category(c),
                    author: Some(name.clone()),
                    value: values[n],
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
            n += 1;
        }
        if breadth > 1.0 {
            let d = (breadth - 1.0).min(w.feature.diversity_cap);
            x[n] = (F_DIVERSITY, d);
            values[n] = w.feature.diversity * d;
            if explain {
                kinds.sort_unstable();
                parts.push(Part {
                    feature: Feature::Engine(F_DIVERSITY),
                    author: Some(name.clone()),
                    value: values[n],
                    detail: format!("{name}: {} different kinds of indicator", kinds.len()),
                    messages: kinds.iter().map(|m| m + 1).collect(),
                });
            }
            n += 1;
        }
        // The first contact request after the first trust-building message.
        let first_contact = first_early.and_then(|e| {
            Category::ALL
                .into_iter()
                .filter(|&c| contact(c) && self.counts(a, c))
                .filter_map(|c| {
                    let msgs = &self.messages_by[a][c as usize];
                    msgs.iter().copied().filter(|&m| m > e).min()
                })
                .min()
        });
        if let (Some(e), Some(c)) = (first_early, first_contact) {
            x[n] = (F_ESCALATION, 1.0);
            values[n] = w.feature.escalation;
            if explain {
                parts.push(Part {
                    feature: Feature::Engine(F_ESCALATION),
                    author: Some(name.clone()),
                    value: values[n],
                    detail: format!("{name}: moved from building trust to contact requests"),
                    messages: vec![e + 1, c + 1],
                });
            }
            n += 1;
        }
        let z = values[..n].iter().copied().sum();
        AuthorParts { parts, z, x, nx: n }
    }

    /// The scored state with its explanation.
    fn snapshot(&self) -> Snapshot {
        self.snapshot_with(true)
    }

    /// The running logit: `snapshot().logit`, without building the explanation.
    fn logit(&self) -> f64 {
        self.snapshot_with(false).logit
    }

    /// The scored state; `parts` stays empty unless `explain`. Every number (logit, `x`,
    /// `author_z`, ...) is computed the same way either way.
    fn snapshot_with(&self, explain: bool) -> Snapshot {
        let w = self.weights;
        let mut x = [0.0; ENGINE_FEATURES];
        let (author_z, top, mut parts) = self.top_author(&mut x, explain);
        let gap = self.age_gap();
        let gap_value = gap.map_or(0.0, |g| self.age_gap_part(g, &mut x, &mut parts, explain));
        let mut shared = Shared {
            x: &mut x,
            parts: &mut parts,
            explain,
            sum: 0.0,
        };
        self.age_parts(&mut shared);
        self.relation_parts(&mut shared);
        let shared = shared.sum;
        let z_top = top.map_or(0.0, |t| author_z[t]);
        Snapshot {
            logit: w.bias + z_top + gap_value + shared,
            top,
            parts,
            gap,
            author_z,
            shared,
            gap_value,
            x,
        }
    }

    /// Every author's directed sum, the highest-scoring author (`None` when no one's is
    /// above zero), and that author's parts (when explaining); sets the top author's
    /// features in `x`.
    fn top_author(
        &self,
        x: &mut [f64; ENGINE_FEATURES],
        explain: bool,
    ) -> (Vec<f64>, Option<usize>, Vec<Part>) {
        let w = self.weights;
        let author_parts: Vec<AuthorParts> = (0..self.authors.len())
            .map(|a| self.author_parts(a, w, false))
            .collect();
        let author_z: Vec<f64> = author_parts.iter().map(|p| p.z).collect();
        let mut top = None;
        for (a, z) in author_z.iter().enumerate() {
            if *z > 0.0 && top.is_none_or(|t: usize| *z > author_z[t]) {
                top = Some(a);
            }
        }
        let mut parts = Vec::new();
        if let Some(t) = top {
            let top_parts = &author_parts[t];
            for &(i, v) in &top_parts.x[..top_parts.nx] {
                x[i] = v;
            }
            if explain {
                parts = self.author_parts(t, w, true).parts;
            }
        }
        (author_z, top, parts)
    }

    /// The widest gap between an adult-age claim and another author's minor-age claim.
    fn age_gap(&self) -> Option<GapClaims> {
        let mut gap = None::<GapClaims>;
        for (o, older) in self.ages.iter().enumerate() {
            for &(oa, _) in older.iter().filter(|(x, _)| *x >= 18) {
                for (y, younger) in self.ages.iter().enumerate() {
                    if y == o {
                        continue;
                    }
                    for &(ya, _) in younger.iter().filter(|(x, _)| *x < 18) {
                        if gap.is_none_or(|g| oa - ya > g.older_age - g.younger_age) {
                            gap = Some(GapClaims {
                                older: o,
                                older_age: oa,
                                younger: y,
                                younger_age: ya,
                            });
                        }
                    }
                }
            }
        }
        gap
    }

    /// The 1-based messages where author `a` states an age that `pred` accepts.
    fn claim_messages(&self, a: usize, pred: impl Fn(u8) -> bool) -> Vec<usize> {
        self.ages[a]
            .iter()
            .filter(|(x, _)| pred(*x))
            .map(|(_, m)| m + 1)
            .collect()
    }

    /// Every message with an age claim, 1-based, in order.
    fn claim_list(&self) -> Vec<usize> {
        let mut m: Vec<usize> = self.ages.iter().flatten().map(|(_, m)| m + 1).collect();
        m.sort_unstable();
        m.dedup();
        m
    }

    /// The age-gap part (directed: it counts for the older author): its value, with its
    /// two features set in `x`.
    fn age_gap_part(
        &self,
        g: GapClaims,
        x: &mut [f64; ENGINE_FEATURES],
        parts: &mut Vec<Part>,
        explain: bool,
    ) -> f64 {
        let f = &self.weights.feature;
        let years = g.older_age - g.younger_age;
        let years_x = f64::from(years.min(10));
        x[F_AGE_GAP] = 1.0;
        x[F_AGE_GAP_YEARS] = years_x;
        let value = f.age_gap + f.age_gap_per_year * years_x;
        if explain {
            let mut messages = self.claim_messages(g.older, |x| x == g.older_age);
            messages.extend(self.claim_messages(g.younger, |x| x == g.younger_age));
            messages.sort_unstable();
            parts.push(Part {
                feature: Feature::Engine(F_AGE_GAP),
                author: Some(self.authors[g.older].to_string()),
                value,
                detail: format!(
                    "{} says they are {}; {} says they are {} ({years} years apart)",
                    self.authors[g.older], g.older_age, self.authors[g.younger], g.younger_age
                ),
                messages,
            });
        }
        value
    }

    /// The conversation-level parts of stated ages: a minor present, peers of an age,
    /// all adults.
    fn age_parts(&self, shared: &mut Shared) {
        let f = &self.weights.feature;
        let stated: Vec<usize> = (0..self.ages.len())
            .filter(|&a| !self.ages[a].is_empty())
            .collect();
        let all: Vec<u8> = self.ages.iter().flatten().map(|(x, _)| *x).collect();
        let minor = stated
            .iter()
            .copied()
            .find(|&a| self.ages[a].iter().any(|(x, _)| *x < 18));
        if let Some(a) = minor
            && self.authors.len() >= 2
        {
            shared.push((F_MINOR_PRESENT, 1.0, f.minor_present), || {
                (
                    format!("{} says they are under 18", self.authors[a]),
                    self.claim_messages(a, |x| x < 18),
                )
            });
        }
        if stated.len() >= 2 && all.iter().all(|&x| x < 18) {
            let (lo, hi) = (
                all.iter().min().copied().unwrap_or(0),
                all.iter().max().copied().unwrap_or(0),
            );
            if hi - lo <= 3 {
                shared.push((F_PEERS, 1.0, f.peers), || {
                    (
                        format!("everyone who states an age is {lo}-{hi}"),
                        self.claim_list(),
                    )
                });
            }
        }
        if stated.len() >= 2 && all.iter().all(|&x| x >= 18) {
            shared.push((F_ALL_ADULTS, 1.0, f.all_adults), || {
                (
                    "everyone who states an age is an adult".into(),
                    self.claim_list(),
                )
            });
        }
    }

    /// The conversation-level parts of who talks: an established family relation, a
    /// family display name, a group, the length.
    fn relation_parts(&self, shared: &mut Shared) {
        let w = self.weights;
        let f = &w.feature;
        if self.family > 0.0 {
            let family = Category::Family;
            shared.push(
                (family as usize, self.sat(self.family), w.of(family)),
                || {
                    (
                        "family relation (a parent or grandparent addressed, signing or relayed)"
                            .into(),
                        self.family_messages.iter().map(|m| m + 1).collect(),
                    )
                },
            );
        }
        if let Some(a) = self.family_named.iter().position(|f| *f) {
            shared.push((F_FAMILY_NAME, 1.0, f.family_name), || {
                (
                    format!("a participant is saved as {:?}", self.authors[a]),
                    Vec::new(),
                )
            });
        }
        let n_authors = self.authors.iter().filter(|a| !a.is_empty()).count();
        if n_authors >= 3 {
            let scale = ((n_authors - 2) as f64 / 4.0).min(1.0);
            shared.push((F_GROUP, scale, f.group), || {
                (format!("group chat with {n_authors} people"), Vec::new())
            });
        }
        shared.push((F_LENGTH, length_x(self.read), f.length), || {
            (format!("{} messages", self.read), Vec::new())
        });
    }
}

/// The two age claims an age gap is between: author indices and the ages they state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct GapClaims {
    older: usize,
    older_age: u8,
    younger: usize,
    younger_age: u8,
}

/// The conversation-level parts being summed: each sets its engine feature in `x` and,
/// when it is not zero, adds to `sum` and (when explaining) to `parts`.
struct Shared<'s> {
    x: &'s mut [f64; ENGINE_FEATURES],
    parts: &'s mut Vec<Part>,
    explain: bool,
    sum: f64,
}

impl Shared<'_> {
    /// Feature `index` has value `value` and weight `weight`; `explained` gives the part's
    /// detail and messages, asked only when explaining.
    fn push(
        &mut self,
        (index, value, weight): (usize, f64, f64),
        explained: impl FnOnce() -> (String, Vec<usize>),
    ) {
        self.x[index] = value;
        let value = weight * value;
        if value != 0.0 {
            self.sum += value;
            if self.explain {
                let (detail, messages) = explained();
                self.parts.push(Part {
                    feature: Feature::Engine(index),
                    author: None,
                    value,
                    detail,
                    messages,
                });
            }
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
    let n = crate::detect::normalize::normalize(name).text;
    n.split(|c: char| !c.is_alphanumeric())
        .any(|w| FAMILY_NAMES.contains(&w))
}

/// The one other author of a two-person conversation.
fn other_of(authors: &[Arc<str>], a: usize) -> Option<usize> {
    (authors.len() == 2 && a < 2).then(|| 1 - a)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Feeds a conversation's hits and stated ages into `state` message by message, calling
/// `each(state, i, changed)` after message `i` (`changed`: it carried a hit or an age).
/// Returns which author owns each age claim.
fn feed<'a>(
    state: &mut State<'a>,
    conversation: &Conversation,
    scan: &ScanResult,
    lexicon: &Lexicon,
    each: impl FnMut(&State<'a>, usize, bool),
) -> Vec<Option<usize>> {
    let all = (0..conversation.messages.len(), None);
    feed_where(state, conversation, scan, lexicon, all, each)
}

/// `feed` over the messages in `span` (0-based indices) written by `author` (an index
/// into `state.authors`, all of which are registered first), or by anyone; the others are
/// passed over as if absent, though their authors are known (so "you" in a two-person
/// chat still points at the other person).
fn feed_where<'a>(
    state: &mut State<'a>,
    conversation: &Conversation,
    scan: &ScanResult,
    lexicon: &Lexicon,
    (span, author): (std::ops::Range<usize>, Option<usize>),
    mut each: impl FnMut(&State<'a>, usize, bool),
) -> Vec<Option<usize>> {
    if state.authors.is_empty() {
        for m in &conversation.messages {
            state.author(&m.author);
        }
    }
    let mut claim_owner: Vec<Option<usize>> = vec![None; scan.ages.len()];
    let end = span.end.min(conversation.messages.len());
    let mut hit = scan.hits.partition_point(|h| h.message < span.start);
    let mut claim = scan.ages.partition_point(|c| c.message < span.start);
    for i in span.start..end {
        let hits_end = hit + scan.hits[hit..].partition_point(|h| h.message == i);
        let claims_end = claim + scan.ages[claim..].partition_point(|c| c.message == i);
        let a = state.author(&conversation.messages[i].author);
        if author.is_none_or(|x| x == a) {
            let changed = state.read_message(
                (i, a),
                &scan.hits[hit..hits_end],
                (claim, &scan.ages[claim..claims_end]),
                lexicon,
                &mut claim_owner,
            );
            each(state, i, changed);
        }
        hit = hits_end;
        claim = claims_end;
    }
    claim_owner
}

impl State<'_> {
    /// Reads message `i`, written by author `a`: its `hits` and its age `claims` (the
    /// first of which is claim number `first` of the conversation, whose owner goes into
    /// `claim_owner`). Returns whether it carried a hit or an age.
    fn read_message(
        &mut self,
        (i, a): (usize, usize),
        hits: &[crate::detect::scan::Hit],
        (first, claims): (usize, &[crate::detect::scan::AgeClaim]),
        lexicon: &Lexicon,
        claim_owner: &mut [Option<usize>],
    ) -> bool {
        self.read += 1;
        let mut changed = false;
        for h in hits {
            let weight = lexicon.entry(h.entry).weight;
            // A context entry (weight 0, e.g. "asl") is evidence of nothing on its own: it
            // neither counts for its category nor dates the author's first trust-building.
            if weight == 0.0 {
                continue;
            }
            changed = true;
            if h.category == Category::Family {
                self.family += weight;
                if self.family_messages.last() != Some(&i) {
                    self.family_messages.push(i);
                }
                continue;
            }
            let c = h.category as usize;
            self.evidence[a][c] += weight;
            self.first[a][c].get_or_insert(i);
            if self.messages_by[a][c].last() != Some(&i) {
                self.messages_by[a][c].push(i);
            }
        }
        for (k, c) in claims.iter().enumerate() {
            // An age said about "you" belongs to the other person of a two-person chat.
            let owner = if c.about_other {
                match other_of(&self.authors, a) {
                    Some(o) => o,
                    None => continue,
                }
            } else {
                a
            };
            changed = true;
            self.ages[owner].push((c.age, i));
            if let Some(slot) = claim_owner.get_mut(first + k) {
                *slot = Some(owner);
            }
        }
        changed
    }
}

/// The engine features of a whole conversation, with the top author chosen by `weights`:
/// the default model's logit is `weights.bias + sum(weights.vector()[i] * x[i])`, and a
/// trained model weighs the same `x` (see `ENGINE_FEATURE_NAMES`).
pub fn engine_features(
    conversation: &Conversation,
    scan: &ScanResult,
    lexicon: &Lexicon,
    weights: &Weights,
) -> [f64; ENGINE_FEATURES] {
    EngineFeatures::new(conversation, scan, lexicon, weights)
        .of(0..conversation.messages.len(), None)
}

/// The engine features of parts of one conversation (a window, one author's messages),
/// each computed as if those messages were the whole conversation. Authors are registered
/// once, so asking for many windows costs only the messages in each.
pub struct EngineFeatures<'a> {
    base: State<'a>,
    conversation: &'a Conversation,
    scan: &'a ScanResult,
    lexicon: &'a Lexicon,
}

impl<'a> EngineFeatures<'a> {
    pub fn new(
        conversation: &'a Conversation,
        scan: &'a ScanResult,
        lexicon: &'a Lexicon,
        weights: &'a Weights,
    ) -> Self {
        let mut base = State::new(weights);
        for m in &conversation.messages {
            base.author(&m.author);
        }
        EngineFeatures {
            base,
            conversation,
            scan,
            lexicon,
        }
    }

    /// As `new`, for a conversation still arriving: `authors` are those known so far (in
    /// the order they became known), which saves reading every message to find them.
    pub fn with_authors(
        conversation: &'a Conversation,
        scan: &'a ScanResult,
        lexicon: &'a Lexicon,
        weights: &'a Weights,
        authors: &[Arc<str>],
    ) -> Self {
        let mut base = State::new(weights);
        base.authors.reserve(authors.len());
        for a in authors {
            base.author(a);
        }
        EngineFeatures {
            base,
            conversation,
            scan,
            lexicon,
        }
    }

    /// The authors, in order of first message (the `author` indices of `of`).
    pub fn authors(&self) -> &[Arc<str>] {
        &self.base.authors
    }

    fn state(&self, span: std::ops::Range<usize>, author: Option<usize>) -> State<'a> {
        let mut state = self.base.clone();
        feed_where(
            &mut state,
            self.conversation,
            self.scan,
            self.lexicon,
            (span, author),
            |_, _, _| {},
        );
        state
    }

    /// The features of the messages in `span` by `author` (or anyone).
    pub fn of(
        &self,
        span: std::ops::Range<usize>,
        author: Option<usize>,
    ) -> [f64; ENGINE_FEATURES] {
        self.state(span, author).snapshot_with(false).x
    }

    /// The messages (1-based) behind engine feature `feature` (an index into
    /// `ENGINE_FEATURE_NAMES`) in the same messages, as the default model's explanation
    /// names them.
    pub fn messages(
        &self,
        span: std::ops::Range<usize>,
        author: Option<usize>,
        feature: usize,
    ) -> Vec<usize> {
        let snap = self.state(span, author).snapshot();
        // The age gap's two features are one part.
        let part = match feature {
            F_AGE_GAP_YEARS => F_AGE_GAP,
            f => f,
        };
        let mut out: Vec<usize> = snap
            .parts
            .iter()
            .filter(|p| p.feature == Feature::Engine(part))
            .flat_map(|p| p.messages.iter().copied())
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// A trained model (see `train`): it re-scores a conversation that the default weights
/// have assessed (their indicators, stated ages and age gap stay), giving the score, band,
/// first alert, explanation and each participant's risk and role.
pub trait Model: Sync {
    fn assess(
        &self,
        conversation: &Conversation,
        scan: &ScanResult,
        lexicon: &Lexicon,
        base: Assessment,
    ) -> Assessment;

    /// The model's running score, fed a conversation as it arrives; `participants` are
    /// the authors known before any message (none, for a chat read cold).
    fn running<'m>(&'m self, participants: &[&str]) -> Box<dyn Running + 'm>;
}

/// A score read message by message, each step costing about one message's work (not a
/// re-score from the start): what `score` gives after the messages read so far. The
/// batch assessment computes its first warning and alert with the same steps.
pub trait Running {
    /// Reads message `i` of `conversation`, the one after those already read (`scan`
    /// covers it), and returns the score of messages `0..=i`.
    fn read(
        &mut self,
        conversation: &Conversation,
        scan: &ScanResult,
        lexicon: &Lexicon,
        i: usize,
    ) -> Level;
}

/// A running score and its band.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Level {
    pub score: f64,
    pub band: Band,
}

/// The default model's running score: its evidence state, fed one message at a time.
struct DefaultRunning<'w> {
    state: State<'w>,
    hit: usize,
    claim: usize,
}

impl Running for DefaultRunning<'_> {
    fn read(
        &mut self,
        conversation: &Conversation,
        scan: &ScanResult,
        lexicon: &Lexicon,
        i: usize,
    ) -> Level {
        let hits_end = self.hit + scan.hits[self.hit..].partition_point(|h| h.message <= i);
        let claims_end = self.claim + scan.ages[self.claim..].partition_point(|c| c.message <= i);
        let a = self.state.author(&conversation.messages[i].author);
        self.state.read_message(
            (i, a),
            &scan.hits[self.hit..hits_end],
            (self.claim, &scan.ages[self.claim..claims_end]),
            lexicon,
            &mut [],
        );
        self.hit = hits_end;
        self.claim = claims_end;
        let score = sigmoid(self.state.logit());
        Level {
            score,
            band: self.state.weights.band(score),
        }
    }
}

/// The trained model a run was scored with (`--model`): reports, the case manifest and
/// provenance name it by its SHA-256.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ModelInfo {
    pub sha256: String,
    pub path: String,
    pub schema: &'static str,
}

/// What scores a conversation: the default weights, and an optional trained model on top.
#[derive(Clone, Copy)]
pub struct Scorer<'a> {
    pub weights: &'a Weights,
    pub model: Option<&'a dyn Model>,
}

impl<'a> Scorer<'a> {
    /// The default model: `weights` alone.
    pub fn new(weights: &'a Weights) -> Self {
        Scorer {
            weights,
            model: None,
        }
    }

    /// This scorer's running score (see [`Running`]), with `participants` known before
    /// the first message.
    pub fn running(&self, participants: &[&str]) -> Box<dyn Running + 'a> {
        match self.model {
            Some(m) => m.running(participants),
            None => {
                let mut state = State::new(self.weights);
                for p in participants {
                    state.author(p);
                }
                Box::new(DefaultRunning {
                    state,
                    hit: 0,
                    claim: 0,
                })
            }
        }
    }
}

/// Scores one scanned conversation with the default model.
pub fn assess(
    conversation: &Conversation,
    scan: &ScanResult,
    lexicon: &Lexicon,
    weights: &Weights,
) -> Assessment {
    assess_with(conversation, scan, lexicon, &Scorer::new(weights))
}

/// Scores one scanned conversation.
pub fn assess_with(
    conversation: &Conversation,
    scan: &ScanResult,
    lexicon: &Lexicon,
    scorer: &Scorer,
) -> Assessment {
    let base = assess_default(conversation, scan, lexicon, scorer.weights);
    match scorer.model {
        Some(m) => m.assess(conversation, scan, lexicon, base),
        None => base,
    }
}

/// Where a running score first reached the medium band (a warning) and the high band (an
/// alert), as 1-based message indices.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FirstPoints {
    pub warning: Option<usize>,
    pub alert: Option<usize>,
}

impl FirstPoints {
    /// Both points are known: later scores cannot move them.
    pub fn complete(&self) -> bool {
        self.alert.is_some()
    }

    /// The points a conversation keeps once its final band is known: none beyond it (a
    /// score that reached high and fell back to medium keeps its warning, not its alert).
    pub fn within(self, band: Band) -> FirstPoints {
        FirstPoints {
            warning: self.warning.filter(|_| band >= Band::Medium),
            alert: self.alert.filter(|_| band == Band::High),
        }
    }

    /// The running score is in `band` after message `i` (0-based).
    pub fn read(&mut self, i: usize, band: Band) {
        if band >= Band::Medium && self.warning.is_none() {
            self.warning = Some(i + 1);
        }
        if band == Band::High && self.alert.is_none() {
            self.alert = Some(i + 1);
        }
    }
}

/// The default model's assessment.
fn assess_default(
    conversation: &Conversation,
    scan: &ScanResult,
    lexicon: &Lexicon,
    weights: &Weights,
) -> Assessment {
    let mut state = State::new(weights);
    let mut points = FirstPoints::default();
    let claim_owner = feed(
        &mut state,
        conversation,
        scan,
        lexicon,
        |state, i, changed| {
            if changed && !points.complete() {
                points.read(i, weights.band(sigmoid(state.logit())));
            }
        },
    );
    let snap = state.snapshot();
    let score = sigmoid(snap.logit);
    let band = weights.band(score);
    let points = points.within(band);
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
            let is_older = snap.gap.is_some_and(|g| g.older == a);
            let is_younger = snap.gap.is_some_and(|g| g.younger == a);
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
    let age_gap = snap.gap.map(|g| AgeGap {
        older: state.authors[g.older].to_string(),
        older_age: g.older_age,
        younger: state.authors[g.younger].to_string(),
        younger_age: g.younger_age,
        years: g.older_age - g.younger_age,
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
        first_warning_message: points.warning,
        first_alert_message: points.alert,
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
    use crate::detect::scan::scan;

    fn score_of(lines: &[(&str, &str)]) -> Assessment {
        let lex = Lexicon::builtin().unwrap();
        let w = Weights::for_lexicon(&lex).unwrap();
        let c = crate::detect::scan::tests::conversation(lines);
        assess(&c, &scan(&c, &lex), &lex, &w)
    }

    #[test]
    fn shipped_weights_parse() {
        let lex = Lexicon::builtin().unwrap();
        Weights::for_lexicon(&lex).unwrap();
        assert!(Weights::parse("w", "bias = 1").is_err());
    }

    #[test]
    fn engine_features_weighted_give_the_default_logit() {
        for (i, c) in Category::ALL.iter().enumerate() {
            let want = match c {
                Category::Family => "family".to_string(),
                c => format!("category:{}", c.name()),
            };
            assert_eq!(ENGINE_FEATURE_NAMES[i], want);
        }
        let lex = Lexicon::builtin().unwrap();
        let w = Weights::for_lexicon(&lex).unwrap();
        let chats: &[&[(&str, &str)]] = &[
            &[
                ("A", "how old are you"),
                ("B", "14"),
                (
                    "A",
                    "im 25, age is just a number. send me a pic and dont tell your mum",
                ),
            ],
            &[
                ("Mum", "pick you up from the station at 6"),
                ("B", "ok thanks"),
            ],
            &[
                ("A", "im 15"),
                ("B", "im 16 lol"),
                ("C", "same"),
                ("A", "send pic"),
            ],
            &[],
        ];
        for lines in chats {
            let c = crate::detect::scan::tests::conversation(lines);
            let scan = scan(&c, &lex);
            let a = assess(&c, &scan, &lex, &w);
            let x = engine_features(&c, &scan, &lex, &w);
            let v = w.vector();
            let z = w.bias + (0..ENGINE_FEATURES).map(|i| v[i] * x[i]).sum::<f64>();
            assert!((z - a.explanation.logit).abs() < 1e-9, "{lines:?}");
            // The same weights rebuilt from the vector score the same.
            let w2 = w.with_vector(w.bias, &v, w.bands.clone());
            assert_eq!(w2, w);
        }
    }

    #[test]
    fn running_logit_is_the_explained_snapshot_logit() {
        let lex = Lexicon::builtin().unwrap();
        let w = Weights::for_lexicon(&lex).unwrap();
        // Other weights too (the running logit must not depend on which).
        let other = w.with_vector(
            w.bias - 1.0,
            &w.vector().map(|x| 0.5 * x + 0.1),
            w.bands.clone(),
        );
        let chats: &[&[(&str, &str)]] = &[
            &[
                ("A", "how old are you"),
                ("B", "14"),
                ("A", "you are so mature for your age"),
                ("A", "im 25, age is just a number"),
                ("A", "send me a pic and dont tell your mum"),
                ("B", "ok"),
                ("A", "add me on snap, we should meet up"),
            ],
            &[
                ("Mum", "pick you up from the station at 6"),
                ("B", "ok thanks"),
                ("Dad", "dont forget your coat"),
            ],
            &[
                ("A", "im 15"),
                ("B", "im 16 lol"),
                ("C", "same"),
                ("D", "send pic"),
                ("E", "where do you live"),
            ],
            &[("A", "im 30"), ("B", "im 40"), ("A", "are you home alone")],
            &[("A", "hello"), ("B", "hi")],
        ];
        for weights in [&w, &other] {
            for lines in chats {
                let c = crate::detect::scan::tests::conversation(lines);
                let scan = scan(&c, &lex);
                let mut state = State::new(weights);
                feed(&mut state, &c, &scan, &lex, |state, i, _| {
                    let snap = state.snapshot();
                    let quick = state.snapshot_with(false);
                    let at = format!("{lines:?} after message {i}");
                    assert_eq!(state.logit().to_bits(), snap.logit.to_bits(), "{at}");
                    assert_eq!(quick.x.map(f64::to_bits), snap.x.map(f64::to_bits), "{at}");
                    assert_eq!((quick.top, quick.gap), (snap.top, snap.gap), "{at}");
                    assert!(quick.parts.is_empty(), "{at}");
                    let sum: f64 = weights.bias + snap.parts.iter().map(|p| p.value).sum::<f64>();
                    assert!((sum - snap.logit).abs() < 1e-9, "{at}");
                });
            }
        }
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
    fn first_points_follow_the_running_band() {
        use Band::*;
        for (bands, warning, alert) in [
            (vec![None, Low, Medium, Medium, High], Some(3), Some(5)),
            (vec![Low, High, Medium], Some(2), Some(2)),
            (vec![Medium, Low, Medium], Some(1), Option::None),
            (vec![None, Low], Option::None, Option::None),
            (vec![], Option::None, Option::None),
        ] {
            let mut p = FirstPoints::default();
            for (i, b) in bands.iter().enumerate() {
                p.read(i, *b);
            }
            assert_eq!((p.warning, p.alert), (warning, alert), "{bands:?}");
            assert_eq!(p.complete(), alert.is_some());
        }
    }

    #[test]
    fn feature_names_round_trip() {
        for (i, name) in ENGINE_FEATURE_NAMES.iter().enumerate() {
            let f = Feature::from_name(name).unwrap();
            assert_eq!(f, Feature::Engine(i));
            assert_eq!(f.to_string(), *name);
        }
        for (name, want) in [
            ("window", Some(Feature::Window)),
            ("ngram:other", Some(Feature::NgramOther)),
            ("ngram:w:send me", Some(Feature::Ngram("w:send me".into()))),
            ("category:nonsense", None),
            ("", None),
        ] {
            assert_eq!(Feature::from_name(name), want, "{name:?}");
            if let Some(f) = want {
                assert_eq!(f.to_string(), name);
                let json = serde_json::to_string(&f).unwrap();
                assert_eq!(serde_json::from_str::<Feature>(&json).unwrap(), f);
            }
        }
        assert_eq!(
            Feature::category(Category::Family).to_string(),
            "family",
            "the family dampener keeps its name"
        );
        assert!(serde_json::from_str::<Feature>("\"bogus\"").is_err());
    }

    /// The features of the parts of `a`, in order.
    fn features(a: &Assessment) -> Vec<String> {
        a.explanation
            .parts
            .iter()
            .map(|p| p.feature.to_string())
            .collect()
    }

    #[test]
    fn chat_room_openers_are_context_not_evidence() {
        // issue 12: openers open ordinary chats far more often than grooming ones
        for text in [
            "asl",
            "how old are you",
            "where are you from",
            "r u a boy or a girl",
            "m or f?",
        ] {
            let a = score_of(&[("A", text), ("B", "hi")]);
            assert!(!a.indicators.is_empty(), "{text:?} is still reported");
            assert!(features(&a).is_empty(), "{text:?}: {:?}", a.explanation);
            assert_eq!(a.explanation.logit, a.explanation.bias, "{text:?}");
        }
        // an indicator beside them still counts
        let a = score_of(&[("A", "asl"), ("A", "what do you look like")]);
        assert_eq!(features(&a), ["category:personal_info"]);
        // and a bare number answering the age question is still an age
        let a = score_of(&[("A", "how old are you"), ("B", "14")]);
        assert_eq!(a.participants[1].stated_ages, [14]);
    }

    #[test]
    fn family_dampener_needs_an_established_relation() {
        // issue 12: a parent addressed or signing dampens; a parent talked about does not
        let table: &[(&str, bool)] = &[
            ("love you mum", true),
            ("thanks dad", true),
            ("ok mum", true),
            ("mum can you pick me up", true),
            ("see you at 6, love mum x", true),
            ("hi its dad, my phone died", true),
            ("my mom is at work", false),
            ("dont tell your mum", false),
            ("is your dad home", false),
            ("no mum is out", false),
            ("sorry mum came in", false),
            ("tea is ready", false),
            ("im parked outside", false),
            ("were going to nans on sunday", false),
        ];
        for (text, dampens) in table {
            let a = score_of(&[("A", "hey"), ("B", text)]);
            assert_eq!(
                features(&a).iter().any(|f| f == "family"),
                *dampens,
                "{text:?}"
            );
        }
        // a display name establishes it too
        let a = score_of(&[("Mum", "tea is ready"), ("B", "ok")]);
        assert_eq!(features(&a), ["family_name"]);
    }

    #[test]
    fn a_long_chat_is_not_pushed_down() {
        // issue 12: grooming chats run long; the length feature is kept but weighs 0
        let lines: Vec<(&str, &str)> = (0..400)
            .map(|i| {
                if i % 2 == 0 {
                    ("A", "hello")
                } else {
                    ("B", "hi")
                }
            })
            .collect();
        let a = score_of(&lines);
        assert!(features(&a).is_empty(), "{:?}", a.explanation);
        assert_eq!(a.explanation.logit, a.explanation.bias);
        let lex = Lexicon::builtin().unwrap();
        let w = Weights::for_lexicon(&lex).unwrap();
        let c = crate::detect::scan::tests::conversation(&lines);
        let x = engine_features(&c, &scan(&c, &lex), &lex, &w);
        assert!(x[F_LENGTH] > 1.0, "the feature itself is still there");
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
