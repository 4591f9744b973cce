//! A DSI matter re-recorded as a conduct matter (Sch 3 para 21A), each regime's own rules on a
//! legacy case (CMR 2020 reg 2(2)), driven through the pages as staff use them.

use sqlx::PgPool;
use uuid::Uuid;

use crate::support::{
    AllegationBuilder, CaseBuilder, Html, NO_GROUNDS, Staff, add_subject, case_step, case_version,
    date, error_text, fields, page, post_action, step_ok, subject_step, ymd,
};

const PSD: &str = "psd@met.example";
const CASEWORKER: &str = "caseworker@iopc.example";
const INVESTIGATOR: &str = "investigator@iopc.example";

/// A Metropolitan Police DSI matter with one allegation, recorded, referred and under a
/// directed investigation, with one officer as its subject: (case, case subject, allegation).
async fn dsi_under_directed_investigation(staff: &Staff) -> (Uuid, Uuid, Uuid) {
    let case = CaseBuilder::dsi_matter()
        .summary("A man detained at Croydon custody suite was found unresponsive in his cell")
        .allegation(AllegationBuilder::new(
            "police-powers-policies-and-procedures",
            "Cell checks were not carried out as the detainee's risk assessment required",
        ))
        .insert_all(staff.pool())
        .await;
    let case_id = case.id.0;
    let allegation: Uuid = case.allegations[0].into();
    case_step(staff, PSD, case_id, "record", &[]).await;
    case_step(
        staff,
        PSD,
        case_id,
        "refer",
        &[("grounds", "death_or_serious_injury")],
    )
    .await;
    case_step(
        staff,
        CASEWORKER,
        case_id,
        "decide_investigation",
        &[
            ("mode", "directed"),
            (
                "reason",
                "The force investigates under the IOPC's direction",
            ),
        ],
    )
    .await;
    let cs = add_subject(
        staff,
        PSD,
        case_id,
        "PS Dana Reid",
        "police_officer",
        &[allegation],
    )
    .await;
    (case_id, cs, allegation)
}

async fn conduct_matter_of(pool: &PgPool, dsi: Uuid) -> Option<Uuid> {
    sqlx::query_scalar(
        "select to_case_id from case_link where from_case_id = $1 and reason = 'rerecorded_as_conduct_matter'",
    )
    .bind(dsi)
    .fetch_optional(pool)
    .await
    .expect("link")
}

#[tokio::test]
async fn sch3_para_21a_notices_and_determinations_are_refused_on_a_dsi_matter() {
    // Sch 3 para 21A: severity assessments, notices, determinations and proceedings belong to
    // the conduct matter; the DSI matter's subject page offers none of them and says why.
    let staff = Staff::new().await;
    let (case_id, cs, _) = dsi_under_directed_investigation(&staff).await;
    let path = format!("/cases/{case_id}/subjects/{cs}");
    let (_, body) = page(&staff.investigator, &path).await;
    let html = Html::parse(&body);
    assert!(!html.offers("action", "assess_severity"));
    assert!(!html.offers("action", "serve_notice"));
    assert!(
        html.says("This is a death or serious injury matter"),
        "{body}"
    );
    assert!(html.says("Schedule 3 paragraph 21A"));

    let res = subject_step(
        &staff,
        INVESTIGATOR,
        case_id,
        cs,
        "assess_severity",
        fields(&[("severity", "gross_misconduct")]),
    )
    .await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.expect("body");
    assert!(
        error_text(&body).contains("belong to a conduct matter")
            && error_text(&body).contains("(Sch 3 para 21A)"),
        "{}",
        error_text(&body)
    );
    // A DSI matter's officer is interviewed as a witness, without a notice.
    let mut interview = date("interviewed_on", "2025-02-10");
    interview.extend(fields(&[("interview_kind", "misconduct")]));
    step_ok(&staff, PSD, case_id, cs, "interview", interview).await;
}

