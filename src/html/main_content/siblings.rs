//! The content's roots: the candidate and its siblings that score near it or read like
//! paragraphs, plus the siblings between two kept ones; what lies beside and outside them is left
//! out.

use ego_tree::{NodeId, NodeRef};
use scraper::Node;

use super::hints::{class_weight, is_unlikely};
use super::score::Scored;
use super::MainContentParams;

/// The candidate the siblings are measured against.
struct Candidate<'a> {
    id: NodeId,
    score: f64,
    /// The score a sibling needs to join the content.
    threshold: f64,
    /// Its `class`: a sibling of the same class gets a bonus.
    class: &'a str,
}

/// How a sibling of the candidate was judged.
struct Judged {
    id: NodeId,
    /// Joins the content: scores near the candidate, or reads like a paragraph.
    keep: bool,
    /// Joins the content when it sits between two kept siblings.
    interior: bool,
}

/// The content's roots, in document order: `top` and the siblings that join it. The siblings
/// with text that do not join it go to `left_out`.
pub(super) fn content_roots(
    s: &Scored,
    top: NodeId,
    params: &MainContentParams,
    left_out: &mut Vec<NodeId>,
) -> Vec<NodeId> {
    let top_node = s.node(top);
    let score = s.final_score(top);
    let candidate = Candidate {
        id: top,
        score,
        threshold: (score * params.options.sibling_share).max(10.0),
        class: top_node
            .value()
            .as_element()
            .and_then(|e| e.attr("class"))
            .unwrap_or(""),
    };
    let siblings: Vec<NodeRef<Node>> = match top_node.parent() {
        Some(p) if top != s.body.id() => p.children().collect(),
        _ => vec![top_node],
    };
    let judged: Vec<Judged> = siblings
        .into_iter()
        .filter_map(|sibling| judge_sibling(s, &candidate, sibling, params))
        .collect();
    let first = judged.iter().position(|j| j.keep);
    let last = judged.iter().rposition(|j| j.keep);
    let mut roots = Vec::new();
    for (k, j) in judged.iter().enumerate() {
        let inside = first.is_some_and(|f| f < k) && last.is_some_and(|l| k < l);
        if j.keep || (j.interior && inside) {
            roots.push(j.id);
        } else if s.stats.get(&j.id).is_some_and(|st| st.chars > 0) {
            left_out.push(j.id);
        }
    }
    roots
}

/// Whether a sibling of the candidate scores near it or reads like a paragraph, or else
/// may join as an interior sibling. `None` for a node that is no element with text statistics.
fn judge_sibling(
    s: &Scored,
    top: &Candidate,
    sibling: NodeRef<Node>,
    params: &MainContentParams,
) -> Option<Judged> {
    let id = sibling.id();
    let st = s.stats.get(&id)?;
    let Node::Element(e) = sibling.value() else {
        return None;
    };
    let mut keep = id == top.id;
    if !keep {
        let bonus = if !top.class.is_empty() && e.attr("class") == Some(top.class) {
            top.score * 0.2
        } else {
            0.0
        };
        keep = s.scores.contains_key(&id) && s.final_score(id) + bonus >= top.threshold;
    }
    // A paragraph, or a `<div>` holding only inline text and not named like boilerplate.
    let paragraph_like = || {
        e.name() == "p"
            || (matches!(e.name(), "div" | "section")
                && st.chars == st.inline_chars
                && class_weight(s.hints, e) >= 0.0)
    };
    if !keep && paragraph_like() {
        let ld = st.link_density();
        keep = (st.chars > 80 && ld < 0.25) || (st.chars > 0 && st.chars <= 80 && ld == 0.0 && st.punct > 0);
    }
    // Between two kept siblings, a heading, list or table that is not link-heavy or named
    // like boilerplate belongs to the article (ingredient lists, result tables, subheads).
    let interior = !keep
        && st.chars > 0
        && st.link_density() < params.options.interior_link_density
        && class_weight(s.hints, e) >= 0.0
        && !is_unlikely(s.hints, e);
    Some(Judged { id, keep, interior })
}

/// Leaves out what lies outside the parent of the candidate `top`, up to the body: menus,
/// footers, other columns.
pub(super) fn leave_out_outside(s: &Scored, top: NodeId, left_out: &mut Vec<NodeId>) {
    let Some(parent) = s.node(top).parent() else {
        return;
    };
    let mut inner = parent;
    while let Some(up) = inner.parent() {
        if inner.id() == s.body.id() {
            break;
        }
        for sib in up.children() {
            if sib.id() != inner.id() && s.stats.get(&sib.id()).is_some_and(|st| st.chars > 0) {
                left_out.push(sib.id());
            }
        }
        inner = up;
    }
}
