//! Claims of responsibility, accusations, denials and condemnations.
//!
//! Sentence by sentence: a cheap keyword gate, then tokens and entity mentions
//! ([`entities`]), then trigger words ("claimed responsibility", "accused", "denied",
//! "condemned", and their nominal forms "claim of responsibility", "accusations from",
//! "refutation from", "condemnation of"). Each trigger finds its actor (the clause subject,
//! a relative-clause antecedent, a possessor, or the agent after "by"/"from") and, where the
//! kind has one, its target (the first entity after the trigger). Actors must be named
//! entities; "world leaders" or "the international community" are not. A country's official
//! named by office ("Belgium's interior minister") is the person the article names with that
//! office, else the office itself; a described part of a named group ("a dissident faction of
//! the former FARC") and a self-named group ("a group calling itself the X Front") act too, and
//! so does the subject a possessive pronoun points to ("repeated his accusation that ...").

pub mod entities;

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use factline_model::{Claim, ClaimKind, CleanText};

use crate::tokens::{Token, TokenKind};
use entities::{ActorKind, Gov, Mention, MentionKind, strip_possessive};

/// Substrings a sentence must contain (ASCII case-insensitive) to be worth analysing.
const GATE_WORDS: &[&str] = &[
    "claim",
    "responsib",
    "accus",
    "alleg",
    "blam",
    "implicat",
    "finger",
    "link",
    "held",
    "hold",
    "behind",
    "deni",
    "deny",
    "reject",
    "refut",
    "dismiss",
    "discount",
    "ruled out",
    "rebuff",
    "disput",
    "condemn",
    "denounc",
    "denunciat",
    "deplor",
    "decri",
    "decry",
    "carried out",
    "staged",
    "accountable",
    "nothing to do",
    "no role",
    "no part",
    "no hand",
    "not involved",
    "not behind",
    "baseless",
    "absurd",
    "unfounded",
    "groundless",
    "fabricat",
    "nonsense",
    "ridiculous",
    "untrue",
    "preposterous",
    " lies",
];

/// Words that call a claim false ("called the accusations absurd").
const DISMISSIVE: &[&str] = &[
    "absurd",
    "baseless",
    "groundless",
    "unfounded",
    "false",
    "ridiculous",
    "nonsense",
    "lies",
    "lie",
    "fabrication",
    "fabrications",
    "fabricated",
    "preposterous",
    "untrue",
    "slander",
    "slanderous",
    "laughable",
    "propaganda",
];

/// Nouns naming what someone else asserted.
const CLAIM_NOUNS: &[&str] = &[
    "accusation",
    "accusations",
    "allegation",
    "allegations",
    "claim",
    "claims",
    "charge",
    "charges",
    "report",
    "reports",
    "suggestion",
    "suggestions",
    "assertion",
    "assertions",
];

/// Verbs that judge a claim by naming it: "called/described/branded the claims ...".
const CALLING: &[&str] = &[
    "called",
    "calls",
    "call",
    "calling",
    "described",
    "describes",
    "describing",
    "branded",
    "brands",
    "branding",
    "labelled",
    "labeled",
    "labels",
    "termed",
    "said",
    "says",
    "saying",
];

/// Nouns by which an article names again a militant group it named before ("the militants").
const GROUP_ANAPHORS: &[&str] = &[
    "group",
    "militants",
    "rebels",
    "insurgents",
    "jihadists",
    "militia",
    "extremists",
];

static GATE: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostFirst)
        .build(GATE_WORDS)
        .expect("gate patterns")
});

/// Nouns naming the violent event a condemnation must be about.
const VIOLENT: &[&str] = &[
    "attack",
    "attacks",
    "bombing",
    "bombings",
    "shooting",
    "shootings",
    "killing",
    "killings",
    "violence",
    "massacre",
    "massacres",
    "atrocity",
    "atrocities",
    "assault",
    "assaults",
    "explosion",
    "explosions",
    "blast",
    "blasts",
    "strike",
    "strikes",
    "airstrike",
    "airstrikes",
    "raid",
    "raids",
    "shelling",
    "terrorism",
    "terror",
    "act",
    "acts",
    "incident",
    "murder",
    "murders",
    "slaughter",
    "carnage",
    "bloodshed",
    "stabbing",
    "stabbings",
    "rampage",
    "ambush",
    "hostage-taking",
    "kidnapping",
    "kidnappings",
    "abduction",
    "abductions",
    "execution",
    "executions",
    "barrage",
    "barrages",
    "beheading",
    "beheadings",
    "crime",
    "crimes",
    "tragedy",
    "deaths",
    "onslaught",
    "siege",
    "gunfire",
    "bombardment",
    "bombardments",
    "attacks",
    "assassination",
    "hijacking",
    "suicide",
    "car-bombing",
    "rocket",
    "rockets",
    "missile",
    "drone",
];

/// Words ending the noun phrase after a trigger.
const NP_STOP: &[&str] = &[
    "of",
    "to",
    "that",
    "which",
    "who",
    "by",
    "for",
    "as",
    "and",
    "in",
    "on",
    "at",
    "against",
    "with",
    "from",
    "after",
    "during",
    "while",
    "but",
    "amid",
    "amidst",
    "since",
    "over",
    "because",
    "calling",
    "saying",
    "urging",
    "describing",
    "adding",
];

/// Objects that make "denied"/"rejected"/"dismissed" a denial of a claim, besides the
/// [`CLAIM_NOUNS`] ("denied the accusations").
const DENIAL_OBJ: &[&str] = &[
    "involvement",
    "responsibility",
    "role",
    "part",
    "link",
    "links",
    "connection",
    "connections",
    "narrative",
    "complicity",
    "wrongdoing",
    "ties",
    "participation",
    "blame",
    "idea",
    "notion",
    "insinuation",
    "insinuations",
    "version",
];

/// Words that negate a trigger shortly before it.
const NEGATORS: &[&str] = &[
    "not", "never", "no", "refused", "declined", "failed", "without", "neither", "nor", "nobody",
    "cannot", "unlikely", "hardly", "none",
];

const BE: &[&str] = &["is", "was", "were", "are", "been", "being", "be"];

const REPORTING: &[&str] = &[
    "said",
    "says",
    "claimed",
    "claims",
    "alleged",
    "alleges",
    "insisted",
    "insists",
    "suggested",
    "suggests",
    "believes",
    "believed",
    "asserted",
    "asserts",
    "argued",
    "argues",
    "maintained",
    "maintains",
    "charged",
    "charges",
    "stated",
    "states",
];

/// Words after which a target can no longer belong to the trigger before them.
const TARGET_STOP: &[&str] = &[
    "who",
    "which",
    "while",
    "but",
    "whereas",
    "accused",
    "accuses",
    "blamed",
    "blames",
    "denied",
    "denies",
    "condemned",
    "condemns",
    "said",
    "says",
    "rejected",
    "claimed",
    "called",
    "urged",
    "vowed",
    "added",
    "insisted",
    "dismissed",
    "warned",
];

fn lw_in(t: &Token, list: &[&str]) -> bool {
    t.kind == TokenKind::Word && list.iter().any(|w| t.text.eq_ignore_ascii_case(w))
}

/// The word of a token without a possessive ending, ASCII-lowercased.
fn bare_lower(t: &Token) -> String {
    strip_possessive(t.text).0.to_ascii_lowercase()
}

/// A claim found before deduplication.
struct Raw {
    kind: ClaimKind,
    actor: String,
    /// Byte start of the actor's name when it stands in this sentence.
    actor_start: Option<usize>,
    /// The country the actor speaks for ("Ukrainian President X" → Ukraine).
    affil: Option<String>,
    target: Option<String>,
    target_end: Option<usize>,
    trig_start: usize,
    trig_end: usize,
    rule: &'static str,
}

/// An actor found for a trigger.
#[derive(Clone)]
struct ActorRef {
    name: String,
    kind: MentionKind,
    start: Option<usize>,
    affil: Option<String>,
}

struct Cx<'a> {
    an: &'a crate::analysis::Analysis<'a>,
    text: &'a CleanText,
    body: &'a str,
    toks: &'a [Token<'a>],
    ments: &'a [Mention],
    si: usize,
}

/// Every claim of the text, deduplicated, in order of appearance.
pub fn extract_claims(text: &CleanText) -> Vec<Claim> {
    claims_of(&crate::analysis::Analysis::new(text))
}

