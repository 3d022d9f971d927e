//! Finders: each rule kind's way of finding what to remove. A finder reads the prepared document
//! and returns hits as source byte ranges; it never edits the text (see [`crate::engine`]).

use std::ops::Range;

use crate::kinds::legacy::Kind;
use crate::kinds::Search;
use crate::rules::DropAt;

pub use crate::model::{Prepared, TitleContext, TitleInfo};

/// Hits of one non-keyword rule of a kind not yet in a file of its own, as source spans.
/// `search.facts`: what the rule's pattern syntax tells ([`crate::engine::RuleSet::facts`]). A
/// line-local pattern is searched on a view's changed lines only, when the view was made after
/// removals.
pub fn rule_hits(kind: &Kind, search: &Search<'_>) -> Vec<Range<usize>> {
    let (rule, facts, p) = (search.rule, search.facts, search.doc);
    let changed_only = facts.line_local && p.changed.is_some();
    match kind {
        Kind::Pattern { regex } if rule.is_line_bounded() || changed_only => {
            // Only the lines the rule may act on are searched: most of a page's text is in lines
            // too long for a chrome rule, or out of its `at`/`within` reach. They are searched
            // as one text (each line still ends in `\n`), so that `^`, `$` and word boundaries
            // read as in the view, without a search per line.
            let max = rule.max_line_chars.unwrap_or(usize::MAX);
            let mut joined = String::new();
            // (start in `joined`, start in the view) of each line taken.
            let mut starts: Vec<(usize, usize)> = Vec::new();
            let wanted = |l: usize| {
                p.line_chars[l] <= max && p.in_scope(rule.scope(), l) && (!changed_only || p.searches(l))
            };
            for l in (0..p.vlines.len()).filter(|&l| wanted(l)) {
                starts.push((joined.len(), p.vlines[l].start));
                joined.push_str(p.vline(l));
                joined.push('\n');
            }
            let to_view = |r: Range<usize>| {
                let k = starts.partition_point(|s| s.0 <= r.start) - 1;
                let (at, view_at) = starts[k];
                let line_end = starts.get(k + 1).map_or(joined.len(), |s| s.0) - 1;
                view_at + (r.start - at)..view_at + (r.end.min(line_end).max(r.start) - at)
            };
            pattern_spans(regex, facts.drop, &joined)
                .into_iter()
                .map(|r| p.view.source_span(to_view(r)))
                .filter(|r| !r.is_empty())
                .collect()
        }
        Kind::Pattern { regex } => pattern_spans(regex, facts.drop, &p.view.text)
            .into_iter()
            .map(|r| p.view.source_span(r))
            .collect(),
    }
}

/// The non-empty ranges of `text` a pattern takes: its `drop` group, or the whole match (`drop`
/// says which, and where the group is when syntax tells).
fn pattern_spans(regex: &regex::Regex, drop: DropAt, text: &str) -> Vec<Range<usize>> {
    // The chars each match keeps before what it removes, when syntax tells.
    let kept_chars = match drop {
        DropAt::Whole => Some(0),
        DropAt::AfterChars(n) => Some(n),
        DropAt::Captured => None,
    };
    if let Some(n) = kept_chars {
        let skip = |at: usize| at + text[at..].chars().take(n).map(char::len_utf8).sum::<usize>();
        return regex
            .find_iter(text)
            .map(|m| skip(m.start())..m.end())
            .filter(|r| !r.is_empty())
            .collect();
    }
    // The fast search finds each match; captures are then taken on that match alone (the text
    // before it still counts for `^` and word boundaries). Capturing over the whole rest of the
    // text costs a backtracker setup per match.
    regex
        .find_iter(text)
        .filter_map(|m| {
            let caps = regex
                .captures_at(&text[..m.end()], m.start())
                .filter(|c| c.get(0).map(|g| g.range()) == Some(m.range()))
                .or_else(|| regex.captures_at(text, m.start()))?;
            let drop = caps.name("drop").or_else(|| caps.get(0))?;
            Some(drop.range())
        })
        .filter(|r| !r.is_empty())
        .collect()
}
