//! Learning from labelled corpora (`groomscan train`), applying what was learnt (the
//! shipped default model, or `--model`), and cross-validating both (`eval --cv`).
//!
//! Owns the model file (`groomscan.model/2`), the training examples, the fit, and the
//! trained model's assessment of a conversation. The model is logistic over windows
//! (`features::WindowSpec`):
//!
//! ```text
//! window logit = bias + sum(text_weight[b] * tfidf[b]) + sum(engine_weight[j] * z[j])
//! conversation logit = the highest window logit
//! ```
//!
//! `tfidf` is the window's text vector (`features`: word 1-2-grams and character 2-5-grams
//! inside words, sublinear TF, IDF learnt here and stored, L2-normalised), and `z[j]` the
//! engine's evidence over the same messages (`score::engine_features_in`: the lexicon's
//! categories for the top author, breadth, escalation, stated ages and age gap, dampeners),
//! standardised with the training set's mean and deviation after clipping to the training
//! range. Engine features that are constant on the training set are dropped, and `length`
//! is never used, so none can act as a second bias or let length decide. The first alert
//! is the last message of the first window whose score reaches "high".
//!
//! A participant's risk is the same model over windows of their own messages only (their
//! directed evidence and their text), lowered by `minor_only` when every age they state is
//! a minor's: someone who only ever says they are 14 is very unlikely to be the groomer.
//!
//! Training: every window of every labelled conversation is an example with the
//! conversation's label; classes weighted `n / (2 n_class)` ("balanced", grooming is
//! rare); the L2-regularised objective minimised by `solver` (L-BFGS to a relative
//! gradient norm). The same inputs, labels and options give the same model bytes on any
//! thread count; the model's id is the SHA-256 of those bytes.
//!
//! It does not read files itself beyond the model file: `pipeline` reads the inputs.

use crate::detect::features::{self, Gram, TextSpec, WindowSpec};
use crate::detect::lexicon::Lexicon;
use crate::detect::scan::ScanResult;
use crate::detect::score::{
    Assessment, Band, Bands, ENGINE_FEATURE_NAMES, ENGINE_FEATURES, EngineFeatures, Explanation,
    Feature, FirstPoints, Level, Part, Role, Running, Scorer, Weights, sigmoid,
};
use crate::error::Error;
use crate::learn::eval::{EvalReport, GroundTruth, Label};
use crate::learn::solver::{self, Csr};
use crate::model::{Conversation, InputFile};
use crate::pipeline::{self, Config, RunResult, Scored};
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

pub const SCHEMA: &str = "groomscan.model/2";

/// The shipped model, trained from `../shared/training` by the command in `docs/MODEL.md`.
pub const DEFAULT_MODEL: &[u8] = include_bytes!("../../models/default.model");
pub const DEFAULT_MODEL_PATH: &str = "models/default.model";

/// N-gram parts named in an explanation (the rest is one part).
const TOP_NGRAMS: usize = 5;

/// Engine features a model never uses: `length` would let length decide.
const NEVER: &[&str] = &["length"];

/// The model file (JSON). Field order is fixed: the bytes are hashed.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ModelFile {
    pub schema: String,
    pub tool: ToolInfo,
    /// The lexicon the engine features were computed with; a model is only applied with
    /// the same lexicon.
    pub lexicon: LexiconRef,
    pub text: TextSpec,
    pub windows: WindowSpec,
    /// How window logits become the conversation's.
    pub aggregate: String,
    pub bias: f64,
    /// The engine features used, with their standardisation and weight.
    pub engine: Vec<EngineFeature>,
    /// Added to a participant's logit when every age they state is under 18.
    pub minor_only: f64,
    /// The participant model (windows of one author's own messages, groomer or not),
    /// when the training data named the groomers; else participants are scored with the
    /// conversation model over their own messages.
    pub participant: Option<ParticipantPart>,
    /// Inverse document frequency per bucket: little-endian f32, base64.
    pub idf: String,
    /// Weight per bucket: little-endian f32, base64.
    pub text_weights: String,
    /// Score thresholds of the bands.
    pub bands: Bands,
    pub training: TrainingInfo,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ToolInfo {
    pub name: String,
    pub version: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LexiconRef {
    pub version: String,
    pub sha256: String,
}

/// One engine feature of a model: `z = (clamp(x, min, max) - mean) / std`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct EngineFeature {
    pub name: String,
    pub mean: f64,
    pub std: f64,
    pub min: f64,
    pub max: f64,
    pub weight: f64,
}

/// The participant model: the same features (and IDF) as the conversation model, its own
/// weights.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ParticipantPart {
    pub bias: f64,
    pub engine: Vec<EngineFeature>,
    /// Weight per bucket: little-endian f32, base64.
    pub text_weights: String,
    pub iterations: usize,
    pub converged: bool,
    pub windows: usize,
    pub positive_windows: usize,
}

/// How the model was trained.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TrainingInfo {
    pub l2: f64,
    pub tol: f64,
    pub iterations: usize,
    pub converged: bool,
    /// Gradient norm at the solution and at the start.
    pub grad_norm: f64,
    pub grad_norm0: f64,
    /// The objective at the solution.
    pub objective: f64,
    /// Weight of a benign and of a grooming window.
    pub class_weights: [f64; 2],
    pub conversations: usize,
    pub positives: usize,
    pub windows: usize,
    pub positive_windows: usize,
    /// The ground-truth files (labels, predators) and their SHA-256.
    pub truth: Vec<FileRef>,
    /// The input files and their SHA-256.
    pub inputs: Vec<FileRef>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct FileRef {
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
}

impl FileRef {
    pub fn of(path: &Path) -> Result<FileRef, Error> {
        let bytes = std::fs::read(path).map_err(|e| Error::Io {
            path: path.display().to_string(),
            source: e,
        })?;
        Ok(FileRef {
            path: path.display().to_string(),
            sha256: crate::hash::sha256_hex(&bytes),
            bytes: bytes.len() as u64,
        })
    }

    fn input(i: &InputFile) -> FileRef {
        FileRef {
            path: i.path.clone(),
            sha256: i.sha256.clone(),
            bytes: i.bytes,
        }
    }
}

/// Training options.
#[derive(Clone, Debug)]
pub struct TrainOptions {
    pub l2: f64,
    pub tol: f64,
    pub max_iter: usize,
    pub text: TextSpec,
    pub windows: WindowSpec,
    pub minor_only: f64,
    /// Band thresholds stored in the model; `None`: `DEFAULT_BANDS`.
    pub bands: Option<Bands>,
}

/// Bands of a trained model unless `--bands` says otherwise.
pub const DEFAULT_BANDS: [f64; 3] = [0.9, 0.6, 0.3];

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            l2: 1e-5,
            tol: 1e-5,
            max_iter: 1000,
            text: TextSpec::default(),
            windows: WindowSpec::default(),
            minor_only: -4.0,
            bands: None,
        }
    }
}

impl TrainOptions {
    fn check(&self) -> Result<(), Error> {
        self.text.check().map_err(Error::Usage)?;
        if !(self.l2 > 0.0 && self.l2.is_finite()) {
            return Err(Error::Usage(format!("--l2 {} must be above 0", self.l2)));
        }
        if self.windows.words == 0 {
            return Err(Error::Usage("--window-words must be at least 1".into()));
        }
        Ok(())
    }
}

/// One window of a labelled conversation, as features.
#[derive(Clone, Debug)]
pub struct Example {
    /// Index of the conversation in the corpus.
    pub conversation: usize,
    /// `(bucket, count)` by bucket.
    pub counts: Vec<(u32, u32)>,
    pub engine: [f64; ENGINE_FEATURES],
    /// For a conversation window: the conversation is grooming. For a participant window
    /// (`participant`): this author is the groomer.
    pub grooming: bool,
    /// A window of one author's messages (for the participant model).
    pub participant: bool,
}

/// Above this much message text, a conversation's n-gram buckets are not all held at
/// once (`MessageGrams::bounded`): they take about nine times the text's bytes (a 100 MB
/// chat needed 1.2 GB for them), so each window's are computed when it is scored, the
/// window before's reused where the two overlap. Same counts, so the same scores; about
/// three times the n-gram work for such a chat (each pass reads its messages again).
const KEEP_GRAMS_UP_TO: usize = 16 << 20;

/// `(bucket, count)` pairs sorted by bucket (`features::counts`).
type Counts = Vec<(u32, u32)>;

/// The n-gram bucket counts and word count of every message.
#[derive(Clone, Default)]
struct MessageGrams<'c> {
    /// Every message's bucket counts (`features::counts`: sorted by bucket), unless
    /// `recompute` is set (then empty). A window's counts merge these sorted runs.
    buckets: Vec<Counts>,
    words: Vec<usize>,
    recompute: Option<Recompute<'c>>,
    /// Messages before this have had their buckets freed (`forget_before`).
    forgotten: usize,
}

