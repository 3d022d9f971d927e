//! The matching view of a text: what rules match against.
//!
//! Every char of the source is folded: NFKC (full-width → half-width, compatibility forms), lower
//! case, traditional → simplified Chinese (OpenCC's character table through `zhconv`). Zero-width
//! characters and soft hyphens are dropped, HTML entities are decoded, and spaces between two CJK
//! characters are dropped, so `開\u{200b}雲 體育` and `&#24320;云体育` both read `开云体育`.
//! Line ends are kept, so line-anchored patterns work. Each byte of the view knows the source
//! bytes it came from, so a match in the view removes the right span of the original text.

use std::ops::Range;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

/// A folded copy of a text with a map back to source byte offsets.
#[derive(Debug, PartialEq)]
pub struct View {
    pub text: String,
    /// For each byte of `text`: the source span of the char it came from.
    origin: Vec<(u32, u32)>,
}

impl View {
    pub fn new(source: &str) -> View {
        View::masked(source, &[])
    }

    /// The view of `source` with the (sorted, disjoint) `hidden` spans left out, so rules see the
    /// text as if those spans were already removed.
    pub fn masked(source: &str, hidden: &[Range<usize>]) -> View {
        View::from_folded(&fold_chars(source, hidden))
    }

    /// [`View::masked`] from the fold of the whole `source` ([`Folded::new`]), which the views of
    /// one text with other spans hidden share: folding is most of a view's cost.
    pub fn masked_from(source: &str, whole: &Folded, hidden: &[Range<usize>]) -> View {
        if hidden.is_empty() {
            return View::from_folded(&whole.0);
        }
        let mut kept = Vec::with_capacity(whole.0.len());
        if !keep_unhidden(source, &whole.0, hidden, &mut kept) {
            return View::masked(source, hidden);
        }
        View::from_folded(&kept)
    }

    /// [`View::masked_from`] for new `hidden` spans, from `before`, the view of the same fold
    /// with `hidden_before`, whose lines are `before_lines`: a line hidden alike in both reads
    /// alike (a view line depends on its source line alone), so it is copied, not rebuilt.
    pub fn remasked(
        source: &str,
        whole: &Folded,
        hidden: &[Range<usize>],
        before: &View,
        before_lines: &[Range<usize>],
        hidden_before: &[Range<usize>],
    ) -> View {
        let b = source.as_bytes();
        let mut text = String::with_capacity(before.text.len());
        let mut origin = Vec::with_capacity(before.origin.len());
        let mut next_char = 0;
        let mut kept: Vec<(char, u32, u32)> = Vec::new();
        let (mut new_at, mut old_at) = (0, 0);
        let mut line_start = 0;
        for (line, view_line) in before_lines.iter().enumerate() {
            let line_end = memchr::memchr(b'\n', &b[line_start..]).map_or(b.len(), |i| line_start + i);
            // Both cursors stay at the first span that may reach this line or a later one.
            while hidden.get(new_at).is_some_and(|h| h.end <= line_start) {
                new_at += 1;
            }
            while hidden_before.get(old_at).is_some_and(|h| h.end <= line_start) {
                old_at += 1;
            }
            let chars_start = next_char;
            while whole
                .0
                .get(next_char)
                .is_some_and(|&(_, s, _)| (s as usize) <= line_end)
            {
                next_char += 1;
            }
            let with_newline = line + 1 < before_lines.len();
            let same = clipped(&hidden[new_at..], line_start, line_end).eq(clipped(
                &hidden_before[old_at..],
                line_start,
                line_end,
            ));
            if same {
                let end = view_line.end + usize::from(with_newline);
                text.push_str(&before.text[view_line.start..end]);
                origin.extend_from_slice(&before.origin[view_line.start..end]);
            } else {
                kept.clear();
                if !keep_unhidden(
                    source,
                    &whole.0[chars_start..next_char],
                    &hidden[new_at..],
                    &mut kept,
                ) {
                    return View::masked(source, hidden);
                }
                for_each_kept(&kept, |c, s, e| {
                    text.push(c);
                    origin.extend(std::iter::repeat_n((s, e), c.len_utf8()));
                });
            }
            line_start = line_end + 1;
        }
        View { text, origin }
    }

    fn from_folded(folded: &[(char, u32, u32)]) -> View {
        let mut text = String::with_capacity(folded.len() * 3);
        let mut origin = Vec::with_capacity(folded.len() * 3);
        for_each_kept(folded, |c, s, e| {
            text.push(c);
            origin.extend(std::iter::repeat_n((s, e), c.len_utf8()));
        });
        View { text, origin }
    }

