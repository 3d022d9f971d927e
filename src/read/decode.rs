//! Bytes → UTF-8 text, and how the encoding was decided.
//!
//! Order: BOM → a declared charset (HTML `<meta>`, XML declaration) that decodes without errors →
//! UTF-16 without BOM by its NUL pattern (ASCII-heavy UTF-16 is also valid UTF-8, so this comes
//! first) → strict UTF-8 → UTF-16 without BOM by its code units (CJK-heavy UTF-16) → `chardetng`
//! (which never guesses UTF-16, hence last). GB2312 and GBK labels decode as GB18030, as browsers
//! do. A declared charset that does not decode cleanly loses to the bytes when they are UTF-8;
//! otherwise it still wins if its malformed sequences are rare (real GB pages often hold one
//! truncated character, which would make the sniffer rule GBK out).

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE};

pub use crate::model::EncodingSource;

/// A decoded document.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    /// WHATWG name of the encoding, lower case (`utf-8`, `gb18030`, `big5`, `utf-16le`, …).
    pub encoding: &'static str,
    pub source: EncodingSource,
    /// Malformed byte sequences replaced by U+FFFD.
    pub malformed: usize,
}

/// How many bytes `chardetng` sees first: it is slow (~650 instructions a byte), and a window
/// decides as well as the whole (2 KB already gave the whole's guess on every corpus and
/// benchmark page).
const SNIFF_WINDOW: usize = 4 * 1024;
/// How far into the bytes the second opinion's chunks reach.
const SNIFF_VOTE_SPAN: usize = 64 * 1024;
/// How far into an HTML page a `<meta charset>` is looked for.
const DECLARATION_PREFIX: usize = 4096;

/// Decodes `bytes`; `tld` (such as `b"cn"`) helps the sniffer when the URL is known.
pub fn decode(bytes: &[u8], tld: Option<&[u8]>) -> Decoded {
    decode_with_charset(bytes, tld, None)
}

/// [`decode`] with the charset an HTTP `Content-Type` named (a WARC response): it counts as a
/// declaration when the bytes declare none themselves, and like one it must decode cleanly.
pub fn decode_with_charset(bytes: &[u8], tld: Option<&[u8]>, http_charset: Option<&str>) -> Decoded {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return finish(enc, &bytes[bom_len..], EncodingSource::Bom);
    }
    let declared = declared_charset(bytes).or_else(|| {
        let enc = Encoding::for_label(http_charset?.trim().as_bytes())?;
        (enc != UTF_16LE && enc != UTF_16BE).then(|| widen(enc))
    });
    if let Some(enc) = declared {
        if let Some(text) = enc.decode_without_bom_handling_and_without_replacement(bytes) {
            return Decoded {
                text: text.into_owned(),
                encoding: name(enc),
                source: EncodingSource::Declared,
                malformed: 0,
            };
        }
    }
    if let Some(enc) = utf16_by_nuls(bytes) {
        return finish(enc, bytes, EncodingSource::Utf16Heuristic);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded {
            text: text.to_owned(),
            encoding: "utf-8",
            source: EncodingSource::Utf8,
            malformed: 0,
        };
    }
    if let Some(enc) = utf16_by_units(bytes) {
        return finish(enc, bytes, EncodingSource::Utf16Heuristic);
    }
    let non_ascii = bytes.iter().filter(|b| **b >= 0x80).count();
    if let Some(enc) = declared {
        let d = finish(enc, bytes, EncodingSource::Declared);
        if d.malformed * RARE_MALFORMED <= non_ascii.max(RARE_MALFORMED) {
            return d;
        }
    }
    // UTF-8 with a few broken sequences (a truncated file, one bad byte) is still UTF-8. The
    // broken sequences are counted before decoding: most such files are another encoding.
    let broken = utf8_malformed(bytes);
    if non_ascii > 0 && broken * RARE_MALFORMED <= non_ascii.max(RARE_MALFORMED) {
        return finish(encoding_rs::UTF_8, bytes, EncodingSource::Utf8);
    }
    finish(
        widen(sniff(bytes, tld, non_ascii)),
        bytes,
        EncodingSource::Sniffed,
    )
}

