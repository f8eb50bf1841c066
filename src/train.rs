//! Learning from labelled corpora (`groomscan train`) and applying what was learnt
//! (`--model`).
//!
//! Owns the model file, the training algorithm and the trained model's text part. Features
//! are the engine's own (`score::engine_features`: the quantities whose weighted sum is the
//! default model's logit, with the top author chosen by the default weights) plus hashed
//! word and character n-grams (`features::NgramSpec`). The model is logistic:
//!
//! ```text
//! logit = bias + sum(engine_weight[i] * engine_x[i]) + sum(ngram_weight[b] * ngram_x[b])
//! ```
//!
//! so a trained model's explanation is still the default one's tree (its engine parts are
//! the same parts with the learnt weights), plus the n-grams that contributed most, each
//! naming the messages that contain them, and one part for the rest of the text. The parts
//! still sum to the logit.
//!
//! Training is L2-regularised logistic regression by stochastic gradient descent, written
//! here so that it is deterministic: one thread, examples visited in an order drawn from
//! the seed (SplitMix64, `synth::Rng`), learning rate `eta0 / (1 + eta0 * l2 * t)`, exact
//! L2 shrinkage by a running scale, an unregularised bias. Classes are weighted
//! `n / (2 n_class)` ("balanced"), since grooming is rare. Engine features are divided by
//! their largest absolute value on the training set while learning (the weights are stored
//! for the unscaled features). The same inputs, labels, options and seed give the same
//! model bytes; the model's id is the SHA-256 of those bytes.
//!
//! It does not read files itself beyond the model file: `pipeline` reads the inputs.

use crate::error::Error;
use crate::eval::{EvalReport, GroundTruth, Label};
use crate::features::{Gram, NgramSpec, NgramWeights, Running};
use crate::lexicon::Lexicon;
use crate::model::{Conversation, InputFile};
use crate::pipeline::{self, Config, RunResult, Scored};
use crate::scan::{ScanResult, scan};
use crate::score::{
    Bands, ENGINE_FEATURE_NAMES, ENGINE_FEATURES, Part, Scorer, TextModel, TextRun, Weights,
    engine_features,
};
use serde::{Deserialize, Serialize};
use std::path::Path;

pub const SCHEMA: &str = "groomscan.model/1";

/// N-gram parts named in an explanation (the rest is one part).
const TOP_NGRAMS: usize = 5;

/// The model file (JSON). Field order is fixed: the bytes are hashed.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ModelFile {
    pub schema: String,
    pub tool: ToolInfo,
    /// The lexicon (and so the default weights) the features were computed with; a model
    /// is only applied with the same lexicon.
    pub lexicon: LexiconRef,
    pub features: FeatureSpec,
    pub bias: f64,
    /// One weight per engine feature, in `features.engine` order.
    pub engine_weights: Vec<f64>,
    /// `[bucket, weight]` for every bucket with a non-zero weight, by bucket.
    pub ngram_weights: Vec<(u32, f64)>,
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

/// What the features are.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FeatureSpec {
    /// Engine feature names (`score::ENGINE_FEATURE_NAMES`).
    pub engine: Vec<String>,
    /// How the engine features' top author is chosen.
    pub top_author: String,
    pub ngrams: NgramSpec,
    /// How n-gram counts become values.
    pub ngram_values: String,
}

/// How the model was trained.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TrainingInfo {
    pub seed: u64,
    pub epochs: u32,
    pub l2: f64,
    pub eta0: f64,
    /// Weight of a benign and of a grooming example.
    pub class_weights: [f64; 2],
    pub conversations: usize,
    pub positives: usize,
    /// Weighted mean log-loss on the training set after the last epoch.
    pub loss: f64,
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
            sha256: crate::ingest::sha256_hex(&bytes),
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
    pub seed: u64,
    pub epochs: u32,
    pub l2: f64,
    pub eta0: f64,
    pub ngrams: NgramSpec,
    /// Band thresholds stored in the model; `None`: the default weights' bands.
    pub bands: Option<Bands>,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            seed: 1,
            epochs: 5,
            l2: 1e-5,
            eta0: 0.1,
            ngrams: NgramSpec::default(),
            bands: None,
        }
    }
}

/// One labelled conversation as features.
#[derive(Clone, Debug)]
pub struct Example {
    pub engine: [f64; ENGINE_FEATURES],
    /// `(bucket, value)`, L2-normalised, by bucket.
    pub ngrams: Vec<(u32, f32)>,
    pub grooming: bool,
}

