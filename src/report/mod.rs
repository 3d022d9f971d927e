//! `newsclean report`: one self-contained HTML file (no network, no external assets) showing
//! what the rules did in a run, and with a baseline run what changed.
//!
//! Everything that came from a page is hostile. It reaches the browser only as JSON inside a
//! gzip+base64 data block (which cannot close its element) and is rendered with `textContent`;
//! the static tables are HTML-escaped here; a Content-Security-Policy allows only the report's
//! own script (by hash) and no network.

mod data;
mod doc;
mod svg;

use std::path::{Path, PathBuf};

use base64::Engine as _;
use sha2::{Digest, Sha256};

use crate::engine::RuleSet;
use crate::read::Limits;
use crate::write::manifest::ManifestError;

pub use data::{Report, RuleRow};

/// Documents shown one by one unless `--max-docs` says otherwise; rules and charts always
/// count every document.
pub const MAX_DOCS: usize = 20_000;

/// What to report on.
#[derive(Clone, Debug)]
pub struct ReportOptions {
    /// The run's output folder (its `manifest.jsonl`, `run.json` and outputs).
    pub out: PathBuf,
    /// An earlier run's output folder to compare with.
    pub baseline: Option<PathBuf>,
    /// Input roots to find sources in, when `run.json` does not name them (or they moved).
    pub inputs: Vec<PathBuf>,
    pub max_docs: usize,
    pub limits: Limits,
}

