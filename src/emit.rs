//! What a run writes: manifest records and files, each written to a temporary name in its final
//! folder and renamed into place, so a crash never leaves a half-written file under a final name.

use std::io::Write;
use std::path::Path;

use serde::Serialize;
use sha2::{Digest, Sha256};

/// One removal as the manifest shows it.
#[derive(Clone, Debug, Serialize)]
pub struct RemovalRecord {
    pub rule: String,
    pub action: String,
    /// Byte offsets into the decoded source text (for HTML: the extracted text); absent for a
    /// dropped HTML element, which has `node` instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<usize>,
    /// Path of a dropped HTML element (`html > body > div.ad`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    pub text: String,
}

/// One line of `manifest.jsonl`: what became of one input.
#[derive(Clone, Debug, Serialize)]
pub struct Record {
    pub id: String,
    /// Path relative to the input it was found under, `/`-separated.
    pub source: String,
    /// `cleaned`, `rejected` or `failed`.
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Clean text path relative to OUT (cleaned documents only).
    pub output: Option<String>,
    /// `text` or `html`.
    pub format: Option<&'static str>,
    pub encoding: Option<&'static str>,
    pub encoding_source: Option<crate::decode::EncodingSource>,
    pub malformed_bytes: Option<usize>,
    pub source_sha256: Option<String>,
    pub output_sha256: Option<String>,
    pub chars_in: Option<usize>,
    pub chars_out: Option<usize>,
    pub title: Option<String>,
    pub published: Option<String>,
    pub outlet: Option<String>,
    pub author: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// Where in a WARC file the document was (WARC inputs only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warc: Option<crate::warc::WarcOrigin>,
    pub removals: Vec<RemovalRecord>,
    pub rules_digest: String,
    pub tool_version: &'static str,
}

impl Record {
    /// A record with only identity fields filled: the start of every status.
    pub fn new(source: &str, rules_digest: &str) -> Record {
        Record {
            id: source.to_string(),
            source: source.to_string(),
            status: "failed",
            reason: None,
            error: None,
            output: None,
            format: None,
            encoding: None,
            encoding_source: None,
            malformed_bytes: None,
            source_sha256: None,
            output_sha256: None,
            chars_in: None,
            chars_out: None,
            title: None,
            published: None,
            outlet: None,
            author: None,
            url: None,
            lang: None,
            warc: None,
            removals: Vec::new(),
            rules_digest: rules_digest.to_string(),
            tool_version: env!("CARGO_PKG_VERSION"),
        }
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes `bytes` to `path` as [`write_atomic`] does, unless the file holds exactly these bytes
/// already: a run again into the same OUT leaves each unchanged output as it was (its time, its
/// inode). Creating files is what a file system may do slowly, just after many were replaced.
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let same_size = std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64);
    if same_size && std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(());
    }
    write_atomic(path, bytes)
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".newsclean-").suffix(".tmp");
    // Temporary files are private (0600) by default; outputs are ordinary files.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
