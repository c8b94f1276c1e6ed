//! English stemming with a memo of recent words. News text repeats its vocabulary, and
//! running the stemmer on every occurrence again was the largest part of indexing (about a
//! third of the index's time on generated news). The stems are the stemmer's own, so the
//! analysis, and with it the index format, does not change.

use std::collections::HashMap;

use tantivy::tokenizer::{
    Language, RawTokenizer, Stemmer, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// Words remembered per analyser before the memo starts over (bounds memory on text with
/// endless distinct words).
const MEMO_WORDS: usize = 50_000;

/// A [`TokenFilter`] that stems like `Stemmer::new(Language::English)`.
#[derive(Clone, Default)]
pub struct MemoStemmer;

impl TokenFilter for MemoStemmer {
    type Tokenizer<T: Tokenizer> = MemoStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> MemoStemmerFilter<T> {
        MemoStemmerFilter {
            inner: tokenizer,
            memo: HashMap::new(),
            stemmer: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(Language::English))
                .build(),
        }
    }
}

#[derive(Clone)]
pub struct MemoStemmerFilter<T> {
    inner: T,
    memo: HashMap<String, String>,
    /// Stems one word (the whole input is one token).
    stemmer: TextAnalyzer,
}

impl<T: Tokenizer> Tokenizer for MemoStemmerFilter<T> {
    type TokenStream<'a> = MemoStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        MemoStemmerStream {
            tail: self.inner.token_stream(text),
            memo: &mut self.memo,
            stemmer: &mut self.stemmer,
        }
    }
}

pub struct MemoStemmerStream<'a, T> {
    tail: T,
    memo: &'a mut HashMap<String, String>,
    stemmer: &'a mut TextAnalyzer,
}

impl<T: TokenStream> TokenStream for MemoStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if let Some(stem) = self.memo.get(&token.text) {
            token.text.clear();
            token.text.push_str(stem);
            return true;
        }
        let mut words = self.stemmer.token_stream(&token.text);
        let stem = if words.advance() {
            words.token().text.clone()
        } else {
            token.text.clone()
        };
        drop(words);
        if self.memo.len() >= MEMO_WORDS {
            self.memo.clear();
        }
        self.memo
            .insert(std::mem::replace(&mut token.text, stem.clone()), stem);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::{LowerCaser, SimpleTokenizer};

    use super::*;

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize)> {
        let mut out = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.offset_from, t.position));
        }
        out
    }

    #[test]
    fn stems_exactly_like_the_stemmer_it_remembers() {
        let mut plain = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::English))
            .build();
        let mut memo = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(MemoStemmer)
            .build();
        let text = "Rescuers searched the flooded villages; searching continued as floods \
                    receded and the rescuers' searches widened. Running, runs, ran: generously \
                    generous generalisations.";
        let expected = tokens(&mut plain, text);
        assert!(expected.iter().any(|t| t.0 == "search"), "{expected:?}");
        // Twice: the second pass is answered from the memo.
        assert_eq!(tokens(&mut memo, text), expected);
        assert_eq!(tokens(&mut memo, text), expected);
        // Past the memo's bound it starts over and still agrees.
        let many: String = (0..MEMO_WORDS + 10).map(|i| format!("w{i}ing ")).collect();
        assert_eq!(tokens(&mut memo, &many), tokens(&mut plain, &many));
        assert_eq!(tokens(&mut memo, text), expected);
    }
}
