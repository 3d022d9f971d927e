//! `newsclean report` without a browser: every rule id in the page, hostile text only escaped or
//! inside the data block, the data block complete, a baseline compared. The browser half is
//! `tests/report/run.sh`. See: issues/8.

use base64::Engine as _;
use std::io::Read;

use crate::util::{manifest, newsclean, root, stderr};

const HOSTILE: &str = "港珠澳大桥通车五周年客流再创新高\n记者从管理局获悉，大桥通车五年来累计验放出入境旅客超过四千万人次。<script>window.__pwned=1</script><img src=x onerror=alert(1)>\n据介绍，今年以来客流较去年同期增长近三成。必一运动\n";

fn payload(html: &str) -> serde_json::Value {
    let start = html.find("type=\"application/octet-stream\">").unwrap() + 32;
    let end = start + html[start..].find("</script>").unwrap();
    let gz = base64::engine::general_purpose::STANDARD
        .decode(&html[start..end])
        .unwrap();
    let mut json = String::new();
    flate2::read::GzDecoder::new(&gz[..])
        .read_to_string(&mut json)
        .unwrap();
    serde_json::from_str(&json).unwrap()
}

#[test]
fn the_report_names_every_rule_and_never_carries_page_markup() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    for e in std::fs::read_dir(root().join("seeds")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, input.join(p.file_name().unwrap())).unwrap();
    }
    std::fs::write(input.join("hostile.txt"), HOSTILE).unwrap();
    let o = newsclean(tmp.path(), &["clean", "in", "-o", "out", "-q", "--report"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let base = newsclean(
        tmp.path(),
        &[
            "clean",
            "in",
            "-o",
            "old",
            "-q",
            "--no-default-rules",
            "--rules",
            root().join("rules/chrome.toml").to_str().unwrap(),
        ],
    );
    assert_eq!(base.status.code(), Some(0), "{}", stderr(&base));
    let o = newsclean(
        tmp.path(),
        &["report", "out", "-o", "r.html", "--baseline", "old"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    let records = manifest(&tmp.path().join("out"));
    for (file, with_baseline) in [("out/report.html", false), ("r.html", true)] {
        let html = std::fs::read_to_string(tmp.path().join(file)).unwrap();
        assert!(html.contains("Content-Security-Policy"));
        assert!(
            !html.contains("<script>window.__pwned") && !html.contains("<img src=x"),
            "{file}"
        );
        assert!(
            !html.contains("http://") && !html.contains("https://"),
            "{file} loads nothing"
        );
        let data = payload(&html);
        assert_eq!(data["baseline"], with_baseline);
        assert_eq!(data["docs"].as_array().unwrap().len(), records.len());
        for rec in &records {
            for r in rec["removals"].as_array().unwrap() {
                let id = r["rule"].as_str().unwrap();
                assert!(
                    html.contains(&format!("data-id=\"{id}\"")),
                    "{id} missing from {file}"
                );
            }
        }
        let hostile = data["docs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["source"] == "hostile.txt")
            .unwrap();
        let shown: String = hostile["segs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s[1].as_str().unwrap())
            .collect();
        assert_eq!(
            shown, HOSTILE,
            "a short document is shown whole, removals included"
        );
        assert!(hostile["note"].is_null());
    }
    let data = payload(&std::fs::read_to_string(tmp.path().join("r.html")).unwrap());
    let changed = data["docs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["base"]["changed"] == true)
        .count();
    assert!(
        changed >= 3,
        "{changed} documents changed against the chrome-only baseline"
    );

    let o = newsclean(tmp.path(), &["report", "in"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no manifest.jsonl"));
}
