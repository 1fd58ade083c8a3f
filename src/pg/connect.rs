//! Where to connect, the way libpq decides it: a `postgresql://` URL, filled
//! in from the service file (`service=` in the URL, or `PGSERVICE`), then from
//! the environment (`PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE`, `PGPASSWORD`),
//! and the password last from the password file (`PGPASSFILE`, else
//! `~/.pgpass`). `tokio-postgres` reads none of these itself. Credentials
//! never come from `.factcheck.toml`: a URL there names the server only.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use tokio_postgres::config::Host;
use tokio_postgres::Config;

/// Is `index` a PostgreSQL URL rather than an index directory?
pub fn is_pg_url(index: &str) -> bool {
    index.starts_with("postgresql://") || index.starts_with("postgres://")
}

/// What the process environment offers: variables and the home directory.
/// A trait so that tests can give their own.
pub trait Environment {
    fn var(&self, name: &str) -> Option<String>;
    fn home(&self) -> Option<PathBuf>;
}

/// The real process environment.
pub struct ProcessEnvironment;

impl Environment for ProcessEnvironment {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok().filter(|v| !v.is_empty())
    }
    fn home(&self) -> Option<PathBuf> {
        std::env::var_os("HOME").map(PathBuf::from)
    }
}

/// A connection target: the driver's configuration and a description
/// without the password, for messages.
#[derive(Clone, Debug)]
pub struct Target {
    pub config: Config,
    pub shown: String,
    /// Encryption (`sslmode`, `sslrootcert`).
    pub tls: super::tls::Tls,
}

/// Resolves `url` the way `psql` would, with the process environment.
pub fn resolve(url: &str) -> Result<Target, String> {
    resolve_with(url, &ProcessEnvironment)
}

/// Resolves `url` with the environment `env`.
pub fn resolve_with(url: &str, env: &dyn Environment) -> Result<Target, String> {
    let (rest, service) = take_param(url, "service");
    let (rest, url_sslmode) = take_param(&rest, "sslmode");
    let (mut rest, url_rootcert) = take_param(&rest, "sslrootcert");
    for unsupported in ["sslcert", "sslkey"] {
        if take_param(&rest, unsupported).1.is_some() {
            return Err(format!(
                "{url}: {unsupported}: client certificates are not supported; use a password (PGPASSWORD, ~/.pgpass)"
            ));
        }
    }
    let service = service.or_else(|| env.var("PGSERVICE"));
    let entries = match service {
        Some(name) => service_entries(&name, env)?,
        None => Vec::new(),
    };
    let entry = |key: &str| {
        entries
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    };
    let tls = super::tls::Tls {
        mode: match url_sslmode
            .or_else(|| entry("sslmode"))
            .or_else(|| env.var("PGSSLMODE"))
        {
            Some(mode) => super::tls::Mode::parse(&mode).map_err(|e| format!("{url}: {e}"))?,
            None => super::tls::Mode::Prefer,
        },
        root_cert: url_rootcert
            .or_else(|| entry("sslrootcert"))
            .or_else(|| env.var("PGSSLROOTCERT"))
            .map(PathBuf::from)
            .or_else(|| {
                env.home()
                    .map(|h| h.join(".postgresql/root.crt"))
                    .filter(|p| p.is_file())
            }),
    };
    // The driver gives a host without a port 5432 at once; the service file
    // and PGPORT come first.
    let default_port = entries
        .iter()
        .find(|(k, _)| k == "port")
        .map(|(_, v)| v.clone())
        .or_else(|| env.var("PGPORT"));
    if let Some(port) = default_port {
        rest = with_default_port(&rest, port.trim());
    }
    let mut config =
        Config::from_str(&rest).map_err(|e| format!("{url}: not a PostgreSQL URL: {e}"))?;
    for (key, value) in entries {
        apply_default(&mut config, &key, &value)?;
    }
    for (var, key) in [
        ("PGHOST", "host"),
        ("PGPORT", "port"),
        ("PGUSER", "user"),
        ("PGDATABASE", "dbname"),
        ("PGPASSWORD", "password"),
        ("PGCONNECT_TIMEOUT", "connect_timeout"),
        ("PGAPPNAME", "application_name"),
    ] {
        if let Some(value) = env.var(var) {
            apply_default(&mut config, key, &value)?;
        }
    }
    if config.get_hosts().is_empty() {
        config.host("/var/run/postgresql");
    }
    if config.get_user().is_none() {
        let user = env
            .var("USER")
            .or_else(|| env.var("LOGNAME"))
            .unwrap_or_else(|| "postgres".to_string());
        config.user(&user);
    }
    if config.get_dbname().is_none() {
        let user = config.get_user().unwrap_or("postgres").to_string();
        config.dbname(&user);
    }
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(std::time::Duration::from_secs(5));
    }
    if config.get_password().is_none() {
        if let Some(password) = password_from_file(&config, env) {
            config.password(password);
        }
    }
    config.ssl_mode(tls.mode.ssl_mode());
    let shown = describe(&config);
    Ok(Target { config, shown, tls })
}

