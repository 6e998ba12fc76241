//! Who may do what: one table of role × action, and the scope rule that keeps
//! every actor inside their own accounts. Handlers ask [`may`]; nothing else
//! decides access.

use super::roles::Role;

/// Everything a person can ask of Partnerdesk that needs a permission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// The home page of the chosen account.
    ViewDashboard,
    /// Own name, language, timezone, password.
    EditOwnProfile,
    /// Change own password (refused while impersonating).
    ChangeOwnPassword,
    /// Pick another of one's memberships.
    SwitchAccount,
    /// See and add platform staff (operators, support).
    ManageStaff,
    /// The customer list, its search and its CSV export.
    ListCustomers,
    /// A customer's overview and its lists (sites, services, subscriptions).
    ViewCustomer,
    /// The new-customer wizard.
    CreateCustomer,
    /// Manage details: account data, address, administrator, integration.
    EditCustomer,
    SuspendCustomer,
    DeleteCustomer,
    /// Add, rename and remove sites.
    ManageSites,
    /// A customer's list of services and devices.
    ViewServices,
    /// Add, suspend, enroll and remove services and devices.
    ManageServices,
    /// Launch, change and cancel subscriptions.
    ManageSubscriptions,
    /// The reseller-wide list of subscriptions.
    ViewSubscriptions,
    /// Resellers, reseller plans and products.
    ManageCatalog,
    ExportBilling,
    /// Log in as another user (the target's scope is checked with
    /// [`may_impersonate`]).
    Impersonate,
    /// The audit log: the whole platform's for operators, a reseller's own
    /// customers' for resellers.
    ViewAuditLog,
    /// Platform settings (impersonation on or off…).
    ManageSettings,
    /// *Reset and e-mail password* for someone else.
    ResetPassword,
    /// *Manual reset*: type a new password for someone else.
    SetPassword,
    /// Resend or cancel a user's invitation.
    ManageInvitations,
    /// Add a customer's users, change and remove them.
    ManageUsers,
    /// *Send e-mail* to a customer.
    SendEmail,
    /// The outbox screen: every e-mail, its status, *Retry now*.
    ViewOutbox,
}

impl Action {
    pub const ALL: [Action; 27] = [
        Action::ViewDashboard,
        Action::EditOwnProfile,
        Action::ChangeOwnPassword,
        Action::SwitchAccount,
        Action::ManageStaff,
        Action::ListCustomers,
        Action::ViewCustomer,
        Action::CreateCustomer,
        Action::EditCustomer,
        Action::SuspendCustomer,
        Action::DeleteCustomer,
        Action::ManageSites,
        Action::ViewServices,
        Action::ManageServices,
        Action::ManageSubscriptions,
        Action::ViewSubscriptions,
        Action::ManageCatalog,
        Action::ExportBilling,
        Action::Impersonate,
        Action::ViewAuditLog,
        Action::ManageSettings,
        Action::ResetPassword,
        Action::SetPassword,
        Action::ManageInvitations,
        Action::ManageUsers,
        Action::SendEmail,
        Action::ViewOutbox,
    ];

    /// Actions an impersonated session may never take, whatever the role.
    fn forbidden_while_impersonating(self) -> bool {
        matches!(
            self,
            Action::ChangeOwnPassword
                | Action::ManageStaff
                | Action::ManageCatalog
                | Action::ManageSettings
                | Action::Impersonate
                | Action::ResetPassword
                | Action::SetPassword
                | Action::SendEmail
                | Action::ViewOutbox
        )
    }
}

