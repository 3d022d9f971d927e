//! Encoding matrix: every seed, re-encoded, must decode right and clean to the same text.

use encoding_rs::{Encoding, BIG5, GB18030, GBK, UTF_16BE, UTF_16LE};
use newsclean::process::clean_bytes;

use crate::util::{default_rules, seeds};

/// `text` in `enc`, or `None` where a character cannot be represented.
fn encode(enc: &'static Encoding, text: &str) -> Option<Vec<u8>> {
    if enc == UTF_16LE || enc == UTF_16BE {
        let units = text.encode_utf16();
        return Some(if enc == UTF_16LE {
            units.flat_map(|u| u.to_le_bytes()).collect()
        } else {
            units.flat_map(|u| u.to_be_bytes()).collect()
        });
    }
    let (bytes, _, unmappable) = enc.encode(text);
    (!unmappable).then(|| bytes.into_owned())
}

#[test]
fn every_seed_cleans_the_same_in_every_encoding() {
    let rules = default_rules();
    let mut checked = 0;
    for (name, bytes) in seeds() {
        let text = String::from_utf8(bytes.clone()).unwrap();
        let want = clean_bytes(name.as_ref(), &bytes, rules, &Default::default());
        let mut variants: Vec<(&str, Vec<u8>, &str, &str)> = Vec::new();
        let mut bom8 = vec![0xEF, 0xBB, 0xBF];
        bom8.extend_from_slice(&bytes);
        variants.push(("utf-8 bom", bom8, "utf-8", "bom"));
        for (label, enc, expect) in [
            ("gbk", GBK, "gb18030"),
            ("gb18030", GB18030, "gb18030"),
            ("big5", BIG5, "big5"),
        ] {
            if let Some(b) = encode(enc, &text) {
                variants.push((label, b, expect, "sniffed"));
            }
        }
        let le = encode(UTF_16LE, &text).unwrap();
        let mut le_bom = vec![0xFF, 0xFE];
        le_bom.extend_from_slice(&le);
        let mut be_bom = vec![0xFE, 0xFF];
        be_bom.extend_from_slice(&encode(UTF_16BE, &text).unwrap());
        variants.push(("utf-16le bom", le_bom, "utf-16le", "bom"));
        variants.push(("utf-16be bom", be_bom, "utf-16be", "bom"));
        variants.push(("utf-16le", le, "utf-16le", "utf16-heuristic"));
        for (label, b, enc, how) in variants {
            let got = clean_bytes(name.as_ref(), &b, rules, &Default::default());
            assert_eq!(got.decoding.unwrap().encoding, enc, "{name} as {label}");
            let how_got = serde_json::to_value(got.decoding.unwrap().source).unwrap();
            assert_eq!(how_got, how, "{name} as {label}");
            assert_eq!(got.text, want.text, "{name} as {label}");
            assert_eq!(got.meta.title, want.meta.title, "{name} as {label}");
            assert_eq!(got.meta.published, want.meta.published, "{name} as {label}");
            checked += 1;
        }
    }
    // Five seeds × (BOM, two UTF-16 BOMs, UTF-16LE bare) plus the legacy encodings that fit.
    assert!(checked >= 5 * 4 + 5, "only {checked} variants checked");
}

#[test]
fn a_true_declared_charset_is_used_and_a_false_one_loses_to_the_bytes() {
    let rules = default_rules();
    let body = "<p>廣東出臺通用人工智能產業發展實施意見,推動廣東通用人工智能產業發展。</p>";
    let page = |charset: &str| {
        format!("<html><head><meta charset=\"{charset}\"><title>廣東出臺通用人工智能產業發展實施意見</title></head><body>{body}</body></html>")
    };
    let declared = page("big5");
    let (big5, _, bad) = BIG5.encode(&declared);
    assert!(!bad);
    let got = clean_bytes("a.html".as_ref(), &big5, rules, &Default::default());
    assert_eq!(
        (
            got.decoding.unwrap().encoding,
            serde_json::to_value(got.decoding.unwrap().source).unwrap()
        ),
        ("big5", "declared".into())
    );
    assert!(got.text.contains("推動廣東通用人工智能產業發展"));

    // Labelled gb2312 but really UTF-8: the bytes win.
    let lying = page("gb2312");
    let got = clean_bytes("a.html".as_ref(), lying.as_bytes(), rules, &Default::default());
    assert_eq!(got.decoding.unwrap().encoding, "utf-8");
    assert!(got.text.contains("推動廣東通用人工智能產業發展"));

    // GBK without a declaration: sniffed.
    let undeclared = page("x-unknown-charset");
    let (gbk, _, _) = GBK.encode(&undeclared);
    let got = clean_bytes("a.html".as_ref(), &gbk, rules, &Default::default());
    assert_eq!(got.decoding.unwrap().encoding, "gb18030");
    assert!(got.text.contains("推動廣東通用人工智能產業發展"));
}
