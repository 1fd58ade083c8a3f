//! Claims: a value (a figure, a date, a role) tied to its subject — the
//! entities of its sentence and the stems of its content words — so that a
//! draft value is only ever compared with corpus values about the same thing.
//!
//! Words near the value (`local`) are kept apart from the rest of the
//! sentence: in `Die Arbeitslosigkeit stieg auf 5 %, die Inflation auf 2 %`
//! each percentage has its own nearest words.

use std::collections::BTreeSet;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::extract::dates::spans::{day_list, DayList};
use crate::extract::{DateValue, Extraction, FigureMention, FigureUnit, InSentence, Qualifier};
use crate::lexicon::lexicon;
use crate::text::{stem, tokens, Lang, Token};

mod context;
mod filters;
mod frame;
use filters::{is_attributive, is_conversion, is_dateline, is_relative_period};
pub use frame::{anchors_compatible, verb_key, words_related, DraftFrame, FrameMatch};

const TIME_ANCHORS: &str = include_str!("../../lexicons/time_anchors.tsv");

/// Time words that name the same anchor (`Vorjahr` = `vergangenen`): word → key.
static ANCHOR_KEYS: std::sync::LazyLock<std::collections::HashMap<String, String>> =
    std::sync::LazyLock::new(|| {
        TIME_ANCHORS
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| l.split_once('\t'))
            .map(|(w, k)| (w.trim().to_string(), k.trim().to_string()))
            .collect()
    });

/// The anchor key of a lower-cased time word.
pub(crate) fn anchor_key(word_lower: &str) -> String {
    ANCHOR_KEYS
        .get(word_lower)
        .cloned()
        .unwrap_or_else(|| word_lower.to_string())
}

/// Prefix of a date or time word in [`Subject::when`] that stands in a
/// clause of reporting (`sagte am Montag`, `said on Thursday`): it dates the
/// report, so it is not a time the sentence's values are anchored to.
pub const REPORTED: &str = "report:";

/// Clause delimiters: a value's time anchor is looked for between them.
const CLAUSE_BREAKS: [&str; 7] = [", ", "; ", ": ", " – ", " - ", "(", ")"];

/// The byte range of the clause around `value` inside `sentence`.
fn clause_of(masked: &str, sentence: &Range<usize>, value: &Range<usize>) -> Range<usize> {
    let before = &masked[sentence.start..value.start];
    let start = CLAUSE_BREAKS
        .iter()
        .filter_map(|b| before.rfind(b).map(|i| i + b.len()))
        .max()
        .map_or(sentence.start, |i| sentence.start + i);
    let after = &masked[value.end..sentence.end];
    let end = CLAUSE_BREAKS
        .iter()
        .filter_map(|b| after.find(b))
        .min()
        .map_or(sentence.end, |i| value.end + i);
    start..end
}

/// How many content words on each side of a value count as its local context.
const LOCAL_WINDOW: usize = 4;
/// How many content words on each side are its nearest neighbours.
const NEAR_WINDOW: usize = 2;
/// How many words on each side are searched for volatility markers.
const VOLATILE_WINDOW: usize = 3;

/// What a claim is about: the sentence's entities and content-word stems.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Subject {
    /// Canonical names of places, organisations and people.
    pub entities: BTreeSet<String>,
    /// Stems of the sentence's content words (stop words and numbers left out).
    pub words: BTreeSet<String>,
    /// Stems of the content words around the value.
    pub local: BTreeSet<String>,
    /// Stems of the value's nearest content words (what it most likely counts:
    /// `lowest unemployment for 29 years`).
    pub near: BTreeSet<String>,
    /// For a counted figure, the stem of what its noun is of: the first
    /// content word after a linking word (`Beschäftigten der
    /// Fahrzeugindustrie` → `fahrzeugindustri`, `members of parliament`).
    /// Two figures counting the same noun of the same thing count one thing.
    #[serde(default)]
    pub counted_of: Option<String>,
    /// When the sentence says it happened: its dates (ISO) and time words
    /// (`Dienstag`, `quarter`, `last`). Figures anchored differently in time
    /// are not compared. Dates and time words of a clause that only reports
    /// carry the prefix [`REPORTED`].
    pub when: BTreeSet<String>,
    /// The value's own time anchor: the dates (ISO) and time words
    /// (normalised by `lexicons/time_anchors.tsv`) of the clause that holds
    /// the value. Time words elsewhere in the sentence do not count.
    pub anchors: BTreeSet<String>,
}