/// [`extract_claims`] over an analysis the other extractors share.
pub fn claims_of<'a>(an: &'a crate::analysis::Analysis<'a>) -> Vec<Claim> {
    let text = an.text;
    let body = an.body;
    let mut raws: Vec<(usize, Raw)> = Vec::new();
    for (si, s) in text.sentences.iter().enumerate() {
        if !text.holds(*s) {
            continue;
        }
        if !GATE.is_match(&body[s.start..s.end]) {
            continue;
        }
        let toks = an.tokens(si);
        let ments = entities::mentions(body, toks, s.start, s.end);
        let cx = Cx {
            an,
            text,
            body,
            toks,
            ments: &ments,
            si,
        };
        for r in find(&cx) {
            raws.push((si, r));
        }
    }
    finish(text, raws)
}

/// Deduplicate and build the contract's claims.
fn finish(text: &CleanText, raws: Vec<(usize, Raw)>) -> Vec<Claim> {
    let body = text.body.as_str();
    let mut out: Vec<Claim> = Vec::new();
    let mut affils: Vec<Option<String>> = Vec::new();
    let aliases = if raws.is_empty() {
        Vec::new()
    } else {
        acronyms(body)
    };
    let full = |name: &mut String| {
        // The acronym, or the end of the name the acronym stands for ("Liberation Army").
        let hit = aliases.iter().find(|(a, f)| {
            a == name || (name.contains(' ') && f.len() > name.len() && f.ends_with(name.as_str()))
        });
        if let Some((_, f)) = hit {
            *name = entities::TABLE
                .lookup(f)
                .map_or_else(|| f.clone(), str::to_string);
        }
    };
    for (si, mut r) in raws {
        // One actor under two names: "the National Liberation Army (ELN)" and later "the ELN".
        full(&mut r.actor);
        if let Some(t) = r.target.as_mut() {
            full(t);
        }
        if r.target.as_deref() == Some(r.actor.as_str()) {
            r.target = None;
            r.target_end = None;
        }
        if r.actor.is_empty() {
            continue;
        }
        // A third party's rejection of "the accusation" answers the latest accusation before it:
        // its target is the party accused ("Russia accused Ukraine ... Washington dismissed the
        // accusation"). The accused's own denial keeps no target.
        if r.kind == ClaimKind::Denied
            && r.target.is_none()
            && matches!(r.rule, "den.rejected" | "den.called_baseless")
            && answers_accusation(&body[r.trig_start..r.trig_end])
            && let Some(acc) = out
                .iter()
                .rev()
                .find(|c| c.kind == ClaimKind::Accused && c.target.is_some())
        {
            let accused = acc.target.clone().unwrap_or_default();
            let own = r.actor == accused
                || r.affil.as_deref() == Some(accused.as_str())
                || r.actor == acc.actor;
            if !own {
                r.target = Some(accused);
            }
        }
        // The same claim, also when made once by a country and once by its leader or spokesman.
        // A country's claim made again by the official who speaks for it ("Colombia blames
        // ..." then "the defence minister accused ...") is the official's.
        let mut replace = None;
        let dup = out.iter().zip(&affils).enumerate().any(|(ci, (c, af))| {
            let same = c.kind == r.kind && c.target == r.target;
            if same && r.affil.as_deref() == Some(c.actor.as_str()) && af.is_none() {
                replace = Some(ci);
                return false;
            }
            same && (c.actor == r.actor
                || r.affil.as_deref() == Some(c.actor.as_str())
                || af.as_deref() == Some(r.actor.as_str()))
        });
        if dup {
            continue;
        }
        let sent = text.sentences[si];
        let mut start = r.trig_start;
        if let Some(a) = r.actor_start
            && a >= sent.start
            && a < start
        {
            start = a;
        }
        let mut end = r.trig_end;
        if let Some(e) = r.target_end
            && e > end
            && e <= sent.end
        {
            end = e;
        }
        if start > end
            || end > body.len()
            || !body.is_char_boundary(start)
            || !body.is_char_boundary(end)
        {
            continue;
        }
        let claim = Claim {
            kind: r.kind,
            actor: r.actor,
            target: r.target,
            sentence: si,
            start,
            end,
            text: body[start..end].to_string(),
            rule: r.rule.to_string(),
        };
        if let Some(ci) = replace {
            out[ci] = claim;
            affils[ci] = r.affil;
        } else {
            out.push(claim);
            affils.push(r.affil);
        }
    }
    // The same claim without a target adds nothing to one with a target.
    let keep: Vec<bool> = out
        .iter()
        .map(|c| {
            c.target.is_some()
                || !out
                    .iter()
                    .any(|d| d.kind == c.kind && d.actor == c.actor && d.target.is_some())
        })
        .collect();
    let mut k = 0;
    out.retain(|_| {
        k += 1;
        keep[k - 1]
    });
    out
}

/// Does the object of a rejection name an accusation ("the accusation", "these claims")?
fn answers_accusation(span: &str) -> bool {
    span.split(|c: char| !c.is_alphanumeric()).any(|w| {
        matches!(
            w.to_ascii_lowercase().as_str(),
            "accusation" | "accusations" | "allegation" | "allegations" | "claim" | "claims"
        )
    })
}

/// Acronyms the article defines: "the National Liberation Army (ELN)" gives ("ELN", "National
/// Liberation Army"). The acronym starts with the initial of the name's first word.
fn acronyms(body: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(k) = body[from..].find('(') {
        let open = from + k;
        from = open + 1;
        let Some(len) = body[from..].find(')').filter(|&l| (2..=8).contains(&l)) else {
            continue;
        };
        let acr = &body[from..from + len];
        if !acr.chars().all(|c| c.is_ascii_uppercase() || c == '-')
            || !acr.starts_with(|c: char| c.is_ascii_uppercase())
        {
            continue;
        }
        // The capitalised words before the parenthesis (small lowercase connectors inside),
        // from the farthest one with the acronym's initial.
        let words: Vec<&str> = body[..open].split_whitespace().rev().take(10).collect();
        let is_cap = |w: &str| {
            w.starts_with(|c: char| c.is_uppercase())
                && w.chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '\'' || c == '’')
        };
        let mut run = 0;
        while run < words.len()
            && (is_cap(words[run])
                || (run > 0 && matches!(words[run], "of" | "for" | "and" | "the" | "de" | "al")))
        {
            run += 1;
        }
        let Some(f) = (0..run)
            .rev()
            .find(|&i| is_cap(words[i]) && words[i].starts_with(&acr[..1]) && words[i] != "The")
        else {
            continue;
        };
        let name_words: Vec<&str> = words[..=f].iter().rev().copied().collect();
        if name_words.iter().filter(|w| is_cap(w)).count() < 2 {
            continue;
        }
        let name = name_words.join(" ");
        if !out.iter().any(|(a, _): &(String, String)| a == acr) {
            out.push((acr.to_string(), name));
        }
    }
    out
}

