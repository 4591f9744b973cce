//! Integration tests: one binary, so the throwaway database cluster starts once.

mod support;

mod admin_users;
mod auth;
mod authorisation;
mod case_page;
mod cases_list;
mod demo;
mod embedded;
mod my_work;
mod pages;
mod scenarios_demo;
mod schema;
mod subjects;
mod workflow_db;
mod workflow_page;
