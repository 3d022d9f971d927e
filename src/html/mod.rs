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
use ego_tree::NodeId;
use scraper::{ElementRef, Html, Selector};

use crate::rules::{Kind, Rule, RuleSet};

pub mod guard;
pub mod main_content;

mod page_meta;
mod render;

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
            render::render(node, &dropped_ids, &left_out, &mut text);
        }
    }
    let (lead_in, mut lead_out) = match (roots.first(), roots.last()) {
        (Some(&first), Some(&last)) if first != body.id() => {
            render::around_article(*body, first, last, &dropped_ids)
        }
        _ => Default::default(),
    };
    // The blocks trimmed off the article's end come first after it.
    let trimmed = tail
        .iter()
        .filter_map(|&id| doc.tree.get(id))
        .map(render::element_text);
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
                path: render::element_path(el),
                text: render::element_text_prefix(*el, DROPPED_TEXT_CHARS),
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
