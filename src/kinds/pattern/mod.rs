//! `pattern`: regex matches in the folded view (Rust `regex` syntax, multi-line mode); a group
//! named `drop` is the part removed. What a pattern's syntax tells of its matches is read once,
//! when the plan is built ([`PatternFacts`]): the strings every match holds ([`literals`], for
//! the prefilter), whether its hits on a line depend on that line alone ([`locality`]), and
//! where its `drop` group is (`drop_group`).

mod drop_group;
pub mod literals;
pub mod locality;

use std::ops::Range;
use std::sync::Arc;

use regex::{Regex, RegexBuilder};
use toml::Spanned;

use super::config::{options, regex_message};
use super::{Compile, KindConfig, KindSpec, RuleKind, Search};
pub use drop_group::DropAt;

/// The kind, as the registry lists it.
pub const KIND: KindSpec = KindSpec::new::<Config>(
    "pattern",
    "regex matches",
    r#"pattern = '^(?:责任编辑|责编)[:：][^\n]{1,12}$'"#,
);

/// Most bytes a pattern's compiled program and its lazy DFA may take: a counted repeat compiles
/// its part that many times.
const SIZE_LIMIT: usize = 32 << 20;

options! {
    /// The options of a `pattern` rule.
    pub struct Config {
        /// A regex (Rust `regex` syntax, multi-line mode) matched against the folded view; a
        /// group named `drop` is the part removed. Unicode `\b` is refused (it crawls on CJK
        /// text): write `(?-u:\b)`. Every pattern is compiled at start-up: a counted repeat
        /// compiles its part that many times (`[^\n]{0,400}` is 400 copies), and a Unicode `\d`
        /// or `\w` is large; `[0-9]` where only ASCII digits occur (full-width ones are folded
        /// to ASCII).
        pub pattern: Option<Spanned<String>> = None,
    }
}

impl KindConfig for Config {
    fn compile(self: Box<Self>, cx: &mut Compile<'_>) -> Option<Arc<dyn RuleKind>> {
        let Some(p) = self.pattern else {
            cx.need("pattern");
            return None;
        };
        let src = p.get_ref();
        if has_unicode_word_boundary(src) {
            cx.problem_at(
                p.span(),
                "`\\b`/`\\B` are Unicode-aware and crawl on CJK text: write `(?-u:\\b)`".into(),
            );
        }
        match RegexBuilder::new(src)
            .multi_line(true)
            .dfa_size_limit(SIZE_LIMIT)
            .size_limit(SIZE_LIMIT)
            .build()
        {
            Ok(regex) => Some(Arc::new(Pattern { regex })),
            Err(e) => {
                cx.problem_at(p.span(), format!("bad pattern: {}", regex_message(&e)));
                None
            }
        }
    }
}

/// A regular expression over the folded view (multi-line mode). A group named `drop`, when
/// present, is the part removed.
#[derive(Debug)]
pub struct Pattern {
    regex: Regex,
}

impl RuleKind for Pattern {
    fn name(&self) -> &'static str {
        KIND.name
    }

    /// Hits as source spans. `search.facts`: what the pattern's syntax tells
    /// ([`crate::engine::RuleSet::facts`]). A line-local pattern is searched on a view's changed
    /// lines only, when the view was made after removals.
    fn find(&self, search: &Search<'_>) -> Vec<Range<usize>> {
        let (scope, facts, p) = (search.scope, search.facts, search.doc);
        let changed_only = facts.line_local && p.changed.is_some();
        if scope.is_line_bounded() || changed_only {
            return self.find_in_lines(search, changed_only);
        }
        pattern_spans(&self.regex, facts.drop, &p.view.text)
            .into_iter()
            .map(|r| p.view.source_span(r))
            .collect()
    }

    fn pattern(&self) -> Option<&Regex> {
        Some(&self.regex)
    }
}

impl Pattern {
    /// Hits on the lines the rule may act on (or, `changed_only`, those of them that changed).
    fn find_in_lines(&self, search: &Search<'_>, changed_only: bool) -> Vec<Range<usize>> {
        let (scope, p) = (search.scope, search.doc);
        // Only the lines the rule may act on are searched: most of a page's text is in lines
        // too long for a chrome rule, or out of its `at`/`within` reach. They are searched
        // as one text (each line still ends in `\n`), so that `^`, `$` and word boundaries
        // read as in the view, without a search per line.
        let max = scope.max_line_chars.unwrap_or(usize::MAX);
        let mut joined = String::new();
        // (start in `joined`, start in the view) of each line taken.
        let mut starts: Vec<(usize, usize)> = Vec::new();
        let wanted = |l: usize| {
            p.line_chars[l] <= max && p.in_scope(scope, l) && (!changed_only || p.searches(l))
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
        pattern_spans(&self.regex, search.facts.drop, &joined)
            .into_iter()
            .map(|r| p.view.source_span(to_view(r)))
            .filter(|r| !r.is_empty())
            .collect()
    }
}

/// What a pattern rule's syntax tells of its matches.
#[derive(Clone, Copy, Debug)]
pub struct PatternFacts {
    /// Its hits on a line depend on that line alone ([`locality::line_local`]).
    pub line_local: bool,
    /// What it removes of each match.
    pub drop: DropAt,
}

impl Default for PatternFacts {
    fn default() -> Self {
        PatternFacts {
            line_local: false,
            drop: DropAt::Captured,
        }
    }
}

impl PatternFacts {
    /// What a pattern's syntax tells; the defaults without one (other kinds, or a pattern that
    /// does not parse).
    pub fn of(hir: Option<&regex_syntax::hir::Hir>) -> PatternFacts {
        hir.map_or_else(PatternFacts::default, |hir| PatternFacts {
            line_local: locality::line_local(hir),
            drop: drop_group::drop_at(hir),
        })
    }
}

/// A rule pattern's syntax, parsed as the rules compile it (multi-line).
pub fn parse_as_compiled(pattern: &str) -> Option<regex_syntax::hir::Hir> {
    regex_syntax::ParserBuilder::new()
        .multi_line(true)
        .build()
        .parse(pattern)
        .ok()
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

/// `\b` or `\B` outside an ASCII-only `(?-u:…)` group (a rough check that errs on the safe side).
fn has_unicode_word_boundary(pattern: &str) -> bool {
    let bytes = pattern.as_bytes();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] == b'\\' {
            if (bytes[i + 1] == b'b' || bytes[i + 1] == b'B') && !pattern[..i].contains("(?-u") {
                return true;
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    false
}
