//! `text-main-content`: the article of a whole-page text dump, found without a DOM. Each line is
//! scored on what a text still shows of its role ([`features`]) by learned weights (rule data,
//! fitted by `benches/train_text_main.py`), then decided in context: a two-state sequence
//! (chrome, article) whose best path pays `switch_cost` for every change of state, so a short
//! line inside the article (a dateline, a subheading) takes its neighbours' side.

pub mod features;

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

use toml::Spanned;

use super::config::{fold_all, options};
use super::{Compile, KindConfig, KindSpec, RuleKind, Search};
use crate::model::Prepared;
use features::{line_features, own_lines, Lines, OwnLines, Words, NAMES};

/// The kind, as the registry lists it.
pub const KIND: KindSpec = KindSpec::new::<Config>(
    "text-main-content",
    "the lines of a text dump outside its article (menus, related lists, footers)",
    r#"weights = { size = 1.0, end_mark = 1.5 }"#,
);

/// What a change between chrome and article costs on the best path, in log-odds.
pub const SWITCH_COST: f64 = 2.0;
/// Fewest non-blank lines of a text this rule decides on; a shorter text is left whole.
pub const MIN_LINES: usize = 4;
/// Letters, digits and ideographs of a line of prose scored article that is kept whatever its
/// neighbours.
pub const KEEP_PROSE_CHARS: usize = 60;
/// Most times the lines kept are decided again before the verdict is taken as settled.
pub const MAX_SETTLE_ROUNDS: usize = 8;
/// Chars of a line that weighs one on the best path; the weight grows as the square root.
const WEIGHT_CHARS: f64 = 20.0;
const MIN_WEIGHT: f64 = 0.25;
const MAX_WEIGHT: f64 = 4.0;

options! {
    /// The options of a `text-main-content` rule.
    pub struct Config {
        /// Each feature's weight in a line's log-odds of being article (`features.rs` names
        /// them: `size`, `end_mark`, `stop`, `short_run`, …); written by the training script.
        pub weights: HashMap<String, f64> = HashMap::new(),
        /// The log-odds of a line with every feature at zero.
        pub bias: f64 = 0.0,
        /// What a change between chrome and article costs on the best path, in log-odds: the
        /// higher, the fewer and longer the regions.
        pub switch_cost: f64 = SWITCH_COST,
        /// Fewest non-blank lines of a text this rule decides on; a shorter one is left whole.
        pub min_lines: usize = MIN_LINES,
        /// A line of prose (it ends a sentence, or holds clause marks) with at least this many
        /// letters, digits and ideographs, that its own score calls article, is kept whatever its
        /// neighbours: article text set apart by a broken page is not removed for its company.
        pub keep_prose_chars: usize = KEEP_PROSE_CHARS,
        /// Stop-word files, one word a line, each named for its language (`stopwords/en.txt`);
        /// for a CJK language, single chars. Relative to the rule file.
        pub stop_words_files: Vec<Spanned<String>> = Vec::new(),
        /// Chrome terms (`登录`, `copyright`), folded like the text.
        pub chrome_terms: Vec<String> = Vec::new(),
        /// A file of more chrome terms, one a line (`#` comments), relative to the rule file.
        pub chrome_terms_file: Option<Spanned<String>> = None,
    }
}

impl KindConfig for Config {
    fn compile(self: Box<Self>, cx: &mut Compile<'_>) -> Option<Arc<dyn RuleKind>> {
        let mut weights = vec![0.0; NAMES.len()];
        for (name, w) in &self.weights {
            match NAMES.iter().position(|n| n == name) {
                Some(i) => weights[i] = *w,
                None => cx.problem(format!(
                    "no feature `{name}`; the features are: {}",
                    NAMES.join(", ")
                )),
            }
        }
        if self.weights.is_empty() {
            cx.need("weights (run benches/train_text_main.py)");
        }
        let mut stop = HashMap::new();
        for file in &self.stop_words_files {
            let lang = std::path::Path::new(file.get_ref())
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("")
                .to_string();
            let words = cx.terms(&[], [file]);
            stop.insert(lang, StopList::new(fold_all(&words)));
        }
        let chrome = cx.terms(&self.chrome_terms, self.chrome_terms_file.iter());
        Some(Arc::new(TextMainContent {
            weights,
            bias: self.bias,
            switch_cost: self.switch_cost,
            min_lines: self.min_lines,
            keep_prose_chars: self.keep_prose_chars,
            stop,
            no_stop: StopList::new(Vec::new()),
            chrome: fold_all(&chrome),
        }))
    }
}

