//! The binary's contract: outputs, manifest, exit codes, determinism, rule-file errors.

use crate::util::{manifest, newsclean, root, stderr, stdout, tree};

#[test]
fn cleans_the_seeds_into_text_and_a_sorted_manifest() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = newsclean(
        &root(),
        &["clean", "seeds", "-o", out.to_str().unwrap(), "--quiet"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let records = manifest(&out);
    let sources: Vec<&str> = records.iter().map(|r| r["source"].as_str().unwrap()).collect();
    let mut sorted = sources.clone();
    sorted.sort();
    assert_eq!(sources, sorted);
    assert_eq!(records.len(), 5);
    for r in &records {
        assert_eq!(r["status"], "cleaned");
        for key in [
            "id",
            "format",
            "encoding",
            "encoding_source",
            "malformed_bytes",
            "source_sha256",
            "output_sha256",
            "chars_in",
            "chars_out",
            "title",
            "published",
            "outlet",
            "author",
            "removals",
            "rules_digest",
            "tool_version",
        ] {
            assert!(r.get(key).is_some(), "{key} missing in {r}");
        }
        let text = std::fs::read_to_string(out.join(r["output"].as_str().unwrap())).unwrap();
        assert_eq!(r["chars_out"].as_u64().unwrap() as usize, text.chars().count());
        // Every span points at its text in the decoded source.
        let source =
            std::fs::read_to_string(root().join("seeds").join(r["source"].as_str().unwrap())).unwrap();
        for x in r["removals"].as_array().unwrap() {
            let (s, e) = (
                x["start"].as_u64().unwrap() as usize,
                x["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(&source[s..e], x["text"].as_str().unwrap());
        }
    }
    let run: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("run.json")).unwrap()).unwrap();
    assert_eq!(run["counts"]["cleaned"], 5);
    assert!(run["rules"]["gambling.brands"]["hits"].as_u64().unwrap() >= 6);
}

#[test]
fn one_or_two_jobs_write_byte_identical_outputs() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    for (dir, jobs) in [(&a, "1"), (&b, "2")] {
        let o = newsclean(
            &root(),
            &[
                "clean",
                "seeds",
                "-o",
                dir.to_str().unwrap(),
                "--jobs",
                jobs,
                "-q",
            ],
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    assert_eq!(tree(&a), tree(&b));
}

#[test]
fn committed_cleaned_folder_matches_the_default_run() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = newsclean(&root(), &["clean", "-o", out.to_str().unwrap(), "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let fresh = tree(&out);
    let committed = tree(&root().join("cleaned"));
    let names = |t: &[(String, Vec<u8>)]| t.iter().map(|x| x.0.clone()).collect::<Vec<_>>();
    assert_eq!(
        names(&committed),
        names(&fresh),
        "cleaned/ is stale: run `cargo run --release -- clean`"
    );
    assert!(
        committed == fresh,
        "cleaned/ is stale: run `cargo run --release -- clean`"
    );
}

#[test]
fn a_bad_rule_file_is_refused_with_places_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let rules = tmp.path().join("bad.toml");
    std::fs::write(
        &rules,
        "[[rule]]\nid = \"a\"\ndoc = \"\"\nkind = \"pattern\"\naction = \"strip\"\npattern = \"(\"\n\n[[rule]]\nid = \"b\"\ndoc = \"\"\nkind = \"keywords\"\naction = \"explode\"\nterms = [\"x\"]\n\n[[rule]]\nid = \"c\"\ndoc = \"\"\nkind = \"keywords\"\naction = \"strip\"\nterms_file = \"missing.txt\"\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let o = newsclean(
        &root(),
        &[
            "clean",
            "seeds",
            "-o",
            out.to_str().unwrap(),
            "--rules",
            rules.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(!out.exists(), "OUT must not be touched");
    let err = stderr(&o);
    let path = rules.display().to_string();
    assert!(err.contains(&format!("{path}:6:11: bad pattern")), "{err}");
    assert!(
        err.contains(&format!("{path}:12:10: unknown variant `explode`")),
        "{err}"
    );
    assert!(err.contains(&format!("{path}:20:14: terms_file")), "{err}");

    let o = newsclean(&root(), &["rules", "check", rules.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stderr(&o).lines().filter(|l| l.starts_with(&path)).count(), 3);
}

#[test]
fn user_rules_add_to_the_defaults_and_can_replace_them() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(
        input.join("a.txt"),
        "推进软件升级必一运动、系统构建。\n文末广告:某某牌洗衣粉。\n",
    )
    .unwrap();
    let rules = tmp.path().join("mine.toml");
    std::fs::write(&rules, "[[rule]]\nid = \"mine.soap\"\ndoc = \"soap ads\"\nkind = \"keywords\"\naction = \"drop-line\"\nterms = [\"洗衣粉\"]\n").unwrap();
    let out = tmp.path().join("out");
    let o = newsclean(
        tmp.path(),
        &["clean", "in", "-o", "out", "-q", "--rules", "mine.toml"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(out.join("a.txt")).unwrap(),
        "推进软件升级、系统构建。\n"
    );

    // Same id as a default: the user's version wins; without defaults only the user's rule runs.
    std::fs::write(&rules, "[[rule]]\nid = \"gambling.brands\"\ndoc = \"off\"\nkind = \"keywords\"\naction = \"strip\"\nterms = [\"洗衣粉\"]\nenabled = false\n").unwrap();
    let o = newsclean(
        tmp.path(),
        &[
            "clean",
            "in",
            "-o",
            "out2",
            "-q",
            "--rules",
            "mine.toml",
            "--no-default-rules",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(tmp.path().join("out2/a.txt")).unwrap();
    assert!(text.contains("必一运动") && text.contains("洗衣粉"));
}

#[test]
fn rules_test_and_list_cover_every_default_rule() {
    let o = newsclean(&root(), &["rules", "test"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).trim_end().ends_with(" 0 failed"), "{}", stdout(&o));
    let o = newsclean(&root(), &["rules", "list", "--json"]);
    let listed: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(listed.iter().any(|r| r["id"] == "adult.keyword-list"
        && r["origin"].as_str().unwrap().starts_with("<default>/adult.toml:")));
}

#[test]
fn a_failing_example_fails_rules_test() {
    let tmp = tempfile::tempdir().unwrap();
    let rules = tmp.path().join("r.toml");
    // The failing rule comes second: its lines are counted on from the first one's.
    let passing =
        "[[rule]]\nid = \"w\"\ndoc = \"\"\nkind = \"keywords\"\naction = \"strip\"\nterms = [\"丙\"]\n\n";
    let failing = "[[rule]]\nid = \"x\"\ndoc = \"\"\nkind = \"keywords\"\naction = \"strip\"\nterms = [\"甲\"]\n\n[[rule.example]]\ninput = \"甲乙\"\noutput = \"甲乙\"\n";
    std::fs::write(&rules, format!("{passing}{failing}")).unwrap();
    let o = newsclean(
        &root(),
        &["rules", "test", "--no-default-rules", rules.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    assert!(text.contains(&format!("FAIL {}:15 x", rules.display())), "{text}");
    assert!(
        text.contains("  - 甲乙\n  + 乙\n"),
        "the failure shows as a diff: {text}"
    );
}

#[test]
fn explain_names_every_rule_the_manifest_names() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    newsclean(&root(), &["clean", "seeds", "-o", out.to_str().unwrap(), "-q"]);
    for r in manifest(&out) {
        let src = root().join("seeds").join(r["source"].as_str().unwrap());
        let o = newsclean(&root(), &["explain", src.to_str().unwrap(), "--color", "never"]);
        assert_eq!(o.status.code(), Some(0));
        let text = stdout(&o);
        for x in r["removals"].as_array().unwrap() {
            let id = x["rule"].as_str().unwrap();
            assert!(
                text.contains(&format!("]{{{id}}}")),
                "{id} not marked for {src:?}"
            );
        }
    }
}

#[test]
fn explain_shows_why_text_main_content_removed_each_line() {
    let tmp = tempfile::tempdir().unwrap();
    let dump = tmp.path().join("dump.txt");
    let menu = [
        "Home", "World", "Business", "Tech", "Science", "Health", "Sports", "Arts", "Travel", "Video",
    ];
    let story = "The harbour reopened on Monday after the storm had passed, and the first ferries left for \
                 the islands before noon, carrying workers, students and a few tourists who had waited.";
    std::fs::write(&dump, format!("{}\n{story}\n{story}\n{story}\n", menu.join("\n"))).unwrap();
    let o = newsclean(&root(), &["explain", dump.to_str().unwrap(), "--color", "never"]);
    let text = stdout(&o);
    let section = text
        .split("# text.main-content: line, score")
        .nth(1)
        .unwrap_or_else(|| panic!("no score section: {text}"));
    // Every menu line the rule removed is listed with its score and the features that decided.
    for item in menu
        .iter()
        .filter(|m| text.contains(&format!("[-{m}\n-]{{text.main-content}}")))
    {
        let row = section
            .lines()
            .find(|l| l.ends_with(item))
            .unwrap_or_else(|| panic!("{item}: {section}"));
        assert!(row.contains("rel_size") || row.contains("pos"), "{row}");
    }
    assert!(text.contains("-]{text.main-content}"), "the menu stays: {text}");
}

#[test]
fn missing_input_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    let o = newsclean(tmp.path(), &["clean", "nope", "-o", "out"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("nope"));
    assert!(!tmp.path().join("out").exists());
}

#[test]
fn spam_only_files_are_rejected_and_empty_files_too() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(
        input.join("spam.txt"),
        "久久综合图区亚洲综合图区-久久综合网久久综合-久久综合网址-久久综合五月-久久综合五月天\n",
    )
    .unwrap();
    std::fs::write(input.join("empty.txt"), "").unwrap();
    let o = newsclean(tmp.path(), &["clean", "in", "-o", "out", "-q"]);
    assert_eq!(o.status.code(), Some(0));
    let m = manifest(&tmp.path().join("out"));
    let by: std::collections::HashMap<&str, &serde_json::Value> =
        m.iter().map(|r| (r["source"].as_str().unwrap(), r)).collect();
    assert_eq!(by["spam.txt"]["status"], "rejected");
    assert_eq!(by["empty.txt"]["status"], "rejected");
    assert_eq!(by["empty.txt"]["reason"], "empty input");
    assert!(!tmp.path().join("out/spam.txt").exists());
}

#[cfg(unix)]
#[test]
fn a_run_again_into_the_same_folder_leaves_unchanged_outputs_alone() {
    use std::os::unix::fs::MetadataExt;
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("same.txt"), "第一段正文。\n第二段正文。\n").unwrap();
    std::fs::write(input.join("edited.txt"), "原来的正文。\n").unwrap();
    let run = || {
        let o = newsclean(tmp.path(), &["clean", "in", "-o", "out", "-q"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    };
    let inode = |name: &str| {
        std::fs::metadata(tmp.path().join("out").join(name))
            .unwrap()
            .ino()
    };
    run();
    let (same, edited) = (inode("same.txt"), inode("edited.txt"));
    // Same length, other text: only the bytes tell.
    std::fs::write(input.join("edited.txt"), "改过的正文。\n").unwrap();
    run();
    assert_eq!(inode("same.txt"), same, "an unchanged output was written again");
    assert_ne!(inode("edited.txt"), edited);
    let text = std::fs::read_to_string(tmp.path().join("out/edited.txt")).unwrap();
    assert_eq!(text.trim_end(), "改过的正文。");
}

#[test]
fn a_profile_books_each_rule_its_searches_and_hits() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("a.txt"),
        "人工智能产业规模超3000亿元\n帶動(dòng)相關(guān)產業規模。\n咨询热线:021-80392549\n",
    )
    .unwrap();
    let o = newsclean(tmp.path(), &["rules", "profile", "a.txt", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let p: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(p["files"], 1);
    let rule = |id: &str| &p["rules"][id];
    assert_eq!(rule("text.pinyin-gloss")["hits"], 2, "{p}");
    assert!(rule("chrome.hotline")["hits"].as_u64().unwrap() >= 1, "{p}");
    // Repairs are searched once; a rule that strips words is searched again once they are gone.
    assert_eq!(rule("text.pinyin-gloss")["calls"], 1);
    assert!(rule("chrome.hotline")["calls"].as_u64().unwrap() >= 1);
    // The rules' searches and the stages around them are parts of the documents' time.
    let ms = |parts: &serde_json::Value| -> f64 {
        parts
            .as_object()
            .unwrap()
            .values()
            .map(|c| c["ms"].as_f64().unwrap())
            .sum()
    };
    assert_eq!(p["stages"]["decoding"]["calls"], 1, "{p}");
    assert!(p["stages"]["views"]["calls"].as_u64().unwrap() >= 2, "{p}");
    assert_eq!(p["stages"]["HTML parse and extraction"]["calls"], 0, "{p}");
    assert!(
        ms(&p["rules"]) + ms(&p["stages"]) <= p["ms"].as_f64().unwrap(),
        "{p}"
    );
    let table = newsclean(tmp.path(), &["rules", "profile", "a.txt"]);
    assert!(
        stdout(&table).lines().any(|l| l.ends_with(" text.pinyin-gloss")),
        "{}",
        stdout(&table)
    );
    let missing = newsclean(tmp.path(), &["rules", "profile", "nothing-here"]);
    assert_ne!(missing.status.code(), Some(0));
    assert!(stderr(&missing).contains("nothing-here"), "{}", stderr(&missing));
}
