//! What a line of a text dump still shows of its role on the page, as numbers: its own size and
//! punctuation, its words, and the lines around it. One home for the features: the kind scores
//! them and `newsclean rules features` prints them for `benches/train_text_main.py`.

use std::collections::HashSet;

use crate::model::Prepared;
use crate::text::chars::{is_letter_or_digit, is_prose_mark, CLAUSE_MARKS, SENTENCE_ENDS};
use crate::text::dates::find_date;
use crate::text::normalize::is_cjk_ideograph;

/// Every feature, in the order [`line_features`] gives them; rule files weight them by name.
pub const NAMES: &[&str] = &[
    "size",
    "cjk",
    "end_mark",
    "clauses",
    "digits",
    "separators",
    "url",
    "stop",
    "caps",
    "chrome",
    "date",
    "bracket",
    "starts_mark",
    "next_starts_mark",
    "short_run",
    "rel_size",
    "pos",
    "edge",
    "ctx_size",
    "ctx_prose",
    "ctx_stop",
    "region",
    "doc_chrome",
    "doc_prose",
];

/// A line of at most this many words (a CJK char is half a word) is short: a menu item, a tag.
const SHORT_WORDS: f64 = 4.0;
/// Lines on each side that a line's context features read.
const CONTEXT: usize = 2;
/// Lines on each side of the window whose share of prose is a line's `region`.
const REGION: usize = 5;
/// Separators of menus, breadcrumbs and bylines.
const SEPARATORS: &[char] = &['|', '｜', '>', '›', '»', '·', '•', '/', '／', '»', '→'];
const OPENERS: &[char] = &['[', '【', '(', '（', '「', '《', '〔'];
const CLOSERS: &[char] = &[']', '】', ')', '）', '」', '》', '〕'];
/// Marks a line starts with when it continues a sentence an inline element broke.
const CONTINUATIONS: &[char] = &[
    '，', '。', '、', '；', '：', '！', '？', '）', '」', '”', ',', '.', ';', ':', ')',
];

/// The words a document's lines are read with: its language's stop words and the chrome terms.
pub struct Words<'a> {
    /// The document language's stop words (folded), empty when it has none.
    pub stop: &'a HashSet<String>,
    /// Stop chars of a CJK language, counted among its ideographs.
    pub stop_chars: &'a HashSet<char>,
    /// Chrome terms (folded): `登录`, `copyright`, `share`.
    pub chrome: &'a [String],
}

/// What one line shows of itself alone.
#[derive(Clone, Copy, Default)]
struct Own {
    size: f64,
    cjk: f64,
    end_mark: f64,
    clauses: f64,
    digits: f64,
    separators: f64,
    url: f64,
    stop: f64,
    caps: f64,
    chrome: f64,
    date: f64,
    bracket: f64,
    starts_mark: f64,
    prose: f64,
    /// Letters, digits and ideographs: what the line weighs in the article.
    chars: usize,
}

fn own(raw: &str, folded: &str, words: &Words<'_>) -> Own {
    let raw = raw.trim();
    let folded = folded.trim();
    let (mut chars, mut cjk, mut digits, mut marks, mut seps, mut stop_chars) = (0, 0, 0, 0, 0, 0);
    for c in folded.chars() {
        if c.is_whitespace() {
            continue;
        }
        chars += 1;
        if is_cjk_ideograph(c) {
            cjk += 1;
            if words.stop_chars.contains(&c) {
                stop_chars += 1;
            }
        } else if c.is_ascii_digit() {
            digits += 1;
        }
        if is_prose_mark(c) {
            marks += 1;
        }
        if SEPARATORS.contains(&c) {
            seps += 1;
        }
    }
    let latin: Vec<&str> = folded
        .split(|c: char| !is_letter_or_digit(c) || is_cjk_ideograph(c))
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect();
    let capitalized = raw
        .split(|c: char| !is_letter_or_digit(c) || is_cjk_ideograph(c))
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    let stop_words = latin.iter().filter(|w| words.stop.contains(**w)).count();
    let n_words = latin.len() as f64;
    let share = |k: usize, of: f64| if of > 0.0 { k as f64 / of } else { 0.0 };
    let stop = if cjk > latin.len() {
        share(stop_chars, cjk as f64)
    } else {
        share(stop_words, n_words)
    };
    let size = n_words + cjk as f64 / 2.0;
    let end_mark = raw.trim_end_matches(['"', '”', '」', '』', '\'', '’', ')', '）']);
    let ends = end_mark.ends_with(SENTENCE_ENDS) || end_mark.ends_with('…');
    let clauses = folded.chars().filter(|c| CLAUSE_MARKS.contains(c)).count();
    Own {
        size: size.ln_1p(),
        cjk: share(cjk, chars as f64),
        end_mark: f64::from(u8::from(ends)),
        clauses: (clauses as f64).ln_1p(),
        digits: share(digits, chars as f64),
        separators: (seps as f64).ln_1p(),
        url: f64::from(u8::from(
            folded.contains("http") || folded.contains("www.") || folded.contains(".com"),
        )),
        stop,
        caps: share(capitalized, n_words),
        chrome: f64::from(u8::from(
            words.chrome.iter().any(|t| folded.contains(t.as_str())),
        )),
        // A date needs digits: the search runs only where there are some.
        date: f64::from(u8::from(digits > 0 && find_date(folded).is_some())),
        bracket: f64::from(u8::from(
            raw.starts_with(OPENERS) && raw.ends_with(CLOSERS),
        )),
        starts_mark: f64::from(u8::from(raw.starts_with(CONTINUATIONS))),
        prose: f64::from(u8::from(ends || (marks >= 2 && size >= SHORT_WORDS))),
        chars: folded.chars().filter(|&c| is_letter_or_digit(c)).count(),
    }
}

