//! `factline gen`: a large synthetic corpus for benchmarks, by varying a sample corpus.
//!
//! Instance k of the corpus is a copy of every sample article with its dates shifted, its
//! places swapped for other cities and its numbers scaled, consistently within the
//! instance, so each instance forms new stories. Deterministic for a given seed.

use std::collections::BTreeMap;
use std::io::{BufWriter, Write};

use anyhow::{Result, bail};
use factline_model::RawArticle;
use jiff::ToSpan;

use crate::Outcome;
use crate::pipeline::{process, read_all_inputs};

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
}

pub fn run(from: &str, count: usize, seed: u64, out: &str) -> Result<Outcome> {
    let mut templates: Vec<Template> = read_all_inputs(&[from.to_string()], |_| {})
        .map(|raw| {
            let places = process(&raw).facts.places;
            Template { raw, places }
        })
        .collect();
    if templates.is_empty() {
        bail!("{from}: no articles to vary");
    }
    templates.sort_by(|a, b| a.raw.id.cmp(&b.raw.id));
    let mut sink: Box<dyn Write> = if out == "-" {
        Box::new(BufWriter::new(std::io::stdout().lock()))
    } else {
        Box::new(BufWriter::new(std::fs::File::create(out).map_err(|e| {
            anyhow::anyhow!("{out}: cannot create output file: {e}")
        })?))
    };
    let mut rng = Rng(seed ^ 0x5EED);
    let mut written = 0usize;
    let mut instance = 0usize;
    while written < count {
        // Per instance: a date shift, a place mapping and a number scale.
        // Instances four weeks apart stay outside each other's clustering window; whole weeks
        // keep "on Friday" pointing at the same day of the story; the cycle keeps dates within
        // the supported range even for millions of articles.
        let shift_days = ((instance % 2100) * 28) as i64;
        let scale = 0.6 + rng.below(90) as f64 / 100.0;
        let mut places: BTreeMap<&str, &str> = BTreeMap::new();
        let mut order: Vec<usize> = (0..templates.len()).collect();
        // Story mix: each instance keeps a random subset of the sample, shuffled.
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i + 1));
        }
        let keep = (order.len() * 3 / 4).max(1);
        for &t in order.iter().take(keep) {
            if written >= count {
                break;
            }
            let tpl = &templates[t];
            let mut text = tpl.raw.body.clone();
            let mut title = tpl.raw.title.clone();
            for p in &tpl.places {
                let to = *places
                    .entry(p.as_str())
                    .or_insert_with(|| CITIES[rng.below(CITIES.len())]);
                text = text.replace(p.as_str(), to);
                title = title.map(|t| t.replace(p.as_str(), to));
            }
            let text = shift_dates(&scale_numbers(&text, scale), shift_days);
            let published = tpl.raw.published.checked_add(shift_days.days())?;
            let line = serde_json::json!({
                "id": format!("g{seed}-{instance}-{}", tpl.raw.id),
                "published": published.to_string(),
                "title": title,
                "text": text,
            });
            serde_json::to_writer(&mut sink, &line)?;
            sink.write_all(b"\n")?;
            written += 1;
        }
        instance += 1;
    }
    sink.flush()?;
    Ok(Outcome::Ok)
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

/// Scale standalone integers (not years, not parts of ids or decimals) by `scale`.
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
            if n >= 2 && !is_year && !glued && digits.len() <= 9 {
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
    use super::{scale_numbers, shift_dates};

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
    }
}