/// The role × action table.
pub fn role_may(role: Role, action: Action) -> bool {
    use Action::*;
    use Role::*;
    match action {
        ViewDashboard | EditOwnProfile | ChangeOwnPassword | SwitchAccount => true,
        ManageStaff | ManageCatalog | ManageSettings => role == Operator,
        Impersonate | ViewAuditLog => matches!(role, Operator | ResellerAdmin),
        ResetPassword | SendEmail => matches!(role, Operator | Support | ResellerAdmin),
        ManageInvitations => matches!(role, Operator | Support | ResellerAdmin | CustomerAdmin),
        ViewOutbox => matches!(role, Operator | Support),
        ListCustomers | ViewSubscriptions => matches!(role, Operator | Support | ResellerAdmin),
        ViewCustomer => matches!(role, Operator | Support | ResellerAdmin | CustomerAdmin),
        CreateCustomer | EditCustomer | SuspendCustomer | DeleteCustomer | ManageSubscriptions
        | SetPassword | ExportBilling => matches!(role, Operator | ResellerAdmin),
        ManageSites | ManageUsers => matches!(role, Operator | ResellerAdmin | CustomerAdmin),
        ManageServices => matches!(role, Operator | ResellerAdmin | CustomerAdmin | Integrator),
        // An integrator manages the account's devices, so sees their list.
        ViewServices => matches!(
            role,
            Operator | Support | ResellerAdmin | CustomerAdmin | Integrator
        ),
    }
}

/// The person acting, as the chosen membership makes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: i64,
    pub role: Role,
    pub reseller_id: Option<i64>,
    pub customer_id: Option<i64>,
    pub impersonating: bool,
}

impl Actor {
    /// The customer account the actor belongs to, as a target: its id and
    /// the target; None for staff and resellers.
    pub fn own_customer(&self) -> Option<(i64, Target)> {
        let (id, reseller_id) = (self.customer_id?, self.reseller_id?);
        Some((id, Target::Customer { id, reseller_id }))
    }
}

/// What an action is aimed at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The actor's own identity or session.
    Own,
    /// Platform-wide things (staff, plans, products, settings).
    Platform,
    Reseller(i64),
    Customer {
        id: i64,
        reseller_id: i64,
    },
}

/// Whether `actor` may do `action` on `target`.
pub fn may(actor: &Actor, action: Action, target: Target) -> bool {
    may_somewhere(actor, action) && in_scope(actor, target)
}

/// Whether `actor` may do `action` on anything at all: when this holds and
/// [`may`] does not, the target is out of the actor's reach.
pub fn may_somewhere(actor: &Actor, action: Action) -> bool {
    !(actor.impersonating && action.forbidden_while_impersonating()) && role_may(actor.role, action)
}

/// The user someone asks to log in as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImpersonationTarget {
    pub user_id: i64,
    /// Holds an operator membership: nobody logs in as an operator.
    pub is_operator: bool,
    /// The account the session will act in: the customer, or the reseller
    /// for a reseller administrator.
    pub scope: Target,
}

/// Whether `actor` may log in as `target`: operators as anyone who is not an
/// operator, resellers as the users of their own customers; never oneself,
/// never from a session that is already impersonating.
pub fn may_impersonate(actor: &Actor, target: ImpersonationTarget) -> bool {
    let scope_ok = match target.scope {
        Target::Customer { .. } => true,
        // Only operators reach a reseller's own administrators.
        Target::Reseller(_) => actor.role == Role::Operator,
        Target::Own | Target::Platform => false,
    };
    scope_ok
        && !target.is_operator
        && target.user_id != actor.user_id
        && may(actor, Action::Impersonate, target.scope)
}