/// Where the buckets of a conversation too large to hold them come from.
#[derive(Clone)]
struct Recompute<'c> {
    messages: &'c [crate::model::Message],
    spec: &'c TextSpec,
    /// The bucket counts of the last window counted, by message index (ascending).
    last: std::cell::RefCell<Vec<(usize, Counts)>>,
}

impl<'c> MessageGrams<'c> {
    fn of(conversation: &Conversation, spec: &TextSpec) -> MessageGrams<'c> {
        let mut grams = MessageGrams {
            buckets: Vec::with_capacity(conversation.messages.len()),
            words: Vec::with_capacity(conversation.messages.len()),
            recompute: None,
            forgotten: 0,
        };
        for m in &conversation.messages {
            grams.push(m, spec);
        }
        grams
    }

    /// `of`, or for a conversation over `keep_up_to` bytes of text (`KEEP_GRAMS_UP_TO`),
    /// the word counts only, with the buckets computed window by window.
    fn bounded(
        conversation: &'c Conversation,
        spec: &'c TextSpec,
        keep_up_to: usize,
    ) -> MessageGrams<'c> {
        let text: usize = conversation.messages.iter().map(|m| m.text.len()).sum();
        if text <= keep_up_to {
            return MessageGrams::of(conversation, spec);
        }
        MessageGrams {
            buckets: Vec::new(),
            words: conversation
                .messages
                .iter()
                .map(|m| features::word_count(&m.text))
                .collect(),
            recompute: Some(Recompute {
                messages: &conversation.messages,
                spec,
                last: Default::default(),
            }),
            forgotten: 0,
        }
    }

    /// Whether every message's buckets are held (not `bounded`'s window by window).
    fn kept(&self) -> bool {
        self.recompute.is_none()
    }

    /// Frees the buckets of messages before `start` (a running score that has moved past
    /// them never reads them again).
    fn forget_before(&mut self, start: usize) {
        let start = start.min(self.buckets.len());
        for b in &mut self.buckets[self.forgotten.min(start)..start] {
            *b = Vec::new();
        }
        self.forgotten = self.forgotten.max(start);
    }

    /// Adds the next message.
    fn push(&mut self, m: &crate::model::Message, spec: &TextSpec) {
        self.buckets.push(message_counts(spec, &m.text));
        self.words.push(features::word_count(&m.text));
    }

    /// Bucket counts over the messages `messages` (ascending).
    fn counts(&self, messages: impl Iterator<Item = usize>) -> Vec<(u32, u32)> {
        let mut all = Vec::new();
        let Some(r) = &self.recompute else {
            for i in messages {
                all.extend_from_slice(&self.buckets[i]);
            }
            return features::merge_counts(all);
        };
        let mut last = r.last.borrow_mut();
        let mut now = Vec::new();
        for i in messages {
            let b = match last.binary_search_by_key(&i, |(j, _)| *j) {
                Ok(k) => std::mem::take(&mut last[k].1),
                Err(_) => message_counts(r.spec, &r.messages[i].text),
            };
            all.extend_from_slice(&b);
            now.push((i, b));
        }
        *last = now;
        features::merge_counts(all)
    }
}

/// The bucket counts of one message's n-grams.
fn message_counts(spec: &TextSpec, text: &str) -> Counts {
    let mut b = Vec::new();
    spec.buckets_of(text, &mut b);
    features::counts(b)
}

/// A window of a conversation: the messages it covers (0-based indices), optionally only
/// one author's.
#[derive(Clone, Debug)]
struct Window {
    /// The messages of the window, in order (never empty).
    messages: Vec<usize>,
    author: Option<usize>,
}

impl Window {
    /// Conversation messages from the first to the last of the window.
    fn span(&self) -> Range<usize> {
        let first = self.messages.first().copied().unwrap_or(0);
        first..self.messages.last().map_or(first, |l| l + 1)
    }
}

/// The windows of the whole conversation.
fn conversation_windows(grams: &MessageGrams<'_>, spec: &WindowSpec) -> Vec<Window> {
    spec.windows(&grams.words)
        .into_iter()
        .map(|r| Window {
            messages: r.collect(),
            author: None,
        })
        .collect()
}

/// The windows over one author's messages (`mine`: their 0-based indices, in order).
fn author_windows(
    grams: &MessageGrams<'_>,
    spec: &WindowSpec,
    mine: &[usize],
    author: usize,
) -> Vec<Window> {
    let words: Vec<usize> = mine.iter().map(|&i| grams.words[i]).collect();
    spec.windows(&words)
        .into_iter()
        .map(|r| Window {
            messages: mine[r].to_vec(),
            author: Some(author),
        })
        .collect()
}

/// The examples of one labelled conversation: one per window, and when the groomer is
/// known (`groomers`: the predator ids; every author of a benign conversation is not
/// one), one per window of each author's own messages.
pub fn examples_of(
    conversation: &Conversation,
    scan: &ScanResult,
    lexicon: &Lexicon,
    (default, opts): (&Weights, &TrainOptions),
    grooming: bool,
    groomers: Option<&crate::learn::eval::Predators>,
) -> Vec<Example> {
    let grams = MessageGrams::of(conversation, &opts.text);
    let engine = EngineFeatures::new(conversation, scan, lexicon, default);
    let example = |w: &Window, grooming: bool| Example {
        conversation: 0,
        counts: grams.counts(w.messages.iter().copied()),
        engine: engine.of(w.span(), w.author),
        grooming,
        participant: w.author.is_some(),
    };
    let mut out: Vec<Example> = conversation_windows(&grams, &opts.windows)
        .iter()
        .map(|w| example(w, grooming))
        .collect();
    let Some(groomers) = groomers else {
        return out;
    };
    let authors = engine.authors();
    if grooming && !authors.iter().any(|a| groomers.contains(&**a)) {
        return out;
    }
    for (a, name) in authors.iter().enumerate() {
        let mine: Vec<usize> = (0..conversation.messages.len())
            .filter(|&i| *conversation.messages[i].author == **name)
            .collect();
        let is = grooming && groomers.contains(&**name);
        for w in author_windows(&grams, &opts.windows, &mine, a) {
            out.push(example(&w, is));
        }
    }
    out
}

/// Learnt parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct Fitted {
    pub bias: f64,
    pub engine: Vec<EngineFeature>,
    pub idf: Vec<f32>,
    pub text_weights: Vec<f32>,
    pub class_weights: [f64; 2],
    pub solution: solver::Solution,
    pub windows: usize,
    pub positive_windows: usize,
}

/// The conversation model and, when there are groomer-labelled participant windows, the
/// participant model.
pub struct FittedPair {
    pub conversation: Fitted,
    pub participant: Option<Fitted>,
}

/// Fits both models on the examples of the conversations `train` accepts (by the
/// example's conversation index).
pub fn fit_pair(
    examples: &[Example],
    train: &dyn Fn(usize) -> bool,
    opts: &TrainOptions,
) -> Result<FittedPair, Error> {
    let rows = |participant: bool| -> Vec<usize> {
        (0..examples.len())
            .filter(|&r| examples[r].participant == participant && train(examples[r].conversation))
            .collect()
    };
    let conversation = fit(examples, &rows(false), opts)?;
    let people = rows(true);
    let participant = if people.iter().any(|&r| examples[r].grooming) {
        Some(fit_with(examples, &people, opts, Some(&conversation.idf))?)
    } else {
        None
    };
    Ok(FittedPair {
        conversation,
        participant,
    })
}

/// Fits the model on `examples[i]` for `i` in `subset`.
pub fn fit(examples: &[Example], subset: &[usize], opts: &TrainOptions) -> Result<Fitted, Error> {
    fit_with(examples, subset, opts, None)
}

