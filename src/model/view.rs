//! The view rules read a document through: its folded text, line tables, which lines start a
//! paragraph, and (once known) the title.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::SourceText;
use crate::text::chars::{is_word_char, CLAUSE_MARKS};
use crate::text::normalize::{Folded, View};

/// Where in a document a rule may fire.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum At {
    /// Within the first `within` non-blank lines.
    Head,
    /// Within the last `within` non-blank lines.
    Tail,
    #[default]
    Anywhere,
}

/// Where a rule may fire: `at` the head, the tail or anywhere, `within` so many non-blank lines,
/// and (for line actions) only on lines of at most `max_line_chars` chars.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scope {
    pub at: At,
    pub within: usize,
    pub max_line_chars: Option<usize>,
}

impl Scope {
    /// Whether the rule acts only on some lines (`max_line_chars`, `at`): its pattern is then
    /// searched on those lines alone, and left out of the whole-text prefilter.
    pub fn is_line_bounded(&self) -> bool {
        self.max_line_chars.is_some() || self.at != At::Anywhere
    }
}

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
    let prose = |k: usize| text[vlines[k].clone()].contains(CLAUSE_MARKS);
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
    pub doc: SourceText,
    pub view: View,
    /// Byte range of every line of the view; line `i` of the view is line `i` of the source.
    pub vlines: Vec<Range<usize>>,
    /// For each line, its rank among non-blank lines (blank lines get the rank of the next one).
    nonblank_rank: Vec<usize>,
    nonblank_total: usize,
    /// Lines that start a paragraph: the first line, or one after a blank line, a short line, or
    /// a line that ends in punctuation. Hard-wrapped prose continues mid-sentence and does not.
    pub paragraph_start: Vec<bool>,
    /// Which rules may match the view (`crate::engine::prefilter::may_match`), found once for all phases.
    pub(crate) may_match: std::sync::OnceLock<Vec<bool>>,
    /// Chars of each line of the view, trimmed: what `max_line_chars` is measured on.
    pub line_chars: Vec<usize>,
    /// Every keyword rule's hits on the view, found once for all phases.
    pub(crate) keyword_hits: std::sync::OnceLock<Vec<(usize, Range<usize>)>>,
    /// The fold of the whole text, which later views with other spans hidden are built from.
    folded: Folded,
    /// The spans left out of the view.
    hidden: Vec<Range<usize>>,
    /// For a view made after removals ([`Prepared::after`]): the lines that read otherwise than
    /// in the view searched before. Line-local rules found everything on the other lines already.
    pub(crate) changed: Option<Vec<bool>>,
}

impl Prepared {
    pub fn new(doc: SourceText) -> Prepared {
        Prepared::masked(doc, &[])
    }

    /// Prepared with the `hidden` spans (sorted, disjoint) left out of the view.
    pub fn masked(doc: SourceText, hidden: &[Range<usize>]) -> Prepared {
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
            SourceText::new(self.doc.text.clone()),
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
    pub(crate) fn searches(&self, line: usize) -> bool {
        self.changed.as_ref().is_none_or(|c| c[line])
    }

    fn from_folded(doc: SourceText, folded: Folded, hidden: &[Range<usize>]) -> Prepared {
        let view = View::masked_from(&doc.text, &folded, hidden);
        Prepared::with_view(doc, folded, view, hidden)
    }

    fn with_view(doc: SourceText, folded: Folded, view: View, hidden: &[Range<usize>]) -> Prepared {
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

    pub fn vline(&self, line: usize) -> &str {
        &self.view.text[self.vlines[line].clone()]
    }

    /// Whether `line` lies in `scope`.
    pub fn in_scope(&self, scope: Scope, line: usize) -> bool {
        let rank = self.nonblank_rank[line.min(self.nonblank_rank.len() - 1)];
        match scope.at {
            At::Anywhere => true,
            At::Head => rank < scope.within,
            At::Tail => self.nonblank_total.saturating_sub(rank) <= scope.within,
        }
    }

    /// Line `line` of the source as it reads with the hidden spans left out (not folded): what
    /// the cleaned text will hold of it.
    pub fn visible_line(&self, line: usize) -> String {
        let span = self.doc.lines[line].clone();
        let mut out = String::new();
        let mut at = span.start;
        for h in &self.hidden {
            if h.end <= at || h.start >= span.end {
                continue;
            }
            if h.start > at {
                out.push_str(&self.doc.text[at..h.start]);
            }
            at = at.max(h.end);
        }
        if at < span.end {
            out.push_str(&self.doc.text[at..span.end]);
        }
        out
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
    /// Whether the page says this headline twice (its `<title>` and a line of its own): its
    /// words, first ones included, are the story's.
    pub confirmed: bool,
}

/// The title and the removals decided before it was found, which title-dependent finders see
/// through.
pub struct TitleContext<'a> {
    pub title: &'a TitleInfo,
    pub removed: &'a [super::Removal],
}
