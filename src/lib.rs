//! groomscan: screens exported chat conversations for online-grooming risk and ranks them,
//! with the evidence behind every score.
//!
//! The pipeline runs one way (see `ARCHITECTURE.md`), and the folders are its stages:
//! [`ingest`] (files -> [`model::Conversation`]) -> [`detect`] (normalise, match the
//! lexicon, read stated ages, score: -> [`detect::score::Assessment`]) -> [`report`]
//! (table, json, csv, html). [`pipeline`] ties the stages together over many files and is
//! where conversations are read and scored in parallel; [`index`] keeps them in a case
//! folder; [`learn`] trains the shipped model and measures detection; [`synth`] writes
//! invented labelled chats for tests and benchmarks; [`rng`] is the deterministic random
//! generator both of those use.

pub mod app;
pub mod detect;
pub mod error;
pub mod hash;
pub mod index;
pub mod ingest;
pub mod learn;
pub mod model;
pub mod outputs;
pub mod pipeline;
pub mod provenance;
pub mod report;
pub mod rng;
pub mod synth;
