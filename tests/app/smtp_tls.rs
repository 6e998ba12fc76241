//! SMTP over TLS to a server whose certificate an internal CA signed: the
//! server trusts the system's certificate store, so adding the CA there
//! (here through `SSL_CERT_FILE`, which that store honours) is enough.

use std::process::{Child, Command};
use std::sync::Arc;
use std::time::Duration;

use partnerdesk::db::{self, DatabaseUrl};
use tokio_rustls::rustls;

use crate::smtp_sink::Sink;

/// A TLS front for the plain sink, with a certificate for `localhost`
/// signed by a CA of its own; the CA's certificate in PEM.
async fn tls_front(to: u16) -> (u16, String) {
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    let ca = rcgen::CertifiedIssuer::self_signed(ca_params, ca_key).unwrap();
    let key = rcgen::KeyPair::generate().unwrap();
    let cert = rcgen::CertificateParams::new(vec!["localhost".to_string()])
        .unwrap()
        .signed_by(&key, &ca)
        .unwrap();
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(
        vec![cert.der().clone()],
        rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into()),
    )
    .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(client).await else {
                    return;
                };
                if let Ok(mut plain) = tokio::net::TcpStream::connect(("127.0.0.1", to)).await {
                    let _ = tokio::io::copy_bidirectional(&mut tls, &mut plain).await;
                }
            });
        }
    });
    (port, ca.pem())
}

/// A server whose outbox holds one message, sending through `smtp_url`.
fn server(dir: &std::path::Path, smtp_url: &str, ca_file: Option<&std::path::Path>) -> Child {
    let url = format!("sqlite://{}", dir.join("tls.db").display());
    let pool = db::connect(&DatabaseUrl::parse(&url).unwrap(), 2).unwrap();
    db::run_migrations(&mut pool.checkout().unwrap()).unwrap();
    crate::helpers::queue_plain_message(
        &mut pool.checkout().unwrap(),
        "ca@example.com",
        "Through the internal CA",
    );
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_partnerdesk"));
    cmd.args(["serve", "--bind", "127.0.0.1:0"])
        .env("DATABASE_URL", &url)
        .env("PARTNERDESK_SMTP_URL", smtp_url)
        .env("PARTNERDESK_MAIL_POLL_SECONDS", "0.1")
        .env("RUST_LOG", "error")
        .env_remove("SSL_CERT_FILE")
        .env_remove("SSL_CERT_DIR")
        .stdout(std::process::Stdio::null());
    if let Some(ca) = ca_file {
        cmd.env("SSL_CERT_FILE", ca);
    }
    cmd.spawn().unwrap()
}

#[actix_web::test]
async fn smtps_trusts_an_internal_ca_from_the_system_store() {
    let sink = Sink::start().await;
    let (port, ca_pem) = tls_front(sink.port).await;
    let smtp_url = format!("smtps://localhost:{port}");
    let dir = tempfile::tempdir().unwrap();
    let ca_file = dir.path().join("internal-ca.pem");
    std::fs::write(&ca_file, ca_pem).unwrap();

    // Without the CA in the store the certificate is refused: nothing arrives.
    let untrusting = tempfile::tempdir().unwrap();
    let mut child = server(untrusting.path(), &smtp_url, None);
    tokio::time::sleep(Duration::from_secs(2)).await;
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        sink.messages().is_empty(),
        "sent to an untrusted certificate"
    );

    // With it, the message goes out over TLS.
    let mut child = server(dir.path(), &smtp_url, Some(&ca_file));
    let got = sink.wait_for(1).await;
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(got[0].subject, "Through the internal CA");
    assert_eq!(got[0].to, ["ca@example.com"]);
}
