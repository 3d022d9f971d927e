//! One document, from what was read to a [`Doc`]: read a file's bytes, decode, check the limits,
//! extract a page's text, run the rules, gather the metadata. No output is written here: the
//! batch run, the JSON Lines filter, `explain` and the profiler all clean documents through it.

use std::path::Path;

use crate::clean::{clean_page, clean_text, Outcome, PageOutcome};
use crate::engine::RuleSet;
use crate::model::{
    fold_line_ends, host_of, sha256_hex, Decoding, Doc, DocMeta, EncodingSource, Format, Status,
};
use crate::profile::{timed_stage, Stage};
use crate::read::decode::decode_with_charset;
use crate::read::{is_html, too_large, Body, Content, Limits, RawDoc, Unit};

/// Share of control or replacement characters above which decoded bytes are binary, not text.
const BINARY_SHARE: f64 = 0.1;

/// Reads (a file), decodes and cleans one unit of work into its document.
pub fn clean_unit(unit: Unit, rules: &RuleSet, limits: &Limits) -> Doc {
    let Unit {
        id,
        body,
        warc,
        carry,
        ..
    } = unit;
    let mut doc = match body {
        Body::File(path) => clean_file(&id, &path, rules, limits),
        Body::Doc(raw) => clean_raw(&id, &raw, rules, limits),
        Body::Settled { status, why, url } => {
            let mut doc = Doc::new(&id);
            doc.status = status;
            doc.why = Some(why);
            doc.meta.url = url;
            doc
        }
    };
    doc.warc = warc;
    doc.carry = carry;
    doc
}

/// Reads and cleans the file at `path`; one too large to read is refused by its size alone.
fn clean_file(id: &str, path: &Path, rules: &RuleSet, limits: &Limits) -> Doc {
    if let Some(reason) = std::fs::metadata(path)
        .ok()
        .and_then(|m| too_large(m.len(), limits))
    {
        return Doc::rejected(id, reason);
    }
    match std::fs::read(path) {
        Ok(bytes) => clean_raw(id, &RawDoc::bytes(&path.to_string_lossy(), bytes), rules, limits),
        Err(e) => Doc::failed(id, format!("{}: cannot read: {e}", path.display())),
    }
}

/// Decodes and cleans the bytes of the file at `path` (its name decides text or HTML), as
/// document `path`.
pub fn clean_bytes(path: &Path, bytes: &[u8], rules: &RuleSet, limits: &Limits) -> Doc {
    let name = path.to_string_lossy();
    clean_raw(&name, &RawDoc::bytes(&name, bytes.to_vec()), rules, limits)
}

/// Decodes (raw bytes) and cleans one document.
pub fn clean_raw(id: &str, raw: &RawDoc, rules: &RuleSet, limits: &Limits) -> Doc {
    let given = raw.content.bytes();
    let mut doc = Doc::new(id);
    doc.source_sha256 = Some(sha256_hex(given));
    doc.bytes = given.len() as u64;
    let d = timed_stage(Stage::Decode, || decode(raw, limits));
    doc.decoding = Some(d.decoding);
    let page = if let Some(reason) = d.refusal {
        PageOutcome {
            outcome: Outcome::refused(reason),
            dropped: Vec::new(),
        }
    } else if d.decoding.format == Format::Html {
        clean_page(rules, &d.text, &d.sites)
    } else {
        PageOutcome {
            outcome: clean_text(rules, d.text, &d.sites),
            dropped: Vec::new(),
        }
    };
    let o = page.outcome;
    let fetched_from = DocMeta {
        url: raw.url.clone(),
        ..DocMeta::default()
    };
    doc.meta = o.meta.or(fetched_from);
    doc.dropped = page.dropped;
    doc.removals = o.removals;
    doc.source_text = o.source;
    match o.rejected {
        Some(reason) => {
            doc.status = Status::Rejected;
            doc.why = Some(reason);
        }
        None => {
            doc.status = Status::Cleaned;
            doc.text = o.text;
        }
    }
    doc
}

/// A document decoded and checked against the limits, before any rule runs.
struct Decoded {
    decoding: Decoding,
    text: String,
    /// Why it is not cleaned, when it is over a limit or binary.
    refusal: Option<String>,
    /// Its URL's host, which scopes site rules.
    sites: Vec<String>,
}

fn decode(raw: &RawDoc, limits: &Limits) -> Decoded {
    let host = raw.url.as_deref().and_then(host_of);
    let (format, text, encoding, source, malformed, size) = match &raw.content {
        Content::Bytes(bytes) => {
            let format = if is_html(Path::new(&raw.name), bytes) {
                Format::Html
            } else {
                Format::Text
            };
            let tld = host.as_deref().and_then(|h| h.rsplit('.').next());
            let d = decode_with_charset(bytes, tld.map(str::as_bytes), raw.http_charset.as_deref());
            (format, d.text, d.encoding, d.source, d.malformed, bytes.len())
        }
        Content::Text(t) => (
            Format::Text,
            t.clone(),
            "utf-8",
            EncodingSource::Given,
            0,
            t.len(),
        ),
        Content::Html(t) => (
            Format::Html,
            t.clone(),
            "utf-8",
            EncodingSource::Given,
            0,
            t.len(),
        ),
    };
    let chars_in = text.chars().count();
    let refusal = too_large(size as u64, limits).or_else(|| {
        if is_binary(&text, chars_in) {
            Some("binary content, not text".to_string())
        } else if format == Format::Html && crate::html::estimate_depth(&text) > limits.max_dom_depth {
            Some(format!(
                "HTML nested deeper than {} levels (--max-dom-depth)",
                limits.max_dom_depth
            ))
        } else {
            None
        }
    });
    Decoded {
        decoding: Decoding {
            format,
            encoding,
            source,
            malformed,
            chars_in,
        },
        text,
        refusal,
        sites: host.into_iter().collect(),
    }
}

/// The text the removal spans of `raw` point into (the decoded text, or a page's extracted
/// text), found without running the text rules: what [`clean_raw`] gives as `source_text`.
pub fn source_text(raw: &RawDoc, rules: &RuleSet, limits: &Limits) -> String {
    let mut d = decode(raw, limits);
    if d.refusal.is_some() {
        String::new()
    } else if d.decoding.format == Format::Html {
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
