//! What was removed, by which rule and how: the unit of provenance.
//!
//! Spans are **byte ranges into the decoded source text** (UTF-8, line ends folded to `\n`, BOM
//! dropped), always on char boundaries. For HTML pages the source text is the text extracted from
//! the DOM.

use std::ops::Range;

use serde::Serialize;

/// A rule's place in its rule set: what every removal names as its cause.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RuleId(pub usize);

impl RuleId {
    /// The rule's index in its rule set.
    pub fn index(self) -> usize {
        self.0
    }
}

/// What a rule does with the text it matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    /// Remove just the matched span.
    Strip,
    /// Remove the whole line holding the match.
    DropLine,
    /// Remove the paragraph (run of non-blank lines) holding the match.
    DropBlock,
    /// Remove the match's line and the short lines that follow it (a heading and its link list),
    /// up to the first line of prose.
    DropList,
    /// Remove the match's line and everything after it.
    CutAfter,
    /// Remove everything before the match's line, and that line.
    CutBefore,
    /// Reject the whole document.
    RejectDoc,
}

impl Action {
    /// The name used in rule files and the manifest.
    pub fn name(self) -> &'static str {
        match self {
            Action::Strip => "strip",
            Action::DropLine => "drop-line",
            Action::DropBlock => "drop-block",
            Action::DropList => "drop-list",
            Action::CutAfter => "cut-after",
            Action::CutBefore => "cut-before",
            Action::RejectDoc => "reject-doc",
        }
    }
}

/// One removal: which rule removed which bytes of the source text, and how.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Removal {
    pub rule: RuleId,
    pub action: Action,
    pub span: Range<usize>,
}

/// `text` without the (sorted, disjoint) removed spans.
pub fn apply(text: &str, removals: &[Removal]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for r in removals {
        out.push_str(&text[at..r.span.start]);
        at = r.span.end;
    }
    out.push_str(&text[at..]);
    out
}
