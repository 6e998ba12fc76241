app-name = Partnerdesk
skip-to-content = Skip to main content
nav-main = Main navigation
nav-dashboard = Dashboard
nav-staff = Staff
nav-profile = Profile
account-switcher-label = Account
account-switch = Switch
account-platform = Platform
user-menu = Your account
logout = Log out
language-label = Language
language-unknown = Choose one of the offered languages.
timezone-unknown = Choose a timezone from the list.
never = never

role-operator = Operator
role-support = Support
role-reseller_admin = Reseller administrator
role-customer_admin = Customer administrator
role-integrator = Integrator
role-user = User
role-unknown = Choose one of the offered roles.

user-status-invited = Invited
user-status-active = Active
user-status-disabled = Disabled

login-title = Log in
login-username = Username or e-mail
login-password = Password
login-submit = Log in
login-failed = Wrong username or password, or this account cannot log in.
login-logged-out = You have logged out.
login-session-ended = Your session has ended. Please log in again.

setup-title = Create the first operator
setup-intro = Partnerdesk has no operator yet. The operator runs the whole platform: resellers, plans, products and staff. This page works once.
setup-full-name = Full name
setup-email = E-mail
setup-password = Password
setup-password-confirm = Confirm password
setup-submit = Create operator
setup-done = The operator account is ready. Log in to continue.

field-required = This field is required.
field-too-long = At most { $max } characters.
email-invalid = This is not a valid e-mail address.
email-taken = This e-mail address is already used by another account.
form-has-errors = Please correct the marked fields.

password-rules = At least 8 characters, at most 72 bytes; not a common password, not your username or e-mail.
password-too-short = The password must have at least 8 characters.
password-too-long = The password must be at most 72 bytes long.
password-common = This password is too common. Choose another.
password-same-as-username = The password must not be the username or the e-mail address.
password-mismatch = The two passwords are not the same.
password-current-wrong = The current password is not right.

dashboard-title = Dashboard
dashboard-welcome = Welcome, { $name }
dashboard-acting-as = You are acting as { $role } in { $account }.
dashboard-platform = Platform at a glance
dashboard-count-resellers = Resellers
dashboard-count-customers = Customer accounts
dashboard-count-users = Customer users
dashboard-empty-platform = Your platform is ready. Add staff under Staff; resellers, plans and products come next.

profile-title = Your profile
profile-details = Details
profile-username = Username
profile-email = E-mail
profile-full-name = Full name
profile-language = Language
profile-timezone = Timezone
profile-timezone-default = System default (UTC)
profile-save = Save profile
profile-saved = Your profile was saved.
password-title = Change password
password-current = Current password
password-new = New password
password-confirm = Confirm new password
password-submit = Change password
password-changed = Your password was changed. Your other sessions have been logged out.

staff-title = Staff
staff-intro = Operators run the whole platform. Support staff find customers and help them, without deleting or impersonating.
staff-name = Full name
staff-email = E-mail
staff-role = Role
staff-status = Status
staff-last-login = Last login
staff-add-title = Add a staff member
staff-password = Initial password
staff-add = Add staff member
staff-added = { $name } was added as { $role }.

error-403-title = Access denied
error-403-text = You do not have permission for this page or action.
error-404-title = Page not found
error-404-text = The page you asked for does not exist, or no longer exists.
error-500-title = Something went wrong
error-500-text = The error has been logged. Please try again in a moment.
error-csrf-title = This form has expired
error-csrf-text = For your safety the form was not sent. Reload the page and send it again.
error-back-home = Back to the dashboard
