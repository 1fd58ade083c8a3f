//! First-name swaps: a draft writes a known surname with another first name
//! (`Nestor Moran` where the archive only knows `Michael Moran`). A surname
//! with a new first name is usually a different person (a sibling, a
//! namesake), so this is only a `name-mismatch` when everything points to
//! one known person: the draft names no one else of that surname, the
//! draft's first name is a first name (not a typo, which `names` handles)
//! and no form of a known one (`Jim` for James), and the draft tells the
//! same story as an archive article naming that person (IDF-weighted cosine
//! of their words). Where the archive knows several people of the surname,
//! the story must point to one of them clearly, and the draft's sentence
//! must also tell what an archive sentence tells of that person.

use std::collections::HashSet;

use super::CheckContext;
use crate::corpus::features::word_term;
use crate::corpus::index::surname_of;
use crate::corpus::ArticleId;
use crate::lexicon::lexicon;
use crate::text::words::{stem, tokens};
use crate::text::Lang;

/// How alike (IDF-weighted cosine of word stems) the draft and an archive
/// article naming the known person must be to tell the same story. Articles
/// about namesakes in one field (brothers in one sport) stay well below it.
const SAME_STORY: f64 = 0.2;
/// How alike (IDF-weighted cosine of stems) the draft's sentence naming a
/// swapped name must be to an archive sentence naming the known person when
/// the archive knows several people of the surname: a new first name is
/// then often just one more of them, and the story alone does not tell.
const SAME_SENTENCE: f64 = 0.2;
/// How many times more alike the best candidate's story must be than that
/// of any other person of the surname.
const SEPARATION: f64 = 1.5;
/// Articles naming the known person that are compared with the draft.
const MAX_ARTICLES: usize = 12;
/// Archive sentences naming the known person compared with the draft's.
const MAX_SENTENCES: usize = 24;
/// Shortest word that counts as a content word.
const MIN_WORD: usize = 3;

/// A known person the draft's name swaps the first name of, and the
/// article telling the same story.
pub struct Swap {
    pub known: String,
    pub article: ArticleId,
    pub sentence: usize,
}

/// The content word stems of `text`, without the words of `skip`.
fn stems(text: &str, lang: Lang, skip: &HashSet<String>) -> HashSet<String> {
    let lex = lexicon();
    tokens(text, 0)
        .into_iter()
        .filter(|t| t.is_alphabetic() && t.text.chars().count() >= MIN_WORD)
        .map(|t| t.text.to_lowercase())
        .filter(|w| !lex.is_stopword(w, lang) && !skip.contains(w))
        .map(|w| stem(&w, lang))
        .collect()
}

/// IDF-weighted cosine similarity of two sets of stems.
fn cosine(ctx: &CheckContext<'_>, a: &HashSet<String>, b: &HashSet<String>) -> f64 {
    let stats = ctx.view.archive.terms();
    stats.prefetch(&a.union(b).map(|s| word_term(s)).collect::<Vec<_>>());
    let weight = |s: &String| stats.idf_of(&word_term(s)).powi(2);
    let norm = |set: &HashSet<String>| set.iter().map(weight).sum::<f64>().sqrt();
    let shared: f64 = a.intersection(b).map(weight).sum();
    let denominator = norm(a) * norm(b);
    if denominator > 0.0 {
        shared / denominator
    } else {
        0.0
    }
}

/// Two first names that may be forms of one another (`Mick`/`Michael`,
/// `Jim`/`James`): same first letter, and a shared start of three letters,
/// one short enough to be a nickname of the other, or a small edit away.
fn related_first_names(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    let shared_start = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    a.chars().next() == b.chars().next()
        && (shared_start >= 3
            || a.chars().count().min(b.chars().count()) <= 3
            || strsim::damerau_levenshtein(&a, &b) <= 2)
}