/// The features of one conversation.
pub fn example(
    conversation: &Conversation,
    lexicon: &Lexicon,
    default: &Weights,
    spec: &NgramSpec,
    grooming: bool,
) -> Example {
    example_scanned(
        conversation,
        &scan(conversation, lexicon),
        lexicon,
        default,
        spec,
        grooming,
    )
}

/// The features of one conversation already scanned.
pub fn example_scanned(
    conversation: &Conversation,
    scan: &ScanResult,
    lexicon: &Lexicon,
    default: &Weights,
    spec: &NgramSpec,
    grooming: bool,
) -> Example {
    Example {
        engine: engine_features(conversation, scan, lexicon, default),
        ngrams: spec.vector(conversation.messages.iter().map(|m| m.text.as_str())),
        grooming,
    }
}

/// Learnt parameters, for the unscaled features.
#[derive(Clone, Debug, PartialEq)]
pub struct Fitted {
    pub bias: f64,
    pub engine: [f64; ENGINE_FEATURES],
    /// Dense, one per bucket.
    pub ngrams: Vec<f64>,
    pub class_weights: [f64; 2],
    pub loss: f64,
}

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// Fits the model on `examples[i]` for `i` in `subset` (in that order before shuffling).
pub fn fit(examples: &[Example], subset: &[usize], opts: &TrainOptions) -> Result<Fitted, Error> {
    let n = subset.len();
    let positives = subset.iter().filter(|&&i| examples[i].grooming).count();
    if positives == 0 || positives == n {
        return Err(Error::Usage(format!(
            "training needs both grooming and benign conversations ({positives} of {n} are grooming)"
        )));
    }
    let class_weights = [
        n as f64 / (2.0 * (n - positives) as f64),
        n as f64 / (2.0 * positives as f64),
    ];
    // Engine features scaled by their largest absolute value.
    let mut scale = [0.0f64; ENGINE_FEATURES];
    for &i in subset {
        for (s, x) in scale.iter_mut().zip(&examples[i].engine) {
            *s = s.max(x.abs());
        }
    }
    for s in &mut scale {
        if *s == 0.0 {
            *s = 1.0;
        }
    }
    let buckets = opts.ngrams.buckets();
    let mut bias = 0.0;
    // weights = a * (u, v)
    let mut a = 1.0f64;
    let mut u = [0.0f64; ENGINE_FEATURES];
    let mut v = vec![0.0f64; buckets];
    let mut order: Vec<usize> = subset.to_vec();
    let mut rng = crate::synth::Rng::new(opts.seed);
    let mut t = 0u64;
    let margin = |bias: f64, a: f64, u: &[f64], v: &[f64], e: &Example| -> f64 {
        let mut z = 0.0;
        for j in 0..ENGINE_FEATURES {
            z += u[j] * (e.engine[j] / scale[j]);
        }
        for &(b, x) in &e.ngrams {
            z += v[b as usize] * f64::from(x);
        }
        bias + a * z
    };
    for _ in 0..opts.epochs {
        rng.shuffle(&mut order);
        for &i in &order {
            let e = &examples[i];
            let eta = opts.eta0 / (1.0 + opts.eta0 * opts.l2 * t as f64);
            t += 1;
            let p = sigmoid(margin(bias, a, &u, &v, e));
            let g = class_weights[usize::from(e.grooming)] * (p - f64::from(u8::from(e.grooming)));
            a *= 1.0 - eta * opts.l2;
            if a < 1e-9 {
                for w in u.iter_mut().chain(v.iter_mut()) {
                    *w *= a;
                }
                a = 1.0;
            }
            let step = eta * g / a;
            for j in 0..ENGINE_FEATURES {
                u[j] -= step * (e.engine[j] / scale[j]);
            }
            for &(b, x) in &e.ngrams {
                v[b as usize] -= step * f64::from(x);
            }
            bias -= eta * g;
        }
    }
    let mut loss = 0.0;
    let mut total = 0.0;
    for &i in subset {
        let e = &examples[i];
        let p = sigmoid(margin(bias, a, &u, &v, e)).clamp(1e-15, 1.0 - 1e-15);
        let w = class_weights[usize::from(e.grooming)];
        loss -= w * if e.grooming { p.ln() } else { (1.0 - p).ln() };
        total += w;
    }
    let mut engine = [0.0; ENGINE_FEATURES];
    for j in 0..ENGINE_FEATURES {
        engine[j] = a * u[j] / scale[j];
    }
    Ok(Fitted {
        bias,
        engine,
        ngrams: v.into_iter().map(|w| a * w).collect(),
        class_weights,
        loss: loss / total,
    })
}

