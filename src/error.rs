//! The crate's one error type.

use std::fmt;
use std::path::PathBuf;

/// An error from building an [`Extractor`](crate::Extractor) with custom data,
/// from parsing a language code, or from I/O in the batch tools.
///
/// Extraction itself never fails: [`Extractor::extract`](crate::Extractor::extract)
/// accepts any `&str`.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// A data file (built-in or supplied by the caller) could not be parsed.
    Data {
        /// Which data: a file name such as `data/money/nl.toml` or `custom knowledge base`.
        source_name: String,
        /// The 1-based line where the problem is, when known.
        line: Option<usize>,
        /// What is wrong.
        message: String,
    },
    /// A string is not one of the 24 supported ISO 639-1 codes.
    UnknownLanguage(String),
    /// Reading or writing a file failed.
    Io {
        /// The file concerned, when there is one.
        path: Option<PathBuf>,
        /// The underlying error.
        source: std::io::Error,
    },
}

impl Error {
    pub(crate) fn data(
        source_name: impl Into<String>,
        line: Option<usize>,
        message: impl Into<String>,
    ) -> Error {
        Error::Data { source_name: source_name.into(), line, message: message.into() }
    }

    /// Wraps an I/O error, naming the file it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io { path: Some(path.into()), source }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Data { source_name, line: Some(line), message } => {
                write!(f, "{source_name}, line {line}: {message}")
            }
            Error::Data { source_name, line: None, message } => write!(f, "{source_name}: {message}"),
            Error::UnknownLanguage(code) => write!(
                f,
                "unknown language code {code:?}: expected one of the 24 EU ISO 639-1 codes (bg cs da de el en es et fi fr ga hr hu it lt lv mt nl pl pt ro sk sl sv)"
            ),
            Error::Io { path: Some(path), source } => write!(f, "{}: {source}", path.display()),
            Error::Io { path: None, source } => write!(f, "{source}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(source: std::io::Error) -> Error {
        Error::Io { path: None, source }
    }
}
