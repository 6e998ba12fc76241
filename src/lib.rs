//! Partnerdesk: a self-hosted partner portal where a SaaS vendor's operators,
//! resellers and support staff create and run customer accounts.

pub mod app;
pub mod bench_seed;
pub mod config;
pub mod crypto;
pub mod db;
pub mod demo;
pub mod domain;
pub mod i18n;
pub mod mail;
pub mod memory;
pub mod passwords;
pub mod reseal;
pub mod startup;
pub mod web;
