//! One document through the rules: find → expand to actions → decide → clean text + metadata.
//!
//! Rules run in three phases: repairs (`repair = true`: pinyin glosses, mojibake) first; then every
//! other rule that does not need the title, matching the text as if the repairs were made; then,
//! once the title is known from what is left, the title-dependent ones.

use std::ops::Range;

use crate::decide::{apply, decide, layout};
use crate::find::{keyword_hits, rule_hits};
use crate::meta;
use crate::model::{fold_line_ends, Action, Prepared, Removal, RuleId, SourceText};
use crate::model::{TitleContext, TitleInfo};
use crate::profile::{timed, timed_stage, Part, Stage};
use crate::rules::{Kind, Rule, RuleSet};

/// What cleaning made of a document.
pub struct Outcome {
    /// The source text the removal spans point into.
    pub source: String,
    /// Clean text, laid out one paragraph per line.
    pub text: String,
    /// Sorted, disjoint removals.
    pub removals: Vec<Removal>,
    /// Why the document is rejected, when it is.
    pub rejected: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    pub outlet: Option<String>,
    pub author: Option<String>,
}

impl Outcome {
    /// A document refused before cleaning (over a limit, binary): nothing kept, `reason` given.
    pub fn refused(reason: String) -> Outcome {
        Outcome {
            source: String::new(),
            text: String::new(),
            removals: Vec::new(),
            rejected: Some(reason),
            title: None,
            published: None,
            outlet: None,
            author: None,
        }
    }
}

/// Fewest letters and ideographs in a page title worth trusting.
const MIN_PAGE_TITLE_CHARS: usize = 4;

/// Longest line, in chars, that `drop-list` takes for a list item; a longer one is prose.
pub const LIST_ITEM_CHARS: usize = 40;

/// Most extra rounds of rules after removals shortened lines.
const MAX_ROUNDS: usize = 3;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    Repair,
    Main,
    Titled,
}

fn phase_of(rule: &Rule) -> Phase {
    if rule.repair {
        Phase::Repair
    } else if rule.kind.needs_title() {
        Phase::Titled
    } else {
        Phase::Main
    }
}

/// Collects the removals of the rules of one phase.
struct Collector<'a> {
    rules: &'a RuleSet,
    /// Names of the document's source (host, outlet) that `sites` globs are matched against.
    sites: Vec<String>,
    found: Vec<Removal>,
    rejects: Vec<usize>,
}

impl Collector<'_> {
    fn active(&self, i: usize) -> bool {
        let r = &self.rules.rules[i];
        r.enabled && r.applies_to(&self.sites)
    }

    fn run(&mut self, p: &Prepared, phase: Phase, title: Option<&TitleContext>) {
        let in_phase: Vec<bool> = (0..self.rules.rules.len())
            .map(|i| self.active(i) && phase_of(&self.rules.rules[i]) == phase)
            .collect();
        // The repairs' view gives way to another as soon as one hits (every later phase reads
        // the text as repaired): it is searched by the keyword automaton and the prefilter only
        // when rules of its own phase need them.
        let keywords_here = self
            .rules
            .rules
            .iter()
            .zip(&in_phase)
            .any(|(rule, &here)| here && matches!(rule.kind, Kind::Keywords { .. }));
        if keywords_here {
            let hits = timed(
                Part::Keywords,
                || keyword_hits(self.rules, p, &|i| in_phase[i]),
                Vec::len,
            );
            for (i, span) in hits {
                self.take(p, i, span);
            }
        }
        let may_match = (phase != Phase::Repair)
            .then(|| timed(Part::Prefilter, || crate::find::may_match(p, self.rules), |_| 0));
        for (i, rule) in self.rules.rules.iter().enumerate() {
            if in_phase[i] && may_match.is_none_or(|m| m[i]) {
                let hits = timed(
                    Part::Rule(i),
                    || rule_hits(rule, self.rules.facts(i), p, title),
                    Vec::len,
                );
                for span in hits {
                    self.take(p, i, span);
                }
            }
        }
    }

    fn take(&mut self, p: &Prepared, i: usize, span: Range<usize>) {
        if let Some(r) = expand(p, i, &self.rules.rules[i], span) {
            if r.action == Action::RejectDoc {
                self.rejects.push(i);
            } else {
                self.found.push(r);
            }
        }
    }
}

