//! Victims told one by one, as local news tells a shooting: "A 16-year-old girl was shot in
//! the leg", "Julian Bryant, 22, died Wednesday", "a woman and a 3-year-old child are dead",
//! "killing Lewis and critically wounding the other man", "Three people were shot".
//!
//! The sentence pass (`sentence.rs`) reads counts tied to casualty words; this pass reads the
//! person phrases it leaves alone: definite and bare singular nouns, names with their age or
//! description in commas, coordinations of them, and counts of people who were *shot* without
//! the sentence saying whether they lived. Such a count is marked `fate_open`: the article's
//! death toll is taken out of it once the whole article is read ("six people were shot, two
//! died": injured 4), see [`super::settle_open_fates`].

use factline_model::{FigureKind, Qualifier};

use super::Cand;
use super::lexicon::{self as lx, AUX, FUNC, MOD, PERSON, PERSON_SG, PRON, REPORT};
use crate::numbers::{Quantity, Toks};

/// Singular nouns local news uses for a victim that the general person table lacks.
const VICTIM_SG: &[&str] = &[
    "juvenile",
    "male",
    "female",
    "teen",
    "teenager",
    "victim",
    "toddler",
    "infant",
    "baby",
    "child",
    "boy",
    "girl",
    "man",
    "woman",
    "student",
    "person",
    "father",
    "mother",
    "son",
    "daughter",
    "brother",
    "sister",
    "grandmother",
    "grandfather",
    "husband",
    "wife",
    "girlfriend",
    "boyfriend",
    "officer",
    "deputy",
    "trooper",
    "clerk",
    "cashier",
    "customer",
    "resident",
    "driver",
    "passenger",
    "bystander",
    "pedestrian",
    "neighbor",
    "neighbour",
    "friend",
    "cousin",
    "uncle",
    "aunt",
    "nephew",
    "niece",
    "youth",
    "adult",
    "senior",
    "homeowner",
    "employee",
    "worker",
    "guard",
    "owner",
    "technician",
    "sergeant",
    "detective",
    "judge",
    "reporter",
    "sheriff",
    "lawyer",
    "attorney",
    "prosecutor",
    "soldier",
    "pilot",
    "nurse",
    "doctor",
    "teacher",
    "professor",
    "coach",
    "pastor",
    "priest",
    "manager",
    "mechanic",
    "firefighter",
    "paramedic",
    "climber",
    "hiker",
    "tourist",
    "stepson",
    "stepdaughter",
    "stepfather",
    "stepmother",
    "grandson",
    "granddaughter",
    "fiancee",
    "fiance",
    "roommate",
    "coworker",
    "co-worker",
    "classmate",
    "inmate",
    "prisoner",
    "agent",
    "bartender",
    "waitress",
    "waiter",
    "shopkeeper",
    "newborn",
    "captain",
    "lieutenant",
    "corporal",
    "marine",
    "veteran",
    "rapper",
    "musician",
    "singer",
    "actor",
    "actress",
    "athlete",
    "player",
    "bouncer",
    "chief",
];

/// Capitalised words that start sentences or name institutions, never a victim's name.
const NOT_NAMES: &[&str] = &[
    "police",
    "officers",
    "authorities",
    "investigators",
    "deputies",
    "detectives",
    "the",
    "a",
    "an",
    "he",
    "she",
    "they",
    "it",
    "his",
    "her",
    "their",
    "this",
    "that",
    "there",
    "sheriff",
    "chief",
    "officials",
    "witnesses",
    "family",
    "friends",
    "neighbors",
    "update",
    "no",
    "one",
    "two",
    "both",
    "all",
    "medics",
    "paramedics",
    "doctors",
    "coroner",
    "county",
    "city",
    "state",
    "news",
    "when",
    "after",
    "before",
    "while",
    "on",
    "in",
    "at",
    "by",
    "according",
    "sgt",
    "lt",
    "capt",
    "det",
    "officer",
    "deputy",
    "mr",
    "mrs",
    "ms",
    "dr",
    "if",
    "but",
    "and",
    "so",
    "as",
    "what",
    "who",
    "we",
    "i",
    "you",
    "local",
    "nobody",
    "none",
    "no-one",
    "noone",
    "everyone",
    "anyone",
    "someone",
    "everybody",
    "anybody",
];

/// A person phrase: how many people it names and where it lies (tokens `[first, next)`).
#[derive(Debug, Clone, Copy)]
struct Subject {
    count: u64,
    first: usize,
    next: usize,
}

/// The rule of a death count read from murder charges.
pub(crate) const COUNTS_OF_MURDER: &str = "victims:counts_of_murder";

/// What a predicate says happened to its subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    Killed,
    /// Wounded, hurt, hospitalised: alive.
    Injured,
    /// Shot, and the sentence does not say whether they survived.
    Shot,
    /// Arrested, in custody.
    Detained,
}

