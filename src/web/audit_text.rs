//! The audit log in the reader's language: an action's name, what happened
//! (its arguments through `audit-detail-<action>`), the kind of thing it is
//! about. Entries written before the arguments were kept show their stored
//! English sentence.

use crate::db::audit::AuditEntry;
use crate::domain::audit::{AuditAction, Details};
use crate::i18n::Lang;

/// "Customer suspended", or the code itself for an action no longer known.
pub fn action_label(lang: Lang, code: &str) -> String {
    match AuditAction::from_code(code) {
        Some(a) => lang.t(&format!("audit-act-{}", a.key_part())),
        None => code.to_string(),
    }
}

/// What happened, in words.
pub fn summary(lang: Lang, e: &AuditEntry) -> String {
    let (Some(action), Some(details)) = (
        AuditAction::from_code(&e.action),
        Details::decode(&e.details),
    ) else {
        return e.summary.clone();
    };
    let translate = |key: &str| lang.t(key);
    // Whole numbers go to Fluent as numbers, for its plural rules.
    let number = |n: i64| n.to_string();
    let change = |field: String, from: String, to: String| {
        lang.t_args(
            "audit-change",
            &[("field", field), ("from", from), ("to", to)],
        )
    };
    let args = details.render(&translate, &number, &change);
    let text = lang.t_args(&format!("audit-detail-{}", action.key_part()), &args);
    match args.iter().find(|(name, _)| name == "via") {
        Some((_, via)) => format!("{text} ({via})"),
        None => text,
    }
}

/// The kind of thing an entry is about: "user", "customer"…
pub fn target_kind(lang: Lang, target_type: &str) -> String {
    match target_type {
        "user" | "customer" | "site" | "service" | "subscription" | "catalog" | "email"
        | "setting" => lang.t(&format!("audit-target-{target_type}")),
        other => other.to_string(),
    }
}

/// A family of actions the filter offers, named.
pub fn family_label(lang: Lang, family: &str) -> String {
    lang.t(&format!("audit-family-{}", family.replace('_', "-")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::audit::FAMILIES;
    use std::collections::HashSet;
    use std::path::Path;

    /// The keys of English, the language the others are checked against.
    fn english_keys() -> HashSet<String> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/locales/en");
        let mut keys = HashSet::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for line in text.lines() {
                if let Some((key, _)) = line.split_once(" = ") {
                    keys.insert(key.trim().to_string());
                }
            }
        }
        keys
    }

    #[test]
    fn every_action_and_family_has_its_words() {
        let keys = english_keys();
        let mut missing = Vec::new();
        for a in AuditAction::ALL {
            for prefix in ["audit-act", "audit-detail"] {
                let key = format!("{prefix}-{}", a.key_part());
                if !keys.contains(&key) {
                    missing.push(key);
                }
            }
        }
        for f in FAMILIES {
            let key = format!("audit-family-{}", f.replace('_', "-"));
            if !keys.contains(&key) {
                missing.push(key);
            }
        }
        assert!(missing.is_empty(), "{missing:?}");
    }

    /// The message keys the use cases write into entries as literals (field
    /// labels, reasons, words): each must be a message.
    #[test]
    fn every_word_an_entry_keeps_is_a_message() {
        let keys = english_keys();
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut missing = Vec::new();
        let mut seen = 0;
        let mut files = vec![dir];
        while let Some(path) = files.pop() {
            if path.is_dir() {
                files.extend(std::fs::read_dir(path).unwrap().map(|e| e.unwrap().path()));
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for literal in kept_words(&text) {
                seen += 1;
                if !keys.contains(literal) {
                    missing.push(format!("{}: {literal}", path.display()));
                }
            }
        }
        assert!(seen > 30, "the scan finds the words ({seen})");
        assert!(missing.is_empty(), "{missing:#?}");
    }

    /// The string literals of some Rust code: where each opens, and its text.
    fn literals(code: &str) -> Vec<(usize, &str)> {
        let bytes = code.as_bytes();
        let (mut found, mut i) = (Vec::new(), 0);
        while i < bytes.len() {
            match bytes[i] {
                b'\'' if bytes.get(i + 2) == Some(&b'\'') => i += 3,
                b'"' => {
                    let mut j = i + 1;
                    while j < bytes.len() && bytes[j] != b'"' {
                        j += if bytes[j] == b'\\' { 2 } else { 1 };
                    }
                    found.push((i, &code[i + 1..j.min(bytes.len())]));
                    i = j + 1;
                }
                _ => i += 1,
            }
        }
        found
    }

    /// Literals that are message keys kept in an entry, outside tests: the
    /// first argument of `Change::…(`, the second of `.word(`, and any key
    /// starting `audit-`.
    fn kept_words(text: &str) -> Vec<&str> {
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        let all = literals(code);
        let at = |pos: usize| all.iter().position(|(start, _)| *start == pos);
        let mut found = Vec::new();
        for marker in ["Change::text(", "Change::words(", "Change::event("] {
            for (i, _) in code.match_indices(marker) {
                if let Some(n) = at(i + marker.len()) {
                    found.push(all[n].1);
                }
            }
        }
        for (i, _) in code.match_indices(".word(") {
            if let Some(n) = at(i + ".word(".len()) {
                let (start, name) = all[n];
                if let Some(&(next, key)) = all.get(n + 1) {
                    let between = &code[start + name.len() + 2..next];
                    if between.trim() == "," {
                        found.push(key);
                    }
                }
            }
        }
        found.extend(all.iter().map(|(_, l)| *l).filter(|l| {
            l.starts_with("audit-") && l.chars().all(|c| c.is_ascii_lowercase() || c == '-')
        }));
        found
    }

    #[test]
    fn an_entry_from_before_shows_its_sentence() {
        let e = AuditEntry {
            id: 1,
            created_at: chrono::NaiveDateTime::default(),
            actor_user_id: None,
            actor_name: String::new(),
            impersonator_user_id: None,
            impersonator_name: String::new(),
            action: "customer.updated".into(),
            target_type: "customer".into(),
            target_id: "C-1".into(),
            customer_id: None,
            reseller_id: None,
            summary: "name: A → B".into(),
            client_ip: String::new(),
            details: String::new(),
        };
        assert_eq!(summary(Lang::Fr, &e), "name: A → B");
        assert_eq!(action_label(Lang::Fr, "customer.updated"), "Client modifié");
        assert_eq!(action_label(Lang::Fr, "gone.away"), "gone.away");
    }
}
