//! `role-mismatch`: a person given a role that the corpus gives someone else.
//! A person the corpus links to the role (now or before) is never flagged.
//! Titles without a scope are the person's own country's (else the archive's
//! home country's): a German minister is no rival of an Austrian one. A
//! person the corpus knows in another role, for a role it gives to someone
//! else, is a warning; a person it knows nothing about is `info` at most.
//! The same title in another country is another office (the England coach
//! given the Wales job). Titles many hold at once (`Stadträtin`) are never
//! checked themselves, but say who a person is.
//! Where articles are dated, the newest holder by the draft's date is named
//! (never one the archive first shows after it); undated holders are all
//! equally current.

use std::collections::HashMap;
use std::ops::Range;

use super::messages::role_message;
use super::{CheckContext, Evidence, Finding, FindingCode, Fix, Severity};
use crate::claims::{Claim, ClaimValue, RoleValue};
use crate::corpus::index::{person_key, surname_of, CorpusClaim};
use crate::corpus::timeline::{role_of, scopes_compatible, Scopes};
use crate::lexicon::lexicon;

/// Are two role values about the same person?
pub fn same_person(a: &RoleValue, b: &RoleValue) -> bool {
    if person_key(&a.person) == person_key(&b.person) {
        return true;
    }
    // A holder the corpus names by surname only matches any full name with it.
    (a.surname_only || b.surname_only)
        && person_key(surname_of(&a.person)) == person_key(surname_of(&b.person))
}

/// The country a scope (a country, or a party or institution of one)
/// belongs to; `None` for regions, cities and what the gazetteer lacks.
fn country_of(scope: &str) -> Option<String> {
    lexicon().entity(scope)?.country.clone()
}

/// Do two scopes place an office in different countries (`England coach`,
/// `Wales coach`)? Regions, unions and scopes the gazetteer cannot place tell
/// nothing (`European commission president` beside the EU's).
fn other_country(a: &Option<String>, b: &Option<String>) -> bool {
    match (
        a.as_deref().and_then(country_of),
        b.as_deref().and_then(country_of),
    ) {
        (Some(a), Some(b)) => a != b,
        _ => false,
    }
}

/// Is corpus holder `r` (of the draft's role) a rival of the draft's person?
/// Both scopes must be compatible; an unscoped title of a person the archive
/// cannot place is no rival of an explicitly scoped one (`Foreign Secretary`
/// is not Japan's foreign minister).
fn rival_scope(draft_scope: &Option<String>, r: &RoleValue, r_scope: &Option<String>) -> bool {
    if draft_scope.is_none() && r.scope.is_some() {
        return false;
    }
    scopes_compatible(draft_scope, r_scope)
}

/// The draft's role claims that name a current holder of a one-holder office
/// in full: not `former` or `designate`, not a surname alone, not a title
/// many hold at once, and not a name the newsroom accepted (accepted names
/// are vouched for, roles included).
pub fn current_role_claims<'c>(
    ctx: &'c CheckContext<'_>,
) -> impl Iterator<Item = (&'c Claim, &'c RoleValue)> + 'c {
    let lex = lexicon();
    ctx.claims
        .iter()
        .filter_map(move |claim| match &claim.value {
            ClaimValue::Role(r)
                if !r.not_current
                    && !r.surname_only
                    && !lex.is_shared_role(&r.role)
                    && !ctx.accepted.contains(&r.person) =>
            {
                Some((claim, r))
            }
            _ => None,
        })
}

