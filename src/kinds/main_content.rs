//! `main-content`: on HTML pages, everything but the article is left out. The extraction itself
//! is [`crate::html::main_content`]'s; this kind reads its tuning and its word lists (what an
//! element's class, id, tag and role say of it) from a rule, and compiles the lists once.

use std::ops::Range;
use std::sync::Arc;

use regex::Regex;

use super::config::options;
use super::{Compile, KindConfig, KindSpec, RuleKind, Search};

/// The kind, as the registry lists it.
pub const KIND: KindSpec = KindSpec::new::<Config>(
    "main-content",
    "HTML only: everything but the article",
    "",
);

options! {
    /// The options of a `main-content` rule: the extraction's tuning, and the names that tell
    /// what an element is. A name list is regex alternatives matched anywhere in the element's
    /// lower-cased class and id (an empty list matches nothing).
    pub struct Config {
        /// Shortest inline text, in chars, that counts as a paragraph.
        pub min_paragraph_chars: usize = 20,
        /// A sibling joins the content when it scores at least this share of the best candidate.
        pub sibling_share: f64 = 0.2,
        /// Below this many chars of content the first attempt is retried more leniently.
        pub min_content_chars: usize = 200,
        /// The best candidate's parent is taken whole when its link density is below this.
        pub parent_link_density: f64 = 0.05,
        /// A sibling between two kept ones joins the content when its link density is below
        /// this; 0 turns it off.
        pub interior_link_density: f64 = 0.33,
        /// The candidate climbs up to this many ancestors, taking the highest that holds
        /// `climb_punct_gain` times its punctuation, and stops at one named like boilerplate or
        /// with links over `climb_link_density`.
        pub climb_levels: usize = 6,
        /// How many times the candidate's punctuation an ancestor holds to be climbed to.
        pub climb_punct_gain: f64 = 1.8,
        /// An ancestor with a link density of this or more stops the climb.
        pub climb_link_density: f64 = 0.25,
        /// The content's trailing blocks after its last paragraph-like one (a sentence, a list
        /// item, a block of this many chars with few links) are left out; 0 turns it off.
        pub tail_good_chars: usize = 80,
        /// A content-like class or id (`article`, `detail`) adds its bonus in full to an element
        /// holding this many chars, and in proportion to a smaller one; 0: always in full.
        pub hint_full_chars: usize = 400,
        /// Paragraphs just before the content, within this many of its ancestors (none named
        /// like boilerplate), join it, walking back past at most 8 short chrome blocks (a
        /// smaller heading such as a kicker counts as one) to the headline (`h1`/`h2`): a lead
        /// set apart from the body. 0 turns it off.
        pub lead_levels: usize = 10,
        /// A region named like chrome (`header`, `sidebar`) that holds this share of the page's
        /// punctuation is scored after all, unless it is named like a discussion (`comment`,
        /// `评论`); 0 turns it off.
        pub unlikely_keep_share: f64 = 0.4,
        /// A paragraph's punctuation counts towards its score up to this many marks, so a
        /// comma-separated list of names does not outscore the article.
        pub paragraph_punct_cap: usize = 20,
        /// Names of regions that are never the article (`sidebar`, `comment`): left out before
        /// scoring, unless also named in `maybe_article`.
        pub unlikely: Vec<String> = Vec::new(),
        /// Names that keep a region named in `unlikely` in after all (`article`, `content`).
        pub maybe_article: Vec<String> = Vec::new(),
        /// Article-like names (`article`, `正文`): +25 to an element's score.
        pub positive: Vec<String> = Vec::new(),
        /// Boilerplate-like names (`related`, `相关`): −25 to an element's score.
        pub negative: Vec<String> = Vec::new(),
        /// Names of readers' discussions (`comment`, `评论`), never kept for their length.
        pub discussion: Vec<String> = Vec::new(),
        /// Names of a page or article header, where a standfirst sits next to the headline.
        pub page_header: Vec<String> = Vec::new(),
        /// Whole class names that say nothing (layout grids' `container`) and are not read.
        pub layout_classes: Vec<String> = Vec::new(),
        /// Tags never left out as unlikely, whatever their names.
        pub never_unlikely_tags: Vec<String> = Vec::new(),
        /// Tags always left out as unlikely (`nav`, `aside`, `footer`).
        pub unlikely_tags: Vec<String> = Vec::new(),
        /// ARIA roles of page chrome (`navigation`), left out as unlikely.
        pub unlikely_roles: Vec<String> = Vec::new(),
    }
}

/// Names matched anywhere in an element's class and id: the list's alternatives as one regex.
#[derive(Clone, Debug, Default)]
pub struct Names(Option<Regex>);

impl Names {
    /// The names of `list` (regex alternatives), or why they do not compile.
    fn new(list: &[String]) -> Result<Names, regex::Error> {
        if list.is_empty() {
            return Ok(Names(None));
        }
        Regex::new(&list.join("|")).map(|re| Names(Some(re)))
    }

    /// Whether `class_id` holds one of the names.
    pub fn is_match(&self, class_id: &str) -> bool {
        self.0.as_ref().is_some_and(|re| re.is_match(class_id))
    }
}

/// The word lists of a rule, compiled: what the extraction reads of an element's names.
#[derive(Clone, Debug, Default)]
pub struct Hints {
    pub unlikely: Names,
    pub maybe_article: Names,
    pub positive: Names,
    pub negative: Names,
    pub discussion: Names,
    pub page_header: Names,
    pub layout_classes: Vec<String>,
    pub never_unlikely_tags: Vec<String>,
    pub unlikely_tags: Vec<String>,
    pub unlikely_roles: Vec<String>,
}

/// The extraction's tuning: a rule's options, with its name lists compiled.
#[derive(Clone, Debug, Default)]
pub struct MainContentParams {
    pub options: Config,
    pub hints: Hints,
}

impl KindConfig for Config {
    fn compile(self: Box<Self>, cx: &mut Compile<'_>) -> Option<Arc<dyn RuleKind>> {
        let mut names = |option: &str, list: &[String]| {
            Names::new(list).unwrap_or_else(|e| {
                cx.problem(format!("bad `{option}` name: {e}"));
                Names::default()
            })
        };
        let hints = Hints {
            unlikely: names("unlikely", &self.unlikely),
            maybe_article: names("maybe_article", &self.maybe_article),
            positive: names("positive", &self.positive),
            negative: names("negative", &self.negative),
            discussion: names("discussion", &self.discussion),
            page_header: names("page_header", &self.page_header),
            layout_classes: self.layout_classes.clone(),
            never_unlikely_tags: self.never_unlikely_tags.clone(),
            unlikely_tags: self.unlikely_tags.clone(),
            unlikely_roles: self.unlikely_roles.clone(),
        };
        for share in [self.sibling_share, self.unlikely_keep_share] {
            cx.share(share);
        }
        Some(Arc::new(MainContent::new(MainContentParams {
            options: *self,
            hints,
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
