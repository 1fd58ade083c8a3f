//! What the corpus knows about a name, as a card: canonical name, roles with
//! their sources and dates, how many articles mention it and when last, the
//! latest mentions, the figures tied to it, and for a person's roles their
//! timelines in the dated archive (who held the role before and after).
//! Rendered as Markdown for hovers and `factcheck` front ends.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::check::Evidence;
use crate::claims::ClaimValue;
use crate::corpus::index::{collapse_space, CorpusView};
use crate::corpus::timeline::{Scopes, Timeline};
use crate::corpus::ArticleId;
use crate::extract::NameKind;
use crate::text::Lang;

/// A role the corpus gives a person.
#[derive(Clone, Debug, Serialize)]
pub struct RoleFact {
    /// The title as the corpus writes it (`NATO-Generalsekretär`).
    pub title: String,
    pub role: String,
    pub scope: Option<String>,
    /// How many corpus sentences give it.
    pub count: usize,
    pub former: bool,
    pub evidence: Evidence,
}

/// One holder in a role's timeline.
#[derive(Clone, Debug, Serialize)]
pub struct HolderFact {
    pub person: String,
    /// First and last dated evidence (ISO dates).
    pub first: String,
    pub last: String,
    pub first_evidence: Evidence,
    pub last_evidence: Evidence,
}

/// The holders of one of the person's roles, oldest first.
#[derive(Clone, Debug, Serialize)]
pub struct TimelineFact {
    /// The title as the corpus writes it.
    pub title: String,
    pub holders: Vec<HolderFact>,
}

/// What the corpus knows about one name.
#[derive(Clone, Debug, Serialize)]
pub struct EntityCard {
    pub name: String,
    pub kind: NameKind,
    pub roles: Vec<RoleFact>,
    pub article_count: usize,
    pub last_date: Option<String>,
    /// The latest mentions (up to three).
    pub mentions: Vec<Evidence>,
    /// Figures the corpus ties to the name (up to three).
    pub figures: Vec<(String, Evidence)>,
    /// Timelines of the person's current roles in the dated archive.
    pub timelines: Vec<TimelineFact>,
}

/// The dates of some articles, each looked up once.
fn article_dates(
    view: &CorpusView<'_>,
    articles: impl Iterator<Item = ArticleId>,
) -> HashMap<ArticleId, Option<jiff::civil::Date>> {
    let mut dates = HashMap::new();
    for a in articles {
        dates
            .entry(a)
            .or_insert_with(|| view.archive.article(a).and_then(|m| m.date));
    }
    dates
}

/// Corpus mentions of `name`, newest dated article first, then by position.
pub fn mentions(view: &CorpusView<'_>, name: &str, limit: usize) -> Vec<Evidence> {
    let mut refs = view.mentions(name);
    let dates = article_dates(view, refs.iter().map(|m| m.article));
    refs.sort_by(|a, b| {
        let da = dates.get(&a.article).copied().flatten();
        let db = dates.get(&b.article).copied().flatten();
        db.cmp(&da)
            .then(b.article.cmp(&a.article))
            .then(a.offset.cmp(&b.offset))
    });
    let mut seen = std::collections::HashSet::new();
    refs.into_iter()
        .filter(|m| seen.insert((m.article, m.sentence)))
        .take(limit)
        .map(|m| Evidence::new(view, m.article, m.sentence as usize))
        .collect()
}

/// Builds the card for `name`.
pub fn describe(view: &CorpusView<'_>, name: &str, kind: NameKind) -> EntityCard {
    let archive = view.archive;
    let mut roles: BTreeMap<(String, Option<String>, bool), RoleFact> = BTreeMap::new();
    for (_, c) in archive.claims(&archive.roles_of(name)) {
        if !view.includes(c.article) {
            continue;
        }
        let ClaimValue::Role(r) = &c.claim.value else {
            continue;
        };
        let key = (r.role.clone(), r.scope.clone(), r.not_current);
        roles
            .entry(key)
            .and_modify(|f| f.count += 1)
            .or_insert_with(|| RoleFact {
                title: archive
                    .text_slice(
                        c.article,
                        c.claim.range.start.min(r.title_range.start)..r.title_range.end,
                    )
                    .map_or_else(|| r.role.clone(), |t| collapse_space(&t)),
                role: r.role.clone(),
                scope: r.scope.clone(),
                count: 1,
                former: r.not_current,
                evidence: Evidence::new(view, c.article, c.claim.sentence),
            });
    }
    let mut roles: Vec<RoleFact> = roles.into_values().collect();
    roles.sort_by(|a, b| b.count.cmp(&a.count).then(a.former.cmp(&b.former)));
    let timelines = timelines(view, name);
    let last_date = article_dates(view, view.mentions(name).iter().map(|m| m.article))
        .into_values()
        .flatten()
        .max()
        .map(|d| d.to_string());
    let figures = archive
        .claims(&archive.figures_about(name))
        .into_iter()
        .filter(|(_, c)| view.includes(c.article))
        .filter_map(|(_, c)| match &c.claim.value {
            ClaimValue::Figure(f) => Some((
                f.text.clone(),
                Evidence::new(view, c.article, c.claim.sentence),
            )),
            _ => None,
        })
        .take(3)
        .collect();
    EntityCard {
        name: name.to_string(),
        kind,
        roles,
        article_count: view.article_count(name),
        last_date,
        mentions: mentions(view, name, 3),
        figures,
        timelines,
    }
}

