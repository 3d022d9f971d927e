//! `newsclean rules profile`: cleans inputs on this thread, writing nothing, with each rule's
//! searches and each stage around them timed ([`crate::profile`]).

use std::ops::ControlFlow;
use std::time::Instant;

use super::{run_ordered, Batching, Take, Workers};
use crate::engine::RuleSet;
use crate::model::Status;
use crate::process::clean_unit;
use crate::profile::{start_recording, stop_recording, Profile};
use crate::read::files::{InputFile, Units};
use crate::read::{Body, Limits, RawDoc, Unit};

/// An input the profiler cannot clean: a file that cannot be read, a broken WARC file.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ProfileError(String);

/// Cleans every file (every page of a WARC file) on this thread, writing nothing, and returns
/// what each part cost. Reading a file is not timed; a file that cannot be read is an error
/// naming it.
pub fn profile_files(files: &[InputFile], rules: &RuleSet, limits: &Limits) -> Result<Profile, ProfileError> {
    start_recording(rules.rules.len());
    let warc_files = std::cell::Cell::new(0);
    let units = Units::new(files, limits.max_bytes, || warc_files.set(warc_files.get() + 1));
    let work = |unit: Unit| -> Result<(u64, u64, bool), String> {
        let ends_file = unit.ends_file;
        let unit = read_now(unit)?;
        let start = Instant::now();
        let doc = clean_unit(unit, rules, limits);
        let nanos = start.elapsed().as_nanos() as u64;
        match (doc.status, doc.decoding) {
            (Status::Failed, None) => Err(doc.why.unwrap_or_default()),
            _ => Ok((doc.bytes, nanos, ends_file)),
        }
    };
    let mut totals = Totals::default();
    let outcome = run_ordered(
        units,
        &Workers::Here,
        Batching::default(),
        None,
        work,
        |stub, msg| Err(super::internal_error(&stub.id, msg)),
        &mut totals,
    );
    let mut profile = stop_recording();
    outcome.map_err(ProfileError)?;
    profile.files = totals.files + warc_files.get();
    (profile.bytes, profile.nanos) = (totals.bytes, totals.nanos);
    Ok(profile)
}

/// A file unit's bytes read in, so that reading is not timed with the cleaning; a WARC record
/// settled as broken is the error it is.
fn read_now(unit: Unit) -> Result<Unit, String> {
    match unit.body {
        Body::File(path) => {
            let bytes = std::fs::read(&path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
            let body = Body::Doc(RawDoc::bytes(&path.to_string_lossy(), bytes));
            Ok(Unit { body, ..unit })
        }
        Body::Settled {
            status: Status::Failed,
            why,
            ..
        } => Err(why),
        _ => Ok(unit),
    }
}

/// Files (but WARC files), bytes and nanoseconds cleaned.
#[derive(Default)]
struct Totals {
    files: u64,
    bytes: u64,
    nanos: u64,
}

impl Take<Result<(u64, u64, bool), String>> for Totals {
    type Error = String;

    fn take(&mut self, done: Result<(u64, u64, bool), String>) -> Result<ControlFlow<()>, String> {
        let (bytes, nanos, ends_file) = done?;
        self.files += u64::from(ends_file);
        self.bytes += bytes;
        self.nanos += nanos;
        Ok(ControlFlow::Continue(()))
    }
}
