//! Field errors for re-rendered forms: each message sits next to its field,
//! and the form keeps what was typed.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::domain::countries;
use crate::domain::password::PasswordProblem;
use crate::domain::validate::Problem;
use crate::i18n::Lang;

#[derive(Debug, Default)]
pub struct FormErrors {
    lang: Lang,
    fields: Vec<(&'static str, String)>,
}

impl FormErrors {
    pub fn new(lang: Lang) -> Self {
        FormErrors {
            lang,
            fields: Vec::new(),
        }
    }

    pub fn add(&mut self, field: &'static str, key: &str) {
        let message = self.lang.t(key);
        self.fields.push((field, message));
    }

    pub fn add_problem(&mut self, field: &'static str, problem: &Problem) {
        let message = self.lang.t_args(problem.key, &problem.args);
        self.fields.push((field, message));
    }

    pub fn add_password(&mut self, field: &'static str, problem: PasswordProblem) {
        self.add(field, problem.message_key());
    }

    /// Keeps a valid value, or records why it is not.
    pub fn check<T>(&mut self, field: &'static str, result: Result<T, Problem>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(p) => {
                self.add_problem(field, &p);
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    pub fn has(&self, field: &str) -> bool {
        self.fields.iter().any(|(f, _)| *f == field)
    }

    /// The message for a field, empty when it has none.
    pub fn msg(&self, field: &str) -> &str {
        self.fields
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
            .unwrap_or("")
    }
}

/// A form whose only field is where to go back to (`return`): the row and
/// confirmation actions, and their confirmation pages' query.
#[derive(Debug, Deserialize)]
pub struct ReturnForm {
    #[serde(rename = "return")]
    pub return_to: Option<String>,
}

/// A group of a time zone select: its label in the reader's language, and
/// its zones.
pub struct ZoneGroup {
    pub label: String,
    pub zones: Vec<&'static str>,
}

/// The time zones a select offers ([`countries::zone_groups`]): the
/// country's own first, then every region.
pub fn zone_groups(lang: Lang, country: Option<&str>) -> Vec<ZoneGroup> {
    countries::zone_groups(country)
        .into_iter()
        .map(|(region, zones)| ZoneGroup {
            label: if region.is_empty() {
                lang.t("timezone-group-country")
            } else {
                lang.t(&format!("timezone-region-{}", region.to_lowercase()))
            },
            zones,
        })
        .collect()
}

/// A country as a select offers it: its code, its name in the reader's
/// language.
pub struct CountryChoice {
    pub code: &'static str,
    pub name: String,
}

/// Every country, named and in alphabetical order in the reader's language
/// (accents aside: *États-Unis* among the E).
pub fn countries(lang: Lang) -> &'static [CountryChoice] {
    static SORTED: [OnceLock<Vec<CountryChoice>>; 3] = [const { OnceLock::new() }; 3];
    SORTED[lang as usize].get_or_init(|| {
        let mut all: Vec<CountryChoice> = countries::all()
            .iter()
            .map(|c| CountryChoice {
                code: c.code,
                name: country_name(lang, c.code),
            })
            .collect();
        all.sort_by_cached_key(|c| fold(&c.name));
        all
    })
}

/// A country's name in the reader's language, or the code as stored when it
/// is not one we know.
pub fn country_name(lang: Lang, code: &str) -> String {
    match countries::find(code) {
        Some(c) => lang.t(&format!("country-{}", c.code)),
        None => code.to_string(),
    }
}

/// A name as it sorts: lower case, without accents.
fn fold(name: &str) -> String {
    name.to_lowercase()
        .chars()
        .flat_map(|c| {
            let plain = match c {
                'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => "a",
                'ç' => "c",
                'è' | 'é' | 'ê' | 'ë' => "e",
                'ì' | 'í' | 'î' | 'ï' => "i",
                'ñ' => "n",
                'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => "o",
                'ù' | 'ú' | 'û' | 'ü' => "u",
                'ý' | 'ÿ' => "y",
                'æ' => "ae",
                'œ' => "oe",
                _ => return vec![c],
            };
            plain.chars().collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_are_named_and_sorted_in_the_readers_language() {
        let names =
            |lang| -> Vec<String> { countries(lang).iter().map(|c| c.name.clone()).collect() };
        let es = names(Lang::Es);
        assert!(es.contains(&"Francia".to_string()));
        let fr = names(Lang::Fr);
        let at = |list: &[String], name: &str| list.iter().position(|n| n == name).unwrap();
        // États-Unis sorts among the E, before Éthiopie and after Espagne.
        assert!(at(&fr, "Espagne") < at(&fr, "États-Unis"));
        assert!(at(&fr, "États-Unis") < at(&fr, "Éthiopie"));
        assert!(at(&fr, "Égypte") < at(&fr, "Espagne"));
        assert_eq!(countries(Lang::En).len(), countries::all().len());
        assert_eq!(country_name(Lang::Es, "DE"), "Alemania");
        assert_eq!(country_name(Lang::Es, "XX"), "XX");
    }
}
