//! The raw tantivy indexing rate, for the case-index benchmark in BENCHMARKS.md.
//!
//! Reads every `*.jsonl` file under DIR (one message a line: conversation, author, time,
//! text), and indexes one document per message with the same fields as `groomscan index`
//! (kind, id, conversation, message, author, time, text, source, line), with one writer of
//! the same memory budget and one commit. No scanning, scoring or conversation documents:
//! this is the ceiling `groomscan index` is compared with.
//!
//! ```text
//! cargo run --release --example bare_tantivy -- DIR OUT [default|groomscan]
//! ```
//!
//! `default` indexes the text with tantivy's default tokenizer; `groomscan` with the case
//! schema and its normalising tokenizer (what `groomscan index` uses).

use groomscan::index::WRITER_MEMORY;
use groomscan::index::schema::{self, NormalizingTokenizer, TOKENIZER};
use std::path::{Path, PathBuf};
use std::time::Instant;
use tantivy::schema::{STORED, Schema, TEXT};
use tantivy::{Index, IndexWriter, TantivyDocument};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|e| e == "jsonl") {
            out.push(p);
        }
    }
}

fn dir_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .expect("read index dir")
        .map(|e| e.expect("entry").metadata().expect("metadata").len())
        .sum()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: bare_tantivy DIR OUT [default|groomscan]");
        std::process::exit(1);
    }
    let (dir, out) = (PathBuf::from(&args[1]), PathBuf::from(&args[2]));
    let ours = args.get(3).is_some_and(|m| m == "groomscan");
    let (schema, f) = schema::build();
    let schema = if ours {
        schema
    } else {
        // The same fields, with tantivy's default tokenizer on the text.
        let mut b = Schema::builder();
        for (_, entry) in schema.fields() {
            if entry.name() == "text" {
                b.add_text_field("text", TEXT | STORED);
            } else {
                b.add_field(entry.clone());
            }
        }
        b.build()
    };
    std::fs::create_dir_all(&out)?;
    let index = Index::create_in_dir(&out, schema)?;
    index
        .tokenizers()
        .register(TOKENIZER, NormalizingTokenizer::default());
    let mut paths = Vec::new();
    files(&dir, &mut paths);
    let started = Instant::now();
    let mut writer: IndexWriter = index.writer(WRITER_MEMORY)?;
    let mut messages = 0u64;
    for path in &paths {
        let text = std::fs::read_to_string(path)?;
        let source = path.display().to_string();
        for (i, line) in text.lines().enumerate() {
            let v: serde_json::Value = serde_json::from_str(line)?;
            let conversation = v["conversation"].as_str().unwrap_or("");
            let mut doc = TantivyDocument::new();
            doc.add_text(f.kind, "message");
            doc.add_text(f.id, format!("{conversation}:{}", i + 1));
            doc.add_text(f.conversation, conversation);
            doc.add_u64(f.message, i as u64 + 1);
            doc.add_text(f.author, v["author"].as_str().unwrap_or(""));
            if let Some(t) = v["time"]
                .as_str()
                .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            {
                doc.add_date(
                    f.time,
                    tantivy::DateTime::from_timestamp_secs(t.timestamp()),
                );
            }
            doc.add_text(f.text, v["text"].as_str().unwrap_or(""));
            doc.add_text(f.source, &source);
            doc.add_u64(f.line, i as u64 + 1);
            writer.add_document(doc)?;
            messages += 1;
        }
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{} tokenizer: {messages} messages from {} files in {secs:.2} s = {:.0} messages/s; index {:.1} MiB",
        if ours { "groomscan" } else { "default" },
        paths.len(),
        messages as f64 / secs,
        dir_bytes(&out) as f64 / (1024.0 * 1024.0)
    );
    Ok(())
}
