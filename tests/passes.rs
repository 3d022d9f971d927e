//! The seam for corpus-wide passes: a pass sees every document, then removes from each what it
//! learned from all, and the removal is recorded like any rule's.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use newsclean::engine::load_sources;
use newsclean::model::{Action, Doc, Removal, RuleId};
use newsclean::passes::CorpusPass;
use newsclean::read::Limits;
use newsclean::rules::sources_from_path;
use newsclean::run::clean::{run_with_passes, Config, OutputFormat};
use newsclean::write::dolma::DolmaOptions;

use crate::util::manifest;

/// Removes every line that two or more documents share word for word.
struct SharedLines {
    rule: RuleId,
    seen: HashMap<String, usize>,
    shared: HashSet<String>,
}

impl CorpusPass for SharedLines {
    fn observe(&mut self, doc: &Doc) {
        let lines: HashSet<&str> = doc.text.lines().collect();
        for line in lines {
            *self.seen.entry(line.to_string()).or_default() += 1;
        }
    }

    fn reduce(&mut self) {
        self.shared = self
            .seen
            .iter()
            .filter(|(_, &n)| n >= 2)
            .map(|(l, _)| l.clone())
            .collect();
    }

    fn removals(&self, doc: &Doc) -> Vec<Removal> {
        let mut at = 0;
        let mut out = Vec::new();
        for line in doc.source_text.split_inclusive('\n') {
            if self.shared.contains(line.trim()) {
                out.push(Removal {
                    rule: self.rule,
                    action: Action::DropLine,
                    span: at..at + line.len(),
                });
            }
            at += line.len();
        }
        out
    }
}

fn config(input: &Path, out: &Path) -> Config {
    Config {
        inputs: vec![input.to_path_buf()],
        out: out.to_path_buf(),
        jobs: 2,
        limits: Limits::default(),
        resume: false,
        stop: Arc::new(AtomicBool::new(false)),
        format: OutputFormat::Text,
        shard: None,
        dolma: DolmaOptions {
            source: "t".into(),
            added: "2024-01-01T00:00:00Z".into(),
            keep_rejected: false,
        },
        part_docs: 10,
    }
}

#[test]
fn a_corpus_pass_removes_what_it_learned_from_every_document() {
    let tmp = tempfile::tempdir().unwrap();
    let rules_file = tmp.path().join("corpus.toml");
    std::fs::write(
        &rules_file,
        "[[rule]]\nid = \"corpus.shared-line\"\ndoc = \"lines many documents share\"\nkind = \"keywords\"\naction = \"drop-line\"\nterms = [\"never-in-these-texts\"]\n",
    )
    .unwrap();
    let rules = load_sources(&sources_from_path(&rules_file).unwrap()).unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    let footer = "晨光周报版权所有，转载须注明出处";
    for (name, body) in [
        ("a.txt", "城东新区的公园本周开放。"),
        ("b.txt", "市图书馆延长了周末开放时间。"),
        ("c.txt", "今年的早稻收成比去年好。"),
    ] {
        std::fs::write(input.join(name), format!("{body}\n{footer}\n")).unwrap();
    }
    let with = |passes: Vec<Box<dyn CorpusPass>>, out: &str| {
        let out = tmp.path().join(out);
        run_with_passes(&config(&input, &out), &rules, passes, &|_| ()).unwrap();
        out
    };
    let plain = with(Vec::new(), "plain");
    assert!(std::fs::read_to_string(plain.join("a.txt"))
        .unwrap()
        .contains(footer));
    let pass = SharedLines {
        rule: RuleId(0),
        seen: HashMap::new(),
        shared: HashSet::new(),
    };
    let out = with(vec![Box::new(pass)], "passed");
    for name in ["a.txt", "b.txt", "c.txt"] {
        let text = std::fs::read_to_string(out.join(name)).unwrap();
        assert!(
            !text.contains(footer) && text.lines().count() == 1,
            "{name}: {text}"
        );
    }
    let m = manifest(&out);
    assert_eq!(m.len(), 3);
    for r in &m {
        let removals = r["removals"].as_array().unwrap();
        assert_eq!(removals.len(), 1, "{r}");
        assert_eq!(removals[0]["rule"], "corpus.shared-line");
        assert_eq!(removals[0]["text"], format!("{footer}\n"));
    }
}
