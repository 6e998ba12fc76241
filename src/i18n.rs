//! The one translation layer: Fluent files under `src/locales`, compiled into
//! the binary, for English, French and Spanish.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{static_loader, LanguageIdentifier, Loader};
use unic_langid::langid;

static_loader! {
    static LOCALES = {
        locales: "./src/locales",
        fallback_language: "en",
        // Unicode isolation marks would show up in e-mails and CSV files.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static EN: LanguageIdentifier = langid!("en");
static FR: LanguageIdentifier = langid!("fr");
static ES: LanguageIdentifier = langid!("es");

/// How many messages per language a thread keeps (far more than exist).
const MEMO_LIMIT: usize = 4096;

thread_local! {
    static MEMO: RefCell<[HashMap<String, String>; 3]> = RefCell::default();
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Fr,
    Es,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Fr, Lang::Es];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::Es => "es",
        }
    }

    /// The language's name in itself, for switchers.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Fr => "Français",
            Lang::Es => "Español",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::En => &EN,
            Lang::Fr => &FR,
            Lang::Es => &ES,
        }
    }

    /// The message `key`. Messages without arguments never change, so each
    /// thread keeps the ones it has looked up (a page asks for dozens).
    pub fn t(self, key: &str) -> String {
        MEMO.with(|memo| {
            let mut memo = memo.borrow_mut();
            let table = &mut memo[self as usize];
            if let Some(text) = table.get(key) {
                return text.clone();
            }
            let text = LOCALES.lookup(self.id(), key);
            if table.len() < MEMO_LIMIT {
                table.insert(key.to_string(), text.clone());
            }
            text
        })
    }

    pub fn t_args<K: AsRef<str>>(self, key: &str, args: &[(K, String)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(k, v)| {
                // A whole number goes as a number, so that a message can
                // choose its plural form (`[one]`, `*[other]`).
                let value = match v.parse::<i64>() {
                    Ok(n) => FluentValue::from(n),
                    Err(_) => FluentValue::from(v.clone()),
                };
                (Cow::Owned(k.as_ref().to_string()), value)
            })
            .collect();
        LOCALES.lookup_with_args(self.id(), key, &args)
    }

    /// A whole number with its thousands grouped as the language writes
    /// them: 1,234,567 · 1 234 567 (a narrow no-break space) · 1.234.567.
    pub fn number(self, n: i64) -> String {
        let separator = match self {
            Lang::En => ",",
            Lang::Fr => "\u{202F}",
            Lang::Es => ".",
        };
        let digits = n.unsigned_abs().to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3 + 1);
        if n < 0 {
            out.push('-');
        }
        for (i, d) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(separator);
            }
            out.push(d);
        }
        out
    }

    /// Picks the best of our languages for an `Accept-Language` header.
    pub fn negotiate(accept_language: &str) -> Lang {
        let requested = by_weight(accept_language);
        let available: Vec<LanguageIdentifier> = Lang::ALL.iter().map(|l| l.id().clone()).collect();
        let chosen = fluent_langneg::negotiate_languages(
            &requested,
            &available,
            Some(&EN),
            fluent_langneg::NegotiationStrategy::Lookup,
        );
        chosen
            .first()
            .and_then(|id| Lang::from_code(id.language.as_str()))
            .unwrap_or_default()
    }
}

