//! HTML pages → text lines + page metadata, via `scraper`.
//!
//! Elements matched by a selector rule (script, style, hidden elements, ad containers …) are
//! dropped with their subtree before text is taken; each drop is recorded with its rule and the
//! element's path (`html > body > div.ad`), since dropped nodes have no span in the extracted
//! text. The text rules then run on the extracted text, whose byte offsets are what the removal
//! spans of an HTML page point into.
//!
//! [`extract`] runs these steps:
//! 1. [`guard`]: script and style bodies shortened (callers first check [`estimate_depth`],
//!    also there).
//! 2. The page is parsed (`scraper`).
//! 3. `page_meta`: title, date, outlet, author, URL, language; the page's names scope the rules.
//! 4. Selector rules drop elements (matched through `crate::rules::selector_index`).
//! 5. [`main_content`]: the article's roots, and the elements left out around and inside them.
//! 6. `render`: the kept elements as text lines, and the lines just before and after them.
//! 7. The dropped and left-out elements are listed with their paths and texts.
//!
//! Every pass over the tree that may step over a subtree goes through `walk`.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::LazyLock;

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::{ElementRef, Html, Node, Selector};

use crate::engine::RuleSet;
use crate::model::{DocMeta, RuleId};
use walk::{walk, Step};

pub mod guard;
pub mod main_content;

mod page_meta;
mod render;
mod walk;

pub use crate::model::DroppedNode;
pub use guard::estimate_depth;
pub use page_meta::{iso_date, Titles, MIN_SHOWN_WEIGHT};

/// The page's body, where the text is taken from.
static BODY: LazyLock<Selector> = LazyLock::new(|| Selector::parse("body").expect("built-in selector"));

/// How much of a dropped element's text the manifest keeps.
pub const DROPPED_TEXT_CHARS: usize = 200;

/// A page's text and what was read or left out around it.
pub struct Page {
    /// One line per block of text.
    pub text: String,
    /// The page's last lines before the article, nearest last: where a dateline or byline left
    /// out with the page chrome sits.
    pub lead_in: Vec<String>,
    /// The page's first lines after the article, where blogs put `发表于 …` and the author.
    pub lead_out: Vec<String>,
    /// What the page says about itself.
    pub meta: DocMeta,
    /// The titles the page gives itself, as they came.
    pub titles: page_meta::Titles,
    /// The elements dropped by selector rules or left out by the main-content rule, outermost
    /// only, in document order.
    pub dropped: Vec<DroppedNode>,
}

/// Extracts a page's text. `sites` receives the page's own names (host of its canonical URL,
/// `og:site_name`) and scopes the selector rules that name `sites`.
pub fn extract(html: &str, rules: &RuleSet, sites: &mut Vec<String>) -> Page {
    let html = guard::shorten(html, rules.raw_text_dropped(), DROPPED_TEXT_CHARS);
    let doc = Html::parse_document(&html);
    let (meta, titles) = page_meta::page_meta(&doc, rules.vocabulary());
    sites.extend(meta.site_names());
    // The page's declared language scopes the rules limited to languages, until its text tells.
    let lang = meta.lang.as_deref().map(crate::text::lang::primary_subtag);
    let dropped_ids = dropped_by_selectors(&doc, rules, sites, lang.as_deref());
    let body = doc.select(&BODY).next().unwrap_or_else(|| doc.root_element());
    let Article {
        roots,
        left_out,
        tail,
    } = find_article(*body, rules, sites, &dropped_ids);
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
    Page {
        text: crate::engine::decide::layout(&text),
        lead_in,
        lead_out,
        dropped: list_dropped(&doc, &dropped_ids, &left_out),
        meta,
        titles,
    }
}

/// The elements the selector rules that apply to `sites` and `lang` drop, each with its rule.
fn dropped_by_selectors(
    doc: &Html,
    rules: &RuleSet,
    sites: &[String],
    lang: Option<&str>,
) -> HashMap<NodeId, usize> {
    let applies: Vec<bool> = rules
        .rules
        .iter()
        .map(|r| r.applies_to(sites) && r.applies_to_lang(lang))
        .collect();
    doc.tree
        .nodes()
        .filter_map(ElementRef::wrap)
        .filter_map(|el| Some((el.id(), rules.selectors().first_match(el, &|r| applies[r])?)))
        .collect()
}

/// Where the article is on the page, as [`extract`] renders it.
struct Article {
    /// The elements whose text is the article, in document order: the body when the rules have
    /// no main-content step or it found nothing.
    roots: Vec<NodeId>,
    /// Elements left out by the main-content rule, with its index.
    left_out: HashMap<NodeId, usize>,
    /// The blocks trimmed off the article's end ([`main_content::Content::tail`]).
    tail: Vec<NodeId>,
}

/// The article under `body`, found by the first enabled main-content rule that applies to
/// `sites`; without one, the whole body. `dropped` holds the elements already dropped.
fn find_article(
    body: NodeRef<Node>,
    rules: &RuleSet,
    sites: &[String],
    dropped: &HashMap<NodeId, usize>,
) -> Article {
    let whole_body = || Article {
        roots: vec![body.id()],
        left_out: HashMap::default(),
        tail: Vec::new(),
    };
    let main_rule = rules.rules.iter().enumerate().find_map(|(i, r)| {
        let params = r.kind.main_content()?;
        (r.enabled && r.applies_to(sites)).then_some((i, params))
    });
    let Some((i, params)) = main_rule else {
        return whole_body();
    };
    let skip: HashSet<NodeId> = dropped.keys().copied().collect();
    let content = main_content::find_main(body, &skip, params);
    if content.roots.is_empty() {
        return whole_body();
    }
    Article {
        roots: content.roots,
        left_out: content.left_out.into_iter().map(|id| (id, i)).collect(),
        tail: content.tail,
    }
}

/// Every element dropped or left out, outermost only, in document order, with its rule, path
/// and the start of its text.
fn list_dropped(
    doc: &Html,
    dropped_ids: &HashMap<NodeId, usize>,
    left_out: &HashMap<NodeId, usize>,
) -> Vec<DroppedNode> {
    let mut outermost: Vec<(NodeId, usize)> = Vec::new();
    walk(*doc.root_element(), |edge| {
        let Edge::Open(n) = edge else {
            return Step::Continue;
        };
        match dropped_ids.get(&n.id()).or_else(|| left_out.get(&n.id())) {
            Some(&rule) => {
                outermost.push((n.id(), rule));
                Step::Skip
            }
            None => Step::Continue,
        }
    });
    outermost
        .into_iter()
        .filter_map(|(id, rule)| {
            let el = ElementRef::wrap(doc.tree.get(id)?)?;
            Some(DroppedNode {
                rule: RuleId(rule),
                path: render::element_path(el),
                text: render::element_text_prefix(*el, DROPPED_TEXT_CHARS),
            })
        })
        .collect()
}
