//! What the commands do once their flags are read, as library calls the CLI and the tests
//! share: which scorer a run uses (`Engine`), the scan policy (a run held in memory for
//! the HTML report and redaction, streamed in bounded memory otherwise) with its side
//! outputs, metrics and cross-validation (`evaluate`), training (`train`), and the
//! provenance record of any run. Exit codes come from `pipeline::ExitStatus`.

use crate::detect::lexicon::Lexicon;
use crate::detect::score::ModelInfo;
use crate::detect::score::{Scorer, Weights};
use crate::error::{Error, Result};
use crate::learn::eval::{self, GroundTruth};
use crate::learn::train::{self, TrainOptions, TrainedModel};
use crate::model::InputFile;
use crate::pipeline::{self, Config, RunResult};
use crate::report::terminal::{ColorChoice, Terminal};
use crate::report::{self, OutputFormat, ReportContext};
use chrono::{DateTime, Utc};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Which scorer a command uses.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum ModelChoice {
    /// The shipped model (`models/default.model`, built into the binary).
    #[default]
    Shipped,
    /// A trained model file (`groomscan train`).
    File(PathBuf),
    /// The lexicon's hand-set weights alone (`lexicons/weights.toml`).
    LexiconOnly,
}

/// The lexicon, its weights and the trained model a run scores with.
pub struct Engine {
    pub lexicon: Lexicon,
    /// The lexicon's own weights (`lexicons/weights.toml`, or the custom lexicon's).
    pub weights: Weights,
    pub model: Option<TrainedModel>,
    /// Said on stderr when the choice could not be honoured as asked (the shipped model
    /// with another `--lexicon`).
    pub note: Option<&'static str>,
}

impl Engine {
    /// Loads the lexicon (`dir`, or the shipped one) and the chosen scorer. The shipped
    /// model applies only with the lexicon it was trained with: with another one the
    /// lexicon's weights are used, and `note` says so.
    pub fn load(dir: Option<&Path>, choice: &ModelChoice) -> Result<Engine> {
        let lexicon = match dir {
            Some(d) => Lexicon::from_dir(d)?,
            None => Lexicon::builtin()?,
        };
        let weights = Weights::for_lexicon(&lexicon)?;
        let (model, note) = match choice {
            ModelChoice::LexiconOnly => (None, None),
            ModelChoice::File(p) => (Some(TrainedModel::load(p, &lexicon, &weights)?), None),
            ModelChoice::Shipped => match TrainedModel::shipped(&lexicon, &weights)? {
                Some(m) => (Some(m), None),
                None => (
                    None,
                    Some(
                        "the shipped model was trained with the shipped lexicon; with this --lexicon, scoring uses its weights alone",
                    ),
                ),
            },
        };
        Ok(Engine {
            lexicon,
            weights,
            model,
            note,
        })
    }

    /// The scorer of every conversation.
    pub fn scorer(&self) -> Scorer<'_> {
        match &self.model {
            Some(m) => m.scorer(),
            None => Scorer::new(&self.weights),
        }
    }

    /// The weights scores are read against: the model's (engine weights and bands) or the
    /// lexicon's.
    pub fn scoring_weights(&self) -> &Weights {
        self.model.as_ref().map_or(&self.weights, |m| &m.weights)
    }

    /// What reports say about the model, if one scores.
    pub fn info(&self) -> Option<ModelInfo> {
        self.model.as_ref().map(TrainedModel::info)
    }
}

/// Sets the number of worker threads for the whole process (`--threads`; all cores when
/// `None`). Output does not depend on it.
pub fn set_threads(n: Option<usize>) -> Result<()> {
    if let Some(n) = n {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .map_err(|e| Error::Usage(format!("cannot start {n} worker thread(s): {e}")))?;
    }
    Ok(())
}

/// Opens an output: a file (created or truncated) or standard output.
pub fn create_output(path: Option<&Path>) -> Result<Box<dyn Write>> {
    Ok(match path {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).map_err(|e| io_error(Some(p), e))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    })
}

/// An I/O error on an output (`None`: standard output).
pub fn io_error(path: Option<&Path>, source: std::io::Error) -> Error {
    Error::Io {
        path: path.map_or_else(
            || "standard output".to_string(),
            |p| p.display().to_string(),
        ),
        source,
    }
}

