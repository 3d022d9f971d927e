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

use crate::dolma::{DolmaOptions, PartWriter};
use crate::emit::{sha256_hex, write_atomic, write_if_changed, Record};
// Kept where the explain command, the tests and the fuzz targets have always found them.
pub use crate::process::{clean_bytes, removal_records};
use crate::process::{clean_to_record, too_large, Content, Input};
use crate::rules::RuleSet;
use crate::shard::Shard;
use crate::warc::{is_warc, WarcFile, WarcItem};

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
    /// What OUT gets for each cleaned document.
    pub format: OutputFormat,
    /// Clean only this shard of the inputs.
    pub shard: Option<Shard>,
    /// Record options of `--format jsonl`.
    pub dolma: DolmaOptions,
    /// Records per part file with `--format jsonl`.
    pub part_docs: usize,
}

/// What OUT gets for each cleaned document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    /// One `.txt` file per document.
    Text,
    /// Dolma records in `part-NNNNN.jsonl.gz` files.
    Jsonl,
}

/// Records per part file unless `--part-docs` says otherwise.
pub const PART_DOCS: usize = 10_000;

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

/// How many inputs are read and cleaned at once: bounds memory whatever the corpus size.
const BATCH: usize = 256;

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
    /// The input roots, absolute: where `report` finds each document's source again.
    pub inputs: Vec<String>,
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
        // Links are not followed below the root, so a file's real path is the root's plus its
        // relative path: one `canonicalize` per root, not per file.
        let root_abs = std::fs::canonicalize(root).ok();
        for entry in walkdir::WalkDir::new(root)
            .follow_links(false)
            .sort_by_file_name()
        {
            let entry = entry.with_context(|| format!("{}: cannot walk input folder", root.display()))?;
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

/// Where the clean text of `source` goes, relative to OUT: the same path, ending in `.txt`.
pub fn output_path(source: &str) -> String {
    if source.ends_with(".txt") {
        source.to_string()
    } else {
        format!("{source}.txt")
    }
}

/// Runs a batch: every input ends in the manifest as cleaned, rejected or failed.
#[allow(clippy::too_many_lines)] // split by issue 21
pub fn run(config: &Config, rules: &RuleSet) -> Result<Summary> {
    let started = Instant::now();
    let mut files = discover(&config.inputs, &config.out)?;
    if let Some(shard) = config.shard {
        files.retain(|f| shard.holds(&f.source));
    }
    std::fs::create_dir_all(&config.out)
        .with_context(|| format!("{}: cannot create output folder", config.out.display()))?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.jobs)
        .build()
        .context("cannot start worker threads")?;
    let jobs = pool.current_num_threads();

    remove_stale_temporaries(&config.out);
    let mut parts = match config.format {
        OutputFormat::Text => None,
        OutputFormat::Jsonl => {
            remove_parts(&config.out);
            Some(PartWriter::new(&config.out, config.part_docs))
        }
    };
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
        inputs: config
            .inputs
            .iter()
            .map(|p| {
                std::fs::canonicalize(p)
                    .unwrap_or_else(|_| p.clone())
                    .display()
                    .to_string()
            })
            .collect(),
        jobs,
        ..Summary::default()
    };
    let mut units = Units::new(&files, config.limits.max_bytes, &progress);
    loop {
        if config.stop.load(Ordering::SeqCst) {
            summary.interrupted = true;
            break;
        }
        let batch: Vec<Unit> = units.by_ref().take(BATCH).collect();
        if batch.is_empty() {
            break;
        }
        let done: Vec<Done> = pool.install(|| {
            batch
                .into_par_iter()
                .map(|unit| {
                    earlier
                        .get(unit.source())
                        .and_then(|line| reuse(&unit, line, config, rules))
                        .unwrap_or_else(|| work_guarded(unit, config, rules))
                })
                .collect()
        });
        for d in done {
            summary.bytes_in += d.bytes;
            summary.reused += usize::from(d.reused);
            let line = match d.entry {
                Entry::Ready { line, tally: t } => {
                    tally(&mut summary, &t);
                    line
                }
                Entry::Pending { mut record, dolma } => {
                    if let (Some(parts), Some(line)) = (parts.as_mut(), dolma) {
                        let part = parts.append(&line).context("cannot write a part file")?;
                        if record.status == "cleaned" {
                            record.output = Some(part);
                        }
                    }
                    tally(&mut summary, &Tally::of_record(&record));
                    serde_json::to_string(&record).expect("records serialize")
                }
            };
            partial.write_all(line.as_bytes())?;
            partial.write_all(b"\n")?;
            progress.inc(d.progress);
        }
        partial.flush()?;
    }
    if let Some(parts) = parts {
        parts.finish().context("cannot write the last part file")?;
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

/// Part files of an earlier `--format jsonl` run into OUT: this run writes its own.
fn remove_parts(out: &Path) {
    let Ok(entries) = std::fs::read_dir(out) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with("part-") && name.ends_with(".jsonl.gz") {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// One unit of work: a file, or a record of a WARC file (read in order by the main thread).
enum Unit {
    File {
        file: InputFile,
        /// Another input already writes this one's output.
        collision: Option<String>,
    },
    Warc {
        source: String,
        item: WarcItem,
    },
}

impl Unit {
    fn source(&self) -> &str {
        match self {
            Unit::File { file, .. } => &file.source,
            Unit::Warc { source, .. } => source,
        }
    }
}

/// The units of a run, in input order: each WARC file expands into its records as it is read,
/// so a batch never holds more than `BATCH` of them.
struct Units<'a> {
    files: std::slice::Iter<'a, InputFile>,
    /// Outputs already claimed, with the file that claimed them.
    owners: HashMap<String, &'a Path>,
    max_bytes: u64,
    progress: &'a indicatif::ProgressBar,
    /// The WARC file being read: its source, its reader, and its next record number.
    warc: Option<(String, WarcFile, usize)>,
}

impl<'a> Units<'a> {
    fn new(files: &'a [InputFile], max_bytes: u64, progress: &'a indicatif::ProgressBar) -> Self {
        Units {
            files: files.iter(),
            owners: HashMap::new(),
            max_bytes,
            progress,
            warc: None,
        }
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
                        return Some(Unit::Warc { source, item });
                    }
                    None => {
                        self.warc = None;
                        self.progress.inc(1);
                        continue;
                    }
                }
            }
            let file = self.files.next()?;
            let out = output_path(&file.source);
            let collision = match self.owners.get(&out) {
                Some(first) => Some(format!("output {out} is already written for {}", first.display())),
                None => {
                    self.owners.insert(out, &file.path);
                    None
                }
            };
            if collision.is_none() && is_warc(&file.path) {
                match WarcFile::open(&file.path, self.max_bytes) {
                    Ok(reader) => {
                        self.warc = Some((file.source.clone(), reader, 0));
                        continue;
                    }
                    Err(e) => {
                        self.progress.inc(1);
                        let item = WarcItem::Broken {
                            error: format!("cannot read: {e}"),
                            offset: 0,
                        };
                        return Some(Unit::Warc {
                            source: file.source.clone(),
                            item,
                        });
                    }
                }
            }
            return Some(Unit::File {
                file: file.clone(),
                collision,
            });
        }
    }
}

