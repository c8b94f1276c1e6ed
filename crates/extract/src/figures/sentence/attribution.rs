//! Who a figure is credited to: the sources a sentence names ("officials said", "according to the health ministry") and the nearest one before each figure in its clause.

use super::*;

impl SentenceFigures<'_, '_> {
    /// The source that credits the figure at token `at`: within its clause (cut at ";",
    /// "while", "whereas" and ", but"), the nearest source before it ("officials put the
    /// toll at 41 while charities said more than 110 had died"), else the first after it
    /// ("5 died, police said"); else the nearest source before the clause ("police said
    /// six died, while 11 were injured"), else the sentence's first.
    pub(super) fn credit(&self, sites: &[(usize, String)], at: usize) -> Option<String> {
        let n = self.n();
        let lo = (0..at)
            .rev()
            .find(|&i| self.clause_break(i))
            .map_or(0, |i| i + 1);
        let hi = (at..n).find(|&i| self.clause_break(i)).unwrap_or(n);
        let before = || sites.iter().rev().filter(|(i, _)| *i < at);
        before()
            .find(|(i, _)| *i >= lo)
            .or_else(|| sites.iter().find(|(i, _)| *i > at && *i < hi))
            .or_else(|| before().next())
            .or_else(|| sites.first())
            .map(|(_, s)| s.clone())
    }

    /// Does a new clause start after token `i`?
    pub(super) fn clause_break(&self, i: usize) -> bool {
        matches!(self.lw(i), ";" | "while" | "whereas")
            || self.lw(i) == "," && self.lw(i + 1) == "but"
    }

    /// Every source the sentence credits, by the token that names it: "according to the
    /// health ministry", "police said", "the UN put the toll at 152", and "he said" for
    /// `prev_source`, the last source the sentence before named.
    pub(super) fn attribution_sites(&self, prev_source: Option<&str>) -> Vec<(usize, String)> {
        let n = self.n();
        let mut out = Vec::new();
        for i in 0..n {
            if self.lw(i) == "according"
                && self.lw(i + 1) == "to"
                && let Some(s) = self.np_after(i + 2)
            {
                out.push((i, s));
                continue;
            }
            // "the UN humanitarian office put the number of dead at 152"
            let puts = matches!(self.lw(i), "put" | "puts" | "putting" | "placed")
                && (i + 1..(i + 7).min(n)).any(|k| {
                    matches!(self.lw(k), "toll" | "number" | "figure" | "count" | "tally")
                })
                && (i + 2..(i + 8).min(n)).any(|k| self.lw(k) == "at");
            if puts && let Some(s) = self.np_before(i) {
                out.push((i, s));
                continue;
            }
            if !self.has(i, REPORT) || self.lw(i) == "according" {
                continue;
            }
            let prev = self.back(i, 1);
            if matches!(
                prev,
                "were" | "was" | "are" | "is" | "been" | "be" | "being" | "an" | "a" | "the"
            ) {
                continue;
            }
            if self.phrase_at(i + 1).is_some() && self.lw(i) == "estimated" {
                continue;
            }
            // "in a situation report": a document, not its author.
            if matches!(self.lw(i), "report" | "reports")
                && matches!(self.back(i, 2), "a" | "an" | "the" | "its" | "their")
            {
                continue;
            }
            // "people confirmed dead", "three reported missing": a participle describing the
            // victims, not a source speaking.
            if matches!(
                self.lw(i + 1),
                "dead" | "killed" | "missing" | "injured" | "wounded" | "hurt" | "safe" | "alive"
            ) {
                continue;
            }
            if let Some(s) = self.np_before(i) {
                out.push((i, s));
                continue;
            }
            // "More than 70 people had been injured, he said": the speaker of the sentence
            // before.
            if matches!(prev, "he" | "she") && !matches!(self.back(i, 2), "that" | "if") {
                if let Some(s) = prev_source {
                    out.push((i, s.to_string()));
                }
                continue;
            }
            if (prev == "," || i == 0)
                && (self.lw(i + 1) == "the" || is_cap_word(self.t, i + 1))
                && let Some(s) = self.np_after(i + 1)
            {
                out.push((i, s));
            }
        }
        out
    }

