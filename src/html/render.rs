//! The kept elements rendered as text lines: one line per block, a table row on one line (its
//! cells a space apart), white space folded as a browser folds it; the lines around the article;
//! and the texts and paths that report what was left out.

use rustc_hash::FxHashMap as HashMap;

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::{ElementRef, Node};

use super::walk::{walk, Step};

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

/// Appends the text under `root` to `out`, one line per block, leaving out dropped elements.
pub(super) fn render(
    root: NodeRef<Node>,
    dropped: &HashMap<NodeId, usize>,
    left_out: &HashMap<NodeId, usize>,
    out: &mut String,
) {
    walk(root, |edge| {
        match edge {
            Edge::Open(n) => match n.value() {
                Node::Text(t) => push_collapsed(out, t),
                Node::Element(_) if dropped.contains_key(&n.id()) || left_out.contains_key(&n.id()) => {
                    return Step::Skip;
                }
                Node::Element(e) => push_boundary(out, e.name()),
                _ => {}
            },
            Edge::Close(n) => {
                if let Node::Element(e) = n.value() {
                    push_boundary(out, e.name());
                }
            }
        }
        Step::Continue
    });
}

/// How many lines before and after the article are kept as its lead-in and lead-out.
const LEAD_IN_LINES: usize = 12;
const LEAD_OUT_LINES: usize = 6;

/// The body's text around the article, leaving out dropped elements: the last `LEAD_IN_LINES`
/// non-blank lines before `first` (the article's first root) and the first `LEAD_OUT_LINES`
/// after `last` (its last root).
pub(super) fn around_article(
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
    // Lines finished after the article, counted as they end so that a long tail costs nothing.
    let (mut after_lines, mut line_has_text) = (0, false);
    walk(body, |edge| match edge {
        Edge::Open(n) => {
            if n.id() == first && part == Part::Before {
                part = Part::Inside;
            }
            if part == Part::Inside {
                return Step::Continue;
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
                Node::Element(_) if dropped.contains_key(&n.id()) => return Step::Skip,
                Node::Element(e) => push_boundary(out, e.name()),
                _ => {}
            }
            Step::Continue
        }
        Edge::Close(n) => {
            if part == Part::Inside {
                if n.id() == last {
                    part = Part::After;
                }
                return Step::Continue;
            }
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
            if after_lines >= LEAD_OUT_LINES {
                Step::Stop
            } else {
                Step::Continue
            }
        }
    });
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
pub(super) fn element_path(el: ElementRef) -> String {
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

/// The element's text, for reports of what was left out: its words, one space between them.
pub fn element_text(n: NodeRef<Node>) -> String {
    element_text_prefix(n, usize::MAX)
}

/// The first `max_chars` chars of [`element_text`], without reading the words after them (a
/// dropped element can hold most of a page).
pub fn element_text_prefix(n: NodeRef<Node>, max_chars: usize) -> String {
    let mut out = String::new();
    let mut chars = 0;
    let Some(e) = ElementRef::wrap(n) else {
        return out;
    };
    'text: for piece in e.text() {
        for word in piece.split_whitespace() {
            if chars >= max_chars {
                break 'text;
            }
            if !out.is_empty() {
                out.push(' ');
                chars += 1;
            }
            out.push_str(word);
            chars += word.chars().count();
        }
    }
    if chars > max_chars {
        let cut = out.char_indices().nth(max_chars).map_or(out.len(), |(i, _)| i);
        out.truncate(cut);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_element_texts_prefix_is_the_start_of_its_text() {
        let doc = scraper::Html::parse_document(
            "<div id=\"d\">  相关  新闻<p>One,\n two\t<b>bold</b>words</p> <span>\u{3000}末尾 </span></div>",
        );
        let div = doc
            .select(&scraper::Selector::parse("#d").unwrap())
            .next()
            .unwrap();
        let whole = element_text(*div);
        assert_eq!(whole, "相关 新闻 One, two bold words 末尾");
        for k in 0..whole.chars().count() + 2 {
            let start: String = whole.chars().take(k).collect();
            assert_eq!(element_text_prefix(*div, k), start, "{k}");
        }
    }
}
