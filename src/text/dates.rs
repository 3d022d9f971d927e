//! Dates in text: numeric (`2024-12-03 13:24:01`, `2023/11/14`, `2024年3月5日`) and with month
//! names in the languages of the benchmarks (`22 de outubro de 2010`, `March 5, 2024`,
//! `5. März 2024`, `5 mars 2024`). Matched on the folded view (lower case, half-width digits).

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

/// A date found in a text, with its byte range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateMatch {
    pub range: Range<usize>,
    pub year: u32,
    pub month: u32,
    pub day: u32,
    pub time: Option<(u32, u32, u32)>,
}

impl DateMatch {
    /// `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM:SS` when a time was given.
    pub fn iso(&self) -> String {
        let (y, m, d) = (self.year, self.month, self.day);
        match self.time {
            Some((h, mi, s)) => format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}"),
            None => format!("{y:04}-{m:02}-{d:02}"),
        }
    }
}

const TIME: &str =
    r"(?:[\sTt,]*(?:at|um|às|a las|à|alle|om)?\s*(\d{1,2})\s*[:时h]\s*(\d{2})(?:\s*[:分]\s*(\d{2}))?)?";

/// Month names → month number; abbreviations with a dot are matched too.
const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
    ("januar", 1),
    ("februar", 2),
    ("märz", 3),
    ("maerz", 3),
    ("mai", 5),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("dezember", 12),
    ("jänner", 1),
    ("janvier", 1),
    ("février", 2),
    ("fevrier", 2),
    ("mars", 3),
    ("avril", 4),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("decembre", 12),
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    ("janeiro", 1),
    ("fevereiro", 2),
    ("março", 3),
    ("marco", 3),
    ("maio", 5),
    ("junho", 6),
    ("julho", 7),
    ("setembro", 9),
    ("outubro", 10),
    ("novembro", 11),
    ("dezembro", 12),
    ("gennaio", 1),
    ("febbraio", 2),
    ("aprile", 4),
    ("maggio", 5),
    ("giugno", 6),
    ("luglio", 7),
    ("settembre", 9),
    ("ottobre", 10),
    ("dicembre", 12),
    ("januari", 1),
    ("februari", 2),
    ("maart", 3),
    ("mei", 5),
    ("augustus", 8),
];

fn numeric() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(
            r"((?:19|20)\d{{2}})\s*[-/.年]\s*(\d{{1,2}})\s*[-/.月]\s*(\d{{1,2}})(?:\s*日)?{TIME}"
        ))
        .expect("numeric date pattern")
    })
}

fn named() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let mut names: Vec<&str> = MONTHS.iter().map(|(n, _)| *n).collect();
        names.sort_by_key(|n| std::cmp::Reverse(n.len()));
        let names = names.join("|");
        // Day-month-year (`22 de outubro de 2010`, `5. märz 2024`) or month-day-year (`march 5, 2024`).
        Regex::new(&format!(
            r"(?:(\d{{1,2}})\.?\s+(?:de\s+)?({names})\.?\s+(?:de\s+)?((?:19|20)\d{{2}})|({names})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{{2}})){TIME}"
        ))
        .expect("named date pattern")
    })
}

/// Day-first dotted dates (`23.10.2018`, `5. 3. 2024`), as written across continental Europe.
fn dotted() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(
            r"(?-u:\b)(\d{{1,2}})\.\s?(\d{{1,2}})\.\s?((?:19|20)\d{{2}})(?-u:\b){TIME}"
        ))
        .expect("dotted date pattern")
    })
}

fn month_number(name: &str) -> Option<u32> {
    MONTHS.iter().find(|(n, _)| *n == name).map(|(_, m)| *m)
}

