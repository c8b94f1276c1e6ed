//! Toll constructions: "the death toll rose to 60", "put the toll at 275", "the number of dead reached 31".

use super::*;

impl SentenceFigures<'_, '_> {
    /// "toll", "death toll", "the number of dead", "the tally of injured", "deaths rose".
    pub(super) fn toll_head(&self, h: usize) -> Option<(FigureKind, usize, &'static str)> {
        let w = self.lw(h);
        match w {
            "toll" | "tolls" => {
                let kind = if matches!(self.back(h, 1), "injury" | "injuries") {
                    FigureKind::Injured
                } else {
                    FigureKind::Killed
                };
                if self.lw(h + 1) == "on" {
                    return None;
                }
                Some((kind, h + 1, "toll"))
            }
            "count" if matches!(self.back(h, 1), "death" | "body" | "casualty") => {
                Some((FigureKind::Killed, h + 1, "toll"))
            }
            "number" | "tally" | "count" | "total" if self.lw(h + 1) == "of" => {
                let mut k = h + 2;
                let mut skipped = 0;
                while skipped < 3
                    && matches!(
                        self.lw(k),
                        "people"
                            | "those"
                            | "persons"
                            | "civilians"
                            | "confirmed"
                            | "reported"
                            | "the"
                            | "individuals"
                            | "residents"
                            | "children"
                            | "officially"
                    )
                {
                    k += 1;
                    skipped += 1;
                }
                let kind = match self.lw(k) {
                    "casualties" => FigureKind::Killed,
                    "homeless" => FigureKind::Displaced,
                    _ => {
                        let t = self.trig(k)?;
                        if !(t.has(T_GROUP) || t.has(T_NOUN) || t.has(T_RIGHT)) {
                            return None;
                        }
                        t.kind
                    }
                };
                Some((kind, k + 1, "toll_number"))
            }
            "deaths" | "fatalities" | "injuries" | "arrests" => {
                let t = self.trig(h)?;
                if self.has(h + 1, CHANGE) || (self.has(h + 1, AUX) && self.has(h + 2, CHANGE)) {
                    Some((t.kind, h + 1, "toll_noun"))
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    pub(super) fn tolls(&mut self) {
        let n = self.n();
        for h in 0..n {
            let Some((kind, head_end, _name)) = self.toll_head(h) else {
                continue;
            };
            let limit = (head_end + 16).min(n);
            let mut k = head_end;
            let mut estimated = false;
            while k < limit {
                let w = self.lw(k);
                if w == ";" || self.has(k, SPECULATIVE) && !matches!(w, "may" | "march") {
                    break;
                }
                if matches!(w, "estimated" | "estimate" | "estimates") {
                    estimated = true;
                }
                if k > head_end && self.toll_head(k).is_some() {
                    break;
                }
                if let Some(pi) = self.phrase_at(k) {
                    let p = &self.ph[pi];
                    let first = p.first;
                    let next = p.next;
                    if p.rejected || p.singular || p.kind.is_some() {
                        k = next.max(k + 1);
                        continue;
                    }
                    let first = self.anchor(first);
                    let link = self.back(first, 1);
                    if link == "from" && first > 0 {
                        self.set(pi, kind, "toll_from".to_string(), next);
                        self.ph[pi].superseded = true;
                        k = next;
                        continue;
                    }
                    let linked =
                        first > 0 && (self.has(first - 1, TOLL_LINK) || first - 1 < head_end);
                    if linked && first > 0 {
                        // "An earlier statement had put the number of dead at 9."
                        // "The death toll, which stood at 17 on Monday, ...": a past value.
                        if (head_end..first).any(|m| {
                            matches!(self.lw(m), "which" | "that") && self.back(m, 1) == ","
                        }) && (head_end..first)
                            .any(|m| matches!(self.lw(m), "stood" | "was" | "had"))
                        {
                            self.ph[pi].soft_sup = true;
                        }
                        if (h.saturating_sub(8)..first).any(|m| {
                            self.has(m, SUP_MARK) && (m..first).all(|x| self.phrase_at(x).is_none())
                        }) {
                            self.ph[pi].soft_sup = true;
                        }
                        let ng = self.noun_group(next, self.ph[pi].collective);
                        let text_end = ng.person_end.unwrap_or(next);
                        self.set(
                            pi,
                            kind,
                            format!("toll_{}", if link == ":" { "colon" } else { link }),
                            text_end,
                        );
                        let q = &mut self.ph[pi].qual;
                        if *q == Qualifier::Exact {
                            if matches!(
                                link,
                                "topped"
                                    | "tops"
                                    | "passed"
                                    | "passes"
                                    | "surpassed"
                                    | "surpasses"
                                    | "exceeded"
                                    | "exceeds"
                                    | "crossed"
                                    | "crosses"
                            ) {
                                *q = Qualifier::MoreThan;
                            } else if matches!(
                                link,
                                "neared"
                                    | "nears"
                                    | "nearing"
                                    | "approached"
                                    | "approaches"
                                    | "approaching"
                            ) {
                                *q = Qualifier::Nearly;
                            } else if estimated {
                                *q = Qualifier::About;
                            }
                        }
                        break;
                    }
                    k = next.max(k + 1);
                    continue;
                }
                k += 1;
            }
        }
    }
}
