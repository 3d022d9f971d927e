//! What every kind's options have in common: how a kind declares them (`options!`, whose doc
//! comments become the reference docs), how the loader reads them ([`KindSpec`]) and how they
//! are checked and compiled into the kind, with problems placed in the rule file ([`Compile`]).

use std::ops::Range;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde::Serialize;
use toml::Spanned;

use super::RuleKind;

/// One option of a kind, as the docs show it.
#[derive(Clone, Copy, Debug)]
pub struct OptionDoc {
    /// Its key in a rule.
    pub name: &'static str,
    /// Its field's doc comment, one line of it per line.
    pub doc: &'static str,
}

/// A kind's options as a rule file gives them: read by serde (unknown keys refused, every
/// option defaulted), documented by `options!`.
pub trait Options: DeserializeOwned + Serialize + Default + 'static {
    /// Every option, with its doc comment, in declaration order.
    const OPTIONS: &'static [OptionDoc];
}

/// A kind's options, read from one rule: checked, then compiled into the kind.
pub trait KindConfig: Send {
    /// The compiled kind, or `None` when a problem leaves nothing to run (problems go to `cx`).
    fn compile(self: Box<Self>, cx: &mut Compile<'_>) -> Option<Arc<dyn RuleKind>>;
}

/// A rule kind as the loader and the docs know it: each kind's file defines one as `KIND`.
pub struct KindSpec {
    /// Its name in rule files (`kind = "masthead"`).
    pub name: &'static str,
    /// What it finds, in a phrase (the docs' kinds table).
    pub finds: &'static str,
    /// A rule of this kind's own options, in TOML, as little as it needs: the docs show it and a
    /// test loads it.
    pub sample: &'static str,
    /// The options it takes besides those every rule takes.
    pub options: &'static [OptionDoc],
    /// Its options' defaults, as TOML values (absent: no default).
    pub defaults: fn() -> toml::Table,
    /// Reads its options from a rule's table, the common options taken out.
    pub parse: fn(toml::de::Deserializer<'_>) -> Result<Box<dyn KindConfig>, toml::de::Error>,
}

impl KindSpec {
    /// The kind `name`, whose options are `C`.
    pub const fn new<C: Options + KindConfig>(
        name: &'static str,
        finds: &'static str,
        sample: &'static str,
    ) -> KindSpec {
        KindSpec {
            name,
            finds,
            sample,
            options: C::OPTIONS,
            defaults: defaults_of::<C>,
            parse: parse_as::<C>,
        }
    }

    /// Whether a rule of this kind takes the option `key` (besides the common ones).
    pub fn takes(&self, key: &str) -> bool {
        self.options.iter().any(|o| o.name == key)
    }
}

fn defaults_of<C: Options>() -> toml::Table {
    match toml::Value::try_from(C::default()) {
        Ok(toml::Value::Table(t)) => t,
        _ => toml::Table::new(),
    }
}

fn parse_as<C: Options + KindConfig>(
    de: toml::de::Deserializer<'_>,
) -> Result<Box<dyn KindConfig>, toml::de::Error> {
    Ok(Box::new(C::deserialize(de)?))
}

/// Declares a kind's options: a serde struct that refuses unknown keys and defaults every
/// option to the value after its `=`, and the [`Options`] table of their doc comments.
macro_rules! options {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident {
            $(
                $(#[doc = $field_doc:literal])*
                pub $field:ident: $ty:ty = $default:expr,
            )*
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Clone, Debug, serde::Deserialize, serde::Serialize)]
        #[serde(deny_unknown_fields, default)]
        pub struct $name {
            $($(#[doc = $field_doc])* pub $field: $ty,)*
        }

        impl Default for $name {
            fn default() -> Self {
                $name { $($field: $default,)* }
            }
        }

        impl $crate::kinds::config::Options for $name {
            const OPTIONS: &'static [$crate::kinds::config::OptionDoc] = &[
                $($crate::kinds::config::OptionDoc {
                    name: stringify!($field),
                    doc: concat!($($field_doc, "\n",)*),
                },)*
            ];
        }
    };
}
pub(crate) use options;

/// Where a rule's terms files are read from: beside its rule file.
pub trait TermsFiles: Sync {
    /// The text of the terms file at `rel`, relative to the rule file, or why it cannot be read.
    fn read_relative(&self, rel: &str) -> Result<String, String>;
}

/// One rule's compilation: its place in the rule file, and what went wrong.
pub struct Compile<'a> {
    source: &'a dyn TermsFiles,
    /// Byte offset of the rule's chunk in the file: spans read from the chunk are relative to it.
    base: usize,
    id: &'a str,
    kind: &'static str,
    /// Where the rule's id is: problems of the rule as a whole are placed there.
    id_pos: usize,
    /// `(file offset, message)`.
    pub problems: Vec<(usize, String)>,
    /// The text of every terms file read, in reading order (for the rules digest).
    pub terms_files: Vec<String>,
    terms_file_failed: bool,
}

impl<'a> Compile<'a> {
    /// The compilation of rule `id` of kind `kind`, read from the chunk at `base` of `source`.
    pub fn new(
        source: &'a dyn TermsFiles,
        base: usize,
        id: &'a str,
        kind: &'static str,
        id_pos: usize,
    ) -> Self {
        Compile {
            source,
            base,
            id,
            kind,
            id_pos,
            problems: Vec::new(),
            terms_files: Vec::new(),
            terms_file_failed: false,
        }
    }

    /// `inline` terms plus those of `files` (UTF-8, one term a line, `#` comments; relative to
    /// the rule file).
    pub fn terms<'s>(
        &mut self,
        inline: &[String],
        files: impl IntoIterator<Item = &'s Spanned<String>>,
    ) -> Vec<String> {
        let mut terms = inline.to_vec();
        for file in files {
            match self.source.read_relative(file.get_ref()) {
                Ok(text) => {
                    terms.extend(
                        text.lines()
                            .map(str::trim)
                            .filter(|l| !l.is_empty() && !l.starts_with('#'))
                            .map(String::from),
                    );
                    self.terms_files.push(text);
                }
                Err(m) => {
                    self.terms_file_failed = true;
                    self.problem_at(file.span(), m);
                }
            }
        }
        terms
    }

    /// The rule lacks `what`; not said when a terms file could not be read (that says enough).
    pub fn need(&mut self, what: &str) {
        if !self.terms_file_failed {
            let message = format!("rule `{}` (kind `{}`) needs `{what}`", self.id, self.kind);
            self.problem(message);
        }
    }

    /// Checks that `share` (an option's value) is a share, between 0 and 1.
    pub fn share(&mut self, share: f64) {
        if !(0.0..=1.0).contains(&share) {
            let message = format!("rule `{}`: shares are between 0 and 1, got {share}", self.id);
            self.problem(message);
        }
    }

    /// A problem of the rule as a whole, placed at its id.
    pub fn problem(&mut self, message: String) {
        self.problems.push((self.id_pos, message));
    }

    /// A problem with the option value at `span` of the rule's chunk.
    pub fn problem_at(&mut self, span: Range<usize>, message: String) {
        self.problems.push((self.base + span.start, message));
    }
}

/// Terms folded like the text they are matched against.
pub fn fold_all(terms: &[String]) -> Vec<String> {
    terms
        .iter()
        .map(|t| crate::text::normalize::fold_str(t))
        .collect()
}

/// The regex crate's message draws the pattern with a caret; keep its last line.
pub fn regex_message(e: &regex::Error) -> String {
    let msg = e.to_string();
    let last = msg.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or(&msg);
    last.trim().trim_start_matches("error: ").to_string()
}