#[tokio::test]
async fn sch3_para_21a_re_recording_creates_a_linked_conduct_matter() {
    let staff = Staff::new().await;
    let (dsi, cs, _) = dsi_under_directed_investigation(&staff).await;
    let (_, body) = page(&staff.psd, &format!("/cases/{dsi}")).await;
    assert!(Html::parse(&body).offers("action", "rerecord_as_conduct_matter"));
    let (_, body) = page(&staff.caseworker, &format!("/cases/{dsi}")).await;
    assert!(
        !Html::parse(&body).offers("action", "rerecord_as_conduct_matter"),
        "in a directed investigation the appropriate authority re-records it"
    );

    // What the investigation indicates is required, and kept with the error beside it.
    let version = case_version(staff.pool(), dsi).await;
    let res = post_action(
        &staff.psd,
        PSD,
        dsi,
        version,
        "rerecord_as_conduct_matter",
        &[("reason", "")],
    )
    .await;
    assert_eq!(res.status(), 422);
    let html = Html::parse(&res.text().await.expect("body"));
    assert!(
        html.error_for("rerecord_as_conduct_matter-reason")
            .is_some_and(|e| e.contains("Say what the investigation indicates")),
        "{:?}",
        html.error_summary()
    );
    assert_eq!(conduct_matter_of(staff.pool(), dsi).await, None);

    let indication = "CCTV shows the custody sergeant did not carry out the required cell checks and later amended the custody record";
    let res = post_action(
        &staff.psd,
        PSD,
        dsi,
        version,
        "rerecord_as_conduct_matter",
        &[("reason", indication)],
    )
    .await;
    assert_eq!(
        res.status(),
        303,
        "{}",
        error_text(&res.text().await.unwrap_or_default())
    );
    let res = staff.psd.follow(res).await;
    let html = Html::parse(&res.text().await.expect("body"));
    let banner = html.success_banner().expect("banner");
    assert!(
        banner.contains("Re-recorded as a conduct matter"),
        "{banner}"
    );
    let conduct = conduct_matter_of(staff.pool(), dsi)
        .await
        .expect("a conduct matter linked to the DSI matter");
    assert!(
        html.links_to(&format!("/cases/{conduct}")),
        "the banner links to the new case"
    );

    // The conduct matter: same force, people and facts, investigated in the same mode by the
    // same investigation without a second referral, its subjects and allegations carried over.
    let (kind, stage, mode, summary, legacy, same_force): (
        String,
        String,
        String,
        String,
        bool,
        bool,
    ) = sqlx::query_as(
        "select n.kind::text, n.stage::text, n.investigation_mode::text, n.summary, n.legacy,
                    n.force_id = d.force_id
               from case_record n, case_record d where n.case_id = $1 and d.case_id = $2",
    )
    .bind(conduct)
    .bind(dsi)
    .fetch_one(staff.pool())
    .await
    .expect("conduct matter");
    assert_eq!(
        (kind.as_str(), stage.as_str(), mode.as_str()),
        ("conduct_matter", "under_investigation", "directed")
    );
    assert_eq!(summary, indication);
    assert!(!legacy && same_force);
    let carried: (i64, i64, i64, i64, i64) = sqlx::query_as(
        "select (select count(*) from referral where case_id = $1),
                (select count(*) from investigation where case_id = $1),
                (select count(*) from case_subject n join case_subject o on o.subject_id = n.subject_id
                  where n.case_id = $1 and o.case_id = $2 and n.stage = 'identified'),
                (select count(*) from allegation where case_id = $1),
                (select count(*) from allegation_subject where case_id = $1)",
    )
    .bind(conduct)
    .bind(dsi)
    .fetch_one(staff.pool())
    .await
    .expect("counts");
    assert_eq!(carried, (1, 1, 1, 1, 1));

    // Audited on both cases, and each case page shows the link.
    let actions: Vec<(Uuid, String)> = sqlx::query_as(
        "select case_id, action from audit_event where case_id in ($1, $2) order by audit_event_id",
    )
    .bind(dsi)
    .bind(conduct)
    .fetch_all(staff.pool())
    .await
    .expect("events");
    for expected in [
        (dsi, "rerecord_as_conduct_matter"),
        (dsi, "link_case"),
        (conduct, "record_from_dsi_matter"),
        (conduct, "link_case"),
    ] {
        assert!(
            actions
                .iter()
                .any(|(c, a)| *c == expected.0 && a == expected.1),
            "{expected:?} in {actions:?}"
        );
    }
    let (_, body) = page(&staff.psd, &format!("/cases/{conduct}")).await;
    let html = Html::parse(&body);
    assert!(html.links_to(&format!("/cases/{dsi}")));
    assert!(html.says("Re-recorded from the death or serious injury matter"));
    assert!(html.says("Recorded as a conduct matter from a death or serious injury matter"));

    // Once only; the DSI matter's subject page now points at the conduct matter.
    let (_, body) = page(&staff.psd, &format!("/cases/{dsi}")).await;
    assert!(!Html::parse(&body).offers("action", "rerecord_as_conduct_matter"));
    let (_, body) = page(&staff.psd, &format!("/cases/{dsi}/subjects/{cs}")).await;
    let html = Html::parse(&body);
    assert!(html.says("re-recorded as a conduct matter"));
    assert!(html.links_to(&format!("/cases/{conduct}#subjects")));

    // On the conduct matter the special procedures follow: the IOPC assesses severity in a
    // directed investigation (CMR 2020 reg 16).
    let new_cs: Uuid =
        sqlx::query_scalar("select case_subject_id from case_subject where case_id = $1")
            .bind(conduct)
            .fetch_one(staff.pool())
            .await
            .expect("subject");
    step_ok(
        &staff,
        INVESTIGATOR,
        conduct,
        new_cs,
        "assess_severity",
        fields(&[("severity", "gross_misconduct")]),
    )
    .await;
}

