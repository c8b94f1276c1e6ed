//! Casualty figures. (Being written.)
use factline_model::{CleanText, Figure};

/// Every casualty figure of the text, deduplicated, in order of appearance.
pub fn extract_figures(_text: &CleanText) -> Vec<Figure> {
    Vec::new()
}
