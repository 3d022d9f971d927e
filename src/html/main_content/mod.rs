//! Main-content extraction: which part of a page is the article.
//!
//! Text blocks (elements with inline text) are scored by length and punctuation (CJK marks
//! count) and the score flows to their ancestors; class and id hints (`article`, `content`, `正文`
//! vs `comment`, `related`, `相关`) and link density weigh in. The best-scoring element, moved up
//! while its parent scores higher, plus its siblings that score near it, is the content; inside
//! it, link-heavy or negatively hinted containers are pruned. Regions whose class or id say
//! "never article" (`nav`, `sidebar`, `comment`, …) are left out before scoring, unless one holds
//! much of the page's punctuation, and scoring is retried without that step when it leaves too
//! little text. The content's trailing chrome is trimmed, and a lead paragraph set before it
//! (or a standfirst in a left-out page header) joins it. Every traversal is iterative, so a page
//! nested a hundred thousand levels deep costs time, not stack.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::OnceLock;

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use regex::Regex;
use scraper::Node;

use crate::html::render::element_text;

/// Tuning of the extractor (the `html.main-content` rule's options).
#[derive(Clone, Debug, serde::Serialize)]
pub struct MainContentParams {
    /// Shortest inline text, in chars, that counts as a paragraph.
    pub min_paragraph_chars: usize,
    /// A sibling joins the content when it scores at least this share of the best candidate.
    pub sibling_share: f64,
    /// Below this many chars of content the first attempt is retried more leniently.
    pub min_content_chars: usize,
    /// The best candidate's parent is taken whole when its link density is below this.
    pub parent_link_density: f64,
    /// A sibling between two kept ones joins the content when its link density is below this.
    pub interior_link_density: f64,
    /// The candidate climbs up to this many ancestors and becomes the highest that holds at least
    /// `climb_punct_gain` times its punctuation; an ancestor with a link density of
    /// `climb_link_density` or more, or named like boilerplate, stops the climb.
    pub climb_levels: usize,
    pub climb_punct_gain: f64,
    pub climb_link_density: f64,
    /// Trailing blocks of the content shorter than this (in chars) or link-heavy are left out,
    /// up to the last one that reads like a paragraph (0 turns it off).
    pub tail_good_chars: usize,
    /// A positive class/id hint counts in full on an element with this many chars, and in
    /// proportion on a smaller one (0: always in full).
    pub hint_full_chars: usize,
    /// Paragraphs just before the content, inside its ancestors up to this many levels, join it
    /// (a lead paragraph set apart from the body); 0 turns it off.
    pub lead_levels: usize,
    /// A never-article region holding at least this share of the page's punctuation is scored
    /// after all (0 turns it off).
    pub unlikely_keep_share: f64,
    /// A paragraph's punctuation counts towards its score up to this many marks.
    pub paragraph_punct_cap: usize,
}

impl Default for MainContentParams {
    fn default() -> Self {
        MainContentParams {
            min_paragraph_chars: 20,
            sibling_share: 0.2,
            min_content_chars: 200,
            parent_link_density: 0.05,
            interior_link_density: 0.33,
            climb_levels: 6,
            climb_punct_gain: 1.8,
            climb_link_density: 0.25,
            tail_good_chars: 80,
            hint_full_chars: 400,
            lead_levels: 10,
            unlikely_keep_share: 0.4,
            paragraph_punct_cap: 20,
        }
    }
}

/// Where the article is: the content roots in document order, and the elements inside them (or
/// around them) left out.
#[derive(Debug, Default)]
pub struct Content {
    pub roots: Vec<NodeId>,
    /// Elements left out, in document order: non-content regions and pruned containers.
    pub left_out: Vec<NodeId>,
    /// The blocks trimmed off the content's end, in document order (also in `left_out`): where
    /// bylines and editors' lines sit.
    pub tail: Vec<NodeId>,
}

