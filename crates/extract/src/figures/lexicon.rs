//! Word tables for figure extraction: word classes (bit flags) and casualty triggers.
//!
//! Every entry is lowercase; lookups use the ASCII-lowercased token text.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use factline_model::FigureKind;

/// Plural or collective noun for people ("people", "civilians", "others").
pub const PERSON: u32 = 1;
/// Singular noun for a person ("man", "officer").
pub const PERSON_SG: u32 = 1 << 1;
/// Word that may stand between a number and its person noun ("other", "foreign", "police").
pub const MOD: u32 = 1 << 2;
/// Noun that, after a number, shows the number counts no people ("homes", "years", "km").
pub const DENY: u32 = 1 << 3;
/// Auxiliary or hedging word between a subject and its casualty predicate ("were", "reportedly").
pub const AUX: u32 = 1 << 4;
/// Negation.
pub const NEG: u32 = 1 << 5;
/// Modal or future marker: what follows is hypothetical.
pub const MODAL: u32 = 1 << 6;
pub const MONTH: u32 = 1 << 7;
/// Currency word after a number.
pub const MONEY: u32 = 1 << 8;
/// Currency sign or code before a number.
pub const CURRENCY: u32 = 1 << 9;
/// Word before a number that makes it a code or label ("Flight 302", "Route 9").
pub const CODE: u32 = 1 << 10;
/// "aged", "age".
pub const AGE: u32 = 1 << 11;
/// Marks a number as outdated ("previously", "earlier", "initially").
pub const SUP_MARK: u32 = 1 << 12;
/// Words allowed between a [`SUP_MARK`] and the number.
pub const SUP_FILL: u32 = 1 << 13;
/// A verb or adverb of change ("rose", "revised", "up").
pub const CHANGE: u32 = 1 << 14;
/// A reporting verb ("said", "reported").
pub const REPORT: u32 = 1 << 15;
/// Function word (preposition, conjunction, determiner, pronoun).
pub const FUNC: u32 = 1 << 16;
/// Time-of-day word after a number ("am", "GMT").
pub const TIME: u32 = 1 << 17;
/// Links a toll to its number ("to", "at", "reached", "stands").
pub const TOLL_LINK: u32 = 1 << 18;
/// Preposition that may open a phrase between subject noun and predicate ("in", "aboard").
pub const PREP: u32 = 1 << 19;
/// Personal pronoun: not a source name.
pub const PRON: u32 = 1 << 20;
/// Abort a toll: projection or speculation ("expected", "could").
pub const SPECULATIVE: u32 = 1 << 21;

