//! Logging in and out, first-run setup, and who is asking.

pub mod forgot;
pub mod links;
pub mod login;
pub mod password_change;
pub mod set_password;
pub mod setup;
