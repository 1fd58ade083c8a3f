//! The newsroom set-up through the product's own commands: a CMS inserts an
//! article by SQL, `factcheck index --index URL` derives it, and the next
//! `factcheck check` uses it; an unreachable database makes `check` exit 2
//! with one line; editors read from a streaming replica. Skipped (with a
//! message) without `FACTCHECK_TEST_PG`.

mod cli_support;

mod pg_support;

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use cli_support::{factcheck, stderr, stdout};
use pg_support::{admin_url, fresh_database, query_texts, sql, Cluster};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The example corpus without the article about North Korean soldiers (the
/// CMS will publish that one), and the draft that contradicts it.
fn newsroom() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    for entry in std::fs::read_dir(root().join("examples/corpus"))
        .unwrap()
        .flatten()
    {
        if !entry.file_name().to_string_lossy().contains("nordkorea") {
            std::fs::copy(entry.path(), corpus.join(entry.file_name())).unwrap();
        }
    }
    std::fs::copy(
        root().join("examples/draft.md"),
        dir.path().join("draft.md"),
    )
    .unwrap();
    dir
}

/// The CMS's INSERT of the withheld article.
fn cms_insert(url: &str) {
    let text =
        std::fs::read_to_string(root().join("examples/corpus/2024-11-04-nordkorea.md")).unwrap();
    let body = text.splitn(3, "---\n").nth(2).unwrap().replace('\'', "''");
    sql(
        url,
        &format!(
            "INSERT INTO factcheck.articles (id, title, date, lang, url, text)
             VALUES ('cms-4711', 'Nordkoreanische Soldaten in Russland', '2024-11-04', 'de',
                     'https://cms.example/4711', '{body}')"
        ),
    );
}

/// [`newsroom`] loaded into a fresh database by `factcheck index`.
fn indexed_newsroom(admin: &str, name: &str) -> (String, tempfile::TempDir) {
    let url = fresh_database(admin, name);
    let dir = newsroom();
    let out = factcheck(
        &["index", "--corpus", "corpus", "--index", &url],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    (url, dir)
}

#[test]
fn an_article_the_cms_inserts_is_used_after_the_indexer_ran() {
    let Some(admin) = admin_url("cms insert") else {
        return;
    };
    let (url, dir) = indexed_newsroom(&admin, "cms");
    let check = || {
        factcheck(
            &["check", "--index", &url, "--fail-on", "never", "draft.md"],
            dir.path(),
        )
    };
    let before = stdout(&check());
    assert!(!before.contains("25.000"), "{before}");
    assert!(
        before.contains("name-mismatch"),
        "the files are used: {before}"
    );
    cms_insert(&url);
    // Not yet derived: the check still reads the published tables.
    assert!(!stdout(&check()).contains("25.000"));
    let out = factcheck(&["index", "--index", &url], dir.path());
    let said = stderr(&out);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("1 read again"),
        "only the new article is read: {said}"
    );
    let after = stdout(&check());
    assert!(after.contains("figure-mismatch"), "{after}");
    assert!(
        after.contains("cms-4711"),
        "evidence names the CMS article: {after}"
    );
    // The CMS deletes it again: gone after the next index run.
    sql(&url, "DELETE FROM factcheck.articles WHERE id = 'cms-4711'");
    let out = factcheck(&["index", "--index", &url], dir.path());
    assert!(stderr(&out).contains("1 dropped"));
    assert!(!stdout(&check()).contains("25.000"));
}

#[test]
fn an_unreachable_database_is_one_line_and_exit_2() {
    let Some(_) = admin_url("unreachable") else {
        return;
    };
    let dir = newsroom();
    // A port nothing listens on (bound, then released).
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("postgresql://nobody@127.0.0.1:{port}/news");
    let out = factcheck(&["check", "--index", &url, "draft.md"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(
        err.contains("cannot connect") && err.contains(&port.to_string()),
        "{err}"
    );
    // A database without the schema says what to run.
    let admin = admin_url("unreachable").unwrap();
    let empty = fresh_database(&admin, "empty");
    let out = factcheck(&["check", "--index", &empty, "draft.md"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("factcheck index"));
}

#[test]
fn editors_read_from_a_streaming_replica() {
    let Some(_) = admin_url("replica") else {
        return;
    };
    let primary = Cluster::start();
    let dir = newsroom();
    let out = factcheck(
        &["index", "--corpus", "corpus", "--index", &primary.url],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let replica = primary.replica();
    assert_eq!(
        query_texts(&replica.url, "SELECT pg_is_in_recovery()"),
        ["t"]
    );
    // Published on the primary after the replica was made: it streams over.
    cms_insert(&primary.url);
    let out = factcheck(&["index", "--index", &primary.url], dir.path());
    assert!(out.status.success());
    let deadline = Instant::now() + Duration::from_secs(30);
    while query_texts(
        &replica.url,
        "SELECT count(*) FROM factcheck.index_articles WHERE article = 'cms-4711'",
    ) != ["1"]
    {
        assert!(Instant::now() < deadline, "the replica did not catch up");
        std::thread::sleep(Duration::from_millis(200));
    }
    let out = factcheck(
        &[
            "check",
            "--index",
            &replica.url,
            "--fail-on",
            "never",
            "draft.md",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("figure-mismatch"), "{}", stdout(&out));
    // The replica is read-only: indexing against it fails clearly.
    let out = factcheck(&["index", "--index", &replica.url], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("read-only"));
}

/// A child process killed when the test ends, passed or failed.
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn with_follow_the_indexer_takes_cms_inserts_without_a_human() {
    let Some(admin) = admin_url("follow") else {
        return;
    };
    let (url, dir) = indexed_newsroom(&admin, "follow");
    let log = dir.path().join("follow.log");
    let _follower = Running(
        Command::new(env!("CARGO_BIN_EXE_factcheck"))
            .args(["index", "--index", &url, "--follow"])
            .current_dir(dir.path())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap(),
    );
    let said = || std::fs::read_to_string(&log).unwrap_or_default();
    let deadline = Instant::now() + Duration::from_secs(60);
    while !said().contains("following the articles") {
        assert!(Instant::now() < deadline, "not following: {}", said());
        std::thread::sleep(Duration::from_millis(100));
    }
    let check = || {
        stdout(&factcheck(
            &["check", "--index", &url, "--fail-on", "never", "draft.md"],
            dir.path(),
        ))
    };
    assert!(!check().contains("25.000"));
    cms_insert(&url);
    // Nobody runs the indexer: the follower derives the new row.
    loop {
        let now = check();
        if now.contains("25.000") {
            assert!(
                now.contains("figure-mismatch") && now.contains("cms-4711"),
                "{now}"
            );
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the insert was not followed: {}",
            said()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(said().contains("1 read again"), "{}", said());
}

#[test]
fn follow_needs_a_database() {
    let dir = newsroom();
    let out = factcheck(
        &["index", "--corpus", "corpus", "--index", "idx", "--follow"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--follow needs"));
}
