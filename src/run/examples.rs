//! Runs the examples that rules carry: each through the whole pipeline with only its rule on.

use crate::clean::{clean_page, clean_text};
use crate::engine::decide::layout;
use crate::engine::RuleSet;
use crate::rules::Example;

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
            let (expected, got) = run_example(&alone, rule.kind.html_only(), ex);
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

/// What `ex` promises and what cleaning with `alone` (its rule only) made of it: the clean text
/// (for an HTML kind's kept page, the elements dropped), then each metadata field it names.
fn run_example(alone: &RuleSet, html: bool, ex: &Example) -> (String, String) {
    let (mut expected, mut got, meta) = if html {
        // An HTML example: `output` is the page's clean text; `keep` means no element dropped.
        let page = clean_page(alone, &ex.input, &[]);
        let meta = page.outcome.meta;
        match &ex.output {
            Some(out) => (layout(out), page.outcome.text, meta),
            None => {
                let dropped = page
                    .dropped
                    .iter()
                    .map(|d| format!("dropped {}\n", d.path))
                    .collect();
                (String::new(), dropped, meta)
            }
        }
    } else {
        let out = clean_text(alone, ex.input.clone(), &[]);
        (
            layout(ex.output.as_deref().unwrap_or(&ex.input)),
            out.text,
            out.meta,
        )
    };
    let fields = [
        ("title", &ex.meta.title, meta.title),
        ("published", &ex.meta.published, meta.published),
        ("outlet", &ex.meta.outlet, meta.outlet),
        ("author", &ex.meta.author, meta.author),
    ];
    for (name, want, have) in fields {
        if let Some(want) = want {
            expected.push_str(&format!("{name}: {want}\n"));
            got.push_str(&format!("{name}: {}\n", have.unwrap_or_default()));
        }
    }
    (expected, got)
}