/// `fit`, with the inverse document frequencies given (the participant model uses the
/// conversation model's) or learnt from the subset.
pub fn fit_with(
    examples: &[Example],
    subset: &[usize],
    opts: &TrainOptions,
    idf: Option<&[f32]>,
) -> Result<Fitted, Error> {
    opts.check()?;
    let n = subset.len();
    let positives = subset.iter().filter(|&&i| examples[i].grooming).count();
    if positives == 0 || positives == n {
        return Err(Error::Usage(format!(
            "training needs both grooming and benign windows ({positives} of {n} are grooming)"
        )));
    }
    let buckets = opts.text.buckets();
    let idf = match idf {
        Some(v) => v.to_vec(),
        None => {
            let mut df = vec![0u32; buckets];
            for &i in subset {
                for &(b, _) in &examples[i].counts {
                    df[b as usize] += 1;
                }
            }
            features::idf(&df, n)
        }
    };
    // engine statistics over the subset
    let mut engine = Vec::new();
    let mut kept = Vec::new();
    for (j, name) in ENGINE_FEATURE_NAMES.iter().enumerate() {
        if NEVER.contains(name) {
            continue;
        }
        let xs = subset.iter().map(|&i| examples[i].engine[j]);
        let (min, max) = xs
            .clone()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
                (a.min(x), b.max(x))
            });
        let mean = xs.clone().sum::<f64>() / n as f64;
        let var = xs.map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64;
        if var.is_nan() || var <= 1e-12 {
            continue;
        }
        kept.push(j);
        engine.push(EngineFeature {
            name: name.to_string(),
            mean,
            std: var.sqrt(),
            min,
            max,
            weight: 0.0,
        });
    }
    let mut x = Csr::new(buckets + engine.len());
    for &i in subset {
        let e = &examples[i];
        let text = features::tfidf(&e.counts, &idf);
        let eng = engine
            .iter()
            .zip(&kept)
            .enumerate()
            .map(|(k, (f, &j))| ((buckets + k) as u32, standardise(f, e.engine[j]) as f32));
        x.push_row(text.into_iter().chain(eng));
    }
    let labels: Vec<bool> = subset.iter().map(|&i| examples[i].grooming).collect();
    let class_weights = [
        n as f64 / (2.0 * (n - positives) as f64),
        n as f64 / (2.0 * positives as f64),
    ];
    let weights: Vec<f64> = labels
        .iter()
        .map(|&g| class_weights[usize::from(g)])
        .collect();
    let solution = solver::solve(
        &x,
        &labels,
        &weights,
        &solver::Settings {
            l2: opts.l2,
            tol: opts.tol,
            max_iter: opts.max_iter,
            ..solver::Settings::default()
        },
    );
    for (k, f) in engine.iter_mut().enumerate() {
        f.weight = solution.weights[buckets + k];
    }
    Ok(Fitted {
        bias: solution.bias,
        engine,
        idf,
        text_weights: solution.weights[..buckets]
            .iter()
            .map(|&w| w as f32)
            .collect(),
        class_weights,
        windows: n,
        positive_windows: positives,
        solution,
    })
}

fn standardise(f: &EngineFeature, x: f64) -> f64 {
    (x.clamp(f.min, f.max) - f.mean) / f.std
}

/// The training corpus: every labelled conversation of the inputs, scanned, with the
/// examples of its windows.
pub struct Corpus {
    pub run: RunResult,
    pub examples: Vec<Example>,
    pub conversations: usize,
    pub positives: usize,
    /// Conversations with no label (not used).
    pub unlabelled: usize,
}

/// Reads the inputs and turns every labelled conversation into examples (in parallel,
/// keeping input order; conversation texts are not kept).
pub fn corpus(
    config: &Config,
    lexicon: &Lexicon,
    default: &Weights,
    truth: &GroundTruth,
    opts: &TrainOptions,
) -> Corpus {
    let (run, per) = pipeline::map_conversations(config, |c| {
        crate::learn::eval::label_of(&c, truth).map(|(_, l): (String, Label)| {
            let scan = crate::detect::scan::scan(&c, lexicon);
            (
                l.grooming,
                examples_of(
                    &c,
                    &scan,
                    lexicon,
                    (default, opts),
                    l.grooming,
                    truth.predators.as_ref(),
                ),
            )
        })
    });
    let unlabelled = per.iter().filter(|e| e.is_none()).count();
    let mut examples = Vec::new();
    let mut conversations = 0;
    let mut positives = 0;
    for (grooming, ex) in per.into_iter().flatten() {
        positives += usize::from(grooming);
        examples.extend(ex.into_iter().map(|mut e| {
            e.conversation = conversations;
            e
        }));
        conversations += 1;
    }
    Corpus {
        run,
        examples,
        conversations,
        positives,
        unlabelled,
    }
}

fn encode_f32(v: &[f32]) -> String {
    let bytes: Vec<u8> = v.iter().flat_map(|x| x.to_le_bytes()).collect();
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn decode_f32(s: &str, len: usize) -> Result<Vec<f32>, String> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(s)
        .map_err(|e| format!("not base64: {e}"))?;
    if bytes.len() != 4 * len {
        return Err(format!("{} values, expected {len}", bytes.len() / 4));
    }
    Ok(bytes
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect())
}

/// Trains on a corpus and builds the model file.
pub fn train(
    corpus: &Corpus,
    lexicon: &Lexicon,
    truth_files: Vec<FileRef>,
    opts: &TrainOptions,
) -> Result<ModelFile, Error> {
    let fitted = fit_pair(&corpus.examples, &|_| true, opts)?;
    let inputs = corpus.run.inputs.iter().map(FileRef::input).collect();
    Ok(model_file(
        &fitted,
        lexicon,
        opts,
        (corpus.conversations, corpus.positives),
        truth_files,
        inputs,
    ))
}

/// The model file of fitted parameters.
pub fn model_file(
    pair: &FittedPair,
    lexicon: &Lexicon,
    opts: &TrainOptions,
    (conversations, positives): (usize, usize),
    truth: Vec<FileRef>,
    inputs: Vec<FileRef>,
) -> ModelFile {
    let [high, medium, low] = DEFAULT_BANDS;
    let fitted = &pair.conversation;
    let s = &fitted.solution;
    ModelFile {
        schema: SCHEMA.into(),
        tool: ToolInfo {
            name: "groomscan".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        lexicon: LexiconRef {
            version: lexicon.version.clone(),
            sha256: lexicon.sha256.clone(),
        },
        text: opts.text.clone(),
        windows: opts.windows.clone(),
        aggregate: "max".into(),
        bias: fitted.bias,
        engine: fitted.engine.clone(),
        minor_only: opts.minor_only,
        participant: pair.participant.as_ref().map(|p| ParticipantPart {
            bias: p.bias,
            engine: p.engine.clone(),
            text_weights: encode_f32(&p.text_weights),
            iterations: p.solution.iterations,
            converged: p.solution.converged,
            windows: p.windows,
            positive_windows: p.positive_windows,
        }),
        idf: encode_f32(&fitted.idf),
        text_weights: encode_f32(&fitted.text_weights),
        bands: opts.bands.clone().unwrap_or(Bands { high, medium, low }),
        training: TrainingInfo {
            l2: opts.l2,
            tol: opts.tol,
            iterations: s.iterations,
            converged: s.converged,
            grad_norm: s.grad_norm,
            grad_norm0: s.grad_norm0,
            objective: s.objective,
            class_weights: fitted.class_weights,
            conversations,
            positives,
            windows: fitted.windows,
            positive_windows: fitted.positive_windows,
            truth,
            inputs,
        },
    }
}

impl ModelFile {
    /// The model file's bytes (compact JSON with a final newline).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = serde_json::to_vec(self).expect("a model serialises");
        out.push(b'\n');
        out
    }
}

/// A loaded model, ready to score.
pub struct TrainedModel {
    pub file: ModelFile,
    /// SHA-256 of the model file: the model's id.
    pub sha256: String,
    pub path: String,
    /// The model file's bytes.
    pub bytes: Vec<u8>,
    /// The default weights with the model's bands (what reports state as thresholds).
    pub weights: Weights,
    /// The default weights: they find the indicators, ages and top author.
    pub select: Weights,
    idf: Vec<f32>,
    text_weights: Vec<f32>,
    /// `(engine feature index, feature)`.
    engine: Vec<(usize, EngineFeature)>,
    participant: Option<Linear>,
}

/// The participant model's parameters: bias, text weights, engine features.
type Linear = (f64, Vec<f32>, Vec<(usize, EngineFeature)>);

/// Resolves engine features by name, checking each is usable.
fn resolve_engine(
    features: &[EngineFeature],
    bad: &dyn Fn(String) -> Error,
) -> Result<Vec<(usize, EngineFeature)>, Error> {
    let mut engine = Vec::new();
    for f in features {
        let j = ENGINE_FEATURE_NAMES
            .iter()
            .position(|n| *n == f.name)
            .ok_or_else(|| bad(format!("unknown engine feature {:?}", f.name)))?;
        let finite = [f.mean, f.std, f.min, f.max, f.weight]
            .iter()
            .all(|x| x.is_finite());
        if !finite || f.std <= 0.0 || f.min > f.max {
            return Err(bad(format!("engine feature {:?} is not usable", f.name)));
        }
        engine.push((j, f.clone()));
    }
    Ok(engine)
}

impl TrainedModel {
    /// Parses model bytes for use with `lexicon` (whose default weights are `default`).
    pub fn parse(
        path: &str,
        bytes: &[u8],
        lexicon: &Lexicon,
        default: &Weights,
    ) -> Result<TrainedModel, Error> {
        let file: ModelFile = serde_json::from_slice(bytes)
            .map_err(|e| Error::Usage(format!("{path}: not a model file: {e}")))?;
        TrainedModel::of_file(path, bytes, file, lexicon, default)
    }