/// Is the draft's `name` (unknown to the archive, not a near miss of a
/// known name) another known person's first name with a known surname?
///
/// Every known person of the surname is a candidate; the one whose articles
/// tell the draft's story best is taken when that story is alike enough and
/// clearly more alike than any other candidate's ([`SEPARATION`]), so that
/// a surname several people share still points to one of them.
pub fn swap(
    ctx: &CheckContext<'_>,
    name: &str,
    is_first_name: impl Fn(&str) -> bool,
) -> Option<Swap> {
    let words: Vec<&str> = name.split(' ').collect();
    let (first, surname) = (*words.first()?, *words.last()?);
    if words.len() < 2 || !is_first_name(first) {
        return None;
    }
    let holders: Vec<String> = ctx
        .view
        .people_with_surname(surname)
        .into_iter()
        .filter(|known| {
            let known_words: Vec<&str> = known.split(' ').collect();
            known_words.len() == words.len() && known_words[1..] == words[1..]
        })
        .collect();
    // A form of a known first name (`Jim` for James) is not a swap.
    if holders.is_empty()
        || holders
            .iter()
            .any(|k| related_first_names(first, k.split(' ').next().unwrap_or(k)))
    {
        return None;
    }
    // A family or namesakes: the draft itself names someone else of this surname.
    let family = ctx.extraction.persons.iter().any(|p| {
        !p.mention.surname_only && p.mention.name != name && surname_of(&p.mention.name) == surname
    });
    if family {
        return None;
    }
    let mut skip: HashSet<String> = words.iter().map(|w| w.to_lowercase()).collect();
    for k in &holders {
        skip.extend(k.split(' ').map(str::to_lowercase));
    }
    let draft = stems(ctx.source, ctx.lang, &skip);
    let mut scored: Vec<(String, ArticleId, usize, f64)> = holders
        .into_iter()
        .filter_map(|known| {
            let (article, sentence, similarity) = best_story(ctx, &known, &draft, &skip)?;
            Some((known, article, sentence, similarity))
        })
        .collect();
    scored.sort_by(|a, b| b.3.total_cmp(&a.3));
    let (known, article, sentence, similarity) = scored.first()?.clone();
    // Other people of the surname (not another form of the candidate's
    // first name): the story must point to one of them, and the draft's
    // sentence must tell what the archive tells of that one.
    let first_of = |n: &str| n.split(' ').next().unwrap_or(n).to_string();
    let others: Vec<f64> = scored
        .iter()
        .skip(1)
        .filter(|o| !related_first_names(&first_of(&o.0), &first_of(&known)))
        .map(|o| o.3)
        .collect();
    if similarity < SAME_STORY {
        return None;
    }
    if let Some(&runner_up) = others.first() {
        if similarity < SEPARATION * runner_up
            || sentence_support(ctx, name, &known, &skip) < SAME_SENTENCE
        {
            return None;
        }
    }
    Some(Swap {
        known,
        article,
        sentence,
    })
}

/// How alike (IDF-weighted cosine of stems) the draft's first sentence
/// naming `name` is to the archive sentence naming `known` most like it.
fn sentence_support(
    ctx: &CheckContext<'_>,
    name: &str,
    known: &str,
    skip: &HashSet<String>,
) -> f64 {
    let Some(own) = ctx
        .extraction
        .persons
        .iter()
        .find(|p| p.mention.name == name)
        .map(|p| ctx.extraction.sentence_text(ctx.source, p.sentence))
    else {
        return 0.0;
    };
    let own = stems(own, ctx.lang, skip);
    let mut seen = HashSet::new();
    ctx.view
        .mentions(known)
        .into_iter()
        .filter(|m| m.full && seen.insert((m.article, m.sentence)))
        .take(MAX_SENTENCES)
        .filter_map(|m| {
            let lang = ctx
                .view
                .archive
                .article(m.article)
                .map_or(ctx.lang, |a| a.lang);
            let text = ctx
                .view
                .archive
                .sentence(m.article, m.sentence as usize)?
                .text;
            Some(cosine(ctx, &own, &stems(&text, lang, skip)))
        })
        .fold(0.0, f64::max)
}

/// The article naming `known` in full whose words are most like the
/// draft's, with the sentence naming them and the similarity.
fn best_story(
    ctx: &CheckContext<'_>,
    known: &str,
    draft: &HashSet<String>,
    skip: &HashSet<String>,
) -> Option<(ArticleId, usize, f64)> {
    let mut articles: Vec<(ArticleId, usize)> = Vec::new();
    for m in ctx.view.mentions(known).into_iter().filter(|m| m.full) {
        if articles.len() < MAX_ARTICLES && !articles.iter().any(|(a, _)| *a == m.article) {
            articles.push((m.article, m.sentence as usize));
        }
    }
    articles
        .into_iter()
        .filter_map(|(article, sentence)| {
            let text = ctx.view.archive.article_text(article)?;
            let lang = ctx
                .view
                .archive
                .article(article)
                .map_or(ctx.lang, |m| m.lang);
            Some((
                article,
                sentence,
                cosine(ctx, draft, &stems(&text, lang, skip)),
            ))
        })
        .max_by(|a, b| a.2.total_cmp(&b.2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nicknames_and_typos_are_related_first_names() {
        assert!(related_first_names("Mick", "Michael"));
        assert!(related_first_names("Jim", "James"));
        assert!(related_first_names("Steve", "Steven"));
        assert!(related_first_names("Jon", "John"));
        assert!(!related_first_names("Nestor", "Michael"));
        assert!(!related_first_names("Gethin", "Neil"));
        assert!(!related_first_names("Marat", "Mateja"));
    }
}
