//! `groomscan.part/1`: a scan of some of the files of a batch, written so that `merge`
//! can put several such parts together into exactly the report one `scan` of all the
//! files gives (README "Scanning on many machines"). It is JSONL:
//!
//! - line 1, the head (`Head`): the tool, the lexicon, the model and case details the
//!   part was scanned with, and what each file read gave (`pipeline::Parts`: its
//!   `inputs[]` record, errors and assumptions, apart per file, so that `merge` can put
//!   them in the order one run lists them), and for a walk part (`groomscan walk`) the
//!   files the walk listed;
//! - then one line per conversation (`Line`), in rank order: its full-precision ranking
//!   key (score, id, source), band and content digest (`Scored::content_sha256`, to rank
//!   one chat read from two parts once), and its rendered fragments in every format
//!   `merge` writes (`report::spool`: the same bytes `scan` copies out).
//!
//! Reading parts back and merging them is `app::merge`; this module owns the format.

use super::{ReportContext, csv, json, table};
use crate::detect::score::Band;
use crate::pipeline::{Parts, Scored};
use serde::{Deserialize, Serialize};
use std::io;

pub const SCHEMA: &str = "groomscan.part/1";

/// The first line of a part.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Head {
    pub schema: String,
    pub tool: Tool,
    /// What the conversations were scored and rendered with; absent in a walk part,
    /// which has none.
    pub scan: Option<ScanHead>,
    /// The files a walk part's walk listed (in walk order), which the other parts of the
    /// batch must hold between them; absent in a scan part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub walked: Option<Vec<String>>,
    #[serde(flatten)]
    pub parts: Parts,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

impl Tool {
    /// This build of groomscan.
    pub fn this() -> Tool {
        Tool {
            name: "groomscan".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        }
    }
}

/// What the conversations of a scan part were scored with: parts are merged only when
/// all of these are equal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScanHead {
    pub lexicon: LexiconRef,
    pub model: Option<ModelRef>,
    pub case: super::CaseDetails,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LexiconRef {
    pub version: String,
    pub sha256: String,
}

/// `score::ModelInfo` as read back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelRef {
    pub sha256: String,
    pub path: String,
    pub schema: String,
}

impl ScanHead {
    pub fn of(ctx: &ReportContext) -> ScanHead {
        ScanHead {
            lexicon: LexiconRef {
                version: ctx.lexicon.version.clone(),
                sha256: ctx.lexicon.sha256.clone(),
            },
            model: ctx.model.map(|m| ModelRef {
                sha256: m.sha256.clone(),
                path: m.path.clone(),
                schema: m.schema.to_string(),
            }),
            case: ctx.case.cloned().unwrap_or_default(),
        }
    }
}

/// One conversation of a part.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Line {
    /// Full precision (the JSON report rounds it): the ranking key is exact.
    pub score: f64,
    pub id: String,
    pub source: String,
    pub band: Band,
    pub content_sha256: Option<String>,
    /// The fragments (`report::spool`) of the table, the JSON document, JSONL, CSV and
    /// evidence CSV, without the rank.
    pub table: String,
    pub json: String,
    pub jsonl: String,
    pub csv: String,
    /// The evidence CSV rows, one string each (the spool's fragment prefixes each with
    /// its length: `evidence_fragment`).
    pub evidence_csv: Vec<String>,
}

/// Renders one scored conversation as a part line (without its new line). The fragments
/// are rendered for a file (`ctx.terminal` should be `Terminal::PLAIN`).
pub fn line(buf: &mut Vec<u8>, s: &Scored, ctx: &ReportContext) -> io::Result<()> {
    let render = |f: fn(&mut Vec<u8>, &Scored, &ReportContext) -> io::Result<()>| {
        let mut b = Vec::new();
        f(&mut b, s, ctx)?;
        String::from_utf8(b).map_err(io::Error::other)
    };
    let line = Line {
        score: s.assessment.score,
        id: s.conversation.id.clone(),
        source: s.conversation.source.clone(),
        band: s.assessment.band,
        content_sha256: s.content_sha256.clone(),
        table: render(table::fragment)?,
        json: render(json::fragment)?,
        jsonl: render(json::line_fragment)?,
        csv: render(csv::fragment)?,
        evidence_csv: {
            let mut b = Vec::new();
            csv::evidence_fragment(&mut b, s, ctx)?;
            evidence_rows(&b)?
        },
    };
    serde_json::to_writer(&mut *buf, &line)?;
    Ok(())
}

/// Writes a part: the head, then the conversations' lines in rank order.
pub fn write<W: io::Write>(
    out: &mut W,
    head: &Head,
    ranking: &super::spool::Ranking,
) -> io::Result<()> {
    serde_json::to_writer(&mut *out, head)?;
    out.write_all(b"\n")?;
    ranking.each_report(None, |_, _, line| {
        out.write_all(line)?;
        out.write_all(b"\n")
    })
}

/// The rows of an evidence fragment (each preceded by its length as 8 bytes).
fn evidence_rows(mut fragment: &[u8]) -> io::Result<Vec<String>> {
    let mut rows = Vec::new();
    while let Some((len, rest)) = fragment.split_first_chunk::<8>() {
        let len = u64::from_le_bytes(*len) as usize;
        let row = rest
            .get(..len)
            .ok_or_else(|| io::Error::other("evidence fragment cut short"))?;
        rows.push(String::from_utf8(row.to_vec()).map_err(io::Error::other)?);
        fragment = &rest[len..];
    }
    Ok(rows)
}

impl Line {
    /// The evidence fragment again, as `csv::evidence_fragment` renders it.
    pub fn evidence_fragment(&self) -> Vec<u8> {
        let mut buf = Vec::new();
        for row in &self.evidence_csv {
            buf.extend_from_slice(&(row.len() as u64).to_le_bytes());
            buf.extend_from_slice(row.as_bytes());
        }
        buf
    }

    /// The fragment of `format` (`None` for HTML, which parts do not carry).
    pub fn fragment(&self, format: super::OutputFormat) -> Option<&str> {
        use super::OutputFormat as F;
        match format {
            F::Table => Some(&self.table),
            F::Json => Some(&self.json),
            F::Jsonl => Some(&self.jsonl),
            F::Csv => Some(&self.csv),
            F::Html | F::Part => None,
        }
    }
}
