//! Parquet output: a folder of five tables that load straight into pandas,
//! Polars, DuckDB or Spark.
//!
//! - `documents.parquet`: one row per input document (error records too):
//!   `doc` (row number), `id`, `source`, `line`, `lang`, `title`, `date`,
//!   `url`, `error`, and the counts `entities`, `amounts`, `quotes`.
//! - `entities.parquet`: one row per entity: `doc`, `id`, `entity` ("e0"),
//!   `name`, `type`, `wikidata`, `roles` (a JSON array), `mentions` (count).
//! - `mentions.parquet`: one row per entity mention: `doc`, `id`, `entity`,
//!   `text`, `start`, `end`, `char_start`, `char_end`.
//! - `amounts.parquet`: one row per amount, the record's fields as columns.
//! - `quotes.parquet`: one row per quote: `doc`, `id`, `text`, `kind`,
//!   `speaker`, `speaker_entity`, `speaker_text`, `cue`, offsets.
//!
//! Every table is written in row groups of bounded size as the batch goes,
//! so memory stays bounded whatever the input size.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use parquet::basic::{Compression, ZstdLevel};
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;
use serde::Serialize;
use serde_json::Value;

use super::Done;
use crate::error::Error;

/// A row group is written when a table holds this many rows...
const GROUP_ROWS: usize = 128 * 1024;
/// ... or about this many bytes of strings.
const GROUP_BYTES: usize = 32 << 20;

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Int,
    Str,
    Bool,
}

/// One cell of a row.
enum Cell<'a> {
    Int(Option<i64>),
    Str(Option<&'a str>),
    Bool(bool),
}

struct Column {
    name: &'static str,
    kind: Kind,
    nullable: bool,
    ints: Vec<i64>,
    strs: Vec<ByteArray>,
    bools: Vec<bool>,
    defs: Vec<i16>,
}

/// One Parquet file being written, its current row group buffered by column.
struct Table {
    path: PathBuf,
    writer: SerializedFileWriter<BufWriter<File>>,
    columns: Vec<Column>,
    rows: usize,
    bytes: usize,
}

