//! Finders: each rule kind's way of finding what to remove. A finder reads the prepared document
//! and returns hits as source byte ranges; it never edits the text (see [`crate::clean`]).

mod injected;
mod keyword_list;
mod lines;

use std::ops::Range;

use crate::document::Document;
use crate::normalize::{Folded, View};
use crate::rules::{At, DropAt, Kind, PatternFacts, Rule, RuleSet};

pub use lines::squash;

/// Fewest prose lines ending mid-word that make a text hard-wrapped.
const MIN_WRAPPED_LINES: usize = 5;

/// Shortest line that may be hard-wrapped prose continuing on the next line.
const WRAPPED_LINE_CHARS: usize = 20;

/// Which lines start a paragraph. In a hard-wrapped text (at least five long prose lines, and
/// half of them, end in the middle of a word) a line after a long line that ends mid-word continues it;
/// elsewhere every line starts a paragraph (titles end without punctuation too).
/// `line_chars`: each line's char count, trimmed.
fn paragraph_starts(text: &str, vlines: &[Range<usize>], line_chars: &[usize]) -> Vec<bool> {
    let ends: Vec<Option<char>> = vlines
        .iter()
        .zip(line_chars)
        .map(|(l, &n)| {
            (n >= WRAPPED_LINE_CHARS)
                .then(|| text[l.clone()].trim_end().chars().next_back())
                .flatten()
        })
        .collect();
    // Only prose votes: lines with clause punctuation inside. Titles, keyword lists and
    // datelines also end mid-word, but they do not make a text hard-wrapped.
    let prose = |k: usize| text[vlines[k].clone()].contains([',', '、', ';', '，', '；']);
    let voters: Vec<char> = (0..vlines.len())
        .filter(|&k| prose(k))
        .filter_map(|k| ends[k])
        .collect();
    let long = voters.len();
    let mid_word = voters.iter().filter(|c| is_word_char(**c)).count();
    let wrapped = mid_word >= MIN_WRAPPED_LINES && mid_word * 2 >= long;
    let mut starts = vec![true; vlines.len()];
    if wrapped {
        for k in 1..vlines.len() {
            starts[k] = !ends[k - 1].is_some_and(is_word_char);
        }
    }
    starts
}

/// A document with its matching view, line tables and, once known, its title line.
pub struct Prepared {
    pub doc: Document,
    pub view: View,
    /// Byte range of every line of the view; line `i` of the view is line `i` of the source.
    pub vlines: Vec<Range<usize>>,
    /// For each line, its rank among non-blank lines (blank lines get the rank of the next one).
    nonblank_rank: Vec<usize>,
    nonblank_total: usize,
    /// Lines that start a paragraph: the first line, or one after a blank line, a short line, or
    /// a line that ends in punctuation. Hard-wrapped prose continues mid-sentence and does not.
    pub paragraph_start: Vec<bool>,
    /// Which rules may match the view ([`RuleSet::may_match`]), found once for all phases.
    may_match: std::sync::OnceLock<Vec<bool>>,
    /// Chars of each line of the view, trimmed: what `max_line_chars` is measured on.
    pub line_chars: Vec<usize>,
    /// Every keyword rule's hits on the view, found once for all phases.
    keyword_hits: std::sync::OnceLock<Vec<(usize, Range<usize>)>>,
    /// The fold of the whole text, which later views with other spans hidden are built from.
    folded: Folded,
    /// The spans left out of the view.
    hidden: Vec<Range<usize>>,
    /// For a view made after removals ([`Prepared::after`]): the lines that read otherwise than
    /// in the view searched before. Line-local rules found everything on the other lines already.
    changed: Option<Vec<bool>>,
}

impl Prepared {
    pub fn new(doc: Document) -> Prepared {
        Prepared::masked(doc, &[])
    }

    /// Prepared with the `hidden` spans (sorted, disjoint) left out of the view.
    pub fn masked(doc: Document, hidden: &[Range<usize>]) -> Prepared {
        let folded = Folded::new(&doc.text);
        Prepared::from_folded(doc, folded, hidden)
    }

    /// This document again with other spans hidden, from the fold already made.
    pub fn remasked(self, hidden: &[Range<usize>]) -> Prepared {
        let view = self.view_hiding(hidden);
        Prepared::with_view(self.doc, self.folded, view, hidden)
    }

    /// The view with `hidden` left out, its lines hidden as in this view copied from it.
    fn view_hiding(&self, hidden: &[Range<usize>]) -> View {
        View::remasked(
            &self.doc.text,
            &self.folded,
            hidden,
            &self.view,
            &self.vlines,
            &self.hidden,
        )
    }

    /// This document with the `hidden` spans left out of the view, as a copy: the view of a new
    /// round of rules after `searched`, the view the rules read before. Only the lines that read
    /// otherwise than there are searched again by the line-local rules.
    pub fn after(&self, hidden: &[Range<usize>], searched: &Prepared) -> Prepared {
        let view = self.view_hiding(hidden);
        let mut next = Prepared::with_view(
            Document::new(self.doc.text.clone()),
            self.folded.clone(),
            view,
            hidden,
        );
        next.changed = Some(
            (0..next.vlines.len())
                .map(|l| next.vline(l) != searched.vline(l))
                .collect(),
        );
        next
    }

    /// Whether a line-local rule needs to search `line` of this view.
    fn searches(&self, line: usize) -> bool {
        self.changed.as_ref().is_none_or(|c| c[line])
    }

    fn from_folded(doc: Document, folded: Folded, hidden: &[Range<usize>]) -> Prepared {
        let view = View::masked_from(&doc.text, &folded, hidden);
        Prepared::with_view(doc, folded, view, hidden)
    }

