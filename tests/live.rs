//! The live reader against the batch scan: every bundled demo and dev conversation read
//! one message at a time ends with the batch's score, band and first points, under the
//! shipped model and the lexicon alone.

use groomscan::app::{Engine, ModelChoice};
use groomscan::detect::live::Monitor;
use groomscan::detect::score::{Band, FirstPoints};
use groomscan::pipeline::{self, Config};
use std::path::PathBuf;

fn bundled() -> Config {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    Config {
        paths: vec![root.join("corpora/demo"), root.join("corpora/dev")],
        ingest: Default::default(),
        walk: Default::default(),
        errors: Vec::new(),
    }
}

fn live_equals_batch(choice: ModelChoice) {
    let engine = Engine::load(None, &choice).unwrap();
    let scorer = engine.scorer();
    let run = pipeline::run_with(&bundled(), &engine.lexicon, &scorer);
    assert!(
        run.conversations.len() > 60,
        "the demo and dev chats are read"
    );
    let mut warned = 0;
    for s in &run.conversations {
        let c = &s.conversation;
        let mut live = Monitor::new(scorer, &engine.lexicon, &c.authors());
        let mut last = None;
        for m in &c.messages {
            last = Some(live.push(m.clone()));
        }
        let Some(last) = last else { continue };
        let a = &s.assessment;
        assert!(
            (last.score - a.score).abs() < 1e-9,
            "{}: live {} batch {}",
            c.source,
            last.score,
            a.score
        );
        assert_eq!(last.band, a.band, "{}", c.source);
        let kept = FirstPoints {
            warning: last.first_warning_message,
            alert: last.first_alert_message,
        }
        .within(a.band);
        assert_eq!(kept.warning, a.first_warning_message, "{}", c.source);
        assert_eq!(kept.alert, a.first_alert_message, "{}", c.source);
        assert_eq!(live.scan().hits, s.scan.hits, "{}", c.source);
        warned += usize::from(a.band >= Band::Medium);
    }
    assert!(
        warned > 10,
        "enough flagged chats to compare points ({warned})"
    );
}

#[test]
fn live_reading_ends_as_the_scan_does_with_the_shipped_model() {
    live_equals_batch(ModelChoice::Shipped);
}

#[test]
fn live_reading_ends_as_the_scan_does_with_the_lexicon_alone() {
    live_equals_batch(ModelChoice::LexiconOnly);
}

/// Hand-written chats (ours, content rule; not a quality claim) with the message a
/// reviewer marks as the first risk indicator: the warning comes within 5 messages of it
/// in every grooming chat, never before it, and no hard negative (a parent's pick-up, pupils
/// swapping homework photos, a coach's group, adults dating) is warned about.
#[test]
fn warnings_come_within_five_messages_of_the_first_risk() {
    let dir = crate::util::root().join("tests/data/early-warning");
    let expected = std::fs::read_to_string(dir.join("expected.tsv")).unwrap();
    let (json, _) = crate::util::scan_json(&[dir.join("chats.jsonl").to_str().unwrap()]);
    let conversations = json["conversations"].as_array().unwrap();
    let mut checked = 0;
    for row in expected.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = row.split('\t').collect();
        let c = conversations
            .iter()
            .find(|c| c["title"] == f[0])
            .unwrap_or_else(|| panic!("{} not in the report", f[0]));
        let warning = c["first_warning_message"].as_u64();
        match f[1] {
            "grooming" => {
                let risk: u64 = f[2].parse().unwrap();
                let w = warning.unwrap_or_else(|| panic!("{}: no warning", f[0]));
                assert!(
                    (risk..=risk + 5).contains(&w),
                    "{}: warning at {w}, first risk at {risk}",
                    f[0]
                );
                assert_eq!(c["first_warning"]["message"].as_u64(), Some(w));
            }
            _ => assert_eq!(warning, None, "{}: a hard negative warned", f[0]),
        }
        checked += 1;
    }
    assert_eq!(
        checked,
        conversations.len(),
        "every chat has an expectation"
    );
}