    /// The byte range of every line of the view, line ends left out.
    pub fn lines(&self) -> Vec<Range<usize>> {
        let mut lines = Vec::new();
        let mut start = 0;
        for at in memchr::memchr_iter(b'\n', self.text.as_bytes()) {
            lines.push(start..at);
            start = at + 1;
        }
        lines.push(start..self.text.len());
        lines
    }

    /// The source span of the view range `r` (which must be non-empty and on char boundaries).
    pub fn source_span(&self, r: Range<usize>) -> Range<usize> {
        if r.start >= r.end {
            let at = self
                .origin
                .get(r.start)
                .map_or_else(|| self.origin.last().map_or(0, |o| o.1), |o| o.0);
            return at as usize..at as usize;
        }
        self.origin[r.start].0 as usize..self.origin[r.end - 1].1 as usize
    }
}

/// The parts of `spans` (sorted, from the first that may reach the line) within the line
/// `start..end` and its line end.
fn clipped(spans: &[Range<usize>], start: usize, end: usize) -> impl Iterator<Item = Range<usize>> + '_ {
    spans
        .iter()
        .take_while(move |h| h.start <= end)
        .map(move |h| h.start.max(start)..h.end.min(end + 1))
        .filter(|h| !h.is_empty())
}

/// Pushes onto `kept` the folded `chars` that no `hidden` span (sorted, disjoint) covers, and the
/// line ends that one does; `false` when a span hides part of an entity, which is then folded
/// char by char: the view must be folded again.
fn keep_unhidden(
    source: &str,
    chars: &[(char, u32, u32)],
    hidden: &[Range<usize>],
    kept: &mut Vec<(char, u32, u32)>,
) -> bool {
    let mut next = 0;
    for &(c, s, e) in chars {
        while next < hidden.len() && hidden[next].end <= s as usize {
            next += 1;
        }
        let Some(h) = hidden.get(next).filter(|h| h.start <= s as usize) else {
            kept.push((c, s, e));
            continue;
        };
        let char_len = || source[s as usize..].chars().next().map_or(1, char::len_utf8);
        if (e as usize) > h.end && (e - s) as usize > char_len() {
            return false;
        }
        if source.as_bytes()[s as usize] == b'\n' {
            kept.push((c, s, e));
        }
    }
    true
}

/// Every char of a text folded, with the source span it came from; what its views are built from.
#[derive(Clone)]
pub struct Folded(Vec<(char, u32, u32)>);

impl Folded {
    pub fn new(source: &str) -> Folded {
        Folded(fold_chars(source, &[]))
    }
}

/// Folds a string for matching: NFKC, lower case, traditional → simplified, as the view does.
/// Used for rule terms and keyword-list items, so both sides agree; no source map is built.
pub fn fold_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// [`fold_str`] appended to `out`.
pub fn fold_into(s: &str, out: &mut String) {
    // ASCII without entities folds to its lower case: no NFKC change, no ideographs, nothing
    // invisible (most keyword-list items of Latin-script pages).
    if s.is_ascii() && !s.contains('&') {
        let start = out.len();
        out.push_str(s);
        out[start..].make_ascii_lowercase();
        return;
    }
    // Folded straight into `out`, as `for_each_kept` would keep it: a run of spaces goes in at
    // once and is taken out again when it turns out to sit between two ideographs.
    let mut run_start: Option<usize> = None;
    let mut prev_solid: Option<char> = None;
    for_each_folded(s, &[], |c, _, _| {
        if c != '\n' && c.is_whitespace() {
            run_start.get_or_insert(out.len());
        } else {
            if let Some(start) = run_start.take() {
                if is_obfuscating_space(prev_solid, c) {
                    out.truncate(start);
                }
            }
            prev_solid = Some(c);
        }
        out.push(c);
    });
}

/// Every char of `source` folded for matching, with the source span it came from; the
/// `hidden` spans (sorted, disjoint) are left out, line ends excepted.
fn fold_chars(source: &str, hidden: &[Range<usize>]) -> Vec<(char, u32, u32)> {
    let mut folded: Vec<(char, u32, u32)> = Vec::with_capacity(source.len() / 2);
    for_each_folded(source, hidden, |c, s, e| folded.push((c, s, e)));
    folded
}

