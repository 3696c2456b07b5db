//! Input readers: JSON Lines (plain, gzip, zstd), text and JSON files,
//! folders of them, and WARC archives. Each reader hands documents one at a
//! time to a callback, so memory holds one document (plus a read buffer),
//! whatever the file size.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::error::Error;
use crate::Language;

/// One document read from the input, or the reason it could not be read.
#[derive(Debug, Clone)]
pub(crate) struct InputDoc {
    /// The record id: the input's `id`, the file path, or the WARC record id.
    pub id: Option<String>,
    /// The text and its language, or why there is none.
    pub body: Result<(String, Option<Language>), String>,
    /// Metadata carried into the record unchanged (`title`, `date`, `url`).
    pub meta: Map<String, Value>,
    /// The file the document came from.
    pub source: String,
    /// Its 1-based line (JSON Lines) or record number (WARC), when there is one.
    pub line: Option<u64>,
    /// Input bytes the document took (for progress and throughput).
    pub size: u64,
}

impl InputDoc {
    /// An error record for `source` at `line`.
    pub fn error(
        id: Option<String>,
        source: &str,
        line: Option<u64>,
        size: u64,
        msg: impl Into<String>,
    ) -> Self {
        InputDoc { id, body: Err(msg.into()), meta: Map::new(), source: source.to_string(), line, size }
    }
}

/// Called with each document; returns false to stop reading.
pub(crate) type Emit<'a> = dyn FnMut(InputDoc) -> bool + 'a;

/// Extensions of the files taken from folders (before any `.gz` / `.zst`).
const DOC_EXTENSIONS: [&str; 6] = ["txt", "json", "jsonl", "ndjson", "warc", "arc"];

/// Files named on the command line, with folders expanded recursively in
/// byte order of their paths (so the order is the same on every machine).
pub(crate) fn expand_inputs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
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
        .filter(|p| !p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.')))
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, files)?;
        } else if DOC_EXTENSIONS.contains(&inner_extension(&p).as_str()) {
            files.push(p);
        }
    }
    Ok(())
}

/// The extension that names the format, under any compression extension:
/// `jsonl` for `a.jsonl.gz`, `warc` for `b.warc.zst`, lowercase.
pub(crate) fn inner_extension(path: &Path) -> String {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_ascii_lowercase();
    let name = name
        .strip_suffix(".gz")
        .or_else(|| name.strip_suffix(".zst"))
        .or_else(|| name.strip_suffix(".zstd"))
        .unwrap_or(&name);
    Path::new(name).extension().and_then(|e| e.to_str()).unwrap_or("").to_string()
}

/// What a file holds, from its extension and, failing that, its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    JsonLines,
    Json,
    Text,
    Warc,
}

/// Reads one input file, handing each document to `emit`. Returns
/// `Ok(false)` when `emit` asked to stop.
///
/// # Errors
/// When the file cannot be opened or read. A file that turns out to be
/// corrupt (bad compressed data, truncated archive) is not an error: it ends
/// with an error record naming it, and the batch goes on.
pub(crate) fn read_file(path: &Path, emit: &mut Emit<'_>) -> Result<bool, Error> {
    let source = path.display().to_string();
    let raw: Box<dyn Read + Send> = if source == "-" {
        Box::new(io::stdin())
    } else {
        Box::new(File::open(path).map_err(|e| Error::io(path, e))?)
    };
    let mut reader = decompress(BufReader::with_capacity(256 << 10, raw), &source)?;
    let format = match inner_extension(path).as_str() {
        "txt" => Format::Text,
        "json" => Format::Json,
        "warc" | "arc" => Format::Warc,
        "jsonl" | "ndjson" => Format::JsonLines,
        _ => sniff(&mut reader).map_err(|e| Error::io(path, e))?,
    };
    let mut docs = 0u64;
    let mut counting = |d: InputDoc| {
        docs += 1;
        emit(d)
    };
    let res = match format {
        Format::JsonLines => read_jsonl(&mut reader, &source, &mut counting),
        Format::Json => read_json(&mut reader, &source, &mut counting),
        Format::Text => read_text(&mut reader, &source, &mut counting),
        Format::Warc => read_warc(&mut reader, &source, &mut counting),
    };
    match res {
        Err(Error::Io { source: e, .. }) if is_corrupt(&e) => Ok(emit(InputDoc::error(
            None,
            &source,
            None,
            0,
            format!("unreadable after {docs} documents: {e}"),
        ))),
        other => other,
    }
}

#[cfg(feature = "archives")]
fn read_warc(reader: &mut dyn BufRead, source: &str, emit: &mut Emit<'_>) -> Result<bool, Error> {
    super::warc::read_warc(reader, source, emit)
}