/// Writes with `write` into the output at `path` (or standard output), then flushes.
pub fn write_to(
    path: Option<&Path>,
    write: impl FnOnce(&mut Box<dyn Write>) -> std::io::Result<()>,
) -> Result<()> {
    let mut out = create_output(path)?;
    write(&mut out)
        .and_then(|()| out.flush())
        .map_err(|e| io_error(path, e))
}

/// What a `scan` writes.
pub struct ScanJob<'a> {
    pub format: OutputFormat,
    /// The report (`-o`); standard output when `None`.
    pub output: Option<&'a Path>,
    /// One CSV row per evidence message (`--evidence-csv`).
    pub evidence_csv: Option<&'a Path>,
    /// The CASE/UCO record of the run (`--provenance`).
    pub provenance: Option<&'a Path>,
    pub top: Option<usize>,
    pub redact: bool,
    pub command_line: &'a [String],
    /// The case reference, examiner and exhibit the report names.
    pub case: Option<&'a report::CaseDetails>,
    /// `--color`: the table on standard output may be coloured and fitted to the terminal
    /// (`report::terminal`); a report written to a file never is.
    pub color: ColorChoice,
}

/// `scan`: reads, scores and ranks every conversation of `config`, writes the report and
/// its side outputs. The HTML report and redaction (which numbers names across the whole
/// run) work on the run held in memory; every other format is streamed in bounded memory
/// (`scan_streamed`). Returns the run (without its conversations when streamed) for the
/// summary and the exit status. `progress` hears of the files and of each file read when
/// streamed (`pipeline::Progress`).
pub fn scan(
    config: &Config,
    engine: &Engine,
    job: &ScanJob,
    progress: impl pipeline::Progress,
) -> Result<RunResult> {
    let started = Utc::now();
    let info = engine.info();
    let scorer = engine.scorer();
    let ctx = ReportContext {
        top: job.top,
        redact: job.redact,
        command_line: job.command_line,
        started: Some(started),
        model: info.as_ref(),
        case: job.case,
        terminal: Terminal::for_output(job.output, job.color),
        ..ReportContext::new(&engine.lexicon, engine.scoring_weights())
    };
    if job.format == OutputFormat::Part
        && (job.redact || job.evidence_csv.is_some() || job.top.is_some())
    {
        return Err(Error::Usage(
            "--format part holds every conversation with its evidence, for merge: --top, --redact and --evidence-csv do not apply (give them to merge)".into(),
        ));
    }
    let run = if job.format == OutputFormat::Part {
        let ctx = ReportContext {
            terminal: Terminal::PLAIN,
            ..ctx
        };
        scan_part(config, engine, &scorer, job, &ctx, progress)?
    } else if job.format == OutputFormat::Html || job.redact {
        let mut run = pipeline::run_with(config, &engine.lexicon, &scorer);
        run.drop_duplicates();
        let ctx = ReportContext {
            ended: Some(Utc::now()),
            ..ctx
        };
        write_to(job.output, |out| report::write(out, job.format, &run, &ctx))?;
        if let Some(path) = job.evidence_csv {
            write_to(Some(path), |out| {
                report::write_evidence_csv(out, &run, &ctx)
            })?;
        }
        run
    } else {
        scan_streamed(config, engine, &scorer, job, &ctx, progress)?
    };
    if let Some(path) = job.provenance {
        let outputs: Vec<&Path> = job
            .output
            .iter()
            .chain(&job.evidence_csv)
            .copied()
            .collect();
        write_provenance(
            path,
            &RunOf {
                action: "groomscan scan",
                command_line: job.command_line,
                started,
                inputs: &run.inputs,
                outputs: &outputs,
                lexicon: &engine.lexicon,
                model: info.as_ref(),
            },
        )?;
    }
    Ok(run)
}

