//! Injected tokens: SEO spam glues one short string (a gambling brand, usually) to the title start,
//! to paragraph starts and to clause ends. Real words also start paragraphs, but they also sit
//! inside sentences; a token that is almost only ever at a paragraph start or right before
//! punctuation, and is glued to the end of clauses several times, is not part of the text.

use std::collections::HashSet;
use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};

use super::InjectedTokenParams;
use crate::model::{Prepared, TitleContext};
use crate::text::chars::{is_punct, is_word_char};
use crate::text::normalize::is_cjk_ideograph;

/// The spans of the injected tokens in the view of `p`.
pub fn find(p: &Prepared, params: &InjectedTokenParams, ctx: Option<&TitleContext>) -> Vec<Range<usize>> {
    let text = p.view.text.as_str();
    let title = ctx.map(|c| c.title);
    // What other rules already take (a dropped hotline line) is not counted: the token is judged
    // on the text as it will read, as a second clean would judge it.
    // The removals are sorted and disjoint: the one that could hold a span starts at or before it.
    let removed = ctx.map_or(&[][..], |c| c.removed);
    let gone = |r: &Range<usize>| {
        let at = removed.partition_point(|x| x.span.start <= r.start);
        at > 0 && r.end <= removed[at - 1].span.end
    };
    // Only a token that starts the title or looks like a brand can be accepted below, so the
    // others are never counted: most documents have no candidate left and build no automaton.
    let starts_title = |cand: &str| title.is_some_and(|t| starts_title(t, cand));
    let brand_shaped = |cand: &str| params.brand_words.first_end(cand).is_some();
    // What the title lost to cleaning (`金沙娱乐官网-凯发娱乐-` before the headline): a witness
    // that its brands are spam here, wherever they are glued in the text.
    let title_spam = title.map_or("", |t| spam_before_headline(&t.raw_squashed, &t.squashed));
    let mut candidates = line_start_prefixes(p, params, starts_title);
    for cand in title_spam_tokens(title_spam, params) {
        if brand_shaped(&cand) && !candidates.contains(&cand) {
            candidates.push(cand);
        }
    }
    if candidates.is_empty() {
        return Vec::new();
    }
    let Ok(ac) = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
        .build(&candidates)
    else {
        return Vec::new();
    };
    #[derive(Default)]
    struct Tally {
        count: usize,
        boundary: usize,
        clause_end: usize,
        spans: Vec<Range<usize>>,
    }
    let mut tallies: Vec<Tally> = (0..candidates.len()).map(|_| Tally::default()).collect();
    for m in ac.find_overlapping_iter(text) {
        if gone(&p.view.source_span(m.range())) {
            continue;
        }
        // The neighbours are read past what other rules remove (a brand glued on each side), as
        // a second clean would read them; a few hundred removed chars at most.
        let kept = |i: usize, c: char| !gone(&p.view.source_span(i..i + c.len_utf8()));
        let before = text[..m.start()]
            .char_indices()
            .rev()
            .take(NEIGHBOUR_REACH)
            .find(|&(i, c)| kept(i, c))
            .map(|(_, c)| c);
        // Spaces before a line end are not kept in the output: look past them.
        let after = text[m.end()..]
            .char_indices()
            .take(NEIGHBOUR_REACH)
            .find(|&(i, c)| c != ' ' && c != '\t' && kept(m.end() + i, c))
            .map(|(_, c)| c);
        let line = p.vlines.partition_point(|l| l.end < m.start());
        let line_begin = p.vlines[line].start;
        let line_start = p.paragraph_start[line]
            && text[line_begin..m.start()]
                .char_indices()
                .all(|(i, c)| c.is_whitespace() || is_bullet(c) || !kept(line_begin + i, c));
        let ends_clause = after.is_none_or(|c| c == '\n' || is_punct(c));
        let t = &mut tallies[m.pattern().as_usize()];
        t.count += 1;
        // After a space or a mark the token starts a phrase (`曝光 凤凰娱乐城分析师看好`).
        // The view drops spaces between CJK characters, so look at the source for them.
        let source_start = p.view.source_span(m.range()).start;
        let source_before = p.doc.text[..source_start_past_removals(removed, source_start)]
            .chars()
            .next_back();
        let starts_phrase = source_before.is_some_and(|c| c.is_whitespace() || is_punct(c));
        t.boundary += usize::from(line_start || ends_clause || starts_phrase);
        t.clause_end += usize::from(!line_start && ends_clause && before.is_some_and(is_word_char));
        t.spans.push(m.range());
    }
    let mut accepted: Vec<usize> = (0..candidates.len())
        .filter(|&i| {
            // Fixed phrases (`调查显示，`) also start paragraphs and precede commas: only a token that
            // starts the title or looks like a brand (the filter above) is taken for an injection.
            let t = &tallies[i];
            let placed = t.boundary as f64 >= params.min_boundary_share * t.count as f64;
            // Glued before the title as it first read (and gone from it since): with the title as
            // a witness, twice in the text and once to a clause end will do, or three paragraph
            // starts.
            let glued_to_title = title_spam.contains(candidates[i].as_str());
            let repeated = t.count >= params.min_count && t.clause_end >= params.min_clause_end;
            let witnessed = glued_to_title
                && brand_shaped(&candidates[i])
                && ((t.count >= 2 && t.clause_end >= 1) || t.count >= params.min_count);
            placed && (repeated || witnessed)
        })
        .collect();
    // Keep the longest of nested candidates (`必一运动` over `必一`).
    accepted.sort_by_key(|&i| std::cmp::Reverse(candidates[i].len()));
    let mut kept: Vec<usize> = Vec::new();
    for i in accepted {
        if !kept
            .iter()
            .any(|&k| candidates[k].contains(candidates[i].as_str()))
        {
            kept.push(i);
        }
    }
    kept.into_iter()
        .flat_map(|i| std::mem::take(&mut tallies[i].spans))
        .map(|r| p.view.source_span(r))
        .collect()
}

