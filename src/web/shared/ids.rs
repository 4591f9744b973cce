//! Record ids taken from the path.

use uuid::Uuid;

use crate::error::{AppError, AppResult};

/// A record id from the path; a malformed one is simply not found (404).
pub fn parse_id(raw: &str) -> AppResult<Uuid> {
    Uuid::parse_str(raw).map_err(|_| AppError::NotFound)
}
