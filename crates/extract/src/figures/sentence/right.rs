//! Ties to the right of a number: auxiliaries then a casualty predicate ("12 people were killed", "3 were taken to hospital"), in either voice, past relative clauses.

use super::*;

impl SentenceFigures<'_, '_> {
    /// The casualty predicate at `k`, if any: (kind, token after it, name).
    pub(super) fn predicate(&self, k: usize) -> Option<(FigureKind, usize, String)> {
        let w = self.lw(k);
        let w1 = self.lw(k + 1);
        let name = |n: usize| {
            self.text_of(k, n)
                .map(|s| s.to_ascii_lowercase())
                .unwrap_or_default()
        };
        let hospital = |from: usize| {
            (from..from + 3).find(|&m| matches!(self.lw(m), "hospital" | "hospitals"))
        };
        match w {
            "lost" if matches!(w1, "their" | "his" | "her" | "its") => {
                return match self.lw(k + 2) {
                    "lives" | "life" => Some((FigureKind::Killed, k + 3, name(k + 3))),
                    "homes" | "home" | "houses" | "house" => {
                        Some((FigureKind::Displaced, k + 3, name(k + 3)))
                    }
                    _ => None,
                };
            }
            "shot" | "found" | "confirmed" | "declared" | "pronounced" if w1 == "dead" => {
                return Some((FigureKind::Killed, k + 2, name(k + 2)));
            }
            "gunned" | "mowed" if w1 == "down" => {
                return Some((FigureKind::Killed, k + 2, name(k + 2)));
            }
            "fatally"
                if matches!(
                    w1,
                    "shot"
                        | "wounded"
                        | "injured"
                        | "stabbed"
                        | "hurt"
                        | "struck"
                        | "hit"
                        | "burned"
                        | "beaten"
                        | "crushed"
                ) =>
            {
                return Some((FigureKind::Killed, k + 2, name(k + 2)));
            }
            "succumbed" => return Some((FigureKind::Killed, k + 1, name(k + 1))),
            "taken" | "rushed" | "admitted" | "airlifted" | "transported" | "sent" | "brought"
            | "flown"
                if matches!(w1, "to" | "into") =>
            {
                if let Some(h) = hospital(k + 2) {
                    return Some((FigureKind::Injured, h + 1, name(h + 1)));
                }
                if w == "taken" && w1 == "into" && self.lw(k + 2) == "custody" {
                    return Some((FigureKind::Detained, k + 3, name(k + 3)));
                }
            }
            "hospitalised" | "hospitalized" => {
                return Some((FigureKind::Injured, k + 1, name(k + 1)));
            }
            "treated" if matches!(w1, "for" | "in" | "at") => {
                return Some((FigureKind::Injured, k + 1, name(k + 1)));
            }
            "in" if w1 == "hospital" => return Some((FigureKind::Injured, k + 2, name(k + 2))),
            "in" if w1 == "custody" => return Some((FigureKind::Detained, k + 2, name(k + 2))),
            // "1,000 people remain in relief camps" (reached only through a verb before it).
            "in" if k > 0 && self.has(k - 1, AUX) && self.shelter_after(k + 1).is_some() => {
                let e = self.shelter_after(k + 1).unwrap_or(k + 1);
                return Some((FigureKind::Displaced, e, name(e)));
            }
            "in" if matches!(w1, "critical" | "serious" | "stable" | "grave")
                && self.lw(k + 2) == "condition" =>
            {
                return Some((FigureKind::Injured, k + 3, name(k + 3)));
            }
            "in" if matches!(w1, "a" | "an")
                && matches!(self.lw(k + 2), "critical" | "serious" | "stable" | "grave")
                && self.lw(k + 3) == "condition" =>
            {
                return Some((FigureKind::Injured, k + 4, name(k + 4)));
            }
            "suffered" | "sustained" | "received" | "suffering" | "sustaining" | "receiving" => {
                for m in k + 1..k + 5 {
                    if matches!(
                        self.lw(m),
                        "injuries" | "injury" | "wounds" | "wound" | "burns" | "fractures"
                    ) {
                        return Some((FigureKind::Injured, m + 1, name(m + 1)));
                    }
                    if self.punct(m) {
                        break;
                    }
                }
            }
            "held" | "remanded" | "placed" | "kept"
                if matches!(w1, "in" | "into") && self.lw(k + 2) == "custody" =>
            {
                return Some((FigureKind::Detained, k + 3, name(k + 3)));
            }
            "placed" | "put" if w1 == "under" && self.lw(k + 2) == "arrest" => {
                return Some((FigureKind::Detained, k + 3, name(k + 3)));
            }
            "under" if w1 == "arrest" => return Some((FigureKind::Detained, k + 2, name(k + 2))),
            "rounded" if w1 == "up" => return Some((FigureKind::Detained, k + 2, name(k + 2))),
            "forced" | "driven" | "chased" if matches!(w1, "from" | "out") => {
                for m in k + 2..k + 6 {
                    if matches!(
                        self.lw(m),
                        "homes" | "home" | "houses" | "villages" | "village"
                    ) {
                        return Some((FigureKind::Displaced, m + 1, name(m + 1)));
                    }
                }
            }
            "forced" if w1 == "to" && self.lw(k + 2) == "flee" => {
                return Some((FigureKind::Displaced, k + 3, name(k + 3)));
            }
            "fled" | "abandoned" | "left" => {
                for m in k + 1..k + 4 {
                    if matches!(self.lw(m), "homes" | "home" | "houses" | "villages") {
                        return Some((FigureKind::Displaced, m + 1, name(m + 1)));
                    }
                    if self.punct(m) {
                        break;
                    }
                }
            }
            // "50,000 people are living in tents", "sheltering in evacuation centres".
            "living" | "sleeping" | "sheltering" | "staying" | "housed" | "camped" | "camping"
                if matches!(w1, "in" | "at") =>
            {
                if let Some(e) = self.shelter_after(k + 2) {
                    return Some((FigureKind::Displaced, e, name(e)));
                }
            }
            "made" | "rendered" if w1 == "homeless" => {
                return Some((FigureKind::Displaced, k + 2, name(k + 2)));
            }
            "pulled" | "dug" | "brought" | "plucked" | "freed" | "extracted" | "recovered" => {
                for m in k + 1..k + 7 {
                    if self.lw(m) == "alive" {
                        return Some((FigureKind::Rescued, m + 1, name(m + 1)));
                    }
                    if self.punct(m) {
                        break;
                    }
                }
            }
            "moved" | "relocated" | "taken" | "transferred"
                if w1 == "to"
                    && (k + 2..k + 5).any(|m| {
                        matches!(
                            self.lw(m),
                            "shelters"
                                | "shelter"
                                | "safety"
                                | "safer"
                                | "camps"
                                | "evacuation"
                                | "relief"
                        )
                    }) =>
            {
                return Some((FigureKind::Evacuated, k + 1, name(k + 1)));
            }
            "relocated" => return Some((FigureKind::Evacuated, k + 1, name(k + 1))),
            "unaccounted" => {
                let e = if w1 == "for" { k + 2 } else { k + 1 };
                return Some((FigureKind::Missing, e, name(e)));
            }
            _ => {}
        }
        // "burned to death", "crushed to death".
        if self.t.is_word(k)
            && w1 == "to"
            && self.lw(k + 2) == "death"
            && !self.has(k, AUX | FUNC)
            && !matches!(
                w,
                "sentenced" | "condemned" | "scared" | "frightened" | "bored" | "worried" | "put"
            )
        {
            return Some((FigureKind::Killed, k + 3, name(k + 3)));
        }
        let t = self.trig(k)?;
        if t.has(T_RIGHT) {
            return Some((t.kind, k + 1, w.to_string()));
        }
        None
    }

