//! Pruning inside the content: link-heavy or negatively hinted containers are left out, unless
//! that would take most of the article.

use rustc_hash::FxHashSet as HashSet;

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::Node;

use crate::html::walk::{walk, Step};

use super::hints::class_weight;
use super::score::Scored;
use super::stats::Stats;
use crate::kinds::main_content::Hints;

/// Prunes link-heavy or negatively hinted containers inside the `roots` (none of them `excluded`)
/// into `left_out`, and returns how many chars the roots hold. Pruning that would leave under a
/// quarter of the content took the article itself (a paywall preview in a `media-box`): then the
/// content stays whole.
pub(super) fn prune_content(
    s: &Scored,
    roots: &[NodeId],
    excluded: &HashSet<NodeId>,
    left_out: &mut Vec<NodeId>,
) -> usize {
    let mut chars = 0;
    let (mut pruned_ids, mut pruned_chars) = (Vec::new(), 0);
    for &root in roots {
        let root_node = s.body.tree().get(root).expect("root is in the tree");
        walk(root_node, |edge| {
            let Edge::Open(n) = edge else {
                return Step::Continue;
            };
            if n.id() == root || excluded.contains(&n.id()) {
                return Step::Continue;
            }
            let Some(st) = s.stats.get(&n.id()) else {
                return Step::Continue;
            };
            if should_prune(s.hints, n, st, s.scores.get(&n.id()).copied().unwrap_or(0.0)) {
                pruned_ids.push(n.id());
                pruned_chars += st.chars;
                return Step::Skip;
            }
            Step::Continue
        });
        chars += s.stats[&root].chars;
    }
    if pruned_chars * 4 < chars * 3 {
        left_out.extend(pruned_ids);
    }
    chars
}

/// readability's "clean conditionally", with CJK punctuation counted.
fn should_prune(hints: &Hints, n: NodeRef<Node>, st: &Stats, score: f64) -> bool {
    let Node::Element(e) = n.value() else { return false };
    let tag = e.name();
    let weight = class_weight(hints, e);
    let ld = st.link_density();
    match tag {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => weight < 0.0 || ld > 0.33,
        "fieldset" | "nav" | "aside" | "footer" => true,
        // Shops and ASP.NET pages wrap content in `<form>`: judge it like any container.
        "div" | "section" | "ul" | "ol" | "table" | "dl" | "header" | "figure" | "form" => {
            // Named like boilerplate, with too little prose to outweigh the name. A list or
            // table whose short items score below zero is not pruned for that alone.
            if weight < 0.0 && weight + score < 0.0 {
                return true;
            }
            if st.punct >= 10 && ld < 0.5 {
                return false;
            }
            let is_list = matches!(tag, "ul" | "ol");
            // Ingredient lists and result tables link many of their items.
            let link_limit = if is_list || matches!(tag, "table" | "dl") {
                0.35
            } else {
                0.2
            };
            (ld > link_limit && weight < 25.0)
                || (ld > 0.5 && weight >= 25.0)
                || (!is_list && st.list_items > st.paragraphs + 1 && ld > 0.1)
                || (st.chars < 25 && st.images == 0 && ld > 0.0)
        }
        "p" | "li" => ld > 0.5 && st.punct < 3,
        _ => false,
    }
}