impl DateMatch {
    /// A match for a plausible date (years 1990–2100), or `None`.
    fn checked(
        range: Range<usize>,
        year: u32,
        month: u32,
        day: u32,
        time: Option<(u32, u32, u32)>,
    ) -> Option<Self> {
        let plausible = (1990..=2100).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day);
        plausible.then_some(DateMatch {
            range,
            year,
            month,
            day,
            time,
        })
    }
}

fn num(c: &regex::Captures, i: usize) -> Option<u32> {
    c.get(i).and_then(|m| m.as_str().parse().ok())
}

/// The time of day in groups `h`, `h + 1` and (optionally) `h + 2`, when valid.
fn time_at(c: &regex::Captures, h: usize) -> Option<(u32, u32, u32)> {
    match (num(c, h), num(c, h + 1)) {
        (Some(hh), Some(mm)) if hh < 24 && mm < 60 => {
            Some((hh, mm, num(c, h + 2).filter(|s| *s < 60).unwrap_or(0)))
        }
        _ => None,
    }
}

/// The first plausible date `re` finds in `s` that starts before `best`; `read` gives a
/// match's year, month, day and the group its time starts at.
fn earliest(
    re: &Regex,
    s: &str,
    best: Option<DateMatch>,
    read: impl Fn(&regex::Captures) -> Option<(u32, u32, u32, usize)>,
) -> Option<DateMatch> {
    for c in re.captures_iter(s) {
        let range = c.get(0).map_or(0..0, |x| x.range());
        if best.as_ref().is_some_and(|b| b.range.start <= range.start) {
            break;
        }
        let Some((y, m, d, time_group)) = read(&c) else {
            continue;
        };
        if let Some(found) = DateMatch::checked(range, y, m, d, time_at(&c, time_group)) {
            return Some(found);
        }
    }
    best
}

/// The first valid date in `s` (folded text: lower case, half-width digits).
pub fn find_date(s: &str) -> Option<DateMatch> {
    let best = earliest(numeric(), s, None, |c| {
        Some((num(c, 1)?, num(c, 2)?, num(c, 3)?, 4))
    });
    let best = earliest(named(), s, best, |c| {
        if c.get(1).is_some() {
            let month = month_number(c.get(2)?.as_str())?;
            Some((num(c, 3)?, month, num(c, 1)?, 7))
        } else {
            let month = month_number(c.get(4)?.as_str())?;
            Some((num(c, 6)?, month, num(c, 5)?, 7))
        }
    });
    earliest(dotted(), s, best, |c| {
        Some((num(c, 3)?, num(c, 2)?, num(c, 1)?, 4))
    })
}

#[cfg(test)]
mod tests {
    use super::find_date;

    #[test]
    fn finds_numeric_and_named_dates() {
        let iso = |s: &str| find_date(s).map(|d| d.iso());
        assert_eq!(
            iso("川观新闻 2024-12-03 13:24:01").as_deref(),
            Some("2024-12-03T13:24:01")
        );
        assert_eq!(iso("发布日期:2023-11-14 来源").as_deref(), Some("2023-11-14"));
        assert_eq!(iso("2024年3月5日").as_deref(), Some("2024-03-05"));
        assert_eq!(
            iso("2024-06-10t03:27:00+08:00").as_deref(),
            Some("2024-06-10T03:27:00")
        );
        assert_eq!(
            iso("sexta-feira, 22 de outubro de 2010 às 20:13").as_deref(),
            Some("2010-10-22T20:13:00")
        );
        assert_eq!(iso("published march 5, 2024").as_deref(), Some("2024-03-05"));
        assert_eq!(iso("5. märz 2024").as_deref(), Some("2024-03-05"));
        assert_eq!(
            iso("stand: 23.10.2018, 14:05 uhr").as_deref(),
            Some("2018-10-23T14:05:00")
        );
        assert_eq!(iso("version 1.2.3 vom 5.13.2020").as_deref(), None);
        assert_eq!(iso("到2025年,全省").as_deref(), None);
        assert_eq!(iso("11月13日").as_deref(), None);
    }
}