    /// Tents or shelters for the homeless within a few words from `k` ("tents or temporary
    /// shelters", "evacuation centres"; not "detention centres"): the token after them.
    pub(super) fn shelter_after(&self, k: usize) -> Option<usize> {
        for m in k..k + 5 {
            let place = match self.lw(m) {
                "tents" | "tent" | "shelters" | "tarpaulins" => true,
                "camps" | "camp" | "centres" | "centers" | "centre" | "center" => matches!(
                    self.back(m, 1),
                    "evacuation"
                        | "relief"
                        | "displacement"
                        | "refugee"
                        | "temporary"
                        | "emergency"
                        | "makeshift"
                        | "transit"
                        | "tent"
                ),
                _ => false,
            };
            if place {
                return Some(m + 1);
            }
            if self.punct(m) && self.lw(m) != "-" || self.phrase_at(m).is_some() {
                return None;
            }
        }
        None
    }

    /// A finite verb that may follow a subject: "were", "have", "remain".
    pub(super) fn finite(&self, i: usize) -> bool {
        matches!(
            self.lw(i),
            "were"
                | "was"
                | "are"
                | "is"
                | "have"
                | "has"
                | "had"
                | "remain"
                | "remained"
                | "remains"
        )
    }

    /// A casualty predicate, adjective or noun after the quantity (and its person noun).
    pub(super) fn right(&self, p: usize) -> Option<Hit> {
        let ph = &self.ph[p];
        let j = ph.next;
        // "12 deaths", "40 bodies", "11 arrests", "12 more deaths".
        let mut k = j;
        if !ph.singular {
            let pre = matches!(
                self.lw(k),
                "confirmed" | "reported" | "recorded" | "registered" | "known" | "official"
            );
            if (self.modifier(k) || pre) && self.trig_has(k + 1, T_NOUN) {
                k += 1;
            }
            if let Some(t) = self.trig(k)
                && t.has(T_NOUN)
                && !(matches!(self.lw(k), "death" | "body" | "injury" | "arrest") && ph.value != 1)
                && !(self.lw(k) == "arrest" && self.lw(k + 1) == "warrants")
            {
                return Some(Hit {
                    kind: t.kind,
                    rule: format!("noun_after:{}", self.lw(k)),
                    text_end: k + 1,
                    group_subset: false,
                    noun: None,
                });
            }
        }
        let ng = if ph.singular {
            NounGroup {
                end: j,
                person_end: Some(j),
                adj: None,
            }
        } else {
            self.noun_group(j, ph.collective)
        };
        let has_noun = ng.person_end.is_some();
        let text_end = if ph.singular {
            j
        } else {
            ng.person_end.unwrap_or(j)
        };
        let noun_span = if ph.singular {
            Some((ph.first + 1, j))
        } else {
            ng.person_end.map(|e| (j, e))
        };
        let mut k = ng.end;
        // "A man suspected of shooting two coworkers was arrested": a count is not the
        // subject of a singular verb.
        if !ph.singular && ph.value > 1 && matches!(self.lw(k), "was" | "is" | "has") {
            return None;
        }
        let mut partitive_of = false;
        // Partitive: "12 of the 40 passengers", "12 of the dead", "two of those killed"; but
        // "a friend of the dead woman" is no victim.
        if self.lw(k) == "of"
            && !ph.singular
            && matches!(
                self.lw(k + 1),
                "the" | "those" | "these" | "its" | "their" | "our" | "his" | "her" | "my" | "your"
            )
        {
            let mut m = k + 2;
            if let Some(pi) = self.phrase_at(m) {
                m = self.ph[pi].next;
            }
            if self.trig_has(m, T_GROUP) && !self.person_ahead(m + 1) {
                let t = self.trig(m)?;
                // "Six of the injured later died": the predicate decides.
                if let Some((kind, _, name, _)) = self.chain_predicate(m + 1, j)
                    && kind != t.kind
                {
                    return Some(Hit {
                        kind,
                        rule: format!("verb_after:{name}"),
                        text_end,
                        group_subset: false,
                        noun: None,
                    });
                }
                let words_from = if self.has(m + 1, AUX) { m + 2 } else { m + 1 };
                let words = self.subset_words(words_from);
                return Some(Hit {
                    kind: t.kind,
                    rule: format!("group_of:{}", self.lw(m)),
                    text_end,
                    group_subset: true,
                    noun: words.or(noun_span).or(Some((k, m + 1))),
                });
            }
            let g2 = self.noun_group(m, false);
            match g2.person_end {
                Some(e) => {
                    // "12 of the 40 people injured were children": part of a casualty group.
                    if let Some(t) = self.trig(e)
                        && t.has(T_RIGHT)
                        && self.finite(e + 1)
                    {
                        let words = self.subset_words(e + 1);
                        return Some(Hit {
                            kind: t.kind,
                            rule: format!("group_of:{}", self.lw(e)),
                            text_end,
                            group_subset: true,
                            noun: words.or(noun_span).or(Some((k, e + 1))),
                        });
                    }
                    k = e;
                }
                None => partitive_of = true,
            }
        }
        if self.lw(k) == "of" && matches!(self.lw(k + 1), "them" | "whom") {
            k += 2;
        }
        let after_noun = k;
        // A phrase between the noun and its verb: "12 people in the building were killed",
        // "43 people trapped in the tunnel were rescued", "five members of the same family".
        let opens = (self.has(k, PREP) && (self.lw(k) != "of" || partitive_of || has_noun))
            || (self.t.is_word(k) && self.trig(k).is_none() && self.f(k) & (AUX | FUNC) == 0 && {
                let w = self.lw(k);
                w.len() > 4 && (w.ends_with("ed") || w.ends_with("ing"))
            });
        if (has_noun || partitive_of) && opens {
            let mut m = k + 1;
            while m < (k + 8).min(self.n()) {
                // "600 residents of Yauca, a valley south of Lima, were evacuated".
                if let Some(e) = self.paren_end(m).filter(|_| self.lw(m) == ",") {
                    k = e;
                    break;
                }
                // A number that counts no people ("in 21 cities") does not end the phrase.
                if self.punct(m)
                    || self.phrase_at(m).is_some_and(|x| !self.ph[x].rejected)
                    || matches!(self.lw(m), "and" | "or" | "but")
                {
                    break;
                }
                let finite = matches!(
                    self.lw(m),
                    "were"
                        | "was"
                        | "are"
                        | "is"
                        | "have"
                        | "has"
                        | "had"
                        | "remain"
                        | "remained"
                        | "remains"
                        | "died"
                        | "perished"
                        | "drowned"
                );
                if finite && !matches!(self.back(m, 1), "the" | "those" | "these" | "a" | "an") {
                    k = m;
                    break;
                }
                m += 1;
            }
        }
        if let Some(e) = self.paren_end(k) {
            k = e;
        }
        let hit = self.chain_predicate(k, j);
        let Some((kind, end, name, at)) = hit else {
            return self.right_fallback(k, &ng, text_end, noun_span);
        };
        let direct = at == j;
        let rule = if direct || (at == after_noun && has_noun && !ph.singular) {
            format!("noun_after:{name}")
        } else {
            format!("verb_after:{name}")
        };
        let text_end = if direct && !ph.singular {
            end
        } else {
            text_end
        };
        Some(Hit {
            kind,
            rule,
            text_end,
            group_subset: false,
            noun: None,
        })
    }