/// Calls `emit` with every char of `source` folded, and the source span it came from (an
/// entity's whole span for the char it stands for), leaving out the `hidden` spans (sorted,
/// disjoint) but their line ends.
#[inline]
fn for_each_folded(source: &str, hidden: &[Range<usize>], mut emit: impl FnMut(char, u32, u32)) {
    let fold = fold_table();
    let mut next_hidden = 0;
    let mut chars = source.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        while next_hidden < hidden.len() && hidden[next_hidden].end <= i {
            next_hidden += 1;
        }
        if hidden.get(next_hidden).is_some_and(|h| h.start <= i && c != '\n') {
            continue;
        }
        let (s, mut e) = (i as u32, (i + c.len_utf8()) as u32);
        let mut c = c;
        if c == '&' {
            if let Some((decoded, len)) = decode_entity(&source[i..]) {
                while chars.peek().is_some_and(|&(j, _)| j < i + len) {
                    chars.next();
                }
                (c, e) = (decoded, (i + len) as u32);
            }
        }
        fold_char(c, fold, |f| emit(f, s, e));
    }
}

/// Whether a run of spaces before `next`, after the last solid char `prev_solid` of its line,
/// is obfuscation (`必 一 运 动`): it sits between two CJK ideographs.
fn is_obfuscating_space(prev_solid: Option<char>, next: char) -> bool {
    prev_solid.is_some_and(is_cjk_ideograph) && is_cjk_ideograph(next)
}

/// Calls `keep` for each folded char that stays in the view: a space between two CJK
/// characters of one line (`必 一 运 动`) is obfuscation and goes.
fn for_each_kept(folded: &[(char, u32, u32)], mut keep: impl FnMut(char, u32, u32)) {
    // A run of spaces waits for the char after it (a line end counts as one) to be judged.
    let mut run_start: Option<usize> = None;
    let mut prev_solid: Option<char> = None;
    for (k, &(c, s, e)) in folded.iter().enumerate() {
        if c != '\n' && c.is_whitespace() {
            run_start.get_or_insert(k);
            continue;
        }
        if let Some(start) = run_start.take() {
            if !is_obfuscating_space(prev_solid, c) {
                folded[start..k].iter().for_each(|&(c, s, e)| keep(c, s, e));
            }
        }
        prev_solid = Some(c);
        keep(c, s, e);
    }
    if let Some(start) = run_start {
        folded[start..].iter().for_each(|&(c, s, e)| keep(c, s, e));
    }
}

/// Calls `emit` with each char that `c` folds to (none for an invisible one).
#[inline]
fn fold_char(c: char, fold: &[u32], mut emit: impl FnMut(char)) {
    if is_invisible(c) {
        return;
    }
    if c.is_ascii() {
        emit(c.to_ascii_lowercase());
        return;
    }
    if is_cjk_ideograph(c) {
        emit(fold_han(c, fold));
        return;
    }
    if let Some(one) = folded_bmp_char(c, fold) {
        emit(one);
        return;
    }
    for n in std::iter::once(c).nfkc() {
        for l in n.to_lowercase() {
            emit(fold_han(l, fold));
        }
    }
}

/// The fold of a BMP char that folds to one char, remembered: NFKC per char costs as much as
/// the rest of the fold, and a text repeats its punctuation and letters. `None` for a char that
/// folds to several (`…` → `...`) or is outside the BMP.
fn folded_bmp_char(c: char, fold: &[u32]) -> Option<char> {
    use std::sync::atomic::{AtomicU32, Ordering};
    // 0: not known yet; MANY: folds to several chars; else the folded char + 1.
    const MANY: u32 = u32::MAX;
    static MEMO: [AtomicU32; 0x10000] = [const { AtomicU32::new(0) }; 0x10000];
    let slot = MEMO.get(c as usize)?;
    let known = slot.load(Ordering::Relaxed);
    if known == 0 {
        let mut folded = std::iter::once(c)
            .nfkc()
            .flat_map(char::to_lowercase)
            .map(|l| fold_han(l, fold));
        let one = match (folded.next(), folded.next()) {
            (Some(one), None) => Some(one),
            _ => None,
        };
        slot.store(one.map_or(MANY, |x| x as u32 + 1), Ordering::Relaxed);
        return one;
    }
    (known != MANY).then(|| char::from_u32(known - 1).expect("a stored char"))
}

