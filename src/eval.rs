//! Evaluation against labels: reads a labels file (TSV: `conversation`, `label`,
//! `groomer`) and measures a ranked run the standard way. Conversation-level: precision,
//! recall, F1 and F0.5 at each band threshold, ROC AUC (Mann-Whitney, ties counted half),
//! average precision (over the ranked list), precision@k. Author-level: precision, recall,
//! F1 and F0.5 of `suspected_groomer` roles against labelled groomers, and how often the
//! highest-risk participant of a grooming conversation is its groomer. Early warning:
//! the message index of the first "high" alert on true positives.
//!
//! Scores come from the engine only; labels are read after scoring, to measure.

use crate::pipeline::RunResult;
use crate::score::{Band, Role, Weights};
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
}

/// Labels by conversation key (or id).
pub type Labels = BTreeMap<String, Label>;

/// Reads a labels TSV. The header line is optional; `label` is `grooming`/`1`/`true`/
/// `positive` or `benign`/`0`/`false`/`negative`.
pub fn read_labels(path: &Path) -> Result<Labels, crate::error::Error> {
    let text = std::fs::read_to_string(path).map_err(|e| crate::error::Error::Io {
        path: path.display().to_string(),
        source: e,
    })?;
    parse_labels(&path.display().to_string(), &text)
}

pub fn parse_labels(path: &str, text: &str) -> Result<Labels, crate::error::Error> {
    let mut labels = Labels::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if i == 0 && cols[0].trim().eq_ignore_ascii_case("conversation") {
            continue;
        }
        let bad = |m: String| crate::error::Error::Usage(format!("{path}:{}: {m}", i + 1));
        if cols.len() < 2 {
            return Err(bad("expected `conversation<TAB>label[<TAB>groomer]`".into()));
        }
        let grooming = match cols[1].trim().to_ascii_lowercase().as_str() {
            "grooming" | "1" | "true" | "positive" | "predator" => true,
            "benign" | "0" | "false" | "negative" => false,
            other => return Err(bad(format!("label {other:?} is not grooming or benign"))),
        };
        let groomer = cols
            .get(2)
            .map(|g| g.trim())
            .filter(|g| !g.is_empty())
            .map(str::to_string);
        labels.insert(cols[0].trim().to_string(), Label { grooming, groomer });
    }
    Ok(labels)
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Confusion {
    pub threshold: String,
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
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

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct EvalReport {
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
    pub authors: Confusion,
    /// Share of grooming conversations whose highest-risk participant is the groomer.
    pub groomer_top_rate: f64,
    /// Positives that reached "high", and the messages read before the first alert.
    pub alerted_positives: usize,
    pub mean_first_alert: Option<f64>,
    pub median_first_alert: Option<f64>,
    /// Alert position as a share of the conversation length (mean).
    pub mean_first_alert_fraction: Option<f64>,
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

/// Measures a ranked run against labels.
pub fn evaluate(run: &RunResult, labels: &Labels, weights: &Weights, ks: &[usize]) -> EvalReport {
    let mut found = BTreeSet::new();
    let mut unlabelled = Vec::new();
    // (score, band, is_positive, conversation index) in rank order
    let mut measured = Vec::new();
    for (i, s) in run.conversations.iter().enumerate() {
        let c = &s.conversation;
        match labels
            .get(&c.key)
            .map(|l| (&c.key, l))
            .or_else(|| labels.get(&c.id).map(|l| (&c.id, l)))
        {
            Some((k, l)) => {
                found.insert(k.clone());
                measured.push((s.assessment.score, s.assessment.band, l, i));
            }
            None => unlabelled.push(c.key.clone()),
        }
    }
    let missing: Vec<String> = labels
        .keys()
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
            &format!("{name} (score >= {})", band_threshold(weights, *band)),
            tp,
            fp,
            fn_,
            tn,
        )
    })
    .collect();
    let scored: Vec<(f64, bool)> = measured.iter().map(|m| (m.0, m.2.grooming)).collect();
    let ranked: Vec<bool> = measured.iter().map(|m| m.2.grooming).collect();
    let precision_at = ks
        .iter()
        .map(|&k| {
            let n = k.min(ranked.len());
            (k, ratio(ranked[..n].iter().filter(|x| **x).count(), k))
        })
        .collect();
    // authors
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
    latencies.sort_by(f64::total_cmp);
    let mean = |v: &[f64]| (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64);
    let median = (!latencies.is_empty()).then(|| {
        let n = latencies.len();
        if n % 2 == 1 {
            latencies[n / 2]
        } else {
            (latencies[n / 2 - 1] + latencies[n / 2]) / 2.0
        }
    });
    EvalReport {
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
        median_first_alert: median,
        mean_first_alert_fraction: mean(&fractions),
    }
}

fn band_threshold(w: &Weights, band: Band) -> f64 {
    match band {
        Band::High => w.bands.high,
        Band::Medium => w.bands.medium,
        Band::Low | Band::None => w.bands.low,
    }
}

/// A plain-text summary of an evaluation.
pub fn write_table<W: io::Write>(out: &mut W, r: &EvalReport) -> io::Result<()> {
    writeln!(
        out,
        "conversations {} (grooming {}, benign {})",
        r.conversations, r.positives, r.negatives
    )?;
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
                groomer: Some("Jay".into())
            }
        );
        assert!(!l["c"].grooming);
        let e = parse_labels("l.tsv", "a\tmaybe\n").unwrap_err().to_string();
        assert!(e.contains("l.tsv:1") && e.contains("maybe"), "{e}");
    }
}
