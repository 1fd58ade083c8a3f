//! Checking a draft paragraph by paragraph with a cache keyed by each
//! paragraph's content, so that re-checking after an edit costs about what the
//! edited paragraph costs. A paragraph's findings depend on its own text, the
//! names introduced before it, the draft's language and date, and the corpus;
//! all of these are part of the key.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::ops::Range;

use super::{DraftOptions, Engine};
use crate::check::{internal, Finding};
use crate::claims::Claim;
use crate::corpus::LoadError;
use crate::extract::{extract_masked, Extraction, NameKind};
use crate::text::{self, Lang, MaskedText};

/// What one paragraph yielded: findings relative to its start, and the
/// names it introduced.
#[derive(Clone, Debug)]
struct CachedParagraph {
    findings: Vec<Finding>,
    introduced_after: Vec<(String, String)>,
    /// The paragraph's claims (ranges relative to its start), for the checks
    /// across paragraphs.
    claims: Vec<Claim>,
    /// The names it mentions (ranges relative to its start), for hovers.
    names: Vec<NameSpot>,
}

/// A name the draft mentions, where a hover finds it.
#[derive(Clone, Debug, PartialEq)]
pub struct NameSpot {
    pub name: String,
    pub kind: NameKind,
    /// The range reported for it (the mention, or a role's title).
    pub range: Range<usize>,
    /// Which is preferred where spots overlap: people (0), role titles (1),
    /// places and organisations (2), as [`Engine::name_at`] does.
    rank: u8,
}

/// The spots of an extraction's names, in [`Engine::name_at`]'s order.
fn name_spots(extraction: &Extraction) -> Vec<NameSpot> {
    let persons = extraction.persons.iter().map(|p| NameSpot {
        name: p.mention.name.clone(),
        kind: NameKind::Person,
        range: p.mention.range.clone(),
        rank: 0,
    });
    let roles = extraction.roles.iter().map(|r| NameSpot {
        name: r.mention.person.clone(),
        kind: NameKind::Person,
        range: r.mention.title_range.clone(),
        rank: 1,
    });
    let entities = extraction.entities.iter().map(|e| NameSpot {
        name: e.mention.name.clone(),
        kind: e.mention.kind,
        range: e.mention.range.clone(),
        rank: 2,
    });
    persons.chain(roles).chain(entities).collect()
}

/// The name at byte `offset` among `spots` (ends inclusive, like
/// [`Engine::name_at`]).
pub fn name_in(spots: &[NameSpot], offset: usize) -> Option<&NameSpot> {
    spots
        .iter()
        .filter(|s| s.range.start <= offset && offset <= s.range.end)
        .min_by_key(|s| s.rank)
}

/// Per-document cache of paragraph results. Keep one per open document.
#[derive(Debug, Default)]
pub struct ParagraphCache {
    /// Engine generation and accepted names the entries were computed with.
    context: u64,
    entries: HashMap<u64, CachedParagraph>,
    /// Paragraphs computed (not taken from the cache) by the last check.
    pub last_misses: usize,
    /// Paragraphs taken from the cache by the last check.
    pub last_hits: usize,
}

/// The result of a cached check.
#[derive(Debug)]
pub struct CachedReport {
    pub lang: Lang,
    pub findings: Vec<Finding>,
    pub warnings: Vec<LoadError>,
    /// The names of the draft, so that a hover needs no new reading.
    pub names: Vec<NameSpot>,
}

/// Byte ranges of the paragraphs of `masked` (separated by blank lines).
pub fn paragraphs(masked: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut pos = 0;
    for line in masked.split_inclusive('\n') {
        let blank = line.trim().is_empty();
        match (blank, start) {
            (false, None) => start = Some(pos),
            (true, Some(s)) => {
                out.push(s..pos);
                start = None;
            }
            _ => {}
        }
        pos += line.len();
    }
    if let Some(s) = start {
        out.push(s..masked.len());
    }
    out
}

fn sorted_introduced(introduced: &HashMap<String, String>) -> Vec<(&String, &String)> {
    let mut v: Vec<_> = introduced.iter().collect();
    v.sort();
    v
}

