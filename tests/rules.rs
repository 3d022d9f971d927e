//! The default rule packs: every rule documented and carrying both kinds of example.

use newsclean::engine::{load_sources, RuleSet};
use newsclean::run::examples::run_examples;

use crate::util::default_rules;

/// The rules of a rule file holding `toml`, loaded as `--rules FILE` loads them.
fn rules_from_file(toml: &str) -> RuleSet {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("test.toml");
    std::fs::write(&path, toml).unwrap();
    load_sources(&newsclean::rules::sources_from_path(&path).unwrap()).unwrap()
}

#[test]
fn every_default_rule_has_a_doc_a_removal_example_and_a_keep_example() {
    let rules = default_rules();
    for r in &rules.rules {
        assert!(!r.doc.trim().is_empty(), "{} has no doc", r.id);
        assert!(r.examples.iter().any(|e| e.keep), "{} has no keep example", r.id);
        if r.kind.vocabulary().is_some() {
            // A metadata rule removes nothing: its examples say what it reads.
            let reads = |e: &&newsclean::rules::Example| e.meta != Default::default();
            assert!(
                r.examples.iter().filter(reads).count() >= 2,
                "{} has no metadata examples",
                r.id
            );
            continue;
        }
        assert!(
            r.examples
                .iter()
                .any(|e| !e.keep && e.output.as_deref() != Some(e.input.as_str())),
            "{} has no removal example",
            r.id
        );
    }
}

#[test]
fn every_default_example_passes() {
    let rules = default_rules();
    let (passed, failures) = run_examples(rules);
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(passed >= 2 * rules.rules.len());
}

#[test]
fn a_place_a_confirmed_headline_starts_with_is_the_storys_not_an_injected_brand() {
    use newsclean::clean::clean_text;
    // The page says its headline twice (`<title>` and its own line); the story repeats the
    // place it starts with at paragraph starts and after commas, as injected brands are.
    let dump = "欢迎光临东湖观察网 设为首页 | 收藏本站\n\
        内蒙古延续部分到期税收优惠政策助企纾困预计4年为纳税人减负_内蒙古自治区政府门户网站\n\
        首页 | 新闻 | 政务 | 服务\n\
        内蒙古延续部分到期税收优惠政策助企纾困\n\
        内蒙古自治区财政厅传出最新消息，内蒙古决定延续2021年底到期的税收优惠政策执行时限。\n\
        内蒙古各地税务部门随即行动起来，内蒙古的企业将因此减轻负担。\n\
        内蒙古将持续优化营商环境，内蒙古民营经济有望加快发展。\n\
        内蒙古财政厅表示，政策预计4年为纳税人减负180亿元。\n\
        爱上内蒙古\n\
        印象内蒙古\n\
        主办单位：内蒙古自治区人民政府办公厅\n";
    let out = clean_text(default_rules(), dump.into(), &[]);
    assert_eq!(
        out.meta.title.as_deref(),
        Some("内蒙古延续部分到期税收优惠政策助企纾困")
    );
    for line in dump.lines().skip(3).take(5) {
        assert!(out.text.contains(line), "{line} lost: {}", out.text);
    }
}

#[test]
fn rules_with_langs_apply_only_to_documents_in_those_languages() {
    use newsclean::clean::clean_text;
    let rules = rules_from_file(
        "[[rule]]\nid = \"en.footer\"\ndoc = \"\"\nkind = \"keywords\"\naction = \"drop-line\"\nterms = [\"Read more\", \"更多\"]\nlangs = [\"en\"]\n",
    );
    let english = "The harbour reopened on Monday after the storm had passed over the town.\nRead more\n";
    let cleaned = clean_text(&rules, english.into(), &[]);
    assert_eq!(cleaned.meta.lang.as_deref(), Some("en"));
    assert!(!cleaned.text.contains("Read more"), "{}", cleaned.text);
    let chinese = "港口在风暴过后于周一重新开放，市民纷纷前往海边散步。\n更多\nRead more\n";
    let kept = clean_text(&rules, chinese.into(), &[]);
    assert_eq!(kept.meta.lang.as_deref(), Some("zh"));
    assert_eq!(kept.text, chinese);
}

