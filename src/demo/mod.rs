//! Demo data: the three reference cases of the published scenarios, one staff account per
//! role, three complaints with known access codes for the public status page, and a few
//! hundred synthetic cases spread over forces, kinds and stages.
//!
//! Loading is idempotent: every demo row has a fixed or seed-derived key and is inserted with
//! `on conflict do nothing`, so running `oversight demo` twice changes nothing the second
//! time. Demo accounts exist only in a database that was seeded this way.

pub mod documents;
pub mod generate;
pub mod public;
mod scenarios;

use std::fmt;

use anyhow::{Context, Result};
use sqlx::PgPool;

use crate::domain::Role;

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "demo-password-2026";

/// A demo staff account.
pub struct DemoAccount {
    pub email: &'static str,
    pub name: &'static str,
    pub role: Role,
    /// Force code for force PSD users.
    pub force: Option<&'static str>,
    /// Local policing body code for review body users.
    pub lpb: Option<&'static str>,
}

/// One account per role.
pub const ACCOUNTS: &[DemoAccount] = &[
    DemoAccount {
        email: "caseworker@iopc.example",
        name: "Casey Worker",
        role: Role::IopcCaseworker,
        force: None,
        lpb: None,
    },
    DemoAccount {
        email: "investigator@iopc.example",
        name: "Ira Vestigator",
        role: Role::IopcInvestigator,
        force: None,
        lpb: None,
    },
    DemoAccount {
        email: "admin@iopc.example",
        name: "Ada Ministrator",
        role: Role::IopcAdmin,
        force: None,
        lpb: None,
    },
    DemoAccount {
        email: "psd@met.example",
        name: "Morgan Standards",
        role: Role::ForcePsd,
        force: Some("met"),
        lpb: None,
    },
    DemoAccount {
        email: "psd@westmidlands.example",
        name: "Wyn Midlands",
        role: Role::ForcePsd,
        force: Some("west-midlands"),
        lpb: None,
    },
    DemoAccount {
        email: "reviews@mopac.example",
        name: "Rhiannon Reviewer",
        role: Role::ReviewBody,
        force: None,
        lpb: Some("mopac"),
    },
];

/// What to load.
#[derive(Debug, Clone)]
pub struct DemoOptions {
    pub seed: u64,
    pub synthetic: u32,
}

impl Default for DemoOptions {
    fn default() -> Self {
        Self {
            seed: 2026,
            synthetic: 300,
        }
    }
}

/// What a load did.
#[derive(Debug, Default)]
pub struct DemoSummary {
    pub accounts_added: u64,
    pub cases_added: u64,
    pub cases_total: i64,
}

impl fmt::Display for DemoSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Demo data loaded: {} accounts and {} cases added; the database now holds {} cases.",
            self.accounts_added, self.cases_added, self.cases_total
        )
    }
}

/// Loads the demo data in one transaction (all of it or none).
pub async fn load(pool: &PgPool, options: &DemoOptions) -> Result<DemoSummary> {
    let mut tx = pool.begin().await?;
    let mut summary = DemoSummary {
        accounts_added: add_accounts(&mut tx)
            .await
            .context("cannot add the demo accounts")?,
        ..DemoSummary::default()
    };
    summary.cases_added += scenarios::load(&mut tx)
        .await
        .context("cannot add the scenario cases")?;
    // The complaints for the public status page come with the illustrative (synthetic) cases,
    // so that a load of the scenarios alone holds exactly the four published cases; the
    // access code of the scenario complaint S2 is always given.
    summary.cases_added += public::load(
        &mut tx,
        crate::web::public::uk_today(),
        options.synthetic > 0,
    )
    .await
    .context("cannot add the demo complaints for the public status page")?;
    summary.cases_added += generate::demo_cases(&mut tx, options.seed, options.synthetic)
        .await
        .context("cannot add the synthetic demo cases")?;
    summary.cases_total = sqlx::query_scalar("select count(*) from case_record")
        .fetch_one(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(summary)
}

/// Whether the demo accounts are in this database (they are printed at start-up if so).
pub async fn accounts_present(pool: &PgPool) -> Result<bool> {
    let emails: Vec<&str> = ACCOUNTS.iter().map(|a| a.email).collect();
    let present = sqlx::query_scalar!(
        r#"select exists (select 1 from staff_user where lower(email) = any($1)) as "present!""#,
        &emails as &[&str]
    )
    .fetch_one(pool)
    .await?;
    Ok(present)
}

async fn add_accounts(tx: &mut sqlx::PgConnection) -> Result<u64> {
    let hash = crate::auth::password::hash(DEMO_PASSWORD)?;
    let mut added = 0;
    for account in ACCOUNTS {
        let result = sqlx::query!(
            "insert into staff_user (email, display_name, role, password_hash, force_id, local_policing_body_id,
                                     second_factor_exempt)
             values ($1, $2, $3, $4,
                     (select police_force_id from police_force where code = $5),
                     (select local_policing_body_id from local_policing_body where code = $6),
                     true)
             on conflict do nothing",
            account.email,
            account.name,
            account.role as Role,
            hash,
            account.force,
            account.lpb,
        )
        .execute(&mut *tx)
        .await?;
        added += result.rows_affected();
    }
    Ok(added)
}
