//! HTML pages → text lines + page metadata, via `scraper`.
//!
//! Elements matched by a selector rule (script, style, hidden elements, ad containers …) are
//! dropped with their subtree before text is taken; each drop is recorded with its rule and the
//! element's path (`html > body > div.ad`), since dropped nodes have no span in the extracted
//! text. The text rules then run on the extracted text, whose byte offsets are what the removal
//! spans of an HTML page point into.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::OnceLock;

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use regex::Regex;
use scraper::{ElementRef, Html, Node, Selector};

use crate::rules::RuleSet;

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

/// What a page gives besides its text.
#[derive(Clone, Debug, Default)]
pub struct PageMeta {
    pub title: Option<String>,
    /// The `<title>` element's text as it came.
    pub title_tag: Option<String>,
    pub published: Option<String>,
    pub outlet: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
    pub lang: Option<String>,
}

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
    let html = crate::raw_text::shorten(html, rules.raw_text_dropped(), DROPPED_TEXT_CHARS);
    let doc = Html::parse_document(&html);
    let meta = page_meta(&doc);
    sites.extend(meta.url.as_deref().and_then(host_of));
    sites.extend(meta.outlet.clone());
    let applies: Vec<bool> = rules.rules.iter().map(|r| r.applies_to(sites)).collect();
    let dropped_ids: HashMap<ego_tree::NodeId, usize> = doc
        .tree
        .nodes()
        .filter_map(ElementRef::wrap)
        .filter_map(|el| Some((el.id(), rules.selectors().first_match(el, &|r| applies[r])?)))
        .collect();
    let body = doc
        .select(selector("body"))
        .next()
        .unwrap_or_else(|| doc.root_element());
    let skip: HashSet<NodeId> = dropped_ids.keys().copied().collect();
    let main_rule = rules.rules.iter().enumerate().find_map(|(i, r)| {
        let params = r.kind.main_content()?;
        (r.enabled && r.applies_to(sites)).then_some((i, params))
    });
    let (roots, left_out, tail) = match main_rule {
        Some((i, params)) => {
            let content = crate::extract::find_main(*body, &skip, params);
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
        None => (vec![body.id()], HashMap::default(), Vec::new()),
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
        .map(crate::extract::element_text);
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
                text: crate::extract::element_text_prefix(*el, DROPPED_TEXT_CHARS),
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

/// `https://www.example.com:8080/a?b` → `www.example.com`.
pub fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?.rsplit('@').next()?;
    let host = host.split(':').next()?.trim().to_ascii_lowercase();
    (!host.is_empty()).then_some(host)
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

fn selector(css: &'static str) -> &'static Selector {
    static CACHE: OnceLock<std::sync::Mutex<HashMap<&'static str, &'static Selector>>> = OnceLock::new();
    let mut map = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    map.entry(css)
        .or_insert_with(|| Box::leak(Box::new(Selector::parse(css).expect("built-in selector"))))
}

// The metadata selectors: each names only `meta`, `link` and `time` elements.
const OG_TITLE: &str = r#"meta[property="og:title"], meta[name="og:title"]"#;
const PUBLISHED: &str = r#"meta[property="article:published_time"], meta[name="article:published_time"], meta[itemprop="datePublished"], meta[name="pubdate"], meta[name="PubDate"], meta[name="publishdate"], meta[name="publish_date"], time[datetime]"#;
const SITE_NAME: &str = r#"meta[property="og:site_name"], meta[name="og:site_name"]"#;
const CANONICAL: &str = r#"link[rel="canonical"], meta[property="og:url"]"#;
const AUTHOR_META: &str =
    r#"meta[name="author"], meta[property="article:author"], meta[name="article:author"], meta[name="byl"]"#;

/// The page's `meta`, `link` and `time` elements, in the order [`Html::select`] visits them: the
/// only ones the metadata selectors name, gathered in one walk instead of a walk per selector.
fn meta_elements(doc: &Html) -> Vec<ElementRef<'_>> {
    doc.tree
        .nodes()
        .filter_map(ElementRef::wrap)
        .filter(|e| e.parent().is_some() && matches!(e.value().name(), "meta" | "link" | "time"))
        .collect()
}

/// The first non-empty `content`, `datetime` or `href` of the `metas` ([`meta_elements`]) that
/// `css` picks; `css` names only `meta`, `link` and `time` elements.
fn meta_content(metas: &[ElementRef], css: &'static str) -> Option<String> {
    let sel = selector(css);
    first_content(metas.iter().copied().filter(|e| sel.matches(e)))
}

/// The first non-empty `content`, `datetime` or `href` of `elements`, trimmed.
fn first_content<'a>(elements: impl Iterator<Item = ElementRef<'a>>) -> Option<String> {
    elements
        .filter_map(|e| {
            e.value()
                .attr("content")
                .or_else(|| e.value().attr("datetime"))
                .or_else(|| e.value().attr("href"))
        })
        .map(|s| s.trim().to_string())
        .find(|s| !s.is_empty())
}

fn element_text(doc: &Html, css: &'static str) -> Option<String> {
    doc.select(selector(css))
        .map(|e| crate::extract::element_text(*e))
        .find(|s| !s.is_empty())
}

fn page_meta(doc: &Html) -> PageMeta {
    let metas = meta_elements(doc);
    let h1 = element_text(doc, "body h1");
    let og = meta_content(&metas, OG_TITLE);
    let raw_title_tag = element_text(doc, "title");
    let title_tag = raw_title_tag.as_deref().map(strip_site_suffix);
    // A heading that the <title> or og:title also carries is the article's; a <title> alone may be
    // hijacked by spam, so the body's headline wins when there is one.
    let title = h1
        .filter(|h| h.chars().filter(|c| c.is_alphanumeric()).count() >= 6)
        .or(og.map(|t| strip_site_suffix(&t)))
        .or(title_tag);
    let published = meta_content(&metas, PUBLISHED)
        .or_else(|| json_ld_date(doc))
        .and_then(|d| iso_date(&d));
    PageMeta {
        title,
        title_tag: raw_title_tag,
        published,
        outlet: meta_content(&metas, SITE_NAME),
        author: page_author(doc, &metas),
        url: meta_content(&metas, CANONICAL),
        lang: doc
            .select(selector("html"))
            .next()
            .and_then(|h| h.value().attr("lang"))
            .map(str::to_string),
    }
}

/// The author the page names: `<meta name="author">`, `article:author` (when not a profile URL),
/// JSON-LD `author.name`, or an `itemprop="author"` / `rel="author"` element; `By ` dropped.
fn page_author(doc: &Html, metas: &[ElementRef]) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r#""author"\s*:\s*(?:\[\s*)?(?:\{[^{}]*?"name"\s*:\s*"(?P<obj>[^"]+)"|"(?P<str>[^"]+)")"#)
            .expect("json-ld author pattern")
    });
    let from_meta = meta_content(metas, AUTHOR_META);
    let from_json = || {
        json_ld(doc, |text| {
            let raw = re.captures(text)?;
            let raw = raw.name("obj").or_else(|| raw.name("str"))?.as_str();
            // The value is a JSON string: `\u5b89` escapes are undone.
            serde_json::from_str::<String>(&format!("\"{raw}\"")).ok()
        })
    };
    let from_markup = || element_text(doc, r#"[itemprop="author"], a[rel="author"]"#);
    let usable = |a: String| {
        let a = a.trim();
        let a = a
            .strip_prefix("By ")
            .or_else(|| a.strip_prefix("by "))
            .unwrap_or(a)
            .trim();
        crate::meta::is_person_name(a).then(|| a.to_string())
    };
    from_meta
        .and_then(usable)
        .or_else(|| from_json().and_then(usable))
        .or_else(|| from_markup().and_then(usable))
}