const TABLE: &[(&str, u32)] = &[
    (
        "people persons individuals civilians residents others passengers workers children kids \
         men women students pupils schoolchildren soldiers troops servicemen servicemembers \
         personnel police policemen policewomen officers miners migrants refugees asylum-seekers \
         pilgrims worshippers worshipers tourists visitors villagers fishermen crew crewmen \
         crewmembers members staff employees guests concertgoers spectators fans protesters \
         protestors demonstrators militants fighters suspects insurgents rebels attackers gunmen \
         assailants terrorists teenagers teens youths boys girls babies infants toddlers adults \
         patients inmates prisoners detainees foreigners nationals citizens journalists reporters \
         officials firefighters rescuers volunteers bystanders victims survivors pedestrians \
         motorists drivers cyclists motorcyclists climbers hikers skiers swimmers sailors \
         seafarers seamen athletes players shoppers commuters travellers travelers holidaymakers \
         partygoers revellers revelers voters families relatives farmers herders peacekeepers \
         marines guards doctors nurses medics paramedics teachers elderly occupants tenants \
         mourners congregants parishioners monks nuns priests clergy lawmakers politicians \
         ministers diplomats contractors labourers laborers porters guides sherpas divers \
         truckers hostages captives abductees kidnappers robbers smugglers traffickers extremists \
         jihadists separatists combatants conscripts recruits cadets agents wardens rangers \
         staffers aides bodyguards commandos paratroopers airmen pilots engineers technicians \
         builders vendors traders merchants inhabitants locals dwellers settlers rioters looters \
         supporters attendees participants delegates runners riders surfers beachgoers bathers \
         churchgoers schoolgirls schoolboys minors newborns mothers fathers wives husbands sons \
         daughters brothers sisters siblings grandchildren parents elders seniors pensioners \
         retirees veterans deputies troopers constables gendarmes militiamen militia guardsmen \
         reservists crewmen workmen gunmen hunters fishers shepherds nomads students \
         schoolkids kids youngsters teenagers adolescents persons spectators viewers males \
         females",
        PERSON,
    ),
    (
        "person individual civilian resident passenger worker child kid man woman student pupil \
         soldier serviceman policeman policewoman officer miner migrant refugee pilgrim \
         worshipper tourist visitor villager fisherman member employee guest spectator fan \
         protester protestor demonstrator militant fighter suspect insurgent rebel attacker \
         gunman assailant terrorist teenager teen youth boy girl baby infant toddler adult \
         patient inmate prisoner detainee foreigner national citizen journalist reporter official \
         firefighter rescuer volunteer bystander victim pedestrian motorist driver cyclist \
         motorcyclist climber hiker skier swimmer sailor seafarer athlete player shopper \
         commuter traveller traveler farmer peacekeeper marine guard doctor nurse medic \
         paramedic teacher occupant tenant pilot crewman contractor labourer laborer guide diver \
         trucker hostage robber extremist mother father wife husband son daughter brother sister \
         grandmother grandfather grandson granddaughter pensioner veteran deputy trooper \
         constable bodyguard engineer vendor trader local rider surfer monk nun priest imam \
         pastor rabbi lawmaker politician diplomat newborn minor toddler schoolgirl schoolboy \
         youngster adolescent shepherd hunter nomad worker mourner agent gendarme shooter bomber \
         perpetrator culprit killer hijacker arsonist colleague partner companion friend \
         neighbour neighbor relative cousin uncle aunt nephew niece passer-by passerby owner \
         manager shopkeeper housewife homeowner landlord caretaker sergeant corporal \
         lieutenant captain commander mum mom dad",
        PERSON_SG,
    ),
    (
        "other more additional young elderly old older foreign local unarmed innocent fellow \
         direct suspected alleged armed unidentified unknown female male teenage adult civilian \
         police security crew family aid health healthcare rescue medical school law enforcement \
         military army government border emergency fire traffic private international domestic \
         migrant refugee construction mine factory oil railway rail hospital prison festival \
         concert church mosque temple bus train ferry boat plane flight cabin off-duty on-duty \
         plainclothes senior junior serving retired former regular ordinary native unborn \
         newborn small little school-age underage young ethnic minority foreign-born \
         undocumented palestinian israeli ukrainian russian american british chinese indian \
         pakistani afghan syrian iraqi iranian turkish lebanese egyptian african european asian \
         mexican brazilian nigerian kenyan french german italian spanish japanese korean \
         filipino indonesian bangladeshi nepali sri tajik uzbek kurdish jewish muslim christian \
         hindu buddhist catholic coptic shiite sunni yazidi rohingya uyghur tamil \
         further total combined confirmed registered identified unaccompanied vulnerable \
         displaced injured wounded missing dead fire-fighting special elite volunteer peace \
         un national state federal municipal city village community tribal",
        MOD,
    ),
    (
        "home homes house houses building buildings structure structures dwelling dwellings \
         apartment apartments flat flats tent tents shelter shelters vehicle vehicles car cars \
         truck trucks lorry lorries bus buses train trains carriage carriages coach coaches wagon \
         wagons flight flights plane planes aircraft jet jets helicopter helicopters ship ships \
         boat boats vessel vessels ferry ferries trip trips route routes road roads bridge \
         bridges school schools hospital hospitals clinic clinics church churches mosque mosques \
         temple temples shop shops store stores business businesses company companies firm firms \
         factory factories office offices village villages town towns city cities district \
         districts province provinces region regions state states country countries nation \
         nations area areas site sites location locations neighbourhood neighbourhoods \
         neighborhood neighborhoods street streets block blocks floor floors storey storeys \
         stories room rooms bed beds acre acres hectare hectares km kilometre kilometres \
         kilometer kilometers mile miles metre metres meter meters foot feet ft inch inches cm \
         mm kg kilogram kilograms kilo kilos gram grams tonne tonnes ton tons pound pounds litre \
         litres liter liters gallon gallons barrel barrels degree degrees mph kph knots percent \
         per pc pct point points goal goals run runs wicket wickets vote votes seat seats year \
         years month months week weeks day days hour hours minute minutes second seconds decade \
         decades century centuries night nights morning mornings time times round rounds shot \
         shots bullet bullets rocket rockets missile missiles drone drones bomb bombs shell \
         shells mortar mortars grenade grenades explosion explosions blast blasts attack attacks \
         strike strikes airstrike airstrikes raid raids incident incidents case cases test tests \
         dose doses animal animals dog dogs cat cats cattle livestock sheep goat goats horse \
         horses cow cows pig pigs bird birds chicken chickens fish camel camels donkey donkeys \
         tank tanks gun guns weapon weapons rifle rifles firearm firearms dollar dollars euro \
         euros yuan yen rupee rupees rouble roubles ruble rubles peso pesos franc francs shekel \
         shekels dinar dinars naira rand lire lira won usd eur gbp bucks cent cents pence \
         sterling tweet tweets post posts page pages article articles report reports word words \
         ambulance ambulances engine engines team teams unit units crews brigade brigades \
         battalion battalions squad squads computer computers phone phones document documents \
         camera cameras call calls email emails letter letters message messages line lines lane \
         lanes track tracks platform platforms gate gates terminal terminals island islands \
         river rivers dam dams well wells mine mines pipeline pipelines plant plants reactor \
         reactors generator generators tower towers pole poles tree trees crop crops farm farms \
         field fields park parks stadium stadiums arena arenas venue venues hall halls theatre \
         theatres theater theaters cinema cinemas hotel hotels restaurant restaurants bar bars \
         club clubs market markets mall malls warehouse warehouses depot depots station stations \
         base bases camp camps checkpoint checkpoints position positions target targets object \
         objects item items bag bags box boxes container containers package packages parcel \
         parcels bottle bottles bike bikes motorcycle motorcycles scooter scooters laptop \
         laptops aftershock aftershocks tremor tremors quake quakes earthquake earthquakes fire \
         fires wildfire wildfires blaze blazes flood floods storm storms landslide landslides \
         avalanche avalanches eruption eruptions accident accidents crash crashes collision \
         collisions derailment derailments meal meals litres tablets pills bed beds cot cots \
         hectares sq square cubic calories votes ballots questions answers languages nations \
         counties municipalities communities settlements kilometres sorties flights hits \
         runs laps episodes seasons matches games tournaments medals trophies titles charges \
         counts offences offenses crimes murders cases sentences verdicts lawsuits bills laws \
         measures rules steps stages phases levels ranks places spots",
        DENY,
    ),
    (
        "were was are is be been being have has had remain remained remains remaining still also \
         all both reportedly allegedly apparently presumably tragically instantly immediately \
         later now subsequently eventually already since officially confirmed reported believed \
         feared thought said known listed declared pronounced presumed understood found left \
         initially then too either so far as who that got get gets became become went gone \
         made seriously critically severely badly slightly lightly gravely moderately mildly \
         mortally reported subsequently unfortunately sadly themselves altogether in-total \
         currently likewise similarly together each",
        AUX,
    ),
    (
        "no not never none nobody neither nor without n't didn't wasn't weren't hasn't haven't \
         hadn't isn't aren't don't doesn't cannot can't couldn't wouldn't",
        NEG,
    ),
    (
        "could would might may will can should must shall could've would've might've \
         threatened threatening plans plan planned planning aims aimed aiming hoping hoped \
         trying tried attempt attempted attempting intended intend enough",
        MODAL,
    ),
    (
        "january february march april may june july august september october november december \
         jan feb mar apr jun jul aug sep sept oct nov dec",
        MONTH,
    ),
    (
        "dollars dollar euros euro pounds pound sterling yen yuan renminbi rupees rupee roubles \
         rouble rubles ruble pesos peso francs franc shekels shekel dinars dinar naira rand lira \
         lire won usd eur gbp bucks cents pence hryvnia hryvnias riyals riyal dirhams dirham \
         baht ringgit taka kwacha shillings cedis",
        MONEY,
    ),
    (
        "$ € £ ¥ ₹ ₽ ₴ ₦ us$ usd eur gbp rs inr rmb chf a$ c$ hk$ aud cad",
        CURRENCY,
    ),
    (
        "flight route train bus line platform gate terminal room page chapter article section \
         paragraph clause level category magnitude grade phase stage zone ward precinct highway \
         road street avenue interstate block floor storey unit apartment house building number \
         no nos boeing airbus model type version covid apollo resolution item exit junction lane \
         track channel code cell pier bay hall hangar sector squadron battalion brigade regiment \
         division corps row seat cabin deck bed act season episode volume vol issue term tier \
         size mark mk class week day year game match round heat lap leg vs v figure fig table \
         kilometre km mile verse psalm rule amendment law bill article station district \
         sura surah tranche batch series ranked rank",
        CODE,
    ),
    ("aged age ages", AGE),
    (
        "previously earlier initially originally previous initial prior",
        SUP_MARK,
    ),
    (
        "the a an toll death figure figures count tally estimate estimates number numbers at of \
         had has have been was were is as it they reported said put given announced stated \
         estimated report reports official officials authorities police to be them people \
         which that this total casualty casualties that",
        SUP_FILL,
    ),
    (
        "rose risen rise rises rising climbed climb climbs climbing increased increase increases \
         increasing jumped jump jumps jumping grew grown grow grows growing soared soaring mounted \
         mounting revised revise revises revising raised raise raises raising lowered lower \
         lowers lowering fell fallen fall falls falling dropped drop drops dropping decreased \
         reduced reducing updated update updating corrected spiked surged up down went gone \
         doubled tripled upped adjusted amended changed",
        CHANGE,
    ),
    (
        "said says say report reported reports announced announces confirmed confirms stated states \
         told tells added adds estimated estimates wrote writes tweeted posted according",
        REPORT,
    ),
    (
        "the a an and or but of in on at to from by with for as into onto over under after \
         before during since until while when where which who whom whose that this these those \
         there their his her its our your my it he she they we i you them him us me than then \
         if because though although whether not no nor so such very just only also about \
         around near across through throughout among between against without within via per \
         each every any all both some many most several few other another further including \
         amid amidst despite towards toward upon out off up down",
        FUNC,
    ),
    (
        "am pm a.m p.m o'clock gmt utc bst cet cest edt est pdt pst mst ist hrs hours",
        TIME,
    ),
    (
        "to at of is was are were stands stood stand reached reaches reach reaching hit hits \
         hitting topped tops passed passes surpassed surpasses exceeded exceeds crossed crosses \
         neared nears nearing approached approaches approaching now totals totalled totaled \
         totalling totaling numbered numbers : remains remained stays stayed sits sat",
        TOLL_LINK,
    ),
    ("in at on from aboard inside near across of onboard", PREP),
    (
        "he she they it we i you this that these those who which there one someone somebody \
         him her them us me his its their",
        PRON,
    ),
    (
        "expected expects expect could may might likely feared fears fear would will projected \
         predicted predicts forecast warned warns set poised",
        SPECULATIVE,
    ),
];

