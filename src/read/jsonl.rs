//! JSON Lines records as input (`newsclean filter`): one object a line, with `id` (string or
//! number), one of `text` (a decoded text dump), `html` (a decoded page) or `content_base64`
//! (raw bytes, decoded like a file), an optional `url`, and any other fields. `source` and
//! `added`, when given, become the output's; a `metadata` object's fields and every other field
//! are carried to the output's `metadata` unchanged.

use std::io::BufRead;

use base64::Engine as _;
use serde_json::{Map, Value};

use super::{Body, Carry, Content, RawDoc, Unit};

/// The records of a stream, in order. A line that is not a usable record (not JSON, no `id`, no
/// or two payloads, bad base64, too long) is reported as `line N: why` and skipped; blank lines
/// are skipped silently. A read error ends the records and is kept for [`Records::finish`].
pub struct Records<R, F> {
    input: R,
    max_line: usize,
    report: F,
    line_no: usize,
    buf: Vec<u8>,
    malformed: usize,
    error: Option<std::io::Error>,
}

impl<R: BufRead, F: FnMut(&str)> Records<R, F> {
    /// Lines longer than `max_line` bytes are skipped whole; `report` hears of every skipped line.
    pub fn new(input: R, max_line: usize, report: F) -> Self {
        Records {
            input,
            max_line,
            report,
            line_no: 0,
            buf: Vec::new(),
            malformed: 0,
            error: None,
        }
    }

    /// How many lines were skipped as malformed, or the error that ended reading.
    pub fn finish(self) -> Result<usize, std::io::Error> {
        match self.error {
            Some(e) => Err(e),
            None => Ok(self.malformed),
        }
    }
}

impl<R: BufRead, F: FnMut(&str)> Iterator for Records<R, F> {
    type Item = Unit;

    fn next(&mut self) -> Option<Unit> {
        loop {
            let fits = match read_line_bounded(&mut self.input, &mut self.buf, self.max_line) {
                Ok(Some(fits)) => fits,
                Ok(None) => return None,
                Err(e) => {
                    self.error = Some(e);
                    return None;
                }
            };
            self.line_no += 1;
            if !fits {
                self.malformed += 1;
                (self.report)(&format!(
                    "line {}: longer than {} bytes; skipped",
                    self.line_no, self.max_line
                ));
                continue;
            }
            if self.buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            match parse(&self.buf) {
                Ok(unit) => return Some(unit),
                Err(why) => {
                    self.malformed += 1;
                    (self.report)(&format!("line {}: {why}; skipped", self.line_no));
                }
            }
        }
    }
}

/// Parses one input line into a record, or says why it is not one.
fn parse(line: &[u8]) -> Result<Unit, String> {
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
                "text" => Content::Text(s),
                "html" => Content::Html(s),
                _ => Content::Bytes(
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
    // Raw bytes are text or HTML by the id's extension (`page.html`), else by their first bytes:
    // a URL's path says little (`/a/123.shtml` may serve anything).
    let doc = RawDoc {
        name: id.clone(),
        content,
        url,
        http_charset: None,
    };
    Ok(Unit {
        carry: Some(Box::new(Carry {
            source,
            added,
            fields: passthrough,
        })),
        weight: line.len(),
        ..Unit::of(&id, Body::Doc(doc))
    })
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
        let carry = r.carry.unwrap();
        assert_eq!(carry.source.as_deref(), Some("s"));
        assert_eq!(carry.fields["lang"], "zh");
        assert_eq!(carry.fields["crawl"], "c1");
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
