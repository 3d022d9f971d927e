//! Properties the pipeline keeps on the seeds: disjoint in-bounds spans, idempotence, and a
//! rule-less run that only lays text out.

use newsclean::clean::clean_text;
use newsclean::engine::decide::layout;
use newsclean::engine::RuleSet;

use crate::util::{default_rules, seeds};

#[test]
fn removals_are_sorted_disjoint_and_on_char_boundaries() {
    let rules = default_rules();
    for (name, bytes) in seeds() {
        let out = clean_text(rules, String::from_utf8(bytes).unwrap(), &[]);
        let mut end = 0;
        for r in &out.removals {
            assert!(
                r.span.start >= end && r.span.start < r.span.end,
                "{name}: {:?}",
                r.span
            );
            assert!(out.source.is_char_boundary(r.span.start) && out.source.is_char_boundary(r.span.end));
            assert!(r.span.end <= out.source.len());
            end = r.span.end;
        }
    }
}

#[test]
fn cleaning_clean_text_again_removes_nothing() {
    let rules = default_rules();
    for (name, bytes) in seeds() {
        let once = clean_text(rules, String::from_utf8(bytes).unwrap(), &[]);
        let twice = clean_text(rules, once.text.clone(), &[]);
        let what: Vec<String> = twice
            .removals
            .iter()
            .map(|r| format!("{} {:?}", rules.rule(r.rule).id, &twice.source[r.span.clone()]))
            .collect();
        assert!(what.is_empty(), "{name}: {what:?}");
        assert_eq!(twice.text, once.text);
        assert_eq!(twice.meta.title, once.meta.title, "{name}");
    }
}

#[test]
fn no_rules_means_layout_only() {
    let none = RuleSet::new(Vec::new(), String::new());
    for (name, bytes) in seeds() {
        let text = String::from_utf8(bytes).unwrap();
        let out = clean_text(&none, text.clone(), &[]);
        assert!(out.removals.is_empty(), "{name}");
        assert_eq!(out.text, layout(&text), "{name}");
    }
}
