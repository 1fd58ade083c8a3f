//! `role-mismatch`: a person given a role that the corpus gives someone else.
//! A person the corpus links to the role (now or before) is never flagged;
//! a person the corpus knows in another role, for a role it gives to others,
//! is a warning; a person the corpus knows nothing about is `info` at most.
//! Where articles are dated, the holder in the newest one is named as the
//! current holder; undated holders are all equally current.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::messages::role_message;
use super::{CheckContext, Evidence, Finding, FindingCode, Fix, Severity};
use crate::claims::{ClaimValue, RoleValue};
use crate::corpus::index::{person_key, surname_of, CorpusClaim};
use crate::lexicon::lexicon;

fn scopes_compatible(draft: &Option<String>, corpus: &Option<String>) -> bool {
    match (draft, corpus) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    }
}

fn same_person(a: &RoleValue, b: &RoleValue) -> bool {
    if person_key(&a.person) == person_key(&b.person) {
        return true;
    }
    // A holder the corpus names by surname only matches any full name with it.
    (a.surname_only || b.surname_only)
        && person_key(surname_of(&a.person)) == person_key(surname_of(&b.person))
}

fn role_of(c: &CorpusClaim) -> Option<&RoleValue> {
    match &c.claim.value {
        ClaimValue::Role(r) => Some(r),
        _ => None,
    }
}

/// The countries the corpus ties a person to through their scoped roles
/// (`SPÖ-Chef` → Österreich, `Japans Außenminister` → Japan).
fn countries_of(ctx: &CheckContext<'_>, person: &str) -> HashSet<String> {
    let lex = lexicon();
    ctx.view
        .index
        .roles_of(person)
        .iter()
        .map(|&i| ctx.view.index.claim(i))
        .filter(|c| ctx.view.includes(c.article))
        .filter_map(|c| role_of(c)?.scope.as_deref())
        .filter_map(|scope| lex.entity(scope)?.country.clone())
        .collect()
}

/// Checks every role claim of the draft; people in `skip` (flagged names) are left out.
pub fn check(ctx: &CheckContext<'_>, skip: &[Range<usize>]) -> Vec<Finding> {
    let index = ctx.view.index;
    let mut out = Vec::new();
    for claim in ctx.claims {
        let ClaimValue::Role(draft) = &claim.value else {
            continue;
        };
        // Names the newsroom accepted are vouched for, roles included.
        if draft.not_current || draft.surname_only || ctx.accepted.contains(&draft.person) {
            continue;
        }
        if skip
            .iter()
            .any(|r| r.start < draft.person_range.end && draft.person_range.start < r.end)
        {
            continue;
        }
        let role_claims: Vec<(u32, &CorpusClaim, &RoleValue)> = index
            .role_claims(&draft.role)
            .iter()
            .map(|&i| (i, index.claim(i)))
            .filter(|(_, c)| ctx.view.includes(c.article))
            .filter_map(|(i, c)| role_of(c).map(|r| (i, c, r)))
            .collect();
        let supported = role_claims
            .iter()
            .any(|(_, _, r)| same_person(r, draft) && scopes_compatible(&draft.scope, &r.scope));
        if supported {
            continue;
        }
        // The title in any scope: an unscoped `Chancellor Gerhard Schroeder` is
        // supported by `German Chancellor Gerhard Schroeder`.
        if draft.scope.is_none() && role_claims.iter().any(|(_, _, r)| same_person(r, draft)) {
            continue;
        }
        // Without a scope, a title is the person's own country's: a German
        // minister is no rival of an Austrian one.
        let draft_countries = if draft.scope.is_none() {
            countries_of(ctx, &draft.person)
        } else {
            HashSet::new()
        };
        let others: Vec<&(u32, &CorpusClaim, &RoleValue)> = role_claims
            .iter()
            .filter(|(_, _, r)| {
                !r.not_current
                    && !r.surname_only
                    && r.scope == draft.scope
                    && !same_person(r, draft)
            })
            .filter(|(_, _, r)| {
                if draft_countries.is_empty() {
                    return true;
                }
                let theirs = countries_of(ctx, &r.person);
                theirs.is_empty() || !theirs.is_disjoint(&draft_countries)
            })
            .collect();
        if others.is_empty() {
            continue;
        }
        // The current holder: newest dated article, else the most often named.
        let newest = others
            .iter()
            .filter_map(|o| index.article(o.1.article).date.map(|d| (d, o)))
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1 .0.cmp(&a.1 .0)))
            .map(|(_, o)| *o);
        let holder = newest.unwrap_or_else(|| {
            let mut counts: HashMap<String, (usize, u32)> = HashMap::new();
            for o in &others {
                let e = counts.entry(o.2.person.clone()).or_insert((0, o.0));
                e.0 += 1;
            }
            let (name, _) = counts
                .iter()
                .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)))
                .map(|(n, c)| (n.clone(), *c))
                .expect("others is not empty");
            others
                .iter()
                .find(|o| o.2.person == name)
                .copied()
                .expect("holder among others")
        });
        let holders: Vec<&str> = {
            let mut v: Vec<&str> = others.iter().map(|o| o.2.person.as_str()).collect();
            v.sort();
            v.dedup();
            v
        };
        // What the corpus says the draft's person is.
        let own = index
            .roles_of(&draft.person)
            .iter()
            .map(|&i| index.claim(i))
            .filter(|c| ctx.view.includes(c.article))
            .find(|c| role_of(c).is_some_and(|r| r.role != draft.role && !r.not_current));
        let undated_rivals = newest.is_none() && holders.len() > 1;
        // Without dates, a person whose own role has changed hands too (an
        // Education Secretary who became Home Secretary) may simply have held
        // the draft's role earlier: the archive cannot tell.
        let turnover = newest.is_none()
            && own.and_then(role_of).is_some_and(|own_role| {
                index
                    .role_claims(&own_role.role)
                    .iter()
                    .map(|&i| index.claim(i))
                    .any(|c| {
                        ctx.view.includes(c.article)
                            && role_of(c).is_some_and(|r| {
                                r.scope == own_role.scope
                                    && !r.not_current
                                    && !same_person(r, draft)
                            })
                    })
            });
        let severity = match own {
            Some(_) if !turnover => Severity::Warning,
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
            index
                .article(c.article)
                .text
                .get(start..r.title_range.end)
                .map(crate::corpus::index::collapse_space)
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
            fix: (!undated_rivals).then(|| Fix {
                range: draft.person_range.clone(),
                text: holder.2.person.clone(),
            }),
            similarity: None,
        });
    }
    out
}