pub(crate) fn victims(t: &Toks) -> Vec<Cand> {
    // The sentence's quantities, read once for every rule below that asks for a count.
    let qs = super::quantities(t);
    let qs = qs.as_slice();
    let mut out = Vec::new();
    let n = t.len();
    let mut i = 0;
    while i < n {
        // Counts of people hit or sent to hospital: "hitting four victims", "sent four
        // people to the hospital".
        if let Some((fate, s)) = count_object(t, qs, i) {
            out.push(cand(
                t,
                fate,
                s,
                format!("victims:count_object:{}", t.lw(i)),
            ));
            i = s.next;
            continue;
        }
        // Objects of a killing: "killing Lewis and critically wounding the other man".
        if let Some((fate, k)) = object_verb(t, i)
            && let Some(s) = subjects(t, qs, k)
                .or_else(|| pronoun_object(t, k))
                // "killing four women and a man": a count the sentence pass reads alone.
                .or_else(|| {
                    let c = counted_people(t, qs, k)?;
                    let (l, singular) = list_with(t, qs, c);
                    singular.then_some(l)
                })
                // "killed four classmates and himself": the killer is among the dead.
                .or_else(|| {
                    let c = counted_people(t, qs, k)?;
                    (t.lw(c.next) == "and" && matches!(t.lw(c.next + 1), "himself" | "herself"))
                        .then_some(c)
                })
                // Counts after verbs are the sentence pass's (it knows hypotheticals and
                // history); after nouns ("the slayings of two women") they are ours.
                .or_else(|| {
                    (t.lw(k - 1) == "of")
                        .then(|| counted_people(t, qs, k))
                        .flatten()
                })
        {
            let mut c = cand(t, fate, s, format!("victims:object:{}", t.lw(i)));
            // "shot his wife and two children before killing himself": the shooter died too.
            if fate == Fate::Killed && killed_self_after(t, s.next) {
                c.value += 1;
                c.rule.push_str("+self");
            }
            out.push(c);
            i = s.next;
            continue;
        }
        // "Officers found a man with a gunshot wound", "found him suffering from gunshot
        // wounds".
        if t.lw(i) == "found"
            && let Some(s) = subjects(t, qs, i + 1)
                .or_else(|| pronoun_object(t, i + 1))
                // "police found two males with gunshot wounds".
                .or_else(|| counted_people(t, qs, i + 1))
            && with_gunshot_wound(t, s.next)
        {
            out.push(cand(t, Fate::Shot, s, "victims:found_with_wound".into()));
            i = s.next;
            continue;
        }
        // "officers found 20-year-old Jacob Allen shot to death".
        if t.lw(i) == "found"
            && let Some(s) = subjects(t, qs, i + 1).or_else(|| pronoun_object(t, i + 1))
            && shot_dead(t, s.next)
        {
            out.push(cand(t, Fate::Killed, s, "victims:found_dead".into()));
            i = s.next;
            continue;
        }
        // "The shooting left a 17-year-old girl dead and two men wounded."
        if matches!(t.lw(i), "left" | "leaving")
            && let Some(s) = subjects(t, qs, i + 1)
            && let Some(fate) = left_state(t, s.next)
        {
            out.push(cand(t, fate, s, "victims:left".into()));
            i = s.next;
            continue;
        }
        let starts = i == 0
            || (t.is_punct(i - 1) && !matches!(t.lw(i - 1), "-" | "‑"))
            || matches!(t.lw(i - 1), "and" | "but" | "after" | "that")
            // "Police say the teen has died".
            || has(t, i - 1, REPORT)
            // "watched his brother fall to his death".
            || matches!(t.lw(i - 1), "watched" | "saw" | "seeing" | "watching");
        if starts && let Some(s) = subjects(t, qs, i).or_else(|| pronoun(t, i)) {
            // "He was arrested in 2019": a pronoun's arrest is too often another story's.
            let pronoun_arrest = |f: Fate| f == Fate::Detained && matches!(t.lw(i), "he" | "she");
            if let Some((fate, rule)) = predicate(t, s.next).filter(|&(f, _)| !pronoun_arrest(f)) {
                // "Another man was shot in the arm": not one of those the article counts
                // dead, so no death is taken out of him.
                let fate = if fate == Fate::Shot && matches!(t.lw(i), "another" | "also") {
                    Fate::Injured
                } else {
                    fate
                };
                out.push(cand(t, fate, s, format!("victims:{rule}")));
            }
            i = s.next.max(i + 1);
            continue;
        }
        i += 1;
    }
    // "Three people were shot", "3 boys shot in Durham": counts of people shot.
    // Where the last count read here ends: "Three others, a woman and two men, were treated"
    // holds a count in its list that is no count of its own.
    let mut read_to = 0;
    for q in qs {
        // "The three other victims are expected to be okay": people the article has counted,
        // read only for a fate that says they live.
        let definite = q.first == 1 && t.lw(0) == "the";
        if q.value == 0
            || q.first < read_to
            || (q.first > 0 && !t.is_punct(q.first - 1) && !starts_clause(t, q.first) && !definite)
        {
            continue;
        }
        // "Name, 25, died": an age.
        if q.first >= 2 && t.lw(q.first - 1) == "," && t.capitalised(q.first - 2) {
            continue;
        }
        let mut k = q.next;
        let mut nouns = 0;
        let mut person_noun = false;
        let mut unusual_noun = false;
        // "Two possible gang members": a plain adjective may stand before the person noun.
        let plain = |k: usize| {
            t.is_word(k)
                && !t.capitalised(k)
                && lx::flags(t.lw(k)) == 0
                && lx::trigger(t.lw(k)).is_none()
                && (has(t, k + 1, PERSON) || has(t, k + 2, PERSON))
        };
        while nouns < 3
            && (has(t, k, PERSON | MOD)
                || VICTIM_SG.contains(&t.lw(k))
                || matches!(t.lw(k), "shooting" | "gunshot")
                || plain(k))
        {
            person_noun |= has(t, k, PERSON) || VICTIM_SG.contains(&t.lw(k));
            unusual_noun |= matches!(t.lw(k), "shooting" | "gunshot") || plain(k);
            k += 1;
            nouns += 1;
        }
        // "Two victims, a 25-year-old man and a 26-year-old man, died".
        let before = k;
        // "The seven others who were shot are expected to be okay": past the relative clause.
        let relative_clause = person_noun && t.lw(k) == "who";
        let k = if relative_clause {
            relative(t, k)
        } else if person_noun {
            appositive(t, k)
        } else {
            k
        };
        // "Two children and a woman were shot": more people joined to the count.
        let (k, count) = if person_noun && predicate(t, k).is_none() {
            let first = Subject {
                count: q.value,
                first: q.first,
                next: k,
            };
            let (l, _) = list_with(t, qs, first);
            // Only for people shot: the sentence pass reads lists of the dead as parts.
            if predicate(t, l.next).is_some_and(|(f, _)| f == Fate::Shot) {
                (l.next, l.count)
            } else {
                (k, q.value)
            }
        } else {
            (k, q.value)
        };
        let Some((fate, rule)) = predicate(t, k) else {
            continue;
        };
        if definite && fate != Fate::Injured {
            continue;
        }
        // "612 people had been taken to hospitals": a count the sentence pass reads.
        if rule == "hospital" && fate == Fate::Shot {
            continue;
        }
        // "104 people shot in the city this year": a tally, not one event.
        if tally_after(t, k) || tally_after(t, q.first.saturating_sub(6)) {
            continue;
        }
        // "he and three others were shot": the one named before the count too.
        let count = if fate == Fate::Shot
            && q.first >= 2
            && t.lw(q.first - 1) == "and"
            && matches!(t.lw(q.first - 2), "he" | "she")
            && matches!(t.lw(q.next), "others" | "other")
        {
            count + 1
        } else {
            count
        };
        // "Four people were shot, one in the leg": a count's wounds do not say all live.
        let (fate, rule) = if rule == "shot_survived" {
            (Fate::Shot, "shot")
        } else {
            (fate, rule)
        };
        // Other fates of counts are the sentence pass's, but for what it cannot read: an
        // appositive before the verb, "1 shooting victim", "two possible gang members", "were
        // shot and killed".
        // "a girl and two boys, ages 14 and 16, were injured": a count after "and" is an item
        // of a list, which the sentence pass reads as a part.
        let list_item = q.first > 0 && t.lw(q.first - 1) == "and";
        // Nor survival told as an expectation, nor a care place that is no "hospital".
        let unread_fate = rule == "expected_to_survive"
            || (rule == "hospital"
                && !(k..(k + 6).min(n)).any(|m| t.lw(m).starts_with("hospital")));
        if fate != Fate::Shot
            && (!(person_noun && ((k > before && !relative_clause) || unusual_noun || unread_fate))
                || list_item)
            && rule != "shot_and_killed"
        {
            continue;
        }
        let s = Subject {
            count,
            first: q.first,
            next: k,
        };
        let fatally = fatally_of(t, qs, k + 1);
        // "A woman was killed and four others were shot", "Four men were also shot": people
        // shot besides those the article counts dead; no death is taken out of them.
        let besides = (q.next..before).any(|m| matches!(t.lw(m), "others" | "other"))
            || (k..(k + 3).min(n)).any(|m| t.lw(m) == "also");
        let (fate, rule) = if fate == Fate::Shot && besides && fatally.is_none() && count == q.value
        {
            (Fate::Injured, "shot_besides")
        } else {
            (fate, rule)
        };
        read_to = k;
        let mut c = cand(t, fate, s, format!("victims:count:{rule}"));
        c.qualifier = q.qualifier;
        c.value_max = q.value_max.filter(|_| count == q.value);
        out.push(c);
        if let Some(d) = fatally {
            out.push(d);
        }
    }
    // "charged with two counts of first-degree murder", "two first-degree murder charges": one
    // count per person killed.
    for q in qs {
        let counts_of = matches!(t.lw(q.next), "count" | "counts") && t.lw(q.next + 1) == "of";
        let mut k = if counts_of { q.next + 2 } else { q.next };
        while k < q.next + 5
            && matches!(
                t.lw(k),
                "first-degree"
                    | "second-degree"
                    | "first"
                    | "second"
                    | "third"
                    | "degree"
                    | "-"
                    | "capital"
                    | "aggravated"
                    | "felony"
                    | "willful"
            )
        {
            k += 1;
        }
        let charges = !counts_of && matches!(t.lw(k + 1), "charges" | "counts");
        if matches!(t.lw(k), "murder" | "homicide" | "manslaughter") && (counts_of || charges) {
            let s = Subject {
                count: q.value,
                first: q.first,
                next: k + 1 + usize::from(charges),
            };
            out.push(cand(t, Fate::Killed, s, COUNTS_OF_MURDER.into()));
        }
    }
    // "a triple shooting": three people shot.
    for k in 0..n {
        let count = match t.lw(k) {
            "double" => 2,
            "triple" => 3,
            "quadruple" => 4,
            _ => continue,
        };
        if matches!(t.lw(k + 1), "shooting" | "shootings") {
            let s = Subject {
                count,
                first: k,
                next: k + 2,
            };
            out.push(cand(t, Fate::Shot, s, "victims:multiple_shooting".into()));
        }
    }
    out
}