fn find(cx: &Cx) -> Vec<Raw> {
    let mut out = Vec::new();
    for i in 0..cx.toks.len() {
        let t = &cx.toks[i];
        if t.kind != TokenKind::Word {
            continue;
        }
        let w = t.text.to_ascii_lowercase();
        match w.as_str() {
            "claim" | "claims" | "claimed" | "claiming" => claim_rules(cx, i, &w, &mut out),
            "took" | "take" | "takes" | "taken" | "taking" => took_responsibility(cx, i, &mut out),
            "responsibility" => responsibility_passive(cx, i, &mut out),
            "said" | "says" | "saying" => said_it_carried_out(cx, i, &mut out),
            "accused" | "accuses" | "accuse" | "accusing" | "implicated" | "implicating"
            | "implicates" | "implicate" => accuse_verb(cx, i, &mut out),
            "blame" if put_the_blame(cx, i, &mut out) => {}
            "blamed" | "blames" | "blaming" | "blame" => blame_verb(cx, i, &w, &mut out),
            "accusation" | "accusations" | "allegation" | "allegations" => {
                accusation_noun(cx, i, &mut out)
            }
            "finger" => pointed_finger(cx, i, &mut out),
            w if DISMISSIVE.contains(&w) => called_baseless(cx, i, &mut out),
            "nothing" | "no" | "not" => said_not_involved(cx, i, &mut out),
            "linked" | "linking" | "links" => linked_to(cx, i, &w, &mut out),
            "held" | "hold" | "holds" | "holding" => held_responsible(cx, i, &mut out),
            "behind" => said_behind(cx, i, &mut out),
            "denied" | "denies" | "deny" | "denying" => deny_verb(cx, i, &mut out),
            "rejected" | "rejects" | "reject" | "rejecting" | "dismissed" | "dismisses"
            | "dismiss" | "dismissing" | "refuted" | "refutes" | "refute" | "refuting"
            | "rebuffed" | "rebuffs" | "disputed" | "disputes" | "discounting" | "discounted"
            | "discounts" | "discount" => reject_verb(cx, i, &mut out),
            "ruled" | "rules" | "ruling" if cx.toks.get(i + 1).is_some_and(|n| n.is("out")) => {
                reject_verb(cx, i + 1, &mut out);
            }
            "denial" | "denials" | "refutation" | "refutations" | "rejection" => {
                denial_noun(cx, i, &mut out)
            }
            "condemned" | "condemns" | "condemn" | "condemning" | "denounced" | "denounces"
            | "denounce" | "denouncing" | "deplored" | "deplores" | "deplore" | "deploring"
            | "decried" | "decries" | "decry" | "decrying" => condemn_verb(cx, i, &mut out),
            "condemnation" | "condemnations" | "denunciation" | "denunciations" => {
                condemnation_noun(cx, i, &mut out)
            }
            _ => {}
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Rules

fn emit(
    out: &mut Vec<Raw>,
    cx: &Cx,
    kind: ClaimKind,
    actors: &[ActorRef],
    target: Option<&Mention>,
    trig: (usize, usize),
    rule: &'static str,
) {
    for a in actors {
        let ok = matches!(
            a.kind,
            MentionKind::Known(_) | MentionKind::Person | MentionKind::Org | MentionKind::Demonym
        );
        if !ok {
            continue;
        }
        out.push(Raw {
            kind,
            actor: a.name.clone(),
            actor_start: a.start,
            affil: a.affil.clone(),
            target: target.map(|m| m.name.clone()),
            target_end: target.map(|m| m.end),
            trig_start: cx.toks[trig.0].start,
            trig_end: cx.toks[trig.1].end,
            rule,
        });
    }
}

fn claim_rules(cx: &Cx, i: usize, w: &str, out: &mut Vec<Raw>) {
    let toks = cx.toks;
    // "claimed (full) responsibility", "claim of responsibility", "claimed credit".
    let resp = (i + 1..(i + 4).min(toks.len()))
        .find(|&k| toks[k].is("responsibility") || toks[k].is("credit"));
    let nominal = is_nominal(cx, i);
    if let Some(r) = resp {
        let between_ok = toks[i + 1..r]
            .iter()
            .all(|t| t.kind == TokenKind::Word && !t.is_capitalised());
        if !between_ok {
            return;
        }
        if nominal || toks.get(i + 1).is_some_and(|t| t.is("of")) {
            let actor = possessor_before(cx, i)
                .map(|m| vec![aref(m)])
                .or_else(|| by_agent_after(cx, r))
                .unwrap_or_default();
            emit(
                out,
                cx,
                ClaimKind::ClaimedResponsibility,
                &actor,
                None,
                (i, r),
                "cr.claim_of_responsibility",
            );
        } else if !negated(cx, i) && !passive_before(cx, i) {
            let actor = subject(cx, i);
            emit(
                out,
                cx,
                ClaimKind::ClaimedResponsibility,
                &actor,
                None,
                (i, r),
                "cr.claimed_responsibility",
            );
        }
        return;
    }
    if nominal {
        // "the Islamic State's claim", "the claim made by ISIS-K": a militant group's claim.
        let actor = possessor_before(cx, i).map(|m| vec![aref(m)]).or_else(|| {
            let k = if toks.get(i + 1).is_some_and(|t| t.is("made")) {
                i + 1
            } else {
                i
            };
            by_agent_after(cx, k)
        });
        if let Some(actor) = actor {
            let groups: Vec<ActorRef> = actor
                .into_iter()
                .filter(|a| a.kind == MentionKind::Known(ActorKind::Group))
                .collect();
            emit(
                out,
                cx,
                ClaimKind::ClaimedResponsibility,
                &groups,
                None,
                (i, i),
                "cr.group_claim",
            );
        }
        return;
    }
    if w == "claimed" || w == "claims" || w == "claiming" {
        if negated(cx, i) || passive_before(cx, i) {
            return;
        }
        // "claimed the attack", "claimed it carried out the bombing".
        let end = if toks.get(i + 1).is_some_and(|t| t.is("it") || t.is("they")) {
            toks.get(i + 2)
                .filter(|t| {
                    lw_in(
                        t,
                        &[
                            "carried",
                            "staged",
                            "conducted",
                            "launched",
                            "was",
                            "were",
                            "had",
                        ],
                    )
                })
                .and(violent_np(cx, i + 2))
        } else {
            violent_np(cx, i)
                .filter(|&e| e <= i + 4)
                // "claimed the shootings \"didn't happen\"": the noun starts a clause.
                .filter(|&e| {
                    !toks.get(e + 1).is_some_and(|t| {
                        matches!(t.text, "\"" | "“" | "'" | "‘")
                            || lw_in(t, BE)
                            || lw_in(t, &["had", "did", "never", "could", "would"])
                            || t.text.ends_with("n't")
                            || t.text.ends_with("n’t")
                    })
                })
        };
        if let Some(e) = end {
            let actor = subject(cx, i);
            emit(
                out,
                cx,
                ClaimKind::ClaimedResponsibility,
                &actor,
                None,
                (i, e),
                "cr.claimed_attack",
            );
        }
    }
}

fn took_responsibility(cx: &Cx, i: usize, out: &mut Vec<Raw>) {
    let toks = cx.toks;
    let Some(r) = (i + 1..(i + 3).min(toks.len()))
        .find(|&k| toks[k].is("responsibility") || toks[k].is("credit"))
    else {
        return;
    };
    if negated(cx, i) || passive_before(cx, i) {
        return;
    }
    // "took responsibility for" a violent act, not for a failure.
    if !toks.get(r + 1).is_some_and(|t| t.is("for")) || violent_np(cx, r + 1).is_none() {
        return;
    }
    let actor = subject(cx, i);
    emit(
        out,
        cx,
        ClaimKind::ClaimedResponsibility,
        &actor,
        None,
        (i, r),
        "cr.took_responsibility",
    );
}

/// "responsibility (for the attack) was claimed by X".
fn responsibility_passive(cx: &Cx, i: usize, out: &mut Vec<Raw>) {
    let toks = cx.toks;
    let lim = (i + 9).min(toks.len());
    for k in i + 1..lim {
        if toks[k].is("claimed") && k > 0 && lw_in(&toks[k - 1], BE) {
            if toks.get(k + 1).is_some_and(|t| t.is("by"))
                && let Some(actor) = by_agent_after(cx, k)
            {
                emit(
                    out,
                    cx,
                    ClaimKind::ClaimedResponsibility,
                    &actor,
                    None,
                    (i, k + 1),
                    "cr.passive",
                );
            }
            return;
        }
        if toks[k].kind == TokenKind::Punct && toks[k].text != "," {
            return;
        }
    }
}

/// "X said it carried out the attack" (a militant group).
fn said_it_carried_out(cx: &Cx, i: usize, out: &mut Vec<Raw>) {
    let toks = cx.toks;
    let mut k = i + 1;
    // "said in a statement (on Telegram) that it ...", "said on Monday that they ...".
    if toks.get(k).is_some_and(|t| t.is("in"))
        && toks.get(k + 1).is_some_and(|t| t.is("a"))
        && toks.get(k + 2).is_some_and(|t| t.is("statement"))
    {
        k += 3;
    }
    while k < toks.len() && k <= i + 6 && is_time_word(&toks[k]) && !toks[k].is("this") {
        k += 1;
    }
    if toks.get(k).is_some_and(|t| t.is("that")) {
        k += 1;
    }
    if !toks.get(k).is_some_and(|t| t.is("it") || t.is("they")) {
        return;
    }
    let verb = toks.get(k + 1);
    let ok = verb.is_some_and(|t| {
        lw_in(
            t,
            &[
                "carried",
                "staged",
                "conducted",
                "launched",
                "had",
                "was",
                "were",
            ],
        )
    });
    if !ok || negated(cx, i) {
        return;
    }
    let mut j = k + 1;
    if toks
        .get(j)
        .is_some_and(|t| t.is("had") || t.is("was") || t.is("were"))
    {
        j += 1;
    }
    let behind = toks
        .get(j)
        .is_some_and(|t| t.is("behind") || t.is("responsible"));
    let carried = toks
        .get(j)
        .is_some_and(|t| lw_in(t, &["carried", "staged", "conducted", "launched"]));
    if !(behind || carried) {
        return;
    }
    let Some(e) = violent_np(
        cx,
        if carried && toks.get(j + 1).is_some_and(|t| t.is("out")) {
            j + 1
        } else {
            j
        },
    ) else {
        return;
    };
    let actor: Vec<ActorRef> = subject(cx, i)
        .into_iter()
        .filter(|a| a.kind == MentionKind::Known(ActorKind::Group))
        .collect();
    emit(
        out,
        cx,
        ClaimKind::ClaimedResponsibility,
        &actor,
        None,
        (i, e),
        "cr.said_it_carried_out",
    );
}

fn accuse_verb(cx: &Cx, i: usize, out: &mut Vec<Raw>) {
    let toks = cx.toks;
    if i > 0 && lw_in(&toks[i - 1], &["the", "an", "a", "his", "her", "their"]) {
        return; // "the accused"
    }
    // "accused killer X", "Accused mass shooter X": an epithet, not a verb.
    let epithet = toks.get(i + 1).is_some_and(|t| {
        lw_in(
            t,
            &[
                "killer",
                "killers",
                "shooter",
                "shooters",
                "gunman",
                "gunmen",
                "murderer",
                "attacker",
                "bomber",
                "mass",
                "man",
                "woman",
                "teen",
                "suspect",
                "driver",
                "officer",
                "ringleader",
                "spy",
                "terrorist",
                "arsonist",
                "serial",
            ],
        )
    });
    if epithet {
        return;
    }
    if negated(cx, i) {
        return;
    }
    let next_by = toks.get(i + 1).is_some_and(|t| t.is("by"));
    if passive_before(cx, i) || next_by || toks.get(i + 1).is_some_and(|t| t.is("of") || t.is("in"))
    {
        // "Ukraine was accused by Russia of ...": the agent accuses the subject.
        if next_by && let Some(actor) = by_agent_after(cx, i) {
            let target = subject_mentions(cx, i).into_iter().next();
            emit(
                out,
                cx,
                ClaimKind::Accused,
                &actor,
                target,
                (i, i + 1),
                "acc.passive",
            );
        }
        return;
    }
    let actor = subject(cx, i);
    let names: Vec<&str> = actor.iter().map(|a| a.name.as_str()).collect();
    let target = target_after(cx, i, 10, &names);
    emit(
        out,
        cx,
        ClaimKind::Accused,
        &actor,
        target,
        (i, i),
        "acc.accused",
    );
}

fn blame_verb(cx: &Cx, i: usize, w: &str, out: &mut Vec<Raw>) {
    let toks = cx.toks;
    let prev = i.checked_sub(1).map(|k| &toks[k]);
    if w == "blame" {
        // Only the verb: "to blame Ukraine", "will blame", "officials blame".
        let verbish = prev.is_some_and(|p| {
            lw_in(
                p,
                &[
                    "to", "will", "would", "could", "should", "may", "might", "must", "did", "not",
                ],
            ) || p.text.ends_with("n't")
        }) || cx.ments.iter().any(|m| m.last_tok + 1 == i && m.actor_ok);
        if !verbish {
            return;
        }
        // "X was to blame" is not an accusation by anyone named.
        if prev.is_some_and(|p| p.is("to")) && i >= 2 && lw_in(&toks[i - 2], BE) {
            return;
        }
    }
    if negated(cx, i) {
        return;
    }
    if passive_before(cx, i) {
        // "the attack was blamed on Ukraine by Russia".
        let by = (i + 1..(i + 8).min(toks.len())).find(|&k| toks[k].is("by"));
        if let Some(by) = by
            && let Some(actor) = by_agent_after(cx, by)
        {
            let names: Vec<&str> = actor.iter().map(|a| a.name.as_str()).collect();
            let target = target_after(cx, i, 6, &names)
                .filter(|m| m.first_tok < by)
                .or_else(|| subject_mentions(cx, i).into_iter().next());
            emit(
                out,
                cx,
                ClaimKind::Accused,
                &actor,
                target,
                (i, by),
                "acc.blamed_passive",
            );
        }
        return;
    }
    let actor = subject(cx, i);
    let names: Vec<&str> = actor.iter().map(|a| a.name.as_str()).collect();
    let target = target_after(cx, i, 10, &names);
    // Blaming no one named is an accusation only about violence ("blames angry youths for the
    // deaths"), not "blames the state for the dairy's problems".
    let violent_after = cx.toks[i + 1..clause_end(cx, i).min(i + 14)]
        .iter()
        .any(|t| VIOLENT.contains(&bare_lower(t).as_str()));
    if target.is_none() && !violent_after {
        return;
    }
    emit(
        out,
        cx,
        ClaimKind::Accused,
        &actor,
        target,
        (i, i),
        "acc.blamed",
    );
}

/// "X put/laid/pinned the blame (for the attack) on Y": an accusation of Y. Returns whether
/// the phrase is there (then no other reading of "blame" applies).
fn put_the_blame(cx: &Cx, i: usize, out: &mut Vec<Raw>) -> bool {
    let toks = cx.toks;
    let verbs = [
        "put", "puts", "putting", "laid", "lays", "laying", "lay", "placed", "places", "placing",
        "pinned", "pins", "pinning", "pin", "place",
    ];
    if i < 2 || !toks[i - 1].is("the") || !lw_in(&toks[i - 2], &verbs) {
        return false;
    }
    let v = i - 2;
    if negated(cx, v) || passive_before(cx, v) {
        return true;
    }
    let Some(on) = (i + 1..(i + 8).min(toks.len()))
        .take_while(|&k| toks[k].kind == TokenKind::Word)
        .find(|&k| toks[k].is("on") || toks[k].is("at"))
    else {
        return true;
    };
    let actor = subject(cx, v);
    let names: Vec<&str> = actor.iter().map(|a| a.name.as_str()).collect();
    let Some(target) = target_after(cx, on, 4, &names) else {
        return true;
    };
    emit(
        out,
        cx,
        ClaimKind::Accused,
        &actor,
        Some(target),
        (v, on),
        "acc.put_the_blame",
    );
    true
}

/// "accusations from X (linking the attack to Y)", "X's accusations against Y".
fn accusation_noun(cx: &Cx, i: usize, out: &mut Vec<Raw>) {
    let Some((actor, after)) = noun_actor(cx, i) else {
        return;
    };
    let names: Vec<&str> = actor.iter().map(|a| a.name.as_str()).collect();
    let target = target_after(cx, after, 10, &names);
    emit(
        out,
        cx,
        ClaimKind::Accused,
        &actor,
        target,
        (i, i),
        "acc.accusations_from",
    );
}

/// "X pointed the finger at Y".
fn pointed_finger(cx: &Cx, i: usize, out: &mut Vec<Raw>) {
    let toks = cx.toks;
    if i < 2
        || !toks[i - 1].is("the")
        || !lw_in(&toks[i - 2], &["pointed", "point", "points", "pointing"])
    {
        return;
    }
    if negated(cx, i - 2) {
        return;
    }
    let actor = subject(cx, i - 2);
    let names: Vec<&str> = actor.iter().map(|a| a.name.as_str()).collect();
    let target = target_after(cx, i, 8, &names);
    emit(
        out,
        cx,
        ClaimKind::Accused,
        &actor,
        target,
        (i - 2, (i + 1).min(toks.len() - 1)),
        "acc.pointed_finger",
    );
}

/// "X linked the attack to Y", "a statement from X linking the bombing to Y".
fn linked_to(cx: &Cx, i: usize, w: &str, out: &mut Vec<Raw>) {
    let toks = cx.toks;
    let Some(e) = violent_np(cx, i).filter(|&e| e <= i + 5) else {
        return;
    };
    let Some(to) = (e + 1..(e + 4).min(toks.len())).find(|&k| toks[k].is("to")) else {
        return;
    };
    if passive_before(cx, i) || negated(cx, i) {
        return;
    }
    let actor = if w == "linking" {
        match cx
            .ments
            .iter()
            .rev()
            .find(|m| m.last_tok + 1 == i && m.actor_ok)
        {
            Some(m) => vec![aref(m)],
            None => subject(cx, i),
        }
    } else {
        subject(cx, i)
    };
    let names: Vec<&str> = actor.iter().map(|a| a.name.as_str()).collect();
    let Some(target) = target_after(cx, to, 6, &names) else {
        return;
    };
    emit(
        out,
        cx,
        ClaimKind::Accused,
        &actor,
        Some(target),
        (i, to),
        "acc.linked_to",
    );
}

/// "X held Y responsible", "X said Y should be held accountable".
fn held_responsible(cx: &Cx, i: usize, out: &mut Vec<Raw>) {
    let toks = cx.toks;
    if i > 0
        && lw_in(&toks[i - 1], &["be", "been"])
        && toks
            .get(i + 1)
            .is_some_and(|t| t.is("responsible") || t.is("accountable"))
    {
        held_responsible_passive(cx, i, out);
        return;
    }
    let Some(m) = cx
        .ments
        .iter()
        .find(|m| m.first_tok > i && m.first_tok <= i + 2 && m.target_ok)
    else {
        return;
    };
    if !toks
        .get(m.last_tok + 1)
        .is_some_and(|t| t.is("responsible") || t.is("accountable"))
    {
        return;
    }
    if passive_before(cx, i) || negated(cx, i) {
        return;
    }
    let actor = subject(cx, i);
    emit(
        out,
        cx,
        ClaimKind::Accused,
        &actor,
        Some(m),
        (i, m.last_tok + 1),
        "acc.held_responsible",
    );
}

/// "X said (that) Y should be held responsible": the speaker accuses Y.
fn held_responsible_passive(cx: &Cx, i: usize, out: &mut Vec<Raw>) {
    let toks = cx.toks;
    // Y, then a modal or auxiliary ("should", "must", "will", "has to"), then "be held".
    let Some(m) = cx.ments.iter().find(|m| {
        m.last_tok + 1 < i - 1
            && m.last_tok + 4 >= i - 1
            && m.target_ok
            && toks[m.last_tok + 1..i - 1]
                .iter()
                .all(|t| t.kind == TokenKind::Word && !t.is_capitalised())
    }) else {
        return;
    };
    let mut r = m.first_tok;
    while r > 0 && (toks[r - 1].is("that") || toks[r - 1].is("the")) {
        r -= 1;
    }
    let Some(rv) = reporting_verb_before(cx, r) else {
        return;
    };
    let actor = subject(cx, rv);
    emit(
        out,
        cx,
        ClaimKind::Accused,
        &actor,
        Some(m),
        (rv, i + 1),
        "acc.should_be_held",
    );
}

/// "X called the accusations absurd", "X described the claims as lies", "X said the
/// allegations were baseless": a denial by X.
fn called_baseless(cx: &Cx, i: usize, out: &mut Vec<Raw>) {
    let toks = cx.toks;
    let cs = clause_start(cx, i);
    let quote = |t: &Token| matches!(t.text, "\"" | "“" | "”" | "'" | "‘" | "’");
    // The claim noun, a few words before, with only lowercase words and quotes between.
    let mut n = None;
    for k in (cs.max(i.saturating_sub(8))..i).rev() {
        let t = &toks[k];
        if lw_in(t, CLAIM_NOUNS) {
            n = Some(k);
            break;
        }
        let ok = quote(t) || (t.kind == TokenKind::Word && !t.is_capitalised());
        if !ok {
            return;
        }
    }
    let Some(n) = n else { return };
    // The verb that judges it: "called the", "described these", "said Moscow's".
    let mut v = None;
    for k in (cs.max(n.saturating_sub(4))..n).rev() {
        let t = &toks[k];
        if lw_in(t, CALLING) {
            v = Some(k);
            break;
        }
        if t.kind != TokenKind::Word {
            return;
        }
    }
    let Some(v) = v else { return };
    // "said the claims were false" needs the copula; "called the claims false" does not.
    let said = lw_in(&toks[v], &["said", "says", "saying"]);
    if said && !toks[n + 1..i].iter().any(|t| lw_in(t, BE)) {
        return;
    }
    if negated(cx, v) || toks[n + 1..i].iter().any(|t| lw_in(t, NEGATORS)) {
        return;
    }
    let actor = subject(cx, v);
    let names: Vec<&str> = actor.iter().map(|a| a.name.as_str()).collect();
    // Whose claim it answers: "called Moscow's accusations absurd".
    let target = cx.ments.iter().find(|m| {
        m.first_tok > v && m.last_tok < n && m.target_ok && !names.contains(&m.name.as_str())
    });
    emit(
        out,
        cx,
        ClaimKind::Denied,
        &actor,
        target,
        (v, i),
        "den.called_baseless",
    );
}

/// "X said it had nothing to do with the attack", "X insisted it played no role", "X said
/// it was not involved": a denial by X.
fn said_not_involved(cx: &Cx, i: usize, out: &mut Vec<Raw>) {
    let toks = cx.toks;
    let next = |k: usize| toks.get(i + k);
    let phrase_end = if toks[i].is("nothing") {
        if !(next(1).is_some_and(|t| t.is("to"))
            && next(2).is_some_and(|t| t.is("do"))
            && next(3).is_some_and(|t| t.is("with")))
        {
            return;
        }
        i + 3
    } else if toks[i].is("no") {
        let ok = next(1).is_some_and(|t| {
            lw_in(
                t,
                &[
                    "role",
                    "part",
                    "involvement",
                    "hand",
                    "link",
                    "links",
                    "connection",
                    "connections",
                ],
            )
        });
        if !ok {
            return;
        }
        i + 1
    } else {
        if !next(1).is_some_and(|t| lw_in(t, &["involved", "behind", "responsible"])) {
            return;
        }
        i + 1
    };
    // Back over the verb ("had", "played", "was") to the pronoun that stands for the speaker.
    let mut p = i;
    let verbs = [
        "had", "has", "have", "played", "plays", "play", "was", "were", "is", "are", "bore",
        "bears", "been", "ever",
    ];
    while p > 0 && i - p < 3 && lw_in(&toks[p - 1], &verbs) {
        p -= 1;
    }
    if p == i || p == 0 || !lw_in(&toks[p - 1], &["it", "they", "we", "he", "she"]) {
        return;
    }
    let pron = p - 1;
    // The reporting verb: "said (on Monday) (in a statement) (that) it ...".
    let fillers = [
        "that",
        "in",
        "a",
        "statement",
        "on",
        "its",
        "their",
        "his",
        "her",
    ];
    let mut r = pron;
    while r > 0 && pron - r < 6 && (lw_in(&toks[r - 1], &fillers) || is_time_word(&toks[r - 1])) {
        r -= 1;
    }
    let Some(rv) = reporting_verb_before(cx, r) else {
        return;
    };
    let person = lw_in(&toks[pron], &["he", "she"]);
    let actor: Vec<ActorRef> = subject(cx, rv)
        .into_iter()
        .filter(|a| {
            let is_person = matches!(
                a.kind,
                MentionKind::Person | MentionKind::Known(ActorKind::Person)
            );
            is_person == person
        })
        .collect();
    emit(
        out,
        cx,
        ClaimKind::Denied,
        &actor,
        None,
        (rv, phrase_end),
        "den.said_not_involved",
    );
}

/// The reporting verb ("said", "told") just before token `r`, unless it is negated.
fn reporting_verb_before(cx: &Cx, r: usize) -> Option<usize> {
    let rv = r.checked_sub(1)?;
    (lw_in(&cx.toks[rv], REPORTING) && !negated(cx, rv)).then_some(rv)
}

/// "X said (that) Y was behind the attack".
fn said_behind(cx: &Cx, i: usize, out: &mut Vec<Raw>) {
    let toks = cx.toks;
    if i < 2 || !lw_in(&toks[i - 1], BE) {
        return;
    }
    let Some(e) = violent_np(cx, i)
        .filter(|&e| e <= i + 5)
        .or_else(|| toks.get(i + 1).filter(|t| t.is("it")).map(|_| i + 1))
    else {
        return;
    };
    let Some(m) = cx.ments.iter().find(|m| m.last_tok + 2 == i && m.target_ok) else {
        return;
    };
    let mut r = m.first_tok;
    while r > 0 && (toks[r - 1].is("that") || toks[r - 1].is("the")) {
        r -= 1;
    }
    let Some(rv) = reporting_verb_before(cx, r) else {
        return;
    };
    let actor = subject(cx, rv);
    emit(
        out,
        cx,
        ClaimKind::Accused,
        &actor,
        Some(m),
        (rv, e),
        "acc.said_behind",
    );
}

fn deny_verb(cx: &Cx, i: usize, out: &mut Vec<Raw>) {
    let toks = cx.toks;
    if passive_before(cx, i) || negated(cx, i) {
        return;
    }
    let end = clause_end(cx, i);
    // "denied on Monday that ...": a time adverbial between verb and object.
    let j = skip_adverbials(cx, i);
    let next = toks.get(j);
    let ok = match next {
        None => true,
        Some(t) if t.kind == TokenKind::Punct => true,
        Some(t)
            if lw_in(
                t,
                &[
                    "that",
                    "having",
                    "being",
                    "it",
                    // "denied they carried out the strike"
                    "they",
                    "he",
                    "she",
                    "we",
                    "there",
                    "this",
                    "any",
                    "all",
                    "such",
                    "ever",
                    "knowledge",
                ],
            ) =>
        {
            true
        }
        // "denied backing the rebels", "denied carrying out the attack"
        Some(t) if t.kind == TokenKind::Word && t.text.ends_with("ing") && !t.is_capitalised() => {
            true
        }
        _ => object_has(cx, j - 1, &[DENIAL_OBJ, CLAIM_NOUNS], 5).is_some(),
    } || j >= end;
    // "voted to deny it further loans", "denied them entry", "judge denied bond on all
    // charges", "held with bond denied": someone refused something.
    const GRANTS: &[&str] = &[
        "bond",
        "bail",
        "parole",
        "motion",
        "motions",
        "request",
        "requests",
        "appeal",
        "appeals",
        "bid",
        "application",
        "permission",
        "access",
        "entry",
    ];
    let granted = next.is_some_and(|t| lw_in(t, GRANTS))
        || i.checked_sub(1).is_some_and(|k| lw_in(&toks[k], GRANTS));
    let refused = granted
        || next.is_some_and(|t| lw_in(t, &["it", "this", "them"]))
            && toks.get(j + 1).is_some_and(|t| {
                lw_in(
                    t,
                    &[
                        "further",
                        "a",
                        "an",
                        "the",
                        "any",
                        "access",
                        "entry",
                        "permission",
                        "bail",
                        "its",
                        "their",
                        "his",
                        "her",
                    ],
                )
            });
    if !ok || refused {
        return;
    }
    let actor = subject(cx, i);
    let names: Vec<&str> = actor.iter().map(|a| a.name.as_str()).collect();
    // "denied backing the M23 rebels" denies the actor's own role: no target.
    let gerund = next.is_some_and(|t| t.text.ends_with("ing") && !t.is("having") && !t.is("being"));
    let target = if gerund {
        None
    } else {
        target_after(cx, j - 1, 8, &names)
    };
    emit(
        out,
        cx,
        ClaimKind::Denied,
        &actor,
        target,
        (i, i),
        "den.denied",
    );
}

/// "rejected/dismissed/refuted the accusations", "discounting any involvement", "ruled out".
fn reject_verb(cx: &Cx, i: usize, out: &mut Vec<Raw>) {
    if passive_before(cx, i) || negated(cx, i) {
        return;
    }
    let Some(obj) = object_has(cx, i, &[DENIAL_OBJ, CLAIM_NOUNS], 6) else {
        return;
    };
    // "prosecutors dismissed the charges": a court's act, not a denial.
    if cx.toks[i].text.to_ascii_lowercase().starts_with("dismiss")
        && lw_in(&cx.toks[obj], &["charge", "charges", "case"])
    {
        return;
    }
    let mut vi = i;
    if cx.toks[i].is("out") && i > 0 {
        vi = i - 1;
    }
    let actor = subject(cx, vi);
    let names: Vec<&str> = actor.iter().map(|a| a.name.as_str()).collect();
    let target = target_after(cx, i, 6, &names).filter(|m| m.first_tok <= obj + 3);
    emit(
        out,
        cx,
        ClaimKind::Denied,
        &actor,
        target,
        (vi, obj),
        "den.rejected",
    );
}

/// "refutation from X", "X's denial", "denials from X".
fn denial_noun(cx: &Cx, i: usize, out: &mut Vec<Raw>) {
    let toks = cx.toks;
    let Some((actor, after)) = noun_actor(cx, i) else {
        return;
    };
    let names: Vec<&str> = actor.iter().map(|a| a.name.as_str()).collect();
    let target = if toks.get(after + 1).is_some_and(|t| t.is("of")) {
        target_after(cx, after + 1, 4, &names)
    } else {
        None
    };
    emit(
        out,
        cx,
        ClaimKind::Denied,
        &actor,
        target,
        (i, i),
        "den.denial_from",
    );
}

fn condemn_verb(cx: &Cx, i: usize, out: &mut Vec<Raw>) {
    let toks = cx.toks;
    if passive_before(cx, i) {
        // "The bombing was condemned by X and Y."
        let Some(by) = (i + 1..(i + 3).min(toks.len())).find(|&k| toks[k].is("by")) else {
            return;
        };
        let cs = clause_start(cx, i);
        let about_violence = toks[cs..i]
            .iter()
            .any(|t| VIOLENT.contains(&bare_lower(t).as_str()));
        if !about_violence {
            return;
        }
        if let Some(actor) = by_agent_after(cx, by - 1) {
            emit(
                out,
                cx,
                ClaimKind::Condemned,
                &actor,
                None,
                (i, by),
                "con.passive",
            );
        }
        return;
    }
    if negated(cx, i) {
        return;
    }
    let Some(e) = violent_np(cx, i) else {
        condemned_for(cx, i, out);
        return;
    };
    let actor = subject(cx, i);
    emit(
        out,
        cx,
        ClaimKind::Condemned,
        &actor,
        None,
        (i, e),
        "con.condemned",
    );
}

/// "X condemned Y for/after/over the bombing": Y is the target.
fn condemned_for(cx: &Cx, i: usize, out: &mut Vec<Raw>) {
    let toks = cx.toks;
    let Some(m) = cx.ments.iter().find(|m| {
        m.target_ok
            && m.kind != MentionKind::Title
            && (m.first_tok == i + 1 || (m.first_tok == i + 2 && toks[i + 1].is("the")))
    }) else {
        return;
    };
    let p = m.last_tok + 1;
    if !toks
        .get(p)
        .is_some_and(|t| lw_in(t, &["for", "after", "over"]))
    {
        return;
    }
    let Some(e) = violent_np(cx, p) else {
        return;
    };
    let actor = subject(cx, i);
    emit(
        out,
        cx,
        ClaimKind::Condemned,
        &actor,
        Some(m),
        (i, e),
        "con.condemned_for",
    );
}

/// "X's condemnation of the attack", "condemnation from X".
fn condemnation_noun(cx: &Cx, i: usize, out: &mut Vec<Raw>) {
    let toks = cx.toks;
    let Some((actor, after)) = noun_actor(cx, i) else {
        return;
    };
    let of_violent = toks
        .get(after + 1)
        .filter(|t| t.is("of"))
        .and_then(|_| violent_np(cx, after + 1));
    let earlier_violent = toks[..i]
        .iter()
        .any(|t| VIOLENT.contains(&bare_lower(t).as_str()));
    if of_violent.is_none() && !earlier_violent {
        return;
    }
    let end = of_violent.unwrap_or(i);
    emit(
        out,
        cx,
        ClaimKind::Condemned,
        &actor,
        None,
        (i, end),
        "con.condemnation",
    );
}

// ---------------------------------------------------------------------------------------------
// Helpers

fn aref(m: &Mention) -> ActorRef {
    ActorRef {
        name: m.name.clone(),
        kind: m.kind,
        start: Some(m.start),
        affil: m.affil.clone(),
    }
}

/// Is the claim word at `i` a noun ("the claim", "ISIS's claim", "a claim")?
fn is_nominal(cx: &Cx, i: usize) -> bool {
    let Some(p) = i.checked_sub(1).map(|k| &cx.toks[k]) else {
        return false;
    };
    if lw_in(
        p,
        &[
            "the", "a", "its", "their", "his", "her", "this", "that", "whose",
        ],
    ) {
        return true;
    }
    if strip_possessive(p.text).1 {
        return true;
    }
    // "the group's swift claim"
    possessor_before(cx, i).is_some()
}

/// Start of the clause containing token `i` (after a ';' or ':').
fn clause_start(cx: &Cx, i: usize) -> usize {
    (0..i)
        .rev()
        .find(|&k| matches!(cx.toks[k].text, ";" | ":"))
        .map_or(0, |k| k + 1)
}

/// End of the clause containing token `i` (exclusive).
fn clause_end(cx: &Cx, i: usize) -> usize {
    (i + 1..cx.toks.len())
        .find(|&k| matches!(cx.toks[k].text, ";" | ":" | "." | "!" | "?"))
        .unwrap_or(cx.toks.len())
}

fn negated(cx: &Cx, i: usize) -> bool {
    let toks = cx.toks;
    for k in (i.saturating_sub(5)..i).rev() {
        let t = &toks[k];
        if t.kind == TokenKind::Punct && matches!(t.text, "," | ";" | ":" | "(" | ")") {
            return false;
        }
        if t.kind != TokenKind::Word {
            continue;
        }
        let next = toks.get(k + 1);
        if t.is("not") && next.is_some_and(|n| n.is("only")) {
            continue;
        }
        if lw_in(t, NEGATORS) || t.text.ends_with("n't") || t.text.ends_with("n’t") {
            return true;
        }
        if (t.is("yet") || t.is("refusing") || t.is("declining"))
            && next.is_some_and(|n| n.is("to"))
        {
            return true;
        }
        if t.is("short") && next.is_some_and(|n| n.is("of")) {
            return true;
        }
    }
    false
}

/// Is the verb at `i` passive ("was condemned", "has been accused")?
fn passive_before(cx: &Cx, i: usize) -> bool {
    let mut k = i;
    while k > 0 {
        k -= 1;
        let t = &cx.toks[k];
        if t.kind == TokenKind::Word
            && (t.text.ends_with("ly") && t.text.len() > 3 || t.is("also") || t.is("widely"))
        {
            continue;
        }
        return lw_in(t, BE);
    }
    false
}

/// The actor of the verb at token `i`: subject, relative-clause antecedent, or a resolved
/// pronoun; with coordinated names ("X and Y condemned").
fn subject(cx: &Cx, i: usize) -> Vec<ActorRef> {
    if let Some(ms) = participle_subject(cx, i) {
        return ms.into_iter().map(aref).collect();
    }
    let ms = subject_mentions(cx, i);
    if !ms.is_empty() {
        return ms.into_iter().map(aref).collect();
    }
    pronoun_actor(cx, i)
        .or_else(|| group_np_actor(cx, i))
        .into_iter()
        .collect()
}

/// The subject of a participle clause: "Khartoum wrote to the Security Council, accusing X"
/// (the main clause's subject, not the nearest name) and "Accusing X of ..., Y demanded"
/// (the subject after the participle clause).
fn participle_subject<'a>(cx: &'a Cx, i: usize) -> Option<Vec<&'a Mention>> {
    let toks = cx.toks;
    let t = &toks[i];
    if t.kind != TokenKind::Word || !t.text.ends_with("ing") {
        return None;
    }
    let cs = clause_start(cx, i);
    let free = |m: &Mention| m.actor_ok && m.gov == Gov::Free && !m.alias_of_prev;
    if i == cs {
        // Leading participle clause: the subject follows its comma.
        let comma = (i + 1..clause_end(cx, i)).find(|&k| toks[k].text == ",")?;
        let k = cx.ments.iter().position(|m| {
            m.first_tok > comma && m.first_tok <= comma + 3 && free(m) && !m.possessive
        })?;
        let m = &cx.ments[k];
        // The subject must be followed by its verb, not be the start of a list of objects.
        let after = toks.get(m.last_tok + 1)?;
        if after.kind != TokenKind::Word || after.is_capitalised() {
            return None;
        }
        return Some(vec![m]);
    }
    if i == 0 || toks[i - 1].text != "," {
        return None;
    }
    // Trailing participle clause: the first name of the clause is the subject, unless a second
    // clause with its own subject starts before the participle.
    let k = cx
        .ments
        .iter()
        .position(|m| m.first_tok >= cs && m.last_tok < i && free(m))?;
    let second_clause = cx.ments[k + 1..].iter().any(|m| {
        m.last_tok < i
            && m.gov == Gov::Free
            && m.first_tok > 0
            && lw_in(
                &toks[m.first_tok - 1],
                &[
                    "and", "but", "while", "as", "after", "when", "before", "because",
                ],
            )
    });
    if second_clause || cx.ments[k].possessive {
        return None;
    }
    Some(coordinated(cx, k, cs))
}

/// Heads of a noun phrase naming part of a group: "a dissident faction of the former FARC".
const GROUP_PARTS: &[&str] = &[
    "faction",
    "wing",
    "splinter",
    "offshoot",
    "branch",
    "cell",
    "affiliate",
    "arm",
];

/// A clause-initial "(a) dissident faction of (the former) FARC (guerrilla group)" as the
/// actor of the verb at `i`: the part of a named group, by the words that describe it.
fn group_np_actor(cx: &Cx, i: usize) -> Option<ActorRef> {
    let toks = cx.toks;
    let cs = clause_start(cx, i);
    let mut k = cs;
    if k < i && lw_in(&toks[k], &["a", "an", "the"]) {
        k += 1;
    }
    let np_start = k;
    let head = (k..(k + 4).min(i)).find(|&x| lw_in(&toks[x], GROUP_PARTS))?;
    let lower_word = |t: &Token| t.kind == TokenKind::Word && !t.is_capitalised();
    if !toks[np_start..head].iter().all(lower_word) || !toks.get(head + 1)?.is("of") {
        return None;
    }
    let m = cx.ments.iter().find(|m| {
        m.first_tok > head + 1
            && m.first_tok <= head + 4
            && m.last_tok < i
            && m.actor_ok
            && matches!(
                m.kind,
                MentionKind::Org | MentionKind::Known(ActorKind::Group | ActorKind::Org)
            )
    })?;
    if !toks[head + 2..m.first_tok].iter().all(lower_word) {
        return None;
    }
    // Only the rest of the noun phrase and time adverbials between it and the verb.
    let tail = &toks[m.last_tok + 1..i];
    if tail.len() > 6 || !tail.iter().all(|t| lower_word(t) || is_time_word(t)) {
        return None;
    }
    Some(ActorRef {
        name: cx.body[toks[np_start].start..m.end].to_string(),
        kind: MentionKind::Org,
        start: Some(toks[np_start].start),
        affil: None,
    })
}

/// The actor a possessive pronoun before the noun at `i` stands for ("his accusation"): the
/// clause's subject when it fits the pronoun.
fn pronoun_possessor(cx: &Cx, i: usize) -> Option<ActorRef> {
    let p = i.checked_sub(1).map(|k| &cx.toks[k])?;
    let person = lw_in(p, &["his", "her"]);
    if !person && !lw_in(p, &["its", "their"]) {
        return None;
    }
    let is_person = |a: &ActorRef| {
        matches!(
            a.kind,
            MentionKind::Person | MentionKind::Known(ActorKind::Person)
        )
    };
    subject(cx, i - 1)
        .into_iter()
        .rfind(|a| is_person(a) == person)
}

fn is_time_word(t: &Token) -> bool {
    const TIME: &[&str] = &[
        "on",
        "late",
        "early",
        "yesterday",
        "today",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "morning",
        "afternoon",
        "evening",
        "night",
        "last",
        "this",
        "week",
        "again",
        "also",
        "repeatedly",
        "strongly",
        "firmly",
        "flatly",
        "categorically",
        "vehemently",
        "swiftly",
        "quickly",
        "immediately",
        "later",
        "earlier",
    ];
    t.kind == TokenKind::Word && TIME.iter().any(|w| t.text.eq_ignore_ascii_case(w))
}

/// The first token after the verb at `i` that is not a time adverbial ("denied on Monday that").
fn skip_adverbials(cx: &Cx, i: usize) -> usize {
    let toks = cx.toks;
    let mut j = i + 1;
    while j < toks.len() && j <= i + 4 && is_time_word(&toks[j]) {
        j += 1;
    }
    // Only a whole adverbial: "denied on" + something else is no adverbial.
    if j > i + 1 && toks[j - 1].is("on") {
        return i + 1;
    }
    j
}

fn subject_mentions<'a>(cx: &'a Cx, i: usize) -> Vec<&'a Mention> {
    let cs = clause_start(cx, i);
    let toks = cx.toks;
    let rel = (cs..i)
        .rev()
        .find(|&k| lw_in(&toks[k], &["who", "which", "whose"]));
    let best = cx
        .ments
        .iter()
        .enumerate()
        .filter(|(_, m)| m.first_tok >= cs && m.last_tok < i && m.actor_ok && m.gov == Gov::Free)
        .rfind(|(_, m)| !(m.possessive && m.last_tok + 1 == i));
    if let Some(w) = rel
        && best.is_none_or(|(_, m)| m.last_tok < w)
    {
        // "Masoud Barzani, the President of the KDP, who denounced the violence".
        let ante = cx
            .ments
            .iter()
            .enumerate()
            .filter(|(_, m)| {
                m.last_tok < w && m.actor_ok && !matches!(m.gov, Gov::Prep | Gov::From)
            })
            .rfind(|(_, m)| !m.alias_of_prev);
        return match ante {
            Some((k, _)) => coordinated(cx, k, cs),
            None => Vec::new(),
        };
    }
    match best {
        Some((k, _)) => coordinated(cx, k, cs),
        None => Vec::new(),
    }
}

