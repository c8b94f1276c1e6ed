//! `factline gen`: a large synthetic corpus for benchmarks, by varying a sample corpus.
//!
//! Instance k of the corpus is a copy of a random three quarters of the sample articles with
//! their dates shifted, their places swapped for other cities, their names for invented
//! ones and their numbers scaled, consistently within the instance, so each instance forms
//! new stories. Dates move forward with the instance, a few instances a week, so the corpus
//! grows the way a news archive does: later, not denser. Instances that share a week are
//! distinct events of the same kinds on the same days, told in the same words but for names,
//! places, numbers and left-out paragraphs: a hard test for clustering (`--gold-out`).
//! Deterministic for a given seed.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::{Context, Result, bail};
use factline_model::RawArticle;
use jiff::ToSpan;
use jiff::civil::Date;

use crate::Outcome;
use crate::inputs::read_all_inputs;
use factline_app::process;

/// Options of [`run`].
pub struct GenOptions<'a> {
    pub from: &'a str,
    pub count: usize,
    pub seed: u64,
    pub out: &'a str,
    /// Instances whose stories share each week.
    pub per_week: usize,
    /// Where to write each article's story label (needs `gold.jsonl` beside the corpus).
    pub gold_out: Option<&'a str>,
}

/// Chance (in percent) that an instance keeps a paragraph after the first.
const KEEP_PARAGRAPH: usize = 70;

/// Generated dates stay inside what `parse_date` accepts.
const FIRST_DAY: Date = jiff::civil::date(1901, 1, 1);
const LAST_DAY: Date = jiff::civil::date(2199, 12, 31);

const CITIES: &[&str] = &[
    "Lagos",
    "Lima",
    "Manila",
    "Dhaka",
    "Karachi",
    "Nairobi",
    "Quito",
    "Hanoi",
    "Tbilisi",
    "Accra",
    "Bogota",
    "Caracas",
    "Santiago",
    "Jakarta",
    "Surabaya",
    "Medan",
    "Kathmandu",
    "Colombo",
    "Kabul",
    "Tehran",
    "Izmir",
    "Ankara",
    "Adana",
    "Athens",
    "Naples",
    "Palermo",
    "Valencia",
    "Seville",
    "Porto",
    "Lyon",
    "Marseille",
    "Krakow",
    "Lviv",
    "Odesa",
    "Minsk",
    "Riga",
    "Tallinn",
    "Oslo",
    "Bergen",
    "Dublin",
    "Cork",
    "Glasgow",
    "Leeds",
    "Toronto",
    "Winnipeg",
    "Houston",
    "Denver",
    "Tucson",
    "Monterrey",
    "Guadalajara",
    "Havana",
    "Recife",
    "Manaus",
    "Cordoba",
    "Rosario",
    "Durban",
    "Harare",
    "Lusaka",
    "Kampala",
    "Mombasa",
    "Khartoum",
    "Tunis",
    "Algiers",
    "Casablanca",
    "Beirut",
    "Amman",
    "Mosul",
    "Basra",
    "Aleppo",
    "Homs",
    "Erbil",
    "Shiraz",
    "Tabriz",
    "Mashhad",
    "Quetta",
    "Peshawar",
    "Lahore",
    "Multan",
    "Chennai",
    "Pune",
    "Jaipur",
    "Lucknow",
    "Patna",
    "Kochi",
    "Chittagong",
    "Sylhet",
    "Mandalay",
    "Yangon",
    "Cebu",
    "Davao",
    "Makassar",
    "Semarang",
    "Bandung",
    "Busan",
    "Osaka",
    "Sendai",
    "Kobe",
    "Harbin",
    "Wuhan",
    "Chengdu",
    "Kunming",
    "Almaty",
    "Bishkek",
    "Tashkent",
    "Baku",
    "Yerevan",
    "Kharkiv",
    "Dnipro",
    "Poznan",
    "Gdansk",
    "Brno",
    "Graz",
    "Turin",
    "Bari",
    "Bilbao",
    "Malaga",
    "Nantes",
    "Lille",
    "Bordeaux",
    "Antwerp",
    "Ghent",
    "Utrecht",
    "Hamburg",
    "Leipzig",
    "Dresden",
    "Aarhus",
    "Malmo",
    "Tampere",
    "Vilnius",
    "Sofia",
    "Varna",
    "Cluj",
    "Iasi",
    "Skopje",
    "Tirana",
    "Sarajevo",
    "Split",
    "Zagreb",
    "Ljubljana",
    "Nicosia",
    "Alexandria",
    "Aswan",
    "Benghazi",
    "Misrata",
    "Sfax",
    "Oran",
    "Fez",
    "Marrakesh",
    "Dakar",
    "Bamako",
    "Niamey",
    "Kano",
    "Ibadan",
    "Enugu",
    "Douala",
    "Yaounde",
    "Kinshasa",
    "Goma",
    "Kigali",
    "Arusha",
    "Dodoma",
    "Beira",
    "Maputo",
    "Lubumbashi",
    "Bulawayo",
    "Gaborone",
    "Windhoek",
    "Pretoria",
    "Soweto",
    "Belem",
    "Fortaleza",
    "Salvador",
    "Curitiba",
    "Campinas",
    "Asuncion",
    "Montevideo",
    "Cusco",
    "Trujillo",
    "Medellin",
    "Barranquilla",
    "Maracaibo",
    "Tegucigalpa",
    "Managua",
    "Puebla",
    "Tijuana",
    "Merida",
];

