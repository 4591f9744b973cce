//! Integration tests: one binary, so the throwaway database cluster starts once.

mod support;

mod demo;
mod embedded;
mod pages;
mod scenarios_demo;
mod schema;
mod workflow_db;
mod workflow_page;
