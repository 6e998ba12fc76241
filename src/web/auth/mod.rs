//! Logging in and out, first-run setup, and who is asking.

pub mod current;
pub mod impersonation;
pub mod login;
pub mod login_as;
pub mod setup;

pub const SESSION_EPOCH: &str = "epoch";
pub const SESSION_MEMBERSHIP: &str = "membership";
