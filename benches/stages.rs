//! Stage-level benchmarks (divan): decode, the matching view, keyword matching, HTML parsing
//! (the floor under extraction) and extraction, and one text dump through every rule. Inputs are the seeds (as GBK for decoding)
//! and a Chinese news page from the fuzz corpus.
//!
//!     cargo bench --bench stages

use std::sync::OnceLock;

use divan::{black_box, Bencher};
use newsclean::engine::keywords::keyword_hits;
use newsclean::engine::load_sources;
use newsclean::engine::RuleSet;
use newsclean::model::Prepared;
use newsclean::model::SourceText;
use newsclean::rules::embedded_sources;
use newsclean::text::normalize::View;

fn main() {
    divan::main();
}

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| load_sources(&embedded_sources()).expect("default rules load"))
}

/// All seeds, one after another: about 60 KB of polluted Chinese text.
fn seed_text() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        names.sort();
        names
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect()
    })
}

fn page() -> &'static str {
    static PAGE: OnceLock<String> = OnceLock::new();
    PAGE.get_or_init(|| {
        let bytes = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fuzz/corpus/clean_html/people.html"
        ))
        .unwrap();
        newsclean::read::decode::decode(&bytes, None).text
    })
}

#[divan::bench]
fn decode_gbk(b: Bencher) {
    let (gbk, _, _) = encoding_rs::GBK.encode(seed_text());
    let gbk = gbk.into_owned();
    b.counter(divan::counter::BytesCount::new(gbk.len()))
        .bench(|| newsclean::read::decode::decode(black_box(&gbk), None));
}

#[divan::bench]
fn decode_utf8(b: Bencher) {
    let bytes = seed_text().as_bytes();
    b.counter(divan::counter::BytesCount::new(bytes.len()))
        .bench(|| newsclean::read::decode::decode(black_box(bytes), None));
}

#[divan::bench]
fn normalize_view(b: Bencher) {
    let text = seed_text();
    b.counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| View::new(black_box(text)));
}

#[divan::bench]
fn keyword_matching(b: Bencher) {
    let text = seed_text();
    let rules = rules();
    // A fresh view each time: the hits are found once per view and then kept.
    b.counter(divan::counter::BytesCount::new(text.len()))
        .with_inputs(|| Prepared::new(SourceText::new(text.to_string())))
        .bench_local_refs(|p| keyword_hits(rules, black_box(p), &|_| true).len());
}

/// The parse alone (scraper, html5ever): the floor under `html_extraction`.
#[divan::bench]
fn html_parse(b: Bencher) {
    let html = page();
    b.counter(divan::counter::BytesCount::new(html.len()))
        .bench(|| scraper::Html::parse_document(black_box(html)));
}

/// The parse of the page with its script and style bodies cut, as `html_extraction` parses it.
#[divan::bench]
fn html_parse_shortened(b: Bencher) {
    let html =
        newsclean::html::guard::shorten(page(), &["script", "style"], newsclean::html::DROPPED_TEXT_CHARS);
    b.counter(divan::counter::BytesCount::new(page().len()))
        .bench(|| scraper::Html::parse_document(black_box(&html)));
}

#[divan::bench]
fn html_extraction(b: Bencher) {
    let html = page();
    let rules = rules();
    b.counter(divan::counter::BytesCount::new(html.len())).bench(|| {
        let mut sites = Vec::new();
        newsclean::html::extract(black_box(html), rules, &mut sites)
    });
}

#[divan::bench]
fn clean_text_all_rules(b: Bencher) {
    let text = seed_text();
    let rules = rules();
    b.counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| newsclean::clean::clean_text(rules, black_box(text).to_string(), &[]));
}

#[divan::bench]
fn load_default_rules() -> RuleSet {
    load_sources(&embedded_sources()).expect("default rules load")
}
