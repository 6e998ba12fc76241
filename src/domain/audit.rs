//! What the audit log records: each action as a code, and what happened as
//! that action's arguments, so that a reader sees it in their own language
//! (the web layer renders the message `audit-detail-<action>` with them).

use serde_json::{Map, Value};

macro_rules! actions {
    ($($variant:ident = $code:literal,)*) => {
        /// Everything the audit log can say a person (or the platform) did.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum AuditAction { $($variant),* }

        impl AuditAction {
            pub const ALL: &'static [AuditAction] = &[$(AuditAction::$variant),*];

            /// The code kept in the database and in the CSV export.
            pub fn as_str(self) -> &'static str {
                match self { $(AuditAction::$variant => $code),* }
            }
        }
    };
}

actions! {
    LoginSucceeded = "login.succeeded",
    LoginFailed = "login.failed",
    LoginLocked = "login.locked",
    Logout = "logout",
    ImpersonationStarted = "impersonation.started",
    ImpersonationRefused = "impersonation.refused",
    ImpersonationEnded = "impersonation.ended",
    CustomerCreated = "customer.created",
    CustomerProvisioned = "customer.provisioned",
    CustomerUpdated = "customer.updated",
    CustomerSuspended = "customer.suspended",
    CustomerEnabled = "customer.enabled",
    CustomerDeleted = "customer.deleted",
    CustomerTrialEnded = "customer.trial_ended",
    CustomerTermChanged = "customer.term_changed",
    EmailSent = "email.sent",
    EmailRetried = "email.retried",
    SiteCreated = "site.created",
    SiteRenamed = "site.renamed",
    SiteRemoved = "site.removed",
    ServiceCreated = "service.created",
    ServiceSuspended = "service.suspended",
    ServiceActivated = "service.activated",
    ServiceEnrolled = "service.enrolled",
    ServiceUnenrolled = "service.unenrolled",
    ServiceRemoved = "service.removed",
    SubscriptionCreated = "subscription.created",
    SubscriptionUpdated = "subscription.updated",
    SubscriptionCancelled = "subscription.cancelled",
    UserAdded = "user.added",
    UserModified = "user.modified",
    UserEdited = "user.edited",
    UserEnabled = "user.enabled",
    UserDisabled = "user.disabled",
    UserRemoved = "user.removed",
    UsersImported = "users.imported",
    InvitationResent = "invitation.resent",
    InvitationCancelled = "invitation.cancelled",
    InvitationAccepted = "invitation.accepted",
    PasswordChanged = "password.changed",
    PasswordResetRequested = "password.reset_requested",
    PasswordResetEmailed = "password.reset_emailed",
    PasswordResetByLink = "password.reset_by_link",
    ProfileUpdated = "profile.updated",
    ResellerCreated = "reseller.created",
    ResellerUpdated = "reseller.updated",
    ResellerSuspended = "reseller.suspended",
    ResellerEnabled = "reseller.enabled",
    ResellerAdminCreated = "reseller_admin.created",
    StaffCreated = "staff.created",
    PlanCreated = "plan.created",
    PlanUpdated = "plan.updated",
    ProductCreated = "product.created",
    ProductUpdated = "product.updated",
    PackageCreated = "package.created",
    PackageRemoved = "package.removed",
    SettingsUpdated = "settings.updated",
}

impl AuditAction {
    pub fn from_code(code: &str) -> Option<AuditAction> {
        Self::ALL.iter().copied().find(|a| a.as_str() == code)
    }

    /// The part of a message key naming this action: `customer-trial-ended`.
    pub fn key_part(self) -> String {
        self.as_str().replace(['.', '_'], "-")
    }
}

/// The arguments of an entry. A value is kept as one of: text shown as
/// written (names, e-mails), a number, a word (a message key the reader's
/// language renders), or a list of changes (a field's key, before, after).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Details(Map<String, Value>);

/// A value that is a message key, not text.
const WORD: &str = "w";

impl Details {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn text(mut self, name: &str, value: impl Into<String>) -> Self {
        self.0.insert(name.into(), Value::String(value.into()));
        self
    }

    pub fn number(mut self, name: &str, n: i64) -> Self {
        self.0.insert(name.into(), Value::from(n));
        self
    }

    pub fn word(mut self, name: &str, key: impl Into<String>) -> Self {
        self.0.insert(name.into(), word(key));
        self
    }

