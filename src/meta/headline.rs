//! The headline of a whole-page dump, by repetition: a page names its headline twice — in its
//! `<title>`, the dump's first lines, often with the site's name around it (`X_新浪房产_新浪网`),
//! and above the article — while welcome bars, menus and injected keyword lines are said once.

use super::{headline_shaped, is_paragraph, title_at, Vocabulary};
use crate::model::{Prepared, Removal, TitleInfo};
use crate::text::chars::squash;

/// Non-blank lines from the top searched for the headline and its repetition.
const SEARCH_LINES: usize = 100;
/// Non-blank lines at the top that hold the page's `<title>` in a dump.
pub(super) const TITLE_LINES: usize = 3;
/// Non-blank lines from the top a headline repeated without the `<title>` may start in.
const HEAD_LINES: usize = 12;
/// Non-blank lines from the top its repetition may be in.
const NEAR_LINES: usize = 40;
/// Shortest repeated headline, in letters and ideographs: repetition vouches for short ones
/// (`投身外交(3)`), which a headline alone would need more chars to be trusted.
pub(super) const MIN_CHARS: usize = 4;
/// Longest part after a `<title>`'s separator taken for a site's or channel's name.
const MAX_SITE_NAME_CHARS: usize = 10;
/// Fewest letters and ideographs left of a headline once a site's name is cut off it.
const MIN_HEAD_CHARS: usize = 5;
/// A headline held by more than this many other lines is a site name or a menu item.
pub(super) const MAX_HOLDERS: usize = 4;

/// Bytes of a line a title search reads: a headline is short, and a paragraph's start tells what
/// it is about.
const MAX_LINE_BYTES: usize = 4096;

/// One line near the top, as it reads after the removals (its first [`MAX_LINE_BYTES`]).
pub(super) struct Line {
    pub at: usize,
    pub text: String,
    pub squashed: String,
}

impl Line {
    /// Line `at` of `p` as it reads after `removals`; `None` when nothing of it is left.
    pub fn read(p: &Prepared, at: usize, removals: &[Removal]) -> Option<Line> {
        let text = super::line_start_after(p, at, removals, MAX_LINE_BYTES);
        let squashed = squash(&text);
        (!squashed.is_empty()).then_some(Line { at, text, squashed })
    }
}

/// A possible headline: a whole line, or a part of a `<title>` line between `separators`.
struct Candidate {
    /// Index into the lines.
    k: usize,
    text: String,
    squashed: String,
}

/// The lines near the top of a dump and the headlines they may hold, read once for both
/// searches by repetition ([`Repeated::titled`], [`Repeated::near`]).
pub struct Repeated {
    lines: Vec<Line>,
    candidates: Vec<Candidate>,
}

impl Repeated {
    /// The first [`SEARCH_LINES`] non-blank lines as they read after `removals`, and every
    /// line (or part of a `<title>` line between separators) that reads as a headline.
    pub fn read(p: &Prepared, removals: &[Removal], words: &Vocabulary) -> Repeated {
        let separators = &words.headline_separators[..];
        let lines: Vec<Line> = (0..p.doc.lines.len())
            .filter(|&l| !p.doc.is_blank(l))
            .filter_map(|l| Line::read(p, l, removals))
            .take(SEARCH_LINES)
            .collect();
        let mut candidates = Vec::new();
        for (k, Line { text, .. }) in lines.iter().enumerate() {
            let parts: Vec<&str> = if k < TITLE_LINES {
                text.split(separators).chain([text.as_str()]).collect()
            } else {
                vec![text.as_str()]
            };
            for part in parts {
                let part = part.trim_matches(|c: char| c.is_whitespace() || separators.contains(&c));
                let squashed = squash(part);
                if squashed.chars().count() >= MIN_CHARS && reads_as_headline(part, words) {
                    candidates.push(Candidate {
                        k,
                        text: part.to_string(),
                        squashed,
                    });
                }
            }
        }
        Repeated { lines, candidates }
    }

    /// The longest headline that one of the top lines (the `<title>`) and another line share: a
    /// line repeated or held by a top line, or a part of a top line another line holds. Its line
    /// is the first that says it alone, when there is one.
    pub fn titled(&self, p: &Prepared, words: &Vocabulary) -> Option<(TitleInfo, String)> {
        let lines = &self.lines;
        // A top line holds a headline as one of its parts (`X_新浪网`), not inside a part: a
        // subheading the headline's words contain (`老中医绝食49天` in `…老中医绝食49天居首`) is none.
        let top_parts: Vec<(usize, &str)> = self
            .candidates
            .iter()
            .filter(|c| c.k < TITLE_LINES)
            .map(|c| (c.k, c.squashed.as_str()))
            .collect();
        let on_or_held_by_top = |c: &Candidate| {
            let held = top_parts.iter().any(|&(j, part)| j != c.k && part == c.squashed);
            (c.k < TITLE_LINES || held) && super::lead::weight(&c.text) >= super::MIN_TITLE_CHARS
        };
        let best = pick(lines, &self.candidates, on_or_held_by_top, |_, _| true);
        self.title(p, words, best)
    }

    /// A headline repeated near the top, above the first paragraph (spam pushed the `<title>`
    /// down, or the dump has none): a subheading repeated in the article is no headline.
    pub fn near(&self, p: &Prepared, words: &Vocabulary) -> Option<(TitleInfo, String)> {
        let lines = &self.lines;
        let body = lines
            .iter()
            .position(|l| is_paragraph(&l.text))
            .unwrap_or(lines.len());
        let best = pick(
            lines,
            &self.candidates,
            |c| c.k < HEAD_LINES.min(body),
            |_, holders| holders.iter().any(|&j| j < NEAR_LINES),
        );
        self.title(p, words, best)
    }

