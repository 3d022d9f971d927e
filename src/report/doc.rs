//! One document of a report: its text as kept, removed and elided segments (re-read from its
//! source), its dropped elements, and what changed against the baseline.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use super::ReportOptions;
use crate::engine::RuleSet;
use crate::model::sha256_hex;
use crate::read::RawDoc;
use crate::write::record::{Record, RemovalRecord};

/// Source texts up to this many bytes are shown whole; longer ones as windows around removals.
const WHOLE_BYTES: usize = 3_000;
/// Bytes of kept text shown on each side of a removal in a windowed document.
const CONTEXT_BYTES: usize = 160;
/// One document, as the page's script renders it.
#[derive(Debug, Serialize)]
pub(super) struct DocEntry {
    source: String,
    status: String,
    reason: Option<String>,
    title: Option<String>,
    published: Option<String>,
    outlet: Option<String>,
    encoding: Option<String>,
    format: Option<String>,
    chars_in: usize,
    removed: usize,
    share: f64,
    /// `file://` URL of the source, when it was found.
    link: Option<String>,
    /// Indices (into the rule table) of the rules that touched it.
    rules: Vec<usize>,
    /// The text: `[0, kept]`, `[1, removed, rule]`, `[2, "…"]` for elided kept text.
    segs: Vec<Value>,
    /// Dropped HTML elements: `[rule, path, text]`.
    nodes: Vec<Value>,
    /// Why the text is not shown in full context, if it is not.
    note: Option<String>,
    /// Against the baseline: `changed`, plus what was removed only now or only then.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) base: Option<BaseDiff>,
}

#[derive(Debug, Serialize)]
pub(super) struct BaseDiff {
    pub(super) changed: bool,
    status: Option<String>,
    removed: usize,
    /// Removals only in this run: `[rule, text]`.
    added: Vec<(usize, String)>,
    /// Removals only in the baseline: `[rule id, text]`.
    gone: Vec<(String, String)>,
}

/// A removal as compared between runs: rule id, start, end (absent for dropped nodes), text.
type Cut<'a> = (&'a str, Option<usize>, Option<usize>, &'a str);

fn cut(r: &RemovalRecord) -> Cut<'_> {
    (&r.rule, r.start, r.end, &r.text)
}

/// `file://` URL of an absolute path, every byte but unreserved ones and `/` percent-encoded.
fn file_url(path: &Path) -> String {
    let mut out = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Where the source of `source` is, among the input roots.
fn find_source(roots: &[PathBuf], source: &str) -> Option<PathBuf> {
    for root in roots {
        if root.is_file() {
            if root.file_name().is_some_and(|n| n.to_string_lossy() == source) {
                return Some(root.clone());
            }
            continue;
        }
        let p = root.join(source);
        if p.is_file() {
            return Some(p);
        }
    }
    None
}

/// The document's source text (decoded; for HTML the extracted text), if its file is found and
/// every text removal of the record still points at its own text there.
fn checked_source_text(
    path: &Path,
    record: &Record,
    rules: &RuleSet,
    options: &ReportOptions,
) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("source unreadable: {e}"))?;
    if record
        .source_sha256
        .as_ref()
        .is_some_and(|h| *h != sha256_hex(&bytes))
    {
        return Err("the source changed since the run".into());
    }
    let raw = RawDoc::bytes(&path.to_string_lossy(), bytes);
    let text = crate::process::source_text(&raw, rules, &options.limits);
    for r in &record.removals {
        if let (Some(s), Some(e)) = (r.start, r.end) {
            if text.get(s..e) != Some(r.text.as_str()) {
                return Err("the rules differ from the run's, so the spans do not match the text".into());
            }
        }
    }
    Ok(text)
}

