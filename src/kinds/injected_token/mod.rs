//! `injected-token`: a short string that SEO spam glues to the title start, to paragraph starts
//! and to clause ends, again and again (a gambling brand, usually). The search is in `find.rs`.

mod find;

use std::ops::Range;
use std::sync::Arc;

use aho_corasick::AhoCorasick;
use toml::Spanned;

use super::config::{fold_all, options};
use super::{Compile, KindConfig, KindSpec, RuleKind, Search};

/// The kind, as the registry lists it.
pub const KIND: KindSpec = KindSpec::new::<Config>(
    "injected-token",
    "a short string at paragraph starts and glued to clause ends, again and again, that starts the \
     title or holds a brand word",
    r#"terms = ["体育", "娱乐", "官网"]"#,
);

/// Fewest chars of a token.
pub const MIN_CHARS: usize = 2;
/// Most chars of a token.
pub const MAX_CHARS: usize = 10;
/// Fewest occurrences of a token in the document.
pub const MIN_COUNT: usize = 3;
/// Share of a token's occurrences that sit at a line start or right before punctuation.
pub const MIN_BOUNDARY_SHARE: f64 = 0.85;
/// Fewest occurrences of a token glued to the end of a clause.
pub const MIN_CLAUSE_END: usize = 2;

options! {
    /// The options of an `injected-token` rule.
    pub struct Config {
        /// Brand words (`体育`, `娱乐`, `官网`), folded like the text: a token must start the
        /// title or hold one of these.
        pub terms: Vec<String> = Vec::new(),
        /// A file of more brand words, one a line (`#` comments), relative to the rule file.
        pub terms_file: Option<Spanned<String>> = None,
        /// More such files.
        pub terms_files: Vec<Spanned<String>> = Vec::new(),
        /// Fewest chars of a token.
        pub min_chars: usize = MIN_CHARS,
        /// Most chars of a token.
        pub max_chars: usize = MAX_CHARS,
        /// Fewest occurrences in the document.
        pub min_count: usize = MIN_COUNT,
        /// Share of occurrences that sit at a line start or right before punctuation.
        pub min_boundary_share: f64 = MIN_BOUNDARY_SHARE,
        /// Fewest occurrences glued to the end of a clause (after a word, before punctuation).
        pub min_clause_end: usize = MIN_CLAUSE_END,
    }
}

impl KindConfig for Config {
    fn compile(self: Box<Self>, cx: &mut Compile<'_>) -> Option<Arc<dyn RuleKind>> {
        let terms = cx.terms(&self.terms, self.terms_file.iter().chain(&self.terms_files));
        let brand_words = match BrandWords::new(fold_all(&terms)) {
            Ok(words) => words,
            Err(e) => {
                cx.problem(format!("bad terms: {e}"));
                return None;
            }
        };
        cx.share(self.min_boundary_share);
        Some(Arc::new(InjectedToken(InjectedTokenParams {
            min_chars: self.min_chars,
            max_chars: self.max_chars,
            min_count: self.min_count,
            min_boundary_share: self.min_boundary_share,
            min_clause_end: self.min_clause_end,
            brand_words,
        })))
    }
}

/// A short string repeated at line starts and glued to clause ends: an injected brand.
#[derive(Debug)]
pub struct InjectedToken(InjectedTokenParams);

impl RuleKind for InjectedToken {
    fn name(&self) -> &'static str {
        KIND.name
    }

    fn find(&self, search: &Search<'_>) -> Vec<Range<usize>> {
        find::find(search.doc, &self.0, search.title)
    }

    fn needs_title(&self) -> bool {
        true
    }
}

/// Tuning of the injected-token detector.
#[derive(Clone, Debug)]
pub struct InjectedTokenParams {
    /// Fewest chars of a token.
    pub min_chars: usize,
    /// Most chars of a token.
    pub max_chars: usize,
    /// Fewest occurrences in the document.
    pub min_count: usize,
    /// Share of occurrences that sit at a line start or right before punctuation.
    pub min_boundary_share: f64,
    /// Fewest occurrences glued to the end of a clause (after a word, before punctuation).
    pub min_clause_end: usize,
    /// Folded words that make a token brand-shaped (`体育`, `娱乐`, `官网`). A token must start the
    /// title or hold one of these.
    pub brand_words: BrandWords,
}

/// The brand words of an injected-token rule, with one automaton for all of them: a search per
/// word at every paragraph start was 3 % of a text dump's time.
#[derive(Clone, Debug)]
pub struct BrandWords {
    automaton: AhoCorasick,
}

impl BrandWords {
    /// The automaton over `words` (folded).
    pub fn new(words: Vec<String>) -> Result<BrandWords, aho_corasick::BuildError> {
        // Standard semantics report first the match that ends first.
        let automaton = AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::Standard)
            .build(&words)?;
        Ok(BrandWords { automaton })
    }

    /// Where the first brand word in `s` ends (a word's leftmost occurrence is also the one that
    /// ends first): a prefix of `s` holds a brand word once it reaches that far.
    pub fn first_end(&self, s: &str) -> Option<usize> {
        self.automaton.find(s).map(|m| m.end())
    }
}

#[cfg(test)]
mod tests {
    use super::BrandWords;

    #[test]
    fn brand_words_report_the_first_word_to_end() {
        let words = |w: &[&str]| BrandWords::new(w.iter().map(|s| s.to_string()).collect()).unwrap();
        // `娱乐城体育` starts first but ends after `娱乐`.
        let w = words(&["娱乐城体育", "娱乐"]);
        assert_eq!(w.first_end("金沙娱乐城体育"), Some("金沙娱乐".len()));
        assert_eq!(
            words(&["官网", "bet"]).first_end("必一bet官网"),
            Some("必一bet".len())
        );
        assert_eq!(words(&["官网"]).first_end("新闻发布会"), None);
    }
}
