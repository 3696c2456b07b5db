//! WARC reading (ISO 28500, WARC/1.0 and 1.1), as Common Crawl's CC-NEWS
//! distributes it: each `response` record's HTTP payload is an HTML page,
//! reduced to its article text by [`super::html`]; `conversion` and
//! `resource` records with plain text are taken as they are. Other records
//! (`warcinfo`, `request`, `metadata`, non-HTML responses, redirects) are not
//! documents and are passed over.
//!
//! A small parser of our own: the format is a header block and a
//! length-prefixed body per record, and the `warc` crate would bring in URL,
//! date and UUID crates that this needs none of. Gzip (one member per
//! record) is undone before this reader sees the bytes.

use std::io::{self, BufRead, Read};

use serde_json::{Map, Value};

use super::html;
use super::input::{Emit, InputDoc};
use crate::error::Error;

/// Records larger than this are not read into memory; they become error records.
pub(crate) const MAX_RECORD: u64 = 64 << 20;

/// The header fields of one WARC record that matter here.
#[derive(Debug, Default)]
struct WarcHeader {
    kind: String,
    record_id: Option<String>,
    target_uri: Option<String>,
    date: Option<String>,
    content_type: String,
    length: Option<u64>,
}

/// Reads a WARC stream, handing each document to `emit`.
pub(crate) fn read_warc(r: &mut dyn BufRead, source: &str, emit: &mut Emit<'_>) -> Result<bool, Error> {
    let mut record_no = 0u64;
    let mut block = Vec::new();
    loop {
        let header = match read_header(r) {
            Ok(Some(h)) => h,
            Ok(None) => return Ok(true),
            Err(e) if e.kind() == io::ErrorKind::InvalidData => {
                // Not a WARC record where one should start: nothing after it can be trusted.
                let msg = format!("bad WARC record after record {record_no}: {e}");
                return Ok(emit(InputDoc::error(None, source, Some(record_no + 1), 0, msg)));
            }
            Err(e) => return Err(Error::io(source, e)),
        };
        record_no += 1;
        let Some(length) = header.length else {
            let msg = "WARC record without Content-Length";
            return Ok(emit(InputDoc::error(header.record_id, source, Some(record_no), 0, msg)));
        };
        let wanted = is_document_record(&header);
        if !wanted || length > MAX_RECORD {
            let skipped = io::copy(&mut r.take(length), &mut io::sink()).map_err(|e| Error::io(source, e))?;
            if skipped < length {
                return Err(Error::io(source, io::ErrorKind::UnexpectedEof.into()));
            }
            if wanted {
                let msg = format!("WARC record of {length} bytes, over the limit of {MAX_RECORD}");
                if !emit(InputDoc::error(header.record_id, source, Some(record_no), length, msg)) {
                    return Ok(false);
                }
            }
            continue;
        }
        block.clear();
        r.take(length).read_to_end(&mut block).map_err(|e| Error::io(source, e))?;
        if (block.len() as u64) < length {
            return Err(Error::io(source, io::ErrorKind::UnexpectedEof.into()));
        }
        if let Some(doc) = record_to_doc(&header, &block, source, record_no) {
            if !emit(doc) {
                return Ok(false);
            }
        }
        if block.capacity() > 8 << 20 {
            block = Vec::new();
        }
    }
}

/// Response, resource and conversion records may hold documents.
fn is_document_record(h: &WarcHeader) -> bool {
    match h.kind.as_str() {
        "response" => h.content_type.is_empty() || h.content_type.starts_with("application/http"),
        "resource" | "conversion" => {
            let ct = h.content_type.as_str();
            ct.is_empty() || ct.starts_with("text/") || ct.contains("html")
        }
        _ => false,
    }
}

