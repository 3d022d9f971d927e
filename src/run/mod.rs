//! The one batch loop every command runs documents through: items in input order, a bounded
//! batch at a time, each batch worked in parallel, the results handed on in input order (so
//! outputs are the same whatever the number of threads), and a panic while working one item
//! turned into that item's failure instead of the run's end.
//!
//! The commands' runs: [`clean`] (a folder of inputs into OUT), [`filter`] (JSON Lines in, dolma
//! records out), [`profile`] (what each rule costs), [`examples`] (every rule's worked examples,
//! each with only its rule on); the report and `explain` use the loop too.

pub mod clean;
pub mod examples;
pub mod filter;
pub mod profile;

use std::ops::ControlFlow;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use crate::engine::RuleSet;
use crate::model::Doc;
use crate::process::clean_unit;
use crate::read::{Limits, Unit};

/// Items worked at once: bounds memory whatever the corpus size.
pub const BATCH_DOCS: usize = 256;

/// What the loop needs to know of an item before working it.
pub trait Item: Send {
    /// What is kept of the item while it is worked: all its failure knows if the work panics.
    type Stub: Send;

    fn stub(&self) -> Self::Stub;

    /// Bytes it holds while it waits in a batch; a batch stops growing at [`Batching::weight`].
    fn weight(&self) -> usize {
        0
    }
}

/// What a unit's failure knows of it.
#[derive(Clone, Debug)]
pub struct UnitStub {
    pub id: String,
    pub ends_file: bool,
}

impl Item for Unit {
    type Stub = UnitStub;

    fn stub(&self) -> UnitStub {
        UnitStub {
            id: self.id.clone(),
            ends_file: self.ends_file,
        }
    }

    fn weight(&self) -> usize {
        self.weight
    }
}

/// How large a batch grows.
#[derive(Clone, Copy, Debug)]
pub struct Batching {
    pub items: usize,
    /// Most bytes of item weight in a batch (the item that passes it is the batch's last).
    pub weight: usize,
}

impl Default for Batching {
    fn default() -> Self {
        Batching {
            items: BATCH_DOCS,
            weight: usize::MAX,
        }
    }
}

/// Where items are worked.
pub enum Workers {
    /// On the calling thread, one after the other (`explain`, the profiler's timings).
    Here,
    /// On a pool of threads.
    Pool(rayon::ThreadPool),
}

impl Workers {
    /// A pool of `jobs` threads (0: one per core).
    pub fn pool(jobs: usize) -> Result<Workers, rayon::ThreadPoolBuildError> {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs).build()?;
        Ok(Workers::Pool(pool))
    }

    /// How many threads work items.
    pub fn threads(&self) -> usize {
        match self {
            Workers::Here => 1,
            Workers::Pool(pool) => pool.current_num_threads(),
        }
    }

    fn map<I: Item, R: Send>(&self, batch: Vec<I>, work: &(impl Fn(I) -> R + Sync)) -> Vec<R> {
        match self {
            Workers::Here => batch.into_iter().map(work).collect(),
            Workers::Pool(pool) => pool.install(|| batch.into_par_iter().map(work).collect()),
        }
    }
}

/// The in-order end of a run: takes each item's result on the calling thread, in input order.
pub trait Take<R> {
    type Error;

    /// `Break` stops the run after this result (the output's reader went away).
    fn take(&mut self, result: R) -> Result<ControlFlow<()>, Self::Error>;

    /// Called after each batch's last result: where progress is made durable.
    fn end_batch(&mut self) -> Result<ControlFlow<()>, Self::Error> {
        Ok(ControlFlow::Continue(()))
    }
}

/// How a run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ended {
    /// Every item was worked and taken.
    Done,
    /// `stop` was set (Ctrl-C): the batch in flight was finished, no other begun.
    Interrupted,
    /// The taker asked to stop.
    Stopped,
}

/// Works `items` a batch at a time on `workers` and hands each result to `taker` in input
/// order. A panic in `work` becomes `failed(stub, message)`. `stop` is checked between batches.
pub fn run_ordered<I: Item, R: Send, T: Take<R>>(
    items: impl Iterator<Item = I>,
    workers: &Workers,
    batching: Batching,
    stop: Option<&AtomicBool>,
    work: impl Fn(I) -> R + Sync,
    failed: impl Fn(I::Stub, String) -> R + Sync,
    taker: &mut T,
) -> Result<Ended, T::Error> {
    let mut items = items.peekable();
    let guarded = |item: I| {
        let stub = item.stub();
        catch_unwind(AssertUnwindSafe(|| work(item)))
            .unwrap_or_else(|panic| failed(stub, panic_message(panic.as_ref())))
    };
    while items.peek().is_some() {
        if stop.is_some_and(|s| s.load(Ordering::SeqCst)) {
            return Ok(Ended::Interrupted);
        }
        let batch = next_batch(&mut items, batching);
        for result in workers.map(batch, &guarded) {
            if taker.take(result)?.is_break() {
                return Ok(Ended::Stopped);
            }
        }
        if taker.end_batch()?.is_break() {
            return Ok(Ended::Stopped);
        }
    }
    Ok(Ended::Done)
}

