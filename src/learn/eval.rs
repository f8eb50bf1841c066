//! Evaluation against ground truth, measured the standard way. Scores come from the engine
//! (or a trained model) only; the truth is read after scoring, to measure.
//!
//! Ground truth comes in two shapes:
//! - a labels TSV (`conversation`, `label`, `groomer`), one row per conversation;
//! - the PAN-2012 ground-truth files: a predator-ids file (one author id per line) and a
//!   predatory-lines file (`conversation_id` and `line_number` per line, separated by a tab
//!   or spaces). With only these, a conversation is grooming when any of its authors is a
//!   listed predator.
//!
//! Measures:
//! - Conversation level: precision, recall, F1 and F0.5 at each band threshold, ROC AUC
//!   (Mann-Whitney, ties counted half), average precision over the ranked list,
//!   precision@k, and the per-conversation `suspected_groomer` confusion.
//! - Predator identification, as in PAN-2012 (Inches & Crestani 2012, "Overview of the
//!   International Sexual Predator Identification Competition at PAN-2012", CLEF 2012
//!   working notes): author-level precision, recall, F1 and F0.5 (the competition's main
//!   measure). Authors are global ids across the corpus; an author is predicted a predator
//!   when they are `suspected_groomer` in any conversation. The truth is the predator-ids
//!   file (predators who never write in the input are reported, not counted), or else the
//!   `groomer` names of the labels file.
//! - Predatory lines, as in PAN-2012's second task: precision, recall and F3 (recall
//!   weighted high) over `(conversation id, line)` pairs. Predicted lines are the `line`
//!   values of messages that carry at least one indicator hit (any category but family)
//!   and were written by a participant who is `suspected_groomer` in a conversation whose
//!   band is at least `line_band` (default medium; a suspected groomer needs medium).
//!   Truth lines of conversations not in the input are reported, not counted.
//! - Early detection after Vogt, Leser & Akbik 2021 ("Early Detection of Sexual Predators
//!   in Chats", ACL 2021): a warning is raised when the running score first reaches the
//!   "high" band (`first_alert_message`); precision, recall and F1 of warned conversations;
//!   warning latency = the number of messages read when the warning is raised, over true
//!   positives (median and mean); latency-weighted F1 = F1 x speed, with
//!   speed = 1 - median over true positives of penalty(k) and
//!   penalty(k) = -1 + 2 / (1 + exp(-p (k - 1))), the eRisk penalty of Sadeque, Xu &
//!   Bethard 2018 ("Measuring the Latency of Depression Detection in Social Media", WSDM).
//!   p follows the eRisk convention: penalty is 0.5 at the median conversation length m
//!   (in messages, over the measured conversations), so p = ln 3 / (m - 1). We could not
//!   confirm the value of p used by Vogt et al.; `--latency-p` sets p explicitly.

use crate::detect::lexicon::Category;
use crate::detect::score::{Band, Bands, Role};
use crate::error::Error;
use crate::model::Conversation;
use crate::pipeline::{RunResult, Scored};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::Path;

/// One labelled conversation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub grooming: bool,
    /// The groomer's author name, when given.
    pub groomer: Option<String>,
    /// Where the conversation comes from (a `source` column), for leave-one-source-out
    /// cross-validation.
    pub source: Option<String>,
}

/// Labels by conversation key (or id).
pub type Labels = BTreeMap<String, Label>;

/// Reads a labels TSV. The header line is optional; `label` is `grooming`/`1`/`true`/
/// `positive` or `benign`/`0`/`false`/`negative`.
pub fn read_labels(path: &Path) -> Result<Labels, Error> {
    parse_labels(&path.display().to_string(), &read_text(path)?)
}

pub fn parse_labels(path: &str, text: &str) -> Result<Labels, Error> {
    let mut labels = Labels::new();
    // Columns after the label: `groomer`, unless a header names them (`groomer`, `source`).
    let mut extra: Vec<String> = vec!["groomer".into()];
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if i == 0 && cols[0].trim().eq_ignore_ascii_case("conversation") {
            extra = cols
                .iter()
                .skip(2)
                .map(|c| c.trim().to_ascii_lowercase())
                .collect();
            continue;
        }
        let bad = |m: String| Error::Usage(format!("{path}:{}: {m}", i + 1));
        if cols.len() < 2 {
            return Err(bad("expected `conversation<TAB>label[<TAB>groomer]`".into()));
        }
        let grooming = match cols[1].trim().to_ascii_lowercase().as_str() {
            "grooming" | "1" | "true" | "positive" | "predator" => true,
            "benign" | "0" | "false" | "negative" => false,
            other => return Err(bad(format!("label {other:?} is not grooming or benign"))),
        };
        let column = |name: &str| {
            extra
                .iter()
                .position(|c| c == name)
                .and_then(|k| cols.get(k + 2))
                .map(|g| g.trim())
                .filter(|g| !g.is_empty())
                .map(str::to_string)
        };
        labels.insert(
            cols[0].trim().to_string(),
            Label {
                grooming,
                groomer: column("groomer"),
                source: column("source"),
            },
        );
    }
    Ok(labels)
}