/// Mention `k` and the ones coordinated before it ("Britain, France and Germany").
fn coordinated<'a>(cx: &'a Cx, k: usize, cs: usize) -> Vec<&'a Mention> {
    let mut v = vec![&cx.ments[k]];
    let mut cur = k;
    while cur > 0 {
        let prev = &cx.ments[cur - 1];
        let c = &cx.ments[cur];
        if prev.first_tok < cs || prev.last_tok >= c.first_tok || !prev.actor_ok {
            break;
        }
        if c.alias_of_prev {
            cur -= 1;
            continue;
        }
        let between = &cx.toks[prev.last_tok + 1..c.first_tok];
        let has_and = between
            .iter()
            .any(|t| t.is("and") || t.is("&") || t.is("well") || t.is("along") || t.is("together"));
        let all_coord = !between.is_empty()
            && between.iter().all(|t| {
                matches!(t.text, "," | "&")
                    || lw_in(
                        t,
                        &["and", "as", "well", "along", "together", "with", "the"],
                    )
            });
        // A lone comma is apposition or a list; both name the same actors.
        if !all_coord || matches!(prev.gov, Gov::Prep | Gov::Verb | Gov::Agent | Gov::From) {
            break;
        }
        let _ = has_and;
        v.push(prev);
        cur -= 1;
    }
    v.reverse();
    v
}

