//! Field errors for re-rendered forms: each message sits next to its field,
//! and the form keeps what was typed.

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