/// PAN-2012 predator ids (authors are global ids across the corpus).
pub type Predators = BTreeSet<String>;

/// PAN-2012 predatory lines: `(conversation id, line)`.
pub type PredatorLines = BTreeSet<(String, u64)>;

fn read_text(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|e| Error::Io {
        path: path.display().to_string(),
        source: e,
    })
}

/// Reads a PAN-2012 predator-ids file: one author id per line; blank lines and `#` comments
/// are skipped.
pub fn read_predators(path: &Path) -> Result<Predators, Error> {
    Ok(parse_predators(&read_text(path)?))
}

pub fn parse_predators(text: &str) -> Predators {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// Reads a PAN-2012 predatory-lines file: `conversation_id line_number` per line, separated
/// by a tab or spaces.
pub fn read_predator_lines(path: &Path) -> Result<PredatorLines, Error> {
    parse_predator_lines(&path.display().to_string(), &read_text(path)?)
}

pub fn parse_predator_lines(path: &str, text: &str) -> Result<PredatorLines, Error> {
    let mut lines = PredatorLines::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut cols = line.split_whitespace();
        let (Some(id), Some(n), None) = (cols.next(), cols.next(), cols.next()) else {
            return Err(Error::Usage(format!(
                "{path}:{}: expected `conversation_id<TAB>line_number`",
                i + 1
            )));
        };
        let n: u64 = n.parse().map_err(|_| {
            Error::Usage(format!(
                "{path}:{}: line number {n:?} is not a number",
                i + 1
            ))
        })?;
        lines.insert((id.to_string(), n));
    }
    Ok(lines)
}

/// Everything known about the truth of a corpus. Conversation labels come from `labels`
/// when given, else from `predators` (a conversation is grooming when any of its authors
/// is a predator).
#[derive(Clone, Debug, Default)]
pub struct GroundTruth {
    pub labels: Option<Labels>,
    pub predators: Option<Predators>,
    pub lines: Option<PredatorLines>,
}

/// How to measure.
#[derive(Clone, Debug)]
pub struct Options {
    /// Precision@k cut-offs.
    pub ks: Vec<usize>,
    /// Predicted predatory lines come from conversations at or above this band.
    pub line_band: Band,
    /// The eRisk penalty's p; `None`: ln 3 / (median length - 1).
    pub latency_p: Option<f64>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            ks: vec![5, 10, 20],
            line_band: Band::Medium,
            latency_p: None,
        }
    }
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Confusion {
    pub threshold: String,
    #[serde(rename = "true_positives")]
    pub tp: usize,
    #[serde(rename = "false_positives")]
    pub fp: usize,
    #[serde(rename = "false_negatives")]
    pub fn_: usize,
    #[serde(rename = "true_negatives")]
    pub tn: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub f05: f64,
}

impl Confusion {
    fn new(threshold: &str, tp: usize, fp: usize, fn_: usize, tn: usize) -> Confusion {
        let p = ratio(tp, tp + fp);
        let r = ratio(tp, tp + fn_);
        Confusion {
            threshold: threshold.into(),
            tp,
            fp,
            fn_,
            tn,
            precision: p,
            recall: r,
            f1: f_beta(p, r, 1.0),
            f05: f_beta(p, r, 0.5),
        }
    }
}

/// PAN-2012 predator identification (author level, global ids).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct PredatorMeasures {
    /// Where the truth came from: `predators file` or `labels groomer column`.
    pub truth: &'static str,
    /// Distinct authors in the measured conversations.
    pub authors: usize,
    /// Predators who write in the measured conversations.
    pub predators: usize,
    /// Listed predators who never write in the input (not counted).
    pub predators_not_in_input: usize,
    /// Authors who are `suspected_groomer` in at least one conversation.
    pub predicted: usize,
    #[serde(rename = "true_positives")]
    pub tp: usize,
    #[serde(rename = "false_positives")]
    pub fp: usize,
    #[serde(rename = "false_negatives")]
    pub fn_: usize,
    #[serde(rename = "true_negatives")]
    pub tn: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub f05: f64,
}

