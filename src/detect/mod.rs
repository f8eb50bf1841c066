//! Detection: everything between a parsed conversation and its score. [`normalize`] folds
//! text once for every consumer; [`language`] tells which languages a conversation is in;
//! [`lexicon`] and [`ages`] find indicator phrases and stated
//! ages in it; [`scan`] ties them to messages and authors; [`score`] weighs the evidence
//! (the lexicon engine, or a trained model's application through [`score::Model`]);
//! [`features`] turns normalised text into the hashed n-gram features trained models use;
//! [`live`] reads one conversation message by message, as a platform watching a chat would.

pub mod ages;
pub mod features;
pub mod language;
pub mod lexicon;
pub mod live;
pub mod normalize;
pub mod scan;
pub mod score;
