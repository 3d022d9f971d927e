//! WARC input: the `response` records of a `.warc` or `.warc.gz` file, as pages to clean.
//!
//! Records are parsed by the `warc` crate; the HTTP message inside a response is parsed with
//! `httparse`, its chunked transfer coding and gzip/deflate content coding undone. A `.warc.gz`
//! is read one gzip member at a time, so each record's offset is the compressed offset of its
//! member (what CDX indexes store) and a reader never holds more than one record.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use warc::{RawRecordHeader, WarcHeader};

use super::{Body, Content, RawDoc, Unit};
use crate::model::{Status, WarcOrigin};

/// One item a WARC file yields.
#[derive(Debug)]
pub enum WarcItem {
    /// A response to clean: the HTTP body, its declared content type, and where it came from.
    Page {
        body: Vec<u8>,
        content_type: Option<String>,
        origin: WarcOrigin,
    },
    /// A response that is not a page (an image, a script): recorded, not cleaned.
    NotPage { reason: String, origin: WarcOrigin },
    /// The file cannot be read on from here: the error, and the offset it happened at.
    Broken { error: String, offset: u64 },
}

impl WarcItem {
    /// The unit of work this item is, under `id`: a page to clean (named for the text/HTML
    /// decision by its HTTP `Content-Type`, its URL scoping site rules and hinting the sniffer),
    /// or a record settled without cleaning.
    pub fn into_unit(self, id: String) -> Unit {
        let (body, warc) = match self {
            WarcItem::Page {
                body,
                content_type,
                origin,
            } => {
                let mime = content_type.as_deref().unwrap_or("").to_ascii_lowercase();
                let name = if mime.starts_with("text/plain") {
                    "response.txt"
                } else if mime.is_empty() {
                    "response"
                } else {
                    "response.html"
                };
                let doc = RawDoc {
                    name: name.to_string(),
                    content: Content::Bytes(body),
                    url: origin.target_uri.clone(),
                    http_charset: content_type.as_deref().and_then(charset_of).map(str::to_string),
                };
                (Body::Doc(doc), Some(origin))
            }
            WarcItem::NotPage { reason, origin } => {
                let body = Body::Settled {
                    status: Status::Rejected,
                    why: reason,
                    url: origin.target_uri.clone(),
                };
                (body, Some(origin))
            }
            WarcItem::Broken { error, offset } => {
                let why = format!("{id}: {error} (at byte {offset}); the rest of the file is not read");
                let body = Body::Settled {
                    status: Status::Failed,
                    why,
                    url: None,
                };
                (body, None)
            }
        };
        Unit {
            warc,
            ..Unit::of(&id, body)
        }
    }
}

/// A `.warc` or `.warc.gz` name.
pub fn is_warc(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase());
    name.is_some_and(|n| n.ends_with(".warc") || n.ends_with(".warc.gz"))
}

/// Counts the bytes consumed through a `BufRead`: the offset of the next record.
struct Counting<R> {
    inner: R,
    pos: u64,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counting<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }
    fn consume(&mut self, amt: usize) {
        self.pos += amt as u64;
        self.inner.consume(amt);
    }
}

/// The items of one WARC file, read lazily in file order.
pub struct WarcFile {
    input: Counting<BufReader<File>>,
    gzip: bool,
    /// Records of the gzip member being read (usually one), with the member's offset.
    pending: std::vec::IntoIter<WarcItem>,
    /// Largest record body; a larger one ends the file with an error rather than exhaust memory.
    max_bytes: u64,
    done: bool,
}

impl WarcFile {
    pub fn open(path: &Path, max_bytes: u64) -> std::io::Result<WarcFile> {
        let file = File::open(path)?;
        let gzip = path.to_string_lossy().to_ascii_lowercase().ends_with(".gz");
        Ok(WarcFile {
            input: Counting {
                inner: BufReader::with_capacity(1 << 16, file),
                pos: 0,
            },
            gzip,
            pending: Vec::new().into_iter(),
            max_bytes,
            done: false,
        })
    }

    /// Reads the next gzip member, or the next record of a plain file, into `pending`.
    fn refill(&mut self) {
        let offset = self.input.pos;
        match self.input.fill_buf() {
            Ok([]) => {
                self.done = true;
                return;
            }
            Ok(_) => {}
            Err(e) => {
                self.fail(format!("cannot read: {e}"), offset);
                return;
            }
        }
        let limit = self.max_bytes.saturating_add(1 << 20);
        let items = if self.gzip {
            let member = flate2::bufread::GzDecoder::new(&mut self.input);
            let reader = BufReader::new(member.take(limit));
            records_of(reader, offset, true)
        } else {
            // No buffer of our own here: the next record starts exactly where this one ends.
            records_of((&mut self.input).take(limit), offset, false)
        };
        if items.iter().any(|i| matches!(i, WarcItem::Broken { .. })) {
            self.done = true;
        }
        self.pending = items.into_iter();
    }

    fn fail(&mut self, error: String, offset: u64) {
        self.pending = vec![WarcItem::Broken { error, offset }].into_iter();
        self.done = true;
    }
}

impl Iterator for WarcFile {
    type Item = WarcItem;

    fn next(&mut self) -> Option<WarcItem> {
        loop {
            if let Some(item) = self.pending.next() {
                return Some(item);
            }
            if self.done {
                return None;
            }
            self.refill();
        }
    }
}

