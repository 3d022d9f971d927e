//! What an element's class, id, tag and role say about it: article-like, boilerplate, never the
//! article, a page header, a discussion.
//!
//! The word lists are regex alternatives (some anchored, some with optional parts) matched
//! anywhere in the element's lowercased class and id ([`class_id`]); each list's regex is the
//! alternatives joined with `|`.

use std::sync::LazyLock;

use regex::Regex;
use scraper::node::Element;

/// Never article: a region so named is left out before scoring (unless also [`MAYBE_ARTICLE`]).
const UNLIKELY: &[&str] = &[
    "-ad-",
    "ai2html",
    "banner",
    "breadcrumb",
    "combx",
    "comment",
    "community",
    "cover-wrap",
    "disqus",
    "extra",
    "footer",
    "gdpr",
    "header",
    "legends",
    "menu",
    "related",
    "remark",
    "replies",
    "rss",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "social",
    "sponsor",
    "supplemental",
    "ad-break",
    "agegate",
    "pagination",
    "pager",
    "popup",
    "yom-remote",
    "cookie",
    "consent",
    "newsletter",
    "subscribe",
    "share",
    "sharing",
    "toolbar",
    "navbar",
    "topbar",
    "copyright",
    "recommend",
    "hot-?news",
    "xiangguan",
    "tuijian",
    "pinglun",
    "rodape",
    "fusszeile",
    "pie-?de-?pagina",
    "breaking",
    "swiper",
    "carousel",
];

/// Maybe article after all: a name in [`UNLIKELY`] that also holds one of these is not left out.
const MAYBE_ARTICLE: &[&str] = &[
    "and", "article", "body", "column", "content", "main", "shadow", "text", "story", "entry", "post",
];

/// Positive hints: +25 to an element's score.
const POSITIVE: &[&str] = &[
    "article",
    "body",
    "content",
    "entry",
    "hentry",
    "h-entry",
    "main",
    "page",
    "post",
    "text",
    "blog",
    "story",
    "detail",
    "zhengwen",
    "正文",
    "artic",
    "news_?txt",
    "art_?con",
    "con_?text",
    "rich_?media",
    "cont",
];

/// Negative hints: −25 to an element's score.
const NEGATIVE: &[&str] = &[
    "-ad-",
    "hidden",
    "^hid$",
    " hid$",
    " hid ",
    "^hid ",
    "banner",
    "combx",
    "comment",
    "com-",
    "contact",
    "footer",
    "gdpr",
    "masthead",
    "media",
    "meta",
    "outbrain",
    "promo",
    "related",
    "scroll",
    "share",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "sponsor",
    "shopping",
    "tags",
    "widget",
    "nav",
    "menu",
    "breadcrumb",
    "author",
    "byline",
    "date",
    "time",
    "copyright",
    "recommend",
    "subscribe",
    "newsletter",
    "相关",
    "推荐",
    "版权",
    "评论",
    "分享",
    "责任编辑",
    "xiangguan",
    "tuijian",
    "pinglun",
    "fenxiang",
    "rodape",
    "fusszeile",
    "pie-?de-?pagina",
];

/// Discussions: readers' text, however much of it there is.
const DISCUSSION: &[&str] = &[
    "comment",
    "replies",
    "disqus",
    "pinglun",
    "remark",
    "shoutbox",
    "community",
    "评论",
];

/// Bare layout-grid classes (Bootstrap's): they say nothing, though `container` reads as `cont`.
const LAYOUT_CLASSES: &[&str] = &["container", "container-fluid"];

/// Tags never left out as unlikely, whatever their names.
const NEVER_UNLIKELY_TAGS: &[&str] = &["html", "body", "a", "article", "main"];

/// Tags always left out as unlikely.
const UNLIKELY_TAGS: &[&str] = &["nav", "aside", "footer"];

/// ARIA roles of page chrome, left out as unlikely.
const UNLIKELY_ROLES: &[&str] = &["navigation", "complementary", "banner", "contentinfo", "menu"];

/// The regex matching any of `words`.
fn any_of(words: &[&str]) -> Regex {
    Regex::new(&words.join("|")).expect("built-in hint pattern")
}

static UNLIKELY_RE: LazyLock<Regex> = LazyLock::new(|| any_of(UNLIKELY));
static MAYBE_ARTICLE_RE: LazyLock<Regex> = LazyLock::new(|| any_of(MAYBE_ARTICLE));
static POSITIVE_RE: LazyLock<Regex> = LazyLock::new(|| any_of(POSITIVE));
static NEGATIVE_RE: LazyLock<Regex> = LazyLock::new(|| any_of(NEGATIVE));
static DISCUSSION_RE: LazyLock<Regex> = LazyLock::new(|| any_of(DISCUSSION));

/// The element's class and id, lower case. Values that are URLs or paths (some sites use the
/// article URL as an id) say nothing about the element and are skipped.
pub(super) fn class_id(el: &Element) -> String {
    let mut s = String::new();
    for value in [el.attr("class"), el.attr("id")].into_iter().flatten() {
        if !value.contains('/') {
            s.push_str(value);
        }
        s.push(' ');
    }
    s.make_ascii_lowercase();
    // A bare layout-grid class (`container`, Bootstrap's) says nothing, though it reads as
    // `cont`; compounds such as `post-container` still count.
    let mut out = String::with_capacity(s.len());
    for token in s.split_whitespace().filter(|t| !LAYOUT_CLASSES.contains(t)) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(token);
    }
    out
}

/// Class/id weight: +25 for article-ish names, −25 for boilerplate-ish ones.
pub(super) fn class_weight(el: &Element) -> f64 {
    let s = class_id(el);
    if s.trim().is_empty() {
        return 0.0;
    }
    let mut w = 0.0;
    if NEGATIVE_RE.is_match(&s) {
        w -= 25.0;
    }
    if POSITIVE_RE.is_match(&s) {
        w += 25.0;
    }
    w
}

/// Never the article: page chrome by tag, role or name.
pub(super) fn is_unlikely(el: &Element) -> bool {
    let tag = el.name();
    if NEVER_UNLIKELY_TAGS.contains(&tag) {
        return false;
    }
    if UNLIKELY_TAGS.contains(&tag) {
        return true;
    }
    if el.attr("role").is_some_and(|r| UNLIKELY_ROLES.contains(&r)) {
        return true;
    }
    let s = class_id(el);
    !s.trim().is_empty() && UNLIKELY_RE.is_match(&s) && !MAYBE_ARTICLE_RE.is_match(&s)
}

/// A page or article header (`<header>`, `class="article-header"`): unlikely as the content,
/// but where a standfirst is set, next to the headline.
pub(super) fn is_page_header(el: &Element) -> bool {
    el.name() == "header" || class_id(el).contains("header")
}

/// Named like a discussion (comments, replies).
pub(super) fn is_discussion(el: &Element) -> bool {
    DISCUSSION_RE.is_match(&class_id(el))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_list_builds_its_regex() {
        for words in [UNLIKELY, MAYBE_ARTICLE, POSITIVE, NEGATIVE, DISCUSSION] {
            assert!(!words.is_empty());
            any_of(words);
        }
    }
}
