//! The case's scorer: the default weights or one trained model, whose file the case keeps
//! a copy of (`CASE/model.json`, checked against the SHA-256 in the manifest), and scoring a
//! case again in memory with another scorer when reading (`Scoring`, `Applied`,
//! `Reading::map_scored`, `Reading::load_as`, `Case::conversation_as`). The case is never
//! changed by rescoring.

use super::read::{Place, Reading};
use super::{Case, CaseError, ModelRef, io_err};
use crate::detect::lexicon::Lexicon;
use crate::detect::score::ModelInfo;
use crate::detect::score::{Scorer, Weights};
use crate::learn::train::TrainedModel;
use crate::pipeline::{self, RunResult, Scored};
use std::path::Path;

/// The case's copy of its trained model.
const MODEL_FILE: &str = "model.json";

/// A trained model given to `index --model`, with the bytes of its file: the case keeps a
/// copy, so `rank`, `show` and `report` name and apply it without the original file.
pub struct CaseModel {
    pub model: TrainedModel,
    bytes: Vec<u8>,
}

impl CaseModel {
    /// Reads and checks a model file for `lexicon` (whose default weights are `default`).
    pub fn load(
        path: &Path,
        lexicon: &Lexicon,
        default: &Weights,
    ) -> Result<CaseModel, crate::error::Error> {
        let bytes = std::fs::read(path).map_err(|e| crate::error::Error::Io {
            path: path.display().to_string(),
            source: e,
        })?;
        let model = TrainedModel::parse(&path.display().to_string(), &bytes, lexicon, default)?;
        Ok(CaseModel { model, bytes })
    }

    /// A model already loaded (the shipped one, or `--model`).
    pub fn of(model: TrainedModel) -> CaseModel {
        CaseModel {
            bytes: model.bytes.clone(),
            model,
        }
    }

    pub fn reference(&self) -> ModelRef {
        ModelRef::from(&self.model.info())
    }
}

/// Which scores `rank`, `show` and `report` present.
pub enum Scoring {
    /// The scores stored when each conversation was indexed.
    Stored,
    /// The default weights: the stored scores when the case was scored with them, else
    /// every conversation scored again.
    Default,
    /// This trained model: the stored scores when the case was scored with it (same
    /// SHA-256), else every conversation scored again.
    Model(Box<TrainedModel>),
}

impl From<Applied> for Scoring {
    /// The scorer that was applied, to apply again.
    fn from(a: Applied) -> Scoring {
        match a.model {
            Some(m) => Scoring::Model(Box::new(m)),
            None => Scoring::Default,
        }
    }
}

/// The scorer behind what `Case::ranked_as` or `Case::conversation_as` returned.
pub struct Applied {
    /// The trained model the scores come from; `None`: the default weights.
    pub model: Option<TrainedModel>,
    /// The conversations were scored again from their stored messages (the case was
    /// scored with another scorer). The case is not changed.
    pub rescored: bool,
    /// The scorer the case was scored with.
    pub case_model: Option<ModelRef>,
}

impl Applied {
    /// The weights to give report writers: the model's engine weights and bands, or the
    /// default ones.
    pub fn weights<'a>(&'a self, default: &'a Weights) -> &'a Weights {
        self.model.as_ref().map_or(default, |m| &m.weights)
    }

    /// What reports say about the model (`ReportContext::model`).
    pub fn info(&self) -> Option<ModelInfo> {
        self.model.as_ref().map(TrainedModel::info)
    }

    fn scorer<'a>(&'a self, default: &'a Weights) -> Scorer<'a> {
        match &self.model {
            Some(m) => m.scorer(),
            None => Scorer::new(default),
        }
    }

    /// A line for stderr when the scores are not the stored ones.
    pub fn note(&self, conversations: usize) -> Option<String> {
        let now = self.model.as_ref().map(|m| ModelRef::from(&m.info()));
        self.rescored.then(|| {
            format!(
                "the case was scored with {}; its {conversations} conversation(s) were scored \
                 again from the stored messages with {} (the case is not changed)",
                ModelRef::describe(self.case_model.as_ref()),
                ModelRef::describe(now.as_ref())
            )
        })
    }
}

impl Case {
    /// Writes `model.json` (temp file + rename) unless it already holds these bytes.
    pub(super) fn write_model_copy(&self, m: &CaseModel) -> Result<(), CaseError> {
        let path = self.dir.join(MODEL_FILE);
        if std::fs::read(&path).ok().as_deref() == Some(m.bytes.as_slice()) {
            return Ok(());
        }
        let tmp = self.dir.join(format!("{MODEL_FILE}.tmp"));
        std::fs::write(&tmp, &m.bytes).map_err(io_err(&tmp))?;
        std::fs::rename(&tmp, &path).map_err(io_err(&path))
    }