/// "... shot in Toledo this year", "... since June 21", "so far in 2016": the clause after a
/// count makes it a running tally over a period.
fn tally_after(t: &Toks, k: usize) -> bool {
    let end = (k + 12).min(t.len());
    (k..end)
        .take_while(|&m| !matches!(t.lw(m), "." | ";" | ":"))
        .any(|m| {
            let w = t.lw(m);
            (matches!(w, "this" | "last") && matches!(t.lw(m + 1), "year" | "month" | "summer"))
                || (w == "so" && t.lw(m + 1) == "far")
                || (w == "since"
                    && (lx::flags(t.lw(m + 1)) & lx::MONTH != 0
                        || (t.is_number(m + 1) && t.lw(m + 1).len() == 4)))
        })
}

/// After "N were shot": ", two of them fatally", ", one fatally" (killed).
fn fatally_of(t: &Toks, qs: &[Quantity], from: usize) -> Option<Cand> {
    let comma = (from..(from + 6).min(t.len())).find(|&m| t.lw(m) == ",")?;
    let q = qs.iter().find(|q| q.first == comma + 1)?;
    let mut k = q.next;
    if t.lw(k) == "of" && matches!(t.lw(k + 1), "them" | "whom") {
        k += 2;
    }
    (t.lw(k) == "fatally").then(|| {
        let s = Subject {
            count: q.value,
            first: q.first,
            next: k + 1,
        };
        cand(t, Fate::Killed, s, "victims:fatally_of".into())
    })
}

fn starts_clause(t: &Toks, i: usize) -> bool {
    i == 0
        || matches!(
            t.lw(i - 1),
            "and" | "but" | "after" | "when" | "while" | "that"
        )
        || has(t, i - 1, REPORT)
}

fn has(t: &Toks, i: usize, flag: u32) -> bool {
    i < t.len() && lx::flags(t.lw(i)) & flag != 0
}

fn cand(t: &Toks, fate: Fate, s: Subject, rule: String) -> Cand {
    let end_tok = s.next.clamp(s.first + 1, t.len());
    Cand {
        kind: match fate {
            Fate::Killed => FigureKind::Killed,
            Fate::Injured | Fate::Shot => FigureKind::Injured,
            Fate::Detained => FigureKind::Detained,
        },
        value: s.count,
        value_max: None,
        qualifier: Qualifier::Exact,
        subset: None,
        superseded: false,
        soft_superseded: false,
        maybe_subset: None,
        part_of_larger: None,
        attributed_to: None,
        start: t.toks[s.first].start,
        end: t.toks[end_tok - 1].end,
        sentence: 0,
        rule,
        fate_open: fate == Fate::Shot,
    }
}

/// One or more person phrases joined by "and" or commas, from `i`. A comma joins only in a
/// list that ends with "and" ("a man, a woman and a boy"); "his cousin, Malik Odom" is one.
fn subjects(t: &Toks, qs: &[Quantity], i: usize) -> Option<Subject> {
    // "One Australian and one English climber": two people sharing the noun.
    if matches!(t.lw(i), "one" | "a" | "an")
        && t.is_word(i + 1)
        && t.lw(i + 2) == "and"
        && matches!(t.lw(i + 3), "one" | "a" | "an")
        && !is_noun(t, i + 1)
        && let Some(second) = person(t, i + 3)
        && second.next > i + 5
    {
        return Some(Subject {
            count: 2,
            first: i,
            next: second.next,
        });
    }
    let first = person(t, i)?;
    Some(list_with(t, qs, first).0)
}

/// People named one by one or counted, joined into one list: "a man and two girls", "his
/// partner and their two children", "four women and a man". The list must open with a
/// person phrase of its own (`first`). Also says whether a later item is one person.
fn list_with(t: &Toks, qs: &[Quantity], first: Subject) -> (Subject, bool) {
    let mut s = first;
    let mut settled = first;
    let mut singular_later = false;
    let mut settled_singular = false;
    loop {
        let k = s.next;
        let (j, closes) = if t.lw(k) == "and" {
            (k + 1, true)
        } else if t.lw(k) == "," && t.lw(k + 1) == "and" {
            (k + 2, true)
        } else if t.lw(k) == "," {
            (k + 1, false)
        } else {
            break;
        };
        let one = person(t, j);
        let item = one.or_else(|| {
            // "their two children": a possessive before a count.
            let k = j + usize::from(matches!(t.lw(j), "their" | "his" | "her"));
            counted_people(t, qs, k).map(|p| Subject { first: j, ..p })
        });
        match item {
            Some(p) => {
                s = Subject {
                    count: s.count + p.count,
                    first: s.first,
                    next: p.next,
                };
                singular_later |= one.is_some();
                if closes {
                    settled = s;
                    settled_singular = singular_later;
                }
            }
            None => break,
        }
    }
    (settled, settled_singular)
}