/// Checks every role claim of the draft; people in `skip` (flagged names) are left out.
pub fn check(ctx: &CheckContext<'_>, skip: &[Range<usize>]) -> Vec<Finding> {
    let archive = ctx.view.archive;
    let date_of = |article| archive.article(article).and_then(|m| m.date);
    // The view's claims of a posting list.
    let included = |ids: &[u32]| {
        let mut claims = archive.claims(ids);
        claims.retain(|(_, c)| ctx.view.includes(c.article));
        claims
    };
    let mut scopes = Scopes::new(ctx.view);
    let draft_date = ctx.extraction.date;
    let mut out = Vec::new();
    for (claim, draft) in current_role_claims(ctx) {
        if skip
            .iter()
            .any(|r| r.start < draft.person_range.end && draft.person_range.start < r.end)
        {
            continue;
        }
        let fetched = included(&archive.role_claims(&draft.role));
        let role_claims: Vec<(u32, &CorpusClaim, &RoleValue)> = fetched
            .iter()
            .filter_map(|(i, c)| role_of(c).map(|r| (*i, &**c, r)))
            .collect();
        let supported = role_claims
            .iter()
            .any(|(_, _, r)| same_person(r, draft) && scopes_compatible(&draft.scope, &r.scope));
        if supported {
            continue;
        }
        let draft_scope = scopes.effective(draft);
        // Holders of the same office, leaving out those the archive first
        // shows after the draft's date.
        let mut first_seen: HashMap<String, jiff::civil::Date> = HashMap::new();
        for (_, c, r) in &role_claims {
            if let Some(d) = date_of(c.article) {
                let e = first_seen.entry(person_key(&r.person)).or_insert(d);
                *e = (*e).min(d);
            }
        }
        let others: Vec<&(u32, &CorpusClaim, &RoleValue)> = role_claims
            .iter()
            .filter(|(_, _, r)| !r.not_current && !r.surname_only && !same_person(r, draft))
            .filter(|(_, _, r)| {
                let theirs = scopes.effective(r);
                rival_scope(&draft_scope, r, &theirs)
            })
            .collect();
        if others.is_empty() {
            continue;
        }
        let before_draft = |o: &&&(u32, &CorpusClaim, &RoleValue)| match draft_date {
            Some(d) => first_seen
                .get(&person_key(&o.2.person))
                .is_none_or(|first| *first <= d),
            None => true,
        };
        // The current holder: newest dated article up to the draft's date,
        // else the most often named.
        let newest = others
            .iter()
            .filter(before_draft)
            .filter_map(|o| {
                let d = date_of(o.1.article)?;
                draft_date.is_none_or(|dd| d <= dd).then_some((d, o))
            })
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1 .0.cmp(&a.1 .0)))
            .map(|(_, o)| *o);
        let dated = others.iter().any(|o| date_of(o.1.article).is_some());
        let most_named = || {
            let mut counts: HashMap<String, (usize, u32)> = HashMap::new();
            for o in &others {
                let e = counts.entry(o.2.person.clone()).or_insert((0, o.0));
                e.0 += 1;
            }
            let (name, _) = counts
                .iter()
                .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)))
                .map(|(n, c)| (n.clone(), *c))?;
            others.iter().find(|o| o.2.person == name).copied()
        };
        // A dated archive whose only holders come after the draft's date
        // still disagrees, but names no holder for the fix.
        let (holder, fixable) = match newest {
            Some(h) => (h, true),
            None if dated => match others.iter().find(|o| before_draft(o)) {
                Some(h) => (*h, true),
                None => (others[0], false),
            },
            None => match most_named() {
                Some(h) => (h, true),
                None => continue,
            },
        };
        let holders: Vec<&str> = {
            let mut v: Vec<&str> = others.iter().map(|o| o.2.person.as_str()).collect();
            v.sort();
            v.dedup();
            v
        };
        // What the corpus says the draft's person is: another office, or
        // the same title in another country (the England coach is no
        // candidate for Wales coach).
        let own_roles = included(&archive.roles_of(&draft.person));
        let own = own_roles.iter().map(|(_, c)| &**c).find(|c| {
            role_of(c).is_some_and(|r| {
                !r.not_current
                    && (r.role != draft.role || other_country(&scopes.effective(r), &draft_scope))
            })
        });
        let undated_rivals = !dated && holders.len() > 1;
        // Without dates, a person whose own role has changed hands too (an
        // Education Secretary who became Home Secretary), for a role that
        // changed hands as well, may simply have held it earlier: the
        // archive cannot tell. A role it always gives to one other person is
        // a clear conflict.
        let turnover = undated_rivals
            && own.and_then(role_of).is_some_and(|own_role| {
                let own_scope = scopes.effective(own_role);
                included(&archive.role_claims(&own_role.role))
                    .iter()
                    .filter_map(|(_, c)| role_of(c))
                    .any(|r| {
                        !r.not_current
                            && !same_person(r, draft)
                            && scopes_compatible(&scopes.effective(r), &own_scope)
                            && (r.scope.is_some() || own_role.scope.is_none())
                    })
            });
        // … unless the archive is consistent: it mostly gives the person one
        // other role, mostly gives that role to the person, and the draft's
        // role mostly to one other person (`Prime Minister Gordon Brown`
        // where Brown is the Chancellor and Blair the Prime Minister). A
        // person who shares their role with a predecessor or successor (an
        // Education Secretary who became Home Secretary) stays `info`.
        let mostly_one = |items: &mut dyn Iterator<Item = &str>| {
            let mut counts: HashMap<&str, usize> = HashMap::new();
            let mut total = 0;
            for item in items {
                *counts.entry(item).or_default() += 1;
                total += 1;
            }
            2 * counts.values().copied().max().unwrap_or(0) > total
        };
        let consistent = turnover && {
            let mut own_roles = own_roles
                .iter()
                .filter_map(|(_, c)| role_of(c))
                .filter(|r| !r.not_current)
                .map(|r| r.role.as_str());
            let mut holders = others.iter().map(|o| o.2.person.as_str());
            let holds_own = own.and_then(role_of).is_some_and(|own_role| {
                let own_scope = scopes.effective(own_role);
                let (mut mine, mut all) = (0, 0);
                for r in included(&archive.role_claims(&own_role.role))
                    .iter()
                    .filter_map(|(_, c)| role_of(c))
                    .filter(|r| !r.not_current)
                {
                    if scopes_compatible(&scopes.effective(r), &own_scope) {
                        all += 1;
                        mine += usize::from(same_person(r, draft));
                    }
                }
                2 * mine > all
            });
            holds_own && mostly_one(&mut own_roles) && mostly_one(&mut holders)
        };
        // A person the archive places only in other countries than the
        // draft's explicitly scoped office (`Frankreichs Präsident` for an
        // Austrian mayor) cannot be its holder, whoever else held it.
        // Both sides are placed by country: a region's office (`Oberösterreichs
        // ÖVP-Chef`) is no other country's than the state's.
        let abroad = draft
            .scope
            .as_deref()
            .and_then(country_of)
            .is_some_and(|here| {
                let places: Vec<Option<String>> = own_roles
                    .iter()
                    .filter_map(|(_, c)| role_of(c))
                    .filter(|r| !r.not_current)
                    .map(|r| scopes.effective(r).as_deref().and_then(country_of))
                    .collect();
                !places.is_empty()
                    && places
                        .iter()
                        .all(|p| p.as_ref().is_some_and(|p| *p != here))
            });
        let severity = match own {
            Some(_) if !turnover || consistent || abroad => Severity::Warning,
            _ => Severity::Info,
        };
        if own.is_none() && undated_rivals {
            continue;
        }
        let mut evidence = vec![Evidence::new(
            &ctx.view,
            holder.1.article,
            holder.1.claim.sentence,
        )];
        let own_title = own.and_then(|c| {
            evidence.push(Evidence::new(&ctx.view, c.article, c.claim.sentence));
            let r = role_of(c)?;
            // The title with its scope words (`Liberal Democrat leader`).
            let start = c.claim.range.start.min(r.title_range.start);
            archive
                .text_slice(c.article, start..r.title_range.end)
                .map(|t| crate::corpus::index::collapse_space(&t))
        });
        let title = &ctx.source[draft.title_range.clone()];
        out.push(Finding {
            code: FindingCode::RoleMismatch,
            severity,
            range: claim.range.clone(),
            message: role_message(
                ctx.lang,
                title,
                &draft.person,
                &holder.2.person,
                own_title.as_deref(),
                &evidence[0],
            ),
            evidence,
            fix: (!undated_rivals && fixable).then(|| Fix {
                range: draft.person_range.clone(),
                text: holder.2.person.clone(),
            }),
            similarity: None,
        });
    }
    out
}
