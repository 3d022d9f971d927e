//! Metadata of a text document: title, publication date, outlet and author.

use std::sync::OnceLock;

use regex::Regex;

use crate::model::{apply, Prepared, Removal, TitleInfo};

/// How many non-blank lines from the top may hold the title or the dateline.
const HEAD_LINES: usize = 12;
/// Longest title, in chars.
const MAX_TITLE_CHARS: usize = 80;
/// Shortest title, in letters and ideographs (a site name such as `每日经济新闻` is shorter).
const MIN_TITLE_CHARS: usize = 8;

/// The first `n` non-blank lines of the document, by index.
fn head_lines(p: &Prepared, n: usize) -> impl Iterator<Item = usize> + '_ {
    (0..p.doc.lines.len()).filter(|&l| !p.doc.is_blank(l)).take(n)
}

/// The text of `line` once `removals` (sorted, disjoint) are applied, trimmed.
pub fn line_after(p: &Prepared, line: usize, removals: &[Removal]) -> String {
    let span = p.doc.lines[line].clone();
    let first = removals.partition_point(|r| r.span.end <= span.start);
    let mut local = Vec::new();
    for r in &removals[first..] {
        if r.span.start >= span.end {
            break;
        }
        let mut x = r.clone();
        x.span = x.span.start.max(span.start) - span.start..x.span.end.min(span.end) - span.start;
        local.push(x);
    }
    apply(&p.doc.text[span], &local).trim().to_string()
}

/// The title: the first line near the top that reads like a headline (not too short or long, no
/// sentence end), looked for before the first paragraph of body text.
pub fn find_title(p: &Prepared, removals: &[Removal]) -> Option<(TitleInfo, String)> {
    let mut seen = 0;
    for line in 0..p.doc.lines.len() {
        if p.doc.is_blank(line) {
            continue;
        }
        let text = line_after(p, line, removals);
        if text.is_empty() {
            continue;
        }
        seen += 1;
        if seen > HEAD_LINES || is_paragraph(&text) {
            return None;
        }
        if is_headline(&text) && p.paragraph_start[line] {
            let info = TitleInfo {
                line: Some(line),
                squashed: crate::text::chars::squash(&text),
                raw_squashed: p.vline(line).chars().filter(|c| c.is_alphanumeric()).collect(),
            };
            return Some((info, text));
        }
    }
    None
}

fn is_paragraph(text: &str) -> bool {
    text.chars().count() > MAX_TITLE_CHARS || text.trim_end().ends_with(['。', '；', ';'])
}

fn is_headline(text: &str) -> bool {
    let solid = text.chars().filter(|c| c.is_alphanumeric()).count();
    // A line of `|`-separated items is a menu, not a headline.
    let bars = text.matches(['|', '｜']).count();
    solid >= MIN_TITLE_CHARS && !text.contains('。') && !text.ends_with([':', '：']) && bars < 2
}

/// The publication date (`YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM:SS` when a time is given) from the
/// first dated line near the top of the original text.
pub fn find_published(p: &Prepared) -> Option<String> {
    for line in head_lines(p, HEAD_LINES) {
        let t = p.vline(line);
        if t.chars().count() <= 120 {
            if let Some(d) = crate::text::dates::find_date(t) {
                return Some(d.iso());
            }
        }
    }
    None
}

/// The outlet, in the page's own script: a `来源：` label near the top; else a media name on its own
/// line above the title (`每日經濟新聞`) or leading a dateline (`川觀新聞 2024-12-03 13:24`).
///
/// `repairs` are the removals of repair rules, so the name reads without pinyin glosses.
pub fn find_outlet(p: &Prepared, title_line: Option<usize>, repairs: &[Removal]) -> Option<String> {
    source_label(p, repairs).or_else(|| media_name_line(p, title_line, repairs))
}

/// A media name: a short run of words ending in a media suffix (folded view).
fn media_name() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^[\p{Han}a-z0-9]{1,10}(新闻|日报|晚报|早报|时报|商报|青年报|周刊|新闻网|网|电视台|广播电台|通讯社|社)$")
            .expect("media-name pattern")
    })
}

fn media_name_line(p: &Prepared, title_line: Option<usize>, repairs: &[Removal]) -> Option<String> {
    for line in head_lines(p, HEAD_LINES) {
        let view = p.vline(line).trim();
        let raw = line_after(p, line, repairs);
        let before_title = title_line.is_some_and(|t| line < t);
        if before_title && media_name().is_match(view) {
            return Some(raw);
        }
        // `川觀新聞 2024-12-03 13:24:01`: the words before the date.
        if let Some(m) = crate::text::dates::find_date(view) {
            let lead = view[..m.range.start].trim();
            if media_name().is_match(lead) {
                let n = lead.chars().count();
                return Some(raw.chars().take(n).collect());
            }
        }
    }
    None
}

