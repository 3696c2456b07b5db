//! Golden tests, per language, from `tests/golden/<code>/`:
//!
//! - `amounts.jsonl`, `quotes.jsonl`, `entities.jsonl`: hand-written cases,
//!   one JSON object per line (format in `tests/golden/README.md`);
//! - `<name>.txt` + `<name>.json`: a whole article and its expected record.
//!   Set `NEWSX_BLESS=1` to rewrite the `.json` files from the current output
//!   (then review the diff before committing).
//!
//! Every failing case is listed with its file and line before the test fails.

use std::fs;
use std::path::{Path, PathBuf};

use newsx::{Document, Extractor, Language};
use serde_json::{json, Value};

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn lang_dirs() -> Vec<(Language, PathBuf)> {
    let mut dirs: Vec<(Language, PathBuf)> = fs::read_dir(golden_dir())
        .expect("tests/golden exists")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            Language::from_iso_code(&name).map(|l| (l, e.path()))
        })
        .collect();
    dirs.sort();
    dirs
}

/// Runs every case of `file_name` in every language folder through `check`,
/// which returns a description of what is wrong, if anything.
fn run_cases(file_name: &str, check: fn(&Value, &Document, &str) -> Option<String>) -> usize {
    let ex = Extractor::new();
    let mut failures = Vec::new();
    let mut count = 0;
    for (lang, dir) in lang_dirs() {
        let path = dir.join(file_name);
        let Ok(src) = fs::read_to_string(&path) else { continue };
        for (i, line) in src.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let where_ = format!("{}:{}", path.strip_prefix(golden_dir()).unwrap_or(&path).display(), i + 1);
            let case: Value = match serde_json::from_str(line) {
                Ok(v) => v,
                Err(e) => {
                    failures.push(format!("{where_}: not JSON: {e}"));
                    continue;
                }
            };
            let Some(text) = case["text"].as_str() else {
                failures.push(format!("{where_}: no \"text\""));
                continue;
            };
            let lang = match case.get("lang").and_then(Value::as_str) {
                Some(code) => Language::from_iso_code(code),
                None => Some(lang),
            };
            count += 1;
            let doc = Extractor::extract(&ex, text, lang);
            let result = check(&case, &doc, text);
            match (case.get("known_failure").and_then(Value::as_str), result) {
                (None, Some(why)) => failures.push(format!("{where_}: {why}\n    text: {text}")),
                (Some(reason), Some(why)) => println!("known failure {where_}: {why} ({reason})"),
                (Some(_), None) => {
                    failures.push(format!("{where_}: passes now: remove its \"known_failure\" field"))
                }
                (None, None) => {}
            }
        }
    }
    if !failures.is_empty() {
        panic!("{} of {count} cases in {file_name} failed:\n{}", failures.len(), failures.join("\n"));
    }
    count
}

/// The fields of `want` (an object) that differ in `got`.
fn differing_fields(want: &Value, got: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(obj) = want.as_object() {
        for (k, w) in obj {
            if k == "note" {
                continue;
            }
            let g = got.get(k).unwrap_or(&Value::Null);
            if g != w {
                out.push(format!("{k}: want {w}, got {g}"));
            }
        }
    }
    out
}

/// Compares an exact, ordered list of records with the expected ones
/// (only the fields each expectation lists); `brief` summarises one record.
fn check_list(what: &str, want: &[Value], got: &[Value], brief: fn(&Value) -> String) -> Option<String> {
    if want.len() != got.len() {
        let all: Vec<String> = got.iter().map(brief).collect();
        return Some(format!("want {} {what}s, got {}: [{}]", want.len(), got.len(), all.join("; ")));
    }
    for (i, (w, g)) in want.iter().zip(got).enumerate() {
        let diff = differing_fields(w, g);
        if !diff.is_empty() {
            return Some(format!("{what} {i} ({}): {}", g["text"], diff.join(", ")));
        }
    }
    None
}

fn check_amounts(case: &Value, doc: &Document, _text: &str) -> Option<String> {
    let got: Vec<Value> = doc.amounts.iter().map(|a| serde_json::to_value(a).unwrap()).collect();
    check_list("amount", case["amounts"].as_array()?, &got, |a| {
        format!("{} → {} {}", a["text"], a["value"], a["currency"])
    })
}

fn check_quotes(case: &Value, doc: &Document, _text: &str) -> Option<String> {
    let got: Vec<Value> = doc
        .quotes
        .iter()
        .map(|q| {
            let mut v = serde_json::to_value(q).unwrap();
            v["cue"] = q.cue.as_ref().map_or(Value::Null, |c| json!(c.text));
            v
        })
        .collect();
    check_list("quote", case["quotes"].as_array()?, &got, |q| {
        format!("{} ({}, {})", q["text"], q["speaker"], q["cue"])
    })
}

