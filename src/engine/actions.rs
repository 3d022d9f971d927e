//! What a hit becomes: the removal its rule's action asks for. One place to add an action.

use std::ops::Range;

use crate::model::{Action, Prepared, Removal, RuleId, SourceText};
use crate::rules::Rule;
use crate::text::chars::{LIST_SEPARATORS, SENTENCE_ENDS};

/// Longest line, in chars, that `drop-list` takes for a list item; a longer one is prose.
pub const LIST_ITEM_CHARS: usize = 40;

/// Turns one hit into the removal its rule's action asks for, or nothing when the hit is out of
/// the rule's scope (`at`/`within`, `max_line_chars`).
pub fn expand(p: &Prepared, index: usize, rule: &Rule, span: Range<usize>) -> Option<Removal> {
    let doc = &p.doc;
    let first = doc.line_of(span.start);
    let last = doc.line_of(span.end.saturating_sub(1).max(span.start));
    if !p.in_scope(rule.scope, first) {
        return None;
    }
    if let Some(max) = rule.scope.max_line_chars {
        // Measured as the rules see the line: repairs and earlier removals already left out.
        if p.line_chars[first] > max {
            return None;
        }
    }
    let whole_lines = doc.lines[first].start..doc.line_span_with_newline(last).end;
    let span = match rule.action {
        Action::Strip => strip_with_punctuation(doc, span),
        Action::DropLine => whole_lines,
        Action::DropBlock => {
            let mut a = first;
            while a > 0 && !doc.is_blank(a - 1) {
                a -= 1;
            }
            let mut b = last;
            while b + 1 < doc.lines.len() && !doc.is_blank(b + 1) {
                b += 1;
            }
            doc.lines[a].start..doc.line_span_with_newline(b).end
        }
        Action::DropList => {
            let mut b = last;
            let mut k = last + 1;
            while k < doc.lines.len() {
                let t = doc.line_text(k).trim();
                if !t.is_empty() {
                    // A teaser cut short (`所以爱是什么，爱是由接受的人决定的。你认`) is an item; a
                    // line ending like a sentence is prose.
                    if t.chars().count() > LIST_ITEM_CHARS || t.ends_with(SENTENCE_ENDS) {
                        break;
                    }
                    b = k;
                }
                k += 1;
            }
            doc.lines[first].start..doc.line_span_with_newline(b).end
        }
        Action::CutAfter => doc.lines[first].start..doc.text.len(),
        Action::CutBefore => 0..doc.line_span_with_newline(last).end,
        Action::RejectDoc => span,
    };
    Some(Removal {
        rule: RuleId(index),
        action: rule.action,
        span,
    })
}

/// Separators that double up when the word between them is removed (`制造、必一运动、养老`).
fn is_separator(c: char) -> bool {
    LIST_SEPARATORS.contains(&c)
}

/// A stripped span that leaves a separator behind another separator, or at a line start, takes
/// that separator with it.
fn strip_with_punctuation(doc: &SourceText, span: Range<usize>) -> Range<usize> {
    let before = doc.text[..span.start]
        .chars()
        .rev()
        .find(|c| !matches!(c, ' ' | '\u{a0}' | '\u{3000}'));
    let opens = before.is_none_or(|b| b == '\n' || is_separator(b));
    match doc.text[span.end..].chars().next() {
        Some(c) if opens && is_separator(c) => span.start..span.end + c.len_utf8(),
        _ => span,
    }
}
