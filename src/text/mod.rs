//! Text handling: the language of a document, Markdown masking, sentence
//! segmentation, word tokens and stems, and byte-offset ↔ line/column maps.

pub mod lang;
pub mod lines;
pub mod markdown;
pub mod printable;
pub mod sentences;
pub mod words;

use serde::{Deserialize, Serialize};

pub use lines::{LineIndex, Position};
pub use markdown::{mask, MaskedText};
pub use printable::printable;
pub use sentences::split_sentences;
pub use words::{stem, tokens, Token};

/// The language a document is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    De,
    En,
}

impl Lang {
    /// Parses `de`, `deu`, `german`, `en`, `eng`, `english` (any case).
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_lowercase().as_str() {
            "de" | "deu" | "ger" | "german" | "deutsch" | "de-de" | "de-at" | "de-ch" => {
                Some(Lang::De)
            }
            "en" | "eng" | "english" | "englisch" | "en-gb" | "en-us" => Some(Lang::En),
            _ => None,
        }
    }

    /// `de` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::En => "en",
        }
    }
}