/// PAN-2012 predatory lines.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct LineMeasures {
    /// The band a conversation must reach for its lines to be predicted.
    pub band: &'static str,
    /// Truth lines in conversations of the input.
    pub truth_lines: usize,
    /// Truth lines of conversations not in the input (not counted).
    pub truth_lines_not_in_input: usize,
    pub predicted: usize,
    #[serde(rename = "true_positives")]
    pub tp: usize,
    #[serde(rename = "false_positives")]
    pub fp: usize,
    #[serde(rename = "false_negatives")]
    pub fn_: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub f3: f64,
}

/// Early detection (Vogt, Leser & Akbik 2021) at one point of the running score: the
/// first "high" alert (`early_detection`) or the first "medium" warning (`early_warning`).
/// A conversation is warned when it has the point; latency is the point's message index;
/// `latency_f1 = F1 x (1 - median penalty)`, `penalty(k) = -1 + 2 / (1 + exp(-p (k - 1)))`
/// over true positives.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct EarlyDetection {
    /// Which point warns: `first_alert_message` or `first_warning_message`.
    pub point: &'static str,
    /// Conversations where a warning was raised.
    pub warned: usize,
    #[serde(rename = "true_positives")]
    pub tp: usize,
    #[serde(rename = "false_positives")]
    pub fp: usize,
    #[serde(rename = "false_negatives")]
    pub fn_: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Messages read when the warning was raised, over true positives.
    pub latency_median: Option<f64>,
    pub latency_mean: Option<f64>,
    /// Median length of the measured conversations, in messages.
    pub median_length: Option<f64>,
    /// The penalty's p.
    pub p: f64,
    /// How p was chosen.
    pub p_rule: String,
    /// 1 - median penalty over true positives (0 when there are none).
    pub speed: f64,
    /// F1 x speed.
    pub latency_f1: f64,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct EvalReport {
    /// Where conversation labels came from: `labels file` or `predators file`.
    pub label_source: &'static str,
    pub conversations: usize,
    pub positives: usize,
    pub negatives: usize,
    /// Conversations in the input with no label (not measured).
    pub unlabelled: Vec<String>,
    /// Labels with no conversation in the input.
    pub missing: Vec<String>,
    pub by_band: Vec<Confusion>,
    pub roc_auc: f64,
    pub average_precision: f64,
    pub precision_at: BTreeMap<usize, f64>,
    /// Per conversation and participant: `suspected_groomer` against the labelled groomer.
    pub authors: Confusion,
    /// Share of grooming conversations whose highest-risk participant is the groomer.
    pub groomer_top_rate: f64,
    /// Positives that reached "high", and the messages read before the first alert.
    pub alerted_positives: usize,
    pub mean_first_alert: Option<f64>,
    pub median_first_alert: Option<f64>,
    /// Alert position as a share of the conversation length (mean).
    pub mean_first_alert_fraction: Option<f64>,
    /// PAN-2012 predator identification; absent when no predator is known.
    pub predators: Option<PredatorMeasures>,
    /// PAN-2012 predatory lines; absent without a predatory-lines file.
    pub predatory_lines: Option<LineMeasures>,
    pub early_detection: EarlyDetection,
    /// The same measures with the first "medium" warning as the point.
    pub early_warning: EarlyDetection,
    /// The trained model the run was scored with (`--model`), or null.
    pub model: Option<crate::detect::score::ModelInfo>,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// F-beta from precision and recall (0 when both are 0).
pub fn f_beta(p: f64, r: f64, beta: f64) -> f64 {
    let b2 = beta * beta;
    if p + r == 0.0 {
        0.0
    } else {
        (1.0 + b2) * p * r / (b2 * p + r)
    }
}

/// The median of a list (`None` when empty).
pub fn median(values: &[f64]) -> Option<f64> {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(v[n / 2]),
        _ => Some((v[n / 2 - 1] + v[n / 2]) / 2.0),
    }
}

