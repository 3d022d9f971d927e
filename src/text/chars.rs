//! What a char is to the rules: punctuation, part of a word; and the comparison form of a line.

use super::normalize::fold_str;

/// Punctuation or symbol that ends a clause or separates items (in the folded view).
pub fn is_punct(c: char) -> bool {
    !c.is_alphanumeric() && !c.is_whitespace()
}

/// A char that belongs to a word: CJK ideograph, letter or digit.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// The comparison form of a line: folded, letters and digits only, so `競逐人工智能,山東` and
/// `竞逐人工智能 山东` compare equal.
pub fn squash(text: &str) -> String {
    fold_str(text).chars().filter(|c| c.is_alphanumeric()).collect()
}