    /// Checks a parsed model file (whose bytes are `bytes`) for use with `lexicon`.
    fn of_file(
        path: &str,
        bytes: &[u8],
        file: ModelFile,
        lexicon: &Lexicon,
        default: &Weights,
    ) -> Result<TrainedModel, Error> {
        let bad = |m: String| Error::Usage(format!("{path}: {m}"));
        if file.schema != SCHEMA {
            return Err(bad(format!(
                "model schema {:?}; this version reads {SCHEMA:?}",
                file.schema
            )));
        }
        if file.lexicon.sha256 != lexicon.sha256 {
            return Err(bad(format!(
                "the model was trained with lexicon {} (sha256 {}), not the one given ({} sha256 {}); use the same --lexicon, or --default-weights",
                file.lexicon.version, file.lexicon.sha256, lexicon.version, lexicon.sha256
            )));
        }
        file.text.check().map_err(bad)?;
        if file.aggregate != "max" {
            return Err(bad(format!("unknown aggregate {:?}", file.aggregate)));
        }
        if file.windows.words == 0 {
            return Err(bad("windows of 0 words".into()));
        }
        let b = &file.bands;
        if !(0.0 < b.low && b.low < b.medium && b.medium < b.high && b.high < 1.0) {
            return Err(bad("bands must satisfy 0 < low < medium < high < 1".into()));
        }
        let buckets = file.text.buckets();
        let idf = decode_f32(&file.idf, buckets).map_err(|e| bad(format!("idf: {e}")))?;
        let text_weights = decode_f32(&file.text_weights, buckets)
            .map_err(|e| bad(format!("text_weights: {e}")))?;
        let engine = resolve_engine(&file.engine, &bad)?;
        let participant = match &file.participant {
            None => None,
            Some(p) => {
                let w = decode_f32(&p.text_weights, buckets)
                    .map_err(|e| bad(format!("participant text_weights: {e}")))?;
                if !p.bias.is_finite() || !w.iter().all(|x| x.is_finite()) {
                    return Err(bad("a participant weight is not a finite number".into()));
                }
                Some((p.bias, w, resolve_engine(&p.engine, &bad)?))
            }
        };
        let finite = idf.iter().chain(&text_weights).all(|w| w.is_finite())
            && file.bias.is_finite()
            && file.minor_only.is_finite();
        if !finite {
            return Err(bad("a weight is not a finite number".into()));
        }
        let mut weights = default.clone();
        weights.bands = file.bands.clone();
        Ok(TrainedModel {
            sha256: crate::hash::sha256_hex(bytes),
            path: path.to_string(),
            bytes: bytes.to_vec(),
            weights,
            select: default.clone(),
            idf,
            text_weights,
            engine,
            participant,
            file,
        })
    }

    /// Reads a model file.
    pub fn load(path: &Path, lexicon: &Lexicon, default: &Weights) -> Result<TrainedModel, Error> {
        let bytes = std::fs::read(path).map_err(|e| Error::Io {
            path: path.display().to_string(),
            source: e,
        })?;
        TrainedModel::parse(&path.display().to_string(), &bytes, lexicon, default)
    }

    /// The shipped model, for `lexicon`; `None` when `lexicon` is not the one it was
    /// trained with (a custom `--lexicon`).
    pub fn shipped(lexicon: &Lexicon, default: &Weights) -> Result<Option<TrainedModel>, Error> {
        let file: ModelFile = serde_json::from_slice(DEFAULT_MODEL)
            .map_err(|e| Error::Usage(format!("{DEFAULT_MODEL_PATH}: {e}")))?;
        if file.lexicon.sha256 != lexicon.sha256 {
            return Ok(None);
        }
        TrainedModel::of_file(DEFAULT_MODEL_PATH, DEFAULT_MODEL, file, lexicon, default).map(Some)
    }

    /// The scorer that applies this model.
    pub fn scorer(&self) -> Scorer<'_> {
        Scorer {
            weights: &self.select,
            model: Some(self),
        }
    }

    /// What reports say about the model.
    pub fn info(&self) -> crate::detect::score::ModelInfo {
        crate::detect::score::ModelInfo {
            sha256: self.sha256.clone(),
            path: self.path.clone(),
            schema: SCHEMA,
        }
    }

    /// Where the running score first reached medium and high (see [`TrainedRunning`]),
    /// from the same steps a live reader takes. Points never contradict the final band (a
    /// warning only when it is medium or above, an alert only when high); the loop stops
    /// once they are found.
    fn running_points(
        &self,
        (conversation, scan, lexicon): (&Conversation, &ScanResult, &Lexicon),
        grams: &MessageGrams<'_>,
        authors: &[Arc<str>],
        final_band: Band,
    ) -> FirstPoints {
        let mut points = FirstPoints::default();
        if final_band < Band::Medium {
            return points;
        }
        // A conversation too large to hold its buckets is read as a live reader reads it:
        // each message's buckets computed once, and freed once its windows are behind.
        let grams = if grams.kept() {
            Cow::Borrowed(grams)
        } else {
            Cow::Owned(MessageGrams::default())
        };
        let mut running = TrainedRunning::new(self, grams, authors);
        for i in 0..conversation.messages.len() {
            let level = running.read(conversation, scan, lexicon, i);
            points.read(i, level.band.min(final_band));
            if points.warning.is_some() && (final_band < Band::High || points.complete()) {
                break;
            }
        }
        points
    }

    /// The logit of one window, with the text vector and engine features behind it.
    fn window_logit(
        &self,
        grams: &MessageGrams<'_>,
        engine: &EngineFeatures,
        w: &Window,
    ) -> WindowScore {
        linear(
            &self.idf,
            (self.file.bias, &self.text_weights, &self.engine),
            grams,
            engine,
            w,
        )
    }

    /// The participant model's logit of one window of an author's messages (the
    /// conversation model's when the model has no participant part).
    fn author_logit(&self, grams: &MessageGrams<'_>, engine: &EngineFeatures, w: &Window) -> f64 {
        match &self.participant {
            Some((bias, weights, features)) => {
                linear(&self.idf, (*bias, weights, features), grams, engine, w).logit
            }
            None => self.window_logit(grams, engine, w).logit,
        }
    }

    /// The explanation of one window's logit: the engine features (bias holding their
    /// value at zero), the top n-grams with their messages, and the rest of the text.
    fn explain(
        &self,
        conversation: &Conversation,
        engine: &EngineFeatures,
        w: &Window,
        scored: &WindowScore,
        of: usize,
    ) -> Explanation {
        let (logit, v, x) = (scored.logit, &scored.v, &scored.x);
        let mut bias = self.file.bias;
        let mut parts = Vec::new();
        for (j, f) in &self.engine {
            let zero = f.weight * standardise(f, 0.0);
            bias += zero;
            let value = f.weight * standardise(f, x[*j]) - zero;
            if value != 0.0 {
                parts.push(Part {
                    feature: Feature::Engine(*j),
                    author: None,
                    value,
                    detail: format!("{} (value {:.3})", plain_feature(&f.name), x[*j]),
                    messages: engine.messages(w.span(), w.author, *j),
                });
            }
        }
        let first = w.messages.first().map_or(0, |m| m + 1);
        let last = w.messages.last().map_or(0, |m| m + 1);
        parts.push(Part {
            feature: Feature::Window,
            author: None,
            value: 0.0,
            detail: format!(
                "the highest-scoring of {of} window{} of about {} words: messages {first}-{last}",
                if of == 1 { "" } else { "s" },
                self.file.windows.words
            ),
            messages: Vec::new(),
        });
        parts.extend(self.ngram_parts(conversation, w, v));
        let named: f64 = parts.iter().map(|p| p.value).sum();
        let rest = logit - bias - named;
        if rest.abs() > 1e-12 {
            // rounding of the text part's sum
            if let Some(p) = parts
                .iter_mut()
                .rev()
                .find(|p| p.feature == Feature::NgramOther)
            {
                p.value += rest;
            }
        }
        Explanation { bias, logit, parts }
    }

    /// The `TOP_NGRAMS` buckets that push hardest in the direction of the text part's
    /// total, named by the n-grams of the window that fall into them and the messages
    /// that contain them, and one part for all other n-grams.
    fn ngram_parts(&self, conversation: &Conversation, w: &Window, v: &[(u32, f32)]) -> Vec<Part> {
        let mut contributions: Vec<(u32, f64)> = v
            .iter()
            .map(|&(b, x)| (b, f64::from(self.text_weights[b as usize]) * f64::from(x)))
            .collect();
        if contributions.is_empty() {
            return Vec::new();
        }
        let total: f64 = contributions.iter().map(|c| c.1).sum();
        let sign = if total < 0.0 { -1.0 } else { 1.0 };
        let order = |a: &(u32, f64), b: &(u32, f64)| {
            (sign * b.1).total_cmp(&(sign * a.1)).then(a.0.cmp(&b.0))
        };
        contributions.sort_unstable_by(order);
        let top: Vec<(u32, f64)> = contributions
            .iter()
            .take(TOP_NGRAMS)
            .copied()
            .filter(|c| sign * c.1 > 0.0)
            .collect();
        let buckets: Vec<u32> = top.iter().map(|t| t.0).collect();
        let mut found: Vec<(Vec<Gram>, Vec<usize>)> = vec![(Vec::new(), Vec::new()); top.len()];
        for &i in &w.messages {
            for (bucket, gram) in self
                .file
                .text
                .grams_in(&conversation.messages[i].text, &buckets)
            {
                let k = buckets.iter().position(|b| *b == bucket).unwrap_or(0);
                let (grams, messages) = &mut found[k];
                if !grams.contains(&gram) {
                    grams.push(gram);
                }
                if messages.last() != Some(&(i + 1)) {
                    messages.push(i + 1);
                }
            }
        }
        let mut parts = Vec::new();
        let mut named = 0.0;
        for ((bucket, value), (grams, messages)) in top.iter().zip(found) {
            named += value;
            let first = grams.first().map_or_else(
                || format!("bucket {bucket}"),
                |g| format!("{}:{}", g.kind, g.text.trim()),
            );
            let shown: Vec<String> = grams.iter().map(gram_words).collect();
            parts.push(Part {
                feature: Feature::Ngram(first),
                author: None,
                value: *value,
                detail: format!(
                    "{} ({} message{})",
                    shown.join(", "),
                    messages.len(),
                    if messages.len() == 1 { "" } else { "s" }
                ),
                messages,
            });
        }
        let rest = contributions.len() - top.len();
        parts.push(Part {
            feature: Feature::NgramOther,
            author: None,
            value: total - named,
            detail: format!("{rest} other word and letter sequences"),
            messages: Vec::new(),
        });
        parts
    }
}

