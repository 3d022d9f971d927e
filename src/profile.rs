//! Where cleaning time goes, rule by rule (`newsclean rules profile`): a rule file's author sees
//! which rule costs what on their own pages before a batch run. Only the thread that asks for it
//! records; a clean run pays one thread-local check per rule search.

use std::cell::RefCell;
use std::path::Path;
use std::time::Instant;

use crate::pipeline::{InputFile, Limits};
use crate::process::{clean_bytes, clean_input, Content};
use crate::rules::RuleSet;
use crate::warc::{WarcFile, WarcItem};

/// What one part of the cleaning cost over the profiled inputs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cost {
    /// Searches run (a rule is searched again in each round after removals).
    pub calls: u64,
    /// Spans found, before overlapping ones are merged.
    pub hits: u64,
    pub nanos: u64,
}

/// The stages around the rules' searches that are timed as a whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Bytes to text: BOM, declarations, sniffing, decoding.
    Decode,
    /// An HTML page's parse and main-content extraction, with the selector rules.
    Extract,
    /// The folded views the rules read, made anew after repairs and in each round.
    Views,
    /// Title, date, outlet and author.
    Metadata,
}

impl Stage {
    pub const ALL: [Stage; 4] = [Stage::Decode, Stage::Extract, Stage::Views, Stage::Metadata];

    pub fn name(self) -> &'static str {
        match self {
            Stage::Decode => "decoding",
            Stage::Extract => "HTML parse and extraction",
            Stage::Views => "views",
            Stage::Metadata => "metadata",
        }
    }
}

/// The parts of a clean that are timed apart.
#[derive(Clone, Copy, Debug)]
pub enum Part {
    /// A stage around the rules.
    Stage(Stage),
    /// One rule's own search (`rules[i]`).
    Rule(usize),
    /// The one automaton every `keywords` rule shares.
    Keywords,
    /// Which pattern rules may match a view at all (the pattern set and the literal prefilter).
    Prefilter,
}

/// Costs of every part, and of whole documents.
#[derive(Clone, Debug, Default)]
pub struct Profile {
    pub rules: Vec<Cost>,
    pub keywords: Cost,
    pub prefilter: Cost,
    /// By [`Stage::ALL`]'s order.
    pub stages: [Cost; 4],
    pub files: u64,
    pub bytes: u64,
    /// Whole documents: the stages, the rules' searches, and the rest (merging removals, rounds,
    /// the output text).
    pub nanos: u64,
}

thread_local! {
    static RECORDING: RefCell<Option<Profile>> = const { RefCell::new(None) };
}

/// Runs `search` and, when this thread records, books its time and `hits(result)` to `part`.
pub fn timed<R>(part: Part, search: impl FnOnce() -> R, hits: impl Fn(&R) -> usize) -> R {
    if !RECORDING.with(|r| r.borrow().is_some()) {
        return search();
    }
    let start = Instant::now();
    let result = search();
    let nanos = start.elapsed().as_nanos() as u64;
    let found = hits(&result) as u64;
    RECORDING.with(|r| {
        if let Some(p) = r.borrow_mut().as_mut() {
            let cost = match part {
                Part::Rule(i) => &mut p.rules[i],
                Part::Keywords => &mut p.keywords,
                Part::Prefilter => &mut p.prefilter,
                Part::Stage(stage) => &mut p.stages[stage as usize],
            };
            cost.calls += 1;
            cost.hits += found;
            cost.nanos += nanos;
        }
    });
    result
}

/// [`timed`] for a stage, which finds no spans of its own.
pub fn timed_stage<R>(stage: Stage, run: impl FnOnce() -> R) -> R {
    timed(Part::Stage(stage), run, |_| 0)
}

/// Cleans every file on this thread, writing nothing, and returns what each part cost. A file
/// that cannot be read is an error naming it.
pub fn profile_files(files: &[InputFile], rules: &RuleSet, limits: &Limits) -> Result<Profile, String> {
    RECORDING.with(|r| {
        *r.borrow_mut() = Some(Profile {
            rules: vec![Cost::default(); rules.rules.len()],
            ..Profile::default()
        })
    });
    let mut outcome = Ok(());
    let mut whole = (0, 0, 0);
    for file in files {
        match profile_file(&file.path, rules, limits) {
            Ok((bytes, nanos)) => whole = (whole.0 + 1, whole.1 + bytes, whole.2 + nanos),
            Err(e) => {
                outcome = Err(e);
                break;
            }
        }
    }
    let mut profile = RECORDING.with(|r| r.borrow_mut().take()).unwrap_or_default();
    (profile.files, profile.bytes, profile.nanos) = whole;
    outcome.map(|()| profile)
}

/// Cleans one file (every page of a WARC file): its bytes and the time taken.
fn profile_file(path: &Path, rules: &RuleSet, limits: &Limits) -> Result<(u64, u64), String> {
    if crate::warc::is_warc(path) {
        return profile_warc(path, rules, limits);
    }
    let bytes = std::fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    let start = Instant::now();
    clean_bytes(path, &bytes, rules, limits);
    Ok((bytes.len() as u64, start.elapsed().as_nanos() as u64))
}

fn profile_warc(path: &Path, rules: &RuleSet, limits: &Limits) -> Result<(u64, u64), String> {
    let records = WarcFile::open(path, limits.max_bytes)
        .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    let (mut bytes, mut nanos) = (0, 0);
    for item in records {
        if let WarcItem::Broken { error, offset } = &item {
            return Err(format!("{}: at byte {offset}: {error}", path.display()));
        }
        if let Some(input) = item.as_input() {
            let start = Instant::now();
            clean_input(&input, rules, limits);
            nanos += start.elapsed().as_nanos() as u64;
            if let Content::Bytes(body) = input.content {
                bytes += body.len() as u64;
            }
        }
    }
    Ok((bytes, nanos))
}
