//! The numbers and texts of a report, read from a run's manifest, its sources and (optionally) a
//! baseline run's manifest.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::ControlFlow;
use std::path::PathBuf;

use serde::Serialize;

use super::doc::{doc_entry, DocEntry};
use super::{ReportError, ReportOptions};
use crate::engine::RuleSet;
use crate::model::Status;
use crate::run::{run_ordered, Batching, Item, Take, Workers};
use crate::write::manifest::read_manifest;
use crate::write::record::Record;

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

/// The rule table: every rule the runs used, in rule-set order, then any the rule set lacks
/// (sorted); and each rule id's row.
fn rule_table(
    records: &[Record],
    baseline: Option<&[Record]>,
    rules: &RuleSet,
) -> (Vec<String>, HashMap<String, usize>, Vec<RuleRow>) {
    let seen: HashSet<&str> = records
        .iter()
        .chain(baseline.into_iter().flatten())
        .flat_map(|r| r.removals.iter().map(|c| c.rule.as_str()))
        .collect();
    let mut ids: Vec<String> = rules
        .rules
        .iter()
        .filter(|r| seen.contains(r.id.as_str()))
        .map(|r| r.id.clone())
        .collect();
    let known: HashSet<&str> = ids.iter().map(String::as_str).collect();
    let mut rest: Vec<&str> = seen.iter().copied().filter(|id| !known.contains(id)).collect();
    rest.sort_unstable();
    ids.extend(rest.into_iter().map(str::to_string));
    let index: HashMap<String, usize> = ids.iter().enumerate().map(|(i, id)| (id.clone(), i)).collect();
    let rows = ids
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
                delta: baseline.map(|_| 0),
            }
        })
        .collect();
    (ids, index, rows)
}

/// A removed text as a sample: white space folded, cut to [`SAMPLE_CHARS`].
fn sample(text: &str) -> String {
    let s: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() > SAMPLE_CHARS {
        s.chars().take(SAMPLE_CHARS).collect::<String>() + "…"
    } else {
        s
    }
}

/// The run's totals, counted into the rule rows as they go.
#[derive(Default)]
struct Totals {
    removed: usize,
    chars_in: usize,
    counts: BTreeMap<Status, usize>,
    share_bins: [usize; BINS],
}

/// Counts every record into `rows` (indexed by `index`) and the totals; the baseline's removals
/// count against each row's delta.
fn count(
    records: &[Record],
    baseline: Option<&[Record]>,
    index: &HashMap<String, usize>,
    rows: &mut [RuleRow],
) -> Totals {
    let mut t = Totals::default();
    for r in records {
        *t.counts.entry(r.status).or_default() += 1;
        let chars_in = r.chars_in.unwrap_or(0);
        t.chars_in += chars_in;
        let mut removed = 0;
        let mut touched = HashSet::new();
        for c in &r.removals {
            let i = index[&c.rule];
            let n = c.text.chars().count();
            let row = &mut rows[i];
            row.hits += 1;
            row.chars += n;
            if let Some(d) = row.delta.as_mut() {
                *d += n as i64;
            }
            if row.samples.len() < SAMPLES && !c.text.trim().is_empty() {
                let s = sample(&c.text);
                if !row.samples.contains(&s) {
                    row.samples.push(s);
                }
            }
            if touched.insert(i) {
                row.docs += 1;
            }
            removed += n;
        }
        t.removed += removed;
        let share = if chars_in > 0 {
            removed as f64 / chars_in as f64
        } else {
            0.0
        };
        t.share_bins[((share * BINS as f64) as usize).min(BINS - 1)] += 1;
    }
    for c in baseline.into_iter().flatten().flat_map(|r| &r.removals) {
        if let Some(d) = rows[index[&c.rule]].delta.as_mut() {
            *d -= c.text.chars().count() as i64;
        }
    }
    for row in rows.iter_mut() {
        row.share = if t.removed > 0 {
            row.chars as f64 / t.removed as f64
        } else {
            0.0
        };
    }
    t
}

/// What `run.json` of the run says: its input roots and rules digest.
fn run_json(options: &ReportOptions) -> (Vec<PathBuf>, Option<String>) {
    let run: serde_json::Value = std::fs::read(options.out.join("run.json"))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    let mut roots: Vec<PathBuf> = options.inputs.clone();
    roots.extend(
        run["inputs"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(PathBuf::from)),
    );
    (roots, run["rules_digest"].as_str().map(str::to_string))
}

