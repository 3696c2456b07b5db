//! Money amounts, percentages and numbers.

use crate::extract::Context;
use crate::record::Amount;

/// Finds money amounts, percentages and numbers.
#[derive(Debug, Default)]
pub(crate) struct MoneyExtractor {}

impl MoneyExtractor {
    pub fn new() -> MoneyExtractor {
        MoneyExtractor {}
    }

    /// The amounts in `ctx.text`, in text order, with byte offsets.
    pub fn extract(&self, _ctx: &Context<'_>) -> Vec<Amount> {
        Vec::new()
    }
}
