//! Which patterns act line by line: a pattern none of whose matches takes a line end, and that
//! does not test the text's own start or end (`\A`, `\z`), finds on a line what it finds there
//! wherever the line sits. After removals change a few lines, only those need a new search.

use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// Whether a pattern, parsed as the rules compile it (multi-line), is line-local.
pub fn line_local(hir: &Hir) -> bool {
    local(hir, true)
}

/// Whether no match of `pattern` (compiled as written, not multi-line) takes a line end; its
/// assertions are not looked at.
pub fn stays_in_line(pattern: &str) -> bool {
    regex_syntax::parse(pattern).is_ok_and(|hir| local(&hir, false))
}

/// No part of `hir` matches `\n` and, when `looks` is set, no assertion reads a text edge or a
/// `\r\n` line end.
fn local(hir: &Hir, looks: bool) -> bool {
    match hir.kind() {
        HirKind::Empty => true,
        HirKind::Literal(l) => !l.0.contains(&b'\n'),
        HirKind::Class(Class::Unicode(c)) => !c.ranges().iter().any(|r| r.start() <= '\n' && '\n' <= r.end()),
        HirKind::Class(Class::Bytes(c)) => !c.ranges().iter().any(|r| r.start() <= b'\n' && b'\n' <= r.end()),
        HirKind::Look(look) => {
            !looks || !matches!(look, Look::Start | Look::End | Look::StartCRLF | Look::EndCRLF)
        }
        HirKind::Repetition(r) => local(&r.sub, looks),
        HirKind::Capture(c) => local(&c.sub, looks),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => subs.iter().all(|s| local(s, looks)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line_local(pattern: &str) -> bool {
        super::super::parse_as_compiled(pattern).is_some_and(|hir| super::line_local(&hir))
    }

    #[test]
    fn patterns_bounded_by_their_line_are_local() {
        for p in [
            r"^[^\n。]{0,30}(扫一扫|扫描二维码)[^\n。]{0,20}$",
            r"^(?:编辑|责编)[:：][ \t]*[^\s]+$",
            r"(?-u:\b)bet(?-u:\b)",
            r"\p{Han}(?P<drop>\([a-z]{1,6}\))",
            r"[、，]{2,}",
            ".+",
        ] {
            assert!(line_local(p), "{p}");
        }
    }

    #[test]
    fn patterns_that_may_cross_a_line_or_read_the_text_edges_are_not() {
        for p in [
            r"\s+",
            r"^责编\S*\s*$",
            "a\nb",
            r"[^。]{0,9}",
            r"\Afoo",
            r"bar\z",
            r"(?s).",
            r"\D",
            "(?",
        ] {
            assert!(!line_local(p), "{p}");
        }
    }

    #[test]
    fn an_anchored_extension_stays_in_line_unless_it_takes_a_line_end() {
        assert!(stays_in_line(r"^(?:([ \t]*(娱乐城|官网))+)"));
        assert!(!stays_in_line(r"^(?:\s*官网)"));
    }

    /// What makes locality worth knowing: such a pattern finds on a line alone what it finds on
    /// that line inside a text.
    #[test]
    fn a_local_pattern_finds_the_same_on_a_line_alone_as_in_the_text() {
        let text = "责编：王五\n正文、、第二段\n扫一扫 下载\n";
        for p in [
            r"^(?:编辑|责编)[:：][^\n]+$",
            r"[、，]{2,}",
            r"^[^\n。]{0,30}扫一扫[^\n。]{0,20}$",
        ] {
            assert!(line_local(p));
            let re = regex::RegexBuilder::new(p).multi_line(true).build().unwrap();
            let whole: Vec<(usize, usize)> = re.find_iter(text).map(|m| (m.start(), m.end())).collect();
            let mut by_line = Vec::new();
            let mut at = 0;
            for line in text.split_inclusive('\n') {
                by_line.extend(re.find_iter(line).map(|m| (at + m.start(), at + m.end())));
                at += line.len();
            }
            assert_eq!(whole, by_line, "{p}");
        }
    }
}
