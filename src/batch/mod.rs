//! Batch processing: many documents in, one record per document out, in
//! input order, in parallel, with memory bounded by the chunk size.
//!
//! Inputs ([`input`]) are JSON Lines files (`{"id", "text", "lang"?,
//! "title"?, "date"?, "url"?}` per line; plain, `.gz` or `.zst`), `.txt` and
//! `.json` files, folders of them (recursively, in byte order of the paths),
//! and WARC / WARC.gz archives whose HTML pages are reduced to their main
//! text ([`warc`], [`html`]). A document that cannot be read becomes an
//! error record `{"id", "source", "line", "error"}` and the batch goes on, so
//! that records out == documents in.
//!
//! Outputs are JSON Lines (one record per line) or, with the `parquet`
//! feature, a folder of Parquet tables ([`parquet`]).
//!
//! Three threads and a pool: a reader fills chunks of documents, a
//! dispatcher runs each chunk through the extractor on the worker pool, and
//! the caller's thread writes finished chunks in order while the next one is
//! processed. At most a few chunks exist at any moment, so memory is bounded
//! by the chunk size whatever the input size.

#[cfg(feature = "archives")]
mod html;
mod input;
#[cfg(feature = "parquet")]
mod parquet;
mod spill;
#[cfg(feature = "archives")]
mod warc;

use std::collections::HashSet;
use std::fs::OpenOptions;
use std::hash::{Hash, Hasher};
use std::io::{self, BufRead, BufReader, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::sync_channel;
use std::sync::Arc;
use std::time::Instant;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::Error;
use crate::record::Document;
use crate::Extractor;

pub(crate) use input::InputDoc;
use spill::Spill;

/// Settings for [`run_batch`].
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// Worker threads (0: one per core). Ignored without the `parallel` feature.
    pub jobs: usize,
    /// Documents per chunk: at most this many are held in memory at once
    /// (a few times over, while chunks are read, processed and written).
    pub chunk_docs: usize,
    /// Bytes of text per chunk, the other bound on memory.
    pub chunk_bytes: usize,
    /// Documents already done in an earlier run, to skip (see [`Resume`]).
    pub resume: Option<Arc<Resume>>,
    /// Write the documents as read, without extraction: `{"id", "text",
    /// "lang"?, "title"?, "date"?, "url"?}` per line (JSON Lines output only).
    /// Turns WARC archives into JSON Lines of article texts.
    pub emit_text: bool,
    /// Set it (from a signal handler, say) to stop reading: the documents
    /// already read are finished and written, then the run returns.
    pub stop: Option<Arc<AtomicBool>>,
}

impl Default for BatchOptions {
    fn default() -> Self {
        BatchOptions {
            jobs: 0,
            chunk_docs: 1024,
            chunk_bytes: 8 << 20,
            resume: None,
            emit_text: false,
            stop: None,
        }
    }
}

/// What a batch run did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BatchSummary {
    /// Records written (documents plus error records).
    pub records: u64,
    /// Error records among them.
    pub errors: u64,
    /// Documents skipped because an earlier run had done them (`--resume`).
    pub skipped: u64,
    /// Bytes of input processed.
    pub bytes: u64,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// True when the run was stopped early through [`BatchOptions::stop`].
    pub interrupted: bool,
}

/// The documents an earlier, interrupted run already wrote, read from its
/// JSON Lines output: a document is skipped when its id is among the ids
/// written, or (having no id) when its position is before the number of
/// records written — records come out in input order.
#[derive(Debug, Clone, Default)]
pub struct Resume {
    ids: HashSet<u64>,
    records: u64,
}

