//! The case folder (issue 5): `index`, `rank`, `search` and `show` through the real binary,
//! on the demo corpus, shared samples and a small written chat with leetspeak; and a case
//! scored with a trained model (issue 8): `index --model`, what names the model, the refusal
//! to mix scorers, and `rank/show --model` scoring a case again from its stored messages.

use crate::train::{sha256, synth, train};
use crate::util::{groomscan, run_ok, sample, scan_json, scratch};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A small chat (JSONL) whose risky lines are written in leetspeak and chat spelling.
const LEET: &str = r#"{"conversation":"leet","author":"Sam","time":"2025-06-01T18:00:00Z","text":"hey how was school"}
{"conversation":"leet","author":"Kit","time":"2025-06-01T18:02:00Z","text":"boring lol"}
{"conversation":"leet","author":"Sam","time":"2025-06-02T20:00:00Z","text":"s3nd me a p1c pleeease"}
{"conversation":"leet","author":"Sam","time":"2025-06-02T20:01:00Z","text":"d0nt tell ur mum ok"}
"#;

fn write_leet(dir: &Path) -> PathBuf {
    let p = dir.join("leet.jsonl");
    std::fs::write(&p, LEET).unwrap();
    p
}

/// Inputs used by most tests: the demo corpus and one sample of three export formats.
fn inputs() -> Vec<String> {
    vec![
        "corpora/demo".to_string(),
        sample("whatsapp/chatanalytics_2A_5M.txt")
            .display()
            .to_string(),
        sample("telegram/chatanalytics_DM_2A_7M.json")
            .display()
            .to_string(),
        sample("discord/chatanalytics_DM_2A_2M.json")
            .display()
            .to_string(),
    ]
}

fn index(case: &Path, paths: &[String]) -> String {
    let mut args = vec!["index", "--case", case.to_str().unwrap()];
    args.extend(paths.iter().map(String::as_str));
    run_ok(&args)
}

fn search(case: &Path, query: &str, extra: &[&str]) -> Value {
    let mut args = vec![
        "search",
        "--case",
        case.to_str().unwrap(),
        "--format",
        "json",
        query,
    ];
    args.extend_from_slice(extra);
    serde_json::from_str(&run_ok(&args)).unwrap()
}

fn results(v: &Value) -> &Vec<Value> {
    v["results"].as_array().unwrap()
}

/// Every highlighted part of a result's snippet, as original text.
fn highlights(r: &Value) -> Vec<String> {
    let fragment = r["snippet"]["fragment"].as_str().unwrap();
    r["snippet"]["highlighted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let (a, b) = (
                s[0].as_u64().unwrap() as usize,
                s[1].as_u64().unwrap() as usize,
            );
            fragment[a..b].to_string()
        })
        .collect()
}

/// Messages in the case: everything matches `*`.
fn message_count(case: &Path) -> u64 {
    search(case, "*", &["--limit", "1"])["total"]
        .as_u64()
        .unwrap()
}

#[test]
fn rank_gives_what_scan_gives() {
    if !crate::util::shared_samples("case::rank_gives_what_scan_gives") {
        return;
    }
    let dir = scratch();
    let case = dir.path().join("case");
    let mut paths = inputs();
    paths.push(write_leet(dir.path()).display().to_string());
    let said = index(&case, &paths);
    assert!(said.starts_with("Added 9 file(s)"), "{said}");
    let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
    let (scan, code) = scan_json(&refs);
    assert_eq!(code, 0);
    let rank: Value = serde_json::from_str(&run_ok(&[
        "rank",
        "--case",
        case.to_str().unwrap(),
        "--format",
        "json",
    ]))
    .unwrap();
    assert!(scan["conversations"].as_array().unwrap().len() >= 8);
    assert_eq!(rank["conversations"], scan["conversations"]);
    assert_eq!(rank, scan, "the whole document matches for a one-run case");
    // the table too, byte for byte
    let table_scan = run_ok(&[&["scan"][..], &refs].concat());
    let table_rank = run_ok(&["rank", "--case", case.to_str().unwrap()]);
    assert_eq!(table_rank, table_scan);
    // jsonl with --top
    let mut args = vec!["scan", "--format", "jsonl", "--top", "3"];
    args.extend_from_slice(&refs);
    let jsonl_scan = run_ok(&args);
    let jsonl_rank = run_ok(&[
        "rank",
        "--case",
        case.to_str().unwrap(),
        "--format",
        "jsonl",
        "--top",
        "3",
    ]);
    assert_eq!(jsonl_rank.lines().count(), 3);
    assert_eq!(jsonl_rank, jsonl_scan);
    // redacted, as scan redacts
    let mut args = vec!["scan", "--format", "json", "--redact"];
    args.extend_from_slice(&refs);
    let redacted_scan: Value = serde_json::from_str(&run_ok(&args)).unwrap();
    let redacted_rank: Value = serde_json::from_str(&run_ok(&[
        "rank",
        "--case",
        case.to_str().unwrap(),
        "--format",
        "json",
        "--redact",
    ]))
    .unwrap();
    assert_eq!(redacted_rank, redacted_scan);
    assert_ne!(redacted_rank, rank);
}

