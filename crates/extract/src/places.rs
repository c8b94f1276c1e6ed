//! Places. (Being written.)
use factline_model::CleanText;

/// A gazetteer of countries, regions and cities.
pub struct Gazetteer {}

impl Gazetteer {
    /// The gazetteer bundled with factline.
    pub fn bundled() -> Self {
        Gazetteer {}
    }
    /// Places the text names as where the event happened, most prominent first.
    pub fn event_places(&self, _text: &CleanText) -> Vec<String> {
        Vec::new()
    }
}
