//! A small tokenizer over one sentence: words, numbers and punctuation with byte offsets
//! into the cleaned body.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters, possibly with inner apostrophes or hyphens ("Kyiv's", "sixty-two", "ISIS-K").
    Word,
    /// Digits, possibly with separators and decimals ("11,300", "1.2", "40-60" is three tokens).
    Number,
    /// Any other single character that is not whitespace.
    Punct,
}

/// One token: `body[start..end]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub kind: TokenKind,
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
}

impl Token<'_> {
    /// Case-insensitive comparison with an ASCII-lowercase word.
    pub fn is(&self, lower: &str) -> bool {
        self.text.eq_ignore_ascii_case(lower)
    }
    pub fn is_capitalised(&self) -> bool {
        self.kind == TokenKind::Word && self.text.chars().next().is_some_and(char::is_uppercase)
    }
}

/// Tokenize `body[start..end]`; offsets in the tokens are offsets into `body`.
pub fn tokenize(body: &str, start: usize, end: usize) -> Vec<Token<'_>> {
    let s = &body[start..end];
    let mut out = Vec::new();
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() {
            continue;
        }
        let kind;
        let mut j = i + c.len_utf8();
        if c.is_alphabetic() {
            kind = TokenKind::Word;
            while let Some(&(k, d)) = it.peek() {
                if d.is_alphanumeric() {
                    j = k + d.len_utf8();
                    it.next();
                } else if matches!(d, '\'' | '’' | '-' | '‑') {
                    // Keep "Kyiv's" and "sixty-two" whole; a trailing mark is punctuation.
                    let after = s[k + d.len_utf8()..].chars().next();
                    if after.is_some_and(char::is_alphanumeric) {
                        j = k + d.len_utf8();
                        it.next();
                    } else {
                        break;
                    }
                } else {
                    break;
                }
            }
        } else if c.is_ascii_digit() {
            kind = TokenKind::Number;
            while let Some(&(k, d)) = it.peek() {
                if d.is_ascii_digit() {
                    j = k + 1;
                    it.next();
                } else if matches!(d, ',' | '.') {
                    // A separator or decimal point only when a digit follows.
                    let after = s.as_bytes().get(k + 1);
                    if after.is_some_and(u8::is_ascii_digit) {
                        j = k + 1;
                        it.next();
                    } else {
                        break;
                    }
                } else {
                    break;
                }
            }
        } else {
            kind = TokenKind::Punct;
        }
        out.push(Token {
            kind,
            text: &s[i..j],
            start: start + i,
            end: start + j,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_numbers_punct() {
        let body = "xx At least 11,300 died; Kyiv's sixty-two (ISIS-K) 1.2 million.";
        let toks = tokenize(body, 3, body.len());
        let texts: Vec<&str> = toks.iter().map(|t| t.text).collect();
        assert_eq!(
            texts,
            vec![
                "At",
                "least",
                "11,300",
                "died",
                ";",
                "Kyiv's",
                "sixty-two",
                "(",
                "ISIS-K",
                ")",
                "1.2",
                "million",
                "."
            ]
        );
        assert_eq!(toks[2].kind, TokenKind::Number);
        assert_eq!(&body[toks[2].start..toks[2].end], "11,300");
        assert!(toks[0].is_capitalised() && toks[0].is("at"));
    }
}