/// Why a report could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReportError {
    #[error(transparent)]
    Manifest(#[from] ManifestError),
    #[error("cannot start worker threads: {0}")]
    Threads(#[from] rayon::ThreadPoolBuildError),
    #[error("internal error while reporting {0}")]
    Document(String),
    #[error("{}: cannot write the report: {source}", path.display())]
    Write { path: PathBuf, source: std::io::Error },
}

/// Writes the report page to `path` (through a temporary file and a rename).
pub fn write(options: &ReportOptions, rules: &RuleSet, path: &Path) -> Result<Report, ReportError> {
    let report = data::collect(options, rules)?;
    let html = render(&report);
    crate::write::files::write_atomic(path, html.as_bytes()).map_err(|source| ReportError::Write {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(report)
}

const SCRIPT: &str = include_str!("report.js");
const STYLE: &str = include_str!("report.css");

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The report page: the head, the charts, the rule table, the documents' section and the data
/// its script reads.
fn render(r: &Report) -> String {
    use std::fmt::Write as _;
    let json = serde_json::to_vec(&r.payload).expect("report data serializes");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    std::io::Write::write_all(&mut gz, &json).expect("in-memory gzip");
    let packed = base64::engine::general_purpose::STANDARD.encode(gz.finish().expect("in-memory gzip"));
    let mut h = String::with_capacity(packed.len() + 64 * 1024);
    head(r, &mut h);
    h.push_str("<section id=\"charts\"><h2>Removed share</h2><div class=\"charts\">");
    h.push_str(&svg::rule_bars(&r.rules));
    h.push_str(&svg::share_histogram(&r.share_bins));
    h.push_str("</div></section>\n");
    rule_table(r, &mut h);
    h.push_str(DOCUMENTS);
    h.push_str("</main>\n<noscript><p>The documents need JavaScript; the rule table above does not.</p></noscript>\n");
    let _ = writeln!(
        h,
        "<script id=\"data\" type=\"application/octet-stream\">{packed}</script>"
    );
    let _ = writeln!(h, "<script>{SCRIPT}</script>\n</body></html>");
    h
}

/// The page's head (its policy allows only the report's own script, by hash) and header.
fn head(r: &Report, h: &mut String) {
    use std::fmt::Write as _;
    let script_hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(SCRIPT.as_bytes()));
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{script_hash}'; img-src data:\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>newsclean report: {}</title>\n<style>{STYLE}</style></head><body>\n",
        escape(&r.title)
    );
    let _ = write!(
        h,
        "<header><h1>newsclean report</h1><p class=\"where\">{}</p>",
        escape(&r.title)
    );
    let _ = write!(h, "<p class=\"totals\">{}</p>", escape(&r.totals_line));
    if let Some(b) = &r.baseline_line {
        let _ = write!(h, "<p class=\"totals baseline\">{}</p>", escape(b));
    }
    h.push_str("</header>\n<main>\n");
}

/// The sortable rule table, with the change against the baseline when there is one.
fn rule_table(r: &Report, h: &mut String) {
    use std::fmt::Write as _;
    h.push_str("<section id=\"rules\"><h2>Rules</h2><p class=\"hint\">Click a column to sort, a rule to show only the documents it touched.</p>");
    h.push_str("<table id=\"rule-table\"><thead><tr>");
    let baseline = r.baseline_line.is_some();
    let mut cols = vec![
        ("id", "rule", "text"),
        ("kind", "kind", "text"),
        ("action", "action", "text"),
        ("hits", "hits", "num"),
        ("docs", "documents", "num"),
        ("chars", "chars removed", "num"),
        ("share", "share of removed", "num"),
    ];
    if baseline {
        cols.push(("delta", "Δ chars vs baseline", "num"));
    }
    cols.push(("samples", "samples", "none"));
    for (key, label, sort) in &cols {
        let _ = write!(
            h,
            "<th data-key=\"{key}\" data-sort=\"{sort}\">{}</th>",
            escape(label)
        );
    }
    h.push_str("</tr></thead><tbody>");
    for (i, rule) in r.rules.iter().enumerate() {
        let _ = write!(
            h,
            "<tr class=\"rule-row\" data-rule=\"{i}\" data-id=\"{id}\" data-hits=\"{}\" data-docs=\"{}\" data-chars=\"{}\" data-share=\"{:.6}\" data-delta=\"{}\">",
            rule.hits,
            rule.docs,
            rule.chars,
            rule.share,
            rule.delta.unwrap_or(0),
            id = escape(&rule.id),
        );
        let _ = write!(
            h,
            "<td><span class=\"swatch c{}\"></span><code>{}</code></td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{:.1}%</td>",
            i % svg::PALETTE,
            escape(&rule.id),
            escape(&rule.kind),
            escape(&rule.action),
            rule.hits,
            rule.docs,
            rule.chars,
            rule.share * 100.0
        );
        if baseline {
            let d = rule.delta.unwrap_or(0);
            let class = if d > 0 {
                "up"
            } else if d < 0 {
                "down"
            } else {
                "same"
            };
            let _ = write!(h, "<td class=\"n {class}\">{d:+}</td>");
        }
        h.push_str("<td class=\"samples\">");
        for s in &rule.samples {
            let _ = write!(h, "<span class=\"sample\">{}</span>", escape(s));
        }
        h.push_str("</td></tr>");
    }
    h.push_str("</tbody></table></section>\n");
}

/// The documents' section, filled by the page's script.
const DOCUMENTS: &str = "<section id=\"documents\"><h2>Documents</h2>\
         <div class=\"controls\"><span id=\"filter-label\">all documents</span> \
         <button id=\"clear-filter\" type=\"button\">show all</button> \
         <label><input type=\"checkbox\" id=\"changed-only\"> changed vs baseline only</label> \
         <label>sort <select id=\"doc-sort\"><option value=\"source\">source</option><option value=\"share\">removed share</option><option value=\"chars\">chars removed</option></select></label> \
         <span id=\"page-info\"></span> <button id=\"prev\" type=\"button\">◀</button><button id=\"next\" type=\"button\">▶</button></div>\
         <table id=\"doc-table\"><thead><tr><th>source</th><th>status</th><th>title</th><th>removed</th><th>share</th><th>rules</th></tr></thead><tbody id=\"doc-rows\"></tbody></table>\
         <div id=\"doc-view\" hidden></div></section>\n";
