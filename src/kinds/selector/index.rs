//! Selector rules matched element by element. A rule's selector list is split into its
//! alternatives, and each alternative carries a necessary condition read off its last compound
//! (an element name, or an attribute it needs and a string its value holds), so that most
//! elements are tested against a few alternatives, not against every alternative of every rule.
//! Alternatives with the same condition share one test of it per element.

use scraper::{ElementRef, Selector};

/// What an element needs for an alternative to have a chance.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Needs {
    Name(String),
    /// An attribute, and a string its value holds (ASCII case aside): `[style*="display:none"]`
    /// needs `style` holding `display:none`, `.ad` needs `class` holding `ad`.
    Attribute {
        name: String,
        holds: String,
    },
    Nothing,
}

/// Whether `text` holds `part` (lower case), ASCII case aside. Attribute values are nearly always
/// lower case already: one `memmem` search, and a lower-cased copy only for the others.
fn contains_ignore_ascii_case(text: &str, part: &str) -> bool {
    if memchr::memmem::find(text.as_bytes(), part.as_bytes()).is_some() {
        return true;
    }
    text.bytes().any(|b| b.is_ascii_uppercase())
        && memchr::memmem::find(text.to_ascii_lowercase().as_bytes(), part.as_bytes()).is_some()
}

#[derive(Debug, Clone)]
struct Alternative {
    rule: usize,
    selector: Selector,
}

/// Alternatives (their indexes, ascending) by a string: an element name, or what a value holds.
type Groups = Vec<(String, Vec<usize>)>;

/// The alternatives of every enabled selector rule, in rule order, grouped by their condition.
/// Each group lists its alternatives' indexes in ascending order.
#[derive(Debug, Clone, Default)]
pub struct SelectorIndex {
    alternatives: Vec<Alternative>,
    by_name: Groups,
    /// Per attribute name, per string its value must hold.
    by_attribute: Vec<(String, Groups)>,
    always: Vec<usize>,
}

impl SelectorIndex {
    /// `rules`: (rule index, selector as written), in rule order. The selectors have parsed
    /// whole, so each alternative parses too; one that does not (never seen) is kept as the
    /// whole list with no condition.
    pub fn new<'a>(rules: impl IntoIterator<Item = (usize, &'a str, &'a Selector)>) -> SelectorIndex {
        fn group<K: PartialEq, V: Default>(groups: &mut Vec<(K, V)>, key: K) -> &mut V {
            let at = match groups.iter().position(|(k, _)| *k == key) {
                Some(at) => at,
                None => {
                    groups.push((key, V::default()));
                    groups.len() - 1
                }
            };
            &mut groups[at].1
        }
        let mut index = SelectorIndex::default();
        for (rule, css, whole) in rules {
            let parts = split_top_level(css, ',');
            let parsed: Option<Vec<(Needs, Selector)>> = parts
                .iter()
                .map(|part| Some((needs(part), Selector::parse(part).ok()?)))
                .collect();
            for (need, selector) in parsed.unwrap_or_else(|| vec![(Needs::Nothing, whole.clone())]) {
                let at = index.alternatives.len();
                index.alternatives.push(Alternative { rule, selector });
                match need {
                    Needs::Name(n) => group(&mut index.by_name, n).push(at),
                    Needs::Attribute { name, holds } => {
                        group(group(&mut index.by_attribute, name), holds).push(at)
                    }
                    Needs::Nothing => index.always.push(at),
                }
            }
        }
        index
    }

    /// The first rule, in rule order, among those `applies` admits, whose selector matches `el`.
    pub fn first_match(&self, el: ElementRef, applies: &dyn Fn(usize) -> bool) -> Option<usize> {
        let e = el.value();
        // The first alternative of each group whose condition holds, before the best so far.
        let mut best: Option<usize> = None;
        let mut consider = |members: &[usize]| {
            let found = members
                .iter()
                .take_while(|&&at| best.is_none_or(|b| at < b))
                .find(|&&at| {
                    let a = &self.alternatives[at];
                    applies(a.rule) && a.selector.matches(&el)
                });
            if let Some(&at) = found {
                best = Some(at);
            }
        };
        let name = e.name();
        for (n, members) in &self.by_name {
            if name.eq_ignore_ascii_case(n) {
                consider(members);
            }
        }
        // One pass over the element's attributes for every attribute condition.
        for (key, value) in e.attrs() {
            for (attribute, by_value) in &self.by_attribute {
                if key.eq_ignore_ascii_case(attribute) {
                    for (holds, members) in by_value {
                        if contains_ignore_ascii_case(value, holds) {
                            consider(members);
                        }
                    }
                }
            }
        }
        consider(&self.always);
        best.map(|at| self.alternatives[at].rule)
    }
}