/// The source of record `n` of a WARC file: `crawl.warc.gz#00000012`, numbered from 0 in file
/// order (padded so that sources sort in file order).
fn warc_source(file_source: &str, n: usize) -> String {
    format!("{file_source}#{n:08}")
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// What one record adds to the run's totals.
struct Tally {
    status: String,
    chars_in: usize,
    /// Per rule that removed something: its id, its removals and the characters they held.
    rules: Vec<(String, RuleStats)>,
}

impl Tally {
    fn of_record(r: &Record) -> Tally {
        Tally {
            status: r.status.to_string(),
            chars_in: r.chars_in.unwrap_or(0),
            rules: per_rule(
                r.removals
                    .iter()
                    .map(|x| (x.rule.as_str(), x.text.chars().count())),
            ),
        }
    }

    /// For a record reused from an earlier run, known only as its manifest line.
    fn of_line(line: &serde_json::Value) -> Tally {
        let removals = line["removals"].as_array().into_iter().flatten().map(|r| {
            let rule = r["rule"].as_str().unwrap_or_default();
            (rule, r["text"].as_str().unwrap_or_default().chars().count())
        });
        Tally {
            status: line["status"].as_str().unwrap_or("failed").to_string(),
            chars_in: line["chars_in"].as_u64().unwrap_or(0) as usize,
            rules: per_rule(removals),
        }
    }
}

/// One document's removals (rule id, characters) summed per rule, in order of first removal.
fn per_rule<'a>(removals: impl Iterator<Item = (&'a str, usize)>) -> Vec<(String, RuleStats)> {
    let mut rules: Vec<(String, RuleStats)> = Vec::new();
    for (rule, chars) in removals {
        let at = match rules.iter().position(|(id, _)| id == rule) {
            Some(at) => at,
            None => {
                let stats = RuleStats {
                    docs: 1,
                    ..RuleStats::default()
                };
                rules.push((rule.to_string(), stats));
                rules.len() - 1
            }
        };
        rules[at].1.hits += 1;
        rules[at].1.chars_removed += chars;
    }
    rules
}

