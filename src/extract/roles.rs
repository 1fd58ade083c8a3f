//! Roles bound to the person they qualify: a title from the role lexicon with
//! its scope (`Japans`, `japanische`, `US-`, `NATO-`, `Tory`, `German`, `der EU`,
//! `of NATO`) and modifiers (`stellvertretende`, `Deputy`, `Shadow`, `Ex-`,
//! `former`, `designierte`), followed by a name (`NATO-Generalsekretär Mark
//! Rutte`) or preceded by one in apposition (`Mark Rutte, the NATO Secretary
//! General`).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Serialize;

use super::entities::{EntityMention, NameKind};
use super::persons::{name_run, KnownNames, PersonMention};
use crate::lexicon::{lexicon, RoleModifier, TitleForm};
use crate::text::Lang;

/// A role given to a person in the text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RoleMention {
    /// From the first scope/modifier word to the end of the name.
    pub range: Range<usize>,
    /// The title as written, with its prefixes (`NATO-Generalsekretär`).
    pub title_range: Range<usize>,
    pub person_range: Range<usize>,
    /// Role id from the lexicon (`secretary-general`).
    pub role: String,
    /// Canonical scope (`NATO`, `Japan`), or as written when unknown.
    pub scope: Option<String>,
    pub modifiers: Vec<RoleModifier>,
    /// The person's full name, or a surname that could not be resolved.
    pub person: String,
    pub surname_only: bool,
}

impl RoleMention {
    /// Deputy and shadow holders hold a different role: it is part of the key.
    pub fn role_key(&self) -> String {
        let mut key = String::new();
        for m in &self.modifiers {
            match m {
                RoleModifier::Deputy => key.push_str("deputy:"),
                RoleModifier::Shadow => key.push_str("shadow:"),
                _ => {}
            }
        }
        key.push_str(&self.role);
        key
    }

    /// A past or future holder (`ehemalige`, `former`, `designierte`).
    pub fn is_not_current(&self) -> bool {
        self.modifiers
            .iter()
            .any(|m| matches!(m, RoleModifier::Former | RoleModifier::Designate))
    }
}

struct TitleMatcher {
    automaton: AhoCorasick,
    forms: Vec<&'static TitleForm>,
}

fn build(lang: Lang) -> TitleMatcher {
    let forms: Vec<&'static TitleForm> =
        lexicon().titles.iter().filter(|t| t.lang == lang).collect();
    let automaton = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(lang == Lang::En)
        .build(forms.iter().map(|t| t.form.as_str()))
        .expect("title patterns build");
    TitleMatcher { automaton, forms }
}

static TITLES_DE: LazyLock<TitleMatcher> = LazyLock::new(|| build(Lang::De));
static TITLES_EN: LazyLock<TitleMatcher> = LazyLock::new(|| build(Lang::En));

const DETERMINERS: &[&str] = &[
    "der", "die", "das", "dem", "den", "des", "the", "a", "an", "Der", "Die", "Dem", "Den", "Des",
    "The", "A", "An",
];

