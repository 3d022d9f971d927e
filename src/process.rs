//! One document, from its bytes (or text) to its manifest record and clean text. No I/O: the
//! batch run, the JSONL filter and WARC input all clean documents through here.

use std::path::Path;

use crate::clean::{clean_page, clean_text};
use crate::decode::{decode_with_charset, EncodingSource};
use crate::emit::{sha256_hex, Record, RemovalRecord};
use crate::model::fold_line_ends;
use crate::pipeline::Limits;
use crate::profile::{timed_stage, Stage};
use crate::rules::RuleSet;

/// Share of control or replacement characters above which decoded bytes are binary, not text.
const BINARY_SHARE: f64 = 0.1;

/// Extensions that mark an HTML page.
const HTML_EXTENSIONS: &[&str] = &["html", "htm", "xhtml", "shtml"];

/// What a document is given as.
#[derive(Clone, Copy, Debug)]
pub enum Content<'a> {
    /// Raw bytes, decoded here; text or HTML by the name, else by the first bytes.
    Bytes(&'a [u8]),
    /// Text already decoded (a JSON record's `text`).
    Text(&'a str),
    /// An HTML page already decoded (a JSON record's `html`).
    Html(&'a str),
}

/// One document to clean.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    /// Its file name or id: the extension decides text or HTML for raw bytes.
    pub name: &'a str,
    pub content: Content<'a>,
    /// Where it was fetched from, when known: its host scopes site rules, its TLD helps the
    /// encoding sniffer.
    pub url: Option<&'a str>,
    /// The charset named by an HTTP `Content-Type`, when there was one.
    pub http_charset: Option<&'a str>,
}

/// HTML by extension (`.html .htm .xhtml .shtml`); text for `.txt`; otherwise by the first bytes.
pub fn is_html(path: &Path, bytes: &[u8]) -> bool {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
    {
        Some(ext) if HTML_EXTENSIONS.contains(&ext.as_str()) => true,
        Some(ext) if ext == "txt" => false,
        _ => crate::html::sniff_html(bytes),
    }
}

/// One document's text, decoded and cleaned.
pub struct Cleaned {
    pub html: bool,
    pub encoding: &'static str,
    pub encoding_source: EncodingSource,
    pub malformed: usize,
    pub chars_in: usize,
    pub outcome: crate::clean::Outcome,
    pub dropped: Vec<crate::html::DroppedNode>,
    pub meta: crate::html::PageMeta,
}

/// Decodes and cleans the bytes of the file at `path` (its name decides text or HTML).
pub fn clean_bytes(path: &Path, bytes: &[u8], rules: &RuleSet, limits: &Limits) -> Cleaned {
    let name = path.to_string_lossy();
    let input = Input {
        name: &name,
        content: Content::Bytes(bytes),
        url: None,
        http_charset: None,
    };
    clean_input(&input, rules, limits)
}

/// A document decoded and checked against the limits, before any rule runs.
struct Decoded {
    html: bool,
    text: String,
    encoding: &'static str,
    encoding_source: EncodingSource,
    malformed: usize,
    chars_in: usize,
    /// Why it is not cleaned, when it is over a limit or binary.
    refusal: Option<String>,
    /// Its URL's host, which scopes site rules.
    sites: Vec<String>,
}

/// Why a document of `size` bytes is refused, when it is over `--max-bytes`.
pub fn too_large(size: u64, limits: &Limits) -> Option<String> {
    (size > limits.max_bytes).then(|| {
        format!(
            "input is {size} bytes, over the limit of {} (--max-bytes)",
            limits.max_bytes
        )
    })
}

fn decode_input(input: &Input, limits: &Limits) -> Decoded {
    let host = input.url.and_then(crate::html::host_of);
    let (html, text, encoding, encoding_source, malformed, size) = match input.content {
        Content::Bytes(bytes) => {
            let html = is_html(Path::new(input.name), bytes);
            let tld = host.as_deref().and_then(|h| h.rsplit('.').next());
            let d = decode_with_charset(bytes, tld.map(str::as_bytes), input.http_charset);
            (html, d.text, d.encoding, d.source, d.malformed, bytes.len())
        }
        Content::Text(t) => (false, t.to_string(), "utf-8", EncodingSource::Given, 0, t.len()),
        Content::Html(t) => (true, t.to_string(), "utf-8", EncodingSource::Given, 0, t.len()),
    };
    let chars_in = text.chars().count();
    let refusal = too_large(size as u64, limits).or_else(|| {
        if is_binary(&text, chars_in) {
            Some("binary content, not text".to_string())
        } else if html && crate::html::estimate_depth(&text) > limits.max_dom_depth {
            Some(format!(
                "HTML nested deeper than {} levels (--max-dom-depth)",
                limits.max_dom_depth
            ))
        } else {
            None
        }
    });
    Decoded {
        html,
        text,
        encoding,
        encoding_source,
        malformed,
        chars_in,
        refusal,
        sites: host.into_iter().collect(),
    }
}

/// Decodes (for bytes) and cleans one document.
pub fn clean_input(input: &Input, rules: &RuleSet, limits: &Limits) -> Cleaned {
    let d = timed_stage(Stage::Decode, || decode_input(input, limits));
    let (outcome, dropped, meta) = if let Some(reason) = d.refusal {
        (
            crate::clean::Outcome::refused(reason),
            Vec::new(),
            Default::default(),
        )
    } else if d.html {
        let page = clean_page(rules, &d.text, &d.sites);
        (page.outcome, page.dropped, page.meta)
    } else {
        (
            clean_text(rules, d.text, &d.sites),
            Vec::new(),
            Default::default(),
        )
    };
    Cleaned {
        html: d.html,
        encoding: d.encoding,
        encoding_source: d.encoding_source,
        malformed: d.malformed,
        chars_in: d.chars_in,
        outcome,
        dropped,
        meta,
    }
}

/// The text the removal spans of `input` point into (the decoded text, or a page's extracted
/// text), found without running the text rules: what [`clean_input`] would report as
/// `outcome.source`.
pub fn source_text(input: &Input, rules: &RuleSet, limits: &Limits) -> String {
    let mut d = decode_input(input, limits);
    if d.refusal.is_some() {
        String::new()
    } else if d.html {
        fold_line_ends(crate::html::extract(&d.text, rules, &mut d.sites).text)
    } else {
        fold_line_ends(d.text)
    }
}

/// Decoded bytes that are mostly control or replacement characters: an image or an archive
/// with a text extension.
fn is_binary(text: &str, chars: usize) -> bool {
    chars >= 32 && odd_chars(text) as f64 > BINARY_SHARE * chars as f64
}

/// Control characters (C0 but NUL and layout, DEL, C1) and U+FFFD, counted on the UTF-8 bytes:
/// C1 is `C2 80..9F`, U+FFFD is `EF BF BD`. NUL is left out: text with stray NULs is text (a
/// repair rule strips them).
fn odd_chars(text: &str) -> usize {
    let b = text.as_bytes();
    // Counted in chunks into a byte, branch-free, so the compiler vectorizes it 32 bytes a step.
    let c0: usize = b
        .chunks(255)
        .map(|chunk| {
            let odd = chunk.iter().fold(0u8, |n, &c| {
                let layout = (c == b'\0') | (c == b'\n') | (c == b'\r') | (c == b'\t') | (c == 0x0c);
                n + u8::from(((c < 0x20) & !layout) | (c == 0x7f))
            });
            usize::from(odd)
        })
        .sum();
    let wide = memchr::memchr2_iter(0xc2, 0xef, b)
        .filter(|&i| match b[i] {
            0xc2 => b.get(i + 1).is_some_and(|c| (0x80..=0x9f).contains(c)),
            _ => b.get(i + 1..i + 3) == Some(&[0xbf, 0xbd][..]),
        })
        .count();
    c0 + wide
}

/// The manifest form of a cleaned document's removals: dropped elements, then text spans.
pub fn removal_records(c: &Cleaned, rules: &RuleSet) -> Vec<RemovalRecord> {
    let mut out = Vec::with_capacity(c.dropped.len() + c.outcome.removals.len());
    for d in &c.dropped {
        let rule = &rules.rules[d.rule];
        out.push(RemovalRecord {
            rule: rule.id.clone(),
            action: rule.action.name().to_string(),
            start: None,
            end: None,
            node: Some(d.path.clone()),
            text: d.text.clone(),
        });
    }
    for r in &c.outcome.removals {
        out.push(RemovalRecord {
            rule: rules.rule(r.rule).id.clone(),
            action: r.action.name().to_string(),
            start: Some(r.span.start),
            end: Some(r.span.end),
            node: None,
            text: c.outcome.source[r.span.clone()].to_string(),
        });
    }
    out
}

/// Cleans one document into its record (everything but `output`, which the writer knows) and,
/// when it is cleaned, its clean text. `source_bytes` are hashed into `source_sha256`.
pub fn clean_to_record(
    source: &str,
    input: &Input,
    source_bytes: &[u8],
    rules: &RuleSet,
    limits: &Limits,
) -> (Record, Option<String>) {
    let mut record = Record::new(source, &rules.digest);
    record.source_sha256 = Some(sha256_hex(source_bytes));
    let cleaned = clean_input(input, rules, limits);
    record.format = Some(if cleaned.html { "html" } else { "text" });
    record.encoding = Some(cleaned.encoding);
    record.encoding_source = Some(cleaned.encoding_source);
    record.malformed_bytes = Some(cleaned.malformed);
    record.chars_in = Some(cleaned.chars_in);
    record.url = cleaned.meta.url.clone().or_else(|| input.url.map(str::to_string));
    record.lang = cleaned.meta.lang.clone();
    record.removals = removal_records(&cleaned, rules);
    let outcome = cleaned.outcome;
    record.title = outcome.title;
    record.published = outcome.published;
    record.outlet = outcome.outlet;
    record.author = outcome.author;
    if let Some(reason) = outcome.rejected {
        record.status = "rejected";
        record.reason = Some(reason);
        record.chars_out = Some(0);
        return (record, None);
    }
    record.status = "cleaned";
    record.output_sha256 = Some(sha256_hex(outcome.text.as_bytes()));
    record.chars_out = Some(outcome.text.chars().count());
    (record, Some(outcome.text))
}

/// The message of a caught panic, for the `failed` record it becomes.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_characters_are_counted_on_bytes_as_on_chars() {
        let by_chars = |t: &str| {
            t.chars()
                .filter(|&c| {
                    (c.is_control() && !matches!(c, '\0' | '\n' | '\r' | '\t' | '\u{c}')) || c == '\u{FFFD}'
                })
                .count()
        };
        // Long ones too: the count goes by chunks of 255 bytes.
        let long = "正文\u{1}\u{7f}\u{85}\u{9f}\u{a0}é\u{FFFD}\u{FFFC}\0\n\t\u{c}x".repeat(40);
        let all_odd = "\u{1}".repeat(600);
        for text in [
            "正文\u{1}\u{7f}\u{85}\u{9f}\u{a0}é\u{FFFD}\u{FFFC}\0\n\t\u{c}x",
            "\u{80}\u{7e}\u{ff}\u{FFFD}\u{FFFD}\u{EFBF}\u{1f}",
            "plain text, no odd characters at all.",
            &long,
            &all_odd,
        ] {
            assert_eq!(odd_chars(text), by_chars(text), "{text:?}");
        }
        assert_eq!(odd_chars("\u{1}\u{85}\u{FFFD}"), 3);
    }
}