/// "A man suspected of shooting three people was arrested": a participle clause describing
/// the person, up to the verb of their fate.
fn relative(t: &Toks, k: usize) -> usize {
    if !matches!(
        t.lw(k),
        "suspected"
            | "accused"
            | "wanted"
            | "shot"
            | "wounded"
            | "struck"
            | "hit"
            | "injured"
            | "who"
    ) {
        return k;
    }
    // "The person who was shot in the arm was taken to hospital in stable condition": past
    // the passive relative clause to the fate of the main clause; "who killed his neighbour"
    // is no such clause.
    if t.lw(k) == "who" && !matches!(t.lw(k + 1), "was" | "were") {
        return k;
    }
    let from = if t.lw(k) == "who" { k + 3 } else { k + 1 };
    for m in from..(k + 16).min(t.len()) {
        if matches!(
            t.lw(m),
            "was" | "is" | "has" | "died" | "dies" | "were" | "are" | "have"
        ) && predicate(t, m).is_some()
        {
            return m;
        }
        if matches!(t.lw(m), "." | ";" | ",") {
            break;
        }
    }
    k
}

/// "He", "she": one person the article has named before.
fn pronoun(t: &Toks, i: usize) -> Option<Subject> {
    matches!(t.lw(i), "he" | "she").then_some(Subject {
        count: 1,
        first: i,
        next: i + 1,
    })
}

/// One person: "a 16-year-old girl", "the victim, 20,", "Julian Bryant, 22,", "another man",
/// "one juvenile", "Father of 3" (a bare noun opens headlines).
fn person(t: &Toks, i: usize) -> Option<Subject> {
    let n = t.len();
    if i >= n {
        return None;
    }
    let w = t.lw(i);
    // "... and another critically injured", "one fatally": a person left understood.
    if matches!(w, "another" | "one")
        && !is_noun(t, i + 1)
        && predicate(t, i + 1).is_some_and(|(f, _)| f != Fate::Shot || w == "another")
    {
        return Some(Subject {
            count: 1,
            first: i,
            next: i + 1,
        });
    }
    // "critically wounded a third": an ordinal standing for the next person.
    if matches!(w, "a" | "the")
        && matches!(
            t.lw(i + 1),
            "second" | "third" | "fourth" | "fifth" | "sixth"
        )
        && (t.is_punct(i + 2) || matches!(t.lw(i + 2), "and" | "" | "in" | "with" | "who"))
    {
        return Some(Subject {
            count: 1,
            first: i,
            next: i + 2,
        });
    }
    let mut k = i;
    let bare = !matches!(
        w,
        "a" | "an" | "the" | "another" | "one" | "his" | "her" | "their" | "its"
    );
    if !bare {
        k += 1;
    }
    let mut mods = 0;
    while mods < 5 && k < n {
        let lw = t.lw(k);
        // A noun before another is its modifier ("police officer").
        if is_noun(t, k) && !is_noun(t, k + 1) {
            let mut next = k + 1;
            // "father of three"
            if t.lw(next) == "of" && (t.is_number(next + 1) || is_number_word(t.lw(next + 1))) {
                next += 2;
            }
            // "The victim Ronnie Bowers, 16, has died": the name in apposition.
            if !bare
                && let Some(nm) = name(t, next)
                && nm.next > next + 1
                && (t.lw(nm.next - 1) == "," || predicate(t, nm.next).is_some())
            {
                return Some(Subject {
                    count: 1,
                    first: i,
                    next: nm.next,
                });
            }
            return Some(Subject {
                count: 1,
                first: i,
                next: relative(t, appositive(t, next)),
            });
        }
        if let Some(e) = age_end(t, k) {
            k = e;
            mods += 1;
            continue;
        }
        // "A 14-year-old suffers a gunshot wound": the verb after an age is no adjective.
        if k > i && t.lw(k - 1).ends_with("-old") && predicate(t, k).is_some() {
            break;
        }
        // Capitalised modifiers name places and schools: "a 17-year-old Maumee High School
        // student", "North Idaho child"; they count only if a person noun ends the phrase.
        let proper_mod = t.capitalised(k)
            && k != i
            && (k + 1..(k + 4).min(n)).any(|m| is_noun(t, m) && !t.capitalised(m));
        let adjective = t.is_word(k)
            && (!t.capitalised(k) || k == i || proper_mod)
            && lx::trigger(lw).is_none()
            && lx::flags(lw) & (FUNC | AUX | REPORT | PRON) == 0;
        if !(adjective || has(t, k, MOD)) {
            break;
        }
        if bare && k == i && !t.capitalised(k) {
            // A bare phrase opens a headline or sentence with a capital.
            break;
        }
        k += 1;
        mods += 1;
    }
    // "a 23-year-old" alone.
    if !bare && k > i + 1 && t.lw(k - 1).ends_with("-old") && !is_noun(t, k) {
        return Some(Subject {
            count: 1,
            first: i,
            next: appositive(t, k),
        });
    }
    // "16-year-old Corey Vance": an age, then a name.
    // Only an age: "Gunfire struck Devlin" is no name after adjectives.
    if bare && k > i && t.capitalised(k) && (i..k).any(|m| age_end(t, m).is_some()) {
        return name(t, k).map(|s| Subject { first: i, ..s });
    }
    if bare {
        return name(t, i);
    }
    None
}

/// An age adjective at `k` ("16-year-old", "8-month-old", "eight-month-old"): the token after.
fn age_end(t: &Toks, k: usize) -> Option<usize> {
    let w = t.lw(k);
    if t.is_word(k) && (w.ends_with("-year-old") || w.ends_with("-month-old")) {
        return Some(k + 1);
    }
    if t.is_number(k) && matches!(t.lw(k + 1), "-" | "‑") && t.lw(k + 2).ends_with("-old") {
        return Some(k + 3);
    }
    // "16 year-old"
    (t.is_number(k) && t.lw(k + 1).ends_with("-old")).then_some(k + 2)
}

fn is_noun(t: &Toks, k: usize) -> bool {
    let w = t.lw(k);
    VICTIM_SG.contains(&w) || (has(t, k, PERSON_SG) && !has(t, k, PERSON))
}

fn is_number_word(w: &str) -> bool {
    crate::numbers::number_word(w).is_some()
}

