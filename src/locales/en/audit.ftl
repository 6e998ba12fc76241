# The audit log's words: action names, what each entry says, its filter.
audit-change = { $field }: { $from } → { $to }
audit-via-import = by import
audit-login-new = invited
audit-login-existing = existing login
audit-on = On
audit-off = Off
audit-field-impersonation = Log in as
audit-notes-changed = Notes changed
audit-admin-password-set = Administrator's password set by hand
audit-integration-removed = Integration removed
audit-integration-credentials = Integration credentials changed
audit-integration-added = Integration added
audit-why-unknown-user = Unknown user
audit-why-unknown-customer = Unknown customer
audit-why-unknown-reseller = Unknown reseller
audit-why-switched-off = "Log in as" is switched off
audit-why-not-allowed = Not allowed for this user
audit-why-already-impersonating = Already logged in as someone
audit-why-csrf = Missing or invalid security token
audit-why-returned = Returned to their own session
audit-why-expired = Time limit reached
audit-why-revoked = The actor lost the right
audit-why-target-unavailable = The user can no longer log in
audit-why-profile = On the profile page
audit-why-after-reset = Own password chosen after a reset
## What an entry is about
audit-target-user = User
audit-target-customer = Customer
audit-target-site = Site
audit-target-service = Service
audit-target-subscription = Subscription
audit-target-catalog = Catalogue
audit-target-email = E-mail
audit-target-setting = Setting
## The filter's families of actions
audit-family-login = Logins
audit-family-logout = Logouts
audit-family-impersonation = Log in as
audit-family-customer = Customers
audit-family-site = Sites
audit-family-service = Services
audit-family-subscription = Subscriptions
audit-family-reseller = Resellers
audit-family-reseller-admin = Reseller administrators
audit-family-plan = Plans
audit-family-product = Products
audit-family-package = Packages
audit-family-staff = Staff
audit-family-profile = Profiles
audit-family-password = Passwords
audit-family-settings = Settings
## Action names
audit-act-login-succeeded = Logged in
audit-act-login-failed = Login failed
audit-act-login-locked = Account locked
audit-act-logout = Logged out
audit-act-impersonation-started = "Log in as" started
audit-act-impersonation-refused = "Log in as" refused
audit-act-impersonation-ended = "Log in as" ended
audit-act-customer-created = Customer created
audit-act-customer-provisioned = Customer provisioned
audit-act-customer-updated = Customer changed
audit-act-customer-suspended = Customer suspended
audit-act-customer-enabled = Customer enabled
audit-act-customer-deleted = Customer deleted
audit-act-customer-trial-ended = Trial ended
audit-act-customer-term-changed = Term changed
audit-act-email-sent = E-mail sent
audit-act-email-retried = E-mail sent again
audit-act-site-created = Site added
audit-act-site-renamed = Site renamed
audit-act-site-removed = Site removed
audit-act-service-created = Service added
audit-act-service-suspended = Service suspended
audit-act-service-activated = Service activated
audit-act-service-enrolled = Service enrolled
audit-act-service-unenrolled = Service unenrolled
audit-act-service-removed = Service removed
audit-act-subscription-created = Subscription started
audit-act-subscription-updated = Subscription changed
audit-act-subscription-cancelled = Subscription cancelled
audit-act-user-added = User added
audit-act-user-modified = User changed
audit-act-user-edited = User changed
audit-act-user-enabled = User enabled
audit-act-user-disabled = User disabled
audit-act-user-removed = User removed
audit-act-users-imported = Users imported
audit-act-invitation-resent = Invitation sent again
audit-act-invitation-cancelled = Invitation cancelled
audit-act-invitation-accepted = Invitation accepted
audit-act-password-changed = Password changed
audit-act-password-reset-requested = Password reset asked for
audit-act-password-reset-emailed = New password e-mailed
audit-act-password-reset-by-link = Password reset by link
audit-act-profile-updated = Profile changed
audit-act-reseller-created = Reseller created
audit-act-reseller-updated = Reseller changed
audit-act-reseller-suspended = Reseller suspended
audit-act-reseller-enabled = Reseller enabled
audit-act-reseller-admin-created = Reseller administrator created
audit-act-staff-created = Staff member created
audit-act-plan-created = Plan created
audit-act-plan-updated = Plan changed
audit-act-product-created = Product created
audit-act-product-updated = Product changed
audit-act-package-created = Package added
audit-act-package-removed = Package removed
audit-act-settings-updated = Settings changed
## What each entry says
audit-detail-login-succeeded = { "" }
audit-detail-login-failed = Login name { $login } · account locked: { $locked }
audit-detail-login-locked = { $attempts } failed logins: locked until { $until }
audit-detail-logout = { "" }
audit-detail-impersonation-started = As { $user } ({ $account })
audit-detail-impersonation-refused = { $why }
audit-detail-impersonation-ended = { $why }
audit-detail-customer-created = { $name }: { $product }, { $term }, administrator { $admin }, trial: { $trial }
audit-detail-customer-provisioned = { $changes }
audit-detail-customer-updated = { $name }: { $changes }
audit-detail-customer-suspended = { $name }: { $changes }
audit-detail-customer-enabled = { $name }: { $changes }
audit-detail-customer-deleted = { $name }, with { $users ->
    [one] 1 user
   *[other] { $users } users
}, { $sites ->
    [one] 1 site
   *[other] { $sites } sites
}, { $services ->
    [one] 1 service
   *[other] { $services } services
}, { $subscriptions ->
    [one] 1 subscription
   *[other] { $subscriptions } subscriptions
}
audit-detail-customer-trial-ended = The account is active.
audit-detail-customer-term-changed = { $changes } (pending change applied)
audit-detail-email-sent = To { $email }: { $subject }
audit-detail-email-retried = To { $email }
audit-detail-site-created = { $name }
audit-detail-site-renamed = Site { $site } → { $name }
audit-detail-site-removed = Site { $site }
audit-detail-service-created = { $kind } { $name }
audit-detail-service-suspended = { $name }
audit-detail-service-activated = { $name }
audit-detail-service-enrolled = { $name }
audit-detail-service-unenrolled = { $name }
audit-detail-service-removed = { $name }
audit-detail-subscription-created = { $product }, { $seats ->
    [one] 1 seat
   *[other] { $seats } seats
}, { $term }
audit-detail-subscription-updated = { $changes }
audit-detail-subscription-cancelled = { $seats ->
    [one] 1 seat
   *[other] { $seats } seats
}, { $term }
audit-detail-user-added = { $name } <{ $email }> as { $role }, { $login }
audit-detail-user-modified = { $email }
audit-detail-user-edited = { $email }: { $changes }
audit-detail-user-enabled = { $email }
audit-detail-user-disabled = { $email }
audit-detail-user-removed = { $email }
audit-detail-users-imported = { $added } added, { $modified } changed, { $removed } removed, { $unchanged } unchanged
audit-detail-invitation-resent = { $email }
audit-detail-invitation-cancelled = { $email }; the user is disabled
audit-detail-invitation-accepted = { "" }
audit-detail-password-changed = { $why }
audit-detail-password-reset-requested = Link e-mailed to { $email }
audit-detail-password-reset-emailed = New password e-mailed to { $email }
audit-detail-password-reset-by-link = { "" }
audit-detail-profile-updated = { $changes }
audit-detail-reseller-created = { $name }, plan { $plan }
audit-detail-reseller-updated = { $name }, plan { $plan }
audit-detail-reseller-suspended = { $name }
audit-detail-reseller-enabled = { $name }
audit-detail-reseller-admin-created = { $email } ({ $role })
audit-detail-staff-created = { $email } ({ $role })
audit-detail-plan-created = { $name }: customers { $customers }, users per customer { $users }, seats { $seats }
audit-detail-plan-updated = { $name }: customers { $customers }, users per customer { $users }, seats { $seats }
audit-detail-product-created = { $name }, locked once assigned: { $locked }
audit-detail-product-updated = { $name }, locked once assigned: { $locked }
audit-detail-package-created = { $product }: { $name }, { $monthly } / { $annual }
audit-detail-package-removed = { $product }: { $name }
audit-detail-settings-updated = { $changes }