/// FNV-1a: the keys are short words, for which SipHash's setup dominates.
#[derive(Default, Clone, Copy)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type FastMap<V> = HashMap<&'static str, V, BuildHasherDefault<Fnv>>;

static FLAGS: LazyLock<FastMap<u32>> = LazyLock::new(|| {
    let mut m: FastMap<u32> = FastMap::with_capacity_and_hasher(2048, Default::default());
    for (words, f) in TABLE {
        for w in words.split_whitespace() {
            *m.entry(w).or_insert(0) |= *f;
        }
    }
    m
});

/// The word-class flags of a lowercase word (0 when unknown).
pub fn flags(lw: &str) -> u32 {
    FLAGS.get(lw).copied().unwrap_or(0)
}

/// The trigger may stand before the number as a verb ("killing 12").
pub const T_LEFT: u8 = 1;
/// The trigger may stand after the number, its noun and auxiliaries ("12 people were killed").
pub const T_RIGHT: u8 = 1 << 1;
/// A noun that takes the number directly ("12 deaths").
pub const T_NOUN: u8 = 1 << 2;
/// A noun followed by "of" and the number ("the deaths of 12").
pub const T_OF: u8 = 1 << 3;
/// A group word after "the"/"those" ("the dead", "those killed").
pub const T_GROUP: u8 = 1 << 4;
/// A base verb form: refused after "to" or a modal ("to kill").
pub const T_BASE: u8 = 1 << 5;