/// A name of one to three capitalised words ("Julian Bryant"), with its appositive.
fn name(t: &Toks, i: usize) -> Option<Subject> {
    let mut k = i;
    while k < t.len() && k < i + 3 && t.capitalised(k) && t.is_word(k) {
        let lw = t.lw(k);
        // Words of the tables are no names, but a surname may be a word ("Ward", "Hunter").
        let word_flags = if k == i {
            lx::flags(lw)
        } else {
            lx::flags(lw) & (FUNC | AUX | REPORT | PRON | lx::MONTH)
        };
        if NOT_NAMES.contains(&lw)
            || lx::trigger(lw).is_some()
            || word_flags != 0
            || is_number_word(lw)
        {
            return None;
        }
        k += 1;
    }
    // "Carl Moss Jr., 44,": a generational suffix ends the name.
    if k > i && matches!(t.lw(k), "jr" | "sr") && t.lw(k + 1) == "." {
        k += 2;
    } else if k > i + 1 && matches!(t.lw(k - 1), "jr" | "sr") && t.lw(k) == "." {
        k += 1;
    }
    // One capitalised word at a sentence start is too often not a name, unless another
    // name is joined to it ("Wilson and Brown died").
    let joined = t.lw(k) == "and" && t.capitalised(k + 1);
    // "Arwood was pronounced dead": a lone name right before a death or wound.
    // "Orozco was arrested": a passive arrest names its subject too.
    let at = appositive(t, k);
    let fate_follows = predicate(t, at)
        .is_some_and(|(f, _)| f != Fate::Detained || matches!(t.lw(at), "was" | "has" | "is"));
    if k == i || (k == i + 1 && i == 0 && !joined && !fate_follows) {
        return None;
    }
    Some(Subject {
        count: 1,
        first: i,
        next: appositive(t, k),
    })
}

/// After a person phrase: ", 22," or ", a 17-year-old from Bed-Stuy," or ", later identified
/// as Tobias Renner, 27, of Elmwood," (what stands in commas between a person and what happened
/// to them); returns the token after it, or `k` when there is none.
fn appositive(t: &Toks, k: usize) -> usize {
    let k = origin(t, k);
    if t.lw(k) != "," {
        return k;
    }
    // "Jenkin, who was arrested at the pier": a relative clause tells the fate.
    if t.lw(k + 1) == "who" && predicate(t, k + 2).is_some() {
        return k + 2;
    }
    // "A fourth person, shot in the arm, was able to flee": the participle tells the fate.
    if matches!(
        t.lw(k + 1),
        "shot" | "wounded" | "injured" | "hit" | "struck" | "fatally" | "critically"
    ) && predicate(t, k + 1).is_some_and(|(f, _)| f != Fate::Detained)
    {
        return k + 1;
    }
    // "The student, who has not been identified, died Saturday".
    if t.lw(k + 1) == "who"
        && let Some(m) = (k + 2..(k + 14).min(t.len()))
            .take_while(|&m| !matches!(t.lw(m), "." | ";"))
            .find(|&m| t.lw(m) == ",")
        && predicate(t, m + 1).is_some()
    {
        return m + 1;
    }
    if t.is_number(k + 1) && t.lw(k + 2) == "," {
        // "Lee Moss, 44, of Renton, died": where they are from may follow the age.
        let o = origin(t, k + 2);
        return if o == k + 2 { k + 3 } else { o };
    }
    for m in k + 1..(k + 24).min(t.len()) {
        if t.lw(m) == "," && predicate(t, m + 1).is_some() {
            return m + 1;
        }
        // "Two victims, a 25-year-old man and a 26-year-old man, died": a list of
        // descriptions goes on after "and a".
        // "Three others, a woman and two men, ages 21 and 22, were treated": or a count.
        let list_and = t.lw(m) == "and"
            && (matches!(t.lw(m + 1), "a" | "an")
                || t.is_number(m + 1)
                || is_number_word(t.lw(m + 1)));
        if (!list_and
            && matches!(
                t.lw(m),
                "." | ";" | "and" | "was" | "were" | "is" | "are" | "has" | "have" | "had"
            ))
            || lx::trigger(t.lw(m)).is_some()
        {
            break;
        }
    }
    k
}

/// ", of Elmwood", " from North Augusta", "in his late 50s": where a person is from or how
/// old, between them and their fate.
fn origin(t: &Toks, k: usize) -> usize {
    // "a man in his late 50s", "a woman in her 70s": an age told as a decade.
    if t.lw(k) == "in" && matches!(t.lw(k + 1), "his" | "her" | "their") {
        let mut m = k + 2;
        if matches!(t.lw(m), "late" | "early" | "mid") {
            m += 1;
        }
        if t.is_number(m) && t.lw(m + 1) == "s" {
            return origin(t, m + 2);
        }
        if t.lw(m).ends_with("ies") || t.lw(m).ends_with("0s") {
            return origin(t, m + 1);
        }
    }
    let of = if matches!(t.lw(k), "of" | "from") {
        k
    } else if t.lw(k) == "," && matches!(t.lw(k + 1), "of" | "from") {
        k + 1
    } else {
        return k;
    };
    let mut m = of + 1;
    while m < of + 4 && t.capitalised(m) {
        m += 1;
    }
    if m == of + 1 {
        return k;
    }
    if t.lw(m) == "," && t.lw(k) == "," {
        m += 1;
    }
    m
}

/// "hitting four victims", "sent four people to the hospital", "shot three men".
fn count_object(t: &Toks, qs: &[Quantity], i: usize) -> Option<(Fate, Subject)> {
    let fate = match t.lw(i) {
        // "fatally shot eight people"
        "shot" | "shooting" if i > 0 && t.lw(i - 1) == "fatally" => Fate::Killed,
        "hitting" | "striking" | "shot" | "shooting" => Fate::Shot,
        "sent" | "sending" => Fate::Injured,
        "took" | "taking" => Fate::Detained,
        _ => return None,
    };
    if t.lw(i) == "shot" && i > 0 && has(t, i - 1, AUX) {
        return None;
    }
    let q = qs.iter().find(|q| q.first == i + 1)?;
    let mut k = q.next;
    let mut person_noun = false;
    while k < q.next + 3 && (has(t, k, PERSON | MOD) || VICTIM_SG.contains(&t.lw(k))) {
        person_noun |= has(t, k, PERSON) || VICTIM_SG.contains(&t.lw(k));
        k += 1;
    }
    if fate == Fate::Detained {
        // "took 23 into custody"
        return (t.lw(k) == "into" && t.lw(k + 1) == "custody").then_some((
            fate,
            Subject {
                count: q.value,
                first: q.first,
                next: k,
            },
        ));
    }
    if !person_noun {
        return None;
    }
    if fate == Fate::Injured
        && !(t.lw(k) == "to" && (k + 1..k + 3).any(|m| t.lw(m).starts_with("hospital")))
    {
        return None;
    }
    let s = Subject {
        count: q.value,
        first: q.first,
        next: k,
    };
    // "He shot one man fatally".
    let fate = if fate == Fate::Shot && t.lw(k) == "fatally" {
        Fate::Killed
    } else {
        fate
    };
    Some((fate, s))
}

