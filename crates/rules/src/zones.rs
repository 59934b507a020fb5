//! Finding a time zone by what the owner types: their city, in their
//! language, or (part of) the zone's IANA id, whatever the case and accents.
//! The server sends each zone with its cities (`GET /catalog`); the web app
//! searches with these rules.

/// A zone as it is offered: its IANA id and its city in the owner's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ZoneName<'a> {
    pub id: &'a str,
    pub city: &'a str,
}

/// A zone that matches what was typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ZoneMatch<'a> {
    pub zone: ZoneName<'a>,
    /// What was typed is the whole city, or the whole id.
    pub exact: bool,
}

/// Text as it is compared: lower case, without accents (Latin letters lose
/// their diacritics, Hebrew its vowel points), '_' and '-' read as spaces,
/// apostrophes and the Hebrew geresh as one apostrophe, spaces collapsed.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.chars().map(lower_latin) {
        match c {
            '_' | '-' | '\u{05BE}' => folded.push(' '),
            '\u{2018}' | '\u{2019}' | '\u{05F3}' => folded.push('\''),
            '\u{201C}' | '\u{201D}' | '\u{05F4}' => folded.push('"'),
            c if is_mark(c) => {}
            c => match latin_base(c) {
                Some(base) => folded.push_str(base),
                None => folded.push(c),
            },
        }
    }
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Lower case for the scripts cities are written in here (Latin; Hebrew
/// has no case): spares the web app Unicode's whole case table (13 KB).
fn lower_latin(c: char) -> char {
    let code = c as u32;
    let next = || char::from_u32(code + 1).unwrap_or(c);
    match c {
        'A'..='Z' | 'À'..='Ö' | 'Ø'..='Þ' => char::from_u32(code + 32).unwrap_or(c),
        // Latin Extended-A pairs a capital with the small letter after it.
        '\u{0100}'..='\u{0137}' | '\u{014A}'..='\u{0177}' if code.is_multiple_of(2) => next(),
        '\u{0139}'..='\u{0148}' | '\u{0179}'..='\u{017E}' if !code.is_multiple_of(2) => next(),
        'Ÿ' => 'ÿ',
        'Ș' | 'Ț' => next(),
        _ => c,
    }
}

/// Combining diacritics (a typed "e" + U+0301) and Hebrew points.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{0591}'..='\u{05BD}' | '\u{05BF}'..='\u{05C7}')
}

/// The letter a lower-case accented Latin letter is written with.
fn latin_base(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

/// How well a zone matches, best (lowest) first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rank {
    Exact,
    CityStart,
    CityWordStart,
    IdPartStart,
    InCity,
    InId,
}

impl Rank {
    const COUNT: usize = Rank::InId as usize + 1;
}

fn rank(query: &str, id: &str, city: &str) -> Option<Rank> {
    let starts_a_word = |text: &str| {
        text.match_indices(query)
            .any(|(at, _)| text[..at].ends_with([' ', '\'', '(']))
    };
    if city == query || id == query {
        Some(Rank::Exact)
    } else if city.starts_with(query) {
        Some(Rank::CityStart)
    } else if starts_a_word(city) {
        Some(Rank::CityWordStart)
    } else if id.starts_with(query) || id.split('/').any(|part| part.starts_with(query)) {
        Some(Rank::IdPartStart)
    } else if city.contains(query) {
        Some(Rank::InCity)
    } else if id.contains(query) {
        Some(Rank::InId)
    } else {
        None
    }
}

