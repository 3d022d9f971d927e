//! Where a pattern's `drop` group lies in its match, when its syntax alone tells: a group that
//! ends the pattern after a fixed number of chars (`\p{Han}(?P<drop>\(…\))`) is the match less
//! those chars, and needs no capture search per match, which costs several times the match.

use regex_syntax::hir::{Class, Hir, HirKind};

/// What a pattern rule removes of each match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DropAt {
    /// The whole match: the pattern has no `drop` group.
    Whole,
    /// The match after its first `n` chars: the `drop` group ends the pattern, after `n` parts
    /// that each take one char.
    AfterChars(usize),
    /// Wherever a capture search puts the group.
    Captured,
}

/// Where a pattern, parsed as the rules compile it (multi-line), has its `drop` group.
pub fn drop_at(hir: &Hir) -> DropAt {
    if !has_drop(hir) {
        return DropAt::Whole;
    }
    let HirKind::Concat(parts) = hir.kind() else {
        return DropAt::Captured;
    };
    let Some((last, before)) = parts.split_last() else {
        return DropAt::Captured;
    };
    if !matches!(last.kind(), HirKind::Capture(c) if c.name.as_deref() == Some("drop")) {
        return DropAt::Captured;
    }
    let mut chars = 0;
    for part in before {
        match one_width(part) {
            Some(n) => chars += n,
            None => return DropAt::Captured,
        }
    }
    DropAt::AfterChars(chars)
}

/// How many chars every match of `hir` takes, when it is a literal, a char class or an
/// assertion (which takes none).
fn one_width(hir: &Hir) -> Option<usize> {
    match hir.kind() {
        HirKind::Literal(l) => Some(std::str::from_utf8(&l.0).ok()?.chars().count()),
        HirKind::Class(Class::Unicode(_)) => Some(1),
        HirKind::Look(_) => Some(0),
        _ => None,
    }
}

fn has_drop(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Capture(c) => c.name.as_deref() == Some("drop") || has_drop(&c.sub),
        HirKind::Repetition(r) => has_drop(&r.sub),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => subs.iter().any(has_drop),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drop_at(pattern: &str) -> DropAt {
        super::super::parse_as_compiled(pattern).map_or(DropAt::Captured, |hir| super::drop_at(&hir))
    }

    #[test]
    fn a_trailing_group_after_single_chars_is_placed_by_syntax() {
        assert_eq!(drop_at(r"\p{Han}(?P<drop>\([a-z]{1,6}\))"), DropAt::AfterChars(1));
        assert_eq!(drop_at(r"[、,;](?P<drop>[、,;]+)"), DropAt::AfterChars(1));
        assert_eq!(drop_at(r"^ab(?P<drop>c+)"), DropAt::AfterChars(2));
        assert_eq!(drop_at(r"责编[:：]\s*\S+"), DropAt::Whole);
    }

    #[test]
    fn other_groups_need_a_capture_search() {
        for p in [
            r"(?P<drop>[(（]完[)）])[ \t]*$",
            r"\p{Han}+(?P<drop>\(x\))",
            r"a|(?P<drop>b)",
            r"(?i)x(?P<drop>y)z",
        ] {
            assert_eq!(drop_at(p), DropAt::Captured, "{p}");
        }
    }

    /// The placement agrees with the capture search on real matches.
    #[test]
    fn the_placed_group_is_the_captured_group() {
        let text = "競(jìng)逐、、人工智能,,山東(dōng)的方位";
        for p in [
            r"\p{Han}(?P<drop>\([a-zü]{0,6}[ìō][a-zü]{0,6}\))",
            r"[、,;](?P<drop>[、,;]+)",
        ] {
            let DropAt::AfterChars(n) = drop_at(p) else {
                panic!("{p} is placed by syntax");
            };
            let re = regex::Regex::new(p).unwrap();
            let mut seen = 0;
            for caps in re.captures_iter(text) {
                let m = caps.get(0).unwrap();
                let start = m.start()
                    + text[m.start()..]
                        .chars()
                        .take(n)
                        .map(char::len_utf8)
                        .sum::<usize>();
                assert_eq!(caps.name("drop").unwrap().range(), start..m.end(), "{p}");
                seen += 1;
            }
            assert!(seen >= 2, "{p}");
        }
    }
}
