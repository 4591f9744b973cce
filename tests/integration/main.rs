//! Integration tests: one binary, so the throwaway database cluster starts once.

mod support;

mod admin_users;
mod audit_chain;
mod auth;
mod authorisation;
mod case_page;
mod cases_list;
mod casework;
mod configuration;
mod contact_evidence;
mod demo;
mod embedded;
mod forms;
mod fuzz;
mod log_case;
mod my_work;
mod pages;
mod public_access;
mod public_caching;
mod public_contact;
mod public_published;
mod public_review;
mod public_status;
mod public_support;
mod read_pool;
mod recommendations;
mod scenarios_demo;
mod scenarios_http;
mod schema;
mod second_factor;
mod subjects;
mod throttles;
mod unavailable;
mod workflow_db;
mod workflow_page;
