//! The numbers and texts of a report, read from a run's manifest, its sources and (optionally) a
//! baseline run's manifest.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;

use super::ReportOptions;
use crate::process::{Content, Input};
use crate::rules::RuleSet;

/// Source texts up to this many bytes are shown whole; longer ones as windows around removals.
const WHOLE_BYTES: usize = 3_000;
/// Bytes of kept text shown on each side of a removal in a windowed document.
const CONTEXT_BYTES: usize = 160;
/// Sample removals per rule in the table.
const SAMPLES: usize = 3;
/// Characters of a sample removal.
const SAMPLE_CHARS: usize = 80;
/// Bins of the removed-share histogram.
pub const BINS: usize = 20;

/// One row of the rule table.
#[derive(Clone, Debug, Serialize)]
pub struct RuleRow {
    pub id: String,
    pub kind: String,
    pub action: String,
    pub hits: usize,
    pub docs: usize,
    pub chars: usize,
    /// Share of all removed characters.
    pub share: f64,
    pub samples: Vec<String>,
    /// Characters removed now minus in the baseline run.
    pub delta: Option<i64>,
}

/// One document, as the page's script renders it.
#[derive(Debug, Serialize)]
struct DocEntry {
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
    base: Option<BaseDiff>,
}

#[derive(Debug, Serialize)]
struct BaseDiff {
    changed: bool,
    status: Option<String>,
    removed: usize,
    /// Removals only in this run: `[rule, text]`.
    added: Vec<(usize, String)>,
    /// Removals only in the baseline: `[rule id, text]`.
    gone: Vec<(String, String)>,
}

/// What the page's script reads.
#[derive(Debug, Serialize)]
pub struct Payload {
    rules: Vec<String>,
    docs: Vec<DocEntry>,
    baseline: bool,
    /// Documents left out of the document list (over `--max-docs`).
    omitted: usize,
}

/// A report, ready to render.
pub struct Report {
    pub title: String,
    pub totals_line: String,
    pub baseline_line: Option<String>,
    pub rules: Vec<RuleRow>,
    /// Documents per removed-share bin (0–5 %, 5–10 %, …).
    pub share_bins: [usize; BINS],
    pub payload: Payload,
}

impl Report {
    pub fn documents(&self) -> usize {
        self.payload.docs.len() + self.payload.omitted
    }
}

fn read_manifest(dir: &Path) -> Result<Vec<Value>> {
    let path = dir.join("manifest.jsonl");
    let text = std::fs::read_to_string(&path).with_context(|| format!("{}: cannot read", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l)
                .with_context(|| format!("{}:{}: not a manifest record", path.display(), i + 1))
        })
        .collect()
}

fn str_of(v: &Value, key: &str) -> Option<String> {
    v[key].as_str().map(str::to_string)
}

/// A removal as the manifest has it: rule id, start, end (absent for dropped nodes), text.
type Cut = (String, Option<usize>, Option<usize>, String);

