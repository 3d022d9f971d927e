//! One `[[rule]]` table read: the options every rule takes, read here, and the rest handed to
//! the rule's kind. A key that is neither is refused at its place, with what the kind takes, or
//! the option it is a slip of.

use serde::Deserialize;
use toml::de::{DeTable, DeValue, Deserializer};
use toml::Spanned;

use super::At;
use crate::kinds::{KindConfig, KindSpec};
use crate::model::Action;

/// The options every rule takes, whatever its kind, as [`Common`] reads them.
pub(crate) const COMMON_OPTIONS: &[&str] = &[
    "id",
    "doc",
    "kind",
    "action",
    "at",
    "within",
    "max_line_chars",
    "sites",
    "langs",
    "enabled",
    "repair",
    "example",
];

/// Lines from the top or the bottom that `at = "head"` or `"tail"` reaches, when `within` is
/// not given.
pub(super) const WITHIN: usize = 10;

/// The options every rule takes (see `rules/README.md`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Common {
    pub id: Spanned<String>,
    pub doc: String,
    /// Looked up when the table is split ([`read_rule`]); read here for its type and presence.
    #[serde(rename = "kind")]
    _kind: String,
    pub action: Action,
    pub at: Option<At>,
    pub within: Option<usize>,
    pub max_line_chars: Option<usize>,
    #[serde(default)]
    pub sites: Vec<String>,
    #[serde(default)]
    pub langs: Vec<String>,
    #[serde(default = "yes")]
    pub enabled: bool,
    #[serde(default)]
    pub repair: bool,
    #[serde(default)]
    pub example: Vec<Spanned<RawExample>>,
}

fn yes() -> bool {
    true
}

/// A `[[rule.example]]` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawExample {
    pub input: String,
    pub output: Option<String>,
    #[serde(default)]
    pub keep: bool,
    /// The metadata cleaning reads from the input, where the example says (`""`: none).
    pub title: Option<String>,
    pub published: Option<String>,
    pub outlet: Option<String>,
    pub author: Option<String>,
}

/// One rule as read: its common options, its kind, and the kind's options.
pub(super) struct ReadRule {
    pub common: Common,
    pub kind: &'static KindSpec,
    pub config: Box<dyn KindConfig>,
}

/// Reads one `[[rule]]` table (spans relative to its chunk). Every problem is added to
/// `problems` as `(chunk offset, message)`; `None` when there is one.
pub(super) fn read_rule(
    table: Spanned<DeValue<'_>>,
    problems: &mut Vec<(usize, String)>,
) -> Option<ReadRule> {
    let span = table.span();
    let DeValue::Table(table) = table.into_inner() else {
        problems.push((span.start, "`rule` holds [[rule]] tables".into()));
        return None;
    };
    let before = problems.len();
    let kind_value = table.get("kind");
    let kind_name = kind_value.and_then(|v| v.get_ref().as_str());
    let spec = kind_name.and_then(crate::kinds::kind);
    if let (Some(value), Some(name), None) = (kind_value, kind_name, spec) {
        problems.push((value.span().start, unknown_kind(name)));
    }
    let id = table
        .get("id")
        .and_then(|v| v.get_ref().as_str())
        .map_or_else(|| "a rule".to_string(), |id| format!("rule `{id}`"));
    let (mut common, mut own) = (DeTable::new(), DeTable::new());
    for (key, value) in table {
        if COMMON_OPTIONS.contains(&&**key.get_ref()) {
            common.insert(key, value);
        } else if spec.is_some_and(|s| s.takes(key.get_ref())) {
            own.insert(key, value);
        } else if let Some(message) = refusal(key.get_ref(), &id, spec) {
            problems.push((key.span().start, message));
        }
    }
    let at = |e: &toml::de::Error| {
        (
            e.span().unwrap_or(span.clone()).start,
            e.message().trim().to_string(),
        )
    };
    let common = Common::deserialize(Deserializer::from(Spanned::new(span.clone(), common)))
        .map_err(|e| problems.push(at(&e)))
        .ok();
    let config = spec.and_then(|s| {
        (s.parse)(Deserializer::from(Spanned::new(span.clone(), own)))
            .map_err(|e| problems.push(at(&e)))
            .ok()
    });
    match (common, spec, config) {
        (Some(common), Some(kind), Some(config)) if problems.len() == before => {
            Some(ReadRule { common, kind, config })
        }
        _ => None,
    }
}

