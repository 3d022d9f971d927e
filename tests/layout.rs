//! The code's shape, held by tests: the library's top-level modules depend on each other without a
//! cycle (so each layer can be read, tested and replaced on its own), and no source file runs past
//! 500 lines. See: issues/21.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::util::root;

/// Longest source file, in lines.
const MAX_FILE_LINES: usize = 500;

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    files.sort();
    files
}

/// The module path of a file under `src/`: `src/run/clean.rs` → `["run", "clean"]`,
/// `src/run/mod.rs` → `["run"]`.
fn module_path(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap_or_default();
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" {
        parts.push(stem.to_string());
    }
    parts
}

/// The library code of a file: without its comments (doc links name modules without using
/// them) and without its test module, which closes the file (a test may use any layer).
fn code_of(text: &str) -> String {
    text.lines()
        .take_while(|l| l.trim() != "#[cfg(test)]")
        .map(|l| match l.trim_start().starts_with("//") {
            true => "",
            false => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules a file's code names through `crate::` or `super::` paths.
fn named_modules(code: &str, path: &[String]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let bytes = code.as_bytes();
    let word = |at: usize| -> String {
        code[at..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    for (at, _) in code.match_indices("crate::") {
        let before = at.checked_sub(1).map(|i| bytes[i]);
        if before.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_') {
            continue;
        }
        out.insert(word(at + "crate::".len()));
    }
    for (at, _) in code.match_indices("super::") {
        if at >= 7 && &code[at - 7..at] == "super::" {
            continue;
        }
        // `super::super::x` climbs as many levels as it names `super`.
        let mut ups = 1;
        let mut rest = at + "super::".len();
        while code[rest..].starts_with("super::") {
            ups += 1;
            rest += "super::".len();
        }
        if path.len() <= ups {
            out.insert(word(rest));
        }
    }
    out.retain(|m| !m.is_empty());
    out
}

/// Top-level module → the top-level modules it names, for the library's files (the binary's
/// `main.rs` and `cli/` sit on top of everything).
fn module_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = root().join("src");
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in rust_files(&src) {
        let rel = file.strip_prefix(&src).unwrap();
        let path = module_path(rel);
        let Some(top) = path.first().cloned() else {
            continue;
        };
        if matches!(top.as_str(), "lib" | "main" | "cli") {
            continue;
        }
        let code = code_of(&std::fs::read_to_string(&file).unwrap());
        let named = named_modules(&code, &path);
        let deps = graph.entry(top.clone()).or_default();
        deps.extend(named.into_iter().filter(|m| *m != top));
    }
    graph
}

/// A cycle of the graph, as the modules along it, if there is one.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    // 0: not seen, 1: on the current path, 2: done.
    let mut state: BTreeMap<&str, u8> = BTreeMap::new();
    for start in graph.keys() {
        let mut path: Vec<&str> = Vec::new();
        let mut stack: Vec<(&str, Vec<&str>)> = Vec::new();
        if state.get(start.as_str()).copied().unwrap_or(0) != 0 {
            continue;
        }
        let next = |m: &str| {
            graph
                .get(m)
                .map_or(Vec::new(), |d| d.iter().map(String::as_str).collect())
        };
        stack.push((start, next(start)));
        state.insert(start, 1);
        path.push(start);
        while let Some((_, todo)) = stack.last_mut() {
            match todo.pop() {
                Some(dep) => match state.get(dep).copied().unwrap_or(0) {
                    0 => {
                        state.insert(dep, 1);
                        path.push(dep);
                        stack.push((dep, next(dep)));
                    }
                    1 => {
                        let from = path.iter().position(|m| *m == dep).unwrap();
                        let mut cycle: Vec<String> = path[from..].iter().map(|m| m.to_string()).collect();
                        cycle.push(dep.to_string());
                        return Some(cycle);
                    }
                    _ => {}
                },
                None => {
                    let (done, _) = stack.pop().unwrap();
                    state.insert(done, 2);
                    path.pop();
                }
            }
        }
    }
    None
}

#[test]
fn the_library_modules_depend_on_each_other_without_a_cycle() {
    let graph = module_graph();
    assert!(graph.len() > 5, "{graph:?}");
    if let Some(cycle) = find_cycle(&graph) {
        let edges: Vec<String> = graph
            .iter()
            .map(|(m, deps)| format!("  {m} -> {}", deps.iter().cloned().collect::<Vec<_>>().join(", ")))
            .collect();
        panic!("import cycle: {}\n{}", cycle.join(" -> "), edges.join("\n"));
    }
}

#[test]
fn the_cycle_finder_finds_a_cycle_and_only_a_cycle() {
    let graph = |edges: &[(&str, &str)]| {
        let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (a, b) in edges {
            g.entry(a.to_string()).or_default().insert(b.to_string());
        }
        g
    };
    assert_eq!(find_cycle(&graph(&[("a", "b"), ("b", "c"), ("a", "c")])), None);
    assert_eq!(
        find_cycle(&graph(&[("a", "b"), ("b", "c"), ("c", "a")])).map(|c| c.len()),
        Some(4)
    );
    let names = named_modules(
        "use crate::model::Doc;\nuse super::super::read::Unit;\nuse super::Taker;\n",
        &["run".into(), "clean".into()],
    );
    assert_eq!(names, BTreeSet::from(["model".to_string(), "read".to_string()]));
}

#[test]
fn no_source_file_runs_past_500_lines() {
    let mut long = Vec::new();
    for dir in ["src", "tests", "benches", "examples", "fuzz/fuzz_targets"] {
        for file in rust_files(&root().join(dir)) {
            let lines = std::fs::read_to_string(&file).unwrap().lines().count();
            if lines > MAX_FILE_LINES {
                long.push(format!("{} ({lines} lines)", file.display()));
            }
        }
    }
    assert!(long.is_empty(), "over {MAX_FILE_LINES} lines: {long:?}");
}
