//! A keyword-list lexicon: its folded terms in a hash set, probed at each end of a short item.
//!
//! The detector only searches short items (list entries of at most a few dozen chars), so a
//! probe per end and term length is cheap there; building the set takes ~1 ms for the adult
//! lexicons' 13,000 terms, where an Aho-Corasick automaton took 30–45 ms of every start-up.

use std::ops::Range;

use rustc_hash::FxHashMap;

use crate::text::normalize::fold_str;

/// Slots of the table of term lengths by last char: a char's low 12 bits pick its slot.
const LAST_CHAR_SLOTS: usize = 1 << 12;
/// Bits in the table of (first char, last char, length) triples: 32 KB, most probes of a
/// Latin-script item end there instead of hashing its substring.
const SHAPE_BITS: usize = 1 << 18;

/// A term's shape: its first and last chars and its length in chars, as a bit of the table.
fn shape_bit(first: char, last: char, chars: usize) -> usize {
    let mixed = (first as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ (last as u64).wrapping_mul(0xC2B2_AE3D_27D4_EB4F)
        ^ (chars as u64).wrapping_mul(0x1656_67B1_9E37_79F9);
    (mixed >> 40) as usize % SHAPE_BITS
}

fn slot(c: char) -> usize {
    c as usize % LAST_CHAR_SLOTS
}

/// The folded terms of one lexicon, with the tables that spare most probes.
#[derive(Clone, Debug)]
pub struct Lexicon {
    ids: FxHashMap<Box<str>, u32>,
    /// For each slot of last chars, the lengths (1 to 64 chars, bit `n - 1`) of the terms ending
    /// there: most positions of an item need no probe, the others only a few.
    lengths_by_last: Box<[u64]>,
    /// The lengths over 64 chars, longest first: every end is probed for them.
    long_lengths: Vec<usize>,
    /// The terms' shapes ([`shape_bit`]): most substrings need no hash lookup.
    shapes: Box<[u64]>,
    /// The non-ASCII chars of the terms, a bit per char of the Basic Multilingual Plane.
    bmp_chars: Box<[u64]>,
    /// The non-ASCII chars of the terms beyond that plane.
    other_chars: Vec<char>,
    /// The terms written in ASCII alone (`av`, `91`).
    ascii_terms: Vec<Box<str>>,
}

/// One term found: where, and which term (its rank among the distinct folded terms).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// Where, in the text searched.
    pub span: Range<usize>,
    /// Which term.
    pub term: u32,
}

impl Lexicon {
    /// The terms folded like the text; empty ones are left out.
    pub fn new(terms: Vec<String>) -> Lexicon {
        let mut folded: Vec<String> = terms
            .iter()
            .map(|t| fold_str(t))
            .filter(|t| !t.is_empty())
            .collect();
        folded.sort_unstable();
        folded.dedup();
        let mut lengths_by_last = vec![0u64; LAST_CHAR_SLOTS].into_boxed_slice();
        let mut long_lengths: Vec<usize> = Vec::new();
        let mut shapes = vec![0u64; SHAPE_BITS / 64].into_boxed_slice();
        let mut bmp_chars = vec![0u64; 0x1_0000 / 64].into_boxed_slice();
        let mut other_chars: Vec<char> = Vec::new();
        let mut ascii_terms: Vec<Box<str>> = Vec::new();
        let mut ids = FxHashMap::default();
        ids.reserve(folded.len());
        for (id, term) in folded.into_iter().enumerate() {
            if term.is_ascii() {
                ascii_terms.push(term.as_str().into());
            }
            for c in term.chars().filter(|c| !c.is_ascii()) {
                let n = c as usize;
                if n < 0x1_0000 {
                    bmp_chars[n / 64] |= 1 << (n % 64);
                } else if !other_chars.contains(&c) {
                    other_chars.push(c);
                }
            }
            let chars = term.chars().count();
            let first = term.chars().next().unwrap_or_default();
            let last = term.chars().next_back().unwrap_or_default();
            if chars <= 64 {
                lengths_by_last[slot(last)] |= 1 << (chars - 1);
            } else if !long_lengths.contains(&chars) {
                long_lengths.push(chars);
            }
            let bit = shape_bit(first, last, chars);
            shapes[bit / 64] |= 1 << (bit % 64);
            ids.insert(term.into_boxed_str(), id as u32);
        }
        long_lengths.sort_unstable_by(|a, b| b.cmp(a));
        Lexicon {
            ids,
            lengths_by_last,
            long_lengths,
            shapes,
            bmp_chars,
            other_chars,
            ascii_terms,
        }
    }

    /// Whether `folded` (text folded like the terms) holds one of the terms' non-ASCII chars:
    /// without one, only the ASCII terms can occur in it or in any part of it.
    pub fn holds_term_char(&self, folded: &str) -> bool {
        folded.chars().any(|c| {
            let n = c as usize;
            match n {
                0..0x80 => false,
                0x80..0x1_0000 => self.bmp_chars[n / 64] & (1 << (n % 64)) != 0,
                _ => self.other_chars.contains(&c),
            }
        })
    }