    /// `changes`: what changed, field by field.
    pub fn changes(mut self, changes: Vec<Change>) -> Self {
        let list = changes.into_iter().map(Change::into_value).collect();
        self.0.insert("changes".into(), Value::Array(list));
        self
    }

    pub fn encode(&self) -> String {
        Value::Object(self.0.clone()).to_string()
    }

    /// The arguments kept in the database; `None` for an entry written
    /// before they were (its summary is then an English sentence).
    pub fn decode(raw: &str) -> Option<Details> {
        match serde_json::from_str(raw) {
            Ok(Value::Object(map)) => Some(Details(map)),
            _ => None,
        }
    }

    /// Each argument in the reader's words, given how to translate a key
    /// and write a number.
    pub fn render(
        &self,
        translate: &dyn Fn(&str) -> String,
        number: &dyn Fn(i64) -> String,
        change: &dyn Fn(String, String, String) -> String,
    ) -> Vec<(String, String)> {
        let value = |v: &Value| render_value(v, translate, number);
        self.0
            .iter()
            .map(|(name, v)| {
                let text = match v {
                    Value::Array(items) => items
                        .iter()
                        .map(|item| {
                            let part = |k: &str| item.get(k).map(value).unwrap_or_default();
                            match item.get("from") {
                                Some(_) => change(part("field"), part("from"), part("to")),
                                None => part("field"),
                            }
                        })
                        .collect::<Vec<_>>()
                        .join("; "),
                    v => value(v),
                };
                (name.clone(), text)
            })
            .collect()
    }
}

fn word(key: impl Into<String>) -> Value {
    let mut m = Map::new();
    m.insert(WORD.into(), Value::String(key.into()));
    Value::Object(m)
}

fn render_value(
    v: &Value,
    translate: &dyn Fn(&str) -> String,
    number: &dyn Fn(i64) -> String,
) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.as_i64().map(number).unwrap_or_else(|| n.to_string()),
        Value::Object(m) => match m.get(WORD) {
            Some(Value::String(key)) => translate(key),
            _ => String::new(),
        },
        Value::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

/// One field changed: its label's key, and the value before and after
/// (text, or a word when the value is a code such as a status).
#[derive(Debug, Clone)]
pub struct Change {
    field: &'static str,
    from: Option<Value>,
    to: Option<Value>,
}

impl Change {
    pub fn text(field: &'static str, from: impl Into<String>, to: impl Into<String>) -> Self {
        Change {
            field,
            from: Some(Value::String(from.into())),
            to: Some(Value::String(to.into())),
        }
    }

    /// Something that happened without a value to show ("notes changed").
    pub fn event(what: &'static str) -> Self {
        Change {
            field: what,
            from: None,
            to: None,
        }
    }

    pub fn words(field: &'static str, from: impl Into<String>, to: impl Into<String>) -> Self {
        Change {
            field,
            from: Some(word(from)),
            to: Some(word(to)),
        }
    }

    fn into_value(self) -> Value {
        let mut m = Map::new();
        m.insert("field".into(), word(self.field));
        if let (Some(from), Some(to)) = (self.from, self.to) {
            m.insert("from".into(), from);
            m.insert("to".into(), to);
        }
        Value::Object(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_found_again() {
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::from_code(a.as_str()), Some(*a));
        }
        assert_eq!(
            AuditAction::CustomerTrialEnded.key_part(),
            "customer-trial-ended"
        );
    }

    #[test]
    fn details_come_back_in_the_readers_words() {
        let d = Details::new()
            .text("email", "ana@example.com")
            .number("seats", 1200)
            .word("status", "status-active")
            .changes(vec![
                Change::text("field-phone", "", "+33 1"),
                Change::words("field-role", "role-a", "role-b"),
                Change::event("notes-changed"),
            ]);
        let back = Details::decode(&d.encode()).expect("decodes");
        let t = |k: &str| k.to_uppercase();
        let n = |n: i64| format!("#{n}");
        let c = |f: String, a: String, b: String| format!("{f}={a}>{b}");
        let mut args = back.render(&t, &n, &c);
        args.sort();
        assert_eq!(
            args,
            vec![
                (
                    "changes".into(),
                    "FIELD-PHONE=>+33 1; FIELD-ROLE=ROLE-A>ROLE-B; NOTES-CHANGED".into()
                ),
                ("email".into(), "ana@example.com".into()),
                ("seats".into(), "#1200".into()),
                ("status".into(), "STATUS-ACTIVE".into()),
            ]
        );
        assert_eq!(Details::decode("login name: x"), None);
    }
}
