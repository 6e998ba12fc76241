//! Integration tests: the real application on a random port, on SQLite and
//! (with TEST_DATABASE_URL) on PostgreSQL.

mod client;
mod helpers;

mod audit;
mod audit_pages;
mod bench_seed;
mod catalog;
mod cli;
mod csrf;
mod customers;
mod dashboard;
mod edit;
mod first_admin;
mod health;
mod impersonation;
mod job_plans;
mod language;
mod list_count;
mod list_names;
mod list_totals;
mod login;
mod mail;
mod mail_screens;
mod malformed;
mod manual_reset;
mod nul_text;
mod overview_reads;
mod pool;
mod profile;
mod reseller_filter;
mod reseller_list;
mod reseller_seats;
mod resources;
mod route_table;
mod route_table_audit;
mod route_table_catalog;
mod routes;
mod session_person;
mod sessions;
mod setup;
mod smtp_sink;
mod staff;
mod throttle;
mod wizard;
mod wizard_rules;
