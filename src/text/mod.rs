//! Text handling: the language of a document, Markdown masking, sentence
//! segmentation, word tokens and stems, and byte-offset ↔ line/column maps.

use serde::{Deserialize, Serialize};

/// The language a document is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    De,
    En,
}
