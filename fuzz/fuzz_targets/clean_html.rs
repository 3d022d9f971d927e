//! Any bytes clean as an HTML page without panicking, within the default limits.
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
    let c = newsclean::process::clean_bytes("page.html".as_ref(), data, rules(), &Default::default());
    assert_eq!(c.decoding.map(|d| d.format), Some(newsclean::model::Format::Html));
});
