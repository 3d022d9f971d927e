//! The text removal spans point into, with its line table.

use std::ops::Range;

/// The decoded source text (line ends folded to `\n`) and where its lines are.
pub struct SourceText {
    pub text: String,
    /// Byte range of every line, without its `\n`.
    pub lines: Vec<Range<usize>>,
}

impl SourceText {
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
        SourceText { text, lines }
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