fn ceil_char(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The text as kept, removed and elided segments.
fn segments(text: &str, spans: &[(usize, usize, usize)]) -> Vec<Value> {
    let whole = text.len() <= WHOLE_BYTES;
    let mut segs = Vec::new();
    let mut at = 0;
    let kept = |segs: &mut Vec<Value>, from: usize, to: usize, first: bool, last: bool| {
        if from >= to {
            return;
        }
        let piece = &text[from..to];
        if whole || piece.len() <= 2 * CONTEXT_BYTES {
            segs.push(serde_json::json!([0, piece]));
            return;
        }
        // A document with no removal shows its opening; otherwise kept text before the first
        // removal is only its tail.
        if !first || last {
            let head = ceil_char(text, from + CONTEXT_BYTES);
            segs.push(serde_json::json!([0, &text[from..head]]));
        }
        segs.push(serde_json::json!([2, "…"]));
        if !last {
            let tail = crate::text::chars::floor_char(text, to - CONTEXT_BYTES);
            segs.push(serde_json::json!([0, &text[tail..to]]));
        }
    };
    for (i, &(s, e, rule)) in spans.iter().enumerate() {
        if s < at {
            continue;
        }
        kept(&mut segs, at, s, i == 0, false);
        segs.push(serde_json::json!([1, &text[s..e], rule]));
        at = e;
    }
    kept(&mut segs, at, text.len(), spans.is_empty(), true);
    segs
}

/// The segments shown for a document, from its source when found, else its removed spans alone
/// with a note saying why.
fn shown_text(
    r: &Record,
    path: Option<&Path>,
    spans: &[(usize, usize, usize)],
    rules: &RuleSet,
    options: &ReportOptions,
) -> (Vec<Value>, Option<String>) {
    let why = match path.map(|p| checked_source_text(p, r, rules, options)) {
        Some(Ok(text)) => return (segments(&text, spans), None),
        Some(Err(why)) => why,
        None => "source not found (give its folder with --inputs)".to_string(),
    };
    let segs = spans
        .iter()
        .flat_map(|&(s, e, rule)| {
            let text = r
                .removals
                .iter()
                .find(|c| c.start == Some(s) && c.end == Some(e))
                .map_or("", |c| c.text.as_str());
            [serde_json::json!([2, "…"]), serde_json::json!([1, text, rule])]
        })
        .collect();
    (segs, Some(format!("{why}: only the removed spans are shown")))
}

/// What changed in a document against its baseline record.
fn base_diff(r: &Record, base: Option<&Record>, index: &HashMap<String, usize>) -> BaseDiff {
    let now: HashSet<Cut> = r.removals.iter().map(cut).collect();
    let then: Vec<Cut> = base
        .map(|b| b.removals.iter().map(cut).collect())
        .unwrap_or_default();
    let then_set: HashSet<Cut> = then.iter().copied().collect();
    let added: Vec<(usize, String)> = r
        .removals
        .iter()
        .map(cut)
        .filter(|c| !then_set.contains(c))
        .map(|c| (index[c.0], c.3.to_string()))
        .collect();
    let gone: Vec<(String, String)> = then
        .iter()
        .filter(|c| !now.contains(*c))
        .map(|c| (c.0.to_string(), c.3.to_string()))
        .collect();
    let status = base.map(|b| b.status.name().to_string());
    let changed = !added.is_empty() || !gone.is_empty() || status.as_deref() != Some(r.status.name());
    BaseDiff {
        changed,
        removed: then.iter().map(|c| c.3.chars().count()).sum(),
        status,
        added,
        gone,
    }
}

/// One document's entry; `base` is its baseline record, when the report has a baseline.
pub(super) fn doc_entry(
    r: &Record,
    roots: &[PathBuf],
    index: &HashMap<String, usize>,
    base: Option<Option<&Record>>,
    rules: &RuleSet,
    options: &ReportOptions,
) -> DocEntry {
    let chars_in = r.chars_in.unwrap_or(0);
    let removed: usize = r.removals.iter().map(|c| c.text.chars().count()).sum();
    let mut touched: Vec<usize> = r.removals.iter().map(|c| index[&c.rule]).collect();
    touched.sort_unstable();
    touched.dedup();
    let nodes: Vec<Value> = r
        .removals
        .iter()
        .filter(|x| x.start.is_none())
        .map(|x| serde_json::json!([index[&x.rule], x.node.as_deref().unwrap_or(""), x.text]))
        .collect();
    let mut spans: Vec<(usize, usize, usize)> = r
        .removals
        .iter()
        .filter_map(|c| Some((c.start?, c.end?, index[&c.rule])))
        .collect();
    spans.sort_unstable();
    let path = find_source(roots, &r.source);
    let (segs, note) = shown_text(r, path.as_deref(), &spans, rules, options);
    DocEntry {
        status: r.status.name().to_string(),
        reason: r.reason.clone().or_else(|| r.error.clone()),
        title: r.title.clone(),
        published: r.published.clone(),
        outlet: r.outlet.clone(),
        encoding: r.encoding.clone().map(|e| match r.encoding_source {
            Some(how) => format!("{e} ({})", how.name()),
            None => e,
        }),
        format: r.format.map(|f| f.name().to_string()),
        chars_in,
        removed,
        share: if chars_in > 0 {
            removed as f64 / chars_in as f64
        } else {
            0.0
        },
        link: path
            .and_then(|p| std::fs::canonicalize(p).ok())
            .map(|p| file_url(&p)),
        rules: touched,
        segs,
        nodes,
        note,
        base: base.map(|b| base_diff(r, b, index)),
        source: r.source.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_kept_runs_are_elided_short_documents_shown_whole() {
        let short = "abc def ghi";
        let segs = segments(short, &[(4, 7, 0)]);
        assert_eq!(
            segs,
            vec![
                serde_json::json!([0, "abc "]),
                serde_json::json!([1, "def", 0]),
                serde_json::json!([0, " ghi"])
            ]
        );
        let long = "x".repeat(10_000) + "SPAM" + &"y".repeat(10_000);
        let segs = segments(&long, &[(10_000, 10_004, 3)]);
        let kinds: Vec<i64> = segs.iter().map(|s| s[0].as_i64().unwrap()).collect();
        assert_eq!(kinds, [2, 0, 1, 0, 2]);
        assert_eq!(segs[1][1].as_str().unwrap().len(), CONTEXT_BYTES);
    }

    #[test]
    fn file_urls_escape_everything_odd() {
        assert_eq!(
            file_url(Path::new("/a b/\"<x>.txt")),
            "file:///a%20b/%22%3Cx%3E.txt"
        );
    }
}
