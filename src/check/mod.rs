//! Checking a draft against the corpus: each rule ([`figures`], [`dates`],
//! [`roles`], [`outdated_role`], [`names`]) compares the draft's claims with corpus claims about
//! the same thing and reports a [`Finding`] with its evidence where the
//! archive disagrees. A finding says "conflicts with the archive", never
//! "false". [`weekday`] needs no archive: it checks the draft's own dates.

pub mod dates;
pub mod figures;
pub mod internal;
pub mod messages;
pub mod names;
pub mod names_swap;
pub mod outdated_role;
pub mod pool;
pub mod roles;
pub mod weekday;

use std::collections::HashSet;
use std::ops::Range;
use std::path::PathBuf;

use serde::Serialize;

use crate::claims::{overlap, Claim, DraftFrame, FrameMatch, Overlap};
use crate::corpus::features::{cosine, subject_lookups, TermVector};
use crate::corpus::index::CorpusClaim;
use crate::corpus::index::CorpusView;
use crate::corpus::ArticleId;
use crate::extract::Extraction;
use crate::text::Lang;

/// The kinds of finding, with stable codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingCode {
    FigureMismatch,
    DateMismatch,
    RoleMismatch,
    NameMismatch,
    OutdatedRole,
    WeekdayMismatch,
    InternalMismatch,
}

impl FindingCode {
    pub const ALL: [FindingCode; 7] = [
        FindingCode::FigureMismatch,
        FindingCode::DateMismatch,
        FindingCode::RoleMismatch,
        FindingCode::NameMismatch,
        FindingCode::OutdatedRole,
        FindingCode::WeekdayMismatch,
        FindingCode::InternalMismatch,
    ];

    /// The stable code (`figure-mismatch`).
    pub fn as_str(self) -> &'static str {
        match self {
            FindingCode::FigureMismatch => "figure-mismatch",
            FindingCode::DateMismatch => "date-mismatch",
            FindingCode::RoleMismatch => "role-mismatch",
            FindingCode::NameMismatch => "name-mismatch",
            FindingCode::OutdatedRole => "outdated-role",
            FindingCode::WeekdayMismatch => "weekday-mismatch",
            FindingCode::InternalMismatch => "internal-mismatch",
        }
    }

    /// One sentence on what the code means.
    pub fn description(self) -> &'static str {
        match self {
            FindingCode::FigureMismatch => "A figure whose interval does not overlap the archive's figure for the same quantity and subject.",
            FindingCode::DateMismatch => "A date that differs from the archive's date for the same event.",
            FindingCode::RoleMismatch => "A person given a role that the archive gives someone else.",
            FindingCode::NameMismatch => "A name that is not in the archive but is a near miss of one that is.",
            FindingCode::OutdatedRole => "A person named as the holder of a role that, by the draft's date, the archive shows a newer holder of.",
            FindingCode::WeekdayMismatch => "A weekday beside a full date that falls on another day.",
            FindingCode::InternalMismatch => "Two different values for the same fact in different paragraphs of the draft.",
        }
    }
}

/// How sure the checker is.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s.to_lowercase().as_str() {
            "info" | "information" | "hint" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// A corpus sentence that a finding rests on.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evidence {
    /// The corpus file as it was loaded (for locations and URIs).
    pub path: PathBuf,
    /// The corpus file as shown in messages: relative to the workspace or
    /// the `.factcheck.toml` naming the corpus when inside it.
    pub display_path: PathBuf,
    /// 1-based line in the corpus file.
    pub line: usize,
    /// The corpus sentence.
    pub excerpt: String,
    /// The article's date (ISO 8601), if known.
    pub date: Option<String>,
    #[serde(skip)]
    pub article: ArticleId,
    /// Byte range of the sentence in the corpus file.
    #[serde(skip)]
    pub range: Range<usize>,
}