/// One language's stop words, and its single-char ones for CJK text.
#[derive(Debug)]
struct StopList {
    words: HashSet<String>,
    chars: HashSet<char>,
}

impl StopList {
    fn new(words: Vec<String>) -> StopList {
        let chars = words
            .iter()
            .filter(|w| w.chars().count() == 1)
            .filter_map(|w| w.chars().next())
            .collect();
        StopList {
            words: words.into_iter().collect(),
            chars,
        }
    }
}

/// The article of a text dump, by learned line scores decided in context.
#[derive(Debug)]
pub struct TextMainContent {
    weights: Vec<f64>,
    bias: f64,
    switch_cost: f64,
    min_lines: usize,
    keep_prose_chars: usize,
    stop: HashMap<String, StopList>,
    no_stop: StopList,
    chrome: Vec<String>,
}

/// One line's verdict and why.
pub struct LineScore {
    /// The line number in the text.
    pub line: usize,
    /// Its features, in [`NAMES`] order.
    pub features: Vec<f64>,
    /// Its log-odds of being article, alone.
    pub score: f64,
    /// Whether the best path through the text keeps it.
    pub article: bool,
}

impl TextMainContent {
    /// The features of every non-blank line of `p`: what the training script fits the weights
    /// on.
    pub fn features(&self, p: &Prepared, lang: Option<&str>) -> Lines {
        line_features(&self.own_lines(p, lang), &vec![false; p.vlines.len()])
    }

    /// What each non-blank line of `p` shows alone, read with the stop words of `lang`.
    fn own_lines(&self, p: &Prepared, lang: Option<&str>) -> OwnLines {
        let stop = lang.and_then(|l| self.stop.get(l)).unwrap_or(&self.no_stop);
        let words = Words {
            stop: &stop.words,
            stop_chars: &stop.chars,
            chrome: &self.chrome,
        };
        own_lines(p, &words)
    }

    /// Every non-blank line of `p` scored and decided; empty when the text is too short to judge
    /// or nothing in it reads as an article. `pinned` (the title line) is never removed. The
    /// lines kept are decided again, as the clean text would be, until nothing more goes: the
    /// verdict is a fixed point, so cleaning the clean text again removes nothing. A text whose
    /// verdict does not settle within [`MAX_SETTLE_ROUNDS`] is left whole.
    pub fn score_lines(&self, p: &Prepared, lang: Option<&str>, pinned: Option<usize>) -> Vec<LineScore> {
        let own = self.own_lines(p, lang);
        let mut gone = vec![false; p.vlines.len()];
        let mut first = self.decide(&own, &gone);
        // The lines each verdict puts outside the article (the title's aside).
        let going = |verdict: &[LineScore]| -> Vec<usize> {
            verdict
                .iter()
                .filter(|s| !s.article && Some(s.line) != pinned)
                .map(|s| s.line)
                .collect()
        };
        let mut out = going(&first);
        for _ in 0..MAX_SETTLE_ROUNDS {
            if out.is_empty() {
                for s in &mut first {
                    s.article = !gone[s.line];
                }
                return first;
            }
            for l in out {
                gone[l] = true;
            }
            out = going(&self.decide(&own, &gone));
        }
        Vec::new()
    }

    /// The lines of `own` not `gone`, scored and decided once.
    fn decide(&self, own: &OwnLines, gone: &[bool]) -> Vec<LineScore> {
        let Lines {
            lines,
            chars,
            prose,
            features,
        } = line_features(own, gone);
        if lines.len() < self.min_lines {
            return Vec::new();
        }
        let scores: Vec<f64> = features
            .iter()
            .map(|f| self.bias + f.iter().zip(&self.weights).map(|(x, w)| x * w).sum::<f64>())
            .collect();
        let evidence: Vec<f64> = scores
            .iter()
            .zip(&chars)
            .map(|(s, &c)| s * weight(c))
            .collect();
        let mut path = best_path(&evidence, self.switch_cost);
        for (k, article) in path.iter_mut().enumerate() {
            *article |= prose[k] && chars[k] >= self.keep_prose_chars && scores[k] > 0.0;
        }
        if !path.iter().any(|&a| a) {
            return Vec::new();
        }
        lines
            .into_iter()
            .zip(features)
            .zip(scores)
            .zip(path)
            .map(|(((line, features), score), article)| LineScore {
                line,
                features,
                score,
                article,
            })
            .collect()
    }

