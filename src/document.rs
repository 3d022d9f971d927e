//! The document model shared by every stage: source text, its lines, and removals.
//!
//! Spans are **byte ranges into the decoded source text** (UTF-8, line ends folded to `\n`, BOM
//! dropped), always on char boundaries. For HTML pages the source text is the text extracted from
//! the DOM (see [`crate::html`]).

use std::ops::Range;

use serde::Serialize;

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
    /// Index of the rule in its [`crate::rules::RuleSet`].
    pub rule: usize,
    pub action: Action,
    pub span: Range<usize>,
}

/// Longest line, in chars, that `drop-list` takes for a list item; a longer one is prose.
pub const LIST_ITEM_CHARS: usize = 40;

/// A document ready for the rules: the source text and where its lines are.
pub struct Document {
    pub text: String,
    /// Byte range of every line, without its `\n`.
    pub lines: Vec<Range<usize>>,
}

impl Document {
    pub fn new(text: String) -> Self {
        let mut lines = Vec::new();
        let mut start = 0;
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                lines.push(start..i);
                start = i + 1;
            }
        }
        lines.push(start..text.len());
        Document { text, lines }
    }

    /// The index of the line holding byte `pos`.
    pub fn line_of(&self, pos: usize) -> usize {
        self.lines
            .partition_point(|l| l.end < pos)
            .min(self.lines.len() - 1)
    }

    pub fn line_text(&self, line: usize) -> &str {
        &self.text[self.lines[line].clone()]
    }

    /// A line with nothing but white space in it.
    pub fn is_blank(&self, line: usize) -> bool {
        self.line_text(line).trim().is_empty()
    }

    /// The span of a line including its `\n`, so that dropping it leaves no hole.
    pub fn line_span_with_newline(&self, line: usize) -> Range<usize> {
        let l = &self.lines[line];
        l.start..(l.end + 1).min(self.text.len())
    }
}

/// Folds `\r\n` and lone `\r` to `\n`: every span and every output uses `\n` line ends.
pub fn fold_line_ends(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}
