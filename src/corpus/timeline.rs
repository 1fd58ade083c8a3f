//! Who holds which role, where and when, as the archive tells it: the scope
//! an unscoped title belongs to (the person's own country, else the archive's
//! home country, else the one scope the archive uses for that role), and role
//! timelines — for each role and scope, its holders ordered by the dates of
//! the articles that name them, with their first and last evidence.

use std::collections::{HashMap, HashSet};

use jiff::civil::Date;

use super::index::{person_key, CorpusClaim, CorpusView};
use super::ArticleId;
use crate::claims::{ClaimValue, RoleValue};
use crate::lexicon::lexicon;

/// The role value of a corpus claim, if it is a role claim.
pub fn role_of(c: &CorpusClaim) -> Option<&RoleValue> {
    match &c.claim.value {
        ClaimValue::Role(r) => Some(r),
        _ => None,
    }
}

/// The country a scope belongs to (`SPÖ` → Österreich, `Japan` → Japan).
fn country_of_scope(scope: &str) -> Option<String> {
    lexicon().entity(scope)?.country.clone()
}

/// The archive's home country: the country of most scopes that are parties or
/// national institutions (`SPÖ-Chef`, `Tory leader`), when it has more than
/// half of them. Unscoped titles of people the archive cannot place are its.
pub fn home_country(claims: &[CorpusClaim]) -> Option<String> {
    let lex = lexicon();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    let mut total = 0;
    for c in claims {
        let Some(scope) = role_of(c).and_then(|r| r.scope.as_deref()) else {
            continue;
        };
        let Some(entity) = lex.entity(scope) else {
            continue;
        };
        if entity.subkind == "country" {
            continue;
        }
        if let Some(country) = entity.country.as_deref() {
            *counts.entry(country).or_default() += 1;
            total += 1;
        }
    }
    let (country, n) = counts.into_iter().max_by_key(|(c, n)| (*n, *c))?;
    (2 * n > total).then(|| country.to_string())
}

/// Works out the scopes of unscoped roles for one check, remembering what it
/// learnt about each person and role.
pub struct Scopes<'a> {
    view: CorpusView<'a>,
    countries: HashMap<String, HashSet<String>>,
    sole_scope: HashMap<String, Option<String>>,
}

impl<'a> Scopes<'a> {
    pub fn new(view: CorpusView<'a>) -> Scopes<'a> {
        Scopes {
            view,
            countries: HashMap::new(),
            sole_scope: HashMap::new(),
        }
    }

    /// The countries the archive ties a person to through their scoped roles
    /// (`SPÖ-Chef` → Österreich, `Japans Außenminister` → Japan).
    pub fn countries_of(&mut self, person: &str) -> &HashSet<String> {
        let view = self.view;
        self.countries.entry(person_key(person)).or_insert_with(|| {
            view.archive
                .claims(&view.archive.roles_of(person))
                .iter()
                .filter(|(_, c)| view.includes(c.article))
                .filter_map(|(_, c)| role_of(c)?.scope.as_deref())
                .filter_map(country_of_scope)
                .collect()
        })
    }

    /// The one scope the archive gives this role, if it gives only one.
    fn sole_scope(&mut self, role: &str) -> Option<String> {
        let view = self.view;
        self.sole_scope
            .entry(role.to_string())
            .or_insert_with(|| {
                let claims = view.archive.claims(&view.archive.role_claims(role));
                let mut scopes = claims
                    .iter()
                    .filter(|(_, c)| view.includes(c.article))
                    .filter_map(|(_, c)| role_of(c)?.scope.clone());
                let first = scopes.next()?;
                scopes.all(|s| s == first).then_some(first)
            })
            .clone()
    }

    /// Where a role is held: its written scope; for an unscoped title, the
    /// person's own country when the archive knows just one, else the home
    /// country, else the only scope the archive uses for the role.
    pub fn effective(&mut self, role: &RoleValue) -> Option<String> {
        if role.scope.is_some() {
            return role.scope.clone();
        }
        let own = self.countries_of(&role.person);
        if own.len() == 1 {
            return own.iter().next().cloned();
        }
        if !own.is_empty() {
            return None;
        }
        self.view
            .archive
            .home_country()
            .or_else(|| self.sole_scope(&role.role))
    }
}

/// Could two effective scopes name the same office? Unknown matches anything.
pub fn scopes_compatible(a: &Option<String>, b: &Option<String>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    }
}

/// A corpus sentence: article and sentence index.
pub type Source = (ArticleId, usize);

/// One holder of a role in a timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct Holder {
    pub person: String,
    pub first: Date,
    pub last: Date,
    pub first_source: Source,
    pub last_source: Source,
    /// Dated articles naming the person in the role.
    pub mentions: usize,
}

/// The holders of one role in one scope, by their first evidence.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Timeline {
    pub holders: Vec<Holder>,
}

impl Timeline {
    /// The holders of `role` (a role key) whose effective scope is `scope`,
    /// from the dated articles of the view. Past and coming holders
    /// (`ehemalige`, `designierte`) and bare surnames are left out.
    pub fn build(scopes: &mut Scopes<'_>, role: &str, scope: &Option<String>) -> Timeline {
        let view = scopes.view;
        let mut by_person: HashMap<String, Holder> = HashMap::new();
        for (_, c) in view.archive.claims(&view.archive.role_claims(role)) {
            if !view.includes(c.article) {
                continue;
            }
            let Some(date) = view.archive.article(c.article).and_then(|m| m.date) else {
                continue;
            };
            let Some(r) = role_of(&c) else { continue };
            if r.not_current || r.surname_only {
                continue;
            }
            if scopes.effective(r) != *scope {
                continue;
            }
            let source = (c.article, c.claim.sentence);
            let h = by_person
                .entry(person_key(&r.person))
                .or_insert_with(|| Holder {
                    person: r.person.clone(),
                    first: date,
                    last: date,
                    first_source: source,
                    last_source: source,
                    mentions: 0,
                });
            h.mentions += 1;
            if (date, source) < (h.first, h.first_source) {
                h.first = date;
                h.first_source = source;
            }
            if (date, source) > (h.last, h.last_source) {
                h.last = date;
                h.last_source = source;
            }
        }
        let mut holders: Vec<Holder> = by_person.into_values().collect();
        holders.sort_by(|a, b| (a.first, &a.person).cmp(&(b.first, &b.person)));
        Timeline { holders }
    }

    /// The holder the archive shows as newest by `date`: the latest first
    /// evidence not after it.
    pub fn holder_at(&self, date: Date) -> Option<&Holder> {
        self.holders.iter().rev().find(|h| h.first <= date)
    }

    pub fn holder(&self, person: &str) -> Option<&Holder> {
        let key = person_key(person);
        self.holders.iter().find(|h| person_key(&h.person) == key)
    }
}
