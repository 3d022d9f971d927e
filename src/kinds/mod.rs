//! Rule kinds: what a rule looks for. Each kind is one file here (a folder when it has helpers)
//! holding its options (a serde struct whose doc comments are the reference docs, every default
//! named), their checks and compilation into the kind, and its finder.
//!
//! [`KINDS`] lists every kind: **adding a kind is one new file plus one line in `registry!`
//! below.** Nothing else names a kind. The engine knows a kind only through [`RuleKind`]: `find`
//! for every kind alike, plus default-`None` accessors for the few it treats specially (the
//! keywords' terms feed one shared automaton, a pattern's regex the prefilter, a selector the HTML
//! index, main-content the HTML extraction). A trait object rather than an enum: an enum needs a
//! variant, and arms in the loader, the finder dispatch and every special case, for each new
//! kind; here a kind that is not special overrides `find` and nothing else.

pub mod config;
pub mod docs;

use std::fmt::Debug;
use std::ops::Range;

use crate::model::{Prepared, Scope, TitleContext};
pub use config::{Compile, KindConfig, KindSpec, OptionDoc, TermsFiles};
use pattern::PatternFacts;

/// Declares each kind's module and lists its [`KindSpec`] (a `KIND` const) in [`KINDS`].
macro_rules! registry {
    ($($module:ident,)*) => {
        $(pub mod $module;)*

        /// Every rule kind, in the order the docs list them.
        pub const KINDS: &[KindSpec] = &[$($module::KIND,)*];
    };
}

registry! {
    keywords,
    pattern,
    selector,
    keyword_list,
    injected_token,
    repeated_title,
    masthead,
    dateline,
    duplicate_line,
    main_content,
    text_main_content,
    metadata,
}

/// Every rule kind, in the order the docs list them.
pub fn kinds() -> impl Iterator<Item = &'static KindSpec> {
    KINDS.iter()
}

/// The kind named `name` in rule files.
pub fn kind(name: &str) -> Option<&'static KindSpec> {
    kinds().find(|k| k.name == name)
}

/// A compiled rule kind: how it finds hits, and what the engine's shared searches need of it.
pub trait RuleKind: Debug + Send + Sync {
    /// Its name in rule files (`kind = "…"`).
    fn name(&self) -> &'static str;

    /// Its hits in one document's view, as source byte ranges. It never edits the text.
    fn find(&self, search: &Search<'_>) -> Vec<Range<usize>>;

    /// Whether it needs the document's title, so runs once the title is known.
    fn needs_title(&self) -> bool {
        false
    }

    /// Whether it acts on HTML pages only, before text is extracted: its own search finds
    /// nothing in text, and its examples are pages.
    fn html_only(&self) -> bool {
        false
    }

    /// Whether it acts on whole-page text dumps only: text extracted from an HTML page has had
    /// its main content found already.
    fn dumps_only(&self) -> bool {
        false
    }

    /// Whether it decides on the whole text at once: it runs last, once, on the text as every
    /// other rule left it, so that the same text cleaned again reads the same to it.
    fn whole_text(&self) -> bool {
        false
    }

    /// A text-main-content rule, for what `explain` and `rules features` show of its scores.
    fn text_main_content(&self) -> Option<&text_main_content::TextMainContent> {
        None
    }

    /// A keywords rule's terms and extension: every keyword rule's terms share one automaton,
    /// searched once per view, so its `find` finds nothing.
    fn keywords(&self) -> Option<KeywordTerms<'_>> {
        None
    }

    /// A pattern rule's regex: patterns share a prefilter that tells which may match a view.
    fn pattern(&self) -> Option<&regex::Regex> {
        None
    }

    /// A selector rule's selector: selectors share an index matched element by element.
    fn selector(&self) -> Option<SelectorRef<'_>> {
        None
    }

    /// A metadata rule's words: how titles, dates, outlets and authors are read.
    fn vocabulary(&self) -> Option<&crate::meta::Vocabulary> {
        None
    }

    /// A main-content rule's tuning: the HTML extraction keeps the article and leaves the rest out.
    fn main_content(&self) -> Option<&main_content::MainContentParams> {
        None
    }
}

/// What a finder reads: one rule, one document's view, and what is known around them.
pub struct Search<'a> {
    /// Where the rule searched for may fire.
    pub scope: Scope,
    /// The document with its matching view and line tables.
    pub doc: &'a Prepared,
    /// The title and what is removed so far; in the titled phase only.
    pub title: Option<&'a TitleContext<'a>>,
    /// What the plan read from the rule's pattern syntax (the defaults for other kinds).
    pub facts: PatternFacts,
    /// The document's language (`zh`, `en`), when told.
    pub lang: Option<&'a str>,
}

/// What the shared keyword automaton needs of a keywords rule.
#[derive(Clone, Copy)]
pub struct KeywordTerms<'a> {
    /// Its terms, as written (folded when the automaton is built).
    pub terms: &'a [String],
    /// Matched right after each hit, widening it (`开云体育` + `官网登录入口`).
    pub extend: Option<&'a regex::Regex>,
}

/// What the HTML selector index needs of a selector rule.
#[derive(Clone, Copy)]
pub struct SelectorRef<'a> {
    /// The parsed selector.
    pub selector: &'a scraper::Selector,
    /// The selector as written, for what it says of whole element names.
    pub css: &'a str,
}

#[cfg(test)]
mod tests {
    use super::kinds;
    use crate::engine::load_sources;
    use crate::rules::RuleSource;

    #[test]
    fn every_kind_is_documented_and_loads_from_its_minimal_rule() {
        let mut names: Vec<&str> = kinds().map(|k| k.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), kinds().count(), "two kinds share a name");
        for kind in kinds() {
            assert!(
                !kind.finds.trim().is_empty(),
                "{} says nothing of what it finds",
                kind.name
            );
            for option in kind.options {
                assert!(
                    !option.doc.trim().is_empty(),
                    "{}: `{}` has no doc",
                    kind.name,
                    option.name
                );
                assert!(
                    !crate::rules::common::COMMON_OPTIONS.contains(&option.name),
                    "{}: `{}` is an option every rule takes",
                    kind.name,
                    option.name
                );
            }
            let text = format!(
                "[[rule]]\nid = \"t\"\ndoc = \"\"\nkind = \"{}\"\naction = \"drop-line\"\n{}\n",
                kind.name, kind.sample
            );
            let set = load_sources(&[RuleSource::from_text("t.toml", &text)])
                .unwrap_or_else(|e| panic!("{}: {e:?}", kind.name));
            assert_eq!(set.rules[0].kind.name(), kind.name);
        }
    }
}
