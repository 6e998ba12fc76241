//! The `partnerdesk` binary's commands, as a person types them.

use std::process::{Command, Output};

use diesel::Connection;

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

#[test]
fn flags_work_after_the_subcommand_and_secrets_come_from_files() {
    let (dir, db) = sqlite();
    let url_file = dir.path().join("database-url");
    std::fs::write(&url_file, format!("{db}\n")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_partnerdesk"))
        .args(["migrate", "--bcrypt-cost", "4"])
        .env_remove("DATABASE_URL")
        .env("DATABASE_URL_FILE", &url_file)
        .env("RUST_LOG", "error")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("is up to date"), "{}", stdout(&out));
    assert!(dir.path().join("cli.db").exists());

    let both = Command::new(env!("CARGO_BIN_EXE_partnerdesk"))
        .args(["migrate"])
        .env("DATABASE_URL", &db)
        .env("DATABASE_URL_FILE", &url_file)
        .output()
        .unwrap();
    assert_eq!(both.status.code(), Some(1));
    assert!(stderr(&both).contains("set DATABASE_URL or DATABASE_URL_FILE, not both"));
}

#[test]
fn help_never_prints_a_secret() {
    let secret_url = "postgres://pd:hunter2-db@db.example/pd";
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_partnerdesk"));
    let top = stdout(&partnerdesk("sqlite://unused.db", &["--help"], None));
    assert!(top.contains("RUST_LOG"), "the help names RUST_LOG: {top}");
    let out = cmd
        .args(["serve", "--help"])
        .env("DATABASE_URL", secret_url)
        .env("PARTNERDESK_SECRET_KEY", "k".repeat(40))
        .env("PARTNERDESK_SMTP_URL", "smtp://u:hunter2-smtp@mail")
        .env("REDIS_URL", "redis://:hunter2-redis@cache")
        .output()
        .unwrap();
    let help = stdout(&out);
    assert!(help.contains("--database-url"), "{help}");
    for secret in ["hunter2", &"k".repeat(40)] {
        assert!(!help.contains(secret), "{help}");
    }
}

#[test]
fn the_server_logs_start_settings_and_stop_as_json() {
    let (_dir, db) = sqlite();
    let mut child = Command::new(env!("CARGO_BIN_EXE_partnerdesk"))
        .args(["serve", "--log-format", "json", "--bind", "127.0.0.1:0"])
        .env("DATABASE_URL", &db)
        .env(
            "PARTNERDESK_SMTP_URL",
            "smtp://u:hunter2-smtp@127.0.0.1:2525",
        )
        .env("RUST_LOG", "info")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stdout_pipe = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stdout_pipe)
            .lines()
            .map_while(Result::ok)
        {
            let _ = tx.send(line);
        }
    });
    // Wait for the start line, then stop the server as systemd would.
    let mut lines = Vec::new();
    while !lines
        .iter()
        .any(|l: &String| l.contains("Partnerdesk listening"))
    {
        let line = rx
            .recv_timeout(std::time::Duration::from_secs(30))
            .expect("the server logs its start");
        lines.push(line);
    }
    let line = lines.last().unwrap();
    let port = line[line.find("127.0.0.1:").unwrap() + 10..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>();
    // Serving: the signal handlers are in place.
    while !healthy(&format!("127.0.0.1:{port}")) {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    healthy_path(&format!("127.0.0.1:{port}"), "/login");
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "a stop by SIGTERM is a clean exit");
    lines.extend(rx.iter());
    let events: Vec<serde_json::Value> = lines
        .iter()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let messages: Vec<&str> = events
        .iter()
        .filter_map(|e| e["fields"]["message"].as_str())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("Partnerdesk listening")),
        "{lines:?}"
    );
    assert!(messages.contains(&"Partnerdesk stopped"), "{lines:?}");
    let start = events
        .iter()
        .find(|e| e["fields"]["settings"].is_string())
        .unwrap();
    let settings = start["fields"]["settings"].as_str().unwrap();
    assert!(settings.contains("smtp=set"), "{settings}");
    assert!(
        !lines.join("\n").contains("hunter2"),
        "no secret in the log"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("127.0.0.1 \"GET /login")),
        "the access log names the client: {messages:?}"
    );
    assert!(
        !messages.iter().any(|m| m.contains("/healthz")),
        "health checks stay out of the access log"
    );
    assert!(
        !lines.join("\n").contains('\u{1b}'),
        "no colours off a terminal"
    );
}

/// Whether the server at `addr` answers its health check.
fn healthy(addr: &str) -> bool {
    healthy_path(addr, "/healthz")
}

fn healthy_path(addr: &str, path: &str) -> bool {
    use std::io::{Read, Write};
    let Ok(mut stream) = std::net::TcpStream::connect(addr) else {
        return false;
    };
    let mut answer = String::new();
    stream
        .write_all(format!("GET {path} HTTP/1.0\r\n\r\n").as_bytes())
        .and_then(|_| stream.read_to_string(&mut answer))
        .is_ok()
        && answer.starts_with("HTTP/1.0 200")
}

/// `create-operator` for ops@example.com on `db`.
fn create_ops(db: &str) -> Output {
    partnerdesk(
        db,
        &[
            "create-operator",
            "--email",
            "ops@example.com",
            "--name",
            "Ops",
        ],
        Some("lantern-harbour-2291"),
    )
}

#[test]
fn backup_copies_the_sqlite_database_while_it_is_in_use() {
    let (dir, db) = sqlite();
    let created = create_ops(&db);
    assert!(created.status.success(), "{}", stderr(&created));
    // A writer holds the database open while the copy is made.
    let path = db.trim_start_matches("sqlite://");
    let busy = diesel::sqlite::SqliteConnection::establish(path).unwrap();
    let copy = dir.path().join("copy.db");
    let out = partnerdesk(&db, &["backup", copy.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", stderr(&out));
    drop(busy);
    // The copy is a working database: the operator is in it.
    let copy_url = format!("sqlite://{}", copy.display());
    let again = create_ops(&copy_url);
    assert!(stderr(&again).contains("already"), "{}", stderr(&again));
    // An existing file is never overwritten.
    let twice = partnerdesk(&db, &["backup", copy.to_str().unwrap()], None);
    assert_eq!(twice.status.code(), Some(1));
    assert!(stderr(&twice).contains("already exists"));
}

#[test]
fn demo_refuses_a_database_with_real_operators_unless_forced() {
    let (_dir, db) = sqlite();
    let created = create_ops(&db);
    assert!(created.status.success(), "{}", stderr(&created));
    let refused = partnerdesk(&db, &["demo"], None);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("demo --force"),
        "{}",
        stderr(&refused)
    );
    let forced = partnerdesk(&db, &["demo", "--force"], None);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert!(stdout(&forced).contains("Demo data loaded"));
}