    /// The case's copy of its model, checked against the SHA-256 in the manifest, named by
    /// the path recorded there. `None` when the case was scored with the default weights.
    fn stored_model(
        &self,
        lexicon: &Lexicon,
        default: &Weights,
    ) -> Result<Option<TrainedModel>, CaseError> {
        let Some(r) = self.model() else {
            return Ok(None);
        };
        let path = self.dir.join(MODEL_FILE);
        let bytes = std::fs::read(&path).unwrap_or_default();
        if crate::hash::sha256_hex(&bytes) != r.sha256 {
            return Err(CaseError::Corrupt(format!(
                "{}: the case's copy of its model (sha256 {}) is missing or altered; give the \
                 model file with --model",
                path.display(),
                r.sha256
            )));
        }
        let mut model = TrainedModel::parse(&path.display().to_string(), &bytes, lexicon, default)
            .map_err(|e| CaseError::Corrupt(e.to_string()))?;
        model.path.clone_from(&r.path);
        Ok(Some(model))
    }

    /// Resolves which scorer to present (see `Scoring`), loading the case's model copy when
    /// the stored scores came from a model.
    pub fn scoring(
        &self,
        lexicon: &Lexicon,
        default: &Weights,
        scoring: Scoring,
    ) -> Result<Applied, CaseError> {
        self.check_lexicon(lexicon)?;
        let case_model = self.model().cloned();
        let case_sha = case_model.as_ref().map(|r| r.sha256.as_str());
        let (model, rescored) = match scoring {
            Scoring::Stored => (self.stored_model(lexicon, default)?, false),
            Scoring::Default => (None, case_sha.is_some()),
            Scoring::Model(m) => {
                let rescored = case_sha != Some(m.sha256.as_str());
                (Some(*m), rescored)
            }
        };
        Ok(Applied {
            model,
            rescored: rescored && self.manifest.is_some(),
            case_model,
        })
    }

    /// Every conversation in memory with every message, ranked, scored as `applied` says
    /// (for redaction; see `ranked_in_memory`).
    pub fn ranked_in_memory_as(
        &self,
        lexicon: &Lexicon,
        default: &Weights,
        applied: &Applied,
    ) -> Result<RunResult, CaseError> {
        let mut run = self.ranked_in_memory(lexicon)?;
        if applied.rescored {
            let scorer = applied.scorer(default);
            let stored = std::mem::take(&mut run.conversations);
            run.conversations = pipeline::par_map(&stored, |s| {
                pipeline::score_one_with(s.conversation.clone(), lexicon, &scorer)
            });
            pipeline::rank(&mut run.conversations);
        }
        Ok(run)
    }

    /// `conversation`, scored as `scoring` says. Scoring again scores the whole case again
    /// to find the rank, one conversation at a time (see `Reading::map_scored`).
    pub fn conversation_as(
        &self,
        lexicon: &Lexicon,
        default: &Weights,
        scoring: Scoring,
        id: &str,
    ) -> Result<(Scored, usize, usize, Applied), CaseError> {
        let applied = self.scoring(lexicon, default, scoring)?;
        if !applied.rescored {
            let (scored, rank, of) = self.conversation(lexicon, id)?;
            return Ok((scored, rank, of, applied));
        }
        let reading = self.reading(lexicon)?;
        let place = reading.place_of(id)?;
        let scored = reading.load_as(place, lexicon, default, &applied)?;
        let keys = reading.map_scored(lexicon, default, &applied, &|_| true, |_, s| {
            Ok((s.assessment.score, s.conversation.id, s.conversation.source))
        })?;
        let me = (
            scored.assessment.score,
            scored.conversation.id.as_str(),
            scored.conversation.source.as_str(),
        );
        let before = keys
            .iter()
            .filter(|(score, id, source)| {
                pipeline::order((*score, id, source), me) == std::cmp::Ordering::Less
            })
            .count();
        Ok((scored, before + 1, keys.len(), applied))
    }
}

impl Reading<'_> {
    /// The conversation at `place` with the scores `applied` names: as stored, or scored
    /// again from every stored message.
    pub fn load_as(
        &self,
        place: Place,
        lexicon: &Lexicon,
        default: &Weights,
        applied: &Applied,
    ) -> Result<Scored, CaseError> {
        let s = self
            .load(place, applied.rescored, &|_| true)?
            .expect("every conversation is kept");
        Ok(self.rescore(s, lexicon, default, applied))
    }

    fn rescore(
        &self,
        s: Scored,
        lexicon: &Lexicon,
        default: &Weights,
        applied: &Applied,
    ) -> Scored {
        if applied.rescored {
            pipeline::score_one_with(s.conversation, lexicon, &applied.scorer(default))
        } else {
            s
        }
    }

    /// Every conversation whose id `keep` accepts, scored as `applied` says, handed to `f`
    /// in parallel, one conversation in memory per thread; the results in index order.
    /// Scoring again reads every message of a conversation; the stored scores read only
    /// the conversation document.
    pub fn map_scored<U: Send>(
        &self,
        lexicon: &Lexicon,
        default: &Weights,
        applied: &Applied,
        keep: &(dyn Fn(&str) -> bool + Sync),
        f: impl Fn(Place, Scored) -> Result<U, CaseError> + Sync + Send,
    ) -> Result<Vec<U>, CaseError> {
        use rayon::prelude::*;
        let places = self.places()?;
        let out: Vec<Option<U>> = places
            .par_iter()
            .map(|&place| match self.load(place, applied.rescored, keep)? {
                Some(s) => f(place, self.rescore(s, lexicon, default, applied)).map(Some),
                None => Ok(None),
            })
            .collect::<Result<_, CaseError>>()?;
        Ok(out.into_iter().flatten().collect())
    }
}