/// Cleans `text` with `rules`. `sites` (host, outlet) scope the rules that name `sites`; the
/// outlet named by a `来源：` label in the text is added to them.
pub fn clean_text(rules: &RuleSet, text: String, sites: &[String]) -> Outcome {
    clean_text_titled(rules, text, sites, None, None)
}

/// [`clean_text`] for a text whose title is known from elsewhere (an HTML page's headline): lines
/// repeating it are page furniture. `page_title` is the page's `<title>` when it wraps that
/// headline in more: what was glued before the headline there is evidence of injection.
pub fn clean_text_titled(
    rules: &RuleSet,
    text: String,
    sites: &[String],
    known_title: Option<&str>,
    page_title: Option<&str>,
) -> Outcome {
    let mut p = timed_stage(Stage::Views, || {
        Prepared::new(SourceText::new(fold_line_ends(text)))
    });
    let mut names = sites.to_vec();
    names.extend(timed_stage(Stage::Metadata, || meta::find_outlet(&p, None, &[])));
    let mut c = Collector {
        rules,
        sites: names,
        found: Vec::new(),
        rejects: Vec::new(),
    };
    c.run(&p, Phase::Repair, None);
    let repairs = decide(c.found.clone());
    if !repairs.is_empty() {
        let hidden: Vec<Range<usize>> = repairs.iter().map(|r| r.span.clone()).collect();
        p = timed_stage(Stage::Views, || p.remasked(&hidden));
    }
    c.run(&p, Phase::Main, None);
    let provisional = decide(c.found.clone());
    let mut title = match known_title {
        Some(t) => Some((
            TitleInfo {
                line: None,
                squashed: crate::text::chars::squash(t),
                raw_squashed: crate::text::chars::squash(page_title.unwrap_or(t)),
            },
            t.to_string(),
        )),
        None => timed_stage(Stage::Metadata, || meta::find_title(&p, &provisional)),
    };
    let ctx = title.as_ref().map(|(info, _)| TitleContext {
        title: info,
        removed: &provisional,
    });
    c.run(&p, Phase::Titled, ctx.as_ref());
    // Stripping words shortens lines, so a line rule bounded by `max_line_chars` may now apply
    // where it did not: run the rules again on the text as it now reads, until nothing new
    // appears, so that cleaning the clean text again removes nothing.
    let mut decided = decide(c.found.clone());
    // The view the rules last read: a round searches anew only the lines that now read otherwise.
    let mut searched: Option<Prepared> = None;
    for _ in 0..MAX_ROUNDS {
        // Repairs were already hidden from the view the rules saw; only other strips change lines.
        if !decided
            .iter()
            .any(|r| r.action == Action::Strip && !rules.rule(r.rule).repair)
        {
            break;
        }
        let hidden: Vec<Range<usize>> = decided.iter().map(|r| r.span.clone()).collect();
        let now = timed_stage(Stage::Views, || p.after(&hidden, searched.as_ref().unwrap_or(&p)));
        if known_title.is_none() {
            // What a second clean would take for the title, now that spam and chrome are gone.
            title = timed_stage(Stage::Metadata, || meta::find_title(&now, &decided)).or(title);
        }
        let before = c.found.len();
        c.run(&now, Phase::Main, None);
        let ctx = title.as_ref().map(|(info, _)| TitleContext {
            title: info,
            removed: &decided,
        });
        c.run(&now, Phase::Titled, ctx.as_ref());
        let next = decide(c.found.clone());
        if c.found.len() == before || next == decided {
            break;
        }
        decided = next;
        searched = Some(now);
    }
    let removals = decide(c.found);
    let text = layout(&apply(&p.doc.text, &removals));
    let rejected = if let Some(&i) = c.rejects.first() {
        Some(format!("rule {}", rules.rules[i].id))
    } else if p.doc.text.trim().is_empty() {
        Some("empty input".to_string())
    } else if text.is_empty() {
        Some("no text left after cleaning".to_string())
    } else {
        None
    };
    let title_line = title.as_ref().and_then(|(info, _)| info.line);
    let title = match title {
        Some((TitleInfo { line: Some(line), .. }, _)) => Some(timed_stage(Stage::Metadata, || {
            meta::line_after(&p, line, &removals)
        })),
        Some((_, known)) => Some(known),
        None => None,
    }
    .filter(|t| !t.is_empty());
    let (published, outlet, author) = timed_stage(Stage::Metadata, || {
        (
            meta::find_published(&p),
            meta::find_outlet(&p, title_line, &repairs),
            meta::find_author(&p, &repairs),
        )
    });
    Outcome {
        published,
        outlet,
        author,
        title,
        text,
        removals,
        rejected,
        source: p.doc.text,
    }
}