#[derive(Default, Clone, Copy, Debug, PartialEq)]
struct Stats {
    chars: usize,
    link_chars: usize,
    punct: usize,
    /// Text directly in the element or in its inline children (not in block children).
    inline_chars: usize,
    inline_punct: usize,
    paragraphs: usize,
    list_items: usize,
    images: usize,
}

impl Stats {
    fn link_density(&self) -> f64 {
        if self.chars == 0 {
            0.0
        } else {
            self.link_chars as f64 / self.chars as f64
        }
    }
}

/// Inline elements: their text belongs to the enclosing block's paragraph.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd", "mark", "q",
    "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr", "br", "img", "label",
    "strike", "big", "tt", "ins", "del",
];

fn is_inline(tag: &str) -> bool {
    INLINE.contains(&tag)
}

/// The element's class and id, lower case. Values that are URLs or paths (some sites use the
/// article URL as an id) say nothing about the element and are skipped.
fn class_id(el: &scraper::node::Element) -> String {
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
        .filter(|t| !matches!(*t, "container" | "container-fluid"))
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(token);
    }
    out
}

fn regexes() -> &'static [Regex; 5] {
    static RE: OnceLock<[Regex; 5]> = OnceLock::new();
    RE.get_or_init(|| {
        let build = |p: &str| Regex::new(p).expect("built-in hint pattern");
        [
            // Never article: dropped before scoring (unless also a maybe-candidate).
            build(r"-ad-|ai2html|banner|breadcrumb|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote|cookie|consent|newsletter|subscribe|share|sharing|toolbar|navbar|topbar|copyright|recommend|hot-?news|xiangguan|tuijian|pinglun|rodape|fusszeile|pie-?de-?pagina|breaking|swiper|carousel"),
            // Maybe article after all.
            build(r"and|article|body|column|content|main|shadow|text|story|entry|post"),
            // Positive hints.
            build(r"article|body|content|entry|hentry|h-entry|main|page|post|text|blog|story|detail|zhengwen|正文|artic|news_?txt|art_?con|con_?text|rich_?media|cont"),
            // Negative hints.
            build(r"-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget|nav|menu|breadcrumb|author|byline|date|time|copyright|recommend|subscribe|newsletter|相关|推荐|版权|评论|分享|责任编辑|xiangguan|tuijian|pinglun|fenxiang|rodape|fusszeile|pie-?de-?pagina"),
            // Discussions: readers' text, however much of it there is.
            build(r"comment|replies|disqus|pinglun|remark|shoutbox|community|评论"),
        ]
    })
}

/// Class/id weight: +25 for article-ish names, −25 for boilerplate-ish ones.
fn class_weight(el: &scraper::node::Element) -> f64 {
    let s = class_id(el);
    if s.trim().is_empty() {
        return 0.0;
    }
    let [_, _, positive, negative, _] = regexes();
    let mut w = 0.0;
    if negative.is_match(&s) {
        w -= 25.0;
    }
    if positive.is_match(&s) {
        w += 25.0;
    }
    w
}

fn is_unlikely(el: &scraper::node::Element) -> bool {
    let tag = el.name();
    if matches!(tag, "html" | "body" | "a" | "article" | "main") {
        return false;
    }
    if matches!(tag, "nav" | "aside" | "footer") {
        return true;
    }
    if el.attr("role").is_some_and(|r| {
        matches!(
            r,
            "navigation" | "complementary" | "banner" | "contentinfo" | "menu"
        )
    }) {
        return true;
    }
    let s = class_id(el);
    let [unlikely, maybe, _, _, _] = regexes();
    !s.trim().is_empty() && unlikely.is_match(&s) && !maybe.is_match(&s)
}

/// A page or article header (`<header>`, `class="article-header"`): unlikely as the content,
/// but where a standfirst is set, next to the headline.
fn is_page_header(el: &scraper::node::Element) -> bool {
    el.name() == "header" || class_id(el).contains("header")
}