/// Adds one record to the run's totals.
fn tally(summary: &mut Summary, t: &Tally) {
    *summary.counts.entry(t.status.clone()).or_default() += 1;
    summary.chars_in += t.chars_in;
    for (rule, stats) in &t.rules {
        summary.chars_removed += stats.chars_removed;
        let total = match summary.rules.get_mut(rule) {
            Some(total) => total,
            None => summary.rules.entry(rule.clone()).or_default(),
        };
        total.hits += stats.hits;
        total.docs += stats.docs;
        total.chars_removed += stats.chars_removed;
    }
}

/// Where records go while a run is under way; renamed to `manifest.jsonl` at its end.
const PARTIAL_MANIFEST: &str = ".manifest.partial.jsonl";

/// What became of one unit: its record (fresh, or an earlier run's line), the bytes read, and
/// how far it moves the progress bar.
struct Done {
    entry: Entry,
    bytes: u64,
    reused: bool,
    progress: u64,
}

enum Entry {
    /// Cleaned now with `--format jsonl`: its part file, and so its `output`, is known only when
    /// the main thread appends `dolma`, in input order.
    Pending {
        record: Box<Record>,
        dolma: Option<String>,
    },
    /// A final manifest line: serialized on the worker, or taken over from an earlier run.
    Ready { line: String, tally: Tally },
}

impl Done {
    fn pending(record: Record, dolma: Option<String>, bytes: u64, progress: u64) -> Done {
        Done {
            entry: Entry::Pending {
                record: Box::new(record),
                dolma,
            },
            bytes,
            reused: false,
            progress,
        }
    }

