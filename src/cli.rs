//! The command line: clap types live here and nowhere else. Each subcommand turns its flags
//! into plain library configuration and calls the library. Exit codes are documented in
//! `groomscan::pipeline`.

use clap::{Parser, Subcommand, ValueEnum};
use groomscan::app::{self, Engine};
use groomscan::detect::lexicon::Lexicon;
use groomscan::error::Error;
use groomscan::index::review::Status as ReviewStatus;
use groomscan::ingest::IngestOptions;
use groomscan::ingest::whatsapp::DateOrder;
use groomscan::learn::train::{CvOptions, FoldBy};
use groomscan::model::Format;
use groomscan::pipeline::{Config, ExitStatus};
use groomscan::report::terminal::{ColorChoice, Terminal};
use groomscan::report::{self, OutputFormat, ReportContext};
use std::io::Write;
use std::path::PathBuf;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[derive(Parser, Debug)]
#[command(
    name = "groomscan",
    version,
    about = "Screens exported chat conversations for online-grooming risk and ranks them, with the evidence behind every score."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Colour the bands of table output: `auto` when standard output is a terminal and
    /// NO_COLOR is unset or empty, `always` (even into a pipe), `never`. A report written
    /// with -o and the machine formats never have colour.
    #[arg(long, global = true, value_enum, default_value_t = ColorArg::Auto)]
    color: ColorArg,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

impl ColorArg {
    fn choice(self) -> ColorChoice {
        match self {
            ColorArg::Auto => ColorChoice::Auto,
            ColorArg::Always => ColorChoice::Always,
            ColorArg::Never => ColorChoice::Never,
        }
    }
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Read exports (files or folders), score every conversation, print a ranked list.
    Scan(ScanArgs),
    /// Work with the indicator lexicon.
    #[command(subcommand)]
    Lexicon(LexiconCommand),
    /// Measure ranking quality against a labels file.
    Eval(EvalArgs),
    /// Add exports to a case folder (a search index); files it already holds are skipped.
    /// A case is scored with one scorer: the default weights, or the trained model of its
    /// first run (`--model`); adding files with another one is refused.
    Index(IndexArgs),
    /// Rank the conversations of a case, as `scan` does, from the stored scores (or scored
    /// again with another `--model`, without changing the case).
    Rank(RankArgs),
    /// Write the HTML report of a case (the same as `rank --format html -o FILE`).
    Report(ReportArgs),
    /// Search the messages of a case (tantivy query syntax; leetspeak is folded).
    Search(SearchArgs),
    /// Show one conversation of a case as a transcript with the evidence marked.
    Show(ShowArgs),
    /// Record an examiner's decision about a conversation of a case (or print the audit
    /// list of decisions).
    Review(ReviewArgs),
    /// Hash every input a case names again and say which changed or went missing since
    /// it was indexed (exit 3 when any did).
    Verify(VerifyArgs),
    /// List the files a scan of PATH... reads, one a line, in its order (and with
    /// --part, the walk as a part for `merge`): how a batch is cut into parts.
    Walk(WalkArgs),
    /// Merge parts of a batch (`scan --format part` of disjoint sets of files) into the
    /// report one `scan` of all the files gives, byte for byte.
    Merge(MergeArgs),
    /// Write a synthetic labelled corpus (invented chats) for benchmarks and scale tests.
    Synth(SynthArgs),
    /// Learn a model (logistic regression over the engine's features and hashed n-grams)
    /// from labelled exports; apply it with `scan --model` or `eval --model`.
    Train(TrainArgs),
    /// Print the shell completion script for SHELL (see the README for where it goes).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff; `groomscan man | man -l -` reads it), or with a
    /// subcommand its own page (groomscan-scan(1), ...).
    Man {
        /// A subcommand (scan, search, ...).
        subcommand: Option<String>,
    },
}

#[derive(clap::Args, Debug)]
struct CommonInput {
    /// Export files or folders (folders are read recursively, in sorted order).
    #[arg(required_unless_present = "files_from")]
    paths: Vec<PathBuf>,
    /// Also read the paths listed in LIST, one a line (`-`: standard input; blank lines
    /// ignored; a line naming nothing is reported as skipped, with LIST and its line).
    #[arg(long, value_name = "LIST")]
    files_from: Option<PathBuf>,
    /// Read every file as this format instead of detecting it.
    #[arg(long, value_parser = parse_format)]
    input_format: Option<Format>,
    /// Zone for timestamps that carry none: UTC, an offset like +01:00 or -0530, or an IANA
    /// zone like Europe/London (daylight saving applied; default UTC).
    #[arg(long, default_value = "+00:00", value_parser = groomscan::ingest::zone::Zone::parse)]
    timezone: groomscan::ingest::zone::Zone,
    /// Order of WhatsApp date fields: dmy, mdy or ymd (default: inferred per file from all
    /// its dates; day first when every day and month is 12 or less).
    #[arg(long, value_parser = parse_date_order)]
    date_order: Option<DateOrder>,
    /// Lexicon folder to use instead of the shipped one.
    #[arg(long)]
    lexicon: Option<PathBuf>,
    /// Worker threads (default: all cores). Output is identical for any value.
    #[arg(long)]
    threads: Option<usize>,
    /// Follow symbolic links inside folders (loops are reported, each file read once).
    #[arg(long)]
    follow: bool,
    /// Read hidden files and folders (names starting with '.') inside folders.
    #[arg(long)]
    hidden: bool,
}

#[derive(clap::Args, Debug)]
struct ScanArgs {
    #[command(flatten)]
    input: CommonInput,
    #[command(flatten)]
    details: CaseDetailsArgs,
    /// Output format (`part`: a part of a batch for `groomscan merge`).
    #[arg(long, value_enum, default_value_t = ScanFormatArg::Table)]
    format: ScanFormatArg,
    /// Write to this file instead of standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Show only the N highest-ranked conversations.
    #[arg(long)]
    top: Option<usize>,
    /// Also write a CASE/UCO JSON-LD provenance record of the run to this file.
    #[arg(long)]
    provenance: Option<PathBuf>,
    /// Also write one CSV row per evidence message to this file.
    #[arg(long, value_name = "FILE")]
    evidence_csv: Option<PathBuf>,
    /// Replace participant names, phone numbers and e-mail addresses by pseudonyms
    /// (Person 1, [phone 1], [email 1]) in every output, for sharing beyond the case team.
    #[arg(long)]
    redact: bool,
    #[command(flatten)]
    scoring: ModelChoice,
}