/// `scan` in bounded memory: every conversation is rendered as soon as it is scored and
/// its bytes wait in a scratch file until the ranking is known (`report::spool`). Returns
/// the run without its conversations (inputs, errors, assumptions).
fn scan_streamed(
    config: &Config,
    engine: &Engine,
    scorer: &Scorer,
    job: &ScanJob,
    ctx: &ReportContext,
    progress: impl pipeline::Progress,
) -> Result<RunResult> {
    use crate::report::spool::{self, Renderer};
    let spool = scratch_spool()?;
    let renderer = Renderer {
        format: job.format,
        evidence_csv: job.evidence_csv.is_some(),
        ctx,
        spool: &spool,
    };
    let (run, entries) = pipeline::stream(config, &engine.lexicon, scorer, progress, |s| {
        renderer.render(&s)
    });
    let mut entries = spooled(entries)?;
    spool::sort(&mut entries);
    let mut run = run;
    run.duplicates = spool::drop_duplicates(&mut entries);
    let ranking = spool::Ranking::new(&entries, &spool);
    let ctx = ReportContext {
        ended: Some(Utc::now()),
        ..*ctx
    };
    write_to(job.output, |out| {
        report::write_ranked(out, job.format, &run, &ranking, &ctx)
    })?;
    if let Some(path) = job.evidence_csv {
        write_to(Some(path), |out| {
            report::csv::write_evidence(out, &ranking, &ctx)
        })?;
    }
    Ok(run)
}

/// `scan --format part`: a part of a batch for `merge` (`report::part`), streamed as
/// `scan_streamed` streams. Duplicates are left in: `merge` finds them across parts.
fn scan_part(
    config: &Config,
    engine: &Engine,
    scorer: &Scorer,
    job: &ScanJob,
    ctx: &ReportContext,
    progress: impl pipeline::Progress,
) -> Result<RunResult> {
    use crate::report::part;
    use crate::report::spool::{self, Renderer};
    let spool = scratch_spool()?;
    let renderer = Renderer {
        format: OutputFormat::Part,
        evidence_csv: false,
        ctx,
        spool: &spool,
    };
    let (parts, entries) = pipeline::stream_parts(config, &engine.lexicon, scorer, progress, |s| {
        renderer.render(&s)
    });
    let mut entries = spooled(entries)?;
    spool::sort(&mut entries);
    let head = part::Head {
        schema: part::SCHEMA.into(),
        tool: part::Tool::this(),
        scan: Some(part::ScanHead::of(ctx)),
        walked: None,
        parts,
    };
    let ranking = spool::Ranking::new(&entries, &spool);
    write_to(job.output, |out| part::write(out, &head, &ranking))?;
    Ok(head.parts.into_run())
}

/// `walk`: the files a scan of `config` reads, in its order, and the walk as a part for
/// `merge` (no conversations; its `walked` list is what the other parts must hold, and
/// its errors are the listing's and the walk's).
pub fn walk(config: &Config) -> crate::report::part::Head {
    use crate::report::part;
    let (files, walk_errors) = crate::ingest::walk_paths(&config.paths, config.walk);
    let mut errors = config.errors.clone();
    errors.extend(walk_errors);
    part::Head {
        schema: part::SCHEMA.into(),
        tool: part::Tool::this(),
        scan: None,
        walked: Some(files.iter().map(|f| f.display().to_string()).collect()),
        parts: pipeline::Parts {
            walk_errors: errors,
            ..Default::default()
        },
    }
}

/// What `merge` writes.
pub struct MergeJob<'a> {
    /// Table, JSON, JSONL or CSV (HTML needs the conversations themselves).
    pub format: OutputFormat,
    /// The report (`-o`); standard output when `None`.
    pub output: Option<&'a Path>,
    /// One CSV row per evidence message (`--evidence-csv`).
    pub evidence_csv: Option<&'a Path>,
    pub top: Option<usize>,
    /// The lexicon folder the parts were scanned with (`--lexicon`); the shipped one
    /// when `None`. Only its version and hash are used: they must be the parts'.
    pub lexicon: Option<&'a Path>,
}