/// "he"/"she" → the latest person named before; "it"/"the group" → the latest group or state.
fn pronoun_actor(cx: &Cx, i: usize) -> Option<ActorRef> {
    let cs = clause_start(cx, i);
    let toks = cx.toks;
    let mut pron = None;
    for k in (cs..i).rev() {
        let t = &toks[k];
        if lw_in(t, &["he", "she"]) {
            pron = Some((k, true));
            break;
        }
        if lw_in(t, &["it", "they"]) || (lw_in(t, GROUP_ANAPHORS) && k > 0 && toks[k - 1].is("the"))
        {
            pron = Some((k, false));
            break;
        }
    }
    let (pk, person) = pron?;
    // The pronoun must be a subject: at clause start or after punctuation / a conjunction.
    let before_ok = pk == cs
        || toks[pk - 1].kind == TokenKind::Punct
        || lw_in(
            &toks[pk - 1],
            &[
                "and", "but", "while", "as", "when", "that", "the", "although", "though",
            ],
        );
    if !before_ok {
        return None;
    }
    let wanted = |m: &Mention| {
        m.actor_ok
            && if person {
                matches!(
                    m.kind,
                    MentionKind::Person | MentionKind::Known(ActorKind::Person)
                )
            } else {
                matches!(m.kind, MentionKind::Known(ActorKind::Group))
            }
    };
    if let Some(m) = cx.ments.iter().rev().find(|m| m.last_tok < pk && wanted(m)) {
        return Some(ActorRef {
            name: m.name.clone(),
            kind: m.kind,
            start: None,
            affil: m.affil.clone(),
        });
    }
    let body = cx.body;
    for back in 1..=2 {
        let Some(si) = cx.si.checked_sub(back) else {
            break;
        };
        let s = cx.text.sentences[si];
        if !cx.text.holds(s) {
            continue;
        }
        let ments = entities::mentions(body, cx.an.tokens(si), s.start, s.end);
        if let Some(m) = ments.iter().rev().find(|m| wanted(m)) {
            return Some(ActorRef {
                name: m.name.clone(),
                kind: m.kind,
                start: None,
                affil: m.affil.clone(),
            });
        }
    }
    None
}

