//! The new-customer wizard's draft and the rules of its steps 3 and 4
//! (steps 1 and 2 are `customer::check_account` and `check_address`).

use serde::{Deserialize, Serialize};

use super::customer::{optional_text, AccountFields, Address};
use super::validate::{email, required_text, Problem, MAX_NAME};
use crate::i18n::Lang;

pub const STEPS: i64 = 5;
pub const DRAFT_HOURS: i64 = 24;

/// The customer's administrator as typed (step 3).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AdminFields {
    #[serde(default)]
    pub full_name: String,
    #[serde(default)]
    pub language: String,
    #[serde(default)]
    pub identity_provider: String,
    #[serde(default)]
    pub username: String,
    /// "E-mail same as username"; checked by default.
    #[serde(default)]
    pub email_same: Option<String>,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
}

impl AdminFields {
    pub fn new_default() -> Self {
        AdminFields {
            language: "en".into(),
            identity_provider: "local".into(),
            email_same: Some("on".into()),
            ..Default::default()
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Admin {
    pub full_name: String,
    pub language: Lang,
    pub identity_provider: String,
    pub username: String,
    pub email: String,
    pub phone: String,
}

/// Checks step 3. `providers` are the configured single sign-on names.
pub fn check_admin(
    f: &AdminFields,
    providers: &[String],
) -> Result<Admin, Vec<(&'static str, Problem)>> {
    let mut problems = Vec::new();
    let full_name = required_text(&f.full_name, MAX_NAME)
        .map_err(|p| problems.push(("full_name", p)))
        .ok();
    let language = Lang::from_code(f.language.trim());
    if language.is_none() {
        problems.push(("language", Problem::new("language-unknown")));
    }
    let idp = f.identity_provider.trim();
    if idp != "local" && !providers.iter().any(|p| p == idp) {
        problems.push(("identity_provider", Problem::new("idp-unknown")));
    }
    let same = f.email_same.is_some();
    let username = if same {
        email(&f.username)
            .map_err(|p| problems.push(("username", p)))
            .ok()
    } else {
        super::validate::username(&f.username)
            .map_err(|p| problems.push(("username", p)))
            .ok()
    };
    let mail = if same {
        username.clone()
    } else {
        email(&f.email)
            .map_err(|p| problems.push(("email", p)))
            .ok()
    };
    let phone = optional_text(&f.phone, 40)
        .map_err(|p| problems.push(("phone", p)))
        .ok();
    match (full_name, language, username, mail, phone) {
        (Some(full_name), Some(language), Some(username), Some(email), Some(phone))
            if problems.is_empty() =>
        {
            Ok(Admin {
                full_name,
                language,
                identity_provider: idp.to_string(),
                username,
                email,
                phone,
            })
        }
        _ => Err(problems),
    }
}

pub const INTEGRATION_KINDS: [&str; 4] = ["pbx", "m365", "google", "other"];

/// The optional integration as typed (step 4). The credentials are kept
/// encrypted in the draft; `credentials` holds only what was just typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IntegrationFields {
    /// Empty: no integration.
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub endpoint: String,
    #[serde(default, skip_serializing)]
    pub credentials: String,
    #[serde(default)]
    pub credentials_encrypted: String,
    #[serde(default)]
    pub create_disabled: Option<String>,
    #[serde(default)]
    pub auto_provision: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IntegrationPlan {
    pub kind: String,
    pub endpoint: Endpoint,
    pub enabled: bool,
    pub auto_provision: bool,
}

/// Where an integration connects: a URL, or host and port.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    pub raw: String,
    pub host: String,
    pub port: u16,
}

/// `https://pbx.example.com/api`, `http://10.0.0.5:8080` or `pbx.example.com:5060`.
pub fn parse_endpoint(raw: &str) -> Result<Endpoint, Problem> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(Problem::new("field-required"));
    }
    if raw.len() > 500 {
        return Err(Problem {
            key: "field-too-long",
            args: vec![("max", "500".into())],
        });
    }
    let bad = || Problem::new("endpoint-invalid");
    if raw.contains("://") {
        let url = url::Url::parse(raw).map_err(|_| bad())?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(bad());
        }
        let host = url
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or_else(bad)?
            .to_string();
        let port = url.port_or_known_default().ok_or_else(bad)?;
        return Ok(Endpoint {
            raw: raw.to_string(),
            host,
            port,
        });
    }
    let (host, port) = raw.rsplit_once(':').ok_or_else(bad)?;
    let port: u16 = port.parse().map_err(|_| bad())?;
    let valid_host = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '[' | ']' | ':'));
    if !valid_host || port == 0 {
        return Err(bad());
    }
    Ok(Endpoint {
        raw: raw.to_string(),
        host: host.trim_matches(['[', ']']).to_string(),
        port,
    })
}