#[test]
fn every_report_format_from_the_case_equals_scan() {
    use groomscan::detect::lexicon::Lexicon;
    use groomscan::detect::score::Weights;
    use groomscan::index::{Case, Quiet};
    use groomscan::pipeline::{self, Config};
    use groomscan::report::{self, OutputFormat, ReportContext};
    let dir = scratch();
    let lexicon = Lexicon::builtin().unwrap();
    let weights = Weights::for_lexicon(&lexicon).unwrap();
    let config = Config {
        paths: vec![
            crate::util::root().join("corpora/demo"),
            write_leet(dir.path()),
        ],
        ..Config::default()
    };
    let scanned = pipeline::run(&config, &lexicon, &weights);
    let mut case = Case::open(&dir.path().join("case"), true).unwrap();
    case.add(&config, &lexicon, &weights, None, &Quiet).unwrap();
    let applied = case
        .scoring(&lexicon, &weights, groomscan::index::Scoring::Stored)
        .unwrap();
    let ctx = ReportContext::new(&lexicon, &weights);
    let redacting = ReportContext {
        redact: true,
        ..ReportContext::new(&lexicon, &weights)
    };
    for format in [
        OutputFormat::Table,
        OutputFormat::Json,
        OutputFormat::Jsonl,
        OutputFormat::Csv,
        OutputFormat::Html,
    ] {
        for ctx in [&ctx, &redacting] {
            let mut a = Vec::new();
            report::write(&mut a, format, &scanned, ctx).unwrap();
            let b = case_report(&case, (&lexicon, &weights), &applied, format, ctx);
            assert!(
                a == b,
                "{format:?} (redact {}) differs:\n{}\n----\n{}",
                ctx.redact,
                String::from_utf8_lossy(&a),
                String::from_utf8_lossy(&b)
            );
        }
    }
}

/// What `rank` writes of `case` in `format` (`app::write_case_into`, every conversation).
fn case_report(
    case: &groomscan::index::Case,
    engine: (
        &groomscan::detect::lexicon::Lexicon,
        &groomscan::detect::score::Weights,
    ),
    applied: &groomscan::index::Applied,
    format: groomscan::report::OutputFormat,
    ctx: &groomscan::report::ReportContext,
) -> Vec<u8> {
    let job = groomscan::app::CaseJob {
        format,
        output: None,
        keep: &|_| true,
    };
    let mut out = Vec::new();
    groomscan::app::write_case_into(&mut out, case, engine, applied, &job, ctx).unwrap();
    out
}

