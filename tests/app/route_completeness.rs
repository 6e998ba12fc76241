//! Every route the application registers has a row in the route × role
//! table (`route_table.rs`): a new route without one fails here, so no
//! route goes untested for every role.

use crate::route_table::table;

/// (method, pattern) of every route registered in `src/web`: the
/// `#[get]`/`#[post]` handlers, and the single-use link routes that serve
/// GET and POST on one path.
fn registered() -> Vec<(String, String)> {
    let mut routes = Vec::new();
    let mut files = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src/web"
    ))];
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for (marker, method) in [("#[get(\"", "GET"), ("#[post(\"", "POST")] {
            for part in text.split(marker).skip(1) {
                routes.push((
                    method.to_string(),
                    part.split('"').next().unwrap().to_string(),
                ));
            }
        }
        for part in text.split("link_routes(cfg, \"").skip(1) {
            let pattern = part.split('"').next().unwrap().to_string();
            routes.push(("GET".into(), pattern.clone()));
            routes.push(("POST".into(), pattern));
        }
    }
    routes.sort();
    routes.dedup();
    routes
}

/// Whether a table row's path (concrete words, `{own}`-like placeholders,
/// perhaps a query) is served by a registered pattern.
fn serves(pattern: &str, row_path: &str) -> bool {
    let row_path = row_path.split('?').next().unwrap();
    let p: Vec<&str> = pattern.split('/').collect();
    let r: Vec<&str> = row_path.split('/').collect();
    p.len() == r.len()
        && p.iter().zip(&r).all(|(p, r)| {
            let p_var = p.starts_with('{');
            let r_var = r.starts_with('{');
            p_var || (!r_var && p == r)
        })
}

#[test]
fn every_registered_route_has_a_row_in_the_table() {
    let rows = table();
    let registered = registered();
    assert!(
        registered.len() > 50,
        "found the routes: {}",
        registered.len()
    );
    let missing: Vec<String> = registered
        .iter()
        .filter(|(method, pattern)| {
            // The most specific pattern a row's path matches is the one that
            // serves it: `/customers/new` is the wizard's, not `/customers/{id}`.
            !rows.iter().any(|row| {
                row.method == method
                    && serves(pattern, row.path)
                    && !registered.iter().any(|(m, other)| {
                        m == method
                            && other != pattern
                            && serves(other, row.path)
                            && specificity(other) > specificity(pattern)
                    })
            })
        })
        .map(|(m, p)| format!("{m} {p}"))
        .collect();
    assert!(
        missing.is_empty(),
        "routes without a row in tests/app/route_table*.rs:\n{}",
        missing.join("\n")
    );
}

fn specificity(pattern: &str) -> usize {
    pattern.split('/').filter(|s| !s.starts_with('{')).count()
}