    /// A record whose manifest line is final, serialized here so that the main thread, which
    /// writes the lines in input order, only copies bytes.
    fn ready(record: Record, bytes: u64, progress: u64) -> Done {
        Done {
            entry: Entry::Ready {
                line: serde_json::to_string(&record).expect("records serialize"),
                tally: Tally::of_record(&record),
            },
            bytes,
            reused: false,
            progress,
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

/// An earlier record of `unit`, if it still holds: same source bytes, same rules, and for a
/// cleaned document an output that is still there and unchanged. Failed records are redone.
fn reuse(unit: &Unit, line: &str, config: &Config, rules: &RuleSet) -> Option<Done> {
    if config.format != OutputFormat::Text {
        return None;
    }
    let v: serde_json::Value = serde_json::from_str(line).ok()?;
    if v["rules_digest"].as_str()? != rules.digest || v["tool_version"].as_str()? != env!("CARGO_PKG_VERSION")
    {
        return None;
    }
    let (hash, size, progress) = match unit {
        Unit::File {
            file,
            collision: None,
        } => {
            let bytes = std::fs::read(&file.path).ok()?;
            (sha256_hex(&bytes), bytes.len(), 1)
        }
        Unit::Warc {
            item: WarcItem::Page { body, .. },
            ..
        } => (sha256_hex(body), body.len(), 0),
        _ => return None,
    };
    if v["source_sha256"].as_str()? != hash {
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
        entry: Entry::Ready {
            line: line.to_string(),
            tally: Tally::of_line(&v),
        },
        bytes: size as u64,
        reused: true,
        progress,
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

/// Cleans one unit; a panic inside becomes a `failed` record instead of ending the run.
fn work_guarded(unit: Unit, config: &Config, rules: &RuleSet) -> Done {
    let source = unit.source().to_string();
    let progress = u64::from(matches!(unit, Unit::File { .. }));
    match catch_unwind(AssertUnwindSafe(|| work(unit, config, rules))) {
        Ok(done) => done,
        Err(panic) => {
            let msg = crate::process::panic_message(panic.as_ref());
            let mut r = Record::new(&source, &rules.digest);
            r.error = Some(format!("internal error while cleaning {source}: {msg}"));
            place(r, None, 0, progress, config)
        }
    }
}

fn work(unit: Unit, config: &Config, rules: &RuleSet) -> Done {
    match unit {
        Unit::File {
            file,
            collision: Some(err),
        } => {
            let mut r = Record::new(&file.source, &rules.digest);
            r.error = Some(err);
            place(r, None, 0, 1, config)
        }
        Unit::File {
            file,
            collision: None,
        } => {
            let (record, text, bytes) = clean_file(&file, config, rules);
            place(record, text, bytes, 1, config)
        }
        Unit::Warc { source, item } => {
            let (record, text, bytes) = clean_warc_item(&source, item, config, rules);
            place(record, text, bytes, 0, config)
        }
    }
}

/// Writes the clean text of a cleaned document to its file (text format), or turns the record
/// into the line the part writer appends (jsonl format), here on the worker.
fn place(mut record: Record, text: Option<String>, bytes: u64, progress: u64, config: &Config) -> Done {
    if config.format == OutputFormat::Jsonl {
        let dolma = config.dolma.writes(record.status).then(|| {
            let d = &config.dolma;
            crate::dolma::record_line(
                &record,
                text.as_deref().unwrap_or(""),
                &d.source,
                &d.added,
                Default::default(),
            )
        });
        return Done::pending(record, dolma, bytes, progress);
    }
    let Some(text) = text else {
        return Done::ready(record, bytes, progress);
    };
    let rel = output_path(&record.source);
    let path = config.out.join(&rel);
    if let Err(e) = write_if_changed(&path, text.as_bytes()) {
        record.status = "failed";
        record.error = Some(format!("{}: cannot write output: {e}", path.display()));
        return Done::ready(record, bytes, progress);
    }
    record.output = Some(rel);
    Done::ready(record, bytes, progress)
}

/// Reads and cleans one file: its record, its clean text (if cleaned) and its size.
fn clean_file(file: &InputFile, config: &Config, rules: &RuleSet) -> (Record, Option<String>, u64) {
    let mut record = Record::new(&file.source, &rules.digest);
    // Too large to read: refused by its size alone.
    if let Some(reason) = std::fs::metadata(&file.path)
        .ok()
        .and_then(|m| too_large(m.len(), &config.limits))
    {
        record.status = "rejected";
        record.reason = Some(reason);
        return (record, None, 0);
    }
    let bytes = match std::fs::read(&file.path) {
        Ok(b) => b,
        Err(e) => {
            record.error = Some(format!("{}: cannot read: {e}", file.path.display()));
            return (record, None, 0);
        }
    };
    let name = file.path.to_string_lossy();
    let input = Input {
        name: &name,
        content: Content::Bytes(&bytes),
        url: None,
        http_charset: None,
    };
    let (record, text) = clean_to_record(&file.source, &input, &bytes, rules, &config.limits);
    (record, text, bytes.len() as u64)
}

/// Cleans one item of a WARC file ([`crate::warc::page_input`] for a page).
fn clean_warc_item(
    source: &str,
    item: WarcItem,
    config: &Config,
    rules: &RuleSet,
) -> (Record, Option<String>, u64) {
    match item {
        WarcItem::Page {
            body,
            content_type,
            origin,
        } => {
            let input = crate::warc::page_input(&body, content_type.as_deref(), &origin);
            let (mut record, text) = clean_to_record(source, &input, &body, rules, &config.limits);
            record.warc = Some(origin);
            (record, text, body.len() as u64)
        }
        WarcItem::NotPage { reason, origin } => {
            let mut record = Record::new(source, &rules.digest);
            record.status = "rejected";
            record.reason = Some(reason);
            record.url = origin.target_uri.clone();
            record.warc = Some(origin);
            (record, None, 0)
        }
        WarcItem::Broken { error, offset } => {
            let mut record = Record::new(source, &rules.digest);
            record.error = Some(format!(
                "{source}: {error} (at byte {offset}); the rest of the file is not read"
            ));
            (record, None, 0)
        }
    }
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