    fn title(
        &self,
        p: &Prepared,
        words: &Vocabulary,
        best: Option<(&Candidate, usize)>,
    ) -> Option<(TitleInfo, String)> {
        let (c, k) = best?;
        let text = without_site_name(&c.text, &words.headline_separators);
        Some((title_at(p, self.lines[k].at, squash(&text), true), text))
    }
}

/// The title as its line reads after cleaning: the shortest part of `line` between separators
/// that still holds the title found (`squashed`), so a site's name around it stays out; the
/// whole line when cleaning changed the title.
pub fn title_in_line(line: &str, squashed: &str, separators: &[char]) -> String {
    line.split(separators)
        .map(|part| part.trim_matches(|c: char| c.is_whitespace() || separators.contains(&c)))
        .chain([line])
        .filter(|part| squash(part).contains(squashed))
        .min_by_key(|part| part.len())
        .unwrap_or(line)
        .to_string()
}

/// The longest candidate that `may` be one and whose holders `fit`, with its line: the first that says it alone, else
/// its own (a `<title>` line with the site's name around it).
fn pick<'c>(
    lines: &[Line],
    candidates: &'c [Candidate],
    may: impl Fn(&Candidate) -> bool,
    fit: impl Fn(&Candidate, &[usize]) -> bool,
) -> Option<(&'c Candidate, usize)> {
    // Longest first, so the first that fits is the one; `may` is a cheap test that spares the
    // search for holders through every line.
    let mut order: Vec<&Candidate> = candidates.iter().filter(|c| may(c)).collect();
    order.sort_by_key(|c| (std::cmp::Reverse(c.squashed.chars().count()), c.k));
    for c in order {
        let holders: Vec<usize> = (0..lines.len())
            .filter(|&j| {
                j != c.k
                    && lines[j].squashed.len() >= c.squashed.len()
                    && lines[j].squashed.contains(c.squashed.as_str())
            })
            .take(MAX_HOLDERS + 1)
            .collect();
        if (1..=MAX_HOLDERS).contains(&holders.len()) && fit(c, &holders) {
            let own = if lines[c.k].squashed == c.squashed {
                c.k
            } else {
                holders
                    .iter()
                    .copied()
                    .find(|&j| lines[j].squashed == c.squashed)
                    .unwrap_or(c.k)
            };
            return Some((c, own));
        }
    }
    None
}

/// `title` without the short parts after its last separators (`X_读书频道_新浪网` → `X`): a
/// site's and a channel's names are short; the headline's last part is not (`对比试车—测试…(图)`).
pub fn without_site_name(title: &str, separators: &[char]) -> String {
    let mut t = title.trim();
    while let Some(cut) = last_separator(t, separators) {
        let (head, tail) = t.split_at(cut);
        let tail_chars = tail.chars().filter(|c| c.is_alphanumeric()).count();
        let head = head.trim_end_matches(|c: char| c.is_whitespace() || separators.contains(&c));
        if tail_chars > MAX_SITE_NAME_CHARS || squash(head).chars().count() < MIN_HEAD_CHARS {
            break;
        }
        t = head;
    }
    t.to_string()
}

/// A line that could be a headline: not a paragraph, not a sentence, not a label, not a menu,
/// not a welcome bar, a promo or markup.
fn reads_as_headline(text: &str, words: &Vocabulary) -> bool {
    !is_paragraph(text) && headline_shaped(text) && words.may_be_title(text)
}

/// Where the last of `separators` in `text` is, but a [`word_hyphen`].
fn last_separator(text: &str, separators: &[char]) -> Option<usize> {
    text.char_indices()
        .rev()
        .find_map(|(i, c)| (separators.contains(&c) && !word_hyphen(text, i)).then_some(i))
}

/// Whether the char at byte `i` of `text` is a hyphen joined to a Latin word (`Cocktail-Klassiker`,
/// `Thermen- & Vulkanland`): part of a headline, not a separator before a site's name.
pub fn word_hyphen(text: &str, i: usize) -> bool {
    let latin = |c: char| c.is_ascii_alphanumeric();
    text[i..].starts_with('-')
        && (text[..i].chars().next_back().is_some_and(latin)
            || text[i + 1..].chars().next().is_some_and(latin))
}

/// A title and its parts: between `separators` (a hyphen inside a Latin word is none), and
/// those of what follows a leading bracketed label.
pub fn title_parts<'t>(title: &'t str, separators: &[char]) -> Vec<&'t str> {
    let title = title.trim();
    let mut wholes = vec![title];
    if let Some((_, rest)) = title.strip_prefix('【').and_then(|t| t.split_once('】')) {
        wholes.push(rest);
    }
    let mut parts = Vec::new();
    for whole in wholes {
        parts.push(whole);
        let mut start = 0;
        for (i, c) in whole.char_indices() {
            if separators.contains(&c) && !word_hyphen(whole, i) {
                parts.push(&whole[start..i]);
                start = i + c.len_utf8();
            }
        }
        if start > 0 {
            parts.push(&whole[start..]);
        }
    }
    parts
        .into_iter()
        .map(|p| p.trim_matches(|c: char| c.is_whitespace() || separators.contains(&c)))
        .filter(|p| !p.is_empty())
        .collect()
}
