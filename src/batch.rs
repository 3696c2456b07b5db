//! Batch processing: many documents in, one JSON record per document out,
//! in input order, in parallel, with memory bounded by the chunk size.
//!
//! Inputs are JSON Lines files (`{"id", "text", "lang"?, ...}` per line),
//! plain `.txt` files (one document each) and folders of them. A line that
//! cannot be read becomes an error record
//! `{"id", "source", "line", "error"}` and the batch goes on, so that
//! records out == documents in.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::sync_channel;
use std::time::Instant;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::Error;
use crate::record::Document;
use crate::{Extractor, Language};

/// Settings for [`run_batch`].
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// Worker threads (0: one per core). Ignored without the `parallel` feature.
    pub jobs: usize,
    /// Documents per chunk: at most this many are held in memory at once (twice, while one chunk is read and one processed).
    pub chunk_docs: usize,
    /// Bytes of text per chunk, the other bound on memory.
    pub chunk_bytes: usize,
}

impl Default for BatchOptions {
    fn default() -> Self {
        BatchOptions { jobs: 0, chunk_docs: 512, chunk_bytes: 16 << 20 }
    }
}

/// What a batch run did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BatchSummary {
    /// Records written (documents plus error records).
    pub records: u64,
    /// Error records among them.
    pub errors: u64,
    /// Bytes of input text processed.
    pub bytes: u64,
    /// Wall-clock seconds.
    pub seconds: f64,
}

/// One document read from the input, or the reason it could not be read.
#[derive(Debug, Clone)]
pub(crate) struct InputDoc {
    id: Option<String>,
    body: Result<(String, Option<Language>), String>,
    meta: Map<String, Value>,
    source: String,
    line: Option<u64>,
    size: u64,
}

#[derive(Serialize)]
struct Record<'a> {
    #[serde(flatten)]
    doc: &'a Document,
    #[serde(flatten)]
    meta: &'a Map<String, Value>,
}

#[derive(Serialize)]
struct ErrorRecord<'a> {
    id: Option<&'a str>,
    source: &'a str,
    line: Option<u64>,
    error: &'a str,
}

/// Total size in bytes of the input files (for a progress bar).
pub fn input_size(inputs: &[PathBuf]) -> u64 {
    expand_inputs(inputs)
        .map(|files| files.iter().filter_map(|p| p.metadata().ok()).map(|m| m.len()).sum())
        .unwrap_or(0)
}

/// Runs `ex` over every document in `inputs`, writing one JSON line per
/// document to `out`, in input order. `progress` is called after each chunk
/// with the input bytes done so far.
///
/// # Errors
/// Only for unusable inputs (a file that cannot be opened or read) and
/// output failures; bad documents become error records instead.
pub fn run_batch(
    ex: &Extractor,
    inputs: &[PathBuf],
    out: &mut dyn Write,
    opts: &BatchOptions,
    progress: &mut dyn FnMut(u64),
) -> Result<BatchSummary, Error> {
    let started = Instant::now();
    let files = expand_inputs(inputs)?;
    let mut summary = BatchSummary::default();
    let chunk_docs = opts.chunk_docs.max(1);
    let chunk_bytes = opts.chunk_bytes.max(1);
    #[cfg(feature = "parallel")]
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs)
        .build()
        .map_err(|e| Error::io("thread pool", io::Error::other(e)))?;
    std::thread::scope(|scope| -> Result<(), Error> {
        let (tx, rx) = sync_channel::<Result<Vec<InputDoc>, Error>>(1);
        scope.spawn(move || {
            let mut chunk = Vec::new();
            let mut bytes = 0usize;
            for path in &files {
                let res = read_file(path, &mut |doc| {
                    bytes += doc.size as usize;
                    chunk.push(doc);
                    if chunk.len() >= chunk_docs || bytes >= chunk_bytes {
                        bytes = 0;
                        tx.send(Ok(std::mem::take(&mut chunk))).is_ok()
                    } else {
                        true
                    }
                });
                match res {
                    Ok(true) => {}
                    Ok(false) => return,
                    Err(e) => {
                        let _ = tx.send(Err(e));
                        return;
                    }
                }
            }
            if !chunk.is_empty() {
                let _ = tx.send(Ok(chunk));
            }
        });
        for chunk in rx {
            let chunk = chunk?;
            let process = |d: &InputDoc| render(ex, d);
            #[cfg(feature = "parallel")]
            let lines: Vec<(String, bool)> = pool.install(|| {
                use rayon::prelude::*;
                chunk.par_iter().map(process).collect()
            });
            #[cfg(not(feature = "parallel"))]
            let lines: Vec<(String, bool)> = chunk.iter().map(process).collect();
            for ((line, is_error), doc) in lines.iter().zip(&chunk) {
                out.write_all(line.as_bytes()).map_err(|e| Error::io("output", e))?;
                summary.records += 1;
                summary.errors += u64::from(*is_error);
                summary.bytes += doc.size;
            }
            out.flush().map_err(|e| Error::io("output", e))?;
            progress(summary.bytes);
        }
        Ok(())
    })?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// One output line (with its newline), and whether it is an error record.
