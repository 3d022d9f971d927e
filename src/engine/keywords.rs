//! The keyword automaton's hits: one search of a view for every keyword rule.

use std::ops::Range;

use crate::engine::RuleSet;
use crate::model::Prepared;

/// Hits of the `allowed` keyword rules: `(rule index, source span)`. The view is searched once
/// for every keyword rule; each phase takes its rules' hits from that.
pub fn keyword_hits(
    set: &RuleSet,
    p: &Prepared,
    allowed: &dyn Fn(usize) -> bool,
) -> Vec<(usize, Range<usize>)> {
    p.keyword_hits
        .get_or_init(|| all_keyword_hits(set, p))
        .iter()
        .filter(|(rule, _)| allowed(*rule))
        .cloned()
        .collect()
}

fn all_keyword_hits(set: &RuleSet, p: &Prepared) -> Vec<(usize, Range<usize>)> {
    let Some((ac, owners)) = set.keyword_automaton() else {
        return Vec::new();
    };
    let text = p.view.text.as_str();
    // After removals only the changed lines can hold new hits, when hits never take a line end.
    let searched: Vec<Range<usize>> = match &p.changed {
        Some(_) if set.keywords_are_line_local() => (0..p.vlines.len())
            .filter(|&l| p.searches(l))
            .map(|l| p.vlines[l].clone())
            .collect(),
        _ => std::iter::once(0..text.len()).collect(),
    };
    searched
        .into_iter()
        .flat_map(|r| ac.find_iter(aho_corasick::Input::new(text).span(r)))
        .filter(|m| ascii_word_bounded(text, m.start(), m.end()))
        .map(|m| {
            let rule = owners[m.pattern().as_usize()];
            let mut end = m.end();
            if let Some(x) = set.rules[rule].kind.keywords().and_then(|k| k.extend) {
                if let Some(more) = x.find(&text[end..]) {
                    end += more.end();
                }
            }
            (rule, p.view.source_span(m.start()..end))
        })
        .collect()
}

/// Latin terms match whole words only: `bet` must not hit `alphabet`.
fn ascii_word_bounded(text: &str, start: usize, end: usize) -> bool {
    let b = text.as_bytes();
    let word = |x: u8| x.is_ascii_alphanumeric();
    let left_ok = !(word(b[start]) && start > 0 && word(b[start - 1]));
    let right_ok = !(word(b[end - 1]) && end < b.len() && word(b[end]));
    left_ok && right_ok
}
