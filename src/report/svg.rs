//! The report's two inline SVG charts: removed share per rule, and documents per removed share.

use std::fmt::Write as _;

use super::data::BINS;
use super::{escape, RuleRow};

/// Colours cycle through this many classes (`c0` … in report.css).
pub const PALETTE: usize = 12;

/// One bar per rule: its share of all removed characters.
pub fn rule_bars(rules: &[RuleRow]) -> String {
    let row = 18;
    let label = 230;
    let width = 640;
    let height = row * rules.len().max(1) + 24;
    let max = rules.iter().map(|r| r.share).fold(0.0, f64::max).max(1e-9);
    let mut s = format!(
        "<figure><svg class=\"chart\" id=\"rule-chart\" role=\"img\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\"><title>Share of removed characters per rule</title>"
    );
    for (i, r) in rules.iter().enumerate() {
        let y = 4 + i * row;
        let w = ((width - label - 60) as f64 * r.share / max).max(1.0);
        let _ = write!(
            s,
            "<g class=\"bar\" data-rule=\"{i}\"><title>{id}: {chars} chars, {pct:.1}% of removed, {docs} documents</title>\
             <text x=\"{lx}\" y=\"{ty}\" text-anchor=\"end\">{id}</text>\
             <rect class=\"c{c}\" x=\"{label}\" y=\"{y}\" width=\"{w:.1}\" height=\"{bh}\"></rect>\
             <text x=\"{vx:.1}\" y=\"{ty}\">{pct:.1}%</text></g>",
            id = escape(&r.id),
            chars = r.chars,
            pct = r.share * 100.0,
            docs = r.docs,
            lx = label - 6,
            ty = y + 12,
            c = i % PALETTE,
            bh = row - 4,
            vx = label as f64 + w + 4.0,
        );
    }
    s.push_str("</svg><figcaption>Share of all removed characters, per rule</figcaption></figure>");
    s
}

/// Documents per bin of removed share (0–5 %, 5–10 %, …): the documents the rules gutted stand
/// out on the right.
pub fn share_histogram(bins: &[usize; BINS]) -> String {
    let (width, height, base) = (520usize, 220usize, 190usize);
    let bar = (width - 40) / BINS;
    let max = bins.iter().copied().max().unwrap_or(0).max(1) as f64;
    let mut s = format!(
        "<figure><svg class=\"chart\" id=\"share-chart\" role=\"img\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\"><title>Documents by share of characters removed</title>"
    );
    for (i, &n) in bins.iter().enumerate() {
        // Square-root scale: one outlier bin must not flatten the rest.
        let h = if n == 0 {
            0.0
        } else {
            ((n as f64).sqrt() / max.sqrt() * 160.0).max(2.0)
        };
        let x = 30 + i * bar;
        let (lo, hi) = (i * 100 / BINS, (i + 1) * 100 / BINS);
        let _ = write!(
            s,
            "<g class=\"bin\" data-lo=\"{lo}\" data-hi=\"{hi}\"><title>{n} documents with {lo}–{hi}% removed</title>\
             <rect x=\"{x}\" y=\"{y:.1}\" width=\"{w}\" height=\"{h:.1}\"></rect>{label}</g>",
            y = base as f64 - h,
            w = bar - 2,
            label = if n > 0 {
                format!("<text x=\"{}\" y=\"{:.1}\" text-anchor=\"middle\">{n}</text>", x + bar / 2, base as f64 - h - 3.0)
            } else {
                String::new()
            },
        );
    }
    for pct in [0, 25, 50, 75, 100] {
        let x = 30 + pct * (bar * BINS) / 100;
        let _ = write!(
            s,
            "<text class=\"axis\" x=\"{x}\" y=\"{}\" text-anchor=\"middle\">{pct}%</text>",
            base + 16
        );
    }
    s.push_str("</svg><figcaption>Documents by share of their characters removed (click a bar to list them)</figcaption></figure>");
    s
}