/// splitmix64: small, fast, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E3779B97F4A7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58476D1CE4E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D049BB133111EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

struct Template {
    raw: RawArticle,
    places: Vec<String>,
    /// Gold story label, when the corpus has one.
    story: Option<String>,
}

pub fn run(opts: &GenOptions) -> Result<Outcome> {
    let from = opts.from;
    let labels = if opts.gold_out.is_some() {
        Some(gold_labels(from)?)
    } else {
        None
    };
    let mut templates: Vec<Template> =
        read_all_inputs(&[from.to_string()], Default::default(), |_| {})
            .map(|raw| {
                let places = process(&raw).facts.places;
                let story = labels.as_ref().and_then(|l| l.get(&raw.id).cloned());
                Template { raw, places, story }
            })
            .collect();
    if templates.is_empty() {
        bail!("{from}: no articles to vary");
    }
    if labels.is_some()
        && let Some(t) = templates.iter().find(|t| t.story.is_none())
    {
        bail!("{from}: article {} has no story in gold.jsonl", t.raw.id);
    }
    if opts.per_week == 0 {
        bail!("--per-week must be at least 1");
    }
    templates.sort_by(|a, b| a.raw.id.cmp(&b.raw.id));
    let names = NameFinder::new(&templates);
    let first = templates
        .iter()
        .map(|t| t.raw.published)
        .min()
        .expect("not empty");
    let last = templates
        .iter()
        .map(|t| t.raw.published)
        .max()
        .expect("not empty");
    // Whole weeks keep "on Friday" pointing at the same day of the story. The first week
    // moves the sample's earliest date to the start of the supported range; past its end
    // (millions of articles) the weeks start over.
    let to_start = (first - FIRST_DAY).get_days().div_euclid(7) * 7;
    let weeks = ((LAST_DAY - FIRST_DAY).get_days() - (last - first).get_days()).div_euclid(7);
    if weeks < 1 {
        bail!("{from}: the corpus spans more than the supported date range");
    }
    let mut sink = create(opts.out)?;
    let mut gold = opts.gold_out.map(create).transpose()?;
    let seed = opts.seed;
    let mut rng = Rng(seed ^ 0x5EED);
    let mut written = 0usize;
    let mut instance = 0usize;
    while written < opts.count {
        // Per instance: a date shift, a place and name mapping and a number scale.
        let week = (instance / opts.per_week) as i64 % weeks as i64;
        let shift_days = week * 7 - to_start as i64;
        let scale = 0.6 + rng.below(90) as f64 / 100.0;
        let mut places: BTreeMap<&str, &str> = BTreeMap::new();
        let mut invented: HashMap<String, String> = HashMap::new();
        let mut order: Vec<usize> = (0..templates.len()).collect();
        // Story mix: each instance keeps a random subset of the sample, shuffled.
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i + 1));
        }
        let keep = (order.len() * 3 / 4).max(1);
        // Which paragraphs after the first each article of the instance keeps: instances
        // that tell a story in different words, not word for word with other names. One
        // choice per paragraph position, so wire copies in the sample stay copies.
        let paragraphs: Vec<bool> = (0..64).map(|_| rng.below(100) < KEEP_PARAGRAPH).collect();
        for &t in order.iter().take(keep) {
            if written >= opts.count {
                break;
            }
            let tpl = &templates[t];
            let text = tpl
                .raw
                .body
                .split("\n\n")
                .enumerate()
                .filter(|&(i, _)| i == 0 || paragraphs.get(i).copied().unwrap_or(true))
                .map(|(_, p)| p)
                .collect::<Vec<_>>()
                .join("\n\n");
            let moves: Vec<(&str, &str)> = tpl
                .places
                .iter()
                .map(|p| {
                    let to = *places
                        .entry(p.as_str())
                        .or_insert_with(|| CITIES[rng.below(CITIES.len())]);
                    (p.as_str(), to)
                })
                .collect();
            // Text and title (the text's first line) change alike: places, names, figures
            // and dates.
            let mut vary = |s: &str| {
                let moved = moves
                    .iter()
                    .fold(s.to_string(), |s, (from, to)| s.replace(from, to));
                let renamed = names.replace(&moved, &mut invented, &mut rng);
                shift_dates(&scale_numbers(&renamed, scale), shift_days)
            };
            let text = vary(&text);
            let title = tpl.raw.title.as_deref().map(&mut vary);
            let published = tpl.raw.published.checked_add(shift_days.days())?;
            let id = format!("g{seed}-{instance}-{}", tpl.raw.id);
            let line = serde_json::json!({
                "id": id,
                "published": published.to_string(),
                "title": title,
                "text": text,
            });
            serde_json::to_writer(&mut sink, &line)?;
            sink.write_all(b"\n")?;
            if let (Some(gold), Some(story)) = (&mut gold, &tpl.story) {
                let label = serde_json::json!({"id": id, "story": format!("{story}@{instance}")});
                serde_json::to_writer(&mut *gold, &label)?;
                gold.write_all(b"\n")?;
            }
            written += 1;
        }
        instance += 1;
    }
    sink.flush()?;
    if let Some(mut gold) = gold {
        gold.flush()?;
    }
    Ok(Outcome::Ok)
}

