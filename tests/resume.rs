//! Crashes and resume with real signals: a SIGKILLed run resumed with `--resume` ends
//! byte-identical (but run.json) to an uninterrupted one; Ctrl-C (SIGINT) exits 130 with the
//! manifest of what was done. See: issues/6.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{manifest, newsclean, seeds, stderr, tree};

/// 600 text files made from the seeds: three batches of work.
fn corpus(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..120 {
        for (name, bytes) in seeds() {
            std::fs::write(dir.join(format!("{i:03}-{name}")), &bytes).unwrap();
        }
    }
}

fn spawn(dir: &Path, out: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_newsclean"))
        .args(["clean", "in", "-o", out, "-q", "--jobs", "1"])
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Waits until the run has flushed its first batch of records.
fn wait_for_first_batch(out: &Path, child: &mut Child) {
    let started = Instant::now();
    loop {
        let lines =
            std::fs::read_to_string(out.join(".manifest.partial.jsonl")).map_or(0, |s| s.lines().count());
        if lines > 0 || started.elapsed() > Duration::from_secs(120) {
            return;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before it could be interrupted"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn a_killed_run_resumes_to_the_same_output() {
    let tmp = tempfile::tempdir().unwrap();
    corpus(&tmp.path().join("in"));
    let o = newsclean(tmp.path(), &["clean", "in", "-o", "whole", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    let mut child = spawn(tmp.path(), "killed");
    wait_for_first_batch(&tmp.path().join("killed"), &mut child);
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert!(
        !tmp.path().join("killed/manifest.jsonl").exists(),
        "killed before the end"
    );

    let o = newsclean(tmp.path(), &["clean", "in", "-o", "killed", "-q", "--resume"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(tree(&tmp.path().join("whole")), tree(&tmp.path().join("killed")));
    let run = |out: &str| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(tmp.path().join(out).join("run.json")).unwrap()).unwrap()
    };
    let (whole, resumed) = (run("whole"), run("killed"));
    assert!(resumed["reused"].as_u64().unwrap() >= 1, "{resumed}");
    // The totals of reused records (read back from the manifest) add up as fresh ones do.
    for key in ["counts", "chars_in", "chars_removed", "rules"] {
        assert_eq!(whole[key], resumed[key], "{key}");
    }
    assert_eq!(whole["rules"], rule_totals(&manifest(&tmp.path().join("whole"))));
}

/// Per rule, what the manifest's removals add up to, as run.json states it.
fn rule_totals(records: &[serde_json::Value]) -> serde_json::Value {
    let mut totals = serde_json::Map::new();
    for r in records {
        let mut seen = std::collections::HashSet::new();
        for x in r["removals"].as_array().unwrap() {
            let rule = x["rule"].as_str().unwrap();
            let t = totals
                .entry(rule)
                .or_insert_with(|| serde_json::json!({"hits": 0, "docs": 0, "chars_removed": 0}));
            let chars = x["text"].as_str().unwrap().chars().count() as u64;
            t["hits"] = (t["hits"].as_u64().unwrap() + 1).into();
            t["chars_removed"] = (t["chars_removed"].as_u64().unwrap() + chars).into();
            if seen.insert(rule) {
                t["docs"] = (t["docs"].as_u64().unwrap() + 1).into();
            }
        }
    }
    serde_json::Value::Object(totals)
}

#[test]
fn ctrl_c_stops_cleanly_with_status_130() {
    let tmp = tempfile::tempdir().unwrap();
    corpus(&tmp.path().join("in"));
    let mut child = spawn(tmp.path(), "out");
    wait_for_first_batch(&tmp.path().join("out"), &mut child);
    let pid = child.id().to_string();
    assert!(Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap()
        .success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    let m = manifest(&tmp.path().join("out"));
    assert!(!m.is_empty() && m.len() < 600, "{} records", m.len());
    for r in &m {
        if r["status"] == "cleaned" {
            assert!(tmp
                .path()
                .join("out")
                .join(r["output"].as_str().unwrap())
                .exists());
        }
    }
    let o = newsclean(tmp.path(), &["clean", "in", "-o", "out", "-q", "--resume"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(manifest(&tmp.path().join("out")).len(), 600);
}