/// `host:port/dbname` as user, without the password.
fn describe(config: &Config) -> String {
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(h)) => h.clone(),
        #[cfg(unix)]
        Some(Host::Unix(p)) => p.display().to_string(),
        None => String::new(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    format!(
        "postgresql://{}@{host}:{port}/{}",
        config.get_user().unwrap_or(""),
        config.get_dbname().unwrap_or("")
    )
}

/// Splits a `name=VALUE` query parameter off the URL (`service`, and the
/// `sslmode` values and `sslrootcert` that `tokio-postgres` does not know).
fn take_param(url: &str, name: &str) -> (String, Option<String>) {
    let Some((base, query)) = url.split_once('?') else {
        return (url.to_string(), None);
    };
    let mut value = None;
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| match pair.split_once('=') {
            Some((key, v)) if key == name => {
                value = Some(percent_decode(v));
                false
            }
            _ => true,
        })
        .collect();
    if kept.is_empty() {
        (base.to_string(), value)
    } else {
        (format!("{base}?{}", kept.join("&")), value)
    }
}

/// `%2F` and the like in a URL parameter (a file path).
fn percent_decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The URL with `:port` after each host that has none (unless a `port=`
/// parameter gives it).
fn with_default_port(url: &str, port: &str) -> String {
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else {
        return url.to_string();
    };
    let after = &url[scheme_end..];
    let authority_len = after.find(['/', '?']).unwrap_or(after.len());
    let query = url.split_once('?').map_or("", |(_, q)| q);
    if query.split('&').any(|p| p.starts_with("port=")) {
        return url.to_string();
    }
    let authority = &after[..authority_len];
    let (user, hosts) = match authority.rfind('@') {
        Some(i) => (&authority[..=i], &authority[i + 1..]),
        None => ("", authority),
    };
    if hosts.is_empty() {
        return url.to_string();
    }
    let hosts: Vec<String> = hosts
        .split(',')
        .map(|h| {
            let has_port = match h.rfind(']') {
                Some(i) => h[i..].contains(':'),
                None => h.contains(':'),
            };
            if has_port {
                h.to_string()
            } else {
                format!("{h}:{port}")
            }
        })
        .collect();
    format!(
        "{}{user}{}{}",
        &url[..scheme_end],
        hosts.join(","),
        &after[authority_len..]
    )
}

/// Sets `key` to `value` unless the configuration already has it.
fn apply_default(config: &mut Config, key: &str, value: &str) -> Result<(), String> {
    match key {
        "host" if config.get_hosts().is_empty() => {
            for h in value.split(',') {
                config.host(h);
            }
        }
        "hostaddr" if config.get_hostaddrs().is_empty() => {
            let addr = value
                .parse()
                .map_err(|_| format!("hostaddr {value}: not an IP address"))?;
            config.hostaddr(addr);
        }
        "port" if config.get_ports().is_empty() => {
            for p in value.split(',') {
                let port = p
                    .trim()
                    .parse()
                    .map_err(|_| format!("port {p}: not a port number"))?;
                config.port(port);
            }
        }
        "user" if config.get_user().is_none() => {
            config.user(value);
        }
        "dbname" if config.get_dbname().is_none() => {
            config.dbname(value);
        }
        "password" if config.get_password().is_none() => {
            config.password(value);
        }
        "connect_timeout" if config.get_connect_timeout().is_none() => {
            let secs: u64 = value
                .trim()
                .parse()
                .map_err(|_| format!("connect_timeout {value}: not a number of seconds"))?;
            config.connect_timeout(std::time::Duration::from_secs(secs.max(1)));
        }
        "application_name" if config.get_application_name().is_none() => {
            config.application_name(value);
        }
        _ => {}
    }
    Ok(())
}

/// The `key=value` lines of section `[name]` of the first service file that
/// has it: `PGSERVICEFILE` or `~/.pg_service.conf`, then
/// `PGSYSCONFDIR/pg_service.conf` (default `/etc/postgresql-common`).
fn service_entries(name: &str, env: &dyn Environment) -> Result<Vec<(String, String)>, String> {
    let mut files = Vec::new();
    match env.var("PGSERVICEFILE") {
        Some(f) => files.push(PathBuf::from(f)),
        None => files.extend(env.home().map(|h| h.join(".pg_service.conf"))),
    }
    let sysconf = env
        .var("PGSYSCONFDIR")
        .unwrap_or_else(|| "/etc/postgresql-common".to_string());
    files.push(Path::new(&sysconf).join("pg_service.conf"));
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        if let Some(entries) = parse_service_file(&text, name, &file)? {
            return Ok(entries);
        }
    }
    Err(format!("definition of service \"{name}\" not found"))
}

