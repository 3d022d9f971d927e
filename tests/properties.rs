//! Properties over arbitrary input (proptest): no panic, spans sorted, disjoint, in bounds and on
//! char boundaries, idempotence, and no rules → layout only. See: issues/6.

use newsclean::clean::clean_text;
use newsclean::engine::decide::layout;
use newsclean::engine::RuleSet;
use newsclean::model::Format;
use newsclean::process::clean_bytes;
use newsclean::text::normalize::{fold_str, Folded, View};
use proptest::prelude::*;

fn rules() -> &'static RuleSet {
    crate::util::default_rules()
}

/// Text made of the pieces spam and chrome are made of, so the rules actually fire.
fn newsy() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("必一运动".to_string()),
        Just("久久综合".to_string()),
        Just("-".to_string()),
        Just("、".to_string()),
        Just("，".to_string()),
        Just("。".to_string()),
        Just("\n".to_string()),
        Just("\u{200b}".to_string()),
        Just("競(jìng)逐".to_string()),
        Just("咨詢熱線:021-80392549".to_string()),
        Just("2024-06-10 03:27".to_string()),
        Just("人工智能产业发展".to_string()),
        Just("相关文章".to_string()),
        "[\\PC]{0,8}",
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    #[test]
    fn a_view_remasked_from_another_is_the_view_masked_anew(
        text in newsy(),
        before_cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..12),
        cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..12),
    ) {
        let text = format!("{text} &amp; &#24320;云 体 育\n  必 一\n{text}");
        let spans = |cuts: &[prop::sample::Index]| {
            let bounds: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            let mut at: Vec<usize> = cuts.iter().map(|c| bounds[c.index(bounds.len())]).collect();
            at.sort_unstable();
            at.dedup();
            at.chunks_exact(2).map(|p| p[0]..p[1]).collect::<Vec<_>>()
        };
        let (hidden_before, hidden) = (spans(&before_cuts), spans(&cuts));
        let folded = Folded::new(&text);
        let before = View::masked_from(&text, &folded, &hidden_before);
        let remasked = View::remasked(&text, &folded, &hidden, &before, &before.lines(), &hidden_before);
        prop_assert_eq!(remasked, View::masked_from(&text, &folded, &hidden));
    }

    #[test]
    fn a_string_folds_as_the_view_of_it_reads(text in newsy(), pad in "[ \u{3000}\t]{0,3}") {
        // Terms and keyword-list items are folded by `fold_str`; the view by the source map.
        let text = format!("{pad}{text}{pad}&amp;&#24320;云{pad}体&nbsp;育 a{pad}b{pad}");
        prop_assert_eq!(fold_str(&text), View::masked_from(&text, &Folded::new(&text), &[]).text);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        let text = clean_bytes("x.txt".as_ref(), &bytes, rules(), &Default::default());
        let html = clean_bytes("x.html".as_ref(), &bytes, rules(), &Default::default());
        prop_assert!(text.decoding.unwrap().format == Format::Text && html.decoding.unwrap().format == Format::Html);
    }

    #[test]
    fn spans_are_sorted_disjoint_and_on_char_boundaries(text in newsy()) {
        let out = clean_text(rules(), text, &[]);
        let mut end = 0;
        for r in &out.removals {
            prop_assert!(r.span.start >= end && r.span.start < r.span.end && r.span.end <= out.source.len());
            prop_assert!(out.source.is_char_boundary(r.span.start) && out.source.is_char_boundary(r.span.end));
            end = r.span.end;
        }
    }

    #[test]
    fn no_rules_only_lays_out(text in newsy()) {
        let none = RuleSet::new(Vec::new(), String::new());
        let out = clean_text(&none, text.clone(), &[]);
        prop_assert!(out.removals.is_empty());
        prop_assert_eq!(out.text, layout(&text.replace("\r\n", "\n").replace('\r', "\n")));
    }

    #[test]
    fn cleaning_twice_changes_nothing_more(text in newsy()) {
        let once = clean_text(rules(), text, &[]);
        let twice = clean_text(rules(), once.text.clone(), &[]);
        prop_assert_eq!(&twice.text, &once.text);
    }
}

/// Found by `cleaning_twice_changes_nothing_more`: a space before the line end, which the first
/// clean drops, and a line another rule drops decided whether a token counted as injected.
#[test]
fn what_the_first_clean_drops_does_not_change_what_a_second_clean_removes() {
    for second_line in [
        "必一运动必一运动必一运动",
        "競(jìng)逐競(jìng)逐咨詢熱線:021-80392549",
    ] {
        let text = format!("\n\n競(jìng)逐競(jìng)逐-人工智能产业发展競(jìng)逐 \n{second_line}");
        let once = clean_text(rules(), text, &[]);
        let twice = clean_text(rules(), once.text.clone(), &[]);
        assert_eq!(twice.text, once.text);
    }
}

/// Found by `cleaning_twice_changes_nothing_more`: a word between two brands that the first clean
/// strips (`必一运动競逐必一运动`) stands at a phrase start once they are gone, and is judged so.
#[test]
fn a_token_is_judged_by_its_neighbours_past_what_other_rules_remove() {
    let text = "、必一运动競(jìng)逐必一运动人工智能产业发展\n競(jìng)逐競(jìng)逐🌀a競(jìng)逐-".to_string();
    let once = clean_text(rules(), text, &[]);
    let twice = clean_text(rules(), once.text.clone(), &[]);
    assert_eq!(twice.text, once.text);
}