/// Byte offsets of the chars of `css` for which `at` holds, outside brackets, parentheses and
/// quotes.
fn top_level(css: &str, at: impl Fn(char) -> bool) -> Vec<usize> {
    let mut found = Vec::new();
    let (mut depth, mut quote) = (0i32, None);
    for (i, c) in css.char_indices() {
        match (quote, c) {
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '(' | '[') => depth += 1,
            (None, ')' | ']') => depth -= 1,
            (None, _) if depth == 0 && at(c) => found.push(i),
            _ => {}
        }
    }
    found
}

/// `css` split at `sep` where it is outside brackets, parentheses and quotes.
pub fn split_top_level(css: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    for i in top_level(css, |c| c == sep) {
        parts.push(css[start..i].trim());
        start = i + sep.len_utf8();
    }
    parts.push(css[start..].trim());
    parts
}

/// The condition an alternative's last compound sets: its element name, else the first
/// attribute it tests. Escapes and namespaces are not read: such an alternative needs nothing.
fn needs(alternative: &str) -> Needs {
    if alternative.contains(['\\', '|']) {
        return Needs::Nothing;
    }
    // The last compound starts after the last combinator (all one byte).
    let start = top_level(alternative, |c| matches!(c, ' ' | '\t' | '\n' | '>' | '+' | '~'))
        .last()
        .map_or(0, |&i| i + 1);
    let compound = &alternative[start..];
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
            .collect::<String>()
            .to_ascii_lowercase()
    };
    let name = ident(compound);
    if !name.is_empty() {
        return Needs::Name(name);
    }
    // The first attribute test at the compound's own level, not one inside `:not(…)`.
    let mut depth = 0;
    for (i, c) in compound.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            '[' if depth == 0 => {
                let inside = compound[i + 1..].trim_start();
                let name = ident(inside);
                if name.is_empty() {
                    return Needs::Nothing;
                }
                let holds = attribute_value(inside[name.len()..].trim_start());
                return Needs::Attribute { name, holds };
            }
            '.' if depth == 0 => {
                let holds = ident(&compound[i + 1..]);
                return Needs::Attribute {
                    name: "class".into(),
                    holds,
                };
            }
            '#' if depth == 0 => {
                let holds = ident(&compound[i + 1..]);
                return Needs::Attribute {
                    name: "id".into(),
                    holds,
                };
            }
            _ => {}
        }
    }
    Needs::Nothing
}

