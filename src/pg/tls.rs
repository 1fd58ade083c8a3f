//! Encryption of the connection, as libpq's `sslmode` asks for it, with
//! `rustls` (the `ring` provider, so building needs no OpenSSL) through
//! `tokio-postgres-rustls`:
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
//! system's (`rustls-native-certs`). Client certificates (`sslcert`, `sslkey`) are not supported
//! and say so.

use std::path::PathBuf;
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, Error, RootCertStore, SignatureScheme,
};
use tokio_postgres::config::SslMode;
use tokio_postgres_rustls::MakeRustlsConnect;

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
    pub fn connector(&self) -> Result<MakeRustlsConnect, String> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mode = match (self.mode, &self.root_cert) {
            (Mode::Require, Some(_)) => Mode::VerifyCa,
            (mode, _) => mode,
        };
        let verifier: Arc<dyn ServerCertVerifier> = match mode {
            Mode::Disable | Mode::Prefer | Mode::Require => Arc::new(Unchecked(provider.clone())),
            Mode::VerifyCa | Mode::VerifyFull => {
                let roots = self.roots()?;
                let webpki =
                    WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
                        .build()
                        .map_err(|e| format!("cannot set up TLS: {e}"))?;
                if mode == Mode::VerifyCa {
                    Arc::new(AnyHostName(webpki))
                } else {
                    webpki
                }
            }
        };
        let config = ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| format!("cannot set up TLS: {e}"))?
            .dangerous()
            .with_custom_certificate_verifier(verifier)
            .with_no_client_auth();
        Ok(MakeRustlsConnect::new(config))
    }

    /// The trusted roots: the `sslrootcert` file, else the system's.
    fn roots(&self) -> Result<RootCertStore, String> {
        let mut roots = RootCertStore::empty();
        match &self.root_cert {
            Some(path) => {
                let certs = CertificateDer::pem_file_iter(path)
                    .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
                    .map_err(|e| match e {
                        rustls::pki_types::pem::Error::Io(e) => {
                            format!("sslrootcert {}: {e}", path.display())
                        }
                        e => format!("sslrootcert {}: not a PEM certificate: {e}", path.display()),
                    })?;
                if certs.is_empty() {
                    return Err(format!(
                        "sslrootcert {}: no PEM certificate in the file",
                        path.display()
                    ));
                }
                for cert in certs {
                    roots.add(cert).map_err(|e| {
                        format!(
                            "sslrootcert {}: not a usable certificate: {e}",
                            path.display()
                        )
                    })?;
                }
            }
            None => {
                let found = rustls_native_certs::load_native_certs();
                roots.add_parsable_certificates(found.certs);
                if roots.is_empty() {
                    return Err("no trusted root certificates: the system has none; set sslrootcert or PGSSLROOTCERT".into());
                }
            }
        }
        Ok(roots)
    }
}

/// `prefer` and `require` without a root certificate: encryption without
/// checking who is at the other end, as libpq does. The handshake's
/// signatures are still verified.
#[derive(Debug)]
struct Unchecked(Arc<CryptoProvider>);

impl ServerCertVerifier for Unchecked {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// `verify-ca`: the certificate must chain to a trusted root, but may name
/// another host.
#[derive(Debug)]
struct AnyHostName(Arc<WebPkiServerVerifier>);

impl ServerCertVerifier for AnyHostName {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, Error> {
        match self
            .0
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
        {
            Err(Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
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
