//! Oversight: case management for the police complaints system of England and Wales.
//!
//! The crate is one library with a thin binary (`main.rs`). Module map:
//! - [`domain`]: pure types (the vocabulary of the law, references, parsing of input);
//! - [`workflow`]: the state machines, guards and statutory clocks; pure;
//! - [`db`]: the database (embedded cluster, pool, migrations, queries per aggregate);
//! - [`web`]: the router, middleware and handlers;
//! - [`i18n`]: the words of the public pages in English and Welsh, standard and easy read;
//! - [`demo`]: reference cases, demo accounts and synthetic data for load tests.

pub mod auth;
pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod notify;
pub mod serve;
pub mod storage;
pub mod web;
pub mod workflow;

pub use web::{AppState, app};