/// Section `[name]` of a service file, or `None` when it has no such section.
fn parse_service_file(
    text: &str,
    name: &str,
    file: &Path,
) -> Result<Option<Vec<(String, String)>>, String> {
    let mut in_section = false;
    let mut found = None::<Vec<(String, String)>>;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(section) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            if found.is_some() && in_section {
                break;
            }
            in_section = section.trim() == name;
            if in_section {
                found = Some(Vec::new());
            }
            continue;
        }
        if !in_section {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            return Err(format!(
                "{}:{}: syntax error in service file (expected key=value)",
                file.display(),
                n + 1
            ));
        };
        if let Some(entries) = found.as_mut() {
            entries.push((key.trim().to_string(), value.trim().to_string()));
        }
    }
    Ok(found)
}

/// The password for this connection from the password file, whose lines are
/// `host:port:database:user:password` with `*` wildcards and `\:` escapes.
/// Like libpq, a file that others can read is ignored.
fn password_from_file(config: &Config, env: &dyn Environment) -> Option<String> {
    let file = match env.var("PGPASSFILE") {
        Some(f) => PathBuf::from(f),
        None => env.home()?.join(".pgpass"),
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).ok()?.permissions().mode();
        if mode & 0o077 != 0 {
            eprintln!(
                "factcheck: warning: password file {} has group or world access; permissions should be u=rw (0600) or less",
                file.display()
            );
            return None;
        }
    }
    let text = std::fs::read_to_string(&file).ok()?;
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(h)) => h.clone(),
        // libpq matches a socket connection against `localhost`.
        _ => "localhost".to_string(),
    };
    let port = config
        .get_ports()
        .first()
        .copied()
        .unwrap_or(5432)
        .to_string();
    let db = config.get_dbname().unwrap_or("");
    let user = config.get_user().unwrap_or("");
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .map(split_pgpass_line)
        .find(|fields| {
            fields.len() == 5
                && [host.as_str(), port.as_str(), db, user]
                    .iter()
                    .zip(fields)
                    .all(|(want, field)| field == "*" || field == want)
        })
        .map(|mut fields| fields.pop().unwrap_or_default())
}

