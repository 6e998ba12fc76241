//! Services and devices of a customer.

use super::audit::AuditAction;
pub const KINDS: [&str; 4] = ["media_service", "video_unit", "line", "device"];

/// What a row action does to a service: (status, enrolled) after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceAction {
    Suspend,
    Activate,
    Enroll,
    Unenroll,
    Remove,
}

impl ServiceAction {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "suspend" => ServiceAction::Suspend,
            "activate" => ServiceAction::Activate,
            "enroll" => ServiceAction::Enroll,
            "unenroll" => ServiceAction::Unenroll,
            "remove" => ServiceAction::Remove,
            _ => return None,
        })
    }

    pub fn audit_name(self) -> AuditAction {
        match self {
            ServiceAction::Suspend => AuditAction::ServiceSuspended,
            ServiceAction::Activate => AuditAction::ServiceActivated,
            ServiceAction::Enroll => AuditAction::ServiceEnrolled,
            ServiceAction::Unenroll => AuditAction::ServiceUnenrolled,
            ServiceAction::Remove => AuditAction::ServiceRemoved,
        }
    }

    /// The translation key of the confirmation.
    pub fn message_key(self) -> &'static str {
        match self {
            ServiceAction::Suspend => "service-suspended-msg",
            ServiceAction::Activate => "service-activated-msg",
            ServiceAction::Enroll => "service-enrolled-msg",
            ServiceAction::Unenroll => "service-unenrolled-msg",
            ServiceAction::Remove => "service-removed-msg",
        }
    }

    /// The state after the action, or None for removal.
    pub fn apply(self, status: &str, enrolled: bool) -> Option<(&'static str, bool)> {
        let status = if status == "suspended" {
            "suspended"
        } else {
            "active"
        };
        match self {
            ServiceAction::Suspend => Some(("suspended", enrolled)),
            ServiceAction::Activate => Some(("active", enrolled)),
            ServiceAction::Enroll => Some((status, true)),
            ServiceAction::Unenroll => Some((status, false)),
            ServiceAction::Remove => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_change_one_thing_each() {
        assert_eq!(
            ServiceAction::Suspend.apply("active", true),
            Some(("suspended", true))
        );
        assert_eq!(
            ServiceAction::Enroll.apply("suspended", false),
            Some(("suspended", true))
        );
        assert_eq!(ServiceAction::Remove.apply("active", true), None);
        assert_eq!(ServiceAction::parse("explode"), None);
    }
}
