//! Reading documents: where they come from (files and folders, the records of WARC files, JSON
//! Lines records), how their bytes become text, and the limits that bound one document.
//!
//! Every reader yields [`Unit`]s in input order; the run loop ([`crate::run`]) cleans them in
//! batches. A file is read by the worker that cleans it, so reading runs in parallel too.

pub mod decode;
pub mod files;
pub mod jsonl;
mod limits;
pub mod shard;
pub mod warc;

use std::path::{Path, PathBuf};

pub use limits::{too_large, Limits};

pub use crate::model::Carry;
use crate::model::{Status, WarcOrigin};

/// Extensions that mark an HTML page.
const HTML_EXTENSIONS: &[&str] = &["html", "htm", "xhtml", "shtml"];

/// What a document is given as.
#[derive(Clone, Debug)]
pub enum Content {
    /// Raw bytes, decoded when cleaned; text or HTML by the name, else by the first bytes.
    Bytes(Vec<u8>),
    /// Text already decoded (a JSON record's `text`).
    Text(String),
    /// An HTML page already decoded (a JSON record's `html`).
    Html(String),
}

impl Content {
    /// The bytes given: hashed into the record's `source_sha256`.
    pub fn bytes(&self) -> &[u8] {
        match self {
            Content::Bytes(b) => b,
            Content::Text(t) | Content::Html(t) => t.as_bytes(),
        }
    }
}

/// One document as read, before decoding.
#[derive(Clone, Debug)]
pub struct RawDoc {
    /// Its file name: the extension decides text or HTML for raw bytes.
    pub name: String,
    pub content: Content,
    /// Where it was fetched from, when known: its host scopes site rules, its TLD helps the
    /// encoding sniffer.
    pub url: Option<String>,
    /// The charset named by an HTTP `Content-Type`, when there was one.
    pub http_charset: Option<String>,
}

impl RawDoc {
    /// Raw bytes known by a file name.
    pub fn bytes(name: &str, bytes: Vec<u8>) -> RawDoc {
        RawDoc {
            name: name.to_string(),
            content: Content::Bytes(bytes),
            url: None,
            http_charset: None,
        }
    }
}

/// What a unit holds.
#[derive(Debug)]
pub enum Body {
    /// A file, read by the worker that cleans it.
    File(PathBuf),
    /// A document already in memory (a WARC response, a JSON record).
    Doc(RawDoc),
    /// A document whose fate is known without cleaning (a WARC response that is not a page, a
    /// broken WARC file, an output another input already writes).
    Settled {
        status: Status,
        why: String,
        url: Option<String>,
    },
}

/// One unit of work: a document to clean, in input order.
#[derive(Debug)]
pub struct Unit {
    /// The document's id in the manifest.
    pub id: String,
    pub body: Body,
    pub warc: Option<WarcOrigin>,
    pub carry: Option<Box<Carry>>,
    /// Input bytes it stands for while it waits in a batch (a JSON record's line), which
    /// bounds a batch's memory; 0 for a file, read only by its worker.
    pub weight: usize,
    /// Whether taking it finishes an input file (a WARC file's records do not: the reader tells
    /// when the file ends).
    pub ends_file: bool,
}

impl Unit {
    /// A file to read and clean.
    pub fn file(id: &str, path: &Path) -> Unit {
        Unit {
            ends_file: true,
            ..Unit::of(id, Body::File(path.to_path_buf()))
        }
    }

    /// A unit with nothing but its id and body.
    pub fn of(id: &str, body: Body) -> Unit {
        Unit {
            id: id.to_string(),
            body,
            warc: None,
            carry: None,
            weight: 0,
            ends_file: false,
        }
    }
}

/// HTML by extension (`.html .htm .xhtml .shtml`); text for `.txt`; otherwise by the first bytes.
pub fn is_html(path: &Path, bytes: &[u8]) -> bool {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
    {
        Some(ext) if HTML_EXTENSIONS.contains(&ext.as_str()) => true,
        Some(ext) if ext == "txt" => false,
        _ => sniff_html(bytes),
    }
}

/// Whether bytes look like an HTML page (for files whose extension says nothing).
pub fn sniff_html(bytes: &[u8]) -> bool {
    let head: Vec<u8> = bytes
        .iter()
        .take(1024)
        .filter(|b| **b != 0)
        .map(|b| b.to_ascii_lowercase())
        .collect();
    let s = String::from_utf8_lossy(&head);
    let s = s.trim_start_matches('\u{feff}').trim_start();
    s.starts_with("<!doctype html") || s.starts_with("<html") || s.contains("<head") || s.contains("<body")
}
