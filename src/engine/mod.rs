//! The engine: one document through a compiled [`RuleSet`] — find → expand to actions → decide.
//!
//! Rules run in three phases: repairs (`repair = true`: pinyin glosses, mojibake) first; then every
//! other rule that does not need the title, matching the text as if the repairs were made; then,
//! once the title is known from what is left, the title-dependent ones. Strips shorten lines, so
//! the rules then run again in rounds on the text as it now reads.
//!
//! - [`plan`]: the compiled rules, with the searches they share (keyword automaton, prefilters).
//! - [`actions`]: what a hit becomes under its rule's action.
//! - [`decide`](mod@decide): the only place text is edited.

pub mod actions;
pub mod decide;
pub mod keywords;
pub mod plan;
pub mod prefilter;

use std::ops::Range;

use crate::kinds::Search;
use crate::meta::{self, Vocabulary};
use crate::model::{fold_line_ends, Action, DocMeta, Prepared, Removal, SourceText};
use crate::model::{TitleContext, TitleInfo};
use crate::profile::{timed, timed_stage, Part, Stage};
use crate::rules::Rule;
use decide::{apply, decide, layout};
use keywords::keyword_hits;
pub use plan::{load_sources, RuleSet};

/// Longest text, in lines and in bytes, that rules deciding on the whole text read: a page's dump
/// holds a few thousand lines and well under a megabyte; a longer text is not one page, and
/// reading it whole would cost a second view of it and memory per line.
pub const WHOLE_TEXT_MAX_LINES: usize = 50_000;
pub const WHOLE_TEXT_MAX_BYTES: usize = 4 << 20;

/// Most extra rounds of rules after removals shortened lines.
const MAX_ROUNDS: usize = 3;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    Repair,
    Main,
    Titled,
    /// Last, once, on the text as every other rule left it: rules deciding on the whole text.
    Whole,
}

fn phase_of(rule: &Rule) -> Phase {
    if rule.repair {
        Phase::Repair
    } else if rule.kind.whole_text() {
        Phase::Whole
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
    /// The document's language, as [`crate::text::lang::detect`] tells it.
    lang: Option<&'static str>,
    /// Whether the text was extracted from an HTML page (rules for text dumps stand aside).
    from_page: bool,
}

impl Collector<'_> {
    fn active(&self, i: usize) -> bool {
        let r = &self.rules.rules[i];
        r.enabled
            && r.applies_to(&self.sites)
            && r.applies_to_lang(self.lang)
            && !(self.from_page && r.kind.dumps_only())
    }

    /// Whether a rule of `phase` is active for this document.
    fn any_in(&self, phase: Phase) -> bool {
        (0..self.rules.rules.len()).any(|i| self.active(i) && phase_of(&self.rules.rules[i]) == phase)
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
            .any(|(rule, &here)| here && rule.kind.keywords().is_some());
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
        let may_match = matches!(phase, Phase::Main | Phase::Titled)
            .then(|| timed(Part::Prefilter, || prefilter::may_match(p, self.rules), |_| 0));
        for (i, rule) in self.rules.rules.iter().enumerate() {
            if in_phase[i] && may_match.is_none_or(|m| m[i]) {
                let hits = timed(
                    Part::Rule(i),
                    || {
                        rule.kind.find(&Search {
                            scope: rule.scope,
                            doc: p,
                            title,
                            facts: self.rules.facts(i),
                            lang: self.lang,
                        })
                    },
                    Vec::len,
                );
                for span in hits {
                    self.take(p, i, span);
                }
            }
        }
    }

    fn take(&mut self, p: &Prepared, i: usize, span: Range<usize>) {
        if let Some(r) = actions::expand(p, i, &self.rules.rules[i], span) {
            if r.action == Action::RejectDoc {
                self.rejects.push(i);
            } else {
                self.found.push(r);
            }
        }
    }
}

/// What cleaning made of a text.
pub struct Outcome {
    /// The source text the removal spans point into.
    pub source: String,
    /// Clean text, laid out one paragraph per line.
    pub text: String,
    /// Sorted, disjoint removals.
    pub removals: Vec<Removal>,
    /// Why the document is rejected, when it is.
    pub rejected: Option<String>,
    /// What the text says of itself: title, date, outlet, author.
    pub meta: DocMeta,
}

impl Outcome {
    /// A document refused before cleaning (over a limit, binary): nothing kept, `reason` given.
    pub fn refused(reason: String) -> Outcome {
        Outcome {
            source: String::new(),
            text: String::new(),
            removals: Vec::new(),
            rejected: Some(reason),
            meta: DocMeta::default(),
        }
    }
}

/// What is known of a text extracted from an HTML page.
#[derive(Clone, Copy, Default)]
pub struct FromPage<'a> {
    /// The page's headline, when known: lines repeating it are page furniture.
    pub title: Option<&'a str>,
    /// The page's `<title>` when it wraps that headline in more: what was glued before the
    /// headline there is evidence of injection.
    pub page_title: Option<&'a str>,
}

