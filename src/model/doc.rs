//! One document from input to output: where it came from, how it was decoded, what cleaning made
//! of it and its metadata. Every stage after reading fills a part of one [`Doc`]; the writers turn
//! it into a manifest record and an output.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{Removal, RuleId};

/// What became of a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Clean text was written.
    Cleaned,
    /// Refused on purpose (over a limit, binary, all spam, a `reject-doc` rule), with a reason.
    Rejected,
    /// Could not be read, cleaned or written, with an error.
    Failed,
}

impl Status {
    /// Every status, in the order summaries list them.
    pub const ALL: [Status; 3] = [Status::Cleaned, Status::Rejected, Status::Failed];

    /// The name the manifest and the summaries use.
    pub fn name(self) -> &'static str {
        match self {
            Status::Cleaned => "cleaned",
            Status::Rejected => "rejected",
            Status::Failed => "failed",
        }
    }
}

/// Whether a document was read as a text dump or as an HTML page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Html,
}

impl Format {
    /// The name the manifest uses.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
        }
    }
}

/// How the encoding of a document was decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EncodingSource {
    Bom,
    Declared,
    Utf8,
    Sniffed,
    Utf16Heuristic,
    /// The text came as Unicode already (a `text` or `html` field of a JSON record).
    Given,
}

impl EncodingSource {
    /// The name the manifest uses.
    pub fn name(self) -> &'static str {
        match self {
            EncodingSource::Bom => "bom",
            EncodingSource::Declared => "declared",
            EncodingSource::Utf8 => "utf8",
            EncodingSource::Sniffed => "sniffed",
            EncodingSource::Utf16Heuristic => "utf16-heuristic",
            EncodingSource::Given => "given",
        }
    }
}

/// How a document's bytes became its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decoding {
    pub format: Format,
    /// WHATWG name of the encoding, lower case (`utf-8`, `gb18030`, `big5`, `utf-16le`, …).
    pub encoding: &'static str,
    pub source: EncodingSource,
    /// Malformed byte sequences replaced by U+FFFD.
    pub malformed: usize,
    /// Characters of the decoded text.
    pub chars_in: usize,
}

/// Where a document came from inside a WARC file; part of its manifest record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarcOrigin {
    pub target_uri: Option<String>,
    pub record_id: Option<String>,
    pub date: Option<String>,
    /// Byte offset of the record in the file: of its gzip member in a `.warc.gz`.
    pub offset: u64,
}

/// What a document says of itself.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocMeta {
    pub title: Option<String>,
    /// `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM:SS` when a time is given.
    pub published: Option<String>,
    pub outlet: Option<String>,
    pub author: Option<String>,
    /// The page's canonical URL, else the URL it was fetched from.
    pub url: Option<String>,
    /// The page's `<html lang>`.
    pub lang: Option<String>,
}

impl DocMeta {
    /// The names the document's source goes by, which scope site rules: its URL's host and its
    /// outlet.
    pub fn site_names(&self) -> impl Iterator<Item = String> + '_ {
        let host = self.url.as_deref().and_then(host_of);
        host.into_iter().chain(self.outlet.clone())
    }

    /// Each field from `self` when it has one, else from `weaker`: the one precedence merge of
    /// metadata from sources of different trust.
    pub fn or(self, weaker: DocMeta) -> DocMeta {
        DocMeta {
            title: self.title.or(weaker.title),
            published: self.published.or(weaker.published),
            outlet: self.outlet.or(weaker.outlet),
            author: self.author.or(weaker.author),
            url: self.url.or(weaker.url),
            lang: self.lang.or(weaker.lang),
        }
    }
}

/// `https://www.example.com:8080/a?b` → `www.example.com`.
pub fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?.rsplit('@').next()?;
    let host = host.split(':').next()?.trim().to_ascii_lowercase();
    (!host.is_empty()).then_some(host)
}

/// An HTML element left out of the text (by a selector rule, or as not the article), with no
/// span in the extracted text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DroppedNode {
    pub rule: RuleId,
    /// CSS-like path of the element, such as `html > body > div#main > script`.
    pub path: String,
    /// The element's text, cut to its first [`crate::html::DROPPED_TEXT_CHARS`] chars.
    pub text: String,
}

/// What the input record of a document carries through to its output record unchanged (JSON
/// Lines input): its own `source` and `added`, and every other field.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Carry {
    pub source: Option<String>,
    pub added: Option<String>,
    pub fields: serde_json::Map<String, serde_json::Value>,
}

/// One document and everything known of it.
#[derive(Clone, Debug)]
pub struct Doc {
    /// Its name in the manifest: the path relative to its input root, or a WARC record's
    /// `FILE#NNNNNNNN`, or a JSON record's `id`.
    pub id: String,
    pub status: Status,
    /// Why it was rejected, or what failed.
    pub why: Option<String>,
    /// Bytes read for it (what throughput counts).
    pub bytes: u64,
    pub source_sha256: Option<String>,
    /// `None` when it was never decoded (unreadable, refused by its size, not a page).
    pub decoding: Option<Decoding>,
    /// The text removal spans point into: the decoded text, or a page's extracted text.
    pub source_text: String,
    /// Clean text, one paragraph per line.
    pub text: String,
    pub meta: DocMeta,
    /// Sorted, disjoint removals from `source_text`.
    pub removals: Vec<Removal>,
    /// HTML elements left out before text was taken, outermost only, in document order.
    pub dropped: Vec<DroppedNode>,
    pub warc: Option<WarcOrigin>,
    pub carry: Option<Box<Carry>>,
}

impl Doc {
    /// A document known only by its id, with nothing read yet.
    pub fn new(id: &str) -> Doc {
        Doc {
            id: id.to_string(),
            status: Status::Failed,
            why: None,
            bytes: 0,
            source_sha256: None,
            decoding: None,
            source_text: String::new(),
            text: String::new(),
            meta: DocMeta::default(),
            removals: Vec::new(),
            dropped: Vec::new(),
            warc: None,
            carry: None,
        }
    }

    /// A document that could not be read, cleaned or written.
    pub fn failed(id: &str, error: String) -> Doc {
        Doc {
            why: Some(error),
            ..Doc::new(id)
        }
    }

    /// A document refused before cleaning.
    pub fn rejected(id: &str, reason: String) -> Doc {
        Doc {
            status: Status::Rejected,
            why: Some(reason),
            ..Doc::new(id)
        }
    }

    /// Marks the document failed, keeping what is known of it.
    pub fn fail(&mut self, error: String) {
        self.status = Status::Failed;
        self.why = Some(error);
    }
}

/// The sha256 of `bytes`, in lower-case hex: how the manifest names a source's and an output's
/// bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stronger_metadata_wins_field_by_field() {
        let page = DocMeta {
            title: Some("Headline".into()),
            ..DocMeta::default()
        };
        let text = DocMeta {
            title: Some("Line".into()),
            author: Some("Li Hua".into()),
            ..DocMeta::default()
        };
        let merged = page.or(text);
        assert_eq!(merged.title.as_deref(), Some("Headline"));
        assert_eq!(merged.author.as_deref(), Some("Li Hua"));
        assert_eq!(merged.published, None);
    }
}
