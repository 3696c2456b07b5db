//! The Python module `newsx` (feature `python`, built with maturin).
//!
//! The compiled part is `newsx._newsx`; `python/newsx/__init__.py` re-exports
//! it. Records are turned into Python objects by a serde serializer, so a
//! Python record has exactly the fields and values of the CLI's JSON record
//! (with `"id": None`). Its `char_start`/`char_end` are code-point offsets,
//! which index a Python `str` directly.
//!
//! The GIL is released while text is extracted, and [`Extractor::extract_many`]
//! runs on a rayon pool built for the call, so nothing here survives a
//! `fork()` in a broken state: a forked child builds its own threads.

use std::borrow::Cow;
use std::fmt;
use std::sync::{Mutex, OnceLock};

use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyList, PyString, PyTuple};
use pyo3::IntoPyObjectExt;
use rayon::prelude::*;
use serde::ser::{self, Serialize};

use crate::extract::{in_language_order, STAGEWISE_GROUP};
use crate::{Document, Error, Extractor as RsExtractor, Language};

create_exception!(
    newsx,
    NewsxError,
    PyValueError,
    "A wrong argument: an unknown language code, a value of the wrong type, a thread count below 1, \
     or a knowledge base that cannot be read or parsed."
);

fn newsx_error(msg: impl Into<String>) -> PyErr {
    NewsxError::new_err(msg.into())
}

/// The options an [`Extractor`] was built with; enough to build it again
/// (pickling sends these).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Options {
    entities: bool,
    amounts: bool,
    quotes: bool,
    detect_language: bool,
    fallback_language: Option<Language>,
    /// `(source name, JSON Lines text)` of each added knowledge base.
    knowledge_base: Vec<(String, String)>,
}

impl Options {
    fn build(&self, py: Python<'_>) -> PyResult<RsExtractor> {
        let mut builder = RsExtractor::builder()
            .entities(self.entities)
            .amounts(self.amounts)
            .quotes(self.quotes)
            .detect_language(self.detect_language)
            .fallback_language(self.fallback_language);
        for (name, jsonl) in &self.knowledge_base {
            builder = builder.knowledge_base(name.clone(), jsonl.clone());
        }
        py.allow_threads(|| builder.build()).map_err(|e| newsx_error(e.to_string()))
    }
}

/// Reads news text and returns its entities, amounts and quotes.
#[pyclass(module = "newsx", name = "Extractor", frozen)]
struct Extractor {
    inner: RsExtractor,
    options: Options,
}

#[pymethods]
impl Extractor {
    #[new]
    #[pyo3(signature = (*, entities=None, amounts=None, quotes=None, detect_language=None, fallback_language=None, knowledge_base=None))]
    fn new(
        py: Python<'_>,
        entities: Option<&Bound<'_, PyAny>>,
        amounts: Option<&Bound<'_, PyAny>>,
        quotes: Option<&Bound<'_, PyAny>>,
        detect_language: Option<&Bound<'_, PyAny>>,
        fallback_language: Option<&Bound<'_, PyAny>>,
        knowledge_base: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Extractor> {
        let options = Options {
            entities: flag("entities", entities)?,
            amounts: flag("amounts", amounts)?,
            quotes: flag("quotes", quotes)?,
            detect_language: flag("detect_language", detect_language)?,
            fallback_language: language("fallback_language", fallback_language)?,
            knowledge_base: knowledge_bases(knowledge_base)?,
        };
        Ok(Extractor { inner: options.build(py)?, options })
    }

    /// Extracts one text; returns its record as a dict.
    #[pyo3(signature = (text, lang=None))]
    fn extract<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
        lang: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        extract_one(py, &self.inner, text, lang)
    }