/// A record whose entry is built by the run loop, with its baseline record.
struct Entry<'a> {
    record: &'a Record,
    base: Option<Option<&'a Record>>,
}

impl Item for Entry<'_> {
    type Stub = String;

    fn stub(&self) -> String {
        self.record.source.clone()
    }
}

impl Take<Result<DocEntry, String>> for Vec<DocEntry> {
    type Error = ReportError;

    fn take(&mut self, entry: Result<DocEntry, String>) -> Result<ControlFlow<()>, ReportError> {
        self.push(entry.map_err(ReportError::Document)?);
        Ok(ControlFlow::Continue(()))
    }
}

/// The entries of the first `shown` records, built in parallel.
fn doc_entries(
    records: &[Record],
    baseline: Option<&[Record]>,
    roots: &[PathBuf],
    index: &HashMap<String, usize>,
    rules: &RuleSet,
    options: &ReportOptions,
) -> Result<Vec<DocEntry>, ReportError> {
    let base_by_source: HashMap<&str, &Record> = baseline
        .into_iter()
        .flatten()
        .map(|r| (r.source.as_str(), r))
        .collect();
    let entries = records.iter().map(|record| Entry {
        record,
        base: baseline.map(|_| base_by_source.get(record.source.as_str()).copied()),
    });
    let workers = Workers::pool(0)?;
    let mut docs = Vec::new();
    let work = |e: Entry| Ok(doc_entry(e.record, roots, index, e.base, rules, options));
    let failed = |source: String, msg: String| Err(format!("{source}: {msg}"));
    run_ordered(
        entries,
        &workers,
        Batching::default(),
        None,
        work,
        failed,
        &mut docs,
    )?;
    Ok(docs)
}

/// The line that compares the run with its baseline.
fn baseline_line(
    dir: &std::path::Path,
    base: &[Record],
    records: &[Record],
    removed: usize,
    changed: usize,
) -> String {
    let base_removed: usize = base
        .iter()
        .flat_map(|r| &r.removals)
        .map(|c| c.text.chars().count())
        .sum();
    let now: HashSet<&str> = records.iter().map(|r| r.source.as_str()).collect();
    let only_base = base.iter().filter(|r| !now.contains(r.source.as_str())).count();
    format!(
        "Baseline {}: {} documents, {} characters removed ({:+} now); {} documents changed, {} only in the baseline.",
        dir.display(),
        base.len(),
        base_removed,
        removed as i64 - base_removed as i64,
        changed,
        only_base
    )
}

/// Reads a run (and its baseline) into a report.
pub fn collect(options: &ReportOptions, rules: &RuleSet) -> Result<Report, ReportError> {
    let records = read_manifest(&options.out)?;
    let (roots, digest) = run_json(options);
    let baseline = match &options.baseline {
        Some(dir) => Some(read_manifest(dir)?),
        None => None,
    };
    let (ids, index, mut rules_rows) = rule_table(&records, baseline.as_deref(), rules);
    let t = count(&records, baseline.as_deref(), &index, &mut rules_rows);
    let shown = records.len().min(options.max_docs);
    let docs = doc_entries(
        &records[..shown],
        baseline.as_deref(),
        &roots,
        &index,
        rules,
        options,
    )?;
    let changed = docs
        .iter()
        .filter(|d| d.base.as_ref().is_some_and(|b| b.changed))
        .count();
    let n = |s: Status| t.counts.get(&s).copied().unwrap_or(0);
    let totals_line = format!(
        "{} documents: {} cleaned, {} rejected, {} failed; {} of {} characters removed ({:.1}%) by {} rules. Rules digest {}.",
        records.len(),
        n(Status::Cleaned),
        n(Status::Rejected),
        n(Status::Failed),
        t.removed,
        t.chars_in,
        if t.chars_in > 0 { 100.0 * t.removed as f64 / t.chars_in as f64 } else { 0.0 },
        rules_rows.len(),
        digest.as_deref().map_or("unknown", |d| &d[..d.len().min(16)]),
    );
    let baseline_line = options.baseline.as_deref().map(|dir| {
        baseline_line(
            dir,
            baseline.as_deref().unwrap_or(&[]),
            &records,
            t.removed,
            changed,
        )
    });
    Ok(Report {
        title: options.out.display().to_string(),
        totals_line,
        baseline_line,
        rules: rules_rows,
        share_bins: t.share_bins,
        payload: Payload {
            rules: ids,
            docs,
            baseline: baseline.is_some(),
            omitted: records.len() - shown,
        },
    })
}