/// Every non-blank line of a text: its number, what it weighs (letters, digits and ideographs)
/// and its features in [`NAMES`] order.
pub struct Lines {
    pub lines: Vec<usize>,
    pub chars: Vec<usize>,
    /// Whether a line reads as prose: it ends a sentence, or holds clause marks and some words.
    pub prose: Vec<bool>,
    pub features: Vec<Vec<f64>>,
}

/// What each non-blank line of a text shows alone, read once: the context features are taken
/// anew each time lines go.
pub struct OwnLines {
    lines: Vec<usize>,
    owns: Vec<Own>,
}

/// Every non-blank line of `p`, read as it will read (what other rules removed left out).
pub fn own_lines(p: &Prepared, words: &Words<'_>) -> OwnLines {
    let lines: Vec<usize> = (0..p.vlines.len())
        .filter(|&l| !p.vline(l).trim().is_empty())
        .collect();
    let owns = lines
        .iter()
        .map(|&l| own(&p.visible_line(l), p.vline(l), words))
        .collect();
    OwnLines { lines, owns }
}

/// The features of every line of `all` that is not `gone` (by line number), in order.
pub fn line_features(all: &OwnLines, gone: &[bool]) -> Lines {
    let (lines, owns): (Vec<usize>, Vec<Own>) = all
        .lines
        .iter()
        .zip(&all.owns)
        .filter(|(l, _)| !gone[**l])
        .map(|(l, o)| (*l, *o))
        .unzip();
    let n = owns.len();
    let max_size = owns.iter().map(|o| o.size).fold(0.0, f64::max).max(1e-9);
    let short: Vec<bool> = owns
        .iter()
        .map(|o| o.size <= SHORT_WORDS.ln_1p())
        .collect();
    let mut run = vec![0usize; n];
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j < n && short[j] == short[i] {
            j += 1;
        }
        if short[i] {
            run[i..j].fill(j - i);
        }
        i = j;
    }
    let mean = |k: usize, width: usize, f: &dyn Fn(&Own) -> f64| {
        let (a, b) = (k.saturating_sub(width), (k + width + 1).min(n));
        let sum: f64 = (a..b).filter(|&j| j != k).map(|j| f(&owns[j])).sum();
        let others = b - a - 1;
        if others == 0 {
            0.0
        } else {
            sum / others as f64
        }
    };
    // What the whole text is like: a page's dump holds chrome and short items around its
    // article; an article alone holds little but prose.
    let doc_mean = |f: &dyn Fn(&Own) -> f64| if n == 0 { 0.0 } else { owns.iter().map(f).sum::<f64>() / n as f64 };
    let doc_chrome = doc_mean(&|o| o.chrome);
    let doc_prose = doc_mean(&|o| o.prose);
    let features = (0..n)
        .map(|k| {
            let o = &owns[k];
            let pos = if n > 1 { k as f64 / (n - 1) as f64 } else { 0.5 };
            vec![
                o.size,
                o.cjk,
                o.end_mark,
                o.clauses,
                o.digits,
                o.separators,
                o.url,
                o.stop,
                o.caps,
                o.chrome,
                o.date,
                o.bracket,
                o.starts_mark,
                owns.get(k + 1).map_or(0.0, |next| next.starts_mark),
                (run[k] as f64).ln_1p(),
                o.size / max_size,
                pos,
                pos.min(1.0 - pos),
                mean(k, CONTEXT, &|o| o.size) / max_size,
                mean(k, CONTEXT, &|o| o.prose),
                mean(k, CONTEXT, &|o| o.stop),
                mean(k, REGION, &|o| o.prose),
                doc_chrome,
                doc_prose,
            ]
        })
        .collect();
    Lines {
        lines,
        chars: owns.iter().map(|o| o.chars).collect(),
        prose: owns.iter().map(|o| o.prose > 0.0).collect(),
        features,
    }
}
