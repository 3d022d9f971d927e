//! Past one machine: `filter` (JSON Lines in, dolma records out), `clean --format jsonl` and
//! `--shard K/N`. See: issues/7.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use base64::Engine as _;
use serde_json::{json, Value};

use crate::util::{manifest, newsclean, root, seeds, stderr, tree};

const ADDED: &str = "2026-01-02T03:04:05Z";

/// Runs `newsclean filter ARGS` with `input` on stdin; returns (exit code, stdout, stderr).
fn filter(input: &[u8], args: &[&str]) -> (Option<i32>, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsclean"))
        .arg("filter")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn lines(s: &str) -> Vec<Value> {
    s.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// The seeds cleaned by `clean` into a fresh folder: (source, clean text, record) of each.
fn cleaned_by_clean() -> Vec<(String, String, Value)> {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = newsclean(&root(), &["clean", "seeds", "-o", out.to_str().unwrap(), "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    manifest(&out)
        .iter()
        .map(|r| {
            let source = r["source"].as_str().unwrap().to_string();
            let text = std::fs::read_to_string(out.join(r["output"].as_str().unwrap())).unwrap();
            (source, text, r.clone())
        })
        .collect()
}

#[test]
fn filter_round_trips_the_seeds_with_the_text_clean_writes() {
    let want = cleaned_by_clean();
    let mut input = String::new();
    for (name, bytes) in seeds() {
        input += &json!({"id": name, "content_base64": b64(&bytes)}).to_string();
        input.push('\n');
        // The same seed as already-decoded text gives the same clean text.
        let text = String::from_utf8(bytes).unwrap();
        input += &json!({"id": format!("{name}#text"), "text": text}).to_string();
        input.push('\n');
    }
    let (code, out, err) = filter(input.as_bytes(), &["--added", ADDED]);
    assert_eq!(code, Some(0), "{err}");
    let got = lines(&out);
    assert_eq!(got.len(), 2 * want.len());
    for (pair, (source, text, record)) in got.chunks(2).zip(&want) {
        for r in pair {
            assert_eq!(r["text"].as_str().unwrap(), text, "{}", r["id"]);
            assert_eq!(r["source"], "newsclean");
            assert_eq!(r["added"], ADDED);
            let prov = &r["metadata"]["newsclean"];
            assert_eq!(prov["status"], "cleaned");
            for key in [
                "removals",
                "title",
                "published",
                "outlet",
                "author",
                "output_sha256",
                "rules_digest",
            ] {
                assert_eq!(prov[key], record[key], "{key} of {}", r["id"]);
            }
        }
        assert_eq!(pair[0]["id"], source.as_str());
        assert_eq!(pair[0]["metadata"]["newsclean"]["encoding_source"], "utf8");
        assert_eq!(pair[1]["metadata"]["newsclean"]["encoding_source"], "given");
    }
}

#[test]
fn filter_keeps_input_order_and_pass_through_fields_whatever_the_jobs() {
    let seeds = seeds();
    let mut input = String::new();
    // Ids in an order that is neither sorted nor the seeds' own.
    let ids: Vec<String> = (0..600).map(|i| format!("doc-{}", (i * 7919) % 600)).collect();
    for (i, id) in ids.iter().enumerate() {
        let (_, bytes) = &seeds[i % seeds.len()];
        let rec = json!({
            "id": id,
            "content_base64": b64(bytes),
            "url": format!("https://news.example.cn/a/{i}.html"),
            "source": "crawl-7",
            "lang": "zh",
            "nested": {"k": [1, 2, {"deep": i}]},
            "metadata": {"warc_path": format!("s3://bucket/{i}.warc.gz")},
        });
        input += &rec.to_string();
        input.push('\n');
    }
    let (c1, one, e1) = filter(input.as_bytes(), &["--added", ADDED, "--jobs", "1"]);
    let (c2, two, e2) = filter(input.as_bytes(), &["--added", ADDED, "--jobs", "2"]);
    assert_eq!((c1, c2), (Some(0), Some(0)), "{e1}{e2}");
    assert_eq!(one, two, "--jobs 1 and 2 differ");
    let got = lines(&two);
    let got_ids: Vec<&str> = got.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(got_ids, ids.iter().map(String::as_str).collect::<Vec<_>>());
    for (i, r) in got.iter().enumerate() {
        assert_eq!(r["source"], "crawl-7");
        let m = &r["metadata"];
        assert_eq!(m["lang"], "zh");
        assert_eq!(m["nested"], json!({"k": [1, 2, {"deep": i}]}));
        assert_eq!(m["warc_path"], format!("s3://bucket/{i}.warc.gz"));
        assert_eq!(m["url"], format!("https://news.example.cn/a/{i}.html"));
    }
    assert!(e2.contains("600 records: 600 cleaned"), "{e2}");
}

#[test]
fn malformed_lines_are_reported_by_number_and_skipped() {
    let good = |id: &str| json!({"id": id, "text": "今年体育彩票销量同比增长百分之十二。"}).to_string();
    let input = [
        good("a"),
        "{not json".to_string(),
        json!({"text": "no id"}).to_string(),
        String::new(),
        json!({"id": "both", "text": "x", "html": "<p>x</p>"}).to_string(),
        good("b"),
        json!({"id": "spam", "text": "主站蜘蛛池模板：\n必一运动"}).to_string(),
        "[1,2]".to_string(),
        good("c"),
    ]
    .join("\n");
    let (code, out, err) = filter(input.as_bytes(), &["--added", ADDED]);
    assert_eq!(code, Some(0), "{err}");
    let ids: Vec<String> = lines(&out)
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["a", "b", "c"]);
    for n in [2, 3, 5, 8] {
        assert!(
            err.contains(&format!("line {n}: ")),
            "line {n} not reported: {err}"
        );
    }
    assert!(!err.contains("line 4:"), "a blank line is no record: {err}");
    assert!(err.contains("1 rejected"), "{err}");
    assert!(err.contains("4 malformed"), "{err}");

    // With --keep-rejected the spam-only record is written, empty, with its reason.
    let (_, out, _) = filter(input.as_bytes(), &["--added", ADDED, "--keep-rejected"]);
    let spam = lines(&out).into_iter().find(|r| r["id"] == "spam").unwrap();
    assert_eq!(spam["text"], "");
    assert_eq!(spam["metadata"]["newsclean"]["status"], "rejected");
    assert!(spam["metadata"]["newsclean"]["reason"].is_string());

    // A bad --added is a usage error before anything is read.
    let (code, out, err) = filter(input.as_bytes(), &["--added", "yesterday"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(out.is_empty() && err.contains("RFC 3339"), "{err}");
}

/// 60 inputs made from the seeds, in two folders.
fn corpus(dir: &Path) {
    for i in 0..12 {
        for (name, bytes) in seeds() {
            let sub = dir.join(if i % 2 == 0 { "even" } else { "odd" });
            std::fs::create_dir_all(&sub).unwrap();
            std::fs::write(sub.join(format!("{i:02}-{name}")), &bytes).unwrap();
        }
    }
}

#[test]
fn three_shards_together_equal_the_unsharded_run() {
    let tmp = tempfile::tempdir().unwrap();
    corpus(&tmp.path().join("in"));
    let run = |out: &str, shard: Option<&str>| {
        let mut args = vec!["clean", "in", "-o", out, "-q"];
        if let Some(s) = shard {
            args.extend(["--shard", s]);
        }
        let o = newsclean(tmp.path(), &args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    };
    run("all", None);
    let mut union: Vec<(String, Vec<u8>)> = Vec::new();
    let mut records: Vec<Value> = Vec::new();
    for k in 0..3 {
        let out = format!("s{k}");
        run(&out, Some(&format!("{k}/3")));
        let m = manifest(&tmp.path().join(&out));
        assert!(m.len() >= 8, "shard {k} has only {} inputs", m.len());
        records.extend(m);
        union.extend(
            tree(&tmp.path().join(&out))
                .into_iter()
                .filter(|(p, _)| p != "manifest.jsonl"),
        );
    }
    union.sort();
    let whole: Vec<(String, Vec<u8>)> = tree(&tmp.path().join("all"))
        .into_iter()
        .filter(|(p, _)| p != "manifest.jsonl")
        .collect();
    // No overlap (a duplicate would make the union longer) and nothing missing.
    assert_eq!(union, whole);
    records.sort_by(|a, b| a["source"].as_str().cmp(&b["source"].as_str()));
    assert_eq!(records, manifest(&tmp.path().join("all")));

    let o = newsclean(tmp.path(), &["clean", "in", "-o", "x", "--shard", "3/3"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("0 <= K < N"), "{}", stderr(&o));
}

#[test]
fn jsonl_parts_hold_the_clean_texts_and_the_manifest_points_at_them() {
    let tmp = tempfile::tempdir().unwrap();
    corpus(&tmp.path().join("in"));
    let run = |out: &str, jobs: &str| {
        let args = [
            "clean",
            "in",
            "-o",
            out,
            "-q",
            "--format",
            "jsonl",
            "--part-docs",
            "25",
            "--jobs",
            jobs,
            "--added",
            ADDED,
        ];
        let o = newsclean(tmp.path(), &args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    };
    run("j1", "1");
    run("j2", "2");
    assert_eq!(tree(&tmp.path().join("j1")), tree(&tmp.path().join("j2")));
    let out = tmp.path().join("j2");
    let names: Vec<String> = tree(&out).into_iter().map(|(p, _)| p).collect();
    assert_eq!(
        names,
        [
            "manifest.jsonl",
            "part-00000.jsonl.gz",
            "part-00001.jsonl.gz",
            "part-00002.jsonl.gz"
        ]
    );
    let mut docs = Vec::new();
    for part in &names[1..] {
        let mut text = String::new();
        flate2::read::GzDecoder::new(std::fs::File::open(out.join(part)).unwrap())
            .read_to_string(&mut text)
            .unwrap();
        docs.extend(lines(&text).into_iter().map(|d| (part.clone(), d)));
    }
    assert_eq!(docs.len(), 60);
    let m = manifest(&out);
    let want = cleaned_by_clean();
    for ((part, doc), record) in docs.iter().zip(&m) {
        assert_eq!(doc["id"], record["id"]);
        assert_eq!(record["output"].as_str(), Some(part.as_str()));
        assert_eq!(doc["added"], ADDED);
        let seed = record["source"].as_str().unwrap().rsplit_once('-').unwrap().1;
        let text = &want.iter().find(|(s, _, _)| s == seed).unwrap().1;
        assert_eq!(doc["text"].as_str().unwrap(), text);
        assert_eq!(
            doc["metadata"]["newsclean"]["output_sha256"],
            record["output_sha256"]
        );
    }
    let o = newsclean(
        tmp.path(),
        &["clean", "in", "-o", "j2", "--format", "jsonl", "--resume"],
    );
    assert_eq!(o.status.code(), Some(2));
}