/// A declared charset may have one malformed sequence per this many non-ASCII bytes.
const RARE_MALFORMED: usize = 200;
/// Chunk size for the sniffer's second opinion.
const SNIFF_CHUNK: usize = 4 * 1024;

/// chardetng on a window of the bytes. It rules an encoding out at its first invalid sequence,
/// so a GB page with one truncated character comes out as windows-1252; when it lands on a
/// single-byte guess for text with many non-ASCII bytes, detectors run on separate chunks vote
/// instead.
fn sniff(bytes: &[u8], tld: Option<&[u8]>, non_ascii: usize) -> &'static Encoding {
    let guess_of = |chunk: &[u8], last: bool| {
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        detector.feed(chunk, last);
        detector.guess(tld, chardetng::Utf8Detection::Allow)
    };
    // The window starts at the first non-ASCII byte (a lead byte in every encoding sniffed):
    // a page's first kilobytes are often ASCII markup that tells the encodings nothing.
    let start = bytes.iter().position(|b| *b >= 0x80).unwrap_or(0);
    let window = &bytes[start..bytes.len().min(start + SNIFF_WINDOW)];
    let guess = guess_of(window, start + window.len() == bytes.len());
    if guess.is_single_byte() && non_ascii >= 64 {
        let mut votes: Vec<(&'static Encoding, usize)> = Vec::new();
        for chunk in bytes[..bytes.len().min(SNIFF_VOTE_SPAN)].chunks(SNIFF_CHUNK) {
            if chunk.iter().filter(|b| **b >= 0x80).count() < 16 {
                continue;
            }
            let g = guess_of(chunk, false);
            if !g.is_single_byte() {
                match votes.iter_mut().find(|(e, _)| *e == g) {
                    Some(v) => v.1 += 1,
                    None => votes.push((g, 1)),
                }
            }
        }
        if let Some(&(best, _)) = votes.iter().max_by_key(|(_, n)| *n) {
            return best;
        }
    }
    guess
}

fn finish(enc: &'static Encoding, bytes: &[u8], source: EncodingSource) -> Decoded {
    let (text, malformed) = decode_counting(enc, bytes);
    Decoded {
        text,
        encoding: name(enc),
        source,
        malformed,
    }
}

/// How many sequences a UTF-8 decoder replaces in `bytes`: each maximal invalid subpart, as
/// `encoding_rs` and the standard library both count them.
fn utf8_malformed(bytes: &[u8]) -> usize {
    bytes.utf8_chunks().filter(|c| !c.invalid().is_empty()).count()
}

/// Decodes with replacement and counts the malformed sequences that were replaced.
fn decode_counting(enc: &'static Encoding, bytes: &[u8]) -> (String, usize) {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let cap = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len() * 3 + 16);
    let mut out = String::with_capacity(cap);
    let mut input = bytes;
    let mut malformed = 0;
    loop {
        let (result, read) = decoder.decode_to_string_without_replacement(input, &mut out, true);
        input = &input[read..];
        match result {
            encoding_rs::DecoderResult::InputEmpty => break,
            encoding_rs::DecoderResult::OutputFull => {
                out.reserve(input.len() * 3 + 16);
            }
            encoding_rs::DecoderResult::Malformed(_, _) => {
                malformed += 1;
                out.push('\u{FFFD}');
            }
        }
    }
    (out, malformed)
}

