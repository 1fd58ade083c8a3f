//! The engine: one corpus index and the operations every front end needs —
//! check a draft, list what the extractors read, and describe what the corpus
//! knows about a name. It knows nothing of LSP or terminals.

use std::collections::HashSet;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::check::{self, CheckContext, Evidence, Finding};
use crate::claims::{build_claims, Claim};
use crate::corpus::article::parse_text_article;
use crate::corpus::index::CorpusView;
use crate::corpus::{Archive, ArticleId, CorpusIndex, LoadError, Progress};
use crate::extract::{extract, Extraction, NameKind, ReadOptions};
use crate::text::Lang;

mod cache;
mod card;

pub use cache::{name_in, paragraphs, CachedReport, NameSpot, ParagraphCache};
pub use card::{EntityCard, RoleFact};

/// Today's date (UTC).
fn today() -> Option<jiff::civil::Date> {
    use jiff::ToSpan;
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    let days = i64::try_from(secs / 86_400).ok()?;
    jiff::civil::date(1970, 1, 1).checked_add(days.days()).ok()
}

/// Read settings of a draft: its front matter and file type.
pub(crate) struct DraftMetadata {
    pub lang: Option<Lang>,
    /// The date the draft gives or is given (front matter, `as_of`): what
    /// relative dates are resolved against.
    pub date: Option<jiff::civil::Date>,
    /// The date roles are checked at: `date`, else today against a dated
    /// archive.
    pub check_date: Option<jiff::civil::Date>,
    pub markdown: bool,
}

static GENERATION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// How to read a draft.
#[derive(Clone, Debug, Default)]
pub struct DraftOptions {
    /// Where the draft lives: decides Markdown vs text, and leaves the draft
    /// out of the corpus when it is itself a corpus file.
    pub path: Option<PathBuf>,
    /// Force a language instead of front matter or detection.
    pub lang: Option<Lang>,
    /// The draft's date when its front matter gives none (`--as-of`, the
    /// `asOf` setting); else today, when the archive has dated articles.
    pub as_of: Option<jiff::civil::Date>,
}

/// What the engine made of one draft.
#[derive(Debug)]
pub struct DraftReport {
    pub lang: Lang,
    pub extraction: Extraction,
    pub claims: Vec<Claim>,
    pub findings: Vec<Finding>,
    /// Front matter problems (the text was still checked).
    pub warnings: Vec<LoadError>,
}

/// Where an engine's archive lives.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Store {
    /// Read the corpus into memory (nothing persisted).
    #[default]
    Memory,
    /// The persisted index in this directory.
    Disk(PathBuf),
    /// The shared archive in PostgreSQL at this URL (`postgresql://…`),
    /// kept up to date by `factcheck index --index URL`, not by the reader.
    Postgres(String),
}

impl Store {
    /// The store an `--index` value or `index` key names: a PostgreSQL URL
    /// or a directory.
    pub fn named(index: &str) -> Store {
        if crate::pg::is_pg_url(index) {
            Store::Postgres(index.to_string())
        } else {
            Store::Disk(index.into())
        }
    }
}

/// A checker over one archive.
pub struct Engine {
    archive: Arc<dyn Archive>,
    store: Store,
    /// The same archive when it is held in memory: re-loading reuses what
    /// it read from unchanged articles.
    memory: Option<Arc<CorpusIndex>>,
    accepted: HashSet<String>,
    /// Distinguishes engines built from different corpus states (cache keys).
    generation: u64,
    /// The folder corpus paths are shown relative to (the workspace, or the
    /// folder of the `.factcheck.toml` naming the corpus); `None` shows
    /// them as given.
    display_root: Option<PathBuf>,
    /// Articles the persisted index extracted afresh when it was opened.
    changed: Option<usize>,
}

impl Engine {
    /// A checker over an in-memory index.
    pub fn new(index: CorpusIndex, accepted: HashSet<String>) -> Engine {
        let index = Arc::new(index);
        let mut engine = Engine::with_archive(index.clone(), accepted);
        engine.memory = Some(index);
        engine
    }

    /// A checker over any archive backend.
    pub fn with_archive(archive: Arc<dyn Archive>, accepted: HashSet<String>) -> Engine {
        let generation = GENERATION.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Engine {
            archive,
            store: Store::Memory,
            memory: None,
            accepted,
            generation,
            display_root: None,
            changed: None,
        }
    }

    /// Loads and indexes the corpus under `paths`.
    pub fn load(paths: &[PathBuf], accepted: HashSet<String>, progress: Progress<'_>) -> Engine {
        Engine::new(CorpusIndex::load(paths, progress), accepted)
    }

