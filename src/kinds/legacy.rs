//! The kinds not yet moved to a file of their own: one enum, one union of their options, one
//! compile. Emptied kind by kind (issue 21).

use std::ops::Range;
use std::sync::Arc;

use regex::{Regex, RegexBuilder};
use serde::Deserialize;
use toml::Spanned;

use super::config::{options, regex_message, Options};
use super::{Compile, KindConfig, KindSpec, RuleKind, Search};

/// What a rule looks for.
#[derive(Clone, Debug)]
pub enum Kind {
    /// A regular expression over the folded view (multi-line mode). A group named `drop`, when
    /// present, is the part removed.
    Pattern { regex: Regex },
}

impl RuleKind for Kind {
    fn name(&self) -> &'static str {
        match self {
            Kind::Pattern { .. } => "pattern",
        }
    }

    fn find(&self, search: &Search<'_>) -> Vec<Range<usize>> {
        crate::find::rule_hits(self, search)
    }

    fn pattern(&self) -> Option<&Regex> {
        let Kind::Pattern { regex } = self;
        Some(regex)
    }
}

/// The kinds still here, by name.
#[derive(Clone, Copy, Debug, Default)]
enum KindName {
    #[default]
    Pattern,
}

impl KindName {
    const ALL: [(KindName, &'static str); 1] = [(KindName::Pattern, "pattern")];
}

/// One spec per kind still here, every one taking the whole union of their options.
pub(super) const KINDS: &[KindSpec] = &[spec::<0>()];

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
        pub pattern: Option<Spanned<String>> = None,
    }
}

struct Legacy {
    kind: KindName,
    options: Union,
}

impl KindConfig for Legacy {
    fn compile(self: Box<Self>, cx: &mut Compile<'_>) -> Option<Arc<dyn RuleKind>> {
        let raw = self.options;
        let kind = compile_kind(self.kind, &raw, cx)?;
        Some(Arc::new(kind))
    }
}

fn compile_kind(name: KindName, raw: &Union, cx: &mut Compile<'_>) -> Option<Kind> {
    Some(match name {
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
