//! `dateline`: a line that is a date (numeric or with month names) plus a few labels (source,
//! author, views).

use std::ops::Range;
use std::sync::Arc;

use toml::Spanned;

use super::config::{fold_all, options};
use super::{Compile, KindConfig, KindSpec, RuleKind, Search};
use crate::text::chars::SENTENCE_ENDS;

/// The kind, as the registry lists it.
pub const KIND: KindSpec = KindSpec::new::<Config>(
    "dateline",
    "a line that is a date (numeric or with month names) plus a few labels",
    r#"quote_marks = ["(@"]"#,
);

/// Most letters and digits, besides the date's, that a dateline holds (its labels).
pub const MAX_OTHER_CHARS: usize = 40;

options! {
    /// The options of a `dateline` rule.
    pub struct Config {
        /// Labels that date an event, not the page (`Termin`, `报名截止`), folded like the text:
        /// a line starting with one is not a dateline.
        pub terms: Vec<String> = Vec::new(),
        /// A file of more labels, one a line (`#` comments), relative to the rule file.
        pub terms_file: Option<Spanned<String>> = None,
        /// More such files.
        pub terms_files: Vec<Spanned<String>> = Vec::new(),
        /// Most letters and digits, besides the date's, that a dateline holds.
        pub max_other_chars: usize = MAX_OTHER_CHARS,
        /// Marks of quoted text, folded like the text: a line holding one beside its date is
        /// quoted, not the page's dateline (`(@`: an embedded post's signature, `— Name (@handle)
        /// November 18, 2019`).
        pub quote_marks: Vec<String> = Vec::new(),
    }
}

impl KindConfig for Config {
    fn compile(self: Box<Self>, cx: &mut Compile<'_>) -> Option<Arc<dyn RuleKind>> {
        let terms = cx.terms(&self.terms, self.terms_file.iter().chain(&self.terms_files));
        let mut quote_marks = fold_all(&self.quote_marks);
        // An empty mark would be in every line.
        quote_marks.retain(|m| !m.is_empty());
        Some(Arc::new(Dateline {
            max_other_chars: self.max_other_chars,
            event_labels: fold_all(&terms),
            quote_marks,
        }))
    }
}

/// A line that is a date or time plus a few labels (source, author, views). A line that
/// starts with one of `event_labels` (`Termin:`, folded) dates an event, not the page; one that
/// holds one of `quote_marks` beside its date is quoted text.
#[derive(Debug)]
pub struct Dateline {
    max_other_chars: usize,
    event_labels: Vec<String>,
    quote_marks: Vec<String>,
}

impl RuleKind for Dateline {
    fn name(&self) -> &'static str {
        KIND.name
    }

    /// Lines that are a date plus at most `max_other_chars` letters of labels (source, views,
    /// time).
    fn find(&self, search: &Search<'_>) -> Vec<Range<usize>> {
        let p = search.doc;
        (0..p.doc.lines.len())
            .filter(|&l| p.in_scope(search.scope, l))
            .filter(|&l| self.is_dateline(p.vline(l)))
            .map(|l| p.line_span(l))
            .collect()
    }
}

impl Dateline {
    /// Whether the line `t` (of the view) is a dateline.
    fn is_dateline(&self, t: &str) -> bool {
        let Some(m) = crate::text::dates::find_date(t) else {
            return false;
        };
        let head = t.trim_start();
        if self.event_labels.iter().any(|label| head.starts_with(label.as_str())) {
            return false;
        }
        let rest = format!("{}{}", &t[..m.range.start], &t[m.range.end..]);
        // An embedded post's signature (`— Name (@handle) November 18, 2019`) is quoted text.
        if self.quote_marks.iter().any(|mark| rest.contains(mark.as_str())) {
            return false;
        }
        // A sentence around a date (`Am 5. März 2024 stimmte der Bundestag ab.`) is prose.
        let sentence = rest.trim_end().ends_with(SENTENCE_ENDS);
        let others = rest.chars().filter(|c| c.is_alphanumeric()).count();
        !rest.contains('。') && !sentence && others <= self.max_other_chars
    }
}

#[cfg(test)]
mod tests {
    use super::Dateline;

    #[test]
    fn a_line_with_a_quote_mark_beside_its_date_is_quoted_not_a_dateline() {
        let signature = "— tottenham hotspur (@spursofficial) november 20, 2019";
        let dateline = |quote_marks: &[&str]| Dateline {
            max_other_chars: 30,
            event_labels: Vec::new(),
            quote_marks: quote_marks.iter().map(|m| m.to_string()).collect(),
        };
        assert!(dateline(&[]).is_dateline(signature));
        assert!(!dateline(&["(@"]).is_dateline(signature));
        assert!(dateline(&["(@"]).is_dateline("来源：新华社 2024-12-03 13:24"));
    }
}
