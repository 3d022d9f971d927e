//! The kinds not yet moved to a file of their own: one enum, one union of their options, one
//! compile. Emptied kind by kind (issue 21).

use std::ops::Range;
use std::sync::Arc;

use regex::{Regex, RegexBuilder};
use serde::Deserialize;
use toml::Spanned;

use super::config::{options, regex_message, Options};
use super::{Compile, KeywordTerms, KindConfig, KindSpec, RuleKind, Search, SelectorRef};

/// What a rule looks for.
#[derive(Clone, Debug)]
pub enum Kind {
    /// Literal terms, matched in the folded view through one automaton for all rules. `extend`,
    /// when given, is matched right after each hit and widens it (`开云体育` + `官网登录入口`).
    Keywords {
        terms: Vec<String>,
        extend: Option<Regex>,
    },
    /// A regular expression over the folded view (multi-line mode). A group named `drop`, when
    /// present, is the part removed.
    Pattern { regex: Regex },
    /// A CSS selector; HTML pages only: matching elements are dropped before text extraction.
    Selector {
        selector: Box<scraper::Selector>,
        /// The selector as written, for what it says of whole element names.
        css: String,
    },
    /// HTML pages only: everything but the article (see [`crate::extract`]) is left out.
    MainContent(crate::extract::MainContentParams),
}

impl RuleKind for Kind {
    fn name(&self) -> &'static str {
        match self {
            Kind::Keywords { .. } => "keywords",
            Kind::Pattern { .. } => "pattern",
            Kind::Selector { .. } => "selector",
            Kind::MainContent(_) => "main-content",
        }
    }

    fn find(&self, search: &Search<'_>) -> Vec<Range<usize>> {
        crate::find::rule_hits(self, search)
    }

    fn html_only(&self) -> bool {
        matches!(self, Kind::Selector { .. } | Kind::MainContent(_))
    }

    fn keywords(&self) -> Option<KeywordTerms<'_>> {
        match self {
            Kind::Keywords { terms, extend } => Some(KeywordTerms {
                terms,
                extend: extend.as_ref(),
            }),
            _ => None,
        }
    }

    fn pattern(&self) -> Option<&Regex> {
        match self {
            Kind::Pattern { regex } => Some(regex),
            _ => None,
        }
    }

    fn selector(&self) -> Option<SelectorRef<'_>> {
        match self {
            Kind::Selector { selector, css } => Some(SelectorRef { selector, css }),
            _ => None,
        }
    }

    fn main_content(&self) -> Option<&crate::extract::MainContentParams> {
        match self {
            Kind::MainContent(params) => Some(params),
            _ => None,
        }
    }
}

/// The kinds still here, by name.
#[derive(Clone, Copy, Debug, Default)]
enum KindName {
    #[default]
    Keywords,
    Pattern,
    Selector,
    MainContent,
}