fn is_punct(c: char) -> bool {
    matches!(
        c,
        ',' | '.' | '!' | '?' | ';' | ':' | '，' | '。' | '！' | '？' | '；' | '：' | '、'
    )
}

fn base_score(tag: &str) -> f64 {
    match tag {
        "div" | "article" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    }
}

/// Finds the article under `body`. `skip` holds elements already dropped (selector rules).
pub fn find_main(body: NodeRef<Node>, skip: &HashSet<NodeId>, params: &MainContentParams) -> Content {
    // Both attempts start from the same statistics of the page.
    let full = collect_stats(body, skip);
    let strict = attempt(body, skip, &full, params, true);
    if strict.1 >= params.min_content_chars {
        return strict.0;
    }
    let lenient = attempt(body, skip, &full, params, false);
    if lenient.1 > strict.1 {
        lenient.0
    } else {
        strict.0
    }
}

/// One extraction from the page's statistics `full` ([`collect_stats`] with `skip`); returns the
/// content and how many chars it holds.
#[allow(clippy::too_many_lines)] // split by issue 21
fn attempt(
    body: NodeRef<Node>,
    skip: &HashSet<NodeId>,
    full: &HashMap<NodeId, Stats>,
    params: &MainContentParams,
    strict: bool,
) -> (Content, usize) {
    let mut left_out: Vec<NodeId> = Vec::new();
    let mut excluded: HashSet<NodeId> = skip.clone();
    if strict {
        // A region named like chrome that holds much of the page's punctuation is the article
        // (a page whose markup puts the story inside its `<header>`); discussions excepted.
        let share = params.unlikely_keep_share;
        let page_punct = full.get(&body.id()).map_or(0, |s| s.punct) as f64;
        let holds_page = |n: NodeRef<Node>, e: &scraper::node::Element| {
            let [_, _, _, _, discussion] = regexes();
            share > 0.0
                && !discussion.is_match(&class_id(e))
                && full
                    .get(&n.id())
                    .is_some_and(|st| st.punct >= 10 && st.punct as f64 >= share * page_punct)
        };
        // Outermost unlikely elements only: once inside one, its subtree is left out with it.
        let mut inside: Option<NodeId> = None;
        for edge in body.traverse() {
            match edge {
                Edge::Open(n) if inside.is_none() && n.id() != body.id() => {
                    if skip.contains(&n.id()) {
                        inside = Some(n.id());
                    } else if let Node::Element(e) = n.value() {
                        if is_unlikely(e) && !holds_page(n, e) {
                            excluded.insert(n.id());
                            left_out.push(n.id());
                            inside = Some(n.id());
                        }
                    }
                }
                Edge::Close(n) if inside == Some(n.id()) => inside = None,
                _ => {}
            }
        }
    }
    // A page header left out as unlikely may still hold the standfirst: its statistics are kept
    // aside for the lead's walk.
    let mut header_stats: HashMap<NodeId, Stats> = HashMap::default();
    for &id in &left_out {
        let Some(n) = body.tree().get(id) else { continue };
        if n.value().as_element().is_some_and(is_page_header) {
            for d in n.descendants() {
                if let Some(st) = full.get(&d.id()) {
                    header_stats.insert(d.id(), *st);
                }
            }
        }
    }
    // The unlikely regions, all in `left_out` so far, are taken out of the page's statistics.
    let stats = if left_out.is_empty() {
        std::borrow::Cow::Borrowed(full)
    } else {
        std::borrow::Cow::Owned(without(full.clone(), body, &left_out))
    };

    // Score paragraphs into their ancestors, remembering candidates in document order.
    let mut scores: HashMap<NodeId, f64> = HashMap::default();
    let mut order: Vec<NodeId> = Vec::new();
    for edge in body.traverse() {
        let Edge::Open(n) = edge else { continue };
        let Some(st) = stats.get(&n.id()) else { continue };
        let Node::Element(e) = n.value() else { continue };
        if is_inline(e.name()) || st.inline_chars < params.min_paragraph_chars {
            continue;
        }
        // Capped: a list of names or tags (a letter's signatories) is all commas, not prose.
        let punct = st.inline_punct.min(params.paragraph_punct_cap) as f64;
        let score = 1.0 + punct + (st.inline_chars as f64 / 100.0).min(3.0);
        // The paragraph itself, when it is a container of inline text (a `<div>` with `<br>`s).
        let targets = std::iter::once(n).chain(n.ancestors()).take(6);
        for (level, a) in targets.enumerate() {
            let Node::Element(ae) = a.value() else { break };
            if !stats.contains_key(&a.id()) {
                break;
            }
            let divider = match level {
                0 | 1 => 1.0,
                2 => 2.0,
                l => (l - 1) as f64 * 3.0,
            };
            if level == 0 && e.name() == "p" {
                continue;
            }
            let entry = scores.entry(a.id()).or_insert_with(|| {
                order.push(a.id());
                // A content-like name on a few words (a date box, a caption) must not outweigh
                // the prose around it: the bonus grows with the text up to `hint_full_chars`.
                let mut w = class_weight(ae);
                if w > 0.0 && params.hint_full_chars > 0 {
                    w *= (stats[&a.id()].chars as f64 / params.hint_full_chars as f64).min(1.0);
                }
                base_score(ae.name()) + w
            });
            *entry += score / divider;
            if a.id() == body.id() {
                break;
            }
        }
    }
    let final_score = |id: NodeId| {
        scores
            .get(&id)
            .map_or(0.0, |s| s * (1.0 - stats[&id].link_density()))
    };
    let Some(mut top) = order
        .iter()
        .copied()
        .filter(|id| *id != body.id())
        .max_by(|a, b| final_score(*a).total_cmp(&final_score(*b)).then(b.cmp(a)))
        .or(order.first().copied())
    else {
        return (Content::default(), 0);
    };
    // Move up while the parent holds more of the article than the candidate alone.
    while let Some(parent) = body.tree().get(top).and_then(|n| n.parent()) {
        if parent.id() == body.id()
            || !stats.contains_key(&parent.id())
            || final_score(parent.id()) <= final_score(top)
        {
            break;
        }
        top = parent.id();
    }

    // A parent that is itself mostly prose (few links, no boilerplate hint) holds the article's
    // other sections (tables, lists, subheadings) that score low on their own: take it whole.
    if let Some(parent) = body.tree().get(top).and_then(|n| n.parent()) {
        let ok = parent.id() != body.id()
            && stats
                .get(&parent.id())
                .is_some_and(|s| s.link_density() < params.parent_link_density)
            && parent
                .value()
                .as_element()
                .is_some_and(|e| class_weight(e) >= 0.0);
        if ok {
            top = parent.id();
        }
    }
    // An article in several sections (a recipe's ingredients and steps, chunks between ads)
    // scores per section: the highest ancestor holding much more prose is the article.
    // Wrappers of the same section (a grid cell) do not stop the climb; an ancestor named like
    // boilerplate or heavy with links does.
    let base_punct = stats.get(&top).map_or(1, |t| t.punct.max(1)) as f64;
    let mut up = body.tree().get(top).and_then(|n| n.parent());
    for _ in 0..params.climb_levels {
        let Some(a) = up else { break };
        let Some(st) = stats.get(&a.id()) else { break };
        let named_ok = a
            .value()
            .as_element()
            .is_some_and(|e| class_weight(e) >= 0.0 && !is_unlikely(e));
        if a.id() == body.id() || !named_ok || st.link_density() >= params.climb_link_density {
            break;
        }
        if st.punct as f64 >= params.climb_punct_gain * base_punct {
            top = a.id();
        }
        up = a.parent();
    }

    // The top candidate's siblings that score near it, or read like paragraphs.
    let top_node = body.tree().get(top).expect("candidate is in the tree");
    let top_score = final_score(top);
    let threshold = (top_score * params.sibling_share).max(10.0);
    let mut roots = Vec::new();
    let siblings: Vec<NodeRef<Node>> = match top_node.parent() {
        Some(p) if top != body.id() => p.children().collect(),
        _ => vec![top_node],
    };
    let top_class = top_node
        .value()
        .as_element()
        .and_then(|e| e.attr("class"))
        .unwrap_or("");
    let mut decided: Vec<(NodeId, bool, bool)> = Vec::new();
    for s in siblings {
        let id = s.id();
        let Some(st) = stats.get(&id) else { continue };
        let Node::Element(e) = s.value() else { continue };
        let mut keep = id == top;
        if !keep {
            let bonus = if !top_class.is_empty() && e.attr("class") == Some(top_class) {
                top_score * 0.2
            } else {
                0.0
            };
            keep = scores.contains_key(&id) && final_score(id) + bonus >= threshold;
        }
        // A paragraph, or a `<div>` holding only inline text and not named like boilerplate.
        let paragraph_like = || {
            e.name() == "p"
                || (matches!(e.name(), "div" | "section")
                    && st.chars == st.inline_chars
                    && class_weight(e) >= 0.0)
        };
        if !keep && paragraph_like() {
            let ld = st.link_density();
            keep =
                (st.chars > 80 && ld < 0.25) || (st.chars > 0 && st.chars <= 80 && ld == 0.0 && st.punct > 0);
        }
        // Between two kept siblings, a heading, list or table that is not link-heavy or named
        // like boilerplate belongs to the article (ingredient lists, result tables, subheads).
        let interior = !keep
            && st.chars > 0
            && st.link_density() < params.interior_link_density
            && class_weight(e) >= 0.0
            && !is_unlikely(e);
        decided.push((id, keep, interior));
    }
    let first = decided.iter().position(|d| d.1);
    let last = decided.iter().rposition(|d| d.1);
    for (k, &(id, keep, interior)) in decided.iter().enumerate() {
        let inside = first.is_some_and(|f| f < k) && last.is_some_and(|l| k < l);
        if keep || (interior && inside) {
            roots.push(id);
        } else if stats.get(&id).is_some_and(|st| st.chars > 0) {
            left_out.push(id);
        }
    }
    // What lies outside the roots' parent is left out too (menus, footers, other columns).
    if let Some(parent) = top_node.parent() {
        let mut inner = parent;
        while let Some(up) = inner.parent() {
            if inner.id() == body.id() {
                break;
            }
            for s in up.children() {
                if s.id() != inner.id() && stats.get(&s.id()).is_some_and(|st| st.chars > 0) {
                    left_out.push(s.id());
                }
            }
            inner = up;
        }
    }

    // Inside the content: prune link-heavy or negatively hinted containers.
    let mut chars = 0;
    let (mut pruned_ids, mut pruned_chars) = (Vec::new(), 0);
    for &root in &roots {
        let root_node = body.tree().get(root).expect("root is in the tree");
        let mut pruned_under: Option<NodeId> = None;
        for edge in root_node.traverse() {
            match edge {
                Edge::Open(n) => {
                    if pruned_under.is_some() || n.id() == root || excluded.contains(&n.id()) {
                        continue;
                    }
                    let Some(st) = stats.get(&n.id()) else { continue };
                    if should_prune(n, st, scores.get(&n.id()).copied().unwrap_or(0.0)) {
                        pruned_under = Some(n.id());
                        pruned_ids.push(n.id());
                        pruned_chars += st.chars;
                    }
                }
                Edge::Close(n) => {
                    if pruned_under == Some(n.id()) {
                        pruned_under = None;
                    }
                }
            }
        }
        chars += stats[&root].chars;
    }
    // Pruning that would leave under a quarter of the content took the article itself (a
    // paywall preview in a `media-box`): the content stays whole.
    if pruned_chars * 4 < chars * 3 {
        left_out.extend(pruned_ids);
    }
    let tail = if params.tail_good_chars > 0 {
        trim_tail(body, &roots, &excluded, &stats, params, &left_out)
    } else {
        Vec::new()
    };
    left_out.extend(tail.iter().copied());
    if params.lead_levels > 0 {
        // The content's statistics, or a left-out header's.
        let st = |id: &NodeId| stats.get(id).or_else(|| header_stats.get(id));
        let lead = find_lead(body, &roots, &st, params, &left_out);
        for &id in &lead {
            carve(body, &mut left_out, id, &st);
            chars += st(&id).map_or(0, |s| s.chars);
        }
        roots.splice(0..0, lead);
        // A page header left out inside the content (the article's own `<header>`) gives back
        // its standfirst in place.
        let inside: Vec<NodeId> = left_out
            .iter()
            .copied()
            .filter(|id| header_stats.contains_key(id) && inside_any(body, *id, &roots))
            .collect();
        for header in inside {
            for id in standfirst(body, header, &header_stats, params) {
                carve(body, &mut left_out, id, &st);
                chars += st(&id).map_or(0, |s| s.chars);
            }
        }
    }
    let pruned: usize = left_out
        .iter()
        .filter(|id| {
            roots.iter().any(|r| {
                body.tree()
                    .get(**id)
                    .is_some_and(|n| n.ancestors().any(|a| a.id() == *r))
            })
        })
        .filter_map(|id| stats.get(id).map(|s| s.chars))
        .sum();
    let position: HashMap<NodeId, usize> = body
        .traverse()
        .filter_map(|e| match e {
            Edge::Open(n) => Some(n.id()),
            Edge::Close(_) => None,
        })
        .enumerate()
        .map(|(i, id)| (id, i))
        .collect();
    left_out.sort_by_key(|id| position.get(id).copied().unwrap_or(usize::MAX));
    left_out.dedup();
    (
        Content {
            roots,
            left_out,
            tail,
        },
        chars.saturating_sub(pruned),
    )
}

