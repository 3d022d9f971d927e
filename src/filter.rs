//! `newsclean filter`: JSON Lines in, dolma records out, in input order, a bounded batch at a
//! time with the batch cleaned in parallel.
//!
//! An input record is an object with `id` (string or number), one of `text` (a decoded text
//! dump), `html` (a decoded page) or `content_base64` (raw bytes, decoded like a file), an
//! optional `url`, and any other fields. `source` and `added`, when given, become the output's;
//! a `metadata` object's fields and every other field pass through into the output's
//! `metadata` unchanged. The provenance goes to `metadata.newsclean`.

use std::io::{BufRead, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};

use base64::Engine as _;
use rayon::prelude::*;
use serde_json::{Map, Value};

use crate::dolma::{record_line, DolmaOptions};
use crate::emit::Record;
use crate::pipeline::Limits;
use crate::process::{clean_to_record, Content, Input};
use crate::rules::RuleSet;

/// Records cleaned at once, and the most bytes of input lines a batch holds.
const BATCH: usize = 256;
const BATCH_BYTES: usize = 64 << 20;

/// How a filter run is set up.
#[derive(Clone, Debug)]
pub struct FilterOptions {
    /// Worker threads; 0 means one per core.
    pub jobs: usize,
    pub dolma: DolmaOptions,
    pub limits: Limits,
}

/// What a filter run did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FilterCounts {
    pub records: usize,
    pub cleaned: usize,
    pub rejected: usize,
    pub failed: usize,
    /// Input lines that were not a usable record (reported and skipped).
    pub malformed: usize,
    /// Records written to the output.
    pub written: usize,
}

/// One parsed input record.
#[derive(Debug)]
struct InRecord {
    id: String,
    content: Payload,
    url: Option<String>,
    source: Option<String>,
    added: Option<String>,
    passthrough: Map<String, Value>,
}

#[derive(Debug)]
enum Payload {
    Text(String),
    Html(String),
    Bytes(Vec<u8>),
}

/// Parses one input line into a record, or says why it is not one.
fn parse(line: &[u8]) -> Result<InRecord, String> {
    let value: Value = serde_json::from_slice(line).map_err(|e| format!("not JSON: {e}"))?;
    let Value::Object(mut obj) = value else {
        return Err("not a JSON object".into());
    };
    let id = match obj.remove("id") {
        Some(Value::String(s)) if !s.is_empty() => s,
        Some(Value::Number(n)) => n.to_string(),
        _ => return Err("no `id` (a string or a number)".into()),
    };
    let mut payloads = Vec::new();
    for key in ["text", "html", "content_base64"] {
        match obj.remove(key) {
            None | Some(Value::Null) => {}
            Some(Value::String(s)) => payloads.push((key, s)),
            Some(_) => return Err(format!("`{key}` is not a string")),
        }
    }
    let content = match payloads.len() {
        0 => return Err("none of `text`, `html`, `content_base64`".into()),
        1 => {
            let (key, s) = payloads.pop().expect("one payload");
            match key {
                "text" => Payload::Text(s),
                "html" => Payload::Html(s),
                _ => Payload::Bytes(
                    base64::engine::general_purpose::STANDARD
                        .decode(s.trim())
                        .map_err(|e| format!("`content_base64` is not base64: {e}"))?,
                ),
            }
        }
        _ => return Err("more than one of `text`, `html`, `content_base64`".into()),
    };
    let mut string_field = |key: &str| -> Result<Option<String>, String> {
        match obj.remove(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(format!("`{key}` is not a string")),
        }
    };
    let url = string_field("url")?;
    let source = string_field("source")?;
    let added = string_field("added")?;
    let mut passthrough = match obj.remove("metadata") {
        Some(Value::Object(m)) => m,
        None | Some(Value::Null) => Map::new(),
        Some(other) => {
            // Not an object: kept as it came, under its own name.
            let mut m = Map::new();
            m.insert("metadata".into(), other);
            m
        }
    };
    if let Some(url) = &url {
        passthrough.insert("url".into(), Value::String(url.clone()));
    }
    passthrough.extend(obj);
    Ok(InRecord {
        id,
        content,
        url,
        source,
        added,
        passthrough,
    })
}

/// What one record became: its output line (if written) and its status.
struct Outcome {
    line: Option<String>,
    status: &'static str,
}

fn clean_record(r: InRecord, rules: &RuleSet, options: &FilterOptions) -> Outcome {
    let id = r.id.clone();
    let result = catch_unwind(AssertUnwindSafe(|| {
        // Raw bytes are text or HTML by the id's extension (`page.html`), else by their first
        // bytes: a URL's path says little (`/a/123.shtml` may serve anything).
        let name = r.id.as_str();
        let (content, bytes): (Content, &[u8]) = match &r.content {
            Payload::Text(t) => (Content::Text(t), t.as_bytes()),
            Payload::Html(t) => (Content::Html(t), t.as_bytes()),
            Payload::Bytes(b) => (Content::Bytes(b), b),
        };
        let input = Input {
            name,
            content,
            url: r.url.as_deref(),
            http_charset: None,
        };
        clean_to_record(&r.id, &input, bytes, rules, &options.limits)
    }));
    let (record, text) = match result {
        Ok(done) => done,
        Err(panic) => {
            let msg = crate::process::panic_message(panic.as_ref());
            let mut record = Record::new(&id, &rules.digest);
            record.error = Some(format!("internal error while cleaning {id}: {msg}"));
            (record, None)
        }
    };
    let status = record.status;
    let line = options.dolma.writes(status).then(|| {
        record_line(
            &record,
            text.as_deref().unwrap_or(""),
            r.source.as_deref().unwrap_or(&options.dolma.source),
            r.added.as_deref().unwrap_or(&options.dolma.added),
            r.passthrough,
        )
    });
    Outcome { line, status }
}

