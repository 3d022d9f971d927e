//! Where cleaned documents go: a text file each, dolma records in part files, or dolma records on
//! a stream. One trait, so the run loop writes any of them the same way.

use std::io::Write;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use super::dolma::{record_line, DolmaOptions, PartWriter};
use super::files::write_if_changed;
use super::record::Record;
use crate::model::{Doc, Status};

/// What a worker could not write itself and the main thread writes in input order.
#[derive(Debug)]
pub enum Placed {
    /// Nothing left to write.
    Done,
    /// One line to append (a dolma record).
    Line(String),
}

/// An output that cannot be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SinkError {
    #[error("{}: cannot write a part file: {source}", dir.display())]
    Part { dir: PathBuf, source: std::io::Error },
    #[error("cannot write the output stream: {0}")]
    Stream(std::io::Error),
}

/// A writer of cleaned documents. `place` runs on the worker that cleaned the document, in any
/// order (the work that can run in parallel); `commit` runs on the main thread in input order
/// (what must be appended in order), never at the same time as `place`. Both may fill the
/// record's `output`, or mark it failed.
pub trait Sink: Sync {
    fn place(&self, doc: &Doc, record: &mut Record) -> Placed;

    /// `Break` when the reader of the output has gone away: the run stops quietly.
    fn commit(&self, placed: Placed, record: &mut Record) -> Result<ControlFlow<()>, SinkError>;

    /// Writes out what is buffered at the end of a batch; `Break` when the reader has gone away.
    fn flush(&self) -> Result<ControlFlow<()>, SinkError> {
        Ok(ControlFlow::Continue(()))
    }

    /// Writes what is still pending once every document is committed.
    fn finish(&self) -> Result<(), SinkError>;
}

/// The value behind a lock, even if a thread panicked while holding it: writers keep no state a
/// panic could leave half-changed.
fn locked<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Where the clean text of `source` goes, relative to OUT: the same path, ending in `.txt`.
pub fn output_path(source: &str) -> String {
    if source.ends_with(".txt") {
        source.to_string()
    } else {
        format!("{source}.txt")
    }
}

/// One `.txt` file per cleaned document (`--format text`), written by the worker.
pub struct TextFiles {
    out: PathBuf,
}

impl TextFiles {
    pub fn new(out: &Path) -> TextFiles {
        TextFiles {
            out: out.to_path_buf(),
        }
    }
}

impl Sink for TextFiles {
    fn place(&self, doc: &Doc, record: &mut Record) -> Placed {
        if doc.status != Status::Cleaned {
            return Placed::Done;
        }
        let rel = output_path(&record.source);
        let path = self.out.join(&rel);
        match write_if_changed(&path, doc.text.as_bytes()) {
            Ok(()) => record.output = Some(rel),
            Err(e) => {
                record.status = Status::Failed;
                record.error = Some(format!("{}: cannot write output: {e}", path.display()));
            }
        }
        Placed::Done
    }

    fn commit(&self, _: Placed, _: &mut Record) -> Result<ControlFlow<()>, SinkError> {
        Ok(ControlFlow::Continue(()))
    }

    fn finish(&self) -> Result<(), SinkError> {
        Ok(())
    }
}

/// The dolma record of `doc`, when `options` write records of its status.
fn dolma_line(doc: &Doc, record: &Record, options: &DolmaOptions) -> Placed {
    if !options.writes(record.status) {
        return Placed::Done;
    }
    let carry = doc.carry.as_deref();
    Placed::Line(record_line(
        record,
        &doc.text,
        carry.and_then(|c| c.source.as_deref()).unwrap_or(&options.source),
        carry.and_then(|c| c.added.as_deref()).unwrap_or(&options.added),
        carry.map(|c| c.fields.clone()).unwrap_or_default(),
    ))
}

/// Dolma records in `part-NNNNN.jsonl.gz` files (`--format jsonl`): rendered by the worker,
/// appended in input order.
pub struct DolmaParts {
    parts: Mutex<PartWriter>,
    options: DolmaOptions,
    dir: PathBuf,
}

impl DolmaParts {
    /// Part files of `per_part` records in `out`.
    pub fn new(out: &Path, per_part: usize, options: DolmaOptions) -> DolmaParts {
        DolmaParts {
            parts: Mutex::new(PartWriter::new(out, per_part)),
            options,
            dir: out.to_path_buf(),
        }
    }

    fn error(&self, source: std::io::Error) -> SinkError {
        SinkError::Part {
            dir: self.dir.clone(),
            source,
        }
    }
}

impl Sink for DolmaParts {
    fn place(&self, doc: &Doc, record: &mut Record) -> Placed {
        dolma_line(doc, record, &self.options)
    }

    fn commit(&self, placed: Placed, record: &mut Record) -> Result<ControlFlow<()>, SinkError> {
        if let Placed::Line(line) = placed {
            let part = locked(&self.parts).append(&line).map_err(|e| self.error(e))?;
            if record.status == Status::Cleaned {
                record.output = Some(part);
            }
        }
        Ok(ControlFlow::Continue(()))
    }

    fn finish(&self) -> Result<(), SinkError> {
        locked(&self.parts).finish().map_err(|e| self.error(e))
    }
}

/// Dolma records on a stream, one a line, in input order (`newsclean filter`). The stream
/// ending early (a closed pipe) stops the run quietly.
pub struct DolmaStream<W> {
    out: Mutex<W>,
    options: DolmaOptions,
    written: AtomicUsize,
}

impl<W: Write + Send> DolmaStream<W> {
    pub fn new(out: W, options: DolmaOptions) -> DolmaStream<W> {
        DolmaStream {
            out: Mutex::new(out),
            options,
            written: AtomicUsize::new(0),
        }
    }

    /// Records written so far.
    pub fn written(&self) -> usize {
        self.written.load(Ordering::Relaxed)
    }
}

/// A write's result, with a broken pipe (the reader went away) as a quiet stop.
fn closed_is_break(written: std::io::Result<()>) -> Result<ControlFlow<()>, SinkError> {
    match written {
        Ok(()) => Ok(ControlFlow::Continue(())),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ControlFlow::Break(())),
        Err(e) => Err(SinkError::Stream(e)),
    }
}

impl<W: Write + Send> Sink for DolmaStream<W> {
    fn place(&self, doc: &Doc, record: &mut Record) -> Placed {
        dolma_line(doc, record, &self.options)
    }

    fn commit(&self, placed: Placed, _: &mut Record) -> Result<ControlFlow<()>, SinkError> {
        let Placed::Line(line) = placed else {
            return Ok(ControlFlow::Continue(()));
        };
        let mut out = locked(&self.out);
        let flow = closed_is_break(out.write_all(line.as_bytes()).and_then(|()| out.write_all(b"\n")))?;
        if flow.is_continue() {
            self.written.fetch_add(1, Ordering::Relaxed);
        }
        Ok(flow)
    }

    fn flush(&self) -> Result<ControlFlow<()>, SinkError> {
        closed_is_break(locked(&self.out).flush())
    }

    fn finish(&self) -> Result<(), SinkError> {
        self.flush().map(|_| ())
    }
}