/// The paragraphs just before the content that read like its lead: a teaser or intro set in the
/// page header, apart from the body. Walks back from the content's start over the text blocks
/// of its ancestors up to `lead_levels` levels (none named like boilerplate), past short chrome
/// (dates, bylines, share bars, a kicker), and stops at the headline (`h1`, `h2`) or after too
/// many non-paragraphs. A page header left out as unlikely is walked too: `stats` knows it.
fn find_lead<'a>(
    body: NodeRef<Node>,
    roots: &[NodeId],
    stats: &impl Fn(&NodeId) -> Option<&'a Stats>,
    params: &MainContentParams,
    left_out: &[NodeId],
) -> Vec<NodeId> {
    const MAX_CHROME_BLOCKS: usize = 8;
    let Some(first) = roots.first().and_then(|id| body.tree().get(*id)) else {
        return Vec::new();
    };
    let mut scope = first;
    for _ in 0..params.lead_levels {
        match scope.parent() {
            Some(p) if stats(&p.id()).is_some() => {
                let named_ok = p.id() == body.id()
                    || p.value()
                        .as_element()
                        .is_some_and(|e| class_weight(e) >= 0.0 && !is_unlikely(e));
                if !named_ok {
                    break;
                }
                scope = p;
                if p.id() == body.id() {
                    break;
                }
            }
            _ => break,
        }
    }
    if scope.id() == first.id() {
        return Vec::new();
    }
    // A block named like boilerplate, or a left-out one heavy with links (a share bar, a
    // related list), counts as one chrome block, whatever it holds.
    let left: HashSet<NodeId> = left_out.iter().copied().collect();
    let mut lead = Vec::new();
    let mut chrome = 0;
    // Backwards in document order from the content's start, so that only the few blocks before
    // it are looked at: `stack` holds the subtree being walked, last child on top.
    let mut cur = first;
    let mut stack: Vec<NodeRef<Node>> = Vec::new();
    loop {
        let Some(n) = stack.pop() else {
            let prev = loop {
                if let Some(p) = cur.prev_sibling() {
                    break Some(p);
                }
                match cur.parent() {
                    Some(up) if up.id() != scope.id() => cur = up,
                    _ => break None,
                }
            };
            let Some(p) = prev else { break };
            cur = p;
            stack.push(p);
            continue;
        };
        let (Node::Element(e), Some(st)) = (n.value(), stats(&n.id())) else {
            continue;
        };
        let boilerplate =
            st.chars > 0 && (class_weight(e) < 0.0 || (left.contains(&n.id()) && st.link_density() > 0.2));
        // Only leaf blocks (all text inline) are judged; containers are walked into.
        if !boilerplate && (is_inline(e.name()) || st.inline_chars == 0 || st.chars != st.inline_chars) {
            stack.extend(n.children());
            continue;
        }
        // The headline, or a standfirst set as a subheading, ends the walk; a smaller heading
        // (a kicker, a date) is chrome.
        if matches!(e.name(), "h1" | "h2") {
            break;
        }
        if !boilerplate && reads_like_lead(st, params) {
            lead.push(n.id());
        } else {
            chrome += 1;
            if chrome > MAX_CHROME_BLOCKS {
                break;
            }
        }
    }
    lead.reverse();
    lead
}

