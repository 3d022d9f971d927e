//! The default rule packs: every rule documented and carrying both kinds of example.

use newsclean::rules::examples::run_examples;
use newsclean::rules::load::embedded_sources;
use newsclean::rules::load_sources;

#[test]
fn every_default_rule_has_a_doc_a_removal_example_and_a_keep_example() {
    let rules = load_sources(&embedded_sources()).unwrap();
    for r in &rules.rules {
        assert!(!r.doc.trim().is_empty(), "{} has no doc", r.id);
        assert!(
            r.examples
                .iter()
                .any(|e| !e.keep && e.output.as_deref() != Some(e.input.as_str())),
            "{} has no removal example",
            r.id
        );
        assert!(r.examples.iter().any(|e| e.keep), "{} has no keep example", r.id);
    }
}

#[test]
fn every_default_example_passes() {
    let rules = load_sources(&embedded_sources()).unwrap();
    let (passed, failures) = run_examples(&rules);
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(passed >= 2 * rules.rules.len());
}
