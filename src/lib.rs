//! groomscan: screens exported chat conversations for online-grooming risk and ranks them,
//! with the evidence behind every score.
//!
//! The pipeline runs one way (see `ARCHITECTURE.md`):
//! `ingest` (files -> `model::Conversation`) -> `normalize` + `lexicon` + `scan`
//! (-> `scan::ScanResult`: hits and stated ages) -> `score` (-> `score::Assessment`) ->
//! `report` (table, json, ...). `pipeline` ties the stages together over many files and is
//! the only place that runs in parallel.

pub mod ages;
pub mod error;
pub mod eval;
pub mod features;
pub mod index;
pub mod ingest;
pub mod lexicon;
pub mod model;
pub mod normalize;
pub mod outputs;
pub mod pipeline;
pub mod provenance;
pub mod report;
pub mod scan;
pub mod score;
pub mod solver;
pub mod synth;
pub mod train;