    /// The ASCII terms that `folded` contains.
    pub fn ascii_terms_in<'a>(&'a self, folded: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.ascii_terms
            .iter()
            .map(|t| &**t)
            .filter(move |t| folded.contains(t))
    }

    /// Calls `found` with the terms in `text` (folded), as a standard Aho-Corasick search reports
    /// them: the earliest end first, there the longest term, and the next search starts where
    /// that one ended.
    pub fn for_each_found(&self, text: &str, mut found: impl FnMut(Found)) {
        thread_local! {
            // Each call's chars with their offsets, in a buffer kept for the thread's next call.
            static CHARS: std::cell::RefCell<Vec<(usize, char)>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        CHARS.with_borrow_mut(|chars| {
            chars.clear();
            chars.extend(text.char_indices());
            self.search(text, chars, &mut found);
        });
    }

    fn search(&self, text: &str, chars: &[(usize, char)], found: &mut impl FnMut(Found)) {
        let mut from = 0;
        for (last, &(_, c)) in chars.iter().enumerate() {
            let room = last + 1 - from;
            let mut short = self.lengths_by_last[slot(c)];
            if room < 64 {
                short &= (1 << room) - 1;
            }
            if short == 0 && self.long_lengths.is_empty() {
                continue;
            }
            let end = chars.get(last + 1).map_or(text.len(), |&(i, _)| i);
            let probe = |n: usize| {
                let (start, first) = chars[last + 1 - n];
                let bit = shape_bit(first, c, n);
                if self.shapes[bit / 64] & (1 << (bit % 64)) == 0 {
                    return None;
                }
                self.ids.get(&text[start..end]).map(|&term| Found {
                    span: start..end,
                    term,
                })
            };
            // Longest first: the long lengths, then the set bits from the highest down.
            let longest = self
                .long_lengths
                .iter()
                .filter(|&&n| n <= room)
                .find_map(|&n| probe(n));
            let hit = longest.or_else(|| {
                std::iter::from_fn(|| {
                    (short != 0).then(|| {
                        let n = 64 - short.leading_zeros() as usize;
                        short &= !(1 << (n - 1));
                        n
                    })
                })
                .find_map(probe)
            });
            if let Some(hit) = hit {
                found(hit);
                from = last + 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon(terms: &[&str]) -> Lexicon {
        Lexicon::new(terms.iter().map(|t| t.to_string()).collect())
    }

    fn find_all(lex: &Lexicon, text: &str) -> Vec<Found> {
        let mut all = Vec::new();
        lex.for_each_found(text, |f| all.push(f));
        all
    }

    fn spans(lex: &Lexicon, text: &str) -> Vec<String> {
        find_all(lex, text)
            .into_iter()
            .map(|f| text[f.span].to_string())
            .collect()
    }

    #[test]
    fn the_earliest_end_wins_and_the_next_search_starts_after_it() {
        let lex = lexicon(&["成人", "成人影院", "人影", "影院"]);
        // `成人` ends first; `人影` overlaps it and is not reported; `影院` follows.
        assert_eq!(spans(&lex, "免费成人影院"), ["成人", "影院"]);
    }

    #[test]
    fn at_one_end_the_longest_term_is_reported() {
        let lex = lexicon(&["影院", "成人影院"]);
        assert_eq!(spans(&lex, "看成人影院"), ["成人影院"]);
    }

    #[test]
    fn without_a_term_char_a_text_holds_only_its_ascii_terms() {
        let lex = lexicon(&["成人影院", "AV", "91", "𠀀字"]);
        assert!(lex.holds_term_char("看院子"));
        assert!(lex.holds_term_char("𠀀"));
        assert!(!lex.holds_term_char("a quiet day in łódź, 1991, 看书"));
        assert_eq!(
            lex.ascii_terms_in("an average day in 1991").collect::<Vec<_>>(),
            ["91", "av"]
        );
        // Every text a term is found in passes.
        for text in ["免费成人影院", "xx av xx 91", "𠀀字典", "av 成人影院"] {
            for found in find_all(&lex, text) {
                let term = &text[found.span];
                assert!(lex.holds_term_char(text) || lex.ascii_terms_in(text).any(|t| t == term));
            }
        }
    }

    #[test]
    fn terms_are_folded_like_the_text() {
        let lex = lexicon(&["ＡＶ", "", "無碼"]);
        assert_eq!(spans(&lex, "av无码"), ["av", "无码"]);
    }

    #[test]
    fn it_finds_what_a_standard_aho_corasick_search_finds() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/rules/lexicons/");
        let mut terms: Vec<String> = ["adult-zh.houbb-sensitive-word-tags.txt", "adult-site-words.txt"]
            .iter()
            .flat_map(|f| {
                let text = std::fs::read_to_string(format!("{dir}{f}")).unwrap();
                text.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with('#'))
                    .map(fold_str)
                    .collect::<Vec<_>>()
            })
            .collect();
        terms.sort();
        terms.dedup();
        let automaton = aho_corasick::AhoCorasick::new(&terms).unwrap();
        let lex = Lexicon::new(terms.clone());
        // Every term written out, each after a neighbour's tail, and the seeds' text.
        let mut haystack: String = terms
            .iter()
            .zip(terms.iter().skip(1))
            .map(|(a, b)| {
                let tail: String = a.chars().rev().take(2).collect();
                format!("{tail}{b}|")
            })
            .collect();
        for e in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds")).unwrap() {
            haystack.push_str(&fold_str(
                &std::fs::read_to_string(e.unwrap().path()).unwrap_or_default(),
            ));
        }
        let expected: Vec<Found> = automaton
            .find_iter(&haystack)
            .map(|m| Found {
                span: m.range(),
                term: m.pattern().as_u32(),
            })
            .collect();
        assert!(expected.len() > terms.len() / 2);
        assert_eq!(find_all(&lex, &haystack), expected);
    }
}
