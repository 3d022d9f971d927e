//! `newsclean filter`: JSON Lines in ([`crate::read::jsonl`]), dolma records out, in input
//! order, a bounded batch at a time with the batch cleaned in parallel.

use std::io::{BufRead, Write};
use std::ops::ControlFlow;

use super::{internal_error, run_ordered, Batching, Take, UnitStub, Workers, BATCH_DOCS};
use crate::engine::RuleSet;
use crate::model::{Doc, Status};
use crate::process::clean_unit;
use crate::read::jsonl::Records;
use crate::read::{Limits, Unit};
use crate::write::dolma::DolmaOptions;
use crate::write::record::Record;
use crate::write::sink::{DolmaStream, Placed, Sink, SinkError};

/// Most bytes of input lines a batch holds.
const BATCH_BYTES: usize = 64 << 20;

/// How a filter run is set up.
#[derive(Clone, Debug)]
pub struct FilterOptions {
    /// Worker threads; 0 means one per core.
    pub jobs: usize,
    pub dolma: DolmaOptions,
    pub limits: Limits,
}

/// What a filter run did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FilterCounts {
    pub records: usize,
    pub cleaned: usize,
    pub rejected: usize,
    pub failed: usize,
    /// Input lines that were not a usable record (reported and skipped).
    pub malformed: usize,
    /// Records written to the output.
    pub written: usize,
}

/// Why a filter run stopped.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FilterError {
    #[error("cannot start worker threads: {0}")]
    Threads(#[from] rayon::ThreadPoolBuildError),
    #[error("cannot read the input stream: {0}")]
    Read(std::io::Error),
    #[error(transparent)]
    Write(#[from] SinkError),
}

/// Runs the filter from `input` to `output`; `report` receives each malformed line's message
/// (`line N: …`). Output stops quietly when the reader of `output` goes away.
pub fn run(
    input: impl BufRead,
    output: impl Write + Send,
    rules: &RuleSet,
    options: &FilterOptions,
    report: impl FnMut(&str),
) -> Result<FilterCounts, FilterError> {
    let workers = Workers::pool(options.jobs)?;
    // Base64 makes a record a third larger than its bytes; JSON escapes add a little more.
    let max_line = usize::try_from(options.limits.max_bytes.saturating_mul(2)).unwrap_or(usize::MAX);
    let mut records = Records::new(input, max_line, report);
    let sink = &DolmaStream::new(output, options.dolma.clone());
    let mut taker = Taker {
        sink,
        counts: FilterCounts::default(),
    };
    let finish = |doc: Doc| {
        let mut record = Record::of(&doc, rules);
        let placed = sink.place(&doc, &mut record);
        (record, placed)
    };
    let batching = Batching {
        items: BATCH_DOCS,
        weight: BATCH_BYTES,
    };
    run_ordered(
        &mut records,
        &workers,
        batching,
        None,
        |unit: Unit| finish(clean_unit(unit, rules, &options.limits)),
        |stub: UnitStub, msg| finish(Doc::failed(&stub.id, internal_error(&stub.id, msg))),
        &mut taker,
    )?;
    let mut counts = taker.counts;
    sink.finish()?;
    counts.written = sink.written();
    counts.malformed = records.finish().map_err(FilterError::Read)?;
    Ok(counts)
}

/// The main thread's end: the output stream and the counts.
struct Taker<'a, W> {
    sink: &'a DolmaStream<W>,
    counts: FilterCounts,
}

impl<W: Write + Send> Take<(Record, Placed)> for Taker<'_, W> {
    type Error = FilterError;

    fn take(&mut self, (mut record, placed): (Record, Placed)) -> Result<ControlFlow<()>, FilterError> {
        self.counts.records += 1;
        match record.status {
            Status::Cleaned => self.counts.cleaned += 1,
            Status::Rejected => self.counts.rejected += 1,
            Status::Failed => self.counts.failed += 1,
        }
        Ok(self.sink.commit(placed, &mut record)?)
    }

    fn end_batch(&mut self) -> Result<ControlFlow<()>, FilterError> {
        Ok(self.sink.flush()?)
    }
}
