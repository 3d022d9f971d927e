//! The integration tests: one binary, themed modules.

mod cli;
mod encodings;
mod hostile;
mod invariants;
mod layout;
mod pages;
mod passes;
mod properties;
mod report;
mod resume;
mod rules;
mod stream;
mod text_meta;
mod util;
mod warc;
