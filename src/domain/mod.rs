//! Rules that know nothing of HTTP: roles, who may do what, password rules.

pub mod audit;
pub mod billing;
pub mod catalog;
pub mod countries;
pub mod customer;
pub mod ids;
pub mod password;
pub mod policy;
pub mod roles;
pub mod service;
pub mod spreadsheet;
pub mod subscription;
pub mod users_csv;
pub mod users_import;
pub mod validate;
pub mod wizard;
