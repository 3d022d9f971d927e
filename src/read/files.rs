//! Files and folders as input: the files under the inputs in name order, and the units of work
//! they are, a WARC file expanding into its records as it is read.

use std::path::{Path, PathBuf};

use super::warc::{is_warc, WarcFile, WarcItem};
use super::{Body, Unit};
use crate::model::Status;

/// One input file and the name it goes by.
#[derive(Clone, Debug)]
pub struct InputFile {
    pub path: PathBuf,
    /// Path relative to the input it was found under, `/`-separated.
    pub source: String,
}

/// Why the inputs could not be listed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DiscoverError {
    #[error("{}: cannot read input: {source}", path.display())]
    Input { path: PathBuf, source: std::io::Error },
    #[error("{}: cannot walk input folder: {source}", root.display())]
    Walk { root: PathBuf, source: walkdir::Error },
}

/// Lists the input files under `inputs`, sorted by source path. Symbolic links are not followed;
/// anything inside `skip` (the output folder) is left out.
pub fn discover(inputs: &[PathBuf], skip: &Path) -> Result<Vec<InputFile>, DiscoverError> {
    let skip = std::fs::canonicalize(skip).ok();
    let mut files = Vec::new();
    for root in inputs {
        let meta = std::fs::symlink_metadata(root).map_err(|source| DiscoverError::Input {
            path: root.clone(),
            source,
        })?;
        if meta.is_file() {
            let name = root
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            files.push(InputFile {
                path: root.clone(),
                source: name,
            });
            continue;
        }
        // Links are not followed below the root, so a file's real path is the root's plus its
        // relative path: one `canonicalize` per root, not per file.
        let root_abs = std::fs::canonicalize(root).ok();
        for entry in walkdir::WalkDir::new(root)
            .follow_links(false)
            .sort_by_file_name()
        {
            let entry = entry.map_err(|source| DiscoverError::Walk {
                root: root.clone(),
                source,
            })?;
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
            if let (Some(skip), Some(root_abs)) = (&skip, &root_abs) {
                if root_abs.join(rel).starts_with(skip) {
                    continue;
                }
            }
            let source = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            files.push(InputFile {
                path: entry.into_path(),
                source,
            });
        }
    }
    files.sort_by(|a, b| a.source.cmp(&b.source));
    Ok(files)
}

/// The units of a list of files, in order: each WARC file expands into its records as it is
/// read, so that a batch never holds more records than it asks for.
pub struct Units<'a> {
    files: std::slice::Iter<'a, InputFile>,
    max_bytes: u64,
    /// Told when a WARC file has been read to its end (a plain file is done with its unit).
    warc_done: Box<dyn Fn() + 'a>,
    /// Asked for each file, in order, whether another input already claimed what it writes.
    claim: Box<dyn FnMut(&'a InputFile) -> Option<String> + 'a>,
    /// The WARC file being read: its source, its reader, and its next record number.
    warc: Option<(String, WarcFile, usize)>,
}

impl<'a> Units<'a> {
    /// `max_bytes` bounds a WARC record's body; `warc_done` is called as each WARC file ends.
    pub fn new(files: &'a [InputFile], max_bytes: u64, warc_done: impl Fn() + 'a) -> Self {
        Units {
            files: files.iter(),
            max_bytes,
            warc_done: Box::new(warc_done),
            claim: Box::new(|_| None),
            warc: None,
        }
    }

    /// Asks `claim` for each file, in input order, whether it may be cleaned: `Some(error)` makes
    /// the file a `failed` unit (its output is another input's).
    pub fn claiming(mut self, claim: impl FnMut(&'a InputFile) -> Option<String> + 'a) -> Self {
        self.claim = Box::new(claim);
        self
    }
}

impl Iterator for Units<'_> {
    type Item = Unit;

    fn next(&mut self) -> Option<Unit> {
        loop {
            if let Some((prefix, reader, n)) = self.warc.as_mut() {
                match reader.next() {
                    Some(item) => {
                        let source = warc_source(prefix, *n);
                        *n += 1;
                        return Some(item.into_unit(source));
                    }
                    None => {
                        self.warc = None;
                        (self.warc_done)();
                        continue;
                    }
                }
            }
            let file = self.files.next()?;
            if let Some(why) = (self.claim)(file) {
                let body = Body::Settled {
                    status: Status::Failed,
                    why,
                    url: None,
                };
                return Some(Unit {
                    ends_file: true,
                    ..Unit::of(&file.source, body)
                });
            }
            if !is_warc(&file.path) {
                return Some(Unit::file(&file.source, &file.path));
            }
            match WarcFile::open(&file.path, self.max_bytes) {
                Ok(reader) => self.warc = Some((file.source.clone(), reader, 0)),
                Err(e) => {
                    (self.warc_done)();
                    let item = WarcItem::Broken {
                        error: format!("cannot read: {e}"),
                        offset: 0,
                    };
                    return Some(item.into_unit(file.source.clone()));
                }
            }
        }
    }
}

/// The source of record `n` of a WARC file: `crawl.warc.gz#00000012`, numbered from 0 in file
/// order (padded so that sources sort in file order).
fn warc_source(file_source: &str, n: usize) -> String {
    format!("{file_source}#{n:08}")
}
