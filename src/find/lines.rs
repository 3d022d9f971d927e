//! Line-shaped page furniture: datelines.

use super::Prepared;
use crate::rules::Rule;
use std::ops::Range;

/// Lines that are a date plus at most `max_other_chars` letters of labels (source, views, time).
pub fn dateline(
    p: &Prepared,
    rule: &Rule,
    max_other_chars: usize,
    event_labels: &[String],
) -> Vec<Range<usize>> {
    (0..p.doc.lines.len())
        .filter(|&l| p.in_scope(rule.scope(), l))
        .filter(|&l| {
            let t = p.vline(l);
            let Some(m) = crate::text::dates::find_date(t) else {
                return false;
            };
            let head = t.trim_start();
            if event_labels.iter().any(|label| head.starts_with(label.as_str())) {
                return false;
            }
            let rest = format!("{}{}", &t[..m.range.start], &t[m.range.end..]);
            // An embedded post's signature (`— Name (@handle) November 18, 2019`) is quoted text.
            if rest.contains("(@") {
                return false;
            }
            // A sentence around a date (`Am 5. März 2024 stimmte der Bundestag ab.`) is prose.
            let sentence = rest.trim_end().ends_with(['.', '!', '?', '。', '！', '？']);
            !rest.contains('。')
                && !sentence
                && rest.chars().filter(|c| c.is_alphanumeric()).count() <= max_other_chars
        })
        .map(|l| p.line_span(l))
        .collect()
}