    /// Extracts many texts in parallel with the GIL released; returns their
    /// records in input order.
    #[pyo3(signature = (texts, langs=None, threads=None))]
    fn extract_many<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        langs: Option<&Bound<'py, PyAny>>,
        threads: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyList>> {
        if texts.is_instance_of::<PyString>() || texts.is_instance_of::<PyBytes>() {
            return Err(newsx_error(format!(
                "texts must be an iterable of str, not a single {}",
                type_name(texts)
            )));
        }
        let items: Vec<Bound<'py, PyAny>> = texts
            .try_iter()
            .map_err(|_| newsx_error(format!("texts must be an iterable of str, not {}", type_name(texts))))?
            .collect::<PyResult<_>>()?;
        let strs: Vec<Cow<'_, str>> = items
            .iter()
            .enumerate()
            .map(|(i, t)| text_of(t, || format!("texts[{i}]")))
            .collect::<PyResult<_>>()?;
        let langs = languages_for(langs, strs.len())?;
        let threads = thread_count(threads)?.min(strs.len()).max(1);
        let pool = match threads {
            1 => None,
            n => Some(
                rayon::ThreadPoolBuilder::new()
                    .num_threads(n)
                    .thread_name(|i| format!("newsx-{i}"))
                    .build()
                    .map_err(|e| newsx_error(format!("cannot start {n} threads: {e}")))?,
            ),
        };
        let ex = &self.inner;
        // Each text's language is settled first, so that the texts can be
        // extracted grouped by language (faster on mixed collections).
        fn settle<'t>(
            ex: &RsExtractor,
            (t, l): (&'t Cow<'_, str>, &Option<Language>),
        ) -> (&'t str, Option<Language>) {
            (t, ex.language_of(t, *l))
        }
        let mut records = Vec::with_capacity(strs.len());
        // In chunks, so that Ctrl-C is seen between them and at most one
        // chunk of Rust records is held besides the Python ones.
        for (texts, langs) in strs.chunks(CHUNK_DOCS).zip(langs.chunks(CHUNK_DOCS)) {
            let docs: Vec<Document> = py.allow_threads(|| match &pool {
                None => {
                    let items = texts.iter().zip(langs).map(|x| settle(ex, x)).collect();
                    in_language_order(
                        items,
                        |&(_, l)| l,
                        |items: Vec<_>| {
                            items.chunks(STAGEWISE_GROUP).flat_map(|g| ex.extract_stagewise(g)).collect()
                        },
                    )
                }
                Some(pool) => pool.install(|| {
                    let items = texts.par_iter().zip(langs.par_iter()).map(|x| settle(ex, x)).collect();
                    in_language_order(
                        items,
                        |&(_, l)| l,
                        |items: Vec<_>| {
                            let groups: Vec<Vec<Document>> = items
                                .par_chunks(STAGEWISE_GROUP)
                                .with_max_len(1)
                                .map(|g| ex.extract_stagewise(g))
                                .collect();
                            groups.into_iter().flatten().collect()
                        },
                    )
                }),
            });
            for d in &docs {
                records.push(to_py(py, d)?);
            }
            py.check_signals()?;
        }
        PyList::new(py, records)
    }

    /// The language of `text` as an ISO 639-1 code, or None when the evidence is too thin.
    fn identify_language(&self, text: &Bound<'_, PyAny>) -> PyResult<Option<&'static str>> {
        let t = text_of(text, || "text".to_string())?;
        Ok(text.py().allow_threads(|| self.inner.detect_language(&t)).map(Language::code))
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let o = &self.options;
        let kb = PyList::new(py, o.knowledge_base.iter().map(|(n, t)| (n.as_str(), t.as_str())))?;
        let args =
            (o.entities, o.amounts, o.quotes, o.detect_language, o.fallback_language.map(Language::code), kb)
                .into_pyobject(py)?;
        Ok((py.import("newsx")?.getattr("_rebuild")?, args))
    }

    fn __repr__(&self) -> String {
        let o = &self.options;
        let py_bool = |b: bool| if b { "True" } else { "False" };
        let fallback = o.fallback_language.map_or("None".to_string(), |l| format!("'{}'", l.code()));
        let kb = if o.knowledge_base.is_empty() {
            "None".to_string()
        } else {
            let names: Vec<String> = o.knowledge_base.iter().map(|(n, _)| format!("{n:?}")).collect();
            format!("[{}]", names.join(", "))
        };
        format!(
            "newsx.Extractor(entities={}, amounts={}, quotes={}, detect_language={}, fallback_language={fallback}, knowledge_base={kb})",
            py_bool(o.entities),
            py_bool(o.amounts),
            py_bool(o.quotes),
            py_bool(o.detect_language),
        )
    }
}

/// Documents `extract_many` extracts between two looks at Python's signals.
const CHUNK_DOCS: usize = 1024;