/// Reads one line of at most `max` bytes into `buf` (without its line end). A longer line is
/// read to its end and thrown away: `Ok(Some(false))`. End of input: `Ok(None)`.
fn read_line_bounded(
    input: &mut impl BufRead,
    buf: &mut Vec<u8>,
    max: usize,
) -> std::io::Result<Option<bool>> {
    buf.clear();
    let mut fits = true;
    let mut any = false;
    loop {
        let chunk = input.fill_buf()?;
        if chunk.is_empty() {
            break;
        }
        any = true;
        let (take, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        if fits && buf.len() + take <= max {
            buf.extend_from_slice(&chunk[..take]);
        } else {
            fits = false;
            buf.clear();
        }
        input.consume(take);
        if done {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    while buf.last().is_some_and(|&b| b == b'\n' || b == b'\r') {
        buf.pop();
    }
    Ok(Some(fits))
}

/// Runs the filter from `input` to `output`; `report` receives each malformed line's message
/// (`line N: …`). Output stops quietly when the reader of `output` goes away.
pub fn run(
    mut input: impl BufRead,
    mut output: impl Write,
    rules: &RuleSet,
    options: &FilterOptions,
    mut report: impl FnMut(&str),
) -> anyhow::Result<FilterCounts> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs)
        .build()?;
    // Base64 makes a record a third larger than its bytes; JSON escapes add a little more.
    let max_line = usize::try_from(options.limits.max_bytes.saturating_mul(2)).unwrap_or(usize::MAX);
    let mut counts = FilterCounts::default();
    let mut line_no = 0usize;
    let mut buf = Vec::new();
    let mut at_end = false;
    while !at_end {
        let mut batch: Vec<InRecord> = Vec::new();
        let mut batch_bytes = 0;
        while batch.len() < BATCH && batch_bytes < BATCH_BYTES {
            let Some(fits) = read_line_bounded(&mut input, &mut buf, max_line)? else {
                at_end = true;
                break;
            };
            line_no += 1;
            if !fits {
                counts.malformed += 1;
                report(&format!("line {line_no}: longer than {max_line} bytes; skipped"));
                continue;
            }
            if buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            batch_bytes += buf.len();
            match parse(&buf) {
                Ok(r) => batch.push(r),
                Err(why) => {
                    counts.malformed += 1;
                    report(&format!("line {line_no}: {why}; skipped"));
                }
            }
        }
        let outcomes: Vec<Outcome> = pool.install(|| {
            batch
                .into_par_iter()
                .map(|r| clean_record(r, rules, options))
                .collect()
        });
        for o in outcomes {
            counts.records += 1;
            match o.status {
                "cleaned" => counts.cleaned += 1,
                "rejected" => counts.rejected += 1,
                _ => counts.failed += 1,
            }
            if let Some(line) = o.line {
                let written = output
                    .write_all(line.as_bytes())
                    .and_then(|()| output.write_all(b"\n"));
                match written {
                    Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(counts),
                    other => other?,
                }
                counts.written += 1;
            }
        }
        match output.flush() {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(counts),
            other => other?,
        }
    }
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_need_an_id_and_exactly_one_payload() {
        assert!(parse(br#"{"text":"x"}"#).unwrap_err().contains("id"));
        assert!(parse(br#"{"id":1}"#).unwrap_err().contains("none of"));
        assert!(parse(br#"{"id":1,"text":"a","html":"b"}"#)
            .unwrap_err()
            .contains("more than one"));
        assert!(parse(br#"{"id":1,"content_base64":"%%"}"#)
            .unwrap_err()
            .contains("base64"));
        assert!(parse(b"[1]").unwrap_err().contains("object"));
        let r = parse(br#"{"id":7,"text":"t","lang":"zh","metadata":{"crawl":"c1"},"source":"s"}"#).unwrap();
        assert_eq!(r.id, "7");
        assert_eq!(r.source.as_deref(), Some("s"));
        assert_eq!(r.passthrough["lang"], "zh");
        assert_eq!(r.passthrough["crawl"], "c1");
    }

    #[test]
    fn an_overlong_line_is_skipped_whole() {
        let mut input = &b"aaaaaaaaaa\nbb\n"[..];
        let mut buf = Vec::new();
        assert_eq!(read_line_bounded(&mut input, &mut buf, 4).unwrap(), Some(false));
        assert_eq!(read_line_bounded(&mut input, &mut buf, 4).unwrap(), Some(true));
        assert_eq!(buf, b"bb");
        assert_eq!(read_line_bounded(&mut input, &mut buf, 4).unwrap(), None);
    }
}
