//! Staff authentication.

pub mod password;
