//! Lexicons compiled into the binary: places, organisations, role titles and
//! their modifiers, first names and stop words. The data lives in
//! `lexicons/*.tsv`/`*.txt` at the repository root; this module parses it once.

pub mod thesaurus;

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use crate::text::Lang;

const PLACES: &str = include_str!("../../lexicons/places.tsv");
const ORGANISATIONS: &str = include_str!("../../lexicons/organisations.tsv");
const ROLES: &str = include_str!("../../lexicons/roles.tsv");
const ROLE_MODIFIERS: &str = include_str!("../../lexicons/role_modifiers.tsv");
const FIRST_NAMES: &str = include_str!("../../lexicons/first_names.txt");
const STOPWORDS_DE: &str = include_str!("../../lexicons/stopwords_de.txt");
const STOPWORDS_EN: &str = include_str!("../../lexicons/stopwords_en.txt");
const TIME_WORDS: &str = include_str!("../../lexicons/time_words.txt");
const VOLATILE_WORDS: &str = include_str!("../../lexicons/volatile_words.txt");
const REPORTING_VERBS: &str = include_str!("../../lexicons/reporting_verbs.txt");
const COUNTED_LINKS: &str = include_str!("../../lexicons/counted_links.txt");
const ANAPHORS: &str = include_str!("../../lexicons/anaphors.txt");
const CONNECTIVES: &str = include_str!("../../lexicons/connectives.txt");

/// German adjective endings added to a form that ends in `*`.
const ADJECTIVE_ENDINGS: [&str; 5] = ["e", "er", "en", "es", "em"];
/// German noun endings added to a role form that ends in `~`.
const TITLE_ENDINGS: [&str; 8] = ["", "s", "n", "en", "in", "innen", "e", "er"];

/// Whether a gazetteer entry is a place or an organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EntityKind {
    Place,
    Organisation,
}

/// One named place or organisation with every surface form it may take.
#[derive(Clone, Debug)]
pub struct GazetteerEntry {
    pub canonical: String,
    pub kind: EntityKind,
    /// `country`, `city`, `party`, `alliance`, …
    pub subkind: String,
    /// German surface forms, as written (matched case-sensitively).
    pub forms_de: Vec<String>,
    /// English surface forms, as written.
    pub forms_en: Vec<String>,
    /// The country a party or national institution belongs to; for a
    /// country, itself.
    pub country: Option<String>,
    /// Which of `forms` are adjectives or demonyms (`japanische`, `Japanese`):
    /// they give a role its scope but do not name the place by themselves.
    pub adjective_forms: HashSet<String>,
}

/// A role title form and the role it names.
#[derive(Clone, Debug)]
pub struct TitleForm {
    pub form: String,
    pub role: String,
    pub lang: Lang,
    pub needs_scope: bool,
    /// The scope the title implies when the text names none.
    pub implied_scope: Option<String>,
}

/// A word that changes the role a title names (`Deputy`, `ehemalige`, `Ex-`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RoleModifier {
    Deputy,
    Shadow,
    Former,
    Designate,
    Acting,
}

impl RoleModifier {
    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "deputy" => Self::Deputy,
            "shadow" => Self::Shadow,
            "former" => Self::Former,
            "designate" => Self::Designate,
            "acting" => Self::Acting,
            _ => return None,
        })
    }
}

/// A modifier form: a word before the title, or a prefix glued to it.
#[derive(Clone, Debug)]
pub struct ModifierForm {
    pub form: String,
    pub modifier: RoleModifier,
    pub is_prefix: bool,
}

/// All lexicons, parsed.
pub struct Lexicon {
    pub gazetteer: Vec<GazetteerEntry>,
    pub titles: Vec<TitleForm>,
    pub modifiers: Vec<ModifierForm>,
    first_names: HashSet<String>,
    stopwords_de: HashSet<String>,
    stopwords_en: HashSet<String>,
    time_words: HashSet<String>,
    volatile_words: HashSet<String>,
    reporting_verbs: HashSet<String>,
    counted_links: HashSet<String>,
    anaphors: HashSet<String>,
    connectives: HashSet<String>,
    /// Lower-cased role title forms → role ids (for hover and checks).
    role_names: HashMap<String, String>,
    /// Role ids that many people hold at once (`Stadträtin`).
    shared_roles: HashSet<String>,
    /// Surface form → gazetteer entry index, per language (German, English).
    forms_by_lang: [HashMap<String, usize>; 2],
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::parse);

