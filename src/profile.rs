//! Where cleaning time goes, rule by rule (`newsclean rules profile`): a rule file's author sees
//! which rule costs what on their own pages before a batch run. Only the thread that asks for it
//! records; a clean run pays one thread-local check per rule search. The profiler's run is
//! [`crate::run::profile`].

use std::cell::RefCell;
use std::time::Instant;

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

/// Starts booking on this thread the costs of a rule set of `rules` rules.
pub fn start_recording(rules: usize) {
    RECORDING.with(|r| {
        *r.borrow_mut() = Some(Profile {
            rules: vec![Cost::default(); rules],
            ..Profile::default()
        })
    });
}

/// Stops booking on this thread; what was booked since [`start_recording`].
pub fn stop_recording() -> Profile {
    RECORDING.with(|r| r.borrow_mut().take()).unwrap_or_default()
}