/// The languages of an `Accept-Language` header, heaviest first (`q`, 1 when
/// absent; ties keep their order; `q=0` means "not this one").
fn by_weight(header: &str) -> Vec<LanguageIdentifier> {
    let mut weighted: Vec<(f32, LanguageIdentifier)> = header
        .split(',')
        .filter_map(|part| {
            let mut pieces = part.split(';');
            let tag = pieces.next()?.trim().parse().ok()?;
            let q = pieces
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            (q > 0.0).then_some((q, tag))
        })
        .collect();
    weighted.sort_by(|a, b| b.0.total_cmp(&a.0));
    weighted.into_iter().map(|(_, tag)| tag).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn accept_language_weights_decide_not_their_order() {
        assert_eq!(Lang::negotiate("en;q=0.3, fr;q=0.9"), Lang::Fr);
        assert_eq!(Lang::negotiate("de, es;q=0.8, en;q=0.5"), Lang::Es);
        assert_eq!(Lang::negotiate("fr;q=0, es"), Lang::Es);
        assert_eq!(Lang::negotiate("fr-CA"), Lang::Fr);
        assert_eq!(Lang::negotiate("xx;q=abc, ,;;"), Lang::En);
    }

    #[test]
    fn numbers_are_grouped_as_each_language_writes_them() {
        assert_eq!(Lang::En.number(1_234_567), "1,234,567");
        assert_eq!(Lang::Fr.number(1_234_567), "1\u{202F}234\u{202F}567");
        assert_eq!(Lang::Es.number(1_000), "1.000");
        assert_eq!(Lang::En.number(999), "999");
        assert_eq!(Lang::En.number(0), "0");
        assert_eq!(Lang::En.number(-12_345), "-12,345");
        assert_eq!(Lang::En.number(100_000), "100,000");
    }

    fn keys(lang: &str) -> BTreeSet<String> {
        // Every file of the language: one bundle, so one key space.
        let dir = format!("{}/src/locales/{lang}", env!("CARGO_MANIFEST_DIR"));
        let mut text = String::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            text.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
            text.push('\n');
        }
        let listed: Vec<String> = text
            .lines()
            .filter_map(|l| l.split_once(" ="))
            .filter(|(k, _)| !k.starts_with(['#', ' ', '.']) && !k.is_empty())
            .map(|(k, _)| k.to_string())
            .collect();
        let unique: BTreeSet<String> = listed.iter().cloned().collect();
        // Fluent refuses a bundle with a message defined twice.
        assert_eq!(unique.len(), listed.len(), "{lang} defines a message twice");
        unique
    }

    #[test]
    fn french_and_spanish_are_complete() {
        let en = keys("en");
        assert!(en.len() > 50);
        for lang in ["fr", "es"] {
            let other = keys(lang);
            let missing: Vec<_> = en.difference(&other).collect();
            let extra: Vec<_> = other.difference(&en).collect();
            assert!(missing.is_empty(), "{lang} lacks {missing:?}");
            assert!(extra.is_empty(), "{lang} has unknown keys {extra:?}");
        }
    }

    /// Messages that choose a plural form (`{ $n -> [one] … *[other] … }`).
    fn plural_keys(lang: &str) -> BTreeSet<String> {
        let dir = format!("{}/src/locales/{lang}", env!("CARGO_MANIFEST_DIR"));
        let mut found = BTreeSet::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for (k, v) in text.lines().filter_map(|l| l.split_once(" =")) {
                if !k.starts_with(['#', ' ', '.']) && v.trim_end().ends_with("->") {
                    found.insert(k.to_string());
                }
            }
        }
        found
    }

    #[test]
    fn counted_words_agree_with_their_number_in_every_language() {
        let en = plural_keys("en");
        assert!(en.contains("customers-total") && en.contains("users-added"));
        for lang in ["fr", "es"] {
            assert_eq!(
                plural_keys(lang),
                en,
                "{lang} chooses plural forms as en does"
            );
        }
        let total = |lang: Lang, n: i64| {
            let args = [("n", n.to_string()), ("count", lang.number(n))];
            lang.t_args("customers-total", &args)
        };
        assert_eq!(total(Lang::En, 1), "1 customer");
        assert_eq!(total(Lang::En, 0), "0 customers");
        assert_eq!(total(Lang::En, 1234), "1,234 customers");
        // French counts 0 and 1 as one.
        assert_eq!(total(Lang::Fr, 0), "0 client");
        assert_eq!(total(Lang::Fr, 2), "2 clients");
        assert_eq!(total(Lang::Es, 1), "1 cliente");
        assert_eq!(total(Lang::Es, 3), "3 clientes");
    }

    #[test]
    fn french_puts_a_space_before_double_punctuation() {
        let dir = format!("{}/src/locales/fr", env!("CARGO_MANIFEST_DIR"));
        let mut wrong = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for line in text.lines().filter(|l| !l.starts_with('#')) {
                let value = match line.split_once(" = ") {
                    Some((_, v)) => v,
                    None => line,
                };
                let chars: Vec<char> = value.chars().collect();
                // Punctuation ending a clause (followed by a space or the end),
                // not the colon of `host:port` or `https://`.
                let bad = chars.iter().enumerate().any(|(i, c)| {
                    ":;!?".contains(*c)
                        && chars.get(i + 1).is_none_or(|n| *n == ' ')
                        && i > 0
                        && !matches!(chars[i - 1], ' ' | '\u{a0}' | '\u{202f}')
                });
                if bad {
                    wrong.push(line.to_string());
                }
            }
        }
        assert!(
            wrong.is_empty(),
            "French wants a space before : ; ! ? in {wrong:#?}"
        );
    }

    #[test]
    fn translates_and_negotiates() {
        assert_eq!(Lang::Fr.t("login-submit"), "Se connecter");
        // Keys from every file of a language are found.
        assert_eq!(Lang::Es.t("outbox-retry"), "Reintentar ahora");
        assert_eq!(Lang::Fr.t("nav-audit"), "Journal d'audit");
        assert_eq!(Lang::Es.t("login-submit"), "Iniciar sesión");
        assert_eq!(Lang::negotiate("fr-CH, fr;q=0.9, en;q=0.8"), Lang::Fr);
        assert_eq!(Lang::negotiate("de-DE,es;q=0.5"), Lang::Es);
        assert_eq!(Lang::negotiate("de"), Lang::En);
        assert_eq!(Lang::negotiate(""), Lang::En);
        assert_eq!(
            Lang::En.t_args("dashboard-welcome", &[("name", "Ada".into())]),
            "Welcome, Ada"
        );
    }
}
