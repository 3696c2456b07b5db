//! # newsx
//!
//! newsx reads news articles in any of the 24 official EU languages and
//! returns structured records of what they contain:
//!
//! - **named entities** (people, organisations, places, events, programmes),
//!   one canonical entity per real-world thing, with every mention, roles and
//!   a Wikidata ID where known;
//! - **money amounts and percentages**, with exact decimal values, ISO 4217
//!   currencies, qualifiers and ranges ("ruim 200 miljard euro" →
//!   `200000000000` EUR, more than);
//! - **quotes**: the words, their kind, the cue and the speaker resolved to
//!   an entity.
//!
//! ```
//! use newsx::{Extractor, Language};
//!
//! let ex = Extractor::new();
//! let doc = ex.extract("‘We gaan door’, zegt minister Jan de Vries.", Some(Language::Dutch));
//! for q in &doc.quotes {
//!     println!("{} — {:?}", q.text, q.speaker);
//! }
//! // Every span slices the input at its byte offsets.
//! let text = "‘We gaan door’, zegt minister Jan de Vries.";
//! for q in &doc.quotes {
//!     assert_eq!(&text[q.start..q.end], q.text);
//! }
//! ```
//!
//! Build one [`Extractor`] and share it: it is `Send + Sync`, and
//! [`Extractor::extract`] never fails and never panics, whatever the text.
//! Only building with custom data returns an [`Error`].
//!
//! ## Offsets
//! Every record carries UTF-8 byte offsets (`start`, `end`) and Unicode
//! code-point offsets (`char_start`, `char_end`), end-exclusive.
//!
//! ## Crate features
//! - `cli` (default): the `newsx` command-line tool.
//! - `parallel` (default): parallel batch processing with rayon.
//! - `python`: the Python module (built with maturin; see README).
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod batch;
mod entity;
mod error;
mod extract;
mod json;
mod lang;
mod money;
#[cfg(feature = "python")]
mod python;
mod quote;
mod record;
mod segment;

#[cfg(feature = "parquet")]
pub use batch::run_batch_parquet;
pub use batch::{input_size, run_batch, BatchOptions, BatchSummary, Resume};
pub use error::Error;
pub use extract::{Extractor, ExtractorBuilder};
pub use lang::Language;
pub use record::{Amount, AmountKind, Document, Entity, EntityType, Qualifier, Quote, QuoteKind, Span};
#[doc(hidden)]
pub use segment::segment_counts;
