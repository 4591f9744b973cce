//! The working-day calendar, read from the bank holiday table.

use sqlx::PgExecutor;

use crate::workflow::calendar::Calendar;

/// Builds the England and Wales working-day calendar from the `bank_holiday` table.
pub async fn load<'e>(db: impl PgExecutor<'e>) -> sqlx::Result<Calendar> {
    let days = sqlx::query_scalar!("select holiday_on from bank_holiday order by holiday_on")
        .fetch_all(db)
        .await?;
    Ok(Calendar::new(days))
}