#[derive(clap::Args, Debug)]
#[command(group(clap::ArgGroup::new("truth").required(true).multiple(true).args(["labels", "predators"])))]
struct TrainArgs {
    /// Labels file: TSV with columns conversation, label (grooming|benign), groomer.
    #[arg(long)]
    labels: Option<PathBuf>,
    /// PAN-2012 predator ids, one author id per line. Without --labels, a conversation is
    /// grooming when any of its authors is listed.
    #[arg(long, value_name = "FILE")]
    predators: Option<PathBuf>,
    #[command(flatten)]
    input: CommonInput,
    /// Write the model (JSON) to this file.
    #[arg(short, long, value_name = "MODEL")]
    output: PathBuf,
    #[command(flatten)]
    fit: FitArgs,
    /// Band thresholds stored in the model: high,medium,low (default: 0.9,0.6,0.3).
    #[arg(long, value_name = "H,M,L", value_parser = parse_bands)]
    bands: Option<[f64; 3]>,
}

/// How a model is fitted (`train`, and each fold of `eval --cv`).
#[derive(clap::Args, Debug)]
struct FitArgs {
    /// L2 regularisation strength (of the mean weighted log-loss).
    #[arg(long, default_value_t = 1e-5)]
    l2: f64,
    /// Stop when the gradient norm is this fraction of its starting value.
    #[arg(long, default_value_t = 1e-5)]
    tol: f64,
    /// Most solver iterations.
    #[arg(long, default_value_t = 1000)]
    max_iter: usize,
    /// Hashed n-gram buckets = 2^bits.
    #[arg(long, default_value_t = 18)]
    ngram_bits: u32,
    /// Words per window (windows overlap by half).
    #[arg(long, default_value_t = 200)]
    window_words: usize,
}