    pub(super) fn np_word(&self, i: usize) -> bool {
        self.t.is_word(i)
            && !self.has(i, FUNC | AUX | NEG | MODAL | REPORT | SUP_MARK | CHANGE)
            && (is_cap_word(self.t, i) || !self.lw(i).ends_with("ly"))
            && (self.trig(i).is_none()
                || matches!(self.lw(i), "rescue" | "evacuation" | "detention" | "death"))
            && self.phrase_at(i).is_none()
    }

    pub(super) fn np_after(&self, k: usize) -> Option<String> {
        let mut a = k;
        loop {
            if matches!(self.lw(a), "the" | "a" | "an") {
                a += 1;
                continue;
            }
            // "a statement from the ministry", "figures released by officials".
            let head = matches!(
                self.lw(a),
                "statement"
                    | "figures"
                    | "data"
                    | "report"
                    | "reports"
                    | "tally"
                    | "count"
                    | "estimates"
                    | "estimate"
                    | "official"
                    | "preliminary"
                    | "latest"
                    | "initial"
                    | "new"
                    | "updated"
                    | "released"
                    | "published"
                    | "provided"
                    | "given"
            );
            if head {
                let mut m = a;
                while m < a + 4 && !matches!(self.lw(m), "from" | "by" | "of") {
                    if !self.t.is_word(m) {
                        break;
                    }
                    m += 1;
                }
                if matches!(self.lw(m), "from" | "by" | "of") {
                    a = m + 1;
                    continue;
                }
            }
            break;
        }
        let mut b = a;
        while b < self.n() && b < a + 7 {
            if self.np_word(b) {
                b += 1;
                continue;
            }
            if matches!(self.lw(b), "of" | "for" | "and" | "&" | "the")
                && b > a
                && is_cap_word(self.t, b - 1)
                && is_cap_word(self.t, b + 1)
            {
                b += 1;
                continue;
            }
            if self.lw(b) == "of"
                && b > a
                && matches!(
                    self.lw(b + 1),
                    "health"
                        | "interior"
                        | "defence"
                        | "defense"
                        | "emergency"
                        | "emergencies"
                        | "the"
                )
            {
                b += 1;
                continue;
            }
            break;
        }
        while b > a && matches!(self.lw(b - 1), "of" | "for" | "and" | "&" | "the") {
            b -= 1;
        }
        if b == a || (b == a + 1 && self.has(a, PRON)) {
            return None;
        }
        self.text_of(a, b)
    }

    pub(super) fn np_before(&self, r: usize) -> Option<String> {
        let mut b = r;
        // "the UN Office for the Coordination of Humanitarian Affairs (OCHA) said": the
        // acronym names it.
        if b >= 3
            && self.lw(b - 1) == ")"
            && self.lw(b - 3) == "("
            && self.t.is_word(b - 2)
            && self.t.toks[b - 2].text.len() >= 2
            && self.t.toks[b - 2]
                .text
                .chars()
                .all(|c| c.is_ascii_uppercase())
        {
            return Some(self.t.toks[b - 2].text.to_string());
        }
        // "have said", "had earlier said", "has also confirmed".
        let time = |w: &str| {
            matches!(
                w,
                "monday"
                    | "tuesday"
                    | "wednesday"
                    | "thursday"
                    | "friday"
                    | "saturday"
                    | "sunday"
                    | "today"
                    | "yesterday"
                    | "tonight"
                    | "earlier"
                    | "later"
                    | "morning"
                    | "evening"
                    | "afternoon"
                    | "night"
                    | "late"
            )
        };
        loop {
            if b > 0 && self.has(b - 1, AUX) && !self.person(b - 1) && b + 4 > r {
                b -= 1;
            } else if b > 0 && time(self.lw(b - 1)) && b + 5 > r {
                // "Police on Monday said", "officials said late on Sunday".
                b -= 1;
                if matches!(self.back(b, 1), "on" | "late" | "early") {
                    b -= 1;
                }
            } else {
                break;
            }
        }
        let mut a = b;
        while a > 0 && b - a < 6 {
            if self.np_word(a - 1) {
                a -= 1;
                continue;
            }
            if matches!(self.lw(a - 1), "of" | "for") && a >= 2 && self.np_word(a - 2) && a < b {
                a -= 1;
                continue;
            }
            break;
        }
        while a < b && matches!(self.lw(a), "of" | "for") {
            a += 1;
        }
        if a == b || (b == a + 1 && self.has(a, PRON)) {
            return None;
        }
        self.text_of(a, b)
    }
}