/// `merge`: puts the parts of a batch (`scan --format part`, and `walk --part`) together
/// into the report one `scan` of all their files gives, byte for byte: the conversations
/// ranked by `pipeline::order`, one chat read in two parts ranked once, and the inputs,
/// errors and assumptions in the order one run lists them (the walks' errors in the
/// order the parts are given, then each file's in walk order, then the merge notes). In
/// bounded memory: a part is read a line at a time, each conversation's fragment goes to
/// a scratch file, and a ranking key stays in memory, as in `scan`. Refuses parts of
/// another groomscan version, lexicon, model or case, a file in two parts, and (with a
/// walk part) a walked file in no part.
pub fn merge(parts: &[PathBuf], job: &MergeJob) -> Result<RunResult> {
    use crate::report::part::{self, Head, Line};
    use crate::report::spool;
    use std::io::BufRead;
    if matches!(job.format, OutputFormat::Html | OutputFormat::Part) {
        return Err(Error::Usage(
            "merge writes table, json, jsonl or csv".into(),
        ));
    }
    let engine = Engine::load(job.lexicon, &ModelChoice::LexiconOnly)?;
    let spool = scratch_spool()?;
    let mut entries = Vec::new();
    let mut scan_head: Option<(part::ScanHead, String)> = None;
    let mut walked: Option<Vec<String>> = None;
    let mut all = pipeline::Parts::default();
    for path in parts {
        let name = path.display().to_string();
        let bad = |line: Option<u64>, message: String| Error::Part {
            path: name.clone(),
            line,
            message,
        };
        let file = std::fs::File::open(path).map_err(|e| bad(None, e.to_string()))?;
        let mut lines = std::io::BufReader::new(file).lines();
        let first = lines
            .next()
            .ok_or_else(|| bad(None, "empty: not a groomscan part".into()))?
            .map_err(|e| bad(Some(1), e.to_string()))?;
        let head: Head = serde_json::from_str(&first)
            .map_err(|e| bad(Some(1), format!("not a {} head: {e}", part::SCHEMA)))?;
        if head.schema != part::SCHEMA {
            return Err(bad(
                Some(1),
                format!("schema {:?}; merge reads {:?}", head.schema, part::SCHEMA),
            ));
        }
        if head.tool != part::Tool::this() {
            return Err(bad(
                Some(1),
                format!(
                    "written by {} {}; parts are merged by the version that wrote them ({})",
                    head.tool.name,
                    head.tool.version,
                    env!("CARGO_PKG_VERSION")
                ),
            ));
        }
        if let Some(s) = &head.scan {
            match &scan_head {
                None => scan_head = Some((s.clone(), name.clone())),
                Some((first, first_name)) if first != s => {
                    return Err(bad(
                        Some(1),
                        format!(
                            "scanned with another lexicon, model or case details than {first_name}: scores of two scorers cannot be ranked together"
                        ),
                    ));
                }
                Some(_) => {}
            }
        }
        if let Some(w) = head.walked {
            walked.get_or_insert_with(Vec::new).extend(w);
        }
        all.walk_errors.extend(head.parts.walk_errors);
        all.files.extend(head.parts.files);
        all.notes.extend(head.parts.notes);
        for (i, line) in lines.enumerate() {
            let at = Some(i as u64 + 2);
            let line = line.map_err(|e| bad(at, e.to_string()))?;
            let line: Line = serde_json::from_str(&line)
                .map_err(|e| bad(at, format!("not a conversation line: {e}")))?;
            entries.push(
                spool
                    .push_line(line, job.format, job.evidence_csv.is_some())
                    .map_err(|e| Error::Usage(format!("cannot write to the scratch file: {e}")))?,
            );
        }
    }
    // The files in walk order (sorted paths, as `ingest::walk_paths` sorts them); a
    // stable sort keeps each part's own order among equals.
    all.files
        .sort_by(|a, b| Path::new(&a.path).cmp(Path::new(&b.path)));
    if let Some(twice) = all.files.windows(2).find(|w| w[0].path == w[1].path) {
        return Err(Error::Usage(format!(
            "{} is in two parts: each file must be scanned in exactly one part",
            twice[0].path
        )));
    }
    if let Some(walked) = &mut walked {
        walked.sort_by(|a, b| Path::new(a).cmp(Path::new(b)));
        let held: Vec<&str> = all.files.iter().map(|f| f.path.as_str()).collect();
        if let Some(missing) = walked.iter().find(|w| {
            held.binary_search_by(|h| Path::new(h).cmp(Path::new(w)))
                .is_err()
        }) {
            return Err(Error::Usage(format!(
                "{missing} was walked but is in no part: a part is missing"
            )));
        }
    }
    // A merge note goes where its chat's first file is (notes of one file keep their
    // order: a stable sort).
    let position = |file: &str| {
        all.files
            .binary_search_by(|f| Path::new(&f.path).cmp(Path::new(file)))
            .unwrap_or(usize::MAX)
    };
    let mut notes = std::mem::take(&mut all.notes);
    notes.sort_by_key(|n| position(&n.file));
    all.notes = notes;
    let mut run = all.into_run();
    spool::sort(&mut entries);
    run.duplicates = spool::drop_duplicates(&mut entries);
    let model = match scan_head.as_ref().and_then(|(s, _)| s.model.as_ref()) {
        None => None,
        Some(m) if m.schema == crate::learn::train::SCHEMA => Some(ModelInfo {
            sha256: m.sha256.clone(),
            path: m.path.clone(),
            schema: crate::learn::train::SCHEMA,
        }),
        Some(m) => {
            return Err(Error::Usage(format!(
                "the parts were scored with a model of schema {:?}; this version reads {:?}",
                m.schema,
                crate::learn::train::SCHEMA
            )));
        }
    };
    if let Some((s, name)) = &scan_head
        && (s.lexicon.version != engine.lexicon.version
            || s.lexicon.sha256 != engine.lexicon.sha256)
    {
        return Err(Error::Usage(format!(
            "{name} was scanned with lexicon {} (sha256 {}); give merge that lexicon with --lexicon",
            s.lexicon.version, s.lexicon.sha256
        )));
    }
    let case = scan_head.map(|(s, _)| s.case).unwrap_or_default();
    let ctx = ReportContext {
        top: job.top,
        model: model.as_ref(),
        case: Some(&case),
        ..ReportContext::new(&engine.lexicon, &engine.weights)
    };
    let ranking = spool::Ranking::new(&entries, &spool);
    write_to(job.output, |out| {
        report::write_ranked(out, job.format, &run, &ranking, &ctx)
    })?;
    if let Some(path) = job.evidence_csv {
        write_to(Some(path), |out| {
            report::csv::write_evidence(out, &ranking, &ctx)
        })?;
    }
    Ok(run)
}

