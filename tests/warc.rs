//! WARC input: response records cleaned with their provenance, broken files, the profiler.
//! See: issues/7.

use std::io::{Read, Write};
use std::path::Path;

use serde_json::Value;

use crate::util::{manifest, newsclean, stderr};

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
