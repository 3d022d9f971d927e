//! `keywords`: literal terms, matched in the folded view. The terms of every keywords rule share
//! one automaton ([`crate::engine::keywords`]), searched once per view, so the kind's own search
//! finds nothing; Latin terms match whole words only.

use std::ops::Range;
use std::sync::Arc;

use regex::{Regex, RegexBuilder};
use toml::Spanned;

use super::config::{options, regex_message};
use super::{Compile, KeywordTerms, KindConfig, KindSpec, RuleKind, Search};

/// The kind, as the registry lists it.
pub const KIND: KindSpec = KindSpec::new::<Config>(
    "keywords",
    "literal terms (one automaton for all rules; Latin terms match whole words)",
    r#"terms = ["开云体育", "必一运动"]"#,
);

options! {
    /// The options of a `keywords` rule.
    pub struct Config {
        /// The terms, folded like the text.
        pub terms: Vec<String> = Vec::new(),
        /// A file of more terms, one a line (`#` comments), relative to the rule file.
        pub terms_file: Option<Spanned<String>> = None,
        /// More such files.
        pub terms_files: Vec<Spanned<String>> = Vec::new(),
        /// A regex matched right after each hit, which widens it (a brand + `官网登录入口`).
        pub extend: Option<Spanned<String>> = None,
    }
}

impl KindConfig for Config {
    fn compile(self: Box<Self>, cx: &mut Compile<'_>) -> Option<Arc<dyn RuleKind>> {
        let terms = cx.terms(&self.terms, self.terms_file.iter().chain(&self.terms_files));
        let extend = self.extend.and_then(|x| {
            // Anchored: it widens a hit only when it reads right after it.
            RegexBuilder::new(&format!("^(?:{})", x.get_ref()))
                .build()
                .map_err(|e| cx.problem_at(x.span(), format!("bad extend pattern: {}", regex_message(&e))))
                .ok()
        });
        if terms.is_empty() {
            cx.need("terms, terms_file or terms_files");
        }
        Some(Arc::new(Keywords { terms, extend }))
    }
}

/// Literal terms, matched in the folded view through one automaton for all rules. `extend`,
/// when given, is matched right after each hit and widens it (`开云体育` + `官网登录入口`).
#[derive(Debug)]
pub struct Keywords {
    terms: Vec<String>,
    extend: Option<Regex>,
}

impl RuleKind for Keywords {
    fn name(&self) -> &'static str {
        KIND.name
    }

    /// Nothing: the shared automaton finds every keywords rule's hits.
    fn find(&self, _: &Search<'_>) -> Vec<Range<usize>> {
        Vec::new()
    }

    fn keywords(&self) -> Option<KeywordTerms<'_>> {
        Some(KeywordTerms {
            terms: &self.terms,
            extend: self.extend.as_ref(),
        })
    }
}
