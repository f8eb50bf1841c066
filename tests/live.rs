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
    }
}

fn live_equals_batch(choice: ModelChoice) {
    let engine = Engine::load(None, &choice).unwrap();
    let scorer = engine.scorer();
    let run = pipeline::run_with(&bundled(), &engine.lexicon, &scorer);
    assert!(run.conversations.len() > 60, "the demo and dev chats are read");
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
    assert!(warned > 10, "enough flagged chats to compare points ({warned})");
}

#[test]
fn live_reading_ends_as_the_scan_does_with_the_shipped_model() {
    live_equals_batch(ModelChoice::Shipped);
}

#[test]
fn live_reading_ends_as_the_scan_does_with_the_lexicon_alone() {
    live_equals_batch(ModelChoice::LexiconOnly);
}
