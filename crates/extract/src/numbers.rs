//! Number and quantity parsing over the tokens of one sentence.
//!
//! A *cardinal* is a count written in digits ("11,300", "1 200", "1.2 million"), in words
//! ("one hundred and thirty-three", "sixty-two", "a dozen", "two dozen") or vaguely
//! ("dozens", "scores", "hundreds", "tens of thousands"). A *quantity* is a cardinal with its
//! hedge: a qualifier before it ("at least", "more than", "nearly"…), a range ("between 40
//! and 60", "40 to 60", "40-60"), or a postfix ("40 or more", "40-plus", "40 or so").
//!
//! Values above [`MAX_VALUE`] are rejected, never wrapped; nothing here panics on any input.

use factline_model::Qualifier;

use crate::tokens::{Token, TokenKind};

/// The largest count a figure may hold; bigger numbers are not counts of people.
pub const MAX_VALUE: u64 = 10_000_000_000;

/// A sentence's tokens together with their ASCII-lowercased text.
pub struct Toks<'a> {
    pub toks: std::borrow::Cow<'a, [Token<'a>]>,
    /// The ASCII-lowercased copy of the whole body the tokens point into (same byte offsets).
    lower: &'a str,
}

impl<'a> Toks<'a> {
    /// `lower` must be `body.to_ascii_lowercase()` of the body the tokens were cut from.
    pub fn new(toks: Vec<Token<'a>>, lower: &'a str) -> Self {
        Toks {
            toks: std::borrow::Cow::Owned(toks),
            lower,
        }
    }
    /// Tokens cut once for the whole text ([`crate::analysis::Analysis`]).
    pub fn borrowed(toks: &'a [Token<'a>], lower: &'a str) -> Self {
        Toks {
            toks: std::borrow::Cow::Borrowed(toks),
            lower,
        }
    }
    pub fn len(&self) -> usize {
        self.toks.len()
    }
    pub fn is_empty(&self) -> bool {
        self.toks.is_empty()
    }
    /// Lowercased text of token `i`, or "" past the end.
    pub fn lw(&self, i: usize) -> &'a str {
        match self.toks.get(i) {
            Some(t) => self.lower.get(t.start..t.end).unwrap_or(""),
            None => "",
        }
    }
    pub fn kind(&self, i: usize) -> Option<TokenKind> {
        self.toks.get(i).map(|t| t.kind)
    }
    pub fn is_word(&self, i: usize) -> bool {
        self.kind(i) == Some(TokenKind::Word)
    }
    pub fn is_number(&self, i: usize) -> bool {
        self.kind(i) == Some(TokenKind::Number)
    }
    pub fn is_punct(&self, i: usize) -> bool {
        self.kind(i) == Some(TokenKind::Punct)
    }
    /// Does token `i` touch token `i - 1` (no space between)?
    pub fn glued(&self, i: usize) -> bool {
        i > 0 && i < self.toks.len() && self.toks[i].start == self.toks[i - 1].end
    }
    /// Do tokens `i..` spell `words` (lowercase)?
    pub fn seq(&self, i: usize, words: &[&str]) -> bool {
        words.iter().enumerate().all(|(k, w)| self.lw(i + k) == *w)
    }
    /// Do the tokens ending just before `end` (exclusive) spell `words`?
    pub fn seq_before(&self, end: usize, words: &[&str]) -> bool {
        end >= words.len() && self.seq(end - words.len(), words)
    }
    /// Is token `i` capitalised (a word starting with an upper-case letter)?
    pub fn capitalised(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.is_capitalised())
    }
}

/// A number written in digits: `mant / 10^decimals`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DigitNum {
    pub mant: u64,
    pub decimals: u32,
}

