//! The words a document's metadata is read by: source and date labels, byline labels, media-name
//! endings, what is never a name, and the separators of a title. They are data (the `metadata`
//! rule's options, `rules/meta.toml`); the grammar they fit into (where a label sits, what a name
//! looks like) is here, compiled once when the rules load.

use regex::Regex;

/// The word lists, as a rule gives them.
#[derive(Clone, Debug, Default)]
pub struct Words {
    /// Labels before an outlet's name (`来源`).
    pub outlet_labels: Vec<String>,
    /// Endings of a media name (`日报`, `新闻网`).
    pub media_endings: Vec<String>,
    /// Labels of a publication date (`发表于`, `posted`; matched in any case).
    pub date_labels: Vec<String>,
    /// Labels before a writer's name (`作者`).
    pub writer_labels: Vec<String>,
    /// Labels before a reporter's name (`记者`), also when the name is followed by `/文`.
    pub reporter_labels: Vec<String>,
    /// Credit labels before a slash and a name (`文/张三`).
    pub credit_labels: Vec<String>,
    /// Credit labels after a name and a slash (`张三/文`).
    pub credit_after: Vec<String>,
    /// Labels of an English byline at a line start (`By`).
    pub byline_labels: Vec<String>,
    /// Labels before an editor's name (`责任编辑`), read when no writer is named.
    pub editor_labels: Vec<String>,
    /// Words a byline label may be followed by that are not names (`回复`, `佚名`).
    pub not_names: Vec<String>,
    /// Domain endings that make a value a web address, not a name (`com`).
    pub web_domains: Vec<String>,
    /// What a page's author value may start with before the name (`By `).
    pub author_prefixes: Vec<String>,
    /// What separates a `<title>`'s headline from the site name after it, tried in order.
    pub title_separators: Vec<String>,
    /// What separates the parts of a hijacked title (`品牌-品牌-标题`).
    pub headline_separators: Vec<String>,
    /// Words of a line that is never a title: welcome and log-in bars (`欢迎光临`, `设为首页`).
    pub not_title_words: Vec<String>,
    /// Labels of a bar that tells today's date, not the article's (`今天是`), folded.
    pub today_labels: Vec<String>,
}

/// The words compiled into the patterns that read metadata.
#[derive(Clone, Debug, Default)]
pub struct Vocabulary {
    media_name: Option<Regex>,
    outlet_label: Option<Regex>,
    date_label: Option<Regex>,
    writer: Option<Regex>,
    editor: Option<Regex>,
    not_names: Vec<String>,
    web_domains: Vec<String>,
    /// What a page's author value may start with before the name (`By `).
    pub author_prefixes: Vec<String>,
    /// What separates a `<title>`'s headline from the site name after it, tried in order.
    pub title_separators: Vec<String>,
    /// What separates the parts of a hijacked title.
    pub headline_separators: Vec<char>,
    not_title_words: Vec<String>,
    today_labels: Vec<String>,
}

/// A name in a byline: 2–4 ideographs (with `·` for transliterations) or a few capitalized words.
const NAME: &str = r"([\p{Han}·]{2,4}|[A-Z][A-Za-z.'-]+(?: [A-Z][A-Za-z.'-]+){0,3})";
/// Where a byline label may start: a line start, white space or an opening bracket.
const START: &str = r"(?:^|[\s(（【\[|｜])";
/// Where a byline's name must end, so that `记者从市教育局获悉` is not a byline.
const END: &str = r"(?:$|[\s)）】\]|｜,，。;；/、])";

/// `words` as regex alternatives of literal words: `a|b|c`.
fn any(words: &[String]) -> String {
    words
        .iter()
        .map(|w| regex::escape(w))
        .collect::<Vec<_>>()
        .join("|")
}

/// The pattern of `alternatives` (each a pattern, or nothing when its list is empty) joined.
fn compile(alternatives: &[Option<String>]) -> Result<Option<Regex>, regex::Error> {
    let present: Vec<&str> = alternatives.iter().flatten().map(String::as_str).collect();
    if present.is_empty() {
        return Ok(None);
    }
    Regex::new(&present.join("|")).map(Some)
}

/// `template` with `{}` replaced by the alternatives of `words`, or nothing when there are none.
fn with(words: &[String], template: &str) -> Option<String> {
    (!words.is_empty()).then(|| template.replace("{}", &any(words)))
}

