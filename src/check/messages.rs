//! Finding messages in the draft's language (German or English). They say
//! that the draft conflicts with the archive and quote what the archive says;
//! they never call the draft false.

use super::Evidence;
use crate::text::Lang;

fn quote(lang: Lang, s: &str) -> String {
    match lang {
        Lang::De => format!("„{s}“"),
        Lang::En => format!("“{s}”"),
    }
}

fn uncertain_note(lang: Lang) -> &'static str {
    match lang {
        Lang::De => " Das Archiv ist sich selbst nicht einig.",
        Lang::En => " The archive does not agree with itself.",
    }
}

/// Adds the note for an archive that disagrees with itself.
fn with_uncertainty(mut message: String, lang: Lang, consistent: bool) -> String {
    if !consistent {
        message.push_str(uncertain_note(lang));
    }
    message
}

/// `figure-mismatch` message.
pub fn figure_message(
    lang: Lang,
    draft: &str,
    corpus: &str,
    evidence: &Evidence,
    consistent: bool,
) -> String {
    let (draft, corpus, source) = (
        quote(lang, draft),
        quote(lang, corpus),
        evidence.source_label(),
    );
    let message = match lang {
        Lang::De => {
            format!("Die Zahl {draft} widerspricht dem Archiv: Dort steht {corpus} ({source}).")
        }
        Lang::En => format!(
            "The figure {draft} conflicts with the archive, which says {corpus} ({source})."
        ),
    };
    with_uncertainty(message, lang, consistent)
}

/// `date-mismatch` message.
/// A date as written, quoted, with its resolved date beside it when it is
/// relative: „gestern“ (5. November 2024).
fn quote_date(lang: Lang, (text, resolved): (&str, Option<&str>)) -> String {
    match resolved {
        Some(full) => format!("{} ({full})", quote(lang, text)),
        None => quote(lang, text),
    }
}

/// `date-mismatch` message: each date as written and, for relative ones,
/// resolved.
pub fn date_message(
    lang: Lang,
    draft: (&str, Option<&str>),
    corpus: (&str, Option<&str>),
    evidence: &Evidence,
    consistent: bool,
) -> String {
    let (draft, corpus, source) = (
        quote_date(lang, draft),
        quote_date(lang, corpus),
        evidence.source_label(),
    );
    let message = match lang {
        Lang::De => {
            format!("Das Datum {draft} widerspricht dem Archiv: Dort steht für dasselbe Ereignis {corpus} ({source}).")
        }
        Lang::En => {
            format!("The date {draft} conflicts with the archive, which dates the same event {corpus} ({source}).")
        }
    };
    with_uncertainty(message, lang, consistent)
}

/// `role-mismatch` message. `own_title` is the role the archive gives the person, if any.
pub fn role_message(
    lang: Lang,
    title: &str,
    person: &str,
    holder: &str,
    own_title: Option<&str>,
    evidence: &Evidence,
) -> String {
    let (title, source) = (quote(lang, title), evidence.source_label());
    match (lang, own_title.map(|own| quote(lang, own))) {
        (Lang::De, Some(own)) => format!(
            "{person} als {title} widerspricht dem Archiv: Dort hat {holder} diese Rolle ({source}), und {person} ist {own}."
        ),
        (Lang::De, None) => {
            format!("Das Archiv nennt {person} nicht als {title}; dort hat {holder} diese Rolle ({source}).")
        }
        (Lang::En, Some(own)) => format!(
            "{person} as {title} conflicts with the archive, which gives this role to {holder} ({source}) and names {person} as {own}."
        ),
        (Lang::En, None) => {
            format!("The archive does not name {person} as {title}; it gives this role to {holder} ({source}).")
        }
    }
}

/// `name-mismatch` message.
pub fn name_message(
    lang: Lang,
    name: &str,
    known: &str,
    variant: bool,
    evidence: &Evidence,
) -> String {
    let (name, known, source) = (
        quote(lang, name),
        quote(lang, known),
        evidence.source_label(),
    );
    match (lang, variant) {
        (Lang::De, false) => {
            format!("{name} kommt im Archiv nicht vor; das Archiv kennt {known} ({source}).")
        }
        (Lang::De, true) => format!("Das Archiv schreibt den Namen {name} als {known} ({source})."),
        (Lang::En, false) => {
            format!("{name} is not in the archive; the archive knows {known} ({source}).")
        }
        (Lang::En, true) => format!("The archive spells the name {name} as {known} ({source})."),
    }
}

/// `name-mismatch` message for a spelling the archive uses rarely beside a
/// near spelling it uses often (`Charles Clark` once, `Charles Clarke` forty
/// times).
pub fn rare_name_message(
    lang: Lang,
    name: &str,
    known: &str,
    counts: (usize, usize),
    evidence: &Evidence,
) -> String {
    let (name, known, source) = (
        quote(lang, name),
        quote(lang, known),
        evidence.source_label(),
    );
    let (rare, common) = counts;
    match lang {
        Lang::De => format!(
            "Das Archiv schreibt {name} nur in {rare} Artikel(n), aber {known} in {common} ({source})."
        ),
        Lang::En => format!(
            "The archive writes {name} in only {rare} article(s) but {known} in {common} ({source})."
        ),
    }
}