fn render(ex: &Extractor, d: &InputDoc) -> (String, bool) {
    let mut line = match &d.body {
        Ok((text, lang)) => {
            let mut doc = ex.extract(text, *lang);
            doc.id = d.id.clone();
            serde_json::to_string(&Record { doc: &doc, meta: &d.meta }).map(|s| (s, false))
        }
        Err(msg) => serde_json::to_string(&ErrorRecord {
            id: d.id.as_deref(),
            source: &d.source,
            line: d.line,
            error: msg,
        })
        .map(|s| (s, true)),
    }
    .unwrap_or_else(|e| (format!("{{\"id\":null,\"error\":{:?}}}", e.to_string()), true));
    line.0.push('\n');
    line
}

/// Files named on the command line, with folders expanded (recursively, sorted).
fn expand_inputs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let mut files = Vec::new();
    for p in inputs {
        if p.is_dir() {
            walk(p, &mut files)?;
        } else {
            files.push(p.clone());
        }
    }
    Ok(files)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), Error> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, files)?;
        } else if matches!(p.extension().and_then(|e| e.to_str()), Some("txt" | "jsonl" | "json")) {
            files.push(p);
        }
    }
    Ok(())
}

/// Reads one input file, handing each document to `emit`; stops early (and
/// returns `Ok(false)`) when `emit` returns false.
fn read_file(path: &Path, emit: &mut dyn FnMut(InputDoc) -> bool) -> Result<bool, Error> {
    let source = path.display().to_string();
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    if source == "-" {
        return read_jsonl(BufReader::new(io::stdin().lock()), "-", emit);
    }
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    match ext {
        "txt" => {
            let mut bytes = Vec::new();
            BufReader::new(file).read_to_end(&mut bytes).map_err(|e| Error::io(path, e))?;
            let size = bytes.len() as u64;
            let body = String::from_utf8(bytes)
                .map(|t| (t, None))
                .map_err(|e| format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()));
            Ok(emit(InputDoc { id: Some(source.clone()), body, meta: Map::new(), source, line: None, size }))
        }
        _ => read_jsonl(BufReader::new(file), &source, emit),
    }
}

/// Reads JSON Lines: each non-blank line one document.
pub(crate) fn read_jsonl(
    mut r: impl BufRead,
    source: &str,
    emit: &mut dyn FnMut(InputDoc) -> bool,
) -> Result<bool, Error> {
    let mut buf = Vec::new();
    let mut line_no = 0u64;
    loop {
        buf.clear();
        let n = r.read_until(b'\n', &mut buf).map_err(|e| Error::io(source, e))?;
        if n == 0 {
            return Ok(true);
        }
        line_no += 1;
        if buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        if !emit(parse_line(&buf, source, line_no)) {
            return Ok(false);
        }
    }
}

fn parse_line(bytes: &[u8], source: &str, line: u64) -> InputDoc {
    let mut doc = InputDoc {
        id: None,
        body: Err(String::new()),
        meta: Map::new(),
        source: source.to_string(),
        line: Some(line),
        size: bytes.len() as u64,
    };
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            doc.body = Err(format!("invalid UTF-8 at byte {} of the line", e.valid_up_to()));
            return doc;
        }
    };
    let mut obj = match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(o)) => o,
        Ok(_) => {
            doc.body = Err("not a JSON object".into());
            return doc;
        }
        Err(e) => {
            doc.body = Err(format!("invalid JSON: {e}"));
            return doc;
        }
    };
    doc.id = match obj.remove("id") {
        Some(Value::String(s)) => Some(s),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let lang = match obj.remove("lang") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => {
            Language::from_iso_code(&s).map(Some).ok_or_else(|| Error::UnknownLanguage(s).to_string())
        }
        Some(_) => Err("\"lang\" is not a string".to_string()),
    };
    doc.body = match (obj.remove("text"), lang) {
        (_, Err(e)) => Err(e),
        (Some(Value::String(t)), Ok(lang)) => Ok((t, lang)),
        (Some(_), _) => Err("\"text\" is not a string".into()),
        (None, _) => Err("no \"text\" field".into()),
    };
    for key in ["title", "date", "url"] {
        if let Some(v) = obj.remove(key) {
            doc.meta.insert(key.to_string(), v);
        }
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(input: &str) -> Vec<InputDoc> {
        let mut out = Vec::new();
        read_jsonl(input.as_bytes(), "in.jsonl", &mut |d| {
            out.push(d);
            true
        })
        .unwrap();
        out
    }

    #[test]
    fn bad_lines_become_errors_with_line_numbers() {
        let d = docs("{\"id\":\"a\",\"text\":\"x\"}\n\nnot json\n{\"id\":7}\n{\"id\":\"b\",\"text\":\"y\",\"lang\":\"xx\"}\n");
        assert_eq!(d.len(), 4);
        assert!(d[0].body.is_ok());
        assert_eq!(d[1].line, Some(3));
        assert!(d[1].body.as_ref().unwrap_err().starts_with("invalid JSON"));
        assert_eq!(d[2].id.as_deref(), Some("7"));
        assert_eq!(d[2].body.as_ref().unwrap_err(), "no \"text\" field");
        assert!(d[3].body.as_ref().unwrap_err().contains("unknown language"));
    }

    #[test]
    fn invalid_utf8_is_an_error_record() {
        let mut input = b"{\"id\":\"a\",\"text\":\"".to_vec();
        input.extend_from_slice(&[0xff, 0xfe]);
        input.extend_from_slice(b"\"}\n");
        let mut out = Vec::new();
        read_jsonl(&input[..], "x", &mut |d| {
            out.push(d);
            true
        })
        .unwrap();
        assert!(out[0].body.as_ref().unwrap_err().contains("invalid UTF-8"));
    }
}