impl Resume {
    /// Reads the ids of the records in `path`, a JSON Lines output file,
    /// and cuts off a trailing partial line left by a crash, so that the
    /// file can be appended to. A missing file means nothing is done yet.
    ///
    /// # Errors
    /// When the file exists but cannot be read or truncated.
    pub fn from_output(path: &Path) -> Result<Resume, Error> {
        let mut file = match OpenOptions::new().read(true).write(true).open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Resume::default()),
            Err(e) => return Err(Error::io(path, e)),
        };
        let mut resume = Resume::default();
        let mut good_end = 0u64;
        {
            let mut r = BufReader::with_capacity(1 << 20, &mut file);
            let mut line = Vec::new();
            loop {
                line.clear();
                let n = r.read_until(b'\n', &mut line).map_err(|e| Error::io(path, e))?;
                if n == 0 || line.last() != Some(&b'\n') {
                    break;
                }
                #[derive(serde::Deserialize)]
                struct IdOnly {
                    id: Option<Value>,
                }
                // A damaged line counts as written: it will not be redone.
                if let Ok(rec) = serde_json::from_slice::<IdOnly>(&line) {
                    if let Some(id) = rec.id.as_ref().and_then(id_string) {
                        resume.ids.insert(id_hash(&id));
                    }
                }
                resume.records += 1;
                good_end += n as u64;
            }
        }
        let len = file.seek(SeekFrom::End(0)).map_err(|e| Error::io(path, e))?;
        if len > good_end {
            file.set_len(good_end).map_err(|e| Error::io(path, e))?;
        }
        Ok(resume)
    }

    /// Records found in the earlier output.
    pub fn records(&self) -> u64 {
        self.records
    }

    /// Whether the document at position `index` (0-based, over all inputs)
    /// with id `id` was done by the earlier run.
    fn done(&self, index: u64, id: Option<&str>) -> bool {
        match id {
            Some(id) => self.ids.contains(&id_hash(id)),
            None => index < self.records,
        }
    }
}

fn id_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A 64-bit hash of an id (SipHash with fixed keys: the same in every run).
/// Keeping hashes, not ids, bounds the memory of `--resume` to 8 bytes per
/// document done.
fn id_hash(id: &str) -> u64 {
    #[allow(deprecated)]
    let mut h = std::hash::SipHasher::new();
    id.hash(&mut h);
    h.finish()
}

#[cfg(test)]
#[derive(Serialize)]
struct Record<'a> {
    #[serde(flatten)]
    doc: &'a Document,
    #[serde(flatten)]
    meta: &'a Map<String, Value>,
}

#[derive(Serialize)]
struct TextRecord<'a> {
    id: Option<&'a str>,
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    lang: Option<crate::Language>,
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

/// Documents longer than this (bytes of text) have their amounts and quotes
/// written to disk as they are found (see [`spill`]).
const STREAMED: usize = 1 << 20;

/// A processed document: its record (as a JSON line, or as a [`Document`]
/// for table output) and what is known of its input.
pub(crate) struct Done {
    /// The input, its text taken out (`body` is `Ok` with an empty text, or the error).
    pub input: InputDoc,
    /// The JSON line with its newline (JSON Lines output only).
    pub line: Vec<u8>,
    /// The extracted document (table output, and the entities of a spilled
    /// record; `None` for error records).
    pub doc: Option<Document>,
    /// The amounts and quotes of a large document's record, on disk.
    spill: Option<Spill>,
}

/// Where records go.
enum Sink<'a> {
    JsonLines(&'a mut dyn Write),
    #[cfg(feature = "parquet")]
    Parquet(Box<parquet::ParquetSink>),
}

impl Sink<'_> {
    fn wants_lines(&self) -> bool {
        matches!(self, Sink::JsonLines(_))
    }

    fn write(&mut self, done: &mut [Done]) -> Result<(), Error> {
        match self {
            Sink::JsonLines(out) => {
                for d in done {
                    match (&d.doc, &mut d.spill) {
                        // A large document's record is put together from
                        // its entities and the amounts and quotes on disk.
                        (Some(doc), Some(spill)) => spill
                            .write_record(&mut **out, doc, &d.input.meta)
                            .map_err(|e| Error::io("output", e))?,
                        _ => out.write_all(&d.line).map_err(|e| Error::io("output", e))?,
                    }
                }
                out.flush().map_err(|e| Error::io("output", e))
            }
            #[cfg(feature = "parquet")]
            Sink::Parquet(p) => p.write(done),
        }
    }
}

/// Total size in bytes of the input files (for a progress bar).
pub fn input_size(inputs: &[PathBuf]) -> u64 {
    input::expand_inputs(inputs)
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
    run(ex, inputs, Sink::JsonLines(out), opts, progress)
}

