//! What a run writes: the manifest record of every document, the outputs (a text file each,
//! dolma part files, or a dolma stream) behind one [`sink::Sink`] trait, and the run's totals.
//! Every file is written whole or not at all.

pub mod dolma;
pub mod files;
pub mod manifest;
pub mod record;
pub mod sink;
pub mod summary;