/// How far back or ahead (in chars) a token's neighbour is looked for past removed text.
const NEIGHBOUR_REACH: usize = 400;

/// `pos`, moved back to the start of the removals (sorted, disjoint) that end at or hold it.
fn source_start_past_removals(removed: &[crate::model::Removal], mut pos: usize) -> usize {
    loop {
        let at = removed.partition_point(|x| x.span.start < pos);
        match at.checked_sub(1).map(|k| &removed[k].span) {
            Some(r) if r.end >= pos => pos = r.start,
            _ => return pos,
        }
    }
}

/// Whether `cand` starts the title. A token a confirmed headline starts with (`内蒙古…`, said twice
/// by the page) is the story's own word, however often the story repeats it: only what is glued
/// before it counts. A title that is the token alone is none of its evidence.
fn starts_title(t: &crate::model::TitleInfo, cand: &str) -> bool {
    // A brand is glued to a headline; a headline said in the token alone (once or over) is no
    // sign of one.
    if !cand.is_empty() && t.squashed.split(cand).all(str::is_empty) {
        return false;
    }
    let glued = t.raw_squashed.starts_with(cand);
    let heads = t.squashed.starts_with(cand);
    if t.confirmed {
        glued && !heads
    } else {
        glued || heads
    }
}

/// The part of the page's title that cleaning took away before the headline (both squashed).
fn spam_before_headline<'t>(raw: &'t str, clean: &str) -> &'t str {
    if clean.is_empty() {
        return "";
    }
    raw.find(clean).map_or("", |at| &raw[..at])
}

/// Every substring of the title's lost part that could be a brand: `min_chars.max(3)..=max_chars`
/// chars, holding an ideograph, not starting with a digit.
fn title_spam_tokens(spam: &str, params: &InjectedTokenParams) -> Vec<String> {
    let chars: Vec<char> = spam.chars().collect();
    let mut seen: HashSet<String> = HashSet::new();
    let mut out = Vec::new();
    for start in 0..chars.len() {
        if chars[start].is_ascii_digit() {
            continue;
        }
        for n in params.min_chars.max(3)..=params.max_chars {
            let Some(run) = chars.get(start..start + n) else {
                break;
            };
            let cand: String = run.iter().collect();
            if cand.chars().any(is_cjk_ideograph) && seen.insert(cand.clone()) {
                out.push(cand);
            }
        }
    }
    out
}

fn is_bullet(c: char) -> bool {
    matches!(
        c,
        '■' | '□' | '●' | '○' | '◆' | '◇' | '▲' | '△' | '★' | '☆' | '·' | '•' | '-' | '*'
    )
}

/// Every prefix (in chars, `min_chars..=max_chars`) of the word run that starts each paragraph: the
/// places an injected token shows itself. A candidate holds a CJK ideograph, does not start
/// with a digit (dates like `2024年` start paragraphs and end clauses too) and starts the title
/// (`starts_title`) or holds a brand word; only those are copied out of the view.
fn line_start_prefixes(
    p: &Prepared,
    params: &InjectedTokenParams,
    starts_title: impl Fn(&str) -> bool,
) -> Vec<String> {
    let mut seen: HashSet<&str> = HashSet::new();
    let mut out = Vec::new();
    // Byte ends of a line's first `max_chars` word chars.
    let mut ends: Vec<usize> = Vec::with_capacity(params.max_chars);
    for line in (0..p.vlines.len()).filter(|&l| p.paragraph_start[l]) {
        let text = p
            .vline(line)
            .trim_start_matches(|c: char| c.is_whitespace() || is_bullet(c));
        ends.clear();
        ends.extend(
            text.char_indices()
                .take_while(|&(_, c)| is_word_char(c))
                .take(params.max_chars)
                .map(|(i, c)| i + c.len_utf8()),
        );
        let Some(&run_end) = ends.last() else {
            continue;
        };
        if text.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        // A prefix holds an ideograph, or a brand word, once it reaches past the first one's end.
        let run = &text[..run_end];
        let Some(ideograph_end) = run
            .char_indices()
            .find(|&(_, c)| is_cjk_ideograph(c))
            .map(|(i, c)| i + c.len_utf8())
        else {
            continue;
        };
        let brand_end = params.brand_words.first_end(run).unwrap_or(usize::MAX);
        for &end in ends.iter().skip(params.min_chars.max(1) - 1) {
            let cand = &text[..end];
            if end >= ideograph_end && (end >= brand_end || starts_title(cand)) && seen.insert(cand) {
                out.push(cand.to_string());
            }
        }
    }
    out
}
