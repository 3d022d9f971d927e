//! The floor under newsclean's HTML throughput: read, decode and parse every page of a folder
//! with scraper (html5ever), and nothing else. `benches/speed.sh` times it beside newsclean and
//! the peers, so the parser's share of a page's cost is measured in the same run.
//!
//!     cargo run --release --example parse_pages -- DIR

use std::path::PathBuf;

fn main() -> std::process::ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: parse_pages DIR");
        return std::process::ExitCode::from(2);
    };
    let mut paths: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            eprintln!("parse_pages: {}: {e}", dir.display());
            return std::process::ExitCode::from(2);
        }
    };
    paths.sort();
    let mut nodes = 0;
    for path in &paths {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("parse_pages: {}: {e}", path.display());
                return std::process::ExitCode::from(1);
            }
        };
        let text = newsclean::read::decode::decode(&bytes, None).text;
        nodes += scraper::Html::parse_document(&text).tree.nodes().count();
    }
    println!("{} pages, {nodes} nodes", paths.len());
    std::process::ExitCode::SUCCESS
}
