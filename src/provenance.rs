//! The provenance sidecar (`--provenance FILE`): a CASE/UCO JSON-LD graph that records the
//! run as an investigative action: the tool and its version, the lexicon (version and
//! SHA-256), the trained model when one replaced the default scoring (its SHA-256), every
//! input file with its SHA-256 and size, the start and end times, the command line, and
//! the report file written (with its hash). CASE/UCO is the digital
//! forensics community's exchange format (caseontology.org).
//!
//! It only describes a run; it reads nothing from disk itself.

use crate::detect::lexicon::Lexicon;
use crate::model::InputFile;
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Value, json};
use std::io;

/// A file the run wrote.
#[derive(Clone, Debug)]
pub struct OutputFile {
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
}

impl OutputFile {
    /// Hashes a written file, reading it in pieces (a report can be larger than memory).
    pub fn of(path: &std::path::Path) -> std::io::Result<OutputFile> {
        let (sha256, bytes) = crate::hash::file_sha256(path)?;
        Ok(OutputFile {
            path: path.display().to_string(),
            sha256,
            bytes,
        })
    }
}

/// Everything the sidecar records about one run.
pub struct RunRecord<'a> {
    /// What was done, e.g. `groomscan scan` or `groomscan index`.
    pub action: &'static str,
    pub command_line: &'a [String],
    pub started: DateTime<Utc>,
    pub ended: DateTime<Utc>,
    pub inputs: &'a [InputFile],
    pub outputs: &'a [OutputFile],
    pub lexicon: &'a Lexicon,
    /// The trained model used (`--model`), if any.
    pub model: Option<&'a crate::detect::score::ModelInfo>,
}

fn time(t: DateTime<Utc>) -> Value {
    json!({"@type": "xsd:dateTime", "@value": t.to_rfc3339_opts(SecondsFormat::Millis, true)})
}

fn file_node(kind: &str, path: &str, sha256: &str, bytes: u64) -> Value {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let id = format!("kb:{kind}-{}", &sha256[..32.min(sha256.len())]);
    json!({
        "@id": id,
        "@type": "uco-observable:File",
        "uco-core:hasFacet": [
            {
                "@id": format!("{id}-file"),
                "@type": "uco-observable:FileFacet",
                "uco-observable:fileName": name,
                "uco-observable:filePath": path,
                "uco-observable:sizeInBytes": {"@type": "xsd:integer", "@value": bytes.to_string()},
            },
            {
                "@id": format!("{id}-content"),
                "@type": "uco-observable:ContentDataFacet",
                "uco-observable:sizeInBytes": {"@type": "xsd:integer", "@value": bytes.to_string()},
                "uco-observable:hash": [{
                    "@id": format!("{id}-sha256"),
                    "@type": "uco-types:Hash",
                    "uco-types:hashMethod": {"@type": "uco-vocabulary:HashNameVocab", "@value": "SHA256"},
                    "uco-types:hashValue": {"@type": "xsd:hexBinary", "@value": sha256},
                }],
            },
        ],
    })
}