    /// After a predicate search failed: "were among the dead", or "40 wounded soldiers".
    pub(super) fn right_fallback(
        &self,
        k: usize,
        ng: &NounGroup,
        text_end: usize,
        noun_span: Option<(usize, usize)>,
    ) -> Option<Hit> {
        let mut k = k;
        while matches!(
            self.lw(k),
            "were" | "are" | "was" | "is" | "also" | "reportedly"
        ) {
            k += 1;
        }
        // "3 children were among the dead": a subset of a group.
        if self.lw(k) == "among"
            && matches!(self.lw(k + 1), "the" | "those")
            && self.trig_has(k + 2, T_GROUP)
        {
            let t = self.trig(k + 2)?;
            return Some(Hit {
                kind: t.kind,
                rule: format!("group_among:{}", self.lw(k + 2)),
                text_end,
                group_subset: true,
                noun: noun_span,
            });
        }
        // "40 wounded soldiers" with no predicate of their own.
        if let Some((kind, at)) = ng.adj {
            return Some(Hit {
                kind,
                rule: format!("noun_after:{}", self.lw(at)),
                text_end,
                group_subset: false,
                noun: None,
            });
        }
        None
    }

    /// Auxiliaries and adverbs from `k`, then a casualty predicate: (kind, token after it,
    /// name, token where it starts). `j` is where the subject's number phrase ends.
    /// A relative clause is looked through to the main verb: "a woman who was injured in the
    /// attack died", "two suspects who killed 5 people were arrested".
    pub(super) fn chain_predicate(
        &self,
        k0: usize,
        j: usize,
    ) -> Option<(FigureKind, usize, String, usize)> {
        let mut k = k0;
        let mut passive = false;
        let mut relative = false;
        let mut steps = 0;
        while steps < 8 && k < self.n() {
            let w = self.lw(k);
            if self.has(k, NEG) {
                return None;
            }
            if self.has(k, MODAL) && !self.month(k) {
                // "Up to 30 people may still be missing": an estimate of the missing, not a
                // hypothetical.
                let mut m = k + 1;
                while matches!(self.lw(m), "still" | "also" | "yet") {
                    m += 1;
                }
                let missing = matches!(self.lw(k), "may" | "might" | "could")
                    && self.lw(m) == "be"
                    && matches!(self.lw(m + 1), "missing" | "unaccounted");
                if !missing {
                    return None;
                }
                k = m + 1;
                steps += 1;
                continue;
            }
            if matches!(
                w,
                "shot" | "stabbed" | "beaten" | "attacked" | "struck" | "hit" | "run" | "trapped"
            ) && self.lw(k + 1) == "and"
            {
                // "were shot and killed" (passive from "were") or "two officers shot and
                // killed a teen" (active): the voice is the next verb's.
                k += 2;
                steps += 2;
                continue;
            }
            if w == "to"
                && matches!(
                    self.back(k, 1),
                    "believed"
                        | "thought"
                        | "said"
                        | "known"
                        | "feared"
                        | "reported"
                        | "confirmed"
                        | "presumed"
                        | "understood"
                        | "estimated"
                )
            {
                k += 1;
                steps += 1;
                continue;
            }
            if self.has(k, AUX) {
                if matches!(
                    w,
                    "were"
                        | "was"
                        | "are"
                        | "is"
                        | "be"
                        | "been"
                        | "being"
                        | "got"
                        | "get"
                        | "gets"
                        | "left"
                        | "found"
                        | "reported"
                        | "confirmed"
                        | "declared"
                        | "feared"
                        | "believed"
                        | "listed"
                        | "remain"
                        | "remained"
                        | "remains"
                        | "went"
                        | "gone"
                        | "made"
                        | "became"
                ) {
                    passive = true;
                }
                if matches!(w, "who" | "that") {
                    relative = true;
                    passive = false;
                }
                k += 1;
                steps += 1;
                continue;
            }
            break;
        }
        let found = self.predicate(k);
        if relative {
            // Look for the main clause's verb after the relative clause.
            let mut m = found.as_ref().map_or(k + 1, |f| f.1);
            while m < (k + 12).min(self.n()) {
                if self.punct(m) || matches!(self.lw(m), "and" | "but") {
                    break;
                }
                if matches!(
                    self.lw(m),
                    "were"
                        | "was"
                        | "are"
                        | "is"
                        | "have"
                        | "has"
                        | "had"
                        | "died"
                        | "remain"
                        | "remains"
                        | "succumbed"
                ) && self.phrase_ending_at(m).is_none()
                {
                    if let Some(main) = self.chain_predicate_simple(m) {
                        return Some(main);
                    }
                    break;
                }
                m += 1;
            }
        }
        let (kind, end, name) = found?;
        // "killed or injured", "dead or missing", "died or gone missing": the count mixes kinds.
        if matches!(self.lw(end), "or" | "and" | "and/or") {
            let mut m = end + 1;
            while m < end + 4 && self.has(m, AUX) {
                m += 1;
            }
            if self.predicate(m).is_some_and(|(k2, _, _)| k2 != kind) {
                return None;
            }
        }
        // Active voice with an object: "3 gunmen killed 12 people", "a man who killed 12".
        let transitive =
            (self.trig_has(k, T_LEFT) && end == k + 1) || (self.lw(k) == "fatally" && end == k + 2);
        if transitive && !passive && k > j {
            let obj = self.lw(end);
            // "fatally shot 16-year-old Kenny Ward": an age or a full name is an object too.
            let full_name = is_cap_word(self.t, end)
                && is_cap_word(self.t, end + 1)
                && self.f(end) & (FUNC | MONTH | TIME) == 0;
            let object_follows = self.phrase_at(end).is_some()
                || matches!(
                    obj,
                    "a" | "an" | "the" | "his" | "her" | "their" | "him" | "them" | "its"
                )
                || self.person(end)
                || self.age_at(end).is_some()
                || full_name;
            if object_follows || relative {
                return None;
            }
        }
        Some((kind, end, name, k))
    }

    /// A main-clause predicate after a relative clause: aux chain then a predicate, no
    /// further relative clauses.
    pub(super) fn chain_predicate_simple(
        &self,
        k0: usize,
    ) -> Option<(FigureKind, usize, String, usize)> {
        let mut k = k0;
        let mut steps = 0;
        while steps < 6 && self.has(k, AUX) && !matches!(self.lw(k), "who" | "that") {
            if self.has(k, NEG) {
                return None;
            }
            k += 1;
            steps += 1;
        }
        if self.has(k, NEG | MODAL) {
            return None;
        }
        let (kind, end, name) = self.predicate(k)?;
        if self.trig_has(k, T_LEFT) && end == k + 1 && k == k0 {
            // Active transitive main verb ("who ... killed 5"): not about the subject.
            if self.phrase_at(end).is_some()
                || matches!(self.lw(end), "a" | "an" | "the" | "his" | "her" | "their")
            {
                return None;
            }
        }
        Some((kind, end, name, k))
    }
}
