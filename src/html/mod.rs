//! HTML pages → text lines + page metadata, via `scraper`.
//!
//! Elements matched by a selector rule (script, style, hidden elements, ad containers …) are
//! dropped with their subtree before text is taken; each drop is recorded with its rule and the
//! element's path (`html > body > div.ad`), since dropped nodes have no span in the extracted
//! text. The text rules then run on the extracted text, whose byte offsets are what the removal
//! spans of an HTML page point into.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::LazyLock;

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::{ElementRef, Html, Node, Selector};

use crate::rules::{Kind, Rule, RuleSet};

pub mod guard;
pub mod main_content;

mod page_meta;

pub use guard::{estimate_depth, sniff_html};
pub use page_meta::{host_of, iso_date, PageMeta};

/// The page's body, where the text is taken from.
static BODY: LazyLock<Selector> = LazyLock::new(|| Selector::parse("body").expect("built-in selector"));

/// An element dropped by a selector rule.
#[derive(Clone, Debug)]
pub struct DroppedNode {
    pub rule: usize,
    /// CSS-like path of the element, such as `html > body > div#main > script`.
    pub path: String,
    /// The element's text, cut to [`DROPPED_TEXT_CHARS`] chars.
    pub text: String,
}

/// How much of a dropped element's text the manifest keeps.
pub const DROPPED_TEXT_CHARS: usize = 200;

pub struct Page {
    /// One line per block of text.
    pub text: String,
    /// The page's last lines before the article, nearest last: where a dateline or byline left
    /// out with the page chrome sits.
    pub lead_in: Vec<String>,
    /// The page's first lines after the article, where blogs put `发表于 …` and the author.
    pub lead_out: Vec<String>,
    pub meta: PageMeta,
    pub dropped: Vec<DroppedNode>,
}

/// Elements that break a line before and after them.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "tr",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "main",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "dl",
    "figure",
    "figcaption",
    "hr",
    "title",
    "address",
    "center",
];

/// Table cells: a space apart, so that a table row reads as one line.
const CELLS: &[&str] = &["td", "th"];

/// Extracts a page's text. `sites` receives the page's own names (host of its canonical URL,
/// `og:site_name`) and scopes the selector rules that name `sites`.
pub fn extract(html: &str, rules: &RuleSet, sites: &mut Vec<String>) -> Page {
    let html = guard::shorten(html, rules.raw_text_dropped(), DROPPED_TEXT_CHARS);
    let doc = Html::parse_document(&html);
    let meta = page_meta::page_meta(&doc);
    sites.extend(meta.url.as_deref().and_then(host_of));
    sites.extend(meta.outlet.clone());
    let applies: Vec<bool> = rules.rules.iter().map(|r| r.applies_to(sites)).collect();
    let dropped_ids: HashMap<ego_tree::NodeId, usize> = doc
        .tree
        .nodes()
        .filter_map(ElementRef::wrap)
        .filter_map(|el| Some((el.id(), rules.selectors().first_match(el, &|r| applies[r])?)))
        .collect();
    let body = doc.select(&BODY).next().unwrap_or_else(|| doc.root_element());
    let skip: HashSet<NodeId> = dropped_ids.keys().copied().collect();
    let main_rule = rules
        .rules
        .iter()
        .enumerate()
        .find(|(_, r)| r.enabled && r.applies_to(sites) && matches!(r.kind, Kind::MainContent(_)));
    let (roots, left_out, tail) = match main_rule {
        Some((
            i,
            Rule {
                kind: Kind::MainContent(params),
                ..
            },
        )) => {
            let content = main_content::find_main(*body, &skip, params);
            if content.roots.is_empty() {
                (vec![body.id()], HashMap::default(), Vec::new())
            } else {
                (
                    content.roots,
                    content.left_out.into_iter().map(|id| (id, i)).collect(),
                    content.tail,
                )
            }
        }
        _ => (vec![body.id()], HashMap::default(), Vec::new()),
    };
    let mut text = String::new();
    for &root in &roots {
        if let Some(node) = doc.tree.get(root) {
            render(node, &dropped_ids, &left_out, &mut text);
        }
    }
    let (lead_in, mut lead_out) = match (roots.first(), roots.last()) {
        (Some(&first), Some(&last)) if first != body.id() => around_article(*body, first, last, &dropped_ids),
        _ => Default::default(),
    };
    // The blocks trimmed off the article's end come first after it.
    let trimmed = tail
        .iter()
        .filter_map(|&id| doc.tree.get(id))
        .map(main_content::element_text);
    lead_out.splice(0..0, trimmed.filter(|t| !t.is_empty()));
    // Every element left out, outermost only, in document order.
    let mut dropped: Vec<(NodeId, usize)> = Vec::new();
    let mut inside: Option<NodeId> = None;
    for edge in doc.root_element().traverse() {
        match edge {
            Edge::Open(n) if inside.is_none() => {
                if let Some(&rule) = dropped_ids.get(&n.id()).or_else(|| left_out.get(&n.id())) {
                    dropped.push((n.id(), rule));
                    inside = Some(n.id());
                }
            }
            Edge::Close(n) if inside == Some(n.id()) => inside = None,
            _ => {}
        }
    }
    let dropped = dropped
        .into_iter()
        .filter_map(|(id, rule)| {
            let el = ElementRef::wrap(doc.tree.get(id)?)?;
            Some(DroppedNode {
                rule,
                path: element_path(el),
                text: main_content::element_text_prefix(*el, DROPPED_TEXT_CHARS),
            })
        })
        .collect();
    Page {
        text: crate::decide::layout(&text),
        lead_in,
        lead_out,
        meta,
        dropped,
    }
}

