//! The manifest record: one line of `manifest.jsonl` per input, what became of it and why. It is
//! read back typed (by `--resume` and the report), so every field round-trips.

use serde::{Deserialize, Serialize};

use crate::engine::RuleSet;
use crate::model::{sha256_hex, Doc, EncodingSource, Format, Status, WarcOrigin};

/// One removal as the manifest shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemovalRecord {
    pub rule: String,
    pub action: String,
    /// Byte offsets into the decoded source text (for HTML: the extracted text); absent for a
    /// dropped HTML element, which has `node` instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<usize>,
    /// Path of a dropped HTML element (`html > body > div.ad`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    pub text: String,
}

/// One line of `manifest.jsonl`: what became of one input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub id: String,
    /// Path relative to the input it was found under, `/`-separated.
    pub source: String,
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Clean text path relative to OUT (cleaned documents only).
    pub output: Option<String>,
    pub format: Option<Format>,
    pub encoding: Option<String>,
    pub encoding_source: Option<EncodingSource>,
    pub malformed_bytes: Option<usize>,
    pub source_sha256: Option<String>,
    pub output_sha256: Option<String>,
    pub chars_in: Option<usize>,
    pub chars_out: Option<usize>,
    pub title: Option<String>,
    pub published: Option<String>,
    pub outlet: Option<String>,
    pub author: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// Where in a WARC file the document was (WARC inputs only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warc: Option<WarcOrigin>,
    #[serde(default)]
    pub removals: Vec<RemovalRecord>,
    #[serde(default)]
    pub rules_digest: String,
    #[serde(default)]
    pub tool_version: String,
}

impl Record {
    /// The record of `doc`, cleaned with `rules`; `output` is the writer's to fill.
    pub fn of(doc: &Doc, rules: &RuleSet) -> Record {
        let d = doc.decoding;
        let why = |status: Status| doc.why.clone().filter(|_| doc.status == status);
        Record {
            id: doc.id.clone(),
            source: doc.id.clone(),
            status: doc.status,
            reason: why(Status::Rejected),
            error: why(Status::Failed),
            output: None,
            format: d.map(|d| d.format),
            encoding: d.map(|d| d.encoding.to_string()),
            encoding_source: d.map(|d| d.source),
            malformed_bytes: d.map(|d| d.malformed),
            source_sha256: doc.source_sha256.clone(),
            output_sha256: (doc.status == Status::Cleaned).then(|| sha256_hex(doc.text.as_bytes())),
            chars_in: d.map(|d| d.chars_in),
            chars_out: d.map(|_| doc.text.chars().count()),
            title: doc.meta.title.clone(),
            published: doc.meta.published.clone(),
            outlet: doc.meta.outlet.clone(),
            author: doc.meta.author.clone(),
            url: doc.meta.url.clone(),
            lang: doc.meta.lang.clone(),
            warc: doc.warc.clone(),
            removals: removal_records(doc, rules),
            rules_digest: rules.digest.clone(),
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }

    /// Whether this record was written by this build with these rules: only such a record can
    /// stand for a document cleaned now.
    pub fn is_current(&self, rules: &RuleSet) -> bool {
        self.rules_digest == rules.digest && self.tool_version == env!("CARGO_PKG_VERSION")
    }
}

/// The manifest form of a document's removals: dropped elements, then text spans.
pub fn removal_records(doc: &Doc, rules: &RuleSet) -> Vec<RemovalRecord> {
    let mut out = Vec::with_capacity(doc.dropped.len() + doc.removals.len());
    for d in &doc.dropped {
        let rule = rules.rule(d.rule);
        out.push(RemovalRecord {
            rule: rule.id.clone(),
            action: rule.action.name().to_string(),
            start: None,
            end: None,
            node: Some(d.path.clone()),
            text: d.text.clone(),
        });
    }
    for r in &doc.removals {
        out.push(RemovalRecord {
            rule: rules.rule(r.rule).id.clone(),
            action: r.action.name().to_string(),
            start: Some(r.span.start),
            end: Some(r.span.end),
            node: None,
            text: doc.source_text[r.span.clone()].to_string(),
        });
    }
    out
}