/// A cleaned HTML page: the text outcome plus the elements dropped before text was taken.
pub struct PageOutcome {
    pub outcome: Outcome,
    pub dropped: Vec<crate::html::DroppedNode>,
    pub meta: crate::html::PageMeta,
}

/// Cleans an HTML page: selector rules drop elements, the text rules clean the extracted text,
/// and the page's own metadata (headline, `article:published_time`, `og:site_name`) wins over
/// what the text suggests.
pub fn clean_page(rules: &RuleSet, html: &str, sites: &[String]) -> PageOutcome {
    let mut names = sites.to_vec();
    let page = timed_stage(Stage::Extract, || crate::html::extract(html, rules, &mut names));
    let page_is_empty = page.text.trim().is_empty();
    // The page's own title is trusted only when the rules find nothing in it: a `<title>`
    // hijacked with brands (`开云体育官网-澳门新葡京`) gives way to the headline found in the text.
    let title = page
        .meta
        .title
        .as_deref()
        .map(|t| headline_in_title(t, &page.text));
    let trusted_title = title.as_deref().and_then(|t| {
        let checked = clean_text(rules, t.to_string(), &names);
        let cleaned = checked.text.trim();
        let solid = cleaned.chars().filter(|c| c.is_alphanumeric()).count();
        (checked.removals.is_empty() && solid >= MIN_PAGE_TITLE_CHARS).then(|| cleaned.to_string())
    });
    // The page's `<title>` as it came, when it wraps the headline in more (a hijacker's brands):
    // a token glued before the headline there and to paragraph starts here is injected.
    let page_title = page.meta.title_tag.as_deref().filter(|raw| {
        trusted_title
            .as_deref()
            .is_some_and(|t| *raw != t && raw.contains(t))
    });
    let mut outcome = clean_text_titled(rules, page.text, &names, trusted_title.as_deref(), page_title);
    if page_is_empty {
        outcome.rejected = Some("no text in the page".to_string());
    }
    if trusted_title.is_some() {
        outcome.title = trusted_title;
    }
    let meta = page.meta;
    // A dateline or byline just above the article, left out with the page chrome, is nearer the
    // truth than a date in the article's first sentences; below the article only a labelled date
    // (`发表于 …`, a blog's) is the article's, not a list's.
    let lead_in_date = || page.lead_in.iter().rev().find_map(|l| crate::html::iso_date(l));
    let lead_out_date = || {
        page.lead_out
            .iter()
            .filter(|l| meta::is_date_label(l))
            .find_map(|l| crate::html::iso_date(l))
    };
    outcome.published = meta
        .published
        .clone()
        .or_else(lead_in_date)
        .or(outcome.published)
        .or_else(lead_out_date);
    outcome.outlet = meta
        .outlet
        .clone()
        .or(outcome.outlet)
        .or_else(|| meta::outlet_in(&page.lead_in));
    outcome.author = meta
        .author
        .clone()
        .or(outcome.author)
        .or_else(|| meta::author_in(&page.lead_in))
        .or_else(|| meta::author_in(&page.lead_out));
    PageOutcome {
        outcome,
        dropped: page.dropped,
        meta,
    }
}

