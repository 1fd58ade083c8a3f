//! Encryption of the connection, as libpq's `sslmode` asks for it, with
//! `native-tls` (OpenSSL on Linux) through `postgres-native-tls`:
//!
//! - `disable`: plain connections only;
//! - `allow`, `prefer` (the default): TLS when the server offers it,
//!   without checking its certificate, else plain;
//! - `require`: TLS or no connection, certificate not checked (checked
//!   against the root certificate as with `verify-ca` when one is given,
//!   like libpq);
//! - `verify-ca`: TLS with a certificate signed by a trusted root;
//! - `verify-full`: that, and the certificate names the host.
//!
//! Trusted roots are `sslrootcert` (URL or service file), else
//! `PGSSLROOTCERT`, else `~/.postgresql/root.crt` when it exists, else the
//! system's. Client certificates (`sslcert`, `sslkey`) are not supported
//! and say so.

use std::path::PathBuf;

use postgres_native_tls::MakeTlsConnector;
use tokio_postgres::config::SslMode;

/// How a connection is encrypted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Disable,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl Mode {
    /// Reads an `sslmode` value.
    pub fn parse(value: &str) -> Result<Mode, String> {
        Ok(match value.trim() {
            "disable" => Mode::Disable,
            "allow" | "prefer" => Mode::Prefer,
            "require" => Mode::Require,
            "verify-ca" => Mode::VerifyCa,
            "verify-full" => Mode::VerifyFull,
            other => {
                return Err(format!(
                    "sslmode {other}: not one of disable, allow, prefer, require, verify-ca, verify-full"
                ))
            }
        })
    }

    /// The driver's setting: whether TLS is tried and whether it must be.
    pub fn ssl_mode(self) -> SslMode {
        match self {
            Mode::Disable => SslMode::Disable,
            Mode::Prefer => SslMode::Prefer,
            Mode::Require | Mode::VerifyCa | Mode::VerifyFull => SslMode::Require,
        }
    }
}

/// The encryption settings of a connection target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tls {
    pub mode: Mode,
    /// Trusted root certificates (PEM); `None`: the system's.
    pub root_cert: Option<PathBuf>,
}

impl Default for Tls {
    fn default() -> Tls {
        Tls {
            mode: Mode::Prefer,
            root_cert: None,
        }
    }
}

impl Tls {
    /// The connector for these settings. A root certificate that cannot be
    /// read is an error naming the file.
    pub fn connector(&self) -> Result<MakeTlsConnector, String> {
        let mut builder = native_tls::TlsConnector::builder();
        let mode = match (self.mode, &self.root_cert) {
            (Mode::Require, Some(_)) => Mode::VerifyCa,
            (mode, _) => mode,
        };
        match mode {
            Mode::Disable | Mode::Prefer | Mode::Require => {
                builder.danger_accept_invalid_certs(true);
                builder.danger_accept_invalid_hostnames(true);
            }
            Mode::VerifyCa => {
                builder.danger_accept_invalid_hostnames(true);
            }
            Mode::VerifyFull => {}
        }
        if let Some(path) = &self.root_cert {
            let pem =
                std::fs::read(path).map_err(|e| format!("sslrootcert {}: {e}", path.display()))?;
            let certs = native_tls::Certificate::from_pem(&pem).map_err(|e| {
                format!("sslrootcert {}: not a PEM certificate: {e}", path.display())
            })?;
            builder.add_root_certificate(certs);
        }
        let connector = builder
            .build()
            .map_err(|e| format!("cannot set up TLS: {e}"))?;
        Ok(MakeTlsConnector::new(connector))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_parse_like_libpq() {
        assert_eq!(Mode::parse("verify-full"), Ok(Mode::VerifyFull));
        assert_eq!(Mode::parse("allow"), Ok(Mode::Prefer));
        assert_eq!(Mode::parse("require").unwrap().ssl_mode(), SslMode::Require);
        assert_eq!(Mode::parse("disable").unwrap().ssl_mode(), SslMode::Disable);
        let err = Mode::parse("always").unwrap_err();
        assert!(
            err.contains("always") && err.contains("verify-full"),
            "{err}"
        );
    }

    #[test]
    fn a_missing_root_certificate_is_named() {
        let tls = Tls {
            mode: Mode::VerifyFull,
            root_cert: Some(PathBuf::from("/nonexistent/root.crt")),
        };
        let err = tls.connector().err().expect("no such file");
        assert!(err.contains("/nonexistent/root.crt"), "{err}");
    }
}