/// The fields of a password-file line, unescaping `\:` and `\\`.
fn split_pgpass_line(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    fields.last_mut().expect("never empty").push(next);
                }
            }
            ':' if fields.len() < 5 => fields.push(String::new()),
            _ => fields.last_mut().expect("never empty").push(c),
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    struct FakeEnvironment {
        vars: HashMap<&'static str, String>,
        home: PathBuf,
    }

    impl Environment for FakeEnvironment {
        fn var(&self, name: &str) -> Option<String> {
            self.vars.get(name).cloned()
        }
        fn home(&self) -> Option<PathBuf> {
            Some(self.home.clone())
        }
    }

    fn fake(home: &Path, vars: &[(&'static str, &str)]) -> FakeEnvironment {
        FakeEnvironment {
            vars: vars.iter().map(|(k, v)| (*k, v.to_string())).collect(),
            home: home.to_path_buf(),
        }
    }

    fn write_private(path: &Path, text: &str) {
        std::fs::write(path, text).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
    }

    #[test]
    fn recognises_urls() {
        assert!(is_pg_url("postgresql://db.example/news"));
        assert!(is_pg_url("postgres://db.example/news"));
        assert!(!is_pg_url(".factcheck/index"));
    }

    #[test]
    fn url_wins_over_environment_and_environment_fills_gaps() {
        let home = tempfile::tempdir().unwrap();
        let env = fake(
            home.path(),
            &[
                ("PGHOST", "elsewhere"),
                ("PGPORT", "6543"),
                ("PGUSER", "reporter"),
                ("PGPASSWORD", "s3cret"),
            ],
        );
        let t = resolve_with("postgresql://db.example/archive", &env).unwrap();
        assert_eq!(t.config.get_hosts(), &[Host::Tcp("db.example".into())]);
        assert_eq!(t.config.get_ports(), &[6543]);
        assert_eq!(t.config.get_user(), Some("reporter"));
        assert_eq!(t.config.get_dbname(), Some("archive"));
        assert_eq!(t.config.get_password(), Some(&b"s3cret"[..]));
        assert!(!t.shown.contains("s3cret"), "{}", t.shown);
    }

    #[test]
    fn sslmode_comes_from_the_url_then_the_environment() {
        use crate::pg::tls::Mode;
        let home = tempfile::tempdir().unwrap();
        let env = fake(
            home.path(),
            &[("PGSSLMODE", "require"), ("PGSSLROOTCERT", "/etc/ca.pem")],
        );
        let t = resolve_with(
            "postgresql://db.example/archive?sslmode=verify-full&sslrootcert=%2Fsrv%2Fca.pem",
            &env,
        )
        .unwrap();
        assert_eq!(t.tls.mode, Mode::VerifyFull);
        assert_eq!(t.tls.root_cert, Some(PathBuf::from("/srv/ca.pem")));
        assert_eq!(
            t.config.get_ssl_mode(),
            tokio_postgres::config::SslMode::Require
        );
        let t = resolve_with("postgresql://db.example/archive", &env).unwrap();
        assert_eq!(t.tls.mode, Mode::Require);
        assert_eq!(t.tls.root_cert, Some(PathBuf::from("/etc/ca.pem")));
        let plain =
            resolve_with("postgresql://db.example/archive", &fake(home.path(), &[])).unwrap();
        assert_eq!(plain.tls.mode, Mode::Prefer);
        let err = resolve_with("postgresql://db.example/a?sslmode=sometimes", &env).unwrap_err();
        assert!(err.contains("sometimes"), "{err}");
        let err = resolve_with("postgresql://db.example/a?sslcert=me.crt", &env).unwrap_err();
        assert!(err.contains("client certificates"), "{err}");
    }

    #[test]
    fn password_file_matches_host_port_database_and_user() {
        let home = tempfile::tempdir().unwrap();
        write_private(
            &home.path().join(".pgpass"),
            "# comment\nother:5432:*:*:wrong\ndb.example:5433:archive:editor:pa\\:ss\n*:*:*:*:fallback\n",
        );
        let env = fake(home.path(), &[]);
        let t = resolve_with("postgresql://editor@db.example:5433/archive", &env).unwrap();
        assert_eq!(t.config.get_password(), Some(&b"pa:ss"[..]));
        let t = resolve_with("postgresql://editor@db.example:5433/other", &env).unwrap();
        assert_eq!(t.config.get_password(), Some(&b"fallback"[..]));
        // PGPASSWORD beats the file.
        let env = fake(home.path(), &[("PGPASSWORD", "from-env")]);
        let t = resolve_with("postgresql://editor@db.example:5433/archive", &env).unwrap();
        assert_eq!(t.config.get_password(), Some(&b"from-env"[..]));
    }

    #[cfg(unix)]
    #[test]
    fn readable_password_file_is_ignored() {
        let home = tempfile::tempdir().unwrap();
        let file = home.path().join("pass");
        std::fs::write(&file, "*:*:*:*:open\n").unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        let env = fake(home.path(), &[("PGPASSFILE", file.to_str().unwrap())]);
        let t = resolve_with("postgresql://u@h/d", &env).unwrap();
        assert_eq!(t.config.get_password(), None);
    }

    #[test]
    fn service_file_fills_what_the_url_leaves_open() {
        let home = tempfile::tempdir().unwrap();
        std::fs::write(
            home.path().join(".pg_service.conf"),
            "[other]\nhost=nowhere\n\n[newsroom]\n# the shared archive\nhost = archive.internal\nport=5444\ndbname=news\nuser=desk\n",
        )
        .unwrap();
        let env = fake(
            home.path(),
            &[("PGSERVICE", "newsroom"), ("PGHOST", "ignored")],
        );
        let t = resolve_with("postgresql:///", &env).unwrap();
        assert_eq!(
            t.config.get_hosts(),
            &[Host::Tcp("archive.internal".into())]
        );
        assert_eq!(t.config.get_ports(), &[5444]);
        assert_eq!(t.config.get_dbname(), Some("news"));
        assert_eq!(t.config.get_user(), Some("desk"));
        // A service named in the URL, and a URL value that beats it.
        let env = fake(home.path(), &[]);
        let t = resolve_with("postgresql:///mine?service=newsroom", &env).unwrap();
        assert_eq!(t.config.get_dbname(), Some("mine"));
        assert_eq!(t.config.get_ports(), &[5444]);
        let err = resolve_with("postgresql:///?service=missing", &env).unwrap_err();
        assert!(err.contains("missing"), "{err}");
    }

    #[test]
    fn bad_service_line_names_file_and_line() {
        let home = tempfile::tempdir().unwrap();
        let file = home.path().join("services");
        std::fs::write(&file, "[desk]\nhost=a\nno equals sign\n").unwrap();
        let env = fake(
            home.path(),
            &[
                ("PGSERVICEFILE", file.to_str().unwrap()),
                ("PGSERVICE", "desk"),
            ],
        );
        let err = resolve_with("postgresql://", &env).unwrap_err();
        assert!(err.contains(&format!("{}:3:", file.display())), "{err}");
    }
}
