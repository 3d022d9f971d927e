//! The language a text is written in, by whatlang's trigram and script model.

/// Chars of a text read to tell its language: enough for a confident guess, bounded in time.
const SAMPLE_CHARS: usize = 2_000;
/// Shortest line, in chars, taken into the sample: prose tells the language, menus do not.
const SAMPLE_LINE_CHARS: usize = 20;

/// The ISO 639-1 code (`zh`, `en`, `de`) of the language `text` is mostly written in, or the
/// ISO 639-3 code where a language has no two-letter one; `None` for text with too few letters.
/// Read from its longer lines (a dump's article, not its menus), at most [`SAMPLE_CHARS`].
pub fn detect(text: &str) -> Option<&'static str> {
    let mut sample = String::new();
    for line in text.lines().map(str::trim) {
        if line.chars().count() >= SAMPLE_LINE_CHARS {
            sample.push_str(line);
            sample.push('\n');
            if sample.len() >= SAMPLE_CHARS * 3 {
                break;
            }
        }
    }
    let sample = if sample.is_empty() { text } else { sample.as_str() };
    let end = sample
        .char_indices()
        .nth(SAMPLE_CHARS)
        .map_or(sample.len(), |(i, _)| i);
    let info = whatlang::detect(&sample[..end])?;
    Some(two_letter(info.lang()))
}

/// The language of a BCP 47 tag (`en-US` → `en`), lower case.
pub fn primary_subtag(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or(tag)
        .trim()
        .to_ascii_lowercase()
}

fn two_letter(lang: whatlang::Lang) -> &'static str {
    use whatlang::Lang::*;
    match lang {
        Cmn => "zh",
        Eng => "en",
        Deu => "de",
        Fra => "fr",
        Spa => "es",
        Ita => "it",
        Por => "pt",
        Nld => "nl",
        Pol => "pl",
        Fin => "fi",
        Hun => "hu",
        Nob => "no",
        Rus => "ru",
        Swe => "sv",
        Dan => "da",
        Ces => "cs",
        Tur => "tr",
        Ind => "id",
        Jpn => "ja",
        Kor => "ko",
        Ara => "ar",
        Ukr => "uk",
        Vie => "vi",
        Tha => "th",
        Heb => "he",
        Hin => "hi",
        Ell => "el",
        Ron => "ro",
        Bul => "bg",
        other => other.code(),
    }
}

#[cfg(test)]
mod tests {
    use super::detect;

    #[test]
    fn tells_chinese_english_and_german_apart_and_gives_up_on_digits() {
        assert_eq!(
            detect("北京时间昨天晚上，国家统计局发布了最新的经济数据。"),
            Some("zh")
        );
        assert_eq!(
            detect("The harbour reopened on Monday after the storm had passed."),
            Some("en")
        );
        assert_eq!(
            detect("Der Hafen wurde am Montag wieder geöffnet, nachdem der Sturm vorüber war."),
            Some("de")
        );
        assert_eq!(detect("12345 67 89"), None);
    }
}
