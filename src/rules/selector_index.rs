//! Selector rules matched element by element. A rule's selector list is split into its
//! alternatives, and each alternative carries a necessary condition read off its last compound
//! (an element name or an attribute it needs), so that most elements are tested against a few
//! alternatives, not against every alternative of every rule.

use scraper::{ElementRef, Selector};

/// What an element needs for an alternative to have a chance.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Needs {
    Name(String),
    Attribute(String),
    Nothing,
}

#[derive(Debug, Clone)]
struct Alternative {
    rule: usize,
    needs: Needs,
    selector: Selector,
}

/// The alternatives of every enabled selector rule, in rule order.
#[derive(Debug, Clone, Default)]
pub struct SelectorIndex {
    alternatives: Vec<Alternative>,
}

impl SelectorIndex {
    /// `rules`: (rule index, selector as written), in rule order. The selectors have parsed
    /// whole, so each alternative parses too; one that does not (never seen) is kept as the
    /// whole list with no condition.
    pub fn new<'a>(rules: impl IntoIterator<Item = (usize, &'a str, &'a Selector)>) -> SelectorIndex {
        let mut alternatives = Vec::new();
        for (rule, css, whole) in rules {
            let parts = split_top_level(css, ',');
            let parsed: Option<Vec<Alternative>> = parts
                .iter()
                .map(|part| {
                    Some(Alternative {
                        rule,
                        needs: needs(part),
                        selector: Selector::parse(part).ok()?,
                    })
                })
                .collect();
            alternatives.extend(parsed.unwrap_or_else(|| {
                vec![Alternative {
                    rule,
                    needs: Needs::Nothing,
                    selector: whole.clone(),
                }]
            }));
        }
        SelectorIndex { alternatives }
    }

    /// The first rule, in rule order, among those `applies` admits, whose selector matches `el`.
    pub fn first_match(&self, el: ElementRef, applies: &dyn Fn(usize) -> bool) -> Option<usize> {
        let e = el.value();
        self.alternatives
            .iter()
            .filter(|a| match &a.needs {
                Needs::Name(n) => e.name().eq_ignore_ascii_case(n),
                Needs::Attribute(n) => e.attrs().any(|(k, _)| k.eq_ignore_ascii_case(n)),
                Needs::Nothing => true,
            })
            .find(|a| applies(a.rule) && a.selector.matches(&el))
            .map(|a| a.rule)
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
                let attr = ident(compound[i + 1..].trim_start());
                return if attr.is_empty() {
                    Needs::Nothing
                } else {
                    Needs::Attribute(attr)
                };
            }
            '.' if depth == 0 => return Needs::Attribute("class".into()),
            '#' if depth == 0 => return Needs::Attribute("id".into()),
            _ => {}
        }
    }
    Needs::Nothing
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
        let a = |s: &str| Needs::Attribute(s.into());
        for (css, want) in [
            ("script", n("script")),
            ("figure:not(:has(table))", n("figure")),
            ("div > SPAN.x", n("span")),
            (r#"[style*="display:none"]"#, a("style")),
            (r#":not(html):not(body)[class*="caption"]"#, a("class")),
            (".ad", a("class")),
            ("ul #menu", a("id")),
            ("*", Needs::Nothing),
            (":not([hidden])", Needs::Nothing),
            ("svg|a", Needs::Nothing),
        ] {
            assert_eq!(needs(css), want, "{css}");
        }
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
