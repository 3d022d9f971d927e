//! Rules: what they are once loaded and compiled.
//!
//! A rule file is data (TOML, see `rules/README.md`); [`load`] parses and validates it, reporting
//! every error with `file:line:col`: the options every rule takes are read here ([`Rule`]), the
//! rest by the rule's kind ([`crate::kinds`]). [`RuleSet::new`] then builds every automaton and
//! index the rules share once, before any document is read.

/// The options every rule takes, and the split of a rule's table between them and its kind.
pub(crate) mod common;
pub mod load;
pub mod source;

use std::sync::Arc;

use serde::Serialize;

use crate::kinds::RuleKind;
pub use crate::model::At;
use crate::model::{Action, DocMeta, Scope};

pub use load::{read_rules, LoadError, RuleList};
pub use source::{embedded_sources, sources_from_path, RuleSource};

/// A worked example carried by a rule and run by `newsclean rules test`.
#[derive(Clone, Debug, Serialize)]
pub struct Example {
    /// The text (or, for an HTML-only kind, the page) cleaned with only this rule on.
    pub input: String,
    /// The clean text expected; `None` with `keep` means "unchanged".
    pub output: Option<String>,
    /// The input comes out unchanged (for an HTML-only kind: no element is dropped).
    pub keep: bool,
    /// The title, date, outlet and author cleaning must read from the input, where given (an
    /// empty value: none).
    pub meta: DocMeta,
    /// Line of the example in its rule file.
    pub line: usize,
}

/// A compiled rule.
#[derive(Clone, Debug)]
pub struct Rule {
    /// Stable, unique id; the manifest names it.
    pub id: String,
    /// What the rule removes and why.
    pub doc: String,
    /// What it looks for, compiled.
    pub kind: Arc<dyn RuleKind>,
    /// What a hit becomes: the span, its line, its block, everything after or before it.
    pub action: Action,
    /// Where in the document the rule may fire: `at` the head or tail `within` so many lines,
    /// and for line actions only on lines of at most `max_line_chars` chars.
    pub scope: Scope,
    /// Host or outlet globs the rule is limited to; empty means every source.
    pub sites: Vec<String>,
    /// Languages (`zh`, `en`) the rule is limited to; empty means every language.
    pub langs: Vec<String>,
    /// `false` turns the rule off (a default switched off by id).
    pub enabled: bool,
    /// Repairs (pinyin glosses, mojibake) run before every other rule, and the others match the
    /// text as if the repairs were already made.
    pub repair: bool,
    /// The worked examples it carries.
    pub examples: Vec<Example>,
    /// `file:line` of the rule's `[[rule]]` header.
    pub origin: String,
}

impl Rule {
    /// Whether this rule applies to a document in language `lang` (as `text::lang` tells it;
    /// a rule limited to languages stands aside when none is told).
    pub fn applies_to_lang(&self, lang: Option<&str>) -> bool {
        self.langs.is_empty() || lang.is_some_and(|l| self.langs.iter().any(|x| x == l))
    }

    /// Whether this rule applies to a document known by these source names (hosts, outlets).
    pub fn applies_to(&self, names: &[String]) -> bool {
        self.sites.is_empty() || names.iter().any(|n| self.sites.iter().any(|g| glob_match(g, n)))
    }
}

/// `*` matches any run of characters; everything else matches itself, case-insensitively.
fn glob_match(glob: &str, text: &str) -> bool {
    let text = text.to_ascii_lowercase();
    let glob = glob.to_ascii_lowercase();
    let parts: Vec<&str> = glob.split('*').collect();
    if parts.len() == 1 {
        return glob == text;
    }
    let mut rest = text.as_str();
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            match rest.strip_prefix(part) {
                Some(r) => rest = r,
                None => return false,
            }
        } else if i == parts.len() - 1 {
            return rest.ends_with(part);
        } else if let Some(pos) = rest.find(part) {
            rest = &rest[pos + part.len()..];
        } else {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::glob_match;

    #[test]
    fn globs_match_hosts() {
        assert!(glob_match("*.nbd.com.cn", "www.nbd.com.cn"));
        assert!(glob_match("每日*", "每日經濟新聞"));
        assert!(!glob_match("*.nbd.com.cn", "nbd.com"));
        assert!(glob_match("example.com", "EXAMPLE.com"));
    }
}
