//! Main-content extraction: which part of a page is the article. Every traversal is iterative,
//! so a page nested a hundred thousand levels deep costs time, not stack.
//!
//! [`find_main`] runs these steps, each in its own module:
//! 1. `stats`: per-element text statistics (chars, links, punctuation, inline text).
//! 2. `unlikely`: regions named like chrome (`nav`, `sidebar`, `comment`) are left out, unless
//!    one holds much of the page's punctuation (first attempt only); names are read in `hints`.
//! 3. `score`: paragraphs score by length and punctuation (CJK marks count) into their
//!    ancestors, with class/id hints (`article`, `正文` vs `related`, `相关`) and link density;
//!    the best is moved up and climbed to the ancestor holding the whole article.
//! 4. `siblings`: its siblings that score near it or read like paragraphs, and those between
//!    two kept ones, join it; what lies outside is left out.
//! 5. `prune`: link-heavy or negatively hinted containers inside the content are left out.
//! 6. `tail`: trailing chrome after the last paragraph-like block is trimmed.
//! 7. `lead`: a lead paragraph set before the content, or a standfirst in a left-out page
//!    header, joins it.
//!
//! When the first attempt leaves too little text, a second one runs without step 2.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::borrow::Cow;

use ego_tree::{NodeId, NodeRef};
use scraper::Node;

pub use crate::kinds::main_content::MainContentParams;
use stats::{collect_stats, without, Stats};

mod hints;
mod lead;
mod prune;
mod score;
mod siblings;
mod stats;
mod tail;
mod unlikely;

/// Where the article is: the content roots in document order, and the elements inside them (or
/// around them) left out.
#[derive(Debug, Default)]
pub struct Content {
    /// The elements whose text is the article, in document order.
    pub roots: Vec<NodeId>,
    /// Elements left out, in document order: non-content regions and pruned containers.
    pub left_out: Vec<NodeId>,
    /// The blocks trimmed off the content's end, in document order (also in `left_out`): where
    /// bylines and editors' lines sit.
    pub tail: Vec<NodeId>,
}

/// Finds the article under `body`. `skip` holds elements already dropped (selector rules).
pub fn find_main(body: NodeRef<Node>, skip: &HashSet<NodeId>, params: &MainContentParams) -> Content {
    // Both attempts start from the same statistics of the page.
    let full = collect_stats(body, skip);
    let strict = attempt(body, skip, &full, params, true);
    if strict.1 >= params.options.min_content_chars {
        return strict.0;
    }
    let lenient = attempt(body, skip, &full, params, false);
    if lenient.1 > strict.1 {
        lenient.0
    } else {
        strict.0
    }
}

/// One extraction from the page's statistics `full` ([`collect_stats`] with `skip`); returns the
/// content and how many chars it holds. Strict, it leaves out unlikely regions first.
fn attempt(
    body: NodeRef<Node>,
    skip: &HashSet<NodeId>,
    full: &HashMap<NodeId, Stats>,
    params: &MainContentParams,
    strict: bool,
) -> (Content, usize) {
    let mut left_out: Vec<NodeId> = Vec::new();
    let mut excluded: HashSet<NodeId> = skip.clone();
    if strict {
        unlikely::leave_out_unlikely(body, skip, full, params, &mut excluded, &mut left_out);
    }
    let header_stats = lead::page_header_stats(body, full, &left_out, &params.hints);
    // The unlikely regions, all in `left_out` so far, are taken out of the page's statistics.
    let stats = if left_out.is_empty() {
        Cow::Borrowed(full)
    } else {
        Cow::Owned(without(full.clone(), body, &left_out))
    };
    let scored = score::score_paragraphs(body, &stats, params);
    let Some(top) = score::best_candidate(&scored, params) else {
        return (Content::default(), 0);
    };
    let mut roots = siblings::content_roots(&scored, top, params, &mut left_out);
    siblings::leave_out_outside(&scored, top, &mut left_out);
    let mut chars = prune::prune_content(&scored, &roots, &excluded, &mut left_out);
    let tail = if params.options.tail_good_chars > 0 {
        tail::trim_tail(body, &roots, &excluded, &stats, params, &left_out)
    } else {
        Vec::new()
    };
    left_out.extend(tail.iter().copied());
    if params.options.lead_levels > 0 {
        chars += lead::join_lead(body, &mut roots, &stats, &header_stats, params, &mut left_out);
    }
    let chars = chars.saturating_sub(pruned_chars(body, &roots, &left_out, &stats));
    left_out = in_document_order(body, left_out);
    (
        Content {
            roots,
            left_out,
            tail,
        },
        chars,
    )
}

/// How many chars of the `roots` lie in elements `left_out`.
fn pruned_chars(
    body: NodeRef<Node>,
    roots: &[NodeId],
    left_out: &[NodeId],
    stats: &HashMap<NodeId, Stats>,
) -> usize {
    left_out
        .iter()
        .filter(|id| {
            roots.iter().any(|r| {
                body.tree()
                    .get(**id)
                    .is_some_and(|n| n.ancestors().any(|a| a.id() == *r))
            })
        })
        .filter_map(|id| stats.get(id).map(|s| s.chars))
        .sum()
}

/// `ids` sorted in document order, repeats dropped.
fn in_document_order(body: NodeRef<Node>, mut ids: Vec<NodeId>) -> Vec<NodeId> {
    let position: HashMap<NodeId, usize> = body.descendants().enumerate().map(|(i, n)| (n.id(), i)).collect();
    ids.sort_by_key(|id| position.get(id).copied().unwrap_or(usize::MAX));
    ids.dedup();
    ids
}
