//! The headline of a whole-page dump by its place: the line just above where the article's
//! prose starts that reads like a headline. However long the navigation above it, a page's
//! headline sits over its first paragraphs, with at most a dateline, a byline or a share bar
//! between them; a welcome bar or a menu item sits far above them.

use super::headline::{Line, MAX_HOLDERS, MIN_CHARS, TITLE_LINES};
use super::{headline_shaped, title_at, Vocabulary, MAX_TITLE_CHARS, MIN_TITLE_CHARS};
use crate::model::{Prepared, Removal, TitleInfo};
use crate::text::chars::{squash, BODY_LINE_ENDS, CLAUSE_MARKS, SENTENCE_ENDS};
use crate::text::normalize::{fold_str, is_cjk_ideograph};

/// Non-blank lines from the top looked through for the article's first paragraphs.
const SEARCH_LINES: usize = 300;
/// Non-blank lines above the first paragraph the headline may be in.
const ABOVE_LINES: usize = 12;
/// Fewest letters and ideographs of a line of prose, counting a Latin word as three (`读者来信`
/// and `Letters to the editor` weigh alike).
const MIN_PROSE_WEIGHT: usize = 40;
/// A paragraph this heavy starts the article alone; a lighter one needs a second paragraph
/// within [`PARAGRAPH_GAP`] lines below it (a cookie notice or a teaser stands alone).
const LONE_PARAGRAPH_WEIGHT: usize = 150;
/// Non-blank lines between two paragraphs of one article.
const PARAGRAPH_GAP: usize = 3;
/// What a headline's length adds to its score, up to this many letters and ideographs.
const FULL_LENGTH: usize = 24;
/// What a line said again above the article (a `<title>` and the headline) adds to its score.
const REPEATED_BONUS: f32 = 1.0;
/// What a line whose terms all recur in the article's first paragraphs adds to its score (a
/// headline says what the article is about; a site's name or a menu item does not).
const SUMMARY_BONUS: f32 = 1.5;
/// Non-blank lines from the first paragraph whose terms a headline is compared with.
const ARTICLE_LINES: usize = 8;
/// Shortest Latin word taken for a term (shorter ones are mostly function words).
const MIN_TERM_LETTERS: usize = 4;
/// What a line below the `<title>` that the `<title>` holds adds to its score besides
/// [`REPEATED_BONUS`]: the page names its headline there.
const TITLED_BONUS: f32 = 1.0;
/// What each line between a candidate and the first paragraph takes from its score.
const DISTANCE_COST: f32 = 0.08;

/// The line above the article's first paragraphs that best reads as its headline: headline
/// shaped, not a dateline or a byline, long or said again above the article, and near the
/// paragraphs. `None` when no paragraph is found or nothing above it reads as a headline.
pub fn headline_above_body(
    p: &Prepared,
    removals: &[Removal],
    words: &Vocabulary,
) -> Option<(TitleInfo, String)> {
    // Read only as far as the article's first lines: most dumps' articles start near the top.
    let mut lines: Vec<Line> = Vec::new();
    let mut weights: Vec<usize> = Vec::new();
    let mut enough = SEARCH_LINES;
    for at in (0..p.doc.lines.len()).filter(|&l| !p.doc.is_blank(l)) {
        if lines.len() >= enough {
            break;
        }
        let Some(line) = Line::read(p, at, removals) else {
            continue;
        };
        // Read on the folded view: an entity-encoded keyword line (`&#x6843;…;`) is no prose.
        weights.push(prose_weight(p.vline(at)));
        lines.push(line);
        // A line qualifies once the lines up to PARAGRAPH_GAP below it are read.
        let recent = weights.len().saturating_sub(PARAGRAPH_GAP + 1);
        if enough == SEARCH_LINES && first_paragraph(&weights[recent..]).is_some() {
            enough = lines.len() + PARAGRAPH_GAP + ARTICLE_LINES;
        }
    }
    let body = first_paragraph(&weights)?;
    let above = &lines[..body];
    let article = Terms::of(lines[body..].iter().take(ARTICLE_LINES).map(|l| l.text.as_str()));
    let mut best: Option<(f32, usize)> = None;
    for k in (body.saturating_sub(ABOVE_LINES)..body).rev() {
        let line = &above[k];
        if !may_head_article(&line.text, words) {
            continue;
        }
        let chars = weight(&line.text);
        let holders: Vec<usize> = above
            .iter()
            .enumerate()
            .filter(|&(j, other)| j != k && other.squashed.contains(line.squashed.as_str()))
            .map(|(j, _)| j)
            .take(MAX_HOLDERS + 1)
            .collect();
        let repeated = !holders.is_empty();
        let titled = k >= TITLE_LINES && holders.first().is_some_and(|&j| j < TITLE_LINES);
        let holders = holders.len();
        if holders > MAX_HOLDERS || chars < if repeated { MIN_CHARS } else { MIN_TITLE_CHARS } {
            continue;
        }
        let distance = (body - 1 - k) as f32;
        let score = chars.min(FULL_LENGTH) as f32 / FULL_LENGTH as f32
            + if repeated { REPEATED_BONUS } else { 0.0 }
            + if titled { TITLED_BONUS } else { 0.0 }
            + article.share_of(&line.text) * SUMMARY_BONUS
            - distance * DISTANCE_COST;
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, k));
        }
    }
    let (_, k) = best?;
    let line = &lines[k];
    let text = super::headline::without_site_name(&line.text, &words.headline_separators);
    Some((title_at(p, line.at, squash(&text), false), text))
}