/// Appends the text under `root` to `out`, one line per block, leaving out dropped elements.
fn render(
    root: NodeRef<Node>,
    dropped: &HashMap<NodeId, usize>,
    left_out: &HashMap<NodeId, usize>,
    out: &mut String,
) {
    let mut skipping: Option<NodeId> = None;
    for edge in root.traverse() {
        match edge {
            Edge::Open(n) => {
                if skipping.is_some() {
                    continue;
                }
                match n.value() {
                    Node::Text(t) => push_collapsed(out, t),
                    Node::Element(e) => {
                        if dropped.contains_key(&n.id()) || left_out.contains_key(&n.id()) {
                            skipping = Some(n.id());
                        } else {
                            push_boundary(out, e.name());
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(n) => {
                if skipping == Some(n.id()) {
                    skipping = None;
                } else if skipping.is_none() {
                    if let Node::Element(e) = n.value() {
                        push_boundary(out, e.name());
                    }
                }
            }
        }
    }
}

/// How many lines before and after the article are kept as its lead-in and lead-out.
const LEAD_IN_LINES: usize = 12;
const LEAD_OUT_LINES: usize = 6;

/// The body's text around the article, leaving out dropped elements: the last `LEAD_IN_LINES`
/// non-blank lines before `first` (the article's first root) and the first `LEAD_OUT_LINES`
/// after `last` (its last root).
fn around_article(
    body: NodeRef<Node>,
    first: NodeId,
    last: NodeId,
    dropped: &HashMap<NodeId, usize>,
) -> (Vec<String>, Vec<String>) {
    #[derive(PartialEq)]
    enum Part {
        Before,
        Inside,
        After,
    }
    let (mut before, mut after) = (String::new(), String::new());
    let mut part = Part::Before;
    let mut skipping: Option<NodeId> = None;
    // Lines finished after the article, counted as they end so that a long tail costs nothing.
    let (mut after_lines, mut line_has_text) = (0, false);
    for edge in body.traverse() {
        match edge {
            Edge::Open(n) => {
                if n.id() == first && part == Part::Before {
                    part = Part::Inside;
                }
                if skipping.is_some() || part == Part::Inside {
                    continue;
                }
                let out = if part == Part::Before {
                    &mut before
                } else {
                    &mut after
                };
                match n.value() {
                    Node::Text(t) => {
                        push_collapsed(out, t);
                        line_has_text |= part == Part::After && !t.trim().is_empty();
                    }
                    Node::Element(_) if dropped.contains_key(&n.id()) => skipping = Some(n.id()),
                    Node::Element(e) => push_boundary(out, e.name()),
                    _ => {}
                }
            }
            Edge::Close(n) => {
                if part == Part::Inside {
                    if n.id() == last {
                        part = Part::After;
                    }
                    continue;
                }
                if skipping == Some(n.id()) {
                    skipping = None;
                } else if skipping.is_none() {
                    if let Node::Element(e) = n.value() {
                        let out = if part == Part::Before {
                            &mut before
                        } else {
                            &mut after
                        };
                        push_boundary(out, e.name());
                        if part == Part::After && line_has_text && out.ends_with('\n') {
                            after_lines += 1;
                            line_has_text = false;
                        }
                    }
                }
                if after_lines >= LEAD_OUT_LINES {
                    break;
                }
            }
        }
    }
    let non_blank = |s: &str| -> Vec<String> {
        s.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    };
    let mut before = non_blank(&before);
    before.drain(..before.len().saturating_sub(LEAD_IN_LINES));
    let mut after = non_blank(&after);
    after.truncate(LEAD_OUT_LINES);
    (before, after)
}

/// What an element's start or end puts in the text: a line break for a block, a space for a
/// table cell.
fn push_boundary(out: &mut String, tag: &str) {
    if BLOCKS.contains(&tag) {
        out.push('\n');
    } else if CELLS.contains(&tag) && !out.ends_with([' ', '\n']) {
        out.push(' ');
    }
}

/// Appends text with runs of ASCII white space folded to one space (HTML rendering rules).
fn push_collapsed(out: &mut String, t: &str) {
    let mut last_space = out.ends_with([' ', '\n']);
    for c in t.chars() {
        if c.is_ascii_whitespace() {
            if !last_space {
                out.push(' ');
                last_space = true;
            }
        } else {
            out.push(c);
            last_space = false;
        }
    }
}

/// `html > body > div#main.content > p`: tag, id and first class of each ancestor.
fn element_path(el: ElementRef) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut cur = Some(el);
    while let Some(e) = cur {
        let v = e.value();
        let mut part = v.name().to_string();
        if let Some(id) = v.id() {
            part.push('#');
            part.push_str(id);
        } else if let Some(class) = v.classes().next() {
            part.push('.');
            part.push_str(class);
        }
        parts.push(part);
        cur = e.parent().and_then(ElementRef::wrap);
    }
    parts.reverse();
    parts.join(" > ")
}