/// A possessive mention just before token `i` ("Xi Jinping's condemnation", "the group's
/// swift claim").
fn possessor_before<'a>(cx: &'a Cx, i: usize) -> Option<&'a Mention> {
    let m = cx
        .ments
        .iter()
        .rev()
        .find(|m| m.last_tok < i && m.possessive && i - m.last_tok <= 3)?;
    let between_ok = cx.toks[m.last_tok + 1..i]
        .iter()
        .all(|t| t.kind == TokenKind::Word && !t.is_capitalised());
    (between_ok && m.actor_ok).then_some(m)
}

/// The agent(s) after "by"/"from" at token `j`, with the index of the last agent token.
/// Who a claim noun at `i` belongs to: "X's denial", "his/her/its accusation", "condemnation
/// from/by X". Returns the actors and the last token of the phrase naming them.
fn noun_actor(cx: &Cx, i: usize) -> Option<(Vec<ActorRef>, usize)> {
    if let Some(m) = possessor_before(cx, i) {
        Some((vec![aref(m)], i))
    } else if let Some(a) = pronoun_possessor(cx, i) {
        Some((vec![a], i))
    } else if cx
        .toks
        .get(i + 1)
        .is_some_and(|t| t.is("from") || t.is("by"))
    {
        agent_after(cx, i + 1)
    } else {
        None
    }
}

