//! Past one machine: `filter` (JSON Lines in, dolma records out), `clean --format jsonl`,
//! `--shard K/N` and WARC input. See: issues/7.

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

/// One WARC record: headers (with Content-Length and the blank line) and the block.
fn warc_record(kind: &str, id: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{id}>\r\nWARC-Date: 2024-03-05T08:09:10Z\r\nWARC-Target-URI: {uri}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

fn http(headers: &str, body: &[u8]) -> Vec<u8> {
    let mut m = format!("HTTP/1.1 200 OK\r\n{headers}\r\n").into_bytes();
    m.extend_from_slice(body);
    m
}

/// A crawl's records: warcinfo, a request, a GBK page (chunked, gzip-coded, its charset named
/// only by the HTTP header), an image, and the same page in UTF-8.
fn crawl_records() -> Vec<Vec<u8>> {
    let page = "<html><head><title>港珠澳大桥通车五周年客流再创新高_新闻中心</title></head><body>\
        <div class=\"nav\"><a href=\"/\">首页</a> <a href=\"/news\">新闻</a></div>\
        <article><h1>港珠澳大桥通车五周年客流再创新高</h1>\
        <p>记者从港珠澳大桥管理局获悉，大桥通车五年来累计验放出入境旅客超过四千万人次，车流量逐年攀升。</p>\
        <p>据介绍，今年以来经大桥口岸出入境的客流较去年同期增长近三成，跨境巴士班次也相应加密。</p>\
        <div style=\"display:none\">开云体育 澳门新葡京 皇冠体育 必一运动</div>\
        <p>业内人士认为，大桥带动了粤港澳三地的人员往来与经贸合作，区域融合发展持续深化。</p></article></body></html>";
    let (gbk, _, _) = encoding_rs::GBK.encode(page);
    // Chunked, then gzip-coded, GBK named only by the HTTP header.
    let zipped = gzip(&gbk);
    let mut chunked = Vec::new();
    for piece in zipped.chunks(100) {
        chunked.extend(format!("{:x}\r\n", piece.len()).into_bytes());
        chunked.extend_from_slice(piece);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let response = http(
        "Content-Type: text/html; charset=GBK\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n",
        &chunked,
    );
    let plain = http("Content-Type: text/html; charset=utf-8\r\n", page.as_bytes());
    vec![
        warc_record(
            "warcinfo",
            "00000000-0000-0000-0000-000000000000",
            "",
            "application/warc-fields",
            b"software: test\r\n",
        ),
        warc_record(
            "request",
            "11111111-1111-1111-1111-111111111111",
            "http://news.example.cn/a.html",
            "application/http; msgtype=request",
            b"GET /a.html HTTP/1.1\r\n\r\n",
        ),
        warc_record(
            "response",
            "22222222-2222-2222-2222-222222222222",
            "http://news.example.cn/a.html",
            "application/http; msgtype=response",
            &response,
        ),
        warc_record(
            "response",
            "33333333-3333-3333-3333-333333333333",
            "http://news.example.cn/logo.png",
            "application/http; msgtype=response",
            &http("Content-Type: image/png\r\n", b"\x89PNG...."),
        ),
        warc_record(
            "response",
            "44444444-4444-4444-4444-444444444444",
            "http://news.example.cn/b.html",
            "application/http; msgtype=response",
            &plain,
        ),
    ]
}

/// The records written into `input` as `crawl.warc.gz` (gzip per record, as crawlers write
/// them) and `plain.warc`: the gzipped bytes and each member's offset.
fn write_crawl(input: &Path, records: &[Vec<u8>]) -> (Vec<u8>, Vec<u64>) {
    std::fs::create_dir_all(input).unwrap();
    let mut gz = Vec::new();
    let mut member_offsets = Vec::new();
    for r in records {
        member_offsets.push(gz.len() as u64);
        gz.extend(gzip(r));
    }
    std::fs::write(input.join("crawl.warc.gz"), &gz).unwrap();
    std::fs::write(input.join("plain.warc"), records.concat()).unwrap();
    (gz, member_offsets)
}

#[test]
fn warc_responses_are_cleaned_with_their_record_provenance() {
    let records = crawl_records();
    let tmp = tempfile::tempdir().unwrap();
    let (gz, member_offsets) = write_crawl(&tmp.path().join("in"), &records);
    let o = newsclean(tmp.path(), &["clean", "in", "-o", "out", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let m = manifest(&tmp.path().join("out"));
    let sources: Vec<&str> = m.iter().map(|r| r["source"].as_str().unwrap()).collect();
    assert_eq!(
        sources,
        [
            "crawl.warc.gz#00000000",
            "crawl.warc.gz#00000001",
            "crawl.warc.gz#00000002",
            "plain.warc#00000000",
            "plain.warc#00000001",
            "plain.warc#00000002",
        ]
    );
    let plain_offsets: Vec<u64> = records
        .iter()
        .scan(0u64, |at, r| {
            let here = *at;
            *at += r.len() as u64;
            Some(here)
        })
        .collect();
    for (file, offsets) in [("crawl.warc.gz", &member_offsets), ("plain.warc", &plain_offsets)] {
        let of = |n: usize| {
            &m[sources
                .iter()
                .position(|s| *s == format!("{file}#{n:08}"))
                .unwrap()]
        };
        let (gbk_page, png, utf8_page) = (of(0), of(1), of(2));
        for (r, record_no, uuid) in [(gbk_page, 2, "2222"), (png, 3, "3333"), (utf8_page, 4, "4444")] {
            let w = &r["warc"];
            assert!(w["record_id"].as_str().unwrap().contains(uuid), "{r}");
            assert_eq!(w["date"], "2024-03-05T08:09:10Z");
            assert_eq!(w["offset"].as_u64().unwrap(), offsets[record_no], "{file} {r}");
        }
        assert_eq!(gbk_page["warc"]["target_uri"], "http://news.example.cn/a.html");
        assert_eq!(gbk_page["encoding"], "gb18030");
        assert_eq!(gbk_page["encoding_source"], "declared");
        assert_eq!(png["status"], "rejected");
        assert!(png["reason"].as_str().unwrap().contains("image/png"));
        for page in [gbk_page, utf8_page] {
            assert_eq!(page["status"], "cleaned", "{page}");
            assert_eq!(page["format"], "html");
            assert_eq!(page["title"], "港珠澳大桥通车五周年客流再创新高");
            let text = std::fs::read_to_string(tmp.path().join("out").join(page["output"].as_str().unwrap()))
                .unwrap();
            assert!(text.contains("累计验放出入境旅客超过四千万人次"), "{text}");
            assert!(text.contains("区域融合发展持续深化"), "{text}");
            assert!(!text.contains("开云体育") && !text.contains("首页"), "{text}");
        }
    }
    // The offset of a gzip member is where a reader can start: decompressing from there gives
    // that record.
    let at = member_offsets[2] as usize;
    let mut first = Vec::new();
    flate2::read::GzDecoder::new(&gz[at..])
        .read_to_end(&mut first)
        .unwrap();
    let first = String::from_utf8_lossy(&first);
    assert!(first.contains("22222222-2222") && !first.contains("33333333-3333"));
}

#[test]
fn a_truncated_warc_keeps_what_it_read_and_fails_the_rest() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    let (gz, _) = write_crawl(&input, &crawl_records());
    // A truncated WARC keeps what it read and fails the rest with the offset, never panics.
    std::fs::write(input.join("crawl.warc.gz"), &gz[..gz.len() - 30]).unwrap();
    std::fs::remove_file(input.join("plain.warc")).unwrap();
    let o = newsclean(tmp.path(), &["clean", "in", "-o", "out2", "-q"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let m = manifest(&tmp.path().join("out2"));
    assert_eq!(m[0]["status"], "cleaned");
    let last = m.last().unwrap();
    assert_eq!(last["status"], "failed");
    assert!(last["error"].as_str().unwrap().contains("at byte"), "{last}");
}

#[test]
fn a_profile_cleans_every_page_of_a_warc_file() {
    let page = "<html><body><article><h1>港珠澳大桥客流再创新高</h1>\
        <p>帶動(dòng)相關(guān)產業規模持续扩大，大桥带动了粤港澳三地的人员往来与经贸合作。</p>\
        <p>据介绍，今年以来经大桥口岸出入境的客流较去年同期增长近三成，跨境巴士班次也相应加密。</p>\
        </article></body></html>";
    let response = |id: &str| {
        let msg = http("Content-Type: text/html; charset=utf-8\r\n", page.as_bytes());
        warc_record(
            "response",
            id,
            "https://news.example.cn/a",
            "application/http; msgtype=response",
            &msg,
        )
    };
    let mut warc = response("0001");
    warc.extend(warc_record(
        "request",
        "0002",
        "https://news.example.cn/a",
        "application/http",
        b"GET / HTTP/1.1\r\n\r\n",
    ));
    warc.extend(response("0003"));
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("crawl.warc.gz"), gzip(&warc)).unwrap();
    let o = newsclean(tmp.path(), &["rules", "profile", "crawl.warc.gz", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let p: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(p["stages"]["HTML parse and extraction"]["calls"], 2, "{p}");
    assert_eq!(p["rules"]["text.pinyin-gloss"]["hits"], 4, "{p}");
}