impl Engine {
    /// Like [`Engine::check`], but reuses the findings of paragraphs that are
    /// unchanged since the last call with the same `cache`.
    pub fn check_cached(
        &self,
        text: &str,
        options: &DraftOptions,
        cache: &mut ParagraphCache,
    ) -> CachedReport {
        let (meta, warnings) = self.draft_metadata(text, options);
        let masked = text::mask(text, meta.markdown);
        let lang = meta
            .lang
            .unwrap_or_else(|| text::lang::detect(&masked.text));

        let mut context = DefaultHasher::new();
        self.generation.hash(&mut context);
        let mut accepted: Vec<_> = self.accepted.iter().collect();
        accepted.sort();
        accepted.hash(&mut context);
        options.path.hash(&mut context);
        let context = context.finish();
        if cache.context != context {
            cache.entries.clear();
            cache.context = context;
        }

        if cache.entries.is_empty() {
            // A first check of the document: every paragraph is a miss.
            self.archive.prefetch_draft(text);
        }
        let own = self.own_articles(options);
        let view = self.view(&own);
        let mut introduced: HashMap<String, String> = HashMap::new();
        let mut findings = Vec::new();
        let mut claims: Vec<Claim> = Vec::new();
        let mut names: Vec<NameSpot> = Vec::new();
        let mut used = HashMap::new();
        cache.last_hits = 0;
        cache.last_misses = 0;
        for para in paragraphs(&masked.text) {
            let mut key = DefaultHasher::new();
            text[para.clone()].hash(&mut key);
            masked.text[para.clone()].hash(&mut key);
            lang.hash(&mut key);
            meta.date.map(|d| d.to_string()).hash(&mut key);
            meta.check_date.map(|d| d.to_string()).hash(&mut key);
            sorted_introduced(&introduced).hash(&mut key);
            let key = key.finish();
            let result = match cache.entries.remove(&key) {
                Some(hit) => {
                    cache.last_hits += 1;
                    hit
                }
                None => {
                    cache.last_misses += 1;
                    let before = introduced.clone();
                    let sub_source = &text[para.clone()];
                    let sub_masked = MaskedText {
                        text: masked.text[para.clone()].to_string(),
                        suppressed: Vec::new(),
                    };
                    let mut extraction = extract_masked(
                        sub_source,
                        sub_masked,
                        lang,
                        meta.date,
                        &view,
                        &mut introduced,
                    );
                    extraction.date = meta.check_date;
                    let (claims, found) = self.check_extraction(sub_source, &extraction, view);
                    let introduced_after = introduced
                        .iter()
                        .filter(|(k, v)| before.get(*k) != Some(*v))
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect();
                    // `introduced` is rebuilt from the delta below, like a hit.
                    introduced = before;
                    CachedParagraph {
                        findings: found,
                        introduced_after,
                        claims,
                        names: name_spots(&extraction),
                    }
                }
            };
            for (k, v) in &result.introduced_after {
                introduced.insert(k.clone(), v.clone());
            }
            for f in &result.findings {
                let mut f = f.clone();
                f.range = f.range.start + para.start..f.range.end + para.start;
                if let Some(fix) = &mut f.fix {
                    fix.range = fix.range.start + para.start..fix.range.end + para.start;
                }
                findings.push(f);
            }
            for c in &result.claims {
                let mut c = c.clone();
                c.range = c.range.start + para.start..c.range.end + para.start;
                claims.push(c);
            }
            for n in &result.names {
                let mut n = n.clone();
                n.range = n.range.start + para.start..n.range.end + para.start;
                names.push(n);
            }
            used.insert(key, result);
        }
        cache.entries = used;
        let draft = internal::Draft {
            path: options.path.as_deref(),
            source: text,
            masked: &masked.text,
            lang,
            date: meta.date,
        };
        let inside = internal::check(&draft, &claims);
        findings.extend(internal::not_settled_by_archive(inside, &findings));
        findings.retain(|f| !masked.suppressed.iter().any(|r| r.contains(&f.range.start)));
        findings.sort_by(|a, b| a.range.start.cmp(&b.range.start).then(a.code.cmp(&b.code)));
        CachedReport {
            lang,
            findings,
            warnings,
            names,
        }
    }