/// Builds the JSON-LD graph.
pub fn graph(run: &RunRecord) -> Value {
    let tool_id = format!("kb:tool-groomscan-{}", env!("CARGO_PKG_VERSION"));
    let lexicon_id = format!(
        "kb:lexicon-{}",
        &run.lexicon.sha256[..32.min(run.lexicon.sha256.len())]
    );
    let mut nodes = vec![
        json!({
            "@id": tool_id,
            "@type": "uco-tool:Tool",
            "uco-core:name": "groomscan",
            "uco-tool:version": env!("CARGO_PKG_VERSION"),
            "uco-tool:toolType": "analysis",
            "uco-core:description": "Screens exported chat conversations for online-grooming risk indicators and ranks them.",
        }),
        json!({
            "@id": lexicon_id,
            "@type": "uco-tool:Tool",
            "uco-core:name": "groomscan lexicon and scoring weights",
            "uco-tool:version": run.lexicon.version,
            "uco-tool:toolType": "configuration",
            "uco-core:description": format!("sha256 {}", run.lexicon.sha256),
        }),
    ];
    let mut instruments = vec![json!({"@id": tool_id}), json!({"@id": lexicon_id})];
    if let Some(m) = run.model {
        let model_id = format!("kb:model-{}", &m.sha256[..32.min(m.sha256.len())]);
        instruments.push(json!({"@id": model_id}));
        nodes.push(json!({
            "@id": model_id,
            "@type": "uco-tool:Tool",
            "uco-core:name": "groomscan trained model",
            "uco-tool:version": m.schema,
            "uco-tool:toolType": "configuration",
            "uco-core:description": format!("{} sha256 {}", m.path, m.sha256),
        }));
    }
    let mut objects = Vec::new();
    for input in run.inputs {
        let node = file_node("input", &input.path, &input.sha256, input.bytes);
        objects.push(json!({"@id": node["@id"].clone()}));
        nodes.push(node);
    }
    let mut results = Vec::new();
    for output in run.outputs {
        let node = file_node("output", &output.path, &output.sha256, output.bytes);
        results.push(json!({"@id": node["@id"].clone()}));
        nodes.push(node);
    }
    nodes.push(json!({
        "@id": format!("kb:action-groomscan-{}", run.started.timestamp_millis()),
        "@type": "case-investigation:InvestigativeAction",
        "uco-core:name": run.action,
        "uco-core:description": run.command_line.join(" "),
        "uco-action:startTime": time(run.started),
        "uco-action:endTime": time(run.ended),
        "uco-action:instrument": instruments,
        "uco-action:object": objects,
        "uco-action:result": results,
    }));
    json!({
        "@context": {
            "case-investigation": "https://ontology.caseontology.org/case/investigation/",
            "kb": "http://example.org/kb/",
            "uco-action": "https://ontology.unifiedcyberontology.org/uco/action/",
            "uco-core": "https://ontology.unifiedcyberontology.org/uco/core/",
            "uco-observable": "https://ontology.unifiedcyberontology.org/uco/observable/",
            "uco-tool": "https://ontology.unifiedcyberontology.org/uco/tool/",
            "uco-types": "https://ontology.unifiedcyberontology.org/uco/types/",
            "uco-vocabulary": "https://ontology.unifiedcyberontology.org/uco/vocabulary/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@graph": nodes,
    })
}

/// Writes the sidecar, pretty-printed.
pub fn write<W: io::Write>(out: &mut W, run: &RunRecord) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &graph(run))?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_has_the_case_shape() {
        let lexicon = Lexicon::builtin().unwrap();
        let inputs = [InputFile {
            path: "evidence/chat.txt".into(),
            sha256: "ab".repeat(32),
            bytes: 10,
            format: "whatsapp".into(),
            conversations: 1,
            messages: 3,
            unit_sha256: None,
        }];
        let outputs = [OutputFile {
            path: "out.json".into(),
            sha256: "cd".repeat(32),
            bytes: 5,
        }];
        let t = DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let cmd = ["groomscan".to_string(), "scan".into()];
        let g = graph(&RunRecord {
            action: "groomscan scan",
            command_line: &cmd,
            started: t,
            ended: t,
            inputs: &inputs,
            outputs: &outputs,
            lexicon: &lexicon,
            model: None,
        });
        let nodes = g["@graph"].as_array().unwrap();
        for n in nodes {
            assert!(n["@id"].as_str().unwrap().starts_with("kb:"), "{n}");
            let ty = n["@type"].as_str().unwrap();
            let prefix = ty.split(':').next().unwrap();
            assert!(
                g["@context"].get(prefix).is_some(),
                "prefix {prefix} not in @context"
            );
        }
        let action = nodes
            .iter()
            .find(|n| n["@type"] == "case-investigation:InvestigativeAction")
            .unwrap();
        assert_eq!(action["uco-action:object"].as_array().unwrap().len(), 1);
        assert_eq!(action["uco-action:result"].as_array().unwrap().len(), 1);
        assert_eq!(
            action["uco-action:startTime"]["@value"],
            "2026-01-01T00:00:00.000Z"
        );
        let ids: Vec<&str> = nodes.iter().map(|n| n["@id"].as_str().unwrap()).collect();
        for r in action["uco-action:object"]
            .as_array()
            .unwrap()
            .iter()
            .chain(action["uco-action:result"].as_array().unwrap())
        {
            assert!(
                ids.contains(&r["@id"].as_str().unwrap()),
                "dangling reference {r}"
            );
        }
        let input = nodes
            .iter()
            .find(|n| n["@id"].as_str().unwrap().starts_with("kb:input-"))
            .unwrap();
        let hash = &input["uco-core:hasFacet"][1]["uco-observable:hash"][0];
        assert_eq!(hash["uco-types:hashValue"]["@value"], "ab".repeat(32));
        assert_eq!(hash["uco-types:hashMethod"]["@value"], "SHA256");
        assert_eq!(action["uco-action:instrument"].as_array().unwrap().len(), 2);
        let model = crate::detect::score::ModelInfo {
            sha256: "ef".repeat(32),
            path: "model.json".into(),
            schema: "groomscan.model/1",
        };
        let g = graph(&RunRecord {
            action: "groomscan scan",
            command_line: &cmd,
            started: t,
            ended: t,
            inputs: &inputs,
            outputs: &outputs,
            lexicon: &lexicon,
            model: Some(&model),
        });
        let nodes = g["@graph"].as_array().unwrap();
        let m = nodes
            .iter()
            .find(|n| n["uco-core:name"] == "groomscan trained model")
            .unwrap();
        assert!(
            m["uco-core:description"]
                .as_str()
                .unwrap()
                .contains(&"ef".repeat(32))
        );
        let action = nodes
            .iter()
            .find(|n| n["@type"] == "case-investigation:InvestigativeAction")
            .unwrap();
        assert!(
            action["uco-action:instrument"]
                .as_array()
                .unwrap()
                .contains(&json!({"@id": m["@id"]}))
        );
    }
}