/// How many of the text's first lines are looked at for the headline a `<title>` holds.
const HEADLINE_LINES: usize = 15;

/// The part of a page title that is the article's headline: when the title is a run of
/// `-`/`_`/`|`-joined parts (`金沙娱乐城官网-澳门银河-一个中子撞击铀原子时`, a title hijacked with
/// brands no rule knows) and one part is a line near the top of the text, that part; else the
/// title whole.
fn headline_in_title(title: &str, text: &str) -> String {
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
        .split(['-', '_', '|', '｜', '–', '—'])
        .map(str::trim)
        .find(|part| is_line(part))
        .unwrap_or(title)
        .to_string()
}

/// Turns one hit into the removal its rule's action asks for, or nothing when the hit is out of
/// the rule's scope (`at`/`within`, `max_line_chars`).
fn expand(p: &Prepared, index: usize, rule: &Rule, span: Range<usize>) -> Option<Removal> {
    let doc = &p.doc;
    let first = doc.line_of(span.start);
    let last = doc.line_of(span.end.saturating_sub(1).max(span.start));
    if !p.in_scope(rule.scope(), first) {
        return None;
    }
    if let Some(max) = rule.max_line_chars {
        // Measured as the rules see the line: repairs and earlier removals already left out.
        if p.line_chars[first] > max {
            return None;
        }
    }
    let whole_lines = doc.lines[first].start..doc.line_span_with_newline(last).end;
    let span = match rule.action {
        Action::Strip => strip_with_punctuation(doc, span),
        Action::DropLine => whole_lines,
        Action::DropBlock => {
            let mut a = first;
            while a > 0 && !doc.is_blank(a - 1) {
                a -= 1;
            }
            let mut b = last;
            while b + 1 < doc.lines.len() && !doc.is_blank(b + 1) {
                b += 1;
            }
            doc.lines[a].start..doc.line_span_with_newline(b).end
        }
        Action::DropList => {
            let mut b = last;
            let mut k = last + 1;
            while k < doc.lines.len() {
                let t = doc.line_text(k).trim();
                if !t.is_empty() {
                    // A teaser cut short (`所以爱是什么，爱是由接受的人决定的。你认`) is an item; a
                    // line ending like a sentence is prose.
                    if t.chars().count() > LIST_ITEM_CHARS || t.ends_with(['。', '！', '？', '.', '!', '?'])
                    {
                        break;
                    }
                    b = k;
                }
                k += 1;
            }
            doc.lines[first].start..doc.line_span_with_newline(b).end
        }
        Action::CutAfter => doc.lines[first].start..doc.text.len(),
        Action::CutBefore => 0..doc.line_span_with_newline(last).end,
        Action::RejectDoc => span,
    };
    Some(Removal {
        rule: RuleId(index),
        action: rule.action,
        span,
    })
}

/// Separators that double up when the word between them is removed (`制造、必一运动、养老`).
fn is_separator(c: char) -> bool {
    matches!(c, '、' | '，' | ',' | '；' | ';' | '：' | ':' | '|' | '｜')
}

/// A stripped span that leaves a separator behind another separator, or at a line start, takes
/// that separator with it.
fn strip_with_punctuation(doc: &SourceText, span: Range<usize>) -> Range<usize> {
    let before = doc.text[..span.start]
        .chars()
        .rev()
        .find(|c| !matches!(c, ' ' | '\u{a0}' | '\u{3000}'));
    let opens = before.is_none_or(|b| b == '\n' || is_separator(b));
    match doc.text[span.end..].chars().next() {
        Some(c) if opens && is_separator(c) => span.start..span.end + c.len_utf8(),
        _ => span,
    }
}