fn fold_han(c: char, fold: &[u32]) -> char {
    let u = c as usize;
    if u < fold.len() && fold[u] != 0 {
        char::from_u32(fold[u]).unwrap_or(c)
    } else {
        c
    }
}

/// Zero-width and formatting characters that hide inside spam words.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}' | '\u{034F}'
    )
}

pub fn is_cjk_ideograph(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FA1F}')
}

/// The traditional → simplified table for single BMP characters, indexed by code point.
fn fold_table() -> &'static [u32] {
    static TABLE: OnceLock<Vec<u32>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mapping = zhconv::ZhConverterBuilder::new()
            .target(zhconv::Variant::ZhHans)
            .table(zhconv::tables::ZH_HANS_TABLE)
            .build_mapping();
        let mut table = vec![0u32; 0x10000];
        for (from, to) in mapping {
            let mut f = from.chars();
            let mut t = to.chars();
            if let (Some(a), None, Some(b), None) = (f.next(), f.next(), t.next(), t.next()) {
                if (a as usize) < table.len() {
                    table[a as usize] = b as u32;
                }
            }
        }
        table
    })
}

/// Decodes one HTML entity at the start of `s`: numeric ones and the named ones that hide spam
/// or spacing in text dumps. Returns the char and the entity's length in bytes.
fn decode_entity(s: &str) -> Option<(char, usize)> {
    let end = s.as_bytes().iter().take(12).position(|&b| b == b';')?;
    let body = &s[1..end];
    let c = if let Some(num) = body.strip_prefix('#') {
        let n = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        char::from_u32(n).filter(|c| !matches!(c, '\0' | '\n' | '\r'))?
    } else {
        match body {
            "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "shy" => '\u{AD}',
            "zwj" => '\u{200D}',
            "zwnj" => '\u{200C}',
            "middot" => '·',
            "ldquo" => '“',
            "rdquo" => '”',
            "lsquo" => '‘',
            "rsquo" => '’',
            "mdash" => '—',
            "ndash" => '–',
            "hellip" => '…',
            "copy" => '©',
            "reg" => '®',
            "raquo" => '»',
            "laquo" => '«',
            _ => return None,
        }
    };
    Some((c, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_obfuscations_to_one_form() {
        for s in [
            "开\u{200b}云体育",
            "開雲體育",
            "开 云 体 育",
            "&#24320;云体育",
            "開&#x96f2;體育",
        ] {
            assert_eq!(View::new(s).text, "开云体育", "{s}");
        }
        assert_eq!(View::new("ｂｗｉｎ必赢").text, "bwin必赢");
        assert_eq!(View::new("ABC 必 一").text, "abc 必一");
    }

    #[test]
    fn views_from_one_fold_equal_views_folded_again() {
        let src = "開 雲&#x96f2;體\n育 ｂｗｉｎ&amp;\u{200b}x\n必 一";
        let bounds: Vec<usize> = (0..=src.len()).filter(|&i| src.is_char_boundary(i)).collect();
        let whole = Folded::new(src);
        for (k, &a) in bounds.iter().enumerate() {
            for &b in &bounds[k..] {
                for &c in bounds.iter().filter(|&&c| c >= b) {
                    let hidden = [a..b, c..src.len()];
                    let (want, got) = (
                        View::masked(src, &hidden),
                        View::masked_from(src, &whole, &hidden),
                    );
                    assert_eq!(got.text, want.text, "{hidden:?}");
                    assert_eq!(got.origin, want.origin, "{hidden:?}");
                }
            }
        }
    }

    #[test]
    fn maps_view_ranges_back_to_source_bytes() {
        let src = "前文開\u{200b}雲體育,後文";
        let v = View::new(src);
        let at = v.text.find("开云体育").unwrap();
        let span = v.source_span(at..at + "开云体育".len());
        assert_eq!(&src[span], "開\u{200b}雲體育");
    }

    #[test]
    fn masked_views_skip_hidden_spans_but_map_to_the_source() {
        let src = "11个(gè)月前";
        let gloss = src.find('(').unwrap()..src.find(')').unwrap() + 1;
        let v = View::masked(src, &[gloss]);
        assert_eq!(v.text, "11个月前");
        assert_eq!(&src[v.source_span(0..v.text.len())], src);
    }

    #[test]
    fn keeps_line_ends_and_spaces_between_latin_words() {
        assert_eq!(View::new("A b\n\u{3000}中 文").text, "a b\n 中文");
    }
}
