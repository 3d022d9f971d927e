//! A document or a page through the rules ([`crate::engine`]), with what it says of itself:
//! clean text + metadata.

pub use crate::engine::Outcome;
use crate::engine::{clean_text_from, FromPage, RuleSet};
use crate::meta::{self, Vocabulary};
use crate::model::{DocMeta, DroppedNode};
use crate::profile::{timed_stage, Stage};

/// Fewest letters and ideographs in a page title worth trusting.
const MIN_PAGE_TITLE_CHARS: usize = 4;

/// Cleans `text` with `rules`. `sites` (host, outlet) scope the rules that name `sites`; the
/// outlet named by a `来源：` label in the text is added to them.
pub fn clean_text(rules: &RuleSet, text: String, sites: &[String]) -> Outcome {
    clean_text_from(rules, text, sites, None)
}

/// A cleaned HTML page: the text outcome plus the elements dropped before text was taken.
pub struct PageOutcome {
    /// The extracted text cleaned, with what the page and its text say of themselves merged.
    pub outcome: Outcome,
    pub dropped: Vec<DroppedNode>,
}

/// Cleans an HTML page: selector rules drop elements, the text rules clean the extracted text,
/// and the page's own metadata (headline, `article:published_time`, `og:site_name`) wins over
/// what the text suggests.
pub fn clean_page(rules: &RuleSet, html: &str, sites: &[String]) -> PageOutcome {
    let mut names = sites.to_vec();
    let page = timed_stage(Stage::Extract, || crate::html::extract(html, rules, &mut names));
    let page_is_empty = page.text.trim().is_empty();
    // The page's own title is trusted only when the rules find nothing in it: a `<title>`
    // hijacked with brands (`开云体育官网-澳门新葡京`) gives way to the headline shown around the
    // article's start, else to the one found in the text.
    let words = rules.vocabulary();
    let trusted = |t: String| {
        // Checked as a page's text, not a dump: rules for whole-page dumps stand aside.
        let checked = clean_text_from(rules, t, &names, Some(FromPage::default()));
        let cleaned = checked.text.trim();
        let solid = cleaned.chars().filter(|c| c.is_alphanumeric()).count();
        (checked.removals.is_empty() && solid >= MIN_PAGE_TITLE_CHARS).then(|| cleaned.to_string())
    };
    let title = near_headline(&page, words).or_else(|| {
        let t = page.meta.title.as_deref()?;
        Some(headline_in_title(t, &page.text, &words.headline_separators))
    });
    let trusted_title = title
        .and_then(trusted)
        .or_else(|| headline_before_article(&page, words).and_then(trusted));
    // The page's `<title>` as it came, when it wraps the headline in more (a hijacker's brands):
    // a token glued before the headline there and to paragraph starts here is injected.
    let page_title = page.titles.tag.as_deref().filter(|raw| {
        trusted_title
            .as_deref()
            .is_some_and(|t| *raw != t && raw.contains(t))
    });
    let from = FromPage {
        title: trusted_title.as_deref(),
        page_title,
    };
    let mut outcome = clean_text_from(rules, page.text, &names, Some(from));
    if page_is_empty {
        outcome.rejected = Some("no text in the page".to_string());
    }
    // The language the text is written in, else the one the page declares (`en-US` → `en`).
    let declared = page.meta.lang.as_deref().map(crate::text::lang::primary_subtag);
    let own = DocMeta {
        title: trusted_title,
        lang: outcome.meta.lang.clone().or(declared),
        ..page.meta
    };
    let found = std::mem::take(&mut outcome.meta);
    outcome.meta = page_meta_first(own, found, &page.lead_in, &page.lead_out, rules.vocabulary());
    PageOutcome {
        outcome,
        dropped: page.dropped,
    }
}