/// The records of one gzip member (all of them), or the next record of a plain file (one: the
/// reader is bounded, and the next call starts where this one stopped).
fn records_of<R: BufRead>(reader: R, offset: u64, whole_member: bool) -> Vec<WarcItem> {
    let mut out = Vec::new();
    let mut records = warc::WarcReader::new(reader).iter_raw_records();
    loop {
        match records.next() {
            None => break,
            Some(Err(e)) => {
                out.push(WarcItem::Broken {
                    error: format!("malformed WARC record: {e}"),
                    offset,
                });
                break;
            }
            Some(Ok((header, body))) => {
                if let Some(item) = item_of(&header, body, offset) {
                    out.push(item);
                }
            }
        }
        if !whole_member {
            break;
        }
    }
    out
}

fn header(h: &RawRecordHeader, name: WarcHeader) -> Option<String> {
    h.headers
        .get(&name)
        .map(|v| String::from_utf8_lossy(v).trim().to_string())
}

/// A response record as a page (or as a response that is not one); other record types
/// (`warcinfo`, `request`, `metadata`, …) are not documents.
fn item_of(h: &RawRecordHeader, body: Vec<u8>, offset: u64) -> Option<WarcItem> {
    let kind = header(h, WarcHeader::WarcType)?;
    if !kind.eq_ignore_ascii_case("response") {
        return None;
    }
    let origin = WarcOrigin {
        target_uri: header(h, WarcHeader::TargetURI),
        record_id: header(h, WarcHeader::RecordID),
        date: header(h, WarcHeader::Date),
        offset,
    };
    let warc_type = header(h, WarcHeader::ContentType).unwrap_or_default();
    if !warc_type.to_ascii_lowercase().starts_with("application/http") {
        return Some(WarcItem::NotPage {
            reason: format!("WARC response of type {warc_type:?}, not an HTTP message"),
            origin,
        });
    }
    Some(match http_body(&body) {
        Err(reason) => WarcItem::NotPage { reason, origin },
        Ok((content_type, body)) => {
            let mime = content_type
                .as_deref()
                .map(|t| t.split(';').next().unwrap_or("").trim().to_ascii_lowercase());
            match mime.as_deref() {
                None | Some("") | Some("text/html") | Some("application/xhtml+xml") | Some("text/plain") => {
                    WarcItem::Page {
                        body,
                        content_type,
                        origin,
                    }
                }
                Some(other) => WarcItem::NotPage {
                    reason: format!("HTTP response of type {other}, not a page"),
                    origin,
                },
            }
        }
    })
}

/// The decoded body of an HTTP response and its `Content-Type`.
fn http_body(message: &[u8]) -> Result<(Option<String>, Vec<u8>), String> {
    let mut headers = [httparse::EMPTY_HEADER; 128];
    let mut response = httparse::Response::new(&mut headers);
    let head_len = match response.parse(message) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => return Err("truncated HTTP headers".into()),
        Err(e) => return Err(format!("malformed HTTP response: {e}")),
    };
    if let Some(code) = response.code {
        if !(200..300).contains(&code) {
            return Err(format!("HTTP status {code}"));
        }
    }
    let get = |name: &str| {
        response
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).trim().to_string())
    };
    let content_type = get("content-type");
    let mut body = message[head_len..].to_vec();
    if get("transfer-encoding").is_some_and(|t| t.to_ascii_lowercase().contains("chunked")) {
        body = dechunk(&body).ok_or("malformed chunked body")?;
    }
    match get("content-encoding").map(|e| e.to_ascii_lowercase()).as_deref() {
        None | Some("") | Some("identity") => {}
        Some("gzip") | Some("x-gzip") => body = inflate(flate2::read::MultiGzDecoder::new(&body[..]))?,
        Some("deflate") => body = inflate(flate2::read::ZlibDecoder::new(&body[..]))?,
        Some(other) => return Err(format!("content coding {other} is not supported")),
    }
    Ok((content_type, body))
}

fn inflate(mut r: impl Read) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    r.read_to_end(&mut out)
        .map_err(|e| format!("cannot decompress the body: {e}"))?;
    Ok(out)
}

/// Undoes `Transfer-Encoding: chunked`.
fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    loop {
        let line_end = body.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&body[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        body = &body[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(..size)?);
        body = body.get(size..)?.strip_prefix(b"\r\n").unwrap_or(&body[size..]);
    }
}

/// The `charset` parameter of a `Content-Type` value.
pub fn charset_of(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches(['"', '\'']))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked_bodies_are_joined() {
        assert_eq!(
            dechunk(b"4\r\nWiki\r\n5;x=1\r\npedia\r\n0\r\n\r\n").unwrap(),
            b"Wikipedia"
        );
        assert_eq!(dechunk(b"zz\r\n"), None);
    }

    #[test]
    fn charset_comes_from_the_content_type_parameter() {
        assert_eq!(charset_of("text/html; charset=\"GBK\""), Some("GBK"));
        assert_eq!(charset_of("text/html"), None);
    }

    #[test]
    fn a_response_body_is_taken_after_its_headers_and_ungzipped() {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all("<p>你好</p>".as_bytes()).unwrap();
        let mut msg =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Encoding: gzip\r\n\r\n"
                .to_vec();
        msg.extend(gz.finish().unwrap());
        let (ct, body) = http_body(&msg).unwrap();
        assert_eq!(ct.as_deref(), Some("text/html; charset=utf-8"));
        assert_eq!(body, "<p>你好</p>".as_bytes());
        assert!(http_body(b"HTTP/1.1 404 Not Found\r\n\r\n").is_err());
    }
}