/// Why `key` is refused in `rule` (its kind `spec`, when known), or `None` when it cannot be
/// told without the kind (another kind takes it).
fn refusal(key: &str, rule: &str, spec: Option<&KindSpec>) -> Option<String> {
    let Some(spec) = spec else {
        let all = crate::kinds::kinds().flat_map(|k| k.options.iter().map(|o| o.name));
        let options: Vec<&str> = COMMON_OPTIONS.iter().copied().chain(all).collect();
        if options.contains(&key) {
            return None;
        }
        return Some(match nearest(key, &options) {
            Some(near) => format!("{rule}: unknown field `{key}`, did you mean `{near}`?"),
            None => format!("{rule}: unknown field `{key}`"),
        });
    };
    let options: Vec<&str> = COMMON_OPTIONS
        .iter()
        .copied()
        .chain(spec.options.iter().map(|o| o.name))
        .collect();
    let kind = spec.name;
    if let Some(near) = nearest(key, &options) {
        return Some(format!(
            "{rule} (kind `{kind}`): unknown field `{key}`, did you mean `{near}`?"
        ));
    }
    let other_kind_takes = crate::kinds::kinds().any(|k| k.takes(key));
    Some(if other_kind_takes {
        format!(
            "{rule} (kind `{kind}`) does not take `{key}`; {}",
            what_it_takes(spec)
        )
    } else {
        format!(
            "{rule} (kind `{kind}`): unknown field `{key}`; {}",
            what_it_takes(spec)
        )
    })
}

/// The options a rule of kind `spec` takes: its own, then the common ones.
fn what_it_takes(spec: &KindSpec) -> String {
    let list = |names: &mut dyn Iterator<Item = &str>| {
        names.map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
    };
    let own = if spec.options.is_empty() {
        format!("`{}` takes no options of its own", spec.name)
    } else {
        format!(
            "`{}` takes: {}",
            spec.name,
            list(&mut spec.options.iter().map(|o| o.name))
        )
    };
    format!(
        "{own}; every rule takes: {}",
        list(&mut COMMON_OPTIONS.iter().copied())
    )
}

/// The message for a `kind` no kind is named, worded as serde words an unknown variant.
fn unknown_kind(name: &str) -> String {
    let names: Vec<&str> = crate::kinds::kinds().map(|k| k.name).collect();
    let list = names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    match nearest(name, &names) {
        Some(near) => format!("unknown variant `{name}`, expected one of {list}; did you mean `{near}`?"),
        None => format!("unknown variant `{name}`, expected one of {list}"),
    }
}

/// The first of `names` within two edits of `key` (and fewer edits than `key` has chars).
fn nearest<'n>(key: &str, names: &[&'n str]) -> Option<&'n str> {
    let chars = key.chars().count();
    names
        .iter()
        .map(|n| (edit_distance(key, n), *n))
        .filter(|&(d, _)| d <= 2 && d < chars)
        .min_by_key(|&(d, _)| d)
        .map(|(_, n)| n)
}

