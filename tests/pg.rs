//! The PostgreSQL archive: schema and migrations, the two database roles, and
//! loading corpus files into `factcheck.articles` incrementally. Skipped
//! (with a message) when `FACTCHECK_TEST_PG` is not set.

mod pg_support;

use std::path::Path;
use std::time::Duration;

use factcheck::pg::ingest::{load_files, row_hash};
use factcheck::pg::listen::{listen, ListenEvent};
use factcheck::pg::{migrate, Database};
use pg_support::{admin_url, fresh_database, query_texts, sql};

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::create_dir_all(dir.join(name).parent().unwrap()).unwrap();
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn migrations_apply_once_and_readers_verify_the_version() {
    let Some(admin) = admin_url("migrations") else {
        return;
    };
    let url = fresh_database(&admin, "migrate");
    let db = Database::open(&url).unwrap();
    let err = db.verify().unwrap_err();
    assert!(err.contains("factcheck index"), "{err}");
    let every: Vec<i32> = (1..=migrate::current_version()).collect();
    assert_eq!(db.migrate().unwrap(), every);
    assert_eq!(
        db.migrate().unwrap(),
        Vec::<i32>::new(),
        "second run applies nothing"
    );
    db.verify().unwrap();
    // A database migrated by a newer factcheck is refused, not misread.
    sql(
        &url,
        "INSERT INTO factcheck.schema_version (version, name) VALUES (999, 'future')",
    );
    let err = db.verify().unwrap_err();
    assert!(err.contains("newer"), "{err}");
    let err = db.migrate().unwrap_err();
    assert!(err.contains("newer"), "{err}");
    assert!(migrate::current_version() >= 1);
}

#[test]
fn files_load_incrementally_and_leave_cms_rows_alone() {
    let Some(admin) = admin_url("ingest") else {
        return;
    };
    let url = fresh_database(&admin, "ingest");
    let db = Database::open(&url).unwrap();
    db.migrate().unwrap();
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path().join("archiv");
    write(
        &root,
        "a.md",
        "---\ntitle: Hafen\ndate: 2024-03-05\n---\nDer Hafen von Kiel bekam 40 neue Kräne.\n",
    );
    write(
        &root,
        "b.md",
        "Im Stadtrat von Graz sitzen 48 Mitglieder.\n",
    );
    write(
        &root,
        "sub/c.txt",
        "The ferry to Skye carried 312 passengers.\n",
    );
    write(
        &root,
        "feed.jsonl",
        "{\"title\": \"Brücke\", \"date\": \"2023-09-01\", \"text\": \"Die Brücke in Linz ist 320 Meter lang.\"}\n",
    );
    let roots = [root.clone()];
    let (first, errors) = load_files(&db, &roots).unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!((first.read, first.written, first.deleted), (4, 4, 0));
    let ids = query_texts(&url, "SELECT id FROM factcheck.articles ORDER BY id");
    assert_eq!(
        ids,
        [
            "archiv/a.md",
            "archiv/b.md",
            "archiv/feed.jsonl:1",
            "archiv/sub/c.txt"
        ]
    );
    assert_eq!(
        query_texts(
            &url,
            "SELECT title || ' ' || date FROM factcheck.articles WHERE id = 'archiv/a.md'"
        ),
        ["Hafen 2024-03-05"]
    );
    // A row the CMS wrote itself.
    sql(
        &url,
        "INSERT INTO factcheck.articles (id, text) VALUES ('cms-1', 'Ein Artikel aus dem CMS.')",
    );
    // Nothing changed: nothing is written.
    let (again, _) = load_files(&db, &roots).unwrap();
    assert_eq!((again.read, again.written, again.deleted), (4, 0, 0));
    // One file changed, one removed, one added.
    write(
        &root,
        "b.md",
        "Im Stadtrat von Graz sitzen 56 Mitglieder.\n",
    );
    std::fs::remove_file(root.join("sub/c.txt")).unwrap();
    write(&root, "d.md", "Der Zug nach Bregenz fährt stündlich.\n");
    let (third, _) = load_files(&db, &roots).unwrap();
    assert_eq!((third.read, third.written, third.deleted), (4, 2, 1));
    let ids = query_texts(&url, "SELECT id FROM factcheck.articles ORDER BY id");
    assert_eq!(
        ids,
        [
            "archiv/a.md",
            "archiv/b.md",
            "archiv/d.md",
            "archiv/feed.jsonl:1",
            "cms-1"
        ]
    );
    assert_eq!(
        query_texts(
            &url,
            "SELECT text FROM factcheck.articles WHERE id = 'archiv/b.md'"
        ),
        ["Im Stadtrat von Graz sitzen 56 Mitglieder.\n"]
    );
}