fn name(enc: &'static Encoding) -> &'static str {
    match enc.name() {
        "UTF-8" => "utf-8",
        "UTF-16LE" => "utf-16le",
        "UTF-16BE" => "utf-16be",
        "gb18030" => "gb18030",
        "Big5" => "big5",
        "Shift_JIS" => "shift_jis",
        "EUC-JP" => "euc-jp",
        "EUC-KR" => "euc-kr",
        "windows-1252" => "windows-1252",
        other => other,
    }
}

/// GBK and GB2312 labels decode as GB18030, a superset, as browsers do.
fn widen(enc: &'static Encoding) -> &'static Encoding {
    if enc == encoding_rs::GBK {
        GB18030
    } else {
        enc
    }
}

/// The charset named by `<meta charset>`, `<meta http-equiv content="…charset=…">` or an XML
/// declaration near the start of the bytes.
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(DECLARATION_PREFIX)];
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let label = find_label(&lower, b"charset")
        .or_else(|| find_label(&lower, b"encoding").filter(|_| lower.starts_with(b"<?xml")))?;
    let enc = Encoding::for_label(label)?;
    // A page that declares UTF-16 in ASCII bytes is not UTF-16; let the bytes decide.
    if enc == UTF_16LE || enc == UTF_16BE {
        return None;
    }
    Some(widen(enc))
}

/// The value after `key` `=` (quoted or bare), as in `charset="gbk"` or `encoding='big5'`.
fn find_label<'a>(lower: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], key) {
        let mut i = from + pos + key.len();
        while i < lower.len() && lower[i].is_ascii_whitespace() {
            i += 1;
        }
        if i < lower.len() && lower[i] == b'=' {
            i += 1;
            while i < lower.len() && (lower[i].is_ascii_whitespace() || lower[i] == b'"' || lower[i] == b'\'')
            {
                i += 1;
            }
            let start = i;
            while i < lower.len() && (lower[i].is_ascii_alphanumeric() || b"-_:.".contains(&lower[i])) {
                i += 1;
            }
            if i > start {
                return Some(&lower[start..i]);
            }
        }
        from += pos + key.len();
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

fn utf16_sample(bytes: &[u8]) -> &[u8] {
    &bytes[..bytes.len().min(4096) & !1]
}

