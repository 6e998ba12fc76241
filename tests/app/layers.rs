//! The layers of `ARCHITECTURE.md`: the rules and the queries know nothing
//! of the web layer nor of the web framework.

fn sources(dir: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut dirs = vec![std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(dir)];
    while let Some(path) = dirs.pop() {
        if path.is_dir() {
            dirs.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push((
                path.display().to_string(),
                std::fs::read_to_string(&path).unwrap(),
            ));
        }
    }
    found
}

/// Fails when a source file below one of `dirs` holds one of `words`.
fn none_holds(dirs: &[&str], words: &[&str], why: &str) {
    for dir in dirs {
        let files = sources(dir);
        assert!(!files.is_empty(), "{dir} has sources");
        for (path, text) in files {
            for word in words {
                assert!(!text.contains(word), "{path} names {word}: {why}");
            }
        }
    }
}

const WEB: [&str; 4] = ["crate::web", "actix_web", "actix_session", "actix_identity"];

#[test]
fn domain_db_use_cases_and_mail_do_not_reach_into_the_web() {
    let below_the_web = ["src/domain", "src/db", "src/app", "src/mail"];
    none_holds(&below_the_web, &WEB, "a lower layer reaches into the web");
}

/// A write's transaction, with its audit entry, belongs to a use case in
/// `src/app/`, so the screens, the API and the import share it.
#[test]
fn screens_open_no_transaction_and_write_no_audit_entry() {
    let writes = [
        ".transaction(",
        "build_transaction",
        "immediate_transaction",
        "audit::record",
    ];
    none_holds(&["src/web"], &writes, "a screen writes on its own");
}

/// The request core (`src/web/request/`) stands under every screen and
/// imports none: only itself and the caches its state holds.
#[test]
fn the_request_core_imports_no_screen() {
    let allowed = [
        "request",
        "AppState",
        "html",
        "is_local_path",
        "page_cache",
        "usage_cache",
        "time",
    ];
    let files = sources("src/web/request");
    assert!(!files.is_empty(), "src/web/request has sources");
    for (path, text) in files {
        for (at, _) in text.match_indices("crate::web::") {
            let rest = &text[at + "crate::web::".len()..];
            let names: Vec<&str> = match rest.strip_prefix('{') {
                Some(group) => group[..group.find('}').unwrap()]
                    .split(',')
                    .map(|n| n.trim())
                    .collect(),
                None => vec![rest
                    .split(|c: char| !c.is_alphanumeric() && c != '_')
                    .next()
                    .unwrap()],
            };
            for name in names {
                assert!(
                    allowed.contains(&name),
                    "{path} imports the screen module {name}"
                );
            }
        }
    }
}
