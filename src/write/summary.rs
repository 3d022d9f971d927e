//! The totals of a run, as written to `run.json` and told in the summary.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use super::record::Record;
use crate::model::Status;

/// Totals of a run, as written to `run.json`.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub tool_version: &'static str,
    pub rules_digest: String,
    /// The input roots, absolute: where `report` finds each document's source again.
    pub inputs: Vec<String>,
    pub jobs: usize,
    pub seconds: f64,
    pub bytes_in: u64,
    pub mb_per_s: f64,
    pub docs_per_s: f64,
    /// Documents per status (`cleaned`, `rejected`, `failed`).
    pub counts: BTreeMap<String, usize>,
    /// The run stopped early (Ctrl-C): the manifest holds only what was done.
    pub interrupted: bool,
    /// Records taken over from an earlier run by `--resume`.
    pub reused: usize,
    pub chars_in: usize,
    pub chars_removed: usize,
    pub rules: BTreeMap<String, RuleStats>,
}

/// What one rule did over the run.
#[derive(Clone, Debug, Default, Serialize)]
pub struct RuleStats {
    pub hits: usize,
    pub docs: usize,
    pub chars_removed: usize,
}

impl Summary {
    /// The totals of a run that has not begun, with `rules_digest`'s rules over `inputs` on
    /// `jobs` threads. The inputs are kept absolute: where `report` finds each source again.
    pub fn begin(rules_digest: &str, inputs: &[PathBuf], jobs: usize) -> Summary {
        Summary {
            tool_version: env!("CARGO_PKG_VERSION"),
            rules_digest: rules_digest.to_string(),
            inputs: inputs
                .iter()
                .map(|p| {
                    std::fs::canonicalize(p)
                        .unwrap_or_else(|_| p.clone())
                        .display()
                        .to_string()
                })
                .collect(),
            jobs,
            ..Summary::default()
        }
    }

    /// Documents of `status` so far.
    pub fn count(&self, status: Status) -> usize {
        self.counts.get(status.name()).copied().unwrap_or(0)
    }

    /// Adds one document's record to the totals.
    pub fn add(&mut self, t: &Tally) {
        *self.counts.entry(t.status.name().to_string()).or_default() += 1;
        self.chars_in += t.chars_in;
        for (rule, stats) in &t.rules {
            self.chars_removed += stats.chars_removed;
            let total = match self.rules.get_mut(rule) {
                Some(total) => total,
                None => self.rules.entry(rule.clone()).or_default(),
            };
            total.hits += stats.hits;
            total.docs += stats.docs;
            total.chars_removed += stats.chars_removed;
        }
    }

    /// Sets the run's time and the speeds it gives, `docs` documents having been listed.
    pub fn timed(&mut self, seconds: f64, docs: usize) {
        let secs = seconds.max(1e-9);
        self.mb_per_s = round2(self.bytes_in as f64 / 1e6 / secs);
        self.docs_per_s = round2(docs as f64 / secs);
        self.seconds = round2(seconds * 1000.0) / 1000.0;
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// What one record adds to the run's totals, worked out beside the record (on the worker), so
/// that the main thread only adds.
#[derive(Clone, Debug)]
pub struct Tally {
    status: Status,
    chars_in: usize,
    /// Per rule that removed something: its id, its removals and the characters they held.
    rules: Vec<(String, RuleStats)>,
}

impl Tally {
    pub fn of(r: &Record) -> Tally {
        Tally {
            status: r.status,
            chars_in: r.chars_in.unwrap_or(0),
            rules: per_rule(
                r.removals
                    .iter()
                    .map(|x| (x.rule.as_str(), x.text.chars().count())),
            ),
        }
    }
}

/// One document's removals (rule id, characters) summed per rule, in order of first removal.
fn per_rule<'a>(removals: impl Iterator<Item = (&'a str, usize)>) -> Vec<(String, RuleStats)> {
    let mut rules: Vec<(String, RuleStats)> = Vec::new();
    for (rule, chars) in removals {
        let at = match rules.iter().position(|(id, _)| id == rule) {
            Some(at) => at,
            None => {
                let stats = RuleStats {
                    docs: 1,
                    ..RuleStats::default()
                };
                rules.push((rule.to_string(), stats));
                rules.len() - 1
            }
        };
        rules[at].1.hits += 1;
        rules[at].1.chars_removed += chars;
    }
    rules
}