/// Extractors rebuilt by unpickling, one per set of options in this process:
/// a Spark or multiprocessing worker that receives the same extractor with
/// every task builds it once.
static REBUILT: Mutex<Vec<(Options, Py<Extractor>)>> = Mutex::new(Vec::new());
const REBUILT_MAX: usize = 8;

/// Builds an extractor from pickled options, or returns the one this process
/// already built from the same options.
#[pyfunction]
#[pyo3(name = "_rebuild", signature = (entities, amounts, quotes, detect_language, fallback_language, knowledge_base))]
fn rebuild(
    py: Python<'_>,
    entities: bool,
    amounts: bool,
    quotes: bool,
    detect_language: bool,
    fallback_language: Option<&Bound<'_, PyAny>>,
    knowledge_base: Vec<(String, String)>,
) -> PyResult<Py<Extractor>> {
    let options = Options {
        entities,
        amounts,
        quotes,
        detect_language,
        fallback_language: language("fallback_language", fallback_language)?,
        knowledge_base,
    };
    let cached = |py| {
        let rebuilt = REBUILT.lock().unwrap_or_else(|e| e.into_inner());
        rebuilt.iter().find(|(o, _)| *o == options).map(|(_, ex)| ex.clone_ref(py))
    };
    if let Some(ex) = cached(py) {
        return Ok(ex);
    }
    // Built without holding the lock: building releases the GIL.
    let ex = Py::new(py, Extractor { inner: options.build(py)?, options: options.clone() })?;
    let mut rebuilt = REBUILT.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, ex)) = rebuilt.iter().find(|(o, _)| *o == options) {
        return Ok(ex.clone_ref(py));
    }
    if rebuilt.len() >= REBUILT_MAX {
        rebuilt.remove(0);
    }
    rebuilt.push((options, ex.clone_ref(py)));
    Ok(ex)
}

/// The extractor with default options shared by the module-level `extract`.
static DEFAULT: OnceLock<RsExtractor> = OnceLock::new();

/// Extracts one text with a shared extractor with default options.
#[pyfunction]
#[pyo3(signature = (text, lang=None))]
fn extract<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyAny>,
    lang: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let ex = py.allow_threads(|| DEFAULT.get_or_init(RsExtractor::new));
    extract_one(py, ex, text, lang)
}

/// The supported languages: ISO 639-1 code → English name, in code order.
#[pyfunction]
fn languages(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
    let out = PyDict::new(py);
    for l in Language::ALL {
        out.set_item(l.code(), l.name())?;
    }
    Ok(out)
}

/// The record of a document given as the CLI's JSON, converted as
/// `extract` converts its records: lets the tests check the conversion on
/// records with every field set, whatever the extraction stages find.
#[pyfunction]
#[pyo3(name = "_document_from_json")]
fn document_from_json<'py>(py: Python<'py>, json: &str) -> PyResult<Bound<'py, PyAny>> {
    let doc: Document =
        serde_json::from_str(json).map_err(|e| newsx_error(format!("not a document record: {e}")))?;
    to_py(py, &doc)
}

/// The compiled part of the `newsx` package.
#[pymodule]
#[pyo3(name = "_newsx")]
fn newsx_module(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Extractor>()?;
    m.add_function(wrap_pyfunction!(extract, m)?)?;
    m.add_function(wrap_pyfunction!(languages, m)?)?;
    m.add_function(wrap_pyfunction!(rebuild, m)?)?;
    m.add_function(wrap_pyfunction!(document_from_json, m)?)?;
    m.add("NewsxError", m.py().get_type::<NewsxError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}

fn extract_one<'py>(
    py: Python<'py>,
    ex: &RsExtractor,
    text: &Bound<'py, PyAny>,
    lang: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let lang = language("lang", lang)?;
    let text = text_of(text, || "text".to_string())?;
    let doc = py.allow_threads(|| ex.extract(&text, lang));
    to_py(py, &doc)
}

fn type_name(v: &Bound<'_, PyAny>) -> String {
    v.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "object".to_string())
}

/// A bool option; None means the default (on).
fn flag(name: &str, v: Option<&Bound<'_, PyAny>>) -> PyResult<bool> {
    match v {
        None => Ok(true),
        Some(v) if v.is_none() => Ok(true),
        Some(v) => v
            .downcast::<PyBool>()
            .map(|b| b.is_true())
            .map_err(|_| newsx_error(format!("{name} must be True or False, not {}", type_name(v)))),
    }
}

