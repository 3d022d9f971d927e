//! `keyword-list`: a line (or a run of short lines) of short items split by separators, many of
//! them spam-like: an adult or gambling keyword block, or a navigation bar. The search is in
//! `find.rs`; the lexicons the items are probed with in [`lexicon`].

mod find;
pub mod lexicon;

use std::ops::Range;
use std::sync::Arc;

use toml::Spanned;

use super::config::options;
use super::{Compile, KindConfig, KindSpec, RuleKind, Search};
use lexicon::Lexicon;

/// The kind, as the registry lists it.
pub const KIND: KindSpec = KindSpec::new::<Config>(
    "keyword-list",
    "a line (or run of short lines) of short items, many of them spam-like",
    r#"terms = ["免费", "视频", "在线", "观看"]"#,
);

/// Characters that split a line into items, unless a rule gives its own.
pub const SEPARATORS: &str = ",，、|｜-_/ \u{3000}\u{a0}\t;；";
/// Fewest items that make a list.
pub const MIN_SEGMENTS: usize = 4;
/// Longest item, in chars, of a list.
pub const MAX_SEGMENT_CHARS: usize = 24;
/// Share of a list's items that must be spam-like.
pub const MIN_SHARE: f64 = 0.6;
/// Fewest distinct weak terms that make an item spam-like on their own.
pub const MIN_ITEM_HITS: usize = 2;
/// Fewest distinct lexicon terms (weak or strong) on a list.
pub const MIN_HITS: usize = 3;

options! {
    /// The options of a `keyword-list` rule.
    pub struct Config {
        /// The lexicon's weak terms: ordinary words spam is built from (`免费`, `视频`). Folded
        /// like the text.
        pub terms: Vec<String> = Vec::new(),
        /// A file of more weak terms, one a line (`#` comments), relative to the rule file.
        pub terms_file: Option<Spanned<String>> = None,
        /// More such files.
        pub terms_files: Vec<Spanned<String>> = Vec::new(),
        /// The strong terms: explicit ones (`无码`, `百家乐`), one of which makes an item
        /// spam-like.
        pub strong_terms: Vec<String> = Vec::new(),
        /// Files of strong terms, one a line (`#` comments), relative to the rule file.
        pub strong_terms_files: Vec<Spanned<String>> = Vec::new(),
        /// Characters that split a line into items.
        pub separators: String = SEPARATORS.to_string(),
        /// Fewest items that make a list (of one line, or of a run of short lines).
        pub min_segments: usize = MIN_SEGMENTS,
        /// Longest item, in chars, of a list.
        pub max_segment_chars: usize = MAX_SEGMENT_CHARS,
        /// Share of items that must be spam-like: holding a strong term, or `min_item_hits`
        /// distinct weak ones.
        pub min_share: f64 = MIN_SHARE,
        /// Fewest distinct weak terms that make an item spam-like on their own (2: one ordinary
        /// word is not enough).
        pub min_item_hits: usize = MIN_ITEM_HITS,
        /// Fewest distinct lexicon terms (weak or strong) on the line.
        pub min_hits: usize = MIN_HITS,
    }
}

impl KindConfig for Config {
    fn compile(self: Box<Self>, cx: &mut Compile<'_>) -> Option<Arc<dyn RuleKind>> {
        let terms = cx.terms(&self.terms, self.terms_file.iter().chain(&self.terms_files));
        let strong_terms = cx.terms(&self.strong_terms, &self.strong_terms_files);
        if terms.is_empty() {
            cx.need("terms, terms_file or terms_files (the lexicon)");
        }
        let kind = KeywordList {
            params: KeywordListParams {
                separators: Separators::new(self.separators),
                min_segments: self.min_segments,
                max_segment_chars: self.max_segment_chars,
                min_share: self.min_share,
                min_item_hits: self.min_item_hits,
                min_hits: self.min_hits,
            },
            lexicon: Lexicon::new(terms),
            strong: (!strong_terms.is_empty()).then(|| Lexicon::new(strong_terms)),
        };
        cx.share(self.min_share);
        Some(Arc::new(kind))
    }
}

/// A line, or a run of short lines, made of short items split by separators, many of which
/// hold a lexicon term: an adult or gambling keyword block.
#[derive(Debug)]
pub struct KeywordList {
    params: KeywordListParams,
    /// Ordinary words spam is built from (`免费`, `视频`): weak evidence.
    lexicon: Lexicon,
    /// Explicit terms (`无码`, `百家乐`): one makes an item spam-like.
    strong: Option<Lexicon>,
}

impl RuleKind for KeywordList {
    fn name(&self) -> &'static str {
        KIND.name
    }

    fn find(&self, search: &Search<'_>) -> Vec<Range<usize>> {
        find::find(search.doc, search.scope, &self.params, &self.lexicon, self.strong.as_ref())
    }
}

/// Tuning of the keyword-list detector.
#[derive(Clone, Debug)]
pub struct KeywordListParams {
    /// Characters that split a line into items.
    pub separators: Separators,
    /// Fewest items that make a list.
    pub min_segments: usize,
    /// Longest item, in chars, of a keyword list.
    pub max_segment_chars: usize,
    /// Share of items that must be spam-like: holding a strong term, or `min_item_hits` distinct
    /// weak ones.
    pub min_share: f64,
    /// Fewest distinct weak terms that make an item spam-like on their own.
    pub min_item_hits: usize,
    /// Fewest distinct lexicon terms (weak or strong) on the line.
    pub min_hits: usize,
}

/// The characters that split a keyword-list line into items, with a bit table for the ASCII
/// ones: `str::contains` per char of every line was 2 % of an HTML page's instructions.
#[derive(Clone, Debug)]
pub struct Separators {
    ascii: u128,
    other: Vec<char>,
}

impl Separators {
    /// The separators `chars`.
    pub fn new(chars: String) -> Separators {
        let ascii = chars
            .chars()
            .filter(char::is_ascii)
            .fold(0, |bits, c| bits | 1 << (c as u32));
        let other = chars.chars().filter(|c| !c.is_ascii()).collect();
        Separators { ascii, other }
    }

    /// Whether `c` is one of them.
    pub fn contains(&self, c: char) -> bool {
        if c.is_ascii() {
            self.ascii & (1 << (c as u32)) != 0
        } else {
            self.other.contains(&c)
        }
    }
}
