//! The working-day calendar, read from the bank holiday table.

use sqlx::PgPool;

use crate::workflow::calendar::Calendar;

/// Builds the England and Wales working-day calendar from the `bank_holiday` table.
pub async fn load(pool: &PgPool) -> sqlx::Result<Calendar> {
    let days = sqlx::query_scalar!("select holiday_on from bank_holiday order by holiday_on")
        .fetch_all(pool)
        .await?;
    Ok(Calendar::new(days))
}
