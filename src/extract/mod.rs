//! Mention extraction: finds figures, dates, people, organisations, places and
//! roles in one piece of (masked) text. Every mention carries the byte range
//! it covers in the original document.

pub mod dates;
pub mod entities;
pub mod figures;
pub mod numbers;
pub mod persons;
pub mod roles;

use std::collections::HashMap;
use std::ops::Range;

use serde::Serialize;

use crate::text::{self, Lang, LineIndex, MaskedText};
pub use dates::{DateMention, DateValue};
pub use entities::{EntityMention, NameKind};
pub use figures::{FigureMention, FigureUnit, Qualifier};
pub use numbers::NumberMention;
pub use persons::{KnownNames, NoKnownNames, PersonMention};
pub use roles::RoleMention;

/// How to read one document.
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    /// The document's language; detected when `None`.
    pub lang: Option<Lang>,
    /// Mask Markdown (code, inline code, markup) besides URLs and comments.
    pub markdown: bool,
    /// The article's date, for resolving `gestern` or `last week`.
    pub date: Option<jiff::civil::Date>,
}

/// A mention and the sentence it was found in.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InSentence<T> {
    pub sentence: usize,
    #[serde(flatten)]
    pub mention: T,
}

/// Everything the extractors found in one document.
#[derive(Clone, Debug)]
pub struct Extraction {
    pub lang: Lang,
    pub masked: MaskedText,
    pub lines: LineIndex,
    /// Sentence byte ranges, in order.
    pub sentences: Vec<Range<usize>>,
    pub figures: Vec<InSentence<FigureMention>>,
    /// Numbers that are part of no figure and no date (`im Jahr 2024`).
    pub numbers: Vec<InSentence<NumberMention>>,
    pub dates: Vec<InSentence<DateMention>>,
    /// Places and organisations.
    pub entities: Vec<InSentence<EntityMention>>,
    pub persons: Vec<InSentence<PersonMention>>,
    pub roles: Vec<InSentence<RoleMention>>,
    /// The date relative dates were resolved against (the draft's or the
    /// article's date), if any.
    pub date: Option<jiff::civil::Date>,
}

impl Extraction {
    /// The sentence with index `i`, from the original text.
    pub fn sentence_text<'a>(&self, source: &'a str, i: usize) -> &'a str {
        self.sentences.get(i).map_or("", |r| &source[r.clone()])
    }
}

/// Runs every extractor over `source`.
pub fn extract(source: &str, options: &ReadOptions, known: &dyn KnownNames) -> Extraction {
    let masked = text::mask(source, options.markdown);
    let lang = options
        .lang
        .unwrap_or_else(|| text::lang::detect(&masked.text));
    let mut introduced = HashMap::new();
    extract_masked(source, masked, lang, options.date, known, &mut introduced)
}

/// Runs every extractor over an already masked text (a whole document or
/// one paragraph of it). `introduced` carries the names met before it.
pub fn extract_masked(
    source: &str,
    masked: MaskedText,
    lang: Lang,
    date: Option<jiff::civil::Date>,
    known: &dyn KnownNames,
    introduced: &mut HashMap<String, String>,
) -> Extraction {
    let sentences = text::split_sentences(&masked.text);
    let mut out = Extraction {
        lang,
        lines: LineIndex::new(source),
        sentences: Vec::new(),
        figures: Vec::new(),
        numbers: Vec::new(),
        dates: Vec::new(),
        entities: Vec::new(),
        persons: Vec::new(),
        roles: Vec::new(),
        date,
        masked,
    };
    for (i, range) in sentences.iter().enumerate() {
        let sentence = &out.masked.text[range.clone()];
        let found = extract_sentence(sentence, range.start, lang, date, known, introduced);
        in_sentence(&mut out.dates, found.dates, i);
        in_sentence(&mut out.figures, found.figures, i);
        in_sentence(&mut out.numbers, found.numbers, i);
        in_sentence(&mut out.entities, found.entities, i);
        in_sentence(&mut out.persons, found.persons, i);
        in_sentence(&mut out.roles, found.roles, i);
    }
    out.sentences = sentences;
    out
}

/// Appends the mentions of sentence `sentence` to `into`.
fn in_sentence<T>(into: &mut Vec<InSentence<T>>, mentions: Vec<T>, sentence: usize) {
    into.extend(
        mentions
            .into_iter()
            .map(|mention| InSentence { sentence, mention }),
    );
}

/// The mentions of one sentence (absolute byte ranges).
#[derive(Clone, Debug, Default)]
pub struct SentenceMentions {
    pub figures: Vec<FigureMention>,
    pub numbers: Vec<NumberMention>,
    pub dates: Vec<DateMention>,
    pub entities: Vec<EntityMention>,
    pub persons: Vec<PersonMention>,
    pub roles: Vec<RoleMention>,
}

/// Runs the extractors over one sentence starting at byte `base`.
/// `introduced` carries the names introduced earlier in the same document.
pub fn extract_sentence(
    sentence: &str,
    base: usize,
    lang: Lang,
    date: Option<jiff::civil::Date>,
    known: &dyn KnownNames,
    introduced: &mut HashMap<String, String>,
) -> SentenceMentions {
    let shift = |r: &Range<usize>| base + r.start..base + r.end;
    let local_dates = dates::find_dates(sentence, lang, date);
    let (local_figures, local_numbers) =
        figures::find_figures_and_numbers(sentence, lang, &local_dates);
    let entities = entities::find_places_and_organisations(sentence, base, lang);
    let mut persons = persons::find_persons(sentence, base, lang, known, introduced);
    let roles = roles::find_roles(sentence, base, lang, &entities, &persons, known, introduced);
    // People named by a title are people too.
    for role in &roles {
        if !persons
            .iter()
            .any(|p| p.range.start < role.person_range.end && role.person_range.start < p.range.end)
        {
            persons.push(PersonMention {
                range: role.person_range.clone(),
                name: role.person.clone(),
                surname_only: role.surname_only,
            });
        }
    }
    persons.sort_by_key(|p| p.range.start);
    // A person's name is not also a place (`Paris Hilton`) or an organisation.
    let entities = entities
        .into_iter()
        .filter(|e| {
            !persons
                .iter()
                .any(|p| p.range.start <= e.range.start && e.range.end <= p.range.end)
        })
        .collect();
    SentenceMentions {
        figures: local_figures
            .into_iter()
            .map(|mut f| {
                f.range = shift(&f.range);
                f.number_range = shift(&f.number_range);
                f
            })
            .collect(),
        numbers: local_numbers
            .into_iter()
            .map(|mut n| {
                n.range = shift(&n.range);
                n
            })
            .collect(),
        dates: local_dates
            .into_iter()
            .map(|mut d| {
                d.range = shift(&d.range);
                d
            })
            .collect(),
        entities,
        persons,
        roles,
    }
}