/// Levenshtein distance, in chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let next = (diagonal + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::{edit_distance, nearest};
    use crate::engine::load_sources;
    use crate::rules::{LoadError, RuleSource};

    /// The errors of a rule file holding `text`.
    fn errors(text: &str) -> Vec<LoadError> {
        load_sources(&[RuleSource::from_text("t.toml", text)])
            .err()
            .unwrap_or_default()
    }

    #[test]
    fn an_option_of_another_kind_is_refused_at_its_place_with_what_the_kind_takes() {
        let errs = errors(
            "[[rule]]\nid = \"x\"\ndoc = \"\"\nkind = \"pattern\"\naction = \"strip\"\npattern = 'a'\nmin_segments = 3\n",
        );
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!(
            errs[0].to_string(),
            "t.toml:7:1: rule `x` (kind `pattern`) does not take `min_segments`; `pattern` takes: `pattern`; \
             every rule takes: `id`, `doc`, `kind`, `action`, `at`, `within`, `max_line_chars`, `sites`, \
             `langs`, `enabled`, `repair`, `example`"
        );
        // Nor does a kind without options of its own take one.
        let errs = errors(
            "[[rule]]\nid = \"t\"\ndoc = \"\"\nkind = \"repeated-title\"\naction = \"drop-line\"\n  climb_levels = 2\n",
        );
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(errs[0].to_string().starts_with("t.toml:6:3: rule `t` (kind `repeated-title`) does not take `climb_levels`; `repeated-title` takes no options of its own; every rule takes: `id`"), "{errs:?}");
    }

    #[test]
    fn a_near_miss_says_which_option_it_is_a_slip_of() {
        let errs = errors(
            "[[rule]]\nid = \"x\"\ndoc = \"\"\nkind = \"keywords\"\nacton = \"strip\"\nterms = [\"a\"]\n\n\
             [[rule]]\nid = \"y\"\ndoc = \"\"\nkind = \"masthead\"\naction = \"drop-line\"\nterms = [\"报\"]\nmax_char = 9\n\n\
             [[rule]]\nid = \"z\"\ndoc = \"\"\nkind = \"keyword\"\naction = \"strip\"\n",
        );
        let messages: Vec<String> = errs.iter().map(LoadError::to_string).collect();
        let kinds: Vec<String> = crate::kinds::kinds().map(|k| format!("`{}`", k.name)).collect();
        assert_eq!(
            messages,
            [
                "t.toml:1:1: missing field `action`".to_string(),
                "t.toml:5:1: rule `x` (kind `keywords`): unknown field `acton`, did you mean `action`?".into(),
                "t.toml:14:1: rule `y` (kind `masthead`): unknown field `max_char`, did you mean `max_chars`?".into(),
                format!(
                    "t.toml:19:8: unknown variant `keyword`, expected one of {}; did you mean `keywords`?",
                    kinds.join(", ")
                ),
            ]
        );
    }

    #[test]
    fn a_rule_may_hold_every_common_option() {
        let text = "[[rule]]\nid = \"x\"\ndoc = \"\"\nkind = \"keywords\"\naction = \"strip\"\nterms = [\"a\"]\n\
                    at = \"head\"\nwithin = 3\nmax_line_chars = 9\nsites = [\"*.example.com\"]\nlangs = [\"zh\"]\nenabled = false\n\
                    repair = false\n\n[[rule.example]]\ninput = \"a\"\noutput = \"\"\n";
        assert_eq!(errors(text), []);
        for key in super::COMMON_OPTIONS {
            assert!(
                text.contains(&format!("\n{key} = ")) || text.contains(&format!("[rule.{key}]")),
                "{key}"
            );
        }
    }

    #[test]
    fn near_misses_are_within_two_edits() {
        assert_eq!(edit_distance("acton", "action"), 1);
        assert_eq!(edit_distance("pattren", "pattern"), 2);
        assert_eq!(edit_distance("", "id"), 2);
        assert_eq!(nearest("acton", &["id", "action", "at"]), Some("action"));
        // A one-char key is no slip of a two-char option.
        assert_eq!(nearest("x", &["id", "at"]), None);
        assert_eq!(nearest("colour", &["id", "action"]), None);
    }
}
