//! The one integration-test binary: runs the real `groomscan` binary and reads the library
//! against real sample exports. Shared helpers live in `util`.

mod case;
mod cli;
mod csv_report;
mod db_samples;
mod duplicates;
mod evidence;
mod html_report;
mod json_samples;
mod languages;
mod leetspeak;
mod live;
mod merge;
mod pan2012;
mod ranking;
mod review;
mod robustness;
mod safety;
mod search;
mod synth;
mod terminal;
mod train;
mod util;
mod verify;
mod whatsapp_db;
mod whatsapp_samples;
mod whatsapp_variants;