/// The value an attribute test compares with (`="v"`, `*='v'`, `^=v`, …), lower-cased: every
/// operator's match holds it. Empty for a bare `[attr]`.
fn attribute_value(after_name: &str) -> String {
    let Some(rest) = ["*=", "^=", "$=", "~=", "="]
        .iter()
        .find_map(|op| after_name.strip_prefix(op))
    else {
        return String::new();
    };
    let rest = rest.trim_start();
    let value = match rest.chars().next() {
        Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or(""),
        _ => rest
            .split(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '_')))
            .next()
            .unwrap_or(""),
    };
    value.to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alternatives_split_outside_brackets_and_quotes() {
        assert_eq!(
            split_top_level(r#"a, p:not(.x, .y), [title="a,b"], div > span"#, ','),
            vec!["a", "p:not(.x, .y)", r#"[title="a,b"]"#, "div > span"]
        );
    }

    #[test]
    fn the_last_compound_sets_the_condition() {
        let n = |s: &str| Needs::Name(s.into());
        let a = |name: &str, holds: &str| Needs::Attribute {
            name: name.into(),
            holds: holds.into(),
        };
        for (css, want) in [
            ("script", n("script")),
            ("figure:not(:has(table))", n("figure")),
            ("div > SPAN.x", n("span")),
            (r#"[style*="display:none"]"#, a("style", "display:none")),
            (r#":not(html):not(body)[class*="Caption"]"#, a("class", "caption")),
            ("[hidden]", a("hidden", "")),
            ("[data-x = 'a b']", a("data-x", "a b")),
            ("[lang|=en]", Needs::Nothing),
            ("[lang^=EN]", a("lang", "en")),
            (".ad", a("class", "ad")),
            ("ul #menu", a("id", "menu")),
            ("*", Needs::Nothing),
            (":not([hidden])", Needs::Nothing),
            ("svg|a", Needs::Nothing),
        ] {
            assert_eq!(needs(css), want, "{css}");
        }
    }

    #[test]
    fn the_default_rules_pick_as_their_whole_selectors_do() {
        let set = crate::engine::load_sources(&crate::rules::embedded_sources()).unwrap();
        let whole: Vec<(usize, &Selector)> = set
            .rules
            .iter()
            .enumerate()
            .filter_map(|(i, r)| Some((i, r.kind.selector().filter(|_| r.enabled)?.selector)))
            .collect();
        let html = r#"<html><body class="Caption"><main class="credit">
<div STYLE="Display:None">a</div><div style="color:red; font-size: 0">b</div>
<p class="photo-Credit x" hidden>c</p><span aria-hidden="TRUE">d</span><span aria-hidden="true">e</span>
<figure><figcaption>f</figcaption></figure><figure><table><tr><td>g</td></tr></table></figure>
<div class="img-caption"><svg><rect/></svg><button>h</button></div><p style="left: -9999px">i</p>
<article class="caption">j</article><section id="credit"><SCRIPT>k</SCRIPT></section>
</main></body></html>"#;
        let doc = scraper::Html::parse_document(html);
        let mut picked = 0;
        for node in doc.tree.nodes() {
            let Some(el) = ElementRef::wrap(node) else {
                continue;
            };
            let want = whole.iter().find(|(_, s)| s.matches(&el)).map(|(i, _)| *i);
            picked += usize::from(want.is_some());
            assert_eq!(
                set.selectors().first_match(el, &|_| true),
                want,
                "{:?}",
                el.value()
            );
        }
        assert!(picked >= 10, "{picked}");
    }

    #[test]
    fn the_first_matching_rule_wins_as_with_whole_selectors() {
        let html = r#"<html><body><div class="x caption" hidden><figure><img></figure></div>
<p style="display:none">a</p><span>b</span></body></html>"#;
        let doc = scraper::Html::parse_document(html);
        let rules = [
            (0, "figure:not(:has(table)), p"),
            (1, r#"[hidden], [style*="display:none"]"#),
            (2, r#":not(html):not(body)[class*="caption"], span"#),
        ];
        let parsed: Vec<(usize, &str, Selector)> = rules
            .iter()
            .map(|&(i, css)| (i, css, Selector::parse(css).unwrap()))
            .collect();
        let index = SelectorIndex::new(parsed.iter().map(|(i, css, s)| (*i, *css, s)));
        for node in doc.tree.nodes() {
            let Some(el) = ElementRef::wrap(node) else {
                continue;
            };
            let whole = parsed.iter().find(|(_, _, s)| s.matches(&el)).map(|(i, _, _)| *i);
            assert_eq!(index.first_match(el, &|_| true), whole, "{:?}", el.value());
        }
        let div = doc.select(&Selector::parse("div").unwrap()).next().unwrap();
        assert_eq!(index.first_match(div, &|r| r != 1), Some(2));
    }
}
