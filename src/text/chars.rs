//! What a char is to the rules: the one home of every kind of punctuation the code reads (each
//! set named for what it tells), what belongs to a word; and the comparison form of a line.

use super::normalize::fold_str;

/// Marks that end a sentence, in both widths: a line ending in one is prose, not a list item or
/// a dateline.
pub const SENTENCE_ENDS: [char; 6] = ['.', '!', '?', '。', '！', '？'];

/// Marks that end a paragraph of a page's article (what its last block should end in; a
/// question there is rare, an ellipsis common).
pub const PARAGRAPH_ENDS: [char; 5] = ['.', '!', '。', '！', '…'];

/// Marks between the clauses of a sentence: a line holding one is prose.
pub const CLAUSE_MARKS: [char; 5] = [',', '、', ';', '，', '；'];

/// Separators between a list's items, which double up when an item between them is removed
/// (`制造、必一运动、养老`).
pub const LIST_SEPARATORS: [char; 9] = ['、', '，', ',', '；', ';', '：', ':', '|', '｜'];

/// Marks that end a line of body text rather than a headline (`。`, `；`).
pub const BODY_LINE_ENDS: [char; 3] = ['。', '；', ';'];

/// Marks after a label (`来源：`): a line ending in one is a label, not a headline.
pub const LABEL_ENDS: [char; 2] = [':', '：'];

/// Bars between menu items: a line of several is a menu, not a headline.
pub const MENU_BARS: [char; 2] = ['|', '｜'];

/// The full stop of CJK text: an item holding one is a sentence, not a keyword.
pub const FULL_STOP: char = '。';

/// Punctuation or symbol that ends a clause or separates items (in the folded view).
pub fn is_punct(c: char) -> bool {
    !c.is_alphanumeric() && !c.is_whitespace()
}

/// The marks of prose a text block is scored by: [`SENTENCE_ENDS`], [`CLAUSE_MARKS`] and
/// [`LABEL_ENDS`] (spelled out: this runs on every char of a page).
pub fn is_prose_mark(c: char) -> bool {
    matches!(
        c,
        ',' | '.' | '!' | '?' | ';' | ':' | '，' | '。' | '！' | '？' | '；' | '：' | '、'
    )
}

/// A char that belongs to a word: CJK ideograph, letter or digit.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// The comparison form of a line: folded, letters and digits only, so `競逐人工智能,山東` and
/// `竞逐人工智能 山东` compare equal.
pub fn squash(text: &str) -> String {
    fold_str(text)
        .chars()
        .filter(|&c| is_letter_or_digit(c))
        .collect()
}

/// `char::is_alphanumeric`, with the common cases (ASCII, CJK ideographs) answered without the
/// Unicode table lookup.
pub fn is_letter_or_digit(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        crate::text::normalize::is_cjk_ideograph(c) || c.is_alphanumeric()
    }
}

/// The char boundary of `s` at or before byte `i` (clamped to its length): where a byte budget
/// cuts a text without splitting a char.
pub fn floor_char(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_marks_are_the_sentence_clause_and_label_marks() {
        let sets: Vec<char> = [&SENTENCE_ENDS[..], &CLAUSE_MARKS, &LABEL_ENDS].concat();
        for c in (0..0x3100u32)
            .filter_map(char::from_u32)
            .chain("，。！？；：、".chars())
        {
            assert_eq!(is_prose_mark(c), sets.contains(&c), "{c:?}");
        }
    }
}