/// An n-gram in plain words. Letter sequences are read inside words padded with a space
/// each side, so ` lol`, `lol ` and `lol` are three sequences: they are told apart as the
/// start of a word (`"lol…"`), its end (`"…lol"`), a whole word or inside one (`"…lol…"`).
fn gram_words(g: &Gram) -> String {
    if g.kind == 'w' {
        return format!("words \"{}\"", g.text.trim());
    }
    let t = g.text.trim();
    match (g.text.starts_with(' '), g.text.ends_with(' ')) {
        (true, true) => format!("the word \"{t}\""),
        (true, false) => format!("letters \"{t}…\" (a word's start)"),
        (false, true) => format!("letters \"…{t}\" (a word's end)"),
        (false, false) => format!("letters \"…{t}…\" (inside a word)"),
    }
}

/// The logit of one window under a linear model `(bias, text weights, engine features)`.
fn linear(
    idf: &[f32],
    model: (f64, &[f32], &[(usize, EngineFeature)]),
    grams: &MessageGrams<'_>,
    engine: &EngineFeatures,
    w: &Window,
) -> WindowScore {
    let counts = grams.counts(w.messages.iter().copied());
    linear_of_counts(idf, model, &counts, engine, w)
}

/// `linear` from the window's bucket counts, already counted.
fn linear_of_counts(
    idf: &[f32],
    (bias, weights, features): (f64, &[f32], &[(usize, EngineFeature)]),
    counts: &[(u32, u32)],
    engine: &EngineFeatures,
    w: &Window,
) -> WindowScore {
    let v = features::tfidf(counts, idf);
    let text: f64 = v
        .iter()
        .map(|&(b, x)| f64::from(weights[b as usize]) * f64::from(x))
        .sum();
    let x = engine.of(w.span(), w.author);
    let eng: f64 = features
        .iter()
        .map(|(j, f)| f.weight * standardise(f, x[*j]))
        .sum();
    WindowScore {
        logit: bias + text + eng,
        v,
        x,
    }
}

/// One window's logit, and the text vector and engine features behind it.
struct WindowScore {
    logit: f64,
    v: Vec<(u32, f32)>,
    x: [f64; ENGINE_FEATURES],
}

/// Plain words for an engine feature name.
fn plain_feature(name: &str) -> String {
    let category = name
        .strip_prefix("category:")
        .and_then(crate::detect::lexicon::Category::from_name);
    match category {
        Some(c) => format!("lexicon evidence: {}", c.plain()),
        None => match name {
            "family" => "family context".into(),
            "diversity" => "several kinds of indicator".into(),
            "escalation" => "moved from building trust to contact requests".into(),
            "age_gap" => "an adult and a minor age stated".into(),
            "age_gap_years" => "years between the stated ages".into(),
            "minor_present" => "someone states an age under 18".into(),
            "peers" => "every stated age is a minor's, close together".into(),
            "all_adults" => "everyone who states an age is an adult".into(),
            "family_name" => "a participant is saved as a parent".into(),
            "group" => "group chat".into(),
            other => other.replace('_', " "),
        },
    }
}

/// The trained model's running score. After message `i` it is the highest logit of the
/// windows already closed (read in full) and of the window still open (read from its first
/// message to `i`): the windows of the messages read so far, by the model's window rule,
/// which are the whole conversation's windows once every message is read, so the last
/// running score is the conversation's score. A window starts only once the one before it
/// has closed and a message follows, as the rule does; nothing is read ahead. Each step
/// scores the open window (about one window of messages) and, when windows close, those.
struct TrainedRunning<'m> {
    model: &'m TrainedModel,
    /// Borrowed when the whole conversation is known, grown message by message otherwise.
    grams: Cow<'m, MessageGrams<'m>>,
    authors: Vec<Arc<str>>,
    /// The window being filled: its first message, its end (exclusive), its words, and
    /// where the next window starts once half of it is read.
    start: usize,
    end: usize,
    words: usize,
    next: Option<usize>,
    /// The highest logit of the closed windows.
    closed: f64,
    /// The bucket counts of messages `start..counted` (the open window as far as it was
    /// scored), grown a message at a time instead of counted again at every step.
    open: Counts,
    counted: usize,
}

impl<'m> TrainedRunning<'m> {
    fn new(
        model: &'m TrainedModel,
        grams: Cow<'m, MessageGrams<'m>>,
        authors: &[Arc<str>],
    ) -> Self {
        TrainedRunning {
            model,
            grams,
            authors: authors.to_vec(),
            start: 0,
            end: 0,
            words: 0,
            next: None,
            closed: f64::NEG_INFINITY,
            open: Vec::new(),
            counted: 0,
        }
    }
}

impl crate::detect::score::Running for TrainedRunning<'_> {
    fn read(
        &mut self,
        conversation: &Conversation,
        scan: &ScanResult,
        lexicon: &Lexicon,
        i: usize,
    ) -> Level {
        let model = self.model;
        let message = &conversation.messages[i];
        if !self.authors.iter().any(|a| **a == *message.author) {
            self.authors.push(Arc::from(message.author.as_str()));
        }
        if self.grams.words.len() <= i {
            self.grams.to_mut().push(message, &model.file.text);
        }
        // Grown here: what is behind the open window is never read again.
        if let Cow::Owned(g) = &mut self.grams {
            g.forget_before(self.start);
        }
        let engine =
            EngineFeatures::with_authors(conversation, scan, lexicon, &model.select, &self.authors);
        let grams: &MessageGrams<'_> = &self.grams;
        let (open, counted) = (&mut self.open, &mut self.counted);
        // Windows are scored from their first message: `open` holds the counts of
        // `start..counted` and grows to `span.end`; a window starting elsewhere restarts it.
        let mut open_from = self.start;
        let mut logit = |span: Range<usize>| {
            if span.start != open_from || *counted < span.start || *counted > span.end {
                open.clear();
                *counted = span.start;
                open_from = span.start;
            }
            for j in *counted..span.end {
                *open = features::add_counts(open, &grams.buckets[j]);
            }
            *counted = span.end;
            let w = Window {
                messages: span.collect(),
                author: None,
            };
            linear_of_counts(
                &model.idf,
                (model.file.bias, &model.text_weights, &model.engine),
                open,
                &engine,
                &w,
            )
            .logit
        };
        // The window rule (`WindowSpec::windows`) over messages 0..=i, from where it stood.
        let spec = &model.file.windows;
        let (full, half) = (spec.words.max(1), spec.words.div_ceil(2).max(1));
        loop {
            if self.words >= full {
                // closed, and message `i` follows it: the next window starts
                self.closed = self.closed.max(logit(self.start..self.end));
                self.start = self.next.unwrap_or(self.end).max(self.start + 1);
                self.end = self.start;
                self.words = 0;
                self.next = None;
            }
            while self.end <= i && self.words < full {
                self.words += grams.words[self.end];
                self.end += 1;
                if self.next.is_none() && self.words >= half {
                    self.next = Some(self.end);
                }
            }
            if self.end > i {
                break;
            }
        }
        let best = self.closed.max(logit(self.start..self.end));
        let score = sigmoid(best);
        Level {
            score,
            band: model.weights.band(score),
        }
    }
}

