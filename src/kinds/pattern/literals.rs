//! The strings every match of a pattern holds: a text that holds none of them cannot match, so
//! one automaton pass over a document tells which line rules need a search at all. Chrome
//! patterns start with `^[^\n。]{0,30}`, which leaves the regex engine no literal to skip by.

use regex_syntax::hir::{Class, Hir, HirKind};

/// Largest set of strings kept for one pattern; a pattern needing more gets no prefilter.
const MAX_STRINGS: usize = 64;

/// Largest character class read as a set of one-char strings.
const MAX_CLASS_CHARS: usize = 8;

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
        super::super::parse_as_compiled(pattern).and_then(|hir| required(&hir))
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
}
