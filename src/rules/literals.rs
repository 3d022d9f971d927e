//! The strings every match of a pattern holds: a text that holds none of them cannot match, so
//! one automaton pass over a document tells which line rules need a search at all. Chrome
//! patterns start with `^[^\n。]{0,30}`, which leaves the regex engine no literal to skip by.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use regex_syntax::hir::{Class, Hir, HirKind};

use super::Rule;

/// Largest set of strings kept for one pattern; a pattern needing more gets no prefilter.
const MAX_STRINGS: usize = 64;

/// Largest character class read as a set of one-char strings.
const MAX_CLASS_CHARS: usize = 8;

/// The strings every line-bounded pattern rule needs, searched in one pass over a document.
#[derive(Clone, Debug, Default)]
pub struct Prefilter {
    /// Every rule with a set of needed strings.
    rules: Vec<usize>,
    /// One-char strings (`.`, `中`), looked for one by one: nearly every text holds them, and
    /// the first occurrence settles them.
    chars: Vec<(char, Vec<usize>)>,
    /// The longer strings, and for each the rules needing it. A contiguous NFA: a DFA over
    /// them took longer to build than all other rules together.
    longer: Option<(AhoCorasick, Vec<Vec<usize>>)>,
}

impl Prefilter {
    /// `hirs`: each rule's pattern syntax ([`super::parse_as_compiled`]), `None` for other kinds.
    pub fn new(rules: &[Rule], hirs: &[Option<Hir>]) -> Prefilter {
        let mut filter = Prefilter::default();
        let mut longer: Vec<String> = Vec::new();
        let mut owners: Vec<Vec<usize>> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for (i, (rule, hir)) in rules.iter().zip(hirs).enumerate() {
            if !rule.enabled || !rule.is_line_bounded() {
                continue;
            }
            let Some(strings) = hir.as_ref().and_then(required) else {
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

/// Strings such that every match of a pattern (parsed as the rules compile it: multi-line) holds
/// one of them; `None` when no such set is known.
pub fn required(hir: &Hir) -> Option<Vec<String>> {
    let strings = match need(hir)? {
        Need::Exact(s) | Need::Contains(s) => s,
    };
    // A string across a line end could be made by joining lines that are not neighbours.
    if strings.iter().any(|s| s.is_empty() || s.contains('\n')) {
        return None;
    }
    Some(strings)
}

/// What a sub-expression's matches hold.
#[derive(Debug, Clone, PartialEq)]
enum Need {
    /// Every match is one of these strings.
    Exact(Vec<String>),
    /// Every match holds one of these strings.
    Contains(Vec<String>),
}

impl Need {
    fn strings(&self) -> &[String] {
        match self {
            Need::Exact(s) | Need::Contains(s) => s,
        }
    }
}

fn need(hir: &Hir) -> Option<Need> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => None,
        HirKind::Literal(l) => Some(Need::Exact(vec![String::from_utf8(l.0.to_vec()).ok()?])),
        HirKind::Class(Class::Unicode(c)) => {
            let chars: usize = c.ranges().iter().map(|r| r.len()).sum();
            (chars <= MAX_CLASS_CHARS).then(|| {
                Need::Exact(
                    c.ranges()
                        .iter()
                        .flat_map(|r| r.start()..=r.end())
                        .map(String::from)
                        .collect(),
                )
            })
        }
        HirKind::Class(Class::Bytes(_)) => None,
        HirKind::Repetition(r) if r.min >= 1 => Some(Need::Contains(need(&r.sub)?.strings().to_vec())),
        HirKind::Repetition(_) => None,
        HirKind::Capture(c) => need(&c.sub),
        HirKind::Alternation(subs) => {
            let mut all_exact = true;
            let mut union: Vec<String> = Vec::new();
            for sub in subs {
                let n = need(sub)?;
                all_exact &= matches!(n, Need::Exact(_));
                union.extend(n.strings().iter().cloned());
            }
            union.sort();
            union.dedup();
            if union.len() > MAX_STRINGS {
                None
            } else if all_exact {
                Some(Need::Exact(union))
            } else {
                Some(Need::Contains(union))
            }
        }
        HirKind::Concat(subs) => concat(subs),
    }
}

/// A concatenation: neighbouring exact parts multiply into longer strings (assertions between
/// them take no text); the most selective of those runs and of the other parts' needs is the
/// concatenation's.
fn concat(subs: &[Hir]) -> Option<Need> {
    // Sets of which every match holds one string.
    let mut candidates: Vec<Vec<String>> = Vec::new();
    let mut run: Option<Vec<String>> = None;
    let mut whole_exact = true;
    for sub in subs {
        if matches!(sub.kind(), HirKind::Look(_)) {
            whole_exact = false;
            continue;
        }
        match need(sub) {
            Some(Need::Exact(s)) => {
                run = Some(match run.take() {
                    None => s,
                    Some(r) if r.len() * s.len() <= MAX_STRINGS => r
                        .iter()
                        .flat_map(|a| s.iter().map(move |b| format!("{a}{b}")))
                        .collect(),
                    Some(r) => {
                        candidates.push(r);
                        whole_exact = false;
                        s
                    }
                });
            }
            other => {
                whole_exact = false;
                candidates.extend(run.take());
                candidates.extend(other.map(|n| n.strings().to_vec()));
            }
        }
    }
    if whole_exact {
        return run.map(Need::Exact);
    }
    candidates.extend(run);
    candidates
        .into_iter()
        .max_by_key(|s| {
            (
                s.iter().map(String::len).min().unwrap_or(0),
                std::cmp::Reverse(s.len()),
            )
        })
        .map(Need::Contains)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`required`] of a pattern as written; `None` also when it does not parse.
    fn required_of(pattern: &str) -> Option<Vec<String>> {
        crate::rules::parse_as_compiled(pattern).and_then(|hir| required(&hir))
    }

    fn req(p: &str) -> Option<Vec<String>> {
        required_of(p).map(|mut s| {
            s.sort();
            s
        })
    }

    fn strings(s: &[&str]) -> Option<Vec<String>> {
        let mut v: Vec<String> = s.iter().map(|x| x.to_string()).collect();
        v.sort();
        Some(v)
    }

    #[test]
    fn the_most_selective_part_of_each_branch_is_required() {
        assert_eq!(
            req(r"^[^\n。]{0,30}(扫一扫|扫描二维码)[^\n。]{0,20}$|^[^\n。]{0,20}官方(app|客户端)[ \t]*$"),
            strings(&["官方app", "官方客户端", "扫一扫", "扫描二维码"])
        );
        assert_eq!(
            req(r"^(?:编辑|责编)[:：]\s*\S+$"),
            strings(&["编辑:", "编辑：", "责编:", "责编："])
        );
        assert_eq!(
            req(r"(?i)ago"),
            strings(&["AGO", "AGo", "AgO", "Ago", "aGO", "aGo", "agO", "ago"])
        );
    }

    #[test]
    fn patterns_that_match_without_a_fixed_string_have_no_prefilter() {
        for p in [
            r"^\d+$",
            r"^(a|\s*)$",
            r"x?",
            r"^[ \t]*$",
            "a\nb",
            r"(?:)",
            "[\u{4e00}-\u{9fff}]+",
        ] {
            assert_eq!(required_of(p), None, "{p}");
        }
    }

    #[test]
    fn every_match_holds_a_required_string() {
        let cases = [
            (
                r"^[^\n。]{0,30}(^|\D)\d{1,2}[ \t]*(秒|分钟|小时)前[^\n。]{0,30}$",
                "3 小时前 发布",
            ),
            (r"(?P<drop>\(\s*[a-z]{1,6}\s*\))", "競(jing)逐"),
            (r"^(来源|作者)[:：][^\n]{1,20}$", "来源：新华社"),
        ];
        for (pattern, text) in cases {
            let re = regex::RegexBuilder::new(pattern)
                .multi_line(true)
                .build()
                .unwrap();
            let m = re.find(text).expect("the case matches").as_str();
            let need = required_of(pattern).expect("a prefilter");
            assert!(need.iter().any(|s| m.contains(s.as_str())), "{pattern} {need:?}");
        }
    }

    #[test]
    fn no_rule_is_ruled_out_where_its_pattern_matches() {
        let rules = crate::rules::load::load_sources(&crate::rules::load::embedded_sources()).unwrap();
        let filter = Prefilter::new(&rules.rules, &crate::rules::pattern_hirs(&rules.rules));
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