#[test]
fn search_finds_phrases_leetspeak_and_filters() {
    if !crate::util::shared_samples("case::search_finds_phrases_leetspeak_and_filters") {
        return;
    }
    let dir = scratch();
    let case = dir.path().join("case");
    let mut paths = inputs();
    paths.push(write_leet(dir.path()).display().to_string());
    index(&case, &paths);

    // a phrase: every result holds the words in order, highlighted as one mark
    let phrase = search(&case, "\"send me a pic\"", &["--limit", "100"]);
    let found = results(&phrase);
    assert!(found.len() >= 3, "{phrase}");
    assert_eq!(phrase["total"].as_u64().unwrap() as usize, found.len());
    for r in found {
        let norm = groomscan::detect::normalize::normalize(r["text"].as_str().unwrap()).text;
        assert!(norm.contains("send me a pic"), "{r}");
        let marks = highlights(r);
        assert!(!marks.is_empty(), "{r}");
        for m in marks {
            assert_eq!(
                groomscan::detect::normalize::normalize(&m).text,
                "send me a pic",
                "{r}"
            );
        }
        assert!(r["conversation"].as_str().unwrap().len() == 12);
        assert!(["high", "medium", "low", "none"].contains(&r["band"].as_str().unwrap()));
        assert!(r["line"].as_u64().unwrap() >= 1 && !r["source"].as_str().unwrap().is_empty());
    }

    // leetspeak: a plain query finds "s3nd me a p1c", and the snippet shows the original
    let leet = search(&case, "send pic", &["--conversation", &leet_id(&case)]);
    let r = &results(&leet)[0];
    assert_eq!(r["text"], "s3nd me a p1c pleeease");
    assert_eq!(highlights(r), ["s3nd", "p1c"]);
    assert_eq!(r["author"], "Sam");
    assert_eq!(r["message"], 3);
    let secret = search(&case, "\"dont tell your mum\"", &[]);
    assert_eq!(highlights(&results(&secret)[0]), ["d0nt tell ur mum"]);

    // the table marks the original words and is terminal-safe text
    let table = run_ok(&["search", "--case", case.to_str().unwrap(), "send pic"]);
    assert!(table.contains(">>s3nd<< me a >>p1c<<"), "{table}");

    // category filter
    let cat = search(
        &case,
        "pic",
        &["--category", "image_request", "--limit", "50"],
    );
    assert!(!results(&cat).is_empty());
    for r in results(&cat) {
        let cats: Vec<&str> = r["categories"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        assert!(cats.contains(&"image_request"), "{r}");
    }
    let all_pic = search(&case, "pic", &["--limit", "50"]);
    assert!(all_pic["total"].as_u64() > cat["total"].as_u64());

    // author and time filters (a date as --until includes that day)
    let you = search(&case, "you", &["--limit", "100"]);
    let jay = search(
        &case,
        "you",
        &[
            "--author",
            "Jay",
            "--since",
            "2025-03-15",
            "--until",
            "2025-03-15",
            "--limit",
            "100",
        ],
    );
    assert!(!results(&jay).is_empty());
    assert!(jay["total"].as_u64() < you["total"].as_u64());
    for r in results(&jay) {
        assert_eq!(r["author"], "Jay");
        assert!(
            r["time"].as_str().unwrap().starts_with("2025-03-15T"),
            "{r}"
        );
    }
    let since = search(
        &case,
        "you",
        &["--since", "2025-03-15T21:50:00Z", "--limit", "100"],
    );
    for r in results(&since) {
        assert!(r["time"].as_str().unwrap() >= "2025-03-15T21:50:00Z", "{r}");
    }

    // limit and sort by time
    let limited = search(&case, "you", &["--limit", "3"]);
    assert_eq!(results(&limited).len(), 3);
    assert!(limited["total"].as_u64().unwrap() > 3);
    let by_time = search(&case, "you", &["--sort", "time", "--limit", "100"]);
    let times: Vec<&str> = results(&by_time)
        .iter()
        .filter_map(|r| r["time"].as_str())
        .collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");

    // a bad query or category is a usage error, not a crash
    let out = groomscan(&["search", "--case", case.to_str().unwrap(), "nosuchfield:x"]);
    assert_eq!(out.status.code(), Some(1));
    let out = groomscan(&[
        "search",
        "--case",
        case.to_str().unwrap(),
        "pic",
        "--category",
        "nope",
    ]);
    assert_eq!(out.status.code(), Some(1));
}

/// The id of the leetspeak conversation, through `rank`.
fn leet_id(case: &Path) -> String {
    let rank: Value = serde_json::from_str(&run_ok(&[
        "rank",
        "--case",
        case.to_str().unwrap(),
        "--format",
        "json",
    ]))
    .unwrap();
    rank["conversations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["title"] == "leet")
        .expect("the leet chat is in the case")["id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn indexing_the_same_files_again_changes_nothing_and_a_new_file_adds() {
    if !crate::util::shared_samples(
        "case::indexing_the_same_files_again_changes_nothing_and_a_new_file_adds",
    ) {
        return;
    }
    let dir = scratch();
    let case = dir.path().join("case");
    index(&case, &inputs());
    let manifest = std::fs::read(case.join("manifest.json")).unwrap();
    let count = message_count(&case);
    assert!(count > 100, "{count}");
    // the same files again, and one of them under another name: nothing changes
    let copy = dir.path().join("copy_of_demo.txt");
    std::fs::copy("corpora/demo/grooming_pattern.txt", &copy).unwrap();
    let mut again = inputs();
    again.push(copy.display().to_string());
    let said = index(&case, &again);
    assert!(said.starts_with("Nothing new"), "{said}");
    assert_eq!(std::fs::read(case.join("manifest.json")).unwrap(), manifest);
    assert_eq!(message_count(&case), count);

    // a case folder inside the folder being indexed is not read as evidence
    let inner = dir.path().join("exports");
    std::fs::create_dir(&inner).unwrap();
    std::fs::copy(&copy, inner.join("chat.txt")).unwrap();
    let nested = inner.join("case");
    let exports = [inner.display().to_string()];
    index(&nested, &exports);
    let said = index(&nested, &exports);
    assert!(said.starts_with("Nothing new"), "{said}");
    let m: Value =
        serde_json::from_slice(&std::fs::read(nested.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m["inputs"].as_array().unwrap().len(), 1, "{m}");

    // a new export adds its messages, and the manifest records a second run
    let leet = write_leet(dir.path());
    let said = index(&case, &[leet.display().to_string()]);
    assert!(said.starts_with("Added 1 file(s)"), "{said}");
    assert_eq!(message_count(&case), count + 4);
    let m: Value =
        serde_json::from_slice(&std::fs::read(case.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m["schema"], "groomscan.case/1");
    let runs = m["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[1]["files_added"], 1);
    let last = m["inputs"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["run"], 2);
    assert_eq!(last["format"], "jsonl");
    assert_eq!(last["messages"], 4);
    assert_eq!(last["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(m["lexicon"]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(m["tokenizer_sha256"].as_str().unwrap().len(), 64);
    let out = groomscan(&["search", "--case", case.to_str().unwrap(), "pic"]);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // manifest.json mirrors the last commit: lost, it comes back as it was
    let manifest = std::fs::read(case.join("manifest.json")).unwrap();
    std::fs::remove_file(case.join("manifest.json")).unwrap();
    run_ok(&["rank", "--case", case.to_str().unwrap(), "--format", "json"]);
    assert_eq!(std::fs::read(case.join("manifest.json")).unwrap(), manifest);
}

#[test]
fn show_prints_the_transcript_with_the_evidence_marked() {
    let dir = scratch();
    let case = dir.path().join("case");
    index(&case, &["corpora/demo".to_string()]);
    let rank: Value = serde_json::from_str(&run_ok(&[
        "rank",
        "--case",
        case.to_str().unwrap(),
        "--format",
        "json",
    ]))
    .unwrap();
    let top = &rank["conversations"][0];
    let id = top["id"].as_str().unwrap();
    let text = run_ok(&["show", "--case", case.to_str().unwrap(), id]);
    assert!(text.contains("Rank 1 of 5"), "{text}");
    assert!(text.contains("band high"), "{text}");
    assert!(text.contains(">>send me a pic<<"), "{text}");
    assert!(text.contains("[image_request]"), "{text}");
    let n = top["messages"].as_u64().unwrap();
    assert!(text.contains(&format!("#{n} ")), "every message is listed");
    // the top explanation part is said in plain words, as in the table
    let detail = top["explanation"]["parts"][0]["detail"].as_str().unwrap();
    assert!(text.contains(detail), "{detail}");

    let json: Value = serde_json::from_str(&run_ok(&[
        "show",
        "--case",
        case.to_str().unwrap(),
        id,
        "--around",
        "15",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(json["schema"], "groomscan.show/1");
    assert_eq!(&json["conversation"], top);
    let msgs = json["messages"].as_array().unwrap();
    assert!(msgs.len() <= 21 && msgs.iter().any(|m| m["message"] == 15));
    let m15 = msgs.iter().find(|m| m["message"] == 15).unwrap();
    let marks: Vec<&str> = m15["marks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["text"].as_str().unwrap())
        .collect();
    assert!(marks.contains(&"send me a pic"), "{m15}");

    // every conversation's object (rank included) is the one `rank` gives
    for c in rank["conversations"].as_array().unwrap() {
        let json: Value = serde_json::from_str(&run_ok(&[
            "show",
            "--case",
            case.to_str().unwrap(),
            c["id"].as_str().unwrap(),
            "--format",
            "json",
        ]))
        .unwrap();
        assert_eq!(&json["conversation"], c);
        assert_eq!(
            json["messages"].as_array().unwrap().len() as u64,
            c["messages"]
        );
    }

    let out = groomscan(&["show", "--case", case.to_str().unwrap(), "000000000000"]);
    assert_eq!(out.status.code(), Some(1));
    let out = groomscan(&["rank", "--case", dir.path().join("none").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn report_writes_the_html_report_of_a_case() {
    let dir = scratch();
    let case = dir.path().join("case");
    index(&case, &["corpora/demo".to_string()]);
    let out = dir.path().join("report.html");
    run_ok(&[
        "report",
        "--case",
        case.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(
        html.starts_with("<!DOCTYPE html>") || html.starts_with("<!doctype html>"),
        "{}",
        &html[..80.min(html.len())]
    );
    let first = html
        .find("grooming_pattern")
        .expect("top conversation in the report");
    let other = html
        .find("parent_pickup")
        .expect("every conversation listed");
    assert!(first < other, "the grooming chat comes first");
    assert!(!html.contains("<script"), "no scripts in the report");
}

/// Every report format written from `a` and from `b` gives the same bytes.
/// Every report format of `a` (a scan) equals `rank`'s of `case` scored as `applied`.
fn assert_same_reports(
    a: &groomscan::pipeline::RunResult,
    a_ctx: &groomscan::report::ReportContext,
    case: &groomscan::index::Case,
    engine: (
        &groomscan::detect::lexicon::Lexicon,
        &groomscan::detect::score::Weights,
    ),
    applied: &groomscan::index::Applied,
    b_ctx: &groomscan::report::ReportContext,
) {
    use groomscan::report::{self, OutputFormat};
    for format in [
        OutputFormat::Table,
        OutputFormat::Json,
        OutputFormat::Jsonl,
        OutputFormat::Csv,
        OutputFormat::Html,
    ] {
        let mut x = Vec::new();
        report::write(&mut x, format, a, a_ctx).unwrap();
        let y = case_report(case, engine, applied, format, b_ctx);
        assert!(
            x == y,
            "{format:?} differs:\n{}\n----\n{}",
            String::from_utf8_lossy(&x),
            String::from_utf8_lossy(&y)
        );
    }
}

#[test]
fn every_report_format_from_a_model_case_equals_scan_with_the_model() {
    use groomscan::detect::lexicon::Lexicon;
    use groomscan::detect::score::Weights;
    use groomscan::index::{Case, CaseModel, Quiet, Scoring};
    use groomscan::pipeline::{self, Config};
    use groomscan::report::ReportContext;
    let m = models();
    let lexicon = Lexicon::builtin().unwrap();
    let weights = Weights::for_lexicon(&lexicon).unwrap();
    let model = CaseModel::load(&m.a, &lexicon, &weights).unwrap();
    let config = Config {
        paths: m.parts.to_vec(),
        ..Config::default()
    };
    let scanned = pipeline::run_with(&config, &lexicon, &model.model.scorer());
    let info = model.model.info();
    // The HTML method section shows the model's bands and names it.
    let scan_ctx = ReportContext {
        model: Some(&info),
        ..ReportContext::new(&lexicon, &model.model.weights)
    };
    // A case indexed with the model, read with its stored scores...
    let mut case = Case::open(&m.dir.path().join("case"), true).unwrap();
    case.add(&config, &lexicon, &weights, Some(&model), &Quiet)
        .unwrap();
    let applied = case.scoring(&lexicon, &weights, Scoring::Stored).unwrap();
    assert!(!applied.rescored);
    let stored = applied.info();
    let ctx = ReportContext {
        model: stored.as_ref(),
        ..ReportContext::new(&lexicon, applied.weights(&weights))
    };
    assert_same_reports(
        &scanned,
        &scan_ctx,
        &case,
        (&lexicon, &weights),
        &applied,
        &ctx,
    );
    // ...and a case of the default weights, scored again with the model.
    let mut plain = Case::open(&m.dir.path().join("plain"), true).unwrap();
    plain
        .add(&config, &lexicon, &weights, None, &Quiet)
        .unwrap();
    let again = CaseModel::load(&m.a, &lexicon, &weights).unwrap().model;
    let applied = plain
        .scoring(&lexicon, &weights, Scoring::Model(Box::new(again)))
        .unwrap();
    assert!(applied.rescored);
    let now = applied.info();
    let ctx = ReportContext {
        model: now.as_ref(),
        ..ReportContext::new(&lexicon, applied.weights(&weights))
    };
    assert_same_reports(
        &scanned,
        &scan_ctx,
        &plain,
        (&lexicon, &weights),
        &applied,
        &ctx,
    );
}

/// Two models trained on one synthetic set (seeds 7 and 8; A with its own bands), and
/// another set to apply them to, split in two parts so a case can grow over two runs.
struct Models {
    dir: tempfile::TempDir,
    a: PathBuf,
    b: PathBuf,
    /// `part-1.jsonl` and `part-2.jsonl`: the other set's conversations in two files.
    parts: [PathBuf; 2],
}

/// The models and parts, trained once for every test that asks (training is the slow
/// part); each test gets its own copies in its own folder, so it may move or alter them.
fn models() -> Models {
    static TRAINED: std::sync::LazyLock<Models> = std::sync::LazyLock::new(train_models);
    let dir = scratch();
    let copy = |p: &Path| {
        let to = dir.path().join(p.file_name().unwrap());
        std::fs::copy(p, &to).unwrap();
        to
    };
    let (a, b) = (copy(&TRAINED.a), copy(&TRAINED.b));
    let parts = [copy(&TRAINED.parts[0]), copy(&TRAINED.parts[1])];
    Models { dir, a, b, parts }
}

fn train_models() -> Models {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("temp dir");
    let train_set = dir.path().join("train");
    synth(&train_set, 80, 1);
    let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
    // A's bands are its own, so a report that showed the default ones would differ.
    train(&train_set, &a, &["--l2", "1e-4", "--bands", "0.7,0.4,0.15"]);
    train(&train_set, &b, &["--l2", "1e-3"]);
    assert_ne!(sha256(&a), sha256(&b));
    let other = dir.path().join("other");
    synth(&other, 40, 2);
    // Whole conversations to each part: a conversation's lines are consecutive.
    let text = std::fs::read_to_string(other.join("chats/part-00000.jsonl")).unwrap();
    let mut parts = [String::new(), String::new()];
    let mut seen: Vec<String> = Vec::new();
    for line in text.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        let c = v["conversation"].as_str().unwrap().to_string();
        if !seen.contains(&c) {
            seen.push(c);
        }
        parts[usize::from(seen.len() > 20)].push_str(&format!("{line}\n"));
    }
    assert!(
        !parts[1].is_empty(),
        "the other set has more than 20 conversations"
    );
    let paths = [
        dir.path().join("part-1.jsonl"),
        dir.path().join("part-2.jsonl"),
    ];
    for (p, body) in paths.iter().zip(&parts) {
        std::fs::write(p, body).unwrap();
    }
    Models {
        dir,
        a,
        b,
        parts: paths,
    }
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// `index` with extra arguments; returns the process output.
fn index_with(case: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["index", "--case", s(case)];
    args.extend_from_slice(extra);
    groomscan(&args)
}

fn rank_json(case: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["rank", "--case", s(case), "--format", "json"];
    args.extend_from_slice(extra);
    serde_json::from_str(&run_ok(&args)).unwrap()
}

#[test]
fn a_case_indexed_with_a_model_names_it_everywhere_and_ranks_as_scan_does() {
    let m = models();
    let hash = sha256(&m.a);
    let case = m.dir.path().join("case");
    let provenance = m.dir.path().join("index.prov.jsonld");
    let said = run_ok(&[
        "index",
        "--case",
        s(&case),
        "--model",
        s(&m.a),
        "--provenance",
        s(&provenance),
        s(&m.parts[0]),
        s(&m.parts[1]),
    ]);
    assert!(said.starts_with("Added 2 file(s)"), "{said}");
    assert!(said.contains(&format!("sha256 {hash}")), "{said}");
    // The manifest records the model, and the case keeps a copy of the file.
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(case.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["model"]["sha256"], hash.as_str());
    assert_eq!(manifest["model"]["schema"], "groomscan.model/2");
    assert_eq!(manifest["model"]["path"], s(&m.a));
    assert_eq!(manifest["runs"][0]["model"]["sha256"], hash.as_str());
    assert_eq!(
        std::fs::read(case.join("model.json")).unwrap(),
        std::fs::read(&m.a).unwrap()
    );
    // The provenance sidecar names the model, the files added and the manifest written.
    let prov: Value = serde_json::from_slice(&std::fs::read(&provenance).unwrap()).unwrap();
    let nodes = prov["@graph"].as_array().unwrap();
    let model = nodes
        .iter()
        .find(|n| n["uco-core:name"] == "groomscan trained model")
        .expect("a model node");
    assert!(
        nodes
            .iter()
            .any(|n| n["uco-core:name"] == "groomscan index"),
        "the action is named for what it did: {prov}"
    );
    assert!(
        model["uco-core:description"]
            .as_str()
            .unwrap()
            .contains(&hash),
        "{model}"
    );
    let text = prov.to_string();
    for p in &m.parts {
        assert!(text.contains(&sha256(p)), "input {} in {text}", p.display());
    }
    assert!(
        text.contains(&sha256(&case.join("manifest.json"))),
        "{text}"
    );

    // rank gives what `scan --model` gives: the JSON document, table, JSONL and CSV.
    let inputs = [s(&m.parts[0]), s(&m.parts[1])];
    let (scan, code) = scan_json(&[&["--model", s(&m.a)][..], &inputs].concat());
    assert_eq!(code, 0);
    assert_eq!(scan["model"]["sha256"], hash.as_str());
    let rank = rank_json(&case, &[]);
    assert_eq!(rank["conversations"], scan["conversations"]);
    assert_eq!(rank, scan, "the whole document, model included");
    for format in ["table", "jsonl", "csv"] {
        let scanned = run_ok(
            &[
                &["scan", "--format", format, "--model", s(&m.a)][..],
                &inputs,
            ]
            .concat(),
        );
        let ranked = run_ok(&["rank", "--case", s(&case), "--format", format]);
        assert_eq!(ranked, scanned, "{format}");
    }
    assert!(
        run_ok(&["rank", "--case", s(&case)]).contains(&format!("sha256 {hash}")),
        "the table names the model"
    );
    // The same scores differ from the default weights' (else this test proves nothing).
    let (plain, _) = scan_json(&[&["--lexicon-only"][..], &inputs].concat());
    assert_ne!(plain["conversations"], rank["conversations"]);

    // show, search and report name it too.
    let top = &rank["conversations"][0];
    let id = top["id"].as_str().unwrap();
    let shown: Value = serde_json::from_str(&run_ok(&[
        "show",
        "--case",
        s(&case),
        id,
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(shown["model"]["sha256"], hash.as_str());
    assert_eq!(&shown["conversation"], top);
    let table = run_ok(&["show", "--case", s(&case), id]);
    assert!(table.contains(&format!("sha256 {hash}")), "{table}");
    let found = search(&case, "*", &["--limit", "1"]);
    assert_eq!(found["model"]["sha256"], hash.as_str());
    let table = run_ok(&["search", "--case", s(&case), "*", "--limit", "1"]);
    assert!(table.contains(&format!("sha256 {hash}")), "{table}");
    let html = m.dir.path().join("report.html");
    run_ok(&["report", "--case", s(&case), "-o", s(&html)]);
    let html = std::fs::read_to_string(&html).unwrap();
    assert!(html.contains("Trained model") && html.contains(&hash));

    // The case does not need the original model file: it reads its own copy...
    let moved = m.dir.path().join("moved.json");
    std::fs::rename(&m.a, &moved).unwrap();
    assert_eq!(rank_json(&case, &[]), rank);
    // ...and refuses a copy that was altered, until the model is given again.
    let mut altered = std::fs::read(case.join("model.json")).unwrap();
    altered.push(b' ');
    std::fs::write(case.join("model.json"), &altered).unwrap();
    let out = groomscan(&["rank", "--case", s(&case)]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("missing or altered") && err.contains(&hash),
        "{err}"
    );
    let again = rank_json(&case, &["--model", s(&moved)]);
    assert_eq!(again["conversations"], rank["conversations"]);
    assert_eq!(again["model"]["sha256"], hash.as_str());
}

#[test]
fn a_case_never_mixes_scores_from_two_scorers() {
    let m = models();
    let (a, b) = (sha256(&m.a), sha256(&m.b));
    let case = m.dir.path().join("case");
    let out = index_with(&case, &["--model", s(&m.a), s(&m.parts[0])]);
    assert_eq!(out.status.code(), Some(0));
    let manifest = std::fs::read(case.join("manifest.json")).unwrap();
    let messages = message_count(&case);
    // Another model, or none: refused, naming both, and the case is unchanged.
    for (extra, names) in [
        (vec!["--model", s(&m.b)], vec![a.as_str(), b.as_str()]),
        (vec!["--lexicon-only"], vec![a.as_str(), "default weights"]),
    ] {
        let out = index_with(&case, &[&extra[..], &[s(&m.parts[1])]].concat());
        assert_eq!(out.status.code(), Some(1), "{extra:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        for n in names {
            assert!(err.contains(n), "{extra:?}: {err}");
        }
        assert_eq!(std::fs::read(case.join("manifest.json")).unwrap(), manifest);
        assert_eq!(message_count(&case), messages);
    }
    // The same model (under another path) adds the file.
    let copy = m.dir.path().join("a-copy.json");
    std::fs::copy(&m.a, &copy).unwrap();
    let out = index_with(&case, &["--model", s(&copy), s(&m.parts[1])]);
    assert_eq!(out.status.code(), Some(0));
    assert!(message_count(&case) > messages);
    let runs: Value =
        serde_json::from_slice(&std::fs::read(case.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(runs["runs"][1]["model"]["path"], s(&copy));
    assert_eq!(
        runs["model"]["path"],
        s(&m.a),
        "the case keeps its first path"
    );

    // A case built with the default weights refuses a model.
    let plain = m.dir.path().join("plain");
    assert_eq!(
        index_with(&plain, &["--lexicon-only", s(&m.parts[0])])
            .status
            .code(),
        Some(0)
    );
    let out = index_with(&plain, &["--model", s(&m.a), s(&m.parts[1])]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&a) && err.contains("default weights"), "{err}");
}

#[test]
fn rank_and_show_with_another_scorer_score_the_stored_messages_again() {
    let m = models();
    let inputs = [s(&m.parts[0]), s(&m.parts[1])];
    // A case with the default weights, ranked with model A: what `scan --model A` gives.
    let plain = m.dir.path().join("plain");
    let lexicon_only = [&["--lexicon-only"][..], &inputs].concat();
    assert_eq!(index_with(&plain, &lexicon_only).status.code(), Some(0));
    let manifest = std::fs::read(plain.join("manifest.json")).unwrap();
    let (scan_a, _) = scan_json(&[&["--model", s(&m.a)][..], &inputs].concat());
    let out = groomscan(&[
        "rank",
        "--case",
        s(&plain),
        "--format",
        "json",
        "--model",
        s(&m.a),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("scored again") && err.contains(&sha256(&m.a)),
        "{err}"
    );
    let rank_a: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rank_a, scan_a);
    assert_eq!(
        std::fs::read(plain.join("manifest.json")).unwrap(),
        manifest
    );

    // A case with model A, ranked with model B and with the default weights.
    let case = m.dir.path().join("case");
    let mut args = vec!["--model", s(&m.a)];
    args.extend_from_slice(&inputs);
    assert_eq!(index_with(&case, &args).status.code(), Some(0));
    let (scan_b, _) = scan_json(&[&["--model", s(&m.b)][..], &inputs].concat());
    let rank_b = rank_json(&case, &["--model", s(&m.b)]);
    assert_eq!(rank_b, scan_b);
    let (scan_plain, _) = scan_json(&lexicon_only);
    assert_eq!(rank_json(&case, &["--default-weights"]), scan_plain);
    assert_eq!(rank_json(&case, &[]), scan_a, "the stored scores are A's");
    // --redact with another model: the same pseudonyms as scan gives.
    let redacted = rank_json(&case, &["--model", s(&m.b), "--redact"]);
    let (scan_redacted, _) = scan_json(&[&["--redact", "--model", s(&m.b)][..], &inputs].concat());
    assert_eq!(redacted, scan_redacted);

    // show with model B: the conversation object and rank that rank --model B gives.
    for c in rank_b["conversations"].as_array().unwrap().iter().take(3) {
        let shown: Value = serde_json::from_str(&run_ok(&[
            "show",
            "--case",
            s(&case),
            c["id"].as_str().unwrap(),
            "--format",
            "json",
            "--model",
            s(&m.b),
        ]))
        .unwrap();
        assert_eq!(&shown["conversation"], c);
        assert_eq!(shown["model"]["sha256"], sha256(&m.b).as_str());
    }
    // --model and --default-weights together make no sense.
    let out = groomscan(&[
        "rank",
        "--case",
        s(&case),
        "--model",
        s(&m.b),
        "--default-weights",
    ]);
    assert_eq!(out.status.code(), Some(1));
}
