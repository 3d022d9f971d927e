//! The lead: paragraphs set before the content (a teaser or intro in the page header) join it,
//! and a page header left out inside the content gives back its standfirst.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::Node;

use super::hints::{class_weight, is_page_header, is_unlikely};
use super::stats::{is_inline, Stats};
use super::MainContentParams;
use crate::html::walk::{walk, Step};
use crate::kinds::main_content::Hints;

/// The statistics of the page headers among the regions `left_out` as unlikely, taken from the
/// page's statistics `full`: such a header may still hold the standfirst, so they are kept
/// aside for the lead's walk.
pub(super) fn page_header_stats(
    body: NodeRef<Node>,
    full: &HashMap<NodeId, Stats>,
    left_out: &[NodeId],
    hints: &Hints,
) -> HashMap<NodeId, Stats> {
    let mut header_stats: HashMap<NodeId, Stats> = HashMap::default();
    for &id in left_out {
        let Some(n) = body.tree().get(id) else { continue };
        if n.value().as_element().is_some_and(|e| is_page_header(hints, e)) {
            for d in n.descendants() {
                if let Some(st) = full.get(&d.id()) {
                    header_stats.insert(d.id(), *st);
                }
            }
        }
    }
    header_stats
}

/// Joins the lead to the content: the paragraphs just before it ([`find_lead`]) are put first in
/// `roots`, and a page header left out inside the content gives back its standfirst in place;
/// both are carved out of `left_out`. Returns how many chars joined.
pub(super) fn join_lead(
    body: NodeRef<Node>,
    roots: &mut Vec<NodeId>,
    stats: &HashMap<NodeId, Stats>,
    header_stats: &HashMap<NodeId, Stats>,
    params: &MainContentParams,
    left_out: &mut Vec<NodeId>,
) -> usize {
    let mut chars = 0;
    // The content's statistics, or a left-out header's.
    let st = |id: &NodeId| stats.get(id).or_else(|| header_stats.get(id));
    let lead = find_lead(body, roots, &st, params, left_out);
    for &id in &lead {
        carve(body, left_out, id, &st);
        chars += st(&id).map_or(0, |s| s.chars);
    }
    roots.splice(0..0, lead);
    // A page header left out inside the content (the article's own `<header>`) gives back
    // its standfirst in place.
    let inside: Vec<NodeId> = left_out
        .iter()
        .copied()
        .filter(|id| header_stats.contains_key(id) && inside_any(body, *id, roots))
        .collect();
    for header in inside {
        for id in standfirst(body, header, header_stats, params) {
            carve(body, left_out, id, &st);
            chars += st(&id).map_or(0, |s| s.chars);
        }
    }
    chars
}

