//! Where removals become the clean text: overlapping ones are merged into a sorted,
//! non-overlapping list, applied ([`apply`], the one function that cuts spans out of a text), and
//! the result laid out as one trimmed line per paragraph.

pub use crate::model::apply;
use crate::model::{Action, Removal};

/// Sorts removals and makes them disjoint: a removal inside an earlier one is dropped, one that
/// overlaps an earlier one keeps only its new part. Ties go to the rule listed first.
pub fn decide(mut removals: Vec<Removal>) -> Vec<Removal> {
    removals.retain(|r| r.span.start < r.span.end && r.action != Action::RejectDoc);
    removals.sort_by(|a, b| {
        (a.span.start, std::cmp::Reverse(a.span.end), a.rule).cmp(&(
            b.span.start,
            std::cmp::Reverse(b.span.end),
            b.rule,
        ))
    });
    let mut out: Vec<Removal> = Vec::with_capacity(removals.len());
    let mut covered = 0;
    for mut r in removals {
        if r.span.end <= covered {
            continue;
        }
        if r.span.start < covered {
            r.span.start = covered;
        }
        covered = r.span.end;
        out.push(r);
    }
    out
}

/// The output layout: each line trimmed of white space (including no-break and ideographic
/// spaces), blank lines dropped, `\n` after every line.
pub fn layout(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let t = line.trim();
        if !t.is_empty() {
            out.push_str(t);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(rule: usize, start: usize, end: usize) -> Removal {
        Removal {
            rule: crate::model::RuleId(rule),
            action: Action::Strip,
            span: start..end,
        }
    }

    #[test]
    fn merges_into_disjoint_sorted_spans() {
        let got = decide(vec![r(2, 5, 9), r(0, 0, 3), r(1, 1, 2), r(3, 8, 12), r(4, 5, 9)]);
        let spans: Vec<_> = got.iter().map(|x| (x.rule.index(), x.span.clone())).collect();
        assert_eq!(spans, vec![(0, 0..3), (2, 5..9), (3, 9..12)]);
    }

    #[test]
    fn applies_and_lays_out() {
        let text = "ab  cd\n\n\u{a0}ef\n";
        let out = apply(text, &[r(0, 2, 4)]);
        assert_eq!(out, "abcd\n\n\u{a0}ef\n");
        assert_eq!(layout(&out), "abcd\nef\n");
    }
}
