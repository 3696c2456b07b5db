//! Named entities: knowledge-base matching, unknown names, and coreference.

use crate::error::Error;
use crate::extract::Context;
use crate::record::Entity;

/// Finds named entities; holds the knowledge base's automaton.
#[derive(Debug, Default)]
pub(crate) struct EntityRecognizer {}

impl EntityRecognizer {
    /// Builds the recognizer from the built-in knowledge base plus `extra`
    /// (source name, JSON Lines text) entries.
    pub fn new(_extra: &[(String, String)]) -> Result<EntityRecognizer, Error> {
        Ok(EntityRecognizer {})
    }

    /// The entities of `ctx.text`, in order of first mention, ids "e0", "e1", ...
    pub fn extract(&self, _ctx: &Context<'_>) -> Vec<Entity> {
        Vec::new()
    }
}
