//! `main-content`: on HTML pages, everything but the article is left out. The extraction itself
//! is [`crate::html::main_content`]'s, which owns its tuning ([`MainContentParams`]) and its defaults; this
//! kind reads the tuning from a rule.

use std::ops::Range;
use std::sync::Arc;

use super::config::options;
use super::{Compile, KindConfig, KindSpec, RuleKind, Search};
use crate::html::main_content::MainContentParams;

/// The kind, as the registry lists it.
pub const KIND: KindSpec = KindSpec::new::<Config>(
    "main-content",
    "HTML only: everything but the article",
    "",
);

/// The extraction's own defaults: every option below defaults to its field there.
fn defaults() -> MainContentParams {
    MainContentParams::default()
}

options! {
    /// The options of a `main-content` rule: the extraction's tuning.
    pub struct Config {
        /// Shortest inline text, in chars, that counts as a paragraph.
        pub min_paragraph_chars: usize = defaults().min_paragraph_chars,
        /// A sibling joins the content when it scores at least this share of the best candidate.
        pub sibling_share: f64 = defaults().sibling_share,
        /// Below this many chars of content the first attempt is retried more leniently.
        pub min_content_chars: usize = defaults().min_content_chars,
        /// The best candidate's parent is taken whole when its link density is below this.
        pub parent_link_density: f64 = defaults().parent_link_density,
        /// A sibling between two kept ones joins the content when its link density is below
        /// this; 0 turns it off.
        pub interior_link_density: f64 = defaults().interior_link_density,
        /// The candidate climbs up to this many ancestors, taking the highest that holds
        /// `climb_punct_gain` times its punctuation, and stops at one named like boilerplate or
        /// with links over `climb_link_density`.
        pub climb_levels: usize = defaults().climb_levels,
        /// How many times the candidate's punctuation an ancestor holds to be climbed to.
        pub climb_punct_gain: f64 = defaults().climb_punct_gain,
        /// An ancestor with a link density of this or more stops the climb.
        pub climb_link_density: f64 = defaults().climb_link_density,
        /// The content's trailing blocks after its last paragraph-like one (a sentence, a list
        /// item, a block of this many chars with few links) are left out; 0 turns it off.
        pub tail_good_chars: usize = defaults().tail_good_chars,
        /// A content-like class or id (`article`, `detail`) adds its bonus in full to an element
        /// holding this many chars, and in proportion to a smaller one; 0: always in full.
        pub hint_full_chars: usize = defaults().hint_full_chars,
        /// Paragraphs just before the content, within this many of its ancestors (none named
        /// like boilerplate), join it, walking back past at most 8 short chrome blocks (a
        /// smaller heading such as a kicker counts as one) to the headline (`h1`/`h2`): a lead
        /// set apart from the body. 0 turns it off.
        pub lead_levels: usize = defaults().lead_levels,
        /// A region named like chrome (`header`, `sidebar`) that holds this share of the page's
        /// punctuation is scored after all, unless it is named like a discussion (`comment`,
        /// `评论`); 0 turns it off.
        pub unlikely_keep_share: f64 = defaults().unlikely_keep_share,
        /// A paragraph's punctuation counts towards its score up to this many marks, so a
        /// comma-separated list of names does not outscore the article.
        pub paragraph_punct_cap: usize = defaults().paragraph_punct_cap,
    }
}

impl KindConfig for Config {
    fn compile(self: Box<Self>, _: &mut Compile<'_>) -> Option<Arc<dyn RuleKind>> {
        Some(Arc::new(MainContent::new(MainContentParams {
            min_paragraph_chars: self.min_paragraph_chars,
            sibling_share: self.sibling_share,
            min_content_chars: self.min_content_chars,
            parent_link_density: self.parent_link_density,
            interior_link_density: self.interior_link_density,
            climb_levels: self.climb_levels,
            climb_punct_gain: self.climb_punct_gain,
            climb_link_density: self.climb_link_density,
            tail_good_chars: self.tail_good_chars,
            hint_full_chars: self.hint_full_chars,
            lead_levels: self.lead_levels,
            unlikely_keep_share: self.unlikely_keep_share,
            paragraph_punct_cap: self.paragraph_punct_cap,
        })))
    }
}

/// HTML pages only: everything but the article (see [`crate::html::main_content`]) is left out.
#[derive(Debug)]
pub struct MainContent {
    params: MainContentParams,
}

impl MainContent {
    /// The kind with this tuning.
    pub fn new(params: MainContentParams) -> MainContent {
        MainContent { params }
    }
}

impl RuleKind for MainContent {
    fn name(&self) -> &'static str {
        KIND.name
    }

    /// Nothing in text: the extraction leaves out what is not the article before text is taken.
    fn find(&self, _: &Search<'_>) -> Vec<Range<usize>> {
        Vec::new()
    }

    fn html_only(&self) -> bool {
        true
    }

    fn main_content(&self) -> Option<&MainContentParams> {
        Some(&self.params)
    }
}