fn cuts(record: &Value) -> Vec<Cut> {
    record["removals"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            (
                r["rule"].as_str().unwrap_or("?").to_string(),
                r["start"].as_u64().map(|x| x as usize),
                r["end"].as_u64().map(|x| x as usize),
                r["text"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
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
    record: &Value,
    rules: &RuleSet,
    options: &ReportOptions,
) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("source unreadable: {e}"))?;
    if str_of(record, "source_sha256").is_some_and(|h| h != crate::emit::sha256_hex(&bytes)) {
        return Err("the source changed since the run".into());
    }
    let name = path.to_string_lossy();
    let input = Input {
        name: &name,
        content: Content::Bytes(&bytes),
        url: None,
        http_charset: None,
    };
    let text = crate::process::source_text(&input, rules, &options.limits);
    for (_, start, end, cut) in cuts(record) {
        if let (Some(s), Some(e)) = (start, end) {
            if text.get(s..e) != Some(cut.as_str()) {
                return Err("the rules differ from the run's, so the spans do not match the text".into());
            }
        }
    }
    Ok(text)
}

fn floor_char(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
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
            let tail = floor_char(text, to - CONTEXT_BYTES);
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

/// Reads a run (and its baseline) into a report.
#[allow(clippy::too_many_lines)] // split by issue 21
pub fn collect(options: &ReportOptions, rules: &RuleSet) -> Result<Report> {
    let records = read_manifest(&options.out)?;
    let run: Value = std::fs::read(options.out.join("run.json"))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or(Value::Null);
    let mut roots: Vec<PathBuf> = options.inputs.clone();
    roots.extend(
        run["inputs"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(PathBuf::from)),
    );
    let baseline = match &options.baseline {
        Some(dir) => Some(read_manifest(dir)?),
        None => None,
    };

    // Rule table: every rule the run used, in rule-set order, then any the rule set lacks.
    let mut ids: Vec<String> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut seen_ids: HashSet<String> = HashSet::new();
    for r in records.iter().chain(baseline.iter().flatten()) {
        for (rule, ..) in cuts(r) {
            seen_ids.insert(rule);
        }
    }
    for rule in &rules.rules {
        if seen_ids.contains(&rule.id) {
            index.insert(rule.id.clone(), ids.len());
            ids.push(rule.id.clone());
        }
    }
    let mut rest: Vec<&String> = seen_ids.iter().filter(|id| !index.contains_key(*id)).collect();
    rest.sort();
    for id in rest {
        index.insert(id.clone(), ids.len());
        ids.push(id.clone());
    }
    let mut rows: Vec<RuleRow> = ids
        .iter()
        .map(|id| {
            let rule = rules.rules.iter().find(|r| &r.id == id);
            RuleRow {
                id: id.clone(),
                kind: rule
                    .map_or("(not in the loaded rules)", |r| r.kind.name())
                    .to_string(),
                action: rule.map_or("", |r| r.action.name()).to_string(),
                hits: 0,
                docs: 0,
                chars: 0,
                share: 0.0,
                samples: Vec::new(),
                delta: baseline.as_ref().map(|_| 0),
            }
        })
        .collect();
    let mut total_removed = 0usize;
    let mut total_in = 0usize;
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut share_bins = [0usize; BINS];
    for r in &records {
        *counts.entry(str_of(r, "status").unwrap_or_default()).or_default() += 1;
        let chars_in = r["chars_in"].as_u64().unwrap_or(0) as usize;
        total_in += chars_in;
        let mut removed = 0;
        let mut touched = HashSet::new();
        for (rule, _, _, text) in cuts(r) {
            let i = index[&rule];
            let n = text.chars().count();
            let row = &mut rows[i];
            row.hits += 1;
            row.chars += n;
            if let Some(d) = row.delta.as_mut() {
                *d += n as i64;
            }
            if row.samples.len() < SAMPLES && !text.trim().is_empty() {
                let mut s: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
                if s.chars().count() > SAMPLE_CHARS {
                    s = s.chars().take(SAMPLE_CHARS).collect::<String>() + "…";
                }
                if !row.samples.contains(&s) {
                    row.samples.push(s);
                }
            }
            if touched.insert(i) {
                row.docs += 1;
            }
            removed += n;
        }
        total_removed += removed;
        let share = if chars_in > 0 {
            removed as f64 / chars_in as f64
        } else {
            0.0
        };
        share_bins[((share * BINS as f64) as usize).min(BINS - 1)] += 1;
    }
    for r in baseline.iter().flatten() {
        for (rule, _, _, text) in cuts(r) {
            if let Some(d) = rows[index[&rule]].delta.as_mut() {
                *d -= text.chars().count() as i64;
            }
        }
    }
    for row in &mut rows {
        row.share = if total_removed > 0 {
            row.chars as f64 / total_removed as f64
        } else {
            0.0
        };
    }

    let base_by_source: HashMap<String, &Value> = baseline
        .iter()
        .flatten()
        .filter_map(|r| Some((str_of(r, "source")?, r)))
        .collect();
    let shown = records.len().min(options.max_docs);
    let docs: Vec<DocEntry> = records[..shown]
        .par_iter()
        .map(|r| {
            doc_entry(
                r,
                &roots,
                &index,
                base_by_source
                    .get(&str_of(r, "source").unwrap_or_default())
                    .copied(),
                baseline.is_some(),
                rules,
                options,
            )
        })
        .collect();

    let changed = docs
        .iter()
        .filter(|d| d.base.as_ref().is_some_and(|b| b.changed))
        .count();
    let count = |k: &str| counts.get(k).copied().unwrap_or(0);
    let totals_line = format!(
        "{} documents: {} cleaned, {} rejected, {} failed; {} of {} characters removed ({:.1}%) by {} rules. Rules digest {}.",
        records.len(),
        count("cleaned"),
        count("rejected"),
        count("failed"),
        total_removed,
        total_in,
        if total_in > 0 { 100.0 * total_removed as f64 / total_in as f64 } else { 0.0 },
        rows.len(),
        run["rules_digest"].as_str().map_or("unknown", |d| &d[..d.len().min(16)]),
    );
    let baseline_line = options.baseline.as_ref().map(|b| {
        let base = baseline.as_deref().unwrap_or(&[]);
        let base_removed: usize = base
            .iter()
            .flat_map(cuts)
            .map(|(_, _, _, t)| t.chars().count())
            .sum();
        let now: HashSet<&str> = records.iter().filter_map(|r| r["source"].as_str()).collect();
        let only_base = base
            .iter()
            .filter(|r| r["source"].as_str().is_some_and(|s| !now.contains(s)))
            .count();
        format!(
            "Baseline {}: {} documents, {} characters removed ({:+} now); {} documents changed, {} only in the baseline.",
            b.display(),
            base.len(),
            base_removed,
            total_removed as i64 - base_removed as i64,
            changed,
            only_base
        )
    });
    Ok(Report {
        title: options.out.display().to_string(),
        totals_line,
        baseline_line,
        rules: rows,
        share_bins,
        payload: Payload {
            rules: ids,
            docs,
            baseline: baseline.is_some(),
            omitted: records.len() - shown,
        },
    })
}

fn doc_entry(
    r: &Value,
    roots: &[PathBuf],
    index: &HashMap<String, usize>,
    base: Option<&Value>,
    with_baseline: bool,
    rules: &RuleSet,
    options: &ReportOptions,
) -> DocEntry {
    let source = str_of(r, "source").unwrap_or_default();
    let all = cuts(r);
    let chars_in = r["chars_in"].as_u64().unwrap_or(0) as usize;
    let removed: usize = all.iter().map(|(_, _, _, t)| t.chars().count()).sum();
    let mut touched: Vec<usize> = all.iter().map(|(rule, ..)| index[rule]).collect();
    touched.sort_unstable();
    touched.dedup();
    let nodes: Vec<Value> = r["removals"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|x| x["start"].is_null())
        .map(|x| {
            let rule = index[x["rule"].as_str().unwrap_or("?")];
            serde_json::json!([
                rule,
                x["node"].as_str().unwrap_or(""),
                x["text"].as_str().unwrap_or("")
            ])
        })
        .collect();
    let mut spans: Vec<(usize, usize, usize)> = all
        .iter()
        .filter_map(|(rule, s, e, _)| Some(((*s)?, (*e)?, index[rule])))
        .collect();
    spans.sort_unstable();
    let path = find_source(roots, &source);
    let (segs, note) = match path.as_deref().map(|p| checked_source_text(p, r, rules, options)) {
        Some(Ok(text)) => (segments(&text, &spans), None),
        found => {
            let why = match found {
                Some(Err(why)) => why,
                _ => "source not found (give its folder with --inputs)".to_string(),
            };
            let segs = spans
                .iter()
                .flat_map(|&(s, e, rule)| {
                    let text = all
                        .iter()
                        .find(|(_, a, b, _)| *a == Some(s) && *b == Some(e))
                        .map_or("", |c| c.3.as_str());
                    [serde_json::json!([2, "…"]), serde_json::json!([1, text, rule])]
                })
                .collect();
            (segs, Some(format!("{why}: only the removed spans are shown")))
        }
    };
    let base = with_baseline.then(|| {
        let now: HashSet<(String, Option<usize>, Option<usize>, String)> = all.iter().cloned().collect();
        let then: Vec<Cut> = base.map(cuts).unwrap_or_default();
        let then_set: HashSet<Cut> = then.iter().cloned().collect();
        let added: Vec<(usize, String)> = all
            .iter()
            .filter(|c| !then_set.contains(*c))
            .map(|c| (index[&c.0], c.3.clone()))
            .collect();
        let gone: Vec<(String, String)> = then
            .iter()
            .filter(|c| !now.contains(*c))
            .map(|c| (c.0.clone(), c.3.clone()))
            .collect();
        let status = base.and_then(|b| str_of(b, "status"));
        let changed = !added.is_empty() || !gone.is_empty() || status != str_of(r, "status");
        BaseDiff {
            changed,
            removed: then.iter().map(|c| c.3.chars().count()).sum(),
            status,
            added,
            gone,
        }
    });
    DocEntry {
        status: str_of(r, "status").unwrap_or_default(),
        reason: str_of(r, "reason").or_else(|| str_of(r, "error")),
        title: str_of(r, "title"),
        published: str_of(r, "published"),
        outlet: str_of(r, "outlet"),
        encoding: str_of(r, "encoding").map(|e| match str_of(r, "encoding_source") {
            Some(how) => format!("{e} ({how})"),
            None => e,
        }),
        format: str_of(r, "format"),
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
        base,
        source,
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
