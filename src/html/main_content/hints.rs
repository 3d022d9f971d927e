//! What an element's class, id, tag and role say about it: article-like, boilerplate, never the
//! article, a page header, a discussion. The names are the main-content rule's ([`Hints`],
//! compiled from its options), matched anywhere in the element's lower-cased class and id
//! ([`class_id`]).

use scraper::node::Element;

use crate::kinds::main_content::Hints;

/// The element's class and id, lower case. Values that are URLs or paths (some sites use the
/// article URL as an id) say nothing about the element and are skipped.
pub(super) fn class_id(hints: &Hints, el: &Element) -> String {
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
    for token in s
        .split_whitespace()
        .filter(|t| !hints.layout_classes.iter().any(|c| c == t))
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(token);
    }
    out
}

/// Class/id weight: +25 for article-ish names, −25 for boilerplate-ish ones.
pub(super) fn class_weight(hints: &Hints, el: &Element) -> f64 {
    let s = class_id(hints, el);
    if s.trim().is_empty() {
        return 0.0;
    }
    let mut w = 0.0;
    if hints.negative.is_match(&s) {
        w -= 25.0;
    }
    if hints.positive.is_match(&s) {
        w += 25.0;
    }
    w
}

/// Never the article: page chrome by tag, role or name.
pub(super) fn is_unlikely(hints: &Hints, el: &Element) -> bool {
    let tag = el.name();
    if hints.never_unlikely_tags.iter().any(|t| t == tag) {
        return false;
    }
    if hints.unlikely_tags.iter().any(|t| t == tag) {
        return true;
    }
    if el
        .attr("role")
        .is_some_and(|r| hints.unlikely_roles.iter().any(|u| u == r))
    {
        return true;
    }
    let s = class_id(hints, el);
    !s.trim().is_empty() && hints.unlikely.is_match(&s) && !hints.maybe_article.is_match(&s)
}

/// A page or article header (`<header>`, `class="article-header"`): unlikely as the content,
/// but where a standfirst is set, next to the headline.
pub(super) fn is_page_header(hints: &Hints, el: &Element) -> bool {
    el.name() == "header" || hints.page_header.is_match(&class_id(hints, el))
}

/// Named like a discussion (comments, replies).
pub(super) fn is_discussion(hints: &Hints, el: &Element) -> bool {
    hints.discussion.is_match(&class_id(hints, el))
}
