//! `groomscan train` and `--model` end to end through the real binary: a model trained on
//! one synthetic corpus is applied to another seed's corpus; the output names the model's
//! hash; training is deterministic for a seed; explanations still sum to the logit and name
//! the messages behind the n-grams. Synthetic chats are template-built: nothing measured
//! here is a claim about accuracy.

use crate::util::{groomscan, scan_json, scratch};
use serde_json::Value;
use std::path::{Path, PathBuf};

pub fn synth(out: &Path, n: u64, seed: u64) {
    let run = groomscan(&[
        "synth",
        "--out",
        out.to_str().unwrap(),
        "--conversations",
        &n.to_string(),
        "--seed",
        &seed.to_string(),
        "--format",
        "jsonl",
    ]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

/// Trains on `corpus` (a synth folder) and returns the model path and stdout.
pub fn train(corpus: &Path, model: &Path, extra: &[&str]) -> String {
    let labels = corpus.join("labels.tsv");
    let chats = corpus.join("chats");
    let mut args = vec![
        "train",
        "--labels",
        labels.to_str().unwrap(),
        chats.to_str().unwrap(),
        "-o",
        model.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let out = groomscan(&args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

struct Fixture {
    _dir: tempfile::TempDir,
    train_set: PathBuf,
    test_set: PathBuf,
    model: PathBuf,
}

/// The two sets and the model trained on the first, built once for every test that asks
/// (training is the slow part). Tests only read them, and write beside them under names
/// of their own.
fn fixture() -> &'static Fixture {
    static FIXTURE: std::sync::LazyLock<Fixture> = std::sync::LazyLock::new(build_fixture);
    &FIXTURE
}

fn build_fixture() -> Fixture {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("temp dir");
    let train_set = dir.path().join("train");
    let test_set = dir.path().join("test");
    synth(&train_set, 150, 1);
    synth(&test_set, 120, 2);
    let model = dir.path().join("model.json");
    train(&train_set, &model, &["--l2", "1e-4"]);
    Fixture {
        _dir: dir,
        train_set,
        test_set,
        model,
    }
}

pub fn sha256(path: &Path) -> String {
    groomscan::hash::sha256_hex(&std::fs::read(path).unwrap())
}

#[test]
fn training_is_deterministic_and_converges() {
    let f = fixture();
    let again = f.model.with_file_name("again.json");
    let stdout = train(&f.train_set, &again, &["--l2", "1e-4", "--threads", "1"]);
    assert_eq!(
        std::fs::read(&f.model).unwrap(),
        std::fs::read(&again).unwrap(),
        "same data and options, any thread count: same model bytes"
    );
    assert!(stdout.contains(&sha256(&again)), "{stdout}");
    assert!(stdout.contains(" converged in "), "{stdout}");
    let other = f.model.with_file_name("other.json");
    train(&f.train_set, &other, &["--l2", "1e-3"]);
    assert_ne!(
        sha256(&f.model),
        sha256(&other),
        "another regularisation, another model"
    );
    // The file says what it is and what it was trained on.
    let m: Value = serde_json::from_slice(&std::fs::read(&f.model).unwrap()).unwrap();
    assert_eq!(m["schema"], "groomscan.model/2");
    assert_eq!(m["training"]["l2"], 1e-4);
    assert_eq!(m["training"]["converged"], true);
    let (g, g0) = (
        m["training"]["grad_norm"].as_f64().unwrap(),
        m["training"]["grad_norm0"].as_f64().unwrap(),
    );
    assert!(
        g <= 1e-5 * g0.max(1.0),
        "stopped on the gradient rule: {g} vs {g0}"
    );
    assert_eq!(m["training"]["conversations"], 150);
    let labels = f.train_set.join("labels.tsv");
    assert_eq!(m["training"]["truth"][0]["sha256"], sha256(&labels));
    let inputs = m["training"]["inputs"].as_array().unwrap();
    assert_eq!(inputs.len(), 1);
    assert_eq!(
        inputs[0]["sha256"],
        sha256(&f.train_set.join("chats/part-00000.jsonl"))
    );
    assert_eq!(m["text"]["bits"], 18);
    assert_eq!(m["text"]["char_wb"], serde_json::json!([2, 5]));
    // engine features: standardised, never `length`, never a constant one
    let engine = m["engine"].as_array().unwrap();
    assert!(!engine.is_empty() && engine.len() < 24, "{}", engine.len());
    for f in engine {
        assert_ne!(f["name"], "length");
        assert!(f["std"].as_f64().unwrap() > 0.0, "{f}");
    }
}

#[test]
fn a_model_trained_on_one_set_scores_another_and_names_its_hash() {
    let f = fixture();
    let hash = sha256(&f.model);
    let chats = f.test_set.join("chats");
    let (doc, code) = scan_json(&[
        "--model",
        f.model.to_str().unwrap(),
        chats.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{}", doc["errors"]);
    assert_eq!(doc["model"]["sha256"], hash.as_str());
    assert_eq!(doc["model"]["schema"], "groomscan.model/2");
    let convs = doc["conversations"].as_array().unwrap();
    assert_eq!(convs.len(), 120);
    // The bands come from the model file.
    let m: Value = serde_json::from_slice(&std::fs::read(&f.model).unwrap()).unwrap();
    let high = m["bands"]["high"].as_f64().unwrap();
    let mut ngram_parts = 0;
    for c in convs {
        // (scores are rounded to 4 decimals in JSON)
        let score = c["score"].as_f64().unwrap();
        if c["band"] == "high" {
            assert!(score >= high - 1e-4, "{}", c["id"]);
        } else {
            assert!(score <= high + 1e-4, "{}", c["id"]);
        }
        let e = &c["explanation"];
        let parts = e["parts"].as_array().unwrap();
        let sum: f64 = e["bias"].as_f64().unwrap()
            + parts
                .iter()
                .map(|p| p["value"].as_f64().unwrap())
                .sum::<f64>();
        assert!(
            (sum - e["logit"].as_f64().unwrap()).abs() < 1e-6,
            "{}",
            c["id"]
        );
        // the explanation's bias is the model's with the engine features at zero
        assert!(e["bias"].is_number());
        // Named n-grams point at messages that contain them.
        let n = c["messages"].as_u64().unwrap();
        for p in parts {
            let feature = p["feature"].as_str().unwrap();
            let Some(gram) = feature.strip_prefix("ngram:w:") else {
                continue;
            };
            ngram_parts += 1;
            let msgs = p["messages"].as_array().unwrap();
            assert!(!msgs.is_empty(), "{feature}");
            for m in msgs {
                assert!((1..=n).contains(&m.as_u64().unwrap()));
            }
            assert!(p["detail"].as_str().unwrap().contains(gram), "{p}");
        }
    }
    assert!(ngram_parts > 0, "some explanation names a word n-gram");
    // The grooming chats rank above the rest (template data: an easy task, a smoke test).
    let labels = std::fs::read_to_string(f.test_set.join("labels.tsv")).unwrap();
    let positives: Vec<&str> = labels
        .lines()
        .filter(|l| l.split('\t').nth(1) == Some("grooming"))
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert!(!positives.is_empty());
    let top: Vec<&str> = convs[..positives.len()]
        .iter()
        .map(|c| c["title"].as_str().unwrap())
        .collect();
    let found = positives.iter().filter(|p| top.contains(p)).count();
    assert!(
        found * 2 >= positives.len(),
        "{found} of {} positives in the top",
        positives.len()
    );

    // The table names the model too; with --lexicon-only nothing does.
    let out = groomscan(&[
        "scan",
        "--model",
        f.model.to_str().unwrap(),
        chats.to_str().unwrap(),
    ]);
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains(&format!("sha256 {hash}")), "{table}");
    let (plain, _) = scan_json(&["--lexicon-only", chats.to_str().unwrap()]);
    assert!(plain.get("model").is_none());
    let out = groomscan(&["scan", "--lexicon-only", chats.to_str().unwrap()]);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("trained model"));
    // Without a flag, the shipped model scores and is named.
    let (shipped, _) = scan_json(&[chats.to_str().unwrap()]);
    assert_eq!(
        shipped["model"]["sha256"],
        groomscan::hash::sha256_hex(groomscan::learn::train::DEFAULT_MODEL).as_str()
    );
}

#[test]
fn eval_with_a_model_names_it_and_measures_it() {
    let f = fixture();
    let labels = f.test_set.join("labels.tsv");
    let chats = f.test_set.join("chats");
    let out = groomscan(&[
        "eval",
        "--format",
        "json",
        "--model",
        f.model.to_str().unwrap(),
        "--labels",
        labels.to_str().unwrap(),
        chats.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["model"]["sha256"], sha256(&f.model).as_str());
    assert_eq!(r["conversations"], 120);
    let auc = r["roc_auc"].as_f64().unwrap();
    assert!(auc > 0.9, "ROC AUC {auc}");
}

#[test]
fn a_model_needs_the_lexicon_it_was_trained_with() {
    let f = fixture();
    let lex = f.model.with_file_name("tiny-lexicon");
    std::fs::create_dir(&lex).unwrap();
    std::fs::write(
        lex.join("secrecy.toml"),
        "category = \"secrecy\"\n[[entry]]\nid = \"secrecy.tiny\"\nphrases = [\"keep it secret\"]\n",
    )
    .unwrap();
    let out = groomscan(&[
        "scan",
        "--lexicon",
        lex.to_str().unwrap(),
        "--model",
        f.model.to_str().unwrap(),
        f.test_set.join("chats").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("trained with lexicon"), "{err}");
    // A file that is not a model is refused with its path.
    let out = groomscan(&[
        "scan",
        "--model",
        f.train_set.join("labels.tsv").to_str().unwrap(),
        f.test_set.join("chats").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("labels.tsv") && err.contains("not a model file"),
        "{err}"
    );
}

#[test]
fn cross_validation_is_grouped_seeded_and_summarises_every_fold() {
    let dir = scratch();
    let set = dir.path().join("cv");
    synth(&set, 150, 3);
    let labels = set.join("labels.tsv");
    let chats = set.join("chats");
    let run = |extra: &[&str]| {
        let mut args = vec![
            "eval",
            "--format",
            "json",
            "--labels",
            labels.to_str().unwrap(),
            chats.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        groomscan(&args)
    };
    // synthetic chats reuse first names, so they chain every conversation into one
    // author group: grouped folds are refused with a reason, by conversation they work
    let out = run(&["--cv", "3", "--seed", "4"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--cv-by conversation"));
    let out = run(&["--cv", "3", "--seed", "4", "--cv-by", "conversation"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        out.stdout,
        run(&["--cv", "3", "--seed", "4", "--cv-by", "conversation"]).stdout,
        "same seed, same result"
    );
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["k"], 3);
    assert_eq!(r["conversations"], 150);
    let positives = r["positives"].as_u64().unwrap();
    let sizes: Vec<(u64, u64)> = r["fold_sizes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s[1].as_u64().unwrap(), s[2].as_u64().unwrap()))
        .collect();
    assert_eq!(sizes.iter().map(|s| s.0).sum::<u64>(), 150);
    assert_eq!(sizes.iter().map(|s| s.1).sum::<u64>(), positives);
    let (lo, hi) = (
        sizes.iter().map(|s| s.1).min().unwrap(),
        sizes.iter().map(|s| s.1).max().unwrap(),
    );
    assert!(hi - lo <= 1, "grooming groups dealt evenly: {sizes:?}");
    // Every fold was scored by its own model, and each measure is their mean and spread.
    let folds = r["folds"].as_array().unwrap();
    assert_eq!(folds.len(), 3);
    for (f, (n, p)) in folds.iter().zip(&sizes) {
        assert_eq!(f["conversations"].as_u64(), Some(*n));
        assert_eq!(f["positives"].as_u64(), Some(*p));
        assert!(f["model"]["sha256"].is_string());
    }
    let measure = |name: &str| {
        r["measures"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["measure"] == name)
            .unwrap_or_else(|| panic!("no {name}"))
            .clone()
    };
    let aucs: Vec<f64> = folds
        .iter()
        .map(|f| f["roc_auc"].as_f64().unwrap())
        .collect();
    let mean = aucs.iter().sum::<f64>() / 3.0;
    let std = (aucs.iter().map(|a| (a - mean).powi(2)).sum::<f64>() / 2.0).sqrt();
    let auc = measure("roc_auc");
    assert!((auc["mean"].as_f64().unwrap() - mean).abs() < 1e-12);
    assert!((auc["std"].as_f64().unwrap() - std).abs() < 1e-12);
    assert_eq!(auc["folds"], 3);
    for name in [
        "by_band.high.f05",
        "predators.f05",
        "early_detection.latency_f1",
        "average_precision",
    ] {
        let m = measure(name);
        assert!((0.0..=1.0).contains(&m["mean"].as_f64().unwrap()), "{m}");
    }
    // The table says the same in rows.
    let out = groomscan(&[
        "eval",
        "--cv",
        "3",
        "--cv-by",
        "conversation",
        "--labels",
        labels.to_str().unwrap(),
        chats.to_str().unwrap(),
    ]);
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.contains("3-fold stratified cross-validation by conversation")
            && table.contains("roc_auc"),
        "{table}"
    );
    // Too few positives for the folds, or --cv with --model, is a usage error.
    let out = run(&["--cv", "100", "--cv-by", "conversation"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--cv 100 needs"));
    let out = run(&["--cv", "3", "--model", labels.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));

    // Leave one source out: a labels file whose header names a `source` column; benign
    // chats alternate between sources "a" and "b", grooming ones are "g". Each fold holds
    // one benign source out, with a share of the grooming chats.
    let text = std::fs::read_to_string(&labels).unwrap();
    let mut with_source = String::from("conversation\tlabel\tsource\n");
    let (mut a, mut b) = (0, 0);
    for (i, line) in text.lines().skip(1).enumerate() {
        let mut cols = line.split('\t');
        let (id, label) = (cols.next().unwrap(), cols.next().unwrap());
        let source = if label == "grooming" {
            "g"
        } else if i % 2 == 0 {
            a += 1;
            "a"
        } else {
            b += 1;
            "b"
        };
        with_source.push_str(&format!("{id}\t{label}\t{source}\n"));
    }
    let sourced = dir.path().join("sourced.tsv");
    std::fs::write(&sourced, with_source).unwrap();
    // synthetic names repeat across chats and chain them into one author group: refused
    let args = |labels: &Path, chats: &Path| -> Vec<String> {
        [
            "eval", "--format", "json", "--cv", "2", "--cv-by", "source", "--labels",
        ]
        .iter()
        .map(|a| a.to_string())
        .chain([labels.display().to_string(), chats.display().to_string()])
        .collect()
    };
    let chained = args(&sourced, &chats);
    let out = groomscan(&chained.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("chained by shared author names"));
    // with every author's name made unique to their chat, the folds are drawn
    let unique = dir.path().join("unique.jsonl");
    let mut body = String::new();
    for line in std::fs::read_to_string(chats.join("part-00000.jsonl"))
        .unwrap()
        .lines()
    {
        let mut v: Value = serde_json::from_str(line).unwrap();
        let name = format!(
            "{}-{}",
            v["conversation"].as_str().unwrap(),
            v["author"].as_str().unwrap()
        );
        v["author"] = Value::String(name);
        body.push_str(&format!("{v}\n"));
    }
    std::fs::write(&unique, body).unwrap();
    let separate = args(&sourced, &unique);
    let out = groomscan(&separate.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["by"], "source");
    let sizes = r["fold_sizes"].as_array().unwrap();
    let names: Vec<&str> = sizes.iter().map(|s| s[0].as_str().unwrap()).collect();
    assert_eq!(names, ["a + grooming share 1", "b + grooming share 2"]);
    // each fold: its benign source whole, and together every grooming chat once
    assert_eq!(
        sizes[0][1].as_u64().unwrap() - sizes[0][2].as_u64().unwrap(),
        a
    );
    assert_eq!(
        sizes[1][1].as_u64().unwrap() - sizes[1][2].as_u64().unwrap(),
        b
    );
    assert_eq!(
        sizes[0][2].as_u64().unwrap() + sizes[1][2].as_u64().unwrap(),
        positives
    );
}