/// "two women" after "the slayings of", "the deaths of": a count of people as an object.
fn counted_people(t: &Toks, qs: &[Quantity], k: usize) -> Option<Subject> {
    let q = qs.iter().find(|q| q.first == k)?;
    let mut m = q.next;
    while m < q.next + 3 && !has(t, m, PERSON) && (has(t, m, MOD) || t.is_word(m)) {
        m += 1;
    }
    has(t, m, PERSON).then_some(Subject {
        count: q.value,
        first: q.first,
        next: m + 1,
    })
}

/// "... before killing himself", "then turned the gun on herself" in the sentence after `k`.
fn killed_self_after(t: &Toks, k: usize) -> bool {
    let end = (k + 15).min(t.len());
    (k..end).any(|m| {
        let reflexive = |w: &str| matches!(w, "himself" | "herself");
        (matches!(t.lw(m), "killing" | "killed" | "kills") && reflexive(t.lw(m + 1)))
            // "... and himself", right after the victims.
            || (m == k && t.lw(m) == "and" && reflexive(t.lw(m + 1)))
            // "then taking his own life", "before committing suicide".
            || (matches!(t.lw(m), "taking" | "took" | "takes")
                && matches!(t.lw(m + 1), "his" | "her")
                && t.lw(m + 2) == "own"
                && t.lw(m + 3) == "life")
            || (matches!(t.lw(m), "committing" | "committed" | "commits")
                && t.lw(m + 1) == "suicide")
            || (matches!(t.lw(m), "fatally") && reflexive(t.lw(m + 2)))
            || (matches!(t.lw(m), "turning" | "turned" | "turns")
                && t.lw(m + 1) == "the"
                && t.lw(m + 2) == "gun"
                && t.lw(m + 3) == "on"
                && reflexive(t.lw(m + 4)))
    })
}

/// "him", "her" as the object of "found".
fn pronoun_object(t: &Toks, i: usize) -> Option<Subject> {
    matches!(t.lw(i), "him" | "her").then_some(Subject {
        count: 1,
        first: i,
        next: i + 1,
    })
}

/// "shot to death", "shot dead", "dead" at `k`, after "found" and its object.
fn shot_dead(t: &Toks, k: usize) -> bool {
    t.lw(k) == "dead"
        || (t.lw(k) == "shot"
            && (t.lw(k + 1) == "dead" || (t.lw(k + 1) == "to" && t.lw(k + 2) == "death")))
}

/// "with a gunshot wound", "suffering from gunshot wounds" at `k`.
fn with_gunshot_wound(t: &Toks, k: usize) -> bool {
    matches!(t.lw(k), "with" | "suffering")
        && (k + 1..(k + 6).min(t.len()))
            .any(|m| matches!(t.lw(m), "wound" | "wounds") && t.lw(m - 1).starts_with("gunshot"))
}

/// The state a "left" leaves its objects in: "dead", "wounded", "in critical condition".
fn left_state(t: &Toks, k: usize) -> Option<Fate> {
    match t.lw(k) {
        "dead" => Some(Fate::Killed),
        "injured" | "wounded" | "hurt" => Some(Fate::Injured),
        "in" if matches!(t.lw(k + 1), "critical" | "serious" | "grave" | "stable") => {
            Some(Fate::Injured)
        }
        "critically" | "seriously" if matches!(t.lw(k + 1), "injured" | "wounded" | "hurt") => {
            Some(Fate::Injured)
        }
        _ => None,
    }
}

fn passive_aux(w: &str) -> bool {
    matches!(
        w,
        "was" | "were" | "is" | "are" | "be" | "been" | "being" | "got" | "get" | "fatally"
    )
}

/// A verb whose object is the victim: "killing Lewis", "fatally shooting a man".
fn object_verb(t: &Toks, i: usize) -> Option<(Fate, usize)> {
    let w = t.lw(i);
    let (fate, k) = match w {
        "killing" | "murdering" => (Fate::Killed, i + 1 + usize::from(t.lw(i + 1) == "of")),
        // "a shooting that claimed the life of a 19-year-old man".
        "claimed" | "claiming" | "took" | "taking"
            if t.lw(i + 1) == "the" && t.lw(i + 2) == "life" && t.lw(i + 3) == "of" =>
        {
            (Fate::Killed, i + 4)
        }
        "fatally" if matches!(t.lw(i + 1), "shooting" | "wounding" | "striking") => {
            (Fate::Killed, i + 2)
        }
        // Active "officers fatally shot a teen", "he shot a clerk".
        "fatally" if t.lw(i + 1) == "shot" && i > 0 && !passive_aux(t.lw(i - 1)) => {
            (Fate::Killed, i + 2)
        }
        "shot" if i > 0 && !passive_aux(t.lw(i - 1)) && t.lw(i + 1) != "and" => (Fate::Shot, i + 1),
        "wounding" | "injuring" => (Fate::Injured, i + 1),
        // "Gunfire struck Milner and three others", "a bullet hit a 9-year-old girl", "the
        // shots went through the wall, hitting a woman": what bullets strike is shot.
        "struck" | "hit" | "striking" | "hitting"
            if (i.saturating_sub(12)..i).any(|m| {
                matches!(
                    t.lw(m),
                    "gunfire" | "bullet" | "bullets" | "shots" | "rounds" | "gunshots" | "shot"
                )
            }) && !(i > 0 && passive_aux(t.lw(i - 1)))
                && (object_start(t, i + 1) || single_name(t, i + 1)) =>
        {
            (Fate::Shot, i + 1)
        }
        // "a drive-by shooting that injured three adults and a child".
        "injured" | "wounded" if i > 0 && matches!(t.lw(i - 1), "that" | "which") => {
            (Fate::Injured, i + 1)
        }
        "critically" | "seriously" | "severely"
            if matches!(t.lw(i + 1), "wounding" | "injuring") =>
        {
            (Fate::Injured, i + 2)
        }
        // Active "and critically wounded a third".
        "critically" | "seriously" | "severely"
            if matches!(t.lw(i + 1), "wounded" | "injured")
                && i > 0
                && !passive_aux(t.lw(i - 1))
                && !has(t, i - 1, AUX)
                && object_start(t, i + 2) =>
        {
            (Fate::Injured, i + 2)
        }
        "shot" | "shooting"
            if t.lw(i + 1) == "and" && matches!(t.lw(i + 2), "killed" | "killing") =>
        {
            (Fate::Killed, i + 3)
        }
        // "Police arrested Gomes", "the SWAT team apprehended Yvonne Hiller", "have arrested
        // and charged a 61-year-old woman".
        "arrested" | "apprehended" | "detained" | "captured"
            if i > 0 && !passive_aux(t.lw(i - 1)) =>
        {
            let k = if t.lw(i + 1) == "and" && t.lw(i + 2) == "charged" {
                i + 3
            } else {
                i + 1
            };
            // "Police detained the man": someone the article has told of already.
            if t.lw(k) == "the" || !(object_start(t, k) || single_name(t, k)) {
                return None;
            }
            (Fate::Detained, k)
        }
        // "the shooting that killed a teen", "police say he killed his neighbour".
        "killed" | "murdered" if i > 0 && !passive_aux(t.lw(i - 1)) => (Fate::Killed, i + 1),
        // "the shooting death of", "the killing of", "the fatal shooting of".
        "death" | "deaths" | "killings" | "murder" | "murders" | "slaying" | "slayings"
            if t.lw(i + 1) == "of" =>
        {
            (Fate::Killed, i + 2)
        }
        // "charged with shooting his neighbour", "arrested for accidentally shooting a
        // boy": the person shot is the object.
        "shooting"
            if i > 0
                && matches!(t.lw(i - 1), "of" | "for" | "with" | "accidentally")
                && object_start(t, i + 1) =>
        {
            (Fate::Shot, i + 1)
        }
        "shooting" if t.lw(i + 1) == "of" => {
            if i > 0 && matches!(t.lw(i - 1), "fatal" | "deadly") {
                (Fate::Killed, i + 2)
            } else {
                (Fate::Shot, i + 2)
            }
        }
        _ => return None,
    };
    // "killing himself" is a figure of the sentence pass, not an object here.
    (!matches!(t.lw(k), "himself" | "herself" | "themselves" | "itself")).then_some((fate, k))
}