/// A casualty trigger word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Trig {
    pub kind: FigureKind,
    pub roles: u8,
}

impl Trig {
    pub fn has(&self, role: u8) -> bool {
        self.roles & role != 0
    }
}

const K: FigureKind = FigureKind::Killed;
const I: FigureKind = FigureKind::Injured;
const M: FigureKind = FigureKind::Missing;
const D: FigureKind = FigureKind::Detained;
const P: FigureKind = FigureKind::Displaced;
const E: FigureKind = FigureKind::Evacuated;
const R: FigureKind = FigureKind::Rescued;

const L: u8 = T_LEFT;
const RT: u8 = T_RIGHT;
const N: u8 = T_NOUN;
const O: u8 = T_OF;
const G: u8 = T_GROUP;
const B: u8 = T_BASE;

const TRIGGERS: &[(&str, FigureKind, u8)] = &[
    ("killed", K, L | RT | G),
    ("killing", K, L | O),
    ("killings", K, O),
    ("kills", K, L),
    ("kill", K, L | B),
    ("murdered", K, L | RT),
    ("murdering", K, L),
    ("murder", K, O),
    ("murders", K, O),
    ("massacred", K, L | RT),
    ("massacring", K, L),
    ("massacre", K, O),
    ("slaughtered", K, L | RT),
    ("slaughtering", K, L),
    ("slew", K, L),
    ("slain", K, RT | G),
    ("dead", K, RT | G),
    ("died", K, RT),
    ("dies", K, RT),
    ("perished", K, RT),
    ("drowned", K, RT),
    ("electrocuted", K, RT),
    ("deaths", K, N | O),
    ("death", K, N | O),
    ("fatalities", K, N | G),
    ("fatality", K, N),
    ("bodies", K, N | O),
    ("body", K, N),
    ("deceased", K, G),
    ("victims", K, G),
    ("injured", I, L | RT | G),
    ("injuring", I, L),
    ("injures", I, L),
    ("injure", I, L | B),
    ("wounded", I, L | RT | G),
    ("wounding", I, L | O),
    ("wounds", I, L),
    ("hurt", I, L | RT),
    ("hurting", I, L),
    ("injuries", I, N),
    ("injury", I, N),
    ("hospitalised", I, RT),
    ("hospitalized", I, RT),
    ("missing", M, RT | G),
    ("disappeared", M, RT),
    ("disappearance", M, O),
    ("detained", D, L | RT | G),
    ("detaining", D, L),
    ("detains", D, L),
    ("detain", D, L | B),
    ("detention", D, O),
    ("detentions", D, N),
    ("detainees", D, G),
    ("arrested", D, L | RT | G),
    ("arresting", D, L),
    ("arrests", D, L | N | O),
    ("arrest", D, L | B | O | N),
    ("apprehended", D, L | RT),
    ("apprehending", D, L),
    ("captured", D, L),
    ("capturing", D, L),
    ("captures", D, L),
    ("recaptured", D, L | RT),
    ("nabbed", D, L | RT),
    ("displaced", P, L | RT | G),
    ("displacing", P, L),
    ("displaces", P, L),
    ("displace", P, L | B),
    ("displacement", P, O),
    ("homeless", P, RT),
    ("uprooted", P, L | RT),
    ("evacuated", E, L | RT | G),
    ("evacuating", E, L),
    ("evacuates", E, L),
    ("evacuate", E, L | B),
    ("evacuation", E, O),
    ("evacuees", E, N | G),
    ("rescued", R, L | RT | G),
    ("rescuing", R, L),
    ("rescues", R, L),
    ("rescue", R, L | B | O),
    ("saved", R, L | RT),
];

