//! Encrypted connections through the product's own commands, against a
//! throwaway cluster whose certificate a throwaway authority signed and that
//! refuses plain TCP:
//! `sslmode=require` connects without checking the certificate,
//! `verify-full` connects when `sslrootcert` trusts it and fails clearly when
//! nothing does, and `disable` is refused by the server. Skipped (with a
//! message) without `FACTCHECK_TEST_PG` or without `openssl`.

mod cli_support;

mod pg_support;

use std::path::PathBuf;
use std::process::Command;

use cli_support::{factcheck, stderr, stdout};
use pg_support::{admin_url, Cluster};

fn examples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples")
}

#[test]
fn sslmodes_against_a_server_whose_certificate_a_private_authority_signed() {
    if admin_url("tls").is_none() {
        return;
    }
    if Command::new("openssl").arg("version").output().is_err() {
        eprintln!("tls: skipped: no openssl command to make a certificate");
        return;
    }
    let cluster = Cluster::start_tls();
    let port = cluster
        .url
        .rsplit(':')
        .next()
        .and_then(|tail| tail.split('/').next())
        .unwrap()
        .to_string();
    let url =
        |host: &str, query: &str| format!("postgresql://postgres@{host}:{port}/factcheck?{query}");
    let corpus = examples().join("corpus");
    let draft = examples().join("draft.md");
    let dir = tempfile::tempdir().unwrap();

    let required = url("127.0.0.1", "sslmode=require");
    let out = factcheck(
        &[
            "index",
            "--corpus",
            corpus.to_str().unwrap(),
            "--index",
            &required,
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));

    let check = |index: &str| {
        factcheck(
            &[
                "check",
                "--index",
                index,
                "--fail-on",
                "never",
                draft.to_str().unwrap(),
            ],
            dir.path(),
        )
    };
    let out = check(&required);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("figure-mismatch"));

    // The default (prefer) encrypts when the server offers it.
    let out = check(&url("127.0.0.1", "connect_timeout=10"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    // verify-full: the certificate is trusted and names the host.
    let root = cluster.dir.join("root.crt");
    let verified = url(
        "localhost",
        &format!("sslmode=verify-full&sslrootcert={}", root.display()),
    );
    let out = check(&verified);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    // Nothing trusts a self-signed certificate: one clear line, exit 2.
    let out = check(&url("localhost", "sslmode=verify-full"));
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("certificate"), "{err}");

    // The server refuses unencrypted connections.
    let out = check(&url("127.0.0.1", "sslmode=disable"));
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("no encryption"), "{err}");
    cluster.stop();
}