#[test]
fn rules_with_sites_apply_only_to_those_sources() {
    use newsclean::clean::{clean_page, clean_text};
    let rules = rules_from_file(
        "[[rule]]\nid = \"site.footer\"\ndoc = \"\"\nkind = \"keywords\"\naction = \"drop-line\"\nterms = [\"本站专稿\"]\nsites = [\"*.nbd.com.cn\", \"每日经济新闻\"]\n",
    );
    let text = "正文第一段。\n本站专稿\n";
    assert_eq!(
        clean_text(&rules, text.into(), &[]).text,
        "正文第一段。\n本站专稿\n"
    );
    assert_eq!(
        clean_text(&rules, text.into(), &["www.nbd.com.cn".into()]).text,
        "正文第一段。\n"
    );
    // The outlet named in the text counts as a site name.
    let sourced = "来源：每日经济新闻\n正文第一段。\n本站专稿\n";
    assert!(!clean_text(&rules, sourced.into(), &[]).text.contains("本站专稿"));
    // So does the host of an HTML page's canonical URL.
    let page = |host: &str| {
        format!("<html><head><link rel=\"canonical\" href=\"https://{host}/a.html\"></head><body><p>正文第一段。</p><p>本站专稿</p></body></html>")
    };
    assert!(!clean_page(&rules, &page("www.nbd.com.cn"), &[])
        .outcome
        .text
        .contains("本站专稿"));
    assert!(clean_page(&rules, &page("www.example.com"), &[])
        .outcome
        .text
        .contains("本站专稿"));
}

/// Stripping words shortens lines: a line rule bounded by `max_line_chars` that did not apply
/// before may apply now, and what it leaves may let another apply in turn. Only the lines that
/// changed are searched again, yet every round's finds must be what a full clean of the clean
/// text would find, so that a second clean removes nothing.
#[test]
fn rounds_after_removals_find_what_shortened_lines_now_hold() {
    use newsclean::clean::clean_text;
    let rules = rules_from_file(
        r#"
[[rule]]
id = "t.brand"
doc = ""
kind = "keywords"
action = "strip"
terms = ["必一运动"]

[[rule]]
id = "t.hotline"
doc = ""
kind = "pattern"
action = "strip"
pattern = '[ \t]*热线[:：]\d{3}-\d{4}'
max_line_chars = 16

[[rule]]
id = "t.short-label"
doc = ""
kind = "pattern"
action = "drop-line"
pattern = '^[^\n。]{0,6}专稿[ \t]*$'
max_line_chars = 8
"#,
    );
    // Line 2 is 22 chars: the hotline rule applies once the brand is gone (16 chars), and the
    // label rule once the hotline is gone too. Line 4 is a label from the start.
    let text = "正文第一段,讲一件事。\n必一运动本站专稿 热线:400-1234\n正文第二段,讲另一件事。\n本站专稿\n";
    let once = clean_text(&rules, text.into(), &[]);
    assert_eq!(once.text, "正文第一段,讲一件事。\n正文第二段,讲另一件事。\n");
    let twice = clean_text(&rules, once.text.clone(), &[]);
    assert!(twice.removals.is_empty());
}

/// Lines whose items hold too few terms between them are not searched item by item; a list
/// written in ASCII alone, with its terms inside longer items, is still one.
#[test]
fn a_keyword_list_of_ascii_terms_is_found_and_prose_with_a_few_is_kept() {
    use newsclean::clean::clean_text;
    let rules = rules_from_file(
        "[[rule]]\nid = \"t.list\"\ndoc = \"\"\nkind = \"keyword-list\"\naction = \"drop-line\"\nterms = [\"av\", \"91\", \"97\", \"99\", \"影院\"]\n",
    );
    let text = "av91 | av97 | av99 | 91av | 97av\nI have saved 91 dollars in 1997 for a rainy day.\n";
    assert_eq!(
        clean_text(&rules, text.into(), &[]).text,
        "I have saved 91 dollars in 1997 for a rainy day.\n"
    );
}