/// What `rank` and `report` write from a case.
pub struct CaseJob<'a> {
    pub format: OutputFormat,
    /// The report (`-o`); standard output when `None`.
    pub output: Option<&'a Path>,
    /// Which conversations to rank, by id (`rank --status`); the others are not ranked.
    pub keep: &'a (dyn Fn(&str) -> bool + Sync),
}

/// `rank` and `report`: writes the ranked conversations of a case to `job.output` (see
/// `write_case_into`). Returns how many conversations were ranked.
pub fn write_case(
    case: &crate::index::Case,
    engine: &Engine,
    applied: &crate::index::Applied,
    job: &CaseJob,
    ctx: &ReportContext,
) -> Result<usize> {
    let mut out = create_output(job.output)?;
    let ranked = write_case_into(
        &mut out,
        case,
        (&engine.lexicon, &engine.weights),
        applied,
        job,
        ctx,
    )?;
    out.flush().map_err(|e| io_error(job.output, e))?;
    Ok(ranked)
}

/// Writes the ranked conversations of a case into `out`, scored as `applied` says (the
/// lexicon and its default weights in `engine`), in bounded memory: only a ranking key
/// per conversation stays in memory, and each conversation is read from the case again
/// (machine formats: rendered once into a scratch file, as `scan` does; HTML: read again
/// when its section is written). Redaction (`ctx.redact`), which numbers names across the
/// whole run, holds the case in memory. Returns how many conversations were ranked.
pub fn write_case_into(
    out: &mut dyn Write,
    case: &crate::index::Case,
    (lexicon, default): (&Lexicon, &Weights),
    applied: &crate::index::Applied,
    job: &CaseJob,
    ctx: &ReportContext,
) -> Result<usize> {
    use crate::report::spool::{self, Renderer};
    let written = |r: std::io::Result<()>| r.map_err(|e| io_error(job.output, e));
    if ctx.redact {
        let mut run = case.ranked_in_memory_as(lexicon, default, applied)?;
        run.conversations.retain(|s| (job.keep)(&s.conversation.id));
        run.drop_duplicates();
        written(report::write(&mut &mut *out, job.format, &run, ctx))?;
        return Ok(run.conversations.len());
    }
    let reading = case.reading(lexicon)?;
    let mut head = case.run_head();
    if job.format == OutputFormat::Html {
        let mut keys = reading.map_scored(lexicon, default, applied, job.keep, |place, s| {
            Ok(CaseKey {
                content_sha256: s.content_sha256,
                score: s.assessment.score,
                band: s.assessment.band,
                messages: s.conversation.messages.len(),
                id: s.conversation.id,
                source: s.conversation.source,
                place,
            })
        })?;
        keys.sort_by(|a, b| {
            pipeline::order((a.score, &a.id, &a.source), (b.score, &b.id, &b.source))
        });
        head.duplicates = pipeline::drop_duplicates(&mut keys, |k| {
            (k.content_sha256.as_deref(), &k.id, &k.source)
        });
        let ranked = CaseRanking {
            reading: &reading,
            keys: &keys,
            lexicon,
            default,
            applied,
        };
        written(report::html::write_from(
            &mut &mut *out,
            &head,
            &ranked,
            ctx,
        ))?;
        return Ok(keys.len());
    }
    let spool = scratch_spool()?;
    let renderer = Renderer {
        format: job.format,
        evidence_csv: false,
        ctx,
        spool: &spool,
    };
    let mut entries = reading.map_scored(lexicon, default, applied, job.keep, |_, s| {
        renderer
            .render(&s)
            .map_err(|e| crate::index::CaseError::Io {
                path: "the scratch file".into(),
                source: e,
            })
    })?;
    spool::sort(&mut entries);
    head.duplicates = spool::drop_duplicates(&mut entries);
    let ranking = spool::Ranking::new(&entries, &spool);
    written(report::write_ranked(
        &mut &mut *out,
        job.format,
        &head,
        &ranking,
        ctx,
    ))?;
    Ok(entries.len())
}