/// The compiled-in lexicons.
pub fn lexicon() -> &'static Lexicon {
    &LEXICON
}

fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
}

fn expand_adjective(form: &str, out: &mut Vec<String>, adjectives: &mut HashSet<String>) {
    if let Some(stem) = form.strip_suffix('*') {
        for ending in ADJECTIVE_ENDINGS {
            let f = format!("{stem}{ending}");
            adjectives.insert(f.clone());
            out.push(f);
            // Capitalised use at the start of a sentence or as a noun (`Deutsche`).
            let cap = capitalise(&format!("{stem}{ending}"));
            adjectives.insert(cap.clone());
            out.push(cap);
        }
    } else {
        out.push(form.to_string());
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

fn genitive(name: &str) -> Option<String> {
    let last = name.chars().last()?;
    if name.contains(' ') || "sxzß".contains(last) || name.chars().all(|c| c.is_uppercase()) {
        return None;
    }
    Some(format!("{name}s"))
}

impl Lexicon {
    fn parse() -> Self {
        let mut gazetteer = Vec::new();
        for (text, kind) in [
            (PLACES, EntityKind::Place),
            (ORGANISATIONS, EntityKind::Organisation),
        ] {
            for line in data_lines(text) {
                let cols: Vec<&str> = line.split('\t').collect();
                if cols.len() < 4 {
                    continue;
                }
                let mut adjective_forms = HashSet::new();
                let mut forms_de = Vec::new();
                for form in cols[2].split('|').map(str::trim).filter(|f| !f.is_empty()) {
                    expand_adjective(form, &mut forms_de, &mut adjective_forms);
                    if !form.ends_with('*') && kind == EntityKind::Place {
                        forms_de.extend(genitive(form));
                    }
                }
                let mut forms_en = Vec::new();
                for form in cols[3].split('|').map(str::trim).filter(|f| !f.is_empty()) {
                    // English demonyms and adjectives (`Japanese`, `German`)
                    // do not name the place itself.
                    if is_english_adjective(form) {
                        adjective_forms.insert(form.to_string());
                    }
                    forms_en.push(form.to_string());
                    // The possessive names the place: `Japan's`.
                    forms_en.push(format!("{form}'s"));
                    forms_en.push(format!("{form}’s"));
                }
                forms_de.sort();
                forms_de.dedup();
                forms_en.sort();
                forms_en.dedup();
                let country = match (cols.get(4), cols[1]) {
                    (Some(c), _) if !c.trim().is_empty() => Some(c.trim().to_string()),
                    (_, "country") => Some(cols[0].to_string()),
                    _ => None,
                };
                gazetteer.push(GazetteerEntry {
                    country,
                    canonical: cols[0].to_string(),
                    kind,
                    subkind: cols[1].to_string(),
                    forms_de,
                    forms_en,
                    adjective_forms,
                });
            }
        }

        let mut titles = Vec::new();
        let mut role_names = HashMap::new();
        let mut shared_roles = HashSet::new();
        for line in data_lines(ROLES) {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 4 {
                continue;
            }
            let lang = if cols[1] == "en" { Lang::En } else { Lang::De };
            let needs_scope = cols[2] == "yes";
            let implied_scope = cols[2].strip_prefix('=').map(str::to_string);
            if cols[2] == "many" {
                shared_roles.insert(cols[0].to_string());
            }
            for form in cols[3].split('|').map(str::trim).filter(|f| !f.is_empty()) {
                let expanded: Vec<String> = match form.strip_suffix('~') {
                    Some(stem) => TITLE_ENDINGS.iter().map(|e| format!("{stem}{e}")).collect(),
                    None => vec![form.to_string()],
                };
                for f in expanded {
                    role_names
                        .entry(f.to_lowercase())
                        .or_insert_with(|| cols[0].to_string());
                    titles.push(TitleForm {
                        form: f,
                        role: cols[0].to_string(),
                        lang,
                        needs_scope,
                        implied_scope: implied_scope.clone(),
                    });
                }
            }
        }

        let mut modifiers = Vec::new();
        for line in data_lines(ROLE_MODIFIERS) {
            let cols: Vec<&str> = line.split('\t').collect();
            let Some(modifier) = cols.first().and_then(|m| RoleModifier::parse(m)) else {
                continue;
            };
            if cols.len() < 3 {
                continue;
            }
            for form in cols[2].split('|').map(str::trim).filter(|f| !f.is_empty()) {
                if let Some(prefix) = form.strip_suffix('-') {
                    modifiers.push(ModifierForm {
                        form: format!("{prefix}-"),
                        modifier,
                        is_prefix: true,
                    });
                    continue;
                }
                let mut forms = Vec::new();
                expand_adjective(form, &mut forms, &mut HashSet::new());
                for f in forms {
                    modifiers.push(ModifierForm {
                        form: f,
                        modifier,
                        is_prefix: false,
                    });
                }
            }
        }

        let words = |text: &str| -> HashSet<String> {
            data_lines(text)
                .flat_map(|l| l.split_whitespace())
                .map(str::to_lowercase)
                .collect()
        };
        let mut forms_by_lang = [HashMap::new(), HashMap::new()];
        for (i, entry) in gazetteer.iter().enumerate() {
            for f in &entry.forms_de {
                forms_by_lang[0].entry(f.clone()).or_insert(i);
            }
            for f in &entry.forms_en {
                forms_by_lang[1].entry(f.clone()).or_insert(i);
            }
        }
        Lexicon {
            forms_by_lang,
            gazetteer,
            titles,
            modifiers,
            first_names: data_lines(FIRST_NAMES)
                .map(|l| l.trim().to_string())
                .collect(),
            stopwords_de: words(STOPWORDS_DE),
            stopwords_en: words(STOPWORDS_EN),
            time_words: words(TIME_WORDS),
            volatile_words: words(VOLATILE_WORDS),
            reporting_verbs: words(REPORTING_VERBS),
            counted_links: words(COUNTED_LINKS),
            anaphors: words(ANAPHORS),
            connectives: words(CONNECTIVES),
            role_names,
            shared_roles,
        }
    }

    /// Is `word` (as written) a known first name?
    pub fn is_first_name(&self, word: &str) -> bool {
        self.first_names.contains(word)
    }

    /// Is the lower-cased `word` a stop word of `lang`?
    pub fn is_stopword(&self, word_lower: &str, lang: Lang) -> bool {
        match lang {
            Lang::De => self.stopwords_de.contains(word_lower),
            Lang::En => self.stopwords_en.contains(word_lower),
        }
    }

    /// Does the lower-cased `word` anchor a statement in time (`gestern`, `Tuesday`, `quarter`)?
    pub fn is_time_word(&self, word_lower: &str) -> bool {
        self.time_words.contains(word_lower)
    }

    /// Does the lower-cased `word` point back to the sentence before (`this`, `sie`)?
    pub fn is_anaphor(&self, word_lower: &str) -> bool {
        self.anaphors.contains(word_lower)
    }

    /// May the lower-cased `word` stand before an anaphor (`however`, `doch`)?
    pub fn is_connective(&self, word_lower: &str) -> bool {
        self.connectives.contains(word_lower)
    }

    /// Does the lower-cased `word` tie a counted noun to what it is of
    /// (`der`, `auf`, `of`; `lexicons/counted_links.txt`)?
    pub fn is_counted_link(&self, word_lower: &str) -> bool {
        self.counted_links.contains(word_lower)
    }

    /// Is the lower-cased `word` a verb of reporting (`sagte`, `announced`)?
    pub fn is_reporting_verb(&self, word_lower: &str) -> bool {
        self.reporting_verbs.contains(word_lower)
    }

    /// Does the lower-cased `word` mark a moving level or a change (`rose`, `Kurs`)?
    pub fn is_volatile_word(&self, word_lower: &str) -> bool {
        self.volatile_words.contains(word_lower)
    }

    /// The role id a title form names, if any (case-insensitive).
    pub fn role_of_title(&self, title: &str) -> Option<&str> {
        self.role_names
            .get(&title.to_lowercase())
            .map(String::as_str)
    }

    /// Do many people hold role `id` at once (`many` in the role lexicon)?
    /// Such a role tells who a person is, but names no rival holder.
    pub fn is_shared_role(&self, id: &str) -> bool {
        self.shared_roles.contains(id)
    }

    /// The surface forms of `entry` for `lang`.
    pub fn forms<'a>(&self, entry: &'a GazetteerEntry, lang: Lang) -> &'a [String] {
        match lang {
            Lang::De => &entry.forms_de,
            Lang::En => &entry.forms_en,
        }
    }

    /// The gazetteer entry one of whose `lang` forms is exactly `form`.
    pub fn entity_by_form(&self, form: &str, lang: Lang) -> Option<&GazetteerEntry> {
        let map = &self.forms_by_lang[if lang == Lang::De { 0 } else { 1 }];
        map.get(form).map(|&i| &self.gazetteer[i])
    }

    /// The gazetteer entry with this canonical name.
    pub fn entity(&self, canonical: &str) -> Option<&GazetteerEntry> {
        self.gazetteer.iter().find(|e| e.canonical == canonical)
    }
}

