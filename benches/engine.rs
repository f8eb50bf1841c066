//! Criterion benches for the engine's hot paths, on the bundled demo chats repeated to a
//! realistic size, and per message on generated chats (`synth`, the mix `scan` sees at
//! scale: mostly ordinary talk, a few emoji, few hits), and on hostile input that must
//! stay linear (`hostile`: a phrase repeated thousands of times, an element with 100,000
//! attributes). Each bench checks its expected result inside the timed loop, so a faster
//! but wrong change fails instead of looking good.

use criterion::{Criterion, Throughput, black_box, criterion_group, criterion_main};
use groomscan::detect::lexicon::{LanguageSet, Lexicon};
use groomscan::detect::normalize::{Normalizer, normalize};
use groomscan::detect::score::Weights;
use groomscan::ingest::{self, IngestOptions, Source};
use std::path::Path;

fn demo_text() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/demo");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    names
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect::<Vec<_>>()
        .join("")
}

fn benches(c: &mut Criterion) {
    let lexicon = Lexicon::builtin().unwrap();
    let weights = Weights::for_lexicon(&lexicon).unwrap();
    let one = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/demo/grooming_pattern.txt"),
    )
    .unwrap();
    let big = one.repeat(200);
    let text = demo_text();

    let mut g = c.benchmark_group("normalize");
    g.throughput(Throughput::Bytes(text.len() as u64));
    let expected = normalize(&text).text.len();
    g.bench_function("demo_text", |b| {
        b.iter(|| assert_eq!(normalize(black_box(&text)).text.len(), expected))
    });
    g.finish();

    let mut g = c.benchmark_group("whatsapp_parse");
    g.throughput(Throughput::Bytes(big.len() as u64));
    let source = Source {
        path: Path::new("x.txt"),
        display: "x.txt",
        bytes: big.as_bytes(),
    };
    let opts = IngestOptions::default();
    let count = ingest::whatsapp::parse(&source, &opts)
        .unwrap()
        .conversations[0]
        .messages
        .len();
    g.bench_function("grooming_pattern_x200", |b| {
        b.iter(|| {
            let p = ingest::whatsapp::parse(black_box(&source), &opts).unwrap();
            assert_eq!(p.conversations[0].messages.len(), count);
        })
    });
    g.finish();

    let parsed = ingest::whatsapp::parse(&source, &opts).unwrap();
    let conversation = groomscan::model::Conversation {
        id: "x".into(),
        key: "x".into(),
        title: "x".into(),
        source: "x.txt".into(),
        format: groomscan::model::Format::Whatsapp,
        messages: parsed.conversations[0].messages.clone(),
        merged: None,
    };
    let hits = groomscan::detect::scan::scan(&conversation, &lexicon)
        .hits
        .len();
    let mut g = c.benchmark_group("scan");
    g.throughput(Throughput::Bytes(big.len() as u64));
    g.bench_function("lexicon_scan_grooming_pattern_x200", |b| {
        b.iter(|| {
            assert_eq!(
                groomscan::detect::scan::scan(black_box(&conversation), &lexicon)
                    .hits
                    .len(),
                hits
            )
        })
    });
    g.finish();

    // The same phrases as one RegexSet (word-bounded), to measure why the lexicon keeps
    // regexes few: aho-corasick finds the phrases, regexes only run for a handful of
    // entries.
    let normalized: Vec<String> = conversation
        .messages
        .iter()
        .map(|m| normalize(&m.text).text)
        .collect();
    let phrases: Vec<String> = lexicon
        .entries()
        .iter()
        .flat_map(|e| {
            e.phrases
                .iter()
                .map(|p| format!(r"\b{}\b", regex::escape(&normalize(p).text)))
        })
        .collect();
    let set = regex::RegexSetBuilder::new(&phrases)
        .size_limit(1 << 30)
        .dfa_size_limit(1 << 30)
        .build()
        .unwrap();
    let bytes: usize = normalized.iter().map(String::len).sum();
    let mut g = c.benchmark_group("phrase_matching_normalized_text");
    g.throughput(Throughput::Bytes(bytes as u64));
    let mut raw = Vec::new();
    let ac_hits: usize = normalized
        .iter()
        .map(|t| {
            raw.clear();
            lexicon.find(t, LanguageSet::ALL, &mut raw);
            raw.len()
        })
        .sum();
    g.bench_function("aho_corasick_lexicon", |b| {
        b.iter(|| {
            let mut raw = Vec::new();
            let n: usize = normalized
                .iter()
                .map(|t| {
                    raw.clear();
                    lexicon.find(black_box(t), LanguageSet::ALL, &mut raw);
                    raw.len()
                })
                .sum();
            assert_eq!(n, ac_hits);
        })
    });
    let set_msgs = normalized.iter().filter(|t| set.is_match(t)).count();
    g.bench_function("regex_set_same_phrases", |b| {
        b.iter(|| {
            assert_eq!(
                normalized
                    .iter()
                    .filter(|t| set.is_match(black_box(t)))
                    .count(),
                set_msgs
            )
        })
    });
    g.finish();

    let scan = groomscan::detect::scan::scan(&conversation, &lexicon);
    let score = groomscan::detect::score::assess(&conversation, &scan, &lexicon, &weights).score;
    c.bench_function("score_conversation_6600_messages", |b| {
        b.iter(|| {
            let a = groomscan::detect::score::assess(
                black_box(&conversation),
                &scan,
                &lexicon,
                &weights,
            );
            assert_eq!(a.score, score);
        })
    });
}

