//! Records of very large documents, written without holding them whole.
//!
//! A document of many megabytes yields a record several times its size
//! (every amount and quote with its offsets). Its amounts and quotes are
//! written as JSON to two unnamed temporary files window by window while the
//! document is read ([`Extractor::extract_streamed`]); only the entities stay
//! in memory. The writer then puts the record together in the same form as
//! any other record.
//!
//! [`Extractor::extract_streamed`]: crate::Extractor

use std::fs::File;
use std::io::{self, BufWriter, Seek, SeekFrom, Write};

use serde_json::{Map, Value};

use crate::json;
use crate::record::{Amount, Document, Quote};

/// One JSON array's elements, written to a temporary file.
struct Elements {
    file: BufWriter<File>,
    count: u64,
    /// One element's JSON, reused.
    buf: Vec<u8>,
}

impl Elements {
    fn new() -> io::Result<Elements> {
        let file = BufWriter::with_capacity(1 << 16, tempfile::tempfile()?);
        Ok(Elements { file, count: 0, buf: Vec::new() })
    }

    fn push<T>(&mut self, item: &T, write: fn(&mut Vec<u8>, &T)) -> io::Result<()> {
        self.buf.clear();
        if self.count > 0 {
            self.buf.push(b',');
        }
        self.count += 1;
        write(&mut self.buf, item);
        self.file.write_all(&self.buf)
    }

    /// Copies the elements to `out`, between brackets.
    fn copy_to(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.file.flush()?;
        let file = self.file.get_mut();
        file.seek(SeekFrom::Start(0))?;
        out.write_all(b"[")?;
        io::copy(file, out)?;
        out.write_all(b"]")
    }
}

/// The amounts and quotes of one large document, on disk.
pub(crate) struct Spill {
    amounts: Elements,
    quotes: Elements,
    /// The first write that failed: the record becomes an error record.
    failed: Option<io::Error>,
}

impl Spill {
    /// Two new temporary files.
    pub fn new() -> io::Result<Spill> {
        Ok(Spill { amounts: Elements::new()?, quotes: Elements::new()?, failed: None })
    }

    /// Writes out one window's amounts and quotes.
    pub fn push(&mut self, amounts: Vec<Amount>, quotes: Vec<Quote>) {
        if self.failed.is_some() {
            return;
        }
        let res = amounts
            .iter()
            .try_for_each(|a| self.amounts.push(a, json::amount))
            .and_then(|()| quotes.iter().try_for_each(|q| self.quotes.push(q, json::quote)));
        if let Err(e) = res {
            self.failed = Some(e);
        }
    }

    /// Why the record could not be written, if it could not.
    pub fn failure(&self) -> Option<&io::Error> {
        self.failed.as_ref()
    }

    /// Writes the record of `doc` (which holds the entities) with the
    /// amounts and quotes on disk and `meta`, as one JSON line, with the
    /// fields in the order of every other record.
    pub fn write_record(
        &mut self,
        out: &mut dyn Write,
        doc: &Document,
        meta: &Map<String, Value>,
    ) -> io::Result<()> {
        let mut buf = Vec::with_capacity(json::SPILL_AT * 2);
        let mut res = Ok(());
        json::write_head(&mut buf, doc, &mut |b| {
            if res.is_ok() {
                res = out.write_all(b);
            }
            b.clear();
        });
        res?;
        buf.extend_from_slice(b",\"amounts\":");
        out.write_all(&buf)?;
        self.amounts.copy_to(out)?;
        out.write_all(b",\"quotes\":")?;
        self.quotes.copy_to(out)?;
        buf.clear();
        json::write_tail(&mut buf, meta);
        buf.push(b'\n');
        out.write_all(&buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Extractor, Language};

    #[test]
    fn a_spilled_record_is_the_record() {
        let text = "De Europese Commissie trekt 200 miljard euro uit, zegt Ursula von der Leyen. \
                    ‘Dat is 20 procent meer dan vorig jaar’, zei ze in Brussel. Frankrijk geeft 109 miljard euro.";
        let mut doc = Extractor::new().extract(text, Some(Language::Dutch));
        doc.id = Some("a\"1".into());
        assert!(doc.amounts.len() >= 3 && !doc.quotes.is_empty());
        let mut meta = Map::new();
        meta.insert("title".into(), Value::String("Geld voor AI".into()));
        meta.insert("url".into(), Value::String("https://example.org/ai".into()));
        use super::super::Record;
        let expected = serde_json::to_string(&Record { doc: &doc, meta: &meta }).unwrap() + "\n";

        let mut spill = Spill::new().unwrap();
        let (a, q) = (doc.amounts.clone(), doc.quotes.clone());
        spill.push(a[..1].to_vec(), Vec::new());
        spill.push(a[1..].to_vec(), q);
        spill.push(Vec::new(), Vec::new());
        let entities_only = Document { amounts: Vec::new(), quotes: Vec::new(), ..doc.clone() };
        let mut out = Vec::new();
        spill.write_record(&mut out, &entities_only, &meta).unwrap();
        assert!(spill.failure().is_none());
        assert_eq!(String::from_utf8(out).unwrap(), expected);

        // Entities whose JSON is many times the spill size: written in pieces, same bytes.
        let long = text.repeat(2000);
        let mut big = Extractor::new().extract(&long, Some(Language::Dutch));
        big.amounts.clear();
        big.quotes.clear();
        let expected = serde_json::to_string(&Record { doc: &big, meta: &meta }).unwrap() + "\n";
        assert!(expected.len() > 8 * crate::json::SPILL_AT);
        /// Keeps what is written, and the largest single write.
        struct Largest(Vec<u8>, usize);
        impl Write for Largest {
            fn write(&mut self, b: &[u8]) -> io::Result<usize> {
                self.1 = self.1.max(b.len());
                self.0.extend_from_slice(b);
                Ok(b.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let mut pieces = Spill::new().unwrap();
        let mut out = Largest(Vec::new(), 0);
        pieces.write_record(&mut out, &big, &meta).unwrap();
        assert_eq!(String::from_utf8(out.0).unwrap(), expected);
        assert!(out.1 < 2 * crate::json::SPILL_AT, "a write of {} bytes", out.1);

        let mut empty = Spill::new().unwrap();
        let mut out = Vec::new();
        let bare = Document { lang: Some(Language::Dutch), ..Document::default() };
        empty.write_record(&mut out, &bare, &Map::new()).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(&bare).unwrap() + "\n");
    }
}