/// Parse a digit token: "11,300", "1.2", "1,234.5", "1.234.567" (dotted thousands).
/// Returns None for malformed grouping or overflow.
pub fn parse_digits(s: &str) -> Option<DigitNum> {
    if s.is_empty()
        || !s
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
    {
        return None;
    }
    let dots = s.bytes().filter(|&b| b == b'.').count();
    let commas = s.bytes().filter(|&b| b == b',').count();
    let (int_part, frac_part): (&str, &str) = if commas > 0 {
        // Commas group thousands; at most one dot, the decimal point, after them.
        if dots > 1 {
            return None;
        }
        match s.split_once('.') {
            Some((a, b)) => (a, b),
            None => (s, ""),
        }
    } else if dots > 1 {
        // "1.234.567": dots group thousands.
        (s, "")
    } else {
        match s.split_once('.') {
            Some((a, b)) => (a, b),
            None => (s, ""),
        }
    };
    let sep = if commas > 0 { ',' } else { '.' };
    let mut mant: u64 = 0;
    let mut first = true;
    for g in int_part.split(sep) {
        let ok = if first {
            !g.is_empty() && (g.len() <= 3 || (commas == 0 && dots <= 1))
        } else {
            g.len() == 3
        };
        if !ok || !g.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        first = false;
        for b in g.bytes() {
            mant = mant.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
        }
    }
    if !frac_part.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let decimals = u32::try_from(frac_part.len()).ok()?;
    if decimals > 9 {
        return None;
    }
    for b in frac_part.bytes() {
        mant = mant.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
    }
    Some(DigitNum { mant, decimals })
}

/// `mant / 10^decimals * scale`, floored; None on overflow.
fn scaled(n: DigitNum, scale: u64) -> Option<u64> {
    let v = u128::from(n.mant) * u128::from(scale) / 10u128.pow(n.decimals);
    u64::try_from(v).ok()
}

/// What one number word contributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumWord {
    /// one … nineteen, or a hyphenated "twenty-one" … "ninety-nine" (ends in a unit).
    Small(u64),
    /// twenty, thirty … ninety.
    Tens(u64),
    /// hundred
    Hundred,
    /// thousand, million, billion, lakh, crore
    Scale(u64),
    /// dozen
    Dozen,
}

fn unit_word(w: &str) -> Option<u64> {
    Some(match w {
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        _ => return None,
    })
}

fn tens_word(w: &str) -> Option<u64> {
    Some(match w {
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fourty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => return None,
    })
}

fn scale_word(w: &str) -> Option<u64> {
    Some(match w {
        "thousand" => 1_000,
        "million" => 1_000_000,
        "billion" => 1_000_000_000,
        "lakh" | "lakhs" => 100_000,
        "crore" | "crores" => 10_000_000,
        _ => return None,
    })
}

/// Classify one lowercase word as a number word.
pub fn number_word(w: &str) -> Option<NumWord> {
    if let Some(v) = unit_word(w) {
        return Some(NumWord::Small(v));
    }
    if let Some(v) = tens_word(w) {
        return Some(NumWord::Tens(v));
    }
    if w == "hundred" {
        return Some(NumWord::Hundred);
    }
    if w == "dozen" {
        return Some(NumWord::Dozen);
    }
    if let Some(v) = scale_word(w) {
        return Some(NumWord::Scale(v));
    }
    // "twenty-one", "sixty‑two" (either hyphen).
    let mut parts = w.split(['-', '‑']);
    if let (Some(a), Some(b), None) = (parts.next(), parts.next(), parts.next())
        && let (Some(t), Some(u)) = (tens_word(a), unit_word(b))
        && u < 10
    {
        return Some(NumWord::Small(t + u));
    }
    None
}

/// A parsed count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cardinal {
    pub value: u64,
    /// Index of the token after the cardinal.
    pub next: usize,
    /// "dozens", "hundreds", "several thousand"…
    pub vague: bool,
    /// Written in digits.
    pub digits: bool,
    /// Ends in a scale or collective word ("million", "dozen", "hundreds"): "of people" may follow.
    pub collective: bool,
    /// Four plain digits that read as a year (1800..=2100).
    pub year_like: bool,
    /// A scale multiplied the value ("1.2 million", "2 thousand").
    pub scale: u64,
}

/// Result of trying to read a number at a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parsed<T> {
    /// No number starts here.
    No,
    /// A number-like thing that is no count (a time, a score, "23-year-old", "9/11", "3.40"):
    /// skip up to this token index.
    Junk(usize),
    Yes(T),
}

fn adjacent_scale(w: &str) -> Option<u64> {
    Some(match w {
        "m" | "mn" | "mln" | "million" => 1_000_000,
        "k" | "thousand" => 1_000,
        "bn" | "billion" => 1_000_000_000,
        _ => return None,
    })
}

/// Read a cardinal starting at token `i`.
pub fn parse_cardinal(t: &Toks, i: usize) -> Parsed<Cardinal> {
    cardinal(t, i, false)
}

