//! factcheck: checks news drafts against a newsroom's archive of prior articles.
//!
//! The pipeline, one module per stage:
//! [`text`] (documents, Markdown masking, sentences, words) →
//! [`extract`] (figures, dates, names, roles) →
//! [`claims`] (values tied to their subjects) →
//! [`corpus`] (loading articles and the [`corpus::CorpusIndex`]) →
//! [`check`] (findings where a draft conflicts with the archive).
//! [`engine`] ties the stages together; the CLI ([`cli`]) and the language
//! server ([`lsp`]) are thin front ends over it.

pub mod check;
pub mod claims;
pub mod cli;
pub mod config;
pub mod corpus;
pub mod engine;
pub mod extract;
pub mod lexicon;
pub mod lsp;
pub mod pg;
pub mod text;