impl Vocabulary {
    /// The patterns `words` make; an empty list makes its pattern match nothing.
    pub fn new(w: &Words) -> Result<Vocabulary, regex::Error> {
        let writer = [
            // 作者：张三 · (本报)记者 张三 · 文/张三 · 记者张三/文 · By Jane Roe
            with(
                &w.writer_labels,
                &format!(r"{START}(?:{{}})(?:\s*[:：]\s*|\s+){NAME}{END}"),
            ),
            with(
                &w.reporter_labels,
                &format!(r"(?:{{}})(?:\s*[:：]\s*|\s+){NAME}{END}"),
            ),
            with(
                &w.credit_labels,
                &format!(r"{START}(?:{{}})\s*[/／]\s*{NAME}{END}"),
            ),
            (!w.credit_after.is_empty()).then(|| {
                let before = match w.reporter_labels.is_empty() {
                    true => START.to_string(),
                    false => format!("{START}|{}", any(&w.reporter_labels)),
                };
                format!(
                    r"(?:{before}){NAME}\s*[/／]\s*(?:{})(?:$|[\s)）|｜,，。])",
                    any(&w.credit_after)
                )
            }),
            with(
                &w.byline_labels,
                r"^(?:{})\s+([A-Z][A-Za-z.'-]+(?: [A-Z][A-Za-z.'-]+){0,3})\s*(?:$|[,|·])",
            ),
        ];
        Ok(Vocabulary {
            media_name: compile(&[with(&w.media_endings, r"^[\p{Han}a-z0-9]{1,10}({})$")])?,
            outlet_label: compile(&[with(
                &w.outlet_labels,
                r"(?:{})\s*[:：]\s*([^\s|｜,，/:：]{2,24})",
            )])?,
            date_label: compile(&[with(&w.date_labels, "(?i){}")])?,
            writer: compile(&writer)?,
            editor: compile(&[with(
                &w.editor_labels,
                &format!(r"{START}(?:{{}})\s*[:：]?\s*{NAME}{END}"),
            )])?,
            not_names: w.not_names.clone(),
            web_domains: w.web_domains.clone(),
            not_title_words: w.not_title_words.clone(),
            today_labels: w
                .today_labels
                .iter()
                .map(|l| crate::text::normalize::fold_str(l))
                .collect(),
            author_prefixes: w.author_prefixes.clone(),
            title_separators: w.title_separators.clone(),
            headline_separators: w.headline_separators.iter().flat_map(|s| s.chars()).collect(),
        })
    }

    /// Whether `text` (folded) is a media name: a short run of words ending in a media ending.
    pub fn is_media_name(&self, text: &str) -> bool {
        self.media_name.as_ref().is_some_and(|re| re.is_match(text))
    }

    /// The outlet a `来源：` label on `line` names.
    pub fn outlet_label(&self, line: &str) -> Option<String> {
        let c = self.outlet_label.as_ref()?.captures(line)?;
        Some(c[1].trim_matches('\u{a0}').to_string())
    }

    /// Whether `line` labels a publication date: `发表于`, `发布时间`, `Posted on`, `Published`.
    pub fn is_date_label(&self, line: &str) -> bool {
        self.date_label.as_ref().is_some_and(|re| re.is_match(line))
    }

    /// The byline patterns: writers' first, then editors'. Every group of a pattern is a name.
    pub fn bylines(&self) -> impl Iterator<Item = &Regex> {
        self.writer.iter().chain(&self.editor)
    }

    /// Whether `text` holds a web address: a URL, `www.`, or a host name ending in one of the
    /// web domains (`sp55.shop`, `chinaha.126.com`).
    pub fn has_web_address(&self, text: &str) -> bool {
        let lower = text.to_ascii_lowercase();
        lower.contains("://")
            || lower.contains("www.")
            || lower
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
                .any(|token| self.is_host_name(token))
    }

    /// Whether `token` has a web domain after one of its dots (`news.com`, `a.b.cn`).
    fn is_host_name(&self, token: &str) -> bool {
        token
            .split('.')
            .skip(1)
            .any(|part| self.web_domains.iter().any(|d| d == part))
    }

    /// Whether a line (folded) is a bar telling today's date (`今天是2024年3月5日 星期二`).
    pub fn tells_today(&self, folded: &str) -> bool {
        self.today_labels.iter().any(|l| folded.contains(l.as_str()))
    }

    /// Whether a line may be a title: no welcome or log-in bar words, no web address (a promo
    /// line names its site), no markup.
    pub fn may_be_title(&self, text: &str) -> bool {
        let markup = text.contains('<') && text.contains('>');
        !(markup
            || self.has_web_address(text)
            || self.not_title_words.iter().any(|w| text.contains(w.as_str())))
    }

    /// Whether an author value can be a person's or a desk's name: not a URL, domain, user id
    /// (`L_104485`), list of outlets, or a word that follows a byline label (`回复`, `佚名`).
    pub fn is_person_name(&self, name: &str) -> bool {
        let digits = name.chars().filter(char::is_ascii_digit).count();
        !name.is_empty()
            && name.chars().count() <= 60
            && !name.contains("://")
            && !name.starts_with('/')
            && !name.contains(['_', '@', ',', '，'])
            && !name.to_ascii_lowercase().contains("www.")
            && !self.is_host_name(name)
            && digits * 3 < name.chars().count().max(1)
            && !self.not_names.iter().any(|n| n == name)
    }
}