    /// Opens the corpus under `paths` from `store`: in memory, or through
    /// the persisted index (built or updated first when missing or stale;
    /// `say` gets a line for each such step).
    pub fn open(
        paths: &[PathBuf],
        store: &Store,
        accepted: HashSet<String>,
        progress: Progress<'_>,
        say: &dyn Fn(String),
    ) -> Result<Engine, String> {
        match store {
            Store::Memory => Ok(Engine::load(paths, accepted, progress)),
            Store::Disk(dir) => {
                let (archive, report) = crate::corpus::disk::open_fresh(dir, paths, progress, say)?;
                let mut engine = Engine::with_archive(Arc::new(archive), accepted);
                engine.store = store.clone();
                engine.changed = Some(report.extracted);
                Ok(engine)
            }
            Store::Postgres(url) => {
                let archive = crate::pg::archive::PgArchive::open(url)?;
                let mut engine = Engine::with_archive(Arc::new(archive), accepted);
                engine.store = store.clone();
                Ok(engine)
            }
        }
    }

    /// Rebuilds a persisted index from scratch (after
    /// [`Archive::failure`] showed a corrupt record) and opens it again.
    pub fn repair(&self, paths: &[PathBuf], progress: Progress<'_>) -> Result<Engine, String> {
        match &self.store {
            Store::Memory => Ok(Engine::load(paths, self.accepted.clone(), progress)),
            Store::Disk(dir) => {
                let archive = crate::corpus::disk::rebuild(dir, paths, progress)?;
                let mut engine = Engine::with_archive(Arc::new(archive), self.accepted.clone());
                engine.store = self.store.clone();
                engine.display_root = self.display_root.clone();
                Ok(engine)
            }
            // The database is the indexer's to repair: open it again (a
            // re-index or a lost connection are what fail there).
            Store::Postgres(_) => {
                Engine::open(paths, &self.store, self.accepted.clone(), progress, &|_| {})
            }
        }
    }

    /// Where this engine's archive lives.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Loads the corpus under `paths` again, re-reading only the articles
    /// that changed (the rest is reused from this engine's index, or from
    /// the persisted index).
    pub fn reload(
        &self,
        paths: &[PathBuf],
        accepted: HashSet<String>,
        progress: Progress<'_>,
        say: &dyn Fn(String),
    ) -> Result<Engine, String> {
        let mut engine = match (&self.memory, &self.store) {
            (Some(index), _) => Engine::new(index.reload(paths, progress), accepted),
            (None, store) => Engine::open(paths, store, accepted, progress, say)?,
        };
        engine.display_root = self.display_root.clone();
        Ok(engine)
    }

