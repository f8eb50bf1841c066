//! Ranking on the labelled dev set (`corpora/dev`, hand-written: a regression set, not a
//! measure of accuracy). Orderings that matter to the people who read the list.

use crate::util::scan_json;
use serde_json::Value;

fn dev() -> Value {
    let (doc, code) = scan_json(&["corpora/dev"]);
    assert_eq!(code, 0, "dev set reads cleanly: {}", doc["errors"]);
    doc
}

fn by_title<'a>(doc: &'a Value, title: &str) -> &'a Value {
    doc["conversations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["title"] == title)
        .unwrap_or_else(|| panic!("{title} not found"))
}

fn rank(doc: &Value, title: &str) -> u64 {
    by_title(doc, title)["rank"].as_u64().unwrap()
}

#[test]
fn adult_asking_a_minor_outranks_peers_which_outrank_a_parent() {
    let doc = dev();
    // dev-w47: a 25-year-old asks a 15-year-old for pictures and to meet.
    // dev-w10: two 15-year-old classmates swapping pictures.
    // dev-w34: a parent arranging a pick-up from the station.
    let (groomer, peers, parent) = (
        rank(&doc, "dev-w47"),
        rank(&doc, "dev-w10"),
        rank(&doc, "dev-w34"),
    );
    assert!(
        groomer < peers && peers < parent,
        "ranks: groomer {groomer}, peers {peers}, parent {parent}"
    );
    let c = by_title(&doc, "dev-w47");
    assert_eq!(c["band"], "high");
    let gap = &c["age_gap"];
    assert_eq!(
        (
            gap["older"].as_str(),
            gap["older_age"].as_u64(),
            gap["younger"].as_str(),
            gap["younger_age"].as_u64()
        ),
        (Some("Rhys"), Some(25), Some("Tia"), Some(15))
    );
    let participants = c["participants"].as_array().unwrap();
    let top = participants
        .iter()
        .max_by(|a, b| {
            a["risk"]
                .as_f64()
                .unwrap()
                .total_cmp(&b["risk"].as_f64().unwrap())
        })
        .unwrap();
    assert_eq!(top["name"], "Rhys");
    assert_eq!(top["role"], "suspected_groomer");
}

#[test]
fn groomers_are_the_highest_risk_participant() {
    let doc = dev();
    let labels =
        std::fs::read_to_string(crate::util::root().join("corpora/dev-labels.tsv")).unwrap();
    let mut right = 0;
    let mut total = 0;
    for line in labels.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.get(1) != Some(&"grooming") {
            continue;
        }
        total += 1;
        let c = by_title(&doc, cols[0]);
        let top = c["participants"]
            .as_array()
            .unwrap()
            .iter()
            .max_by(|a, b| {
                a["risk"]
                    .as_f64()
                    .unwrap()
                    .total_cmp(&b["risk"].as_f64().unwrap())
            })
            .unwrap();
        if top["name"] == cols[2] {
            right += 1;
        }
    }
    assert!(total >= 20);
    assert!(
        right * 10 >= total * 9,
        "groomer is the top-risk participant in only {right} of {total}"
    );
}

#[test]
fn every_part_of_every_score_points_at_messages() {
    let doc = dev();
    for c in doc["conversations"].as_array().unwrap() {
        let n = c["messages"].as_u64().unwrap();
        let parts = c["explanation"]["parts"].as_array().unwrap();
        let sum: f64 = c["explanation"]["bias"].as_f64().unwrap()
            + parts
                .iter()
                .map(|p| p["value"].as_f64().unwrap())
                .sum::<f64>();
        assert!(
            (sum - c["explanation"]["logit"].as_f64().unwrap()).abs() < 1e-6,
            "{}",
            c["title"]
        );
        for p in parts {
            let feature = p["feature"].as_str().unwrap();
            let msgs = p["messages"].as_array().unwrap();
            if feature.starts_with("category:") || feature == "age_gap" || feature == "escalation" {
                assert!(!msgs.is_empty(), "{} {feature} has no messages", c["title"]);
            }
            for m in msgs {
                let m = m.as_u64().unwrap();
                assert!(
                    (1..=n).contains(&m),
                    "{} {feature} -> message {m} of {n}",
                    c["title"]
                );
            }
        }
    }
}

#[test]
fn eval_reports_standard_measures_as_json() {
    let out = crate::util::groomscan(&[
        "eval",
        "--format",
        "json",
        "--labels",
        "corpora/dev-labels.tsv",
        "corpora/dev",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let labels =
        std::fs::read_to_string(crate::util::root().join("corpora/dev-labels.tsv")).unwrap();
    let positives = labels
        .lines()
        .filter(|l| l.split('\t').nth(1) == Some("grooming"))
        .count() as u64;
    assert_eq!(r["positives"].as_u64(), Some(positives));
    assert_eq!(
        r["conversations"].as_u64(),
        Some(labels.lines().count() as u64 - 1)
    );
    assert!(
        r["missing"].as_array().unwrap().is_empty()
            && r["unlabelled"].as_array().unwrap().is_empty()
    );
    for band in r["by_band"].as_array().unwrap() {
        let (tp, fp, fn_) = (
            band["true_positives"].as_f64().unwrap(),
            band["false_positives"].as_f64().unwrap(),
            band["false_negatives"].as_f64().unwrap(),
        );
        let p = if tp + fp > 0.0 { tp / (tp + fp) } else { 0.0 };
        assert!((band["precision"].as_f64().unwrap() - p).abs() < 1e-9);
        assert!((band["recall"].as_f64().unwrap() - tp / (tp + fn_)).abs() < 1e-9);
    }
    for key in ["roc_auc", "average_precision", "groomer_top_rate"] {
        let v = r[key].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&v), "{key} = {v}");
    }
    assert!(r["precision_at"]["5"].is_number());
}

/// Text with no authorship (a forensic CSV with a text column only) must still rank: the
/// stated ages and directed features add where they exist, they are not prerequisites.
#[test]
fn text_only_exports_still_rank_the_grooming_chat_first() {
    let dir = crate::util::scratch();
    for name in [
        "grooming_pattern",
        "parent_pickup",
        "classmates",
        "adult_group",
    ] {
        let text =
            std::fs::read_to_string(crate::util::root().join(format!("corpora/demo/{name}.txt")))
                .unwrap();
        let mut csv = String::from("text\n");
        for line in text.lines() {
            // keep only the message text after "Author: "
            let body = line.split_once(": ").map_or(line, |(_, b)| b);
            csv.push('"');
            csv.push_str(&body.replace('"', "\"\""));
            csv.push_str("\"\n");
        }
        std::fs::write(dir.path().join(format!("{name}.csv")), csv).unwrap();
    }
    let (doc, _) = crate::util::scan_json(&["--input-format", "csv", dir.path().to_str().unwrap()]);
    let convs = doc["conversations"].as_array().unwrap();
    assert_eq!(convs.len(), 4, "{}", doc["errors"]);
    assert_eq!(convs[0]["title"], "grooming_pattern");
    assert!(
        convs[0]["score"].as_f64().unwrap() > convs[1]["score"].as_f64().unwrap() + 0.2,
        "{:?}",
        convs
            .iter()
            .map(|c| (&c["title"], &c["score"]))
            .collect::<Vec<_>>()
    );
}