/// [`crate::clean::clean_text`] for a text dump (`page: None`) or for the text extracted from an
/// HTML page, whose main content is already found and whose title may be known.
pub fn clean_text_from(
    rules: &RuleSet,
    text: String,
    sites: &[String],
    page: Option<FromPage<'_>>,
) -> Outcome {
    let known_title = page.and_then(|p| p.title);
    let page_title = page.and_then(|p| p.page_title);
    let mut p = timed_stage(Stage::Views, || {
        Prepared::new(SourceText::new(fold_line_ends(text)))
    });
    let lang = timed_stage(Stage::Metadata, || crate::text::lang::detect(&p.doc.text));
    let mut names = sites.to_vec();
    let words = rules.vocabulary();
    // The outlet a `来源：` label names is one of the names the source goes by.
    let outlet = timed_stage(Stage::Metadata, || meta::find_outlet(&p, None, &[], words));
    names.extend(
        DocMeta {
            outlet,
            ..DocMeta::default()
        }
        .site_names(),
    );
    let mut c = Collector {
        rules,
        sites: names,
        found: Vec::new(),
        rejects: Vec::new(),
        lang,
        from_page: page.is_some(),
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
                confirmed: false,
            },
            t.to_string(),
        )),
        None => timed_stage(Stage::Metadata, || meta::find_title(&p, &provisional, words)),
    };
    let ctx = title.as_ref().map(|(info, _)| TitleContext {
        title: info,
        removed: &provisional,
    });
    c.run(&p, Phase::Titled, ctx.as_ref());
    rounds(&mut c, &p, known_title.is_none(), &mut title);
    let one_page = p.vlines.len() <= WHOLE_TEXT_MAX_LINES && p.doc.text.len() <= WHOLE_TEXT_MAX_BYTES;
    if one_page && c.any_in(Phase::Whole) {
        let decided = decide(c.found.clone());
        let hidden: Vec<Range<usize>> = decided.iter().map(|r| r.span.clone()).collect();
        let last = timed_stage(Stage::Views, || p.after(&hidden, &p));
        let ctx = title.as_ref().map(|(info, _)| TitleContext {
            title: info,
            removed: &decided,
        });
        c.run(&last, Phase::Whole, ctx.as_ref());
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
    Outcome {
        meta: DocMeta {
            lang: lang.map(String::from),
            ..text_meta(&p, title, &removals, &repairs, words)
        },
        text,
        removals,
        rejected,
        source: p.doc.text,
    }
}

/// Stripping words shortens lines, so a line rule bounded by `max_line_chars` may now apply
/// where it did not: runs the rules again on the text as it now reads, until nothing new
/// appears, so that cleaning the clean text again removes nothing. The title is read again when
/// `find_title`.
fn rounds(c: &mut Collector<'_>, p: &Prepared, find_title: bool, title: &mut Option<(TitleInfo, String)>) {
    let mut decided = decide(c.found.clone());
    // The view the rules last read: a round searches anew only the lines that now read otherwise.
    let mut searched: Option<Prepared> = None;
    for _ in 0..MAX_ROUNDS {
        // Repairs were already hidden from the view the rules saw; only other strips change lines.
        if !decided
            .iter()
            .any(|r| r.action == Action::Strip && !c.rules.rule(r.rule).repair)
        {
            break;
        }
        let hidden: Vec<Range<usize>> = decided.iter().map(|r| r.span.clone()).collect();
        let now = timed_stage(Stage::Views, || p.after(&hidden, searched.as_ref().unwrap_or(p)));
        if find_title {
            // What a second clean would take for the title, now that spam and chrome are gone.
            *title = timed_stage(Stage::Metadata, || {
                meta::find_title(&now, &decided, c.rules.vocabulary())
            })
            .or(title.take());
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
}

/// What a cleaned text says of itself: its title as it reads after `removals` (or the title
/// known from elsewhere), and the date, outlet and author its lines name (read with the
/// `repairs` made).
fn text_meta(
    p: &Prepared,
    title: Option<(TitleInfo, String)>,
    removals: &[Removal],
    repairs: &[Removal],
    words: &Vocabulary,
) -> DocMeta {
    let title_line = title.as_ref().and_then(|(info, _)| info.line);
    let title_squashed = title.as_ref().map(|(info, _)| info.squashed.clone());
    let title = match title {
        Some((
            TitleInfo {
                line: Some(line),
                squashed,
                ..
            },
            _,
        )) => Some(timed_stage(Stage::Metadata, || {
            let text = meta::line_after(p, line, removals);
            meta::title_in_line(&text, &squashed, &words.headline_separators)
        })),
        Some((_, known)) => Some(known),
        None => None,
    }
    .filter(|t| !t.is_empty());
    let (published, outlet, author) = timed_stage(Stage::Metadata, || {
        (
            meta::find_published(p, title_squashed.as_deref(), words),
            meta::find_outlet(p, title_line, repairs, words),
            meta::find_author(p, repairs, words),
        )
    });
    DocMeta {
        title,
        published,
        outlet,
        author,
        ..DocMeta::default()
    }
}