fn in_scope(actor: &Actor, target: Target) -> bool {
    match target {
        Target::Own => true,
        _ if actor.role.is_staff() => true,
        Target::Platform => false,
        Target::Reseller(id) => actor.role == Role::ResellerAdmin && actor.reseller_id == Some(id),
        Target::Customer { id, reseller_id } => match actor.role {
            Role::ResellerAdmin => actor.reseller_id == Some(reseller_id),
            _ => actor.customer_id == Some(id),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role) -> Actor {
        Actor {
            user_id: 1,
            role,
            reseller_id: (role == Role::ResellerAdmin).then_some(10),
            customer_id: role.is_customer_side().then_some(100),
            impersonating: false,
        }
    }

    #[test]
    fn support_reads_but_never_changes_customers() {
        let support = actor(Role::Support);
        let any = Target::Customer {
            id: 1,
            reseller_id: 2,
        };
        assert!(may(&support, Action::ListCustomers, Target::Platform));
        assert!(may(&support, Action::ViewCustomer, any));
        for action in [
            Action::CreateCustomer,
            Action::EditCustomer,
            Action::SuspendCustomer,
            Action::DeleteCustomer,
            Action::ManageSubscriptions,
            Action::ManageCatalog,
        ] {
            assert!(!may(&support, action, any), "{action:?}");
        }
    }

    #[test]
    fn customer_roles_never_reach_the_customer_list() {
        for role in [Role::CustomerAdmin, Role::Integrator, Role::User] {
            assert!(!role_may(role, Action::ListCustomers));
            assert!(!role_may(role, Action::CreateCustomer));
        }
        assert!(role_may(Role::Integrator, Action::ManageServices));
        assert!(!role_may(Role::User, Action::ManageServices));
        assert!(role_may(Role::Integrator, Action::ViewServices));
        assert!(!role_may(Role::Integrator, Action::ViewCustomer));
    }

    #[test]
    fn only_operators_manage_staff() {
        for role in Role::ALL {
            assert_eq!(
                may(&actor(role), Action::ManageStaff, Target::Platform),
                role == Role::Operator,
                "{role}"
            );
        }
    }

    #[test]
    fn everyone_reaches_their_own_things() {
        for role in Role::ALL {
            for action in [
                Action::ViewDashboard,
                Action::EditOwnProfile,
                Action::SwitchAccount,
            ] {
                assert!(may(&actor(role), action, Target::Own), "{role} {action:?}");
            }
        }
    }

    #[test]
    fn resellers_and_customers_stay_inside_their_accounts() {
        let reseller = actor(Role::ResellerAdmin);
        let own = Target::Customer {
            id: 100,
            reseller_id: 10,
        };
        let foreign = Target::Customer {
            id: 200,
            reseller_id: 20,
        };
        assert!(in_scope(&reseller, own));
        assert!(!in_scope(&reseller, foreign));
        assert!(in_scope(&reseller, Target::Reseller(10)));
        assert!(!in_scope(&reseller, Target::Reseller(20)));
        assert!(!in_scope(&reseller, Target::Platform));

        let customer = actor(Role::CustomerAdmin);
        assert!(in_scope(&customer, own));
        assert!(!in_scope(&customer, foreign));
        assert!(!in_scope(&customer, Target::Reseller(10)));

        for staff in [Role::Operator, Role::Support] {
            assert!(in_scope(&actor(staff), foreign));
            assert!(in_scope(&actor(staff), Target::Platform));
        }
    }

    #[test]
    fn who_may_log_in_as_whom() {
        let own_customer = ImpersonationTarget {
            user_id: 7,
            is_operator: false,
            scope: Target::Customer {
                id: 100,
                reseller_id: 10,
            },
        };
        let foreign_customer = ImpersonationTarget {
            scope: Target::Customer {
                id: 200,
                reseller_id: 20,
            },
            ..own_customer
        };
        let reseller_admin = ImpersonationTarget {
            scope: Target::Reseller(10),
            ..own_customer
        };
        let operator = ImpersonationTarget {
            is_operator: true,
            ..reseller_admin
        };
        let op = actor(Role::Operator);
        assert!(may_impersonate(&op, own_customer));
        assert!(may_impersonate(&op, foreign_customer));
        assert!(may_impersonate(&op, reseller_admin));
        assert!(!may_impersonate(&op, operator));
        let reseller = actor(Role::ResellerAdmin);
        assert!(may_impersonate(&reseller, own_customer));
        assert!(!may_impersonate(&reseller, foreign_customer));
        assert!(!may_impersonate(&reseller, reseller_admin));
        for role in [
            Role::Support,
            Role::CustomerAdmin,
            Role::Integrator,
            Role::User,
        ] {
            assert!(!may_impersonate(&actor(role), own_customer), "{role}");
        }
        let mut nested = op.clone();
        nested.impersonating = true;
        assert!(!may_impersonate(&nested, own_customer));
        let myself = ImpersonationTarget {
            user_id: op.user_id,
            ..own_customer
        };
        assert!(!may_impersonate(&op, myself));
    }

    #[test]
    fn an_impersonated_session_cannot_change_the_password() {
        let mut a = actor(Role::CustomerAdmin);
        assert!(may(&a, Action::ChangeOwnPassword, Target::Own));
        a.impersonating = true;
        assert!(!may(&a, Action::ChangeOwnPassword, Target::Own));
        assert!(may(&a, Action::ViewDashboard, Target::Own));
    }
}
