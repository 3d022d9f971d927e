//! What a page says about itself besides its text: title, date, outlet, author, URL and language,
//! read from its `<title>`, headline, `meta`/`link`/`time` elements and JSON-LD blocks.

use std::sync::LazyLock;

use regex::Regex;
use scraper::{ElementRef, Html, Selector};

use crate::meta::Vocabulary;
use crate::model::DocMeta;

/// The metadata selectors, each a list of alternatives tried in page order. They are matched
/// against the page's `meta`, `link` and `time` elements only ([`meta_elements`]), so each names
/// only such elements.
const OG_TITLE: &str = r#"meta[property="og:title"], meta[name="og:title"]"#;
const PUBLISHED: &str = r#"meta[property="article:published_time"], meta[name="article:published_time"], meta[itemprop="datePublished"], meta[name="pubdate"], meta[name="PubDate"], meta[name="publishdate"], meta[name="publish_date"], time[datetime]"#;
const SITE_NAME: &str = r#"meta[property="og:site_name"], meta[name="og:site_name"]"#;
const CANONICAL: &str = r#"link[rel="canonical"], meta[property="og:url"]"#;
const AUTHOR_META: &str =
    r#"meta[name="author"], meta[property="article:author"], meta[name="article:author"], meta[name="byl"]"#;

/// The selectors matched against the whole page: the headline, the `<title>`, the root element
/// (its `lang`), an author named in the markup, JSON-LD blocks.
const HEADLINE: &str = "body h1";
const TITLE_TAG: &str = "title";
const ROOT: &str = "html";
const AUTHOR_MARKUP: &str = r#"[itemprop="author"], a[rel="author"]"#;
const JSON_LD: &str = r#"script[type="application/ld+json"]"#;

/// A built-in selector, parsed once on first use.
fn built_in(css: &str) -> Selector {
    Selector::parse(css).expect("built-in selector")
}

static OG_TITLE_SEL: LazyLock<Selector> = LazyLock::new(|| built_in(OG_TITLE));
static PUBLISHED_SEL: LazyLock<Selector> = LazyLock::new(|| built_in(PUBLISHED));
static SITE_NAME_SEL: LazyLock<Selector> = LazyLock::new(|| built_in(SITE_NAME));
static CANONICAL_SEL: LazyLock<Selector> = LazyLock::new(|| built_in(CANONICAL));
static AUTHOR_META_SEL: LazyLock<Selector> = LazyLock::new(|| built_in(AUTHOR_META));
static HEADLINE_SEL: LazyLock<Selector> = LazyLock::new(|| built_in(HEADLINE));
static TITLE_TAG_SEL: LazyLock<Selector> = LazyLock::new(|| built_in(TITLE_TAG));
static ROOT_SEL: LazyLock<Selector> = LazyLock::new(|| built_in(ROOT));
static AUTHOR_MARKUP_SEL: LazyLock<Selector> = LazyLock::new(|| built_in(AUTHOR_MARKUP));
static JSON_LD_SEL: LazyLock<Selector> = LazyLock::new(|| built_in(JSON_LD));

/// JSON-LD's `"author": "…"`, `"author": {… "name": "…"}` or a list of either.
static JSON_LD_AUTHOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#""author"\s*:\s*(?:\[\s*)?(?:\{[^{}]*?"name"\s*:\s*"(?P<obj>[^"]+)"|"(?P<str>[^"]+)")"#)
        .expect("json-ld author pattern")
});
/// JSON-LD's `"datePublished": "…"`.
static JSON_LD_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#""datePublished"\s*:\s*"([^"]+)""#).expect("json-ld pattern"));

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
/// `sel` picks; `sel` names only `meta`, `link` and `time` elements.
fn meta_content(metas: &[ElementRef], sel: &Selector) -> Option<String> {
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

/// The text of the first element `sel` picks that has any.
fn first_text(doc: &Html, sel: &Selector) -> Option<String> {
    doc.select(sel)
        .map(|e| super::render::element_text(*e))
        .find(|s| !s.is_empty())
}

/// The titles a page gives itself, as they came: its first `<h1>`, `og:title` and `<title>`.
#[derive(Clone, Debug, Default)]
pub struct Titles {
    pub h1: Option<String>,
    pub og: Option<String>,
    pub tag: Option<String>,
}

impl Titles {
    /// The `<h1>`, when it holds enough letters and ideographs to be a headline (a logo's or a
    /// section's short `<h1>` is none).
    pub fn headline(&self) -> Option<&str> {
        self.h1
            .as_deref()
            .filter(|h| h.chars().filter(|c| c.is_alphanumeric()).count() >= MIN_H1_CHARS)
    }
}

/// Fewest letters and ideographs of an `<h1>` taken for the page's headline.
const MIN_H1_CHARS: usize = 6;

/// What the page says of itself: its headline (the body's `<h1>`, else `og:title` or the
/// `<title>` without its site name), publication date ([`iso_date`]), site name
/// (`og:site_name`), author (in its metadata or markup, when it reads like a person's name),
/// canonical URL and language; and its titles as they came.
pub fn page_meta(doc: &Html, v: &Vocabulary) -> (DocMeta, Titles) {
    let metas = meta_elements(doc);
    let titles = Titles {
        h1: first_text(doc, &HEADLINE_SEL),
        og: meta_content(&metas, &OG_TITLE_SEL),
        tag: first_text(doc, &TITLE_TAG_SEL),
    };
    // The body's headline wins over a <title>, which may be hijacked by spam; what of it the
    // other titles say too, when a brand is glued to it.
    let seps = &v.headline_separators;
    let title = titles
        .headline()
        .map(|h| agreed_part(h, &titles, seps).unwrap_or(h).to_string())
        .or(titles.og.as_deref().map(|t| strip_site_suffix(t, v)))
        .or(titles.tag.as_deref().map(|t| strip_site_suffix(t, v)));
    let published = meta_content(&metas, &PUBLISHED_SEL)
        .or_else(|| json_ld_date(doc))
        .and_then(|d| iso_date(&d));
    let meta = DocMeta {
        title,
        published,
        outlet: meta_content(&metas, &SITE_NAME_SEL),
        author: page_author(doc, &metas, v),
        url: meta_content(&metas, &CANONICAL_SEL),
        lang: doc
            .select(&ROOT_SEL)
            .next()
            .and_then(|h| h.value().attr("lang"))
            .map(str::to_string),
    };
    (meta, titles)
}

/// Fewest letters and ideographs of a headline a page says twice, a Latin word counting three.
pub const MIN_SHOWN_WEIGHT: usize = 8;

/// The longest part of a page's `<h1>` (split as [`crate::meta::title_parts`]) that its `og:title` or
/// `<title>` also holds, when it keeps two thirds of the `<h1>` (what is cut off is a brand, not
/// half a headline): `【lh雷火】X` with a `<title>` of `X_商业频道` is `X`.
fn agreed_part<'h>(h1: &'h str, titles: &Titles, separators: &[char]) -> Option<&'h str> {
    let squash = crate::text::chars::squash;
    let others: Vec<String> = [&titles.og, &titles.tag]
        .into_iter()
        .flatten()
        .flat_map(|t| crate::meta::title_parts(t, separators))
        .map(squash)
        .collect();
    let whole = crate::meta::weight(h1);
    crate::meta::title_parts(h1, separators)
        .into_iter()
        .map(|p| (p, squash(p)))
        .filter(|(p, sq)| {
            let w = crate::meta::weight(p);
            w >= MIN_SHOWN_WEIGHT && w * 3 >= whole * 2 && others.iter().any(|o| o.contains(sq.as_str()))
        })
        .max_by_key(|(_, sq)| sq.chars().count())
        .map(|(p, _)| p)
}

