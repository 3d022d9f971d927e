//! A batch run: find inputs, clean them in parallel, write clean text, `manifest.jsonl` and
//! `run.json`. Records are produced in input order whatever the number of threads, so everything
//! but `run.json` is byte-identical across `--jobs`.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::IsTerminal;
use std::io::{BufRead, Write as _};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result};
use rayon::prelude::*;
use serde::Serialize;

use crate::clean::{clean_page, clean_text};
use crate::decode::decode;
use crate::emit::{sha256_hex, write_atomic, Record, RemovalRecord};
use crate::rules::RuleSet;

/// Everything a batch run needs to know.
#[derive(Clone, Debug)]
pub struct Config {
    /// Files and folders to clean; folders are walked recursively in name order.
    pub inputs: Vec<PathBuf>,
    /// Output folder.
    pub out: PathBuf,
    /// Worker threads; 0 means one per core.
    pub jobs: usize,
    /// No progress bar and no summary on stderr.
    pub quiet: bool,
    pub limits: Limits,
    /// Reuse the records of an earlier run into the same OUT whose source hash and rules digest
    /// match and whose output is intact; clean the rest.
    pub resume: bool,
    /// Set (by a Ctrl-C handler) to stop after the batch in flight; the manifest then holds what
    /// is done.
    pub stop: Arc<AtomicBool>,
}

/// Bounds on the work one document may cause; a document over a bound is `rejected` with the
/// reason, never a crash or an unbounded run.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest input file, in bytes.
    pub max_bytes: u64,
    /// Deepest element nesting of an HTML page, estimated from its tags before parsing (the
    /// parser's cost grows with the square of the depth).
    pub max_dom_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 64 << 20,
            max_dom_depth: 1024,
        }
    }
}

/// Share of control or replacement characters above which decoded bytes are binary, not text.
const BINARY_SHARE: f64 = 0.1;

/// How many inputs are read and cleaned at once: bounds memory whatever the corpus size.
const BATCH: usize = 256;

/// Extensions that mark an HTML page.
const HTML_EXTENSIONS: &[&str] = &["html", "htm", "xhtml", "shtml"];

/// One input file and the names it goes by.
#[derive(Clone, Debug)]
pub struct InputFile {
    pub path: PathBuf,
    /// Path relative to the input it was found under, `/`-separated.
    pub source: String,
}

/// Totals of a run, as written to `run.json`.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub tool_version: &'static str,
    pub rules_digest: String,
    pub jobs: usize,
    pub seconds: f64,
    pub bytes_in: u64,
    pub mb_per_s: f64,
    pub docs_per_s: f64,
    pub counts: BTreeMap<String, usize>,
    /// The run stopped early (Ctrl-C): the manifest holds only what was done.
    pub interrupted: bool,
    /// Records taken over from an earlier run by `--resume`.
    pub reused: usize,
    pub chars_in: usize,
    pub chars_removed: usize,
    pub rules: BTreeMap<String, RuleStats>,
}

/// What one rule did over the run.
#[derive(Debug, Default, Serialize)]
pub struct RuleStats {
    pub hits: usize,
    pub docs: usize,
    pub chars_removed: usize,
}