#[cfg(not(feature = "archives"))]
fn read_warc(_reader: &mut dyn BufRead, source: &str, _emit: &mut Emit<'_>) -> Result<bool, Error> {
    Err(Error::io(source, io::Error::other("WARC input needs newsx built with the `archives` feature")))
}

/// Errors that mean "this file's content is damaged", not "the disk failed".
fn is_corrupt(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::InvalidData | io::ErrorKind::UnexpectedEof | io::ErrorKind::InvalidInput
    )
}

/// Wraps `r` in a decompressor when its first bytes are a gzip or zstd magic number.
fn decompress(
    mut r: BufReader<Box<dyn Read + Send>>,
    source: &str,
) -> Result<Box<dyn BufRead + Send>, Error> {
    let head = r.fill_buf().map_err(|e| Error::io(source, e))?;
    let gzip = head.starts_with(&[0x1f, 0x8b]);
    let zstd = head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]);
    if !gzip && !zstd {
        return Ok(Box::new(r));
    }
    decompressor(r, gzip, source)
}

#[cfg(feature = "archives")]
fn decompressor(
    r: BufReader<Box<dyn Read + Send>>,
    gzip: bool,
    source: &str,
) -> Result<Box<dyn BufRead + Send>, Error> {
    const BUF: usize = 256 << 10;
    if gzip {
        // Multi-member: WARC.gz files are one gzip member per record.
        let d = flate2::bufread::MultiGzDecoder::new(r);
        Ok(Box::new(BufReader::with_capacity(BUF, Corrupt(d))))
    } else {
        let d = zstd::stream::read::Decoder::with_buffer(r).map_err(|e| Error::io(source, e))?;
        Ok(Box::new(BufReader::with_capacity(BUF, Corrupt(d))))
    }
}

/// A decompressor whose errors all mean damaged data: they come out as
/// `InvalidData`, so that the file ends in an error record, not the batch.
#[cfg(feature = "archives")]
struct Corrupt<R>(R);

#[cfg(feature = "archives")]
impl<R: Read> Read for Corrupt<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf).map_err(|e| match e.kind() {
            io::ErrorKind::Interrupted | io::ErrorKind::UnexpectedEof => e,
            _ => io::Error::new(io::ErrorKind::InvalidData, format!("damaged compressed data: {e}")),
        })
    }
}

#[cfg(not(feature = "archives"))]
fn decompressor(
    _r: BufReader<Box<dyn Read + Send>>,
    _gzip: bool,
    source: &str,
) -> Result<Box<dyn BufRead + Send>, Error> {
    Err(Error::io(source, io::Error::other("compressed input needs newsx built with the `archives` feature")))
}

/// Guesses the format of a file with an unknown extension from its first bytes.
fn sniff(r: &mut dyn BufRead) -> io::Result<Format> {
    let head = r.fill_buf()?;
    let start = head.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(head.len());
    let head = &head[start..];
    Ok(if head.starts_with(b"WARC/") {
        Format::Warc
    } else if head.starts_with(b"{") {
        Format::JsonLines
    } else if head.starts_with(b"[") {
        Format::Json
    } else {
        Format::Text
    })
}

/// A whole file is one document; its id is the file path.
fn read_text(r: &mut dyn BufRead, source: &str, emit: &mut Emit<'_>) -> Result<bool, Error> {
    let mut bytes = Vec::new();
    r.read_to_end(&mut bytes).map_err(|e| Error::io(source, e))?;
    let size = bytes.len() as u64;
    let body = String::from_utf8(bytes)
        .map(|t| (t, None))
        .map_err(|e| format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()));
    Ok(emit(InputDoc {
        id: Some(source.to_string()),
        body,
        meta: Map::new(),
        source: source.to_string(),
        line: None,
        size,
    }))
}

/// A `.json` file: one document object, an array of them, or (failing both)
/// JSON Lines. A lone object without an id takes the file path as its id.
fn read_json(r: &mut dyn BufRead, source: &str, emit: &mut Emit<'_>) -> Result<bool, Error> {
    let mut bytes = Vec::new();
    r.read_to_end(&mut bytes).map_err(|e| Error::io(source, e))?;
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(obj)) => {
            let mut doc = from_object(obj, source, None, bytes.len() as u64);
            doc.id.get_or_insert_with(|| source.to_string());
            Ok(emit(doc))
        }
        Ok(Value::Array(items)) => {
            let size = (bytes.len() / items.len().max(1)) as u64;
            drop(bytes);
            for (i, item) in items.into_iter().enumerate() {
                let n = Some(i as u64 + 1);
                let doc = match item {
                    Value::Object(obj) => from_object(obj, source, n, size),
                    _ => InputDoc::error(None, source, n, size, "array element is not a JSON object"),
                };
                if !emit(doc) {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        _ => read_jsonl(&mut &bytes[..], source, emit),
    }
}

/// Reads JSON Lines: each non-blank line one document.
pub(crate) fn read_jsonl(r: &mut dyn BufRead, source: &str, emit: &mut Emit<'_>) -> Result<bool, Error> {
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
        if buf.capacity() > 4 << 20 {
            // Do not keep a huge line's buffer for the rest of the file.
            buf = Vec::new();
        }
    }
}