/// "died aged 85 after a long illness", "died of cancer", "died in 2002": a death no event
/// of the story caused.
fn natural_death(t: &Toks, k: usize) -> bool {
    // "died in 2002": a death years before the story.
    if t.lw(k) == "in" && t.is_number(k + 1) && t.lw(k + 1).len() == 4 {
        return true;
    }
    // "heart" only as an illness: "a gunshot wound to the heart" is no natural death.
    (k..(k + 8).min(t.len())).any(|m| {
        matches!(
            t.lw(m),
            "aged" | "illness" | "cancer" | "natural" | "disease" | "pneumonia" | "peacefully"
        ) || (t.lw(m) == "heart" && matches!(t.lw(m + 1), "attack" | "failure" | "disease"))
            || (t.lw(m) == "a" && t.lw(m + 1) == "stroke")
    })
}

/// A surname alone as an object: "arrested Gomes" (not a weekday or month).
fn single_name(t: &Toks, m: usize) -> bool {
    t.is_word(m)
        && t.capitalised(m)
        && lx::flags(t.lw(m)) == 0
        && lx::trigger(t.lw(m)).is_none()
        && !NOT_NAMES.contains(&t.lw(m))
        && !matches!(
            t.lw(m),
            "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday"
        )
}

/// An object after a verb: "a teen", "his wife", "16-year-old Kenny Ward", "Kenny Ward".
fn object_start(t: &Toks, m: usize) -> bool {
    matches!(
        t.lw(m),
        "a" | "an" | "the" | "his" | "her" | "their" | "him" | "them" | "its" | "another"
    ) || age_end(t, m).is_some()
        || (t.capitalised(m)
            && t.capitalised(m + 1)
            && lx::flags(t.lw(m)) & (FUNC | lx::MONTH) == 0
            && !matches!(
                t.lw(m),
                "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday"
            ))
}

/// After "shot": a wound no one dies of ("in the leg") or a word that the victim lives ("is
/// in stable condition", "non-life-threatening", "expected to survive"), in the same clause.
fn survives(t: &Toks, k: usize) -> bool {
    let end = (k + 14).min(t.len());
    let mut m = k;
    while m < end && !matches!(t.lw(m), "." | ";" | "while" | "who" | "when") {
        let w = t.lw(m);
        // "in the left leg", "to his lower leg".
        let part = m + 2 + usize::from(matches!(t.lw(m + 2), "left" | "right" | "lower" | "upper"));
        if matches!(w, "in" | "to")
            && matches!(t.lw(m + 1), "the" | "his" | "her" | "their" | "both")
            && matches!(
                t.lw(part),
                "leg"
                    | "legs"
                    | "arm"
                    | "arms"
                    | "foot"
                    | "feet"
                    | "hand"
                    | "hands"
                    | "ankle"
                    | "knee"
                    | "thigh"
                    | "buttocks"
                    | "shoulder"
                    | "wrist"
                    | "finger"
                    | "hip"
            )
        {
            return true;
        }
        if matches!(
            w,
            "stable" | "non-life-threatening" | "survive" | "survived" | "recover" | "released"
        ) || (w == "non" && t.lw(m + 1).starts_with("life"))
            || (w == "not" && t.lw(m + 1).starts_with("life"))
            || (w == "minor" && t.lw(m + 1).starts_with("injur"))
            || (matches!(w, "good" | "fair") && t.lw(m + 1) == "condition")
        {
            return true;
        }
        m += 1;
    }
    false
}

/// "hospital", "Mercy Medical Center", "the trauma unit": a place where the hurt are treated.
fn care_place(t: &Toks, m: usize) -> bool {
    t.lw(m).starts_with("hospital")
        || (matches!(t.lw(m), "medical" | "trauma" | "burn" | "burns")
            && matches!(t.lw(m + 1), "center" | "centre" | "unit" | "ward"))
}

/// "... taken to a hospital, where he died": a death later in the clause.
fn died_there(t: &Toks, k: usize) -> bool {
    let end = (k + 14).min(t.len());
    (k..end)
        .take_while(|&m| !matches!(t.lw(m), "." | ";"))
        .any(|m| {
            matches!(t.lw(m), "died" | "succumbed")
                || (matches!(t.lw(m), "pronounced" | "declared")
                    && matches!(t.lw(m + 1), "dead" | "deceased"))
        })
}