fn create(out: &str) -> Result<Box<dyn Write>> {
    Ok(if out == "-" {
        Box::new(BufWriter::new(std::io::stdout().lock()))
    } else {
        Box::new(BufWriter::new(
            std::fs::File::create(out)
                .with_context(|| format!("{out}: cannot create output file"))?,
        ))
    })
}

/// Story labels of the corpus in `from`: `gold.jsonl` in that directory or its parent.
fn gold_labels(from: &str) -> Result<HashMap<String, String>> {
    let dir = Path::new(from);
    let path = [dir.join("gold.jsonl"), dir.join("../gold.jsonl")]
        .into_iter()
        .find(|p| p.is_file())
        .with_context(|| format!("{from}: no gold.jsonl in it or beside it for --gold-out"))?;
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("{}: cannot read", path.display()))?;
    let mut labels = HashMap::new();
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let l: serde_json::Value = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: not JSON", path.display(), n + 1))?;
        let (Some(id), Some(story)) = (l["id"].as_str(), l["story"].as_str()) else {
            bail!(
                "{}:{}: a gold label needs \"id\" and \"story\"",
                path.display(),
                n + 1
            );
        };
        labels.insert(id.to_string(), story.to_string());
    }
    Ok(labels)
}

/// Finds the names in the sample (capitalised words rare in general English, such as
/// people, villages and organisations) so that each instance can give them new ones:
/// instances that kept the sample's names would be reports of the same people on
/// different days, not different events.
struct NameFinder {
    pattern: Option<regex::Regex>,
}

impl NameFinder {
    /// Rarer than this (-log10 frequency) and capitalised: a name.
    const RARITY: f32 = 5.5;