/// One JSON Lines line as a document, or as an error record.
pub(crate) fn parse_line(bytes: &[u8], source: &str, line: u64) -> InputDoc {
    let size = bytes.len() as u64;
    let text = match simdutf8::compat::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let msg = format!("invalid UTF-8 at byte {} of the line", e.valid_up_to());
            return InputDoc::error(None, source, Some(line), size, msg);
        }
    };
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(o)) => from_object(o, source, Some(line), size),
        Ok(_) => InputDoc::error(None, source, Some(line), size, "not a JSON object"),
        Err(e) => InputDoc::error(None, source, Some(line), size, format!("invalid JSON: {e}")),
    }
}

/// A document from a JSON object `{"id", "text", "lang"?, "title"?, "date"?, "url"?}`.
fn from_object(mut obj: Map<String, Value>, source: &str, line: Option<u64>, size: u64) -> InputDoc {
    let id = match obj.remove("id") {
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
    let body = match (obj.remove("text"), lang) {
        (_, Err(e)) => Err(e),
        (Some(Value::String(t)), Ok(lang)) => Ok((t, lang)),
        (Some(_), _) => Err("\"text\" is not a string".into()),
        (None, _) => Err("no \"text\" field".into()),
    };
    let mut meta = Map::new();
    for key in ["title", "date", "url"] {
        if let Some(v) = obj.remove(key) {
            meta.insert(key.to_string(), v);
        }
    }
    InputDoc { id, body, meta, source: source.to_string(), line, size }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(input: &str) -> Vec<InputDoc> {
        let mut out = Vec::new();
        read_jsonl(&mut input.as_bytes(), "in.jsonl", &mut |d| {
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
        read_jsonl(&mut &input[..], "x", &mut |d| {
            out.push(d);
            true
        })
        .unwrap();
        assert_eq!(out[0].body.as_ref().unwrap_err(), "invalid UTF-8 at byte 18 of the line");
        // Past the first 64 bytes, after multi-byte chars: the position still counts bytes.
        let mut input = format!("{{\"id\":\"b\",\"text\":\"{}", "Grüße aus Αθήνα, ".repeat(8)).into_bytes();
        let bad = input.len();
        input.extend_from_slice(&[0xe2, 0x80, b'"', b'}', b'\n']);
        let doc = parse_line(&input, "x", 7);
        assert_eq!(doc.body.unwrap_err(), format!("invalid UTF-8 at byte {bad} of the line"));
        assert_eq!(doc.line, Some(7));
    }

    #[test]
    fn json_files_hold_one_object_or_an_array() {
        let mut out = Vec::new();
        let one = "{\n  \"text\": \"Een artikel.\",\n  \"title\": \"Kop\"\n}\n";
        read_json(&mut one.as_bytes(), "a/b.json", &mut |d| {
            out.push(d);
            true
        })
        .unwrap();
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].id.as_deref(), Some("a/b.json"));
        assert_eq!(out[0].meta["title"], "Kop");
        out.clear();
        let many = "[{\"id\": \"x\", \"text\": \"Eins.\"}, 3]";
        read_json(&mut many.as_bytes(), "c.json", &mut |d| {
            out.push(d);
            true
        })
        .unwrap();
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].id.as_deref(), Some("x"));
        assert_eq!(out[1].line, Some(2));
        assert!(out[1].body.is_err());
    }

    #[test]
    fn extensions_under_compression() {
        assert_eq!(inner_extension(Path::new("x/a.JSONL.gz")), "jsonl");
        assert_eq!(inner_extension(Path::new("b.warc.zst")), "warc");
        assert_eq!(inner_extension(Path::new("c.txt")), "txt");
        assert_eq!(inner_extension(Path::new("d.gz")), "");
    }

    #[test]
    fn sniffing() {
        assert_eq!(sniff(&mut &b"  WARC/1.0\r\n"[..]).unwrap(), Format::Warc);
        assert_eq!(sniff(&mut &b"{\"text\":1}"[..]).unwrap(), Format::JsonLines);
        assert_eq!(sniff(&mut &b"Plain words."[..]).unwrap(), Format::Text);
    }
}
