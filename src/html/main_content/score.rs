//! Scoring: each paragraph's score flows to its ancestors, and the best-scoring element, moved
//! up and climbed to the ancestor that holds the whole article, is the candidate.

use rustc_hash::FxHashMap as HashMap;

use ego_tree::{NodeId, NodeRef};
use scraper::Node;

use super::hints::{class_weight, is_unlikely};
use super::stats::{is_inline, Stats};
use super::MainContentParams;
use crate::kinds::main_content::Hints;

/// A page scored: its body, its statistics (unlikely regions taken out) and the elements that
/// received a score, in the order they first did (document order of their first paragraph).
pub(super) struct Scored<'a> {
    pub(super) body: NodeRef<'a, Node>,
    pub(super) stats: &'a HashMap<NodeId, Stats>,
    /// What the rule's names say of an element.
    pub(super) hints: &'a Hints,
    pub(super) scores: HashMap<NodeId, f64>,
    order: Vec<NodeId>,
}

impl Scored<'_> {
    /// The element's score, less its share of text in links; 0 when it received none.
    pub(super) fn final_score(&self, id: NodeId) -> f64 {
        self.scores
            .get(&id)
            .map_or(0.0, |s| s * (1.0 - self.stats[&id].link_density()))
    }

    /// The node with `id`, which is in the page's tree.
    pub(super) fn node(&self, id: NodeId) -> NodeRef<'_, Node> {
        self.body.tree().get(id).expect("candidate is in the tree")
    }
}

/// What an element's tag adds to its score before any paragraph does.
fn base_score(tag: &str) -> f64 {
    match tag {
        "div" | "article" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    }
}

/// Scores paragraphs into their ancestors, remembering candidates in document order.
pub(super) fn score_paragraphs<'a>(
    body: NodeRef<'a, Node>,
    stats: &'a HashMap<NodeId, Stats>,
    params: &'a MainContentParams,
) -> Scored<'a> {
    let mut scores: HashMap<NodeId, f64> = HashMap::default();
    let mut order: Vec<NodeId> = Vec::new();
    for n in body.descendants() {
        let Some(st) = stats.get(&n.id()) else { continue };
        let Node::Element(e) = n.value() else { continue };
        if is_inline(e.name()) || st.inline_chars < params.options.min_paragraph_chars {
            continue;
        }
        // Capped: a list of names or tags (a letter's signatories) is all commas, not prose.
        let punct = st.inline_punct.min(params.options.paragraph_punct_cap) as f64;
        let score = 1.0 + punct + (st.inline_chars as f64 / 100.0).min(3.0);
        // The paragraph itself, when it is a container of inline text (a `<div>` with `<br>`s).
        let targets = std::iter::once(n).chain(n.ancestors()).take(6);
        for (level, a) in targets.enumerate() {
            let Node::Element(ae) = a.value() else { break };
            if !stats.contains_key(&a.id()) {
                break;
            }
            let divider = match level {
                0 | 1 => 1.0,
                2 => 2.0,
                l => (l - 1) as f64 * 3.0,
            };
            if level == 0 && e.name() == "p" {
                continue;
            }
            let entry = scores.entry(a.id()).or_insert_with(|| {
                order.push(a.id());
                // A content-like name on a few words (a date box, a caption) must not outweigh
                // the prose around it: the bonus grows with the text up to `hint_full_chars`.
                let mut w = class_weight(&params.hints, ae);
                if w > 0.0 && params.options.hint_full_chars > 0 {
                    w *= (stats[&a.id()].chars as f64 / params.options.hint_full_chars as f64).min(1.0);
                }
                base_score(ae.name()) + w
            });
            *entry += score / divider;
            if a.id() == body.id() {
                break;
            }
        }
    }
    Scored {
        body,
        stats,
        hints: &params.hints,
        scores,
        order,
    }
}

/// The element the content is built around: the best-scoring one, moved up while its parent
/// scores higher, taken with a nearly link-free parent, then climbed to the ancestor holding the
/// article's other sections. `None` when nothing scored.
pub(super) fn best_candidate(s: &Scored, params: &MainContentParams) -> Option<NodeId> {
    let top = highest_scoring(s)?;
    let top = move_up_while_the_parent_scores_higher(s, top);
    let top = take_a_prose_parent(s, top, params);
    Some(climb_to_the_whole_article(s, top, params))
}

/// The best-scoring element but the body (the earlier one on a tie), else the first scored.
fn highest_scoring(s: &Scored) -> Option<NodeId> {
    s.order
        .iter()
        .copied()
        .filter(|id| *id != s.body.id())
        .max_by(|a, b| s.final_score(*a).total_cmp(&s.final_score(*b)).then(b.cmp(a)))
        .or(s.order.first().copied())
}

/// Moves up while the parent holds more of the article than the candidate alone.
fn move_up_while_the_parent_scores_higher(s: &Scored, mut top: NodeId) -> NodeId {
    while let Some(parent) = s.body.tree().get(top).and_then(|n| n.parent()) {
        if parent.id() == s.body.id()
            || !s.stats.contains_key(&parent.id())
            || s.final_score(parent.id()) <= s.final_score(top)
        {
            break;
        }
        top = parent.id();
    }
    top
}

/// A parent that is itself mostly prose (few links, no boilerplate hint) holds the article's
/// other sections (tables, lists, subheadings) that score low on their own: take it whole.
fn take_a_prose_parent(s: &Scored, top: NodeId, params: &MainContentParams) -> NodeId {
    if let Some(parent) = s.body.tree().get(top).and_then(|n| n.parent()) {
        let ok = parent.id() != s.body.id()
            && s.stats
                .get(&parent.id())
                .is_some_and(|st| st.link_density() < params.options.parent_link_density)
            && parent
                .value()
                .as_element()
                .is_some_and(|e| class_weight(s.hints, e) >= 0.0);
        if ok {
            return parent.id();
        }
    }
    top
}

/// An article in several sections (a recipe's ingredients and steps, chunks between ads)
/// scores per section: the highest ancestor holding much more prose is the article.
/// Wrappers of the same section (a grid cell) do not stop the climb; an ancestor named like
/// boilerplate or heavy with links does.
fn climb_to_the_whole_article(s: &Scored, mut top: NodeId, params: &MainContentParams) -> NodeId {
    let base_punct = s.stats.get(&top).map_or(1, |t| t.punct.max(1)) as f64;
    let mut up = s.body.tree().get(top).and_then(|n| n.parent());
    for _ in 0..params.options.climb_levels {
        let Some(a) = up else { break };
        let Some(st) = s.stats.get(&a.id()) else { break };
        let named_ok = a
            .value()
            .as_element()
            .is_some_and(|e| class_weight(s.hints, e) >= 0.0 && !is_unlikely(s.hints, e));
        if a.id() == s.body.id() || !named_ok || st.link_density() >= params.options.climb_link_density {
            break;
        }
        if st.punct as f64 >= params.options.climb_punct_gain * base_punct {
            top = a.id();
        }
        up = a.parent();
    }
    top
}