/// Checks step 4: `None` when no integration is wanted.
pub fn check_integration(
    f: &IntegrationFields,
) -> Result<Option<IntegrationPlan>, Vec<(&'static str, Problem)>> {
    let kind = f.kind.trim();
    if kind.is_empty() {
        return Ok(None);
    }
    let mut problems = Vec::new();
    if !INTEGRATION_KINDS.contains(&kind) {
        problems.push(("kind", Problem::new("integration-kind-unknown")));
    }
    let endpoint = parse_endpoint(&f.endpoint)
        .map_err(|p| problems.push(("endpoint", p)))
        .ok();
    if f.credentials.len() > 4000 {
        problems.push((
            "credentials",
            Problem {
                key: "field-too-long",
                args: vec![("max", "4000".into())],
            },
        ));
    }
    match endpoint {
        Some(endpoint) if problems.is_empty() => Ok(Some(IntegrationPlan {
            kind: kind.to_string(),
            endpoint,
            enabled: f.create_disabled.is_none(),
            auto_provision: f.auto_provision.is_some(),
        })),
        _ => Err(problems),
    }
}

/// Everything typed so far, kept server-side between steps.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Draft {
    /// Operators choose the reseller; for resellers it is their own.
    #[serde(default)]
    pub reseller_id: String,
    #[serde(default)]
    pub account: AccountFields,
    #[serde(default)]
    pub address: Address,
    #[serde(default)]
    pub admin: AdminFields,
    #[serde(default)]
    pub integration: IntegrationFields,
    /// The highest step that passed its checks.
    #[serde(default)]
    pub completed: i64,
}

impl Draft {
    pub fn new() -> Self {
        Draft {
            admin: AdminFields::new_default(),
            account: AccountFields {
                term: "monthly".into(),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    /// A step can be opened once every step before it has passed.
    pub fn may_open(&self, step: i64) -> bool {
        (1..=STEPS).contains(&step) && step <= self.completed + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn admin() -> AdminFields {
        AdminFields {
            full_name: "Ada Admin".into(),
            username: "Ada@Example.com".into(),
            ..AdminFields::new_default()
        }
    }

    #[test]
    fn the_username_is_the_email_by_default() {
        let a = check_admin(&admin(), &[]).unwrap();
        assert_eq!(
            (a.username.as_str(), a.email.as_str()),
            ("ada@example.com", "ada@example.com")
        );
        let mut f = admin();
        f.email_same = None;
        f.username = "ada.admin".into();
        let problems = check_admin(&f, &[]).unwrap_err();
        assert_eq!(problems[0].0, "email");
        f.email = "ada@corp.example".into();
        let a = check_admin(&f, &[]).unwrap();
        assert_eq!(
            (a.username.as_str(), a.email.as_str()),
            ("ada.admin", "ada@corp.example")
        );
    }

    #[test]
    fn only_configured_single_sign_on_providers() {
        let mut f = admin();
        f.identity_provider = "okta".into();
        assert_eq!(check_admin(&f, &[]).unwrap_err()[0].0, "identity_provider");
        assert!(check_admin(&f, &["okta".into()]).is_ok());
    }

    #[test]
    fn endpoints_are_urls_or_host_and_port() {
        assert_eq!(
            parse_endpoint("https://pbx.example.com/api").unwrap().port,
            443
        );
        let e = parse_endpoint("10.1.2.3:5060").unwrap();
        assert_eq!((e.host.as_str(), e.port), ("10.1.2.3", 5060));
        for bad in [
            "",
            "pbx",
            "ftp://x.example",
            "host:0",
            "host:99999",
            "http://",
            "a b:80",
        ] {
            assert!(parse_endpoint(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn no_kind_means_no_integration() {
        assert_eq!(
            check_integration(&IntegrationFields::default()).unwrap(),
            None
        );
        let f = IntegrationFields {
            kind: "pbx".into(),
            endpoint: "pbx.example.com:5060".into(),
            create_disabled: Some("on".into()),
            ..Default::default()
        };
        let plan = check_integration(&f).unwrap().unwrap();
        assert!(!plan.enabled);
        let f = IntegrationFields {
            kind: "fax".into(),
            endpoint: "nope".into(),
            ..Default::default()
        };
        assert_eq!(check_integration(&f).unwrap_err().len(), 2);
    }

    #[test]
    fn steps_open_in_order() {
        let mut d = Draft::new();
        assert!(d.may_open(1) && !d.may_open(2));
        d.completed = 3;
        assert!(d.may_open(4) && !d.may_open(5) && !d.may_open(6) && !d.may_open(0));
    }
}