fn source_label(p: &Prepared, repairs: &[Removal]) -> Option<String> {
    head_lines(p, HEAD_LINES * 2).find_map(|line| outlet_label(&line_after(p, line, repairs)))
}

/// The outlet a `来源：` label names among `lines`.
pub fn outlet_in(lines: &[String]) -> Option<String> {
    lines.iter().find_map(|l| outlet_label(l))
}

fn outlet_label(line: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"(?:来源|來源|稿源|出处|出處)\s*[:：]\s*([^\s|｜,，/:：]{2,24})").expect("outlet pattern")
    });
    re.captures(line).map(|c| c[1].trim_matches('\u{a0}').to_string())
}

/// Whether `line` labels a publication date: `发表于`, `发布时间`, `Posted on`, `Published`.
pub fn is_date_label(line: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)发表于|发布于|发表时间|发布时间|發表於|發佈於|發表時間|發佈時間|发布日期|發布日期|posted|published")
            .expect("date label pattern")
    })
    .is_match(line)
}

/// The author: a `作者：` / `记者` / `文/` byline near the top or the bottom of the original text,
/// or an English `By …` line; an editor's line (`责任编辑：`, `責編：`) when nothing better is there.
pub fn find_author(p: &Prepared, repairs: &[Removal]) -> Option<String> {
    let non_blank: Vec<usize> = (0..p.doc.lines.len()).filter(|&l| !p.doc.is_blank(l)).collect();
    let head = non_blank.iter().take(HEAD_LINES * 2);
    let tail = non_blank.iter().rev().take(HEAD_LINES);
    let lines: Vec<String> = head.chain(tail).map(|&l| line_after(p, l, repairs)).collect();
    author_in(&lines)
}

/// The author named by a byline among `lines`: a writer's before an editor's.
pub fn author_in(lines: &[String]) -> Option<String> {
    let [writer, editor] = author_patterns();
    [writer, editor].iter().find_map(|re| {
        lines.iter().find_map(|line| {
            let c = re.captures(line)?;
            let name = c.iter().skip(1).flatten().next()?.as_str().trim();
            is_person_name(name).then(|| name.to_string())
        })
    })
}

/// Whether an author value can be a person's or a desk's name: not a URL, domain, user id
/// (`L_104485`), list of outlets, or a word that follows a byline label (`回复`, `佚名`).
pub fn is_person_name(name: &str) -> bool {
    const NOT_NAMES: &[&str] = &[
        "回复", "回覆", "发表", "發表", "查看", "本报", "本報", "本站", "网友", "網友", "来源", "來源",
        "原创", "原創", "佚名", "admin",
    ];
    let digits = name.chars().filter(char::is_ascii_digit).count();
    !name.is_empty()
        && name.chars().count() <= 60
        && !name.contains("://")
        && !name.starts_with('/')
        && !name.contains(['_', '@', ',', '，'])
        && !name.to_ascii_lowercase().contains("www.")
        && !name
            .split('.')
            .skip(1)
            .any(|part| matches!(part, "com" | "cn" | "net" | "org"))
        && digits * 3 < name.chars().count().max(1)
        && !NOT_NAMES.contains(&name)
}

/// The byline patterns on the raw text, in both scripts: writers first, then editors. A name is
/// 2–4 ideographs (with `·` for transliterations) or a few capitalized words, and must end at a
/// delimiter so that `记者从市教育局获悉` is not a byline. Every group of a pattern is a name.
fn author_patterns() -> &'static [Regex; 2] {
    static RE: OnceLock<[Regex; 2]> = OnceLock::new();
    RE.get_or_init(|| {
        let name = r"([\p{Han}·]{2,4}|[A-Z][A-Za-z.'-]+(?: [A-Z][A-Za-z.'-]+){0,3})";
        let start = r"(?:^|[\s(（【\[|｜])";
        let end = r"(?:$|[\s)）】\]|｜,，。;；/、])";
        let writer = [
            // 作者：张三 · (本报)记者 张三 · 文/张三 · 记者张三/文 · By Jane Roe
            format!(r"{start}(?:作者|撰文|撰稿)(?:\s*[:：]\s*|\s+){name}{end}"),
            format!(r"(?:記者|记者)(?:\s*[:：]\s*|\s+){name}{end}"),
            format!(r"{start}(?:文|图文|圖文|文字)\s*[/／]\s*{name}{end}"),
            format!(r"(?:{start}|記者|记者){name}\s*[/／]\s*文(?:$|[\s)）|｜,，。])"),
            r"^(?:By|BY)\s+([A-Z][A-Za-z.'-]+(?: [A-Z][A-Za-z.'-]+){0,3})\s*(?:$|[,|·])".to_string(),
        ]
        .join("|");
        let editor = format!(r"{start}(?:责任编辑|責任編輯|责编|責編|编辑|編輯)\s*[:：]?\s*{name}{end}");
        [
            Regex::new(&writer).expect("writer byline pattern"),
            Regex::new(&editor).expect("editor byline pattern"),
        ]
    })
}