/// The entries of conversations rendered into the scratch spool, or why one was not.
fn spooled(
    entries: Vec<std::io::Result<crate::report::spool::Entry>>,
) -> Result<Vec<crate::report::spool::Entry>> {
    entries
        .into_iter()
        .collect::<std::io::Result<Vec<_>>>()
        .map_err(|e| Error::Usage(format!("cannot write to the scratch file: {e}")))
}

/// The scratch file rendered conversations wait in until the ranking is known.
fn scratch_spool() -> Result<crate::report::spool::Spool> {
    crate::report::spool::Spool::scratch_file().map_err(|e| {
        Error::Usage(format!(
            "cannot create a scratch file in the temporary folder (set TMPDIR): {e}"
        ))
    })
}

/// What `write_case` keeps in memory of one conversation for the HTML report.
struct CaseKey {
    content_sha256: Option<String>,
    score: f64,
    band: crate::detect::score::Band,
    messages: usize,
    id: String,
    source: String,
    place: crate::index::Place,
}

/// A case's ranking for the HTML writer: keys in rank order, each conversation read from
/// the case again (and scored again, when `applied` says so) when it is written.
struct CaseRanking<'a> {
    reading: &'a crate::index::Reading<'a>,
    keys: &'a [CaseKey],
    lexicon: &'a Lexicon,
    default: &'a Weights,
    applied: &'a crate::index::Applied,
}

impl report::html::Conversations for CaseRanking<'_> {
    fn len(&self) -> usize {
        self.keys.len()
    }
    fn band(&self, rank: usize) -> crate::detect::score::Band {
        self.keys[rank].band
    }
    fn messages(&self) -> usize {
        self.keys.iter().map(|k| k.messages).sum()
    }
    fn each(
        &self,
        ranks: &[usize],
        f: &mut dyn FnMut(usize, &pipeline::Scored),
    ) -> std::io::Result<()> {
        use rayon::prelude::*;
        // A few at a time, read in parallel, handed on in order.
        for chunk in ranks.chunks(64) {
            let loaded = chunk
                .par_iter()
                .map(|&r| {
                    self.reading.load_as(
                        self.keys[r].place,
                        self.lexicon,
                        self.default,
                        self.applied,
                    )
                })
                .collect::<std::result::Result<Vec<_>, _>>()
                .map_err(std::io::Error::other)?;
            for (&r, s) in chunk.iter().zip(&loaded) {
                f(r, s);
            }
        }
        Ok(())
    }
}

/// A run as its provenance record names it.
pub struct RunOf<'a> {
    pub action: &'static str,
    pub command_line: &'a [String],
    pub started: DateTime<Utc>,
    pub inputs: &'a [InputFile],
    /// The files the run wrote, hashed now (they must exist).
    pub outputs: &'a [&'a Path],
    pub lexicon: &'a Lexicon,
    pub model: Option<&'a ModelInfo>,
}

