//! Metadata of a text document: title, publication date, outlet and author. The words they are
//! read by are data ([`Vocabulary`]); the shapes (where a title sits, how long it is) are here.

mod headline;
mod lead;

pub use lead::weight;
mod vocabulary;

pub use headline::{title_in_line, title_parts, without_site_name, word_hyphen};
pub use vocabulary::{Vocabulary, Words};

use crate::model::{apply, Prepared, Removal, TitleInfo};
use crate::text::chars::{BODY_LINE_ENDS, FULL_STOP, LABEL_ENDS, MENU_BARS};

/// How many non-blank lines from the top may hold the title or the dateline.
const HEAD_LINES: usize = 12;
/// Non-blank lines below a title line that may hold its dateline.
const DATELINE_LINES: usize = 10;
/// Non-blank lines from the top searched for a line holding the title, to read its dateline.
const DATELINE_SEARCH_LINES: usize = 300;
/// Non-blank lines above a title line that may hold its dateline when none below does.
const DATELINE_ABOVE: usize = 3;
/// Longest dateline, in bytes (a line of prose names dates too).
const MAX_DATELINE_BYTES: usize = 360;
/// How far into a longer line its date may start for the line to be a dateline.
const DATE_LEAD_BYTES: usize = 40;
/// Bytes a date with its time takes at most (`2024年12月03日 13时24分01秒`).
const MAX_DATE_BYTES: usize = 48;
/// Longest title, in chars.
const MAX_TITLE_CHARS: usize = 80;
/// Shortest title, in letters and ideographs (a site name such as `每日经济新闻` is shorter).
const MIN_TITLE_CHARS: usize = 8;
/// How a converter marks a list's items (`* Politik`, `+ Film & TV`, `• 新闻`): a menu's or a
/// related list's lines, never a headline.
const LIST_BULLETS: [&str; 5] = ["* ", "+ ", "- ", "• ", "· "];

/// The first `n` non-blank lines of the document, by index.
fn head_lines(p: &Prepared, n: usize) -> impl Iterator<Item = usize> + '_ {
    (0..p.doc.lines.len()).filter(|&l| !p.doc.is_blank(l)).take(n)
}

/// The text of `line` once `removals` (sorted, disjoint) are applied, trimmed.
pub fn line_after(p: &Prepared, line: usize, removals: &[Removal]) -> String {
    span_after(p, p.doc.lines[line].clone(), removals)
}

/// The first `max_bytes` (or fewer, to a char boundary) of `line` as [`line_after`] reads it: a
/// title search never needs more of a page-long line, nor a copy of all of it.
pub(crate) fn line_start_after(p: &Prepared, line: usize, removals: &[Removal], max_bytes: usize) -> String {
    let span = p.doc.lines[line].clone();
    let end = crate::text::chars::floor_char(&p.doc.text, span.end.min(span.start + max_bytes));
    span_after(p, span.start..end, removals)
}

/// The text of `span` once `removals` (sorted, disjoint) are applied, trimmed.
fn span_after(p: &Prepared, span: std::ops::Range<usize>, removals: &[Removal]) -> String {
    let first = removals.partition_point(|r| r.span.end <= span.start);
    let mut local = Vec::new();
    for r in &removals[first..] {
        if r.span.start >= span.end {
            break;
        }
        let mut x = r.clone();
        x.span = x.span.start.max(span.start) - span.start..x.span.end.min(span.end) - span.start;
        local.push(x);
    }
    apply(&p.doc.text[span], &local).trim().to_string()
}

/// The title: a line near the top that the page's `<title>` (a dump's first lines) holds or
/// shares; else the line above the article's first paragraphs that reads as its headline
/// ([`lead`]); else a line repeated near the top; else the first line near the top that reads
/// like a headline (not too short or long, no sentence end), before the first paragraph.
pub fn find_title(p: &Prepared, removals: &[Removal], words: &Vocabulary) -> Option<(TitleInfo, String)> {
    let repeated = headline::Repeated::read(p, removals, words);
    repeated
        .titled(p, words)
        .or_else(|| lead::headline_above_body(p, removals, words))
        .or_else(|| repeated.near(p, words))
        .or_else(|| first_headline(p, removals, words))
}

/// The first line near the top that reads like a headline, before the first paragraph.
fn first_headline(p: &Prepared, removals: &[Removal], words: &Vocabulary) -> Option<(TitleInfo, String)> {
    let mut seen = 0;
    for line in 0..p.doc.lines.len() {
        if p.doc.is_blank(line) {
            continue;
        }
        let text = line_after(p, line, removals);
        if text.is_empty() {
            continue;
        }
        seen += 1;
        if seen > HEAD_LINES || is_paragraph(&text) {
            return None;
        }
        if is_headline(&text) && words.may_be_title(&text) && p.paragraph_start[line] {
            let info = title_at(p, line, crate::text::chars::squash(&text), false);
            return Some((info, text));
        }
    }
    None
}

fn is_paragraph(text: &str) -> bool {
    text.chars().count() > MAX_TITLE_CHARS || text.trim_end().ends_with(BODY_LINE_ENDS)
}

/// The title read as `squashed` from `line` (`confirmed`: said twice by the page).
fn title_at(p: &Prepared, line: usize, squashed: String, confirmed: bool) -> TitleInfo {
    TitleInfo {
        line: Some(line),
        squashed,
        raw_squashed: p.vline(line).chars().filter(|c| c.is_alphanumeric()).collect(),
        confirmed,
    }
}

fn is_headline(text: &str) -> bool {
    let solid = text.chars().filter(|c| c.is_alphanumeric()).count();
    solid >= MIN_TITLE_CHARS && headline_shaped(text)
}