impl crate::detect::score::Model for TrainedModel {
    fn running<'m>(&'m self, participants: &[&str]) -> Box<dyn Running + 'm> {
        let authors: Vec<Arc<str>> = participants.iter().map(|p| Arc::from(*p)).collect();
        Box::new(TrainedRunning::new(
            self,
            Cow::Owned(MessageGrams::default()),
            &authors,
        ))
    }

    fn assess(
        &self,
        conversation: &Conversation,
        scan: &ScanResult,
        lexicon: &Lexicon,
        base: Assessment,
    ) -> Assessment {
        self.assess_keeping(conversation, scan, lexicon, base, KEEP_GRAMS_UP_TO)
    }
}

impl TrainedModel {
    /// `Model::assess`, holding every message's n-gram buckets only for conversations of
    /// at most `keep_up_to` bytes of text (the result is the same either way).
    fn assess_keeping(
        &self,
        conversation: &Conversation,
        scan: &ScanResult,
        lexicon: &Lexicon,
        base: Assessment,
        keep_up_to: usize,
    ) -> Assessment {
        let grams = MessageGrams::bounded(conversation, &self.file.text, keep_up_to);
        let engine = EngineFeatures::new(conversation, scan, lexicon, &self.select);
        let windows = conversation_windows(&grams, &self.file.windows);
        let bands = &self.weights;
        let mut best: Option<(usize, WindowScore)> = None;
        for (k, w) in windows.iter().enumerate() {
            let scored = self.window_logit(&grams, &engine, w);
            if best.as_ref().is_none_or(|b| scored.logit > b.1.logit) {
                best = Some((k, scored));
            }
        }
        let Some((k, scored)) = best else {
            // no messages: nothing to score
            let mut a = base;
            a.score = sigmoid(self.file.bias);
            a.band = bands.band(a.score);
            a.first_warning_message = None;
            a.first_alert_message = None;
            a.explanation = Explanation {
                bias: self.file.bias,
                logit: self.file.bias,
                parts: Vec::new(),
            };
            return a;
        };
        let logit = scored.logit;
        let score = sigmoid(logit);
        let band = bands.band(score);
        let points = self.running_points(
            (conversation, scan, lexicon),
            &grams,
            engine.authors(),
            band,
        );
        let explanation = self.explain(conversation, &engine, &windows[k], &scored, windows.len());
        // participants: the model over each author's own messages
        let mut participants = base.participants;
        let authors = engine.authors();
        // each author's messages, in order (authors in `engine.authors()` order)
        let mut by_author: Vec<Vec<usize>> = vec![Vec::new(); authors.len()];
        for (i, m) in conversation.messages.iter().enumerate() {
            if let Some(a) = authors.iter().position(|n| **n == *m.author) {
                by_author[a].push(i);
            }
        }
        let mut risks = Vec::with_capacity(participants.len());
        for p in &participants {
            let Some(a) = authors.iter().position(|n| **n == *p.name) else {
                risks.push(f64::NEG_INFINITY);
                continue;
            };
            let own = if authors.len() == 1 && self.participant.is_none() {
                logit
            } else {
                author_windows(&grams, &self.file.windows, &by_author[a], a)
                    .iter()
                    .map(|w| self.author_logit(&grams, &engine, w))
                    .fold(f64::NEG_INFINITY, f64::max)
            };
            let minor_only = !p.stated_ages.is_empty() && p.stated_ages.iter().all(|&x| x < 18);
            risks.push(
                own + if minor_only {
                    self.file.minor_only
                } else {
                    0.0
                },
            );
        }
        let top = (0..risks.len())
            .filter(|&i| risks[i].is_finite())
            .max_by(|&a, &b| risks[a].total_cmp(&risks[b]).then(b.cmp(&a)));
        let younger = base.age_gap.as_ref().map(|g| g.younger.clone());
        for (i, p) in participants.iter_mut().enumerate() {
            p.risk = if risks[i].is_finite() {
                sigmoid(risks[i])
            } else {
                0.0
            };
            let minor = !p.stated_ages.is_empty() && p.stated_ages.iter().all(|&x| x < 18);
            let is_younger = younger.as_deref() == Some(p.name.as_str());
            p.role = if top == Some(i) && band >= Band::Medium && !minor && !is_younger {
                Role::SuspectedGroomer
            } else if minor || is_younger {
                Role::PossibleChild
            } else {
                Role::Participant
            };
        }
        Assessment {
            score,
            band,
            first_warning_message: points.warning,
            first_alert_message: points.alert,
            participants,
            age_gap: base.age_gap,
            indicators: base.indicators,
            explanation,
        }
    }
}

/// One measure over the folds of a cross-validation.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Spread {
    /// Path of the measure in the fold reports (`eval --format json`), e.g.
    /// `by_band.high.f05` or `predators.f05`.
    pub measure: String,
    pub mean: f64,
    /// Sample standard deviation (n - 1); 0 with one value.
    pub std: f64,
    /// Folds where the measure is defined.
    pub folds: usize,
}

/// How cross-validation folds are drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FoldBy {
    /// K folds of whole groups: conversations that share an author are one group, so no
    /// conversation and no person is on both sides; grooming groups dealt evenly.
    Group,
    /// K stratified folds of conversations, ignoring authors: for corpora whose author
    /// names are not identities (synthetic chats reuse names).
    Conversation,
    /// One fold per source without grooming chats (the labels file's `source` column,
    /// else the input file): that source's chats and a grouped share of the grooming
    /// chats, against a model trained on the other sources.
    Source,
}

/// How to cross-validate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CvOptions {
    pub by: FoldBy,
    /// Folds (for `FoldBy::Group`).
    pub k: usize,
    /// Seed of the fold assignment.
    pub seed: u64,
}

/// A cross-validation of train + eval.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct CvReport {
    pub by: FoldBy,
    pub k: usize,
    /// Author names too common to group by (see `grouped_folds`).
    pub generic_names: usize,
    pub seed: u64,
    pub conversations: usize,
    pub positives: usize,
    /// Per fold: its name, labelled conversations and grooming ones among them.
    pub fold_sizes: Vec<(String, usize, usize)>,
    pub l2: f64,
    pub ngram_bits: u32,
    pub window_words: usize,
    pub measures: Vec<Spread>,
    pub folds: Vec<EvalReport>,
}