fn is_english_adjective(form: &str) -> bool {
    // English adjectives and demonyms end like this; names of places do not.
    const ENDINGS: [&str; 8] = ["an", "ish", "ese", "ian", "i", "ch", "ic", "ans"];
    let lower = form.to_lowercase();
    !form.contains(' ')
        && ENDINGS.iter().any(|e| lower.ends_with(e))
        && !matches!(
            lower.as_str(),
            "japan"
                | "iran"
                | "oman"
                | "sudan"
                | "taiwan"
                | "afghanistan"
                | "pakistan"
                | "kazakhstan"
                | "uzbekistan"
                | "bangladesh"
                | "china"
                | "india"
                | "malaysia"
                | "kuwaiti"
                | "israeli"
                | "saudi"
                | "iraqi"
                | "yemeni"
                | "pakistani"
                | "lebanon"
                | "vietnam"
                | "bern"
                | "berlin"
                | "london"
                | "munich"
                | "tehran"
                | "dublin"
                | "brazil"
                | "chile"
                | "italy"
                | "germany"
                | "tokyo"
                | "beijing"
                | "jordan"
                | "delhi"
                | "new delhi"
                | "zurich"
                | "kabul"
                | "cardiff"
                | "belfast"
                | "vatican"
                | "kremlin"
                | "canberra"
                | "amman"
                | "ankara"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_have_inflected_and_adjective_forms() {
        let japan = lexicon().entity("Japan").expect("Japan in the gazetteer");
        for form in ["Japan", "Japans", "japanische", "japanischen", "Japanische"] {
            assert!(japan.forms_de.iter().any(|f| f == form), "missing {form}");
        }
        assert!(japan.forms_en.iter().any(|f| f == "Japanese"));
        assert!(japan.adjective_forms.contains("japanische"));
        assert!(japan.adjective_forms.contains("Japanese"));
        assert!(!japan.adjective_forms.contains("Japan"));
    }

    #[test]
    fn equivalent_titles_share_a_role() {
        let lex = lexicon();
        assert_eq!(
            lex.role_of_title("Premierminister"),
            lex.role_of_title("Ministerpräsident")
        );
        assert_eq!(
            lex.role_of_title("Außenministerin"),
            Some("foreign-minister")
        );
        assert_eq!(
            lex.role_of_title("Foreign Secretary"),
            Some("foreign-minister")
        );
        assert_eq!(
            lex.role_of_title("Hoher Vertreter der EU für Außen- und Sicherheitspolitik"),
            lex.role_of_title("Außenbeauftragte")
        );
    }

    #[test]
    fn first_names_and_stopwords() {
        let lex = lexicon();
        assert!(lex.is_first_name("Josep"));
        assert!(!lex.is_first_name("Abkommen"));
        assert!(lex.is_stopword("und", Lang::De));
        assert!(lex.is_stopword("the", Lang::En));
    }
}