/// The training corpus as features: every labelled conversation of the inputs.
pub struct Corpus {
    pub run: RunResult,
    pub examples: Vec<Example>,
    /// Conversations with no label (not used).
    pub unlabelled: usize,
}

/// Reads the inputs and turns every labelled conversation into an `Example` (in parallel,
/// keeping input order; conversation texts are not kept).
pub fn corpus(
    config: &Config,
    lexicon: &Lexicon,
    default: &Weights,
    truth: &GroundTruth,
    spec: &NgramSpec,
) -> Corpus {
    let (run, examples) = pipeline::map_conversations(config, |c| {
        crate::eval::label_of(&c, truth)
            .map(|(_, l): (String, Label)| example(&c, lexicon, default, spec, l.grooming))
    });
    let unlabelled = examples.iter().filter(|e| e.is_none()).count();
    Corpus {
        run,
        examples: examples.into_iter().flatten().collect(),
        unlabelled,
    }
}

/// Trains on a corpus and builds the model file.
pub fn train(
    corpus: &Corpus,
    lexicon: &Lexicon,
    default: &Weights,
    truth_files: Vec<FileRef>,
    opts: &TrainOptions,
) -> Result<ModelFile, Error> {
    opts.ngrams.check().map_err(Error::Usage)?;
    let all: Vec<usize> = (0..corpus.examples.len()).collect();
    let fitted = fit(&corpus.examples, &all, opts)?;
    Ok(model_file(
        &fitted,
        lexicon,
        default,
        opts,
        TrainingInfo {
            seed: opts.seed,
            epochs: opts.epochs,
            l2: opts.l2,
            eta0: opts.eta0,
            class_weights: fitted.class_weights,
            conversations: corpus.examples.len(),
            positives: corpus.examples.iter().filter(|e| e.grooming).count(),
            loss: fitted.loss,
            truth: truth_files,
            inputs: corpus.run.inputs.iter().map(FileRef::input).collect(),
        },
    ))
}

/// The model file of fitted parameters.
pub fn model_file(
    fitted: &Fitted,
    lexicon: &Lexicon,
    default: &Weights,
    opts: &TrainOptions,
    training: TrainingInfo,
) -> ModelFile {
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
        features: FeatureSpec {
            engine: ENGINE_FEATURE_NAMES.iter().map(|s| s.to_string()).collect(),
            top_author: "the participant with the highest directed score under the lexicon's default weights".into(),
            ngrams: opts.ngrams.clone(),
            ngram_values: "ln(1 + count) per bucket over the conversation, divided by the vector's L2 norm".into(),
        },
        bias: fitted.bias,
        engine_weights: fitted.engine.to_vec(),
        ngram_weights: fitted
            .ngrams
            .iter()
            .enumerate()
            .filter(|(_, w)| **w != 0.0)
            .map(|(b, w)| (b as u32, *w))
            .collect(),
        bands: opts.bands.clone().unwrap_or_else(|| default.bands.clone()),
        training,
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
    /// The engine part with the learnt weights and the model's bands.
    pub weights: Weights,
    /// The default weights (they choose the top author, as in training).
    pub select: Weights,
    pub text: NgramText,
}

