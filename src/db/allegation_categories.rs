//! The allegation categories and sub-categories as reference data an administrator keeps:
//! the list with how many allegations use each, adding one, and retiring one (or offering it
//! again). Nothing here deletes: a category or sub-category that allegations use cannot be
//! deleted (the foreign keys `allegation_category_code_fkey` and `allegation_subcategory_fkey`
//! refuse it), and retiring keeps it on the allegations that have it while new allegations are
//! not offered it (`db::intake::on_offer` reads only active rows).
//!
//! Each change is written to the audit trail in the same transaction, by the caller.

use serde::Deserialize;
use sqlx::PgConnection;
use sqlx::PgPool;
use sqlx::types::Json;

/// A category with its sub-categories, as the administrators' list shows it.
#[derive(Debug, Clone)]
pub struct CategoryRow {
    pub code: String,
    pub name: String,
    pub description: Option<String>,
    pub active: bool,
    /// How many allegations have this category.
    pub in_use: i64,
    pub subcategories: Vec<SubcategoryRow>,
}

/// A sub-category as the administrators' list shows it.
#[derive(Debug, Clone, Deserialize)]
pub struct SubcategoryRow {
    pub code: String,
    pub iopc_code: String,
    pub name: String,
    pub description: Option<String>,
    /// Not confirmed against the IOPC's published table.
    pub unverified: bool,
    pub active: bool,
    /// How many allegations have this sub-category.
    pub in_use: i64,
}

/// Every category (retired ones too) with its sub-categories, in the published order.
pub async fn list(pool: &PgPool) -> sqlx::Result<Vec<CategoryRow>> {
    let rows = sqlx::query!(
        r#"select c.code, c.name, c.description, c.active,
                  (select count(*) from allegation a where a.category_code = c.code) as "in_use!",
                  coalesce((select json_agg(x order by x.sort_order, x.iopc_code) from (
                      select s.code, s.iopc_code, s.name, s.description, s.unverified, s.active, s.sort_order,
                             (select count(*) from allegation a
                               where a.category_code = s.category_code and a.subcategory_code = s.code) as in_use
                        from allegation_subcategory s where s.category_code = c.code) x), '[]')
                    as "subcategories!: Json<Vec<SubcategoryRow>>"
             from allegation_category c
            order by c.sort_order, c.name"#
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| CategoryRow {
            code: r.code,
            name: r.name,
            description: r.description,
            active: r.active,
            in_use: r.in_use,
            subcategories: r.subcategories.0,
        })
        .collect())
}

/// A new category.
#[derive(Debug, Clone)]
pub struct NewCategory {
    pub code: String,
    pub name: String,
    pub description: Option<String>,
}

/// A new sub-category of a category.
#[derive(Debug, Clone)]
pub struct NewSubcategory {
    pub category_code: String,
    pub code: String,
    pub iopc_code: String,
    pub name: String,
    pub description: Option<String>,
    pub unverified: bool,
}

/// Why a new category or sub-category was not added.
#[derive(Debug)]
pub enum AddError {
    /// A unique or check constraint refused it: its name.
    Refused(String),
    Database(sqlx::Error),
}

impl From<sqlx::Error> for AddError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::Database(d) if d.is_unique_violation() || d.is_check_violation() => {
                AddError::Refused(d.constraint().unwrap_or_default().to_owned())
            }
            _ => AddError::Database(e),
        }
    }
}

/// Whether a category code is already taken.
pub async fn category_code_taken(conn: &mut PgConnection, code: &str) -> sqlx::Result<bool> {
    let taken = sqlx::query_scalar!(
        r#"select exists (select 1 from allegation_category where code = $1) as "taken!""#,
        code
    )
    .fetch_one(conn)
    .await?;
    Ok(taken)
}

/// Whether a sub-category code is already taken (by any category's).
pub async fn subcategory_code_taken(conn: &mut PgConnection, code: &str) -> sqlx::Result<bool> {
    let taken = sqlx::query_scalar!(
        r#"select exists (select 1 from allegation_subcategory where code = $1) as "taken!""#,
        code
    )
    .fetch_one(conn)
    .await?;
    Ok(taken)
}

/// Adds a category after the others.
pub async fn add_category(conn: &mut PgConnection, new: &NewCategory) -> Result<(), AddError> {
    sqlx::query!(
        "insert into allegation_category (code, name, description, sort_order)
         select $1, $2, $3, coalesce(max(sort_order), 0) + 10 from allegation_category",
        new.code,
        new.name,
        new.description,
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Adds a sub-category after its category's others.
pub async fn add_subcategory(
    conn: &mut PgConnection,
    new: &NewSubcategory,
) -> Result<(), AddError> {
    sqlx::query!(
        "insert into allegation_subcategory (category_code, code, iopc_code, name, description, unverified, sort_order)
         select $1, $2, $3, $4, $5, $6, coalesce(max(sort_order), 0) + 10
           from allegation_subcategory where category_code = $1",
        new.category_code,
        new.code,
        new.iopc_code,
        new.name,
        new.description,
        new.unverified,
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Retires a category (`active` false) or offers it again; `None` when there is no such
/// category, otherwise whether it changed.
pub async fn set_category_active(
    conn: &mut PgConnection,
    code: &str,
    active: bool,
) -> sqlx::Result<Option<bool>> {
    let was = sqlx::query_scalar!(
        "select active from allegation_category where code = $1 for update",
        code
    )
    .fetch_optional(&mut *conn)
    .await?;
    let Some(was) = was else { return Ok(None) };
    if was != active {
        sqlx::query!(
            "update allegation_category set active = $2 where code = $1",
            code,
            active
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(Some(was != active))
}

/// Retires a sub-category or offers it again; `None` when the category has no such
/// sub-category, otherwise whether it changed.
pub async fn set_subcategory_active(
    conn: &mut PgConnection,
    category_code: &str,
    code: &str,
    active: bool,
) -> sqlx::Result<Option<bool>> {
    let was = sqlx::query_scalar!(
        "select active from allegation_subcategory where category_code = $1 and code = $2 for update",
        category_code,
        code
    )
    .fetch_optional(&mut *conn)
    .await?;
    let Some(was) = was else { return Ok(None) };
    if was != active {
        sqlx::query!(
            "update allegation_subcategory set active = $3 where category_code = $1 and code = $2",
            category_code,
            code,
            active
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(Some(was != active))
}