/// The zones whose city or id contains what was typed, best first, at most
/// `limit`: a city or id that is what was typed, then cities and id parts
/// that start with it, then the rest, each group in the order given. A
/// zone listed under several ids (`America/New_York`, `US/Eastern`) has one
/// city: it is offered once, under the first id given, unless what was
/// typed is in the other id only.
pub fn find_zones<'a>(
    query: &str,
    zones: impl IntoIterator<Item = ZoneName<'a>>,
    limit: usize,
) -> Vec<ZoneMatch<'a>> {
    let query = fold(query);
    if query.is_empty() {
        return Vec::new();
    }
    // One list per rank, each in the order given (cheaper than a stable sort
    // in the web app's bundle).
    let mut ranked: [Vec<(ZoneName<'a>, String, bool)>; Rank::COUNT] = Default::default();
    for zone in zones {
        let (id, city) = (fold(zone.id), fold(zone.city));
        if let Some(rank) = rank(&query, &id, &city) {
            ranked[rank as usize].push((zone, city, id.contains(&query)));
        }
    }
    let mut found: Vec<(ZoneMatch<'a>, String, bool)> = Vec::new();
    for (rank, zones) in ranked.into_iter().enumerate() {
        for (zone, city, by_id) in zones {
            if found.len() == limit {
                break;
            }
            let same_zone_offered = found
                .iter()
                .any(|(_, seen, seen_by_id)| *seen == city && (!by_id || *seen_by_id));
            if same_zone_offered {
                continue;
            }
            let exact = rank == Rank::Exact as usize;
            found.push((ZoneMatch { zone, exact }, city, by_id));
        }
    }
    found.into_iter().map(|(found, ..)| found).collect()
}

/// The zone Enter chooses without an option picked: the only match whose
/// city or id is exactly what was typed.
pub fn exact_zone<'a>(matches: &[ZoneMatch<'a>]) -> Option<ZoneName<'a>> {
    let mut exact = matches.iter().filter(|found| found.exact);
    match (exact.next(), exact.next()) {
        (Some(only), None) => Some(only.zone),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ZONES: [(&str, &str); 11] = [
        ("America/Chicago", "Chicago"),
        ("America/New_York", "New York"),
        ("Asia/Jerusalem", "Jérusalem"),
        ("Asia/Kolkata", "Calcutta"),
        ("Europe/Paris", "Paris"),
        ("Pacific/Port_Moresby", "Port Moresby"),
        ("America/Port-au-Prince", "Port-au-Prince"),
        ("America/Argentina/Buenos_Aires", "Buenos Aires"),
        ("Asia/Calcutta", "Calcutta"),
        ("US/Eastern", "New York"),
        ("America/Buenos_Aires", "Buenos Aires"),
    ];

    fn zones() -> impl Iterator<Item = ZoneName<'static>> {
        ZONES.iter().map(|&(id, city)| ZoneName { id, city })
    }

    fn ids(query: &str) -> Vec<&'static str> {
        find_zones(query, zones(), 8)
            .into_iter()
            .map(|found| found.zone.id)
            .collect()
    }

    #[test]
    fn folding_ignores_case_accents_and_separators() {
        assert_eq!(fold("  Jérusalem "), "jerusalem");
        assert_eq!(fold("JE\u{301}RUSALEM"), "jerusalem");
        assert_eq!(fold("America/New_York"), "america/new york");
        assert_eq!(fold("Port-au-Prince"), "port au prince");
        assert_eq!(fold("São   Paulo"), "sao paulo");
        assert_eq!(fold("N’Djamena"), "n'djamena");
        assert_eq!(fold("Œuf Ærø Straße"), "oeuf aero strasse");
        assert_eq!(fold("București"), "bucuresti");
    }

    #[test]
    fn latin_capitals_are_folded_like_their_small_letters() {
        let capitals = "ÀÁÂÃÄÅĀĂĄÆÇĆĈĊČĎĐÐÈÉÊËĒĔĖĘĚĜĞĠĢĤĦÌÍÎÏĨĪĬĮĴĶĹĻĽĿŁÑŃŅŇÒÓÔÕÖØŌŎŐŒŔŖŘŚŜŞŠȘŢŤŦȚÙÚÛÜŨŪŬŮŰŲŴÝŸŶŹŻŽ";
        for capital in capitals.chars() {
            let small: String = capital.to_lowercase().collect();
            assert_eq!(fold(&capital.to_string()), fold(&small), "{capital}");
            assert!(fold(&small).is_ascii(), "{small}");
        }
        assert_eq!(fold("ÉTÉ À SÃO"), "ete a sao");
    }

    #[test]
    fn hebrew_is_kept_as_written_without_its_points() {
        assert_eq!(fold("ירושלים"), "ירושלים");
        assert_eq!(fold("יְרוּשָׁלַיִם"), "ירושלים");
        assert_eq!(fold("אביג׳אן"), fold("אביג'אן"));
    }

    #[test]
    fn a_city_is_found_whatever_its_case_and_accents() {
        assert_eq!(ids("chicago"), ["America/Chicago"]);
        assert_eq!(ids("jerusalem"), ["Asia/Jerusalem"]);
        assert_eq!(ids("Jérusalem"), ["Asia/Jerusalem"]);
        assert_eq!(ids("JERUS"), ["Asia/Jerusalem"]);
        assert_eq!(ids("port au"), ["America/Port-au-Prince"]);
    }

    #[test]
    fn a_zone_is_found_by_its_city_or_any_part_of_its_id() {
        for query in ["new york", "New York", "new_york", "America/New", "NEW_Y"] {
            assert_eq!(ids(query), ["America/New_York"], "{query}");
        }
        assert_eq!(ids("argentina"), ["America/Argentina/Buenos_Aires"]);
        assert_eq!(ids("ork"), ["America/New_York"]);
    }

    #[test]
    fn hebrew_cities_are_found_as_typed() {
        let zones = [
            ZoneName {
                id: "Asia/Jerusalem",
                city: "ירושלים",
            },
            ZoneName {
                id: "America/Chicago",
                city: "שיקגו",
            },
        ];
        let found = find_zones("ירושל", zones, 8);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].zone.id, "Asia/Jerusalem");
        assert!(!found[0].exact);
        assert!(find_zones("ירושלים", zones, 8)[0].exact);
    }

    #[test]
    fn better_matches_come_first() {
        // "Port Moresby" starts with it, "Port-au-Prince" too; both before
        // a city that only contains it.
        assert_eq!(
            ids("port"),
            ["Pacific/Port_Moresby", "America/Port-au-Prince"]
        );
        // An exact city before a city that starts with the same letters.
        let zones = [
            ZoneName {
                id: "Europe/Parisville",
                city: "Parisville",
            },
            ZoneName {
                id: "Europe/Paris",
                city: "Paris",
            },
        ];
        let found = find_zones("paris", zones, 8);
        assert_eq!(found[0].zone.id, "Europe/Paris");
        assert!(found[0].exact);
        assert!(!found[1].exact);
    }

    #[test]
    fn a_zone_under_several_ids_is_offered_once_unless_its_id_is_typed() {
        assert_eq!(ids("new york"), ["America/New_York"]);
        assert_eq!(ids("calcutta"), ["Asia/Kolkata", "Asia/Calcutta"]);
        assert_eq!(ids("eastern"), ["US/Eastern"]);
        // In both ids: the first one.
        assert_eq!(ids("buenos"), ["America/Argentina/Buenos_Aires"]);
    }

    #[test]
    fn nothing_is_found_for_nothing_or_for_what_no_zone_has() {
        assert!(ids("").is_empty());
        assert!(ids("   ").is_empty());
        assert!(ids("Atlantis").is_empty());
    }

    #[test]
    fn at_most_the_limit_is_offered() {
        assert_eq!(find_zones("a", zones(), 3).len(), 3);
    }

    #[test]
    fn enter_chooses_only_a_unique_exact_match() {
        let chicago = find_zones("Chicago", zones(), 8);
        assert_eq!(
            exact_zone(&chicago).map(|zone| zone.id),
            Some("America/Chicago")
        );
        assert_eq!(exact_zone(&find_zones("Chica", zones(), 8)), None);
        // Two zones called Calcutta: no guess.
        assert_eq!(exact_zone(&find_zones("calcutta", zones(), 8)), None);
        assert_eq!(
            exact_zone(&find_zones("asia/calcutta", zones(), 8)).map(|zone| zone.id),
            Some("Asia/Calcutta")
        );
    }
}