impl Evidence {
    /// Evidence for sentence `sentence` of `article`.
    pub fn new(view: &CorpusView<'_>, article: ArticleId, sentence: usize) -> Evidence {
        let meta = view.archive.article(article);
        let found = view.archive.sentence(article, sentence);
        let (range, line, excerpt) = match found {
            Some(s) => (s.range, s.line, s.text),
            None => (
                0..0,
                meta.as_ref().and_then(|m| m.jsonl_line).unwrap_or(1),
                String::new(),
            ),
        };
        Evidence {
            path: meta.as_ref().map(|m| m.path.clone()).unwrap_or_default(),
            display_path: meta
                .as_ref()
                .map(|m| view.shown_path(&m.path))
                .unwrap_or_default(),
            line,
            excerpt,
            date: meta.as_ref().and_then(|m| m.date).map(|d| d.to_string()),
            article,
            range,
        }
    }

    /// `path:line` with the date if known.
    pub fn source_label(&self) -> String {
        match &self.date {
            Some(d) => format!("{}:{}, {}", self.display_path.display(), self.line, d),
            None => format!("{}:{}", self.display_path.display(), self.line),
        }
    }
}

/// A suggested replacement: `text` for `range` of the draft.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Fix {
    pub range: Range<usize>,
    pub text: String,
}

/// One place where the draft conflicts with the archive.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    pub code: FindingCode,
    pub severity: Severity,
    /// Byte range in the draft.
    pub range: Range<usize>,
    pub message: String,
    pub evidence: Vec<Evidence>,
    pub fix: Option<Fix>,
    /// How alike the draft's sentence and the best evidence are (0–1, for
    /// figures and dates): why the checker thinks they are about one thing.
    pub similarity: Option<f64>,
}

/// What every rule needs.
pub struct CheckContext<'a> {
    pub view: CorpusView<'a>,
    pub source: &'a str,
    pub extraction: &'a Extraction,
    pub claims: &'a [Claim],
    pub lang: Lang,
    /// Names the newsroom accepts as they are (`accept` in `.factcheck.toml`).
    pub accepted: &'a HashSet<String>,
}

/// How a corpus claim's subject compares with a draft claim's.
#[derive(Clone, Copy, Debug, Default)]
pub struct SubjectMatch {
    pub overlap: Overlap,
    /// IDF-weighted cosine similarity of the two subjects.
    pub similarity: f64,
    /// Terms the subjects share (entities, words, compound heads).
    pub shared_terms: usize,
    /// How much of the corpus claim's frame the draft covers.
    pub frame: FrameMatch,
}

/// Similarity of sentences told in nearly the same words: they are about
/// the same thing even where no word stands right next to both values
/// (`aged 91 on 2 May`: the age stands where a word next to the date would).
pub const NEAR_IDENTICAL: f64 = 0.75;

/// Similarity a candidate needs when it shares an entity with the draft.
pub const MIN_SIMILARITY: f64 = 0.3;
/// Similarity a candidate needs when it shares no entity.
pub const MIN_SIMILARITY_WITHOUT_ENTITY: f64 = 0.5;

/// Corroboration: a fact that several archive articles state alike, each
/// sentence naming one of the draft sentence's names (person, place,
/// organisation) with a word next to the value that the draft has next to
/// its own, is the draft's fact at a lower sentence similarity than one
/// sentence needs: the archive repeating itself is stronger evidence than
/// one sentence, and told in other words by each article.
pub const CORROBORATING_ARTICLES: usize = 2;
/// Similarity each corroborating sentence needs.
pub const CORROBORATED_SIMILARITY: f64 = 0.25;

impl SubjectMatch {
    /// May this corpus claim corroborate a fact together with claims of
    /// other articles (see [`CORROBORATING_ARTICLES`])?
    pub fn corroborates(&self) -> bool {
        self.overlap.entities >= 1
            && self.overlap.near >= 1
            && self.similarity >= CORROBORATED_SIMILARITY
    }

    /// Is the corpus claim about the same thing as the draft claim? The
    /// words next to the values must meet (or be synonyms, or the sentences
    /// be nearly identical: [`NEAR_IDENTICAL`]), and the
    /// sentences must be alike (weighted by how rare their shared terms
    /// are; without a shared entity very alike). Covering the corpus
    /// claim's frame is not enough by itself: measured on leave-one-out
    /// noise it matched too many unrelated reports of the same kind.
    pub fn same_subject(&self) -> bool {
        (self.overlap.near >= 1 || self.frame.near || self.similarity >= NEAR_IDENTICAL)
            && self.alike()
    }

