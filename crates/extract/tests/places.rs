//! Places: the gazetteer and the seed articles.

mod common;
use common::{seeds, seeds_dir};

use factline_extract::places::{Gazetteer, PlaceKind};
use factline_model::{CleanText, Date, Span};

fn one(s: &str) -> Vec<String> {
    let t = CleanText {
        body: s.to_string(),
        sentences: vec![Span::new(0, s.len())],
    };
    Gazetteer::bundled().event_places(&t)
}

fn article(s: &str) -> Vec<String> {
    Gazetteer::bundled().event_places(&factline_clean::clean(s))
}

#[test]
fn gazetteer_loads_and_resolves_ambiguity() {
    let g = Gazetteer::bundled();
    assert!(g.len() > 30_000, "{} places", g.len());
    let moscow = g.lookup("Moscow").unwrap();
    assert_eq!((moscow.country, moscow.kind), ("RU", PlaceKind::City));
    assert!(moscow.population > 10_000_000);
    assert_eq!(g.lookup("Georgia").unwrap().kind, PlaceKind::Country);
    assert_eq!(g.lookup("Washington").unwrap().kind, PlaceKind::City);
    assert_eq!(g.lookup("Kiev").unwrap().name, "Kyiv");
    assert_eq!(g.lookup("Derna").unwrap().name, "Derna");
    assert_eq!(g.lookup("Zurich").unwrap().name, "Zürich");
    assert_eq!(g.lookup("Britain").unwrap().name, "United Kingdom");
    assert_eq!(g.lookup("Gaza Strip").unwrap().kind, PlaceKind::Region);
    for stop in ["Of", "March", "Police", "Union", "Independence"] {
        assert!(g.lookup(stop).is_none(), "{stop} should be stoplisted");
    }
    assert!(g.lookup("moscow").is_none(), "case-sensitive");
}

#[test]
fn scene_versus_origin_and_reference() {
    assert_eq!(
        one("A gunman opened fire at a market in Derna on Friday."),
        vec!["Derna"]
    );
    assert_eq!(
        one(
            "The suspects, citizens of Tajikistan, were caught fleeing towards Ukraine after the attack in Krasnogorsk."
        ),
        vec!["Krasnogorsk"]
    );
    assert_eq!(
        one("The quake struck 80 km north of Kabul, shaking houses in Charikar."),
        vec!["Charikar"]
    );
    assert!(one("Kyiv vehemently denies any role.").is_empty());
    assert!(one("The US Embassy issued a statement.").is_empty());
    assert!(one("Police said Reading was a hobby of the suspect.").is_empty());
    assert_eq!(
        one("Floods swept through homes in Reading overnight."),
        vec!["Reading"]
    );
    assert!(one("Michael Jackson songs played as Victoria spoke.").is_empty());
}

#[test]
fn city_before_country_unless_located_there() {
    let v = article(
        "Explosions rocked a stadium in Kharkiv, Ukraine's second city, on Monday. Ukraine said it would respond.",
    );
    assert_eq!(v, vec!["Kharkiv"]);
    let v = article(
        "Mourning was declared across Russia after an attack on a concert hall in Krasnogorsk.",
    );
    assert!(
        v.contains(&"Russia".to_string()) && v.contains(&"Krasnogorsk".to_string()),
        "{v:?}"
    );
}

#[test]
fn dateline_and_limits() {
    let v =
        article("MOSCOW (Reuters) - Gunmen attacked a concert hall in Krasnogorsk near Moscow.");
    assert_eq!(v, vec!["Krasnogorsk", "Moscow"]);
    let many =
        "Storms hit Paris, Lyon, Marseille, Toulouse, Nice, Bordeaux, Lille and Nantes in France.";
    assert!(article(many).len() <= 5);
}

#[test]
fn never_panics_and_is_fast() {
    for s in [
        "",
        "Ä",
        "in",
        "in Moscow",
        "MOSCOW",
        "’s Kyiv’s",
        "in Moscow-",
    ] {
        let _ = article(s);
    }
    let body =
        "Gunmen attacked a concert hall in Krasnogorsk, near Moscow, killing dozens. ".repeat(40);
    let text = factline_clean::clean(&body);
    let g = Gazetteer::bundled();
    let _ = g.event_places(&text);
    let t = std::time::Instant::now();
    for _ in 0..200 {
        let _ = g.event_places(&text);
    }
    let per = t.elapsed() / 200;
    println!("event_places on {} bytes: {per:?}", text.body.len());
}