/// The author the page names: `<meta name="author">`, `article:author` (when not a profile URL),
/// JSON-LD `author.name`, or an `itemprop="author"` / `rel="author"` element; `By ` dropped.
fn page_author(doc: &Html, metas: &[ElementRef], v: &Vocabulary) -> Option<String> {
    let from_meta = meta_content(metas, &AUTHOR_META_SEL);
    let from_json = || {
        json_ld(doc, |text| {
            let raw = JSON_LD_AUTHOR.captures(text)?;
            let raw = raw.name("obj").or_else(|| raw.name("str"))?.as_str();
            // The value is a JSON string: `\u5b89` escapes are undone.
            serde_json::from_str::<String>(&format!("\"{raw}\"")).ok()
        })
    };
    let from_markup = || first_text(doc, &AUTHOR_MARKUP_SEL);
    let usable = |a: String| {
        let a = a.trim();
        let a = v
            .author_prefixes
            .iter()
            .find_map(|p| a.strip_prefix(p))
            .unwrap_or(a)
            .trim();
        v.is_person_name(a).then(|| a.to_string())
    };
    from_meta
        .and_then(usable)
        .or_else(|| from_json().and_then(usable))
        .or_else(|| from_markup().and_then(usable))
}

fn json_ld_date(doc: &Html) -> Option<String> {
    json_ld(doc, |text| JSON_LD_DATE.captures(text).map(|c| c[1].to_string()))
}

/// The first value `find` reads from the page's JSON-LD blocks.
fn json_ld<T>(doc: &Html, mut find: impl FnMut(&str) -> Option<T>) -> Option<T> {
    doc.select(&JSON_LD_SEL)
        .find_map(|s| find(&s.text().collect::<String>()))
}

/// `2024-03-05T08:00:00+08:00` → `2024-03-05T08:00:00`; any text holding a full date → that date.
pub fn iso_date(s: &str) -> Option<String> {
    crate::text::dates::find_date(&s.to_lowercase()).map(|d| d.iso())
}

/// `广东发布人工智能措施_新闻中心_新浪网` → `广东发布人工智能措施`: drops the site-name tail after
/// the first of the vocabulary's title separators that leaves a headline, else a short one after
/// a bare dash.
fn strip_site_suffix(title: &str, v: &Vocabulary) -> String {
    let t = title.trim();
    for sep in &v.title_separators {
        if let Some((head, _)) = t.split_once(sep) {
            if head.trim().chars().count() >= 6 {
                return head.trim().to_string();
            }
        }
    }
    // A site's short name after a bare dash (`X-搜狐财经`); a Latin word's hyphen stays.
    crate::meta::without_site_name(t, &['-', '—'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_metadata_selectors_pick_from_the_meta_elements_what_they_pick_from_the_page() {
        let all: [(&str, &Selector); 5] = [
            (OG_TITLE, &OG_TITLE_SEL),
            (PUBLISHED, &PUBLISHED_SEL),
            (SITE_NAME, &SITE_NAME_SEL),
            (CANONICAL, &CANONICAL_SEL),
            (AUTHOR_META, &AUTHOR_META_SEL),
        ];
        for alt in all.iter().flat_map(|(css, _)| css.split(", ")) {
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
        for (css, sel) in all {
            let from_page = first_content(page.select(sel));
            assert!(from_page.is_some(), "{css}");
            assert_eq!(meta_content(&metas, sel), from_page, "{css}");
        }
    }
}
