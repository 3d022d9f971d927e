//! The content's tail: the trailing blocks after its last paragraph-like one (author boxes,
//! "rate this", share prompts, "read more") are trimmed.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::Node;

use super::stats::{is_inline, Stats};
use super::MainContentParams;
use crate::html::render::element_text;
use crate::html::walk::{walk, Step};
use crate::text::chars::PARAGRAPH_ENDS;

/// The content's trailing blocks up to the last paragraph-like one: author boxes, "rate this",
/// share prompts and "read more" lines sit there, after the article's last sentence.
pub(super) fn trim_tail(
    body: NodeRef<Node>,
    roots: &[NodeId],
    excluded: &HashSet<NodeId>,
    stats: &HashMap<NodeId, Stats>,
    params: &MainContentParams,
    left_out: &[NodeId],
) -> Vec<NodeId> {
    let out: HashSet<NodeId> = left_out.iter().copied().collect();
    // The content's text blocks in order: leaves (all text inline) and containers with text of
    // their own, which end any trim.
    let mut blocks: Vec<(NodeRef<Node>, bool)> = Vec::new();
    for &root in roots {
        let Some(root_node) = body.tree().get(root) else {
            continue;
        };
        walk(root_node, |edge| {
            let Edge::Open(n) = edge else {
                return Step::Continue;
            };
            if excluded.contains(&n.id()) || out.contains(&n.id()) {
                return Step::Skip;
            }
            let Node::Element(e) = n.value() else {
                return Step::Continue;
            };
            let Some(st) = stats.get(&n.id()) else {
                return Step::Continue;
            };
            if is_inline(e.name()) || st.inline_chars == 0 {
                return Step::Continue;
            }
            let leaf = st.chars == st.inline_chars && !matches!(e.name(), "td" | "th");
            blocks.push((n, leaf));
            if leaf {
                Step::Skip
            } else {
                Step::Continue
            }
        });
    }
    let reads_like_paragraph = |n: NodeRef<Node>| {
        let (Node::Element(e), Some(st)) = (n.value(), stats.get(&n.id())) else {
            return true;
        };
        let ld = st.link_density();
        match e.name() {
            "pre" | "code" => true,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => false,
            "li" if ld < 0.3 => true,
            _ => {
                (st.chars >= params.options.tail_good_chars && ld < 0.3)
                    || (ld < 0.5 && st.chars >= 12 && ends_sentence(n))
            }
        }
    };
    // From the end back to the last block that reads like a paragraph; none: nothing is trimmed.
    let mut tail = Vec::new();
    for &(n, leaf) in blocks.iter().rev() {
        if !leaf || reads_like_paragraph(n) {
            tail.reverse();
            return tail;
        }
        tail.push(n.id());
    }
    Vec::new()
}

/// Whether the element's text ends like a sentence (`.`, `!`, `。`, `！`, maybe in quotes), past
/// characters lost in conversion (`□`, `�`) and a short closing remark in brackets (`(未完待续)`).
fn ends_sentence(n: NodeRef<Node>) -> bool {
    let text = element_text(n);
    let mut t = text.trim_end_matches(['□', '\u{fffd}', ' ']);
    for (open, close) in [('(', ')'), ('（', '）')] {
        if let Some(inner) = t.strip_suffix(close) {
            if let Some(at) = inner.rfind(open) {
                if inner[at..].chars().count() <= 12 {
                    t = inner[..at].trim_end();
                }
            }
        }
    }
    let t = t.trim_end_matches(['"', '”', '»', '«', ')', '）', '」', '’', '\'', ' ']);
    t.ends_with(PARAGRAPH_ENDS) && !t.ends_with("...")
}
