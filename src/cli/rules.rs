//! `newsclean rules`: check, test, list and profile rule files.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, Subcommand};

use super::{explain, load_rules, outln, print_out, RuleArgs, EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE};
use newsclean::engine::RuleSet;

#[derive(Subcommand, Debug)]
pub enum RulesCommand {
    /// Load and validate rule files; report every error as file:line:col.
    Check(RulePaths),
    /// Run every rule's examples through the pipeline; exit 1 on any failure.
    Test(RulePaths),
    /// Clean INPUTs on one thread, writing nothing, and show what each rule's searches cost.
    Profile(ProfileArgs),
    /// Print the `text-main-content` features of every line of the text dumps among INPUTs, one
    /// JSON object per document (what `benches/train_text_main.py` fits the weights on).
    Features(ProfileArgs),
    /// List rules: id, kind, action, file:line, doc.
    List {
        #[command(flatten)]
        paths: RulePaths,
        /// One JSON object per rule.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args, Debug)]
pub struct RulePaths {
    /// Rule files or folders, loaded on top of the embedded defaults.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Leave the embedded defaults out.
    #[arg(long)]
    pub no_default_rules: bool,
}

impl RulePaths {
    /// The rules these paths name; `None` once their errors are reported.
    fn load(&self) -> Option<&'static RuleSet> {
        load_rules(&self.paths, self.no_default_rules)
    }
}

#[derive(Args, Debug)]
pub struct ProfileArgs {
    /// Files and folders to clean (folders are walked recursively).
    #[arg(value_name = "INPUT", required = true)]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub rules: RuleArgs,
    /// One JSON object instead of the table.
    #[arg(long)]
    pub json: bool,
}

/// Lines only in `expected` (`- `) and only in `got` (`+ `), in order: the diff of an example.
fn line_diff(expected: &str, got: &str) -> Vec<String> {
    let want: Vec<&str> = expected.lines().collect();
    let have: Vec<&str> = got.lines().collect();
    let mut out: Vec<String> = want
        .iter()
        .filter(|l| !have.contains(l))
        .map(|l| format!("- {l}"))
        .collect();
    out.extend(
        have.iter()
            .filter(|l| !want.contains(l))
            .map(|l| format!("+ {l}")),
    );
    out
}

/// The rules' costs and the stages', dearest first, as milliseconds and shares of the whole
/// documents' time.
fn profile_table(p: &newsclean::profile::Profile, set: &RuleSet, out: &mut String) {
    use newsclean::profile::{Cost, Stage};
    let ms = |nanos: u64| nanos as f64 / 1e6;
    let share = |nanos: u64| 100.0 * nanos as f64 / p.nanos.max(1) as f64;
    let seconds = p.nanos as f64 / 1e9;
    outln!(
        out,
        "{} files, {:.1} MB in {:.2} s on one thread ({:.1} MB/s; hashing and writing not included)",
        p.files,
        p.bytes as f64 / 1e6,
        seconds,
        p.bytes as f64 / 1e6 / seconds.max(1e-9)
    );
    // (what, cost, whether it finds spans)
    let mut rows: Vec<(String, Cost, bool)> = set
        .rules
        .iter()
        .zip(&p.rules)
        .filter(|(r, c)| c.calls > 0 && !finds_nothing_in_text(r))
        .map(|(r, c)| (r.id.clone(), *c, true))
        .collect();
    let listed_rules = rows.len();
    rows.push(("(keyword automaton, all keywords rules)".into(), p.keywords, true));
    rows.push((
        "(prefilter: which pattern rules may match)".into(),
        p.prefilter,
        false,
    ));
    let searched: u64 = rows.iter().map(|(_, c, _)| c.nanos).sum();
    for stage in Stage::ALL {
        rows.push((format!("[{}]", stage.name()), p.stages[stage as usize], false));
    }
    let accounted: u64 = rows.iter().map(|(_, c, _)| c.nanos).sum();
    let rest = Cost {
        nanos: p.nanos.saturating_sub(accounted),
        ..Cost::default()
    };
    rows.push((
        "[the rest: merging removals, rounds, output text]".into(),
        rest,
        false,
    ));
    rows.sort_by(|a, b| b.1.nanos.cmp(&a.1.nanos).then_with(|| a.0.cmp(&b.0)));
    outln!(
        out,
        "rule searches {:.0} ms ({:.1} %)",
        ms(searched),
        share(searched)
    );
    outln!(
        out,
        "{:>9} {:>6} {:>7} {:>8}  part",
        "ms",
        "share",
        "calls",
        "hits"
    );
    for (what, c, finds) in &rows {
        let hits = if *finds { c.hits.to_string() } else { "-".into() };
        let calls = if c.calls > 0 {
            c.calls.to_string()
        } else {
            "-".into()
        };
        outln!(
            out,
            "{:>9.1} {:>5.1}% {calls:>7} {hits:>8}  {what}",
            ms(c.nanos),
            share(c.nanos)
        );
    }
    outln!(
        out,
        "{} rules not listed: keywords rules (the automaton's row), HTML selectors (part of \
         extraction), and rules disabled, out of every file's scope or with no possible match",
        set.rules.len() - listed_rules
    );
}

/// Rules whose own search finds nothing in text: keywords rules (found by the shared automaton)
/// and the HTML-only kinds.
fn finds_nothing_in_text(rule: &newsclean::rules::Rule) -> bool {
    rule.kind.keywords().is_some() || rule.kind.html_only()
}

fn profile_json(p: &newsclean::profile::Profile, set: &RuleSet) -> serde_json::Value {
    let cost = |c: &newsclean::profile::Cost| serde_json::json!({"calls": c.calls, "hits": c.hits, "ms": c.nanos as f64 / 1e6});
    let rules: serde_json::Map<String, serde_json::Value> = set
        .rules
        .iter()
        .zip(&p.rules)
        .map(|(r, c)| (r.id.clone(), cost(c)))
        .collect();
    serde_json::json!({
        "files": p.files, "bytes": p.bytes, "ms": p.nanos as f64 / 1e6,
        "keywords": cost(&p.keywords), "prefilter": cost(&p.prefilter), "rules": rules,
        "stages": newsclean::profile::Stage::ALL.iter().map(|&s| (s.name().to_string(), cost(&p.stages[s as usize])))
            .collect::<serde_json::Map<_, _>>(),
    })
}

pub fn rules(cmd: RulesCommand) -> Result<ExitCode> {
    let mut out = String::new();
    let code = rules_into(cmd, &mut out)?;
    print_out(&out)?;
    Ok(code)
}

fn rules_into(cmd: RulesCommand, out: &mut String) -> Result<ExitCode> {
    match cmd {
        RulesCommand::Check(p) => {
            let Some(set) = p.load() else {
                return Ok(ExitCode::from(EXIT_USAGE));
            };
            outln!(out, "ok: {} rules, digest {}", set.rules.len(), &set.digest[..16]);
            Ok(ExitCode::from(EXIT_OK))
        }
        RulesCommand::Test(p) => {
            let Some(set) = p.load() else {
                return Ok(ExitCode::from(EXIT_USAGE));
            };
            let (passed, failures) = newsclean::run::examples::run_examples(set);
            for f in &failures {
                outln!(out, "FAIL {} {}", f.place, f.rule);
                outln!(
                    out,
                    "  input:    {}",
                    explain::sanitize(&f.input).replace('\n', "⏎")
                );
                outln!(
                    out,
                    "  expected: {}",
                    explain::sanitize(&f.expected).replace('\n', "⏎")
                );
                outln!(
                    out,
                    "  got:      {}",
                    explain::sanitize(&f.got).replace('\n', "⏎")
                );
                for line in line_diff(&f.expected, &f.got) {
                    outln!(out, "  {}", explain::sanitize(&line));
                }
            }
            let without: Vec<&str> = set
                .rules
                .iter()
                .filter(|r| r.examples.is_empty())
                .map(|r| r.id.as_str())
                .collect();
            if !without.is_empty() {
                outln!(out, "note: rules without examples: {}", without.join(", "));
            }
            outln!(out, "{passed} passed, {} failed", failures.len());
            Ok(ExitCode::from(if failures.is_empty() {
                EXIT_OK
            } else {
                EXIT_SOME_FAILED
            }))
        }
        RulesCommand::Profile(args) => {
            let Some(set) = args.rules.load() else {
                return Ok(ExitCode::from(EXIT_USAGE));
            };
            let files = newsclean::read::files::discover(&args.inputs, Path::new(""))?;
            let profile = newsclean::run::profile::profile_files(&files, set, &Default::default())?;
            if args.json {
                outln!(out, "{}", profile_json(&profile, set));
            } else {
                profile_table(&profile, set, out);
            }
            Ok(ExitCode::from(EXIT_OK))
        }
        RulesCommand::Features(args) => features(&args, out),
        RulesCommand::List { paths, json } => {
            let Some(set) = paths.load() else {
                return Ok(ExitCode::from(EXIT_USAGE));
            };
            let stdout_is_tty = std::io::stdout().is_terminal();
            for r in &set.rules {
                if json {
                    let v = serde_json::json!({
                        "id": r.id, "kind": r.kind.name(), "action": r.action.name(),
                        "origin": r.origin, "enabled": r.enabled, "examples": r.examples.len(), "doc": r.doc,
                    });
                    outln!(out, "{v}");
                } else {
                    let doc = r.doc.split_whitespace().collect::<Vec<_>>().join(" ");
                    let doc = if stdout_is_tty {
                        doc.chars().take(100).collect()
                    } else {
                        doc
                    };
                    outln!(
                        out,
                        "{:<28} {:<15} {:<11} {}  {}",
                        r.id,
                        r.kind.name(),
                        r.action.name(),
                        r.origin,
                        doc
                    );
                }
            }
            Ok(ExitCode::from(EXIT_OK))
        }
    }
}

/// `rules features`: one JSON object per text dump among the inputs.
fn features(args: &ProfileArgs, out: &mut String) -> Result<ExitCode> {
    let Some(set) = args.rules.load() else {
        return Ok(ExitCode::from(EXIT_USAGE));
    };
    let files = newsclean::read::files::discover(&args.inputs, Path::new(""))?;
    for file in files {
        if let Some(v) = features_json(&file.path, set)? {
            outln!(out, "{v}");
        }
    }
    Ok(ExitCode::from(EXIT_OK))
}

/// The `text-main-content` features of the text dump at `path`, as one JSON object; `None` for
/// an HTML page or when no rule is of that kind.
fn features_json(path: &Path, set: &RuleSet) -> Result<Option<serde_json::Value>> {
    use newsclean::model::{Prepared, SourceText};
    let Some(kind) = set.rules.iter().find_map(|r| r.kind.text_main_content()) else {
        return Ok(None);
    };
    let bytes = std::fs::read(path)?;
    if newsclean::read::is_html(path, &bytes) {
        return Ok(None);
    }
    let name = path.to_string_lossy();
    let raw = newsclean::read::RawDoc::bytes(&name, bytes);
    let text = newsclean::process::source_text(&raw, set, &Default::default());
    let lang = newsclean::text::lang::detect(&text);
    let p = Prepared::new(SourceText::new(text));
    let lines = kind.features(&p, lang);
    let rows: Vec<serde_json::Value> = (0..lines.lines.len())
        .map(|k| {
            let l = lines.lines[k];
            serde_json::json!([
                l,
                p.doc.line_text(l),
                lines.features[k],
                lines.chars[k],
                lines.prose[k]
            ])
        })
        .collect();
    Ok(Some(serde_json::json!({
        "source": name,
        "lang": lang,
        "names": newsclean::kinds::text_main_content::features::NAMES,
        "lines": rows,
    })))
}
