//! Keyword blocks: a line (or a run of short lines) of short items split by separators, where
//! many items hold a lexicon term. Ordinary list sentences have long items, sentence punctuation
//! or no lexicon hits, and survive.

use std::ops::Range;

use rustc_hash::FxHashSet;

use super::lexicon::Lexicon;
use super::{KeywordListParams, Separators};
use crate::model::Prepared;
use crate::model::Scope;
use crate::text::chars::FULL_STOP;

/// The lines of `p` that are keyword lists, or runs of short lines that make one together.
pub fn find(
    p: &Prepared,
    scope: Scope,
    params: &KeywordListParams,
    lexicon: &Lexicon,
    strong: Option<&Lexicon>,
) -> Vec<Range<usize>> {
    let lexicons = Lexicons {
        weak: lexicon,
        strong,
    };
    // A list holds `min_hits` distinct terms, and at least one when it needs spam-like items.
    let needs_spam_like = params.min_share > 0.0 && params.min_item_hits > 0;
    let fewest_terms = params.min_hits.max(usize::from(needs_spam_like));
    let mut folded = String::new();
    let mut spans: Vec<Range<usize>> = Vec::new();
    let mut hits = Vec::new();
    let mut run: Vec<usize> = Vec::new();
    let flush_run = |run: &mut Vec<usize>, hits: &mut Vec<Range<usize>>| {
        if run.len() >= params.min_segments {
            let items: Vec<&str> = run.iter().map(|&l| p.vline(l)).collect();
            if is_keyword_list(&items, params, &lexicons) {
                hits.extend(run.iter().map(|&l| p.line_span(l)));
            }
        }
        run.clear();
    };
    for line in 0..p.doc.lines.len() {
        if !p.in_scope(scope, line) {
            flush_run(&mut run, &mut hits);
            continue;
        }
        let text = p.vline(line).trim();
        if text.is_empty() {
            continue;
        }
        if has_sentence_end(text) {
            flush_run(&mut run, &mut hits);
            continue;
        }
        // Split the source line: the view drops the spaces between CJK words that may be the
        // only separators (`国产精品 久久免费 成人影院`); fold each item for the lexicons. Items
        // are folded one by one: once one is too long for a list, the line only needs to know
        // whether it has more than two items, and not even that when it is too long for a run.
        let fits_run = p.line_chars[line] <= params.max_segment_chars;
        // The line's folded items, one after another in one buffer kept for every line.
        folded.clear();
        spans.clear();
        let mut too_long = false;
        for raw in split_items(p.doc.line_text(line), &params.separators) {
            let start = folded.len();
            crate::text::normalize::fold_into(raw, &mut folded);
            if folded.len() == start {
                continue;
            }
            too_long |= !fits_list(&folded[start..], params);
            spans.push(start..folded.len());
            if too_long && (!fits_run || spans.len() > 2) {
                break;
            }
        }
        let items: Vec<&str> = spans.iter().map(|r| &folded[r.clone()]).collect();
        // Items with too few terms between them (most lines of prose) need no search one by one;
        // `folded` holds them all, one after another.
        if !too_long
            && items.len() >= params.min_segments
            && lexicons.may_hold(&folded, fewest_terms)
            && is_keyword_list(&items, params, &lexicons)
        {
            flush_run(&mut run, &mut hits);
            hits.push(p.line_span(line));
            continue;
        }
        // One keyword per line, many lines in a row.
        if items.len() <= 2 && fits_run {
            run.push(line);
        } else {
            flush_run(&mut run, &mut hits);
        }
    }
    flush_run(&mut run, &mut hits);
    hits
}

fn split_items<'a>(text: &'a str, separators: &'a Separators) -> impl Iterator<Item = &'a str> {
    text.split(|c: char| separators.contains(c))
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Whether an item is short enough, and not a sentence, to be one of a list's items.
fn fits_list(item: &str, params: &KeywordListParams) -> bool {
    item.chars().count() <= params.max_segment_chars && !has_sentence_end(item)
}

fn has_sentence_end(text: &str) -> bool {
    text.contains(FULL_STOP)
}

struct Lexicons<'a> {
    weak: &'a Lexicon,
    strong: Option<&'a Lexicon>,
}

impl Lexicons<'_> {
    /// Whether `folded` may hold `fewest` distinct terms of the two lexicons.
    fn may_hold(&self, folded: &str, fewest: usize) -> bool {
        let lexicons = std::iter::once(self.weak).chain(self.strong);
        if lexicons.clone().any(|l| l.holds_term_char(folded)) {
            return true;
        }
        lexicons
            .flat_map(|l| l.ascii_terms_in(folded))
            .take(fewest)
            .count()
            == fewest
    }
}

/// Items are spam-like when they hold a strong term or `min_item_hits` distinct weak ones; ordinary
/// words alone (`亚洲杯 | 日本队 | 韩国队`) are not enough.
fn is_keyword_list(items: &[&str], params: &KeywordListParams, lex: &Lexicons) -> bool {
    if !items.iter().all(|s| fits_list(s, params)) {
        return false;
    }
    let mut distinct: FxHashSet<(bool, u32)> = FxHashSet::default();
    let mut spammy = 0;
    let needed = params.min_share * items.len() as f64;
    for (k, item) in items.iter().enumerate() {
        // Too few items left to reach the share even if all of them were spam (a line of prose
        // words): the rest need no search.
        if ((spammy + items.len() - k) as f64) < needed {
            return false;
        }
        let mut weak: FxHashSet<u32> = FxHashSet::default();
        lex.weak.for_each_found(item, |found| {
            weak.insert(found.term);
            distinct.insert((false, found.term));
        });
        let mut strong = false;
        if let Some(lexicon) = lex.strong {
            lexicon.for_each_found(item, |found| {
                distinct.insert((true, found.term));
                strong = true;
            });
        }
        spammy += usize::from(strong || weak.len() >= params.min_item_hits);
    }
    distinct.len() >= params.min_hits && spammy as f64 >= params.min_share * items.len() as f64
}