fn check_entities(case: &Value, doc: &Document, _text: &str) -> Option<String> {
    let want = case["entities"].as_array()?;
    let brief = || {
        doc.entities
            .iter()
            .map(|e| {
                let m: Vec<&str> = e.mentions.iter().map(|m| m.text.as_str()).collect();
                format!("{} ({}) {:?}", e.name, e.kind.as_str(), m)
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    for w in want {
        let name = w["name"].as_str().unwrap_or("");
        let Some(e) = doc.entities.iter().find(|e| e.name == name) else {
            return Some(format!("no entity {name:?}; got [{}]", brief()));
        };
        if let Some(t) = w.get("type").and_then(Value::as_str) {
            if t != e.kind.as_str() {
                return Some(format!("{name}: type {} (want {t})", e.kind.as_str()));
            }
        }
        if let Some(q) = w.get("wikidata") {
            if *q != json!(e.wikidata) {
                return Some(format!("{name}: wikidata {:?} (want {q})", e.wikidata));
            }
        }
        for m in w.get("mentions").and_then(Value::as_array).into_iter().flatten() {
            if !e.mentions.iter().any(|x| Some(x.text.as_str()) == m.as_str()) {
                return Some(format!("{name}: mention {m} missing; got [{}]", brief()));
            }
        }
        for r in w.get("roles").and_then(Value::as_array).into_iter().flatten() {
            if !e.roles.iter().any(|x| Some(x.as_str()) == r.as_str()) {
                return Some(format!("{name}: role {r} missing (roles {:?})", e.roles));
            }
        }
    }
    for f in case.get("forbid").and_then(Value::as_array).into_iter().flatten() {
        if doc.entities.iter().flat_map(|e| &e.mentions).any(|m| Some(m.text.as_str()) == f.as_str()) {
            return Some(format!("forbidden mention {f}; got [{}]", brief()));
        }
    }
    if case.get("only").and_then(Value::as_bool) == Some(true) && doc.entities.len() != want.len() {
        return Some(format!("want only {} entities, got [{}]", want.len(), brief()));
    }
    None
}

#[test]
fn amounts() {
    run_cases("amounts.jsonl", check_amounts);
}

#[test]
fn quotes() {
    run_cases("quotes.jsonl", check_quotes);
}

#[test]
fn entities() {
    run_cases("entities.jsonl", check_entities);
}

/// Whole articles: `<name>.txt` against `<name>.json`.
#[test]
fn articles() {
    let bless = std::env::var_os("NEWSX_BLESS").is_some_and(|v| v != "0");
    let ex = Extractor::new();
    let mut failures = Vec::new();
    for (lang, dir) in lang_dirs() {
        let mut texts: Vec<PathBuf> = fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        texts.sort();
        for txt in texts {
            let text = fs::read_to_string(&txt).unwrap();
            let mut doc = ex.extract(&text, Some(lang));
            doc.id = txt.file_stem().map(|s| s.to_string_lossy().to_string());
            let got = serde_json::to_value(&doc).unwrap();
            let expected_path = txt.with_extension("json");
            if bless {
                let mut s = serde_json::to_string_pretty(&got).unwrap();
                s.push('\n');
                fs::write(&expected_path, s).unwrap();
                continue;
            }
            let Ok(src) = fs::read_to_string(&expected_path) else {
                failures.push(format!(
                    "{}: no expected record (run with NEWSX_BLESS=1)",
                    expected_path.display()
                ));
                continue;
            };
            let want: Value = serde_json::from_str(&src).unwrap();
            if want != got {
                failures.push(format!(
                    "{}: the record differs from {} (review with NEWSX_BLESS=1 and git diff)\n{}",
                    txt.display(),
                    expected_path.display(),
                    first_difference(&want, &got, String::new()).unwrap_or_default()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn first_difference(want: &Value, got: &Value, path: String) -> Option<String> {
    match (want, got) {
        (Value::Object(w), Value::Object(g)) => {
            for (k, wv) in w {
                if let Some(d) = first_difference(wv, g.get(k).unwrap_or(&Value::Null), format!("{path}.{k}"))
                {
                    return Some(d);
                }
            }
            g.keys().find(|k| !w.contains_key(*k)).map(|k| format!("  {path}.{k}: unexpected field"))
        }
        (Value::Array(w), Value::Array(g)) => {
            for (i, (wv, gv)) in w.iter().zip(g).enumerate() {
                if let Some(d) = first_difference(wv, gv, format!("{path}[{i}]")) {
                    return Some(d);
                }
            }
            (w.len() != g.len()).then(|| format!("  {path}: {} items expected, {} found", w.len(), g.len()))
        }
        _ => (want != got).then(|| format!("  {path}: want {want}, got {got}")),
    }
}

/// Every golden case file is well-formed JSON Lines.
#[test]
fn case_files_parse() {
    for (_, dir) in lang_dirs() {
        for entry in fs::read_dir(&dir).unwrap().flatten() {
            let p = entry.path();
            if p.extension().is_some_and(|x| x == "jsonl") {
                for (i, line) in fs::read_to_string(&p).unwrap().lines().enumerate() {
                    if !line.trim().is_empty() {
                        let v: Value = serde_json::from_str(line)
                            .unwrap_or_else(|e| panic!("{}:{}: {e}", p.display(), i + 1));
                        assert!(v["text"].is_string(), "{}:{}: no text", p.display(), i + 1);
                    }
                }
            }
        }
    }
}
