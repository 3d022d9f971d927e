//! Runs the examples that rules carry: each through the whole pipeline with only its rule on.

use crate::clean::{clean_page, clean_text};
use crate::engine::decide::layout;
use crate::engine::RuleSet;

/// An example whose clean text differs from what it promises.
#[derive(Debug)]
pub struct ExampleFailure {
    /// The rule's id.
    pub rule: String,
    /// `file:line` of the example.
    pub place: String,
    /// The example's input.
    pub input: String,
    /// The clean text it promises (for a kept page: no element dropped).
    pub expected: String,
    /// What cleaning made of it.
    pub got: String,
}

/// Runs every example of every rule (enabled or not); returns how many passed and the failures.
pub fn run_examples(set: &RuleSet) -> (usize, Vec<ExampleFailure>) {
    let mut passed = 0;
    let mut failures = Vec::new();
    for (i, rule) in set.rules.iter().enumerate() {
        if rule.examples.is_empty() {
            continue;
        }
        let alone = set.only(i);
        let file = rule
            .origin
            .rsplit_once(':')
            .map_or(rule.origin.as_str(), |(f, _)| f);
        for ex in &rule.examples {
            let (expected, got) = match rule.kind.html_only() {
                // An HTML example: `output` is the page's clean text; `keep` means no element dropped.
                true => {
                    let page = clean_page(&alone, &ex.input, &[]);
                    match &ex.output {
                        Some(out) => (layout(out), page.outcome.text),
                        None => (
                            String::new(),
                            page.dropped
                                .iter()
                                .map(|d| format!("dropped {}\n", d.path))
                                .collect(),
                        ),
                    }
                }
                false => (
                    layout(ex.output.as_deref().unwrap_or(&ex.input)),
                    clean_text(&alone, ex.input.clone(), &[]).text,
                ),
            };
            if got == expected {
                passed += 1;
            } else {
                failures.push(ExampleFailure {
                    rule: rule.id.clone(),
                    place: format!("{file}:{}", ex.line),
                    input: ex.input.clone(),
                    expected,
                    got,
                });
            }
        }
    }
    (passed, failures)
}