/// UTF-16 without a BOM, told by NULs: ASCII code units put a NUL at every other byte.
fn utf16_by_nuls(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = utf16_sample(bytes);
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even_nul = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nul = sample.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    if odd_nul * 10 >= pairs * 3 && even_nul * 20 < pairs {
        Some(UTF_16LE)
    } else if even_nul * 10 >= pairs * 3 && odd_nul * 20 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// UTF-16 without a BOM, told by code units: Chinese UTF-16 has few NULs, but nearly every code
/// unit is a CJK ideograph, CJK punctuation or ASCII.
fn utf16_by_units(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = utf16_sample(bytes);
    if sample.len() < 8 {
        return None;
    }
    [UTF_16LE, UTF_16BE]
        .into_iter()
        .find(|&enc| looks_like_cjk_utf16(enc, sample))
}

/// Counts the code units of a UTF-16 sample that are CJK ideographs, CJK and general punctuation,
/// Latin, geometric marks or line ends; a real Chinese UTF-16 text is nearly all of those, while
/// GBK or Big5 bytes read as UTF-16 (or UTF-16 read in the wrong byte order) scatter over the
/// whole plane and hit surrogates.
fn looks_like_cjk_utf16(enc: &'static Encoding, sample: &[u8]) -> bool {
    let units: Vec<u16> = sample
        .chunks_exact(2)
        .map(|c| {
            if enc == UTF_16LE {
                u16::from_le_bytes([c[0], c[1]])
            } else {
                u16::from_be_bytes([c[0], c[1]])
            }
        })
        .collect();
    let plausible = units
        .iter()
        .filter(|&&u| {
            (0x4E00..=0x9FFF).contains(&u)
                || (0x3000..=0x303F).contains(&u)
                || (0xFF00..=0xFFEF).contains(&u)
                || (0x20..0x7F).contains(&u)
                || (0xA0..=0x24F).contains(&u)
                || (0x2000..=0x206F).contains(&u)
                || (0x25A0..=0x26FF).contains(&u)
                || matches!(u, 0x09 | 0x0A | 0x0D)
        })
        .count();
    let cjk = units.iter().filter(|&&u| (0x4E00..=0x9FFF).contains(&u)).count();
    // An emoji is a high surrogate followed by a low one; a wrong decode leaves them unpaired.
    let high = |u: u16| (0xD800..=0xDBFF).contains(&u);
    let low = |u: u16| (0xDC00..=0xDFFF).contains(&u);
    let pairs = units.windows(2).filter(|w| high(w[0]) && low(w[1])).count();
    let surrogates = units.iter().filter(|&&u| high(u) || low(u)).count() - 2 * pairs;
    // Single-byte text read as UTF-16 pairs its ASCII bytes: `th` is U+7468, an ideograph, and a
    // run of spaces U+2020, punctuation. In real Chinese UTF-16 about a quarter of the units are
    // such pairs (ideographs whose two bytes are both printable ASCII).
    let ascii_byte = |b: u16| (0x20..0x7F).contains(&b) || matches!(b, 0x09 | 0x0A | 0x0D);
    let ascii_pairs = units
        .iter()
        .filter(|&&u| ascii_byte(u >> 8) && ascii_byte(u & 0xFF))
        .count();
    (plausible + 2 * pairs) * 100 >= units.len() * 95
        && cjk * 4 >= units.len()
        && surrogates * 100 <= units.len()
        && ascii_pairs * 100 <= units.len() * 60
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indented_latin_text_in_a_single_byte_encoding_is_not_read_as_utf16() {
        // A page's navigation, indented with spaces, then German prose: no NULs, and read as
        // UTF-16 nearly every unit is an ideograph or general punctuation.
        let mut text = String::new();
        for word in [
            "Erneuerbare Energien",
            "Wind",
            "Offshore",
            "Onshore",
            "Sonne",
            "Solarstrom",
        ] {
            text.push_str(&format!("{:40}{word}\n", ""));
        }
        text.push_str("Die Umfrage zeigt, dass Ökostromkunden besonders sensibel fürs Stromsparen sind.\n");
        let (bytes, _, bad) = encoding_rs::WINDOWS_1252.encode(&text);
        assert!(!bad);
        assert_eq!(utf16_by_units(&bytes), None);
        assert_eq!(decode(&bytes, None).encoding, "windows-1252");
        // Chinese UTF-16 without a BOM is still told by its units.
        let chinese = "广东发布人工智能措施,推进人工智能软件迭代升级、系统构建算法产业矩阵。\n".repeat(8);
        let le: Vec<u8> = chinese.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(utf16_by_units(&le), Some(UTF_16LE));
    }

    #[test]
    fn chinese_utf16_without_a_bom_is_told_with_emoji_in_it_but_not_with_lone_surrogates() {
        let line = "北方多地进入供暖季 清洁取暖覆盖率持续提高\n👁 35450  👍 830  💬 25\n记者走访发现，今年不少地方提前供暖。\n";
        let units: Vec<u16> = line.repeat(6).encode_utf16().collect();
        let le: Vec<u8> = units.iter().flat_map(|u| u.to_le_bytes()).collect();
        assert_eq!(utf16_by_units(&le), Some(UTF_16LE));
        // The same with each emoji's low half gone: what a wrong decode scatters.
        let lone: Vec<u8> = units
            .iter()
            .filter(|&&u| !(0xDC00..=0xDFFF).contains(&u))
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(utf16_by_units(&lone), None);
    }

    #[test]
    fn broken_utf8_is_counted_as_the_decoder_replaces_it() {
        let (gbk, _, _) = encoding_rs::GBK.encode("推进软件迭代升级、系统构建。");
        let mut cases: Vec<Vec<u8>> = vec![
            gbk.into_owned(),
            "正文".as_bytes()[..4].to_vec(),
            b"\xf0\x9f\x98".to_vec(),
        ];
        // Arbitrary bytes, weighted to lead and continuation bytes, from a fixed generator.
        let mut x: u32 = 12345;
        for _ in 0..300 {
            let bytes = (0..40)
                .map(|_| {
                    x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                    let b = (x >> 16) as u8;
                    if b % 3 == 0 {
                        b | 0x80
                    } else {
                        b
                    }
                })
                .collect();
            cases.push(bytes);
        }
        for bytes in cases {
            assert_eq!(
                utf8_malformed(&bytes),
                decode_counting(encoding_rs::UTF_8, &bytes).1,
                "{bytes:x?}"
            );
        }
    }
}
