//! Rule files → compiled [`RuleSet`], with every error reported at once as `file:line:col`.
//!
//! A file is first checked as TOML as a whole, then cut at each `[[rule]]` header so that one bad
//! rule does not hide the errors of the next.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use regex::RegexBuilder;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use toml::Spanned;

use super::{
    At, BrandWords, Example, InjectedTokenParams, KeywordListParams, Kind, Lexicon, Rule, RuleSet, Separators,
};
use crate::model::Action;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));
}

/// One rule file's text and where its relative `terms_file` paths resolve.
#[derive(Clone, Debug)]
pub struct RuleSource {
    /// Shown in errors: a path, or `<default>/name.toml` for embedded files.
    pub name: String,
    pub text: String,
    origin: Origin,
}

#[derive(Clone, Debug)]
enum Origin {
    /// Folder of the file inside the embedded `rules/` tree.
    Embedded(String),
    Disk(PathBuf),
}

/// A problem in a rule file, with its place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    pub file: String,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}", self.file, self.line, self.col, self.message)
    }
}

/// The default rule files embedded in the binary, in name order.
pub fn embedded_sources() -> Vec<RuleSource> {
    embedded::EMBEDDED
        .iter()
        .filter(|(name, _)| name.ends_with(".toml"))
        .map(|(name, text)| RuleSource {
            name: format!("<default>/{name}"),
            text: text.to_string(),
            origin: Origin::Embedded(parent_of(name)),
        })
        .collect()
}

/// The rule files at `path`: the file itself, or every `*.toml` below a folder, in name order.
pub fn sources_from_path(path: &Path) -> Result<Vec<RuleSource>, LoadError> {
    let io_err = |e: std::io::Error| LoadError {
        file: path.display().to_string(),
        line: 0,
        col: 0,
        message: e.to_string(),
    };
    let meta = std::fs::metadata(path).map_err(io_err)?;
    let mut files = Vec::new();
    if meta.is_dir() {
        for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
            let entry = entry.map_err(|e| io_err(e.into()))?;
            if entry.file_type().is_file() && entry.path().extension().is_some_and(|x| x == "toml") {
                files.push(entry.into_path());
            }
        }
    } else {
        files.push(path.to_path_buf());
    }
    files
        .into_iter()
        .map(|f| {
            let text = std::fs::read_to_string(&f).map_err(|e| LoadError {
                file: f.display().to_string(),
                line: 0,
                col: 0,
                message: e.to_string(),
            })?;
            Ok(RuleSource {
                name: f.display().to_string(),
                text,
                origin: Origin::Disk(f.parent().map(Path::to_path_buf).unwrap_or_default()),
            })
        })
        .collect()
}

