//! Logging in and out, first-run setup, and who is asking.

pub mod current;
pub mod forgot;
pub mod impersonation;
pub mod links;
pub mod login;
pub mod login_as;
pub mod password_change;
pub mod set_password;
pub mod setup;

pub const SESSION_EPOCH: &str = "epoch";
pub const SESSION_MEMBERSHIP: &str = "membership";