/// A language argument: None, or one of the 24 ISO 639-1 codes.
fn language(name: &str, v: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Language>> {
    let Some(v) = v.filter(|v| !v.is_none()) else { return Ok(None) };
    let code = v.downcast::<PyString>().map_err(|_| {
        newsx_error(format!("{name} must be an ISO 639-1 code (str) or None, not {}", type_name(v)))
    })?;
    let code = code.to_cow()?;
    Language::from_iso_code(&code)
        .map(Some)
        .ok_or_else(|| newsx_error(format!("{name}: {}", Error::UnknownLanguage(code.into_owned()))))
}

/// The languages of `n` texts: None, one code for all, or one code (or None) per text.
fn languages_for(v: Option<&Bound<'_, PyAny>>, n: usize) -> PyResult<Vec<Option<Language>>> {
    let Some(v) = v.filter(|v| !v.is_none()) else { return Ok(vec![None; n]) };
    if v.is_instance_of::<PyString>() {
        return Ok(vec![language("langs", Some(v))?; n]);
    }
    let langs: Vec<Option<Language>> = v
        .try_iter()
        .map_err(|_| {
            newsx_error(format!(
                "langs must be None, a language code, or an iterable of codes (or None), not {}",
                type_name(v)
            ))
        })?
        .enumerate()
        .map(|(i, l)| language(&format!("langs[{i}]"), Some(&l?)))
        .collect::<PyResult<_>>()?;
    if langs.len() != n {
        return Err(newsx_error(format!("langs has {} items but texts has {n}", langs.len())));
    }
    Ok(langs)
}

/// Worker threads for `extract_many`: None means one per core.
fn thread_count(v: Option<&Bound<'_, PyAny>>) -> PyResult<usize> {
    let Some(v) = v.filter(|v| !v.is_none()) else {
        return Ok(std::thread::available_parallelism().map_or(1, |n| n.get()));
    };
    let bad = || {
        newsx_error(format!(
            "threads must be None or an int of at least 1, not {}",
            v.repr().map_or_else(|_| type_name(v), |r| r.to_string())
        ))
    };
    if v.is_instance_of::<PyBool>() {
        return Err(bad());
    }
    let n: i64 = v.extract().map_err(|_| bad())?;
    if n < 1 {
        return Err(bad());
    }
    Ok(usize::try_from(n).unwrap_or(usize::MAX).min(1024))
}

/// The text of a `str` argument, borrowed when it is valid UTF-8.
///
/// A `str` with lone surrogates (which no decoded UTF-8 text has) is read
/// with each surrogate replaced by U+FFFD: one code point for one, so the
/// records' char offsets still index the original string.
fn text_of<'a>(v: &'a Bound<'_, PyAny>, name: impl Fn() -> String) -> PyResult<Cow<'a, str>> {
    let s = v.downcast::<PyString>().map_err(|_| {
        let hint = if v.is_instance_of::<PyBytes>() { " (decode it first)" } else { "" };
        newsx_error(format!("{} must be str, not {}{hint}", name(), type_name(v)))
    })?;
    if let Ok(t) = s.to_str() {
        return Ok(Cow::Borrowed(t));
    }
    let utf32 = s.call_method1("encode", ("utf-32-le", "surrogatepass"))?;
    let bytes = utf32.downcast::<PyBytes>()?.as_bytes();
    Ok(Cow::Owned(
        bytes
            .chunks_exact(4)
            .map(|c| char::from_u32(u32::from_le_bytes([c[0], c[1], c[2], c[3]])).unwrap_or('\u{FFFD}'))
            .collect(),
    ))
}

/// Knowledge bases: None, a path, or a list of paths and `(name, jsonl_text)` pairs.
fn knowledge_bases(v: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<(String, String)>> {
    let Some(v) = v.filter(|v| !v.is_none()) else { return Ok(Vec::new()) };
    if let Some(one) = kb_path(v)? {
        return Ok(vec![one]);
    }
    let items = v.try_iter().map_err(|_| {
        newsx_error(format!(
            "knowledge_base must be a path, or a list of paths and (name, jsonl_text) pairs, not {}",
            type_name(v)
        ))
    })?;
    let mut out = Vec::new();
    for (i, item) in items.enumerate() {
        let item = item?;
        if let Some(one) = kb_path(&item)? {
            out.push(one);
        } else if let Ok((name, text)) =
            item.downcast::<PyTuple>().map_err(PyErr::from).and_then(|t| t.extract::<(String, String)>())
        {
            out.push((name, text));
        } else {
            return Err(newsx_error(format!(
                "knowledge_base[{i}] must be a path or a (name, jsonl_text) tuple of two str, not {}",
                type_name(&item)
            )));
        }
    }
    Ok(out)
}

/// `(path, contents)` of a knowledge-base file, when `v` is a path (`str` or `os.PathLike`).
fn kb_path(v: &Bound<'_, PyAny>) -> PyResult<Option<(String, String)>> {
    if !v.is_instance_of::<PyString>() && !v.hasattr("__fspath__")? {
        return Ok(None);
    }
    let path = v.py().import("os")?.call_method1("fspath", (v,))?;
    let path: String =
        path.extract().map_err(|_| newsx_error("knowledge_base paths must be str, not bytes"))?;
    let text = std::fs::read_to_string(&path)
        .map_err(|e| newsx_error(format!("knowledge_base: cannot read {path}: {e}")))?;
    Ok(Some((path, text)))
}

/// A record as Python objects: dicts, lists, str, int, float, bool and None.
fn to_py<'py, T: Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    value.serialize(PySerializer { py }).map_err(|e| e.0)
}

/// A serde serializer that builds Python objects, field order kept.
#[derive(Clone, Copy)]
struct PySerializer<'py> {
    py: Python<'py>,
}