    fn new(templates: &[Template]) -> Self {
        static WORD: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            regex::Regex::new(r"\b\p{Lu}\p{Ll}{3,}\b").expect("word regex")
        });
        let mut found: BTreeSet<String> = BTreeSet::new();
        for t in templates {
            let texts = [t.raw.body.as_str(), t.raw.title.as_deref().unwrap_or("")];
            for m in texts.iter().flat_map(|s| WORD.find_iter(s)) {
                if is_name(m.as_str()) {
                    found.insert(m.as_str().to_string());
                }
            }
        }
        // Longest first, so that a name is never replaced by part of it.
        let mut found: Vec<String> = found.into_iter().collect();
        found.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        let pattern = (!found.is_empty()).then(|| {
            let alternatives: Vec<String> = found.iter().map(|n| regex::escape(n)).collect();
            regex::Regex::new(&format!(r"\b(?:{})\b", alternatives.join("|"))).expect("names regex")
        });
        Self { pattern }
    }

    /// `text` with each name replaced by the instance's invented name for it.
    fn replace(&self, text: &str, invented: &mut HashMap<String, String>, rng: &mut Rng) -> String {
        let Some(pattern) = &self.pattern else {
            return text.to_string();
        };
        pattern
            .replace_all(text, |c: &regex::Captures| {
                invented
                    .entry(c[0].to_string())
                    .or_insert_with(|| invent_name(rng))
                    .clone()
            })
            .into_owned()
    }
}

/// A capitalised word that is not a common word or the plural of one (months and weekdays
/// are common words).
fn is_name(word: &str) -> bool {
    let lower = word.to_lowercase();
    let rare = |w: &str| factline_cluster::word_rarity(w) >= NameFinder::RARITY;
    rare(&lower) && lower.strip_suffix('s').is_none_or(rare)
}

/// A pronounceable invented name ("Taveno", "Mirusk").
fn invent_name(rng: &mut Rng) -> String {
    const ONSETS: &[&str] = &[
        "b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "dr",
        "kr", "st", "tr",
    ];
    const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "ai", "ou"];
    const CODAS: &[&str] = &["", "", "n", "r", "l", "s", "k", "sk"];
    let syllables = 2 + rng.below(2);
    let mut name = String::new();
    for _ in 0..syllables {
        name.push_str(ONSETS[rng.below(ONSETS.len())]);
        name.push_str(VOWELS[rng.below(VOWELS.len())]);
    }
    name.push_str(CODAS[rng.below(CODAS.len())]);
    let mut c = name.chars();
    let first = c.next().expect("not empty").to_uppercase();
    first.chain(c).collect()
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Move "3 April" / "April 3" (with an optional year) by `days`, so explicit dates in the text
/// stay consistent with the shifted publication date.
fn shift_dates(text: &str, days: i64) -> String {
    static DATE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        let m = MONTHS.join("|");
        regex::Regex::new(&format!(
            r"\b(?:(?P<d1>\d{{1,2}}) (?P<m1>{m})|(?P<m2>{m}) (?P<d2>\d{{1,2}})\b)(?:,? (?P<y>(?:19|20|21)\d\d)\b)?"
        ))
        .expect("date regex")
    });
    DATE.replace_all(text, |c: &regex::Captures| {
        let month_name = c.name("m1").or(c.name("m2")).map_or("", |m| m.as_str());
        let day: i8 = c
            .name("d1")
            .or(c.name("d2"))
            .and_then(|d| d.as_str().parse().ok())
            .unwrap_or(0);
        let month = MONTHS.iter().position(|m| *m == month_name).unwrap_or(0) as i8 + 1;
        let year: i16 = c
            .name("y")
            .and_then(|y| y.as_str().parse().ok())
            .unwrap_or(2025);
        let Ok(date) = jiff::civil::Date::new(year, month, day) else {
            return c[0].to_string();
        };
        let Ok(moved) = date.checked_add(days.days()) else {
            return c[0].to_string();
        };
        let name = MONTHS[moved.month() as usize - 1];
        let core = if c.name("d1").is_some() {
            format!("{} {name}", moved.day())
        } else {
            format!("{name} {}", moved.day())
        };
        match c.name("y") {
            Some(_) => format!("{core} {}", moved.year()),
            None => core,
        }
    })
    .into_owned()
}

