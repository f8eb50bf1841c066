//! The raw tantivy indexing rate, for the case-index benchmarks in BENCHMARKS.md.
//!
//! Reads every file under the given paths with groomscan's own readers (any input format:
//! the WhatsApp corpus of `benches/e2e.sh` or the JSONL one of the issue 5 benchmark), and
//! indexes one document per message with the same fields as `groomscan index` (kind, id,
//! conversation, message, author, time, text, source, line), with one writer of the same
//! memory budget and one commit. Files are read in the main thread while tantivy's
//! indexing threads work, as in `groomscan index`. No scanning, scoring or conversation
//! documents: this is the ceiling `groomscan index` is compared with.
//!
//! ```text
//! cargo run --release --example bare_tantivy -- OUT [default|groomscan] PATH...
//! ```
//!
//! `default` indexes the text with tantivy's default tokenizer; `groomscan` with the case
//! schema and its normalising tokenizer (what `groomscan index` uses).

use groomscan::index::WRITER_MEMORY;
use groomscan::index::schema::{self, NormalizingTokenizer, TOKENIZER};
use groomscan::ingest;
use std::path::{Path, PathBuf};
use std::time::Instant;
use tantivy::schema::{STORED, Schema, TEXT};
use tantivy::{Index, IndexWriter, TantivyDocument};

fn dir_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .expect("read index dir")
        .map(|e| e.expect("entry").metadata().expect("metadata").len())
        .sum()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 4 {
        eprintln!("usage: bare_tantivy OUT default|groomscan PATH...");
        std::process::exit(1);
    }
    let out = PathBuf::from(&args[1]);
    let ours = args[2] == "groomscan";
    let inputs: Vec<PathBuf> = args[3..].iter().map(PathBuf::from).collect();
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
    let (paths, errors) = ingest::expand_paths(&inputs);
    if let Some(e) = errors.first() {
        return Err(e.to_string().into());
    }
    let opts = ingest::IngestOptions::default();
    let started = Instant::now();
    let mut writer: IndexWriter = index.writer(WRITER_MEMORY)?;
    let mut messages = 0u64;
    for path in &paths {
        let file = ingest::read_file(path, &opts);
        if let Some(e) = file.errors.first() {
            return Err(e.to_string().into());
        }
        for c in &file.conversations {
            for (i, m) in c.messages.iter().enumerate() {
                let mut doc = TantivyDocument::new();
                doc.add_text(f.kind, "message");
                doc.add_text(f.id, format!("{}:{}", c.id, i + 1));
                doc.add_text(f.conversation, &c.id);
                doc.add_u64(f.message, i as u64 + 1);
                doc.add_text(f.author, &m.author);
                if let Some(t) = m.time {
                    doc.add_date(
                        f.time,
                        tantivy::DateTime::from_timestamp_secs(t.timestamp()),
                    );
                }
                doc.add_text(f.text, &m.text);
                doc.add_text(f.source, &c.source);
                doc.add_u64(f.line, m.line);
                writer.add_document(doc)?;
                messages += 1;
            }
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
