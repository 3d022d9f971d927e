//! What bounds a page before it is parsed: how deep its elements nest ([`estimate_depth`],
//! checked against the depth limit), and its script and style bodies shortened ([`shorten`]).
//!
//! Script and style bodies are four tenths of a typical news page's bytes, never article text,
//! and the parser walks them character by character; when the rules drop every such element, only
//! the start of its body (what the manifest quotes of a dropped element) is worth parsing.

use std::borrow::Cow;

/// Elements whose content is text up to their end tag, never markup: a `<script>` inside them is
/// not an element, so the scan steps over them whole.
const OPAQUE: &[&[u8]] = &[
    b"title",
    b"textarea",
    b"xmp",
    b"iframe",
    b"noembed",
    b"noframes",
    b"noscript",
    b"plaintext",
];

/// Elements that never have content, so never nest.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track",
    "wbr",
];

/// `html` with the body of every `<tag>` of `tags` (lowercase raw-text elements: `script`,
/// `style`) but JSON-LD cut after its first `keep` non-space characters. A body holding `<!--` is left whole,
/// as the tokenizer's escaped states could end it elsewhere than at the first `</tag`. The parse
/// of the result has the same elements, with the same attributes, as the parse of `html`.
pub fn shorten<'a>(html: &'a str, tags: &[&str], keep: usize) -> Cow<'a, str> {
    if tags.is_empty() {
        return Cow::Borrowed(html);
    }
    let b = html.as_bytes();
    let mut out = String::new();
    let mut copied = 0;
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &b[i..]) {
        let lt = i + off;
        let rest = &b[lt + 1..];
        if rest.starts_with(b"!--") {
            i = match memchr::memmem::find(&b[lt + 4..], b"-->") {
                Some(at) => lt + 4 + at + 3,
                None => break,
            };
            continue;
        }
        if matches!(rest.first(), Some(b'!' | b'?')) {
            i = match memchr::memchr(b'>', rest) {
                Some(at) => lt + 1 + at + 1,
                None => break,
            };
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_at = lt + 1 + usize::from(closing);
        let name_len = b[name_at..]
            .iter()
            .take_while(|c| !matches!(c, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>'))
            .count();
        if name_len == 0 || !b[name_at].is_ascii_alphabetic() {
            i = lt + 1;
            continue;
        }
        let name = &b[name_at..name_at + name_len];
        let Some(tag_end) = start_tag_end(b, name_at + name_len) else {
            break;
        };
        i = tag_end;
        if closing {
            continue;
        }
        if let Some(opaque) = OPAQUE.iter().find(|t| name.eq_ignore_ascii_case(t)) {
            if *opaque == b"plaintext" {
                break;
            }
            match end_tag(b, tag_end, opaque) {
                Some(at) => i = at,
                None => break,
            }
            continue;
        }
        let Some(tag) = tags.iter().find(|t| name.eq_ignore_ascii_case(t.as_bytes())) else {
            continue;
        };
        // JSON-LD is read for the page's date and author.
        let start_tag = &b[lt..tag_end];
        if start_tag.windows(7).any(|w| w.eq_ignore_ascii_case(b"ld+json")) {
            continue;
        }
        let Some(body_end) = end_tag(b, tag_end, tag.as_bytes()) else {
            break;
        };
        let body = &html[tag_end..body_end];
        let cut = tag_end + prefix_len(body, keep);
        if cut < body_end && memchr::memmem::find(body.as_bytes(), b"<!--").is_none() {
            out.push_str(&html[copied..cut]);
            copied = body_end;
        }
        i = body_end;
    }
    if copied == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

/// Where a tag whose name ends at `i` ends (just past its `>`), reading attribute values in
/// quotes as the tokenizer does, so that a `>` inside one does not end it.
fn start_tag_end(b: &[u8], mut i: usize) -> Option<usize> {
    loop {
        while i < b.len() && matches!(b[i], b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/') {
            i += 1;
        }
        match b.get(i)? {
            b'>' => return Some(i + 1),
            _ => {
                // An attribute name (a leading `=` belongs to it), then perhaps `=` and a value.
                i += 1;
                while i < b.len()
                    && !matches!(b[i], b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>' | b'=')
                {
                    i += 1;
                }
                while i < b.len() && matches!(b[i], b'\t' | b'\n' | b'\x0c' | b'\r' | b' ') {
                    i += 1;
                }
                if b.get(i) != Some(&b'=') {
                    continue;
                }
                i += 1;
                while i < b.len() && matches!(b[i], b'\t' | b'\n' | b'\x0c' | b'\r' | b' ') {
                    i += 1;
                }
                match b.get(i)? {
                    &q @ (b'"' | b'\'') => i += 1 + memchr::memchr(q, &b[i + 1..])? + 1,
                    _ => {
                        while i < b.len() && !matches!(b[i], b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'>') {
                            i += 1;
                        }
                    }
                }
            }
        }
    }
}

/// Where the first `</name` (any case) followed by a space, `/` or `>` starts, from `from`: the
/// end of a raw-text element's body as the tokenizer reads it.
fn end_tag(b: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut i = from;
    while let Some(off) = memchr::memmem::find(&b[i..], b"</") {
        let at = i + off;
        let after = at + 2 + name.len();
        if b.len() > after
            && b[at + 2..after].eq_ignore_ascii_case(name)
            && matches!(b[after], b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>')
        {
            return Some(at);
        }
        i = at + 2;
    }
    None
}

/// Bytes of `body` up to and including its `keep`-th non-space character.
fn prefix_len(body: &str, keep: usize) -> usize {
    let mut seen = 0;
    for (at, c) in body.char_indices() {
        if !c.is_whitespace() {
            seen += 1;
            if seen == keep {
                return at + c.len_utf8();
            }
        }
    }
    body.len()
}

/// The deepest element nesting a page's tags imply, counted without parsing (start tags open,
/// end tags close, void and self-closed tags do neither; script and style bodies are skipped).
/// Unclosed tags count as open, as a parser keeps formatting elements open.
pub fn estimate_depth(html: &str) -> usize {
    let b = html.as_bytes();
    let (mut depth, mut max, mut i) = (0usize, 0usize, 0usize);
    while let Some(off) = memchr::memchr(b'<', &b[i..]) {
        i += off + 1;
        if i >= b.len() {
            break;
        }
        if b[i] == b'/' {
            depth = depth.saturating_sub(1);
            continue;
        }
        if !b[i].is_ascii_alphabetic() {
            continue;
        }
        let start = i;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-') {
            i += 1;
        }
        let name = &b[start..i];
        let Some(close) = memchr::memchr(b'>', &b[i..]) else {
            break;
        };
        let self_closed = close > 0 && b[i + close - 1] == b'/';
        i += close + 1;
        if name.eq_ignore_ascii_case(b"script") || name.eq_ignore_ascii_case(b"style") {
            match end_tag(b, i, name) {
                Some(at) => i = at,
                None => break,
            }
            continue;
        }
        if !self_closed && !VOID.iter().any(|v| name.eq_ignore_ascii_case(v.as_bytes())) {
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

#[cfg(test)]
mod tests {
    use super::*;

    fn short(html: &str) -> String {
        shorten(html, &["script", "style"], 3).into_owned()
    }

    #[test]
    fn bodies_are_cut_after_their_first_characters() {
        assert_eq!(
            short("<p>a</p><script type=x>var  abc = 1;</script><STYLE>p { x }</Style ><p>b</p>"),
            "<p>a</p><script type=x>var</script><STYLE>p { x</Style ><p>b</p>"
        );
    }

    #[test]
    fn markup_that_only_looks_like_a_script_is_left_alone() {
        for html in [
            "<!-- <script>secret text</script> -->",
            "<p title=\"<script>\">long text</p></script>",
            "<title><script>long text</script></title>",
            "<textarea><style>long text</style></textarea>",
            "<scripts>long text</scripts>",
            "<script>a<!-- b <script>c</script> d --></script>",
            "<script>unclosed body",
            "<script type=\"application/LD+JSON\">{\"a\": 1}</script>",
        ] {
            assert_eq!(short(html), html);
        }
    }

    #[test]
    fn an_end_tag_needs_a_delimiter_after_its_name() {
        assert_eq!(
            short("<script>abcd</scripts>efg</script>"),
            "<script>abc</script>"
        );
    }

    #[test]
    fn a_parse_keeps_its_elements_and_attributes() {
        let html = "<html><head><style>.a{color:red}</style><script src=\"x.js\"></script>\
<script>var s = '<div>'; if (a < b) {}</script></head><body><p class=\"a\">Text.</p>\
<script type=\"application/ld+json\">{\"datePublished\":\"2024-01-01\"}</script></body></html>";
        let shape = |h: &str| {
            scraper::Html::parse_document(h)
                .tree
                .nodes()
                .filter_map(|n| n.value().as_element().map(|e| format!("{e:?}")))
                .collect::<Vec<_>>()
        };
        let cut = shorten(html, &["script", "style"], 5);
        assert!(cut.len() < html.len());
        assert_eq!(shape(&cut), shape(html));
    }
}