/// Writes the CASE/UCO JSON-LD record of a run to `path` (`--provenance`), ended now.
pub fn write_provenance(path: &Path, run: &RunOf) -> Result<()> {
    let outputs = run
        .outputs
        .iter()
        .map(|p| crate::provenance::OutputFile::of(p).map_err(|e| io_error(Some(p), e)))
        .collect::<Result<Vec<_>>>()?;
    let record = crate::provenance::RunRecord {
        action: run.action,
        command_line: run.command_line,
        started: run.started,
        ended: Utc::now(),
        inputs: run.inputs,
        outputs: &outputs,
        lexicon: run.lexicon,
        model: run.model,
    };
    write_to(Some(path), |out| crate::provenance::write(out, &record))
}

/// Reads the ground-truth files given (`--labels`, `--predators`, `--predator-lines`).
pub fn read_truth(
    labels: Option<&Path>,
    predators: Option<&Path>,
    lines: Option<&Path>,
) -> Result<GroundTruth> {
    Ok(GroundTruth {
        labels: labels.map(eval::read_labels).transpose()?,
        predators: predators.map(eval::read_predators).transpose()?,
        lines: lines.map(eval::read_predator_lines).transpose()?,
    })
}

/// How `evaluate` reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MetricsFormat {
    Table,
    Json,
}

/// `eval`: the metrics of the engine's scores against `truth`, or with `cv` the
/// cross-validated metrics of models trained with `fit` (the engine's model is then not
/// used), written to standard output. Returns the run for its errors.
pub fn evaluate(
    config: &Config,
    engine: &Engine,
    truth: &GroundTruth,
    opts: &eval::Options,
    cv: Option<(train::CvOptions, &TrainOptions)>,
    format: MetricsFormat,
) -> Result<RunResult> {
    let (lexicon, weights) = (&engine.lexicon, &engine.weights);
    if let Some((cv, fit)) = cv {
        let run = pipeline::run(config, lexicon, weights);
        let report = train::cross_validate(&run, truth, lexicon, weights, fit, opts, cv)?;
        write_to(None, |out| match format {
            MetricsFormat::Json => write_json(out, &report),
            MetricsFormat::Table => train::write_cv_table(out, &report),
        })?;
        return Ok(run);
    }
    let run = pipeline::run_with(config, lexicon, &engine.scorer());
    let mut report = eval::evaluate(&run, truth, &engine.scoring_weights().bands, opts);
    report.model = engine.info();
    write_to(None, |out| match format {
        MetricsFormat::Json => write_json(out, &report),
        MetricsFormat::Table => eval::write_table(out, &report),
    })?;
    Ok(run)
}

fn write_json(out: &mut impl Write, value: &impl serde::Serialize) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

/// `train`: fits a model on the labelled conversations of `config` and writes it to
/// `output` once it has been checked to load; prints what was fitted. Returns the run
/// for its errors.
pub fn train(
    config: &Config,
    engine: &Engine,
    truth: &GroundTruth,
    truth_files: &[&Path],
    opts: &TrainOptions,
    output: &Path,
) -> Result<RunResult> {
    let started = std::time::Instant::now();
    let (lexicon, weights) = (&engine.lexicon, &engine.weights);
    let truth_files = truth_files
        .iter()
        .map(|p| train::FileRef::of(p))
        .collect::<Result<Vec<_>>>()?;
    let corpus = train::corpus(config, lexicon, weights, truth, opts);
    let read = started.elapsed();
    let file = train::train(&corpus, lexicon, truth_files, opts)?;
    let bytes = file.to_bytes();
    let path = output.display().to_string();
    let model = TrainedModel::parse(&path, &bytes, lexicon, weights)?;
    std::fs::write(output, &bytes).map_err(|e| io_error(Some(output), e))?;
    let t = &file.training;
    write_to(None, |out| {
        writeln!(
            out,
            "Trained on {} conversation(s) ({} grooming; {} unlabelled skipped) as {} window(s) ({} grooming): {} in {} L-BFGS iteration(s), objective {:.6}, gradient norm {:.3e} (start {:.3e}).",
            t.conversations,
            t.positives,
            corpus.unlabelled,
            t.windows,
            t.positive_windows,
            if t.converged {
                "converged"
            } else {
                "NOT converged"
            },
            t.iterations,
            t.objective,
            t.grad_norm,
            t.grad_norm0
        )?;
        writeln!(
            out,
            "Model {path}: sha256 {}, {} engine feature(s). Features {:.1} s, total {:.1} s.",
            model.sha256,
            file.engine.len(),
            read.as_secs_f64(),
            started.elapsed().as_secs_f64()
        )
    })?;
    Ok(corpus.run)
}