struct SerError(PyErr);

impl fmt::Debug for SerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for SerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl std::error::Error for SerError {}

impl ser::Error for SerError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        SerError(newsx_error(msg.to_string()))
    }
}

impl From<PyErr> for SerError {
    fn from(e: PyErr) -> Self {
        SerError(e)
    }
}

type SerResult<'py> = Result<Bound<'py, PyAny>, SerError>;

impl<'py> PySerializer<'py> {
    fn any<T: IntoPyObjectExt<'py>>(self, v: T) -> SerResult<'py> {
        Ok(v.into_bound_py_any(self.py)?)
    }

    /// `{variant: value}`, serde's external tagging.
    fn tagged(self, variant: &'static str, value: Bound<'py, PyAny>) -> SerResult<'py> {
        let d = PyDict::new(self.py);
        d.set_item(PyString::intern(self.py, variant), value)?;
        Ok(d.into_any())
    }
}

impl<'py> ser::Serializer for PySerializer<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = SerError;
    type SerializeSeq = SeqSer<'py>;
    type SerializeTuple = SeqSer<'py>;
    type SerializeTupleStruct = SeqSer<'py>;
    type SerializeTupleVariant = SeqSer<'py>;
    type SerializeMap = MapSer<'py>;
    type SerializeStruct = MapSer<'py>;
    type SerializeStructVariant = MapSer<'py>;

    fn serialize_bool(self, v: bool) -> SerResult<'py> {
        self.any(v)
    }
    fn serialize_i8(self, v: i8) -> SerResult<'py> {
        self.any(v)
    }
    fn serialize_i16(self, v: i16) -> SerResult<'py> {
        self.any(v)
    }
    fn serialize_i32(self, v: i32) -> SerResult<'py> {
        self.any(v)
    }
    fn serialize_i64(self, v: i64) -> SerResult<'py> {
        self.any(v)
    }
    fn serialize_u8(self, v: u8) -> SerResult<'py> {
        self.any(v)
    }
    fn serialize_u16(self, v: u16) -> SerResult<'py> {
        self.any(v)
    }
    fn serialize_u32(self, v: u32) -> SerResult<'py> {
        self.any(v)
    }
    fn serialize_u64(self, v: u64) -> SerResult<'py> {
        self.any(v)
    }
    fn serialize_f32(self, v: f32) -> SerResult<'py> {
        self.any(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> SerResult<'py> {
        self.any(v)
    }
    fn serialize_char(self, v: char) -> SerResult<'py> {
        self.any(v)
    }
    fn serialize_str(self, v: &str) -> SerResult<'py> {
        Ok(PyString::new(self.py, v).into_any())
    }
    fn serialize_bytes(self, v: &[u8]) -> SerResult<'py> {
        Ok(PyBytes::new(self.py, v).into_any())
    }
    fn serialize_none(self) -> SerResult<'py> {
        Ok(self.py.None().into_bound(self.py))
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> SerResult<'py> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> SerResult<'py> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> SerResult<'py> {
        self.serialize_none()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> SerResult<'py> {
        Ok(PyString::intern(self.py, variant).into_any())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> SerResult<'py> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> SerResult<'py> {
        let v = value.serialize(self)?;
        self.tagged(variant, v)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<SeqSer<'py>, SerError> {
        Ok(SeqSer { ser: self, items: Vec::with_capacity(len.unwrap_or(0)), variant: None })
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqSer<'py>, SerError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<SeqSer<'py>, SerError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<SeqSer<'py>, SerError> {
        Ok(SeqSer { ser: self, items: Vec::with_capacity(len), variant: Some(variant) })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<MapSer<'py>, SerError> {
        Ok(MapSer { ser: self, dict: PyDict::new(self.py), key: None, variant: None })
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<MapSer<'py>, SerError> {
        self.serialize_map(None)
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<MapSer<'py>, SerError> {
        Ok(MapSer { ser: self, dict: PyDict::new(self.py), key: None, variant: Some(variant) })
    }
}