/// `range_end`: the cardinal follows a range dash ("40-60"), so a glued dash before it is fine.
fn cardinal(t: &Toks, i: usize, range_end: bool) -> Parsed<Cardinal> {
    if i >= t.len() {
        return Parsed::No;
    }
    if t.is_number(i) {
        parse_digit_cardinal(t, i, range_end)
    } else if t.is_word(i) {
        match parse_word_cardinal(t, i) {
            Some(c) => Parsed::Yes(c),
            None => Parsed::No,
        }
    } else {
        Parsed::No
    }
}

fn parse_digit_cardinal(t: &Toks, i: usize, range_end: bool) -> Parsed<Cardinal> {
    // Glued to what comes before: "+7", "#3", "9/11", "$5", "-5", ".5", "3:40".
    if t.glued(i)
        && t.is_punct(i - 1)
        && !(range_end && matches!(t.lw(i - 1), "-" | "–" | "—" | "‑"))
    {
        return Parsed::Junk(i + 1);
    }
    let Some(mut num) = parse_digits(t.toks[i].text) else {
        return Parsed::Junk(i + 1);
    };
    let mut j = i + 1;
    // "1 200", "10 000 000": space-grouped thousands.
    if num.decimals == 0
        && t.toks[i].text.len() <= 3
        && t.toks[i].text.bytes().all(|b| b.is_ascii_digit())
    {
        while j < t.len()
            && t.is_number(j)
            && t.toks[j].start == t.toks[j - 1].end + 1
            && t.toks[j].text.len() == 3
            && t.toks[j].text.bytes().all(|b| b.is_ascii_digit())
            && !(j + 1 < t.len() && t.glued(j + 1) && t.is_word(j + 1))
        {
            let Some(m) = num
                .mant
                .checked_mul(1000)
                .and_then(|m| m.checked_add(parse_digits(t.toks[j].text).map_or(0, |d| d.mant)))
            else {
                return Parsed::Junk(j + 1);
            };
            num.mant = m;
            j += 1;
        }
    }
    let mut scale = 1u64;
    if j < t.len() && t.glued(j) {
        let w = t.lw(j);
        if t.is_word(j) {
            match adjacent_scale(w) {
                Some(s) => {
                    scale = s;
                    j += 1;
                }
                // "40s", "3rd", "9pm", "10km".
                None => return Parsed::Junk(j + 1),
            }
        } else if matches!(w, "/" | ":" | "%" | "°" | "º" | "′" | "″") {
            return Parsed::Junk(j + 1);
        } else if matches!(w, "-" | "‑") && j + 1 < t.len() && t.is_word(j + 1) && t.glued(j + 1)
        {
            // "23-year-old", "12-storey"; "40-plus" and "40-odd" are hedges read by the caller.
            if !matches!(t.lw(j + 1), "plus" | "odd") {
                return Parsed::Junk(j + 2);
            }
        }
    }
    if scale == 1 {
        let w = t.lw(j);
        if w == "hundred" {
            scale = 100;
            j += 1;
        } else if let Some(s) = scale_word(w) {
            scale = s;
            j += 1;
            if t.lw(j) == "hundred" {
                // "1 thousand hundred" is not English; leave it.
            }
        } else if matches!(w, "mn" | "mln" | "bn") {
            scale = adjacent_scale(w).unwrap_or(1);
            j += 1;
        }
    }
    let text = t.toks[i].text;
    let value = if num.decimals > 0 {
        if scale > 1 {
            match scaled(num, scale) {
                Some(v) => v,
                None => return Parsed::Junk(j),
            }
        } else if num.decimals == 3 && !text.contains(',') && text.find('.').is_some_and(|p| p <= 3)
        {
            // "11.300": dotted thousands.
            num.mant
        } else {
            // "3.40", "7.8": no count of people.
            return Parsed::Junk(j);
        }
    } else {
        match num.mant.checked_mul(scale) {
            Some(v) => v,
            None => return Parsed::Junk(j),
        }
    };
    if value > MAX_VALUE {
        return Parsed::Junk(j);
    }
    let plain4 =
        text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) && scale == 1 && j == i + 1;
    Parsed::Yes(Cardinal {
        value,
        next: j,
        vague: false,
        digits: true,
        collective: scale > 1,
        year_like: plain4 && (1800..=2100).contains(&value),
        scale,
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Last {
    None,
    Small,
    Tens,
    Hundred,
    Scale,
    And,
}

fn vague_head(w: &str) -> Option<u64> {
    Some(match w {
        "dozens" => 12,
        "scores" => 40,
        "hundreds" => 100,
        "thousands" => 1_000,
        "millions" => 1_000_000,
        _ => return None,
    })
}

fn parse_word_cardinal(t: &Toks, i: usize) -> Option<Cardinal> {
    let w0 = t.lw(i);
    let mk = |value: u64, next: usize, vague: bool, collective: bool, scale: u64| Cardinal {
        value,
        next,
        vague,
        digits: false,
        collective,
        year_like: false,
        scale,
    };
    // Vague quantities: "dozens", "hundreds of thousands", "tens of thousands".
    if let Some(v) = vague_head(w0) {
        if t.lw(i + 1) == "of" {
            let w2 = t.lw(i + 2);
            if matches!(w0, "hundreds" | "dozens") && w2 == "thousands" {
                return Some(mk(v * 1_000, i + 3, true, true, 1));
            }
            if w0 == "hundreds" && w2 == "millions" {
                return Some(mk(v * 1_000_000, i + 3, true, true, 1));
            }
        }
        return Some(mk(v, i + 1, true, true, 1));
    }
    if w0 == "tens" && t.lw(i + 1) == "of" {
        return match t.lw(i + 2) {
            "thousands" => Some(mk(10_000, i + 3, true, true, 1)),
            "millions" => Some(mk(10_000_000, i + 3, true, true, 1)),
            _ => None,
        };
    }
    // "several hundred", "a few thousand", "several dozen", "a few hundred thousand".
    let few = if matches!(w0, "several" | "few") {
        Some(i + 1)
    } else if w0 == "a" && t.lw(i + 1) == "few" {
        Some(i + 2)
    } else {
        None
    };
    if let Some(k) = few {
        let w = t.lw(k);
        let base = match w {
            "dozen" => 12,
            "hundred" => 100,
            _ => scale_word(w).filter(|_| !w.starts_with("lakh") && !w.starts_with("crore"))?,
        };
        if base == 100 && t.lw(k + 1) == "thousand" {
            return Some(mk(100_000, k + 2, true, true, 1));
        }
        return Some(mk(base, k + 1, true, true, 1));
    }
    // "half a dozen".
    if w0 == "half" && t.lw(i + 1) == "a" && t.lw(i + 2) == "dozen" {
        return Some(mk(6, i + 3, false, true, 1));
    }
    // Exact number words, with "a"/"an" standing for one before a scale.
    let mut total: u64 = 0;
    let mut current: u64 = 0;
    let mut last = Last::None;
    let mut j = i;
    let mut end = i; // index after the last token that completed a number
    let mut collective = false;
    let mut max_scale = u64::MAX;
    loop {
        let w = t.lw(j);
        if j >= t.len() || !t.is_word(j) {
            break;
        }
        if matches!(w, "a" | "an") && j == i {
            if matches!(
                t.lw(j + 1),
                "hundred" | "thousand" | "million" | "billion" | "dozen"
            ) {
                current = 1;
                last = Last::Small;
                j += 1;
                continue;
            }
            return None;
        }
        if w == "and" {
            if matches!(last, Last::Hundred | Last::Scale)
                && matches!(
                    number_word(t.lw(j + 1)),
                    Some(NumWord::Small(_) | NumWord::Tens(_))
                )
            {
                last = Last::And;
                j += 1;
                continue;
            }
            break;
        }
        match number_word(w) {
            Some(NumWord::Small(v)) => {
                let ok = match last {
                    Last::None | Last::Hundred | Last::Scale | Last::And => true,
                    Last::Tens => v < 10,
                    Last::Small => false,
                };
                if !ok {
                    break;
                }
                current += v;
                last = Last::Small;
                collective = false;
            }
            Some(NumWord::Tens(v)) => {
                if !matches!(last, Last::None | Last::Hundred | Last::Scale | Last::And)
                    || !current.is_multiple_of(100)
                {
                    break;
                }
                current += v;
                last = Last::Tens;
                collective = false;
            }
            Some(NumWord::Hundred) => {
                if !matches!(last, Last::Small | Last::Tens) || current == 0 || current >= 100 {
                    break;
                }
                current *= 100;
                last = Last::Hundred;
                collective = true;
            }
            Some(NumWord::Scale(s)) => {
                if !matches!(last, Last::Small | Last::Tens | Last::Hundred)
                    || current == 0
                    || s >= max_scale
                {
                    break;
                }
                total = current.checked_mul(s).and_then(|v| v.checked_add(total))?;
                current = 0;
                max_scale = s;
                last = Last::Scale;
                collective = true;
            }
            Some(NumWord::Dozen) => {
                if !matches!(last, Last::Small | Last::Tens)
                    || total != 0
                    || current == 0
                    || current >= 100
                {
                    break;
                }
                current *= 12;
                j += 1;
                end = j;
                collective = true;
                break;
            }
            None => break,
        }
        j += 1;
        end = j;
    }
    if end == i || last == Last::None {
        return None;
    }
    let value = total.checked_add(current)?;
    if value == 0 || value > MAX_VALUE {
        return None;
    }
    Some(mk(value, end, false, collective, 1))
}

/// A hedged count: the words from the first qualifier word to the end of the number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quantity {
    pub value: u64,
    pub value_max: Option<u64>,
    pub qualifier: Qualifier,
    /// First token (qualifier or number).
    pub first: usize,
    /// First token of the number itself.
    pub num_first: usize,
    /// Token after the quantity.
    pub next: usize,
    pub card: Cardinal,
}

/// Qualifier words before a number, longest first within each leading word.
const PREFIXES: &[(&[&str], Qualifier)] = &[
    (&["at", "the", "very", "least"], Qualifier::AtLeast),
    (&["at", "least"], Qualifier::AtLeast),
    (&["no", "fewer", "than"], Qualifier::AtLeast),
    (&["no", "less", "than"], Qualifier::AtLeast),
    (&["not", "less", "than"], Qualifier::AtLeast),
    (&["not", "fewer", "than"], Qualifier::AtLeast),
    (&["a", "minimum", "of"], Qualifier::AtLeast),
    (&["a", "maximum", "of"], Qualifier::UpTo),
    (&["more", "than"], Qualifier::MoreThan),
    (&["over"], Qualifier::MoreThan),
    (&["upwards", "of"], Qualifier::MoreThan),
    (&["upward", "of"], Qualifier::MoreThan),
    (&["in", "excess", "of"], Qualifier::MoreThan),
    (&["well", "over"], Qualifier::MoreThan),
    (&["well", "above"], Qualifier::MoreThan),
    (&["just", "over"], Qualifier::MoreThan),
    (&["just", "above"], Qualifier::MoreThan),
    (&["above"], Qualifier::MoreThan),
    (&["greater", "than"], Qualifier::MoreThan),
    (&["about"], Qualifier::About),
    (&["around"], Qualifier::About),
    (&["some"], Qualifier::About),
    (&["roughly"], Qualifier::About),
    (&["approximately"], Qualifier::About),
    (&["approx"], Qualifier::About),
    (&["an", "estimated"], Qualifier::About),
    (&["estimated"], Qualifier::About),
    (&["circa"], Qualifier::About),
    (&["an", "approximate"], Qualifier::About),
    (&["nearly"], Qualifier::Nearly),
    (&["almost"], Qualifier::Nearly),
    (&["close", "to"], Qualifier::Nearly),
    (&["just", "under"], Qualifier::Nearly),
    (&["just", "below"], Qualifier::Nearly),
    (&["just", "shy", "of"], Qualifier::Nearly),
    (&["up", "to"], Qualifier::UpTo),
    (&["as", "many", "as"], Qualifier::UpTo),
    (&["as", "much", "as"], Qualifier::UpTo),
    (&["no", "more", "than"], Qualifier::UpTo),
    (&["not", "more", "than"], Qualifier::UpTo),
    (&["at", "most"], Qualifier::UpTo),
    (&["fewer", "than"], Qualifier::FewerThan),
    (&["less", "than"], Qualifier::FewerThan),
    (&["under"], Qualifier::FewerThan),
    (&["below"], Qualifier::FewerThan),
];

/// Words that may stand before a count without hedging it.
const NEUTRAL: &[&[&str]] = &[
    &["a", "total", "of"],
    &["another"],
    &["a", "further"],
    &["an", "additional"],
    &["all"],
];

fn match_prefix(t: &Toks, i: usize) -> Option<(usize, Qualifier)> {
    PREFIXES
        .iter()
        .find(|(ws, _)| t.seq(i, ws))
        .map(|(ws, q)| (i + ws.len(), *q))
}

fn match_neutral(t: &Toks, i: usize) -> Option<usize> {
    NEUTRAL
        .iter()
        .find(|ws| t.seq(i, ws))
        .map(|ws| i + ws.len())
}

/// Can a quantity start at token `i`? A cheap filter before [`parse_quantity`]: a digit
/// token, a number word, or the first word of a hedge.
pub fn may_start_quantity(t: &Toks, i: usize) -> bool {
    match t.kind(i) {
        Some(crate::tokens::TokenKind::Number) => true,
        Some(crate::tokens::TokenKind::Word) => {
            let w = t.lw(i);
            matches!(
                w,
                "a" | "an"
                    | "at"
                    | "no"
                    | "not"
                    | "more"
                    | "over"
                    | "upwards"
                    | "upward"
                    | "in"
                    | "well"
                    | "just"
                    | "above"
                    | "greater"
                    | "about"
                    | "around"
                    | "some"
                    | "roughly"
                    | "approximately"
                    | "approx"
                    | "estimated"
                    | "circa"
                    | "nearly"
                    | "almost"
                    | "close"
                    | "up"
                    | "as"
                    | "fewer"
                    | "less"
                    | "under"
                    | "below"
                    | "between"
                    | "another"
                    | "all"
                    | "several"
                    | "few"
                    | "half"
                    | "tens"
                    | "dozens"
                    | "scores"
                    | "hundreds"
                    | "thousands"
                    | "millions"
            ) || number_word(w).is_some()
        }
        _ => false,
    }
}

/// Read a hedged quantity starting exactly at token `i`. `to_range` allows "40 to 60" as a
/// range (callers refuse it after "from", where "from 40 to 60" is a change, not a range).
pub fn parse_quantity(t: &Toks, i: usize, to_range: bool) -> Parsed<Quantity> {
    let mut j = i;
    let mut qual = Qualifier::Exact;
    let mut between = false;
    if let Some(k) = match_neutral(t, j) {
        j = k;
    }
    if t.lw(j) == "between" {
        between = true;
        j += 1;
    } else if let Some((k, q)) = match_prefix(t, j) {
        qual = q;
        j = k;
        if let Some(k) = match_neutral(t, j) {
            j = k;
        }
    }
    let num_first = j;
    let c1 = match parse_cardinal(t, j) {
        Parsed::Yes(c) => c,
        Parsed::Junk(k) if j == i => return Parsed::Junk(k),
        _ => return Parsed::No,
    };
    let mut q = Quantity {
        value: c1.value,
        value_max: None,
        qualifier: if c1.vague { Qualifier::Vague } else { qual },
        first: i,
        num_first,
        next: c1.next,
        card: c1,
    };
    if c1.vague {
        return Parsed::Yes(q);
    }
    let k = c1.next;
    let sep = t.lw(k);
    let range_sep = if between {
        sep == "and"
    } else {
        matches!(sep, "-" | "–" | "—" | "‑") && t.is_number(k + 1) && c1.digits
            || (sep == "to" && to_range)
            || sep == "or"
    };
    if range_sep && let Parsed::Yes(c2) = cardinal(t, k + 1, true) {
        if !c2.vague {
            let mut low = c1.value;
            // "between 1 and 2 million": the scale of the high end applies to the low one.
            if c2.scale > 1
                && c1.scale == 1
                && low < 1000
                && let Some(v) = low.checked_mul(c2.scale).filter(|v| *v < c2.value)
            {
                low = v;
            }
            if c1.year_like && c2.year_like {
                // "2004-2005", "2004 to 2010": a span of years.
                return Parsed::Junk(c2.next);
            }
            if low < c2.value {
                q.value = low;
                q.value_max = Some(c2.value);
                q.qualifier = Qualifier::Range;
                q.next = c2.next;
                q.card.next = c2.next;
                q.card.collective = c2.collective;
                q.card.year_like = false;
                return Parsed::Yes(q);
            }
            if matches!(sep, "-" | "–" | "—" | "‑") {
                // "3-1", "2004-2005": a score or span, not a count.
                return Parsed::Junk(c2.next);
            }
        }
    } else if matches!(sep, "-" | "–" | "—" | "‑") && t.is_number(k + 1) && t.glued(k) {
        return Parsed::Junk(k + 2);
    }
    if between {
        return Parsed::No;
    }
    // Postfix hedges.
    if q.qualifier == Qualifier::Exact {
        if t.seq(k, &["or", "more"]) {
            q.qualifier = Qualifier::AtLeast;
            q.next = k + 2;
        } else if t.seq(k, &["or", "so"]) {
            q.qualifier = Qualifier::About;
            q.next = k + 2;
        } else if matches!(t.lw(k), "-" | "‑")
            && t.glued(k)
            && matches!(t.lw(k + 1), "plus" | "odd")
        {
            q.qualifier = if t.lw(k + 1) == "plus" {
                Qualifier::MoreThan
            } else {
                Qualifier::About
            };
            q.next = k + 2;
        } else if (t.lw(k) == "+" && t.glued(k)) || t.lw(k) == "plus" {
            q.qualifier = Qualifier::MoreThan;
            q.next = k + 1;
        }
    }
    Parsed::Yes(q)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    fn quantity(s: &str) -> Option<(u64, Option<u64>, Qualifier, String)> {
        let lower = s.to_ascii_lowercase();
        let t = Toks::new(tokenize(s, 0, s.len()), &lower);
        match parse_quantity(&t, 0, true) {
            Parsed::Yes(q) => {
                let end = if q.next > 0 {
                    t.toks[q.next - 1].end
                } else {
                    0
                };
                Some((q.value, q.value_max, q.qualifier, s[..end].to_string()))
            }
            _ => None,
        }
    }

    fn value(s: &str) -> Option<u64> {
        quantity(s).map(|q| q.0)
    }

    #[test]
    fn digits() {
        assert_eq!(value("11,300 people"), Some(11_300));
        assert_eq!(value("1 200 people"), Some(1_200));
        assert_eq!(value("10 000 000 people"), Some(10_000_000));
        assert_eq!(value("133"), Some(133));
        assert_eq!(value("1.2 million"), Some(1_200_000));
        assert_eq!(value("1.25 million"), Some(1_250_000));
        assert_eq!(value("3 million"), Some(3_000_000));
        assert_eq!(value("2 thousand"), Some(2_000));
        assert_eq!(value("1.2m people"), Some(1_200_000));
        assert_eq!(value("11.300 people"), Some(11_300));
        assert_eq!(value("1,234,567"), Some(1_234_567));
        assert_eq!(value("20 lakh"), Some(2_000_000));
    }

    #[test]
    fn digit_junk() {
        assert_eq!(value("3.40 am"), None);
        assert_eq!(value("7.8 magnitude"), None);
        assert_eq!(value("9pm"), None);
        assert_eq!(value("40s"), None);
        assert_eq!(value("23-year-old"), None);
        assert_eq!(value("3-1"), None);
        assert_eq!(value("9/11"), None);
        assert_eq!(value("12:30"), None);
        assert_eq!(value("40%"), None);
        assert_eq!(value("1,23"), None);
        assert_eq!(value("99999999999999999999999"), None);
        assert_eq!(value("20000000000"), None);
        assert_eq!(value("3rd"), None);
    }

    #[test]
    fn words() {
        assert_eq!(value("one hundred and thirty-three"), Some(133));
        assert_eq!(value("One hundred thirty three"), Some(133));
        assert_eq!(value("sixty-two"), Some(62));
        assert_eq!(value("sixty two"), Some(62));
        assert_eq!(value("eleven"), Some(11));
        assert_eq!(value("a hundred and twelve"), Some(112));
        assert_eq!(value("a dozen"), Some(12));
        assert_eq!(value("two dozen"), Some(24));
        assert_eq!(value("half a dozen"), Some(6));
        assert_eq!(value("twelve hundred"), Some(1_200));
        assert_eq!(value("two thousand five hundred"), Some(2_500));
        assert_eq!(value("three million"), Some(3_000_000));
        assert_eq!(value("one million two hundred thousand"), Some(1_200_000));
        assert_eq!(value("a thousand"), Some(1_000));
        assert_eq!(value("a man"), None);
        assert_eq!(value("hundred"), None);
        assert_eq!(value("and"), None);
        assert_eq!(value("second"), None);
        assert_eq!(value("three-year-old"), None);
        // "one two" stops after "one".
        assert_eq!(quantity("one two").map(|q| q.3), Some("one".to_string()));
        // A trailing "and" is not part of the number.
        assert_eq!(
            quantity("one hundred and more").map(|q| q.3),
            Some("one hundred".to_string())
        );
    }

    #[test]
    fn vague() {
        assert_eq!(
            quantity("dozens of people").map(|q| (q.0, q.2)),
            Some((12, Qualifier::Vague))
        );
        assert_eq!(value("scores"), Some(40));
        assert_eq!(value("hundreds"), Some(100));
        assert_eq!(value("thousands"), Some(1_000));
        assert_eq!(value("tens of thousands"), Some(10_000));
        assert_eq!(value("hundreds of thousands"), Some(100_000));
        assert_eq!(value("several hundred"), Some(100));
        assert_eq!(value("a few dozen"), Some(12));
        assert_eq!(
            quantity("several thousand").map(|q| q.2),
            Some(Qualifier::Vague)
        );
        assert_eq!(value("tens of people"), None);
    }

    #[test]
    fn qualifiers() {
        let q = |s: &str| quantity(s).map(|q| q.2);
        assert_eq!(q("at least 60 people"), Some(Qualifier::AtLeast));
        assert_eq!(q("no fewer than 60"), Some(Qualifier::AtLeast));
        assert_eq!(q("a minimum of 60"), Some(Qualifier::AtLeast));
        assert_eq!(q("more than 60"), Some(Qualifier::MoreThan));
        assert_eq!(q("over 140"), Some(Qualifier::MoreThan));
        assert_eq!(q("upwards of 140"), Some(Qualifier::MoreThan));
        assert_eq!(q("in excess of 140"), Some(Qualifier::MoreThan));
        assert_eq!(q("about 40"), Some(Qualifier::About));
        assert_eq!(q("some 40"), Some(Qualifier::About));
        assert_eq!(q("an estimated 40"), Some(Qualifier::About));
        assert_eq!(q("roughly 40"), Some(Qualifier::About));
        assert_eq!(q("nearly 40"), Some(Qualifier::Nearly));
        assert_eq!(q("almost 40"), Some(Qualifier::Nearly));
        assert_eq!(q("close to 40"), Some(Qualifier::Nearly));
        assert_eq!(q("up to 40"), Some(Qualifier::UpTo));
        assert_eq!(q("as many as 40"), Some(Qualifier::UpTo));
        assert_eq!(q("fewer than 40"), Some(Qualifier::FewerThan));
        assert_eq!(q("under 40"), Some(Qualifier::FewerThan));
        assert_eq!(q("less than 40"), Some(Qualifier::FewerThan));
        assert_eq!(q("40 or more"), Some(Qualifier::AtLeast));
        assert_eq!(q("40-plus"), Some(Qualifier::MoreThan));
        assert_eq!(q("40 or so"), Some(Qualifier::About));
        assert_eq!(q("more than a dozen"), Some(Qualifier::MoreThan));
        assert_eq!(value("more than a dozen"), Some(12));
        assert_eq!(q("a total of 40"), Some(Qualifier::Exact));
        assert_eq!(q("at least"), None);
        assert_eq!(q("some people"), None);
    }

    #[test]
    fn ranges() {
        assert_eq!(
            quantity("between 40 and 60 people").map(|q| (q.0, q.1, q.2)),
            Some((40, Some(60), Qualifier::Range))
        );
        assert_eq!(
            quantity("40 to 60").map(|q| (q.0, q.1, q.2)),
            Some((40, Some(60), Qualifier::Range))
        );
        assert_eq!(
            quantity("40-60").map(|q| (q.0, q.1, q.2)),
            Some((40, Some(60), Qualifier::Range))
        );
        assert_eq!(
            quantity("two or three").map(|q| (q.0, q.1, q.2)),
            Some((2, Some(3), Qualifier::Range))
        );
        assert_eq!(
            quantity("between 1 and 2 million").map(|q| (q.0, q.1)),
            Some((1_000_000, Some(2_000_000)))
        );
        assert_eq!(quantity("between 40"), None);
        assert_eq!(value("2004-2005"), None);
    }

    #[test]
    fn digits_parser() {
        assert_eq!(
            parse_digits("1,234.5"),
            Some(DigitNum {
                mant: 12345,
                decimals: 1
            })
        );
        assert_eq!(
            parse_digits("1.234.567"),
            Some(DigitNum {
                mant: 1234567,
                decimals: 0
            })
        );
        assert_eq!(parse_digits("12,34"), None);
        assert_eq!(parse_digits(""), None);
        assert_eq!(parse_digits("1,2,3"), None);
    }

    #[test]
    fn never_panics_on_odd_input() {
        for s in [
            "",
            "-",
            "—",
            "1-",
            "a",
            "an",
            "and",
            "between",
            "at least",
            "½",
            "１２",
            "1,",
            "1.",
            "9999999999999999999 million",
            "one thousand thousand",
            "dozens of",
            "tens of",
            "a few",
            "ünïcödé 12 ✓",
            "12 ‑ 13",
            "40‑60",
        ] {
            let _ = quantity(s);
        }
    }
}