fn mean(v: &[f64]) -> Option<f64> {
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

/// The eRisk latency penalty (Sadeque et al. 2018) of a decision taken after reading `k`
/// messages: `-1 + 2 / (1 + exp(-p (k - 1)))`; 0 at k = 1, approaching 1 as k grows.
pub fn penalty(k: f64, p: f64) -> f64 {
    -1.0 + 2.0 / (1.0 + (-p * (k - 1.0)).exp())
}

/// The eRisk convention for p: penalty(median length) = 0.5, so p = ln 3 / (m - 1).
/// Lengths of one message or less give p = ln 3 (penalty 0.5 at the second message).
pub fn erisk_p(median_length: f64) -> f64 {
    3f64.ln() / (median_length - 1.0).max(1.0)
}

/// ROC AUC by the Mann-Whitney statistic; ties count one half.
pub fn roc_auc(scored: &[(f64, bool)]) -> f64 {
    let pos: Vec<f64> = scored.iter().filter(|s| s.1).map(|s| s.0).collect();
    let neg: Vec<f64> = scored.iter().filter(|s| !s.1).map(|s| s.0).collect();
    if pos.is_empty() || neg.is_empty() {
        return 0.0;
    }
    let mut wins = 0.0;
    for p in &pos {
        for n in &neg {
            wins += if p > n {
                1.0
            } else if p == n {
                0.5
            } else {
                0.0
            };
        }
    }
    wins / (pos.len() * neg.len()) as f64
}

/// Average precision over a ranked list of labels (best first).
pub fn average_precision(ranked: &[bool]) -> f64 {
    let total = ranked.iter().filter(|x| **x).count();
    if total == 0 {
        return 0.0;
    }
    let mut hits = 0;
    let mut sum = 0.0;
    for (i, &y) in ranked.iter().enumerate() {
        if y {
            hits += 1;
            sum += hits as f64 / (i + 1) as f64;
        }
    }
    sum / total as f64
}

/// The label of one conversation: from the labels file (by key, then id), else derived
/// from the predators (grooming when any author is one; the groomer is the first
/// predator to write).
pub fn label_of(c: &Conversation, truth: &GroundTruth) -> Option<(String, Label)> {
    if let Some(labels) = &truth.labels {
        let found = labels
            .get(&c.key)
            .map(|l| (c.key.clone(), l.clone()))
            .or_else(|| labels.get(&c.id).map(|l| (c.id.clone(), l.clone())));
        // with both files, the predators file names the groomer the labels leave out
        return found.map(|(k, mut l)| {
            if l.grooming && l.groomer.is_none() {
                l.groomer = truth.predators.as_ref().and_then(|p| {
                    c.messages
                        .iter()
                        .find(|m| p.contains(&m.author))
                        .map(|m| m.author.clone())
                });
            }
            (k, l)
        });
    }
    let predators = truth.predators.as_ref()?;
    let groomer = c
        .messages
        .iter()
        .find(|m| predators.contains(&m.author))
        .map(|m| m.author.clone());
    Some((
        c.key.clone(),
        Label {
            grooming: groomer.is_some(),
            groomer,
            source: None,
        },
    ))
}

/// Measures a ranked run against the ground truth. `bands` are the thresholds the run was
/// scored with (for naming the rows).
pub fn evaluate(run: &RunResult, truth: &GroundTruth, bands: &Bands, opts: &Options) -> EvalReport {
    let mut found = BTreeSet::new();
    let mut unlabelled = Vec::new();
    // (score, band, label, conversation index) in rank order
    let mut measured = Vec::new();
    for (i, s) in run.conversations.iter().enumerate() {
        match label_of(&s.conversation, truth) {
            Some((k, l)) => {
                found.insert(k);
                measured.push((s.assessment.score, s.assessment.band, l, i));
            }
            None => unlabelled.push(s.conversation.key.clone()),
        }
    }
    let missing: Vec<String> = truth
        .labels
        .iter()
        .flat_map(|l| l.keys())
        .filter(|k| !found.contains(*k))
        .cloned()
        .collect();
    let positives = measured.iter().filter(|m| m.2.grooming).count();
    let negatives = measured.len() - positives;
    let by_band = [
        (Band::High, "high"),
        (Band::Medium, "medium"),
        (Band::Low, "low"),
    ]
    .iter()
    .map(|(band, name)| {
        let (mut tp, mut fp, mut fn_, mut tn) = (0, 0, 0, 0);
        for (_, b, l, _) in &measured {
            match (*b >= *band, l.grooming) {
                (true, true) => tp += 1,
                (true, false) => fp += 1,
                (false, true) => fn_ += 1,
                (false, false) => tn += 1,
            }
        }
        Confusion::new(
            &format!("{name} (score >= {})", band_threshold(bands, *band)),
            tp,
            fp,
            fn_,
            tn,
        )
    })
    .collect();
    let scored: Vec<(f64, bool)> = measured.iter().map(|m| (m.0, m.2.grooming)).collect();
    let ranked: Vec<bool> = measured.iter().map(|m| m.2.grooming).collect();
    let precision_at = opts
        .ks
        .iter()
        .map(|&k| {
            let n = k.min(ranked.len());
            (k, ratio(ranked[..n].iter().filter(|x| **x).count(), k))
        })
        .collect();
    // participants, per conversation
    let (mut tp, mut fp, mut fn_, mut tn) = (0, 0, 0, 0);
    let (mut top_right, mut top_total) = (0, 0);
    let mut latencies = Vec::new();
    let mut fractions = Vec::new();
    for (_, _, l, i) in &measured {
        let s = &run.conversations[*i];
        let groomer = l.groomer.as_deref().filter(|_| l.grooming);
        for p in &s.assessment.participants {
            let predicted = p.role == Role::SuspectedGroomer;
            let actual = groomer == Some(p.name.as_str());
            match (predicted, actual) {
                (true, true) => tp += 1,
                (true, false) => fp += 1,
                (false, true) => fn_ += 1,
                (false, false) => tn += 1,
            }
        }
        if let Some(g) = groomer {
            top_total += 1;
            let top = s
                .assessment
                .participants
                .iter()
                .max_by(|a, b| a.risk.total_cmp(&b.risk).then_with(|| b.name.cmp(&a.name)));
            if top.is_some_and(|p| p.name == g) {
                top_right += 1;
            }
        }
        if l.grooming
            && let Some(m) = s.assessment.first_alert_message
        {
            latencies.push(m as f64);
            fractions.push(m as f64 / s.conversation.messages.len().max(1) as f64);
        }
    }
    let indices: Vec<usize> = measured.iter().map(|m| m.3).collect();
    let labels: Vec<&Label> = measured.iter().map(|m| &m.2).collect();
    EvalReport {
        label_source: if truth.labels.is_some() {
            "labels file"
        } else {
            "predators file"
        },
        conversations: measured.len(),
        positives,
        negatives,
        unlabelled,
        missing,
        by_band,
        roc_auc: roc_auc(&scored),
        average_precision: average_precision(&ranked),
        precision_at,
        authors: Confusion::new("suspected_groomer role", tp, fp, fn_, tn),
        groomer_top_rate: ratio(top_right, top_total),
        alerted_positives: latencies.len(),
        mean_first_alert: mean(&latencies),
        median_first_alert: median(&latencies),
        mean_first_alert_fraction: mean(&fractions),
        predators: predator_measures(run, truth, &indices, &labels),
        predatory_lines: truth
            .lines
            .as_ref()
            .map(|lines| line_measures(run, lines, opts.line_band)),
        early_detection: early_detection(run, &indices, &labels, opts.latency_p, Point::Alert),
        early_warning: early_detection(run, &indices, &labels, opts.latency_p, Point::Warning),
        model: None,
    }
}

/// Author-level predator identification over the measured conversations (all of the
/// input when the truth is a predators file).
fn predator_measures(
    run: &RunResult,
    truth: &GroundTruth,
    measured: &[usize],
    labels: &[&Label],
) -> Option<PredatorMeasures> {
    let all: Vec<usize>;
    let (conversations, listed, source): (&[usize], BTreeSet<&str>, &'static str) =
        match &truth.predators {
            Some(p) => {
                all = (0..run.conversations.len()).collect();
                (
                    &all,
                    p.iter().map(String::as_str).collect(),
                    "predators file",
                )
            }
            None => {
                let named: BTreeSet<&str> = labels
                    .iter()
                    .filter(|l| l.grooming)
                    .filter_map(|l| l.groomer.as_deref())
                    .collect();
                if named.is_empty() {
                    return None;
                }
                (measured, named, "labels groomer column")
            }
        };
    let mut authors = BTreeSet::new();
    let mut predicted = BTreeSet::new();
    for &i in conversations {
        let s = &run.conversations[i];
        for m in &s.conversation.messages {
            if !m.author.is_empty() {
                authors.insert(m.author.as_str());
            }
        }
        for p in &s.assessment.participants {
            if p.role == Role::SuspectedGroomer && !p.name.is_empty() {
                predicted.insert(p.name.as_str());
            }
        }
    }
    let actual: BTreeSet<&str> = listed.intersection(&authors).copied().collect();
    let tp = predicted.intersection(&actual).count();
    let fp = predicted.len() - tp;
    let fn_ = actual.len() - tp;
    let (p, r) = (ratio(tp, tp + fp), ratio(tp, tp + fn_));
    Some(PredatorMeasures {
        truth: source,
        authors: authors.len(),
        predators: actual.len(),
        predators_not_in_input: listed.len() - actual.len(),
        predicted: predicted.len(),
        tp,
        fp,
        fn_,
        tn: authors.len() - tp - fp - fn_,
        precision: p,
        recall: r,
        f1: f_beta(p, r, 1.0),
        f05: f_beta(p, r, 0.5),
    })
}

/// The predicted predatory lines of one conversation: lines of messages with an indicator
/// hit (family excluded) written by a suspected groomer, when the band is at least `band`.
pub fn predicted_lines(s: &Scored, band: Band) -> BTreeSet<u64> {
    let a = &s.assessment;
    if a.band < band {
        return BTreeSet::new();
    }
    let suspects: BTreeSet<&str> = a
        .participants
        .iter()
        .filter(|p| p.role == Role::SuspectedGroomer)
        .map(|p| p.name.as_str())
        .collect();
    s.scan
        .hits
        .iter()
        .filter(|h| h.category != Category::Family)
        .map(|h| &s.conversation.messages[h.message])
        .filter(|m| suspects.contains(m.author.as_str()))
        .map(|m| m.line)
        .collect()
}

fn line_measures(run: &RunResult, truth: &PredatorLines, band: Band) -> LineMeasures {
    let keys: BTreeSet<&str> = run
        .conversations
        .iter()
        .map(|s| s.conversation.key.as_str())
        .collect();
    let mut predicted = BTreeSet::new();
    for s in &run.conversations {
        for line in predicted_lines(s, band) {
            predicted.insert((s.conversation.key.as_str(), line));
        }
    }
    let actual: BTreeSet<(&str, u64)> = truth
        .iter()
        .filter(|(k, _)| keys.contains(k.as_str()))
        .map(|(k, l)| (k.as_str(), *l))
        .collect();
    let tp = predicted.intersection(&actual).count();
    let fp = predicted.len() - tp;
    let fn_ = actual.len() - tp;
    let (p, r) = (ratio(tp, tp + fp), ratio(tp, tp + fn_));
    LineMeasures {
        band: band.name(),
        truth_lines: actual.len(),
        truth_lines_not_in_input: truth.len() - actual.len(),
        predicted: predicted.len(),
        tp,
        fp,
        fn_,
        precision: p,
        recall: r,
        f1: f_beta(p, r, 1.0),
        f3: f_beta(p, r, 3.0),
    }
}

/// Which running-score point raises a warning in early-detection measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Point {
    /// The first "high" (`first_alert_message`).
    Alert,
    /// The first "medium" (`first_warning_message`).
    Warning,
}

fn early_detection(
    run: &RunResult,
    measured: &[usize],
    labels: &[&Label],
    latency_p: Option<f64>,
    point: Point,
) -> EarlyDetection {
    let lengths: Vec<f64> = measured
        .iter()
        .map(|&i| run.conversations[i].conversation.messages.len() as f64)
        .collect();
    let median_length = median(&lengths);
    let (p, p_rule) = match latency_p {
        Some(p) => (p, "given (--latency-p)".to_string()),
        None => {
            let m = median_length.unwrap_or(1.0);
            (
                erisk_p(m),
                format!(
                    "eRisk convention: penalty = 0.5 at the median length ({m} messages), p = ln 3 / (m - 1)"
                ),
            )
        }
    };
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    let mut latencies = Vec::new();
    for (&i, l) in measured.iter().zip(labels) {
        let a = &run.conversations[i].assessment;
        let warning = match point {
            Point::Alert => a.first_alert_message,
            Point::Warning => a.first_warning_message,
        };
        match (warning, l.grooming) {
            (Some(k), true) => {
                tp += 1;
                latencies.push(k as f64);
            }
            (Some(_), false) => fp += 1,
            (None, true) => fn_ += 1,
            (None, false) => {}
        }
    }
    let (precision, recall) = (ratio(tp, tp + fp), ratio(tp, tp + fn_));
    let f1 = f_beta(precision, recall, 1.0);
    let penalties: Vec<f64> = latencies.iter().map(|&k| penalty(k, p)).collect();
    let speed = median(&penalties).map_or(0.0, |m| 1.0 - m);
    EarlyDetection {
        point: match point {
            Point::Alert => "first_alert_message",
            Point::Warning => "first_warning_message",
        },
        warned: tp + fp,
        tp,
        fp,
        fn_,
        precision,
        recall,
        f1,
        latency_median: median(&latencies),
        latency_mean: mean(&latencies),
        median_length,
        p,
        p_rule,
        speed,
        latency_f1: f1 * speed,
    }
}

fn band_threshold(b: &Bands, band: Band) -> f64 {
    match band {
        Band::High => b.high,
        Band::Medium => b.medium,
        Band::Low | Band::None => b.low,
    }
}

/// A plain-text summary of an evaluation.
pub fn write_table<W: io::Write>(out: &mut W, r: &EvalReport) -> io::Result<()> {
    writeln!(
        out,
        "conversations {} (grooming {}, benign {}; labels from the {})",
        r.conversations, r.positives, r.negatives, r.label_source
    )?;
    if let Some(m) = &r.model {
        writeln!(
            out,
            "scored with trained model {} (sha256 {})",
            m.path, m.sha256
        )?;
    }
    writeln!(
        out,
        "{:<28} {:>4} {:>4} {:>4} {:>4} {:>9} {:>6} {:>6} {:>6}",
        "threshold", "tp", "fp", "fn", "tn", "precision", "recall", "f1", "f0.5"
    )?;
    for c in r.by_band.iter().chain([&r.authors]) {
        writeln!(
            out,
            "{:<28} {:>4} {:>4} {:>4} {:>4} {:>9.3} {:>6.3} {:>6.3} {:>6.3}",
            c.threshold, c.tp, c.fp, c.fn_, c.tn, c.precision, c.recall, c.f1, c.f05
        )?;
    }
    writeln!(
        out,
        "ROC AUC {:.3}   average precision {:.3}",
        r.roc_auc, r.average_precision
    )?;
    for (k, p) in &r.precision_at {
        writeln!(out, "precision@{k} {p:.3}")?;
    }
    writeln!(
        out,
        "highest-risk participant is the labelled groomer: {:.3}",
        r.groomer_top_rate
    )?;
    match (r.mean_first_alert, r.median_first_alert) {
        (Some(mean), Some(median)) => writeln!(
            out,
            "first high alert on {} of {} positives: mean message {:.1}, median {:.1}, mean {:.0}% of the way in",
            r.alerted_positives,
            r.positives,
            mean,
            median,
            100.0 * r.mean_first_alert_fraction.unwrap_or(0.0)
        )?,
        _ => writeln!(out, "no positive reached the high band")?,
    }
    if let Some(p) = &r.predators {
        writeln!(
            out,
            "predators (PAN-2012, author level; truth from the {}): {} authors, {} predators, {} predicted; tp {} fp {} fn {}; precision {:.3} recall {:.3} f1 {:.3} f0.5 {:.3}",
            p.truth,
            p.authors,
            p.predators,
            p.predicted,
            p.tp,
            p.fp,
            p.fn_,
            p.precision,
            p.recall,
            p.f1,
            p.f05
        )?;
        if p.predators_not_in_input > 0 {
            writeln!(
                out,
                "  {} listed predator(s) never write in the input (not counted)",
                p.predators_not_in_input
            )?;
        }
    }
    if let Some(l) = &r.predatory_lines {
        writeln!(
            out,
            "predatory lines (PAN-2012; band >= {}): {} true, {} predicted; tp {} fp {} fn {}; precision {:.3} recall {:.3} f1 {:.3} f3 {:.3}",
            l.band,
            l.truth_lines,
            l.predicted,
            l.tp,
            l.fp,
            l.fn_,
            l.precision,
            l.recall,
            l.f1,
            l.f3
        )?;
        if l.truth_lines_not_in_input > 0 {
            writeln!(
                out,
                "  {} true line(s) belong to conversations not in the input (not counted)",
                l.truth_lines_not_in_input
            )?;
        }
    }
    for (e, what) in [
        (&r.early_detection, "warning = first high alert"),
        (&r.early_warning, "warning = first medium"),
    ] {
        writeln!(
            out,
            "early detection ({what}): {} warned; tp {} fp {} fn {}; precision {:.3} recall {:.3} f1 {:.3}",
            e.warned, e.tp, e.fp, e.fn_, e.precision, e.recall, e.f1
        )?;
        let latency = match (e.latency_median, e.latency_mean) {
            (Some(m), Some(a)) => format!("median {m:.1}, mean {a:.1} messages"),
            _ => "none (no true positive)".into(),
        };
        writeln!(
            out,
            "  warning latency {latency}; speed {:.3}; latency-weighted F1 {:.3} (p = {:.6}: {})",
            e.speed, e.latency_f1, e.p, e.p_rule
        )?;
    }
    if !r.unlabelled.is_empty() {
        writeln!(
            out,
            "unlabelled (not measured): {}",
            r.unlabelled.join(", ")
        )?;
    }
    if !r.missing.is_empty() {
        writeln!(
            out,
            "labels with no conversation in the input: {}",
            r.missing.join(", ")
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_worked_by_hand() {
        // ranked: + - + - ; AP = (1/1 + 2/3) / 2
        assert!(
            (average_precision(&[true, false, true, false]) - (1.0 + 2.0 / 3.0) / 2.0).abs()
                < 1e-12
        );
        assert_eq!(average_precision(&[false, false]), 0.0);
        // AUC: pos {0.9, 0.4}, neg {0.5, 0.4}: pairs 0.9>0.5, 0.9>0.4, 0.4<0.5, 0.4=0.4 -> 2.5/4
        let s = [(0.9, true), (0.4, true), (0.5, false), (0.4, false)];
        assert!((roc_auc(&s) - 0.625).abs() < 1e-12);
        // P = 0.5, R = 1: F1 = 2/3, F0.5 = 1.25*0.5/(0.25*0.5+1) = 0.5555...
        assert!((f_beta(0.5, 1.0, 1.0) - 2.0 / 3.0).abs() < 1e-12);
        assert!((f_beta(0.5, 1.0, 0.5) - 0.625 / 1.125).abs() < 1e-12);
        assert_eq!(f_beta(0.0, 0.0, 1.0), 0.0);
    }

    #[test]
    fn erisk_penalty_and_p() {
        // penalty(1) = 0; penalty(m) = 0.5 when p = ln 3 / (m - 1); penalty = tanh(p (k - 1) / 2).
        assert_eq!(penalty(1.0, 0.3), 0.0);
        let p = erisk_p(11.0);
        assert!((p - 3f64.ln() / 10.0).abs() < 1e-15);
        assert!((penalty(11.0, p) - 0.5).abs() < 1e-12);
        assert!((penalty(7.0, 0.2) - 0.6f64.tanh()).abs() < 1e-12);
        assert!((erisk_p(1.0) - 3f64.ln()).abs() < 1e-15);
        assert_eq!(median(&[3.0, 1.0, 2.0, 10.0]), Some(2.5));
        assert_eq!(median(&[]), None);
        // F3 = 10 P R / (9 P + R): P = 1/2, R = 1 -> 5 / 5.5
        assert!((f_beta(0.5, 1.0, 3.0) - 5.0 / 5.5).abs() < 1e-12);
    }

    #[test]
    fn pan_truth_files_parse() {
        let p = parse_predators("aa11\n\n  bb22  \n# comment\naa11\n");
        assert_eq!(p.into_iter().collect::<Vec<_>>(), ["aa11", "bb22"]);
        let l = parse_predator_lines("l.txt", "c1\t3\nc1 7\n\nc2   12\n").unwrap();
        assert_eq!(
            l.into_iter().collect::<Vec<_>>(),
            [("c1".into(), 3), ("c1".into(), 7), ("c2".into(), 12)]
        );
        let e = parse_predator_lines("l.txt", "c1\t3\nc1\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("l.txt:2"), "{e}");
        let e = parse_predator_lines("l.txt", "c1 x\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("l.txt:1") && e.contains("\"x\""), "{e}");
    }

    #[test]
    fn labels_parse_and_fail_with_line() {
        let l = parse_labels(
            "l.tsv",
            "conversation\tlabel\tgroomer\na\tgrooming\tJay\nb\tbenign\t\n\nc\t0\n",
        )
        .unwrap();
        assert_eq!(l.len(), 3);
        assert_eq!(
            l["a"],
            Label {
                grooming: true,
                groomer: Some("Jay".into()),
                source: None,
            }
        );
        assert!(!l["c"].grooming);
        // a header names the columns after the label
        let l = parse_labels("l.tsv", "conversation\tlabel\tsource\na\t1\tpj\n").unwrap();
        assert_eq!(
            l["a"],
            Label {
                grooming: true,
                groomer: None,
                source: Some("pj".into()),
            }
        );
        let e = parse_labels("l.tsv", "a\tmaybe\n").unwrap_err().to_string();
        assert!(e.contains("l.tsv:1") && e.contains("maybe"), "{e}");
    }
}
