//! Integration tests of `newsx batch` on archive formats: compressed JSON
//! Lines, folders, WARC.gz files of HTML news pages, Parquet output,
//! `--resume`, and error records for bad input.
#![cfg(all(feature = "cli", feature = "archives", feature = "parquet"))]

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use newsx::{BatchOptions, Extractor};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;
use serde_json::Value;

fn tmpdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("newsx-batch-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the library batch over `inputs` and returns the records.
fn batch(inputs: &[PathBuf]) -> Vec<Value> {
    let mut out = Vec::new();
    let opts = BatchOptions { jobs: 2, ..BatchOptions::default() };
    let summary = newsx::run_batch(&Extractor::new(), inputs, &mut out, &opts, &mut |_| {}).unwrap();
    let recs: Vec<Value> =
        String::from_utf8(out).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(summary.records as usize, recs.len());
    recs
}

fn newsx() -> Command {
    Command::new(env!("CARGO_BIN_EXE_newsx"))
}

/// Four short news items in four languages, written for these tests.
fn news_jsonl() -> String {
    [
        r#"{"id": "n1", "title": "Haven", "date": "2026-03-02", "text": "De haven van Rotterdam verwerkte vorig jaar minder containers. Directeur Anne Smit zei dat de daling tijdelijk is."}"#,
        r#"{"id": "n2", "url": "https://example.org/fr/2", "text": "Le gouvernement a présenté mardi un plan pour les hôpitaux de la région. Les syndicats attendent des précisions."}"#,
        r#"{"id": "n3", "text": "Die Stadtwerke erhöhen die Preise für Fernwärme zum ersten April. Der Stadtrat will darüber am Donnerstag beraten."}"#,
        r#"{"id": "n4", "text": "The council approved the new bus lanes on Tuesday evening after a long debate about parking in the centre."}"#,
    ]
    .join("\n")
        + "\n"
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

#[test]
fn compressed_json_lines_read_like_plain_ones() {
    let dir = tmpdir("compressed");
    let plain = dir.join("news.jsonl");
    std::fs::write(&plain, news_jsonl()).unwrap();
    let gz = dir.join("news.jsonl.gz");
    std::fs::write(&gz, gzip(news_jsonl().as_bytes())).unwrap();
    let zst = dir.join("news.jsonl.zst");
    std::fs::write(&zst, zstd::encode_all(news_jsonl().as_bytes(), 3).unwrap()).unwrap();
    // A compressed file without a telling extension is recognised by its magic bytes.
    let anon = dir.join("news.data");
    std::fs::write(&anon, zstd::encode_all(news_jsonl().as_bytes(), 3).unwrap()).unwrap();
    let expected = batch(&[plain]);
    assert_eq!(expected.len(), 4);
    assert_eq!(expected[0]["title"], "Haven");
    assert_eq!(expected[0]["date"], "2026-03-02");
    assert_eq!(expected[1]["url"], "https://example.org/fr/2");
    for p in [gz, zst, anon] {
        assert_eq!(batch(std::slice::from_ref(&p)), expected, "{}", p.display());
    }
}

#[test]
fn a_truncated_archive_ends_in_an_error_record_and_the_batch_goes_on() {
    let dir = tmpdir("truncated");
    let whole = gzip(news_jsonl().repeat(50).as_bytes());
    let cut = dir.join("a-cut.jsonl.gz");
    std::fs::write(&cut, &whole[..whole.len() / 2]).unwrap();
    let good = dir.join("b-good.jsonl");
    std::fs::write(&good, news_jsonl()).unwrap();
    let zst = zstd::encode_all(news_jsonl().repeat(50).as_bytes(), 3).unwrap();
    let mut bad_zst = zst.clone();
    let mid = bad_zst.len() / 2;
    bad_zst[mid..mid + 8].copy_from_slice(b"\xff\x00\xff\x00\xff\x00\xff\x00");
    let bad = dir.join("c-bad.jsonl.zst");
    std::fs::write(&bad, &bad_zst).unwrap();
    let recs = batch(std::slice::from_ref(&bad));
    assert!(recs.last().unwrap()["error"].is_string(), "damaged zstd data ends in an error record");
    assert_eq!(recs.last().unwrap()["source"], bad.display().to_string());
    let recs = batch(&[cut.clone(), good]);
    let err = recs.iter().position(|r| r.get("error").is_some()).expect("an error record");
    assert_eq!(recs[err]["source"], cut.display().to_string());
    assert!(err > 0, "the readable part of the archive comes first");
    assert_eq!(recs.len(), err + 1 + 4, "the next file is still read");
}

#[test]
fn folders_are_read_recursively_in_a_stable_order() {
    let dir = tmpdir("folders");
    std::fs::create_dir_all(dir.join("b/inner")).unwrap();
    std::fs::create_dir_all(dir.join("a")).unwrap();
    std::fs::write(dir.join("b/inner/z.txt"), "Il consiglio comunale ha approvato il bilancio.").unwrap();
    std::fs::write(
        dir.join("b/one.json"),
        r#"{"text": "Rada miasta przyjęła budżet na przyszły rok.", "title": "Budżet"}"#,
    )
    .unwrap();
    std::fs::write(dir.join("a/news.jsonl.gz"), gzip(news_jsonl().as_bytes())).unwrap();
    std::fs::write(dir.join("a/notes.csv"), "not,a,document\n").unwrap();
    std::fs::write(dir.join(".hidden.txt"), "skipped").unwrap();
    let recs = batch(std::slice::from_ref(&dir));
    let ids: Vec<&str> = recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let json = dir.join("b/one.json").display().to_string();
    let txt = dir.join("b/inner/z.txt").display().to_string();
    assert_eq!(ids, ["n1", "n2", "n3", "n4", txt.as_str(), json.as_str()]);
    assert_eq!(recs[5]["title"], "Budżet");
    assert_eq!(batch(&[dir]), recs, "same order every time");
}

#[test]
fn bad_lines_become_error_records_with_source_and_line() {
    let dir = tmpdir("bad");
    let p = dir.join("mixed.jsonl.gz");
    let mut content = news_jsonl().into_bytes();
    content.extend_from_slice(b"{\"id\": \"x1\", \"text\": 5}\n\n{oops\n");
    content.extend_from_slice(b"{\"id\": \"x2\", \"text\": \"caf\xe9\"}\n");
    std::fs::write(&p, gzip(&content)).unwrap();
    let recs = batch(std::slice::from_ref(&p));
    assert_eq!(recs.len(), 7);
    let source = p.display().to_string();
    let errors: Vec<(u64, &str)> = recs
        .iter()
        .filter(|r| r.get("error").is_some())
        .map(|r| {
            assert_eq!(r["source"], source);
            (r["line"].as_u64().unwrap(), r["error"].as_str().unwrap())
        })
        .collect();
    assert_eq!(errors.len(), 3);
    assert_eq!(errors[0].0, 5);
    assert!(errors[0].1.contains("\"text\" is not a string"));
    assert_eq!(errors[1].0, 7, "blank lines count as lines");
    assert!(errors[1].1.starts_with("invalid JSON"));
    assert_eq!(errors[2].0, 8);
    assert!(errors[2].1.contains("invalid UTF-8"));
    assert_eq!(recs[4]["id"], "x1");
}

/// One news page: header with navigation, cookie banner, the article, a
/// related-links box and a footer. Returns (html, article paragraphs).
fn news_page(n: usize) -> (String, Vec<String>) {
    let paras = [
        format!("The regional water board will spend {n} million euros on new dykes along the river, its chairwoman said on Monday."),
        "Engineers expect the work to take four years, because the ground along the river is soft and the old dykes must stay in use while the new ones are built.".to_string(),
        "Farmers near the river welcomed the plan, but asked for compensation for land that will be lost to the wider dykes.".to_string(),
    ];
    let html = format!(
        r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Water board plans new dykes - The Valley Courier</title>
<meta property="og:title" content="Water board plans new dykes {n}">
<meta property="article:published_time" content="2026-03-{day:02}T07:00:00Z">
<link rel="stylesheet" href="/site.css"><script>window.analytics = {{ page: "article" }};</script>
</head><body>
<header class="site-header"><div class="logo"><a href="/">The Valley Courier</a></div>
<nav class="main-nav"><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav></header>
<div class="cookie-consent" role="dialog"><p>We use cookies to improve your experience on our site and to show you personalised advertising.</p><button>Accept all</button><button>Settings</button></div>
<div class="page"><main><article class="story">
<h1>Water board plans new dykes {n}</h1>
<p class="byline">By a staff reporter</p>
<p>{p0}</p>
<p>{p1}</p>
<div class="newsletter-signup"><p>Get the morning briefing in your inbox every day, free of charge, just sign up below.</p></div>
<p>{p2}</p>
<div class="share-buttons"><a href="https://example.com/share">Share on social media</a></div>
</article>
<section class="related-articles"><h2>Related stories</h2><ul>
<li><a href="/a1">Flood defences tested as storm season begins in the lower valley</a></li>
<li><a href="/a2">Council approves budget for new cycle bridge over the canal</a></li></ul></section>
</main>
<aside class="sidebar"><h3>Most read</h3><ol><li><a href="/m1">Train strike called off after late-night talks</a></li></ol></aside></div>
<footer class="site-footer"><p>Copyright 2026 The Valley Courier. All rights reserved. Contact the newsroom, terms of use, privacy policy.</p></footer>
</body></html>"#,
        day = 1 + n % 28,
        p0 = paras[0],
        p1 = paras[1],
        p2 = paras[2],
    );
    (html, paras.to_vec())
}

const BOILERPLATE: [&str; 12] = [
    "The Valley Courier",
    "Sport",
    "Weather",
    "cookies",
    "Accept all",
    "morning briefing",
    "Share on social media",
    "Related stories",
    "Flood defences tested",
    "Train strike",
    "All rights reserved",
    "analytics",
];

fn warc_record(kind: &str, id: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Date: 2026-03-28T11:00:00Z\r\nWARC-Record-ID: <urn:uuid:{id}>\r\nWARC-Target-URI: {uri}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

/// A CC-NEWS-like WARC.gz: a warcinfo record, then per page a request and a
/// response record, each record its own gzip member.
fn news_warc(path: &Path, pages: usize) -> Vec<Vec<String>> {
    let mut f = File::create(path).unwrap();
    f.write_all(&gzip(&warc_record(
        "warcinfo",
        "info",
        "",
        "application/warc-fields",
        b"software: newsx-test\r\n",
    )))
    .unwrap();
    let mut articles = Vec::new();
    for n in 0..pages {
        let uri = format!("https://courier.example/news/{n}");
        let req = format!("GET /news/{n} HTTP/1.1\r\nHost: courier.example\r\n\r\n");
        f.write_all(&gzip(&warc_record(
            "request",
            &format!("req-{n}"),
            &uri,
            "application/http; msgtype=request",
            req.as_bytes(),
        )))
        .unwrap();
        let (html, paras) = news_page(n);
        let http = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Length: {}\r\n\r\n{html}",
            html.len()
        );
        f.write_all(&gzip(&warc_record(
            "response",
            &format!("page-{n}"),
            &uri,
            "application/http; msgtype=response",
            http.as_bytes(),
        )))
        .unwrap();
        articles.push(paras);
    }
    // A redirect is not a document.
    let redirect = "HTTP/1.1 301 Moved Permanently\r\nLocation: https://courier.example/news/0\r\n\r\n";
    f.write_all(&gzip(&warc_record(
        "response",
        "moved",
        "https://courier.example/old",
        "application/http; msgtype=response",
        redirect.as_bytes(),
    )))
    .unwrap();
    articles
}

#[test]
fn warc_gz_news_pages_yield_article_text_without_boilerplate() {
    let dir = tmpdir("warc");
    let path = dir.join("CC-NEWS-test.warc.gz");
    let articles = news_warc(&path, 5);
    let recs = batch(std::slice::from_ref(&path));
    assert_eq!(recs.len(), 5, "one record per news page, none for warcinfo, requests and redirects");
    for (n, rec) in recs.iter().enumerate() {
        assert_eq!(rec["id"], format!("urn:uuid:page-{n}"));
        assert_eq!(rec["url"], format!("https://courier.example/news/{n}"));
        assert_eq!(rec["title"], format!("Water board plans new dykes {n}"));
        assert_eq!(rec["date"], format!("2026-03-{:02}T07:00:00Z", 1 + n % 28));
        assert_eq!(rec["lang"], "en");
        assert!(rec.get("error").is_none());
    }
    // The text itself, as the extractor sees it.
    let texts = warc_texts(&path);
    assert_eq!(texts.len(), 5);
    for (text, paras) in texts.iter().zip(&articles) {
        for p in paras {
            assert!(text.contains(p.as_str()), "paragraph missing: {p:?}\nin {text:?}");
        }
        for b in BOILERPLATE {
            assert!(!text.contains(b), "boilerplate {b:?} left in {text:?}");
        }
        let paragraphs: Vec<&str> = text.split("\n\n").collect();
        assert!(paragraphs.len() >= 3, "paragraphs kept apart: {text:?}");
    }
}

/// The article texts newsx extracts from a WARC file (`--emit-text`).
fn warc_texts(path: &Path) -> Vec<String> {
    let out = newsx().args(["batch", "--emit-text", "--quiet"]).arg(path).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["text"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn warc_pages_in_legacy_charsets_are_decoded() {
    let dir = tmpdir("charset");
    let path = dir.join("pl.warc");
    // Polish in ISO-8859-2, declared only in the HTTP header.
    let mut body =
        b"<html><body><article><p>Rz\xb1d przyj\xb1\xb3 w czwartek projekt ustawy o ochronie ".to_vec();
    body.extend_from_slice(
        b"brzeg\xf3w rzek, a minister zapowiedzia\xb3a szybkie prace w Sejmie.</p></article></body></html>",
    );
    let mut http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ISO-8859-2\r\n\r\n".to_vec();
    http.extend_from_slice(&body);
    std::fs::write(
        &path,
        warc_record(
            "response",
            "pl-1",
            "https://gazeta.example/1",
            "application/http; msgtype=response",
            &http,
        ),
    )
    .unwrap();
    let text = warc_texts(&path).remove(0);
    assert!(text.starts_with("Rząd przyjął w czwartek"), "{text}");
    assert!(text.contains("zapowiedziała"));
    let recs = batch(&[path]);
    assert_eq!(recs[0]["lang"], "pl");
}

fn parquet_rows(path: &Path) -> Vec<Vec<(String, Field)>> {
    let reader = SerializedFileReader::new(File::open(path).unwrap()).unwrap();
    let n = reader.metadata().file_metadata().num_rows();
    let rows: Vec<Vec<(String, Field)>> = reader
        .get_row_iter(None)
        .unwrap()
        .map(|r| r.unwrap().get_column_iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .collect();
    assert_eq!(rows.len() as i64, n, "{}", path.display());
    rows
}

fn field<'a>(row: &'a [(String, Field)], name: &str) -> &'a Field {
    &row.iter().find(|(k, _)| k == name).unwrap_or_else(|| panic!("no column {name}")).1
}

#[test]
fn parquet_tables_read_back_with_the_right_row_counts() {
    let dir = tmpdir("parquet");
    let input = dir.join("in.jsonl");
    // Real-looking news with amounts, quotes and names, plus two bad lines.
    let mut content = news_jsonl();
    content.push_str(r#"{"id": "m1", "lang": "nl", "text": "Het kabinet trekt 200 miljoen euro uit voor de bouw van 12.000 woningen, zei minister Hugo de Jonge dinsdag in Den Haag. ‘Dit is een grote stap’, zei De Jonge."}"#);
    content.push_str("\nnot json\n");
    content.push_str(r#"{"id": "m2", "lang": "en", "text": "Shares in the company rose 4.5% after it raised its forecast to $1.2 billion. \"We had a strong quarter,\" chief executive Maria Lopez said in Madrid."}"#);
    content.push_str("\n{\"id\": \"m3\"}\n");
    std::fs::write(&input, &content).unwrap();
    let json_out = dir.join("out.jsonl");
    let pq_out = dir.join("tables");
    for (format, out) in [("jsonl", &json_out), ("parquet", &pq_out)] {
        let res = newsx()
            .args(["batch", "--quiet", "--jobs", "2", "--format", format, "-o"])
            .arg(out)
            .arg(&input)
            .output()
            .unwrap();
        assert!(res.status.success(), "{}", String::from_utf8_lossy(&res.stderr));
    }
    let recs: Vec<Value> = std::fs::read_to_string(&json_out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(recs.len(), 8);
    let count = |key: &str| recs.iter().map(|r| r[key].as_array().map_or(0, Vec::len)).sum::<usize>();
    let mentions: usize = recs
        .iter()
        .flat_map(|r| r["entities"].as_array().into_iter().flatten())
        .map(|e| e["mentions"].as_array().unwrap().len())
        .sum();
    let docs = parquet_rows(&pq_out.join("documents.parquet"));
    assert_eq!(docs.len(), 8);
    assert_eq!(parquet_rows(&pq_out.join("entities.parquet")).len(), count("entities"));
    assert_eq!(parquet_rows(&pq_out.join("mentions.parquet")).len(), mentions);
    assert_eq!(parquet_rows(&pq_out.join("amounts.parquet")).len(), count("amounts"));
    assert_eq!(parquet_rows(&pq_out.join("quotes.parquet")).len(), count("quotes"));
    for (i, (row, rec)) in docs.iter().zip(&recs).enumerate() {
        assert_eq!(field(row, "doc"), &Field::Long(i as i64));
        match rec.get("error") {
            Some(e) => {
                assert_eq!(field(row, "error"), &Field::Str(e.as_str().unwrap().to_string()));
                assert_eq!(field(row, "line"), &Field::Long(rec["line"].as_i64().unwrap()));
            }
            None => {
                assert_eq!(field(row, "error"), &Field::Null);
                assert_eq!(field(row, "id"), &Field::Str(rec["id"].as_str().unwrap().to_string()));
                let n = rec["entities"].as_array().unwrap().len() as i64;
                assert_eq!(field(row, "entities"), &Field::Long(n));
            }
        }
    }
    assert_eq!(field(&docs[0], "title"), &Field::Str("Haven".into()));
}

#[test]
fn resume_finishes_an_interrupted_run() {
    let dir = tmpdir("resume");
    let input = dir.join("in.jsonl");
    let mut content = String::new();
    for i in 0..40 {
        content.push_str(&format!(
            "{{\"id\": \"r{i}\", \"text\": \"Bericht {i}: Der Gemeinderat hat am Abend über den Haushalt beraten.\"}}\n"
        ));
        if i == 20 {
            content.push_str("{\"text\": \"Ohne Kennung, aber trotzdem ein Dokument.\"}\n");
        }
    }
    std::fs::write(&input, &content).unwrap();
    let full = dir.join("full.jsonl");
    let run = |out: &Path, resume: bool| {
        let mut cmd = newsx();
        cmd.args(["batch", "--jobs", "2", "-o"]).arg(out).arg(&input);
        if resume {
            cmd.arg("--resume");
        }
        let res = cmd.output().unwrap();
        assert!(res.status.success(), "{}", String::from_utf8_lossy(&res.stderr));
        String::from_utf8_lossy(&res.stderr).to_string()
    };
    run(&full, false);
    let full_text = std::fs::read_to_string(&full).unwrap();
    assert_eq!(full_text.lines().count(), 41);
    // A crash after 25 records, in the middle of the 26th line.
    let partial = dir.join("partial.jsonl");
    let cut: usize = full_text.lines().take(25).map(|l| l.len() + 1).sum::<usize>() + 17;
    std::fs::write(&partial, &full_text[..cut]).unwrap();
    let stderr = run(&partial, true);
    assert!(stderr.contains("25 skipped"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&partial).unwrap(), full_text);
    // Resuming a finished run does nothing.
    let stderr = run(&partial, true);
    assert!(stderr.contains("0 records") && stderr.contains("41 skipped"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&partial).unwrap(), full_text);
}

#[test]
fn unusable_arguments_fail_with_the_file_named() {
    let out = newsx().args(["batch", "/no/such/archive.warc.gz"]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("/no/such/archive.warc.gz"));
    let dir = tmpdir("args");
    let input = dir.join("in.jsonl");
    std::fs::write(&input, news_jsonl()).unwrap();
    let out = newsx().args(["batch", "--format", "parquet"]).arg(&input).output().unwrap();
    assert!(!out.status.success(), "parquet needs a folder");
    let out = newsx().args(["batch", "--resume"]).arg(&input).output().unwrap();
    assert!(!out.status.success(), "resume needs an output file");
}
