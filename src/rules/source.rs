//! Rule files as read: from the binary (the defaults under `rules/`, embedded at build time) or
//! from disk, each knowing where its terms files resolve.

use std::path::{Path, PathBuf};

use super::load::LoadError;
use crate::kinds::TermsFiles;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));
}

/// One rule file's text and where its relative `terms_file` paths resolve.
#[derive(Clone, Debug)]
pub struct RuleSource {
    /// Shown in errors: a path, or `<default>/name.toml` for embedded files.
    pub name: String,
    /// The file's text.
    pub text: String,
    origin: Origin,
}

impl RuleSource {
    /// A rule file held in memory, named `name` in errors; its terms files resolve from the
    /// current directory.
    pub fn from_text(name: &str, text: &str) -> RuleSource {
        RuleSource {
            name: name.to_string(),
            text: text.to_string(),
            origin: Origin::Disk(PathBuf::from(".")),
        }
    }
}

/// Where a rule file came from.
#[derive(Clone, Debug)]
enum Origin {
    /// Folder of the file inside the embedded `rules/` tree.
    Embedded(String),
    Disk(PathBuf),
}

/// The default rule files embedded in the binary, in name order.
pub fn embedded_sources() -> Vec<RuleSource> {
    embedded::EMBEDDED
        .iter()
        .filter(|(name, _)| name.ends_with(".toml"))
        .map(|(name, text)| RuleSource {
            name: format!("<default>/{name}"),
            text: text.to_string(),
            origin: Origin::Embedded(parent_of(name)),
        })
        .collect()
}

/// The rule files at `path`: the file itself, or every `*.toml` below a folder, in name order.
pub fn sources_from_path(path: &Path) -> Result<Vec<RuleSource>, LoadError> {
    let io_err = |e: std::io::Error| LoadError {
        file: path.display().to_string(),
        line: 0,
        col: 0,
        message: e.to_string(),
    };
    let meta = std::fs::metadata(path).map_err(io_err)?;
    let mut files = Vec::new();
    if meta.is_dir() {
        for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
            let entry = entry.map_err(|e| io_err(e.into()))?;
            if entry.file_type().is_file() && entry.path().extension().is_some_and(|x| x == "toml") {
                files.push(entry.into_path());
            }
        }
    } else {
        files.push(path.to_path_buf());
    }
    files
        .into_iter()
        .map(|f| {
            let text = std::fs::read_to_string(&f).map_err(|e| LoadError {
                file: f.display().to_string(),
                line: 0,
                col: 0,
                message: e.to_string(),
            })?;
            Ok(RuleSource {
                name: f.display().to_string(),
                text,
                origin: Origin::Disk(f.parent().map(Path::to_path_buf).unwrap_or_default()),
            })
        })
        .collect()
}

impl TermsFiles for RuleSource {
    /// The text of the file at `rel`, relative to this rule file (a terms file).
    fn read_relative(&self, rel: &str) -> Result<String, String> {
        match &self.origin {
            Origin::Disk(dir) => {
                let path = dir.join(rel);
                std::fs::read_to_string(&path).map_err(|e| format!("terms_file `{}`: {e}", path.display()))
            }
            Origin::Embedded(dir) => {
                let wanted = normalize_rel(dir, rel);
                embedded::EMBEDDED
                    .iter()
                    .find(|(name, _)| *name == wanted)
                    .map(|(_, text)| text.to_string())
                    .ok_or_else(|| format!("terms_file `{rel}` is not among the default rule files"))
            }
        }
    }
}

/// `dir` joined with `rel`, with `.` and `..` resolved, `/`-separated.
fn normalize_rel(dir: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for p in rel.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

fn parent_of(name: &str) -> String {
    name.rsplit_once('/')
        .map(|(d, _)| d.to_string())
        .unwrap_or_default()
}
