//! newsclean turns scraped news pages (text dumps and raw HTML, in any common encoding) into clean
//! article text with provenance: which rule removed which span.
//!
//! # Overview
//! - [`decode::decode`] turns bytes into UTF-8 and says how the encoding was decided.
//! - [`rules`] loads rule files (TOML data, with examples) and compiles them once; [`kinds`] holds
//!   each rule kind (its options, their checks, its finder) and the registry of them all.
//! - [`engine`] runs a document through the compiled rules: phases, rounds, actions, decide.
//! - [`clean::clean_text`] cleans a text, [`clean::clean_page`] a page ([`html`] extracts its text).
//! - [`pipeline`] runs a batch in parallel and writes clean text and a manifest.
//! - [`filter`] cleans a stream of JSON Lines records; [`dolma`] is their output format.
//! - [`profile`] times each rule's searches (`newsclean rules profile`).
//! - [`warc`] reads WARC files; [`shard`] splits a corpus between the jobs of an array.
//!
//! # Example
//! ```
//! use newsclean::rules::{load::embedded_sources, load_sources};
//! let rules = load_sources(&embedded_sources()).unwrap();
//! let out = newsclean::clean::clean_text(&rules, "推进软件迭代升级必一运动、系统构建。\n".into(), &[]);
//! assert_eq!(out.text, "推进软件迭代升级、系统构建。\n");
//! ```

pub mod clean;
/// The old path of [`engine::decide`], still read by `html.rs` (being split into `html/`).
pub use engine::decide;
pub mod decode;
pub mod dolma;
pub mod emit;
pub mod engine;
pub mod extract;
pub mod filter;
pub mod html;
pub mod kinds;
pub mod meta;
pub mod model;
pub mod pipeline;
pub mod process;
pub mod profile;
pub mod raw_text;
pub mod report;
pub mod rules;
pub mod shard;
pub mod text;
pub mod warc;
