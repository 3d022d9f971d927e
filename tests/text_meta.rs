//! Metadata read from a text dump's own lines: a byline names the author, a reporter mentioned in
//! a sentence does not.

use newsclean::process::clean_bytes;

use crate::util::default_rules;

#[test]
fn a_text_byline_names_the_author_and_a_reporter_in_a_sentence_does_not() {
    let clean = |text: &str| {
        clean_bytes(
            "p.txt".as_ref(),
            text.as_bytes(),
            default_rules(),
            &Default::default(),
        )
        .meta
    };
    let body = "市交通部门昨天公布了新一轮公交线路调整方案，涉及中心城区的十二条线路。\n";
    let got = clean(&format!(
        "公交线路调整方案公布 早高峰候车缩短\n作者：李四 2024-03-05\n{body}"
    ));
    assert_eq!(got.author.as_deref(), Some("李四"));
    let got = clean(&format!(
        "公交线路调整方案公布 早高峰候车缩短\n记者从市交通局获悉，{body}"
    ));
    assert_eq!(got.author, None);
    let got = clean("Night buses to the airport from March\nBy Jane Roe\nThe city council voted on Monday to extend the night bus service.\n");
    assert_eq!(got.author.as_deref(), Some("Jane Roe"));
}