fn agent_after(cx: &Cx, j: usize) -> Option<(Vec<ActorRef>, usize)> {
    let first = cx
        .ments
        .iter()
        .position(|m| m.first_tok > j && m.first_tok <= j + 4 && m.actor_ok)?;
    if cx.toks[j + 1..cx.ments[first].first_tok]
        .iter()
        .any(|t| t.kind == TokenKind::Punct)
    {
        return None;
    }
    let mut v = vec![aref(&cx.ments[first])];
    let mut last = cx.ments[first].last_tok;
    for m in &cx.ments[first + 1..] {
        if m.first_tok <= last {
            continue;
        }
        let between = &cx.toks[last + 1..m.first_tok];
        let ok = !between.is_empty()
            && between
                .iter()
                .all(|t| matches!(t.text, "," | "&") || lw_in(t, &["and", "as", "well", "the"]));
        if !ok || !m.actor_ok {
            break;
        }
        if !m.alias_of_prev {
            v.push(aref(m));
        }
        last = m.last_tok;
    }
    Some((v, last))
}

/// The agent after the word "by" following token `k` ("claimed by X"), if there is one.
fn by_agent_after(cx: &Cx, k: usize) -> Option<Vec<ActorRef>> {
    let by = (k + 1..(k + 3).min(cx.toks.len())).find(|&j| cx.toks[j].is("by"))?;
    agent_after(cx, by).map(|(v, _)| v)
}