    /// Shows corpus paths in messages and cards relative to `root` (an
    /// absolute folder: the workspace, or where `.factcheck.toml` is).
    pub fn set_display_root(&mut self, root: Option<PathBuf>) {
        self.display_root = root;
        // Cached findings carry messages with paths in them.
        self.generation = GENERATION.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// How many articles the last (re-)load read afresh because they were
    /// new or changed.
    pub fn changed_articles(&self) -> Option<usize> {
        let Some(index) = self.memory.as_ref() else {
            return self.changed;
        };
        let total = index.articles.len();
        Some(total - index.reused.min(total))
    }

    /// The archive this engine checks against.
    pub fn archive(&self) -> &dyn Archive {
        &*self.archive
    }

    /// The archive, shared.
    pub fn archive_arc(&self) -> Arc<dyn Archive> {
        Arc::clone(&self.archive)
    }

    pub fn accepted(&self) -> &HashSet<String> {
        &self.accepted
    }

    /// Replaces the accepted names.
    pub fn set_accepted(&mut self, accepted: HashSet<String>) {
        self.accepted = accepted;
    }

    /// The corpus articles a draft at `path` must not be checked against.
    pub fn own_articles(&self, options: &DraftOptions) -> Vec<ArticleId> {
        options
            .path
            .as_deref()
            .map_or_else(Vec::new, |p| self.archive.articles_at(p))
    }

    /// The archive without the articles `own` (the draft's own).
    fn view<'a>(&'a self, own: &'a [ArticleId]) -> CorpusView<'a> {
        CorpusView::new(&*self.archive, own).shown_from(self.display_root.as_deref())
    }

    /// A draft's front matter (date, language) and whether it is Markdown.
    pub(crate) fn draft_metadata(
        &self,
        text: &str,
        options: &DraftOptions,
    ) -> (DraftMetadata, Vec<LoadError>) {
        let path = options
            .path
            .clone()
            .unwrap_or_else(|| PathBuf::from("<stdin>"));
        let markdown = !matches!(path.extension().and_then(|e| e.to_str()), Some("txt"));
        let mut warnings = Vec::new();
        // Only the front matter is parsed here; the text itself is read later.
        let front = &text[..crate::text::markdown::front_matter_end(text)];
        let (date, front_lang) = match parse_text_article(&path, front.to_string()) {
            Ok(a) => (a.date, a.lang),
            Err(e) => {
                warnings.push(e);
                (None, None)
            }
        };
        // Without a date of its own the draft is as of `as_of`. Role
        // timelines fall back to today — but only against a dated archive:
        // an undated one has no time line to place today on. Relative dates
        // are never resolved against a guessed today: `gestern` in an undated
        // draft would be compared with events of another era.
        let date = date.or(options.as_of);
        let check_date = date.or_else(|| self.archive.has_dated_articles().then(today).flatten());
        (
            DraftMetadata {
                lang: options.lang.or(front_lang),
                date,
                check_date,
                markdown,
            },
            warnings,
        )
    }

    /// Reads a draft: front matter (date, language), masking, extraction.
    pub fn read(&self, text: &str, options: &DraftOptions) -> (Extraction, Vec<LoadError>) {
        let (meta, warnings) = self.draft_metadata(text, options);
        let read = ReadOptions {
            lang: meta.lang,
            markdown: meta.markdown,
            date: meta.date,
        };
        let own = self.own_articles(options);
        self.archive.prefetch_draft(text);
        let mut extraction = extract(text, &read, &self.view(&own));
        extraction.date = meta.check_date;
        (extraction, warnings)
    }

    /// Checks a draft against the corpus (without the draft itself).
    pub fn check(&self, text: &str, options: &DraftOptions) -> DraftReport {
        let (extraction, warnings) = self.read(text, options);
        let own = self.own_articles(options);
        let (claims, mut findings) = self.check_extraction(text, &extraction, self.view(&own));
        // Checks across paragraphs of the draft itself.
        let draft = check::internal::Draft {
            path: options.path.as_deref(),
            source: text,
            masked: &extraction.masked.text,
            lang: extraction.lang,
            date: extraction.date,
        };
        let internal = check::internal::check(&draft, &claims);
        let internal = check::internal::not_settled_by_archive(internal, &findings);
        findings.extend(internal.into_iter().filter(|f| {
            !extraction
                .masked
                .suppressed
                .iter()
                .any(|r| r.contains(&f.range.start))
        }));
        findings.sort_by(|a, b| a.range.start.cmp(&b.range.start).then(a.code.cmp(&b.code)));
        DraftReport {
            lang: extraction.lang,
            claims,
            findings,
            extraction,
            warnings,
        }
    }

    /// The claims of an extracted text and the findings against `view`.
    pub(crate) fn check_extraction(
        &self,
        source: &str,
        extraction: &Extraction,
        view: CorpusView<'_>,
    ) -> (Vec<Claim>, Vec<Finding>) {
        let claims = build_claims(source, extraction);
        let ctx = CheckContext {
            view,
            source,
            extraction,
            claims: &claims,
            lang: extraction.lang,
            accepted: &self.accepted,
        };
        let findings = check::check(&ctx);
        (claims, findings)
    }

    /// The name mentioned at byte `offset` of a read draft, with its range.
    pub fn name_at(
        &self,
        extraction: &Extraction,
        offset: usize,
    ) -> Option<(String, NameKind, Range<usize>)> {
        let within = |r: &Range<usize>| r.start <= offset && offset <= r.end;
        if let Some(p) = extraction.persons.iter().find(|p| within(&p.mention.range)) {
            return Some((
                p.mention.name.clone(),
                NameKind::Person,
                p.mention.range.clone(),
            ));
        }
        if let Some(r) = extraction
            .roles
            .iter()
            .find(|r| within(&r.mention.title_range))
        {
            return Some((
                r.mention.person.clone(),
                NameKind::Person,
                r.mention.title_range.clone(),
            ));
        }
        extraction
            .entities
            .iter()
            .find(|e| within(&e.mention.range))
            .map(|e| {
                (
                    e.mention.name.clone(),
                    e.mention.kind,
                    e.mention.range.clone(),
                )
            })
    }

    /// What the corpus knows about `name` (leaving out the draft's own articles).
    pub fn describe(&self, name: &str, kind: NameKind, options: &DraftOptions) -> EntityCard {
        let own = self.own_articles(options);
        card::describe(&self.view(&own), name, kind)
    }

    /// Every corpus mention of `name`, newest dated article first.
    pub fn mentions(&self, name: &str, options: &DraftOptions) -> Vec<Evidence> {
        let own = self.own_articles(options);
        card::mentions(&self.view(&own), name, usize::MAX)
    }

    /// The corpus sentence that introduces `name`: its first full mention in
    /// the oldest dated article (or the first article when undated).
    pub fn introduction(&self, name: &str, options: &DraftOptions) -> Option<Evidence> {
        let own = self.own_articles(options);
        let view = self.view(&own);
        let mut full: Vec<_> = view.mentions(name).into_iter().filter(|m| m.full).collect();
        if full.is_empty() {
            full = view.mentions(name);
        }
        let date_of = |a| view.archive.article(a).and_then(|m| m.date);
        full.sort_by_cached_key(|m| {
            let date = date_of(m.article);
            (date.is_none(), date, m.article, m.offset)
        });
        full.first()
            .map(|m| Evidence::new(&view, m.article, m.sentence as usize))
    }

    /// Whether `path` is part of the corpus.
    pub fn is_corpus_file(&self, path: &Path) -> bool {
        !self.archive.articles_at(path).is_empty()
    }
}
