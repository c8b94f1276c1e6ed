//! One analysis of a cleaned text that every extractor reads: the body in ASCII lowercase
//! (same byte offsets) and the tokens of each sentence, cut once. Before it, one article
//! was tokenised by each extractor in turn.

use factline_model::CleanText;

use crate::numbers::Toks;
use crate::tokens::{Token, tokenize};

pub struct Analysis<'a> {
    pub text: &'a CleanText,
    pub body: &'a str,
    /// `body.to_ascii_lowercase()`.
    pub lower: String,
    /// Tokens of each sentence; empty for a sentence span that does not hold in the body.
    sentences: Vec<Vec<Token<'a>>>,
}

impl<'a> Analysis<'a> {
    pub fn new(text: &'a CleanText) -> Self {
        let body = text.body.as_str();
        let sentences = text
            .sentences
            .iter()
            .map(|&s| {
                if text.holds(s) {
                    tokenize(body, s.start, s.end)
                } else {
                    Vec::new()
                }
            })
            .collect();
        Analysis {
            text,
            body,
            lower: body.to_ascii_lowercase(),
            sentences,
        }
    }

    /// The tokens of sentence `si` (empty past the end).
    pub fn tokens(&self, si: usize) -> &[Token<'a>] {
        self.sentences.get(si).map_or(&[], Vec::as_slice)
    }

    /// The tokens of sentence `si` with their lowercase text, as the figure rules read them.
    pub fn toks(&self, si: usize) -> Toks<'_> {
        Toks::borrowed(self.tokens(si), &self.lower)
    }

    /// The lowercase text of a sentence (empty when the span does not hold).
    pub fn lower_sentence(&self, si: usize) -> &str {
        match self.text.sentences.get(si) {
            Some(&s) if self.text.holds(s) => &self.lower[s.start..s.end],
            _ => "",
        }
    }
}
