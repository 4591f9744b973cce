//! Staff authentication: passwords (argon2id), the password policy, sign-in with throttling,
//! and sessions kept in Postgres.

pub mod access_code;
pub mod password;
pub mod policy;
pub mod second_factor;
pub mod session;
pub mod sign_in;
