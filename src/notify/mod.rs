//! Telling people: the delivery of the messages steps write to the outbox
//! (`crate::db::outbox`): the worker (`worker.rs`) over a transport (`transport.rs`: SMTP, or
//! `.eml` files in the data directory when no SMTP server is configured), and the outbox as
//! the staff pages read and change it (`store.rs`).

pub mod store;
pub mod transport;
pub mod worker;

pub use crate::db::outbox::{MessageKind, STATUS_ADDRESS, fill};