/// Builds a list (JSON arrays, tuples included, become lists).
struct SeqSer<'py> {
    ser: PySerializer<'py>,
    items: Vec<Bound<'py, PyAny>>,
    variant: Option<&'static str>,
}

impl<'py> SeqSer<'py> {
    fn push<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), SerError> {
        self.items.push(value.serialize(self.ser)?);
        Ok(())
    }

    fn finish(self) -> SerResult<'py> {
        let list = PyList::new(self.ser.py, self.items)?.into_any();
        match self.variant {
            Some(v) => self.ser.tagged(v, list),
            None => Ok(list),
        }
    }
}

impl<'py> ser::SerializeSeq for SeqSer<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = SerError;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), SerError> {
        self.push(value)
    }
    fn end(self) -> SerResult<'py> {
        self.finish()
    }
}

impl<'py> ser::SerializeTuple for SeqSer<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = SerError;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), SerError> {
        self.push(value)
    }
    fn end(self) -> SerResult<'py> {
        self.finish()
    }
}

impl<'py> ser::SerializeTupleStruct for SeqSer<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = SerError;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), SerError> {
        self.push(value)
    }
    fn end(self) -> SerResult<'py> {
        self.finish()
    }
}

impl<'py> ser::SerializeTupleVariant for SeqSer<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = SerError;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), SerError> {
        self.push(value)
    }
    fn end(self) -> SerResult<'py> {
        self.finish()
    }
}

/// Builds a dict; struct field names are interned.
struct MapSer<'py> {
    ser: PySerializer<'py>,
    dict: Bound<'py, PyDict>,
    key: Option<Bound<'py, PyAny>>,
    variant: Option<&'static str>,
}

impl<'py> MapSer<'py> {
    fn field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result<(), SerError> {
        let v = value.serialize(self.ser)?;
        self.dict.set_item(PyString::intern(self.ser.py, key), v)?;
        Ok(())
    }

    fn finish(self) -> SerResult<'py> {
        let dict = self.dict.into_any();
        match self.variant {
            Some(v) => self.ser.tagged(v, dict),
            None => Ok(dict),
        }
    }
}

impl<'py> ser::SerializeMap for MapSer<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = SerError;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), SerError> {
        self.key = Some(key.serialize(self.ser)?);
        Ok(())
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), SerError> {
        let key =
            self.key.take().ok_or_else(|| <SerError as ser::Error>::custom("map value without a key"))?;
        self.dict.set_item(key, value.serialize(self.ser)?)?;
        Ok(())
    }
    fn end(self) -> SerResult<'py> {
        self.finish()
    }
}

impl<'py> ser::SerializeStruct for MapSer<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = SerError;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), SerError> {
        self.field(key, value)
    }
    fn end(self) -> SerResult<'py> {
        self.finish()
    }
}

impl<'py> ser::SerializeStructVariant for MapSer<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = SerError;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), SerError> {
        self.field(key, value)
    }
    fn end(self) -> SerResult<'py> {
        self.finish()
    }
}
