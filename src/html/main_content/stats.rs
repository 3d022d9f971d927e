//! Per-element text statistics: chars, chars in links, punctuation, inline text, paragraphs,
//! list items and images, each element's counts holding its subtree's.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::Node;

use crate::html::walk::{walk, Step};
use crate::text::chars::is_prose_mark;

/// Inline elements: their text belongs to the enclosing block's paragraph.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd", "mark", "q",
    "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr", "br", "img", "label",
    "strike", "big", "tt", "ins", "del",
];

/// Whether `tag` is an [`INLINE`] element.
pub(super) fn is_inline(tag: &str) -> bool {
    INLINE.contains(&tag)
}

/// An element's text statistics, its whole subtree counted (chars leave out white space).
#[derive(Default, Clone, Copy, Debug, PartialEq)]
pub(super) struct Stats {
    pub(super) chars: usize,
    pub(super) link_chars: usize,
    pub(super) punct: usize,
    /// Text directly in the element or in its inline children (not in block children).
    pub(super) inline_chars: usize,
    pub(super) inline_punct: usize,
    pub(super) paragraphs: usize,
    pub(super) list_items: usize,
    pub(super) images: usize,
}

impl Stats {
    /// The share of the chars that sit in links.
    pub(super) fn link_density(&self) -> f64 {
        if self.chars == 0 {
            0.0
        } else {
            self.link_chars as f64 / self.chars as f64
        }
    }
}

/// An `<a>` with an `href`: a named anchor (`<a name=top1>`, often left unclosed and then
/// wrapped around a whole post by the parser) is not a link.
fn is_link(e: &scraper::node::Element) -> bool {
    e.name() == "a" && e.attr("href").is_some()
}

/// `stats` with the subtrees at `removed` (disjoint) taken out: their elements dropped, their
/// counts subtracted from their ancestors (inline counts only up to the first block ancestor,
/// as [`collect_stats`] adds them).
pub(super) fn without(
    mut stats: HashMap<NodeId, Stats>,
    body: NodeRef<Node>,
    removed: &[NodeId],
) -> HashMap<NodeId, Stats> {
    for &id in removed {
        let Some(node) = body.tree().get(id) else { continue };
        let Some(gone) = stats.get(&id).copied() else {
            continue;
        };
        let mut inline = node.value().as_element().is_some_and(|e| is_inline(e.name()));
        for a in node.ancestors() {
            let Some(st) = stats.get_mut(&a.id()) else { break };
            st.chars -= gone.chars;
            st.link_chars -= gone.link_chars;
            st.punct -= gone.punct;
            st.paragraphs -= gone.paragraphs;
            st.list_items -= gone.list_items;
            st.images -= gone.images;
            if inline {
                st.inline_chars -= gone.inline_chars;
                st.inline_punct -= gone.inline_punct;
            }
            inline = inline && a.value().as_element().is_some_and(|e| is_inline(e.name()));
            if a.id() == body.id() {
                break;
            }
        }
        for d in node.descendants() {
            stats.remove(&d.id());
        }
    }
    stats
}

/// Per-element text statistics over the tree under `body`, leaving `excluded` subtrees out.
pub(super) fn collect_stats(body: NodeRef<Node>, excluded: &HashSet<NodeId>) -> HashMap<NodeId, Stats> {
    let mut out: HashMap<NodeId, Stats> = HashMap::default();
    let mut stack: Vec<(NodeId, Stats, bool)> = Vec::new();
    let mut in_link = 0usize;
    walk(body, |edge| {
        match edge {
            Edge::Open(n) => match n.value() {
                Node::Element(e) => {
                    if excluded.contains(&n.id()) {
                        return Step::Skip;
                    }
                    if is_link(e) {
                        in_link += 1;
                    }
                    stack.push((n.id(), Stats::default(), is_inline(e.name())));
                }
                Node::Text(t) => {
                    if let Some(top) = stack.last_mut() {
                        let (mut chars, mut punct) = (0, 0);
                        for c in t.chars().filter(|c| !c.is_whitespace()) {
                            chars += 1;
                            punct += usize::from(is_prose_mark(c));
                        }
                        top.1.chars += chars;
                        top.1.inline_chars += chars;
                        top.1.punct += punct;
                        top.1.inline_punct += punct;
                        if in_link > 0 {
                            top.1.link_chars += chars;
                        }
                    }
                }
                _ => {}
            },
            Edge::Close(n) => {
                let Node::Element(e) = n.value() else {
                    return Step::Continue;
                };
                let Some((id, mut st, inline)) = stack.pop() else {
                    return Step::Continue;
                };
                if is_link(e) {
                    in_link = in_link.saturating_sub(1);
                }
                match e.name() {
                    "p" => st.paragraphs += 1,
                    "li" => st.list_items += 1,
                    "img" => st.images += 1,
                    _ => {}
                }
                out.insert(id, st);
                if let Some(parent) = stack.last_mut() {
                    let p = &mut parent.1;
                    p.chars += st.chars;
                    p.link_chars += st.link_chars;
                    p.punct += st.punct;
                    p.paragraphs += st.paragraphs;
                    p.list_items += st.list_items;
                    p.images += st.images;
                    if inline {
                        p.inline_chars += st.inline_chars;
                        p.inline_punct += st.inline_punct;
                    }
                }
            }
        }
        Step::Continue
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taking_subtrees_out_of_the_statistics_equals_counting_without_them() {
        let html = "<html><body><div id=\"a\"><p>One, two. <a href=\"/x\">Link, here.</a></p>\
<nav id=\"n\"><a href=\"/\">Home, again</a> <span id=\"s\">Inline, text.</span></nav>\
<p>Three <b id=\"b\">bold, words</b> and <i><span id=\"deep\">deep, inline.</span></i> four.</p>\
<ul id=\"u\"><li>Item, one.</li><li>Item two</li></ul><img src=\"x.png\">\
<div>Five <span><div><b id=\"chain\">block, inside.</b></div></span> six.</div></div></body></html>";
        let doc = scraper::Html::parse_document(html);
        let body = doc
            .select(&scraper::Selector::parse("body").unwrap())
            .next()
            .unwrap();
        let id = |name: &str| {
            let sel = scraper::Selector::parse(&format!("#{name}")).unwrap();
            doc.select(&sel).next().unwrap().id()
        };
        let full = collect_stats(*body, &HashSet::default());
        for removed in [
            vec![id("n")],
            vec![id("b"), id("deep")],
            vec![id("u"), id("s")],
            vec![id("chain")],
        ] {
            let derived = without(full.clone(), *body, &removed);
            let direct = collect_stats(*body, &removed.iter().copied().collect());
            assert_eq!(derived, direct, "{removed:?}");
        }
    }
}