/// The dated timelines of the roles the archive gives `person` as current.
fn timelines(view: &CorpusView<'_>, person: &str) -> Vec<TimelineFact> {
    let archive = view.archive;
    let mut scopes = Scopes::new(*view);
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (_, c) in archive.claims(&archive.roles_of(person)) {
        let ClaimValue::Role(r) = &c.claim.value else {
            continue;
        };
        if !view.includes(c.article) || r.not_current {
            continue;
        }
        let scope = scopes.effective(r);
        if !seen.insert((r.role.clone(), scope.clone())) {
            continue;
        }
        let timeline = Timeline::build(&mut scopes, &r.role, &scope);
        if timeline.holder(person).is_none() {
            continue;
        }
        let title = archive
            .text_slice(
                c.article,
                c.claim.range.start.min(r.title_range.start)..r.title_range.end,
            )
            .map_or_else(|| r.role.clone(), |t| collapse_space(&t));
        let holders = timeline
            .holders
            .iter()
            .map(|h| HolderFact {
                person: h.person.clone(),
                first: h.first.to_string(),
                last: h.last.to_string(),
                first_evidence: Evidence::new(view, h.first_source.0, h.first_source.1),
                last_evidence: Evidence::new(view, h.last_source.0, h.last_source.1),
            })
            .collect();
        out.push(TimelineFact { title, holders });
    }
    out
}

impl EntityCard {
    /// Is anything known?
    pub fn is_known(&self) -> bool {
        self.article_count > 0 || !self.roles.is_empty()
    }

    /// The card as Markdown, labels in `lang`.
    pub fn to_markdown(&self, lang: Lang) -> String {
        let de = lang == Lang::De;
        if !self.is_known() {
            return if de {
                format!("**{}**: nicht im Korpus.", self.name)
            } else {
                format!("**{}**: not in the corpus.", self.name)
            };
        }
        let kind = match (self.kind, de) {
            (NameKind::Person, true) => "Person",
            (NameKind::Person, false) => "person",
            (NameKind::Organisation, true) => "Organisation",
            (NameKind::Organisation, false) => "organisation",
            (NameKind::Place, true) => "Ort",
            (NameKind::Place, false) => "place",
        };
        let mut md = format!("**{}** ({kind})\n\n", self.name);
        if !self.roles.is_empty() {
            md.push_str(if de {
                "Rollen im Korpus:\n"
            } else {
                "Roles in the corpus:\n"
            });
            for r in &self.roles {
                let former = match (r.former, de) {
                    (true, true) => " (ehemals)",
                    (true, false) => " (former)",
                    _ => "",
                };
                md.push_str(&format!(
                    "- {}{former} — {}×, {}\n",
                    r.title,
                    r.count,
                    r.evidence.source_label()
                ));
            }
            md.push('\n');
        }
        for t in &self.timelines {
            md.push_str(&format!(
                "{} {}:\n",
                if de { "Zeitleiste" } else { "Timeline" },
                t.title
            ));
            let newest = t.holders.len().saturating_sub(1);
            for (i, h) in t.holders.iter().enumerate() {
                let (when, source) = match (i == newest, de) {
                    (true, true) => (format!("seit {}", h.first), &h.first_evidence),
                    (true, false) => (format!("since {}", h.first), &h.first_evidence),
                    (false, true) => (format!("zuletzt {}", h.last), &h.last_evidence),
                    (false, false) => (format!("last {}", h.last), &h.last_evidence),
                };
                md.push_str(&format!(
                    "- {} ({when}) — {}\n",
                    h.person,
                    source.source_label()
                ));
            }
            md.push('\n');
        }
        let last = match (&self.last_date, de) {
            (Some(d), true) => format!(", zuletzt am {d}"),
            (Some(d), false) => format!(", last on {d}"),
            (None, _) => String::new(),
        };
        md.push_str(&if de {
            format!(
                "Erwähnt in {} Artikel{}{last}.\n\n",
                self.article_count,
                if self.article_count == 1 { "" } else { "n" }
            )
        } else {
            format!(
                "Mentioned in {} article{}{last}.\n\n",
                self.article_count,
                if self.article_count == 1 { "" } else { "s" }
            )
        });
        for m in &self.mentions {
            md.push_str(&format!("> {}\n>\n> — {}\n\n", m.excerpt, m.source_label()));
        }
        if !self.figures.is_empty() {
            md.push_str(if de {
                "Zahlen im Korpus:\n"
            } else {
                "Figures in the corpus:\n"
            });
            for (text, e) in &self.figures {
                md.push_str(&format!("- {text} — {}\n", e.source_label()));
            }
        }
        md.trim_end().to_string()
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use crate::engine::{DraftOptions, Engine};
    use crate::extract::NameKind;
    use crate::text::Lang;

    #[test]
    fn a_role_hover_shows_its_timeline() {
        let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/corpus");
        let engine = Engine::load(&[corpus], Default::default(), &|_, _| {});
        let card = engine.describe("Mark Rutte", NameKind::Person, &DraftOptions::default());
        let md = card.to_markdown(Lang::De);
        let timeline = md
            .split("Zeitleiste NATO-Generalsekretär:\n")
            .nth(1)
            .expect("a timeline for the role");
        let lines: Vec<&str> = timeline.lines().take(2).collect();
        assert!(
            lines[0].starts_with("- Jens Stoltenberg (zuletzt 2023-07-12) — "),
            "{md}"
        );
        assert!(
            lines[1].starts_with("- Mark Rutte (seit 2024-11-04) — "),
            "{md}"
        );
    }
}
