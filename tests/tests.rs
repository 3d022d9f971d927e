//! The integration tests: one binary, themed modules.

mod cli;
mod invariants;
mod pages;
mod rules;
mod util;