/// The shape of a headline: no full stop, no label end, not a line of `|`-separated items (a
/// menu), not a list item.
fn headline_shaped(text: &str) -> bool {
    let t = text.trim_start();
    !t.contains(FULL_STOP)
        && !t.ends_with(LABEL_ENDS)
        && t.matches(MENU_BARS).count() < 2
        && !LIST_BULLETS.iter().any(|b| t.starts_with(b))
}

/// The publication date (`YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM:SS` when a time is given): from
/// the first dated line just below a line holding the title (`title`, squashed), else just
/// above it — a dump's dateline around its headline, however much navigation comes first — else
/// from the first dated line near the top of the original text, else from the first labelled one
/// (`发表于 …`, a blog's under its post) in its first lines.
pub fn find_published(p: &Prepared, title: Option<&str>, words: &Vocabulary) -> Option<String> {
    let below_title = title.filter(|t| !t.is_empty()).and_then(|t| {
        let nonblank: Vec<usize> = head_lines(p, DATELINE_SEARCH_LINES).collect();
        nonblank.iter().enumerate().find_map(|(k, &l)| {
            let line = p.vline(l);
            let holds = line.len() >= t.len()
                && line.len() <= MAX_TITLE_CHARS * 8
                && crate::text::chars::squash(line).contains(t);
            holds
                .then(|| {
                    let above = nonblank[k.saturating_sub(DATELINE_ABOVE)..k].iter().rev();
                    nonblank[k..]
                        .iter()
                        .take(DATELINE_LINES + 1)
                        .chain(above)
                        .find_map(|&d| dated(p, d, words))
                })
                .flatten()
        })
    });
    // A blog's `发表于 …` / `Posted on …` under its post, when nothing dates the headline.
    let labelled = || {
        head_lines(p, DATELINE_SEARCH_LINES)
            .filter(|&l| words.is_date_label(p.vline(l)))
            .find_map(|l| dated(p, l, words))
    };
    below_title
        .or_else(|| head_lines(p, HEAD_LINES).find_map(|l| dated(p, l, words)))
        .or_else(labelled)
}

/// The date of a short line that is not a "today is" bar.
fn dated(p: &Prepared, line: usize, words: &Vocabulary) -> Option<String> {
    let t = p.vline(line).trim();
    if words.tells_today(t) {
        return None;
    }
    // A long line is a dateline only when it starts with its date (`01.12.2022 / CSP / …`).
    let long = t.len() > MAX_DATELINE_BYTES;
    let end = if long {
        crate::text::chars::floor_char(t, DATE_LEAD_BYTES + MAX_DATE_BYTES)
    } else {
        t.len()
    };
    crate::text::dates::find_date(&t[..end])
        .filter(|d| !long || d.range.start <= DATE_LEAD_BYTES)
        .map(|d| d.iso())
}

/// The outlet, in the page's own script: a `来源：` label near the top; else a media name on its own
/// line above the title (`每日經濟新聞`) or leading a dateline (`川觀新聞 2024-12-03 13:24`).
///
/// `repairs` are the removals of repair rules, so the name reads without pinyin glosses.
pub fn find_outlet(
    p: &Prepared,
    title_line: Option<usize>,
    repairs: &[Removal],
    v: &Vocabulary,
) -> Option<String> {
    source_label(p, repairs, v).or_else(|| media_name_line(p, title_line, repairs, v))
}

/// A media name on its own line above the title, or leading a dateline (folded view).
fn media_name_line(
    p: &Prepared,
    title_line: Option<usize>,
    repairs: &[Removal],
    v: &Vocabulary,
) -> Option<String> {
    for line in head_lines(p, HEAD_LINES) {
        let view = p.vline(line).trim();
        let raw = line_after(p, line, repairs);
        let before_title = title_line.is_some_and(|t| line < t);
        if before_title && v.is_media_name(view) {
            return Some(raw);
        }
        // `川觀新聞 2024-12-03 13:24:01`: the words before the date.
        if let Some(m) = crate::text::dates::find_date(view) {
            let lead = view[..m.range.start].trim();
            if v.is_media_name(lead) {
                let n = lead.chars().count();
                return Some(raw.chars().take(n).collect());
            }
        }
    }
    None
}

fn source_label(p: &Prepared, repairs: &[Removal], v: &Vocabulary) -> Option<String> {
    head_lines(p, HEAD_LINES * 2).find_map(|line| v.outlet_label(&line_after(p, line, repairs)))
}

/// The outlet a `来源：` label names among `lines`.
pub fn outlet_in(lines: &[String], v: &Vocabulary) -> Option<String> {
    lines.iter().find_map(|l| v.outlet_label(l))
}

/// The author: a `作者：` / `记者` / `文/` byline near the top or the bottom of the original text,
/// or an English `By …` line; an editor's line (`责任编辑：`, `責編：`) when nothing better is there.
pub fn find_author(p: &Prepared, repairs: &[Removal], v: &Vocabulary) -> Option<String> {
    let non_blank: Vec<usize> = (0..p.doc.lines.len()).filter(|&l| !p.doc.is_blank(l)).collect();
    let head = non_blank.iter().take(HEAD_LINES * 2);
    let tail = non_blank.iter().rev().take(HEAD_LINES);
    let lines: Vec<String> = head.chain(tail).map(|&l| line_after(p, l, repairs)).collect();
    author_in(&lines, v)
}

/// The author named by a byline among `lines`: a writer's before an editor's.
pub fn author_in(lines: &[String], v: &Vocabulary) -> Option<String> {
    v.bylines().find_map(|re| {
        lines.iter().find_map(|line| {
            let c = re.captures(line)?;
            let name = c.iter().skip(1).flatten().next()?.as_str().trim();
            v.is_person_name(name).then(|| name.to_string())
        })
    })
}