impl Table {
    fn create(dir: &Path, name: &str, columns: &[(&'static str, Kind, bool)]) -> Result<Table, Error> {
        let path = dir.join(format!("{name}.parquet"));
        let fields: Vec<String> = columns
            .iter()
            .map(|(n, k, nullable)| {
                let rep = if *nullable { "OPTIONAL" } else { "REQUIRED" };
                let ty = match k {
                    Kind::Int => "INT64",
                    Kind::Str => "BYTE_ARRAY",
                    Kind::Bool => "BOOLEAN",
                };
                let ann = if *k == Kind::Str { " (UTF8)" } else { "" };
                format!("{rep} {ty} {n}{ann};")
            })
            .collect();
        let schema = parse_message_type(&format!("message {name} {{ {} }}", fields.join(" ")))
            .map_err(|e| Error::io(&path, std::io::Error::other(e)))?;
        let props = WriterProperties::builder()
            .set_compression(Compression::ZSTD(ZstdLevel::default()))
            .set_created_by(format!("newsx {}", env!("CARGO_PKG_VERSION")))
            .build();
        let file = File::create(&path).map_err(|e| Error::io(&path, e))?;
        let writer = SerializedFileWriter::new(BufWriter::new(file), Arc::new(schema), Arc::new(props))
            .map_err(|e| Error::io(&path, std::io::Error::other(e)))?;
        let columns = columns
            .iter()
            .map(|&(name, kind, nullable)| Column {
                name,
                kind,
                nullable,
                ints: Vec::new(),
                strs: Vec::new(),
                bools: Vec::new(),
                defs: Vec::new(),
            })
            .collect();
        Ok(Table { path, writer, columns, rows: 0, bytes: 0 })
    }

    fn push(&mut self, row: &[Cell<'_>]) -> Result<(), Error> {
        debug_assert_eq!(row.len(), self.columns.len());
        for (col, cell) in self.columns.iter_mut().zip(row) {
            let present = match cell {
                Cell::Int(v) => v.inspect(|&v| col.ints.push(v)).is_some(),
                Cell::Str(v) => v
                    .inspect(|s| {
                        self.bytes += s.len();
                        col.strs.push(ByteArray::from(s.as_bytes().to_vec()));
                    })
                    .is_some(),
                Cell::Bool(b) => {
                    col.bools.push(*b);
                    true
                }
            };
            if col.nullable {
                col.defs.push(i16::from(present));
            }
        }
        self.rows += 1;
        if self.rows >= GROUP_ROWS || self.bytes >= GROUP_BYTES {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes the buffered rows as one row group.
    fn flush(&mut self) -> Result<(), Error> {
        if self.rows == 0 {
            return Ok(());
        }
        let path = self.path.clone();
        let err = |e: parquet::errors::ParquetError| Error::io(&path, std::io::Error::other(e));
        let mut group = self.writer.next_row_group().map_err(err)?;
        for col in &mut self.columns {
            let Some(mut w) = group.next_column().map_err(err)? else { break };
            let defs = col.nullable.then_some(&col.defs[..]);
            match col.kind {
                Kind::Int => w.typed::<Int64Type>().write_batch(&col.ints, defs, None),
                Kind::Str => w.typed::<ByteArrayType>().write_batch(&col.strs, defs, None),
                Kind::Bool => w.typed::<BoolType>().write_batch(&col.bools, defs, None),
            }
            .map_err(err)?;
            w.close().map_err(err)?;
            debug_assert!(!col.name.is_empty());
            col.ints.clear();
            col.strs.clear();
            col.bools.clear();
            col.defs.clear();
        }
        group.close().map_err(err)?;
        self.rows = 0;
        self.bytes = 0;
        Ok(())
    }

    fn finish(mut self) -> Result<(), Error> {
        self.flush()?;
        let path = self.path.clone();
        self.writer.close().map_err(|e| Error::io(&path, std::io::Error::other(e)))?;
        Ok(())
    }
}

/// The five tables of a batch run.
pub(crate) struct ParquetSink {
    documents: Table,
    entities: Table,
    mentions: Table,
    amounts: Table,
    quotes: Table,
    next_doc: i64,
}

use Kind::{Bool, Int, Str};

/// Columns shared by the item tables: the document's row number and id.
const KEY: [(&str, Kind, bool); 2] = [("doc", Int, false), ("id", Str, true)];
const OFFSETS: [(&str, Kind, bool); 4] =
    [("start", Int, false), ("end", Int, false), ("char_start", Int, false), ("char_end", Int, false)];

impl ParquetSink {
    /// Creates the folder (if needed) and the five table files in it.
    pub fn create(dir: &Path) -> Result<ParquetSink, Error> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let with_key = |cols: &[(&'static str, Kind, bool)]| -> Vec<(&'static str, Kind, bool)> {
            KEY.iter().chain(cols).copied().collect()
        };
        let documents = Table::create(
            dir,
            "documents",
            &[
                ("doc", Int, false),
                ("id", Str, true),
                ("source", Str, false),
                ("line", Int, true),
                ("lang", Str, true),
                ("title", Str, true),
                ("date", Str, true),
                ("url", Str, true),
                ("error", Str, true),
                ("entities", Int, false),
                ("amounts", Int, false),
                ("quotes", Int, false),
            ],
        )?;
        let entities = Table::create(
            dir,
            "entities",
            &with_key(&[
                ("entity", Str, false),
                ("name", Str, false),
                ("type", Str, false),
                ("wikidata", Str, true),
                ("roles", Str, false),
                ("mentions", Int, false),
            ]),
        )?;
        let mentions = Table::create(
            dir,
            "mentions",
            &with_key(&[[("entity", Str, false), ("text", Str, false)].as_slice(), &OFFSETS].concat()),
        )?;
        let amounts = Table::create(
            dir,
            "amounts",
            &with_key(
                &[
                    [
                        ("kind", Str, false),
                        ("text", Str, false),
                        ("value", Str, true),
                        ("min", Str, true),
                        ("max", Str, true),
                        ("currency", Str, true),
                        ("currency_inferred", Bool, false),
                        ("qualifier", Str, true),
                    ]
                    .as_slice(),
                    &OFFSETS,
                ]
                .concat(),
            ),
        )?;
        let quotes = Table::create(
            dir,
            "quotes",
            &with_key(
                &[
                    [
                        ("text", Str, false),
                        ("kind", Str, false),
                        ("speaker", Str, true),
                        ("speaker_entity", Str, true),
                        ("speaker_text", Str, true),
                        ("cue", Str, true),
                    ]
                    .as_slice(),
                    &OFFSETS,
                ]
                .concat(),
            ),
        )?;
        Ok(ParquetSink { documents, entities, mentions, amounts, quotes, next_doc: 0 })
    }

    /// Adds the rows of a chunk of processed documents.
    pub fn write(&mut self, done: &[Done]) -> Result<(), Error> {
        for d in done {
            let n = self.next_doc;
            self.next_doc += 1;
            let input = &d.input;
            let id = input.id.as_deref();
            let meta = |k: &str| -> Option<String> {
                match input.meta.get(k)? {
                    Value::Null => None,
                    Value::String(s) => Some(s.clone()),
                    other => Some(other.to_string()),
                }
            };
            let (title, date, url) = (meta("title"), meta("date"), meta("url"));
            let doc = d.doc.as_ref();
            let lang = doc.and_then(|d| d.lang).map(|l| l.code());
            let count = |n: Option<usize>| Cell::Int(Some(n.unwrap_or(0) as i64));
            self.documents.push(&[
                Cell::Int(Some(n)),
                Cell::Str(id),
                Cell::Str(Some(&input.source)),
                Cell::Int(input.line.map(|l| l as i64)),
                Cell::Str(lang),
                Cell::Str(title.as_deref()),
                Cell::Str(date.as_deref()),
                Cell::Str(url.as_deref()),
                Cell::Str(input.body.as_ref().err().map(String::as_str)),
                count(doc.map(|d| d.entities.len())),
                count(doc.map(|d| d.amounts.len())),
                count(doc.map(|d| d.quotes.len())),
            ])?;
            let Some(doc) = doc else { continue };
            let offsets =
                |s: usize, e: usize, cs: usize, ce: usize| [s, e, cs, ce].map(|v| Cell::Int(Some(v as i64)));
            for e in &doc.entities {
                let roles = serde_json::to_string(&e.roles).unwrap_or_else(|_| "[]".into());
                let kind = label(&e.kind);
                self.entities.push(&[
                    Cell::Int(Some(n)),
                    Cell::Str(id),
                    Cell::Str(Some(&e.id)),
                    Cell::Str(Some(&e.name)),
                    Cell::Str(Some(&kind)),
                    Cell::Str(e.wikidata.as_deref()),
                    Cell::Str(Some(&roles)),
                    Cell::Int(Some(e.mentions.len() as i64)),
                ])?;
                for m in &e.mentions {
                    let [a, b, c, d] = offsets(m.start, m.end, m.char_start, m.char_end);
                    self.mentions.push(&[
                        Cell::Int(Some(n)),
                        Cell::Str(id),
                        Cell::Str(Some(&e.id)),
                        Cell::Str(Some(&m.text)),
                        a,
                        b,
                        c,
                        d,
                    ])?;
                }
            }
            for a in &doc.amounts {
                let kind = label(&a.kind);
                let qualifier = a.qualifier.as_ref().map(label);
                let [s, e, cs, ce] = offsets(a.start, a.end, a.char_start, a.char_end);
                self.amounts.push(&[
                    Cell::Int(Some(n)),
                    Cell::Str(id),
                    Cell::Str(Some(&kind)),
                    Cell::Str(Some(&a.text)),
                    Cell::Str(a.value.as_deref()),
                    Cell::Str(a.min.as_deref()),
                    Cell::Str(a.max.as_deref()),
                    Cell::Str(a.currency.as_deref()),
                    Cell::Bool(a.currency_inferred),
                    Cell::Str(qualifier.as_deref()),
                    s,
                    e,
                    cs,
                    ce,
                ])?;
            }
            for q in &doc.quotes {
                let kind = label(&q.kind);
                let [s, e, cs, ce] = offsets(q.start, q.end, q.char_start, q.char_end);
                self.quotes.push(&[
                    Cell::Int(Some(n)),
                    Cell::Str(id),
                    Cell::Str(Some(&q.text)),
                    Cell::Str(Some(&kind)),
                    Cell::Str(q.speaker.as_deref()),
                    Cell::Str(q.speaker_entity.as_deref()),
                    Cell::Str(q.speaker_mention.as_ref().map(|m| m.text.as_str())),
                    Cell::Str(q.cue.as_ref().map(|c| c.text.as_str())),
                    s,
                    e,
                    cs,
                    ce,
                ])?;
            }
        }
        Ok(())
    }

    /// Writes the last row groups and the files' footers.
    pub fn finish(self) -> Result<(), Error> {
        self.documents.finish()?;
        self.entities.finish()?;
        self.mentions.finish()?;
        self.amounts.finish()?;
        self.quotes.finish()
    }
}

/// The JSON name of an enum value ("person", "money", "more_than").
fn label<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}