/// Generated conversations as the scanner sees them.
fn generated(count: u64) -> Vec<groomscan::model::Conversation> {
    (0..count)
        .map(|i| {
            let s = groomscan::synth::conversation(3, i);
            groomscan::model::Conversation {
                id: s.key.clone(),
                key: s.key.clone(),
                title: s.key.clone(),
                source: "synth".into(),
                format: groomscan::model::Format::Jsonl,
                messages: s
                    .events
                    .iter()
                    .filter(|e| !e.deleted)
                    .enumerate()
                    .map(|(line, e)| groomscan::model::Message {
                        author: s.people[e.author].name.clone(),
                        time: None,
                        time_raw: String::new(),
                        text: e.text.clone(),
                        line: line as u64 + 1,
                        deleted: false,
                    })
                    .collect(),
                merged: None,
            }
        })
        .collect()
}

/// Per-message costs on generated chats: normalising, the lexicon, stated ages, and the
/// whole scan.
fn per_message(c: &mut Criterion) {
    let lexicon = Lexicon::builtin().unwrap();
    let conversations = generated(400);
    let texts: Vec<&str> = conversations
        .iter()
        .flat_map(|c| c.messages.iter().map(|m| m.text.as_str()))
        .collect();
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    let normalized: Vec<String> = texts.iter().map(|t| normalize(t).text).collect();
    let norm_bytes: usize = normalized.iter().map(String::len).sum();
    let mut g = c.benchmark_group("generated_messages");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("normalize", |b| {
        b.iter(|| {
            let n: usize = texts
                .iter()
                .map(|t| normalize(black_box(t)).text.len())
                .sum();
            assert_eq!(n, norm_bytes);
        })
    });
    g.bench_function("normalizer_reused", |b| {
        let mut normalizer = Normalizer::default();
        b.iter(|| {
            let n: usize = texts
                .iter()
                .map(|t| normalizer.normalize(black_box(t)).text.len())
                .sum();
            assert_eq!(n, norm_bytes);
        })
    });
    let hits: usize = conversations
        .iter()
        .map(|c| groomscan::detect::scan::scan(c, &lexicon).hits.len())
        .sum();
    let ages: usize = conversations
        .iter()
        .map(|c| groomscan::detect::scan::scan(c, &lexicon).ages.len())
        .sum();
    g.bench_function("scan", |b| {
        b.iter(|| {
            let (mut h, mut a) = (0, 0);
            for c in &conversations {
                let r = groomscan::detect::scan::scan(black_box(c), &lexicon);
                h += r.hits.len();
                a += r.ages.len();
            }
            assert_eq!((h, a), (hits, ages));
        })
    });
    g.throughput(Throughput::Bytes(norm_bytes as u64));
    let mut raw = Vec::new();
    let found: usize = normalized
        .iter()
        .map(|t| {
            raw.clear();
            lexicon.find(t, LanguageSet::ALL, &mut raw);
            raw.len()
        })
        .sum();
    g.bench_function("lexicon_find", |b| {
        b.iter(|| {
            let mut raw = Vec::new();
            let n: usize = normalized
                .iter()
                .map(|t| {
                    raw.clear();
                    lexicon.find(black_box(t), LanguageSet::ALL, &mut raw);
                    raw.len()
                })
                .sum();
            assert_eq!(n, found);
        })
    });
    // The age patterns read the normalised text and, for heights, the original.
    let with_original: Vec<(groomscan::detect::normalize::Normalized, &str)> =
        texts.iter().map(|t| (normalize(t), *t)).collect();
    let age_count = |texts: &[(groomscan::detect::normalize::Normalized, &str)]| -> usize {
        texts
            .iter()
            .map(|(n, original)| {
                let t = groomscan::detect::ages::Text::new(black_box(n), original);
                groomscan::detect::ages::find(t).len()
                    + groomscan::detect::ages::find_other(t).len()
                    + usize::from(groomscan::detect::ages::asks_age(t.text))
            })
            .sum()
    };
    let expected = age_count(&with_original);
    g.bench_function("ages", |b| {
        b.iter(|| assert_eq!(age_count(&with_original), expected))
    });
    // As `scan` runs them: one screening pass first.
    let screened = |texts: &[(groomscan::detect::normalize::Normalized, &str)]| -> usize {
        texts
            .iter()
            .filter(|(n, _)| groomscan::detect::ages::may_mention_age(black_box(&n.text)))
            .map(|(n, original)| {
                let t = groomscan::detect::ages::Text::new(n, original);
                groomscan::detect::ages::find(t).len()
                    + groomscan::detect::ages::find_other(t).len()
                    + usize::from(groomscan::detect::ages::asks_age(t.text))
            })
            .sum()
    };
    g.bench_function("ages_screened", |b| {
        b.iter(|| assert_eq!(screened(&with_original), expected))
    });
    g.finish();
}