/// A figure claim's value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FigureValue {
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub value: f64,
    pub qualifier: Qualifier,
    /// `%`, an ISO currency code, a unit symbol or the stem of the counted noun.
    pub unit: String,
    /// The figure's text as written (`über 2 Milliarden Dollar`).
    pub text: String,
    /// The numeric part as written (`2 Milliarden`), what a fix replaces.
    pub number_text: String,
    /// A level or change that moves over time (`shares rose 5%`, `Kurs`):
    /// compared only with near-identical sentences.
    pub volatile: bool,
    pub number_range: Range<usize>,
    /// The unit is a counted noun (`Soldaten`), not `%`, money or a measure.
    pub counted: bool,
}

/// A role claim: `person` holds `role` in `scope`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoleValue {
    /// Role id with deputy/shadow prefixes (`deputy:head-of-government`).
    pub role: String,
    pub scope: Option<String>,
    pub person: String,
    pub surname_only: bool,
    /// `former`, `designate`: the person does not hold it at the article's date.
    pub not_current: bool,
    pub title_range: Range<usize>,
    pub person_range: Range<usize>,
}

/// The value a claim asserts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum ClaimValue {
    Figure(FigureValue),
    Date {
        value: DateValue,
        text: String,
        relative: bool,
    },
    Role(RoleValue),
}

/// A value tied to its subject, with where it was said.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub value: ClaimValue,
    /// Byte range of the value in the document.
    pub range: Range<usize>,
    /// Index of the sentence in the document's extraction.
    pub sentence: usize,
    pub subject: Subject,
}

/// The unit key of a figure: what must be equal for two figures to be compared.
pub fn unit_key(unit: &FigureUnit, lang: Lang) -> String {
    match unit {
        FigureUnit::Percent => "%".to_string(),
        FigureUnit::Currency(code) | FigureUnit::Measure(code) => code.clone(),
        FigureUnit::Counted(noun) => stem(noun, lang),
    }
}

/// How many linking words may stand between a counted noun and what it is
/// of (`Erstanträge auf internationalen Schutz`, `in der Fahrzeugindustrie`).
const COUNTED_LINK_WORDS: usize = 2;

