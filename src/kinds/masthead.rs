//! `masthead`: short lines above the title that end in a name ending (`新闻`, `日报`, `频道`):
//! site name, paper, channel.

use std::ops::Range;
use std::sync::Arc;

use toml::Spanned;

use super::config::{fold_all, options};
use super::{Compile, KindConfig, KindSpec, RuleKind, Search};

/// The kind, as the registry lists it.
pub const KIND: KindSpec = KindSpec::new::<Config>(
    "masthead",
    "short lines above the title ending in a name ending",
    r#"terms = ["新闻", "日报", "频道"]"#,
);

/// Longest line, in chars, that is taken for a masthead.
pub const MAX_CHARS: usize = 20;

options! {
    /// The options of a `masthead` rule.
    pub struct Config {
        /// The name endings (`新闻`, `日报`, `频道` …), folded like the text.
        pub terms: Vec<String> = Vec::new(),
        /// A file of more endings, one a line (`#` comments), relative to the rule file.
        pub terms_file: Option<Spanned<String>> = None,
        /// More such files.
        pub terms_files: Vec<Spanned<String>> = Vec::new(),
        /// Longest line, in chars (trailing punctuation aside), that is taken for a masthead.
        pub max_chars: usize = MAX_CHARS,
    }
}

impl KindConfig for Config {
    fn compile(self: Box<Self>, cx: &mut Compile<'_>) -> Option<Arc<dyn RuleKind>> {
        let terms = cx.terms(&self.terms, self.terms_file.iter().chain(&self.terms_files));
        if terms.is_empty() {
            cx.need("terms (the name endings)");
        }
        Some(Arc::new(Masthead {
            max_chars: self.max_chars,
            endings: fold_all(&terms),
        }))
    }
}

/// Short lines above the title that end in a name ending (`新闻`, `日报`, `频道`, folded): site
/// name, paper, channel.
#[derive(Debug)]
pub struct Masthead {
    max_chars: usize,
    endings: Vec<String>,
}

impl RuleKind for Masthead {
    fn name(&self) -> &'static str {
        KIND.name
    }

    /// Short lines above the title that end in a name ending: site name, paper, channel. A kicker
    /// line of a two-line title (`15家企业`) has no such ending and stays.
    fn find(&self, search: &Search<'_>) -> Vec<Range<usize>> {
        let (p, Some(ctx)) = (search.doc, search.title) else {
            return Vec::new();
        };
        (0..ctx.title.line.unwrap_or(0))
            .filter(|&l| {
                let t = p.vline(l).trim().trim_end_matches(|c: char| !c.is_alphanumeric());
                !t.is_empty()
                    && t.chars().count() <= self.max_chars
                    && self.endings.iter().any(|e| t.ends_with(e.as_str()))
            })
            .map(|l| p.line_span(l))
            .collect()
    }

    fn needs_title(&self) -> bool {
        true
    }
}
