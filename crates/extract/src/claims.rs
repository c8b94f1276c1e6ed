//! Claims of responsibility, accusations, denials, condemnations. (Being written.)
use factline_model::{Claim, CleanText};

/// Every claim of the text, deduplicated, in order of appearance.
pub fn extract_claims(_text: &CleanText) -> Vec<Claim> {
    Vec::new()
}