/// Is the number between `before` and `after` the day of a date ("11 March", "March 11")?
fn is_day_of_month(before: &str, after: &str) -> bool {
    MONTHS.iter().any(|m| {
        after.strip_prefix(' ').is_some_and(|a| a.starts_with(m))
            || before.strip_suffix(' ').is_some_and(|b| b.ends_with(m))
    })
}

/// Scale standalone integers (not years, days of dates, parts of ids or decimals) by
/// `scale`.
fn scale_numbers(text: &str, scale: f64) -> String {
    let mut out = String::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric()) {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b',') {
                i += 1;
            }
            let tok = text[start..i].trim_end_matches(',');
            let rest_start = start + tok.len();
            let digits: String = tok.chars().filter(char::is_ascii_digit).collect();
            let n: u64 = digits.parse().unwrap_or(0);
            let next = bytes.get(rest_start).copied();
            let is_year = (1900..=2100).contains(&n) && !tok.contains(',');
            let glued = next.is_some_and(|b| b.is_ascii_alphabetic() || b == b'.' || b == b'-')
                && !matches!(next, Some(b'.'))
                || next == Some(b'-');
            let day = is_day_of_month(&text[..start], &text[rest_start..]);
            if n >= 2 && !is_year && !glued && !day && digits.len() <= 9 {
                let v = ((n as f64) * scale).round().max(2.0) as u64;
                out.push_str(&v.to_string());
            } else {
                out.push_str(tok);
            }
            i = rest_start;
            continue;
        }
        let c = text[i..].chars().next().expect("in bounds");
        out.push(c);
        i += c.len_utf8();
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::{NameFinder, Rng, Template, scale_numbers, shift_dates};

    fn template(body: &str) -> Template {
        Template {
            raw: factline_model::RawArticle {
                id: "t".into(),
                source: "t.txt".into(),
                url: None,
                published: factline_model::parse_date("2025-03-01").expect("date"),
                title: None,
                body: body.into(),
            },
            places: Vec::new(),
            story: None,
        }
    }

    #[test]
    fn names_are_invented_per_variant_and_common_words_kept() {
        let finder = NameFinder::new(&[template(
            "Mayor Quillbert Zandoval said on Friday that the Factory would close in March. \
             Rescuers praised Zandoval.",
        )]);
        let text = "Quillbert Zandoval visited the Factory on Friday; Zandoval left in March.";
        let mut rng = Rng(1);
        let mut first = HashMap::new();
        let a = finder.replace(text, &mut first, &mut rng);
        for kept in ["Factory", "Friday", "March", "visited"] {
            assert!(a.contains(kept), "{kept:?} was replaced: {a}");
        }
        for name in ["Quillbert", "Zandoval"] {
            assert!(!a.contains(name), "{name:?} kept: {a}");
        }
        // One invented name per name, used for every mention within the variant.
        let zandoval = &first["Zandoval"];
        assert_eq!(a.matches(zandoval.as_str()).count(), 2, "{a}");
        assert_eq!(finder.replace(text, &mut first, &mut rng), a);
        // Another variant invents other names.
        let b = finder.replace(text, &mut HashMap::new(), &mut rng);
        assert_ne!(a, b);
    }

    #[test]
    fn shifts_explicit_dates() {
        assert_eq!(
            shift_dates("on 3 April and March 30, 2025 but not 12 bodies", 28),
            "on 1 May and April 27 2025 but not 12 bodies"
        );
    }

    #[test]
    fn scales_counts_not_years_or_ages() {
        assert_eq!(
            scale_numbers("In 2024, 40 died and 1,200 fled; a 23-year-old.", 2.0),
            "In 2024, 80 died and 2400 fled; a 23-year-old."
        );
        // Days of dates stay days: `shift_dates` moves them with the publication date.
        assert_eq!(
            scale_numbers("On 11 March, 30 died; by March 14, 60.", 2.0),
            "On 11 March, 60 died; by March 14, 120."
        );
    }
}