/// Lists the input files under `inputs`, sorted by source path. Symbolic links are not followed;
/// anything inside `skip` (the output folder) is left out.
pub fn discover(inputs: &[PathBuf], skip: &Path) -> Result<Vec<InputFile>> {
    let skip = std::fs::canonicalize(skip).ok();
    let mut files = Vec::new();
    for root in inputs {
        let meta = std::fs::symlink_metadata(root)
            .with_context(|| format!("{}: cannot read input", root.display()))?;
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
        for entry in walkdir::WalkDir::new(root)
            .follow_links(false)
            .sort_by_file_name()
        {
            let entry = entry.with_context(|| format!("{}: cannot walk input folder", root.display()))?;
            if !entry.file_type().is_file() {
                continue;
            }
            if let (Some(skip), Ok(abs)) = (&skip, std::fs::canonicalize(entry.path())) {
                if abs.starts_with(skip) {
                    continue;
                }
            }
            let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
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

/// Where the clean text of `source` goes, relative to OUT: the same path, ending in `.txt`.
pub fn output_path(source: &str) -> String {
    if source.ends_with(".txt") {
        source.to_string()
    } else {
        format!("{source}.txt")
    }
}

/// Runs a batch: every input ends in the manifest as cleaned, rejected or failed.
pub fn run(config: &Config, rules: &RuleSet) -> Result<Summary> {
    let started = Instant::now();
    let files = discover(&config.inputs, &config.out)?;
    std::fs::create_dir_all(&config.out)
        .with_context(|| format!("{}: cannot create output folder", config.out.display()))?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.jobs)
        .build()
        .context("cannot start worker threads")?;
    let jobs = pool.current_num_threads();

    // Two inputs (from two roots) that would write the same output: the first keeps it.
    let mut owner: HashMap<String, usize> = HashMap::new();
    let collisions: Vec<Option<String>> = files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let out = output_path(&f.source);
            match owner.get(&out) {
                Some(&j) => Some(format!(
                    "output {out} is already written for {}",
                    files[j].path.display()
                )),
                None => {
                    owner.insert(out, i);
                    None
                }
            }
        })
        .collect();

    remove_stale_temporaries(&config.out);
    let earlier = if config.resume {
        earlier_records(&config.out)
    } else {
        HashMap::new()
    };
    let partial_path = config.out.join(PARTIAL_MANIFEST);
    let mut partial = std::io::BufWriter::new(
        std::fs::File::create(&partial_path)
            .with_context(|| format!("{}: cannot write", partial_path.display()))?,
    );
    let progress = progress_bar(files.len() as u64, config.quiet);
    let mut summary = Summary {
        tool_version: env!("CARGO_PKG_VERSION"),
        rules_digest: rules.digest.clone(),
        jobs,
        ..Summary::default()
    };
    for (batch_no, batch) in files.chunks(BATCH).enumerate() {
        if config.stop.load(Ordering::SeqCst) {
            summary.interrupted = true;
            break;
        }
        let done: Vec<Done> = pool.install(|| {
            batch
                .par_iter()
                .enumerate()
                .map(|(k, f)| match &collisions[batch_no * BATCH + k] {
                    Some(err) => {
                        let mut r = Record::new(&f.source, &rules.digest);
                        r.error = Some(err.clone());
                        Done::fresh(r, 0)
                    }
                    None => earlier
                        .get(&f.source)
                        .and_then(|line| reuse(f, line, config, rules))
                        .unwrap_or_else(|| {
                            let (r, bytes) = process_guarded(f, config, rules);
                            Done::fresh(r, bytes)
                        }),
                })
                .collect()
        });
        for d in done {
            summary.bytes_in += d.bytes;
            summary.reused += usize::from(d.reused);
            tally(&mut summary, &d.tally);
            partial.write_all(d.line.as_bytes())?;
            partial.write_all(b"\n")?;
            progress.inc(1);
        }
        partial.flush()?;
    }
    progress.finish_and_clear();
    partial.flush()?;
    drop(partial);
    std::fs::rename(&partial_path, config.out.join("manifest.jsonl"))
        .context("cannot write manifest.jsonl")?;

    summary.seconds = started.elapsed().as_secs_f64();
    let secs = summary.seconds.max(1e-9);
    summary.mb_per_s = round2(summary.bytes_in as f64 / 1e6 / secs);
    summary.docs_per_s = round2(files.len() as f64 / secs);
    summary.seconds = round2(summary.seconds * 1000.0) / 1000.0;
    let mut json = serde_json::to_vec_pretty(&summary)?;
    json.push(b'\n');
    write_atomic(&config.out.join("run.json"), &json).context("cannot write run.json")?;
    Ok(summary)
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// What one record adds to the run's totals.
struct Tally {
    status: String,
    chars_in: usize,
    /// Rule id and characters removed, per removal.
    removals: Vec<(String, usize)>,
}

impl Tally {
    fn of_record(r: &Record) -> Tally {
        Tally {
            status: r.status.to_string(),
            chars_in: r.chars_in.unwrap_or(0),
            removals: r
                .removals
                .iter()
                .map(|x| (x.rule.clone(), x.text.chars().count()))
                .collect(),
        }
    }

    /// For a record reused from an earlier run, known only as its manifest line.
    fn of_line(line: &serde_json::Value) -> Tally {
        Tally {
            status: line["status"].as_str().unwrap_or("failed").to_string(),
            chars_in: line["chars_in"].as_u64().unwrap_or(0) as usize,
            removals: line["removals"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|r| {
                    let rule = r["rule"].as_str().unwrap_or_default().to_string();
                    (rule, r["text"].as_str().unwrap_or_default().chars().count())
                })
                .collect(),
        }
    }
}

/// Adds one record to the run's totals.
fn tally(summary: &mut Summary, t: &Tally) {
    *summary.counts.entry(t.status.clone()).or_default() += 1;
    summary.chars_in += t.chars_in;
    let mut touched: Vec<&str> = Vec::new();
    for (rule, chars) in &t.removals {
        summary.chars_removed += chars;
        let stats = summary.rules.entry(rule.clone()).or_default();
        stats.hits += 1;
        stats.chars_removed += chars;
        if !touched.contains(&rule.as_str()) {
            touched.push(rule);
            stats.docs += 1;
        }
    }
}

/// Where records go while a run is under way; renamed to `manifest.jsonl` at its end.
const PARTIAL_MANIFEST: &str = ".manifest.partial.jsonl";

/// One input's record, serialized as the manifest line it becomes.
struct Done {
    line: String,
    tally: Tally,
    bytes: u64,
    reused: bool,
}

impl Done {
    fn fresh(record: Record, bytes: u64) -> Done {
        Done {
            line: serde_json::to_string(&record).expect("records serialize"),
            tally: Tally::of_record(&record),
            bytes,
            reused: false,
        }
    }
}

/// Temporary files of an earlier run that was killed (`.newsclean-*.tmp`), removed so OUT holds
/// only complete files.
fn remove_stale_temporaries(out: &Path) {
    for e in walkdir::WalkDir::new(out).into_iter().flatten() {
        let name = e.file_name().to_string_lossy();
        if e.file_type().is_file() && name.starts_with(".newsclean-") && name.ends_with(".tmp") {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Records of an earlier run into `out` (its manifest, or the partial one a killed run left),
/// by source, as the lines they were written as.
fn earlier_records(out: &Path) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for name in ["manifest.jsonl", PARTIAL_MANIFEST] {
        let Ok(f) = std::fs::File::open(out.join(name)) else {
            continue;
        };
        for line in std::io::BufReader::new(f).lines().map_while(Result::ok) {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) {
                if let Some(source) = v["source"].as_str() {
                    map.insert(source.to_string(), line);
                }
            }
        }
    }
    map
}

/// An earlier record of `file`, if it still holds: same source bytes, same rules, and for a
/// cleaned document an output that is still there and unchanged. Failed records are redone.
fn reuse(file: &InputFile, line: &str, config: &Config, rules: &RuleSet) -> Option<Done> {
    let v: serde_json::Value = serde_json::from_str(line).ok()?;
    if v["rules_digest"].as_str()? != rules.digest || v["tool_version"].as_str()? != env!("CARGO_PKG_VERSION")
    {
        return None;
    }
    let bytes = std::fs::read(&file.path).ok()?;
    if v["source_sha256"].as_str()? != sha256_hex(&bytes) {
        return None;
    }
    match v["status"].as_str()? {
        "rejected" => {}
        "cleaned" => {
            let out = std::fs::read(config.out.join(v["output"].as_str()?)).ok()?;
            if v["output_sha256"].as_str()? != sha256_hex(&out) {
                return None;
            }
        }
        _ => return None,
    }
    Some(Done {
        line: line.to_string(),
        tally: Tally::of_line(&v),
        bytes: bytes.len() as u64,
        reused: true,
    })
}

fn progress_bar(len: u64, quiet: bool) -> indicatif::ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {per_sec} eta {eta}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}

/// Cleans one file; a panic inside becomes a `failed` record instead of ending the run.
fn process_guarded(file: &InputFile, config: &Config, rules: &RuleSet) -> (Record, u64) {
    match catch_unwind(AssertUnwindSafe(|| process(file, config, rules))) {
        Ok(r) => r,
        Err(panic) => {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown".into());
            let mut r = Record::new(&file.source, &rules.digest);
            r.error = Some(format!(
                "internal error while cleaning {}: {msg}",
                file.path.display()
            ));
            (r, 0)
        }
    }
}

/// HTML by extension (`.html .htm .xhtml .shtml`); text for `.txt`; otherwise by the first bytes.
pub fn is_html(path: &Path, bytes: &[u8]) -> bool {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
    {
        Some(ext) if HTML_EXTENSIONS.contains(&ext.as_str()) => true,
        Some(ext) if ext == "txt" => false,
        _ => crate::html::sniff_html(bytes),
    }
}

/// One file's bytes, decoded and cleaned.
pub struct Cleaned {
    pub html: bool,
    pub encoding: &'static str,
    pub encoding_source: crate::decode::EncodingSource,
    pub malformed: usize,
    pub chars_in: usize,
    pub outcome: crate::clean::Outcome,
    pub dropped: Vec<crate::html::DroppedNode>,
    pub meta: crate::html::PageMeta,
}

/// Decodes and cleans the bytes of the file at `path` (its name decides text or HTML).
pub fn clean_bytes(path: &Path, bytes: &[u8], rules: &RuleSet, limits: &Limits) -> Cleaned {
    let html = is_html(path, bytes);
    let decoded = decode(bytes, None);
    let chars_in = decoded.text.chars().count();
    let refusal = if bytes.len() as u64 > limits.max_bytes {
        Some(format!(
            "input is {} bytes, over the limit of {} (--max-bytes)",
            bytes.len(),
            limits.max_bytes
        ))
    } else if is_binary(&decoded.text, chars_in) {
        Some("binary content, not text".to_string())
    } else if html && crate::html::estimate_depth(&decoded.text) > limits.max_dom_depth {
        Some(format!(
            "HTML nested deeper than {} levels (--max-dom-depth)",
            limits.max_dom_depth
        ))
    } else {
        None
    };
    let (outcome, dropped, meta) = if let Some(reason) = refusal {
        (
            crate::clean::Outcome::refused(reason),
            Vec::new(),
            Default::default(),
        )
    } else if html {
        let page = clean_page(rules, &decoded.text, &[]);
        (page.outcome, page.dropped, page.meta)
    } else {
        (
            clean_text(rules, decoded.text, &[]),
            Vec::new(),
            Default::default(),
        )
    };
    Cleaned {
        html,
        encoding: decoded.encoding,
        encoding_source: decoded.source,
        malformed: decoded.malformed,
        chars_in,
        outcome,
        dropped,
        meta,
    }
}

/// Decoded bytes that are mostly control or replacement characters: an image or an archive
/// with a text extension.
fn is_binary(text: &str, chars: usize) -> bool {
    if chars < 32 {
        return false;
    }
    let odd = text
        .chars()
        // NUL is left out: text with stray NULs is text (a repair rule strips them).
        .filter(|&c| (c.is_control() && !matches!(c, '\0' | '\n' | '\r' | '\t' | '\u{c}')) || c == '\u{FFFD}')
        .count();
    odd as f64 > BINARY_SHARE * chars as f64
}

/// The manifest form of a cleaned document's removals: dropped elements, then text spans.
pub fn removal_records(c: &Cleaned, rules: &RuleSet) -> Vec<RemovalRecord> {
    let mut out = Vec::with_capacity(c.dropped.len() + c.outcome.removals.len());
    for d in &c.dropped {
        let rule = &rules.rules[d.rule];
        out.push(RemovalRecord {
            rule: rule.id.clone(),
            action: rule.action.name().to_string(),
            start: None,
            end: None,
            node: Some(d.path.clone()),
            text: d.text.clone(),
        });
    }
    for r in &c.outcome.removals {
        out.push(RemovalRecord {
            rule: rules.rules[r.rule].id.clone(),
            action: r.action.name().to_string(),
            start: Some(r.span.start),
            end: Some(r.span.end),
            node: None,
            text: c.outcome.source[r.span.clone()].to_string(),
        });
    }
    out
}

/// Reads, decodes and cleans one file, writes its clean text, and returns its record and size.
pub fn process(file: &InputFile, config: &Config, rules: &RuleSet) -> (Record, u64) {
    let out = config.out.as_path();
    let mut record = Record::new(&file.source, &rules.digest);
    if let Ok(meta) = std::fs::metadata(&file.path) {
        if meta.len() > config.limits.max_bytes {
            record.status = "rejected";
            record.reason = Some(format!(
                "input is {} bytes, over the limit of {} (--max-bytes)",
                meta.len(),
                config.limits.max_bytes
            ));
            return (record, 0);
        }
    }
    let bytes = match std::fs::read(&file.path) {
        Ok(b) => b,
        Err(e) => {
            record.error = Some(format!("{}: cannot read: {e}", file.path.display()));
            return (record, 0);
        }
    };
    let size = bytes.len() as u64;
    record.source_sha256 = Some(sha256_hex(&bytes));
    let cleaned = clean_bytes(&file.path, &bytes, rules, &config.limits);
    drop(bytes);
    record.format = Some(if cleaned.html { "html" } else { "text" });
    record.encoding = Some(cleaned.encoding);
    record.encoding_source = Some(cleaned.encoding_source);
    record.malformed_bytes = Some(cleaned.malformed);
    record.chars_in = Some(cleaned.chars_in);
    record.url = cleaned.meta.url.clone();
    record.lang = cleaned.meta.lang.clone();
    record.removals = removal_records(&cleaned, rules);
    let outcome = cleaned.outcome;
    record.title = outcome.title;
    record.published = outcome.published;
    record.outlet = outcome.outlet;
    if let Some(reason) = outcome.rejected {
        record.status = "rejected";
        record.reason = Some(reason);
        record.chars_out = Some(0);
        return (record, size);
    }
    let rel = output_path(&file.source);
    if let Err(e) = write_atomic(&out.join(&rel), outcome.text.as_bytes()) {
        record.error = Some(format!("{}: cannot write output: {e}", out.join(&rel).display()));
        return (record, size);
    }
    record.status = "cleaned";
    record.output = Some(rel);
    record.output_sha256 = Some(sha256_hex(outcome.text.as_bytes()));
    record.chars_out = Some(outcome.text.chars().count());
    (record, size)
}

/// The end-of-run paragraph: documents per status, characters removed, top rules, speed.
pub fn summary_paragraph(s: &Summary) -> String {
    let count = |k: &str| s.counts.get(k).copied().unwrap_or(0);
    let reused = if s.reused > 0 {
        format!(" ({} reused from the earlier run)", s.reused)
    } else {
        String::new()
    };
    let mut top: Vec<(&String, &RuleStats)> = s.rules.iter().collect();
    top.sort_by(|a, b| b.1.chars_removed.cmp(&a.1.chars_removed).then(a.0.cmp(b.0)));
    let top: Vec<String> = top
        .iter()
        .take(5)
        .map(|(id, st)| format!("{id} {} chars in {} docs", st.chars_removed, st.docs))
        .collect();
    let share = if s.chars_in > 0 {
        100.0 * s.chars_removed as f64 / s.chars_in as f64
    } else {
        0.0
    };
    let mut out = String::new();
    let _ = write!(
        out,
        "newsclean: {} cleaned, {} rejected, {} failed{reused}; removed {} of {} chars ({share:.1}%) in {:.2}s ({:.1} MB/s, {} jobs).",
        count("cleaned"),
        count("rejected"),
        count("failed"),
        s.chars_removed,
        s.chars_in,
        s.seconds,
        s.mb_per_s,
        s.jobs
    );
    if !top.is_empty() {
        let _ = write!(out, " Top rules: {}.", top.join("; "));
    }
    out
}