/// Like [`run_batch`], but writes Parquet tables into the folder `dir`
/// (created if needed): `documents.parquet` (one row per input document,
/// error records included), and `entities.parquet`, `mentions.parquet`,
/// `amounts.parquet` and `quotes.parquet`, exploded one row per item and
/// keyed by the document's `doc` row number and `id`.
///
/// # Errors
/// As [`run_batch`]; also when the folder or a table cannot be written.
#[cfg(feature = "parquet")]
pub fn run_batch_parquet(
    ex: &Extractor,
    inputs: &[PathBuf],
    dir: &Path,
    opts: &BatchOptions,
    progress: &mut dyn FnMut(u64),
) -> Result<BatchSummary, Error> {
    let sink = parquet::ParquetSink::create(dir)?;
    run(ex, inputs, Sink::Parquet(Box::new(sink)), opts, progress)
}

fn run(
    ex: &Extractor,
    inputs: &[PathBuf],
    mut sink: Sink<'_>,
    opts: &BatchOptions,
    progress: &mut dyn FnMut(u64),
) -> Result<BatchSummary, Error> {
    let started = Instant::now();
    let files = input::expand_inputs(inputs)?;
    let mut summary = BatchSummary::default();
    let chunk_docs = opts.chunk_docs.max(1);
    let chunk_bytes = opts.chunk_bytes.max(1);
    let lines = sink.wants_lines();
    let emit_text = opts.emit_text && lines;
    let stop = opts.stop.clone().unwrap_or_default();
    #[cfg(feature = "parallel")]
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs)
        .thread_name(|i| format!("newsx-worker-{i}"))
        .build()
        .map_err(|e| Error::io("thread pool", io::Error::other(e)))?;
    let skipped = std::thread::scope(|scope| -> Result<u64, Error> {
        let (chunk_tx, chunk_rx) = sync_channel::<Result<Vec<InputDoc>, Error>>(1);
        let (done_tx, done_rx) = sync_channel::<Result<Vec<Done>, Error>>(1);
        let resume = opts.resume.clone();
        let reader_stop = stop.clone();
        let reader = scope.spawn(move || {
            let mut chunk = Vec::new();
            let mut bytes = 0usize;
            let mut index = 0u64;
            let mut skipped = 0u64;
            for path in &files {
                let res = input::read_file(path, &mut |doc| {
                    if reader_stop.load(Ordering::Relaxed) {
                        return false;
                    }
                    index += 1;
                    if resume.as_ref().is_some_and(|r| r.done(index - 1, doc.id.as_deref())) {
                        skipped += 1;
                        return true;
                    }
                    bytes += doc.size as usize;
                    chunk.push(doc);
                    if chunk.len() >= chunk_docs || bytes >= chunk_bytes {
                        bytes = 0;
                        chunk_tx.send(Ok(std::mem::take(&mut chunk))).is_ok()
                    } else {
                        true
                    }
                });
                match res {
                    Ok(true) => {}
                    Ok(false) => break,
                    Err(e) => {
                        let _ = chunk_tx.send(Err(e));
                        return skipped;
                    }
                }
            }
            if !chunk.is_empty() {
                let _ = chunk_tx.send(Ok(chunk));
            }
            skipped
        });
        scope.spawn(move || {
            for chunk in chunk_rx {
                let done = chunk.map(|mut chunk| {
                    let group = |g: Vec<InputDoc>| process_group(ex, g, lines, emit_text);
                    // Text output reads no language; extraction does.
                    let resolve = |d: &mut InputDoc| {
                        if !emit_text {
                            resolve_language(ex, d);
                        }
                    };
                    #[cfg(feature = "parallel")]
                    let done: Vec<Done> = pool.install(|| {
                        use rayon::prelude::*;
                        chunk.par_iter_mut().with_max_len(1).for_each(resolve);
                        in_language_order(chunk, |docs| {
                            in_turn(runs_of(docs), group).into_iter().flatten().collect()
                        })
                    });
                    #[cfg(not(feature = "parallel"))]
                    let done: Vec<Done> = {
                        chunk.iter_mut().for_each(resolve);
                        in_language_order(chunk, |docs| runs_of(docs).into_iter().flat_map(group).collect())
                    };
                    done
                });
                if done_tx.send(done).is_err() {
                    return;
                }
            }
        });
        for done in done_rx {
            let mut done = done?;
            sink.write(&mut done)?;
            for d in &done {
                summary.records += 1;
                summary.errors += u64::from(d.input.body.is_err());
                summary.bytes += d.input.size;
            }
            progress(summary.bytes);
        }
        Ok(reader.join().unwrap_or(0))
    })?;
    if let Sink::JsonLines(out) = &mut sink {
        out.flush().map_err(|e| Error::io("output", e))?;
    }
    #[cfg(feature = "parquet")]
    if let Sink::Parquet(p) = sink {
        p.finish()?;
    }
    summary.skipped = skipped;
    summary.interrupted = stop.load(Ordering::Relaxed);
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// Sets the language `doc` is read as (given, identified or the fallback), as
/// [`Extractor::extract`] would, so that it is identified only once.
fn resolve_language(ex: &Extractor, doc: &mut InputDoc) {
    if let Ok((text, lang)) = &mut doc.body {
        *lang = ex.language_of(text, *lang);
    }
}