impl TrainedModel {
    /// Parses model bytes for use with `lexicon` (whose default weights are `default`).
    pub fn parse(
        path: &str,
        bytes: &[u8],
        lexicon: &Lexicon,
        default: &Weights,
    ) -> Result<TrainedModel, Error> {
        let bad = |m: String| Error::Usage(format!("{path}: {m}"));
        let file: ModelFile =
            serde_json::from_slice(bytes).map_err(|e| bad(format!("not a model file: {e}")))?;
        if file.schema != SCHEMA {
            return Err(bad(format!(
                "model schema {:?}; this version reads {SCHEMA:?}",
                file.schema
            )));
        }
        if file.lexicon.sha256 != lexicon.sha256 {
            return Err(bad(format!(
                "the model was trained with lexicon {} (sha256 {}), not the one given ({} sha256 {}); use the same --lexicon",
                file.lexicon.version, file.lexicon.sha256, lexicon.version, lexicon.sha256
            )));
        }
        if file.features.engine != ENGINE_FEATURE_NAMES {
            return Err(bad(
                "the model's engine features are not this version's".into()
            ));
        }
        file.features.ngrams.check().map_err(bad)?;
        let b = &file.bands;
        if !(0.0 < b.low && b.low < b.medium && b.medium < b.high && b.high < 1.0) {
            return Err(bad("bands must satisfy 0 < low < medium < high < 1".into()));
        }
        let engine: [f64; ENGINE_FEATURES] = file
            .engine_weights
            .as_slice()
            .try_into()
            .map_err(|_| bad("wrong number of engine weights".into()))?;
        let spec = file.features.ngrams.clone();
        let mut dense = vec![0.0; spec.buckets()];
        for &(bucket, w) in &file.ngram_weights {
            *dense
                .get_mut(bucket as usize)
                .ok_or_else(|| bad(format!("n-gram bucket {bucket} out of range")))? = w;
        }
        if !engine.iter().chain(&dense).all(|w| w.is_finite()) || !file.bias.is_finite() {
            return Err(bad("a weight is not a finite number".into()));
        }
        Ok(TrainedModel {
            sha256: crate::ingest::sha256_hex(bytes),
            path: path.to_string(),
            weights: default.with_vector(file.bias, &engine, file.bands.clone()),
            select: default.clone(),
            text: NgramText {
                ngrams: NgramWeights {
                    spec,
                    weights: dense,
                },
            },
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

    /// The scorer that applies this model.
    pub fn scorer(&self) -> Scorer<'_> {
        Scorer {
            weights: &self.weights,
            select: &self.select,
            text: Some(&self.text),
        }
    }

    /// What reports say about the model.
    pub fn info(&self) -> crate::report::ModelInfo {
        crate::report::ModelInfo {
            sha256: self.sha256.clone(),
            path: self.path.clone(),
            schema: SCHEMA,
        }
    }
}

/// The n-gram part of a trained model.
pub struct NgramText {
    pub ngrams: NgramWeights,
}

impl TextModel for NgramText {
    fn start(&self) -> Box<dyn TextRun + '_> {
        Box::new(NgramRun {
            spec: &self.ngrams.spec,
            running: self.ngrams.start(),
        })
    }
}

struct NgramRun<'a> {
    spec: &'a NgramSpec,
    running: Running<'a>,
}