    /// The log-odds of a line with every feature at zero.
    pub fn bias(&self) -> f64 {
        self.bias
    }

    /// The features that pushed `s` hardest towards its verdict, with their shares of the score.
    pub fn deciding(&self, s: &LineScore) -> Vec<(&'static str, f64)> {
        let mut parts: Vec<(&'static str, f64)> = NAMES
            .iter()
            .zip(&s.features)
            .zip(&self.weights)
            .map(|((n, x), w)| (*n, x * w))
            .filter(|(_, v)| *v != 0.0)
            .collect();
        parts.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(b.0)));
        parts.truncate(4);
        parts
    }
}

/// How much a line of `chars` letters, digits and ideographs weighs on the best path: a long
/// line's verdict outweighs a menu item's, as its text outweighs it in the article.
pub fn weight(chars: usize) -> f64 {
    ((chars as f64 + 1.0) / WEIGHT_CHARS)
        .sqrt()
        .clamp(MIN_WEIGHT, MAX_WEIGHT)
}

/// The best two-state path (`true`: article) through lines of log-odds `scores`, each change of
/// state costing `switch_cost`: Viterbi over log-likelihoods `±score/2`.
pub fn best_path(scores: &[f64], switch_cost: f64) -> Vec<bool> {
    let n = scores.len();
    if n == 0 {
        return Vec::new();
    }
    // best[s]: the best total of a path ending in state s; from[k][s]: the state before.
    let mut best = [-scores[0] / 2.0, scores[0] / 2.0];
    let mut from = vec![[0u8, 1u8]; n];
    for k in 1..n {
        let emit = [-scores[k] / 2.0, scores[k] / 2.0];
        let mut next = [0.0; 2];
        for s in 0..2 {
            let stay = best[s];
            let switch = best[1 - s] - switch_cost;
            // Ties stay: the same text always takes the same path.
            let (v, f) = if stay >= switch {
                (stay, s)
            } else {
                (switch, 1 - s)
            };
            next[s] = v + emit[s];
            from[k][s] = f as u8;
        }
        best = next;
    }
    let mut state = usize::from(best[1] >= best[0]);
    let mut path = vec![false; n];
    for k in (0..n).rev() {
        path[k] = state == 1;
        state = from[k][state] as usize;
    }
    path
}

impl RuleKind for TextMainContent {
    fn name(&self) -> &'static str {
        KIND.name
    }

    /// Every line the settled verdict puts outside the article, but the title's: the headline
    /// heads the article, and the text cleaned again reads the same title.
    fn find(&self, search: &Search<'_>) -> Vec<Range<usize>> {
        let title = search.title.and_then(|t| t.title.line);
        self.score_lines(search.doc, search.lang, title)
            .into_iter()
            .filter(|s| !s.article)
            .map(|s| search.doc.line_span(s.line))
            .collect()
    }

    fn needs_title(&self) -> bool {
        true
    }

    fn dumps_only(&self) -> bool {
        true
    }

    fn whole_text(&self) -> bool {
        true
    }

    fn text_main_content(&self) -> Option<&TextMainContent> {
        Some(self)
    }
}

#[cfg(test)]
mod tests {
    use super::best_path;

    #[test]
    fn a_weak_line_inside_the_article_takes_its_neighbours_side_and_a_menu_does_not() {
        let scores = [-3.0, -3.0, 4.0, -1.0, 4.0, 3.0, -3.0, -3.0];
        assert_eq!(
            best_path(&scores, 2.0),
            [false, false, true, true, true, true, false, false]
        );
        // Without the cost of a switch, each line stands alone.
        assert_eq!(
            best_path(&scores, 0.0),
            [false, false, true, false, true, true, false, false]
        );
    }
}
