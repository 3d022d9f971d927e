//! Rule files → compiled [`RuleSet`], with every error reported at once as `file:line:col`.
//!
//! A file is first checked as TOML as a whole, then cut at each `[[rule]]` header so that one bad
//! rule does not hide the errors of the next.

use std::collections::HashMap;
use std::fmt;

use rayon::prelude::*;
use sha2::{Digest, Sha256};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::common::{read_rule, ReadRule, WITHIN};
use super::source::RuleSource;
use super::{Example, Rule};
use crate::kinds::Compile;
use crate::model::{DocMeta, Scope};

/// A problem in a rule file, with its place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    /// The rule file's name ([`RuleSource::name`]).
    pub file: String,
    /// 1-based; 0 when the file could not be read.
    pub line: usize,
    /// 1-based, in chars.
    pub col: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}", self.file, self.line, self.col, self.message)
    }
}

/// The rules of a run's rule files, in order, and the digest of everything they read.
#[derive(Debug)]
pub struct RuleList {
    pub rules: Vec<Rule>,
    /// sha256 of every rule source and terms file, in load order.
    pub digest: String,
}

/// Parses, validates and compiles `sources` in order; a later rule with the id of an earlier one
/// (from another file) replaces it in place. Returns every error found. The engine builds its
/// shared searches from the list ([`crate::engine::load_sources`]).
pub fn read_rules(sources: &[RuleSource]) -> Result<RuleList, Vec<LoadError>> {
    let mut errors = Vec::new();
    let mut rules: Vec<Rule> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut hasher = Sha256::new();
    // Files compile in parallel (regexes and lexicons dominate start-up); what they
    // read is hashed afterwards in load order, so the digest is the same as read in sequence.
    let parsed: Vec<(Vec<Rule>, Vec<LoadError>, Vec<String>)> = sources
        .par_iter()
        .map(|source| {
            let (mut errs, mut terms_files) = (Vec::new(), Vec::new());
            let rules = parse_file(source, &mut errs, &mut terms_files);
            (rules, errs, terms_files)
        })
        .collect();
    for (source, (parsed_rules, errs, terms_files)) in sources.iter().zip(parsed) {
        hasher.update(source.name.trim_start_matches("<default>/").as_bytes());
        hasher.update([0]);
        hasher.update(source.text.as_bytes());
        hasher.update([0]);
        for text in &terms_files {
            hasher.update(text.as_bytes());
        }
        errors.extend(errs);
        for rule in parsed_rules {
            match index.get(&rule.id) {
                Some(&i) => rules[i] = rule,
                None => {
                    index.insert(rule.id.clone(), rules.len());
                    rules.push(rule);
                }
            }
        }
    }
    if errors.is_empty() {
        let digest = hex(&hasher.finalize());
        Ok(RuleList { rules, digest })
    } else {
        Err(errors)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Line and column (1-based, column in chars) of byte `pos` of `text`.
fn line_col(text: &str, pos: usize) -> (usize, usize) {
    let pos = pos.min(text.len());
    let before = &text[..pos];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// Start offsets of every `[[rule]]` header line.
fn rule_headers(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        if t == "[[rule]]" || (t.starts_with("[[rule]]") && t[8..].trim_start().starts_with('#')) {
            out.push(pos);
        }
        pos += line.len();
    }
    out
}

/// The `[[rule]]` tables of one chunk of a rule file (spans relative to the chunk); problems
/// as `(chunk offset, message)`.
fn rule_tables<'c>(chunk: &'c str, problems: &mut Vec<(usize, String)>) -> Vec<Spanned<DeValue<'c>>> {
    let root = match DeTable::parse(chunk) {
        Ok(root) => root.into_inner(),
        Err(e) => {
            problems.push((e.span().map_or(0, |s| s.start), e.message().trim().to_string()));
            return Vec::new();
        }
    };
    let mut tables = Vec::new();
    for (key, value) in root {
        let span = value.span();
        match (&**key.get_ref(), value.into_inner()) {
            ("rule", DeValue::Array(rules)) => tables.extend(rules),
            ("rule", _) => problems.push((span.start, "`rule` holds [[rule]] tables".into())),
            (other, _) => problems.push((
                key.span().start,
                format!("unknown field `{other}`, expected `rule`"),
            )),
        }
    }
    tables
}