#[test]
fn the_servers_row_hash_is_the_loaders() {
    let Some(admin) = admin_url("row_hash") else {
        return;
    };
    let url = fresh_database(&admin, "rowhash");
    let db = Database::open(&url).unwrap();
    db.migrate().unwrap();
    sql(
        &url,
        "INSERT INTO factcheck.articles VALUES
           ('x', 'Titel', '2024-11-04', 'de', NULL, 'Text mit Umlauten: äöü ß'),
           ('y', NULL, NULL, NULL, '', 'plain')",
    );
    let server = query_texts(
        &url,
        "SELECT encode(factcheck.row_hash(title, date, lang, url, text), 'hex') FROM factcheck.articles ORDER BY id",
    );
    let hex = |b: Vec<u8>| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
    let ours = [
        hex(row_hash(
            Some("Titel"),
            Some(jiff::civil::date(2024, 11, 4)),
            Some("de"),
            None,
            "Text mit Umlauten: äöü ß",
        )),
        hex(row_hash(None, None, None, Some(""), "plain")),
    ];
    assert_eq!(server, ours);
}

#[test]
fn a_change_to_articles_notifies_listeners() {
    let Some(admin) = admin_url("notify") else {
        return;
    };
    let url = fresh_database(&admin, "notify");
    let db = Database::open(&url).unwrap();
    db.migrate().unwrap();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    db.runtime().spawn(listen(db.target.clone(), tx));
    let next = |rx: &mut tokio::sync::mpsc::UnboundedReceiver<ListenEvent>| {
        db.runtime()
            .block_on(async { tokio::time::timeout(Duration::from_secs(10), rx.recv()).await })
            .expect("an event within 10 s")
    };
    assert_eq!(next(&mut rx), Some(ListenEvent::Connected));
    sql(
        &url,
        "INSERT INTO factcheck.articles (id, text) VALUES ('n1', 'Neu.')",
    );
    let changed = |payload: &str| ListenEvent::Changed {
        channel: "factcheck_articles".into(),
        payload: payload.into(),
    };
    assert_eq!(next(&mut rx), Some(changed("INSERT")));
    sql(&url, "DELETE FROM factcheck.articles");
    assert_eq!(next(&mut rx), Some(changed("DELETE")));
}

#[test]
fn readers_may_read_but_not_write() {
    let Some(admin) = admin_url("roles") else {
        return;
    };
    let url = fresh_database(&admin, "roles");
    let db = Database::open(&url).unwrap();
    db.migrate().unwrap();
    sql(
        &url,
        "INSERT INTO factcheck.articles (id, text) VALUES ('r1', 'Ein Text.')",
    );
    let reader = format!("fc_editor_{}", std::process::id());
    let indexer = format!("fc_indexer_{}", std::process::id());
    sql(
        &admin,
        &format!(
            "DROP ROLE IF EXISTS {reader}; DROP ROLE IF EXISTS {indexer};
             CREATE ROLE {reader} LOGIN IN ROLE factcheck_reader;
             CREATE ROLE {indexer} LOGIN IN ROLE factcheck_indexer;"
        ),
    );
    let as_user = |user: &str| url.replacen("postgres@", &format!("{user}@"), 1);
    let editor = Database::open(&as_user(&reader)).unwrap();
    editor.verify().unwrap();
    assert_eq!(
        query_texts(&as_user(&reader), "SELECT count(*) FROM factcheck.articles"),
        ["1"]
    );
    let denied = editor.run(|client| async move {
        client
            .batch_execute("INSERT INTO factcheck.articles (id, text) VALUES ('r2', 'Nein.')")
            .await
            .map_err(|e| factcheck::pg::describe_error(&e))
    });
    assert!(denied.unwrap_err().contains("permission denied"));
    sql(
        &as_user(&indexer),
        "INSERT INTO factcheck.articles (id, text) VALUES ('r3', 'Ja.')",
    );
    drop(editor);
    sql(
        &admin,
        &format!("DROP OWNED BY {reader}, {indexer}; DROP ROLE {reader}; DROP ROLE {indexer};"),
    );
}
