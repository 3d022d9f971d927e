//! HTML extraction as data: every folder of `tests/pages/` is a case named after what it checks,
//! holding
//! - `page.html`, the page (cleaned with the default rules as a file named `page.html`);
//! - `expected.txt`, its exact clean text;
//! - optionally `expected.json`, what the page must give besides: any of `title`, `published`,
//!   `outlet`, `author` (`null`: none), and `dropped`, the rule ids of the elements the selector
//!   rules drop, in document order;
//! - optionally `README.md`, what the case checks and why.
//!
//! One test runs every case and reports each failing one with its expected and got blocks.
//! `UPDATE_EXPECTED=1 cargo test pages` rewrites `expected.txt` and the values `expected.json`
//! already names from what the code does now: read the diff before committing it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use newsclean::engine::{load_sources, RuleSet};
use newsclean::model::Doc;
use newsclean::process::clean_bytes;
use newsclean::rules::embedded_sources;
use serde_json::{Map, Value};

use crate::util::{default_rules, root};

/// The folder of the cases.
fn cases() -> PathBuf {
    root().join("tests/pages")
}

/// `html` cleaned with `rules` as a page named `page.html`.
fn clean_page(rules: &RuleSet, html: &[u8]) -> Doc {
    clean_bytes("page.html".as_ref(), html, rules, &Default::default())
}

/// What `got` gives for an `expected.json` key, or `None` for a key the harness does not know.
fn field(got: &Doc, key: &str) -> Option<Value> {
    let text = |v: &Option<String>| v.clone().map_or(Value::Null, Value::String);
    Some(match key {
        "title" => text(&got.meta.title),
        "published" => text(&got.meta.published),
        "outlet" => text(&got.meta.outlet),
        "author" => text(&got.meta.author),
        "dropped" => got
            .dropped
            .iter()
            .map(|d| Value::String(default_rules().rule(d.rule).id.clone()))
            .collect(),
        _ => return None,
    })
}

/// Checks one case (or rewrites its expected files when `update`); returns what is wrong.
fn check(dir: &Path, update: bool) -> Vec<String> {
    let mut wrong = Vec::new();
    let page = std::fs::read(dir.join("page.html")).expect("every case has a page.html");
    let got = clean_page(default_rules(), &page);
    if got.decoding.map(|d| d.format) != Some(newsclean::model::Format::Html) {
        wrong.push("the page was not read as HTML".to_string());
    }
    let text_file = dir.join("expected.txt");
    if update {
        std::fs::write(&text_file, &got.text).unwrap();
    } else {
        match std::fs::read_to_string(&text_file) {
            Ok(want) if want == got.text => {}
            Ok(want) => wrong.push(format!("text:\n--- expected\n{want}--- got\n{}---", got.text)),
            Err(e) => wrong.push(format!("expected.txt: {e}")),
        }
    }
    let json_file = dir.join("expected.json");
    let Ok(json) = std::fs::read_to_string(&json_file) else {
        return wrong;
    };
    let mut want: Map<String, Value> = serde_json::from_str(&json).expect("expected.json is an object");
    for (key, value) in &mut want {
        match field(&got, key) {
            None => wrong.push(format!("expected.json: unknown key {key:?}")),
            Some(have) if update => *value = have,
            Some(have) if have != *value => {
                wrong.push(format!("{key}:\n--- expected\n{value}\n--- got\n{have}\n---"));
            }
            Some(_) => {}
        }
    }
    if update {
        let pretty = serde_json::to_string_pretty(&want).unwrap();
        std::fs::write(&json_file, pretty + "\n").unwrap();
    }
    wrong
}

#[test]
fn every_page_cleans_to_its_expected_text_and_metadata() {
    let update = std::env::var_os("UPDATE_EXPECTED").is_some_and(|v| v == "1");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(cases())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(
        dirs.len() >= 30,
        "only {} cases in {}",
        dirs.len(),
        cases().display()
    );
    let mut report = String::new();
    let mut failed = 0;
    for dir in &dirs {
        let wrong = check(dir, update);
        if !wrong.is_empty() {
            failed += 1;
            let name = dir.file_name().unwrap().to_string_lossy();
            writeln!(report, "\n=== {name}\n{}", wrong.join("\n")).unwrap();
        }
    }
    assert!(
        failed == 0,
        "{failed} of {} cases failed (UPDATE_EXPECTED=1 rewrites the expected files):\n{report}",
        dirs.len()
    );
}

/// What a case folder cannot say: with the lead's walk off (`lead_levels = 0`), the lead set in
/// the page header of `a_lead_paragraph_set_in_the_page_header_joins_the_article` is left out.
#[test]
fn with_the_leads_walk_off_the_lead_in_the_page_header_is_left_out() {
    let case = cases().join("a_lead_paragraph_set_in_the_page_header_joins_the_article");
    let page = std::fs::read(case.join("page.html")).unwrap();
    let lead = "The harbour reopened";
    assert!(clean_page(default_rules(), &page).text.contains(lead));
    let mut rules = load_sources(&embedded_sources()).unwrap();
    let i = rules
        .rules
        .iter()
        .position(|r| r.id == "html.main-content")
        .unwrap();
    let mut params = rules.rules[i].kind.main_content().unwrap().clone();
    params.options.lead_levels = 0;
    rules.rules[i].kind = std::sync::Arc::new(newsclean::kinds::main_content::MainContent::new(params));
    let got = clean_page(&rules, &page);
    assert!(!got.text.contains(lead), "{}", got.text);
}
