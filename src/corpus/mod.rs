//! The reference corpus: reading article files ([`article`]), finding them on
//! disk ([`loader`]), the [`Archive`] seam every check asks through
//! ([`archive`]), the in-memory [`CorpusIndex`] of their claims and names
//! ([`index`]), and who held which role when ([`timeline`]).

pub mod archive;
pub mod article;
pub mod disk;
pub mod features;
pub mod index;
pub mod loader;
pub mod timeline;
pub mod walk;

pub use archive::{Archive, ArticleId, ArticleMeta, ClaimId, SentenceText};
pub use article::{Article, LoadError};
pub use index::{CorpusIndex, IndexedArticle, MentionRef};
pub use loader::{load_corpus, Progress};