impl KindName {
    const ALL: [(KindName, &'static str); 4] = [
        (KindName::Keywords, "keywords"),
        (KindName::Pattern, "pattern"),
        (KindName::Selector, "selector"),
        (KindName::MainContent, "main-content"),
    ];
}

/// One spec per kind still here, every one taking the whole union of their options.
pub(super) const KINDS: &[KindSpec] = &[spec::<0>(), spec::<1>(), spec::<2>(), spec::<3>()];

const fn spec<const K: usize>() -> KindSpec {
    KindSpec {
        name: KindName::ALL[K].1,
        finds: "",
        options: <Union as Options>::OPTIONS,
        defaults: toml::Table::new,
        parse: parse::<K>,
    }
}

fn parse<const K: usize>(de: toml::de::Deserializer<'_>) -> Result<Box<dyn KindConfig>, toml::de::Error> {
    Ok(Box::new(Legacy {
        kind: KindName::ALL[K].0,
        options: Union::deserialize(de)?,
    }))
}

options! {
    /// Every option of the kinds still here.
    pub struct Union {
        pub terms: Vec<String> = Vec::new(),
        pub terms_file: Option<Spanned<String>> = None,
        pub terms_files: Vec<Spanned<String>> = Vec::new(),
        pub extend: Option<Spanned<String>> = None,
        pub pattern: Option<Spanned<String>> = None,
        pub selector: Option<Spanned<String>> = None,
        pub min_paragraph_chars: Option<usize> = None,
        pub sibling_share: Option<f64> = None,
        pub min_content_chars: Option<usize> = None,
        pub parent_link_density: Option<f64> = None,
        pub interior_link_density: Option<f64> = None,
        pub climb_levels: Option<usize> = None,
        pub climb_punct_gain: Option<f64> = None,
        pub climb_link_density: Option<f64> = None,
        pub tail_good_chars: Option<usize> = None,
        pub hint_full_chars: Option<usize> = None,
        pub lead_levels: Option<usize> = None,
        pub unlikely_keep_share: Option<f64> = None,
        pub paragraph_punct_cap: Option<usize> = None,
    }
}

struct Legacy {
    kind: KindName,
    options: Union,
}

impl KindConfig for Legacy {
    fn compile(self: Box<Self>, cx: &mut Compile<'_>) -> Option<Arc<dyn RuleKind>> {
        let raw = self.options;
        let terms = cx.terms(&raw.terms, raw.terms_file.iter().chain(&raw.terms_files));
        let extend = match &raw.extend {
            None => None,
            Some(x) => match RegexBuilder::new(&format!("^(?:{})", x.get_ref())).build() {
                Ok(re) => Some(re),
                Err(e) => {
                    cx.problem_at(x.span(), format!("bad extend pattern: {}", regex_message(&e)));
                    None
                }
            },
        };
        let kind = compile_kind(self.kind, &raw, terms, extend, cx)?;
        Some(Arc::new(kind))
    }
}

fn compile_kind(
    name: KindName,
    raw: &Union,
    terms: Vec<String>,
    extend: Option<Regex>,
    cx: &mut Compile<'_>,
) -> Option<Kind> {
    Some(match name {
        KindName::Keywords => {
            if terms.is_empty() {
                cx.need("terms, terms_file or terms_files");
            }
            Kind::Keywords { terms, extend }
        }
        KindName::Pattern => {
            let Some(p) = &raw.pattern else {
                cx.need("pattern");
                return None;
            };
            let src = p.get_ref();
            if has_unicode_word_boundary(src) {
                cx.problem_at(
                    p.span(),
                    "`\\b`/`\\B` are Unicode-aware and crawl on CJK text: write `(?-u:\\b)`".into(),
                );
            }
            match RegexBuilder::new(src)
                .multi_line(true)
                .dfa_size_limit(32 << 20)
                .size_limit(32 << 20)
                .build()
            {
                Ok(regex) => Kind::Pattern { regex },
                Err(e) => {
                    cx.problem_at(p.span(), format!("bad pattern: {}", regex_message(&e)));
                    return None;
                }
            }
        }
        KindName::Selector => {
            let Some(s) = &raw.selector else {
                cx.need("selector");
                return None;
            };
            match scraper::Selector::parse(s.get_ref()) {
                Ok(sel) => Kind::Selector {
                    selector: Box::new(sel),
                    css: s.get_ref().to_string(),
                },
                Err(e) => {
                    cx.problem_at(s.span(), format!("bad selector: {e}"));
                    return None;
                }
            }
        }
        KindName::MainContent => main_content(raw),
    })
}

fn main_content(raw: &Union) -> Kind {
    let d = crate::extract::MainContentParams::default();
    Kind::MainContent(crate::extract::MainContentParams {
        min_paragraph_chars: raw.min_paragraph_chars.unwrap_or(d.min_paragraph_chars),
        sibling_share: raw.sibling_share.unwrap_or(d.sibling_share),
        min_content_chars: raw.min_content_chars.unwrap_or(d.min_content_chars),
        parent_link_density: raw.parent_link_density.unwrap_or(d.parent_link_density),
        interior_link_density: raw.interior_link_density.unwrap_or(d.interior_link_density),
        climb_levels: raw.climb_levels.unwrap_or(d.climb_levels),
        climb_punct_gain: raw.climb_punct_gain.unwrap_or(d.climb_punct_gain),
        climb_link_density: raw.climb_link_density.unwrap_or(d.climb_link_density),
        tail_good_chars: raw.tail_good_chars.unwrap_or(d.tail_good_chars),
        hint_full_chars: raw.hint_full_chars.unwrap_or(d.hint_full_chars),
        lead_levels: raw.lead_levels.unwrap_or(d.lead_levels),
        unlikely_keep_share: raw.unlikely_keep_share.unwrap_or(d.unlikely_keep_share),
        paragraph_punct_cap: raw.paragraph_punct_cap.unwrap_or(d.paragraph_punct_cap),
    })
}

/// `\b` or `\B` outside an ASCII-only `(?-u:…)` group (a rough check that errs on the safe side).
fn has_unicode_word_boundary(pattern: &str) -> bool {
    let bytes = pattern.as_bytes();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] == b'\\' {
            if (bytes[i + 1] == b'b' || bytes[i + 1] == b'B') && !pattern[..i].contains("(?-u") {
                return true;
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    false
}