/// Parses, validates and compiles `sources` in order; a later rule with the id of an earlier one
/// (from another file) replaces it in place. Returns every error found.
pub fn load_sources(sources: &[RuleSource]) -> Result<RuleSet, Vec<LoadError>> {
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
        Ok(RuleSet::new(rules, digest))
    } else {
        Err(errors)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn parent_of(name: &str) -> String {
    name.rsplit_once('/')
        .map(|(d, _)| d.to_string())
        .unwrap_or_default()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Chunk {
    #[serde(default)]
    rule: Vec<Spanned<RawRule>>,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "kebab-case")]
enum KindName {
    Keywords,
    Pattern,
    Selector,
    KeywordList,
    InjectedToken,
    MainContent,
    RepeatedTitle,
    Masthead,
    Dateline,
    DuplicateLine,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: Spanned<String>,
    doc: String,
    kind: KindName,
    action: Action,
    #[serde(default)]
    terms: Vec<String>,
    terms_file: Option<Spanned<String>>,
    #[serde(default)]
    terms_files: Vec<Spanned<String>>,
    #[serde(default)]
    strong_terms: Vec<String>,
    #[serde(default)]
    strong_terms_files: Vec<Spanned<String>>,
    extend: Option<Spanned<String>>,
    pattern: Option<Spanned<String>>,
    selector: Option<Spanned<String>>,
    at: Option<At>,
    within: Option<usize>,
    max_line_chars: Option<usize>,
    #[serde(default)]
    sites: Vec<String>,
    #[serde(default = "yes")]
    enabled: bool,
    #[serde(default)]
    repair: bool,
    // keyword-list
    separators: Option<String>,
    min_segments: Option<usize>,
    max_segment_chars: Option<usize>,
    min_share: Option<f64>,
    min_item_hits: Option<usize>,
    min_hits: Option<usize>,
    // injected-token
    min_chars: Option<usize>,
    max_chars: Option<usize>,
    min_count: Option<usize>,
    min_boundary_share: Option<f64>,
    min_clause_end: Option<usize>,
    // dateline
    max_other_chars: Option<usize>,
    // main-content
    min_paragraph_chars: Option<usize>,
    sibling_share: Option<f64>,
    min_content_chars: Option<usize>,
    parent_link_density: Option<f64>,
    interior_link_density: Option<f64>,
    climb_levels: Option<usize>,
    climb_punct_gain: Option<f64>,
    climb_link_density: Option<f64>,
    tail_good_chars: Option<usize>,
    hint_full_chars: Option<usize>,
    lead_levels: Option<usize>,
    unlikely_keep_share: Option<f64>,
    paragraph_punct_cap: Option<usize>,
    #[serde(default)]
    example: Vec<Spanned<RawExample>>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExample {
    input: String,
    output: Option<String>,
    #[serde(default)]
    keep: bool,
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
        match toml::from_str::<Chunk>(chunk) {
            Err(e) => {
                let pos = start + e.span().map_or(0, |s| s.start);
                errors.push(err_at(pos, e.message().trim().to_string()));
            }
            Ok(parsed) => {
                for raw in parsed.rule {
                    let mut problems = Vec::new();
                    let raw = raw.into_inner();
                    if let Some(first) = ids_here.insert(raw.id.get_ref().clone(), header_line) {
                        problems.push((
                            start + raw.id.span().start,
                            format!("duplicate rule id `{}` (first at line {first})", raw.id.get_ref()),
                        ));
                    }
                    parsed_rules.push((raw, start, header_line, problems));
                }
            }
        }
    }
    let compiled: Vec<_> = parsed_rules
        .into_par_iter()
        .map(|(raw, start, header_line, mut problems)| {
            let mut files = Vec::new();
            let rule = compile(source, raw, start, header_line, &mut problems, &mut files);
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

/// Validates one raw rule; `base` is the byte offset of its chunk in the file. Problems are
/// `(file offset, message)`.
#[allow(clippy::too_many_lines)] // split by issue 21
fn compile(
    source: &RuleSource,
    raw: RawRule,
    base: usize,
    header_line: usize,
    problems: &mut Vec<(usize, String)>,
    terms_files: &mut Vec<String>,
) -> Option<Rule> {
    let id_pos = base + raw.id.span().start;
    let id = raw.id.get_ref().clone();
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c)) {
        problems.push((
            id_pos,
            format!("rule id `{id}` must be non-empty ASCII letters, digits, `.`, `_` or `-`"),
        ));
    }
    let mut terms_file_failed = false;
    let mut read_all = |inline: &[String], files: &mut dyn Iterator<Item = &Spanned<String>>| {
        let mut terms = inline.to_vec();
        for tf in files {
            match read_terms_file(source, tf.get_ref()) {
                Ok(text) => {
                    terms_files.push(text.clone());
                    terms.extend(
                        text.lines()
                            .map(str::trim)
                            .filter(|l| !l.is_empty() && !l.starts_with('#'))
                            .map(String::from),
                    );
                }
                Err(m) => {
                    terms_file_failed = true;
                    problems.push((base + tf.span().start, m));
                }
            }
        }
        terms
    };
    let terms = read_all(&raw.terms, &mut raw.terms_file.iter().chain(&raw.terms_files));
    let strong_terms = read_all(&raw.strong_terms, &mut raw.strong_terms_files.iter());
    let extend = match &raw.extend {
        None => None,
        Some(x) => match RegexBuilder::new(&format!("^(?:{})", x.get_ref())).build() {
            Ok(re) => Some(re),
            Err(e) => {
                problems.push((
                    base + x.span().start,
                    format!("bad extend pattern: {}", regex_message(&e)),
                ));
                None
            }
        },
    };
    let need = |what: &str, problems: &mut Vec<(usize, String)>| {
        if !terms_file_failed {
            problems.push((id_pos, format!("rule `{id}` of this kind needs `{what}`")));
        }
    };
    let kind = match raw.kind {
        KindName::Keywords => {
            if terms.is_empty() {
                need("terms, terms_file or terms_files", problems);
            }
            Kind::Keywords { terms, extend }
        }
        KindName::Pattern => {
            let Some(p) = &raw.pattern else {
                need("pattern", problems);
                return None;
            };
            let pos = base + p.span().start;
            let src = p.get_ref();
            if has_unicode_word_boundary(src) {
                problems.push((
                    pos,
                    "`\\b`/`\\B` are Unicode-aware and crawl on CJK text: write `(?-u:\\b)`".into(),
                ));
            }
            match RegexBuilder::new(src)
                .multi_line(true)
                .dfa_size_limit(32 << 20)
                .size_limit(32 << 20)
                .build()
            {
                Ok(regex) => Kind::Pattern { regex },
                Err(e) => {
                    problems.push((pos, format!("bad pattern: {}", regex_message(&e))));
                    return None;
                }
            }
        }
        KindName::Selector => {
            let Some(s) = &raw.selector else {
                need("selector", problems);
                return None;
            };
            match scraper::Selector::parse(s.get_ref()) {
                Ok(sel) => Kind::Selector {
                    selector: Box::new(sel),
                    css: s.get_ref().to_string(),
                },
                Err(e) => {
                    problems.push((base + s.span().start, format!("bad selector: {e}")));
                    return None;
                }
            }
        }
        KindName::KeywordList => {
            if terms.is_empty() {
                need("terms, terms_file or terms_files (the lexicon)", problems);
            }
            Kind::KeywordList {
                params: KeywordListParams {
                    separators: Separators::new(
                        raw.separators
                            .clone()
                            .unwrap_or_else(|| ",，、|｜-_/ \u{3000}\u{a0}\t;；".into()),
                    ),
                    min_segments: raw.min_segments.unwrap_or(4),
                    max_segment_chars: raw.max_segment_chars.unwrap_or(24),
                    min_share: raw.min_share.unwrap_or(0.6),
                    min_item_hits: raw.min_item_hits.unwrap_or(2),
                    min_hits: raw.min_hits.unwrap_or(3),
                },
                lexicon: Box::new(Lexicon::new(terms)),
                strong: (!strong_terms.is_empty()).then(|| Box::new(Lexicon::new(strong_terms))),
            }
        }
        KindName::InjectedToken => Kind::InjectedToken(InjectedTokenParams {
            min_chars: raw.min_chars.unwrap_or(2),
            max_chars: raw.max_chars.unwrap_or(10),
            min_count: raw.min_count.unwrap_or(3),
            min_boundary_share: raw.min_boundary_share.unwrap_or(0.85),
            min_clause_end: raw.min_clause_end.unwrap_or(2),
            brand_words: match BrandWords::new(fold_all(&terms)) {
                Ok(words) => words,
                Err(e) => {
                    problems.push((id_pos, format!("bad terms: {e}")));
                    return None;
                }
            },
        }),
        KindName::MainContent => {
            let d = crate::html::main_content::MainContentParams::default();
            Kind::MainContent(crate::html::main_content::MainContentParams {
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
        KindName::RepeatedTitle => Kind::RepeatedTitle,
        KindName::Masthead => {
            if terms.is_empty() {
                need("terms (the name endings)", problems);
            }
            Kind::Masthead {
                max_chars: raw.max_chars.unwrap_or(20),
                endings: fold_all(&terms),
            }
        }
        KindName::Dateline => Kind::Dateline {
            max_other_chars: raw.max_other_chars.unwrap_or(40),
            event_labels: fold_all(&terms),
        },
        KindName::DuplicateLine => {
            if terms.is_empty() {
                need("terms (the lede labels)", problems);
            }
            Kind::DuplicateLine {
                min_chars: raw.min_chars.unwrap_or(20),
                labels: fold_all(&terms),
            }
        }
    };
    for share in [raw.min_share, raw.min_boundary_share].into_iter().flatten() {
        if !(0.0..=1.0).contains(&share) {
            problems.push((
                id_pos,
                format!("rule `{id}`: shares are between 0 and 1, got {share}"),
            ));
        }
    }
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
            line,
        });
    }
    let at = raw.at.unwrap_or_default();
    Some(Rule {
        id,
        doc: raw.doc,
        kind,
        action: raw.action,
        at,
        within: raw.within.unwrap_or(10),
        max_line_chars: raw.max_line_chars,
        sites: raw.sites,
        enabled: raw.enabled,
        repair: raw.repair,
        examples,
        origin: format!("{}:{header_line}", source.name),
    })
}

/// Terms folded like the text they are matched against.
fn fold_all(terms: &[String]) -> Vec<String> {
    terms
        .iter()
        .map(|t| crate::text::normalize::fold_str(t))
        .collect()
}

/// The regex crate's message draws the pattern with a caret; keep its last line.
fn regex_message(e: &regex::Error) -> String {
    let msg = e.to_string();
    let last = msg.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or(&msg);
    last.trim().trim_start_matches("error: ").to_string()
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

fn read_terms_file(source: &RuleSource, rel: &str) -> Result<String, String> {
    match &source.origin {
        Origin::Disk(dir) => {
            let path = dir.join(rel);
            std::fs::read_to_string(&path).map_err(|e| format!("terms_file `{}`: {e}", path.display()))
        }
        Origin::Embedded(dir) => {
            let wanted = normalize_rel(dir, rel);
            embedded::EMBEDDED
                .iter()
                .find(|(name, _)| *name == wanted)
                .map(|(_, text)| text.to_string())
                .ok_or_else(|| format!("terms_file `{rel}` is not among the default rule files"))
        }
    }
}

/// `dir` joined with `rel`, with `.` and `..` resolved, `/`-separated.
fn normalize_rel(dir: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for p in rel.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> RuleSource {
        RuleSource {
            name: "t.toml".into(),
            text: text.into(),
            origin: Origin::Disk(PathBuf::from(".")),
        }
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
        let (passed, failures) = crate::rules::examples::run_examples(&set);
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
