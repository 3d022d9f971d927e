//! Corpus-wide passes: what one document cannot tell alone (a footer every page of a site
//! repeats, a paragraph syndicated across outlets). A pass observes every cleaned document of a
//! run, reduces what it saw, and then adds removals to documents before their final decide.
//!
//! `clean` runs them in two reads of the inputs: the first cleans every document and shows it to
//! the passes (in input order, on the main thread, writing nothing); the second cleans again,
//! adds each pass's removals and writes. No pass is registered by default: with none, a run reads
//! its inputs once, as before this seam existed.

use crate::engine::decide::{apply, decide, layout};
use crate::model::{Doc, Removal, Status};

/// One corpus-wide pass. Its removals name a rule of the run's rule set (the pass's own rule), so
/// the manifest says which pass removed which span, as for any rule.
pub trait CorpusPass: Send + Sync {
    /// Looks at one cleaned document: every document of the run, in input order.
    fn observe(&mut self, doc: &Doc);

    /// Called once, after the last document was observed.
    fn reduce(&mut self) {}

    /// Removals to add to `doc` (spans of its `source_text`) before its final decide; called on
    /// the workers, in any order.
    fn removals(&self, doc: &Doc) -> Vec<Removal>;
}

/// Adds the passes' removals to a cleaned document and decides its text again: merged with the
/// rules' removals, applied and laid out. A document left empty is rejected.
pub fn apply_passes(passes: &[Box<dyn CorpusPass>], doc: &mut Doc) {
    if doc.status != Status::Cleaned {
        return;
    }
    let extra: Vec<Removal> = passes.iter().flat_map(|p| p.removals(doc)).collect();
    if extra.is_empty() {
        return;
    }
    let mut all = std::mem::take(&mut doc.removals);
    all.extend(extra);
    doc.removals = decide(all);
    doc.text = layout(&apply(&doc.source_text, &doc.removals));
    if doc.text.is_empty() {
        doc.status = Status::Rejected;
        doc.why = Some("no text left after cleaning".to_string());
    }
}
