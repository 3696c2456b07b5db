//! Quotes and their speakers.

use crate::extract::Context;
use crate::record::{Entity, Quote};

/// Finds quotes and resolves their speakers to `entities`.
#[derive(Debug, Default)]
pub(crate) struct QuoteExtractor {}

impl QuoteExtractor {
    pub fn new() -> QuoteExtractor {
        QuoteExtractor {}
    }

    /// The quotes in `ctx.text`, in text order. May add mentions or roles to
    /// `entities` (a speaker named only at the quote).
    pub fn extract(&self, _ctx: &Context<'_>, _entities: &mut Vec<Entity>) -> Vec<Quote> {
        Vec::new()
    }
}
