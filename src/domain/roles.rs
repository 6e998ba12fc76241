use std::fmt;
use std::str::FromStr;

/// What a membership lets a person be in an account.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Role {
    Operator,
    Support,
    ResellerAdmin,
    CustomerAdmin,
    Integrator,
    User,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Operator,
        Role::Support,
        Role::ResellerAdmin,
        Role::CustomerAdmin,
        Role::Integrator,
        Role::User,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Operator => "operator",
            Role::Support => "support",
            Role::ResellerAdmin => "reseller_admin",
            Role::CustomerAdmin => "customer_admin",
            Role::Integrator => "integrator",
            Role::User => "user",
        }
    }

    /// The translation key of the role's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Role::Operator => "role-operator",
            Role::Support => "role-support",
            Role::ResellerAdmin => "role-reseller_admin",
            Role::CustomerAdmin => "role-customer_admin",
            Role::Integrator => "role-integrator",
            Role::User => "role-user",
        }
    }

    /// Platform staff act across all resellers.
    pub fn is_staff(self) -> bool {
        matches!(self, Role::Operator | Role::Support)
    }

    pub fn is_customer_side(self) -> bool {
        matches!(self, Role::CustomerAdmin | Role::Integrator | Role::User)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| format!("unknown role '{s}'"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_text() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>().unwrap(), role);
        }
        assert!("admin".parse::<Role>().is_err());
    }
}