/// The paragraphs just before the content that read like its lead: a teaser or intro set in the
/// page header, apart from the body. Walks back from the content's start over the text blocks
/// of its ancestors up to `lead_levels` levels (none named like boilerplate), past short chrome
/// (dates, bylines, share bars, a kicker), and stops at the headline (`h1`, `h2`) or after too
/// many non-paragraphs. A page header left out as unlikely is walked too: `stats` knows it.
fn find_lead<'a>(
    body: NodeRef<Node>,
    roots: &[NodeId],
    stats: &impl Fn(&NodeId) -> Option<&'a Stats>,
    params: &MainContentParams,
    left_out: &[NodeId],
) -> Vec<NodeId> {
    const MAX_CHROME_BLOCKS: usize = 8;
    let Some(first) = roots.first().and_then(|id| body.tree().get(*id)) else {
        return Vec::new();
    };
    let mut scope = first;
    for _ in 0..params.options.lead_levels {
        match scope.parent() {
            Some(p) if stats(&p.id()).is_some() => {
                let named_ok = p.id() == body.id()
                    || p.value().as_element().is_some_and(|e| {
                        class_weight(&params.hints, e) >= 0.0 && !is_unlikely(&params.hints, e)
                    });
                if !named_ok {
                    break;
                }
                scope = p;
                if p.id() == body.id() {
                    break;
                }
            }
            _ => break,
        }
    }
    if scope.id() == first.id() {
        return Vec::new();
    }
    // A block named like boilerplate, or a left-out one heavy with links (a share bar, a
    // related list), counts as one chrome block, whatever it holds.
    let left: HashSet<NodeId> = left_out.iter().copied().collect();
    let mut lead = Vec::new();
    let mut chrome = 0;
    // Backwards in document order from the content's start, so that only the few blocks before
    // it are looked at: `stack` holds the subtree being walked, last child on top.
    let mut cur = first;
    let mut stack: Vec<NodeRef<Node>> = Vec::new();
    loop {
        let Some(n) = stack.pop() else {
            let prev = loop {
                if let Some(p) = cur.prev_sibling() {
                    break Some(p);
                }
                match cur.parent() {
                    Some(up) if up.id() != scope.id() => cur = up,
                    _ => break None,
                }
            };
            let Some(p) = prev else { break };
            cur = p;
            stack.push(p);
            continue;
        };
        let (Node::Element(e), Some(st)) = (n.value(), stats(&n.id())) else {
            continue;
        };
        let boilerplate = st.chars > 0
            && (class_weight(&params.hints, e) < 0.0 || (left.contains(&n.id()) && st.link_density() > 0.2));
        // Only leaf blocks (all text inline) are judged; containers are walked into.
        if !boilerplate && (is_inline(e.name()) || st.inline_chars == 0 || st.chars != st.inline_chars) {
            stack.extend(n.children());
            continue;
        }
        // The headline, or a standfirst set as a subheading, ends the walk; a smaller heading
        // (a kicker, a date) is chrome.
        if matches!(e.name(), "h1" | "h2") {
            break;
        }
        if !boilerplate && reads_like_lead(st, params) {
            lead.push(n.id());
        } else {
            chrome += 1;
            if chrome > MAX_CHROME_BLOCKS {
                break;
            }
        }
    }
    lead.reverse();
    lead
}

/// A leaf block long enough, with punctuation and few links, to be a lead or standfirst.
fn reads_like_lead(st: &Stats, params: &MainContentParams) -> bool {
    st.chars >= params.options.tail_good_chars.max(1) && st.link_density() < 0.2 && st.punct > 0
}

fn inside_any(body: NodeRef<Node>, id: NodeId, roots: &[NodeId]) -> bool {
    body.tree()
        .get(id)
        .is_some_and(|n| n.ancestors().any(|a| roots.contains(&a.id())))
}

/// The paragraphs after a page header's headline (`h1`, `h2`): its standfirst. A header
/// without a headline gives nothing.
fn standfirst(
    body: NodeRef<Node>,
    header: NodeId,
    stats: &HashMap<NodeId, Stats>,
    params: &MainContentParams,
) -> Vec<NodeId> {
    let Some(node) = body.tree().get(header) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let mut after_headline = false;
    walk(node, |edge| {
        let Edge::Open(n) = edge else {
            return Step::Continue;
        };
        let (Node::Element(e), Some(st)) = (n.value(), stats.get(&n.id())) else {
            return Step::Continue;
        };
        if matches!(e.name(), "h1" | "h2") {
            after_headline = true;
            found.clear();
            return Step::Skip;
        }
        // Leaf blocks only, as in the lead's walk.
        if n.id() == header || is_inline(e.name()) || st.inline_chars == 0 || st.chars != st.inline_chars {
            return Step::Continue;
        }
        if after_headline && class_weight(&params.hints, e) >= 0.0 && reads_like_lead(st, params) {
            found.push(n.id());
        }
        Step::Skip
    });
    found
}

/// Takes `id` out of the left-out elements that hold it: each such ancestor is replaced by its
/// other children, so that only `id` comes back.
fn carve<'a>(
    body: NodeRef<Node>,
    left_out: &mut Vec<NodeId>,
    id: NodeId,
    stats: &impl Fn(&NodeId) -> Option<&'a Stats>,
) {
    let Some(node) = body.tree().get(id) else { return };
    let path: Vec<NodeRef<Node>> = std::iter::once(node).chain(node.ancestors()).collect();
    for k in (1..path.len()).rev() {
        let ancestor = path[k];
        let Some(at) = left_out.iter().position(|x| *x == ancestor.id()) else {
            continue;
        };
        left_out.remove(at);
        let keep = path[k - 1].id();
        for c in ancestor.children() {
            if c.id() != keep && stats(&c.id()).is_some_and(|st| st.chars > 0) {
                left_out.push(c.id());
            }
        }
    }
}
