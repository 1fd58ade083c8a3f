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
pub fn date_message(
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
    match (lang, own_title) {
        (Lang::De, Some(own)) => format!(
            "{} als {} widerspricht dem Archiv: Dort hat {} diese Rolle ({}), und {} ist {}.",
            person,
            quote(lang, title),
            holder,
            evidence.source_label(),
            person,
            quote(lang, own)
        ),
        (Lang::De, None) => format!(
            "Das Archiv nennt {} nicht als {}; dort hat {} diese Rolle ({}).",
            person,
            quote(lang, title),
            holder,
            evidence.source_label()
        ),
        (Lang::En, Some(own)) => format!(
            "{} as {} conflicts with the archive, which gives this role to {} ({}) and names {} as {}.",
            person,
            quote(lang, title),
            holder,
            evidence.source_label(),
            person,
            quote(lang, own)
        ),
        (Lang::En, None) => format!(
            "The archive does not name {} as {}; it gives this role to {} ({}).",
            person,
            quote(lang, title),
            holder,
            evidence.source_label()
        ),
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
    match (lang, variant) {
        (Lang::De, false) => format!(
            "{} kommt im Archiv nicht vor; das Archiv kennt {} ({}).",
            quote(lang, name),
            quote(lang, known),
            evidence.source_label()
        ),
        (Lang::De, true) => format!(
            "Das Archiv schreibt den Namen {} als {} ({}).",
            quote(lang, name),
            quote(lang, known),
            evidence.source_label()
        ),
        (Lang::En, false) => format!(
            "{} is not in the archive; the archive knows {} ({}).",
            quote(lang, name),
            quote(lang, known),
            evidence.source_label()
        ),
        (Lang::En, true) => format!(
            "The archive spells the name {} as {} ({}).",
            quote(lang, name),
            quote(lang, known),
            evidence.source_label()
        ),
    }
}
