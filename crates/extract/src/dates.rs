//! Event date. (Being written.)
use factline_model::{CleanText, Date};

/// The date the article's event happened, when the text gives it.
pub fn event_date(_text: &CleanText, _published: Date) -> Option<Date> {
    None
}
