//! Hostile inputs: every file ends in the manifest as cleaned or rejected with a reason, nothing
//! panics, and nothing outside the input folder is read. See: issues/6.

use std::collections::HashMap;

use crate::util::{manifest, newsclean, stderr};

#[test]
fn hostile_files_end_as_records_with_reasons() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(input.join("a b/中文 目录")).unwrap();
    let w = |name: &str, bytes: Vec<u8>| std::fs::write(input.join(name), bytes).unwrap();
    w("empty.txt", Vec::new());
    // Bytes of an image: a PNG header and noise that is not text in any encoding.
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend((0..20_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    w("image.txt", png);
    w("nul.txt", "正文\0第二段。\n".repeat(200).into_bytes());
    let mut bad = b"\xe4\xb8".to_vec();
    bad.extend("正文。".repeat(100).as_bytes());
    bad.extend(b"\xff\xfe\xe4");
    w("bad-utf8.txt", bad);
    w("oneline.txt", "人工智能产业发展,".repeat(100_000).into_bytes());
    w(
        "kwblock.txt",
        vec!["久久综合图区亚洲"; 20_000].join("-").into_bytes(),
    );
    w(
        "deep.html",
        format!(
            "<html><body>{}正文。{}</body></html>",
            "<div>".repeat(20_000),
            "</div>".repeat(20_000)
        )
        .into_bytes(),
    );
    w(
        "entities.html",
        format!("<html><body><p>{}</p></body></html>", "&amp;".repeat(100_000)).into_bytes(),
    );
    w(
        "script.html",
        format!(
            "<html><body><script>{}</script></body></html>",
            "var a=1;".repeat(50_000)
        )
        .into_bytes(),
    );
    w(
        "badmeta.html",
        "<html><head><meta charset=\"x-klingon\"></head><body><p>正文内容。</p></body></html>"
            .as_bytes()
            .to_vec(),
    );
    w(
        "surrogates.html",
        b"<html><body><p>&#xD800;&#x110000;&#0;\xe6\xad\xa3\xe6\x96\x87</p></body></html>".to_vec(),
    );
    w(
        "a b/中文 目录/文件 名.txt",
        "标题很长的一个标题在这里\n正文。".as_bytes().to_vec(),
    );
    // A link to a file outside the input folder must not be read.
    let outside = tmp.path().join("secret.txt");
    std::fs::write(&outside, "机密内容SECRET").unwrap();
    std::os::unix::fs::symlink(&outside, input.join("link.txt")).unwrap();
    std::os::unix::fs::symlink(&input, input.join("loop")).unwrap();

    let o = newsclean(tmp.path(), &["clean", "in", "-o", "out", "-q", "--jobs", "2"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panic"), "{}", stderr(&o));
    let m = manifest(&tmp.path().join("out"));
    let by: HashMap<&str, &serde_json::Value> =
        m.iter().map(|r| (r["source"].as_str().unwrap(), r)).collect();
    let status = |s: &str| {
        (
            by[s]["status"].as_str().unwrap(),
            by[s]["reason"].as_str().unwrap_or(""),
        )
    };
    assert_eq!(status("empty.txt"), ("rejected", "empty input"));
    assert_eq!(status("image.txt"), ("rejected", "binary content, not text"));
    assert_eq!(status("nul.txt").0, "cleaned");
    assert_eq!(by["bad-utf8.txt"]["encoding"], "utf-8");
    // A truncated lead pair, 0xff, 0xfe and a truncated tail: four replacements.
    assert_eq!(by["bad-utf8.txt"]["malformed_bytes"], 4);
    assert_eq!(status("oneline.txt").0, "cleaned");
    assert_eq!(status("kwblock.txt"), ("rejected", "no text left after cleaning"));
    assert!(status("deep.html").1.contains("--max-dom-depth"));
    assert_eq!(status("entities.html").0, "cleaned");
    assert_eq!(status("script.html"), ("rejected", "no text in the page"));
    assert_eq!(status("badmeta.html").0, "cleaned");
    assert_eq!(status("surrogates.html").0, "cleaned");
    assert_eq!(status("a b/中文 目录/文件 名.txt").0, "cleaned");
    assert_eq!(m.len(), 12, "twelve files; links are not inputs");
    let nul_out = std::fs::read_to_string(tmp.path().join("out/nul.txt")).unwrap();
    assert!(!nul_out.contains('\0'));
    for e in walkdir::WalkDir::new(tmp.path().join("out")) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            assert!(!std::fs::read_to_string(e.path())
                .unwrap_or_default()
                .contains("SECRET"));
        }
    }
}

#[test]
fn limits_are_flags() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("in")).unwrap();
    std::fs::write(tmp.path().join("in/a.txt"), "正文。".repeat(1000)).unwrap();
    let o = newsclean(
        tmp.path(),
        &["clean", "in", "-o", "out", "-q", "--max-bytes", "100"],
    );
    assert_eq!(o.status.code(), Some(0));
    let m = manifest(&tmp.path().join("out"));
    assert_eq!(m[0]["status"], "rejected");
    assert!(m[0]["reason"].as_str().unwrap().contains("--max-bytes"));
}