static TRIG: LazyLock<FastMap<Trig>> = LazyLock::new(|| {
    TRIGGERS
        .iter()
        .map(|&(w, kind, roles)| (w, Trig { kind, roles }))
        .collect()
});

/// The casualty trigger a lowercase word is, if any.
pub fn trigger(lw: &str) -> Option<Trig> {
    TRIG.get(lw).copied()
}

/// Stems whose presence in a sentence makes it worth analysing (ASCII-lowercase).
pub const SENTENCE_STEMS: &[&str] = &[
    "kill",
    "dead",
    "death",
    "died",
    "dies",
    "perish",
    "fatal",
    "lives",
    "life",
    "toll",
    "bodies",
    "body",
    "injur",
    "wound",
    "hurt",
    "hospital",
    "missing",
    "unaccounted",
    "disappear",
    "detain",
    "detention",
    "arrest",
    "custody",
    "apprehend",
    "captur",
    "nabbed",
    "surrender",
    "held",
    "remanded",
    "jailed",
    "caught",
    "rounded up",
    "displac",
    "homeless",
    "homes",
    "flee",
    "fled",
    "uproot",
    "evacu",
    "rescu",
    "saved",
    "alive",
    "murder",
    "massacre",
    "slaughter",
    "slain",
    "slew",
    "drown",
    "electrocut",
    "shot",
    "double shooting",
    "gunshot",
    "gunfire",
    "were hit",
    "was hit",
    "hitting",
    "triple shooting",
    "quadruple shooting",
    "gunned",
    "victim",
    "number of",
    "tally",
    "count",
    "succumb",
    "among them",
    "of them",
    "of whom",
    "up from",
    "down from",
    "deceased",
    "moved",
    "shelter",
    "tents",
    "tarpaulin",
    "camps",
    "relocat",
    "condition",
    "treat",
    "burns",
    "sustain",
    "suffer",
    "recovering",
    "grazed",
    "rounded",
    "pulled",
    "revised",
];
