//! `repeated-title`: later lines that repeat the title.

use std::ops::Range;
use std::sync::Arc;

use super::config::options;
use super::{Compile, KindConfig, KindSpec, RuleKind, Search};
use crate::text::chars::squash;

/// The kind, as the registry lists it.
pub const KIND: KindSpec = KindSpec::new::<Config>(
    "repeated-title",
    "later lines repeating the title",
    "",
);

options! {
    /// The options of a `repeated-title` rule: none of its own.
    pub struct Config {}
}

impl KindConfig for Config {
    fn compile(self: Box<Self>, _: &mut Compile<'_>) -> Option<Arc<dyn RuleKind>> {
        Some(Arc::new(RepeatedTitle))
    }
}

/// Later lines that repeat the title.
#[derive(Debug)]
pub struct RepeatedTitle;

impl RuleKind for RepeatedTitle {
    fn name(&self) -> &'static str {
        KIND.name
    }

    /// Lines other than the title line that repeat it (compared as they read after the removals
    /// decided so far, so a glossed or branded copy still matches).
    fn find(&self, search: &Search<'_>) -> Vec<Range<usize>> {
        let (p, Some(ctx)) = (search.doc, search.title) else {
            return Vec::new();
        };
        let want = &ctx.title.squashed;
        if want.is_empty() {
            return Vec::new();
        }
        (0..p.doc.lines.len())
            .filter(|&l| Some(l) != ctx.title.line && !p.doc.is_blank(l))
            .filter(|&l| {
                // Removals only shorten a line: skip lines that cannot be a copy before folding again.
                let solid = p.vline(l).chars().filter(|c| c.is_alphanumeric()).count();
                let wanted = want.chars().count();
                solid >= wanted && solid <= wanted * 3
            })
            .filter(|&l| squash(&crate::meta::line_after(p, l, ctx.removed)) == *want)
            .map(|l| p.line_span(l))
            .collect()
    }

    fn needs_title(&self) -> bool {
        true
    }
}
