//! `duplicate-line`: a labelled lede (`核心提示:…`) whose text reappears in a later line: a summary
//! box that repeats the body.

use std::ops::Range;
use std::sync::Arc;

use toml::Spanned;

use super::config::{fold_all, options};
use super::{Compile, KindConfig, KindSpec, RuleKind, Search};

/// The kind, as the registry lists it.
pub const KIND: KindSpec = KindSpec::new::<Config>(
    "duplicate-line",
    "a labelled lede (`核心提示:…`) whose text reappears",
    r#"terms = ["核心提示", "导读"]"#,
);

/// Shortest lede text, in chars, whose reappearance counts: a short one may recur by chance.
pub const MIN_CHARS: usize = 20;

options! {
    /// The options of a `duplicate-line` rule.
    pub struct Config {
        /// The lede labels (`核心提示`, `导读`), folded like the text; a label is followed by `:`.
        pub terms: Vec<String> = Vec::new(),
        /// A file of more labels, one a line (`#` comments), relative to the rule file.
        pub terms_file: Option<Spanned<String>> = None,
        /// More such files.
        pub terms_files: Vec<Spanned<String>> = Vec::new(),
        /// Shortest lede text, in chars, whose reappearance counts.
        pub min_chars: usize = MIN_CHARS,
    }
}

impl KindConfig for Config {
    fn compile(self: Box<Self>, cx: &mut Compile<'_>) -> Option<Arc<dyn RuleKind>> {
        let terms = cx.terms(&self.terms, self.terms_file.iter().chain(&self.terms_files));
        if terms.is_empty() {
            cx.need("terms (the lede labels)");
        }
        Some(Arc::new(DuplicateLine {
            min_chars: self.min_chars,
            labels: fold_all(&terms),
        }))
    }
}

/// A line that starts with a lede label (`核心提示:`) and whose text reappears in a later
/// line: a summary box that duplicates the body. Labels are folded like the text.
#[derive(Debug)]
pub struct DuplicateLine {
    min_chars: usize,
    labels: Vec<String>,
}

impl RuleKind for DuplicateLine {
    fn name(&self) -> &'static str {
        KIND.name
    }

    /// Lines that start with a lede label (`核心提示:`, `导读:`; folded, from the rule's `terms`)
    /// and whose text after the label reappears in a later line: a summary box that repeats the
    /// body.
    fn find(&self, search: &Search<'_>) -> Vec<Range<usize>> {
        let p = search.doc;
        let mut hits = Vec::new();
        for l in 0..p.doc.lines.len() {
            if !p.in_scope(search.scope, l) {
                continue;
            }
            let t = p.vline(l).trim();
            let Some(body) = self.labels.iter().find_map(|label| {
                let rest = t.strip_prefix(label.as_str())?.trim_start();
                rest.strip_prefix(':').map(str::trim)
            }) else {
                continue;
            };
            if body.chars().count() >= self.min_chars && p.view.text[p.vlines[l].end..].contains(body) {
                hits.push(p.line_span(l));
            }
        }
        hits
    }
}
