//! A keyword-list lexicon: its folded terms in a hash set, probed at each end of a short item.
//!
//! The detector only searches short items (list entries of at most a few dozen chars), so a
//! probe per end and term length is cheap there; building the set takes ~1 ms for the adult
//! lexicons' 13,000 terms, where an Aho-Corasick automaton took 30–45 ms of every start-up.

use std::ops::Range;

use rustc_hash::FxHashMap;

use crate::normalize::fold_str;

/// The low 16 bits of a char pick its bit in the table of last chars.
const LAST_CHAR_BITS: usize = 1 << 16;

#[derive(Clone, Debug)]
pub struct Lexicon {
    ids: FxHashMap<Box<str>, u32>,
    /// The terms' distinct lengths in chars, longest first.
    lengths: Vec<usize>,
    /// Which chars (by their low 16 bits) end some term: most positions need no probe.
    last_chars: Box<[u64]>,
}

/// One term found: where, and which term (its rank among the distinct folded terms).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub span: Range<usize>,
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
        let mut lengths: Vec<usize> = Vec::new();
        let mut last_chars = vec![0u64; LAST_CHAR_BITS / 64].into_boxed_slice();
        let mut ids = FxHashMap::default();
        ids.reserve(folded.len());
        for (id, term) in folded.into_iter().enumerate() {
            let chars = term.chars().count();
            if !lengths.contains(&chars) {
                lengths.push(chars);
            }
            let last = term.chars().next_back().map_or(0, |c| c as usize) % LAST_CHAR_BITS;
            last_chars[last / 64] |= 1 << (last % 64);
            ids.insert(term.into_boxed_str(), id as u32);
        }
        lengths.sort_unstable_by(|a, b| b.cmp(a));
        Lexicon {
            ids,
            lengths,
            last_chars,
        }
    }

    fn may_end_with(&self, c: char) -> bool {
        let bit = c as usize % LAST_CHAR_BITS;
        self.last_chars[bit / 64] & (1 << (bit % 64)) != 0
    }

    /// The terms in `text` (folded), as a standard Aho-Corasick search reports them: the earliest
    /// end first, there the longest term, and the next search starts where that one ended.
    pub fn find_all(&self, text: &str) -> Vec<Found> {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut found = Vec::new();
        let mut from = 0;
        for (last, &(_, c)) in chars.iter().enumerate() {
            if !self.may_end_with(c) {
                continue;
            }
            let end = chars.get(last + 1).map_or(text.len(), |&(i, _)| i);
            let room = last + 1 - from;
            let hit = self.lengths.iter().filter(|&&n| n <= room).find_map(|&n| {
                let start = chars[last + 1 - n].0;
                self.ids.get(&text[start..end]).map(|&term| Found {
                    span: start..end,
                    term,
                })
            });
            if let Some(hit) = hit {
                found.push(hit);
                from = last + 1;
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon(terms: &[&str]) -> Lexicon {
        Lexicon::new(terms.iter().map(|t| t.to_string()).collect())
    }

    fn spans(lex: &Lexicon, text: &str) -> Vec<&'static str> {
        let text: &'static str = Box::leak(text.to_string().into_boxed_str());
        lex.find_all(text).into_iter().map(|f| &text[f.span]).collect()
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
        assert_eq!(lex.find_all(&haystack), expected);
    }
}