/// Grouped fold assignment: conversations sharing an author are one group (union-find);
/// groups are shuffled with the seed, grooming groups dealt in turn, and every other
/// group goes to the fold with the fewest benign conversations so far.
///
/// A name found in more than `max(10, n / (2k))` conversations does not join them: such
/// names are generic ("Me", "You", a phone owner's own name in every chat of a device,
/// the reused names of a synthetic corpus), and letting them join would put nearly
/// everything in one group. Returns the folds and how many names were so set aside.
pub fn grouped_folds(
    authors: &[Vec<String>],
    labels: &[bool],
    k: usize,
    seed: u64,
) -> (Vec<usize>, usize) {
    let n = authors.len();
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for list in authors {
        for a in list {
            *seen.entry(a.as_str()).or_default() += 1;
        }
    }
    let limit = (n / (2 * k.max(1))).max(10);
    let generic = seen.values().filter(|&&c| c > limit).count();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    let mut owner: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, list) in authors.iter().enumerate() {
        for a in list.iter().filter(|a| seen[a.as_str()] <= limit) {
            if let Some(&j) = owner.get(a.as_str()) {
                let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                if ri != rj {
                    parent[ri.max(rj)] = ri.min(rj);
                }
            } else {
                owner.insert(a, i);
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for i in 0..n {
        let r = find(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut groups: Vec<Vec<usize>> = groups.into_values().collect();
    let mut rng = crate::rng::Rng::new(seed);
    rng.shuffle(&mut groups);
    let mut fold = vec![0; n];
    let mut dealt = 0;
    let mut benign = vec![0usize; k];
    for g in &groups {
        let f = if g.iter().any(|&i| labels[i]) {
            dealt += 1;
            (dealt - 1) % k
        } else {
            (0..k).min_by_key(|&f| (benign[f], f)).unwrap_or(0)
        };
        for &i in g {
            fold[i] = f;
            benign[f] += usize::from(!labels[i]);
        }
    }
    (fold, generic)
}

/// Cross-validates train + eval on one labelled run: for each fold, trains on the others'
/// windows, scores the fold's conversations with that model and measures them as `eval`
/// does; then the mean and spread of every measure.
pub fn cross_validate(
    run: &RunResult,
    truth: &GroundTruth,
    lexicon: &Lexicon,
    default: &Weights,
    opts: &TrainOptions,
    eval_opts: &crate::learn::eval::Options,
    cv: CvOptions,
) -> Result<CvReport, Error> {
    opts.check()?;
    let CvOptions { by, k, seed } = cv;
    // labelled conversations, in rank order
    let labelled: Vec<(usize, Label)> = run
        .conversations
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            crate::learn::eval::label_of(&s.conversation, truth).map(|(_, l)| (i, l))
        })
        .collect();
    let labels: Vec<bool> = labelled.iter().map(|l| l.1.grooming).collect();
    let positives = labels.iter().filter(|l| **l).count();
    let negatives = labels.len() - positives;
    let authors: Vec<Vec<String>> = labelled
        .iter()
        .map(|(i, _)| {
            let mut a: Vec<String> = run.conversations[*i]
                .conversation
                .messages
                .iter()
                .map(|m| m.author.clone())
                .filter(|a| !a.is_empty())
                .collect();
            a.sort();
            a.dedup();
            a
        })
        .collect();
    // per fold: its name and which labelled conversations it tests; the model of a fold
    // is trained on every conversation not tested and not of a held-out source
    let mut plan: Vec<(String, Vec<bool>, Vec<bool>)> = Vec::new();
    let mut generic_names = 0;
    match by {
        FoldBy::Group => {
            if k < 2 || positives < k || negatives < k {
                return Err(Error::Usage(format!(
                    "--cv {k} needs k >= 2 and at least k grooming and k benign labelled conversations ({positives} grooming, {negatives} benign)"
                )));
            }
            let (fold, generic) = grouped_folds(&authors, &labels, k, seed);
            generic_names = generic;
            let with_grooming = (0..k)
                .filter(|&f| (0..labels.len()).any(|j| labels[j] && fold[j] == f))
                .count();
            if with_grooming < k {
                return Err(Error::Usage(format!(
                    "grouped by author, the grooming conversations fall into {with_grooming} group(s), fewer than --cv {k} (conversations chained by shared author names); use --cv-by conversation when names are not identities"
                )));
            }
            for f in 0..k {
                let test: Vec<bool> = fold.iter().map(|&x| x == f).collect();
                let train = test.iter().map(|t| !t).collect();
                plan.push((format!("fold {}", f + 1), test, train));
            }
        }
        FoldBy::Conversation => {
            if k < 2 || positives < k || negatives < k {
                return Err(Error::Usage(format!(
                    "--cv {k} needs k >= 2 and at least k grooming and k benign labelled conversations ({positives} grooming, {negatives} benign)"
                )));
            }
            let alone: Vec<Vec<String>> = (0..labels.len()).map(|_| Vec::new()).collect();
            let (fold, _) = grouped_folds(&alone, &labels, k, seed);
            for f in 0..k {
                let test: Vec<bool> = fold.iter().map(|&x| x == f).collect();
                let train = test.iter().map(|t| !t).collect();
                plan.push((format!("fold {}", f + 1), test, train));
            }
        }
        FoldBy::Source => {
            // Each source without grooming chats is held out in turn, with one grouped
            // share of the grooming chats (so the fold has both classes): the model has
            // seen no chat of that source and none of those grooming chats.
            let sources: Vec<String> = labelled
                .iter()
                .map(|(i, l)| {
                    l.source
                        .clone()
                        .unwrap_or_else(|| run.conversations[*i].conversation.source.clone())
                })
                .collect();
            let mut names: Vec<String> = sources.clone();
            names.sort();
            names.dedup();
            let benign_only: Vec<&String> = names
                .iter()
                .filter(|n| !(0..labels.len()).any(|j| labels[j] && &sources[j] == *n))
                .collect();
            let m = benign_only.len();
            if m < 2 || positives < m {
                return Err(Error::Usage(format!(
                    "leave-one-source-out needs at least two sources without grooming chats and as many grooming chats ({m} sources, {positives} grooming)"
                )));
            }
            let (share, generic) = grouped_folds(&authors, &labels, m, seed);
            generic_names = generic;
            let shares = (0..m)
                .filter(|&f| (0..labels.len()).any(|j| labels[j] && share[j] == f))
                .count();
            if shares < m {
                return Err(Error::Usage(format!(
                    "grouped by author, the grooming conversations fall into {shares} group(s), fewer than the {m} sources to hold out (conversations chained by shared author names)"
                )));
            }
            for (t, name) in benign_only.iter().enumerate() {
                let test: Vec<bool> = (0..labels.len())
                    .map(|j| &sources[j] == *name || (labels[j] && share[j] == t))
                    .collect();
                let train = (0..labels.len())
                    .map(|j| !test[j] && &sources[j] != *name)
                    .collect();
                plan.push((format!("{name} + grooming share {}", t + 1), test, train));
            }
        }
    }
    let per: Vec<Vec<Example>> = pipeline::par_map(&labelled, |(i, l)| {
        let s = &run.conversations[*i];
        examples_of(
            &s.conversation,
            &s.scan,
            lexicon,
            (default, opts),
            l.grooming,
            truth.predators.as_ref(),
        )
    });
    let mut examples = Vec::new();
    for (j, ex) in per.into_iter().enumerate() {
        examples.extend(ex.into_iter().map(|mut e| {
            e.conversation = j;
            e
        }));
    }
    let mut folds = Vec::new();
    let mut fold_sizes = Vec::new();
    for (name, test, train) in &plan {
        let test_set: Vec<usize> = (0..labelled.len()).filter(|&j| test[j]).collect();

        fold_sizes.push((
            name.clone(),
            test_set.len(),
            test_set.iter().filter(|&&j| labels[j]).count(),
        ));
        let fitted = fit_pair(&examples, &|c| train[c], opts)?;
        let file = model_file(&fitted, lexicon, opts, (0, 0), Vec::new(), Vec::new());
        let model = TrainedModel::parse(name, &file.to_bytes(), lexicon, default)?;
        let scorer = model.scorer();
        let mut scored: Vec<Scored> = pipeline::par_map(&test_set, |&j| {
            let s = &run.conversations[labelled[j].0];
            Scored {
                content_sha256: s.content_sha256.clone(),
                conversation: s.conversation.clone(),
                scan: s.scan.clone(),
                assessment: crate::detect::score::assess_with(
                    &s.conversation,
                    &s.scan,
                    lexicon,
                    &scorer,
                ),
            }
        });
        pipeline::rank(&mut scored);
        let held_out = RunResult {
            conversations: scored,
            ..RunResult::default()
        };
        let mut report =
            crate::learn::eval::evaluate(&held_out, truth, &model.weights.bands, eval_opts);
        report.model = Some(model.info());
        folds.push(report);
    }
    Ok(CvReport {
        by,
        k: plan.len(),
        generic_names,
        seed,
        conversations: labelled.len(),
        positives,
        fold_sizes,
        l2: opts.l2,
        ngram_bits: opts.text.bits,
        window_words: opts.windows.words,
        measures: spreads(&folds),
        folds,
    })
}

/// Mean and sample standard deviation of every numeric measure of the fold reports.
fn spreads(folds: &[EvalReport]) -> Vec<Spread> {
    let mut values: Vec<(String, Vec<f64>)> = Vec::new();
    for r in folds {
        let v = serde_json::to_value(r).expect("a report serialises");
        flatten(&v, "", &mut values);
    }
    values
        .into_iter()
        .map(|(measure, v)| {
            let v: Vec<f64> = v.into_iter().filter(|x| x.is_finite()).collect();
            let n = v.len() as f64;
            let mean = if v.is_empty() {
                f64::NAN
            } else {
                v.iter().sum::<f64>() / n
            };
            let std = if v.len() > 1 {
                (v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
            } else {
                0.0
            };
            Spread {
                measure,
                mean,
                std,
                folds: v.len(),
            }
        })
        .collect()
}

/// Collects numeric leaves by path. Rows of `by_band` are named by their band; other
/// arrays by position. Counts of the input (sizes, lists) are skipped.
fn flatten(v: &serde_json::Value, path: &str, out: &mut Vec<(String, Vec<f64>)>) {
    use serde_json::Value;
    let join = |key: &str| {
        if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        }
    };
    match v {
        Value::Object(m) => {
            for (key, x) in m {
                if matches!(key.as_str(), "unlabelled" | "missing" | "model" | "p_rule") {
                    continue;
                }
                flatten(x, &join(key), out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                let key = x["threshold"]
                    .as_str()
                    .and_then(|t| t.split_whitespace().next())
                    .map_or_else(|| i.to_string(), str::to_string);
                flatten(x, &join(&key), out);
            }
        }
        Value::Number(n) => {
            let x = n.as_f64().unwrap_or(f64::NAN);
            match out.iter_mut().find(|(p, _)| p == path) {
                Some((_, v)) => v.push(x),
                None => out.push((path.to_string(), vec![x])),
            }
        }
        _ => {}
    }
}

/// A plain-text summary of a cross-validation.
pub fn write_cv_table<W: std::io::Write>(out: &mut W, r: &CvReport) -> std::io::Result<()> {
    let how = match r.by {
        FoldBy::Group => format!(
            "{}-fold grouped cross-validation (seed {}; no conversation and no author on both sides)",
            r.k, r.seed
        ),
        FoldBy::Conversation => format!(
            "{}-fold stratified cross-validation by conversation (seed {}; authors not grouped)",
            r.k, r.seed
        ),
        FoldBy::Source => format!(
            "leave-one-source-out cross-validation ({} sources held out in turn, each with a share of the grooming chats)",
            r.k
        ),
    };
    writeln!(
        out,
        "{how}: {} labelled conversations, {} grooming; each fold trained on the others (l2 {}, 2^{} n-gram buckets, windows of {} words)",
        r.conversations, r.positives, r.l2, r.ngram_bits, r.window_words
    )?;
    let sizes: Vec<String> = r
        .fold_sizes
        .iter()
        .map(|(name, n, p)| format!("{name}: {n} ({p} grooming)"))
        .collect();
    writeln!(out, "folds: {}", sizes.join(", "))?;
    if r.generic_names > 0 {
        writeln!(
            out,
            "{} author name(s) found in many conversations were not used to group them",
            r.generic_names
        )?;
    }
    writeln!(
        out,
        "{:<40} {:>9} {:>9} {:>5}",
        "measure", "mean", "std", "folds"
    )?;
    for m in &r.measures {
        writeln!(
            out,
            "{:<40} {:>9.4} {:>9.4} {:>5}",
            m.measure, m.mean, m.std, m.folds
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Windows of grooming conversations carry bucket 1 and engine feature 0; benign ones
    /// bucket 2 and feature 1.
    fn toy() -> Vec<Example> {
        (0..40)
            .map(|i| {
                let grooming = i % 8 == 0;
                let mut engine = [0.0; ENGINE_FEATURES];
                engine[usize::from(!grooming)] = 1.0 + (i % 3) as f64;
                Example {
                    conversation: i,
                    counts: vec![(if grooming { 1 } else { 2 }, 1), (3, 1 + (i % 2) as u32)],
                    engine,
                    grooming,
                    participant: false,
                }
            })
            .collect()
    }

    fn toy_opts() -> TrainOptions {
        TrainOptions {
            text: TextSpec {
                bits: 4,
                ..TextSpec::default()
            },
            l2: 1e-3,
            tol: 1e-8,
            ..TrainOptions::default()
        }
    }

    /// A conversation too large to hold its n-gram buckets (`MessageGrams::bounded`) gets
    /// exactly the assessment it gets with them held: every demo and dev chat scored both
    /// ways by the shipped model (threshold 0 recomputes window by window).
    #[test]
    fn bounded_grams_give_the_same_assessment() {
        let lex = Lexicon::builtin().unwrap();
        let w = Weights::for_lexicon(&lex).unwrap();
        let model = TrainedModel::shipped(&lex, &w).unwrap().unwrap();
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let config = Config {
            paths: vec![root.join("corpora/demo"), root.join("corpora/dev")],
            ingest: Default::default(),
            walk: Default::default(),
            errors: Vec::new(),
        };
        // The lexicon-only run gives each conversation's scan and the model's `base`.
        let run = pipeline::run_with(&config, &lex, &Scorer::new(&w));
        let mut flagged = 0;
        for s in &run.conversations {
            let c = &s.conversation;
            let kept = model.assess_keeping(c, &s.scan, &lex, s.assessment.clone(), usize::MAX);
            let bounded = model.assess_keeping(c, &s.scan, &lex, s.assessment.clone(), 0);
            assert_eq!(kept, bounded, "{}", c.source);
            flagged += usize::from(kept.band >= Band::Medium);
        }
        assert!(flagged > 10, "running points compared on {flagged} chats");
    }

    #[test]
    fn grams_in_plain_words_tell_word_edges_apart() {
        for (kind, text, want) in [
            ('w', "send pic", "words \"send pic\""),
            ('c', " lol ", "the word \"lol\""),
            ('c', " lo", "letters \"lo…\" (a word's start)"),
            ('c', "ol ", "letters \"…ol\" (a word's end)"),
            ('c', "ol", "letters \"…ol…\" (inside a word)"),
        ] {
            let g = Gram {
                kind,
                text: text.into(),
            };
            assert_eq!(gram_words(&g), want, "{text:?}");
        }
    }

    #[test]
    fn fit_learns_the_signal_converges_and_is_deterministic() {
        let examples = toy();
        let all: Vec<usize> = (0..examples.len()).collect();
        let opts = toy_opts();
        let a = fit(&examples, &all, &opts).unwrap();
        let b = fit(&examples, &all, &opts).unwrap();
        assert_eq!(a, b);
        assert!(a.solution.converged, "{:?}", a.solution);
        assert!(a.text_weights[1] > 0.0 && a.text_weights[2] < 0.0);
        assert_eq!(a.text_weights[5], 0.0, "untouched buckets stay zero");
        let names: Vec<&str> = a.engine.iter().map(|f| f.name.as_str()).collect();
        // only the two varying engine features are kept (constant ones dropped)
        assert_eq!(names, [ENGINE_FEATURE_NAMES[0], ENGINE_FEATURE_NAMES[1]]);
        assert!(a.engine[0].weight > 0.0 && a.engine[1].weight < 0.0);
        // 5 of 40 are grooming: balanced class weights n / (2 n_class).
        assert_eq!(a.class_weights, [40.0 / 70.0, 4.0]);
        assert!(fit(&examples, &[1, 2, 3], &opts).is_err(), "one class only");
    }

    #[test]
    fn model_bytes_round_trip() {
        let examples = toy();
        let all: Vec<usize> = (0..examples.len()).collect();
        let opts = toy_opts();
        let fitted = fit(&examples, &all, &opts).unwrap();
        let lex = Lexicon::builtin().unwrap();
        let w = Weights::for_lexicon(&lex).unwrap();
        let pair = FittedPair {
            conversation: fitted.clone(),
            participant: None,
        };
        let file = model_file(&pair, &lex, &opts, (40, 5), Vec::new(), Vec::new());
        let bytes = file.to_bytes();
        let m = TrainedModel::parse("m", &bytes, &lex, &w).unwrap();
        assert_eq!(m.text_weights, fitted.text_weights);
        assert_eq!(m.idf, fitted.idf);
        assert_eq!(m.file.to_bytes(), bytes);
        let mut broken = file.clone();
        broken.idf = encode_f32(&[1.0]);
        assert!(TrainedModel::parse("m", &broken.to_bytes(), &lex, &w).is_err());
        let mut nan = file;
        nan.bias = f64::NAN;
        // NaN does not serialise as a number: the file is refused either way
        assert!(TrainedModel::parse("m", &nan.to_bytes(), &lex, &w).is_err());
    }

    #[test]
    fn grouped_folds_keep_authors_together() {
        let authors: Vec<Vec<String>> = (0..30)
            .map(|i: usize| {
                // conversations 0..10 share author "x"; others have their own
                if i < 10 {
                    vec!["x".into(), format!("a{i}")]
                } else {
                    vec![format!("a{i}"), format!("b{i}")]
                }
            })
            .collect();
        let labels: Vec<bool> = (0..30).map(|i| i % 5 == 0).collect();
        let (f, generic) = grouped_folds(&authors, &labels, 3, 7);
        assert_eq!(generic, 0);
        assert_eq!(f, grouped_folds(&authors, &labels, 3, 7).0);
        assert!((0..10).all(|i| f[i] == f[0]), "{f:?}");
        // a name in more than max(10, n / 2k) conversations does not join them
        let common: Vec<Vec<String>> = (0..30)
            .map(|i| vec!["Me".into(), format!("a{i}")])
            .collect();
        let (f, generic) = grouped_folds(&common, &labels, 3, 7);
        assert_eq!(generic, 1);
        assert!(!(0..30).all(|i| f[i] == f[0]), "{f:?}");
        for k in 0..3 {
            assert!((0..30).any(|i| f[i] == k), "fold {k} empty: {f:?}");
        }
    }
}
