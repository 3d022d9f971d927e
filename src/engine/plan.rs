//! The compiled plan of a run: every rule, and the searches they share, built once before any
//! document is read — one Aho-Corasick automaton over every keyword rule's terms, the `RegexSet`
//! prefilter, the line-bounded patterns' literal prefilter, what each pattern's syntax tells, the
//! selector index, and the raw-text elements the rules drop.

use std::collections::HashMap;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::prefilter::LinePrefilter;
use crate::kinds::pattern::{locality, parse_as_compiled, PatternFacts};
use crate::kinds::selector::index::{split_top_level, SelectorIndex};
use crate::meta::Vocabulary;
use crate::model::RuleId;
use crate::rules::embedded_sources;
use crate::rules::{read_rules, LoadError, Rule, RuleSource};
use crate::text::normalize::fold_str;

/// All rules of a run, compiled, with one automaton for every keyword rule.
pub struct RuleSet {
    /// Every rule, in load order; a [`RuleId`] is an index here.
    pub rules: Vec<Rule>,
    /// One automaton over the terms of every enabled keyword rule; pattern id → rule index.
    keywords: Option<(AhoCorasick, Vec<usize>)>,
    /// One set over the patterns of every enabled pattern rule that is not line-bounded or a
    /// repair; pattern id → rule index. One pass tells which of them can match a document, so the
    /// others never scan it. Repairs search a text before any other rule and are left out: the
    /// text every later rule reads is another.
    patterns: Option<(regex::RegexSet, Vec<usize>)>,
    /// The strings every match of a line-bounded pattern rule holds
    /// ([`crate::kinds::pattern::literals::required`]).
    line_literals: LinePrefilter,
    /// For each rule, what its pattern's syntax tells of its matches (nothing for other kinds).
    facts: Vec<PatternFacts>,
    /// Whether every enabled pattern rule is line-local.
    patterns_line_local: bool,
    /// Whether the keyword automaton's hits on a line depend on that line alone: no term or
    /// extension takes a line end.
    keywords_line_local: bool,
    /// Every enabled selector rule's alternatives, for matching element by element.
    selectors: SelectorIndex,
    /// The raw-text elements (`script`, `style`) that an enabled rule for every site drops.
    raw_text_dropped: Vec<&'static str>,
    /// The words metadata is read by: the first enabled metadata rule's, else the default one's.
    vocabulary: Vocabulary,
    /// sha256 of every rule source and terms file, in load order.
    pub digest: String,
}

