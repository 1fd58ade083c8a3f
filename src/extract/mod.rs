//! Mention extraction: finds figures, dates, people, organisations, places and
//! roles in one piece of (masked) text. Every mention carries the byte range
//! it covers in the original document.

pub mod dates;
pub mod figures;
pub mod numbers;