/// The stem of what the counted noun ending at `end` is of: the first content
/// word after one or two linking words (`lexicons/counted_links.txt`), with
/// nothing but spaces between them. `None` where the noun stands alone.
fn counted_of(masked: &str, tokens: &[Token<'_>], end: usize, lang: Lang) -> Option<String> {
    let lex = lexicon();
    let first = tokens.partition_point(|t| t.range.start < end);
    let mut at = end;
    let mut links = 0;
    for t in tokens.get(first..)? {
        if !masked
            .get(at..t.range.start)?
            .chars()
            .all(char::is_whitespace)
        {
            return None;
        }
        let lower = t.text.to_lowercase();
        if lex.is_counted_link(&lower) && links < COUNTED_LINK_WORDS {
            links += 1;
            at = t.range.end;
            continue;
        }
        let content = links > 0
            && t.text.chars().count() > 2
            && t.is_alphabetic()
            && !lex.is_stopword(&lower, lang)
            && !crate::extract::numbers::is_number_word(&lower, lang);
        return content.then(|| stem(t.text, lang));
    }
    None
}

/// Stems of the content words among `words`, leaving out `skip` ranges.
fn content_stems(words: &[Token<'_>], lang: Lang, skip: &[Range<usize>]) -> Vec<(usize, String)> {
    let lex = lexicon();
    // Sorted by start, so that each token is looked up in logarithmic time
    // (a sentence may hold thousands of figures).
    let mut skip = skip.to_vec();
    skip.sort_by_key(|s| s.start);
    let mut reach = Vec::with_capacity(skip.len());
    let mut furthest = 0;
    for s in &skip {
        furthest = furthest.max(s.end);
        reach.push(furthest);
    }
    words
        .iter()
        .filter(|t| t.text.chars().count() > 2 && t.is_alphabetic())
        .filter(|t| {
            // Some range starting at or before the token reaches past its end.
            let k = skip.partition_point(|s| s.start <= t.range.start);
            k == 0 || reach[k - 1] < t.range.end
        })
        .filter(|t| !lex.is_stopword(&t.text.to_lowercase(), lang))
        .map(|t| (t.range.start, stem(t.text, lang)))
        .collect()
}

/// The mentions of each of `n` sentences, in their order: one pass, so that
/// a document of many sentences costs no more per sentence than a short one.
fn by_sentence<T>(mentions: &[InSentence<T>], n: usize) -> Vec<Vec<&T>> {
    let mut out: Vec<Vec<&T>> = (0..n).map(|_| Vec::new()).collect();
    for m in mentions {
        if let Some(bucket) = out.get_mut(m.sentence) {
            bucket.push(&m.mention);
        }
    }
    out
}

/// Builds the claims of an extracted document.
pub fn build_claims(source: &str, extraction: &Extraction) -> Vec<Claim> {
    let lang = extraction.lang;
    let masked = &extraction.masked.text;
    let mut claims = Vec::new();
    let first_paren = masked.find('(');
    let n = extraction.sentences.len();
    let figures_of = by_sentence(&extraction.figures, n);
    let dates_of = by_sentence(&extraction.dates, n);
    let roles_of = by_sentence(&extraction.roles, n);
    let entities_of = by_sentence(&extraction.entities, n);
    let persons_of = by_sentence(&extraction.persons, n);
    for (si, range) in extraction.sentences.iter().enumerate() {
        let figures = &figures_of[si];
        let dates = &dates_of[si];
        let roles = &roles_of[si];
        if figures.is_empty() && dates.is_empty() && roles.is_empty() {
            continue;
        }
        let mut entities = BTreeSet::new();
        let mut name_ranges = Vec::new();
        for e in &entities_of[si] {
            entities.insert(e.name.clone());
            name_ranges.push(e.range.clone());
        }
        for p in &persons_of[si] {
            entities.insert(p.name.clone());
            name_ranges.push(p.range.clone());
        }
        let mut value_ranges: Vec<Range<usize>> = figures.iter().map(|f| f.range.clone()).collect();
        value_ranges.extend(dates.iter().map(|d| d.range.clone()));
        let mut skip = name_ranges.clone();
        skip.extend(value_ranges.iter().cloned());
        // The sentence's words, split once for every use below.
        let sentence_tokens = tokens(&masked[range.clone()], range.start);
        let mut stems = content_stems(&sentence_tokens, lang, &skip);
        // German attributes inside a figure say what is counted
        // (`8.000 schulpflichtigen Flüchtlingskindern`): lower-case words
        // after the number are words of the sentence too.
        if lang == Lang::De {
            for f in figures.iter() {
                let inside = f.number_range.end..f.range.end;
                let inner =
                    content_stems(&tokens(&masked[inside.clone()], inside.start), lang, &[])
                        .into_iter()
                        .filter(|(p, _)| {
                            masked[*p..].chars().next().is_some_and(char::is_lowercase)
                        });
                stems.extend(inner);
            }
            stems.sort();
        }
        let sentence_dates: Vec<(Range<usize>, String)> = dates
            .iter()
            .map(|d| (d.range.clone(), d.value.iso()))
            .collect();
        let sentence_time_words: Vec<(usize, String)> = sentence_tokens
            .iter()
            .map(|t| (t.range.start, t.text.to_lowercase()))
            .filter(|(_, w)| lexicon().is_time_word(w))
            .collect();
        let anchors_of = |value: &Range<usize>| -> BTreeSet<String> {
            let clause = clause_of(masked, range, value);
            let mut out: BTreeSet<String> = sentence_dates
                .iter()
                .filter(|(r, _)| r != value && clause.start <= r.start && r.end <= clause.end)
                .map(|(_, iso)| iso.clone())
                .collect();
            out.extend(
                sentence_time_words
                    .iter()
                    .filter(|(p, _)| clause.contains(p))
                    .map(|(_, w)| anchor_key(w)),
            );
            out
        };
        // The figures of the sentence as terms (`ortstafel=164`): a figure
        // both sentences state says they are about one matter.
        let value_terms: Vec<(Range<usize>, String)> = figures
            .iter()
            .filter_map(|f| Some((f.range.clone(), figure_term(f, lang)?)))
            .collect();
        // A date or time word in a clause that reports, follows the sentence's
        // values and states no value of its own (`…, wie die Ministerin am
        // Freitag bekanntgab`) dates the report, not the facts: it is kept
        // marked (see [`REPORTED`]). A report that leads in (`Die Agentur
        // meldete am Samstag, bereits 260 … seien getötet worden`) dates a
        // running count: measured on `derstandard`, releasing it too
        // compared tallies of different days.
        let reports = |at: usize| -> bool {
            let clause = clause_of(masked, range, &(at..at));
            value_ranges.iter().any(|r| r.end <= clause.start)
                && !value_ranges
                    .iter()
                    .any(|r| clause.start <= r.start && r.end <= clause.end && !r.contains(&at))
                && sentence_tokens.iter().any(|t| {
                    clause.contains(&t.range.start)
                        && lexicon().is_reporting_verb(&t.text.to_lowercase())
                })
        };
        let mark = |at: usize, w: String| {
            if reports(at) {
                format!("{REPORTED}{w}")
            } else {
                w
            }
        };
        let mut when: BTreeSet<String> = dates
            .iter()
            .map(|d| mark(d.range.start, d.value.iso()))
            .collect();
        when.extend(
            sentence_time_words
                .iter()
                .map(|(at, w)| mark(*at, w.clone())),
        );
        let mut words: BTreeSet<String> = stems.iter().map(|(_, s)| s.clone()).collect();
        // A sentence that names no one and opens by pointing back is about
        // what the sentence before named (see `context`).
        if entities.is_empty() && si > 0 && context::points_back(&sentence_tokens, lang) {
            let before = context::previous_sentence(
                masked,
                &extraction.sentences[si - 1],
                &entities_of[si - 1],
                &persons_of[si - 1],
                &figures_of[si - 1],
                lang,
            );
            entities.extend(before.entities);
            words.extend(before.words);
        }
        // Words around a value, not reaching past the neighbouring values:
        // in `restated by $4bn and fined $100m` the fine's words are its own.
        let window = |value: &Range<usize>, n: usize, bounded: bool| -> BTreeSet<String> {
            let (lo, hi) = if bounded {
                let lo = value_ranges
                    .iter()
                    .filter(|r| r.end <= value.start)
                    .map(|r| r.end)
                    .max()
                    .unwrap_or(0);
                let hi = value_ranges
                    .iter()
                    .filter(|r| r.start >= value.end)
                    .map(|r| r.start)
                    .min()
                    .unwrap_or(usize::MAX);
                (lo, hi)
            } else {
                (0, usize::MAX)
            };
            let before = stems
                .iter()
                .filter(|(p, _)| *p < value.start && *p >= lo)
                .rev()
                .take(n);
            let after = stems
                .iter()
                .filter(|(p, _)| *p >= value.end && *p < hi)
                .take(n);
            before.chain(after).map(|(_, s)| s.clone()).collect()
        };
        let local_of = |value: &Range<usize>| window(value, LOCAL_WINDOW, false);
        let near_of = |value: &Range<usize>| window(value, NEAR_WINDOW, true);

        for (fi, f) in figures.iter().enumerate() {
            let Some(unit) = &f.unit else { continue };
            if is_conversion(
                masked,
                f,
                fi.checked_sub(1).map(|p| figures[p]),
                first_paren,
            ) || is_attributive(masked, f, range.end, lang)
                || is_relative_period(masked, f, range.start, lang)
            {
                continue;
            }
            let volatile = {
                // Only the figure's own words: not past the neighbouring values
                // (`jobless figures best in 29 years, home loans cheapest in 40 years`).
                let lo = value_ranges
                    .iter()
                    .filter(|r| r.end <= f.range.start)
                    .map(|r| r.end)
                    .max()
                    .unwrap_or(0);
                let hi = value_ranges
                    .iter()
                    .filter(|r| r.start >= f.range.end)
                    .map(|r| r.start)
                    .min()
                    .unwrap_or(usize::MAX);
                let before = sentence_tokens
                    .iter()
                    .filter(|t| t.range.end <= f.range.start && t.range.start >= lo)
                    .rev()
                    .take(VOLATILE_WINDOW);
                let after = sentence_tokens
                    .iter()
                    .filter(|t| t.range.start >= f.range.end && t.range.end <= hi)
                    .take(VOLATILE_WINDOW);
                before
                    .chain(after)
                    .any(|t| lexicon().is_volatile_word(&t.text.to_lowercase()))
            };
            let counted = matches!(unit, FigureUnit::Counted(_));
            let unit = unit_key(unit, lang);
            let mut words = words.clone();
            words.remove(&unit);
            words.extend(
                value_terms
                    .iter()
                    .filter(|(r, _)| *r != f.range)
                    .map(|(_, t)| t.clone()),
            );
            let mut local = local_of(&f.range);
            local.remove(&unit);
            let mut near = near_of(&f.range);
            near.remove(&unit);
            let counted_of = if counted {
                counted_of(masked, &sentence_tokens, f.range.end, lang)
            } else {
                None
            };
            claims.push(Claim {
                value: ClaimValue::Figure(FigureValue {
                    low: f.low,
                    high: f.high,
                    value: f.value,
                    qualifier: f.qualifier,
                    unit,
                    text: source[f.range.clone()].to_string(),
                    number_text: source[f.number_range.clone()].to_string(),
                    number_range: f.number_range.clone(),
                    volatile,
                    counted,
                }),
                range: f.range.clone(),
                sentence: si,
                subject: Subject {
                    entities: entities.clone(),
                    words,
                    local,
                    near,
                    counted_of,
                    when: when.clone(),
                    anchors: anchors_of(&f.range),
                },
            });
        }
        for d in dates.iter() {
            if is_dateline(masked, d.range.start) {
                continue;
            }
            // The end of a span of days (`from 6 to 9 January`) has the words
            // around the whole span: its first day is no value of its own.
            let around = match day_list(masked, &d.range) {
                DayList::Span { start, .. } => start..d.range.end,
                _ => d.range.clone(),
            };
            claims.push(Claim {
                value: ClaimValue::Date {
                    value: d.value,
                    text: source[d.range.clone()].to_string(),
                    relative: d.relative,
                },
                range: d.range.clone(),
                sentence: si,
                subject: Subject {
                    entities: entities.clone(),
                    words: words
                        .iter()
                        .cloned()
                        .chain(value_terms.iter().map(|(_, t)| t.clone()))
                        .collect(),
                    anchors: anchors_of(&d.range),
                    local: local_of(&around),
                    near: near_of(&around),
                    counted_of: None,
                    // For a date, the other dates of its sentence.
                    when: dates
                        .iter()
                        .filter(|o| o.range != d.range)
                        .map(|o| o.value.iso())
                        .collect(),
                },
            });
        }
        for r in roles {
            let mut own = entities.clone();
            own.remove(&r.person);
            claims.push(Claim {
                value: ClaimValue::Role(RoleValue {
                    role: r.role_key(),
                    scope: r.scope.clone(),
                    person: r.person.clone(),
                    surname_only: r.surname_only,
                    not_current: r.is_not_current(),
                    title_range: r.title_range.clone(),
                    person_range: r.person_range.clone(),
                }),
                range: r.range.clone(),
                sentence: si,
                subject: Subject {
                    entities: own,
                    ..Subject::default()
                },
            });
        }
    }
    claims
}

/// The term a figure of a sentence becomes (`ortstafel=164`).
pub fn value_term(unit: &str, value: f64) -> String {
    format!("{unit}={value}")
}

/// The [`value_term`] of a figure mention, if it has a unit.
fn figure_term(f: &FigureMention, lang: Lang) -> Option<String> {
    Some(value_term(&unit_key(f.unit.as_ref()?, lang), f.value))
}

/// How strongly two subjects agree: shared entities, shared words (German
/// compounds match their heads: `Abkommen` ~ `Verteidigungsabkommen`), and
/// shared local words.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Overlap {
    pub entities: usize,
    pub words: usize,
    pub local: usize,
    /// Shared nearest words.
    pub near: usize,
    /// Shared words over the smaller word set.
    pub word_ratio: f64,
}

fn word_match(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (short, long) = if a.len() < b.len() { (a, b) } else { (b, a) };
    short.chars().count() >= 5 && long.ends_with(short)
}

fn shared(a: &BTreeSet<String>, b: &BTreeSet<String>) -> usize {
    a.iter()
        .filter(|x| b.contains(*x) || b.iter().any(|y| word_match(x, y)))
        .count()
}

/// The overlap of two subjects.
pub fn overlap(a: &Subject, b: &Subject) -> Overlap {
    let entities = a.entities.intersection(&b.entities).count();
    let words = a.words.intersection(&b.words).count();
    let local = shared(&a.local, &b.local);
    let near = shared(&a.near, &b.near);
    let smaller = a.words.len().min(b.words.len()).max(1);
    Overlap {
        entities,
        words,
        local,
        near,
        word_ratio: words as f64 / smaller as f64,
    }
}

#[cfg(test)]
mod tests;