impl FitArgs {
    fn options(&self, bands: Option<&[f64; 3]>) -> groomscan::learn::train::TrainOptions {
        groomscan::learn::train::TrainOptions {
            l2: self.l2,
            tol: self.tol,
            max_iter: self.max_iter,
            text: groomscan::detect::features::TextSpec {
                bits: self.ngram_bits,
                ..Default::default()
            },
            windows: groomscan::detect::features::WindowSpec {
                words: self.window_words,
            },
            bands: bands.map(|b| groomscan::detect::score::Bands {
                high: b[0],
                medium: b[1],
                low: b[2],
            }),
            ..Default::default()
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum CvByArg {
    /// K folds of whole author groups.
    Group,
    /// K stratified folds of conversations (author names are not identities).
    Conversation,
    /// One fold per source.
    Source,
}

#[derive(clap::Args, Debug)]
#[command(group(clap::ArgGroup::new("truth").required(true).multiple(true).args(["labels", "predators"])))]
struct EvalArgs {
    /// Labels file: TSV with columns conversation, label (grooming|benign), groomer.
    #[arg(long)]
    labels: Option<PathBuf>,
    /// PAN-2012 predator ids, one author id per line. Without --labels, a conversation is
    /// grooming when any of its authors is listed.
    #[arg(long, value_name = "FILE")]
    predators: Option<PathBuf>,
    /// PAN-2012 predatory lines: `conversation_id<TAB>line_number` per line.
    #[arg(long, value_name = "FILE")]
    predator_lines: Option<PathBuf>,
    /// Predicted predatory lines come from conversations at or above this band.
    #[arg(long, value_enum, default_value_t = BandArg::Medium)]
    line_band: BandArg,
    /// p of the eRisk latency penalty (default: penalty 0.5 at the median length).
    #[arg(long, value_name = "P")]
    latency_p: Option<f64>,
    #[command(flatten)]
    scoring: ModelChoice,
    /// Grouped K-fold cross-validation (no conversation and no author on both sides):
    /// train on K-1 folds, measure the held-out fold, report the mean and standard
    /// deviation of every measure.
    #[arg(long, value_name = "K", conflicts_with_all = ["model", "lexicon_only"])]
    cv: Option<usize>,
    /// With --cv: `group` (K folds, conversations sharing an author kept together),
    /// `conversation` (K folds, authors ignored) or `source` (leave one source out: the
    /// labels file's `source` column, else the input file).
    #[arg(long, value_enum, default_value_t = CvByArg::Group, requires = "cv")]
    cv_by: CvByArg,
    /// With --cv: seed of the fold assignment.
    #[arg(long, default_value_t = 1, requires = "cv")]
    seed: u64,
    #[command(flatten)]
    fit: FitArgs,
    #[command(flatten)]
    input: CommonInput,
    /// Output format.
    #[arg(long, value_enum, default_value_t = EvalFormat::Table)]
    format: EvalFormat,
    /// Precision@k cut-offs.
    #[arg(long, value_delimiter = ',', default_value = "5,10,20")]
    k: Vec<usize>,
}

#[derive(clap::Args, Debug)]
struct SynthArgs {
    /// Output folder (new or empty): chats go to OUT/chats, labels to OUT/labels.tsv.
    #[arg(long)]
    out: PathBuf,
    /// How many conversations to write.
    #[arg(long)]
    conversations: u64,
    /// Seed: the same count, seed and format always give the same bytes.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Export format to write.
    #[arg(long, value_enum, default_value_t = SynthFormatArg::Whatsapp)]
    format: SynthFormatArg,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum SynthFormatArg {
    Whatsapp,
    Jsonl,
}

#[derive(clap::Args, Debug)]
struct IndexArgs {
    #[command(flatten)]
    input: CommonInput,
    /// The case folder (created when missing).
    #[arg(long)]
    case: PathBuf,
    /// Score with this trained model (`groomscan train`) instead of the shipped one.
    /// The case records its model (SHA-256, and a copy of the file) on its first run;
    /// every later run must give the same model (or none, for a lexicon-only case).
    #[arg(long, value_name = "MODEL")]
    model: Option<PathBuf>,
    /// Score with the lexicon's hand-set weights alone, not the shipped model.
    #[arg(long, alias = "default-weights", conflicts_with = "model")]
    lexicon_only: bool,
    /// Also write a CASE/UCO JSON-LD provenance record of the run to this file (inputs:
    /// the files added; output: the case's manifest.json).
    #[arg(long)]
    provenance: Option<PathBuf>,
    #[command(flatten)]
    details: CaseDetailsArgs,
}

/// Whose case a report is for (shown at the top of the HTML report and in the JSON).
#[derive(clap::Args, Debug)]
struct CaseDetailsArgs {
    /// The case's reference, e.g. a crime or safeguarding reference number. A case keeps
    /// the first one given; another is refused.
    #[arg(long, value_name = "REF")]
    case_ref: Option<String>,
    /// Who ran this (recorded with the run).
    #[arg(long, value_name = "NAME")]
    examiner: Option<String>,
    /// The exhibit the files come from, e.g. the label of a seized phone (recorded with
    /// the run).
    #[arg(long, value_name = "ID")]
    exhibit: Option<String>,
}

impl CaseDetailsArgs {
    fn details(&self) -> groomscan::index::RunDetails {
        groomscan::index::RunDetails {
            case_ref: self.case_ref.clone(),
            examiner: self.examiner.clone(),
            exhibit: self.exhibit.clone(),
        }
    }
}

/// Which scorer a command uses: the shipped model (default), another trained model, or
/// the lexicon's weights alone.
#[derive(clap::Args, Debug)]
struct ModelChoice {
    /// Score with this trained model (`groomscan train`) instead of the shipped one.
    #[arg(long, value_name = "MODEL")]
    model: Option<PathBuf>,
    /// Score with the lexicon's hand-set weights alone (`lexicons/weights.toml`), not the
    /// shipped model.
    #[arg(long, alias = "default-weights", conflicts_with = "model")]
    lexicon_only: bool,
}

/// `--model` and `--default-weights` of the commands that read a case.
#[derive(clap::Args, Debug)]
struct CaseScoring {
    /// Present the case scored with this trained model. The same model as the case's
    /// (same SHA-256) uses the stored scores; another one scores every conversation
    /// again from the stored messages, in memory (the case is not changed; a note on
    /// stderr says so). Default: the scores the case was indexed with.
    #[arg(long, value_name = "MODEL")]
    model: Option<PathBuf>,
    /// Present the case scored with the default weights (scored again, as with
    /// --model, when the case was indexed with a model).
    #[arg(long, conflicts_with = "model")]
    default_weights: bool,
}

#[derive(clap::Args, Debug)]
struct RankArgs {
    /// The case folder.
    #[arg(long)]
    case: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    format: FormatArg,
    /// Write to this file instead of standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Show only the N highest-ranked conversations.
    #[arg(long)]
    top: Option<usize>,
    /// The lexicon folder the case was built with (default: the shipped lexicon).
    #[arg(long)]
    lexicon: Option<PathBuf>,
    /// Replace participant names, phone numbers and e-mail addresses by pseudonyms, as
    /// `scan --redact` does.
    #[arg(long)]
    redact: bool,
    /// Only conversations whose latest review has this status (`unreviewed`: none yet).
    #[arg(long, value_enum)]
    status: Option<StatusFilter>,
    #[command(flatten)]
    scoring: CaseScoring,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum StatusFilter {
    Reviewed,
    Escalated,
    NoConcern,
    Unreviewed,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ReviewStatusArg {
    Reviewed,
    Escalated,
    NoConcern,
}

#[derive(clap::Args, Debug)]
struct ReviewArgs {
    /// The case folder.
    #[arg(long)]
    case: PathBuf,
    /// The conversation id (as `rank` lists it); without it, the audit list is printed.
    conversation: Option<String>,
    /// The decision to record.
    #[arg(long, value_enum, requires = "conversation")]
    status: Option<ReviewStatusArg>,
    /// Why (kept with the decision).
    #[arg(long, default_value = "", requires = "status")]
    note: String,
    /// Who decides (default: the login name).
    #[arg(long, requires = "status")]
    examiner: Option<String>,
    /// Output format of the audit list.
    #[arg(long, value_enum, default_value_t = ViewFormat::Table)]
    format: ViewFormat,
}

#[derive(clap::Args, Debug)]
struct ReportArgs {
    /// The case folder.
    #[arg(long)]
    case: PathBuf,
    /// The HTML file to write.
    #[arg(short, long)]
    output: PathBuf,
    /// The lexicon folder the case was built with (default: the shipped lexicon).
    #[arg(long)]
    lexicon: Option<PathBuf>,
    /// Replace participant names, phone numbers and e-mail addresses by pseudonyms.
    #[arg(long)]
    redact: bool,
    /// Only the N highest-ranked conversations.
    #[arg(long)]
    top: Option<usize>,
    /// Only conversations whose latest review has this status (`unreviewed`: none yet).
    #[arg(long, value_enum)]
    status: Option<StatusFilter>,
    #[command(flatten)]
    scoring: CaseScoring,
}

#[derive(clap::Args, Debug)]
struct SearchArgs {
    /// The case folder.
    #[arg(long)]
    case: PathBuf,
    /// Words (all must match), "a phrase", OR, NOT, -word, field:value; `*` for all.
    query: Option<String>,
    /// Queries from a file, one a line (blank lines skipped); a message matching any of
    /// them (or QUERY) is found, as `rg -f` takes patterns.
    #[arg(short = 'f', long = "file")]
    queries_file: Option<PathBuf>,
    /// Only messages with a hit of this indicator category (e.g. image_request).
    #[arg(long)]
    category: Option<String>,
    /// Only messages by this author (the name as exported, in any letter case).
    #[arg(long)]
    author: Option<String>,
    /// Only messages of this conversation id.
    #[arg(long)]
    conversation: Option<String>,
    /// Only messages at or after this time (RFC 3339, or YYYY-MM-DD[THH:MM[:SS]] in UTC).
    #[arg(long, value_parser = parse_since)]
    since: Option<std::ops::Bound<chrono::DateTime<chrono::Utc>>>,
    /// Only messages at or before this time (a date includes the whole day).
    #[arg(long, value_parser = parse_until)]
    until: Option<std::ops::Bound<chrono::DateTime<chrono::Utc>>>,
    /// At most this many results.
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// Order of results.
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    sort: SortArg,
    /// Show N messages of the conversation before and after each hit, as `rg -C` does
    /// (table: context lines marked `-`, the hit `>`; JSON: a `context` array per result;
    /// CSV: a last `context` column).
    #[arg(short = 'C', long = "context", value_name = "N")]
    context: Option<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SearchFormat::Table)]
    format: SearchFormat,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum SearchFormat {
    Table,
    Json,
    Csv,
}

#[derive(clap::Args, Debug)]
struct ShowArgs {
    /// The case folder.
    #[arg(long)]
    case: PathBuf,
    /// Conversation id (as listed by rank or search).
    conversation: String,
    /// Show only the messages around this message number.
    #[arg(long)]
    around: Option<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ViewFormat::Table)]
    format: ViewFormat,
    /// The lexicon folder the case was built with (default: the shipped lexicon).
    #[arg(long)]
    lexicon: Option<PathBuf>,
    #[command(flatten)]
    scoring: CaseScoring,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum SortArg {
    Relevance,
    Time,
}

#[derive(clap::Args, Debug)]
struct VerifyArgs {
    /// The case folder.
    #[arg(long)]
    case: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ViewFormat::Table)]
    format: ViewFormat,
    /// List every input, not only those that changed.
    #[arg(long)]
    all: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ViewFormat {
    Table,
    Json,
}

fn parse_since(s: &str) -> Result<std::ops::Bound<chrono::DateTime<chrono::Utc>>, String> {
    groomscan::index::search::parse_time_bound(s, false)
}

fn parse_until(s: &str) -> Result<std::ops::Bound<chrono::DateTime<chrono::Utc>>, String> {
    groomscan::index::search::parse_time_bound(s, true)
}

/// The progress display of `index` on a terminal (stderr; indicatif draws nothing when
/// stderr is not a terminal).
#[derive(Default)]
struct Bar(std::sync::Mutex<Option<indicatif::ProgressBar>>);

impl Bar {
    fn replace(&self, bar: Option<indicatif::ProgressBar>) {
        let mut slot = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(old) = slot.take() {
            old.finish_and_clear();
        }
        *slot = bar;
    }

    fn spinner(&self, message: &'static str) {
        let bar = indicatif::ProgressBar::new_spinner().with_message(message);
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        self.replace(Some(bar));
    }
}

impl groomscan::index::Progress for Bar {
    fn hashing(&self) {
        self.spinner("hashing the exports");
    }
    fn reading(&self, files: u64) {
        let bar = indicatif::ProgressBar::new(files).with_style(
            indicatif::ProgressStyle::with_template(
                "reading, scanning, scoring and indexing {bar:40} {pos}/{len} files ({per_sec}, {eta})",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        self.replace(Some(bar));
    }
    fn advance(&self, files: u64) {
        if let Some(bar) = &*self.0.lock().unwrap_or_else(|e| e.into_inner()) {
            bar.inc(files);
        }
    }
    fn committing(&self) {
        self.spinner("writing and committing the index");
    }
    fn finish(&self) {
        self.replace(None);
    }
}

/// The progress display of `scan` on a terminal (stderr): files and bytes done of the
/// totals of the walk (each file's size from one stat), the rate and the time left.
struct ScanProgress {
    bar: indicatif::ProgressBar,
    /// Each walked file's size, by position.
    sizes: std::sync::OnceLock<Vec<u64>>,
    done: std::sync::atomic::AtomicUsize,
}

impl Default for ScanProgress {
    fn default() -> Self {
        // Hidden until `start` knows the totals.
        let bar = indicatif::ProgressBar::hidden().with_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} {wide_bar} {msg} files, {binary_bytes} of {binary_total_bytes}, {binary_bytes_per_sec}, {left}",
            )
            .map(|style| {
                style.with_key(
                    "left",
                    |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                        let _ = if state.pos() == 0 {
                            w.write_str("time left not known yet")
                        } else {
                            write!(w, "{:#} left", indicatif::HumanDuration(state.eta()))
                        };
                    },
                )
            })
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        ScanProgress {
            bar,
            sizes: std::sync::OnceLock::new(),
            done: std::sync::atomic::AtomicUsize::new(0),
        }
    }
}

impl ScanProgress {
    fn files(&self) -> usize {
        self.sizes.get().map_or(0, Vec::len)
    }
}

impl groomscan::pipeline::Progress for &ScanProgress {
    fn start(&self, files: &[PathBuf]) {
        let sizes: Vec<u64> = files
            .iter()
            .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
            .collect();
        self.bar.set_message(format!("0/{}", files.len()));
        let _ = self.sizes.set(sizes);
        self.bar
            .set_length(self.sizes.get().map_or(0, |s| s.iter().sum()));
        self.bar
            .set_draw_target(indicatif::ProgressDrawTarget::stderr());
        self.bar.tick();
    }

    fn done(&self, i: usize) {
        let done = self.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        let size = self
            .sizes
            .get()
            .and_then(|s| s.get(i))
            .copied()
            .unwrap_or(0);
        self.bar.set_message(format!("{done}/{}", self.files()));
        self.bar.inc(size);
    }
}

/// The report format of `scan`.
fn scan_format(f: ScanFormatArg) -> OutputFormat {
    match f {
        ScanFormatArg::Table => OutputFormat::Table,
        ScanFormatArg::Json => OutputFormat::Json,
        ScanFormatArg::Jsonl => OutputFormat::Jsonl,
        ScanFormatArg::Csv => OutputFormat::Csv,
        ScanFormatArg::Html => OutputFormat::Html,
        ScanFormatArg::Part => OutputFormat::Part,
    }
}

/// The report format of `rank`.
fn report_format(f: FormatArg) -> OutputFormat {
    match f {
        FormatArg::Table => OutputFormat::Table,
        FormatArg::Json => OutputFormat::Json,
        FormatArg::Jsonl => OutputFormat::Jsonl,
        FormatArg::Csv => OutputFormat::Csv,
        FormatArg::Html => OutputFormat::Html,
    }
}

#[derive(Subcommand, Debug)]
enum LexiconCommand {
    /// Run every entry's examples; list failures with file and entry.
    Check {
        /// Lexicon folder (default: the shipped lexicon).
        dir: Option<PathBuf>,
    },
    /// Print every literal phrase, one per line (e.g. as a pattern file for grep tools).
    Phrases {
        /// Lexicon folder (default: the shipped lexicon).
        dir: Option<PathBuf>,
    },
}

#[derive(clap::Args, Debug)]
struct WalkArgs {
    /// Export files or folders (folders are read recursively, in sorted order).
    #[arg(required_unless_present = "files_from")]
    paths: Vec<PathBuf>,
    /// Also list the paths listed in LIST, one a line (`-`: standard input).
    #[arg(long, value_name = "LIST")]
    files_from: Option<PathBuf>,
    /// Follow symbolic links inside folders.
    #[arg(long)]
    follow: bool,
    /// List hidden files and folders (names starting with '.') inside folders.
    #[arg(long)]
    hidden: bool,
    /// Also write the walk as a part for `merge` (its problems, and the files every other
    /// part of the batch must hold between them).
    #[arg(long, value_name = "FILE")]
    part: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
struct MergeArgs {
    /// Parts written by `scan --format part` (and `walk --part`).
    #[arg(required = true)]
    parts: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = MergeFormatArg::Table)]
    format: MergeFormatArg,
    /// Write to this file instead of standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Show only the N highest-ranked conversations.
    #[arg(long)]
    top: Option<usize>,
    /// Also write one CSV row per evidence message to this file.
    #[arg(long, value_name = "FILE")]
    evidence_csv: Option<PathBuf>,
    /// The lexicon folder the parts were scanned with (default: the shipped one).
    #[arg(long)]
    lexicon: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum MergeFormatArg {
    Table,
    Json,
    Jsonl,
    Csv,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ScanFormatArg {
    Table,
    Json,
    Jsonl,
    Csv,
    Html,
    /// A part of a batch for `groomscan merge` (`groomscan.part/1`, JSONL).
    Part,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum FormatArg {
    Table,
    Json,
    Jsonl,
    Csv,
    Html,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum BandArg {
    High,
    Medium,
    Low,
}

impl BandArg {
    fn band(self) -> groomscan::detect::score::Band {
        use groomscan::detect::score::Band;
        match self {
            BandArg::High => Band::High,
            BandArg::Medium => Band::Medium,
            BandArg::Low => Band::Low,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum EvalFormat {
    Table,
    Json,
}

/// `--bands H,M,L`: three thresholds, high first.
fn parse_bands(s: &str) -> Result<[f64; 3], String> {
    let v: Vec<f64> = s
        .split(',')
        .map(|x| x.trim().parse::<f64>().map_err(|e| format!("{x:?}: {e}")))
        .collect::<Result<_, _>>()?;
    <[f64; 3]>::try_from(v).map_err(|v| format!("expected three thresholds H,M,L, got {}", v.len()))
}

fn parse_format(s: &str) -> Result<Format, String> {
    Format::from_name(s).ok_or_else(|| {
        let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
        format!("unknown format {s:?}; one of: {}", names.join(", "))
    })
}

fn parse_date_order(s: &str) -> Result<DateOrder, String> {
    DateOrder::from_name(s).ok_or_else(|| {
        let names: Vec<&str> = DateOrder::ALL.iter().map(|o| o.name()).collect();
        format!("unknown date order {s:?}; one of: {}", names.join(", "))
    })
}

impl CommonInput {
    /// What to read, as library configuration.
    fn config(&self) -> Result<Config, Error> {
        walk_config(
            &self.paths,
            self.files_from.as_deref(),
            self.follow,
            self.hidden,
        )
        .map(|config| Config {
            ingest: IngestOptions {
                timezone: self.timezone.clone(),
                input_format: self.input_format,
                date_order: self.date_order,
            },
            ..config
        })
    }
}

/// The paths named (`PATH...` and the lines of `--files-from LIST`) and how folders are
/// walked, as library configuration.
fn walk_config(
    paths: &[PathBuf],
    files_from: Option<&std::path::Path>,
    follow: bool,
    hidden: bool,
) -> Result<Config, Error> {
    let mut config = Config {
        paths: paths.to_vec(),
        walk: groomscan::ingest::WalkOptions { follow, hidden },
        ..Config::default()
    };
    if let Some(list) = files_from {
        let (listed, errors) =
            groomscan::ingest::read_list(list).map_err(|e| app::io_error(Some(list), e))?;
        config.paths.extend(listed);
        config.errors = errors;
    }
    Ok(config)
}

impl ModelChoice {
    fn choice(&self) -> app::ModelChoice {
        match (&self.model, self.lexicon_only) {
            (Some(p), _) => app::ModelChoice::File(p.clone()),
            (None, true) => app::ModelChoice::LexiconOnly,
            (None, false) => app::ModelChoice::Shipped,
        }
    }
}

/// The worker threads, the configuration and the engine of a command that reads inputs.
fn setup(input: &CommonInput, choice: &app::ModelChoice) -> Result<(Config, Engine), Error> {
    app::set_threads(input.threads)?;
    let engine = Engine::load(input.lexicon.as_deref(), choice)?;
    if let Some(note) = engine.note {
        say("note: ", note);
    }
    Ok((input.config()?, engine))
}

/// Refuses, before any input is read, an output that is an input, lies inside an input
/// folder or cannot be created (`groomscan::outputs`).
fn check_outputs(inputs: &[PathBuf], outputs: &[(&str, Option<&PathBuf>)]) -> Result<(), Error> {
    let outputs: Vec<groomscan::outputs::Output> = outputs
        .iter()
        .filter_map(|&(flag, path)| path.map(|p| groomscan::outputs::Output { flag, path: p }))
        .collect();
    groomscan::outputs::check(&outputs, inputs)
}

/// Writes one line on stderr, terminal-safe (`report::terminal_safe`): paths, archive
/// member names and messages come from the evidence, and an escape sequence in a file name
/// must not reach the terminal (issue 14).
pub fn say(what: &str, text: impl std::fmt::Display) {
    eprintln!(
        "groomscan: {what}{}",
        report::terminal_safe(&text.to_string())
    );
}

/// Names what was skipped on stderr: the first few in full, then a count (the output's
/// `errors` list, or the table's summary, has them all).
fn print_skipped(errors: &[groomscan::error::InputError]) {
    const SHOWN: usize = 20;
    for e in errors.iter().take(SHOWN) {
        say("skipped: ", e);
    }
    if errors.len() > SHOWN {
        eprintln!(
            "groomscan: ... and {} more skipped record(s); every one is listed in the report's errors",
            errors.len() - SHOWN
        );
    }
}

fn command_line() -> Vec<String> {
    std::env::args().collect()
}

fn scan(args: ScanArgs, color: ColorChoice) -> Result<ExitStatus, BoxError> {
    let (config, engine) = setup(&args.input, &args.scoring.choice())?;
    check_outputs(
        &config.paths,
        &[
            ("-o", args.output.as_ref()),
            ("--provenance", args.provenance.as_ref()),
            ("--evidence-csv", args.evidence_csv.as_ref()),
        ],
    )?;
    let command_line = command_line();
    let d = args.details.details();
    let case = groomscan::report::CaseDetails {
        reference: d.case_ref,
        examiners: d.examiner.into_iter().collect(),
        exhibits: d.exhibit.into_iter().collect(),
    };
    let job = app::ScanJob {
        format: scan_format(args.format),
        output: args.output.as_deref(),
        evidence_csv: args.evidence_csv.as_deref(),
        provenance: args.provenance.as_deref(),
        top: args.top,
        redact: args.redact,
        command_line: &command_line,
        case: Some(&case),
        color,
    };
    let run = if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        let progress = ScanProgress::default();
        let run = app::scan(&config, &engine, &job, &progress);
        progress.bar.finish_and_clear();
        run
    } else {
        app::scan(&config, &engine, &job, || {})
    };
    let run = run?;
    print_skipped(&run.errors);
    Ok(run.exit_status())
}

fn walk(args: WalkArgs) -> Result<ExitStatus, BoxError> {
    let config = walk_config(
        &args.paths,
        args.files_from.as_deref(),
        args.follow,
        args.hidden,
    )?;
    check_outputs(&config.paths, &[("--part", args.part.as_ref())])?;
    let head = app::walk(&config);
    if let Some(path) = &args.part {
        app::write_to(Some(path), |out| {
            serde_json::to_writer(&mut *out, &head)?;
            writeln!(out)
        })?;
    }
    app::write_to(None, |out| {
        for f in head.walked.iter().flatten() {
            writeln!(out, "{f}")?;
        }
        Ok(())
    })?;
    print_skipped(&head.parts.walk_errors);
    Ok(ExitStatus::of(&head.parts.walk_errors))
}

fn merge(args: MergeArgs) -> Result<ExitStatus, BoxError> {
    check_outputs(
        &args.parts,
        &[
            ("-o", args.output.as_ref()),
            ("--evidence-csv", args.evidence_csv.as_ref()),
        ],
    )?;
    let format = match args.format {
        MergeFormatArg::Table => OutputFormat::Table,
        MergeFormatArg::Json => OutputFormat::Json,
        MergeFormatArg::Jsonl => OutputFormat::Jsonl,
        MergeFormatArg::Csv => OutputFormat::Csv,
    };
    let job = app::MergeJob {
        format,
        output: args.output.as_deref(),
        evidence_csv: args.evidence_csv.as_deref(),
        top: args.top,
        lexicon: args.lexicon.as_deref(),
    };
    let run = app::merge(&args.parts, &job)?;
    print_skipped(&run.errors);
    Ok(run.exit_status())
}

fn lexicon(command: LexiconCommand) -> Result<ExitStatus, BoxError> {
    match command {
        LexiconCommand::Check { dir } => {
            let lexicon = Engine::load(dir.as_deref(), &app::ModelChoice::LexiconOnly)?.lexicon;
            let failures = lexicon.check();
            for f in &failures {
                println!("FAIL {f}");
            }
            for language in lexicon.languages() {
                let of = |e: &&groomscan::detect::lexicon::Entry| &e.language == language;
                let entries = lexicon.entries().iter().filter(of).count();
                let failed = failures
                    .iter()
                    .filter(|f| lexicon.entries().iter().any(|e| e.id == f.entry && of(&e)))
                    .count();
                println!("{language}: {entries} entries, {failed} failure(s)");
            }
            println!(
                "{} entries, {} failure(s); lexicon {} sha256 {}",
                lexicon.entries().len(),
                failures.len(),
                lexicon.version,
                lexicon.sha256
            );
            Ok(if failures.is_empty() {
                ExitStatus::Ok
            } else {
                ExitStatus::Error
            })
        }
        LexiconCommand::Phrases { dir } => {
            let lexicon = match &dir {
                Some(d) => Lexicon::from_dir(d)?,
                None => Lexicon::builtin()?,
            };
            app::write_to(None, |out| {
                for p in lexicon.entries().iter().flat_map(|e| &e.phrases) {
                    writeln!(out, "{p}")?;
                }
                Ok(())
            })?;
            Ok(ExitStatus::Ok)
        }
    }
}

fn index(args: IndexArgs) -> Result<ExitStatus, BoxError> {
    let started = chrono::Utc::now();
    let choice = ModelChoice {
        model: args.model.clone(),
        lexicon_only: args.lexicon_only,
    };
    let (config, engine) = setup(&args.input, &choice.choice())?;
    check_outputs(&config.paths, &[("--provenance", args.provenance.as_ref())])?;
    let info = engine.info();
    let Engine {
        lexicon,
        weights,
        model,
        ..
    } = engine;
    let model = model.map(groomscan::index::CaseModel::of);
    let mut case = groomscan::index::Case::open(&args.case, true)?;
    if let Some(w) = case.tokenizer_warning() {
        say("warning: ", w);
    }
    let details = args.details.details();
    case.describe_run(details.clone())?;
    let summary = if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        case.add(&config, &lexicon, &weights, model.as_ref(), &Bar::default())?
    } else {
        let quiet = &groomscan::index::Quiet;
        case.add(&config, &lexicon, &weights, model.as_ref(), quiet)?
    };
    app::write_to(None, |out| {
        write_index_summary(out, &summary, &case, &args.case)
    })?;
    if !summary.committed && !details.is_empty() {
        say(
            "note: ",
            "nothing was added, so --case-ref, --examiner and --exhibit were not recorded",
        );
    }
    if let Some(path) = &args.provenance {
        let manifest = args.case.join("manifest.json");
        let outputs: Vec<&std::path::Path> = if manifest.is_file() {
            vec![&manifest]
        } else {
            Vec::new()
        };
        app::write_provenance(
            path,
            &app::RunOf {
                action: "groomscan index",
                command_line: &command_line(),
                started,
                inputs: &summary.inputs,
                outputs: &outputs,
                lexicon: &lexicon,
                model: info.as_ref(),
            },
        )?;
    }
    for e in &summary.errors {
        say("skipped: ", e);
    }
    Ok(ExitStatus::of(&summary.errors))
}

/// What `index` says when it is done: what was added, and the case as it now stands.
fn write_index_summary(
    out: &mut impl Write,
    summary: &groomscan::index::AddSummary,
    case: &groomscan::index::Case,
    dir: &std::path::Path,
) -> std::io::Result<()> {
    if summary.committed {
        writeln!(
            out,
            "Added {} file(s): {} conversation(s), {} message(s); {} file(s) already in the case.",
            summary.files_added,
            summary.conversations,
            summary.messages,
            summary.files_already_in_case
        )?;
    } else {
        writeln!(
            out,
            "Nothing new to add ({} file(s) already in the case).",
            summary.files_already_in_case
        )?;
    }
    if let Some(m) = case.manifest() {
        writeln!(
            out,
            "Case {}: {} file(s), {} message(s), lexicon {}.",
            dir.display(),
            m.inputs.len(),
            m.messages(),
            m.lexicon.version
        )?;
        if let Some(r) = &m.model {
            writeln!(out, "{}", report::model_sentence(&r.path, &r.sha256))?;
        }
    }
    Ok(())
}

/// The lexicon (and its weights) a case was built with, and what `--model` /
/// `--default-weights` ask of it.
fn case_engine(
    lexicon: Option<&std::path::Path>,
    args: &CaseScoring,
) -> Result<(Engine, groomscan::index::Scoring), Error> {
    use groomscan::index::Scoring;
    let choice = match &args.model {
        Some(p) => app::ModelChoice::File(p.clone()),
        None => app::ModelChoice::LexiconOnly,
    };
    let mut engine = Engine::load(lexicon, &choice)?;
    let scoring = match engine.model.take() {
        Some(m) => Scoring::Model(Box::new(m)),
        None if args.default_weights => Scoring::Default,
        None => Scoring::Stored,
    };
    Ok((engine, scoring))
}

/// `rank` and `report`: the ranked conversations of a case, from the stored scores.
fn rank(args: RankArgs, color: ColorChoice) -> Result<ExitStatus, BoxError> {
    let started = chrono::Utc::now();
    check_outputs(
        std::slice::from_ref(&args.case),
        &[("-o", args.output.as_ref())],
    )?;
    let (engine, scoring) = case_engine(args.lexicon.as_deref(), &args.scoring)?;
    let case = groomscan::index::Case::open(&args.case, false)?;
    let applied = case.scoring(&engine.lexicon, &engine.weights, scoring)?;
    let details = case.details();
    let reviews = case.reviews()?;
    let keep = |id: &str| {
        let got = reviews.get(id).map(|r| r.status);
        match args.status {
            None => true,
            Some(StatusFilter::Unreviewed) => got.is_none(),
            Some(StatusFilter::Reviewed) => got == Some(ReviewStatus::Reviewed),
            Some(StatusFilter::Escalated) => got == Some(ReviewStatus::Escalated),
            Some(StatusFilter::NoConcern) => got == Some(ReviewStatus::NoConcern),
        }
    };
    let model = applied.info();
    let command_line = command_line();
    let ctx = ReportContext {
        top: args.top,
        redact: args.redact,
        command_line: &command_line,
        started: Some(started),
        ended: Some(chrono::Utc::now()),
        model: model.as_ref(),
        case: Some(&details),
        reviews: Some(&reviews),
        terminal: Terminal::for_output(args.output.as_deref(), color),
        ..ReportContext::new(&engine.lexicon, applied.weights(&engine.weights))
    };
    let job = app::CaseJob {
        format: report_format(args.format),
        output: args.output.as_deref(),
        keep: &keep,
    };
    let ranked = app::write_case(&case, &engine, &applied, &job, &ctx)?;
    if args.status.is_some() {
        let (_, of) = case.counts()?;
        say(
            "note: ",
            format!(
                "{ranked} of {of} conversation(s) have that review status; ranks count those only"
            ),
        );
    }
    if let Some(note) = applied.note(ranked) {
        say("note: ", note);
    }
    Ok(ExitStatus::Ok)
}

fn search(args: SearchArgs, color: ColorChoice) -> Result<ExitStatus, BoxError> {
    use groomscan::index::search::{self, SearchRequest, SortBy};
    let or_queries = match &args.queries_file {
        Some(path) => std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the queries file {}: {e}", path.display()))?
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect(),
        None => Vec::new(),
    };
    let case = groomscan::index::Case::open(&args.case, false)?;
    let request = SearchRequest {
        query: args.query.unwrap_or_default(),
        or_queries,
        category: args.category,
        author: args.author,
        conversation: args.conversation,
        since: args.since,
        until: args.until,
        limit: args.limit,
        sort: match args.sort {
            SortArg::Relevance => SortBy::Relevance,
            SortArg::Time => SortBy::Time,
        },
        context: args.context,
    };
    if let Some(w) = case.tokenizer_warning() {
        say("warning: ", w);
    }
    let result = case.search(&request)?;
    app::write_to(None, |out| match args.format {
        SearchFormat::Table => {
            search::write_table(out, &result, &Terminal::for_output(None, color))
        }
        SearchFormat::Json => search::write_json(out, &result),
        SearchFormat::Csv => search::write_csv(out, &result),
    })?;
    Ok(ExitStatus::Ok)
}

fn review(args: ReviewArgs) -> Result<ExitStatus, BoxError> {
    use groomscan::index::review;
    let case = groomscan::index::Case::open(&args.case, false)?;
    if let (Some(id), Some(status)) = (&args.conversation, args.status) {
        let status = match status {
            ReviewStatusArg::Reviewed => ReviewStatus::Reviewed,
            ReviewStatusArg::Escalated => ReviewStatus::Escalated,
            ReviewStatusArg::NoConcern => ReviewStatus::NoConcern,
        };
        let examiner = args
            .examiner
            .or_else(|| std::env::var("USER").ok())
            .or_else(|| std::env::var("LOGNAME").ok())
            .unwrap_or_else(|| "unknown".into());
        let r = case.review(id, status, &args.note, &examiner)?;
        app::write_to(None, |out| review::write_log(out, std::slice::from_ref(&r)))?;
        return Ok(ExitStatus::Ok);
    }
    let mut log = case.review_log()?;
    if let Some(id) = &args.conversation {
        log.retain(|r| &r.conversation == id);
    }
    app::write_to(None, |out| match args.format {
        ViewFormat::Table => review::write_log(out, &log),
        ViewFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &log)?;
            writeln!(out)
        }
    })?;
    Ok(ExitStatus::Ok)
}

fn verify(args: VerifyArgs) -> Result<ExitStatus, BoxError> {
    use groomscan::index::verify;
    let case = groomscan::index::Case::open(&args.case, false)?;
    let v = case.verify();
    app::write_to(None, |out| match args.format {
        ViewFormat::Table => verify::write_table(out, &v, args.all),
        ViewFormat::Json => verify::write_json(out, &v),
    })?;
    Ok(if v.intact() {
        ExitStatus::Ok
    } else {
        ExitStatus::EvidenceChanged
    })
}

fn show(args: ShowArgs, color: ColorChoice) -> Result<ExitStatus, BoxError> {
    use groomscan::index::show::{self, Transcript};
    let (engine, scoring) = case_engine(args.lexicon.as_deref(), &args.scoring)?;
    let case = groomscan::index::Case::open(&args.case, false)?;
    let (scored, rank, of, applied) = case.conversation_as(
        &engine.lexicon,
        &engine.weights,
        scoring,
        &args.conversation,
    )?;
    if let Some(note) = applied.note(of) {
        say("note: ", note);
    }
    let n = scored.conversation.messages.len();
    if let Some(m) = args.around
        && (m == 0 || m > n)
    {
        return Err(format!(
            "--around {m}: conversation {} has {n} message(s), numbered 1 to {n}",
            scored.conversation.id
        )
        .into());
    }
    let model = applied.info();
    let mut reviews = case.review_log()?;
    reviews.retain(|r| r.conversation == scored.conversation.id);
    let transcript = Transcript {
        scored: &scored,
        rank,
        of,
        around: args.around,
        model: model.as_ref(),
        reviews: &reviews,
    };
    let ctx = ReportContext {
        model: model.as_ref(),
        ..ReportContext::new(&engine.lexicon, applied.weights(&engine.weights))
    };
    app::write_to(None, |out| match args.format {
        ViewFormat::Table => {
            show::write_table(out, &transcript, &Terminal::for_output(None, color))
        }
        ViewFormat::Json => show::write_json(out, &transcript, &ctx),
    })?;
    Ok(ExitStatus::Ok)
}

fn eval(args: EvalArgs) -> Result<ExitStatus, BoxError> {
    // Cross-validation trains its own models from the lexicon's features.
    let choice = match args.cv {
        Some(_) => app::ModelChoice::LexiconOnly,
        None => args.scoring.choice(),
    };
    let (config, engine) = setup(&args.input, &choice)?;
    let truth = app::read_truth(
        args.labels.as_deref(),
        args.predators.as_deref(),
        args.predator_lines.as_deref(),
    )?;
    let opts = groomscan::learn::eval::Options {
        ks: args.k.clone(),
        line_band: args.line_band.band(),
        latency_p: args.latency_p,
    };
    let fit = args.fit.options(None);
    let cv = args.cv.map(|k| {
        let by = match args.cv_by {
            CvByArg::Group => FoldBy::Group,
            CvByArg::Conversation => FoldBy::Conversation,
            CvByArg::Source => FoldBy::Source,
        };
        let cv = CvOptions {
            by,
            k,
            seed: args.seed,
        };
        (cv, &fit)
    });
    let format = match args.format {
        EvalFormat::Table => app::MetricsFormat::Table,
        EvalFormat::Json => app::MetricsFormat::Json,
    };
    let run = app::evaluate(&config, &engine, &truth, &opts, cv, format)?;
    print_skipped(&run.errors);
    Ok(run.exit_status())
}

fn train(args: TrainArgs) -> Result<ExitStatus, BoxError> {
    let (config, engine) = setup(&args.input, &app::ModelChoice::LexiconOnly)?;
    check_outputs(&config.paths, &[("-o", Some(&args.output))])?;
    let truth = app::read_truth(args.labels.as_deref(), args.predators.as_deref(), None)?;
    let truth_files: Vec<&std::path::Path> = args
        .labels
        .iter()
        .chain(&args.predators)
        .map(PathBuf::as_path)
        .collect();
    let opts = args.fit.options(args.bands.as_ref());
    let run = app::train(&config, &engine, &truth, &truth_files, &opts, &args.output)?;
    print_skipped(&run.errors);
    Ok(run.exit_status())
}

fn synth(args: SynthArgs) -> Result<ExitStatus, BoxError> {
    let format = match args.format {
        SynthFormatArg::Whatsapp => groomscan::synth::SynthFormat::Whatsapp,
        SynthFormatArg::Jsonl => groomscan::synth::SynthFormat::Jsonl,
    };
    let config =
        groomscan::synth::Config::new(args.out.clone(), args.conversations, args.seed, format);
    let summary = groomscan::synth::generate(&config)?;
    let line = format!(
        "{summary}; chats in {}, labels in {}",
        args.out.join(groomscan::synth::CHATS_DIR).display(),
        args.out.join("labels.tsv").display()
    );
    eprintln!("groomscan synth: {}", report::terminal_safe(&line));
    Ok(ExitStatus::Ok)
}

/// Parses the command line and runs the command; the exit status is the process's.
pub fn main() -> Result<ExitStatus, BoxError> {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            e.print()?;
            return Ok(if e.use_stderr() {
                ExitStatus::Error
            } else {
                ExitStatus::Ok
            });
        }
    };
    let color = cli.color.choice();
    match cli.command {
        Command::Scan(args) => scan(args, color),
        Command::Lexicon(command) => lexicon(command),
        Command::Index(args) => index(args),
        Command::Report(args) => rank(
            RankArgs {
                case: args.case,
                format: FormatArg::Html,
                output: Some(args.output),
                top: args.top,
                lexicon: args.lexicon,
                redact: args.redact,
                status: args.status,
                scoring: args.scoring,
            },
            color,
        ),
        Command::Rank(args) => rank(args, color),
        Command::Search(args) => search(args, color),
        Command::Show(args) => show(args, color),
        Command::Verify(args) => verify(args),
        Command::Review(args) => review(args),
        Command::Eval(args) => eval(args),
        Command::Train(args) => train(args),
        Command::Synth(args) => synth(args),
        Command::Walk(args) => walk(args),
        Command::Merge(args) => merge(args),
        Command::Completions { shell } => completions(shell),
        Command::Man { subcommand } => man(subcommand.as_deref()),
    }
}

/// `completions SHELL`: the script, generated from the flags defined here (into memory
/// first: clap_complete panics on a write error, such as a closed pipe).
fn completions(shell: clap_complete::Shell) -> Result<ExitStatus, BoxError> {
    use clap::CommandFactory;
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "groomscan", &mut script);
    app::write_to(None, |out| out.write_all(&script))?;
    Ok(ExitStatus::Ok)
}

/// `man [SUBCOMMAND]`: the manual page of groomscan or of one subcommand
/// (`groomscan-scan`), generated from the flags defined here.
fn man(subcommand: Option<&str>) -> Result<ExitStatus, BoxError> {
    use clap::CommandFactory;
    let mut cli = Cli::command();
    cli.build();
    let page = match subcommand {
        None => cli,
        Some(name) => {
            let Some(sub) = cli.find_subcommand(name) else {
                let names: Vec<&str> = cli.get_subcommands().map(|c| c.get_name()).collect();
                return Err(
                    format!("man: no subcommand {name:?}; one of: {}", names.join(", ")).into(),
                );
            };
            sub.clone().version(env!("CARGO_PKG_VERSION"))
        }
    };
    app::write_to(None, |out| clap_mangen::Man::new(page).render(out))?;
    Ok(ExitStatus::Ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clap_definition_is_valid() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