impl TextRun for NgramRun<'_> {
    fn push(&mut self, text: &str) {
        self.running.push(text);
    }

    fn logit(&self) -> f64 {
        self.running.logit()
    }

    /// The `TOP_NGRAMS` buckets that push hardest in the direction of the text part's
    /// total (up when it raises the score, down when it lowers it), each named by the
    /// n-grams of the conversation that fall into it and the messages that contain them,
    /// and one part for all other n-grams.
    fn parts(&self, conversation: &Conversation) -> Vec<Part> {
        let mut contributions = self.running.contributions();
        if contributions.is_empty() {
            return Vec::new();
        }
        let total = self.running.logit();
        let sign = if total < 0.0 { -1.0 } else { 1.0 };
        // A total order (buckets are distinct), so selecting the top then sorting it gives
        // what sorting everything would.
        let order = |a: &(u32, f64), b: &(u32, f64)| {
            (sign * b.1).total_cmp(&(sign * a.1)).then(a.0.cmp(&b.0))
        };
        if contributions.len() > TOP_NGRAMS {
            contributions.select_nth_unstable_by(TOP_NGRAMS - 1, order);
        }
        let head = contributions.len().min(TOP_NGRAMS);
        contributions[..head].sort_unstable_by(order);
        let top: Vec<(u32, f64)> = contributions
            .iter()
            .take(TOP_NGRAMS)
            .copied()
            .filter(|c| sign * c.1 > 0.0)
            .collect();
        let buckets: Vec<u32> = top.iter().map(|t| t.0).collect();
        // per top bucket: the n-grams found (first-seen order) and the messages with them
        let mut found: Vec<(Vec<Gram>, Vec<usize>)> = vec![(Vec::new(), Vec::new()); top.len()];
        for (i, m) in conversation.messages.iter().enumerate() {
            for (bucket, gram) in self.spec.grams_in(&m.text, &buckets) {
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
                |g| format!("{}:{}", g.kind, g.text),
            );
            let shown: Vec<String> = grams
                .iter()
                .map(|g| {
                    let what = if g.kind == 'w' { "words" } else { "letters" };
                    format!("{what} \"{}\"", g.text)
                })
                .collect();
            parts.push(Part {
                feature: format!("ngram:{first}"),
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
        if rest > 0 {
            parts.push(Part {
                feature: "ngram:other".into(),
                author: None,
                value: total - named,
                detail: format!("{rest} other word and letter sequences"),
                messages: Vec::new(),
            });
        }
        parts
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

/// A stratified K-fold cross-validation of train + eval.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct CvReport {
    pub k: usize,
    pub seed: u64,
    pub conversations: usize,
    pub positives: usize,
    /// Labelled conversations per fold, and grooming ones among them.
    pub fold_sizes: Vec<(usize, usize)>,
    pub epochs: u32,
    pub l2: f64,
    pub ngram_bits: u32,
    pub measures: Vec<Spread>,
    pub folds: Vec<EvalReport>,
}

/// Stratified fold assignment: the positives and the negatives are each shuffled with
/// the seed and dealt to the folds in turn, so every fold gets its share of both.
pub fn stratified_folds(labels: &[bool], k: usize, seed: u64) -> Vec<usize> {
    let mut rng = crate::synth::Rng::new(seed);
    let mut fold = vec![0; labels.len()];
    for class in [true, false] {
        let mut members: Vec<usize> = (0..labels.len()).filter(|&i| labels[i] == class).collect();
        rng.shuffle(&mut members);
        for (n, i) in members.into_iter().enumerate() {
            fold[i] = n % k;
        }
    }
    fold
}

/// Cross-validates train + eval on one labelled run (scored with the default model): for
/// each of `k` stratified folds, trains on the others, scores the fold with the model and
/// measures it as `eval` does; then the mean and spread of every measure.
pub fn cross_validate(
    run: &RunResult,
    truth: &GroundTruth,
    lexicon: &Lexicon,
    default: &Weights,
    opts: &TrainOptions,
    eval_opts: &crate::eval::Options,
    k: usize,
) -> Result<CvReport, Error> {
    opts.ngrams.check().map_err(Error::Usage)?;
    // labelled conversations, in rank order
    let labelled: Vec<(usize, bool)> = run
        .conversations
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            crate::eval::label_of(&s.conversation, truth).map(|(_, l)| (i, l.grooming))
        })
        .collect();
    let labels: Vec<bool> = labelled.iter().map(|l| l.1).collect();
    let positives = labels.iter().filter(|l| **l).count();
    let negatives = labels.len() - positives;
    if k < 2 || positives < k || negatives < k {
        return Err(Error::Usage(format!(
            "--cv {k} needs k >= 2 and at least k grooming and k benign labelled conversations ({positives} grooming, {negatives} benign)"
        )));
    }
    let examples: Vec<Example> = pipeline::par_map(&labelled, |&(i, grooming)| {
        let s = &run.conversations[i];
        example_scanned(
            &s.conversation,
            &s.scan,
            lexicon,
            default,
            &opts.ngrams,
            grooming,
        )
    });
    let fold = stratified_folds(&labels, k, opts.seed);
    let mut folds = Vec::new();
    let mut fold_sizes = Vec::new();
    for f in 0..k {
        let train_set: Vec<usize> = (0..labelled.len()).filter(|&j| fold[j] != f).collect();
        let test_set: Vec<usize> = (0..labelled.len()).filter(|&j| fold[j] == f).collect();
        fold_sizes.push((
            test_set.len(),
            test_set.iter().filter(|&&j| labels[j]).count(),
        ));
        let fitted = fit(&examples, &train_set, opts)?;
        let file = model_file(
            &fitted,
            lexicon,
            default,
            opts,
            TrainingInfo {
                seed: opts.seed,
                epochs: opts.epochs,
                l2: opts.l2,
                eta0: opts.eta0,
                class_weights: fitted.class_weights,
                conversations: train_set.len(),
                positives: train_set.iter().filter(|&&j| labels[j]).count(),
                loss: fitted.loss,
                truth: Vec::new(),
                inputs: Vec::new(),
            },
        );
        let model = TrainedModel::parse(
            &format!("fold {}", f + 1),
            &file.to_bytes(),
            lexicon,
            default,
        )?;
        let scorer = model.scorer();
        let mut scored: Vec<Scored> = pipeline::par_map(&test_set, |&j| {
            let s = &run.conversations[labelled[j].0];
            Scored {
                conversation: s.conversation.clone(),
                scan: s.scan.clone(),
                assessment: crate::score::assess_with(&s.conversation, &s.scan, lexicon, &scorer),
            }
        });
        pipeline::rank(&mut scored);
        let held_out = RunResult {
            conversations: scored,
            ..RunResult::default()
        };
        let mut report = crate::eval::evaluate(&held_out, truth, &model.weights.bands, eval_opts);
        report.model = Some(model.info());
        folds.push(report);
    }
    Ok(CvReport {
        k,
        seed: opts.seed,
        conversations: labelled.len(),
        positives,
        fold_sizes,
        epochs: opts.epochs,
        l2: opts.l2,
        ngram_bits: opts.ngrams.bits,
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
            let n = v.len() as f64;
            let mean = v.iter().sum::<f64>() / n;
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
    writeln!(
        out,
        "{}-fold stratified cross-validation (seed {}): {} labelled conversations, {} grooming; each fold trained on the others ({} epochs, l2 {}, 2^{} n-gram buckets)",
        r.k, r.seed, r.conversations, r.positives, r.epochs, r.l2, r.ngram_bits
    )?;
    let sizes: Vec<String> = r
        .fold_sizes
        .iter()
        .map(|(n, p)| format!("{n} ({p} grooming)"))
        .collect();
    writeln!(out, "fold sizes: {}", sizes.join(", "))?;
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

    /// Two engine features and a few buckets; grooming examples have feature 0 and bucket
    /// 1, benign ones feature 1 and bucket 2.
    fn toy() -> Vec<Example> {
        (0..40)
            .map(|i| {
                let grooming = i % 8 == 0;
                let mut engine = [0.0; ENGINE_FEATURES];
                engine[usize::from(!grooming)] = 1.0 + (i % 3) as f64;
                Example {
                    engine,
                    ngrams: vec![(if grooming { 1 } else { 2 }, 1.0)],
                    grooming,
                }
            })
            .collect()
    }

    #[test]
    fn fit_learns_the_signal_deterministically() {
        let examples = toy();
        let all: Vec<usize> = (0..examples.len()).collect();
        let opts = TrainOptions {
            ngrams: NgramSpec {
                bits: 4,
                ..NgramSpec::default()
            },
            epochs: 20,
            ..TrainOptions::default()
        };
        let a = fit(&examples, &all, &opts).unwrap();
        let b = fit(&examples, &all, &opts).unwrap();
        assert_eq!(a, b);
        assert!(
            a.engine[0] > 0.0 && a.engine[1] < 0.0,
            "{:?}",
            &a.engine[..2]
        );
        assert!(a.ngrams[1] > 0.0 && a.ngrams[2] < 0.0);
        assert_eq!(a.ngrams[3], 0.0, "untouched buckets stay zero");
        // 5 of 40 are grooming: balanced class weights n / (2 n_class).
        assert_eq!(a.class_weights, [40.0 / 70.0, 4.0]);
        let c = fit(
            &examples,
            &all,
            &TrainOptions {
                seed: 2,
                ..opts.clone()
            },
        )
        .unwrap();
        assert_ne!(a, c);
        assert!(fit(&examples, &[1, 2, 3], &opts).is_err(), "one class only");
    }
}

#[cfg(test)]
mod cv_tests {
    use super::*;

    #[test]
    fn folds_are_stratified_and_seeded() {
        let labels: Vec<bool> = (0..23).map(|i| i % 5 == 0).collect(); // 5 grooming
        let f = stratified_folds(&labels, 3, 9);
        assert_eq!(f, stratified_folds(&labels, 3, 9));
        assert_ne!(f, stratified_folds(&labels, 3, 10));
        for k in 0..3 {
            let pos = (0..23).filter(|&i| labels[i] && f[i] == k).count();
            let all = (0..23).filter(|&i| f[i] == k).count();
            assert!((1..=2).contains(&pos), "fold {k}: {pos} positives");
            assert!((7..=8).contains(&all), "fold {k}: {all}");
        }
    }

    #[test]
    fn spreads_are_mean_and_sample_std() {
        let a = serde_json::json!({"roc_auc": 0.5, "by_band": [{"threshold": "high (score >= 0.75)", "f1": 1.0}], "x": null});
        let b = serde_json::json!({"roc_auc": 1.0, "by_band": [{"threshold": "high (score >= 0.75)", "f1": 0.0}], "x": 2});
        let mut v = Vec::new();
        flatten(&a, "", &mut v);
        flatten(&b, "", &mut v);
        assert_eq!(
            v,
            [
                ("by_band.high.f1".to_string(), vec![1.0, 0.0]),
                ("roc_auc".to_string(), vec![0.5, 1.0]),
                ("x".to_string(), vec![2.0]),
            ]
        );
    }
}