/// The language a document is read as, once [`resolve_language`] has run
/// (none for an error record).
fn lang_of(doc: &InputDoc) -> Option<crate::Language> {
    doc.body.as_ref().ok().and_then(|&(_, lang)| lang)
}

/// Runs `run` over a chunk's documents grouped by language (see
/// [`crate::extract::in_language_order`]); error records count as having none.
fn in_language_order<R>(docs: Vec<InputDoc>, run: impl FnOnce(Vec<InputDoc>) -> Vec<R>) -> Vec<R> {
    crate::extract::in_language_order(docs, lang_of, run)
}

/// Extracts one document and renders its record (a JSON line when `lines`).
fn process(ex: &Extractor, mut input: InputDoc, lines: bool, emit_text: bool) -> Done {
    if emit_text {
        let res = match &input.body {
            Ok((text, lang)) => serde_json::to_vec(&TextRecord {
                id: input.id.as_deref(),
                text,
                lang: *lang,
                meta: &input.meta,
            }),
            Err(msg) => serde_json::to_vec(&ErrorRecord {
                id: input.id.as_deref(),
                source: &input.source,
                line: input.line,
                error: msg,
            }),
        };
        let mut line = res.unwrap_or_default();
        line.push(b'\n');
        if let Ok((text, _)) = &mut input.body {
            *text = String::new();
        }
        return Done { input, line, doc: None, spill: None };
    }
    let mut doc = None;
    let mut spill = None;
    if let Ok((text, lang)) = &mut input.body {
        let text = std::mem::take(text);
        // A large document's amounts and quotes go to disk as they are found
        // (where a temporary file can be made); the rest are held.
        let streamed = (lines && text.len() > STREAMED).then(Spill::new).and_then(Result::ok);
        let d = match streamed {
            Some(mut s) => {
                let d = ex.extract_streamed(&text, *lang, &mut |a, q| s.push(a, q));
                spill = Some(s);
                d
            }
            None => ex.extract(&text, *lang),
        };
        drop(text);
        doc = Some(d);
    }
    render(input, doc, spill, lines)
}

/// Documents extracted together, stage by stage (see [`process_group`]).
const GROUP_DOCS: usize = crate::extract::STAGEWISE_GROUP;

/// `docs` in consecutive runs of [`GROUP_DOCS`]: the units of work handed
/// to the threads.
fn runs_of(docs: Vec<InputDoc>) -> Vec<Vec<InputDoc>> {
    let mut runs = Vec::with_capacity(docs.len().div_ceil(GROUP_DOCS));
    let mut docs = docs.into_iter().peekable();
    while docs.peek().is_some() {
        runs.push(docs.by_ref().take(GROUP_DOCS).collect());
    }
    runs
}

