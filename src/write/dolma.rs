//! Dolma-style JSON Lines records (`id`, `text`, `source`, `added`, `metadata`), and the
//! gzipped part files `clean --format jsonl` writes them to.

use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::write::GzEncoder;
use serde_json::{Map, Value};

use super::record::Record;
use crate::model::Status;

/// What every record of a run shares.
#[derive(Clone, Debug)]
pub struct DolmaOptions {
    /// `source` of records whose input names none: the data set's name.
    pub source: String,
    /// `added` of records whose input names none (RFC 3339).
    pub added: String,
    /// Rejected and failed documents are written too (empty `text`, status in metadata).
    pub keep_rejected: bool,
}

impl DolmaOptions {
    /// Whether a record of `status` is written: cleaned ones always, the others with
    /// `keep_rejected`.
    pub fn writes(&self, status: Status) -> bool {
        status == Status::Cleaned || self.keep_rejected
    }

    /// `added` is `--added`, else `SOURCE_DATE_EPOCH` (reproducible builds' convention), else
    /// the time the run started: the only value that can make two runs differ.
    pub fn resolve_added(flag: Option<String>) -> String {
        if let Some(a) = flag {
            return a;
        }
        let epoch = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<u64>().ok());
        let at = match epoch {
            Some(secs) => std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs),
            None => std::time::SystemTime::now(),
        };
        humantime::format_rfc3339_seconds(at).to_string()
    }
}

/// The record's provenance (the manifest record less what names the file), for `metadata`.
pub fn provenance(record: &Record) -> Map<String, Value> {
    let Ok(Value::Object(mut m)) = serde_json::to_value(record) else {
        return Map::new();
    };
    for key in ["id", "output"] {
        m.remove(key);
    }
    m
}

/// One dolma record. `passthrough` holds the input's own fields, kept as they came; the
/// provenance goes under `metadata.newsclean`, so no input field is ever overwritten.
pub fn record_line(
    record: &Record,
    text: &str,
    source: &str,
    added: &str,
    mut passthrough: Map<String, Value>,
) -> String {
    passthrough.insert("newsclean".into(), Value::Object(provenance(record)));
    let mut top = Map::new();
    top.insert("id".into(), Value::String(record.id.clone()));
    top.insert("text".into(), Value::String(text.to_string()));
    top.insert("source".into(), Value::String(source.to_string()));
    top.insert("added".into(), Value::String(added.to_string()));
    top.insert("metadata".into(), Value::Object(passthrough));
    Value::Object(top).to_string()
}

/// Writes records into `part-NNNNN.jsonl.gz` files of at most `per_part` records each. A part
/// is written under a temporary name and renamed when complete, so a killed run leaves only
/// whole parts.
pub struct PartWriter {
    dir: PathBuf,
    per_part: usize,
    index: usize,
    in_part: usize,
    current: Option<GzEncoder<tempfile::NamedTempFile>>,
}

impl PartWriter {
    pub fn new(dir: &Path, per_part: usize) -> PartWriter {
        PartWriter {
            dir: dir.to_path_buf(),
            per_part: per_part.max(1),
            index: 0,
            in_part: 0,
            current: None,
        }
    }

    pub fn part_name(index: usize) -> String {
        format!("part-{index:05}.jsonl.gz")
    }

    /// Appends one line; returns the name of the part it went to.
    pub fn append(&mut self, line: &str) -> std::io::Result<String> {
        if self.current.is_none() {
            let tmp = tempfile::Builder::new()
                .prefix(".newsclean-")
                .suffix(".tmp")
                .tempfile_in(&self.dir)?;
            // A fixed header (no name, mtime 0): equal records give equal bytes.
            self.current = Some(flate2::GzBuilder::new().write(tmp, flate2::Compression::new(6)));
        }
        let gz = self.current.as_mut().expect("a part is open");
        gz.write_all(line.as_bytes())?;
        gz.write_all(b"\n")?;
        let name = Self::part_name(self.index);
        self.in_part += 1;
        if self.in_part == self.per_part {
            self.close_part()?;
        }
        Ok(name)
    }

    fn close_part(&mut self) -> std::io::Result<()> {
        if let Some(gz) = self.current.take() {
            let tmp = gz.finish()?;
            #[cfg(unix)]
            std::fs::set_permissions(tmp.path(), std::os::unix::fs::PermissionsExt::from_mode(0o644))?;
            tmp.persist(self.dir.join(Self::part_name(self.index)))
                .map_err(|e| e.error)?;
            self.index += 1;
            self.in_part = 0;
        }
        Ok(())
    }

    /// Closes the last part.
    pub fn finish(&mut self) -> std::io::Result<()> {
        self.close_part()
    }
}