/// A conversation of one message: `text`, by one author.
fn one_message(text: String) -> groomscan::model::Conversation {
    groomscan::model::Conversation {
        id: "x".into(),
        key: "x".into(),
        title: "x".into(),
        source: "x.txt".into(),
        format: groomscan::model::Format::Whatsapp,
        messages: vec![groomscan::model::Message {
            author: "Sam".into(),
            time: None,
            time_raw: String::new(),
            text,
            line: 1,
            deleted: false,
        }],
        merged: None,
    }
}

/// Issue 14, failure 7: hostile input must cost time in proportion to its size. One
/// message repeating an indicator phrase 4,000 and 8,000 times (56 and 112 KB; scanned and
/// scored, as `scan` does), and an SMS backup element with 25,000 to 100,000 attributes
/// (parsed). Doubling the input should double the time, not quadruple it.
fn hostile(c: &mut Criterion) {
    let lexicon = Lexicon::builtin().unwrap();
    let weights = Weights::for_lexicon(&lexicon).unwrap();
    let phrase = "send me a pic ";
    let mut g = c.benchmark_group("repeated_phrase");
    g.sample_size(10);
    for times in [4_000usize, 8_000] {
        let conversation = one_message(phrase.repeat(times));
        g.throughput(Throughput::Bytes(conversation.messages[0].text.len() as u64));
        g.bench_function(format!("scan_and_score_x{times}"), |b| {
            b.iter(|| {
                let s = groomscan::pipeline::score_one(
                    black_box(conversation.clone()),
                    &lexicon,
                    &weights,
                );
                assert_eq!(s.scan.hits.len(), times);
            })
        });
    }
    g.finish();

    let mut g = c.benchmark_group("wide_xml");
    g.sample_size(10);
    for attributes in [25_000usize, 50_000, 100_000] {
        let mut xml = String::from("<?xml version='1.0'?>\n<smses count=\"1\">\n<sms ");
        for i in 0..attributes {
            xml.push_str(&format!("x{i}=\"1\" "));
        }
        xml.push_str("address=\"+15550000001\" date=\"1617873247692\" type=\"1\" body=\"hello\" />\n</smses>\n");
        let source = Source {
            path: Path::new("sms.xml"),
            display: "sms.xml",
            bytes: xml.as_bytes(),
        };
        let opts = IngestOptions::default();
        g.throughput(Throughput::Bytes(xml.len() as u64));
        g.bench_function(format!("sms_backup_{attributes}_attributes"), |b| {
            b.iter(|| {
                let p = ingest::sms_xml::parse(black_box(&source), &opts).unwrap();
                assert_eq!(p.conversations.len(), 1);
                assert_eq!(p.conversations[0].messages.len(), 1);
            })
        });
    }
    g.finish();
}

criterion_group!(engine, benches, per_message, hostile);
criterion_main!(engine);