    /// The name at byte `offset` of `text`, reading only the paragraph that
    /// holds it (for a hover that comes before the document's analysis).
    pub fn name_in_paragraph(
        &self,
        text: &str,
        options: &DraftOptions,
        offset: usize,
    ) -> Option<(Lang, NameSpot)> {
        let (meta, _) = self.draft_metadata(text, options);
        let masked = text::mask(text, meta.markdown);
        let lang = meta
            .lang
            .unwrap_or_else(|| text::lang::detect(&masked.text));
        let para = paragraphs(&masked.text)
            .into_iter()
            .find(|p| p.start <= offset && offset <= p.end)?;
        let sub_masked = MaskedText {
            text: masked.text[para.clone()].to_string(),
            suppressed: Vec::new(),
        };
        let own = self.own_articles(options);
        let extraction = extract_masked(
            &text[para.clone()],
            sub_masked,
            lang,
            meta.date,
            &self.view(&own),
            &mut HashMap::new(),
        );
        let mut spot = name_in(&name_spots(&extraction), offset - para.start)?.clone();
        spot.range = spot.range.start + para.start..spot.range.end + para.start;
        Some((lang, spot))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn example_engine() -> Engine {
        let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/corpus");
        Engine::load(&[corpus], Default::default(), &|_, _| {})
    }

    #[test]
    fn cached_check_matches_full_check_and_reuses_paragraphs() {
        let engine = example_engine();
        let draft = std::fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/draft.md"),
        )
        .unwrap();
        let options = DraftOptions {
            path: Some("draft.md".into()),
            lang: None,
            ..Default::default()
        };
        let full = engine.check(&draft, &options);
        let mut cache = ParagraphCache::default();
        let cached = engine.check_cached(&draft, &options, &mut cache);
        assert_eq!(cached.findings, full.findings);
        assert!(cache.last_misses > 3);
        let again = engine.check_cached(&draft, &options, &mut cache);
        assert_eq!(again.findings, full.findings);
        assert_eq!(cache.last_misses, 0);
        // A one-word edit in one paragraph recomputes that paragraph only.
        let edited = draft.replacen("äußerte sich besorgt", "äußerte sich beunruhigt", 1);
        let after = engine.check_cached(&edited, &options, &mut cache);
        assert_eq!(cache.last_misses, 1);
        assert_eq!(after.findings, engine.check(&edited, &options).findings);
    }

    #[test]
    fn names_of_the_cached_check_are_those_a_full_reading_finds() {
        let engine = example_engine();
        let draft = std::fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/draft.md"),
        )
        .unwrap();
        let options = DraftOptions::default();
        let report = engine.check_cached(&draft, &options, &mut ParagraphCache::default());
        let (extraction, _) = engine.read(&draft, &options);
        let mut compared = 0;
        for offset in (0..draft.len()).filter(|&i| draft.is_char_boundary(i)) {
            let full = engine.name_at(&extraction, offset);
            let cached =
                name_in(&report.names, offset).map(|s| (s.name.clone(), s.kind, s.range.clone()));
            assert_eq!(cached, full, "at byte {offset}");
            compared += usize::from(full.is_some());
            let para = engine.name_in_paragraph(&draft, &options, offset);
            if let Some((_, spot)) = para {
                assert!(spot.range.start <= offset && offset <= spot.range.end);
            }
        }
        assert!(compared > 20, "only {compared} offsets on a name");
    }

    #[test]
    fn paragraphs_split_on_blank_lines() {
        let t = "a\nb\n\n  \nc\n";
        let p = paragraphs(t);
        assert_eq!(
            p.iter().map(|r| &t[r.clone()]).collect::<Vec<_>>(),
            vec!["a\nb\n", "c\n"]
        );
    }
}