    /// Are the two sentences alike as wholes (IDF-weighted cosine, with a
    /// stricter bar without a shared entity)?
    pub fn alike(&self) -> bool {
        let o = &self.overlap;
        self.shared_terms >= 3
            && if o.entities >= 1 {
                self.similarity >= MIN_SIMILARITY
            } else {
                self.similarity >= MIN_SIMILARITY_WITHOUT_ENTITY
            }
    }

    /// Are the sentences about the same matter, whatever the words next to
    /// the values? A draft value that agrees with a related corpus value is
    /// not flagged: agreement is looked for more widely than conflict.
    pub fn related(&self) -> bool {
        self.alike() || self.frame.matches()
    }
}

/// A draft claim prepared for comparison: its weighted terms and its frame.
pub struct DraftClaim<'a> {
    pub claim: &'a Claim,
    pub terms: TermVector,
    pub frame: DraftFrame,
}

/// Compares a draft claim and a corpus claim. `key` is the weight of the
/// counted noun both share (0 when they were not found through one).
pub fn compare(
    ctx: &CheckContext<'_>,
    draft: &DraftClaim<'_>,
    corpus: &CorpusClaim,
    key: f64,
) -> SubjectMatch {
    SubjectMatch {
        frame: frame_match(ctx, draft, corpus, key),
        ..compare_sentences(draft, corpus)
    }
}

/// The cheap part of [`compare`]: sentence similarity and the overlap of
/// the words next to the values, with an empty frame match. Checks that run
/// over large pools fill in the frame (see [`frame_match`]) only for the
/// candidates whose outcome depends on it.
pub fn compare_sentences(draft: &DraftClaim<'_>, corpus: &CorpusClaim) -> SubjectMatch {
    let (similarity, shared_terms) = cosine(&draft.terms, &corpus.terms);
    SubjectMatch {
        overlap: overlap(&draft.claim.subject, &corpus.claim.subject),
        similarity,
        shared_terms,
        frame: FrameMatch::default(),
    }
}

/// How much of the corpus claim's frame the draft claim covers (the costly
/// part of [`compare`]).
pub fn frame_match(
    ctx: &CheckContext<'_>,
    draft: &DraftClaim<'_>,
    corpus: &CorpusClaim,
    key: f64,
) -> FrameMatch {
    let stats = ctx.view.archive.terms();
    stats.prefetch_subject(&corpus.claim.subject);
    draft
        .frame
        .compare(&corpus.claim.subject, key, |t| stats.idf_of(t))
}

/// A draft claim's subject as weighted terms of the corpus, and its frame.
pub fn draft_claim<'a>(ctx: &CheckContext<'_>, claim: &'a Claim) -> DraftClaim<'a> {
    let stats = ctx.view.archive.terms();
    DraftClaim {
        claim,
        terms: stats.vector(&stats.subject_terms(&claim.subject, ctx.lang)),
        frame: DraftFrame::new(&claim.subject, ctx.lang),
    }
}

/// Runs every rule over a draft and drops findings silenced by control comments.
pub fn check(ctx: &CheckContext<'_>) -> Vec<Finding> {
    // Every term the draft's claims are weighed by, in one go.
    let lookups: Vec<String> = ctx
        .claims
        .iter()
        .flat_map(|c| subject_lookups(&c.subject, ctx.lang == Lang::De))
        .collect();
    ctx.view.archive.terms().prefetch(&lookups);
    let mut findings = Vec::new();
    let name_findings = names::check(ctx);
    let flagged_names: Vec<Range<usize>> = name_findings.iter().map(|f| f.range.clone()).collect();
    findings.extend(name_findings);
    findings.extend(roles::check(ctx, &flagged_names));
    findings.extend(outdated_role::check(ctx));
    findings.extend(weekday::check(ctx));
    findings.extend(figures::check(ctx));
    findings.extend(dates::check(ctx));
    let suppressed = &ctx.extraction.masked.suppressed;
    findings.retain(|f| !suppressed.iter().any(|r| r.contains(&f.range.start)));
    findings.sort_by(|a, b| a.range.start.cmp(&b.range.start).then(a.code.cmp(&b.code)));
    findings
}