    fn with_view(doc: Document, folded: Folded, view: View, hidden: &[Range<usize>]) -> Prepared {
        let vlines = view.lines();
        debug_assert_eq!(vlines.len(), doc.lines.len());
        let mut nonblank_rank = Vec::with_capacity(doc.lines.len());
        let mut rank = 0;
        for i in 0..doc.lines.len() {
            nonblank_rank.push(rank);
            if !doc.is_blank(i) {
                rank += 1;
            }
        }
        let line_chars: Vec<usize> = vlines
            .iter()
            .map(|r| view.text[r.clone()].trim().chars().count())
            .collect();
        let paragraph_start = paragraph_starts(&view.text, &vlines, &line_chars);
        Prepared {
            doc,
            view,
            vlines,
            nonblank_rank,
            nonblank_total: rank,
            paragraph_start,
            may_match: std::sync::OnceLock::new(),
            line_chars,
            keyword_hits: std::sync::OnceLock::new(),
            folded,
            hidden: hidden.to_vec(),
            changed: None,
        }
    }

    /// For each rule of `set`, whether it may match this view: `false` only for pattern rules
    /// whose pattern matches nowhere. Computed on first use; every phase shares it. After
    /// removals, when every pattern rule is line-local, only the changed lines are searched.
    pub fn may_match(&self, set: &RuleSet) -> &[bool] {
        self.may_match.get_or_init(|| match &self.changed {
            Some(changed) if set.patterns_are_line_local() => {
                let mut lines = String::new();
                for l in (0..self.vlines.len()).filter(|&l| changed[l]) {
                    lines.push_str(self.vline(l));
                    lines.push('\n');
                }
                set.may_match(&lines)
            }
            _ => set.may_match(&self.view.text),
        })
    }

    pub fn vline(&self, line: usize) -> &str {
        &self.view.text[self.vlines[line].clone()]
    }

    /// Whether `line` lies where `rule` may fire (`at` + `within`).
    pub fn in_scope(&self, rule: &Rule, line: usize) -> bool {
        let rank = self.nonblank_rank[line.min(self.nonblank_rank.len() - 1)];
        match rule.at {
            At::Anywhere => true,
            At::Head => rank < rule.within,
            At::Tail => self.nonblank_total.saturating_sub(rank) <= rule.within,
        }
    }

    /// The source span of a whole line (without its `\n`).
    pub fn line_span(&self, line: usize) -> Range<usize> {
        self.doc.lines[line].clone()
    }
}

/// What the title-dependent finders know about the title.
pub struct TitleInfo {
    /// The title's line, or `None` for a title known from elsewhere (an HTML page's headline).
    pub line: Option<usize>,
    /// [`squash`] of the title text.
    pub squashed: String,
    /// [`squash`] of the title line as it reads before the rules (repairs aside).
    pub raw_squashed: String,
}

/// The title and the removals decided before it was found, which title-dependent finders see
/// through.
pub struct TitleContext<'a> {
    pub title: &'a TitleInfo,
    pub removed: &'a [crate::document::Removal],
}

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
            if let Kind::Keywords { extend: Some(x), .. } = &set.rules[rule].kind {
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

/// Hits of one non-keyword rule, as source spans. `facts`: what the rule's pattern syntax tells
/// ([`RuleSet::facts`]). A line-local pattern is searched on a view's changed lines only, when the
/// view was made after removals.
pub fn rule_hits(
    rule: &Rule,
    facts: PatternFacts,
    p: &Prepared,
    title: Option<&TitleContext>,
) -> Vec<Range<usize>> {
    let changed_only = facts.line_local && p.changed.is_some();
    match &rule.kind {
        Kind::Keywords { .. } | Kind::Selector { .. } | Kind::MainContent(_) => Vec::new(),
        Kind::Pattern { regex } if rule.is_line_bounded() || changed_only => {
            // Only the lines the rule may act on are searched: most of a page's text is in lines
            // too long for a chrome rule, or out of its `at`/`within` reach. They are searched
            // as one text (each line still ends in `\n`), so that `^`, `$` and word boundaries
            // read as in the view, without a search per line.
            let max = rule.max_line_chars.unwrap_or(usize::MAX);
            let mut joined = String::new();
            // (start in `joined`, start in the view) of each line taken.
            let mut starts: Vec<(usize, usize)> = Vec::new();
            let wanted =
                |l: usize| p.line_chars[l] <= max && p.in_scope(rule, l) && (!changed_only || p.searches(l));
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
        Kind::KeywordList {
            params,
            lexicon,
            strong,
        } => keyword_list::find(p, rule, params, lexicon, strong.as_deref()),
        Kind::InjectedToken(params) => injected::find(p, params, title),
        Kind::RepeatedTitle => title.map_or_else(Vec::new, |t| lines::repeated_title(p, t)),
        Kind::Masthead { max_chars, endings } => {
            title.map_or_else(Vec::new, |t| lines::masthead(p, t.title, *max_chars, endings))
        }
        Kind::Dateline {
            max_other_chars,
            event_labels,
        } => lines::dateline(p, rule, *max_other_chars, event_labels),
        Kind::DuplicateLine { min_chars, labels } => lines::duplicate_line(p, rule, *min_chars, labels),
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

/// Punctuation or symbol that ends a clause or separates items (in the folded view).
pub fn is_punct(c: char) -> bool {
    !c.is_alphanumeric() && !c.is_whitespace()
}

/// A char that belongs to a word: CJK ideograph, letter or digit.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}
