//! The schema: migrations apply, the Postgres enums mirror the Rust vocabulary, and the
//! database itself refuses records the law does not allow.

use oversight::domain::*;
use sqlx::PgPool;

use crate::support::TestDb;

/// The labels of a Postgres enum type, in order.
async fn pg_enum(pool: &PgPool, type_name: &str) -> Vec<String> {
    sqlx::query_scalar(
        "select e.enumlabel::text from pg_enum e join pg_type t on t.oid = e.enumtypid
         where t.typname = $1 order by e.enumsortorder",
    )
    .bind(type_name)
    .fetch_all(pool)
    .await
    .expect("enum labels")
}

macro_rules! assert_mirrors {
    ($pool:expr, $($ty:ty),+ $(,)?) => {$(
        let rust: Vec<String> = <$ty>::ALL.iter().map(|v| v.as_str().to_owned()).collect();
        assert_eq!(pg_enum($pool, <$ty>::PG_TYPE).await, rust, "Postgres enum {} differs from the Rust type", <$ty>::PG_TYPE);
    )+};
}

#[tokio::test]
async fn postgres_enums_mirror_the_rust_vocabulary() {
    let db = TestDb::new().await;
    assert_mirrors!(
        &db.pool,
        CaseKind,
        CaseStage,
        RecordingReason,
        ReferralType,
        ReferralDecision,
        InvestigationMode,
        HandlingType,
        AllegationOutcome,
        SubjectKind,
        SubjectStage,
        Severity,
        Determination,
        Determiner,
        AuthorityView,
        ProceedingsForm,
        ProceedingsFinding,
        ProceedingsOutcome,
        ReviewBody,
        ReviewStage,
        ReviewFollowUp,
        RecommendationStage,
        RecommendationResponse,
        Role,
        Language,
        ContactMethod,
        LinkReason,
        LpbKind,
        ForceKind,
    );
}