/// Parses and compiles one rule file; the text of every terms file it reads is appended to
/// `terms_files`, in reading order, for the rules digest.
fn parse_file(source: &RuleSource, errors: &mut Vec<LoadError>, terms_files: &mut Vec<String>) -> Vec<Rule> {
    let text = &source.text;
    let err_at = |pos: usize, message: String| {
        let (line, col) = line_col(text, pos);
        LoadError {
            file: source.name.clone(),
            line,
            col,
            message,
        }
    };
    if let Err(e) = toml::from_str::<toml::Table>(text) {
        let pos = e.span().map_or(0, |s| s.start);
        errors.push(err_at(pos, e.message().trim().to_string()));
        return Vec::new();
    }
    let headers = rule_headers(text);
    if headers.is_empty() {
        return Vec::new();
    }
    if let Ok(top) = toml::from_str::<toml::Table>(&text[..headers[0]]) {
        if let Some(key) = top.keys().next() {
            let pos = text.find(key.as_str()).unwrap_or(0);
            errors.push(err_at(
                pos,
                format!("unknown top-level key `{key}`: a rule file holds only [[rule]] tables"),
            ));
        }
    }
    let first_error = errors.len();
    // Parsed in order (duplicate ids are found here), then compiled in parallel: a rule's
    // pattern or lexicon is the costly part of start-up. Results are merged back in file order.
    let mut parsed_rules = Vec::new();
    let mut ids_here: HashMap<String, usize> = HashMap::new();
    // Header lines counted on from the previous header: counting from the top for each rule
    // made start-up quadratic in the file's length.
    let mut header_line = 1;
    let mut counted_to = 0;
    for (k, &start) in headers.iter().enumerate() {
        let end = headers.get(k + 1).copied().unwrap_or(text.len());
        let chunk = &text[start..end];
        header_line += text[counted_to..start].matches('\n').count();
        counted_to = start;
        let mut problems = Vec::new();
        for table in rule_tables(chunk, &mut problems) {
            let mut rule_problems = Vec::new();
            let Some(read) = read_rule(table, &mut rule_problems) else {
                problems.append(&mut rule_problems);
                continue;
            };
            let id = read.common.id.get_ref();
            if let Some(first) = ids_here.insert(id.clone(), header_line) {
                rule_problems.push((
                    read.common.id.span().start,
                    format!("duplicate rule id `{id}` (first at line {first})"),
                ));
            }
            let rule_problems = rule_problems
                .into_iter()
                .map(|(pos, m)| (start + pos, m))
                .collect();
            parsed_rules.push((read, start, header_line, rule_problems));
        }
        errors.extend(problems.into_iter().map(|(pos, m)| err_at(start + pos, m)));
    }
    let compiled: Vec<_> = parsed_rules
        .into_par_iter()
        .map(|(read, start, header_line, mut problems)| {
            let mut files = Vec::new();
            let rule = compile(source, read, start, header_line, &mut problems, &mut files);
            (rule, problems, files)
        })
        .collect();
    let mut rules = Vec::new();
    for (rule, problems, files) in compiled {
        terms_files.extend(files);
        if let Some(rule) = rule {
            if problems.is_empty() {
                rules.push(rule);
            }
        }
        errors.extend(problems.into_iter().map(|(pos, m)| err_at(pos, m)));
    }
    // Syntax errors were found in the first pass: the file's errors are reported in file order.
    errors[first_error..].sort_by_key(|e| (e.line, e.col));
    rules
}

