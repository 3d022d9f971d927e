//! HTML pages → text lines + page metadata, via `scraper`.
//!
//! Elements matched by a selector rule (script, style, hidden elements, ad containers …) are
//! dropped with their subtree before text is taken; each drop is recorded with its rule and the
//! element's path (`html > body > div.ad`), since dropped nodes have no span in the extracted
//! text. The text rules then run on the extracted text, whose byte offsets are what the removal
//! spans of an HTML page point into.

use std::collections::HashMap;
use std::sync::OnceLock;

use ego_tree::NodeRef;
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
    pub published: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub lang: Option<String>,
}

pub struct Page {
    /// One line per block of text.
    pub text: String,
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
    "td",
    "th",
];

/// Extracts a page's text. `sites` receives the page's own names (host of its canonical URL,
/// `og:site_name`) and scopes the selector rules that name `sites`.
pub fn extract(html: &str, rules: &RuleSet, sites: &mut Vec<String>) -> Page {
    let doc = Html::parse_document(html);
    let meta = page_meta(&doc);
    sites.extend(meta.url.as_deref().and_then(host_of));
    sites.extend(meta.outlet.clone());
    let mut dropped_ids: HashMap<ego_tree::NodeId, usize> = HashMap::new();
    for (rule, selector) in rules.selectors() {
        if !rules.rules[rule].applies_to(sites) {
            continue;
        }
        for el in doc.select(selector) {
            dropped_ids.entry(el.id()).or_insert(rule);
        }
    }
    let mut out = Extractor {
        text: String::new(),
        dropped: Vec::new(),
        dropped_ids: &dropped_ids,
    };
    let body = doc
        .select(selector("body"))
        .next()
        .unwrap_or_else(|| doc.root_element());
    out.walk(*body);
    let text = crate::decide::layout(&out.text);
    Page {
        text,
        meta,
        dropped: out.dropped,
    }
}

/// `https://www.example.com:8080/a?b` → `www.example.com`.
fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?.rsplit('@').next()?;
    let host = host.split(':').next()?.trim().to_ascii_lowercase();
    (!host.is_empty()).then_some(host)
}

struct Extractor<'a> {
    text: String,
    dropped: Vec<DroppedNode>,
    dropped_ids: &'a HashMap<ego_tree::NodeId, usize>,
}

impl Extractor<'_> {
    fn walk(&mut self, node: NodeRef<Node>) {
        match node.value() {
            Node::Text(t) => push_collapsed(&mut self.text, t),
            Node::Element(e) => {
                if let Some(&rule) = self.dropped_ids.get(&node.id()) {
                    let el = ElementRef::wrap(node).expect("element node");
                    let text: String = el
                        .text()
                        .collect::<String>()
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ");
                    self.dropped.push(DroppedNode {
                        rule,
                        path: element_path(el),
                        text: text.chars().take(DROPPED_TEXT_CHARS).collect(),
                    });
                    return;
                }
                let block = BLOCKS.contains(&e.name());
                if block {
                    self.text.push('\n');
                }
                for child in node.children() {
                    self.walk(child);
                }
                if block {
                    self.text.push('\n');
                }
            }
            _ => {}
        }
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

fn selector(css: &'static str) -> &'static Selector {
    static CACHE: OnceLock<std::sync::Mutex<HashMap<&'static str, &'static Selector>>> = OnceLock::new();
    let mut map = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    map.entry(css)
        .or_insert_with(|| Box::leak(Box::new(Selector::parse(css).expect("built-in selector"))))
}

fn meta_content(doc: &Html, css: &'static str) -> Option<String> {
    doc.select(selector(css))
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
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .find(|s| !s.is_empty())
}

fn page_meta(doc: &Html) -> PageMeta {
    let h1 = element_text(doc, "body h1");
    let og = meta_content(doc, r#"meta[property="og:title"], meta[name="og:title"]"#);
    let title_tag = element_text(doc, "title").map(|t| strip_site_suffix(&t));
    // A heading that the <title> or og:title also carries is the article's; a <title> alone may be
    // hijacked by spam, so the body's headline wins when there is one.
    let title = h1
        .filter(|h| h.chars().filter(|c| c.is_alphanumeric()).count() >= 6)
        .or(og.map(|t| strip_site_suffix(&t)))
        .or(title_tag);
    let published = meta_content(
        doc,
        r#"meta[property="article:published_time"], meta[name="article:published_time"], meta[itemprop="datePublished"], meta[name="pubdate"], meta[name="PubDate"], meta[name="publishdate"], meta[name="publish_date"], time[datetime]"#,
    )
    .or_else(|| json_ld_date(doc))
    .and_then(|d| iso_date(&d));
    PageMeta {
        title,
        published,
        outlet: meta_content(doc, r#"meta[property="og:site_name"], meta[name="og:site_name"]"#),
        url: meta_content(doc, r#"link[rel="canonical"], meta[property="og:url"]"#),
        lang: doc
            .select(selector("html"))
            .next()
            .and_then(|h| h.value().attr("lang"))
            .map(str::to_string),
    }
}

fn json_ld_date(doc: &Html) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r#""datePublished"\s*:\s*"([^"]+)""#).expect("json-ld pattern"));
    doc.select(selector(r#"script[type="application/ld+json"]"#))
        .find_map(|s| {
            re.captures(&s.text().collect::<String>())
                .map(|c| c[1].to_string())
        })
}

/// `2024-03-05T08:00:00+08:00` → `2024-03-05T08:00:00`; any text holding a full date → that date.
pub fn iso_date(s: &str) -> Option<String> {
    let c = crate::find::lines_date_regex().captures(s)?;
    let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    let (y, mo, d) = (num(1)?, num(2)?, num(3)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) {
        return None;
    }
    Some(match (num(4), num(5)) {
        (Some(h), Some(mi)) if h < 24 && mi < 60 => {
            format!(
                "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{:02}",
                num(6).filter(|s| *s < 60).unwrap_or(0)
            )
        }
        _ => format!("{y:04}-{mo:02}-{d:02}"),
    })
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