/// A leaf block long enough, with punctuation and few links, to be a lead or standfirst.
fn reads_like_lead(st: &Stats, params: &MainContentParams) -> bool {
    st.chars >= params.tail_good_chars.max(1) && st.link_density() < 0.2 && st.punct > 0
}

fn inside_any(body: NodeRef<Node>, id: NodeId, roots: &[NodeId]) -> bool {
    body.tree()
        .get(id)
        .is_some_and(|n| n.ancestors().any(|a| roots.contains(&a.id())))
}

/// The paragraphs after a page header's headline (`h1`, `h2`): its standfirst. A header
/// without a headline gives nothing.
fn standfirst(
    body: NodeRef<Node>,
    header: NodeId,
    stats: &HashMap<NodeId, Stats>,
    params: &MainContentParams,
) -> Vec<NodeId> {
    let Some(node) = body.tree().get(header) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let mut after_headline = false;
    let mut under: Option<NodeId> = None;
    for edge in node.traverse() {
        let n = match edge {
            Edge::Open(n) if under.is_none() => n,
            Edge::Close(n) if under == Some(n.id()) => {
                under = None;
                continue;
            }
            _ => continue,
        };
        let (Node::Element(e), Some(st)) = (n.value(), stats.get(&n.id())) else {
            continue;
        };
        if matches!(e.name(), "h1" | "h2") {
            after_headline = true;
            found.clear();
            under = Some(n.id());
            continue;
        }
        // Leaf blocks only, as in the lead's walk.
        if n.id() == header || is_inline(e.name()) || st.inline_chars == 0 || st.chars != st.inline_chars {
            continue;
        }
        under = Some(n.id());
        if after_headline && class_weight(e) >= 0.0 && reads_like_lead(st, params) {
            found.push(n.id());
        }
    }
    found
}