/// Reads the next record's header; `None` at the end of the stream.
fn read_header(r: &mut dyn BufRead) -> io::Result<Option<WarcHeader>> {
    let mut line = Vec::new();
    // Skip the blank lines that end the previous record.
    loop {
        line.clear();
        if read_line(r, &mut line)? == 0 {
            return Ok(None);
        }
        if !line.iter().all(u8::is_ascii_whitespace) {
            break;
        }
    }
    let version = String::from_utf8_lossy(&line);
    if !version.trim_end().starts_with("WARC/") {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("expected \"WARC/1.x\", found {:.40?}", version),
        ));
    }
    let mut h = WarcHeader::default();
    loop {
        line.clear();
        if read_line(r, &mut line)? == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            break;
        }
        let Some((name, value)) = text.split_once(':') else { continue };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "warc-type" => h.kind = value.to_ascii_lowercase(),
            "warc-record-id" => h.record_id = Some(value.trim_matches(['<', '>']).to_string()),
            "warc-target-uri" => h.target_uri = Some(value.trim_matches(['<', '>']).to_string()),
            "warc-date" => h.date = Some(value.to_string()),
            "content-type" => h.content_type = value.to_ascii_lowercase(),
            "content-length" => h.length = value.parse().ok(),
            _ => {}
        }
    }
    Ok(Some(h))
}

/// Reads one line (up to and including `\n`), at most 64 KiB of it.
fn read_line(r: &mut dyn BufRead, line: &mut Vec<u8>) -> io::Result<usize> {
    let n = r.take(64 << 10).read_until(b'\n', line)?;
    if n == 64 << 10 && line.last() != Some(&b'\n') {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "header line longer than 64 KiB"));
    }
    Ok(n)
}

/// The document in one record, or `None` when the record holds none
/// (redirects, errors, images and other non-text payloads).
fn record_to_doc(h: &WarcHeader, block: &[u8], source: &str, record_no: u64) -> Option<InputDoc> {
    let (content_type, body) = if h.kind == "response" {
        let http = parse_http(block)?;
        if !(200..300).contains(&http.status) {
            return None;
        }
        (http.content_type, http.body)
    } else {
        (h.content_type.clone(), std::borrow::Cow::Borrowed(block))
    };
    let ct = content_type.to_ascii_lowercase();
    let is_html = ct.contains("html") || (ct.is_empty() && looks_like_html(&body));
    if !is_html && !ct.starts_with("text/plain") {
        return None;
    }
    let mut meta = Map::new();
    let text = if is_html {
        let page = html::extract(&body, charset_of(&ct).as_deref());
        if let Some(t) = page.title {
            meta.insert("title".into(), Value::String(t));
        }
        if let Some(d) = page.date.or_else(|| h.date.clone()) {
            meta.insert("date".into(), Value::String(d));
        }
        page.text
    } else {
        if let Some(d) = &h.date {
            meta.insert("date".into(), Value::String(d.clone()));
        }
        html::decode(&body, charset_of(&ct).as_deref())
    };
    if let Some(u) = &h.target_uri {
        meta.insert("url".into(), Value::String(u.clone()));
    }
    Some(InputDoc {
        id: h.record_id.clone(),
        body: Ok((text, None)),
        meta,
        source: source.to_string(),
        line: Some(record_no),
        size: block.len() as u64,
    })
}

fn looks_like_html(body: &[u8]) -> bool {
    let head = &body[..body.len().min(1024)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    head.contains("<html") || head.contains("<!doctype html") || head.contains("<body")
}

/// The `charset=` parameter of a Content-Type value.
fn charset_of(content_type: &str) -> Option<String> {
    let i = content_type.find("charset=")?;
    let v = content_type[i + 8..].trim_start().trim_start_matches(['"', '\'']);
    let end = v.find(|c: char| c == ';' || c == '"' || c == '\'' || c.is_whitespace()).unwrap_or(v.len());
    (end > 0).then(|| v[..end].to_string())
}

struct HttpResponse<'a> {
    status: u16,
    content_type: String,
    body: std::borrow::Cow<'a, [u8]>,
}