/// Runs `f` over `items` on every thread of the current pool, each thread
/// taking the next item in turn, and returns the results in order. The
/// threads thus work on neighbouring items (runs of documents of mostly one
/// language) at the same time, sharing what the caches hold, and finish
/// together (no thread left with a long tail of its own).
#[cfg(feature = "parallel")]
fn in_turn<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    use std::sync::atomic::AtomicUsize;
    use std::sync::Mutex;
    let items: Vec<Mutex<Option<T>>> = items.into_iter().map(|t| Mutex::new(Some(t))).collect();
    let results: Vec<Mutex<Option<R>>> = items.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    rayon::broadcast(|_| loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some(item) = items.get(i) else { break };
        if let Some(t) = item.lock().ok().and_then(|mut t| t.take()) {
            let r = f(t);
            if let Ok(mut slot) = results[i].lock() {
                *slot = Some(r);
            }
        }
    });
    results.into_iter().filter_map(|r| r.into_inner().ok().flatten()).collect()
}

/// Like [`process`] on each of `inputs`, but the texts of up to
/// [`GROUP_DOCS`] consecutive documents of one language that need no
/// spilling are extracted together, stage by stage
/// ([`Extractor::extract_stagewise`]).
fn process_group(ex: &Extractor, inputs: Vec<InputDoc>, lines: bool, emit_text: bool) -> Vec<Done> {
    if emit_text {
        return inputs.into_iter().map(|d| process(ex, d, lines, emit_text)).collect();
    }
    let together = |d: &InputDoc| matches!(&d.body, Ok((text, _)) if !lines || text.len() <= STREAMED);
    let mut out = Vec::with_capacity(inputs.len());
    let mut inputs = inputs.into_iter().peekable();
    while let Some(first) = inputs.next() {
        if !together(&first) {
            out.push(process(ex, first, lines, emit_text));
            continue;
        }
        let lang = lang_of(&first);
        let mut group = vec![first];
        while group.len() < GROUP_DOCS {
            match inputs.next_if(|d| together(d) && lang_of(d) == lang) {
                Some(d) => group.push(d),
                None => break,
            }
        }
        let mut texts: Vec<String> = Vec::with_capacity(group.len());
        for d in &mut group {
            if let Ok((text, _)) = &mut d.body {
                texts.push(std::mem::take(text));
            }
        }
        let args: Vec<(&str, Option<crate::Language>)> =
            texts.iter().zip(&group).map(|(t, d)| (t.as_str(), lang_of(d))).collect();
        let docs = ex.extract_stagewise(&args);
        drop(args);
        drop(texts);
        out.extend(group.into_iter().zip(docs).map(|(input, doc)| render(input, Some(doc), None, lines)));
    }
    out
}