/// Takes `id` out of the left-out elements that hold it: each such ancestor is replaced by its
/// other children, so that only `id` comes back.
fn carve<'a>(
    body: NodeRef<Node>,
    left_out: &mut Vec<NodeId>,
    id: NodeId,
    stats: &impl Fn(&NodeId) -> Option<&'a Stats>,
) {
    let Some(node) = body.tree().get(id) else { return };
    let path: Vec<NodeRef<Node>> = std::iter::once(node).chain(node.ancestors()).collect();
    for k in (1..path.len()).rev() {
        let ancestor = path[k];
        let Some(at) = left_out.iter().position(|x| *x == ancestor.id()) else {
            continue;
        };
        left_out.remove(at);
        let keep = path[k - 1].id();
        for c in ancestor.children() {
            if c.id() != keep && stats(&c.id()).is_some_and(|st| st.chars > 0) {
                left_out.push(c.id());
            }
        }
    }
}

/// The content's trailing blocks up to the last paragraph-like one: author boxes, "rate this",
/// share prompts and "read more" lines sit there, after the article's last sentence.
fn trim_tail(
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
        let mut skipping: Option<NodeId> = None;
        for edge in root_node.traverse() {
            match edge {
                Edge::Open(n) => {
                    if skipping.is_some() {
                        continue;
                    }
                    if excluded.contains(&n.id()) || out.contains(&n.id()) {
                        skipping = Some(n.id());
                        continue;
                    }
                    let Node::Element(e) = n.value() else { continue };
                    let Some(st) = stats.get(&n.id()) else { continue };
                    if is_inline(e.name()) || st.inline_chars == 0 {
                        continue;
                    }
                    let leaf = st.chars == st.inline_chars && !matches!(e.name(), "td" | "th");
                    blocks.push((n, leaf));
                    if leaf {
                        skipping = Some(n.id());
                    }
                }
                Edge::Close(n) => {
                    if skipping == Some(n.id()) {
                        skipping = None;
                    }
                }
            }
        }
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
                (st.chars >= params.tail_good_chars && ld < 0.3)
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
    t.ends_with(['.', '!', '。', '！', '…']) && !t.ends_with("...")
}

