//! The reference corpus: reading article files ([`article`]), finding them on
//! disk ([`loader`]) and the [`CorpusIndex`] of their claims and names
//! ([`index`]), and who held which role when ([`timeline`]).

pub mod article;
pub mod features;
pub mod index;
pub mod loader;
pub mod timeline;
pub mod walk;

pub use article::{Article, LoadError};
pub use index::{ArticleId, CorpusIndex, IndexedArticle, MentionRef};
pub use loader::{load_corpus, Progress};