/// Finds role mentions in `text` (one sentence; ranges offset by `base`).
/// `entities` are the sentence's gazetteer mentions (absolute ranges),
/// `persons` its person mentions; names bound here are added to `introduced`.
pub fn find_roles(
    text: &str,
    base: usize,
    lang: Lang,
    entities: &[EntityMention],
    persons: &[PersonMention],
    known: &dyn KnownNames,
    introduced: &mut HashMap<String, String>,
) -> Vec<RoleMention> {
    let matcher = match lang {
        Lang::De => &*TITLES_DE,
        Lang::En => &*TITLES_EN,
    };
    let lex = lexicon();
    let mut out = Vec::new();
    for m in matcher.automaton.find_iter(text) {
        let title = matcher.forms[m.pattern().as_usize()];
        let (mut start, end) = (m.start(), m.end());
        // The title must end a word and start one (or follow a hyphen: `NATO-`).
        if text[end..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
        {
            continue;
        }
        let before = text[..start].chars().next_back();
        if before.is_some_and(char::is_alphanumeric) {
            continue;
        }
        let mut scope: Option<String> = None;
        let mut modifiers = Vec::new();

        // Hyphenated prefixes: `Ex-NATO-Generalsekretär`, `US-Außenminister`, `SPÖ-Chef`.
        while text[..start].ends_with('-') {
            let hyphen = start - 1;
            let word_start = text[..hyphen]
                .char_indices()
                .rev()
                .find(|(_, c)| !c.is_alphanumeric())
                .map_or(0, |(i, c)| i + c.len_utf8());
            let word = &text[word_start..hyphen];
            if word.is_empty() {
                break;
            }
            let with_hyphen = &text[word_start..start];
            if let Some(mf) = lex
                .modifiers
                .iter()
                .find(|mf| mf.is_prefix && mf.form == with_hyphen)
            {
                modifiers.push(mf.modifier);
            } else if scope.is_none() {
                scope = Some(scope_name(word, lang));
            }
            start = word_start;
        }

        // Words before the title: determiners, modifiers, scope adjectives and genitives.
        let mut lookback = start;
        for _ in 0..4 {
            let head = text[..lookback].trim_end();
            if head.len() == lookback {
                break; // no space before: not a separate word
            }
            let word_start = head
                .char_indices()
                .rev()
                .find(|(_, c)| {
                    c.is_whitespace() || matches!(c, '(' | '"' | '„' | '“' | ',' | ';' | ':')
                })
                .map_or(0, |(i, c)| i + c.len_utf8());
            let word = &head[word_start..];
            if word.is_empty() {
                break;
            }
            if let Some(entity) = entities
                .iter()
                .find(|e| e.range.end == base + head.len() && e.kind != NameKind::Person)
            {
                if scope.is_none() {
                    scope = Some(entity.name.clone());
                }
                lookback = entity.range.start - base;
                continue;
            }
            if let Some(mf) = lex
                .modifiers
                .iter()
                .find(|mf| !mf.is_prefix && mf.form == word)
            {
                modifiers.push(mf.modifier);
                lookback = word_start;
                continue;
            }
            if DETERMINERS.contains(&word) {
                lookback = word_start;
                continue;
            }
            break;
        }

        // English titles: lower-case forms need a scope or an upper-case first
        // letter, unless they stand in apposition between commas
        // (`Paul Boateng, the chancellor, said`).
        let bare_lower = lang == Lang::En
            && !text[m.start()..].starts_with(char::is_uppercase)
            && scope.is_none();

        // After the title: `der EU`, `of NATO` as scope, then the name.
        let mut after = end;
        let rest = &text[after..];
        for connector in [" der ", " des ", " of ", " of the "] {
            if rest.starts_with(connector) {
                if let Some(entity) = entities
                    .iter()
                    .find(|e| e.range.start == base + after + connector.len())
                {
                    if scope.is_none() {
                        scope = Some(entity.name.clone());
                    }
                    after = entity.range.end - base;
                    break;
                }
            }
        }
        if scope.is_none() {
            scope = title.implied_scope.clone();
        }

        // The person: right after the title (`Außenminister Yoshimasa Hayashi`) …
        let name_start =
            after + text[after..].len() - text[after..].trim_start_matches([' ', '\u{a0}']).len();
        let mut bound = None;
        if !bare_lower && name_start > after && text[name_start..].starts_with(char::is_uppercase) {
            if let Some((name_end, words)) = name_run(text, name_start, lang) {
                bound = Some((name_start..name_end, words.join(" "), words.len() == 1));
            }
        }
        // … or before it in apposition (`Mark Rutte, the NATO Secretary General`).
        let closed_apposition = text[after..].trim_start().starts_with(',');
        if bound.is_none() && (!bare_lower || closed_apposition) {
            let head = text[..lookback].trim_end();
            if let Some(head) = head.strip_suffix(',') {
                let head_end = base + head.trim_end().len();
                if let Some(p) = persons.iter().find(|p| p.range.end == head_end) {
                    bound = Some((
                        p.range.start - base..p.range.end - base,
                        p.name.clone(),
                        p.surname_only,
                    ));
                    lookback = p.range.start - base;
                }
            }
        }
        let Some((person_range, name, mut surname_only)) = bound else {
            continue;
        };
        // A party in brackets after the name scopes a title that needs one
        // (`Stadträtin Sandra Frauenberger (SPÖ)`).
        if scope.is_none() && title.needs_scope {
            scope = bracketed_party(text, base, person_range.end, entities);
        }
        if title.needs_scope && scope.is_none() {
            continue;
        }
        let mut person = name;
        if surname_only {
            if let Some(full) = introduced
                .get(&person)
                .cloned()
                .or_else(|| known.person_by_surname(&person))
            {
                person = full;
                surname_only = false;
            }
        } else if let Some(surname) = person.rsplit(' ').next() {
            introduced
                .entry(surname.to_string())
                .or_insert_with(|| person.clone());
            introduced.insert(person.clone(), person.clone());
        }
        let range_start = lookback.min(start);
        out.push(RoleMention {
            range: base + range_start.min(person_range.start)..base + person_range.end.max(end),
            title_range: base + start..base + end,
            person_range: base + person_range.start..base + person_range.end,
            role: title.role.clone(),
            scope,
            modifiers,
            person,
            surname_only,
        });
    }
    out
}

/// The organisation named in brackets right after `at` (`(SPÖ)`), if any.
fn bracketed_party(
    text: &str,
    base: usize,
    at: usize,
    entities: &[EntityMention],
) -> Option<String> {
    let rest = &text[at..];
    let inner = rest.trim_start_matches([' ', '\u{a0}']).strip_prefix('(')?;
    let start = base + text.len() - inner.len();
    let entity = entities
        .iter()
        .find(|e| e.range.start == start && e.kind == NameKind::Organisation)?;
    text[entity.range.end - base..]
        .starts_with(')')
        .then(|| entity.name.clone())
}

fn scope_name(word: &str, lang: Lang) -> String {
    let lex = lexicon();
    lex.entity_by_form(word, lang)
        .or_else(|| lex.entity_by_form(word, if lang == Lang::De { Lang::En } else { Lang::De }))
        .map_or_else(|| word.to_string(), |e| e.canonical.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::entities::find_places_and_organisations;
    use crate::extract::persons::{find_persons, NoKnownNames};

    fn roles(text: &str, lang: Lang) -> Vec<(String, Option<String>, String, Vec<RoleModifier>)> {
        let entities = find_places_and_organisations(text, 0, lang);
        let mut intro = HashMap::new();
        let persons = find_persons(text, 0, lang, &NoKnownNames, &mut intro);
        find_roles(
            text,
            0,
            lang,
            &entities,
            &persons,
            &NoKnownNames,
            &mut intro,
        )
        .into_iter()
        .map(|r| (r.role, r.scope, r.person, r.modifiers))
        .collect()
    }

    fn one(
        role: &str,
        scope: Option<&str>,
        person: &str,
    ) -> (String, Option<String>, String, Vec<RoleModifier>) {
        (
            role.to_string(),
            scope.map(str::to_string),
            person.to_string(),
            vec![],
        )
    }

    #[test]
    fn german_scopes() {
        assert_eq!(
            roles(
                "Japans Außenminister Yoshimasa Hayashi reiste ab.",
                Lang::De
            ),
            vec![one("foreign-minister", Some("Japan"), "Yoshimasa Hayashi")]
        );
        assert_eq!(
            roles("Das sagte US-Außenminister Antony Blinken.", Lang::De),
            vec![one(
                "foreign-minister",
                Some("Vereinigte Staaten"),
                "Antony Blinken"
            )]
        );
        assert_eq!(
            roles("NATO-Generalsekretär Mark Rutte warnte.", Lang::De),
            vec![one("secretary-general", Some("NATO"), "Mark Rutte")]
        );
        assert_eq!(
            roles("mit Frankreichs Präsident Emmanuel Macron", Lang::De),
            vec![one("president", Some("Frankreich"), "Emmanuel Macron")]
        );
        assert_eq!(
            roles("Der EU-Außenbeauftragte Josep Borrell kam.", Lang::De),
            vec![one("eu-high-representative", Some("EU"), "Josep Borrell")]
        );
        assert_eq!(
            roles(
                "und der japanische Premierminister Fumio Kishida in Tokio",
                Lang::De
            ),
            vec![one("head-of-government", Some("Japan"), "Fumio Kishida")]
        );
        assert_eq!(
            roles(
                "der EU-Hohe Vertreter für Außen- und Sicherheitspolitik Josep Borrell",
                Lang::De
            ),
            vec![one("eu-high-representative", Some("EU"), "Josep Borrell")]
        );
        assert_eq!(
            roles("Ministerpräsident Shigeru Ishiba sprach.", Lang::De),
            vec![one("head-of-government", None, "Shigeru Ishiba")]
        );
    }

    #[test]
    fn a_bracketed_party_scopes_only_a_title_that_needs_a_scope() {
        assert_eq!(
            roles("Klubobmann Otto Reindl (SPÖ) sprach.", Lang::De),
            vec![one("parliamentary-leader", Some("SPÖ"), "Otto Reindl")]
        );
        assert!(roles("Klubobmann Otto Reindl sprach.", Lang::De).is_empty());
        // A minister's party is not the scope of the office.
        assert_eq!(
            roles("Innenministerin Eva Brunner (ÖVP) sprach.", Lang::De),
            vec![one("interior-minister", None, "Eva Brunner")]
        );
        // A hyphenated scope names the office holder's institution.
        assert_eq!(
            roles("warnte Pentagon-Sprecher Carl Dobbs.", Lang::De),
            vec![one("spokesperson", Some("Pentagon"), "Carl Dobbs")]
        );
    }

    #[test]
    fn modifiers_change_the_role() {
        let r = roles(
            "Der ehemalige Kanzler Gerhard Schröder und Ex-Außenminister Joschka Fischer",
            Lang::De,
        );
        assert_eq!(r[0].3, vec![RoleModifier::Former]);
        assert_eq!(r[1].3, vec![RoleModifier::Former]);
        let r = roles(
            "Deputy Prime Minister John Prescott and Shadow Chancellor Oliver Letwin",
            Lang::En,
        );
        assert_eq!(r[0].3, vec![RoleModifier::Deputy]);
        assert_eq!(r[1].3, vec![RoleModifier::Shadow]);
    }

    #[test]
    fn english_titles_and_apposition() {
        assert_eq!(
            roles("Foreign Secretary Jack Straw said", Lang::En),
            vec![one("foreign-minister", None, "Jack Straw")]
        );
        assert_eq!(
            roles("Lib Dem leader Charles Kennedy said", Lang::En),
            vec![one("leader", Some("Liberaldemokraten"), "Charles Kennedy")]
        );
        assert_eq!(
            roles("German Chancellor Gerhard Schroeder said", Lang::En),
            vec![one("chancellor", Some("Deutschland"), "Gerhard Schroeder")]
        );
        assert_eq!(
            roles("Mark Rutte, the NATO Secretary General, said", Lang::En),
            vec![one("secretary-general", Some("NATO"), "Mark Rutte")]
        );
        // A lower-case title binds a name only in apposition between commas.
        assert_eq!(
            roles("Peter Quist, the chancellor, said", Lang::En),
            vec![one("chancellor", None, "Peter Quist")]
        );
        assert!(roles("Peter Quist met the chancellor, who said", Lang::En).is_empty());
        assert!(roles("Peter Quist, the chancellor's aide, said", Lang::En).is_empty());
        assert!(roles("the chancellor Peter Quist said", Lang::En).is_empty());
        // Coaches and managers are scoped by their team's country.
        assert_eq!(
            roles("Anna Brook, the Wales coach, said", Lang::En),
            vec![one("coach", Some("Wales"), "Anna Brook")]
        );
        assert_eq!(
            roles("Scotland manager Ian Forbes said", Lang::En),
            vec![one("team-manager", Some("Schottland"), "Ian Forbes")]
        );
        assert!(roles("the assistant coach Ian Forbes said", Lang::En).is_empty());
        // A leader without a scope is no role; a lower-case title without a name is none either.
        assert!(roles("the leader Michael Howard", Lang::En).is_empty());
        assert!(roles("the prime minister said", Lang::En).is_empty());
    }
}