/// readability's "clean conditionally", with CJK punctuation counted.
fn should_prune(n: NodeRef<Node>, st: &Stats, score: f64) -> bool {
    let Node::Element(e) = n.value() else { return false };
    let tag = e.name();
    let weight = class_weight(e);
    let ld = st.link_density();
    match tag {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => weight < 0.0 || ld > 0.33,
        "fieldset" | "nav" | "aside" | "footer" => true,
        // Shops and ASP.NET pages wrap content in `<form>`: judge it like any container.
        "div" | "section" | "ul" | "ol" | "table" | "dl" | "header" | "figure" | "form" => {
            // Named like boilerplate, with too little prose to outweigh the name. A list or
            // table whose short items score below zero is not pruned for that alone.
            if weight < 0.0 && weight + score < 0.0 {
                return true;
            }
            if st.punct >= 10 && ld < 0.5 {
                return false;
            }
            let is_list = matches!(tag, "ul" | "ol");
            // Ingredient lists and result tables link many of their items.
            let link_limit = if is_list || matches!(tag, "table" | "dl") {
                0.35
            } else {
                0.2
            };
            (ld > link_limit && weight < 25.0)
                || (ld > 0.5 && weight >= 25.0)
                || (!is_list && st.list_items > st.paragraphs + 1 && ld > 0.1)
                || (st.chars < 25 && st.images == 0 && ld > 0.0)
        }
        "p" | "li" => ld > 0.5 && st.punct < 3,
        _ => false,
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
fn without(
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
fn collect_stats(body: NodeRef<Node>, excluded: &HashSet<NodeId>) -> HashMap<NodeId, Stats> {
    let mut out: HashMap<NodeId, Stats> = HashMap::default();
    let mut stack: Vec<(NodeId, Stats, bool)> = Vec::new();
    let mut skipping: Option<NodeId> = None;
    let mut in_link = 0usize;
    for edge in body.traverse() {
        match edge {
            Edge::Open(n) => {
                if skipping.is_some() {
                    continue;
                }
                match n.value() {
                    Node::Element(e) => {
                        if excluded.contains(&n.id()) {
                            skipping = Some(n.id());
                            continue;
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
                                punct += usize::from(is_punct(c));
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
                }
            }
            Edge::Close(n) => {
                if let Some(s) = skipping {
                    if s == n.id() {
                        skipping = None;
                    }
                    continue;
                }
                let Node::Element(e) = n.value() else { continue };
                let Some((id, mut st, inline)) = stack.pop() else {
                    continue;
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
    }
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
