//! The kinds table of `rules/README.md`, generated from the registry: each kind's name, what it
//! finds, a minimal rule, and its options with their defaults and doc comments. A test fails when
//! the README's copy is stale; `UPDATE_README=1 cargo test kinds_table` rewrites it.

use std::fmt::Write;

use super::{kinds, KindSpec};

/// The line before the generated part of the README.
pub const BEGIN: &str =
    "<!-- kinds: generated from src/kinds/ by `UPDATE_README=1 cargo test kinds_table`; edit the kinds' docs there -->";
/// The line after it.
pub const END: &str = "<!-- kinds: end -->";

/// The markdown of every kind: one table row each, then each kind's options.
pub fn kinds_table() -> String {
    let mut out = String::from("| kind | finds | options |\n|---|---|---|\n");
    for kind in kinds() {
        let options: Vec<String> = kind.options.iter().map(|o| format!("`{}`", o.name)).collect();
        let options = if options.is_empty() {
            "none of its own".to_string()
        } else {
            options.join(", ")
        };
        let _ = writeln!(out, "| `{}` | {} | {options} |", kind.name, cell(kind.finds));
    }
    for kind in kinds() {
        out.push('\n');
        out.push_str(&kind_options(kind));
    }
    out
}

/// One kind's section: a minimal rule, then each option with its default and doc.
fn kind_options(kind: &KindSpec) -> String {
    let mut out = format!("#### `{}`\n\n", kind.name);
    let sample = if kind.sample.is_empty() {
        String::new()
    } else {
        format!("\n{}", kind.sample)
    };
    let _ = writeln!(
        out,
        "```toml\n[[rule]]\nid = \"…\"\ndoc = \"…\"\nkind = \"{}\"\naction = \"drop-line\"{sample}\n```",
        kind.name
    );
    if kind.options.is_empty() {
        out.push_str("\nNo options of its own.\n");
        return out;
    }
    out.push('\n');
    let defaults = (kind.defaults)();
    for option in kind.options {
        let default = defaults.get(option.name).map_or_else(
            || "no default".to_string(),
            |v| format!("default `{}`", toml_value(v)),
        );
        let doc: Vec<&str> = option.doc.lines().map(str::trim).collect();
        let _ = writeln!(out, "- `{}` ({default}): {}", option.name, doc.join(" "));
    }
    out
}

/// `text` in a table cell: a `|` would end the cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// A value as a rule file writes it; in a string, every space but ` ` and every control
/// character is escaped (`\u3000`), so that the docs show it.
fn toml_value(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => {
            let mut out = String::from("\"");
            for c in s.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    '\t' => out.push_str("\\t"),
                    '\n' => out.push_str("\\n"),
                    c if c.is_control() || (c.is_whitespace() && c != ' ') => {
                        let _ = write!(out, "\\u{:04X}", c as u32);
                    }
                    c => out.push(c),
                }
            }
            out.push('"');
            out
        }
        toml::Value::Array(items) => {
            let items: Vec<String> = items.iter().map(toml_value).collect();
            format!("[{}]", items.join(", "))
        }
        other => other.to_string(),
    }
}

/// `readme` with the text between [`BEGIN`] and [`END`] replaced by `table`; `None` without the
/// markers.
pub fn with_table(readme: &str, table: &str) -> Option<String> {
    let begin = readme.find(BEGIN)? + BEGIN.len();
    let end = begin + readme[begin..].find(END)?;
    Some(format!("{}\n{table}{}", &readme[..begin], &readme[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_table() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/rules/README.md");
        let readme = std::fs::read_to_string(path).unwrap();
        let table = super::kinds_table();
        let fresh = with_table(&readme, &table).expect("rules/README.md has the kinds markers");
        if fresh == readme {
            return;
        }
        if std::env::var_os("UPDATE_README").is_some() {
            std::fs::write(path, fresh).unwrap();
            return;
        }
        panic!(
            "rules/README.md's kinds table is stale. The fresh one:\n\n{table}\n\
             Update it with `UPDATE_README=1 cargo test kinds_table`."
        );
    }

    #[test]
    fn defaults_are_shown_as_rule_files_write_them() {
        let value = |s: &str| toml_value(&toml::Value::String(s.into()));
        assert_eq!(value("a|b\t\u{3000}\""), r#""a|b\t\u3000\"""#);
        assert_eq!(toml_value(&toml::Value::Float(0.6)), "0.6");
        assert_eq!(toml_value(&toml::Value::Array(vec![])), "[]");
    }
}