/// What happened to the subject that ends before `k`: auxiliaries and adverbs, then a verb.
fn predicate(t: &Toks, mut k: usize) -> Option<(Fate, &'static str)> {
    let start = k;
    let mut steps = 0;
    while steps < 4
        && (matches!(
            t.lw(k),
            "was"
                | "were"
                | "is"
                | "are"
                | "has"
                | "have"
                | "had"
                | "been"
                | "got"
                | "both"
                | "all"
                | "also"
                | "reportedly"
                | "allegedly"
                | "later"
                | "then"
                | "accidentally"
                | "apparently"
                | "each"
                | "being"
                | "remains"
                | "remained"
                | "remain"
                | "still"
                | "now"
                | "since"
        ))
    {
        k += 1;
        steps += 1;
    }
    let w = t.lw(k);
    let w1 = t.lw(k + 1);
    let w2 = t.lw(k + 2);
    // Active voice with an object: "two officers shot and killed a teen" — the subject is
    // the shooter.
    let passive = (start..k).any(|m| {
        matches!(
            t.lw(m),
            "was" | "were" | "is" | "are" | "been" | "being" | "got" | "remains" | "remained"
        )
    });
    let verb_end = match (w, w1) {
        ("shot", "and") => k + 3,
        ("fatally", _) => k + 2,
        _ => k + 1,
    };
    if !passive
        && matches!(
            w,
            "killed" | "murdered" | "shot" | "fatally" | "hit" | "struck"
        )
        && (object_start(t, verb_end) || single_name(t, verb_end))
    {
        return None;
    }
    Some(match w {
        "died" | "dies" if natural_death(t, k + 1) => return None,
        "killed" | "murdered" | "slain" | "died" | "dies" | "dead" => (Fate::Killed, "killed"),
        "shot" if w1 == "and" && matches!(w2, "killed" | "died") => {
            (Fate::Killed, "shot_and_killed")
        }
        "shot" if matches!(w1, "dead") || (w1 == "to" && w2 == "death") => {
            (Fate::Killed, "shot_dead")
        }
        // "17-year-old boy shot, killed in Bluffton".
        "shot" if w1 == "," && matches!(w2, "killed" | "dies" | "died") => {
            (Fate::Killed, "shot_and_killed")
        }
        // "Teen found shot to death".
        "found" if shot_dead(t, k + 1) => (Fate::Killed, "found_dead"),
        "succumbed" => (Fate::Killed, "killed"),
        // "accidentally shot himself in the leg": the shooter is the one shot.
        "shot" if matches!(w1, "himself" | "herself") => (Fate::Shot, "shot_self"),
        "shot" if w1 == "themselves" => return None,
        // "was shot and wounded", "shot in the leg", "shot ... and is in stable condition":
        // alive.
        "shot" if w1 == "and" && matches!(w2, "wounded" | "injured") => {
            (Fate::Injured, "shot_and_wounded")
        }
        "shot" if survives(t, k + 1) => (Fate::Injured, "shot_survived"),
        "shot" => (Fate::Shot, "shot"),
        // "four people were hit in an overnight shooting", "struck by gunfire".
        "hit" | "struck"
            if !matches!(w1, "by")
                || matches!(w2, "gunfire" | "bullets" | "a" | "stray" | "shots")
                || (k + 3..(k + 8).min(t.len()))
                    .any(|m| matches!(t.lw(m), "gunfire" | "bullet" | "bullets")) =>
        {
            (Fate::Shot, "hit")
        }
        "treated" if matches!(w1, "for" | "at") => (Fate::Injured, "treated"),
        // "were all transported to a local hospital for treatment of non-life-threatening
        // injuries"; without such words the person may have died there.
        "transported" | "taken" | "rushed"
            if (k + 1..(k + 5).min(t.len())).any(|m| care_place(t, m)) =>
        {
            if survives(t, k + 1) {
                (Fate::Injured, "hospital")
            } else if died_there(t, k + 1) {
                (Fate::Killed, "hospital_died")
            } else {
                (Fate::Shot, "hospital")
            }
        }
        "arrested" | "detained" | "apprehended" | "recaptured" | "nabbed" | "jailed" | "booked"
        | "remanded" | "surrendered"
            if !matches!(w1, "itself" | "themselves") =>
        {
            (Fate::Detained, "arrested")
        }
        "captured" | "caught" if !matches!(w1, "on" | "in" | "fire" | "up") => {
            (Fate::Detained, "arrested")
        }
        "taken" if w1 == "into" && w2 == "custody" => (Fate::Detained, "arrested"),
        "in" if w1 == "custody" => (Fate::Detained, "arrested"),
        // "is in serious condition", "are in the hospital": alive, hurt.
        "in" if matches!(
            w1,
            "critical" | "serious" | "stable" | "fair" | "grave" | "good"
        ) && w2 == "condition" =>
        {
            (Fate::Injured, "in_condition")
        }
        "in" if matches!(w1, "the" | "a") && w2.starts_with("hospital") => {
            (Fate::Injured, "in_condition")
        }
        "in" if matches!(w1, "police" | "federal" | "state") && w2 == "custody" => {
            (Fate::Detained, "arrested")
        }
        "under" if w1 == "arrest" => (Fate::Detained, "arrested"),
        "held" if matches!(w1, "on" | "without" | "in" | "at") => (Fate::Detained, "arrested"),
        "found" | "suffering" | "suffered" | "sustained" | "suffers" | "sustains"
            if (k + 1..(k + 6).min(t.len())).any(|m| {
                matches!(t.lw(m), "wound" | "wounds") && t.lw(m - 1).starts_with("gunshot")
            }) =>
        {
            (Fate::Shot, "gunshot_wound")
        }
        // "suffered minor injuries", "received burns" (a gunshot wound is above).
        "suffered" | "sustained" | "received" | "suffering" | "suffers" | "sustains"
            if (k + 1..(k + 5).min(t.len())).any(|m| {
                matches!(
                    t.lw(m),
                    "injuries" | "injury" | "wounds" | "wound" | "burns"
                )
            }) =>
        {
            (Fate::Injured, "suffered_injuries")
        }
        "fatally" => (Fate::Killed, "fatally"),
        // "fell 200 metres to his death", "have fallen to their deaths".
        "fell" | "fallen" | "fall" | "falls" | "plunged" | "plunge" | "plummeted"
            if (k + 1..(k + 6).min(t.len())).any(|m| {
                t.lw(m) == "to"
                    && matches!(t.lw(m + 1), "his" | "her" | "their")
                    && matches!(t.lw(m + 2), "death" | "deaths")
            }) =>
        {
            (Fate::Killed, "fell_to_death")
        }
        "pronounced" | "found" | "declared" if matches!(w1, "dead" | "deceased") => {
            (Fate::Killed, "pronounced_dead")
        }
        // "was grazed by a bullet".
        "grazed" if passive => (Fate::Injured, "wounded"),
        // "another is fighting for her life".
        "fighting" | "clinging"
            if matches!(w1, "for" | "to") && matches!(w2, "life" | "his" | "her") =>
        {
            (Fate::Injured, "wounded")
        }
        "critically" | "seriously" | "severely" | "gravely" | "non-fatally"
            if matches!(w1, "wounded" | "injured" | "hurt" | "shot") =>
        {
            (Fate::Injured, "wounded")
        }
        "wounded" | "injured" | "hurt" | "hospitalized" | "hospitalised" => {
            (Fate::Injured, "wounded")
        }
        // "is recovering after being shot", "recovering in the hospital".
        "recovering" if matches!(w1, "after" | "from" | "in" | "at") => {
            (Fate::Injured, "recovering")
        }
        // "are expected to be okay", "is expected to survive": alive, hurt.
        "expected"
            if w1 == "to"
                && (matches!(w2, "survive" | "recover" | "live")
                    || (w2 == "be"
                        && matches!(
                            t.lw(k + 3),
                            "ok" | "okay" | "fine" | "alright" | "all" | "released"
                        ))) =>
        {
            (Fate::Injured, "expected_to_survive")
        }
        _ => return None,
    })
}