/// Splits an HTTP response into status, Content-Type and body, undoing
/// chunked transfer coding and gzip/deflate content coding when present.
fn parse_http(block: &[u8]) -> Option<HttpResponse<'_>> {
    let head_end =
        find(block, b"\r\n\r\n").map(|i| (i, i + 4)).or_else(|| find(block, b"\n\n").map(|i| (i, i + 2)))?;
    let head = String::from_utf8_lossy(&block[..head_end.0]);
    let mut lines = head.lines();
    let status_line = lines.next()?;
    if !status_line.starts_with("HTTP/") {
        return None;
    }
    let status = status_line.split_whitespace().nth(1)?.parse().ok()?;
    let (mut content_type, mut chunked, mut coding) = (String::new(), false, String::new());
    for l in lines {
        let Some((name, value)) = l.split_once(':') else { continue };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-type" => content_type = value.to_string(),
            "transfer-encoding" => chunked = value.to_ascii_lowercase().contains("chunked"),
            "content-encoding" => coding = value.to_ascii_lowercase(),
            _ => {}
        }
    }
    let mut body = std::borrow::Cow::Borrowed(&block[head_end.1..]);
    if chunked {
        if let Some(b) = dechunk(&body) {
            body = std::borrow::Cow::Owned(b);
        }
    }
    if coding == "gzip" || coding == "x-gzip" || coding == "deflate" {
        let mut out = Vec::new();
        let limit = MAX_RECORD * 4;
        let ok = if coding == "deflate" {
            flate2::read::ZlibDecoder::new(&body[..]).take(limit).read_to_end(&mut out).is_ok()
        } else {
            flate2::read::MultiGzDecoder::new(&body[..]).take(limit).read_to_end(&mut out).is_ok()
        };
        if ok {
            body = std::borrow::Cow::Owned(out);
        }
    }
    Some(HttpResponse { status, content_type, body })
}

/// Undoes chunked transfer coding; `None` when the body is not well formed.
fn dechunk(mut b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(b.len());
    loop {
        let eol = find(b, b"\r\n")?;
        let size_text = std::str::from_utf8(&b[..eol]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        b = &b[eol + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(b.get(..size)?);
        b = b.get(size..)?;
        b = b.strip_prefix(b"\r\n").unwrap_or(b);
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, id: &str, uri: &str, block: &str) -> String {
        format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{id}>\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2026-03-02T10:00:00Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n",
            block.len()
        )
    }

    fn read(input: &str) -> Vec<InputDoc> {
        let mut out = Vec::new();
        read_warc(&mut input.as_bytes(), "t.warc", &mut |d| {
            out.push(d);
            true
        })
        .unwrap();
        out
    }

    #[test]
    fn responses_become_documents_others_are_passed_over() {
        let page = "<html><head><title>Kop</title></head><body><article><p>De minister sprak dinsdag in Den Haag over de nieuwe begroting voor het komende jaar.</p></article></body></html>";
        let ok = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{page}");
        let redirect = "HTTP/1.1 301 Moved\r\nLocation: /x\r\n\r\n";
        let info = "WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 5\r\n\r\nabcde\r\n\r\n";
        let input = format!(
            "{info}{}{}",
            record("response", "1", "https://example.org/a", &ok),
            record("response", "2", "https://example.org/b", redirect)
        );
        let docs = read(&input);
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].id.as_deref(), Some("urn:uuid:1"));
        assert_eq!(docs[0].meta["url"], "https://example.org/a");
        assert_eq!(docs[0].meta["title"], "Kop");
        assert_eq!(docs[0].meta["date"], "2026-03-02T10:00:00Z");
        assert!(docs[0].body.as_ref().unwrap().0.starts_with("De minister sprak"));
    }

    #[test]
    fn garbage_and_truncation() {
        let docs = read("not a warc file\r\n");
        assert_eq!(docs.len(), 1);
        assert!(docs[0].body.as_ref().unwrap_err().contains("bad WARC record"));
        let truncated = "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 500\r\n\r\nHTTP/1.1 200 OK\r\n";
        let mut out = Vec::new();
        let res = read_warc(&mut truncated.as_bytes(), "t.warc", &mut |d| {
            out.push(d);
            true
        });
        assert!(res.is_err());
    }

    #[test]
    fn chunked_bodies_and_charsets() {
        assert_eq!(dechunk(b"4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n").unwrap(), b"Wikipedia");
        assert_eq!(charset_of("text/html; charset=\"ISO-8859-2\""), Some("ISO-8859-2".to_string()));
        assert_eq!(charset_of("text/html"), None);
    }
}
