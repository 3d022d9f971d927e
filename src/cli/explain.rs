//! `newsclean explain FILE`: the document with each removed span marked, and a table of removals.

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::{Context, Result};

use super::{load_rules, outln, print_out, ColorWhen, ExplainArgs, EXIT_OK, EXIT_USAGE};
use newsclean::pipeline::{clean_bytes, removal_records};

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
    let Some(rules) = load_rules(&args.rules.rules, args.rules.no_default_rules) else {
        return Ok(ExitCode::from(EXIT_USAGE));
    };
    let bytes = std::fs::read(&args.file).with_context(|| format!("{}: cannot read", args.file.display()))?;
    let cleaned = clean_bytes(&args.file, &bytes, rules, &Default::default());
    let records = removal_records(&cleaned, rules);
    let mut out = String::new();
    if args.json {
        let v = serde_json::json!({
            "source": args.file.display().to_string(),
            "format": if cleaned.html { "html" } else { "text" },
            "encoding": cleaned.encoding,
            "encoding_source": cleaned.encoding_source,
            "title": cleaned.outcome.title,
            "published": cleaned.outcome.published,
            "outlet": cleaned.outcome.outlet,
            "rejected": cleaned.outcome.rejected,
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
    let o = &cleaned.outcome;
    outln!(
        out,
        "# {} ({}, {} via {}); title: {}; published: {}; outlet: {}",
        sanitize(&args.file.display().to_string()),
        if cleaned.html { "html" } else { "text" },
        cleaned.encoding,
        serde_json::to_value(cleaned.encoding_source)?
            .as_str()
            .unwrap_or(""),
        o.title.as_deref().map(sanitize).unwrap_or_else(|| "-".into()),
        o.published.as_deref().unwrap_or("-"),
        o.outlet.as_deref().map(sanitize).unwrap_or_else(|| "-".into()),
    );
    if let Some(r) = &o.rejected {
        outln!(out, "# rejected: {r}");
    }
    let mut marked = String::new();
    let mut at = 0;
    for r in &o.removals {
        marked.push_str(&sanitize(&o.source[at..r.span.start]));
        let id = &rules.rule(r.rule).id;
        let removed = sanitize(&o.source[r.span.clone()]);
        if color {
            marked.push_str(&format!("\x1b[9;31m{removed}\x1b[0m\x1b[2m{{{id}}}\x1b[0m"));
        } else {
            marked.push_str(&format!("[-{removed}-]{{{id}}}"));
        }
        at = r.span.end;
    }
    marked.push_str(&sanitize(&o.source[at..]));
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
    print_out(&out)?;
    Ok(ExitCode::from(EXIT_OK))
}
