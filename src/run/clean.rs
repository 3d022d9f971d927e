//! `newsclean clean`: every input under the given files and folders into OUT, each ending in the
//! manifest as cleaned, rejected or failed, with clean text (or dolma records) beside it and the
//! run's totals in `run.json`.

use std::collections::HashMap;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Instant;

use super::{internal_error, run_ordered, Batching, Ended, Take, UnitStub, Workers};
use crate::engine::RuleSet;
use crate::model::{sha256_hex, Doc, Status};
use crate::passes::{apply_passes, CorpusPass};
use crate::process::clean_unit;
use crate::read::files::{discover, DiscoverError, InputFile, Units};
use crate::read::shard::Shard;
use crate::read::{Body, Limits, Unit};
use crate::write::dolma::DolmaOptions;
use crate::write::files::write_atomic;
use crate::write::manifest::{earlier_records, Earlier, ManifestError, ManifestWriter};
use crate::write::record::Record;
use crate::write::sink::{output_path, DolmaParts, Placed, Sink, SinkError, TextFiles};
use crate::write::summary::{Summary, Tally};

/// Everything a batch run needs to know.
#[derive(Clone, Debug)]
pub struct Config {
    /// Files and folders to clean; folders are walked recursively in name order.
    pub inputs: Vec<PathBuf>,
    /// Output folder.
    pub out: PathBuf,
    /// Worker threads; 0 means one per core.
    pub jobs: usize,
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

/// How far a run has got, for a progress display.
#[derive(Clone, Copy, Debug)]
pub enum Progress {
    /// The inputs are listed: this many files.
    Start { files: u64 },
    /// This many more files are done.
    Advance(u64),
    /// Every file is done.
    Finish,
}

/// Why a run stopped.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RunError {
    #[error(transparent)]
    Discover(#[from] DiscoverError),
    #[error("{}: cannot create output folder: {source}", path.display())]
    CreateOut { path: PathBuf, source: std::io::Error },
    #[error("cannot start worker threads: {0}")]
    Threads(#[from] rayon::ThreadPoolBuildError),
    #[error(transparent)]
    Manifest(#[from] ManifestError),
    #[error(transparent)]
    Sink(#[from] SinkError),
    #[error("{}: cannot write: {source}", path.display())]
    RunJson { path: PathBuf, source: std::io::Error },
}

impl RunError {
    /// Whether the run wrote nothing: its setup failed (inputs, OUT, threads) before any
    /// document was cleaned.
    pub fn wrote_nothing(&self) -> bool {
        matches!(
            self,
            RunError::Discover(_) | RunError::CreateOut { .. } | RunError::Threads(_)
        )
    }
}

/// Runs a batch: every input ends in the manifest as cleaned, rejected or failed.
pub fn run(
    config: &Config,
    rules: &RuleSet,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Summary, RunError> {
    run_with_passes(config, rules, Vec::new(), progress)
}

/// [`run`] with corpus-wide passes: a first read of the inputs shows every cleaned document to
/// the passes, and the second adds their removals before writing ([`crate::passes`]).
pub fn run_with_passes(
    config: &Config,
    rules: &RuleSet,
    mut passes: Vec<Box<dyn CorpusPass>>,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Summary, RunError> {
    let started = Instant::now();
    let mut files = discover(&config.inputs, &config.out)?;
    if let Some(shard) = config.shard {
        files.retain(|f| shard.holds(&f.source));
    }
    std::fs::create_dir_all(&config.out).map_err(|source| RunError::CreateOut {
        path: config.out.clone(),
        source,
    })?;
    let workers = Workers::pool(config.jobs)?;
    remove_stale_temporaries(&config.out);
    let (text_files, dolma_parts);
    let sink: &dyn Sink = match config.format {
        OutputFormat::Text => {
            text_files = TextFiles::new(&config.out);
            &text_files
        }
        OutputFormat::Jsonl => {
            remove_parts(&config.out);
            dolma_parts = DolmaParts::new(&config.out, config.part_docs, config.dolma.clone());
            &dolma_parts
        }
    };
    if !passes.is_empty() {
        observe(&files, config, rules, &workers, &mut passes);
    }
    // What the passes remove depends on the whole corpus: no earlier record stands for it.
    let earlier = if config.resume && passes.is_empty() {
        earlier_records(&config.out)
    } else {
        HashMap::new()
    };
    let mut taker = Taker {
        manifest: ManifestWriter::create(&config.out)?,
        summary: Summary::begin(&rules.digest, &config.inputs, workers.threads()),
        sink,
        progress,
    };
    progress(Progress::Start {
        files: files.len() as u64,
    });
    let mut owners: HashMap<String, &Path> = HashMap::new();
    let units = Units::new(&files, config.limits.max_bytes, || progress(Progress::Advance(1)))
        .claiming(|file| claim_output(&mut owners, file));
    let work = |unit: Unit| match earlier.get(&unit.id).and_then(|e| reuse(&unit, e, config, rules)) {
        Some(done) => done,
        None => {
            let ends_file = unit.ends_file;
            let mut doc = clean_unit(unit, rules, &config.limits);
            apply_passes(&passes, &mut doc);
            finish(doc, ends_file, rules, sink)
        }
    };
    let failed = |stub: UnitStub, msg: String| {
        let error = internal_error(&stub.id, msg);
        finish(Doc::failed(&stub.id, error), stub.ends_file, rules, sink)
    };
    let ended = run_ordered(
        units,
        &workers,
        Batching::default(),
        Some(&config.stop),
        work,
        failed,
        &mut taker,
    )?;
    let Taker {
        manifest,
        mut summary,
        ..
    } = taker;
    sink.finish()?;
    progress(Progress::Finish);
    manifest.finish()?;
    summary.interrupted = ended == Ended::Interrupted;
    summary.timed(started.elapsed().as_secs_f64(), files.len());
    write_run_json(&config.out, &summary)?;
    Ok(summary)
}

fn write_run_json(out: &Path, summary: &Summary) -> Result<(), RunError> {
    let path = out.join("run.json");
    let mut json = serde_json::to_vec_pretty(summary).expect("the summary serializes");
    json.push(b'\n');
    write_atomic(&path, &json).map_err(|source| RunError::RunJson { path, source })
}

/// The passes' first read: every document cleaned and observed in input order, nothing written.
fn observe(
    files: &[InputFile],
    config: &Config,
    rules: &RuleSet,
    workers: &Workers,
    passes: &mut [Box<dyn CorpusPass>],
) {
    let mut owners: HashMap<String, &Path> = HashMap::new();
    let units =
        Units::new(files, config.limits.max_bytes, || ()).claiming(|file| claim_output(&mut owners, file));
    let mut observer = Observer(passes);
    let Ok(_) = run_ordered(
        units,
        workers,
        Batching::default(),
        Some(&config.stop),
        |unit| clean_unit(unit, rules, &config.limits),
        |stub: UnitStub, msg| Doc::failed(&stub.id, internal_error(&stub.id, msg)),
        &mut observer,
    );
    for pass in observer.0.iter_mut() {
        pass.reduce();
    }
}

/// Shows each document to every pass.
struct Observer<'a>(&'a mut [Box<dyn CorpusPass>]);

impl Take<Doc> for Observer<'_> {
    type Error = std::convert::Infallible;

    fn take(&mut self, doc: Doc) -> Result<ControlFlow<()>, Self::Error> {
        for pass in self.0.iter_mut() {
            pass.observe(&doc);
        }
        Ok(ControlFlow::Continue(()))
    }
}

/// `None` when `file`'s output is its own; else why not (another input writes it already).
fn claim_output<'a>(owners: &mut HashMap<String, &'a Path>, file: &'a InputFile) -> Option<String> {
    let out = output_path(&file.source);
    match owners.get(&out) {
        Some(first) => Some(format!("output {out} is already written for {}", first.display())),
        None => {
            owners.insert(out, &file.path);
            None
        }
    }
}

/// What became of one unit, on its way from the worker to the manifest.
struct Done {
    entry: Entry,
    tally: Tally,
    bytes: u64,
    reused: bool,
    /// Input files it finishes, for the progress display.
    files: u64,
}

/// A document's manifest entry on its way to the main thread.
enum Entry {
    /// The record is final: its manifest line, serialized on the worker (so the main thread only
    /// copies bytes, and a batch holds lines, not records with all their removals).
    Line(String),
    /// The sink still writes in input order, and may fill the record's `output` then.
    Pending { record: Box<Record>, placed: Placed },
}

/// A document's record, placed by the sink, with its totals.
fn finish(doc: Doc, ends_file: bool, rules: &RuleSet, sink: &dyn Sink) -> Done {
    let mut record = Record::of(&doc, rules);
    let placed = sink.place(&doc, &mut record);
    let tally = Tally::of(&record);
    let entry = match placed {
        Placed::Done => Entry::Line(serde_json::to_string(&record).expect("records serialize")),
        placed => Entry::Pending {
            record: Box::new(record),
            placed,
        },
    };
    Done {
        tally,
        entry,
        bytes: doc.bytes,
        reused: false,
        files: u64::from(ends_file),
    }
}

/// The main thread's end of a run: the sink's in-order writes, the manifest, the totals.
struct Taker<'a> {
    manifest: ManifestWriter,
    summary: Summary,
    sink: &'a dyn Sink,
    progress: &'a (dyn Fn(Progress) + Sync),
}

impl Take<Done> for Taker<'_> {
    type Error = RunError;

    fn take(&mut self, d: Done) -> Result<ControlFlow<()>, RunError> {
        self.summary.bytes_in += d.bytes;
        self.summary.reused += usize::from(d.reused);
        let (line, flow) = match d.entry {
            Entry::Line(line) => (line, ControlFlow::Continue(())),
            Entry::Pending { mut record, placed } => {
                let flow = self.sink.commit(placed, &mut record)?;
                (serde_json::to_string(&record).expect("records serialize"), flow)
            }
        };
        self.summary.add(&d.tally);
        self.manifest.append(&line)?;
        (self.progress)(Progress::Advance(d.files));
        Ok(flow)
    }

    fn end_batch(&mut self) -> Result<ControlFlow<()>, RunError> {
        self.manifest.flush()?;
        Ok(ControlFlow::Continue(()))
    }
}

/// An earlier record of `unit`, if it still holds: same source bytes, same rules and build, and
/// for a cleaned document an output that is still there and unchanged. Failed records are
/// redone.
fn reuse(unit: &Unit, earlier: &Earlier, config: &Config, rules: &RuleSet) -> Option<Done> {
    let record = &earlier.record;
    if config.format != OutputFormat::Text || !record.is_current(rules) {
        return None;
    }
    let (hash, size) = match &unit.body {
        Body::File(path) => {
            let bytes = std::fs::read(path).ok()?;
            (sha256_hex(&bytes), bytes.len())
        }
        Body::Doc(raw) => (sha256_hex(raw.content.bytes()), raw.content.bytes().len()),
        Body::Settled { .. } => return None,
    };
    if record.source_sha256.as_deref()? != hash {
        return None;
    }
    match record.status {
        Status::Rejected => {}
        Status::Cleaned => {
            let out = std::fs::read(config.out.join(record.output.as_deref()?)).ok()?;
            if record.output_sha256.as_deref()? != sha256_hex(&out) {
                return None;
            }
        }
        Status::Failed => return None,
    }
    Some(Done {
        tally: Tally::of(record),
        entry: Entry::Line(earlier.line.clone()),
        bytes: size as u64,
        reused: true,
        files: u64::from(unit.ends_file),
    })
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