/// The first line of the article's prose, by the lines' [`prose_weight`]s: a paragraph heavy
/// enough alone, or one with another close below it.
fn first_paragraph(weights: &[usize]) -> Option<usize> {
    (0..weights.len()).find(|&k| {
        weights[k] >= LONE_PARAGRAPH_WEIGHT
            || (weights[k] >= MIN_PROSE_WEIGHT
                && weights[k + 1..]
                    .iter()
                    .take(PARAGRAPH_GAP)
                    .any(|&w| w >= MIN_PROSE_WEIGHT))
    })
}

/// How much prose a line holds: its letters and ideographs, a Latin word counting three; 0 for
/// a line without the marks of a sentence: no sentence end at its end, nor one inside with two
/// clause marks (a comma-separated keyword list has none).
fn prose_weight(text: &str) -> usize {
    let t = text.trim_end();
    let chars: Vec<char> = t.chars().collect();
    let ends_sentence = |i: usize| sentence_end(&chars, i);
    let ends = !chars.is_empty() && ends_sentence(chars.len() - 1);
    let sentences = (0..chars.len()).any(ends_sentence);
    let clauses = chars.iter().filter(|c| CLAUSE_MARKS.contains(c)).count();
    if !(ends || sentences && clauses >= 2) {
        return 0;
    }
    weight(t)
}

/// Whether `chars[i]` ends a sentence: a CJK end mark, or a Latin one after a word and before a
/// space or the line's end (`.` in `(.SS)` or `a.b.com` ends none).
fn sentence_end(chars: &[char], i: usize) -> bool {
    let c = chars[i];
    if !(SENTENCE_ENDS.contains(&c) || BODY_LINE_ENDS.contains(&c)) {
        return false;
    }
    if !c.is_ascii() {
        return true;
    }
    let after_word = i > 0 && chars[i - 1].is_alphanumeric();
    let before_space = chars
        .get(i + 1)
        .is_none_or(|n| n.is_whitespace() || matches!(n, '"' | '\'' | ')' | '”' | '’'));
    after_word && before_space
}

/// Letters and ideographs of `text`, a Latin word counting three.
pub fn weight(text: &str) -> usize {
    let mut weight = 0;
    let mut in_word = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if !in_word {
                weight += 3;
            }
            in_word = true;
        } else {
            in_word = false;
            if crate::text::chars::is_letter_or_digit(c) {
                weight += 1;
            }
        }
    }
    weight
}

/// A line that may head the article: headline shaped and not too long, no welcome bar, promo or
/// markup, not a sentence or a piece of one, not a bracketed label (`【新春走基层】`), and neither
/// a dateline nor a byline (which sit between a headline and its article).
fn may_head_article(text: &str, words: &Vocabulary) -> bool {
    let t = text.trim();
    let bracketed = t.starts_with(['【', '[', '［', '〖']) && t.ends_with(['】', ']', '］', '〗']);
    weight(t) <= MAX_TITLE_CHARS
        && !t.ends_with(SENTENCE_ENDS)
        && !t.ends_with(CLAUSE_MARKS)
        && t.chars().filter(|c| CLAUSE_MARKS.contains(c)).count() < 2
        && !bracketed
        && headline_shaped(text)
        && words.may_be_title(text)
        && crate::text::dates::find_date(&fold_str(t)).is_none()
        && !words.bylines().any(|re| re.is_match(text))
}

/// The terms of a text: its Latin words of [`MIN_TERM_LETTERS`] or more (folded), and the pairs
/// of adjacent ideographs of its CJK runs.
#[derive(Default)]
struct Terms(std::collections::HashSet<String>);

impl Terms {
    fn of<'t>(texts: impl Iterator<Item = &'t str>) -> Terms {
        let mut terms = Terms::default();
        for t in texts {
            terms.0.extend(terms_of(t));
        }
        terms
    }

    /// The share of `text`'s terms that are among these; 0 for a text without terms.
    fn share_of(&self, text: &str) -> f32 {
        let own: std::collections::HashSet<String> = terms_of(text).collect();
        if own.is_empty() {
            return 0.0;
        }
        own.iter().filter(|t| self.0.contains(*t)).count() as f32 / own.len() as f32
    }
}

fn terms_of(text: &str) -> impl Iterator<Item = String> + '_ {
    let folded = fold_str(text);
    let chars: Vec<char> = folded.chars().collect();
    let mut out = Vec::new();
    let mut word = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_alphanumeric() && !is_cjk_ideograph(c) {
            word.push(c);
            continue;
        }
        if word.chars().count() >= MIN_TERM_LETTERS {
            out.push(std::mem::take(&mut word));
        }
        word.clear();
        if is_cjk_ideograph(c) && chars.get(i + 1).is_some_and(|&n| is_cjk_ideograph(n)) {
            out.push([c, chars[i + 1]].iter().collect());
        }
    }
    if word.chars().count() >= MIN_TERM_LETTERS {
        out.push(word);
    }
    out.into_iter()
}
