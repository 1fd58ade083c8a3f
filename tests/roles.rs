//! `role-mismatch` through the command line: a bare title is scoped by the
//! person's own country, an unscoped English title is no rival of another
//! country's explicitly scoped minister, an undated archive that always gives
//! the person another role and this role to someone else is a warning, and an
//! explicitly scoped title (`Frankreichs Präsident`) is checked against that
//! country's holder. The corpus and drafts are invented for these tests.

mod cli_support;

use serde_json::Value;

/// The role findings of `draft` against `articles`: (line, severity, message, fix).
fn role_findings(articles: &[(&str, &str)], draft: &str) -> Vec<(u64, String, String, String)> {
    cli_support::findings_against(articles, draft, &["--no-index"])
        .iter()
        .filter(|f| f["code"] == "role-mismatch")
        .map(|f: &Value| {
            (
                f["range"]["start"]["line"].as_u64().unwrap(),
                f["severity"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
                f["fix"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

const ARCHIVE_EN: &[(&str, &str)] = &[
    ("a1.txt", "Prime Minister Harold Wrenfield opened the new bridge over the river on Monday.\n"),
    ("a2.txt", "Chancellor Oswin Pratt told bankers that the budget would be balanced next year.\n"),
    ("a3.txt", "The union leaders met Prime Minister Harold Wrenfield at his office for two hours.\n"),
    ("a4.txt", "Interest rates stayed low, said Chancellor Oswin Pratt in a speech to exporters.\n"),
    ("a5.txt", "Japan's Foreign Minister Kenji Moriyama visited Seoul to talk about fishing rights.\n"),
    ("a6.txt", "Labour leader Harold Wrenfield and Conservative leader Edwina Marsh debated taxes.\n"),
    ("a7.txt", "Prime Minister Harold Wrenfield said the health service would get more nurses.\n"),
    (
        "a8.txt",
        "Twenty years ago Prime Minister Colin Dray signed the treaty in Lisbon, and Chancellor Martin Fell paid for it.\n",
    ),
    ("a9.txt", "Chancellor Oswin Pratt will present the budget in March, officials said.\n"),
];

#[test]
fn undated_archive_that_always_gives_the_role_to_another_is_a_warning() {
    let found = role_findings(
        ARCHIVE_EN,
        "Prime Minister Oswin Pratt spoke in parliament on Tuesday.\n",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    let (line, severity, message, _) = &found[0];
    assert_eq!(*line, 1);
    assert_eq!(severity, "warning", "{message}");
    assert!(message.contains("Harold Wrenfield"), "{message}");
}

#[test]
fn true_role_is_not_flagged() {
    let found = role_findings(
        ARCHIVE_EN,
        "Chancellor Oswin Pratt spoke in parliament on Tuesday.\n",
    );
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn bare_english_title_is_not_answered_by_another_countrys_minister() {
    let found = role_findings(
        ARCHIVE_EN,
        "Foreign Secretary Edwina Marsh flew to Paris on Wednesday.\n",
    );
    assert!(
        found
            .iter()
            .all(|(_, _, message, _)| !message.contains("Moriyama")),
        "{found:?}"
    );
}

const ARCHIVE_DE: &[(&str, &str)] = &[
    ("a1.txt", "Kulturminister Anton Berghold (SPÖ) eröffnete am Montag die neue Ausstellung im Museum.\n"),
    ("a2.txt", "Außenminister Lukas Tannberg (ÖVP) reiste nach Rom, um dort über Grenzkontrollen zu reden.\n"),
    ("a3.txt", "Die Bühnen bekommen mehr Geld, versprach Kulturminister Anton Berghold den Theatern.\n"),
    ("a4.txt", "In Brüssel traf Außenminister Lukas Tannberg seine Amtskollegen aus dem Süden.\n"),
    ("a5.txt", "NATO-Generalsekretär Pieter van Lunden warnte vor neuen Drohungen im Osten.\n"),
    ("a6.txt", "Frankreichs Präsident Emil Dufresne empfing NATO-Generalsekretär Pieter van Lunden in Paris.\n"),
    ("b1.txt", "Deutschlands Innenminister Karl Obermann (CDU) besuchte die Grenze bei Passau.\n"),
    ("b2.txt", "Innenministerin Petra Leitner (ÖVP) will mehr Polizisten an die Grenze schicken.\n"),
    ("b3.txt", "Innenministerin Petra Leitner (ÖVP) sprach mit den Landeshauptleuten über Quartiere.\n"),
];

#[test]
fn bare_title_of_a_home_politician_in_another_role_is_a_warning_with_fix() {
    let found = role_findings(
        ARCHIVE_DE,
        "Kulturminister Lukas Tannberg sprach am Dienstag in Wien.\n",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    let (_, severity, message, fix) = &found[0];
    assert_eq!(severity, "warning", "{message}");
    assert_eq!(fix, "Anton Berghold");
}

#[test]
fn bare_title_is_scoped_by_the_persons_own_country() {
    // The German interior minister is no rival of the Austrian one …
    let found = role_findings(
        ARCHIVE_DE,
        "Innenminister Karl Obermann sprach am Dienstag in Berlin.\n",
    );
    assert!(found.is_empty(), "{found:?}");
    // … but an Austrian politician given the Austrian office is checked.
    let found = role_findings(
        ARCHIVE_DE,
        "Innenministerin Anton Berghold sprach am Dienstag in Linz.\n",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1, "warning", "{found:?}");
    assert!(found[0].2.contains("Petra Leitner"), "{found:?}");
}

#[test]
fn scoped_title_is_checked_against_that_countrys_holder() {
    let found = role_findings(
        ARCHIVE_DE,
        "Frankreichs Präsident Pieter van Lunden reiste am Mittwoch nach Brüssel.\n",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    let (_, severity, message, fix) = &found[0];
    assert_eq!(severity, "warning", "{message}");
    assert_eq!(fix, "Emil Dufresne");
}

/// An Austrian archive (its party offices place it) in which
/// France's presidency and a mayor's office have each changed hands.
const ARCHIVE_TURNOVER: &[(&str, &str)] = &[
    (
        "t0.txt",
        "SPÖ-Chef Anton Berghold eröffnete die Ausstellung im Museum.\n",
    ),
    (
        "t1.txt",
        "Frankreichs Präsident Emil Dufresne empfing den Gast aus Kanada in Paris.\n",
    ),
    (
        "t2.txt",
        "Frankreichs Präsident Paul Marchetti eröffnete die Messe in Lyon.\n",
    ),
    (
        "t3.txt",
        "Bürgermeister Franz Huemer (ÖVP) eröffnete das neue Freibad am Stadtrand.\n",
    ),
    (
        "t4.txt",
        "Bürgermeisterin Gerda Lindl (SPÖ) ließ den Hauptplatz neu pflastern.\n",
    ),
    (
        "t5.txt",
        "Österreichs Bundeskanzler Alois Brandl traf die Sozialpartner.\n",
    ),
    (
        "t6.txt",
        "Österreichs Bundeskanzler Rudolf Senft sprach vor dem Nationalrat.\n",
    ),
];

#[test]
fn an_office_of_a_country_the_archive_never_places_the_person_in_is_a_warning() {
    // The mayor is placed in Austria only: France's presidency is a
    // conflict although both offices changed hands.
    let found = role_findings(
        ARCHIVE_TURNOVER,
        "Frankreichs Präsident Franz Huemer reiste am Mittwoch nach Brüssel.\n",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1, "warning", "{found:?}");
    // The Austrian chancellery may have been his before or after: the
    // undated archive cannot tell, so it stays a note.
    let found = role_findings(
        ARCHIVE_TURNOVER,
        "Österreichs Bundeskanzler Franz Huemer reiste am Mittwoch nach Brüssel.\n",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1, "info", "{found:?}");
}

/// Sports coaches and city councillors: the same title in two countries is
/// two offices, and a title many hold at once still tells who a person is.
const ARCHIVE_COACHES: &[(&str, &str)] = &[
    (
        "c1.txt",
        "England coach Tom Vellacott named three new caps for the trip to Rome.\n",
    ),
    (
        "c2.txt",
        "Wales coach Rhodri Penhale praised his forwards after the win in Cardiff.\n",
    ),
    (
        "c3.txt",
        "England coach Tom Vellacott said the squad would train in Bath all week.\n",
    ),
    (
        "c4.txt",
        "Wiens Gesundheitsstadträtin Ilse Marbacher (SPÖ) stellte den Spitalsplan vor.\n",
    ),
    (
        "c5.txt",
        "Die Wahlbehörde untersteht Stadträtin Vera Oberhauser (SPÖ), hieß es im Rathaus.\n",
    ),
    (
        "c6.txt",
        "Stadträtin Greta Pichlmayr (ÖVP) forderte mehr Parkplätze am Stadtrand.\n",
    ),
];

#[test]
fn a_coach_of_another_country_is_a_warning_with_fix() {
    let found = role_findings(
        ARCHIVE_COACHES,
        "Tom Vellacott, the Wales coach, was unhappy with the referee.\n",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    let (_, severity, message, fix) = &found[0];
    assert_eq!(severity, "warning", "{message}");
    assert!(message.contains("England coach"), "{message}");
    assert_eq!(fix, "Rhodri Penhale");
    // The coach of his own country is not flagged.
    let found = role_findings(
        ARCHIVE_COACHES,
        "England coach Tom Vellacott was unhappy with the referee.\n",
    );
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn a_councillor_given_another_councillors_portfolio_is_a_warning() {
    let found = role_findings(
        ARCHIVE_COACHES,
        "Wiens Gesundheitsstadträtin Vera Oberhauser (SPÖ) kündigte neue Ambulanzen an.\n",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1, "warning", "{found:?}");
    assert_eq!(found[0].3, "Ilse Marbacher", "{found:?}");
}

#[test]
fn a_title_many_hold_at_once_names_no_rival() {
    // Two councillors of the archive: neither is the other's rival.
    let found = role_findings(
        ARCHIVE_COACHES,
        "Stadträtin Vera Oberhauser (SPÖ) besuchte die Baustelle.\n",
    );
    assert!(found.is_empty(), "{found:?}");
    let found = role_findings(
        ARCHIVE_COACHES,
        "Stadträtin Greta Pichlmayr (SPÖ) besuchte die Baustelle.\n",
    );
    assert!(found.is_empty(), "{found:?}");
}
