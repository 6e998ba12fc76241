//! The `partnerdesk` binary's commands, as a person types them.

use std::process::{Command, Output};

fn partnerdesk(db: &str, args: &[&str], password: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_partnerdesk"));
    cmd.args(args)
        .env("DATABASE_URL", db)
        .env("PARTNERDESK_BCRYPT_COST", "4")
        .env("RUST_LOG", "error")
        .env_remove("PARTNERDESK_PASSWORD")
        .stdin(std::process::Stdio::null());
    if let Some(p) = password {
        cmd.env("PARTNERDESK_PASSWORD", p);
    }
    cmd.output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

fn sqlite() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("cli.db").display());
    (dir, url)
}

#[test]
fn create_operator_checks_password_and_uniqueness() {
    let (_dir, db) = sqlite();
    let args = [
        "create-operator",
        "--email",
        "ops@example.com",
        "--name",
        "Ops Person",
    ];
    let weak = partnerdesk(&db, &args, Some("letmein"));
    assert_eq!(weak.status.code(), Some(1));
    assert!(
        stderr(&weak).contains("at least 8 characters"),
        "{}",
        stderr(&weak)
    );

    let ok = partnerdesk(&db, &args, Some("tangerine-kettle-42"));
    assert!(ok.status.success(), "{}", stderr(&ok));
    assert!(stdout(&ok).contains("Operator ops@example.com created."));

    let again = partnerdesk(&db, &args, Some("tangerine-kettle-42"));
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("already exists"));

    let bad_email = partnerdesk(
        &db,
        &["create-operator", "--email", "nope", "--name", "X"],
        Some("tangerine-kettle-42"),
    );
    assert_eq!(bad_email.status.code(), Some(1));
    assert!(stderr(&bad_email).contains("not a valid e-mail address"));

    // No terminal and no variable: a clear error, not a hang.
    let no_password = partnerdesk(
        &db,
        &["create-operator", "--email", "b@example.com", "--name", "B"],
        None,
    );
    assert_eq!(no_password.status.code(), Some(1));
}

#[test]
fn a_bad_database_url_is_refused_in_one_line() {
    for url in [
        "host=db user=app password=hunter2",
        "mysql://root:hunter2@db/app",
    ] {
        let out = partnerdesk(url, &["migrate"], None);
        assert_eq!(out.status.code(), Some(1));
        let err = stderr(&out);
        assert!(err.contains("DATABASE_URL"), "{err}");
        assert!(
            !err.contains("hunter2"),
            "the password is not printed: {err}"
        );
        assert_eq!(err.trim().lines().count(), 1, "{err}");
    }
    // And no SQLite file named after it appears.
    assert!(!std::path::Path::new("host=db user=app password=hunter2").exists());

    let out = partnerdesk(
        "postgres://nobody@127.0.0.1:1/none?connect_timeout=2",
        &["migrate"],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("cannot open the database"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("panicked"));
}

#[test]
fn migrate_and_demo_are_idempotent() {
    let (_dir, db) = sqlite();
    let out = partnerdesk(&db, &["migrate"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("is up to date"));
    let first = partnerdesk(&db, &["demo"], None);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(stdout(&first).contains("Demo data loaded"));
    let second = partnerdesk(&db, &["demo"], None);
    assert!(second.status.success());
    assert!(stdout(&second).contains("already loaded"));
}

#[test]
fn a_port_in_use_stops_the_server_in_one_line() {
    let (_dir, db) = sqlite();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_partnerdesk"));
    let out = cmd
        .args(["serve"])
        .env("DATABASE_URL", &db)
        .env("PARTNERDESK_BIND", &addr)
        .env("RUST_LOG", "error")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains(&format!("cannot listen on {addr}")), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

#[test]
fn help_documents_the_configuration() {
    let out = partnerdesk("sqlite://unused.db", &["--help"], None);
    let help = stdout(&out);
    for var in [
        "DATABASE_URL",
        "PARTNERDESK_BIND",
        "PARTNERDESK_BASE_URL",
        "PARTNERDESK_SECRET_KEY",
        "PARTNERDESK_SMTP_URL",
        "PARTNERDESK_MAIL_FROM",
        "REDIS_URL",
    ] {
        assert!(help.contains(var), "--help names {var}");
    }
    for sub in ["serve", "create-operator", "demo", "migrate"] {
        assert!(help.contains(sub));
        let out = partnerdesk("sqlite://unused.db", &[sub, "--help"], None);
        assert!(out.status.success(), "{sub} --help");
    }
}

#[test]
fn outbox_show_names_a_missing_message_plainly() {
    let (_dir, db) = sqlite();
    let shown = partnerdesk(&db, &["outbox", "show", "7"], None);
    assert_eq!(shown.status.code(), Some(1));
    assert!(
        stderr(&shown).contains("no e-mail number 7"),
        "{}",
        stderr(&shown)
    );
}