impl RuleSet {
    /// Compiles the searches `rules` share; `digest` names the rule sources they came from.
    pub fn new(rules: Vec<Rule>, digest: String) -> RuleSet {
        let mut terms = Vec::new();
        let mut owners = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, rule) in rules.iter().enumerate() {
            if let (true, Some(keywords)) = (rule.enabled, rule.kind.keywords()) {
                for t in keywords.terms {
                    let folded = fold_str(t);
                    if folded.is_empty() || seen.contains_key(&folded) {
                        continue;
                    }
                    seen.insert(folded.clone(), i);
                    terms.push(folded);
                    owners.push(i);
                }
            }
        }
        // The keyword automaton, the pattern set and the line rules' strings are independent:
        // build them side by side.
        let build_keywords = || {
            (!terms.is_empty()).then(|| {
                let ac = AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .kind(Some(AhoCorasickKind::DFA))
                    .build(&terms)
                    .or_else(|_| {
                        AhoCorasick::builder()
                            .match_kind(MatchKind::LeftmostLongest)
                            .build(&terms)
                    })
                    .expect("folded terms always build an automaton");
                (ac, owners)
            })
        };
        let build_patterns = || {
            let (sources, owners): (Vec<&str>, Vec<usize>) = rules
                .iter()
                .enumerate()
                .filter(|(_, r)| r.enabled && !r.scope.is_line_bounded() && !r.repair)
                .filter_map(|(i, r)| Some((r.kind.pattern()?.as_str(), i)))
                .unzip();
            regex::RegexSetBuilder::new(&sources)
                .multi_line(true)
                .dfa_size_limit(64 << 20)
                .size_limit(64 << 20)
                .build()
                .ok()
                .map(|set| (set, owners))
        };
        // Each pattern is parsed once for both the prefilter and its facts.
        let from_syntax = || {
            let hirs = pattern_hirs(&rules);
            rayon::join(
                || LinePrefilter::new(&rules, &hirs),
                || {
                    hirs.iter()
                        .map(|h| PatternFacts::of(h.as_ref()))
                        .collect::<Vec<_>>()
                },
            )
        };
        let ((keywords, patterns), (line_literals, facts)) =
            rayon::join(|| rayon::join(build_keywords, build_patterns), from_syntax);
        let selectors = SelectorIndex::new(rules.iter().enumerate().filter_map(|(i, r)| {
            let s = r.kind.selector().filter(|_| r.enabled)?;
            Some((i, s.css, s.selector))
        }));
        let raw_text_dropped = raw_text_dropped(&rules);
        let vocabulary = rules
            .iter()
            .filter(|r| r.enabled)
            .find_map(|r| r.kind.vocabulary().cloned())
            .unwrap_or_else(|| DEFAULT_VOCABULARY.clone());
        let patterns_line_local = rules
            .iter()
            .zip(&facts)
            .all(|(r, f)| f.line_local || !r.enabled || r.kind.pattern().is_none());
        let keywords_line_local = rules.iter().all(|r| match r.kind.keywords() {
            Some(k) => {
                !k.terms.iter().any(|t| t.contains('\n'))
                    && k.extend.is_none_or(|x| locality::stays_in_line(x.as_str()))
            }
            None => true,
        });
        RuleSet {
            rules,
            keywords,
            patterns,
            line_literals,
            facts,
            patterns_line_local,
            keywords_line_local,
            selectors,
            raw_text_dropped,
            vocabulary,
            digest,
        }
    }

    /// The rule a removal names.
    pub fn rule(&self, id: RuleId) -> &Rule {
        &self.rules[id.index()]
    }

    /// A set holding only the rule at `index`, for running that rule's examples alone.
    pub fn only(&self, index: usize) -> RuleSet {
        let mut rule = self.rules[index].clone();
        rule.enabled = true;
        rule.sites.clear();
        rule.langs.clear();
        RuleSet::new(vec![rule], self.digest.clone())
    }

    /// For each rule, whether it may match `text`: `false` only for pattern rules (not repairs)
    /// whose pattern has no match anywhere in it, or (line-bounded ones) that holds none of the
    /// strings every match of theirs holds.
    pub fn may_match(&self, text: &str) -> Vec<bool> {
        let mut may = vec![true; self.rules.len()];
        if let Some((set, owners)) = &self.patterns {
            for &i in owners {
                may[i] = false;
            }
            for k in set.matches(text).iter() {
                may[owners[k]] = true;
            }
        }
        self.line_literals.rule_out(text, &mut may);
        may
    }

    /// What the syntax of rule `index`'s pattern tells of its matches.
    pub fn facts(&self, index: usize) -> PatternFacts {
        self.facts[index]
    }

    /// Whether every enabled pattern rule is line-local: which of them may match a text of
    /// lines is then known from those lines alone.
    pub fn patterns_are_line_local(&self) -> bool {
        self.patterns_line_local
    }

    /// Whether the keyword automaton's hits on a line depend on that line alone.
    pub fn keywords_are_line_local(&self) -> bool {
        self.keywords_line_local
    }

    /// The automaton over every enabled keyword rule's terms, and each pattern's rule index.
    pub fn keyword_automaton(&self) -> Option<&(AhoCorasick, Vec<usize>)> {
        self.keywords.as_ref()
    }

    /// Every enabled selector rule's alternatives, for matching element by element.
    pub fn selectors(&self) -> &SelectorIndex {
        &self.selectors
    }

    /// The raw-text elements (`script`, `style`) that an enabled rule for every site drops.
    pub fn raw_text_dropped(&self) -> &[&'static str] {
        &self.raw_text_dropped
    }

    /// The words a document's metadata is read by.
    pub fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }
}

/// Which of the raw-text elements (`script`, `style`) an enabled rule for every site drops
/// wherever they are: its selector lists the bare element name.
fn raw_text_dropped(rules: &[Rule]) -> Vec<&'static str> {
    ["script", "style"]
        .into_iter()
        .filter(|tag| {
            rules.iter().any(|r| match r.kind.selector() {
                Some(s) => {
                    r.enabled
                        && r.sites.is_empty()
                        && r.langs.is_empty()
                        && split_top_level(s.css, ',')
                            .iter()
                            .any(|alt| alt.eq_ignore_ascii_case(tag))
                }
                None => false,
            })
        })
        .collect()
}

/// Each rule's pattern syntax ([`parse_as_compiled`]); `None` for other kinds.
pub(super) fn pattern_hirs(rules: &[Rule]) -> Vec<Option<regex_syntax::hir::Hir>> {
    rules
        .iter()
        .map(|r| {
            r.kind
                .pattern()
                .and_then(|regex| parse_as_compiled(regex.as_str()))
        })
        .collect()
}

/// The words of the default `metadata` rule (`rules/meta.toml`): what a rule set without a
/// metadata rule of its own (`--no-default-rules`, a rule's examples) reads metadata by.
static DEFAULT_VOCABULARY: LazyLock<Vocabulary> = LazyLock::new(|| {
    let sources: Vec<RuleSource> = embedded_sources()
        .into_iter()
        .filter(|s| s.name == "<default>/meta.toml")
        .collect();
    let list = read_rules(&sources).expect("the default metadata rule loads");
    list.rules
        .iter()
        .find_map(|r| r.kind.vocabulary().cloned())
        .expect("rules/meta.toml holds a metadata rule")
});

/// Reads `sources` ([`read_rules`]) and compiles the rules' shared searches: the rule set a run
/// cleans with. Returns every error found.
pub fn load_sources(sources: &[RuleSource]) -> Result<RuleSet, Vec<LoadError>> {
    read_rules(sources).map(|list| RuleSet::new(list.rules, list.digest))
}