/// The string items of `"key": [...]` in one JSON line.
fn json_str_list(line: &str, key: &str) -> Vec<String> {
    let k = format!("\"{key}\": [");
    let Some(i) = line.find(&k) else {
        return Vec::new();
    };
    let rest = &line[i + k.len()..];
    let Some(end) = rest.find(']') else {
        return Vec::new();
    };
    rest[..end]
        .split(',')
        .map(|s| s.trim().trim_matches('"').to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

#[test]
fn seed_places_found() {
    let Some(seeds) = seeds() else {
        println!("seeds not found at {}; skipping", seeds_dir().display());
        return;
    };
    let g = Gazetteer::bundled();
    let (mut tp, mut n_pred, mut n_gold) = (0, 0, 0);
    let mut missing = Vec::new();
    for (line, id, _, text) in &seeds {
        let _: &Date = &seeds[0].2;
        let gold = json_str_list(line, "places");
        let got = g.event_places(text);
        println!("{id}: gold {gold:?} got {got:?}");
        n_pred += got.len();
        for p in &gold {
            n_gold += 1;
            let found = got.iter().any(|x| x.eq_ignore_ascii_case(p));
            tp += usize::from(found);
            // Venues ("Crocus City Hall") are not gazetteer places.
            let venue = [
                "Hall", "Stadium", "Centre", "Center", "Theatre", "Mall", "Airport",
            ]
            .iter()
            .any(|w| p.ends_with(w));
            if !found && !venue {
                missing.push(format!("{id}: {p}"));
            }
        }
    }
    println!("seed places: tp={tp} pred={n_pred} gold={n_gold}");
    assert!(missing.is_empty(), "gold places not found: {missing:?}");
}

#[test]
fn places_the_text_marks_beyond_the_gazetteer() {
    // Invented names: no gazetteer entry, but a place noun, a locative or a venue marks them.
    assert_eq!(
        one("The landslide buried homes in Parvat district on Monday."),
        vec!["Parvat"]
    );
    assert_eq!(
        one("Floods swept through Ulmar and Tessik districts overnight."),
        vec!["Ulmar", "Tessik"]
    );
    assert_eq!(
        one("Most of the deaths were in Orvu and Kemba, two rural municipalities near the border."),
        vec!["Orvu", "Kemba"]
    );
    assert_eq!(
        one("The quake struck the mountain town of Dorsal Kip."),
        vec!["Dorsal Kip"]
    );
    assert_eq!(
        one("The ferry sank in the Kavari Sea after dark."),
        vec!["Kavari Sea"]
    );
    assert_eq!(
        one("Most victims came from Halbek, a farming village close to the epicentre."),
        vec!["Halbek"]
    );
    assert_eq!(
        one("Gunmen opened fire at Velmont Arena during a concert."),
        vec!["Velmont Arena"]
    );
    assert_eq!(
        one("The quake damaged houses in Karnali Province and near Silbu."),
        vec!["Karnali Province", "Silbu"]
    );
}

#[test]
fn places_of_treatment_statements_arrests_and_journeys_are_not_the_scene() {
    for s in [
        "The injured were taken to the hospital in Tarvik, where two died.",
        "The minister told reporters in Ostrel that aid was coming.",
        "Evacuees were moved to tents at a school in the district of Harrow Fen.",
        "A Nation in Mourning: The Human Cost of Terror",
        "In Smith's view, the response was slow.",
        "The bill was approved in Parliament after the floods.",
        "The researcher works at Halvorsen Institute.",
        "LIMA, March 14 (Meridian) — The toll from the quake rose.",
    ] {
        assert!(one(s).is_empty(), "{s}: {:?}", one(s));
    }
    assert_eq!(
        one("The suspect was arrested at a flat in nearby Wolvers after the stabbing in Dreck."),
        vec!["Dreck"]
    );
    assert_eq!(
        one("The ferry, built in Norway in 1994, capsized off Pemba."),
        vec!["Pemba"]
    );
    assert_eq!(
        one("Two people died in a Tarvik hospital after the blast in Ostrel."),
        vec!["Ostrel"]
    );
    assert_eq!(
        one("The quake hit a Peruvian town near the coast, killing four."),
        Vec::<String>::new()
    );
}

/// Places the gazetteer lacks but the text marks as places are local; gazetteer ones are not.
#[test]
fn localities_are_told_from_gazetteer_places() {
    let g = Gazetteer::bundled();
    let located = |s: &str| g.locate(&factline_clean::clean(s));
    let mut got = located(
        "Two men were shot outside a café in the Rosengård district of Malmö on Monday, police said.",
    );
    got.sort();
    assert_eq!(
        got,
        [
            ("Malmö".to_string(), false),
            ("Rosengård".to_string(), true)
        ]
    );
    let got = located(
        "Gunmen opened fire on concertgoers at Crocus City Hall on Friday, officials said. \
         The venue in Krasnogorsk was packed.",
    );
    assert!(
        got.contains(&("Crocus City Hall".to_string(), true)),
        "{got:?}"
    );
    assert!(got.contains(&("Krasnogorsk".to_string(), false)), "{got:?}");
}

/// A gazetteer place written without its diacritics and also marked by a cue ("the town
/// of Indapur") is one place, under the gazetteer's name.
#[test]
fn a_place_spelt_without_diacritics_is_one_place() {
    let got = article(
        "Eight people were killed when a bus hit a container near the town of Indapur on \
         Thursday. Police in Indapur said the driver had fled.",
    );
    assert_eq!(
        got.iter()
            .filter(|p| p.starts_with("Ind"))
            .collect::<Vec<_>>(),
        ["Indāpur"],
        "{got:?}"
    );
}

/// "Alesund-based Havbrink" names a company, not a place.
#[test]
fn a_company_based_somewhere_is_no_place() {
    let got =
        article("Shares in Alesund-based Havbrink rose 3 percent after the deal was announced.");
    assert!(got.iter().all(|p| !p.contains("Havbrink")), "{got:?}");
}

/// "Berkeley County" names a county, not the city of Berkeley; a medical centre is where the
/// wounded were treated, like a hospital.
#[test]
fn a_county_is_not_its_namesake_city_and_a_medical_centre_is_no_scene() {
    assert_eq!(
        one("A man was shot at a gas station in Berkeley County on Sunday."),
        vec!["Berkeley County"]
    );
    assert_eq!(
        one("The boy was shot in Tarvik and died at Ellis Medical Center in Maywood."),
        vec!["Tarvik"]
    );
}

/// A dateline after the headline counts; one that names its state as well ("TULSA, Okla.")
/// is local news placing its own story, one with a date after the comma is not.
#[test]
fn a_local_dateline_after_the_headline_places_the_story() {
    assert_eq!(
        article(
            "Teen hurt by stray bullet\n\nTULSA, Okla. - A teenager was hurt by a stray bullet on Sunday, police said."
        ),
        vec!["Tulsa"]
    );
    assert!(
        article(
            "Teen hurt by stray bullet\n\nTULSA, March 3 - A teenager was hurt by a stray bullet on Sunday, police said."
        )
        .is_empty()
    );
}

/// "southeast Houston", "the north side of Columbia" place the scene in the city; "the
/// other side of the Andes" is only a reference.
#[test]
fn a_part_of_a_city_places_the_scene_in_it() {
    assert_eq!(
        one("Two teens were wounded at a party in southeast Houston after midnight."),
        vec!["Houston"]
    );
    assert_eq!(
        one("Shots rang out on the north side of Columbia late Friday."),
        vec!["Columbia"]
    );
    let v = article(
        "Researchers found the frogs in Pichincha province. They searched the streams for two years. \
         Their closest relatives live on the other side of the Andes.",
    );
    assert!(!v.contains(&"Andes".to_string()), "{v:?}");
}

/// A city's own police at work place the story in the city; a soft-stoplisted name does not
/// turn into a place that way.
#[test]
fn the_city_police_at_work_place_the_story() {
    assert_eq!(
        one("Memphis Police Department officers found a man shot in a parked car."),
        vec!["Memphis"]
    );
    assert!(one("Reading police found a man shot in a parked car.").is_empty());
}

/// A person's surname that is also a town's name, opening a sentence after the first name.
#[test]
fn a_surname_opening_a_sentence_is_no_place() {
    assert!(one("Dariel Moss, 20, was one of five people wounded.").is_empty());
    assert_eq!(one("After Moss, the storm moved south."), vec!["Moss"]);
}

/// A county named only in an institution's name ("the Kelso County Sheriff's Office", "the
/// Kelso County medical examiner") is not where the event happened.
#[test]
fn a_county_institution_is_no_scene() {
    assert!(
        one("A boy was shot at a campsite, the Kelso County Sheriff's Office said.").is_empty()
    );
    assert!(one("The man was identified by the Kelso County medical examiner.").is_empty());
    assert_eq!(
        one("A boy was shot at a campsite in Kelso County on Sunday."),
        vec!["Kelso County"]
    );
}