#[tokio::test]
async fn cmr_2020_reg_2_2_b_a_legacy_dsi_matter_is_re_recorded_under_the_2012_rules() {
    // CMR 2020 reg 2(2)(b): a conduct matter arising now from a DSI matter that came to the
    // authority before 1 February 2020, and is still being handled, follows the 2012 rules.
    let staff = Staff::new().await;
    let case_id = CaseBuilder::dsi_matter()
        .received(ymd("2019-11-04"))
        .insert(staff.pool())
        .await
        .0;
    sqlx::query("update case_record set legacy = true where case_id = $1")
        .bind(case_id)
        .execute(staff.pool())
        .await
        .expect("legacy");
    case_step(&staff, PSD, case_id, "record", &[]).await;
    case_step(
        &staff,
        PSD,
        case_id,
        "refer",
        &[("grounds", "death_or_serious_injury")],
    )
    .await;
    case_step(
        &staff,
        CASEWORKER,
        case_id,
        "decide_investigation",
        &[("mode", "independent"), ("reason", "A death in custody")],
    )
    .await;
    case_step(
        &staff,
        CASEWORKER,
        case_id,
        "rerecord_as_conduct_matter",
        &[(
            "reason",
            "The detention officer may have falsified the cell check log",
        )],
    )
    .await;
    let conduct = conduct_matter_of(staff.pool(), case_id)
        .await
        .expect("conduct matter");
    let legacy: bool = sqlx::query_scalar("select legacy from case_record where case_id = $1")
        .bind(conduct)
        .fetch_one(staff.pool())
        .await
        .expect("case");
    assert!(legacy, "the conduct matter takes the DSI matter's regime");
    let (_, body) = page(&staff.caseworker, &format!("/cases/{conduct}")).await;
    assert!(Html::parse(&body).says("Before 1 February 2020 (legacy)"));
}

#[tokio::test]
async fn cmr_2012_a_legacy_case_cites_the_2012_regulations_and_offers_no_practice_requiring_improvement()
 {
    // CMR 2020 reg 2(2)(a): a matter that came to the authority before 1 February 2020 is
    // handled under the 2012 regulations, and its page cites them.
    let staff = Staff::new().await;
    let case = CaseBuilder::conduct_matter()
        .received(ymd("2019-06-03"))
        .allegation(AllegationBuilder::new(
            "discriminatory-behaviour",
            "Offensive remarks to a colleague",
        ))
        .insert_all(staff.pool())
        .await;
    let case_id = case.id.0;
    sqlx::query("update case_record set legacy = true where case_id = $1")
        .bind(case_id)
        .execute(staff.pool())
        .await
        .expect("legacy");
    case_step(&staff, PSD, case_id, "record", &[NO_GROUNDS]).await;
    case_step(&staff, PSD, case_id, "start_local_investigation", &[]).await;
    let (_, body) = page(&staff.psd, &format!("/cases/{case_id}")).await;
    let text = Html::parse(&body).text();
    assert!(
        text.contains("Notify that the investigation is over 12 months"),
        "the 12-month clock runs"
    );
    assert!(text.contains("CMR 2012 and PCR 2012"), "{text}");
    for cited in ["CMR 2020 reg 13", "PCR 2020 reg 19", "CMR 2020 reg 12"] {
        assert!(!text.contains(cited), "a legacy case cites {cited}");
    }

    // No practice requiring improvement on offer, management advice instead.
    let allegation: Uuid = case.allegations[0].into();
    let cs = add_subject(
        &staff,
        PSD,
        case_id,
        "PC Lee",
        "police_officer",
        &[allegation],
    )
    .await;
    step_ok(
        &staff,
        PSD,
        case_id,
        cs,
        "assess_severity",
        fields(&[("severity", "misconduct")]),
    )
    .await;
    step_ok(
        &staff,
        PSD,
        case_id,
        cs,
        "serve_notice",
        date("served_on", "2019-07-01"),
    )
    .await;
    let mut interview = date("interviewed_on", "2019-07-15");
    interview.extend(fields(&[("interview_kind", "misconduct")]));
    step_ok(&staff, PSD, case_id, cs, "interview", interview).await;
    let (_, body) = page(&staff.psd, &format!("/cases/{case_id}/subjects/{cs}")).await;
    let html = Html::parse(&body);
    assert!(html.radio("opinion", "no_case_to_answer"));
    assert!(!html.radio("opinion", "practice_requiring_improvement"));
    step_ok(
        &staff,
        PSD,
        case_id,
        cs,
        "give_opinion",
        fields(&[("opinion", "no_case_to_answer")]),
    )
    .await;
    case_step(&staff, PSD, case_id, "submit_report", &[]).await;
    let (_, body) = page(&staff.psd, &format!("/cases/{case_id}/subjects/{cs}")).await;
    let html = Html::parse(&body);
    assert!(html.radio("determination", "no_case_to_answer"));
    assert!(!html.radio("determination", "practice_requiring_improvement"));
    let res = subject_step(
        &staff,
        PSD,
        case_id,
        cs,
        "determine",
        fields(&[("determination", "practice_requiring_improvement")]),
    )
    .await;
    assert_eq!(res.status(), 422);
    assert!(
        error_text(&res.text().await.expect("body"))
            .contains("exist only for cases under the 2020 rules")
    );
}
