//! `selector`: HTML elements a CSS selector matches, dropped before text is extracted. Selectors
//! are parsed (validated) when the rule loads; the rules' selectors are matched element by
//! element through one [`index`].

pub mod index;

use std::ops::Range;
use std::sync::Arc;

use toml::Spanned;

use super::config::options;
use super::{Compile, KindConfig, KindSpec, RuleKind, Search, SelectorRef};

/// The kind, as the registry lists it.
pub const KIND: KindSpec = KindSpec::new::<Config>(
    "selector",
    "HTML elements, dropped before text extraction",
    r#"selector = "script, style, iframe""#,
);

options! {
    /// The options of a `selector` rule.
    pub struct Config {
        /// A CSS selector (a list of them, `,`-separated) of the elements to drop.
        pub selector: Option<Spanned<String>> = None,
    }
}

impl KindConfig for Config {
    fn compile(self: Box<Self>, cx: &mut Compile<'_>) -> Option<Arc<dyn RuleKind>> {
        let Some(css) = self.selector else {
            cx.need("selector");
            return None;
        };
        match scraper::Selector::parse(css.get_ref()) {
            Ok(selector) => Some(Arc::new(Selector {
                selector,
                css: css.into_inner(),
            })),
            Err(e) => {
                cx.problem_at(css.span(), format!("bad selector: {e}"));
                None
            }
        }
    }
}

/// A CSS selector; HTML pages only: matching elements are dropped before text extraction.
#[derive(Debug)]
pub struct Selector {
    selector: scraper::Selector,
    /// The selector as written, for what it says of whole element names.
    css: String,
}

impl RuleKind for Selector {
    fn name(&self) -> &'static str {
        KIND.name
    }

    /// Nothing in text: its elements are dropped before text is extracted.
    fn find(&self, _: &Search<'_>) -> Vec<Range<usize>> {
        Vec::new()
    }

    fn html_only(&self) -> bool {
        true
    }

    fn selector(&self) -> Option<SelectorRef<'_>> {
        Some(SelectorRef {
            selector: &self.selector,
            css: &self.css,
        })
    }
}
