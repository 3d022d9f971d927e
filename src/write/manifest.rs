//! `manifest.jsonl`: written as a run goes (to a partial file renamed at the end, so a killed
//! run leaves its progress and never a manifest that lies), and read back typed.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use super::record::Record;

/// The manifest of a finished run.
pub const MANIFEST: &str = "manifest.jsonl";
/// Where records go while a run is under way; renamed to [`MANIFEST`] at its end.
pub const PARTIAL_MANIFEST: &str = ".manifest.partial.jsonl";

/// A manifest that cannot be written or read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ManifestError {
    #[error("{}: cannot write: {source}", path.display())]
    Write { path: PathBuf, source: std::io::Error },
    #[error("{}: cannot read: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{}:{line}: not a manifest record: {source}", path.display())]
    Record {
        path: PathBuf,
        line: usize,
        source: serde_json::Error,
    },
}

/// Appends records, in input order, to the partial manifest of the folder it is made in.
pub struct ManifestWriter {
    dir: PathBuf,
    out: BufWriter<File>,
}

impl ManifestWriter {
    /// Starts a partial manifest in `dir`, replacing any a killed run left.
    pub fn create(dir: &Path) -> Result<ManifestWriter, ManifestError> {
        let path = dir.join(PARTIAL_MANIFEST);
        let file = File::create(&path).map_err(|source| ManifestError::Write { path, source })?;
        Ok(ManifestWriter {
            dir: dir.to_path_buf(),
            out: BufWriter::new(file),
        })
    }

    /// Appends one record, already serialized.
    pub fn append(&mut self, line: &str) -> Result<(), ManifestError> {
        self.out
            .write_all(line.as_bytes())
            .and_then(|()| self.out.write_all(b"\n"))
            .map_err(|e| self.error(PARTIAL_MANIFEST, e))
    }

    /// Writes out what is buffered: the partial manifest then holds every record appended.
    pub fn flush(&mut self) -> Result<(), ManifestError> {
        self.out.flush().map_err(|e| self.error(PARTIAL_MANIFEST, e))
    }

    /// Renames the partial manifest into [`MANIFEST`].
    pub fn finish(mut self) -> Result<(), ManifestError> {
        self.flush()?;
        let ManifestWriter { dir, out } = self;
        drop(out);
        std::fs::rename(dir.join(PARTIAL_MANIFEST), dir.join(MANIFEST)).map_err(|source| {
            ManifestError::Write {
                path: dir.join(MANIFEST),
                source,
            }
        })
    }

    fn error(&self, name: &str, source: std::io::Error) -> ManifestError {
        ManifestError::Write {
            path: self.dir.join(name),
            source,
        }
    }
}

/// A manifest's records, in order.
pub fn read_manifest(dir: &Path) -> Result<Vec<Record>, ManifestError> {
    let path = dir.join(MANIFEST);
    let text = std::fs::read_to_string(&path).map_err(|source| ManifestError::Read {
        path: path.clone(),
        source,
    })?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|source| ManifestError::Record {
                path: path.clone(),
                line: i + 1,
                source,
            })
        })
        .collect()
}

/// A record of an earlier run, with the line it was written as.
#[derive(Clone, Debug)]
pub struct Earlier {
    pub line: String,
    pub record: Record,
}

/// Records of an earlier run into `dir` (its manifest, then the partial one a killed run left,
/// which is newer), by source. Lines that are not records are passed over.
pub fn earlier_records(dir: &Path) -> HashMap<String, Earlier> {
    let mut map = HashMap::new();
    for name in [MANIFEST, PARTIAL_MANIFEST] {
        let Ok(f) = File::open(dir.join(name)) else {
            continue;
        };
        for line in BufReader::new(f).lines().map_while(Result::ok) {
            if let Ok(record) = serde_json::from_str::<Record>(&line) {
                map.insert(record.source.clone(), Earlier { line, record });
            }
        }
    }
    map
}