/// The next batch: up to `batching.items` items, stopping after the one that takes their weight
/// to `batching.weight`.
fn next_batch<I: Item>(items: &mut impl Iterator<Item = I>, batching: Batching) -> Vec<I> {
    let mut batch = Vec::new();
    let mut weight = 0usize;
    while batch.len() < batching.items && weight < batching.weight {
        let Some(item) = items.next() else {
            break;
        };
        weight = weight.saturating_add(item.weight());
        batch.push(item);
    }
    batch
}

impl Take<Doc> for Vec<Doc> {
    type Error = std::convert::Infallible;

    fn take(&mut self, doc: Doc) -> Result<ControlFlow<()>, Self::Error> {
        self.push(doc);
        Ok(ControlFlow::Continue(()))
    }
}

/// Cleans one unit on this thread through the same guarded loop as a batch (`explain`): a panic
/// is the document's failure.
pub fn clean_one(unit: Unit, rules: &RuleSet, limits: &Limits) -> Doc {
    let id = unit.id.clone();
    let mut docs = Vec::new();
    let Ok(_) = run_ordered(
        std::iter::once(unit),
        &Workers::Here,
        Batching::default(),
        None,
        |unit| clean_unit(unit, rules, limits),
        |stub: UnitStub, msg| Doc::failed(&stub.id, internal_error(&stub.id, msg)),
        &mut docs,
    );
    docs.pop()
        .unwrap_or_else(|| Doc::failed(&id, "not cleaned".into()))
}

/// The message of a caught panic, for the failure it becomes.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown".into())
}

/// The failure of a document whose cleaning panicked.
pub fn internal_error(id: &str, message: String) -> String {
    format!("internal error while cleaning {id}: {message}")
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Num(usize);

    impl Item for Num {
        type Stub = &'static str;
        fn stub(&self) -> &'static str {
            "n"
        }
        fn weight(&self) -> usize {
            self.0
        }
    }

    struct Collect(Vec<usize>, usize);

    impl Take<usize> for Collect {
        type Error = ();
        fn take(&mut self, r: usize) -> Result<ControlFlow<()>, ()> {
            self.0.push(r);
            Ok(if r == 999 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            })
        }
        fn end_batch(&mut self) -> Result<ControlFlow<()>, ()> {
            self.1 += 1;
            Ok(ControlFlow::Continue(()))
        }
    }

    #[test]
    fn results_come_in_input_order_in_bounded_batches_and_a_panic_is_one_failure() {
        let workers = Workers::pool(2).unwrap();
        let batching = Batching {
            items: 4,
            weight: usize::MAX,
        };
        let mut got = Collect(Vec::new(), 0);
        let ended = run_ordered(
            (0..10).map(Num),
            &workers,
            batching,
            None,
            |n| if n.0 == 7 { panic!("seven") } else { n.0 * 10 },
            |id, msg| {
                assert_eq!((id, msg.as_str()), ("n", "seven"));
                0
            },
            &mut got,
        );
        assert_eq!(ended, Ok(Ended::Done));
        assert_eq!(got.0, [0, 10, 20, 30, 40, 50, 60, 0, 80, 90]);
        assert_eq!(got.1, 3);
    }

    #[test]
    fn weight_closes_a_batch_and_the_taker_can_stop_the_run() {
        let mut items = [5, 5, 1, 1].into_iter().map(Num);
        let batching = Batching { items: 10, weight: 6 };
        assert_eq!(next_batch(&mut items, batching).len(), 2);
        assert_eq!(next_batch(&mut items, batching).len(), 2);
        let mut got = Collect(Vec::new(), 0);
        let ended = run_ordered(
            [1, 999, 3].into_iter().map(Num),
            &Workers::Here,
            Batching::default(),
            None,
            |n| n.0,
            |_, _| 0,
            &mut got,
        );
        assert_eq!(ended, Ok(Ended::Stopped));
        assert_eq!(got.0, [1, 999]);
    }

    #[test]
    fn a_stop_before_a_batch_interrupts_the_run() {
        let stop = AtomicBool::new(true);
        let mut got = Collect(Vec::new(), 0);
        let ended = run_ordered(
            (0..3).map(Num),
            &Workers::Here,
            Batching::default(),
            Some(&stop),
            |n| n.0,
            |_, _| 0,
            &mut got,
        );
        assert_eq!(ended, Ok(Ended::Interrupted));
        assert!(got.0.is_empty());
    }
}
