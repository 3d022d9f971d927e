//! Regions named like page chrome (`nav`, `sidebar`, `comment`, …) are left out before scoring,
//! unless one holds much of the page's punctuation and is not named like a discussion.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::Node;

use crate::html::walk::{walk, Step};

use super::hints::{is_discussion, is_unlikely};
use super::stats::Stats;
use super::MainContentParams;

/// Leaves out the outermost unlikely regions under `body` (none inside the `skip`ped elements):
/// each goes to `excluded` and `left_out`. `full` holds the page's statistics.
pub(super) fn leave_out_unlikely(
    body: NodeRef<Node>,
    skip: &HashSet<NodeId>,
    full: &HashMap<NodeId, Stats>,
    params: &MainContentParams,
    excluded: &mut HashSet<NodeId>,
    left_out: &mut Vec<NodeId>,
) {
    // A region named like chrome that holds much of the page's punctuation is the article
    // (a page whose markup puts the story inside its `<header>`); discussions excepted.
    let share = params.options.unlikely_keep_share;
    let page_punct = full.get(&body.id()).map_or(0, |s| s.punct) as f64;
    let holds_page = |n: NodeRef<Node>, e: &scraper::node::Element| {
        share > 0.0
            && !is_discussion(&params.hints, e)
            && full
                .get(&n.id())
                .is_some_and(|st| st.punct >= 10 && st.punct as f64 >= share * page_punct)
    };
    // Outermost unlikely elements only: once inside one, its subtree is left out with it.
    walk(body, |edge| {
        let Edge::Open(n) = edge else {
            return Step::Continue;
        };
        if n.id() == body.id() {
            return Step::Continue;
        }
        if skip.contains(&n.id()) {
            return Step::Skip;
        }
        if let Node::Element(e) = n.value() {
            if is_unlikely(&params.hints, e) && !holds_page(n, e) {
                excluded.insert(n.id());
                left_out.push(n.id());
                return Step::Skip;
            }
        }
        Step::Continue
    });
}
