//! newsclean turns scraped news pages (text dumps and raw HTML, in any common encoding) into clean
//! article text with provenance: which rule removed which span.
//!
//! # Overview
//! One document goes through the layers below in order; each layer uses only the ones above it.
//! - [`text`]: folding for matching, dates, what a char is.
//! - [`model`]: the document ([`model::Doc`]), its source text and lines, removals, the view the
//!   rules read.
//! - [`rules`] loads rule files (TOML data, with examples), reporting every error as
//!   `file:line:col`; [`kinds`] holds each rule kind (its options, their checks, its finder) and
//!   the registry of them all.
//! - [`engine`] runs a text through the compiled rules: phases, rounds, actions, decide.
//! - [`html`] extracts a page's text and metadata; [`clean`] cleans a text or a page; [`meta`]
//!   reads a text's title, date, outlet and author.
//! - [`read`] gives units of work (files, WARC records, JSON Lines records), decodes bytes and
//!   bounds a document; [`process`] turns one unit into its [`model::Doc`].
//! - [`passes`] is the seam for corpus-wide passes; [`write`] writes records, outputs and totals.
//! - [`run`] is the one batch loop every command uses, and the `clean`, `filter` and profile runs.
//! - [`report`] writes a run's report; [`profile`] times each rule's searches.
//!
//! # Example
//! ```
//! use newsclean::{engine::load_sources, rules::embedded_sources};
//! let rules = load_sources(&embedded_sources()).unwrap();
//! let out = newsclean::clean::clean_text(&rules, "推进软件迭代升级必一运动、系统构建。\n".into(), &[]);
//! assert_eq!(out.text, "推进软件迭代升级、系统构建。\n");
//! ```

pub mod clean;
pub mod engine;
pub mod html;
pub mod kinds;
pub mod meta;
pub mod model;
pub mod passes;
pub mod process;
pub mod profile;
pub mod read;
pub mod report;
pub mod rules;
pub mod run;
pub mod text;
pub mod write;