/// The record of `input`, from its extracted `doc` (with its amounts and
/// quotes in `spill` for a large one), or an error record.
fn render(mut input: InputDoc, mut doc: Option<Document>, mut spill: Option<Spill>, lines: bool) -> Done {
    if let Some(d) = &mut doc {
        d.id = input.id.clone();
    }
    if let Some(e) = spill.as_ref().and_then(Spill::failure) {
        // Nothing of the record can be written: an error record instead.
        input.body = Err(format!("could not write the record to a temporary file: {e}"));
        doc = None;
        spill = None;
    }
    if spill.is_some() {
        return Done { input, line: Vec::new(), doc, spill };
    }
    let mut line = Vec::new();
    if lines {
        let res = match (&doc, &input.body) {
            (Some(doc), _) => Ok(crate::json::document(doc, &input.meta, input.size as usize * 4 + 64)),
            (None, Err(msg)) => serde_json::to_vec(&ErrorRecord {
                id: input.id.as_deref(),
                source: &input.source,
                line: input.line,
                error: msg,
            }),
            (None, Ok(_)) => Ok(Vec::new()),
        };
        line = res.unwrap_or_else(|e| {
            format!(
                "{{\"id\":null,\"source\":{:?},\"line\":null,\"error\":{:?}}}",
                input.source,
                e.to_string()
            )
            .into_bytes()
        });
        line.push(b'\n');
        doc = None;
    }
    Done { input, line, doc, spill: None }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_tmp(name: &str, content: &[u8]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("newsx-batch-unit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join(name);
        std::fs::write(&p, content).unwrap();
        p
    }

    #[test]
    fn chunks_run_grouped_by_language_and_come_back_in_input_order() {
        use crate::Language::{Dutch, German, Greek};
        let langs = [Some(Dutch), None, Some(German), Some(Dutch), Some(Greek), Some(German)];
        let mut docs: Vec<InputDoc> = langs
            .iter()
            .enumerate()
            .map(|(i, &lang)| InputDoc {
                body: Ok((format!("text {i}"), lang)),
                ..InputDoc::error(Some(format!("d{i}")), "in.jsonl", Some(i as u64 + 1), 10, "")
            })
            .collect();
        docs.insert(2, InputDoc::error(Some("bad".into()), "in.jsonl", Some(3), 10, "broken JSON"));
        let ids: Vec<Option<String>> = docs.iter().map(|d| d.id.clone()).collect();
        let mut ran = Vec::new();
        let out = in_language_order(docs, |docs| {
            ran = docs.iter().map(|d| d.id.clone().unwrap_or_default()).collect::<Vec<_>>();
            docs.into_iter().map(|d| d.id).collect()
        });
        assert_eq!(out, ids);
        // German, Greek and Dutch in the order of `Language::ALL`, input order
        // within a language, then the documents with none (the error among them).
        assert_eq!(ran, ["d2", "d5", "d4", "d0", "d3", "d1", "bad"]);
    }

    #[test]
    fn records_in_input_order_with_errors() {
        let mut input = String::new();
        for i in 0..50 {
            if i % 7 == 3 {
                input.push_str("{broken\n");
            } else {
                input.push_str(&format!(
                    "{{\"id\":\"d{i}\",\"text\":\"Tekst nummer {i}.\",\"title\":\"T{i}\"}}\n"
                ));
            }
        }
        let p = write_tmp("order.jsonl", input.as_bytes());
        let ex = Extractor::new();
        let opts = BatchOptions { jobs: 2, chunk_docs: 4, ..BatchOptions::default() };
        let mut out = Vec::new();
        let s = run_batch(&ex, &[p], &mut out, &opts, &mut |_| {}).unwrap();
        assert_eq!(s.records, 50);
        assert_eq!(s.errors, 7);
        let recs: Vec<Value> =
            String::from_utf8(out).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        for (i, r) in recs.iter().enumerate() {
            if i % 7 == 3 {
                assert_eq!(r["line"], i as u64 + 1);
                assert!(r["error"].as_str().unwrap().starts_with("invalid JSON"));
            } else {
                assert_eq!(r["id"], format!("d{i}"));
                assert_eq!(r["title"], format!("T{i}"));
            }
        }
    }

    #[test]
    fn resume_skips_done_ids_and_cuts_partial_lines() {
        let out = write_tmp(
            "resume-out.jsonl",
            b"{\"id\":\"a\",\"lang\":null}\n{\"id\":\"b\",\"lang\":null}\n{\"id\":\"c\",\"la",
        );
        let r = Resume::from_output(&out).unwrap();
        assert_eq!(r.records(), 2);
        assert_eq!(std::fs::read(&out).unwrap().len(), 46);
        assert!(r.done(5, Some("a")) && r.done(0, Some("b")) && !r.done(0, Some("c")));
        assert!(r.done(1, None) && !r.done(2, None));
        let missing = Resume::from_output(Path::new("/nonexistent/newsx/x.jsonl")).unwrap();
        assert_eq!(missing.records(), 0);
    }

    #[test]
    fn stop_flag_ends_the_run_early() {
        let input: String = (0..100).map(|i| format!("{{\"id\":\"{i}\",\"text\":\"x\"}}\n")).collect();
        let p = write_tmp("stop.jsonl", input.as_bytes());
        let stop = Arc::new(AtomicBool::new(true));
        let opts = BatchOptions { jobs: 1, stop: Some(stop), ..BatchOptions::default() };
        let mut out = Vec::new();
        let s = run_batch(&Extractor::new(), &[p], &mut out, &opts, &mut |_| {}).unwrap();
        assert!(s.interrupted);
        assert_eq!(s.records, 0);
    }
}
