//! The integration tests: one binary, themed modules.

mod cli;
mod hostile;
mod invariants;
mod pages;
mod passes;
mod properties;
mod report;
mod resume;
mod rules;
mod stream;
mod util;
mod warc;