/// Compiles one rule as read; `base` is the byte offset of its chunk in the file. Problems are
/// `(file offset, message)`.
fn compile(
    source: &RuleSource,
    read: ReadRule,
    base: usize,
    header_line: usize,
    problems: &mut Vec<(usize, String)>,
    terms_files: &mut Vec<String>,
) -> Option<Rule> {
    let ReadRule {
        common: raw,
        kind,
        config,
    } = read;
    let id_pos = base + raw.id.span().start;
    let id = raw.id.get_ref().clone();
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c)) {
        problems.push((
            id_pos,
            format!("rule id `{id}` must be non-empty ASCII letters, digits, `.`, `_` or `-`"),
        ));
    }
    let mut cx = Compile::new(source, base, &id, kind.name, id_pos);
    let kind = config.compile(&mut cx);
    problems.append(&mut cx.problems);
    terms_files.append(&mut cx.terms_files);
    let kind = kind?;
    let mut examples = Vec::new();
    for ex in &raw.example {
        let line = header_line + source.text[base..base + ex.span().start].matches('\n').count();
        let e = ex.get_ref();
        if e.keep == e.output.is_some() {
            problems.push((
                base + ex.span().start,
                "an example has either `output = \"…\"` or `keep = true`".into(),
            ));
        }
        examples.push(Example {
            input: e.input.clone(),
            output: e.output.clone(),
            keep: e.keep,
            meta: DocMeta {
                title: e.title.clone(),
                published: e.published.clone(),
                outlet: e.outlet.clone(),
                author: e.author.clone(),
                ..DocMeta::default()
            },
            line,
        });
    }
    let scope = Scope {
        at: raw.at.unwrap_or_default(),
        within: raw.within.unwrap_or(WITHIN),
        max_line_chars: raw.max_line_chars,
    };
    Some(Rule {
        id,
        doc: raw.doc,
        kind,
        action: raw.action,
        scope,
        sites: raw.sites,
        langs: raw.langs,
        enabled: raw.enabled,
        repair: raw.repair,
        examples,
        origin: format!("{}:{header_line}", source.name),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::load_sources;
    use crate::rules::embedded_sources;

    fn source(text: &str) -> RuleSource {
        RuleSource::from_text("t.toml", text)
    }

    #[test]
    fn reports_every_bad_rule_with_its_place() {
        let text = r#"[[rule]]
id = "a"
doc = "x"
kind = "pattern"
action = "strip"
pattern = "("

[[rule]]
id = "b"
doc = "x"
kind = "nope"
action = "strip"

[[rule]]
id = "c"
doc = "x"
kind = "keywords"
action = "strip"
terms = ["x"]
colour = "red"
"#;
        let errs = load_sources(&[source(text)]).err().unwrap();
        let places: Vec<(usize, usize)> = errs.iter().map(|e| (e.line, e.col)).collect();
        assert_eq!(places, vec![(6, 11), (11, 8), (20, 1)], "{errs:?}");
        assert!(errs[0].message.contains("bad pattern"));
        assert!(errs[1].message.contains("unknown variant"));
        assert!(errs[2].message.contains("unknown field"));
    }

    #[test]
    fn refuses_unicode_word_boundaries_and_duplicate_ids() {
        let text = "[[rule]]\nid = \"a\"\ndoc = \"\"\nkind = \"pattern\"\naction = \"strip\"\npattern = 'x\\b'\n\n[[rule]]\nid = \"a\"\ndoc = \"\"\nkind = \"pattern\"\naction = \"strip\"\npattern = '(?-u:\\b)x'\n";
        let errs = load_sources(&[source(text)]).err().unwrap();
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(errs[0].to_string().starts_with("t.toml:6:11: `\\b`"));
        assert!(errs[1].message.contains("duplicate rule id"));
    }

    #[test]
    fn later_files_override_rules_by_id() {
        let a =
            "[[rule]]\nid = \"x\"\ndoc = \"a\"\nkind = \"keywords\"\naction = \"strip\"\nterms = [\"甲\"]\n";
        let b = "[[rule]]\nid = \"x\"\ndoc = \"b\"\nkind = \"keywords\"\naction = \"drop-line\"\nterms = [\"乙\"]\n";
        let set = load_sources(&[source(a), source(b)]).unwrap();
        assert_eq!(set.rules.len(), 1);
        assert_eq!(set.rules[0].doc, "b");
    }

    #[test]
    fn embedded_defaults_load_and_pass_their_examples() {
        let set = load_sources(&embedded_sources()).unwrap_or_else(|e| panic!("{e:?}"));
        let (passed, failures) = crate::run::examples::run_examples(&set);
        for f in &failures {
            eprintln!(
                "{} {}\n  input:    {:?}\n  expected: {:?}\n  got:      {:?}",
                f.place, f.rule, f.input, f.expected, f.got
            );
        }
        assert!(
            failures.is_empty(),
            "{} examples failed, {passed} passed",
            failures.len()
        );
    }
}
