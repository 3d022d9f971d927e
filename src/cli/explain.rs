//! `newsclean explain FILE`: the document with each removed span marked, and a table of removals.

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::{Context, Result};

use clap::{Args, ValueEnum};

use super::{outln, print_out, RuleArgs, EXIT_OK, EXIT_USAGE};
use std::path::PathBuf;

use newsclean::model::Status;
use newsclean::read::{Body, RawDoc, Unit};
use newsclean::write::record::removal_records;

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// The file to explain (text dump or HTML page).
    pub file: PathBuf,
    #[command(flatten)]
    pub rules: RuleArgs,
    /// Print the removals as JSON instead of the marked text.
    #[arg(long)]
    pub json: bool,
    /// Colour the removed spans (auto: on a terminal, unless NO_COLOR is set).
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
}

/// Escapes control, bidi and zero-width characters before they reach a terminal: scraped text is
/// full of them. Line ends and tabs stay.
pub fn sanitize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let hidden = (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{00AD}');
        if hidden {
            out.push_str(&format!("\\u{{{:04x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

pub fn explain(args: ExplainArgs) -> Result<ExitCode> {
    let Some(rules) = args.rules.load() else {
        return Ok(ExitCode::from(EXIT_USAGE));
    };
    let bytes = std::fs::read(&args.file).with_context(|| format!("{}: cannot read", args.file.display()))?;
    let name = args.file.to_string_lossy();
    let unit = Unit::of(&name, Body::Doc(RawDoc::bytes(&name, bytes)));
    let doc = newsclean::run::clean_one(unit, rules, &Default::default());
    let records = removal_records(&doc, rules);
    let format = doc.decoding.map_or("-", |d| d.format.name());
    let rejected = doc.why.as_deref().filter(|_| doc.status != Status::Cleaned);
    let mut out = String::new();
    if args.json {
        let v = serde_json::json!({
            "source": args.file.display().to_string(),
            "format": format,
            "encoding": doc.decoding.map(|d| d.encoding),
            "encoding_source": doc.decoding.map(|d| d.source),
            "title": doc.meta.title,
            "published": doc.meta.published,
            "outlet": doc.meta.outlet,
            "rejected": rejected,
            "removals": records,
        });
        outln!(out, "{}", serde_json::to_string_pretty(&v)?);
        print_out(&out)?;
        return Ok(ExitCode::from(EXIT_OK));
    }
    let color = match args.color {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let m = &doc.meta;
    outln!(
        out,
        "# {} ({}, {} via {}); title: {}; published: {}; outlet: {}",
        sanitize(&args.file.display().to_string()),
        format,
        doc.decoding.map_or("-", |d| d.encoding),
        doc.decoding.map_or("-", |d| d.source.name()),
        m.title.as_deref().map(sanitize).unwrap_or_else(|| "-".into()),
        m.published.as_deref().unwrap_or("-"),
        m.outlet.as_deref().map(sanitize).unwrap_or_else(|| "-".into()),
    );
    if let Some(r) = rejected {
        outln!(out, "# {}: {r}", doc.status.name());
    }
    let mut marked = String::new();
    let mut at = 0;
    let source = &doc.source_text;
    for r in &doc.removals {
        marked.push_str(&sanitize(&source[at..r.span.start]));
        let id = &rules.rule(r.rule).id;
        let removed = sanitize(&source[r.span.clone()]);
        if color {
            marked.push_str(&format!("\x1b[9;31m{removed}\x1b[0m\x1b[2m{{{id}}}\x1b[0m"));
        } else {
            marked.push_str(&format!("[-{removed}-]{{{id}}}"));
        }
        at = r.span.end;
    }
    marked.push_str(&sanitize(&source[at..]));
    outln!(out, "{marked}");
    outln!(
        out,
        "\n# removals: rule, action, span (bytes of the decoded text) or element, text"
    );
    for r in &records {
        let place = match (&r.node, r.start, r.end) {
            (Some(node), _, _) => sanitize(node),
            (None, Some(s), Some(e)) => format!("{s}..{e}"),
            _ => String::new(),
        };
        let text: String = sanitize(&r.text).replace('\n', "⏎").chars().take(80).collect();
        outln!(out, "{:<28} {:<11} {:<14} {}", r.rule, r.action, place, text);
    }
    main_content_scores(&doc, rules, &mut out);
    print_out(&out)?;
    Ok(ExitCode::from(EXIT_OK))
}

/// Why `text.main-content` removed each line it removed: the line's score (log-odds of being
/// article, alone) and the features that weighed most, so its thresholds can be tuned.
fn main_content_scores(doc: &newsclean::model::Doc, rules: &newsclean::engine::RuleSet, out: &mut String) {
    use newsclean::model::{Prepared, SourceText};
    let Some((index, kind)) = rules
        .rules
        .iter()
        .enumerate()
        .find_map(|(i, r)| Some((i, r.kind.text_main_content()?)))
    else {
        return;
    };
    let (mine, others): (Vec<_>, Vec<_>) = doc.removals.iter().partition(|r| r.rule.index() == index);
    if mine.is_empty() {
        return;
    }
    // The text as the other rules left it: what the rule read.
    let hidden: Vec<_> = others.iter().map(|r| r.span.clone()).collect();
    let p = Prepared::masked(SourceText::new(doc.source_text.clone()), &hidden);
    outln!(
        out,
        "\n# {}: line, score (log-odds of article, alone: bias {:+.2} plus the features), the features weighing most",
        rules.rules[index].id,
        kind.bias()
    );
    for s in kind.score_lines(&p, doc.meta.lang.as_deref(), None) {
        let span = p.line_span(s.line);
        if s.article
            || !mine
                .iter()
                .any(|r| r.span.start <= span.start && span.end <= r.span.end)
        {
            continue;
        }
        let why: Vec<String> = kind
            .deciding(&s)
            .iter()
            .map(|(name, v)| format!("{name} {v:+.2}"))
            .collect();
        let text: String = sanitize(p.doc.line_text(s.line).trim())
            .chars()
            .take(40)
            .collect();
        outln!(
            out,
            "{:>5} {:>6.2}  {:<44} {}",
            s.line + 1,
            s.score,
            why.join(", "),
            text
        );
    }
}
