//! `metadata`: how a document's title, date, outlet and author are read. It removes nothing; its
//! options are the words metadata is read by ([`crate::meta::Vocabulary`]): source and date
//! labels, byline labels, media-name endings, what is never a name, title separators. The first
//! enabled `metadata` rule is the run's; a rule set without one reads by the default rule's
//! words (`rules/meta.toml`).

use std::ops::Range;
use std::sync::Arc;

use super::config::options;
use super::{Compile, KindConfig, KindSpec, RuleKind, Search};
use crate::meta::{Vocabulary, Words};

/// The kind, as the registry lists it.
pub const KIND: KindSpec = KindSpec::new::<Config>(
    "metadata",
    "nothing: the words a document's title, date, outlet and author are read by",
    "",
);

options! {
    /// The options of a `metadata` rule: word lists, matched as written (the date labels in any
    /// case).
    pub struct Config {
        /// Labels before an outlet's name, then `:` (`来源：新华社`).
        pub outlet_labels: Vec<String> = Vec::new(),
        /// Endings of a media name on its own line above the title or leading a dateline
        /// (`日报`, `新闻网`), in the folded view.
        pub media_endings: Vec<String> = Vec::new(),
        /// Labels of a publication date (`发表于`, `posted`): a labelled date just below a
        /// page's article is its date.
        pub date_labels: Vec<String> = Vec::new(),
        /// Labels before a writer's name, after a line start, space or bracket (`作者：张三`).
        pub writer_labels: Vec<String> = Vec::new(),
        /// Labels before a reporter's name (`记者 张三`), also before `张三/文`.
        pub reporter_labels: Vec<String> = Vec::new(),
        /// Credit labels before a slash and a name (`文/张三`).
        pub credit_labels: Vec<String> = Vec::new(),
        /// Credit labels after a name and a slash (`张三/文`).
        pub credit_after: Vec<String> = Vec::new(),
        /// Labels of an English byline at a line start (`By Jane Roe`).
        pub byline_labels: Vec<String> = Vec::new(),
        /// Labels before an editor's name (`责任编辑：`), read when no writer is named.
        pub editor_labels: Vec<String> = Vec::new(),
        /// Words a byline label may be followed by that are not names (`回复`, `佚名`).
        pub not_names: Vec<String> = Vec::new(),
        /// Domain endings that make an author value a web address (`com`).
        pub web_domains: Vec<String> = Vec::new(),
        /// What a page's author value may start with before the name (`By `).
        pub author_prefixes: Vec<String> = Vec::new(),
        /// What separates a `<title>`'s headline from the site name after it (`_新闻中心`),
        /// tried in this order.
        pub title_separators: Vec<String> = Vec::new(),
        /// Characters that separate the parts of a title hijacked with brands
        /// (`品牌-品牌-标题`), one of which is the headline.
        pub headline_separators: Vec<String> = Vec::new(),
        /// Words of a line that is never a title: welcome and log-in bars (`欢迎光临`,
        /// `设为首页`, `请登录`).
        pub not_title_words: Vec<String> = Vec::new(),
        /// Labels of a bar telling today's date, which is not the article's (`今天是`).
        pub today_labels: Vec<String> = Vec::new(),
    }
}

impl KindConfig for Config {
    fn compile(self: Box<Self>, cx: &mut Compile<'_>) -> Option<Arc<dyn RuleKind>> {
        let words = Words {
            outlet_labels: self.outlet_labels,
            media_endings: self.media_endings,
            date_labels: self.date_labels,
            writer_labels: self.writer_labels,
            reporter_labels: self.reporter_labels,
            credit_labels: self.credit_labels,
            credit_after: self.credit_after,
            byline_labels: self.byline_labels,
            editor_labels: self.editor_labels,
            not_names: self.not_names,
            web_domains: self.web_domains,
            author_prefixes: self.author_prefixes,
            title_separators: self.title_separators,
            headline_separators: self.headline_separators,
            not_title_words: self.not_title_words,
            today_labels: self.today_labels,
        };
        match Vocabulary::new(&words) {
            Ok(vocabulary) => Some(Arc::new(Metadata { vocabulary })),
            Err(e) => {
                cx.problem(format!("bad metadata words: {e}"));
                None
            }
        }
    }
}

/// The words a document's metadata is read by.
#[derive(Debug)]
pub struct Metadata {
    vocabulary: Vocabulary,
}

impl RuleKind for Metadata {
    fn name(&self) -> &'static str {
        KIND.name
    }

    /// Nothing: the rule tells how metadata is read, and removes nothing.
    fn find(&self, _: &Search<'_>) -> Vec<Range<usize>> {
        Vec::new()
    }

    fn vocabulary(&self) -> Option<&Vocabulary> {
        Some(&self.vocabulary)
    }
}