/// A page's metadata, field by field from the strongest source: what the page says of itself
/// (`own`); a date in the dateline just above the article, left out with the page chrome (nearer
/// the truth than a date in the article's first sentences); what the article's text says
/// (`found`); a source or byline above the article; a labelled date (`发表于 …`, a blog's, not a
/// list's) or a byline just below it.
fn page_meta_first(
    own: DocMeta,
    found: DocMeta,
    lead_in: &[String],
    lead_out: &[String],
    v: &Vocabulary,
) -> DocMeta {
    let above_date = DocMeta {
        published: lead_in.iter().rev().find_map(|l| crate::html::iso_date(l)),
        ..DocMeta::default()
    };
    let around = DocMeta {
        outlet: meta::outlet_in(lead_in, v),
        author: meta::author_in(lead_in, v),
        published: lead_out
            .iter()
            .filter(|l| v.is_date_label(l))
            .find_map(|l| crate::html::iso_date(l)),
        ..DocMeta::default()
    };
    let below = DocMeta {
        author: meta::author_in(lead_out, v),
        ..DocMeta::default()
    };
    own.or(above_date).or(found).or(around).or(below)
}

/// Lines before and after the start of a page's article where its headline is shown.
const NEAR_ARTICLE_LINES: usize = 10;

/// How many of the text's first lines are looked at for the headline a `<title>` holds.
const HEADLINE_LINES: usize = 15;

/// The part of a page title that is the article's headline: when the title is a run of parts
/// joined by `separators` (`金沙娱乐城官网-澳门银河-一个中子撞击铀原子时`, a title hijacked with
/// brands no rule knows) and one part is a line near the top of the text, that part; else the
/// title whole.
fn headline_in_title(title: &str, text: &str, separators: &[char]) -> String {
    let squash = crate::text::chars::squash;
    let lines: Vec<String> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(HEADLINE_LINES)
        .map(squash)
        .collect();
    let is_line = |s: &str| {
        let s = squash(s);
        s.chars().count() >= MIN_PAGE_TITLE_CHARS && lines.contains(&s)
    };
    if is_line(title) {
        return title.to_string();
    }
    title
        .split(separators)
        .map(str::trim)
        .find(|part| is_line(part))
        .unwrap_or(title)
        .to_string()
}

/// The headline of a page without an `<h1>`, as shown near its article: the longest part of its
/// `og:title` or `<title>` ([`meta::title_parts`]) that is a line just before the article or at
/// its start. A brand glued to the `<title>` (`kok体育｜X`) and the site's name in the page's
/// header are not near the article.
fn near_headline(page: &crate::html::Page, words: &Vocabulary) -> Option<String> {
    if page.titles.headline().is_some() {
        return None;
    }
    let squash = crate::text::chars::squash;
    let near: Vec<String> = near_article(page, true).iter().map(|l| squash(l)).collect();
    [&page.titles.og, &page.titles.tag]
        .into_iter()
        .flatten()
        .flat_map(|t| meta::title_parts(t, &words.headline_separators))
        .filter(|p| meta::weight(p) >= crate::html::MIN_SHOWN_WEIGHT)
        .map(|p| (p, squash(p)))
        .filter(|(_, sq)| near.contains(sq))
        .max_by_key(|(_, sq)| sq.chars().count())
        .map(|(raw, _)| raw.to_string())
}

/// The headline the lines just before a page's article show, read as a dump whose first line is
/// the page's `<title>` ([`meta::find_title`]): for a page whose own titles are missing or
/// hijacked. One at the article's start the text's own title search finds.
fn headline_before_article(page: &crate::html::Page, words: &Vocabulary) -> Option<String> {
    let title = page.titles.tag.as_deref().or(page.titles.og.as_deref());
    let lead_in = near_article(page, false);
    if lead_in.is_empty() {
        return None;
    }
    let dump: Vec<&str> = title.into_iter().chain(lead_in).collect();
    let p = crate::model::Prepared::new(crate::model::SourceText::new(dump.join("\n")));
    meta::find_title(&p, &[], words).map(|(_, t)| t)
}

/// The lines just before a page's article (and at its start, `with_start`), but a `<title>` that
/// a stray tag before `<html>` moved into the body.
fn near_article(page: &crate::html::Page, with_start: bool) -> Vec<&str> {
    let squash = crate::text::chars::squash;
    let whole: Vec<String> = [&page.titles.og, &page.titles.tag]
        .into_iter()
        .flatten()
        .map(|t| squash(t))
        .collect();
    let before = page
        .lead_in
        .iter()
        .rev()
        .take(NEAR_ARTICLE_LINES)
        .rev()
        .map(String::as_str);
    let start = page
        .text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(if with_start { NEAR_ARTICLE_LINES } else { 0 });
    before
        .chain(start)
        .map(str::trim)
        .filter(|l| !whole.contains(&squash(l)))
        .collect()
}