/// The first entity after token `j` in the same clause, within `window` tokens, that is not
/// one of the actors.
fn target_after<'a>(cx: &'a Cx, j: usize, window: usize, exclude: &[&str]) -> Option<&'a Mention> {
    let end = clause_end(cx, j).min(j + 1 + window);
    // Not across a relative clause or a new subject clause.
    let stop = (j + 1..end)
        .find(|&k| lw_in(&cx.toks[k], TARGET_STOP))
        .unwrap_or(end);
    cx.ments.iter().find(|m| {
        m.first_tok > j
            && m.first_tok < stop
            && m.target_ok
            && m.kind != MentionKind::Title
            && !exclude.contains(&m.name.as_str())
    })
}

/// Does the object after token `i` contain one of `words` (within `window` tokens, before
/// any punctuation)? Returns that token's index.
fn object_has(cx: &Cx, i: usize, lists: &[&[&str]], window: usize) -> Option<usize> {
    let lim = (i + 1 + window).min(cx.toks.len());
    for k in i + 1..lim {
        let t = &cx.toks[k];
        if t.kind == TokenKind::Punct {
            return None;
        }
        let w = bare_lower(t);
        if lists.iter().any(|words| words.contains(&w.as_str())) {
            return Some(k);
        }
    }
    None
}

/// The noun phrase after token `j` names the violent event: returns the index of its noun.
fn violent_np(cx: &Cx, j: usize) -> Option<usize> {
    let toks = cx.toks;
    let mut k = j + 1;
    // "in the strongest (possible) terms"
    if toks.get(k).is_some_and(|t| t.is("in"))
        && toks.get(k + 1).is_some_and(|t| t.is("the"))
        && let Some(terms) = (k + 2..(k + 6).min(toks.len())).find(|&x| toks[x].is("terms"))
    {
        k = terms + 1;
        if toks.get(k).is_some_and(|t| t.text == ",") {
            k += 1;
        }
    }
    let mut words = 0;
    let mut last: Option<String> = None;
    while k < toks.len() && words < 7 {
        let t = &toks[k];
        if t.kind == TokenKind::Punct {
            // "condemned what she called \"a cowardly attack\""
            if matches!(t.text, "'" | "’" | "-" | "\"" | "“" | "”" | "‘") {
                k += 1;
                continue;
            }
            return None;
        }
        let w = bare_lower(t);
        if NP_STOP.contains(&w.as_str()) {
            let continues = w == "of"
                && last.as_deref().is_some_and(|l| {
                    matches!(l, "act" | "acts" | "wave" | "series" | "spate" | "campaign")
                });
            if !continues {
                return None;
            }
        } else if VIOLENT.contains(&w.as_str()) {
            return Some(k);
        }
        last = Some(w);
        words += 1;
        k += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use factline_model::Span;

    fn ct(s: &str) -> CleanText {
        CleanText {
            body: s.to_string(),
            sentences: vec![Span::new(0, s.len())],
        }
    }

    fn kinds(s: &str) -> Vec<String> {
        extract_claims(&ct(s))
            .into_iter()
            .map(|c| format!("{} {} {}", c.kind, c.actor, c.target.unwrap_or_default()))
            .collect()
    }

    #[test]
    fn basic_patterns() {
        assert_eq!(
            kinds("The Islamic State group claimed responsibility for the attack."),
            vec!["claimed_responsibility Islamic State "]
        );
        assert_eq!(
            kinds("Russia accused Ukraine of plotting it."),
            vec!["accused Russia Ukraine"]
        );
        assert_eq!(
            kinds("Hezbollah condemned the attempt to ascribe blame to Iran."),
            Vec::<String>::new()
        );
    }

    #[test]
    fn spans_lie_in_text() {
        let t = ct(
            "Ärger: Ukrainian President Volodymyr Zelenskyy denied any involvement, and Kyiv’s allies condemned the bombing.",
        );
        for c in extract_claims(&t) {
            assert_eq!(&t.body[c.start..c.end], c.text);
        }
    }
}
