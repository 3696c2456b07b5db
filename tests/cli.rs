//! Tests of the `newsx` command-line tool.
#![cfg(feature = "cli")]

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;

fn newsx() -> Command {
    Command::new(env!("CARGO_BIN_EXE_newsx"))
}

fn tmpdir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("newsx-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn extract_reads_stdin_and_prints_one_record() {
    let mut child = newsx()
        .args(["extract", "-", "--lang", "nl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all("De Commissie wil 200 miljard euro uitgeven.".as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let rec: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rec["lang"], "nl");
    for key in ["entities", "amounts", "quotes"] {
        assert!(rec[key].is_array(), "{key} missing");
    }
}

#[test]
fn extract_rejects_unknown_language() {
    let out = newsx().args(["extract", "-", "--lang", "xx"]).stdin(Stdio::null()).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("xx"));
}

#[test]
fn extract_names_a_missing_file() {
    let out = newsx().args(["extract", "/no/such/file.txt"]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("/no/such/file.txt"));
}

#[test]
fn batch_keeps_order_and_turns_bad_lines_into_error_records() {
    let dir = tmpdir("batch");
    let input = dir.join("in.jsonl");
    let mut f = std::fs::File::create(&input).unwrap();
    writeln!(f, r#"{{"id": "a", "text": "Het kost 5 miljoen euro.", "lang": "nl"}}"#).unwrap();
    writeln!(f, "this is not json").unwrap();
    writeln!(f, r#"{{"id": "c"}}"#).unwrap();
    f.write_all(b"{\"id\": \"d\", \"text\": \"\xff\xfe\"}\n").unwrap();
    writeln!(f).unwrap();
    for i in 0..50 {
        writeln!(f, r#"{{"id": "n{i}", "text": "Nummer {i} zegt niets.", "title": "T{i}"}}"#).unwrap();
    }
    drop(f);
    let out_path = dir.join("out.jsonl");
    let out = newsx()
        .args(["batch", input.to_str().unwrap(), "-o", out_path.to_str().unwrap(), "--jobs", "2"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines: Vec<Value> = std::fs::read_to_string(&out_path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 54, "one record per document");
    assert_eq!(lines[0]["id"], "a");
    assert!(lines[0].get("error").is_none());
    assert_eq!(lines[1]["line"], 2);
    assert!(lines[1]["error"].as_str().unwrap().contains("JSON"));
    assert!(lines[1]["source"].as_str().unwrap().ends_with("in.jsonl"));
    assert_eq!(lines[2]["id"], "c");
    assert!(lines[2]["error"].as_str().unwrap().contains("text"));
    assert!(lines[3]["error"].as_str().unwrap().contains("UTF-8"));
    for (i, rec) in lines[4..].iter().enumerate() {
        assert_eq!(rec["id"], format!("n{i}"));
        assert_eq!(rec["title"], format!("T{i}"));
    }
    assert!(String::from_utf8_lossy(&out.stderr).contains("54 records"));
}

#[test]
fn batch_reads_text_files_and_folders() {
    let dir = tmpdir("folder");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("b.txt"), "Tweede tekst.").unwrap();
    std::fs::write(dir.join("a.txt"), "Eerste tekst.").unwrap();
    std::fs::write(dir.join("sub/c.txt"), "Derde tekst.").unwrap();
    std::fs::write(dir.join("ignored.bin"), [0u8, 1, 2]).unwrap();
    let out = newsx().args(["batch", dir.to_str().unwrap(), "--quiet"]).output().unwrap();
    assert!(out.status.success());
    let ids: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 3);
    assert!(ids[0].ends_with("a.txt") && ids[1].ends_with("b.txt") && ids[2].ends_with("c.txt"), "{ids:?}");
}

#[test]
fn batch_output_files_hold_the_same_lines_written_directly_or_through_the_cache() {
    let dir = tmpdir("direct");
    let input = dir.join("in.jsonl");
    let mut f = std::fs::File::create(&input).unwrap();
    for i in 0..600 {
        writeln!(
            f,
            r#"{{"id": "d{i}", "text": "Minister Jan de Vries zei: \"Het plan kost {i} miljoen euro.\" De Tweede Kamer stemt dinsdag.", "lang": "nl"}}"#
        )
        .unwrap();
    }
    drop(f);
    let stdout = newsx().args(["batch", "--quiet"]).arg(&input).output().unwrap();
    assert!(stdout.status.success());
    assert_eq!(stdout.stdout.iter().filter(|&&b| b == b'\n').count(), 600);
    for extra in [None, Some("--buffered")] {
        let out_path = dir.join("out.jsonl");
        // Longer than what it is replaced with: the file must be emptied first.
        std::fs::write(&out_path, vec![b'x'; stdout.stdout.len() + 5000]).unwrap();
        let mut cmd = newsx();
        cmd.args(["batch", "--quiet", "--jobs", "2", "-o"]).arg(&out_path).arg(&input);
        cmd.args(extra);
        let out = cmd.output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(
            std::fs::read(&out_path).unwrap() == stdout.stdout,
            "{extra:?}: the file differs from stdout"
        );
    }
}

#[test]
fn batch_fails_clearly_on_a_missing_input() {
    let out =
        newsx().args(["batch", "/no/such/input.jsonl", "-o", "/tmp/newsx-never.jsonl"]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("/no/such/input.jsonl"));
}

#[test]
fn languages_lists_all_24() {
    let out = newsx().arg("languages").output().unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 24);
}
