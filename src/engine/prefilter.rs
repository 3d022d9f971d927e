//! Which pattern rules may match a view, found once for every phase: the `RegexSet` over the
//! patterns searched on the whole text, and for the line-bounded ones the strings every match of
//! theirs holds ([`literals::required`]), found in one automaton pass. Chrome patterns start with
//! `^[^\n。]{0,30}`, which leaves the regex engine no literal to skip by.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use regex_syntax::hir::Hir;

use crate::engine::RuleSet;
use crate::kinds::pattern::literals;
use crate::model::Prepared;
use crate::rules::Rule;

/// For each rule of `set`, whether it may match the view of `p`: `false` only for pattern rules
/// whose pattern matches nowhere. Computed on first use; every phase shares it. After
/// removals, when every pattern rule is line-local, only the changed lines are searched.
pub fn may_match<'a>(p: &'a Prepared, set: &RuleSet) -> &'a [bool] {
    p.may_match.get_or_init(|| match &p.changed {
        Some(changed) if set.patterns_are_line_local() => {
            let mut lines = String::new();
            for l in (0..p.vlines.len()).filter(|&l| changed[l]) {
                lines.push_str(p.vline(l));
                lines.push('\n');
            }
            set.may_match(&lines)
        }
        _ => set.may_match(&p.view.text),
    })
}

/// The strings every line-bounded pattern rule needs, searched in one pass over a document.
#[derive(Clone, Debug, Default)]
pub struct LinePrefilter {
    /// Every rule with a set of needed strings.
    rules: Vec<usize>,
    /// One-char strings (`.`, `中`), looked for one by one: nearly every text holds them, and
    /// the first occurrence settles them.
    chars: Vec<(char, Vec<usize>)>,
    /// The longer strings, and for each the rules needing it. A contiguous NFA: a DFA over
    /// them took longer to build than all other rules together.
    longer: Option<(AhoCorasick, Vec<Vec<usize>>)>,
}

impl LinePrefilter {
    /// `hirs`: each rule's pattern syntax ([`crate::kinds::pattern::parse_as_compiled`]), `None`
    /// for other kinds.
    pub fn new(rules: &[Rule], hirs: &[Option<Hir>]) -> LinePrefilter {
        let mut filter = LinePrefilter::default();
        let mut longer: Vec<String> = Vec::new();
        let mut owners: Vec<Vec<usize>> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for (i, (rule, hir)) in rules.iter().zip(hirs).enumerate() {
            if !rule.enabled || !rule.scope.is_line_bounded() {
                continue;
            }
            let Some(strings) = hir.as_ref().and_then(literals::required) else {
                continue;
            };
            filter.rules.push(i);
            for s in strings {
                let mut chars = s.chars();
                if let (Some(c), None) = (chars.next(), chars.next()) {
                    match filter.chars.iter_mut().find(|(k, _)| *k == c) {
                        Some((_, o)) => o.push(i),
                        None => filter.chars.push((c, vec![i])),
                    }
                    continue;
                }
                let k = *index.entry(s.clone()).or_insert_with(|| {
                    longer.push(s);
                    owners.push(Vec::new());
                    owners.len() - 1
                });
                if owners[k].last() != Some(&i) {
                    owners[k].push(i);
                }
            }
        }
        filter.longer = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&longer)
            .ok()
            .filter(|_| !longer.is_empty())
            .map(|ac| (ac, owners));
        filter
    }

    /// Sets `may[rule]` to `false` for each rule none of whose strings `text` holds.
    pub fn rule_out(&self, text: &str, may: &mut [bool]) {
        let mut found = vec![false; may.len()];
        let mut waiting = self.rules.len();
        // Marks `rules` found; how many were not yet.
        let mark = |rules: &[usize], found: &mut [bool]| {
            rules
                .iter()
                .filter(|&&i| !std::mem::replace(&mut found[i], true))
                .count()
        };
        for (c, rules) in &self.chars {
            if rules.iter().any(|&i| !found[i]) && text.contains(*c) {
                waiting -= mark(rules, &mut found);
            }
        }
        if let Some((ac, owners)) = &self.longer {
            for m in ac.find_overlapping_iter(text) {
                if waiting == 0 {
                    break;
                }
                waiting -= mark(&owners[m.pattern().as_usize()], &mut found);
            }
        }
        for &i in &self.rules {
            may[i] &= found[i];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::LinePrefilter;

    #[test]
    fn no_rule_is_ruled_out_where_its_pattern_matches() {
        let rules = crate::engine::load_sources(&crate::rules::embedded_sources()).unwrap();
        let filter = LinePrefilter::new(&rules.rules, &super::super::plan::pattern_hirs(&rules.rules));
        let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
        let mut texts: Vec<String> = std::fs::read_dir(seeds)
            .unwrap()
            .map(|e| {
                crate::text::normalize::View::new(
                    &std::fs::read_to_string(e.unwrap().path()).unwrap_or_default(),
                )
                .text
            })
            .collect();
        texts.push("责任编辑：王五\n3 小时前\n扫一扫 下载app\n".into());
        let mut ruled_out = 0;
        for text in &texts {
            let mut may = vec![true; rules.rules.len()];
            filter.rule_out(text, &mut may);
            for (i, rule) in rules.rules.iter().enumerate() {
                let Some(regex) = rule.kind.pattern() else {
                    continue;
                };
                assert!(may[i] || !regex.is_match(text), "{} ruled out", rule.id);
                ruled_out += usize::from(!may[i]);
            }
        }
        assert!(ruled_out > 0, "the prefilter rules nothing out");
    }
}