fn json_ld_date(doc: &Html) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r#""datePublished"\s*:\s*"([^"]+)""#).expect("json-ld pattern"));
    json_ld(doc, |text| re.captures(text).map(|c| c[1].to_string()))
}

/// The first value `find` reads from the page's JSON-LD blocks.
fn json_ld<T>(doc: &Html, mut find: impl FnMut(&str) -> Option<T>) -> Option<T> {
    doc.select(selector(r#"script[type="application/ld+json"]"#))
        .find_map(|s| find(&s.text().collect::<String>()))
}

/// `2024-03-05T08:00:00+08:00` → `2024-03-05T08:00:00`; any text holding a full date → that date.
pub fn iso_date(s: &str) -> Option<String> {
    crate::text::dates::find_date(&s.to_lowercase()).map(|d| d.iso())
}

/// `广东发布人工智能措施_新闻中心_新浪网` → `广东发布人工智能措施`: drops the site-name tail.
fn strip_site_suffix(title: &str) -> String {
    let t = title.trim();
    for sep in [" - ", " | ", "_", " – ", " — ", "——", "｜", "|"] {
        if let Some((head, _)) = t.split_once(sep) {
            if head.trim().chars().count() >= 6 {
                return head.trim().to_string();
            }
        }
    }
    t.to_string()
}

/// Elements that never have content, so never nest.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track",
    "wbr",
];

/// The deepest element nesting a page's tags imply, counted without parsing (start tags open,
/// end tags close, void and self-closed tags do neither; script and style bodies are skipped).
/// Unclosed tags count as open, as a parser keeps formatting elements open.
pub fn estimate_depth(html: &str) -> usize {
    let b = html.as_bytes();
    let (mut depth, mut max, mut i) = (0usize, 0usize, 0usize);
    while let Some(off) = memchr::memchr(b'<', &b[i..]) {
        i += off + 1;
        if i >= b.len() {
            break;
        }
        if b[i] == b'/' {
            depth = depth.saturating_sub(1);
            continue;
        }
        if !b[i].is_ascii_alphabetic() {
            continue;
        }
        let start = i;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-') {
            i += 1;
        }
        let name = &b[start..i];
        let Some(close) = memchr::memchr(b'>', &b[i..]) else {
            break;
        };
        let self_closed = close > 0 && b[i + close - 1] == b'/';
        i += close + 1;
        if name.eq_ignore_ascii_case(b"script") || name.eq_ignore_ascii_case(b"style") {
            match crate::raw_text::end_tag(b, i, name) {
                Some(at) => i = at,
                None => break,
            }
            continue;
        }
        if !self_closed && !VOID.iter().any(|v| name.eq_ignore_ascii_case(v.as_bytes())) {
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

/// Whether bytes look like an HTML page (for files whose extension says nothing).
pub fn sniff_html(bytes: &[u8]) -> bool {
    let head: Vec<u8> = bytes
        .iter()
        .take(1024)
        .filter(|b| **b != 0)
        .map(|b| b.to_ascii_lowercase())
        .collect();
    let s = String::from_utf8_lossy(&head);
    let s = s.trim_start_matches('\u{feff}').trim_start();
    s.starts_with("<!doctype html") || s.starts_with("<html") || s.contains("<head") || s.contains("<body")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_metadata_selectors_pick_from_the_meta_elements_what_they_pick_from_the_page() {
        let all = [OG_TITLE, PUBLISHED, SITE_NAME, CANONICAL, AUTHOR_META];
        for alt in all.iter().flat_map(|css| css.split(", ")) {
            assert!(
                ["meta[", "link[", "time["].iter().any(|t| alt.starts_with(t)),
                "{alt}"
            );
        }
        // An empty og:title first, one in the body, and an author the parser moves out of a table.
        let page = Html::parse_document(
            r#"<html><head><title>t</title><meta property="og:title" content=" ">
<link rel="canonical" href="https://a.example/1"></head><body><p>x<meta property="og:title"
content="Headline in the body"></p><time datetime="2024-06-10">June</time><table>
<meta name="author" content="Li Hua"><tr><td>cell</td></tr></table>
<meta property="og:site_name" content="Example News"></body></html>"#,
        );
        let metas = meta_elements(&page);
        for css in all {
            let from_page = first_content(page.select(selector(css)));
            assert!(from_page.is_some(), "{css}");
            assert_eq!(meta_content(&metas, css), from_page, "{css}");
        }
    }
}
